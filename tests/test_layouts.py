"""The layout zoo (tests/zoo): every table in every layout reads each cell right, or null
and flagged; never a wrong value. Then one document per layout class of issue 22, written
here in that layout with invented numbers, and its cells."""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ogi import extract

from .zoo import score
from .zoo.model import golden_tables, random_table
from .zoo.render import LAYOUTS, tab_rows

GOLDEN = golden_tables()


def _read(tmp_path, suffix: str, data: bytes):
    p = tmp_path / f"doc{suffix}"
    p.write_bytes(data)
    return extract(p, sections=False, facts=False)


@pytest.mark.parametrize("layout", list(LAYOUTS))
def test_golden_tables_in_every_layout(tmp_path, layout):
    for name, cells in GOLDEN.items():
        suffix, data, expected = LAYOUTS[layout](cells, random.Random(f"{layout}/{name}"))
        rep = _read(tmp_path, suffix, data)
        s = score(rep.cells, rep.flags, expected)
        assert not s.wrong, (name, s.wrong[:5])
        assert not s.silent, name
        assert s.right >= 0.9 * s.stated, (name, s.right, s.stated)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(layout=st.sampled_from(list(LAYOUTS)), seed=st.integers(0, 2**32 - 1), blanks=st.sampled_from([0.0, 0.1]))
def test_random_tables_never_read_wrong(tmp_path, layout, seed, blanks):
    rng = random.Random(seed)
    cells = random_table(rng, blanks=blanks)
    suffix, data, expected = LAYOUTS[layout](cells, rng)
    rep = _read(tmp_path, suffix, data)
    s = score(rep.cells, rep.flags, expected)
    assert not s.wrong, s.wrong[:5]
    assert not s.silent


# --- one document per class, in its layout --------------------------------------------------


def _table(**over) -> dict:
    """A small table of my own that adds up, with `over` cells changed."""
    cells = random_table(random.Random(7), scale=12)
    cells.update(over)
    return cells


def _doc(cells, edit=None) -> str:
    _, data, _ = tab_rows(cells, random.Random(3))
    text = data.decode()
    return edit(text) if edit else text


def _line(text: str, start: str) -> str:
    return next(x for x in text.split("\n") if x.startswith(start))


def test_class1_as_many_digits_as_cells(tmp_path):
    cells = _table()
    text = _doc(cells)
    row = _line(text, "\t".join(str(cells[k]) for k in list(cells) if k.startswith("t3."))[:10])
    ones = "100000000000000"  # 15 digits for 15 cells: one split only, even where a sum fails
    rep = _read(tmp_path, ".txt", text.replace(row, ones).encode())
    assert [rep.cells[k] for k in rep.cells if k.startswith("t3.")] == [int(c) for c in ones]
    assert "t3.review.upheld" in rep.split_cells
    assert "t3.group_sum" in {f.rule for f in rep.flags}


def test_class2_absent_row_leaves_only_its_cells(tmp_path):
    cells = _table()
    text = _doc(cells, lambda t: t.replace(_line(t, "规章\t") + "\n", ""))
    rep = _read(tmp_path, ".txt", text.encode())
    assert rep.tables_found["t1"]
    for k in ("issued", "abolished", "in_force"):
        assert rep.cells[f"t1.regulations.{k}"] is None
        assert rep.cells[f"t1.normative_docs.{k}"] == cells[f"t1.normative_docs.{k}"]
    missing = {e["cell"] for f in rep.flags if f.rule == "cell.missing" for e in f.evidence}
    assert "t1.regulations.issued" in missing
    assert rep.cells["t1.licensing.decisions"] == cells["t1.licensing.decisions"]


def _run_together_t1(text: str, digits: str) -> str:
    return text.replace(_line(text, "行政规范性文件\t"), "行政规范性文件" + digits)


