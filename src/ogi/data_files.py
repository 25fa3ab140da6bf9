"""The one loader of the data files shipped in ogi/data (label sets, layouts, rules, messages).

Every module reads its data through these functions, so a file is parsed once per process
and tests read exactly what runtime reads. The values are shared: callers must not mutate them.
"""

from __future__ import annotations

import csv
import io
import json
import tomllib
from functools import cache
from importlib import resources
from typing import Any


def _path(name: str):
    return resources.files("ogi") / "data" / name


@cache
def read_text(name: str) -> str:
    """The text of data file `name` (UTF-8)."""
    return _path(name).read_text(encoding="utf-8")


@cache
def load_json(name: str) -> Any:
    return json.loads(read_text(name))


@cache
def load_toml(name: str) -> dict:
    return tomllib.loads(read_text(name))


@cache
def load_csv(name: str) -> tuple[dict[str, str], ...]:
    """The rows of a CSV data file with a header line, as dicts."""
    return tuple(csv.DictReader(io.StringIO(read_text(name), newline="")))
