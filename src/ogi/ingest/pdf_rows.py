"""Rows of a table without rules whose labels wrap: the label's lines joined to its values.

In a table drawn without rules, a label that wraps inside a narrow column prints as two or
three short lines while the row's values sit on one line, vertically centred: the first
piece of the label lands on a line of its own above the values, the last below them. Text
lines alone would cut the label in pieces and put the pieces on other rows.

A *value line* ends in numbers (each a word of its own); a *fragment* is a line without a
number standing wholly left of those numbers, closer to them than a line pitch. Each
fragment joins its nearest value line, with one rule of the format: a label begins with its
number (`2.`, `（二）`, `二、`), so a fragment that begins so never continues the label
above it, and a value line whose own label begins so takes no fragment from above. The
pieces are ordered top to bottom within each column (pieces that overlap horizontally)
and printed before the values.
"""

from __future__ import annotations

from ..data_files import load_toml
from ..text_marks import ITEM_START
from .pdf_layout import (
    NUMBER,
    Char,
    Line,
    char_text,
    ends_in_numbers,
    line_of,
    line_words,
    trailing_numbers,
    word_text,
)

_ITEM = ITEM_START
# How close (centre to centre, in font sizes) a fragment must be to its value line.
_PDF = load_toml("ingest.toml")["pdf"]
REACH: float = _PDF["row_reach"]
COLUMN_GAP: float = _PDF["column_gap"]
WRAP_PITCH: float = _PDF["wrap_pitch"]


def _centre(line: Line) -> float:
    return (line.top + line.bottom) / 2


def is_row(line: Line) -> bool:
    """Whether the line's words stand in columns: a gap wider than `COLUMN_GAP` font sizes."""
    gap = COLUMN_GAP * max(line.size, 1)
    if line.x1 - line.x0 <= gap:
        return False
    spans = sorted([(c[1], c[2]) for c in line.chars if not c[0].isspace()])  # (x0, x1)
    if not spans:
        return False
    right = spans[0][1]
    for x0, x1 in spans[1:]:
        if x0 - right > gap:
            return True
        if x1 > right:
            right = x1
    return False


def _continued(above: list[list[Char]], below: list[list[Char]]) -> dict[int, int] | None:
    """Which number of `above` each number of `below` continues (index -> index), where every
    one of them stands aligned under one (the same edge, left, right or centre, for all)."""
    for edge in (lambda w: w[0].x0, lambda w: max(c.x1 for c in w), lambda w: (w[0].x0 + max(c.x1 for c in w)) / 2):
        match = {}
        for j, b in enumerate(below):
            hits = [i for i, a in enumerate(above) if abs(edge(a) - edge(b)) <= 1]
            if len(hits) != 1:
                break
            match[j] = hits[0]
        else:
            if len(set(match.values())) == len(below):
                return match
    return None


def _with_tail(word: list[Char], tail: list[Char]) -> list[Char]:
    """`word` with the digits `tail` after it, all set on its line and within its box (spread
    evenly), so that the number stays one word in its own column."""
    if not tail:
        return word
    x0, x1 = word[0].x0, max(c.x1 for c in word)
    step = (x1 - x0) / (len(word) + len(tail))
    return [
        c._replace(x0=x0 + k * step, x1=x0 + (k + 1) * step, top=word[0].top, bottom=word[0].bottom)
        for k, c in enumerate(word + tail)
    ]


def _all_wrapped(above: list[list[Char]], below: list[list[Char]], labelled: int) -> bool:
    """Whether a line of as many numbers as the row above can hold the last digits of every
    one of them: nothing beside it, or the row printed its label elsewhere, or the words
    beside it continue the row's label (a new row's label begins with its number) and the
    row's numbers all fill their cells alike (as many digits each, two or more)."""
    beside = below[: len(below) - len(above)]
    if not beside or not labelled:
        return True
    if _ITEM.match(word_text(beside[0])):
        return False
    return len({len(w) for w in above}) == 1 and len(above[0]) >= 2


def _digits_below(
    above: list[list[Char]],
    labelled: int,
    below: list[list[Char]],
    tail_words: list[list[Char]],
    fixed_pitch: bool = False,
) -> dict[int, int] | None:
    """Which of a row's numbers `above` each number of `tail_words` (the words of the line
    below, right of the numbers' left edge) continues, or None where they are no digits of
    theirs. As many numbers as the row: every one wrapped, or a new row (`_all_wrapped`)."""
    if fixed_pitch and labelled and len(below) > len(tail_words):
        # words beside them: on one fixed line pitch nothing tells a wrapped label's end
        # from the next row's label, so the numbers are that row's own
        return None
    fits = len(tail_words) < len(above) or (len(tail_words) == len(above) and _all_wrapped(above, below, labelled))
    if not fits or not all(NUMBER.match(word_text(w)) for w in tail_words):
        return None
    return _continued(above, tail_words)