def test_class3_narrative_chooses_the_split(tmp_path):
    cells = _table(
        **{"t1.normative_docs.issued": 34, "t1.normative_docs.abolished": 0, "t1.normative_docs.in_force": 89}
    )
    said = "一、总体情况\n本年度制发行政规范性文件34件，废止0件，现行有效89件。"
    text = _run_together_t1(_doc(cells), "34089").replace("一、总体情况", said)
    rep = _read(tmp_path, ".txt", text.encode())
    assert [rep.cells[f"t1.normative_docs.{k}"] for k in ("issued", "abolished", "in_force")] == [34, 0, 89]
    assert "t1.normative_docs.issued" in rep.split_cells
    flag = next(f for f in rep.flags if f.rule == "table.split_by_text")
    span = next(e["span"] for e in flag.evidence if e["cell"] == "t1.normative_docs.issued")
    assert rep.text[span[0] : span[1]] == "34"
    # without the narrative the split stays open: null and flagged
    rep = _read(tmp_path, ".txt", _run_together_t1(_doc(cells), "34089").encode())
    assert rep.cells["t1.normative_docs.issued"] is None
    assert "table.ambiguous_split" in {f.rule for f in rep.flags}


def test_class3_narrative_contradicting_every_split(tmp_path):
    cells = _table()
    said = "一、总体情况\n本年度制发行政规范性文件7件。"
    text = _run_together_t1(_doc(cells), "34089").replace("一、总体情况", said)
    rep = _read(tmp_path, ".txt", text.encode())
    assert rep.cells["t1.normative_docs.issued"] is None
    assert "text_table.normative_docs" in {f.rule for f in rep.flags}


def test_class4_blank_fields_by_position(tmp_path):
    cells = _table()
    for k in [k for k in cells if k.startswith("t3.review.")]:
        cells[k] = None
    rep = _read(tmp_path, ".txt", _doc(cells).encode())  # the t3 row starts with five empty fields
    for k, v in cells.items():
        if k.startswith("t3."):
            assert rep.cells[k] == v, k


def test_class5_wrapped_labels(tmp_path):
    cells = _table()

    def wrap(t: str) -> str:
        row = _line(t, "\t4.无正当理由大量反复申请")
        vals = row.split("\t", 2)[2]
        t = t.replace(row, f"\t④.无正当 理由大量\t{vals}\n反复申请")
        row = _line(t, "\t2.没有现成信息需要另行制作")
        return t.replace(row, row.replace("没有现成信息需要另行制作", "没有现 成信息需 要另行制作"))

    rep = _read(tmp_path, ".txt", _doc(cells, wrap).encode())
    for k, v in cells.items():
        assert rep.cells[k] == v, k


def test_class7_subtotal_rows_keep_the_rows_after_them(tmp_path):
    cells = _table()
    parts = [k for k in cells if k.startswith("t2.denied.")]

    def add(t: str) -> str:
        row = _line(t, "（三）不予公开\t")
        sums = [
            sum(cells[k] for k in parts if k.endswith("." + c))
            for c in (
                "natural_person",
                "commercial",
                "research",
                "public_interest",
                "legal_service",
                "other_org",
                "total",
            )
        ]
        return t.replace(row, "（三）不予公开\t" + "\t".join(map(str, sums)) + "\n\t" + row.split("\t", 1)[1])

    rep = _read(tmp_path, ".txt", _doc(cells, add).encode())
    for k, v in cells.items():
        assert rep.cells[k] == v, k
    assert "t2.denied.subtotal.total" in rep.extra_cells


@pytest.mark.parametrize("blank", ["", "—", "无"])
def test_blank_first_field_is_a_cell(tmp_path, blank):
    cells = _table()
    text = _doc(cells, lambda t: t.replace(_line(t, "行政规范性文件\t"), f"行政规范性文件\t{blank}\t0\t12"))
    rep = _read(tmp_path, ".txt", text.encode())
    assert [rep.cells[f"t1.normative_docs.{k}"] for k in ("issued", "abolished", "in_force")] == [None, 0, 12]
    assert "t1.normative_docs.issued" not in rep.split_cells


