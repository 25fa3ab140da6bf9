"""Joining the lines of a paragraph that a PDF-to-text converter broke at the page's margin.

`pdftotext` and some PDF-to-Markdown tools keep every printed line break, so a sentence (and
a word, a number and its unit) runs over two or three lines: `全年共收到政府信息公开申` / `请5件`.
The PDF reader joins such lines from the page's geometry; a converted text has lost it but
keeps its trace: the lines of a paragraph all stop at one right edge. Where most long lines
stop there, a line that reaches the edge without ending its sentence is joined to the next,
unless either is a table row or the next starts a heading or item. Texts that put one
paragraph on a line (web pages, DOCX conversions) have no such edge and are left as they are.
Settings: `[unwrap]` of `data/ingest.toml`.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from functools import cache

from ..data_files import load_toml


@cache
def _settings() -> tuple[dict, re.Pattern, re.Pattern, str]:
    s = load_toml("ingest.toml")["unwrap"]
    return s, re.compile(s["block_start"]), re.compile(s["page_number"]), " " * int(s["column_gap"])


def columns(s: str) -> int:
    """Columns `s` fills in fixed-width type: a character of three UTF-8 bytes (Chinese,
    full-width forms and punctuation) two, ASCII one (counted in C: a report has hundreds of
    lines)."""
    return len(s) + (len(s.encode("utf-8", "surrogatepass")) - len(s)) // 2


def _width(line: str) -> int:
    return columns(line.rstrip())


def _is_row(line: str, gap: str) -> bool:
    """A table row: a tab, or a gap of spaces between columns (not the indent)."""
    return "\t" in line or gap in line.strip()


def _slack(edge: int, s: dict) -> int:
    return round(edge * s["slack"])


def _edge(widths: list[int], s: dict) -> int | None:
    """The right edge most long lines stop at, or None when the text has none."""
    long = sorted(w for w in widths if w >= s["min_width"])
    if len(long) < s["min_lines"]:
        return None
    best, best_n = 0, 0
    for w in set(long):  # the lines stopping within the slack short of w
        n = bisect_right(long, w) - bisect_left(long, w - _slack(w, s))
        if n > best_n or (n == best_n and w > best):
            best, best_n = w, n
    if best_n < max(s["min_lines"], s["min_share"] * len(long)):
        return None
    over = len(long) - bisect_right(long, best + _slack(best, s))
    return best if over <= s["max_over_share"] * len(long) else None


def unwrap_lines(text: str) -> str:
    """`text` with the line breaks inside its wrapped paragraphs removed (see the module doc)."""
    if "\n" not in text:
        return text
    s, block_start, page_number, gap = _settings()
    lines = text.split("\n")
    # a line of n characters is at most 2n columns wide: most lines of most texts are too
    # short to be looked at, and a text with too few long lines has no edge
    half = s["min_width"] // 2
    long = [x for x in lines if len(x) >= half]
    if len(long) < s["min_lines"]:
        return text
    edge = _edge([_width(x) for x in long if not _is_row(x, gap)], s)
    if edge is None:
        return text
    prose = [not _is_row(x, gap) for x in lines]
    ends = s["sentence_end"]
    low, high = edge - _slack(edge, s) - s["indent"], edge + _slack(edge, s)
    reach = s["max_skipped"] + 1
    out: list[str] = []
    cur = ""  # the paragraph so far: lines joined up to line i
    i = 0
    while i < len(lines):
        line = lines[i]
        cur += line.lstrip() if cur else line
        w = _width(line)
        j = i + 1
        if prose[i] and low <= w <= high and line.rstrip()[-1] not in ends:
            # the paragraph may go on after a page break: blank lines and a page number
            while j < len(lines) and j - i <= reach and (not lines[j].strip() or page_number.match(lines[j])):
                j += 1
            if j < len(lines) and j - i <= reach and prose[j] and not block_start.match(lines[j]):
                cur = cur.rstrip()
                i = j
                continue
            j = i + 1
        out.append(cur)
        cur = ""
        i = j
    return "\n".join(out)
