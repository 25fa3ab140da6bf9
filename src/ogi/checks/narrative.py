"""`narrative.sum`: a total the text states (`共…N条，其中…`) against the parts it then lists.

Entry point: `check_narrative_sums(facts, text)`. The list starts at the marker (其中/包括)
right after the total and runs, at the marker's bracket depth, to the end of the sentence, to a
closing bracket, or to the first comma-separated item with no count. Parts in deeper brackets
(`B类30条（其中B1类10条、…）`) belong to their own part, not to the total. Parts that
add up to more than the total always contradict it; to less only when the last part is the
remainder (`其他…N条`) and every count of the list is a part the tagger found. A list that
holds a fact of another type (a tagger error or a list of something else) is not checked.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..facts.values import number_pattern
from ..flags import Flag
from ..text_marks import (
    CLOSE_BRACKETS,
    CLOSE_PARENS,
    COLONS,
    COMMAS,
    ENUMERATION_COMMA,
    EXCLAMATION_QUESTION_ASCII,
    OPEN_BRACKETS,
    OPEN_PARENS,
    SEMICOLONS,
    SENTENCE_ENDS,
)
from .bounds import Bounds, fact_bounds, show_value
from .config import check_data, pattern
from .context import Contexts, fact_evidence

_OPEN, _CLOSE = OPEN_PARENS + OPEN_BRACKETS, CLOSE_PARENS + CLOSE_BRACKETS
_SENTENCE_END = SENTENCE_ENDS + EXCLAMATION_QUESTION_ASCII + SEMICOLONS
_ITEM_SEP = COMMAS
_LEAD_PUNCT = COMMAS + COLONS + ENUMERATION_COMMA + " \t\n"


@dataclass
class PartList:
    total: int  # index of the total's fact
    parts: list[int]  # indexes of the parts' facts, in text order
    exhaustive: bool  # the last part is the remainder and every count of the list is a part
    quote: str


def _marker_after(text: str, end: int, facts: list[dict]) -> int | None:
    """Where the list starts when a part-list marker follows a number ending at `end`."""
    d = check_data()["narrative_sum"]
    window = text[end : end + d["max_gap"] + 2]
    found = [(window.find(m), m) for m in d["markers"] if m in window]
    if not found:
        return None
    p, m = min(found)
    gap = window[:p]
    if any(c.isdigit() or c in _SENTENCE_END for c in gap) or any(end <= f["start"] < end + p for f in facts):
        return None
    return end + p + len(m)


def _is_item(s: str) -> bool:
    """A list item: it holds a count and does not start something beside the list."""
    if pattern(check_data()["narrative_sum"]["list_breaks"]).search(s):
        return False
    return any(m["unit"] for m in number_pattern().finditer(s) if m["num"])


def _ends_sentence(text: str, i: int) -> bool:
    """Whether the text before position i ends a sentence (a line break after 。 ends a list;
    one inside a sentence, as PDF and DOCX conversions leave them, does not)."""
    j = i - 1
    while j >= 0 and text[j].isspace():
        j -= 1
    return j >= 0 and text[j] in _SENTENCE_END


def _list_end(text: str, start: int) -> tuple[int, list[tuple[int, int]]]:
    """Where the list that starts at `start` ends, and its top-level items (spans)."""
    depth, i, n = 0, start, len(text)
    while i < n and text[i] in _LEAD_PUNCT:
        i += 1
    items, item_start = [], i
    while i < n:
        c = text[i]
        if c in _OPEN:
            depth += 1
        elif c in _CLOSE:
            depth -= 1
            if depth < 0:
                break
        elif depth == 0 and c in _SENTENCE_END:
            break
        elif depth == 0 and c == "\n" and _ends_sentence(text, i):
            break
        elif depth == 0 and c in _ITEM_SEP:
            if not _is_item(text[item_start:i]):
                break
            items.append((item_start, i))
            item_start = i + 1
        i += 1
    if _is_item(text[item_start:i]):
        items.append((item_start, i))
    end = items[-1][1] if items else item_start
    return end, items


def _same_kind(a: str | None, b: str | None) -> bool:
    units = check_data()["narrative_sum"]["item_units"]
    return a == b or (a in units and b in units)


# each bracket once, for str.count (a C loop per bracket, not a Python step per character)
_OPEN_EACH, _CLOSE_EACH = "".join(dict.fromkeys(_OPEN)), "".join(dict.fromkeys(_CLOSE))


def _depth_zero(text: str, start: int, pos: int) -> bool:
    seg = text[start:pos]
    return sum(map(seg.count, _OPEN_EACH)) == sum(map(seg.count, _CLOSE_EACH))


def _overlap(a: int, b: int, fact: dict) -> bool:
    return a < fact["end"] and fact["start"] < b


def find_part_lists(facts: list[dict], text: str) -> list[PartList]:
    """Every stated total with the parts listed right after it, when the list can be read."""
    d = check_data()["narrative_sum"]
    ctx = Contexts(text, facts)
    out = []
    for i, f in enumerate(facts):
        if f.get("type") not in d["total_types"] or f.get("negated") or f.get("value") is None:
            continue
        start = _marker_after(text, f["end"], facts)
        c = ctx.of(i) if start is not None else None
        if (
            start is None
            or c is None
            or pattern(d["total_excludes"]).search(c.clause_before)
            or not pattern(d["total_needs"]).search(c.clause_before)
        ):
            continue
        end, items = _list_end(text, start)
        inside = sorted(
            (j for j, g in enumerate(facts) if start <= g["start"] < end and _depth_zero(text, start, g["start"])),
            key=lambda j: facts[j]["start"],
        )
        if not inside or any(facts[j].get("type") not in d["part_types"] for j in inside):
            continue
        if any(not _same_kind(f.get("unit"), facts[j].get("unit")) for j in inside):
            continue
        leads = [
            text[max(start, facts[a]["end"] if a is not None else start) : facts[b]["start"]]
            for a, b in zip([None, *inside[:-1]], inside)
        ]
        if any(pattern(d["channel_parts"]).search(x) for x in leads):
            continue
        counts = [
            m
            for a, b in items
            for m in number_pattern().finditer(text, a, b)
            if m["num"] and m["unit"] and _depth_zero(text, start, m.start())
        ]
        covered = all(any(_overlap(m.start(), m.end(), facts[j]) for j in inside) for m in counts)
        exhaustive = covered and len(counts) == len(inside) and bool(pattern(d["remainder"]).search(leads[-1]))
        out.append(PartList(i, inside, exhaustive, c.quote))
    return out


def _num(b: Bounds) -> str:
    if b.lo == b.hi:
        return f"{b.lo:g}"
    hi = "∞" if b.hi == float("inf") else f"{b.hi:g}"
    return f"{b.lo:g}–{hi}"


def check_narrative_sums(facts: list[dict], text: str) -> list[Flag]:
    """Flags for stated totals that their listed parts contradict (evidence: the total first)."""
    d = check_data()["narrative_sum"]
    flags = []
    for pl in find_part_lists(facts, text):
        total = facts[pl.total]
        tb = fact_bounds(total, text)
        parts, pbs, sb, kind = [], [], Bounds(0, 0), None
        for j in pl.parts:
            parts.append(j)
            pbs.append(fact_bounds(facts[j], text))
            sb = sb + pbs[-1]
            if sb.overlaps(tb):
                break  # the parts read so far make the total: the list ends here
            if sb.lo > tb.hi:
                kind = "over"
                break
        else:
            if pl.exhaustive and sb.hi < tb.lo:
                kind = "under"
        if kind is None:
            continue
        fields = {
            "total": show_value(total, tb),
            "quote": pl.quote,
            "parts_sum": _num(sb),
            "parts": " + ".join(show_value(facts[j], b) for j, b in zip(parts, pbs)),
        }
        evidence = [fact_evidence(pl.total, total)] + [fact_evidence(j, facts[j]) for j in parts]
        flags.append(
            Flag.make(
                "narrative.sum",
                d.get("severity", "warning"),
                d[f"message_{kind}_zh"].format(**fields),
                d[f"message_{kind}_en"].format(**fields),
                evidence,
            )
        )
    return flags
