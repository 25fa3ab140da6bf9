"""The cross-checks' data (`data/checks.toml`): comparisons, guards, tolerances, messages."""

from __future__ import annotations

import re
from functools import cache

from ..data_files import load_toml


def check_data() -> dict:
    return load_toml("checks.toml")


@cache
def pattern(regex: str) -> re.Pattern:
    """A pattern of the data file, compiled once."""
    return re.compile(regex)
