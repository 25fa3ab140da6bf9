"""Reading the value a fact's span states: numerals of every kind, approximation, unit.

`read_value("近300条") -> Reading(300, "条", approx=True)`; `read_value("5.6万条")` is 56000;
`read_value("两件")` is 2; fees written in 万元 are turned into 元. The patterns come from
`data/facts.toml`, which the candidate filter and the rules baseline read too.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache

from ..data_files import load_toml

_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_SMALL = {"十": 10, "百": 100, "千": 1000}
_FULL = str.maketrans("０１２３４５６７８９．，", "0123456789.,")
_INTEGER = re.compile(r"\d+")
_DECIMAL = re.compile(r"\d+\.\d+")


@cache
def fact_data() -> dict:
    """The fact types, patterns and rules of `data/facts.toml`, each `{name}` of its
    `[shared_words]` written out wherever a string holds it."""
    data = load_toml("facts.toml")
    return _with_shared_words(data, data.get("shared_words", {}))


_PLACEHOLDER = re.compile(r"\{([a-z_]+)\}")


def write_out(pattern: str, words: Mapping[str, str]) -> str:
    """`pattern` with each `{name}` of `words` written out; other braces (a quantifier's
    `{0,6}`, a name `words` lacks) stay as they are."""
    return _PLACEHOLDER.sub(lambda m: words.get(m[1], m[0]), pattern)


def _with_shared_words(value, words: dict[str, str]):
    if isinstance(value, str):
        return write_out(value, words)
    if isinstance(value, dict):
        return {k: _with_shared_words(v, words) for k, v in value.items()}
    if isinstance(value, list):
        return [_with_shared_words(v, words) for v in value]
    return value


@dataclass(frozen=True)
class Reading:
    value: int | float | None
    unit: str | None
    approx: bool


def chinese_number(s: str) -> int | None:
    """`十二` -> 12, `两` -> 2, `一百零五` -> 105, `三千` -> 3000; None if `s` is no numeral."""
    if not s or any(c not in _DIGITS and c not in _SMALL and c != "万" for c in s):
        return None
    if "万" in s:
        hi, _, lo = s.partition("万")
        h = chinese_number(hi) if hi else 1
        lo_v = chinese_number(lo) if lo else 0
        return None if h is None or lo_v is None else h * 10000 + lo_v
    total, digit = 0, None
    for c in s:
        if c in _DIGITS:
            if digit is not None and digit != 0:
                # Digit-by-digit writing (`二〇二一`) is a year or code, not a count.
                return None
            digit = _DIGITS[c]
        else:
            total += (1 if digit is None else digit) * _SMALL[c]
            digit = None
    return total + (digit or 0)


@cache
def number_pattern() -> re.Pattern:
    """A number as a fact states it: approx marker, numeral, 万, approx marker, unit."""
    d = fact_data()
    units = sorted(d["units"], key=len, reverse=True)
    before = "|".join(map(re.escape, d["approx_before"]))
    after = "|".join(map(re.escape, d["approx_after"]))
    return re.compile(
        rf"(?P<pre>{before})?(?P<num>{d['arabic']}|{d['chinese']})\s*(?P<post1>{after})?\s*(?P<wan>万)?\s*"
        rf"(?P<post>{after})?\s*(?P<unit>{'|'.join(map(re.escape, units))})?"
    )


@cache
def _approx_after() -> tuple[str, ...]:
    return tuple(fact_data()["approx_after"])


def read_number(text: str) -> int | float | None:
    """An Arabic or Chinese numeral (`1,234`, `５.６`, `十二`) as a number, or None."""
    s = text.strip().translate(_FULL).replace(",", "").replace(" ", "")
    if _INTEGER.fullmatch(s):
        return int(s)
    if _DECIMAL.fullmatch(s):
        return float(s)
    return chinese_number(s)


def read_value(span: str, default_unit: str | None = None) -> Reading:
    """The value a number span states. A span with no numeral reads as None."""
    text = span.strip()
    m = number_pattern().search(text)
    if not m:
        return Reading(None, default_unit, False)
    value = read_number(m["num"])
    if value is None:
        return Reading(None, default_unit, False)
    tail = text[m.end() :]
    approx = bool(m["pre"] or m["post"] or m["post1"]) or tail.lstrip().startswith(_approx_after())
    unit = m["unit"]
    if m["wan"] or unit == "万元":
        value = value * 10000
        unit = "元" if unit == "万元" else unit
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    elif isinstance(value, float):
        value = round(value, 6)
    return Reading(value, unit or default_unit, approx)
