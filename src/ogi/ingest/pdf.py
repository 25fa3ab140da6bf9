"""PDF reports with a text layer (pdfplumber).

Text comes out in reading order: lines that the page wrapped mid-sentence are joined into
their paragraph, page numbers (`- 2 -`, `第2页`) and running headers are dropped. Tables are
taken from the page's ruling lines where it has them; rows of a detected "table" that are
really ruled paragraph lines (WPS draws lines under text) stay text. Where a table has no
ruling lines its rows stay text lines, which the table parser reads as flattened text.
"""
from __future__ import annotations

import io
import re
from collections import Counter

from ..document import Document, IngestError, TextBuilder
from .normalize import normalize_text

_PAGE_NO = re.compile(r"^\s*(?:[-—–－]\s*\d{1,4}\s*[-—–－]|第\s*\d{1,4}\s*页(?:\s*共\s*\d+\s*页)?|\d{1,4}\s*/\s*\d{1,4}|\d{1,4})\s*$")
_END_PUNCT = tuple("。！？；：:!?;")
_HEADING = re.compile(r"^\s*[一二三四五六七八九十]+\s*[、.．]")


def _table_blocks(page) -> list[tuple[tuple[float, float, float, float], list[list[str | None]]]]:
    """Real table row blocks of a page: (bbox, grid)."""
    blocks = []
    for table in page.find_tables():
        grid = table.extract()
        rows = table.rows
        if not grid or len(grid[0]) < 2:
            continue  # a one-column "table" is a frame or ruled paragraphs
        tablelike = [sum(1 for c in row if c not in (None, "")) >= 2 for row in grid]
        # Keep the span from the first to the last row that has two or more filled cells.
        idx = [i for i, ok in enumerate(tablelike) if ok]
        if len(idx) < 1:
            continue
        lo, hi = idx[0], idx[-1]
        # Header rows directly above (one spanning cell) belong to the table when short.
        while (lo > 0 and grid[lo - 1][0] and len(grid[lo - 1][0]) <= 20
               and not grid[lo - 1][0].endswith(_END_PUNCT) and not _HEADING.match(grid[lo - 1][0])):
            lo -= 1
        kept = grid[lo:hi + 1]
        x0 = min(r.bbox[0] for r in rows[lo:hi + 1])
        top = min(r.bbox[1] for r in rows[lo:hi + 1])
        x1 = max(r.bbox[2] for r in rows[lo:hi + 1])
        bottom = max(r.bbox[3] for r in rows[lo:hi + 1])
        blocks.append(((x0, top, x1, bottom), kept))
    return blocks


def _inside(obj, bbox) -> bool:
    x0, top, x1, bottom = bbox
    cx = (obj["x0"] + obj["x1"]) / 2
    cy = (obj["top"] + obj["bottom"]) / 2
    return x0 - 1 <= cx <= x1 + 1 and top - 1 <= cy <= bottom + 1


def _page_items(page):
    """Lines and table blocks of one page, top to bottom."""
    blocks = _table_blocks(page)
    if blocks:
        bboxes = [b for b, _ in blocks]
        text_page = page.filter(lambda o: not any(_inside(o, b) for b in bboxes) if o.get("object_type") == "char" else True)
    else:
        text_page = page
    items = []
    for line in text_page.extract_text_lines(layout=False, strip=True, return_chars=True):
        chars = line.get("chars") or []
        size = Counter(round(c.get("size", 10)) for c in chars).most_common(1)[0][0] if chars else 10
        items.append(("line", line["top"], {"text": line["text"], "x0": line["x0"], "x1": line["x1"],
                                            "top": line["top"], "size": size}))
    for bbox, grid in blocks:
        items.append(("table", bbox[1], grid))
    items.sort(key=lambda it: it[1])
    return items


def read_pdf(path: str, data: bytes) -> Document:
    doc = Document(path=path, kind="pdf")
    try:
        import pdfplumber

        pdf = pdfplumber.open(io.BytesIO(data))
    except Exception as exc:  # pdfminer raises many kinds of errors on damaged files
        doc.errors.append(IngestError("corrupt", "PDF 文件已损坏，无法打开。", f"The PDF file is corrupt and cannot be opened ({type(exc).__name__})."))
        return doc
    try:
        pages = []
        try:
            for page in pdf.pages:
                pages.append((page.width, _page_items(page)))
        except Exception as exc:
            doc.errors.append(IngestError("corrupt", "PDF 文件已损坏，无法读取页面内容。", f"The PDF's pages cannot be read ({type(exc).__name__}: {exc})."))
            return doc
        doc.pages = len(pages)
    finally:
        pdf.close()
    if not any(it for _, items in pages for it in items):
        doc.errors.append(IngestError("no_text_layer", "PDF 没有文字层（可能是扫描件），本工具不支持 OCR。",
                                      "The PDF has no text layer (probably a scan); OCR is not supported."))
        return doc

    # Running headers/footers: the same line (digits ignored) at the top or bottom of most pages.
    edge = Counter()
    for _, items in pages:
        lines = [it[2]["text"] for it in items if it[0] == "line"]
        for s in set(lines[:1] + lines[-1:]):
            edge[re.sub(r"\d+", "#", s)] += 1
    running = {k for k, n in edge.items() if len(pages) >= 3 and n >= max(2, len(pages) * 0.6)}

    tb = TextBuilder()
    prev = None  # the last line emitted, to decide on joining wrapped lines
    for width, items in pages:
        lines = [it[2] for it in items if it[0] == "line"]
        if lines:
            left = min(l["x0"] for l in lines)
            right = max(l["x1"] for l in lines)
        for kind, _, payload in items:
            if kind == "table":
                doc.tables.append(tb.add_table([[normalize_text(c) if c else c for c in row] for row in payload]))
                prev = None
                continue
            line = payload
            text = normalize_text(line["text"]).strip()
            if not text or _PAGE_NO.match(text) or re.sub(r"\d+", "#", line["text"]) in running:
                continue
            line = dict(line, left=left, right=right)
            if prev is not None and _continues(prev, line):
                tb.add(text)
            else:
                tb.newline()
                tb.add(text)
            prev = line
        # a page break ends nothing by itself: the next page's first line may continue
    tb.newline()
    doc.text = tb.text()
    return doc


_NEW_ITEM = re.compile(r"^\s*(?:[一二三四五六七八九十]+\s*[、.．]|[（(]\s*[一二三四五六七八九十\d]+\s*[)）]|\d{1,2}\s*[.．、](?!\d))")


def _continues(prev: dict, line: dict) -> bool:
    """Whether `line` continues the paragraph of `prev` (the page wrapped it).

    A wrapped line runs to near the right margin (ragged text may stop a few characters
    short when the next word would not fit); a new paragraph is indented, starts with a
    heading number, or follows a line that ended a sentence.
    """
    char = max(prev["size"], 6)
    if prev["text"].rstrip().endswith(("。", "！", "？")):
        return False
    if line["x0"] > line["left"] + 1.2 * char or _NEW_ITEM.match(line["text"]):
        return False
    return prev["x1"] >= prev["right"] - 8 * char
