"""PDF reports: the text layer read with PDFium (pypdfium2), image-only pages by OCR when installed.

Text comes out in reading order: lines that the page wrapped mid-sentence are joined into
their paragraph, page numbers (`- 2 -`, `第2页`) and running headers are dropped. Tables are
taken from the page's ruling lines where it has them; rows of a detected "table" that are
really ruled paragraph lines (WPS draws lines under text) stay text. Where a table has no
ruling lines its rows stay text lines, which the table parser reads as flattened text.
"""

from __future__ import annotations

import gc
import re
from collections import Counter
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from functools import partial
from operator import is_

import pypdfium2 as pdfium

from ..data_files import load_toml
from ..document import Document, IngestError, TextBuilder
from ..text_marks import (
    CN_NUMERALS,
    COLONS,
    DASHES,
    EXCLAMATION_QUESTION_ASCII,
    ITEM_DELIMS,
    ITEM_START,
    SEMICOLONS,
    SENTENCE_ENDS,
    char_class,
)
from .normalize import normalize_text
from .pdf_columns import mark_blank_cells
from .pdf_header import join_header_columns
from .pdf_layout import Char, char_ocr
from .pdf_layout import lines as layout_lines
from .pdf_page import PageContent, read_page
from .pdf_pagebreak import carry_wrapped_digits, join_split_rows
from .pdf_rows import is_row, join_wrapped_labels, join_wrapped_numbers
from .pdf_ruling import CharIndex, Table, find_tables, union

_PAGE_NO = re.compile(
    r"^\s*(?:"
    + char_class(DASHES)
    + r"\s*\d{1,4}\s*"
    + char_class(DASHES)
    + r"|第\s*\d{1,4}\s*页(?:\s*共\s*\d+\s*页)?)\s*$"
)
# A bare number (`3`, `3/12`) is a page number only as a page's first or last line: inside
# the page it is a value (a table row's only cell, its label wrapped onto the lines around it).
_BARE_PAGE_NO = re.compile(r"^\s*(?:\d{1,4}\s*/\s*\d{1,4}|\d{1,4})\s*$")
_PDF = load_toml("ingest.toml")["pdf"]  # tolerances of the page layout, with their reasons
_END_PUNCT = tuple(SENTENCE_ENDS + SEMICOLONS + COLONS + EXCLAMATION_QUESTION_ASCII)
_HEADING = re.compile(r"^\s*" + char_class(CN_NUMERALS) + r"+\s*" + char_class(ITEM_DELIMS))
_IS_NONE = partial(is_, None)
PdfCell = str | tuple[str, float | None] | None  # a table cell's text; OCR'd cells carry their confidence


def _table_blocks(
    tables: list[Table], index: CharIndex, ocr: bool
) -> list[tuple[tuple[float, float, float, float], Sequence[Sequence[PdfCell]]]]:
    """Real table row blocks of a page: (bbox, grid); `ocr`: whether any of the page's
    characters was read by OCR (its cells then carry their confidence)."""
    blocks = []
    for table in tables:
        rows = table.rows()
        grid = table.extract(index)
        if not grid or len(grid[0]) < 2:
            continue  # a one-column "table" is a frame or ruled paragraphs
        tablelike = [sum(1 for c in row if c not in (None, "")) >= 2 for row in grid]
        # Keep the span from the first to the last row that has two or more filled cells.
        idx = [i for i, ok in enumerate(tablelike) if ok]
        if len(idx) < 1:
            continue
        lo, hi = idx[0], idx[-1]
        # Header rows directly above (one spanning cell) belong to the table when short.
        while lo > 0 and _short_header(grid[lo - 1][0]):
            lo -= 1
        texts = grid[lo : hi + 1]
        kept: Sequence[Sequence[PdfCell]] = texts
        if ocr:
            confs = table.confidences(index)[lo : hi + 1]
            kept = [[(t, k) if t else t for t, k in zip(row, crow)] for row, crow in zip(texts, confs)]
        blocks.append((union(bbox for bbox, _ in rows[lo : hi + 1]), kept))
    return blocks


def _any_ocr(chars: Sequence[Char]) -> bool:
    """Whether any of the characters was read by OCR (a confidence, maybe 0.0, not None)."""
    return not all(map(_IS_NONE, map(char_ocr, chars)))  # (no Python call per character)


def _short_header(cell: str | None) -> bool:
    """A short first cell above a table's rows that is no sentence and no heading."""
    return bool(
        cell and len(cell) <= _PDF["header_row_chars"] and not cell.endswith(_END_PUNCT) and not _HEADING.match(cell)
    )


