"""Word documents (.docx): paragraphs and tables in document order, merged cells resolved."""

from __future__ import annotations

import io
import zipfile

from ..document import Document, IngestError, TextBuilder
from .limits import GridBudget
from .normalize import normalize_text

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _cell_text(tc) -> str:
    # Paragraphs inside one cell are one cell value: join them with a space.
    parts = []
    for p in tc.iter(_W + "p"):
        parts.append(_paragraph_text(p))
    return " ".join(x for x in parts if x)


def _paragraph_text(p) -> str:
    return "".join(t.text or "" for t in p.iter(_W + "t"))


def _first(el, tag: str):
    """The first child of `el` with `tag` (`el.find(tag)`, without matching a path in Python)."""
    return next(el.iterchildren(tag), None)


def _props(tc) -> tuple[int, str | None]:
    """A cell's (gridSpan, vMerge): the first gridSpan of any tcPr (what the path
    tcPr/gridSpan finds), the vMerge of the first tcPr."""
    span, vmerge = None, None
    for k, pr in enumerate(tc.iterchildren(_W + "tcPr")):
        if k == 0 and (vm := _first(pr, _W + "vMerge")) is not None:
            vmerge = vm.get(_W + "val", "continue")
        if (gs := _first(pr, _W + "gridSpan")) is not None:
            try:
                span = max(1, int(gs.get(_W + "val", "1")))
            except ValueError:
                span = 1
            break
    return span or 1, vmerge


def _cells(tbl, budget: GridBudget) -> list[list[tuple]]:
    """Each row's cells as (cell, gridSpan, vMerge); limits.TooLarge before a table whose
    gridSpans expand out of bounds is built."""
    rows = [[(tc, *_props(tc)) for tc in tr.iterchildren(_W + "tc")] for tr in tbl.iterchildren(_W + "tr")]
    width = max((sum(span for _, span, _ in r) for r in rows), default=0)
    budget.spend(len(rows) * width, sum(len(r) for r in rows))
    return rows


def _table_grid(tbl, budget: GridBudget) -> tuple[list[list[str | None]], list[list[tuple[int, int] | None]]]:
    """Expand a w:tbl into a rectangular grid, resolving gridSpan and vMerge."""
    grid: list[list[str | None]] = []
    merged: list[list[tuple[int, int] | None]] = []
    # column index -> origin (row, col) of an open vertical merge
    open_v: dict[int, tuple[int, int]] = {}
    for r, cells in enumerate(_cells(tbl, budget)):
        row: list[str | None] = []
        mrow: list[tuple[int, int] | None] = []
        col = 0
        for tc, span, vmerge in cells:
            if vmerge == "continue" and col in open_v:
                origin = open_v[col]
                text = None
            else:
                origin = (r, col)
                text = normalize_text(_cell_text(tc))
                if vmerge == "restart":
                    for k in range(span):
                        open_v[col + k] = origin
                else:
                    for k in range(span):
                        open_v.pop(col + k, None)
            for k in range(span):
                row.append(text if (k == 0 and text is not None) else None)
                mrow.append(origin)
            col += span
        grid.append(row)
        merged.append(mrow)
    width = max((len(r) for r in grid), default=0)
    for row, mrow in zip(grid, merged):
        while len(row) < width:
            row.append(None)
            mrow.append(None)
    return grid, merged


def read_docx(path: str, data: bytes) -> Document:
    doc = Document(path=path, kind="docx")
    try:
        import docx  # python-docx

        d = docx.Document(io.BytesIO(data))
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
        doc.errors.append(
            IngestError(
                "corrupt",
                f"DOCX 文件已损坏，无法打开（{type(exc).__name__}）。",
                f"The DOCX file is corrupt and cannot be opened ({exc}).",
            )
        )
        return doc
    except Exception as exc:  # python-docx raises assorted lxml/opc errors on damaged files
        doc.errors.append(
            IngestError(
                "corrupt",
                f"DOCX 文件已损坏，无法打开（{type(exc).__name__}）。",
                f"The DOCX file is corrupt and cannot be opened ({exc}).",
            )
        )
        return doc
    tb = TextBuilder()
    budget = GridBudget()
    for el in d.element.body.iterchildren():
        if el.tag == _W + "p":
            text = normalize_text(_paragraph_text(el))
            text = text.replace("\t", " ")
            if text.strip():
                tb.newline()
                tb.add(text.strip("\n"))
                tb.add("\n")
        elif el.tag == _W + "tbl":
            grid, merged = _table_grid(el, budget)
            doc.tables.append(tb.add_table(grid, merged))
    doc.text = tb.text()
    return doc
