"""A table header without rules whose cells wrap: each column's pieces joined into one label.

In a table drawn without rules, a header cell narrower than its text wraps it over two or
more lines (a column of width one character stacks its label a character a line). Text lines
then cut every header cell into pieces and interleave the pieces of all the columns, so that
no line names a column. The columns are known from the first row of values below the header:
each number stands in one column. A header word over one number's column is a piece of that
column's label; a word over two or more columns spans them (a group heading) and stays on its
line, as do the words left of the numbers (the row labels' column). Where some column has
pieces on two or more lines, the pieces of every column are joined top to bottom and printed
as one line, in column order, where the first of them stood.

The header is the run of lines right above the row of values that hold no number and no
heading or sentence: it ends, going up, at a line with a number (the previous table's last
row), a heading (`四、…`) or a line ending a sentence.
"""

from __future__ import annotations

from ..data_files import load_toml
from ..text_marks import ITEM_START, SENTENCE_ENDS
from .pdf_layout import NUMBER, Char, Line, ends_in_numbers, line_of, line_words, trailing_numbers, word_text

_MAX_HEADER_LINES: int = load_toml("ingest.toml")["pdf"]["header_max_lines"]


def _right(word: list[Char]) -> float:
    return max(c.x1 for c in word)


def _stops(line: Line, words: list[list[Char]]) -> bool:
    """A line above which (or at which) a header cannot run on."""
    text = line.text.strip()
    return (
        not words
        or any(NUMBER.match(word_text(w)) for w in words)
        or bool(ITEM_START.match(text))
        or text.endswith(tuple(SENTENCE_ENDS))
    )


def join_header_columns(lines: list[Line]) -> list[Line]:
    """`lines` with each wrapped header above a row of values joined column by column."""
    cache: dict[int, list[list[Char]]] = {}

    def words_of(i: int) -> list[list[Char]]:
        if i not in cache:
            cache[i] = line_words(lines[i])
        return cache[i]

    out = list(lines)
    replaced: dict[int, list[Line] | None] = {}  # line index -> the lines printed instead
    for v in range(len(lines)):
        if not ends_in_numbers(lines[v]):
            continue  # no row of two numbers or more
        numbers = trailing_numbers(words_of(v))
        if len(numbers) < 2:
            continue
        centres = [(w[0].x0 + _right(w)) / 2 for w in numbers]
        top = v
        while top > 0 and v - top < _MAX_HEADER_LINES and not _stops(lines[top - 1], words_of(top - 1)):
            top -= 1
        if top == v or any(i in replaced for i in range(top, v)):
            continue
        left = numbers[0][0].x0 - 1  # the labels' column ends where the numbers begin
        pieces: dict[int, list[tuple[int, list[Char]]]] = {}  # column -> (line, word)
        kept: dict[int, list[list[Char]]] = {}  # line -> the words staying on it
        for i in range(top, v):
            for w in words_of(i):
                over = [k for k, c in enumerate(centres) if w[0].x0 - 1 <= c <= _right(w) + 1]
                centre = (w[0].x0 + _right(w)) / 2
                if len(over) >= 2 or (not over and _right(w) < left):
                    kept.setdefault(i, []).append(w)  # spans columns, or in the labels' column
                    continue
                k = over[0] if over else min(range(len(centres)), key=lambda k: abs(centres[k] - centre))
                pieces.setdefault(k, []).append((i, w))
        if not any(len({i for i, _ in ps}) >= 2 for ps in pieces.values()):
            continue  # every header cell on one line: nothing cut
        first = min(i for ps in pieces.values() for i, _ in ps)
        joined = []
        for k in sorted(pieces):
            ws = [w for _, w in sorted(pieces[k], key=lambda p: (p[0], p[1][0].x0))]
            joined.append([c for w in ws for c in w])
        for i in range(top, v):
            rest = [line_of(kept[i], lines[i].size)] if i in kept else []
            replaced[i] = ([_header(joined, lines[first])] if i == first else []) + rest
    if not replaced:
        return lines
    out = []
    for i, line in enumerate(lines):
        out.extend(replaced.get(i) or ([] if i in replaced else [line]))
    return out


def _header(columns: list[list[Char]], like: Line) -> Line:
    """One line of the joined column labels, each a word, at the place of `like`."""
    return line_of(columns, like.size)._replace(top=like.top, bottom=like.bottom)