def _outside(chars: list[Char], bboxes: list, index: CharIndex | None = None) -> list[Char]:
    """The characters whose centre is not inside any of the boxes (1 pt to spare); `index`:
    the same characters' centres, when already sorted."""
    index = index or CharIndex(chars)
    inside = {t[2] for x0, top, x1, bottom in bboxes for t in index.within(x0 - 1, top - 1, x1 + 1, bottom + 1)}
    return [c for i, c in enumerate(chars) if i not in inside]


def page_items(content: PageContent) -> list[tuple[str, float, object]]:
    """Lines and table blocks of one page, top to bottom."""
    chars = content.chars
    any_ocr = _any_ocr(chars)
    tables = find_tables(content.edges)
    index = CharIndex(chars) if tables else None  # the characters by their centres, for the tables
    blocks = _table_blocks(tables, index, any_ocr) if index else []
    if blocks:
        chars = _outside(chars, [b for b, _ in blocks], index)
    items: list[tuple[str, float, object]] = []
    ocr_page = any_ocr and _any_ocr(chars)  # a text layer's page: no line asks its characters
    lines = join_wrapped_numbers(layout_lines(chars), content.fixed_pitch)
    rows = join_header_columns(join_wrapped_labels(lines))
    for line in mark_blank_cells(rows):
        ocr = [c.ocr for c in line.chars if c.ocr is not None] if ocr_page else None
        items.append(
            (
                "line",
                line.top,
                {
                    "text": line.text,
                    "x0": line.x0,
                    "x1": line.x1,
                    "top": line.top,
                    "size": line.size,
                    "row": is_row(line),
                    "ocr": min(ocr) if ocr else None,
                },
            )
        )
    for bbox, grid in blocks:
        items.append(("table", bbox[1], grid))
    items.sort(key=lambda it: it[1])
    return items


def read_pdf(path: str, data: bytes) -> Document:
    with _collector_paused():
        return _read_pdf(path, data)


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Python's cycle collector off while a PDF is read, where it was on: the reader makes
    thousands of small tuples and lists a page, which form no cycles, and each pass of the
    collector they set off also walks every object already alive (the loaded models)."""
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


def _read_pdf(path: str, data: bytes) -> Document:
    doc = Document(path=path, kind="pdf")
    try:
        pdf = pdfium.PdfDocument(data)
    except Exception as exc:  # PdfiumError for damaged or encrypted files
        doc.errors.append(
            IngestError(
                "corrupt",
                "PDF 文件已损坏，无法打开。",
                f"The PDF file is corrupt and cannot be opened ({type(exc).__name__}).",
            )
        )
        return doc
    use_ocr = None  # known once a scanned page turns up: a text PDF never loads the OCR code
    contents: list[PageContent] = []
    scanned: list[int] = []  # pages that are images without a text layer
    try:
        for i in range(len(pdf)):
            page = pdf[i]
            try:
                content = read_page(page)
                if content.images and not any(not c.text.isspace() for c in content.chars):
                    scanned.append(i)
                    if use_ocr is None:
                        from . import ocr

                        use_ocr = ocr.available()
                    if use_ocr:
                        content = _ocr_page(page, content)
            finally:
                page.close()
            contents.append(content)
        doc.pages = len(contents)
    except OcrFailed as exc:
        doc.errors.append(
            IngestError("ocr_failed", "OCR 识别扫描页面时出错。", f"OCR failed on a scanned page ({exc}).")
        )
        return doc
    except Exception as exc:
        doc.errors.append(
            IngestError(
                "corrupt",
                "PDF 文件已损坏，无法读取页面内容。",
                f"The PDF's pages cannot be read ({type(exc).__name__}: {exc}).",
            )
        )
        return doc
    finally:
        pdf.close()
    if scanned and use_ocr:
        doc.kind = "pdf-ocr"
        doc.ocr_pages = [i + 1 for i in scanned]
    elif scanned:
        doc.unread_pages = [i + 1 for i in scanned]
    read_pages(doc, contents, ocr_tried=bool(scanned) and bool(use_ocr))
    return doc


def read_pages(doc: Document, contents: list[PageContent], ocr_tried: bool = False) -> None:
    """The document's text and tables from its pages' characters and ruling lines."""
    carry_wrapped_digits(contents, _furniture)
    pages = join_split_rows([(c.width, page_items(c)) for c in contents], _furniture)
    assemble(doc, pages, ocr_tried=ocr_tried)


def _furniture(text: str) -> bool:
    """A page number, which may stand between a table's two parts across a page break."""
    return bool(_PAGE_NO.match(text) or _BARE_PAGE_NO.match(text))


