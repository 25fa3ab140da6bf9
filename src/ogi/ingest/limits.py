"""Bounds on every expansion of a file (data/limits.toml), and the errors that report them.

A reader that finds a bound exceeded raises `TooLarge`; `read_document` turns it into the
document's error, so memory stays linear in the file and the batch goes on.
"""

from __future__ import annotations

import os
import re

from ..data_files import load_toml
from ..document import IngestError

ENV_MAX_BYTES = "OGI_MAX_BYTES"
_SIZE = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([KMGT]?)(I?B)?\s*$", re.I)
_UNITS = {"": 1, "K": 1 << 10, "M": 1 << 20, "G": 1 << 30, "T": 1 << 40}


class LimitError(ValueError):
    """A limit set in the environment that cannot be read."""


class TooLarge(Exception):
    """A bound of data/limits.toml was exceeded while reading a file."""

    def __init__(self, error: IngestError) -> None:
        super().__init__(error.message_en)
        self.error = error


def bounds() -> dict:
    return load_toml("limits.toml")


def parse_size(text: str) -> int:
    """A byte count: `52428800`, `50MB`, `50M`, `1.5GiB` (units of 1024)."""
    m = _SIZE.match(text)
    if not m:
        raise ValueError(text)
    return int(float(m.group(1)) * _UNITS[m.group(2).upper()])


def max_file_bytes() -> int:
    """The file size limit: OGI_MAX_BYTES if set, else data/limits.toml's."""
    value = os.environ.get(ENV_MAX_BYTES)
    if value is None or not value.strip():
        return bounds()["max_file_bytes"]
    try:
        return parse_size(value)
    except ValueError:
        raise LimitError(
            f"{ENV_MAX_BYTES}={value!r} is not a size: give bytes (52428800) or a size such as 50MB or 1.5GB"
        ) from None


def human(n: int) -> str:
    for unit, size in (("GB", 1 << 30), ("MB", 1 << 20), ("KB", 1 << 10)):
        if n >= size:
            return f"{n / size:.1f} {unit}"
    return f"{n} B"


def limit_error(message: str, size: int | str, limit: int | str, code: str = "too_large") -> IngestError:
    """The error for a bound exceeded, from the message pair `message` of data/limits.toml."""
    zh, en = bounds()["messages"][message]
    return IngestError(code, zh.format(size=size, limit=limit), en.format(size=size, limit=limit))


class GridBudget:
    """The table positions one document may expand to: a floor, plus a share for every cell
    the file writes. Spent table by table, so many small tables cannot add up to a bomb."""

    def __init__(self) -> None:
        self.cells = self.positions = 0

    def spend(self, positions: int, cells: int = 0) -> None:
        """Count `cells` cells written in the file and `positions` grid positions made of
        them; raise TooLarge when the document is over its bound."""
        t = bounds()["table"]
        self.cells += cells
        self.positions += positions
        bound = t["grid_floor"] + t["grid_per_cell"] * self.cells
        if self.positions > bound:
            raise TooLarge(limit_error("grid", f"{self.positions:,}", f"{bound:,}"))