def wrapped_digits(line: Line, nxt: Line) -> bool:
    """Whether `nxt` (the first line of the next page) holds nothing but the last digits of
    numbers of the row `line` (the last line of a page): fewer numbers than the row's, since
    no line pitch tells a wrapped line from the next row across a page break."""
    ws = line_words(line)
    above = trailing_numbers(ws)
    below = line_words(nxt)
    if len(above) < 2 or not below or len(below) >= len(above) or below[0][0].x0 < above[0][0].x0 - 1:
        return False
    return _digits_below(above, len(ws) - len(above), below, below) is not None


def join_wrapped_numbers(lines: list[Line], fixed_pitch: bool = False) -> list[Line]:
    """`lines` with the digits of numbers wrapped inside their cells joined to their number.

    Right of a row's first number, a line one line pitch below the row's numbers that holds
    numbers alone, each aligned under one of the row's (the same edge for all), holds the
    numbers' last digits: fewer numbers than the row's, or as many where `_all_wrapped` says
    so. Words left of the numbers (the label running on, maybe on lines between) stay where
    they are.
    """
    pending: list[Line | None] = list(lines)
    for i, line in enumerate(pending):
        if line is None or not ends_in_numbers(line):
            continue
        ws = line_words(line)
        above = trailing_numbers(ws)
        if len(above) < 2:
            continue
        first = len(ws) - len(above)
        left = above[0][0].x0 - 1
        last = _centre(line)  # the centre of the last digits taken
        changed = False
        bottom = line.bottom
        for j in range(i + 1, len(pending)):
            nxt = pending[j]
            if nxt is None:
                continue
            if _centre(nxt) - last > WRAP_PITCH * max(line.size, nxt.size):
                break
            below = line_words(nxt)
            tail_words = [w for w in below if max(c.x1 for c in w) > left]
            if not tail_words:
                continue  # a line of the label beside the numbers
            match = _digits_below(above, first, below, tail_words, fixed_pitch)
            if match is None:
                break
            tail = {k: tail_words[m] for m, k in match.items()}
            ws = ws[:first] + [_with_tail(w, tail.get(k, [])) for k, w in enumerate(above)]
            above = ws[first:]
            last = _centre(nxt)
            bottom = nxt.bottom
            rest = [w for w in below if max(c.x1 for c in w) <= left]
            pending[j] = line_of(rest, nxt.size) if rest else None
            changed = True
        if changed:
            # the row's numbers now reach down to their last digits: their middle is the row's
            pending[i] = line._replace(
                text=" ".join(word_text(w) for w in ws), bottom=bottom, chars=[c for w in ws for c in w]
            )
    return [ln for ln in pending if ln is not None]


def _columns(words: list[list[Char]]) -> list[list[list[Char]]]:
    """Words whose horizontal extents overlap, directly or through another word."""
    columns: list[list[list[Char]]] = []
    right = 0.0  # the right edge of the last column; read only once a column exists
    for w in sorted(words, key=lambda w: w[0].x0):
        x1 = max(c.x1 for c in w)
        if columns and w[0].x0 < right:
            columns[-1].append(w)
            right = max(right, x1)
        else:
            columns.append([w])
            right = x1
    return columns


def _overlaps(a: list[Char], b: list[Char]) -> bool:
    return a[0].x0 < max(c.x1 for c in b) and b[0].x0 < max(c.x1 for c in a)


def join_wrapped_labels(lines: list[Line]) -> list[Line]:
    """`lines` with each wrapped label's fragments joined into its value line."""
    # a line without a digit ends in no number: its words are split only once a value line is found
    split = [line_words(ln) if any(map(str.isdigit, map(char_text, ln.chars))) else None for ln in lines]
    values_at: dict[int, float] = {}  # value line -> left edge of its numbers
    for i, ws in enumerate(split):
        numbers = trailing_numbers(ws) if ws else None
        if numbers:
            values_at[i] = numbers[0][0].x0
    if not values_at:
        return lines
    words = [line_words(ln) if ws is None else ws for ln, ws in zip(lines, split)]
    joined: dict[int, list[list[Char]]] = {}  # value line -> label pieces joining it
    taken: set[int] = set()  # id() of the words that moved
    left_over = []  # (line, word) of the pieces no value line is near
    for i, line in enumerate(lines):
        if i in values_at or not words[i] or any(NUMBER.match(word_text(w)) for w in words[i]):
            continue
        for w in words[i]:
            v = _home(w, line, lines, words, values_at)
            if v is not None:
                joined.setdefault(v, []).append(w)
                taken.add(id(w))
            else:
                left_over.append((i, w))
    _chain(left_over, lines, words, values_at, joined, taken)
    if not joined:
        return lines
    out = []
    for i, line in enumerate(lines):
        if i in joined:
            line = _merge(line, words[i], values_at[i], joined[i])
        elif any(id(w) in taken for w in words[i]):
            rest = [w for w in words[i] if id(w) not in taken]
            if not rest:
                continue
            line = line_of(rest, line.size)
        out.append(line)
    return out