@pytest.mark.parametrize("minus", ["-", "－", "−"])
def test_negative_numbers_keep_their_sign_and_are_flagged(tmp_path, minus):
    cells = _table()
    text = _doc(cells, lambda t: t.replace(_line(t, "行政规范性文件\t"), f"行政规范性文件\t{minus}3\t0\t1"))
    rep = _read(tmp_path, ".txt", text.encode())
    assert rep.cells["t1.normative_docs.issued"] == -3
    flag = next(f for f in rep.flags if f.rule == "table.negative_value")
    assert flag.evidence[0]["cell"] == "t1.normative_docs.issued"


def test_markdown_pipe_tables_are_grids_with_offsets(tmp_path):
    from ogi.ingest import read_document

    cells = _table()
    suffix, data, _ = LAYOUTS["Markdown pipes"](cells, random.Random(5))
    p = tmp_path / f"doc{suffix}"
    p.write_bytes(data)
    doc = read_document(p)
    assert len(doc.tables) == 3
    for table in doc.tables:
        for row in table.rows:
            for c in row:
                assert doc.text[c.start : c.end] == c.text
    rep = extract(p, sections=False, facts=False)
    assert rep.cells == {k: cells[k] for k in rep.cells}
    start, end = rep.cell_spans["t2.new.total"]
    assert rep.text[start:end] == str(cells["t2.new.total"])


def test_markdown_split_at_a_page_break_is_joined_row_by_row(tmp_path):
    from ogi.ingest.markdown import pipe_tables

    text = (
        "| 一、本年新收 | | |\n| --- | --- | --- |\n| 二、上年结转 | | |\n\n- 3 -\n\n"
        "| 4 | 1 | 5 |\n| --- | --- | --- |\n| 0 | 2 | 2 |\n"
    )
    (table,) = pipe_tables(text)
    assert [[c.text for c in r] for r in table.rows] == [
        ["一、本年新收", "", "", "4", "1", "5"],
        ["二、上年结转", "", "", "0", "2", "2"],
    ]


def test_pipe_lines_without_a_delimiter_row_stay_text():
    from ogi.ingest.markdown import pipe_tables

    assert pipe_tables("| 规章 | 0 | 0 | 0 |\n| 行政规范性文件 | 1 | 0 | 3 |\n") == []


ZOO_PDF = sorted((Path(__file__).parent / "fixtures" / "zoo_pdf").glob("*.pdf"))


@pytest.mark.parametrize("pdf", ZOO_PDF, ids=lambda p: p.stem)
def test_zoo_pdfs_never_read_wrong(pdf):
    """Zoo tables printed to PDF by LibreOffice (scripts/make_zoo_pdfs.py): nothing wrong,
    nothing lost without a flag."""
    expected = json.loads(pdf.with_suffix(".json").read_text(encoding="utf-8"))["cells"]
    rep = extract(pdf, sections=False, facts=False)
    s = score(rep.cells, rep.flags, expected)
    assert not s.wrong, s.wrong[:5]
    assert not s.silent


@pytest.mark.parametrize("seed", [0, 1])
def test_spaced_and_wrapped_headers_are_still_the_format_and_read_the_same(tmp_path, seed):
    """A converter's spaces inside words (a justified line, a letter-spaced header) and a header
    wrapped inside its cell leave the format's header words apart: the format is still told,
    and every cell reads as in the clean text."""
    from .zoo.printed import justified

    src = Path(__file__).parent / "fixtures" / "samples" / "001_e43356999c5a4606.txt"
    clean = extract(src, sections=False, facts=False)
    rng = random.Random(seed)
    text = "\n".join(justified(line, rng, share=0.3) for line in src.read_text(encoding="utf-8").split("\n"))
    text = text.replace("本年制发件数", "本年制\n发件数").replace("本年处理决定数量", "本年处\n理决定数量")
    rep = _read(tmp_path, ".txt", text.encode())
    assert rep.format == clean.format == "2021"
    assert rep.cells == clean.cells and sum(v is not None for v in rep.cells.values()) == 200
