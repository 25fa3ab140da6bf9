"""Markdown (.md), as PDF-to-Markdown converters write reports: pipe tables read as grids.

The text is the file's text (as for .txt); each pipe table (`| a | b |` lines with a
`|---|` delimiter row) becomes a `Table` whose cells point into it, as HTML and DOCX tables
do. Converters break tables: a row's label in one row and its values in the next, header
rows repeated, empty cells dropped (rows of unequal width are kept as printed: the table
reader takes values from the right), and a table split at a page break into its label
column and its value columns, which are joined again row by row here. A block of pipe
lines without a delimiter row is no table a converter meant: it stays text, for the
flattened-text reader. A table written as HTML inside the Markdown (`<table>` with rowspan
and colspan, as converters write merged cells) is read as the HTML reader reads it and printed
into the text in its place, one row per line: the tags never reach the narrative.
"""

from __future__ import annotations

import re

from ..document import Cell, Document, Table, TextBuilder
from .html import table_grid
from .limits import GridBudget
from .text import read_text

_DELIM = re.compile(r"^\s*\|?(\s*:?-{3,}:?\s*\|)+\s*(:?-{3,}:?\s*)?$")
_ROW = re.compile(r"^\s*\|")
_BAR = re.compile(r"(?<!\\)\|")  # a cell border (an escaped one is text)
_CJK = re.compile(r"[\u4e00-\u9fff]")
# A cell's whole text in emphasis (`**25**`, `*合计*`, `__25__`), as converters mark bold type.
_EMPHASIS = re.compile(r"(\*{1,3}|_{1,3})\s*(\S(?:.*\S)?)\s*\1")
_DIGIT = re.compile(r"\d")
# An HTML table's tags, and the page wrapper some converters put around each one.
_TABLE_TAG = re.compile(r"<(/?)table\b[^>]*>", re.IGNORECASE)
_CELL_END = re.compile(r"</t[dhr]\s*>", re.IGNORECASE)
_WRAP_BEFORE = re.compile(r"(?:<html>\s*)?<body>\s*$", re.IGNORECASE)
_WRAP_AFTER = re.compile(r"\s*</body>(?:\s*</html>)?", re.IGNORECASE)
# Lines a converter leaves between the halves of a table split at a page break.
_BETWEEN = re.compile(r"^\s*(?:-?\s*\d{1,3}\s*-?|第\s*\d+\s*页(?:\s*共\s*\d+\s*页)?|<!--.*-->)?\s*$")


def read_markdown(path: str, data: bytes) -> Document:
    doc = read_text(path, data)
    if doc.ok:
        html: list[Table] = []
        if _TABLE_TAG.search(doc.text):
            doc.text, html = html_tables(doc.text)
        doc.tables = sorted(html + pipe_tables(doc.text), key=lambda t: t.start)
    return doc


def _table_spans(text: str) -> list[tuple[int, int]]:
    """Where each outermost `<table>…</table>` stands."""
    spans: list[tuple[int, int]] = []
    depth = start = 0
    for m in _TABLE_TAG.finditer(text):
        if not m.group(1):
            if depth == 0:
                start = m.start()
            depth += 1
        elif depth:
            depth -= 1
            if depth == 0:
                spans.append((start, m.end()))
    if depth:  # left open (a cut-off file): it ends after its last cell, else it is no table
        ends = [m.end() for m in _CELL_END.finditer(text, start)]
        if ends:
            spans.append((start, ends[-1]))
    return spans


def html_tables(text: str) -> tuple[str, list[Table]]:
    """The text with each HTML table printed in its place as tab-separated rows, and those
    tables as grids pointing into the new text."""
    tb = TextBuilder()
    tables: list[Table] = []
    budget = GridBudget()
    pos = 0
    for a, b in _table_spans(text):
        before = _WRAP_BEFORE.search(text, pos, a)
        tb.add(text[pos : before.start() if before else a])
        grid, merged = table_grid(text[a:b], budget)
        if any(any(v for v in row) for row in grid):
            tables.append(tb.add_table(grid, merged))
        after = _WRAP_AFTER.match(text, b)
        pos = after.end() if after else b
    tb.add(text[pos:])
    return tb.text(), tables


def _cells(line: str, offset: int) -> list[Cell]:
    """The cells of one pipe row, each with its text stripped (of emphasis marks too) and its
    place in the text."""
    out = []
    bar = [m.start() for m in _BAR.finditer(line)]
    ends = bar if line.rstrip().endswith("|") else bar + [len(line.rstrip("\n"))]
    for a, b in zip(ends, ends[1:]):
        raw = line[a + 1 : b]
        lead = len(raw) - len(raw.lstrip())
        text = raw.strip()
        start = offset + a + 1 + lead
        marked = _EMPHASIS.fullmatch(text)
        if marked:
            start, text = start + marked.start(2), marked.group(2)
        out.append(Cell(text, start, start + len(text)))
    return out


def _blocks(text: str) -> list[tuple[list[tuple[int, str]], bool, int]]:
    """Runs of pipe lines: (lines with their offsets, has a delimiter row, end offset)."""
    blocks: list[tuple[list[tuple[int, str]], bool, int]] = []
    cur: list[tuple[int, str]] = []
    pos = 0
    for line in text.splitlines(keepends=True):
        if _ROW.match(line):
            cur.append((pos, line))
        elif cur:
            blocks.append((cur, any(_DELIM.match(x) for _, x in cur), pos))
            cur = []
        pos += len(line)
    if cur:
        blocks.append((cur, any(_DELIM.match(x) for _, x in cur), pos))
    return blocks


def _grid(lines: list[tuple[int, str]]) -> list[list[Cell]]:
    return [_cells(line, start) for start, line in lines if not _DELIM.match(line)]


def _only_labels(rows: list[list[Cell]]) -> bool:
    return all(not _DIGIT.search(c.text) or _CJK.search(c.text) for r in rows for c in r)


def _only_values(rows: list[list[Cell]]) -> bool:
    return all(not _CJK.search(c.text) for r in rows for c in r)


def pipe_tables(text: str) -> list[Table]:
    tables: list[Table] = []
    blocks = [b for b in _blocks(text) if b[1]]
    # each block's grid once: it is also looked at as the block after the one before it
    grids = [_grid(lines) for lines, _, _ in blocks]
    k = 0
    while k < len(blocks):
        lines, _, end = blocks[k]
        rows = grids[k]
        start = lines[0][0]
        if k + 1 < len(blocks):
            nxt_lines, _, nxt_end = blocks[k + 1]
            nxt = grids[k + 1]
            between = text[end : nxt_lines[0][0]].splitlines()
            # the label column of a table, then its value columns after a page break
            if (
                len(nxt) == len(rows)
                and all(_BETWEEN.match(x) for x in between)
                and _only_labels(rows)
                and _only_values(nxt)
                and any(_DIGIT.search(c.text) for r in nxt for c in r)
            ):
                tables.append(Table([[*a, *b] for a, b in zip(rows, nxt)], start, nxt_end))
                k += 2
                continue
        if len(rows) >= 2:
            tables.append(Table([list(r) for r in rows], start, end))
        k += 1
    return tables
