"""Bad input: a clear entry in `errors`, no invented value, and the batch goes on."""

from __future__ import annotations

import os

import pytest

from ogi import extract

from .conftest import CORPUS, FIXTURES, require_corpus
from .hostile_files import pdf

SAMPLE = FIXTURES / "samples" / "000_a603a2208d919e1a.txt"


def codes(rep) -> list[str]:
    return [e.code for e in rep.errors]


def assert_nothing_invented(rep):
    assert all(v is None for v in rep.cells.values())
    assert rep.cell_spans == {} and rep.facts == []


def test_empty_file(tmp_path):
    p = tmp_path / "empty.txt"
    p.write_bytes(b"")
    rep = extract(p)
    assert codes(rep) == ["empty"]
    assert_nothing_invented(rep)


def test_whitespace_only_file(tmp_path):
    p = tmp_path / "blank.txt"
    p.write_bytes(b" \n\t\n")
    assert codes(extract(p)) == ["empty"]


def test_binary_file(tmp_path):
    p = tmp_path / "data.txt"
    p.write_bytes(bytes(range(256)) * 40)
    rep = extract(p)
    assert codes(rep) == ["binary"]
    assert_nothing_invented(rep)


def test_unsupported_suffix(tmp_path):
    p = tmp_path / "report.xls"
    p.write_bytes(b"\xd0\xcf\x11\xe0" + b"\x00" * 100)
    rep = extract(p)
    assert codes(rep) == ["unsupported_type"]
    assert ".xls" in rep.errors[0].message_en


@pytest.mark.parametrize("encoding", ["gb18030", "gbk", "utf-16", "utf-8-sig", "utf-16-be"])
def test_encodings_are_detected(tmp_path, encoding):
    text = SAMPLE.read_text(encoding="utf-8")
    p = tmp_path / f"report_{encoding}.txt"
    p.write_bytes(text.encode(encoding))
    rep = extract(p)
    want = extract(SAMPLE)
    assert not rep.errors
    assert rep.cells == want.cells
    assert rep.agency == want.agency


def test_corrupt_docx(tmp_path):
    p = tmp_path / "broken.docx"
    p.write_bytes(b"PK\x03\x04" + os.urandom(500))
    rep = extract(p)
    assert codes(rep) == ["corrupt"]
    assert_nothing_invented(rep)


def test_truncated_docx(tmp_path):
    data = (FIXTURES / "samples" / "000_a603a2208d919e1a.docx").read_bytes()
    p = tmp_path / "truncated.docx"
    p.write_bytes(data[: len(data) // 2])
    rep = extract(p)
    assert codes(rep) == ["corrupt"]
    assert_nothing_invented(rep)


def test_corrupt_pdf(tmp_path):
    p = tmp_path / "broken.pdf"
    p.write_bytes(b"%PDF-1.4\n" + os.urandom(800))
    rep = extract(p)
    assert codes(rep) == ["corrupt"]
    assert_nothing_invented(rep)


def _pdf_without_text() -> bytes:
    """A valid one-page PDF that draws a grey box and holds no text, like a scan."""
    content = b"0.5 g 100 100 400 600 re f"
    return pdf(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << >> >>",
            b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
        ]
    )


def test_scanned_pdf_without_text_layer(tmp_path):
    p = tmp_path / "scan.pdf"
    p.write_bytes(_pdf_without_text())
    rep = extract(p)
    assert codes(rep) == ["no_text_layer"]
    assert "OCR" in rep.errors[0].message_en
    assert_nothing_invented(rep)


def test_very_large_file(tmp_path, monkeypatch):
    monkeypatch.setenv("OGI_MAX_BYTES", "1000")
    p = tmp_path / "huge.txt"
    p.write_bytes(SAMPLE.read_bytes())
    rep = extract(p)
    assert codes(rep) == ["too_large"]
    assert "OGI_MAX_BYTES" in rep.errors[0].message_en
    assert_nothing_invented(rep)


def test_not_a_report_text(tmp_path):
    p = tmp_path / "notice.txt"
    p.write_text(
        "关于道路施工的通告\n因市政管网改造需要，本周六起对中山路部分路段实施封闭施工，"
        "工期约15天。请过往车辆提前绕行。施工期间给市民出行带来的不便，敬请谅解。\n"
        "特此通告。\n市政工程管理处\n2023年5月8日\n",
        encoding="utf-8",
    )
    rep = extract(p)
    assert codes(rep) == ["not_a_report"]
    assert_nothing_invented(rep)
    assert rep.flags == []


def test_blank_template_is_not_a_report():
    p = CORPUS / "not_a_report" / "blank_template_2021_format.docx"
    require_corpus(p)
    rep = extract(p)
    assert codes(rep) == ["not_a_report"]
    assert_nothing_invented(rep)


def test_truncated_table(tmp_path):
    """A report cut off inside table 2: what is there is read, the rest is null and flagged."""
    text = SAMPLE.read_text(encoding="utf-8")
    cut = text.index("（四）无法提供")
    p = tmp_path / "cut.txt"
    p.write_text(text[:cut], encoding="utf-8")
    rep = extract(p)
    full = extract(SAMPLE)
    assert not rep.errors
    assert rep.cells["t2.granted.natural_person"] == 1
    for key, value in rep.cells.items():
        assert value is None or value == full.cells[key], key  # nothing invented
    assert rep.cells["t2.unavailable.not_held.total"] is None
    assert rep.cells["t2.total.total"] is None
    rules = {f.rule for f in rep.flags}
    assert "table.missing" in rules  # table 3 is gone
    missing = {e["cell"] for f in rep.flags if f.rule == "cell.missing" for e in f.evidence}
    assert "t2.carried_out.total" in missing and "t2.unavailable.not_held.natural_person" in missing
    assert not [f for f in rep.flags if f.severity == "error"]  # sums with unknown cells are not checked


def test_unreadable_path():
    rep = extract("/nonexistent/report.txt")
    assert codes(rep) == ["unreadable"]
