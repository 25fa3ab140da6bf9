"""A document as a stream of labels and values, whatever its layout.

Real grids (docx, html, pdf ruling lines) and flattened text (one cell per line,
tab-separated rows, or everything run together) become the same thing: a list of `Group`s,
each a stretch of label text followed by the value cells that stand after it. The table
reader then only has to decide which row a label names.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..document import Cell, Document, Table
from ..text_marks import CLOSE_PARENS, ITEM_DELIMS, OPEN_PARENS, TABLE_RULES, char_class
from .numbers import BLANK_MARKS, MINUS, NUMBER, is_blank_mark, read_number


@dataclass(slots=True)  # made for every number and gap of a document
class Tok:
    kind: str  # "text" | "num" | "blank"
    text: str
    start: int
    end: int
    col: int = -1  # grid column, for tokens read from a real table


@dataclass(slots=True)
class Group:
    label: list[Tok] = field(default_factory=list)
    values: list[Tok] = field(default_factory=list)
    width: int = 0  # grid width, for groups read from a real table
    norm: str | None = None  # the label normalized, computed once by the reader

    @property
    def label_text(self) -> str:
        return "".join([t.text for t in self.label])  # (a list joins faster than a generator)

    @property
    def start(self) -> int:
        toks = self.label or self.values
        return toks[0].start if toks else 0

    @property
    def end(self) -> int:
        toks = self.values or self.label
        return toks[-1].end if toks else 0


# A number glued to the numbering of the next label: `00000002.其他…` ends in the `2.`.
_NUMBERING_AFTER = re.compile(r"[ \t]*" + char_class(ITEM_DELIMS) + r"(?=\s*[^\d\s" + re.escape(ITEM_DELIMS) + "])")
_PAREN_BEFORE = re.compile(char_class(OPEN_PARENS) + r"\s*$")
_PAREN_AFTER = re.compile(r"\s*" + char_class(CLOSE_PARENS))  # used with .match(text, pos): anchored there
# what the two patterns after a number can start with (the first, also with white space)
_CLOSE = frozenset(CLOSE_PARENS)
_NUMBERING_FIRST = frozenset(" \t" + ITEM_DELIMS)
# An empty cell between two values: a line holding only a tab, or two tabs in a row.
_EMPTY_CELL = re.compile(r"\n[ \t]*\t[ \t]*\n|\t[ ]*\t")


def _flat_tokens(text: str, start: int, end: int) -> list[Tok]:
    toks: list[Tok] = []
    pos = start
    for m in NUMBER.finditer(text, start, end):
        a, b = m.span()
        s = m.group()
        label_digits = 0
        # match at b (not on a slice of the rest: that copies the document once per number),
        # and only where the character after the number can open what the pattern reads
        after = text[b] if b < end else ""
        if (
            (after in _CLOSE or after.isspace())
            and _PAREN_AFTER.match(text, b, end)
            and _PAREN_BEFORE.search(text[max(start, a - 2) : a])
        ):
            label_digits = len(s)  # (1) is numbering
        elif after in _NUMBERING_FIRST and "." not in s and "," not in s and _NUMBERING_AFTER.match(text, b, end):
            label_digits = 1  # the last digit is the next label's 1. 2. 3.
        # A minus sign printed as a cell's own (after a separator, not inside a word or a
        # range such as 2020-2021) keeps the cell negative, for the checks to flag.
        if a > start and text[a - 1] in MINUS and (a - 1 == start or text[a - 2] in _RULE) and not label_digits:
            a -= 1
        if a > pos:
            _add_gap(toks, text, pos, a, values_follow=label_digits < len(s))
        if label_digits < len(s):
            toks.append(Tok("num", text[a : b - label_digits], a, b - label_digits))
        if label_digits:
            toks.append(Tok("text", s[len(s) - label_digits :], b - label_digits, b))
        pos = b
    if pos < end:
        _add_gap(toks, text, pos, end)
    return toks


_RULE = " \t\n\r" + TABLE_RULES  # white space and the pipes of text-drawn tables separate cells
_BLANK_CHARS = set("".join(BLANK_MARKS))
_BLANK_LEN = max(map(len, BLANK_MARKS))  # the longest blank mark (——)


def _short_field_after(gap: str, i: int) -> tuple[int, int]:
    """The next field of gap from i as (start, end), or end -1 if it is longer than any
    blank mark (a label, which may be a paragraph, is not walked through)."""
    n = len(gap)
    while i < n and gap[i] in _RULE:
        i += 1
    j = i
    while j < n and gap[j] not in _RULE:
        j += 1
        if j - i > _BLANK_LEN:
            return i, -1
    return i, j


def _short_field_before(gap: str, e: int) -> tuple[int, int, bool]:
    """The end of gap[:e] without separators, where its last field starts if that field is
    as short as a blank mark (else -1), and whether a separator precedes it."""
    while e > 0 and gap[e - 1] in _RULE:
        e -= 1
    s = e
    while s > 0 and gap[s - 1] not in _RULE:
        s -= 1
        if e - s > _BLANK_LEN:  # longer than any blank mark: a label (which may be a paragraph)
            return e, -1, False
    return e, s, s > 0


def _eol(text: str, b: int) -> int:
    eol = text.find("\n", b)
    return eol if eol >= 0 else len(text)


def _empties(gap: str) -> int:
    """Blank cells in a gap of white space and pipes after a value."""
    pipes = sum(map(gap.count, TABLE_RULES))
    if pipes:
        return pipes - 1
    if "\n" not in gap:
        return max(gap.count("\t") - 1, 0)  # tabs between two cells of one row
    return _row_end_blanks(gap) or len(_EMPTY_CELL.findall(gap))


def _row_end_blanks(gap: str) -> int:
    """Empty fields closing a tab row after its last value (`2<TAB><TAB>` then a new line):
    a blank cell each."""
    line_end = gap.find("\n")
    return gap.count("\t", 0, line_end) if line_end > 0 and not gap[:line_end].strip(" \t") else 0


def _add_gap(toks: list[Tok], text: str, a: int, b: int, values_follow: bool = True) -> None:
    gap = text[a:b]
    if gap[0] in _RULE and not gap.strip(_RULE):  # (a gap starting with a word is no separator: no copy made)
        if toks and toks[-1].kind in ("num", "blank"):
            # An explicit empty cell between two values is a blank cell, not a separator.
            for _ in range(_empties(gap)):
                toks.append(Tok("blank", "", a, a))
        return
    after_value = toks and toks[-1].kind != "text"
    if gap[-1] not in _RULE and not (after_value and gap[0] in _RULE):
        toks.append(Tok("text", gap, a, b))  # prose up to a number: nothing blank on either side
        return
    # A dash or 无 standing as a field of its own is a blank cell, never a separator to drop
    # (the cells after it would move left): after a value it ends that value's row ...
    first = 0
    if after_value and gap[0] == "\t":
        for _ in range(_row_end_blanks(gap)):
            toks.append(Tok("blank", "", a, a))
    if after_value and gap[0] in _RULE and gap[len(gap) - len(gap.lstrip(_RULE))] in _BLANK_CHARS:
        while True:
            fs, fe = _short_field_after(gap, first)
            if fe < 0 or fs == fe or not is_blank_mark(gap[fs:fe]):
                break
            toks.append(Tok("blank", "", a + fs, a + fs))
            first = fe
    # ... and after a label it is a blank cell of the row the label starts (a field at the
    # very end of the gap, set apart by separators on both sides).
    trailing: list[int] = []
    label_end = len(gap.rstrip(_RULE))
    end = len(gap)
    while label_end and gap[label_end - 1] in _BLANK_CHARS:  # (most labels end in a word: no walk)
        fe, fs, apart = _short_field_before(gap, end)
        if not (values_follow and apart and fe > first and fe < len(gap) and is_blank_mark(gap[fs:fe])):
            label_end = fe
            break
        trailing.append(a + fs)
        end = fs
    if label_end <= first:
        return
    toks.append(Tok("text", gap[first:label_end], a + first, a + label_end))
    if not values_follow:
        return  # the next "number" is a label's numbering (2.), not a value
    # So is an empty field between tabs: `label<TAB><TAB>5` leaves the first column blank,
    # and a line that starts with tabs leaves its first columns blank (padding beyond the
    # row's width is the reader's to drop).
    nl = gap.rfind("\n", label_end)
    last = gap[nl + 1 :] if nl >= 0 else gap[label_end:]  # the value's own line, before it
    tabs = last.count("\t")
    # (one tab after the label on its line: the label and its first value, nothing blank; a
    # line of its own that starts with tabs is a row's start only where more fields follow the
    # value: one value per line may be indented with a tab)
    if (tabs > 1 or (tabs == 1 and nl >= 0)) and (nl < 0 or text.find("\t", b, _eol(text, b)) >= 0):
        pieces = last.split("\t")
        if all(not p.strip() or is_blank_mark(p) for p in pieces):
            blanks = pieces[:-1] if nl >= 0 else pieces[1:-1]
            at = a + len(gap) - len(last)
            trailing = [at] * len(blanks)
    for at in reversed(trailing) if trailing and trailing[0] > trailing[-1] else trailing:
        toks.append(Tok("blank", "", at, at))


def _cell_tok(cell: Cell, value: int | float | None) -> Tok:
    """The token of a cell whose number (`read_number` of its text) is `value`."""
    if value is not None:
        return Tok("num", cell.text, cell.start, cell.end)
    if is_blank_mark(cell.text):
        return Tok("blank", "", cell.start, cell.start)
    return Tok("text", cell.text, cell.start, cell.end)


def _labelled(rows: list[list], first_value: int, number: dict[int, int | float | None]) -> bool:
    """Whether the next row (if any) has a label of its own: else the row before is the first
    part of its label (a label a converter split over two rows)."""
    return not rows or any(
        cell is not None and cell.text.strip() and number[id(cell)] is None for cell in rows[0][:first_value]
    )


def _grid_groups(table: Table) -> list[Group]:
    """One group per grid row that holds a value; header rows add to the next label."""
    groups: list[Group] = []
    pending: list[Tok] = []
    seen: set[int] = set()
    # Each cell's number, read once (a merged cell stands in several places)
    number: dict[int, int | float | None] = {}
    for row in table.rows:
        for cell in row:
            if cell is not None and id(cell) not in number:
                number[id(cell)] = read_number(cell.text)
    # Where the table's values start: a row whose label lies before it and whose value cells
    # are all empty is a row of blanks; a heading with empty cells over the values is header.
    first_value = min(
        (c for row in table.rows for c, cell in enumerate(row) if cell is not None and number[id(cell)] is not None),
        default=0,
    )
    for r, row in enumerate(table.rows):
        toks: list[Tok | None] = []
        cols: list[int] = []
        for c, cell in enumerate(row):
            if cell is not None and id(cell) in seen:
                continue  # a merged cell counts once, where it starts
            if cell is not None:
                seen.add(id(cell))
            tok = _cell_tok(cell, number[id(cell)]) if cell is not None and cell.text.strip() else None
            if tok is not None:
                tok.col = c
            toks.append(tok)
            cols.append(c)
        real = [t for t in toks if t is not None]
        last_text = max((i for i, t in enumerate(toks) if t is not None and t.kind == "text"), default=-1)
        blanks = (
            0 <= last_text < len(toks) - 1
            and cols[last_text] < first_value
            and all(t is None or t.kind == "blank" for t in toks[last_text + 1 :])
            and _labelled(table.rows[r + 1 : r + 2], first_value, number)
        )
        if not any(t.kind == "num" for t in real) and not blanks:
            pending.extend(t for t in real if t.kind == "text")
            continue
        label = pending + [t for t in toks[: last_text + 1] if t is not None and t.kind == "text"]
        values = []
        for t, c in zip(toks[last_text + 1 :], cols[last_text + 1 :]):
            if t is None:
                values.append(Tok("blank", "", 0, 0, c))
            elif t.kind in ("num", "blank"):
                values.append(t)
        # Empty cells around the values may be padding; the row reader decides by position.
        groups.append(Group(label, values, width=len(row)))
        pending = []
    if pending:
        groups.append(Group(pending, []))
    return groups


def _flat_groups(toks: list[Tok]) -> list[Group]:
    groups: list[Group] = []
    cur = Group([], [])  # (the lists given: a dataclass's default factories cost a call each)
    for t in toks:
        if t.kind == "text":
            if cur.values:
                groups.append(cur)
                cur = Group([], [])
            cur.label.append(t)
        else:
            cur.values.append(t)
    if cur.label or cur.values:
        groups.append(cur)
    return groups


def document_groups(doc: Document) -> list[Group]:
    """The whole document as groups, in text order; real tables read from their grids."""
    groups: list[Group] = []
    pos = 0
    for table in sorted(doc.tables, key=lambda t: t.start):
        if table.start > pos:
            groups.extend(_flat_groups(_flat_tokens(doc.text, pos, table.start)))
        grid = _grid_groups(table)
        if groups and grid and not groups[-1].values:
            # A heading printed just above the table labels its first row.
            grid[0].label = groups.pop().label + grid[0].label
        groups.extend(grid)
        pos = max(pos, table.end)
    if pos < len(doc.text):
        groups.extend(_flat_groups(_flat_tokens(doc.text, pos, len(doc.text))))
    return groups