def _ocr_page(page, content: PageContent) -> PageContent:
    from . import ocr

    try:
        return ocr.read_page_image(ocr.render(page), content.width, content.height)
    except Exception as exc:  # the engine failing is not the file being corrupt
        raise OcrFailed(f"{type(exc).__name__}: {exc}") from exc


class OcrFailed(Exception):
    pass


def no_text_layer_error(ocr_tried: bool = False) -> IngestError:
    if ocr_tried:
        return IngestError(
            "no_text_layer",
            "PDF 没有文字层，OCR 也未识别出文字。",
            "The PDF has no text layer, and OCR recognised no text on its pages.",
        )
    return IngestError(
        "no_text_layer",
        "PDF 没有文字层（可能是扫描件）。安装可选的 OCR 组件（pip install 'ogi[ocr]'）后可识别。",
        "The PDF has no text layer (probably a scan); install the OCR extra (pip install 'ogi[ocr]') to read it.",
    )


def assemble(doc: Document, pages: list[tuple[float, list]], ocr_tried: bool = False) -> None:
    """The document text from each page's lines and tables: page furniture dropped, wrapped
    lines joined into their paragraph, tables printed as grids."""
    if not any(it for _, items in pages for it in items):
        doc.errors.append(no_text_layer_error(ocr_tried))
        return
    # Running headers/footers: the same line (digits ignored) at the top or bottom of most pages.
    edge: Counter[str] = Counter()
    for _, items in pages:
        lines = [it[2]["text"] for it in items if it[0] == "line"]
        for s in set(lines[:1] + lines[-1:]):
            edge[re.sub(r"\d+", "#", s)] += 1
    running = {
        k
        for k, n in edge.items()
        if len(pages) >= _PDF["running_min_pages"] and n >= max(2, len(pages) * _PDF["running_share"])
    }

    tb = TextBuilder()
    prev = None  # the last line emitted, to decide on joining wrapped lines
    for _width, items in pages:
        lines = [it[2] for it in items if it[0] == "line"]
        if lines:
            left = min(ln["x0"] for ln in lines)
            # the text's right margin: a table row may run wider than the paragraphs
            right = max((ln["x1"] for ln in lines if not ln["row"]), default=max(ln["x1"] for ln in lines))
        edge_lines = {id(lines[0]), id(lines[-1])} if lines else set()
        for kind, _, payload in items:
            if kind == "table":
                # OCR'd cells come as (text, confidence)
                conf = [[c[1] if isinstance(c, tuple) else None for c in row] for row in payload]
                grid = [[c[0] if isinstance(c, tuple) else c for c in row] for row in payload]
                table = tb.add_table([[normalize_text(c) if c else c for c in row] for row in grid])
                doc.tables.append(table)
                doc.ocr_spans.extend(
                    (cell.start, cell.end, k)
                    for row, crow in zip(table.rows, conf)
                    for cell, k in zip(row, crow)
                    if cell is not None and k is not None
                )
                prev = None
                continue
            line = payload
            text = normalize_text(line["text"])
            # a row's tab fields keep their trailing blanks: they say which columns are empty
            text = text.strip(" \u3000\r\n") if "\t" in text else text.strip()
            if (
                not text
                or _PAGE_NO.match(text)
                or (_BARE_PAGE_NO.match(text) and id(line) in edge_lines)
                or re.sub(r"\d+", "#", line["text"]) in running
            ):
                continue
            line = dict(line, left=left, right=right)
            if prev is not None and _continues(prev, line):
                span = tb.add(text)
            else:
                tb.newline()
                span = tb.add(text)
            if line.get("ocr") is not None:
                doc.ocr_spans.append((span[0], span[1], line["ocr"]))
            prev = line
        # a page break ends nothing by itself: the next page's first line may continue
    tb.newline()
    doc.text = tb.text()


_NEW_ITEM = ITEM_START


def _continues(prev: dict, line: dict) -> bool:
    """Whether `line` continues the paragraph of `prev` (the page wrapped it).

    A wrapped line runs to near the right margin (ragged text may stop a few characters
    short when the next word would not fit); a new paragraph is indented, starts with a
    heading number, or follows a line that ended a sentence.
    """
    char = max(prev["size"], _PDF["min_char_size"])
    if prev.get("row") or line.get("row"):
        return False  # a table row stands on its own line
    if prev["text"].rstrip().endswith(tuple(SENTENCE_ENDS)):
        return False
    if line["x0"] > line["left"] + _PDF["indent_chars"] * char or _NEW_ITEM.match(line["text"]):
        return False
    return prev["x1"] >= prev["right"] - _PDF["margin_chars"] * char
