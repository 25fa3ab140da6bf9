"""Scanned reports read by OCR (the `ogi[ocr]` extra), on scans made here from the sample PDFs
(`tests/scans.py`: a red seal over each table, turned 0.6 degrees, grain, JPEG). The whole
matrix (3 samples x 150 and 300 dpi) is `scripts/ocr_fixtures.py`; these are one scan of each
kind, since OCR takes seconds per page."""

from __future__ import annotations

import io
import json

import numpy as np
import pytest

from ogi import extract
from ogi.corpus.rows import report_rows
from ogi.ingest import ocr, read_document
from ogi.tables.read import read_tables

from .conftest import FIXTURES, GOLDEN, SAMPLE_STEMS
from .scans import scan_page, scan_pdf

pytestmark = pytest.mark.skipif(not ocr.available(), reason="the OCR extra is not installed: pip install 'ogi[ocr]'")


def _golden(stem: str) -> dict:
    return json.loads((GOLDEN / "samples" / f"{stem}.json").read_text(encoding="utf-8"))["cells"]


def test_scanned_report_150dpi(tmp_path):
    stem = SAMPLE_STEMS[0]
    p = tmp_path / "scan.pdf"
    p.write_bytes(scan_pdf(FIXTURES / "samples" / f"{stem}.pdf", 150))
    rep = extract(p, sections=False, facts=False)
    want = _golden(stem)
    assert not rep.errors
    assert rep.kind == "pdf-ocr" and rep.ocr_pages == [1, 2, 3]
    wrong = {k: (v, want[k]) for k, v in rep.cells.items() if v is not None and v != want[k]}
    assert wrong == {}
    assert sum(rep.cells[k] == v for k, v in want.items()) >= 190  # 197 when measured
    # every value read carries the recogniser's confidence
    read = {k for k, v in rep.cells.items() if v is not None}
    assert read <= set(rep.ocr_cells)
    assert all(0 < c <= 1 for c in rep.ocr_cells.values())
    out = rep.to_json()
    assert out["input_kind"] == "pdf-ocr" and out["ocr_pages"] == [1, 2, 3]
    rows = report_rows(out)  # the corpus tables say it too
    assert rows["reports"][0]["input_kind"] == "pdf-ocr" and json.loads(rows["reports"][0]["ocr_pages"]) == [1, 2, 3]
    assert {c["key"] for c in rows["cells"] if c["ocr_confidence"] is not None} == set(rep.ocr_cells)


def test_page_image_300dpi(tmp_path):
    """A JPEG photo of the page with table 1 on it: the grid read from the image's rules."""
    import pypdfium2 as pdfium

    stem = SAMPLE_STEMS[1]
    pdf = pdfium.PdfDocument(str(FIXTURES / "samples" / f"{stem}.pdf"))
    page = next(i for i in range(len(pdf)) if "第二十条" in pdf[i].get_textpage().get_text_range())
    img = scan_page(pdf[page], 300, 0.6, 12.0, np.random.default_rng(1))
    p = tmp_path / "page.jpg"
    buf = io.BytesIO()
    img.save(buf, "JPEG", quality=80)
    p.write_bytes(buf.getvalue())
    doc = read_document(p)
    assert doc.ok and doc.kind == "image-ocr" and doc.ocr_pages == [1]
    assert doc.tables and doc.ocr_spans
    cells = read_tables(doc).cells
    want = _golden(stem)
    # table 1 but its last row, which the report prints on the next page
    t1 = [k for k in want if k.startswith("t1.") and not k.startswith("t1.admin_fees.")]
    assert {k: cells[k] for k in t1} == {k: want[k] for k in t1}


def test_blank_scan(tmp_path):
    """An image-only page with nothing on it: the same clear error, saying OCR found nothing."""
    from PIL import Image

    p = tmp_path / "blank.pdf"
    Image.new("RGB", (850, 1100), "white").save(p, "PDF", resolution=100)
    rep = extract(p)
    assert [e.code for e in rep.errors] == ["no_text_layer"]
    assert "OCR" in rep.errors[0].message_en and "install" not in rep.errors[0].message_en
