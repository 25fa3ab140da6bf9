"""The 2019 trial format (国办公开办函〔2019〕60号): its table 1, its table 2 with one
（六）其他处理 row, in every input format; older reports; corpus rows; across the change of format."""

from __future__ import annotations

import json

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ogi import extract
from ogi.corpus.rows import report_rows
from ogi.corpus.schema import frame
from ogi.corpus.years import check_years
from ogi.document import Document
from ogi.review import render_review
from ogi.tables.format2019 import load_layout_2019, read_table1_2019

from .conftest import CORPUS, FIXTURES, GOLDEN, require_corpus

RENDERED = FIXTURES / "format2019"
NAMES = ["pingtan_2019_page", "pingtan_2020_page", "pingtan_2019", "shanghai_bgt_2019"]
SUFFIXES = ["txt", "md", "html", "docx", "pdf"]
LAYOUT19 = load_layout_2019()


def golden(name: str) -> dict:
    return json.loads(next(GOLDEN.glob(f"corpus/*/{name}.json")).read_text(encoding="utf-8"))


@pytest.mark.parametrize("suffix", SUFFIXES)
@pytest.mark.parametrize("name", NAMES)
def test_rendering_reads_every_cell(name, suffix):
    """The golden values, rebuilt in the 2019 layout as txt/md/html/docx/pdf, read back exactly."""
    g = golden(name)
    rep = extract(RENDERED / f"{name}.{suffix}", sections=False, facts=False)
    assert (rep.format, rep.year, rep.agency) == ("2019", g["year"], g["agency"])
    assert rep.cells == g["cells"]
    assert rep.cells_2019 == g["cells_2019"]
    for key, want in g["extra_cells"].items():
        assert rep.extra_cells.get(key) == want, key
    errors = sorted(f.rule for f in rep.flags if f.severity == "error")
    assert errors == sorted(i["rule"] for i in g["inconsistencies"])
    # Blank cells are missing, never split or guessed.
    assert not {f.rule for f in rep.flags} & {"table.ambiguous_split", "table.unreadable_row"}
    nulls = {
        k for k, v in {**g["cells_2019"], **g["cells"]}.items() if v is None and not k.startswith(("t1.", "t2.other."))
    }
    flagged = {e["cell"] for f in rep.flags if f.rule == "cell.missing" for e in f.evidence}
    assert nulls <= flagged


def test_lacking_cells_are_null_and_not_missing():
    rep = extract(RENDERED / "pingtan_2019.html", sections=False, facts=False)
    lacking = [
        k for k in rep.cells if k.startswith(("t1.", "t2.other.no_correction", "t2.other.unpaid_fee", "t2.other.other"))
    ]
    assert len(lacking) == 10 + 21 and all(rep.cells[k] is None for k in lacking)
    assert rep.extra_cells["t2.other.subtotal.total"] == 0
    assert not [f for f in rep.flags if f.rule in ("cell.missing", "table.missing")]
    out = rep.to_json()
    assert out["format"] == "2019" and set(out["cells_2019"]) == set(LAYOUT19.cells)


def _doc(text: str) -> Document:
    return Document(path="x.txt", text=text)


HEAD = "二、主动公开政府信息情况\n第二十条第（一）项\n"


def _t1(rows: dict[str, str], sep: str = "\t") -> str:
    lines = [HEAD]
    for label, values in rows.items():
        lines.append(label + sep + values)
    return "\n".join(lines) + "\n三、收到和处理政府信息公开申请情况\n"


def test_negative_change_and_units():
    text = _t1(
        {
            "第二十条第（一）项\n信息内容\t本年新制作数量\t本年新公开数量\t对外公开总数量\n规章": "1\t1\t12",
            "行政许可": "40\t-15\t300",
            "行政处罚": "12\t+3\t7",
            "行政强制": "9\t减少4\t1",
            "行政事业性收费": "5\t－2",
            "第二十条第（九）项\n信息内容\t采购项目数量\t采购总金额\n政府集中采购": "3\t12.5万元",
        }
    )
    r = read_table1_2019(_doc(text))
    c = r.cells
    assert (c["t1_2019.licensing.prior_items"], c["t1_2019.licensing.change"], c["t1_2019.licensing.decisions"]) == (
        40,
        -15,
        300,
    )
    assert c["t1_2019.penalty.change"] == 3 and c["t1_2019.admin_fees.change"] == -2
    assert c["t1_2019.enforcement.change"] == -4
    assert c["t1_2019.procurement.items"] == 3 and c["t1_2019.procurement.amount_yuan"] == 125000
    assert c["t1_2019.normative_docs.new_made"] is None  # row absent: null
    a, b = r.spans["t1_2019.licensing.change"]
    assert text[a:b] == "-15"


