"""Positioned characters -> words -> lines, the same way for a PDF's text layer and for OCR.

A character is a `Char` box in page points, y growing downwards (`top` < `bottom`). Lines are
found by clustering the characters' tops (3 pt), words by the gap between neighbours (more
than 3 pt, or a blank), and a line's text is its words joined by one space: the rules of
pdfplumber's `extract_text_lines(layout=False)`, which the reader used before, so that a
text reads the same.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from typing import NamedTuple

from ..data_files import load_toml

X_TOLERANCE: float = load_toml("ingest.toml")["pdf"]["x_tolerance"]
Y_TOLERANCE: float = load_toml("ingest.toml")["pdf"]["y_tolerance"]


class Char(NamedTuple):
    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float
    ocr: float | None = None  # OCR confidence of the word the character came from; None: text layer


class Line(NamedTuple):
    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: int
    chars: list[Char]


def _cluster_index(values: Iterable[float], tolerance: float) -> dict[float, int]:
    """Each value -> the index of its cluster; values within `tolerance` of the previous
    (sorted) value are in the same cluster, so a cluster may chain."""
    out: dict[float, int] = {}
    last = None
    k = -1
    for v in sorted(set(values)):
        if last is None or v > last + tolerance:
            k += 1
        out[v] = k
        last = v
    return out


def _clusters(items: list, key, tolerance: float) -> list[list]:
    """Items grouped by `key` within `tolerance` (chained), in key order; each group keeps
    the items' own order."""
    keys = [key(it) for it in items]
    if not keys:
        return []
    if max(keys) - min(keys) <= tolerance:
        return [list(items)]  # one line (most table cells)
    index = _cluster_index(keys, tolerance)
    groups: dict[int, list] = {}
    for k, it in zip(keys, items):
        groups.setdefault(index[k], []).append(it)
    return [groups[k] for k in sorted(groups)]


def _split(line: list[Char]) -> list[list[Char]]:
    """One line's characters (sorted left to right) cut into words."""
    out: list[list[Char]] = []
    word: list[Char] = []
    for c in line:
        if c.text.isspace():
            if word:
                out.append(word)
            word = []
        elif word and (
            c.x0 < word[-1].x0 or c.x0 > word[-1].x1 + X_TOLERANCE or abs(c.top - word[-1].top) > Y_TOLERANCE
        ):
            out.append(word)
            word = [c]
        else:
            word.append(c)
    if word:
        out.append(word)
    return out


def _x_order(c: Char) -> tuple[float, float]:
    return (c.x0, c.top)


def words(chars: list[Char]) -> list[list[Char]]:
    """Words, line by line top to bottom and left to right within a line."""
    return [w for line in _clusters(chars, lambda c: c.top, Y_TOLERANCE) for w in _split(sorted(line, key=_x_order))]


def line_of(words: list[list[Char]], size: int) -> Line:
    """A line made of `words` (in the order given), its box around their characters."""
    cs = [c for w in words for c in w]
    return Line(
        " ".join("".join(c.text for c in w) for w in words),
        min(c.x0 for c in cs),
        max(c.x1 for c in cs),
        min(c.top for c in cs),
        max(c.bottom for c in cs),
        size,
        cs,
    )


def lines(chars: list[Char]) -> list[Line]:
    """Text lines, top to bottom."""
    ws = words(chars)
    out = []
    for group in _clusters(ws, lambda w: min(c.top for c in w), Y_TOLERANCE):
        cs = [c for w in group for c in w]
        out.append(line_of(group, Counter(round(c.size) for c in cs).most_common(1)[0][0]))
    return out


def text(chars: list[Char]) -> str:
    """The text of a box's characters: its lines joined by newlines."""
    if len(chars) < 2:
        return "" if not chars or chars[0].text.isspace() else chars[0].text
    tops = [c.top for c in chars]
    if max(tops) - min(tops) <= Y_TOLERANCE:  # one line, as most table cells are
        return " ".join("".join(c.text for c in w) for w in _split(sorted(chars, key=_x_order)))
    return "\n".join(ln.text for ln in lines(chars))
