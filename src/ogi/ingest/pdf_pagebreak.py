"""A ruled table's row that a page break cut in two, put back together.

A word processor lets a table row break across pages: the row's first lines (its label's
beginning and, with values at the top of their cells, all its numbers) end one page, the
rest of its label begins the next, as a row whose number cells are empty. Read apart, the
first part has no whole label and the second no values, and the row is lost. Where the last
row of a page's last table holds numbers and the first row of the next page's first table
(nothing but page furniture between) is empty in each of those columns, holds some text,
and does not begin a new item (a label begins with its number), the second part's cells are
joined to the first's, line after line, as the lines of one cell.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from ..text_marks import COMMAS, DECIMAL_POINTS, ITEM_START, char_class

_NUMBER = re.compile(r"^\s*\d+(?:" + char_class(DECIMAL_POINTS, COMMAS) + r"\d+)*\s*$")

Page = tuple[float, list]  # (width, items) as pdf.page_items gives them


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
