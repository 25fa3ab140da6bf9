"""Positioned characters -> words -> lines, the same way for a PDF's text layer and for OCR.

A character is a `Char` box in page points, y growing downwards (`top` < `bottom`). Lines are
found by clustering the characters' tops (3 pt), words by the gap between neighbours (more
than 3 pt, or a blank), and a line's text is its words joined by one space: the rules of
pdfplumber's `extract_text_lines(layout=False)`, which the reader used before, so that a
text reads the same.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from itertools import chain
from operator import itemgetter
from typing import NamedTuple

from ..data_files import load_toml
from ..text_marks import COMMAS, DECIMAL_POINTS, char_class

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


# Char's fields read by position, for the loops that run once per character (here and in the
# PDF modules that import them)
char_text, char_top, char_ocr = itemgetter(0), itemgetter(3), itemgetter(6)
_count = itemgetter(1)
_new = tuple.__new__  # a Line without its Python-level __new__


class Line(NamedTuple):
    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: int
    chars: list[Char]


def _cluster_index(values: Iterable[float], tolerance: float) -> tuple[dict[float, int], int]:
    """Each value -> the index of its cluster, and how many clusters; values within
    `tolerance` of the previous (sorted) value are in the same cluster, so a cluster may chain."""
    out: dict[float, int] = {}
    last = None
    k = -1
    for v in sorted(set(values)):
        if last is None or v > last + tolerance:
            k += 1
        out[v] = k
        last = v
    return out, k + 1


def _clusters(items: list, key, tolerance: float) -> list[list]:
    """Items grouped by `key` within `tolerance` (chained), in key order; each group keeps
    the items' own order."""
    keys = list(map(key, items))
    if not keys:
        return []
    if max(keys) - min(keys) <= tolerance:
        return [list(items)]  # one line (most table cells)
    index, n = _cluster_index(keys, tolerance)
    groups: list[list] = [[] for _ in range(n)]  # every cluster has a member
    for k, it in zip(map(index.__getitem__, keys), items):
        groups[k].append(it)
    return groups


def _split(line: list[Char]) -> list[list[Char]]:
    """One line's characters (sorted left to right) cut into words."""
    out: list[list[Char]] = []
    word: list[Char] = []
    # the last character of `word`, unpacked: this loop runs once per character of the page
    px0 = px1 = ptop = 0.0
    for c in line:
        text, x0, x1, top, _, _, _ = c
        if text.isspace():
            if word:
                out.append(word)
                word = []
            continue
        if word and (x0 < px0 or x0 > px1 + X_TOLERANCE or abs(top - ptop) > Y_TOLERANCE):
            out.append(word)
            word = [c]
        else:
            word.append(c)
        px0, px1, ptop = x0, x1, top
    if word:
        out.append(word)
    return out


_x_order = itemgetter(1, 3)  # (x0, top): left to right, then top to bottom


def words(chars: list[Char]) -> list[list[Char]]:
    """Words, line by line top to bottom and left to right within a line."""
    return [w for line in _clusters(chars, char_top, Y_TOLERANCE) for w in _split(sorted(line, key=_x_order))]


def line_of(words: list[list[Char]], size: int | None = None) -> Line:
    """A line made of `words` (in the order given), its box around their characters; its size
    the most common of theirs (the first seen on a tie) unless given."""
    cs = list(chain.from_iterable(words))
    _, x0s, x1s, tops, bottoms, sizes, _ = zip(*cs)
    if size is None:
        if len(set(sizes)) == 1:  # most lines are set in one size: counted only where they mix sizes
            size = round(sizes[0])
        else:
            rounded = list(map(round, sizes))
            size = max(Counter(rounded).items(), key=_count)[0]
    return _new(Line, (_joined(words), min(x0s), max(x1s), min(tops), max(bottoms), size, cs))


def _joined(words: list[list[Char]]) -> str:
    """A line's text: its words joined by one space."""
    return " ".join(["".join(map(char_text, w)) for w in words])


def lines(chars: list[Char]) -> list[Line]:
    """Text lines, top to bottom."""
    ws = words(chars)
    return [line_of(group) for group in _clusters(ws, _word_top, Y_TOLERANCE)]


# A word that is a number as tables print them (`12`, `1,024`, `3.5`).
NUMBER = re.compile(r"^\d+(?:" + char_class(DECIMAL_POINTS, COMMAS) + r"\d+)*$")


def line_words(line: Line) -> list[list[Char]]:
    """A line's words, left to right."""
    return _split(sorted(line.chars, key=_x_order))


def word_text(word: list[Char]) -> str:
    return "".join(c.text for c in word)


def trailing_numbers(words: list[list[Char]]) -> list[list[Char]]:
    """The numbers that end a line's words (a row's values after its label)."""
    k = len(words)
    while k > 0 and NUMBER.match(word_text(words[k - 1])):
        k -= 1
    return words[k:]


def ends_in_numbers(line: Line) -> bool:
    """Whether the line's text ends in two numbers (its words are joined by single spaces)."""
    tail = line.text.rsplit(" ", 2)[-2:]
    return len(tail) == 2 and all(NUMBER.match(t) for t in tail)


def _word_top(w: list[Char]) -> float:
    return min(map(char_top, w))


def text(chars: list[Char]) -> str:
    """The text of a box's characters: its lines joined by newlines."""
    if len(chars) < 2:
        return "" if not chars or chars[0].text.isspace() else chars[0].text
    tops = list(map(char_top, chars))
    if max(tops) - min(tops) <= Y_TOLERANCE:  # one line, as most table cells are
        return _joined(_split(sorted(chars, key=_x_order)))
    # the lines' texts alone (`lines` without the boxes and sizes of `line_of`)
    return "\n".join([_joined(group) for group in _clusters(words(chars), _word_top, Y_TOLERANCE)])
