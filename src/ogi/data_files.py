"""Access to the data files shipped in ogi/data (label sets, markers, layouts)."""
from __future__ import annotations

import json
from functools import lru_cache
from importlib import resources


@lru_cache(maxsize=None)
def load_json(name: str):
    return json.loads((resources.files("ogi") / "data" / name).read_text(encoding="utf-8"))