def _mid(word: list[Char]) -> float:
    return (min(c.top for c in word) + max(c.bottom for c in word)) / 2


def _chain(
    pieces: list[tuple[int, list[Char]]],
    lines: list[Line],
    words: list[list[list[Char]]],
    values_at: dict[int, float],
    joined: dict[int, list[list[Char]]],
    taken: set[int],
) -> None:
    """Label pieces further from their row's values than `REACH` (values at the top of their
    cell with the label running on below, or a label of many lines around values in the
    middle): a piece one line pitch from a piece of a row's label, in the same column,
    continues that label; going down it must begin no new item, going up the piece below
    must not (a label begins with its number)."""
    owned: list[tuple[list[Char], int, float]] = []  # (label word, its value line, its middle)
    for v, left in values_at.items():
        owned += [(w, v, _mid(w)) for w in words[v] if w[0].x0 < left]
    for v, ws in joined.items():
        owned += [(w, v, _mid(w)) for w in ws]
    todo = [(i, w) for i, w in pieces if w[0].x0 < min(values_at.values())]
    while todo:
        rest = []
        for i, w in todo:
            reach = WRAP_PITCH * lines[i].size
            mid = _mid(w)
            best = None
            for o, v, o_mid in owned:
                d = mid - o_mid
                if not 0 < abs(d) <= reach or not _overlaps(o, w) or w[0].x0 >= values_at[v]:
                    continue
                if _ITEM.match(word_text(w if d > 0 else o)):
                    continue
                if best is None or abs(d) < best[0]:
                    best = (abs(d), v)
            if best is None:
                rest.append((i, w))
                continue
            joined.setdefault(best[1], []).append(w)
            taken.add(id(w))
            owned.append((w, best[1], mid))
        if len(rest) == len(todo):
            return
        todo = rest


def _home(
    w: list[Char], line: Line, lines: list[Line], words: list[list[list[Char]]], values_at: dict[int, float]
) -> int | None:
    """The value line a label piece belongs to: the nearest one it may continue."""
    starts_item = bool(_ITEM.match(word_text(w)))
    right = max(c.x1 for c in w)
    best = None
    for v, left in values_at.items():
        d = _centre(line) - _centre(lines[v])
        if right >= left - 1 or abs(d) > REACH * max(line.size, lines[v].size):
            continue
        own = [o for o in words[v] if o[0].x0 < left and _overlaps(o, w)]
        if d > 0 and starts_item and (own or _labelled_above(v, lines, words, values_at)):
            continue  # a label's first piece does not continue the label above it
        if d < 0 and own and _ITEM.match(word_text(own[0])):
            continue  # the value line's label begins on its own line
        if best is None or abs(d) < best[0]:
            best = (abs(d), v)
    return best[1] if best else None


def _labelled_above(v: int, lines: list[Line], words: list[list[list[Char]]], values_at: dict[int, float]) -> bool:
    """Whether a piece of label stands within reach above value line `v` (its label begins
    there, so a numbered piece below it starts the next row)."""
    reach = REACH * lines[v].size
    for i in range(v - 1, -1, -1):
        if _centre(lines[v]) - _centre(lines[i]) > reach:
            return False
        if i not in values_at and any(w[0].x0 < values_at[v] for w in words[i]):
            return True
    return False


def _merge(line: Line, words: list[list[Char]], left: float, extra: list[list[Char]]) -> Line:
    """A value line with the label pieces `extra` joined to its own, column by column."""
    label = [w for w in words if w[0].x0 < left]
    values = [w for w in words if w[0].x0 >= left]
    texts = []
    for col in _columns(label + extra):
        col.sort(key=lambda w: (round(min(c.top for c in w), 1), w[0].x0))
        text = ""
        for w in col:
            t = word_text(w)
            # wrapped CJK joins directly; Latin words keep a space
            text += (
                " " if text and text[-1].isascii() and text[-1].isalnum() and t[0].isascii() and t[0].isalnum() else ""
            ) + t
        texts.append(text)
    chars = [c for w in label + extra + values for c in w]
    return Line(
        " ".join(texts + [word_text(w) for w in values]),
        min(c.x0 for c in chars),
        max(c.x1 for c in chars),
        line.top,
        max(c.bottom for c in chars),
        line.size,
        chars,
    )
