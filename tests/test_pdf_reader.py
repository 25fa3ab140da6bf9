"""The PDF reader (PDFium): same lines and ruled grids as pdfplumber's rules, wrapped labels of
narrow columns, scans without the OCR extra."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ogi import extract
from ogi.ingest import ocr, read_document
from ogi.ingest.pdf import _PAGE_NO, _outside
from ogi.ingest.pdf_layout import Char, lines
from ogi.ingest.pdf_page import read_page
from ogi.ingest.pdf_ruling import Edge, find_tables

from .conftest import FIXTURES, GOLDEN, SAMPLE_STEMS, SHARED

NARROW = FIXTURES / "narrow"
PDFS = (
    [FIXTURES / "samples" / f"{s}.pdf" for s in SAMPLE_STEMS]
    + sorted(NARROW.glob("*.pdf"))
    + sorted((SHARED / "corpus" / "pdf").glob("*.pdf"))
)


def _golden(stem: str) -> dict:
    return json.loads((GOLDEN / "samples" / f"{stem}.json").read_text(encoding="utf-8"))["cells"]


@pytest.mark.parametrize("path", PDFS, ids=lambda p: "/".join(p.parts[-2:]))
def test_lines_and_grids_as_pdfplumber(path):
    """pdfplumber (the reader before) is the reference: every page's text lines and every
    ruled table's grid come out the same. One known difference: PDFium does not report the
    spaces LibreOffice sets inside its page numbers (`- 1 -` reads `-1-`), which are dropped
    as page furniture either way."""
    pdfplumber = pytest.importorskip("pdfplumber", reason="pdfplumber is the reference (ogi[test])")
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(str(path))
    with pdfplumber.open(str(path)) as ref:
        assert len(pdf) == len(ref.pages)
        for i, want in enumerate(ref.pages):
            got = read_page(pdf[i])
            # the text outside ruled tables (inside, the grids are compared)
            boxes = [t.bbox for t in want.find_tables()]
            mine = [ln.text for ln in lines(_outside(got.chars, boxes))]
            outside = want.filter(
                lambda o, boxes=boxes: (
                    o.get("object_type") != "char"
                    or bool(_outside([Char(o["text"], o["x0"], o["x1"], o["top"], o["bottom"], o["size"])], boxes))
                )
            )
            ref_lines = [ln["text"] for ln in outside.extract_text_lines(layout=False)]
            assert [t.replace(" ", "") for t in mine] == [t.replace(" ", "") for t in ref_lines]
            assert all(_PAGE_NO.match(a) for a, b in zip(mine, ref_lines) if a != b)
            assert [t.extract(got.chars) for t in find_tables(got.edges)] == [t.extract() for t in want.find_tables()]


@pytest.mark.parametrize("stem", SAMPLE_STEMS)
def test_narrow_label_columns(stem):
    """Labels wrapped over two to seven lines inside narrow cells: ruled and without rules
    (the pieces joined to their row, up and down their column), every cell."""
    want = _golden(stem)
    ruled = extract(NARROW / f"{stem}.pdf", sections=False, facts=False)
    assert ruled.cells == want
    unruled = extract(NARROW / f"{stem}.unruled.pdf", sections=False, facts=False)
    assert not unruled.errors
    assert unruled.cells == want


def test_lone_number_inside_a_page_is_a_value():
    """`0` on a line of its own between a wrapped label's two lines is the row's value, not
    a page number."""
    doc = read_document(NARROW / f"{SAMPLE_STEMS[1]}.unruled.pdf")
    assert any(ln.endswith("行政事业性收费 0") for ln in doc.text.splitlines())


def _grid_edges(xs, ys, jitter):
    edges = []
    for k, y in enumerate(ys):
        j = jitter[k % len(jitter)]
        edges.append(Edge("h", xs[0], y + j, xs[-1], y + j))
    for k, x in enumerate(xs):
        j = jitter[(k + 1) % len(jitter)]
        edges.append(Edge("v", x + j, ys[0], x + j, ys[-1]))
    return edges


@settings(max_examples=40, deadline=None)
@given(
    widths=st.lists(st.floats(12, 80), min_size=2, max_size=8),
    heights=st.lists(st.floats(12, 30), min_size=1, max_size=12),
    jitter=st.lists(st.floats(-1.2, 1.2), min_size=1, max_size=5),
)
def test_ruled_grid_property(widths, heights, jitter):
    """A ruled grid (rules a little off their place, as drawn) gives one table of its rows and
    columns, each character in the cell it is printed in."""
    xs = [50.0]
    for w in widths:
        xs.append(xs[-1] + w)
    ys = [100.0]
    for h in heights:
        ys.append(ys[-1] + h)
    chars = []
    want = []
    for r in range(len(heights)):
        row = []
        for c in range(len(widths)):
            text = str((r * 7 + c) % 10)
            cx, cy = (xs[c] + xs[c + 1]) / 2, (ys[r] + ys[r + 1]) / 2
            chars.append(Char(text, cx - 2.5, cx + 2.5, cy - 4, cy + 4, 8))
            row.append(text)
        want.append(row)
    tables = find_tables(_grid_edges(xs, ys, jitter))
    assert len(tables) == 1
    assert tables[0].extract(chars) == want


def test_pdfium_calls_through_the_typed_wrappers_read_the_same():
    """The reader calls PDFium's per-character and per-segment functions without declared
    argument types, on the library pypdfium2 loaded; where its bindings are laid out otherwise
    each call goes through pypdfium2's typed wrapper, and a page (characters, boxes, ruling
    lines) reads the same either way."""
    import importlib

    import pypdfium2 as pdfium
    import pypdfium2_raw.bindings as bindings

    from ogi.ingest import pdf_page

    pdf = pdfium.PdfDocument(str(FIXTURES / "samples" / f"{SAMPLE_STEMS[0]}.pdf"))
    fast = [read_page(pdf[i]) for i in range(len(pdf))]
    assert hasattr(pdf_page._loose_box, "restype")  # the untyped function itself
    libs = dict(bindings._libs)
    try:
        bindings._libs.clear()
        typed = importlib.reload(pdf_page)
        assert not hasattr(typed._loose_box, "restype")  # the wrapper around the typed one
        slow = [typed.read_page(pdf[i]) for i in range(len(pdf))]
    finally:
        bindings._libs.update(libs)
        importlib.reload(pdf_page)
    assert any(p.edges for p in fast)
    assert [(p.chars, p.edges, p.images) for p in slow] == [(p.chars, p.edges, p.images) for p in fast]


def test_lines_words_and_spaces():
    """Characters of one line sort left to right; a gap over 3 pt is a space; lines cluster by top."""
    cs = [
        Char("乙", 20, 30, 100, 110, 10),
        Char("甲", 10, 20, 100.5, 110.5, 10),
        Char("丙", 36, 46, 100, 110, 10),
        Char("丁", 10, 20, 120, 130, 10),
    ]
    assert [ln.text for ln in lines(cs)] == ["甲乙 丙", "丁"]


def _scan(tmp_path: Path) -> Path:
    from .scans import scan_pdf

    p = tmp_path / "scan.pdf"
    p.write_bytes(scan_pdf(FIXTURES / "samples" / f"{SAMPLE_STEMS[0]}.pdf", 72, pages=[0]))
    return p


def test_scan_without_the_ocr_extra_names_it(tmp_path, monkeypatch):
    monkeypatch.setattr(ocr, "available", lambda: False)
    rep = extract(_scan(tmp_path))
    assert [e.code for e in rep.errors] == ["no_text_layer"]
    assert "ogi[ocr]" in rep.errors[0].message_en and "ogi[ocr]" in rep.errors[0].message
    assert all(v is None for v in rep.cells.values())


def test_page_image_without_the_ocr_extra(tmp_path, monkeypatch):
    from PIL import Image

    monkeypatch.setattr(ocr, "available", lambda: False)
    p = tmp_path / "page.png"
    Image.new("RGB", (60, 80), "white").save(p)
    rep = extract(p)
    assert [e.code for e in rep.errors] == ["ocr_unavailable"]
    assert "ogi[ocr]" in rep.errors[0].message_en


def test_scanned_page_among_text_pages_is_named(tmp_path, monkeypatch):
    """A PDF whose text pages are read but one page is a scan: the text is read and a flag
    names the page that was not."""
    import pypdfium2 as pdfium

    monkeypatch.setattr(ocr, "available", lambda: False)
    scan = pdfium.PdfDocument(str(_scan(tmp_path)))
    pdf = pdfium.PdfDocument(str(FIXTURES / "samples" / f"{SAMPLE_STEMS[0]}.pdf"))
    n = len(pdf)
    pdf.import_pages(scan)
    p = tmp_path / "mixed.pdf"
    pdf.save(str(p))
    doc = read_document(p)
    assert doc.ok and doc.tables and doc.unread_pages == [n + 1]
    rep = extract(p, sections=False, facts=False)
    flag = next(f for f in rep.flags if f.rule == "pdf.pages_unread")
    assert flag.evidence == [{"pages": [n + 1]}] and "ogi[ocr]" in flag.message_en
