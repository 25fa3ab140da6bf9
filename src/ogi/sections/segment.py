"""Cutting a report's text into segments: paragraphs, and inside a paragraph wherever a new
numbered subsection starts (PDF and scraped text run several into one line:
`2.依申请公开工作方面。本年度…3.政府信息管理方面。…`). The regions of the three tables
are segments of their own.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..text_marks import (
    CLOSE_BRACKETS,
    CLOSE_PARENS,
    CLOSING_QUOTES,
    CN_NUMERALS,
    COLONS,
    COMMAS,
    ENUMERATION_COMMA,
    EXCLAMATION_QUESTION,
    EXCLAMATION_QUESTION_ASCII,
    FULL_STOP,
    ITEM_DELIMS,
    OPEN_PARENS,
    SEMICOLONS,
    char_class,
)

TABLE_LABELS = {"t1": "table.article20", "t2": "table.applications", "t3": "table.review_litigation"}

_CN = CN_NUMERALS
_O, _C = char_class(OPEN_PARENS), char_class(CLOSE_PARENS)
# Where a numbered heading may start inside a line: after the end of a sentence or clause.
_ENDS = FULL_STOP + SEMICOLONS + EXCLAMATION_QUESTION + EXCLAMATION_QUESTION_ASCII + COLONS + CLOSE_PARENS
_BEFORE = "[" + re.escape(_ENDS + CLOSING_QUOTES + CLOSE_BRACKETS) + r"\s]"  # (or white space)
# The first character of a heading's number inside a line. The pattern consumes it, so that
# the search skips to the next numeral, digit or bracket in one scan (a pattern that opened
# with a look behind would be tried at every character); what must stand before and after it
# is looked at around it. A heading starts there if the character before it ends a sentence or
# clause or is white space, or it is `（二）` right after a word; and if it is the start of `二、`,
# `（二）` (not 第（二）), `2.`/`2、` followed by words (not 0.5 or 2.5%), or `（2）` followed by words.
_MARKER = re.compile(
    "["
    + _CN
    + r"\d"
    + re.escape(OPEN_PARENS)
    + "]"
    + r"(?:(?<="
    + _BEFORE
    + r".)|(?<=[\u4e00-\u9fff]"
    + _O
    + r")(?=\s*["
    + _CN
    + r"]{1,3}\s*"
    + _C
    + r"))(?="
    + r"(?<=["
    + _CN
    + r"])["
    + _CN
    + r"]{0,2}\s*"
    + ENUMERATION_COMMA  # 二、
    + r"|(?<="
    + _O
    + r")(?<!第.)\s*["
    + _CN
    + r"]{1,3}\s*"
    + _C  # （二）
    + r"|(?<=\d)(?<![\d.].)\d?\s*"
    + char_class(ITEM_DELIMS)
    + r"(?![\d%])\s*[\u4e00-\u9fff]"  # 2. / 2、 followed by words
    r"|(?<=" + _O + r")\s*\d{1,2}\s*" + _C + r"\s*[\u4e00-\u9fff]"  # （2）
    r")"
)
# The heading at the start of a segment: its number and a short title ending in 。 or a break.
_HEADING = re.compile(
    r"^\s*(?P<num>["
    + _CN
    + r"]{1,3}\s*"
    + ENUMERATION_COMMA
    + "|"
    + _O
    + r"\s*["
    + _CN
    + r"\d]{1,3}\s*"
    + _C
    + r"|\d{1,2}\s*"
    + char_class(ITEM_DELIMS)
    + ")"
    r"\s*(?P<title>" + char_class(FULL_STOP, SEMICOLONS, EXCLAMATION_QUESTION, "\n", negate=True) + "{1,30}?)"
    r"(?:" + char_class(FULL_STOP, COLONS) + r"|$|(?=\s))"
)


@dataclass
class Segment:
    start: int
    end: int
    text: str
    heading: str | None = None
    table: str | None = None  # t1/t2/t3 for a table region


def heading_of(text: str) -> str | None:
    m = _HEADING.match(text)
    if not m:
        return None
    head = text[: m.end()].strip()
    return head if len(head) <= 40 else None


def _split_line(text: str, a: int, b: int) -> list[tuple[int, int]]:
    cuts = [a]
    for m in _MARKER.finditer(text, a, b):
        pos = m.start()
        if pos - cuts[-1] >= 2:
            cuts.append(pos)
    cuts.append(b)
    out = []
    for s, e in zip(cuts, cuts[1:]):
        # trim white space so segments start at their first character
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        if e > s:
            out.append((s, e))
    return out


# What may come just before a table: a line break or space, or the end of a sentence or heading.
_BEFORE_TABLE = set(_ENDS)


def _inside_sentence(text: str, start: int) -> bool:
    """Whether a table region starts in the middle of a sentence, with a clause ("2019|年，通过…
    主动公开规章13件，…"): prose the table reader took for a table, no segment of its own. (Tables
    of scraped pages run on from the text before them, but open with a heading or a label.)"""
    inside = start > 0 and not text[start - 1].isspace() and text[start - 1] not in _BEFORE_TABLE
    return inside and any(c in text[start : start + 12] for c in COMMAS)


def segment_text(text: str, table_regions: dict[str, tuple[int, int]] | None = None) -> list[Segment]:
    """Segments of `text` in order; `table_regions` (t1/t2/t3 -> (start, end)) become one each,
    unless one starts inside a sentence."""
    regions = sorted(
        (s, e, t) for t, (s, e) in (table_regions or {}).items() if e > s and not _inside_sentence(text, s)
    )
    segs: list[Segment] = []
    pos = 0

    def prose(a: int, b: int) -> None:
        for line in re.finditer(r"[^\n]+", text[a:b]):
            la, lb = a + line.start(), a + line.end()
            for s, e in _split_line(text, la, lb):
                chunk = text[s:e]
                segs.append(Segment(s, e, chunk, heading_of(chunk)))

    for s, e, t in regions:
        if s < pos:
            continue
        prose(pos, s)
        segs.append(Segment(s, e, text[s:e], None, t))
        pos = e
    prose(pos, len(text))
    return segs
