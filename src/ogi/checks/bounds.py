"""What an approximate number allows: `90余` is 90..99, `约100` is 90..110, `超过100` is 100 or
more. The tolerances are data (`data/checks.toml`, [tolerance]); facts carry only `approx`, so
the marker is read again from the text around the fact's span."""

from __future__ import annotations

import math
from dataclasses import dataclass

from ..facts.values import fact_data
from .config import check_data


@dataclass(frozen=True)
class Bounds:
    lo: float
    hi: float  # math.inf: no upper bound
    marker: str | None = None

    def __add__(self, other: Bounds) -> Bounds:
        return Bounds(self.lo + other.lo, self.hi + other.hi)

    def contains(self, value: float) -> bool:
        return self.lo <= value <= self.hi

    def overlaps(self, other: Bounds) -> bool:
        return self.lo <= other.hi and other.lo <= self.hi


def _step(value: float) -> float:
    """The step below which `N余` stays: 10 for 90 (and 12), 100 for 100 and 1200, 100000 for
    200000 (`20余万`)."""
    n = int(value)
    if n <= 0 or n != value:
        return 1.0  # `5.5余`: the next unit
    zeros = 0
    while n % 10 == 0:
        n //= 10
        zeros += 1
    return float(10 ** max(zeros, 1))


def find_marker(text: str, start: int, end: int) -> str | None:
    """The approximation marker written in the fact's span, else right before it (`超过`) or
    right after it (`以上`), if any."""
    tol = check_data()["tolerance"]
    markers = sorted(tol["floor"] + tol["at_least"] + tol["rough"], key=len, reverse=True)
    before, after = fact_data()["approx_before"], fact_data()["approx_after"]
    span = text[start:end]
    for m in markers:
        if m in span:
            return m
    head, tail = text[max(0, start - 2) : start], text[end : end + 3].lstrip()
    for m in markers:
        if (m in before and head.endswith(m)) or (m in after and tail.startswith(m)):
            return m
    return None


def fact_bounds(fact: dict, text: str | None = None) -> Bounds:
    """The values a fact's number is consistent with (exact unless the fact is approx)."""
    v = float(fact.get("value") or 0)
    if not fact.get("approx"):
        return Bounds(v, v)
    tol = check_data()["tolerance"]
    r = tol["rough_ratio"]
    marker = find_marker(text, fact["start"], fact["end"]) if text is not None else None
    if marker in tol["floor"]:
        return Bounds(v, v + _step(v) - (1 if float(v).is_integer() else 0), marker)
    if marker in tol["at_least"]:
        return Bounds(v, math.inf, marker)
    if marker in tol["rough"]:
        return Bounds(v * (1 - r), v * (1 + r), marker)
    return Bounds(v * (1 - r), math.inf, marker)  # approx, but the marker is not in the text


def show_value(fact: dict, bounds: Bounds) -> str:
    """A fact's number with its marker, for messages: `90余`, `约100`, `超过100`."""
    v = fact.get("value")
    num = f"{v:g}" if isinstance(v, float) else str(v)
    m = bounds.marker
    if m is None:
        return num
    return num + m if m in fact_data()["approx_after"] else m + num
