"""A ruled table's row that a page break cut in two, put back together.

A word processor lets a table row break across pages: the row's first lines (its label's
beginning and, with values at the top of their cells, all its numbers) end one page, the
rest of its label begins the next, as a row whose number cells are empty. Read apart, the
first part has no whole label and the second no values, and the row is lost. Where the last
row of a page's last table holds numbers and the first row of the next page's first table
(nothing but page furniture between) is empty in each of those columns, holds some text,
and does not begin a new item (a label begins with its number), the second part's cells are
joined to the first's, line after line, as the lines of one cell. In a table without
rules, the last digits of a number wrapped in its cell that the break carried over are put
back under their number (`carry_wrapped_digits`).
"""

from __future__ import annotations

import re
from collections.abc import Callable

from ..data_files import load_toml
from ..text_marks import COMMAS, DECIMAL_POINTS, ITEM_START, char_class
from .pdf_layout import Char, Line, char_top
from .pdf_layout import lines as layout_lines
from .pdf_page import PageContent
from .pdf_rows import wrapped_digits
from .pdf_ruling import find_tables

_NUMBER = re.compile(r"^\s*\d+(?:" + char_class(DECIMAL_POINTS, COMMAS) + r"\d+)*\s*$")

Page = tuple[float, list]  # (width, items) as pdf.page_items gives them
_PDF = load_toml("ingest.toml")["pdf"]
_EDGE_BAND: float = _PDF["page_edge_band"]
_LINE_PITCH: float = _PDF["line_pitch"]


def _edge_table(items: list, furniture: Callable[[str], bool], last: bool) -> int | None:
    """The index of the page's last (first) item if it is a table, furniture lines aside."""
    order = range(len(items) - 1, -1, -1) if last else range(len(items))
    for k in order:
        kind, _, payload = items[k]
        if kind == "table":
            return k
        if not furniture(payload["text"]):
            return None
    return None


def _continues(above: list, below: list) -> bool:
    if len(above) != len(below) or any(isinstance(c, tuple) for c in above + below):
        return False  # OCR'd cells carry confidences: left as read
    numbers = [j for j, c in enumerate(above) if c and _NUMBER.match(c)]
    texts = [c for c in below if c]
    return (
        bool(numbers)
        and bool(texts)
        and all(not below[j] for j in numbers)
        and not ITEM_START.match(texts[0])
        and not any(_NUMBER.match(c) for c in texts)
    )


def join_split_rows(pages: list[Page], furniture: Callable[[str], bool]) -> list[Page]:
    """`pages` with each table row cut by a page break joined into one row."""
    for (_, before), (_, after) in zip(pages, pages[1:]):
        a = _edge_table(before, furniture, last=True)
        b = _edge_table(after, furniture, last=False)
        if a is None or b is None:
            continue
        upper = [list(r) for r in before[a][2]]
        lower = [list(r) for r in after[b][2]]
        if not upper or not lower or not _continues(upper[-1], lower[0]):
            continue
        upper[-1] = [x + "\n" + y if x and y else (x or y) for x, y in zip(upper[-1], lower[0])]
        before[a] = (before[a][0], before[a][1], upper)
        if len(lower) > 1:
            after[b] = (after[b][0], after[b][1], lower[1:])
        else:
            del after[b]
    return pages


def carry_wrapped_digits(pages: list[PageContent], furniture: Callable[[str], bool]) -> None:
    """Digits of a number wrapped inside its cell that a page break carried to the next page
    (a table without rules: its row's numbers end one page, their last digits begin the
    next) moved back under their number, one line below it, where the page reads them."""
    for page, nxt in zip(pages, pages[1:]):
        first = _edge_line(nxt.chars, furniture, last=False)
        if first is None or not all(c.text.isdigit() or c.text.isspace() for c in first.chars):
            continue  # a page begins with digits alone only where they were carried over
        last = _edge_line(page.chars, furniture, last=True)
        if last is None or not wrapped_digits(last, first):
            continue
        if _in_ruled_table(page, last) or _in_ruled_table(nxt, first):
            continue  # a ruled table's cells are read from its grid
        moved = {id(c) for c in first.chars}
        nxt.chars = [c for c in nxt.chars if id(c) not in moved]
        shift = last.top + (last.bottom - last.top) * _LINE_PITCH - first.top
        page.chars = page.chars + [c._replace(top=c.top + shift, bottom=c.bottom + shift) for c in first.chars]


def _in_ruled_table(page: PageContent, line: Line) -> bool:
    cy = (line.top + line.bottom) / 2
    return any(
        t.bbox[0] - 1 <= line.x0 and line.x1 <= t.bbox[2] + 1 and t.bbox[1] - 1 <= cy <= t.bbox[3] + 1
        for t in find_tables(page.edges)
    )


def _edge_line(chars: list[Char], furniture: Callable[[str], bool], last: bool) -> Line | None:
    """The page's last (first) text line, page furniture aside: the lines of the band of the
    page's edge only."""
    for _ in range(3):  # a page number, a running header: a band or two further in
        if not chars:
            return None
        # (fields read by position: this runs over every character of every page)
        edge = max(map(char_top, chars)) if last else min(map(char_top, chars))
        band = [c for c in chars if abs(c[3] - edge) <= _EDGE_BAND]
        rows = layout_lines(band)
        for line in reversed(rows) if last else rows:
            if not furniture(line.text):
                return line
        chars = [c for c in chars if abs(c[3] - edge) > _EDGE_BAND]
    return None