def test_amount_without_unit_is_null_and_flagged():
    text = _t1({"第二十条第（九）项\n信息内容\t采购项目数量\t采购总金额\n政府集中采购": "3\t4500"})
    r = read_table1_2019(_doc(text))
    assert r.cells["t1_2019.procurement.items"] == 3
    assert r.cells["t1_2019.procurement.amount_yuan"] is None
    flag = next(f for f in r.flags if f.rule == "table.unit_missing")
    assert flag.evidence[0]["printed"] == 4500


def test_unit_in_the_header_applies():
    text = _t1({"第二十条第（九）项\n信息内容\t采购项目数量\t采购总金额（万元）\n政府集中采购": "3\t45"})
    assert read_table1_2019(_doc(text)).cells["t1_2019.procurement.amount_yuan"] == 450000


def test_blank_cells_are_null_never_zero():
    text = _t1({"第二十条第（一）项\n规章": "2\t\t9", "规范性文件": "—\t4\t5"})
    c = read_table1_2019(_doc(text)).cells
    assert [c[f"t1_2019.regulations.{k}"] for k in ("new_made", "new_published", "total_published")] == [2, None, 9]
    assert [c[f"t1_2019.normative_docs.{k}"] for k in ("new_made", "new_published", "total_published")] == [None, 4, 5]


def test_run_together_digits_split_only_where_one_reading_is_left():
    text = (
        HEAD + "第二十条第（一）项规章000规范性文件898989第二十条第（五）项行政许可3960181行政处罚2648-18538"
        "行政事业性收费35-15三、收到和处理政府信息公开申请情况"
    )
    r = read_table1_2019(_doc(text))
    c = r.cells
    assert [c[f"t1_2019.regulations.{k}"] for k in ("new_made", "new_published", "total_published")] == [0, 0, 0]
    assert c["t1_2019.penalty.prior_items"] == 2648  # only 本年增/减 may be negative
    assert c["t1_2019.penalty.change"] is None and c["t1_2019.penalty.decisions"] is None
    assert (c["t1_2019.admin_fees.prior_items"], c["t1_2019.admin_fees.change"]) == (35, -15)
    ambiguous = {e["cell"] for f in r.flags if f.rule == "table.ambiguous_split" for e in f.evidence}
    assert {"t1_2019.normative_docs.new_made", "t1_2019.licensing.decisions", "t1_2019.penalty.change"} <= ambiguous
    assert "t1_2019.regulations.new_made" in r.split_cells


def test_a_negative_count_is_no_reading():
    r = read_table1_2019(_doc(_t1({"第二十条第（五）项\n行政许可": "-4\t2\t3"})))
    assert all(r.cells[f"t1_2019.licensing.{k}"] is None for k in ("prior_items", "change", "decisions"))
    assert any(f.rule == "table.unreadable_row" for f in r.flags)


_T1_ROWS = [(r.zh, r.columns) for r in LAYOUT19.rows if r.key != "procurement"]


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.integers(0, 999), min_size=18, max_size=18),
    st.lists(st.integers(-99, 99), min_size=5, max_size=5),
    st.sampled_from(["\t", " | ", "\n"]),
)
def test_printed_values_read_back(counts, changes, sep):
    """Any values printed with separators come back exactly; run together, never a wrong one."""
    it, ch = iter(counts), iter(changes)
    rows, want = {}, {}
    for zh, cols in _T1_ROWS:
        vals = [next(ch) if c == "change" else next(it) for c in cols]
        rows[zh] = sep.join(str(v) for v in vals)
        key = next(r.key for r in LAYOUT19.rows if r.zh == zh)
        want.update({f"t1_2019.{key}.{c}": v for c, v in zip(cols, vals)})
    text = _t1(rows, sep)
    got = read_table1_2019(_doc(text)).cells
    assert {k: got[k] for k in want} == want
    glued = read_table1_2019(_doc(_t1({zh: v.replace(sep, "") for zh, v in rows.items()}, ""))).cells
    assert all(glued[k] in (None, v) for k, v in want.items())


def test_pre2019_report_has_no_cells_and_keeps_its_narrative():
    path = CORPUS / "text" / "pingtan_2018_page.txt"
    require_corpus(path)
    rep = extract(path)
    assert rep.format == "pre2019" and rep.cells_2019 is None
    assert all(v is None for v in rep.cells.values())
    assert rep.flags[0].rule == "table.unsupported_format" and rep.flags[0].evidence == [{"format": "pre2019"}]
    assert "2019" in rep.flags[0].message_en and rep.facts


def test_corpus_rows_carry_the_2019_cells():
    rep = extract(RENDERED / "pingtan_2019.html", sections=False, facts=False).to_json()
    rows = report_rows(rep)
    cells = frame("cells", rows["cells"])
    own = cells[cells["table_id"] == "t1_2019"].set_index("key")
    assert len(own) == len(LAYOUT19.cells)
    amount = own.loc["t1_2019.procurement.amount_yuan"]
    assert (amount["row_label"], amount["column_label"], amount["amount"]) == (
        "政府集中采购",
        "采购总金额（元）",
        75394432.52,
    )
    assert pd.isna(amount["value"])  # a sum of money is no count
    assert cells["key"].is_unique and (cells["table_id"] == "t2").sum() == 175 + 7  # 25 rows and the 其他处理 row
    assert rows["reports"][0]["format"] == "2019"


