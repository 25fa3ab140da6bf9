"""The sample reports rendered as .docx, .html and .pdf give exactly the cells of the text."""
from __future__ import annotations

import pytest

from ogi import extract

from .conftest import FIXTURES, SAMPLE_STEMS


@pytest.fixture(scope="module")
def text_reports():
    return {stem: extract(FIXTURES / "samples" / f"{stem}.txt") for stem in SAMPLE_STEMS}


@pytest.mark.parametrize("stem", SAMPLE_STEMS)
@pytest.mark.parametrize("suffix", [".docx", ".html", ".pdf"])
def test_rendered_sample_same_cells(stem, suffix, text_reports):
    want = text_reports[stem]
    got = extract(FIXTURES / "samples" / f"{stem}{suffix}")
    assert not got.errors
    assert got.format == "2021"
    assert got.cells == want.cells
    assert got.agency == want.agency and got.year == want.year
    assert [f.rule for f in got.flags] == [f.rule for f in want.flags]
    # spans point at the printed value in this file's own text
    for key, (a, b) in got.cell_spans.items():
        assert got.text[a:b].strip() == str(got.cells[key])


def test_html_body_without_site_navigation():
    rep = extract(FIXTURES / "samples" / f"{SAMPLE_STEMS[0]}.html")
    # the render script puts a site header and footer around the report body
    from ogi.ingest import read_document
    doc = read_document(FIXTURES / "samples" / f"{SAMPLE_STEMS[0]}.html")
    first_line = doc.text.splitlines()[0]
    assert "政府信息公开" in doc.text[:200] or rep.agency in first_line
    assert "首页" not in doc.text and "版权所有" not in doc.text


def test_pdf_page_numbers_removed_and_lines_joined():
    from ogi.ingest import read_document
    doc = read_document(FIXTURES / "samples" / f"{SAMPLE_STEMS[0]}.pdf")
    lines = doc.text.splitlines()
    assert not any(ln.strip().startswith("-") and ln.strip().endswith("-") for ln in lines)
    txt = (FIXTURES / "samples" / f"{SAMPLE_STEMS[0]}.txt").read_text(encoding="utf-8")
    # every narrative paragraph of the sample is one line of the PDF text again
    para = next(ln for ln in txt.splitlines() if len(ln) > 120)
    assert para.strip() in doc.text
