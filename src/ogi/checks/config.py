"""The cross-checks' data (`data/checks.toml`): comparisons, guards, tolerances, messages."""
from __future__ import annotations

import re
import tomllib
from functools import lru_cache
from importlib import resources


@lru_cache(maxsize=None)
def check_data() -> dict:
    with (resources.files("ogi") / "data" / "checks.toml").open("rb") as fh:
        return tomllib.load(fh)


@lru_cache(maxsize=None)
def pattern(regex: str) -> re.Pattern:
    """A pattern of the data file, compiled once."""
    return re.compile(regex)
