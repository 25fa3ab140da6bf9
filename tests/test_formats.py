"""The sample reports rendered as .docx, .html and .pdf give exactly the cells of the text."""

from __future__ import annotations

import random
import re

import pytest

from ogi import extract
from ogi.ingest import iter_inputs

from .conftest import FIXTURES, SAMPLE_STEMS
from .zoo.model import random_table
from .zoo.render import md_clean, tab_rows


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


@pytest.mark.parametrize("stem", SAMPLE_STEMS)
def test_html_body_without_site_navigation(stem):
    """The render script puts a site header, navigation, breadcrumb and source line before the
    report and print links and a footer after it: the text is the report, from its first line
    to its last (after the page's <title>, which names the report)."""
    from ogi.ingest import read_document

    page = FIXTURES / "samples" / f"{stem}.html"
    title = re.search(r"<title>(.*?)</title>", page.read_text(encoding="utf-8")).group(1)
    lines = [ln.strip() for ln in read_document(page).text.splitlines() if ln.strip()]
    report = [
        ln.strip()
        for ln in (FIXTURES / "samples" / f"{stem}.txt").read_text(encoding="utf-8").splitlines()
        if ln.strip()
    ]
    assert lines[:2] == [title, report[0]]
    assert lines[-1] == report[-1]
    assert "首页" not in "".join(lines)


def test_pdf_page_numbers_removed_and_lines_joined():
    from ogi.ingest import read_document

    doc = read_document(FIXTURES / "samples" / f"{SAMPLE_STEMS[0]}.pdf")
    lines = doc.text.splitlines()
    assert not any(ln.strip().startswith("-") and ln.strip().endswith("-") for ln in lines)
    txt = (FIXTURES / "samples" / f"{SAMPLE_STEMS[0]}.txt").read_text(encoding="utf-8")
    # every narrative paragraph of the sample is one line of the PDF text again
    para = next(ln for ln in txt.splitlines() if len(ln) > 120)
    assert para.strip() in doc.text


def test_folder_walk_keeps_the_markdown_extract_reads_as_reports(tmp_path):
    """A folder's .md files are kept exactly when `ogi extract` reads them as reports: by
    their narrative, or, tab rows without narrative, by their values (the walk reads the
    tables only then); notes and blank tab rows are passed over."""
    cells = random_table(random.Random(11))
    lines = tab_rows(cells, random.Random(11))[1].decode().splitlines()
    tab_only = "\n".join([lines[0]] + [ln for ln in lines if "\t" in ln])  # the title, then the rows
    docs = {
        "report.md": md_clean(cells, random.Random(11))[1].decode(),
        "tab_rows.md": tab_only,
        "blank.md": re.sub(r"(?<=\t)\d+(?:\.\d+)?", "", tab_only),  # every value emptied
        "README.md": "# Notes\n\nTODO: read the 信息公开 reports of 2022 again\n",
    }
    for name, doc in docs.items():
        (tmp_path / name).write_text(doc, encoding="utf-8")
    files, _ = iter_inputs([tmp_path])
    assert sorted(f.name for f in files) == ["report.md", "tab_rows.md"]
    for name in docs:
        errors = extract(tmp_path / name, sections=False, facts=False).errors
        assert (name in {f.name for f in files}) == all(e.code != "not_a_report" for e in errors), name