def _carry_pair(carried_in: int):
    """A 2020 report of the 2019 format and a 2021 report of the same agency, as corpus rows."""
    old = extract(RENDERED / "pingtan_2020_page.html", sections=False, facts=False).to_json()
    new = json.loads(json.dumps(old))
    new.update(doc_id="b" * 12, source="new.txt", year=2021, format="2021", cells_2019=None)
    new["cells"] = {
        k: (carried_in if k == "t2.carried_in.natural_person" else carried_in if k == "t2.carried_in.total" else v)
        for k, v in new["cells"].items()
    }
    old.update(doc_id="a" * 12)
    rows = [report_rows(r, "平潭综合实验区", None) for r in (old, new)]
    reports = frame("reports", [r["reports"][0] for r in rows])
    cells = frame("cells", [c for r in rows for c in r["cells"]])
    return check_years(reports, cells)


def test_carry_over_across_the_change_of_format():
    assert _carry_pair(0) == []  # 2020 carried over 0, 2021 carried in 0
    flags = _carry_pair(3)
    assert [f.rule for _, f in flags] == ["corpus.carry_over"] and flags[0][0] == "b" * 12
    ev = {(e["doc_id"], e["cell"], e["value"]) for e in flags[0][1].evidence}
    assert ("a" * 12, "t2.carried_out.natural_person", 0) in ev and ("b" * 12, "t2.carried_in.natural_person", 3) in ev


def test_review_page_draws_the_2019_tables():
    rep = extract(RENDERED / "shanghai_bgt_2019.html", sections=False, facts=False)
    page = render_review(rep)
    assert "本年新制作数量" in page and "采购总金额（元）" in page and "（六）其他处理" in page
    assert 'id="tab-t1_2019.regulations.total_published"' in page
    assert "本年制发件数" not in page  # the 2021 table 1 is not drawn for this format
    assert ">524<" in page


def test_text_against_table_2_of_the_2019_format(tmp_path):
    """`text_table` compares the narrative with tables 2 and 3 of this format as with 2021's."""
    text = (RENDERED / "pingtan_2019.txt").read_text(encoding="utf-8")
    at = text.index("一、总体情况\n") + len("一、总体情况\n")
    path = tmp_path / "said.txt"
    path.write_text(text[:at] + "2019年，全区共收到政府信息公开申请30件。\n" + text[at:], encoding="utf-8")
    flags = [f for f in extract(path).flags if f.rule.startswith("text_table.")]
    assert [f.rule for f in flags] == ["text_table.applications_received"]
    assert {e.get("cell"): e.get("value") for e in flags[0].evidence if "cell" in e}["t2.new.total"] == 23
    assert not [f for f in extract(RENDERED / "pingtan_2019.txt").flags if f.rule.startswith("text_table.")]


def test_labels_with_a_unit_note():
    text = _t1({"规章（件）": "1\t2\t3", "规范性文件(件)": "4\t5\t6"})
    c = read_table1_2019(_doc(text)).cells
    assert [c[f"t1_2019.regulations.{k}"] for k in ("new_made", "new_published", "total_published")] == [1, 2, 3]
    assert [c[f"t1_2019.normative_docs.{k}"] for k in ("new_made", "new_published", "total_published")] == [4, 5, 6]


def test_grid_table_1(tmp_path):
    """A real grid: labels with notes, a negative change, a blank cell, the unit in the header."""
    rows = [
        ("第二十条第（一）项",),
        ("信息内容", "本年新制作数量", "本年新公开数量", "对外公开总数量"),
        ("规章（件）", "1", "", "3"),
        ("第二十条第（五）项",),
        ("信息内容", "上一年项目数量", "本年增/减", "处理决定数量"),
        ("行政许可", "20", "-12", "8"),
        ("第二十条第（九）项",),
        ("信息内容", "采购项目数量", "采购总金额（万元）"),
        ("政府集中采购", "2", "1.5"),
    ]
    body = "".join("<tr>" + "".join(f"<td>{c}</td>" for c in r) + "</tr>" for r in rows)
    path = tmp_path / "t.html"
    path.write_text(
        f"<html><body><p>二、主动公开政府信息情况</p><table>{body}</table>"
        "<p>三、收到和处理政府信息公开申请情况</p></body></html>",
        encoding="utf-8",
    )
    from ogi.ingest import read_document

    c = read_table1_2019(read_document(str(path))).cells
    assert [c[f"t1_2019.regulations.{k}"] for k in ("new_made", "new_published", "total_published")] == [1, None, 3]
    assert [c[f"t1_2019.licensing.{k}"] for k in ("prior_items", "change", "decisions")] == [20, -12, 8]
    assert (c["t1_2019.procurement.items"], c["t1_2019.procurement.amount_yuan"]) == (2, 15000)
