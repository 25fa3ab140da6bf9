"""Blank cells of a table row without rules, told by where the row's numbers stand.

A row with a blank cell prints fewer numbers than its table has columns, and as text its
numbers would fill the first columns. Its neighbours tell where the columns are: a row of
the same run of rows (no other line between) that prints more numbers. Where each number of
the short row stands under exactly one of that row's numbers, in order, the row is printed
with tabs between its cells and an empty field for each blank one (the text reader's tab
rows); a number that stands under none, or under two, leaves the row as it was, and so
does a row without a label whose first cell is blank (lines are stripped of the blanks at
their ends, which would move every field one column to the left).
"""

from __future__ import annotations

from .pdf_layout import NUMBER, Char, Line, line_words, trailing_numbers, word_text


def _numbers(line: Line) -> tuple[list[list[Char]], list[list[Char]]]:
    """A line's words before its trailing numbers, and those numbers."""
    words = line_words(line)
    numbers = trailing_numbers(words)
    return words[: len(words) - len(numbers)], numbers


def _span(word: list[Char]) -> tuple[float, float]:
    return word[0].x0, max(c.x1 for c in word)


def _columns(short: list[list[Char]], full: list[list[Char]]) -> list[int] | None:
    """The column of `full` each number of `short` stands under (overlapping it alone)."""
    out: list[int] = []
    for w in short:
        a, b = _span(w)
        hits = [k for k, f in enumerate(full) if _span(f)[0] < b and a < _span(f)[1]]
        if len(hits) != 1 or (out and hits[0] <= out[-1]):
            return None
        out.append(hits[0])
    return out


def mark_blank_cells(lines: list[Line]) -> list[Line]:
    """`lines` with each row that leaves cells blank printed with a tab between its cells."""
    parsed = [_numbers(ln) if NUMBER.match(ln.text.rsplit(" ", 1)[-1]) else ([], []) for ln in lines]
    out = list(lines)
    for i, (label, nums) in enumerate(parsed):
        if not nums:
            continue
        run = []  # the rows of the same run, nearest first
        for step in (-1, 1):
            j = i + step
            while 0 <= j < len(lines) and parsed[j][1]:
                run.append(j)
                j += step
        run.sort(key=lambda j: abs(j - i))
        full = next((parsed[j][1] for j in run if len(parsed[j][1]) > len(nums)), None)
        if full is None:
            continue
        cols = _columns(nums, full)
        if cols is None:
            continue
        if not label and cols[0] > 0:
            continue  # the page's text is stripped: a leading empty field would vanish
        fields = [""] * len(full)
        for k, w in zip(cols, nums):
            fields[k] = word_text(w)
        head = " ".join(word_text(w) for w in label)
        out[i] = lines[i]._replace(text="\t".join(([head] if head else []) + fields))
    return out
