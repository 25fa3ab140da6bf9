"""Recognising one agency across years although its name is written differently.

`agency_key` is the name as written, normalised only in ways that cannot join two different
agencies: width (NFKC), whitespace and punctuation, 人民政府 -> 政府, 管理委员会 -> 管委会.
`name_context` keeps, for each place the report's opening names its own agency, the
characters just before it, so that a report titled with a short name (…区政府) can be joined
to the region-prefixed name (…市…区政府) other reports use, but only where the report itself
writes that prefix (see `years.group_agencies`).
"""

from __future__ import annotations

import json
import re
import unicodedata

from ..data_files import load_json

_DROP = re.compile(r"[\s()\[\]{}【】〔〕〈〉<>《》“”\"'‘’·・.,，、:：;；_-]+")
_NAMES = load_json("agency_names.json")
# Spellings of the same body; applied in this order.
_SAME = [tuple(pair) for pair in _NAMES["same_body"]]
# A trailing office of the same body: 某某政府办公室 reports for 某某政府 in some years.
OFFICE = re.compile("(" + "|".join(map(re.escape, _NAMES["office_of_same_body"])) + ")$")
# What a region prefix ends with, before the name of a body inside that region.
REGION_END = tuple(_NAMES["region_ends"])
# Where a mention's context stops: line and sentence breaks (kept as a mark no name holds).
_BREAK = re.compile(r"[\n\r。，,；;：:！!？?]+")
_CJK_BEFORE = re.compile(r"[\u4e00-\u9fff]{1,12}$")
_OPENING = _NAMES["opening_chars"]  # characters of the report where it names itself (title, preamble, contact)


def agency_key(name: str | None) -> str | None:
    if not name:
        return None
    key = _DROP.sub("", unicodedata.normalize("NFKC", name))
    for a, b in _SAME:
        key = key.replace(a, b)
    return key or None


def name_context(name: str | None, text: str) -> list[str]:
    """The Chinese characters (up to 12) written just before each mention of the agency's
    own name in the report's opening, where they end like a region, e.g. ["本报告由某某市"];
    distinct, in order."""
    key = agency_key(name)
    if not key or not text:
        return []
    opening = agency_key(_BREAK.sub("|", text[:_OPENING])) or ""
    out: list[str] = []
    for m in re.finditer(re.escape(key), opening):
        before = _CJK_BEFORE.search(opening[: m.start()])
        if before and before.group().endswith(REGION_END) and before.group() not in out:
            out.append(before.group())
    return out


def context_json(name: str | None, text: str) -> str | None:
    ctx = name_context(name, text)
    return json.dumps(ctx, ensure_ascii=False) if ctx else None
