"""The review page as HTML: escaping, highlights, flags linked to evidence, rebuilt tables."""

from __future__ import annotations

import json
import re

import lxml.html
import pytest

from ogi.review import render_review
from ogi.review.page import script_json

from .review_reports import BALANCE, HOSTILE, hostile, report, with_facts
from .test_cli import run

DATA_RE = re.compile(r'<script type="application/json" id="ogi-data">(.*?)</script>', re.S)


def parse(page: str):
    return lxml.html.document_fromstring(page)


def marks_of(doc) -> dict[str, list]:
    """Mark id -> the highlight elements that carry it."""
    out: dict[str, list] = {}
    for el in doc.xpath("//span[@data-m]"):
        for m in el.get("data-m").split():
            out.setdefault(m, []).append(el)
    return out


def shown_text(doc) -> str:
    return "".join(el.text_content() for el in doc.xpath('//section[@id="text"]//div[@class="txt"]'))


@pytest.fixture(scope="module")
def sample():
    return report()


def test_untrusted_strings_render_inert():
    rep = hostile()
    page = render_review(rep)
    # Only the template's own two script elements; nothing from the report opens a tag.
    assert page.count("<script") == 2 and page.count("</script") == 2
    assert "<img" not in page and "<b>粗体" not in page and "<i>" not in page
    assert "&lt;script&gt;document.body.setAttribute(&quot;data-pwned&quot;,&quot;1&quot;)&lt;/script&gt;" in page
    assert "标题 &quot;引号&quot; &amp; 和 &lt;b&gt;" in page
    doc = parse(page)
    assert shown_text(doc) == rep.text  # the text comes back exactly, as text
    assert doc.xpath("//title")[0].text_content() == f"ogi review · {rep.title}"
    # The embedded JSON is whole: a '</script>' in a fact could not cut it short.
    data = json.loads(DATA_RE.search(page).group(1))
    assert data["marks"]["fact-0"]["category"] == f"</script>{HOSTILE}"
    assert data["flags"]["flag-0"] == ["cell-t2.new.total", "fact-0"]


def test_script_json_cannot_close_the_script():
    s = script_json({"a": "</script><!--", "b": "&amp;"})
    assert "<" not in s and ">" not in s and "&" not in s
    assert json.loads(s) == {"a": "</script><!--", "b": "&amp;"}


def test_every_cell_with_a_span_is_highlighted_with_its_key(sample):
    doc = parse(render_review(sample))
    marks = marks_of(doc)
    ids = set(doc.xpath("//@id"))
    spans = {k: sp for k, sp in sample.cell_spans.items() if sample.cells.get(k) is not None}
    assert len(spans) == 200
    for key, (a, b) in spans.items():
        els = marks[f"cell-{key}"]
        assert all("c" in el.get("class").split() for el in els)
        assert "".join(el.text_content() for el in els) == sample.text[a:b]
        assert key in els[0].get("title")
        assert f"cell-{key}" in ids  # the anchor a flag or table cell jumps to
    assert shown_text(doc) == sample.text
    facts = doc.xpath('//section[@id="text"]//span[contains(concat(" ", @class, " "), " f ")]')
    assert bool(facts) == bool(sample.facts)
    assert all(f"fact-{i}" in ids for i in range(len(sample.facts)))  # each fact's anchor


def test_section_labels_in_the_margin(sample):
    doc = parse(render_review(sample))
    labels = [el.text for el in doc.xpath('//div[starts-with(@class, "band")]/div[@class="lab"]') if el.text]
    assert {"preamble", "overview.on_request", "table.applications"} <= set(labels)


def test_flags_at_the_top_link_to_evidence_on_the_page():
    page = render_review(report(BALANCE))
    doc = parse(page)
    flags = doc.xpath('//section[@id="flags"]//li[contains(@class, "flag")]')
    assert [f.xpath('.//span[@class="rule"]')[0].text for f in flags] == ["t2.balance", "t2.balance"]
    assert page.index('id="flags"') < page.index('id="tables"') < page.index('id="text"')
    ids = set(doc.xpath("//@id"))
    hrefs = [a.get("href") for f in flags for a in f.xpath(".//a")]
    assert len(hrefs) == 8 and all(h[1:] in ids for h in hrefs)
    assert "#cell-t2.carried_in.total" in hrefs
    data = json.loads(DATA_RE.search(page).group(1))
    assert data["flags"]["flag-1"] == [
        "cell-t2.new.total",
        "cell-t2.carried_in.total",
        "cell-t2.total.total",
        "cell-t2.carried_out.total",
    ]
    ev = marks_of(doc)["cell-t2.carried_in.total"][0]
    assert "ev" in ev.get("class").split() and ev.text_content() == "2"


def test_facts_are_highlighted_and_overlaps_keep_the_markup_whole(sample):
    rep = with_facts(sample)
    page = render_review(rep)
    doc = parse(page)
    marks = marks_of(doc)
    for i, f in enumerate(rep.facts):
        els = marks[f"fact-{i}"]
        assert all("f" in el.get("class").split() for el in els)
        assert "".join(el.text_content() for el in els) == rep.text[f["start"] : f["end"]]
    # The fact around t2.new.total shares its piece with the cell: both colours on one element.
    cell = marks["cell-t2.new.total"]
    assert len(cell) == 1 and {"c", "f"} <= set(cell[0].get("class").split())
    assert set(cell[0].get("data-m").split()) == {"cell-t2.new.total", "fact-1"}
    assert shown_text(doc) == rep.text
    data = json.loads(DATA_RE.search(page).group(1))
    assert data["marks"]["fact-1"]["type"] == "review.cases" and data["marks"]["fact-1"]["confidence"] == 0.5
    flag = doc.xpath('//li[@id="flag-0"]')[0]
    assert [a.get("href") for a in flag.xpath(".//a")] == ["#fact-0", "#cell-t2.new.total"]


def test_tables_rebuilt_with_empty_null_cells(sample):
    rep = report()
    rep.cells["t3.review.total"] = None
    del rep.cell_spans["t3.review.total"]
    doc = parse(render_review(rep))
    null = doc.get_element_by_id("tab-t3.review.total")
    assert null.get("class") == "null" and null.text_content() == ""
    cell = doc.get_element_by_id("tab-t2.new.total")
    assert cell.xpath("./a")[0].get("href") == "#cell-t2.new.total" and cell.text_content() == "1"
    rows = doc.xpath('//section[@id="table-t2"]//tbody/tr')
    assert len(rows) == 25 and rows[0].xpath("./th")[0].text_content().startswith("一、本年新收")
    assert len(doc.xpath('//section[@id="table-t3"]//tbody/tr')) == 3
    assert len(doc.xpath('//section[@id="table-t1"]//td')) == 10


def test_cli_writes_the_page(tmp_path):
    out = tmp_path / "page.html"
    res = run("review", BALANCE, "-o", out)
    assert res.returncode == 0, res.stderr
    page = out.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>") and "t2.balance" in page
    assert not re.search(r"""(src|href)=["']?(https?:)?//""", page)  # nothing fetched
    assert res.stdout == ""


def test_cli_unreadable_file(tmp_path):
    bad = tmp_path / "empty.txt"
    bad.write_text("")
    res = run("review", bad, "-o", tmp_path / "page.html")
    assert res.returncode == 1 and (tmp_path / "page.html").exists()
