"""Across years: corpus.carry_over and corpus.in_force, and one agency recognised across
years however its name is written (but never two agencies taken for one). A split chosen
by last year's report: tests/test_split_by_year.py."""

from __future__ import annotations

import json

import pandas as pd
import pytest

import ogi
from ogi.corpus.agency import agency_key, name_context
from ogi.corpus.schema import frame
from ogi.corpus.years import check_years, group_agencies

from .conftest import CORPUS, FIXTURES, require_corpus

BASE = FIXTURES / "samples" / "000_a603a2208d919e1a.txt"  # 2023
YEARS = FIXTURES / "years"


def corpus_flags(c) -> pd.DataFrame:
    return c.flags[c.flags["rule"].str.startswith("corpus.")]


def test_edited_pair_is_flagged_with_both_documents():
    c = ogi.extract_corpus([BASE, YEARS / "000_2024_edited.txt"])
    rep = c.reports.set_index("year")
    later, earlier = rep.loc[2024, "doc_id"], rep.loc[2023, "doc_id"]
    assert rep.loc[2024, "n_flags"] == 0  # the edit keeps the report's own sums
    flags = corpus_flags(c).set_index("rule")
    assert sorted(flags.index) == ["corpus.carry_over", "corpus.in_force"]
    assert (flags["doc_id"] == later).all() and (flags["severity"] == "warning").all()
    carry = json.loads(flags.loc["corpus.carry_over", "evidence"])
    assert {(e["doc_id"], e["cell"], e["value"]) for e in carry} == {
        (earlier, "t2.carried_out.natural_person", 0),
        (later, "t2.carried_in.natural_person", 2),
        (earlier, "t2.carried_out.total", 0),
        (later, "t2.carried_in.total", 2),
    }
    assert all(e["source"].endswith((".txt",)) for e in carry)
    assert "上年结转" in flags.loc["corpus.carry_over", "message"]
    assert "carried in 2" in flags.loc["corpus.carry_over", "message_en"]
    in_force = json.loads(flags.loc["corpus.in_force", "evidence"])
    assert [(e["doc_id"], e["cell"], e["value"]) for e in in_force] == [
        (earlier, "t1.normative_docs.in_force", 1),
        (later, "t1.normative_docs.issued", 1),
        (later, "t1.normative_docs.abolished", 1),
        (later, "t1.normative_docs.in_force", 4),
    ]
    assert (
        "= 1" in flags.loc["corpus.in_force", "message_en"]
        and "4 in force" in flags.loc["corpus.in_force", "message_en"]
    )
    # corpus flags come after the report's own flags
    assert list(c.flags[c.flags.doc_id == later]["flag_no"]) == [0, 1]


def test_untouched_pair_is_not_flagged():
    c = ogi.extract_corpus([BASE, YEARS / "000_2024_same.txt"])
    assert sorted(c.reports["year"]) == [2023, 2024]
    assert corpus_flags(c).empty


# Unit level: reports and cells as the store holds them.
def reports_frame(rows: list[tuple]) -> pd.DataFrame:
    return frame(
        "reports",
        [
            {
                "doc_id": d,
                "source": f"{d}.txt",
                "agency_key": agency_key(a),
                "year": y,
                "agency_context": json.dumps(ctx, ensure_ascii=False) if ctx else None,
                "n_flags": 0,
                "n_errors": 0,
            }
            for d, a, y, ctx in rows
        ],
    )


def cells_frame(values: dict[str, dict[str, int]]) -> pd.DataFrame:
    return frame("cells", [{"doc_id": d, "key": k, "value": v} for d, kv in values.items() for k, v in kv.items()])


def carry(doc_in, doc_out, a_out, b_in):
    return {doc_out: {"t2.carried_out.total": a_out}, doc_in: {"t2.carried_in.total": b_in}}


@pytest.mark.parametrize(
    "a,b",
    [
        ("某某市某某区人民政府", "某某市某某区政府"),
        ("某某市 某某区（工业和信息化局）", "某某市某某区(工业和信息化局)"),
        ("某某县人民政府办公室", "某某县人民政府"),
        ("某某市人民政府办公厅", "某某市政府"),
        ("某某新区管理委员会", "某某新区管委会"),
    ],
)
def test_name_variants_are_one_agency(a, b):
    reps = reports_frame([("a1", a, 2022, None), ("b1", b, 2023, None)])
    groups = group_agencies(reps)
    assert groups["a1"] == groups["b1"]
    flags = check_years(reps, cells_frame(carry("b1", "a1", 3, 1)))
    assert [(d, f.rule) for d, f in flags] == [("b1", "corpus.carry_over")]


@pytest.mark.parametrize(
    "a,b",
    [
        ("某某市某某区人民政府", "某某市某某县人民政府"),
        ("某某市教育局", "某某市教育局某某分局"),
        ("甲市乙区人民政府", "丙市乙区人民政府"),  # same district name in two cities
        ("乙区人民政府", "丙市乙区人民政府"),  # short name, and the report never writes 丙市 before it
    ],
)
def test_different_agencies_are_never_joined(a, b):
    reps = reports_frame([("a1", a, 2022, None), ("b1", b, 2023, None)])
    assert group_agencies(reps)["a1"] != group_agencies(reps)["b1"]
    assert check_years(reps, cells_frame(carry("b1", "a1", 3, 1))) == []


def test_short_name_joins_the_prefixed_name_only_when_the_report_writes_the_prefix():
    text = "乙区人民政府\n2023年政府信息公开工作年度报告\n本报告由丙市乙区人民政府办公室编制。"
    ctx = name_context("乙区人民政府", text)
    assert ctx == ["本报告由丙市"]
    reps = reports_frame(
        [
            ("a1", "乙区人民政府", 2023, ctx),
            ("b1", "丙市乙区人民政府", 2024, None),
            ("c1", "丁市乙区人民政府", 2024, None),
        ]
    )
    groups = group_agencies(reps)
    assert groups["a1"] == groups["b1"] != groups["c1"]


def test_government_and_its_office_in_the_same_year_stay_two_agencies():
    reps = reports_frame(
        [
            ("g22", "某某市人民政府", 2022, None),
            ("o22", "某某市人民政府办公厅", 2022, None),
            ("g23", "某某市人民政府", 2023, None),
        ]
    )
    groups = group_agencies(reps)
    assert groups["g22"] == groups["g23"] != groups["o22"]


@pytest.mark.parametrize("y1,y2", [(2021, 2023), (2023, 2023), (2023, 2022)])
def test_only_consecutive_years_are_compared(y1, y2):
    reps = reports_frame([("a1", "某某局", y1, None), ("b1", "某某局", y2, None)])
    assert check_years(reps, cells_frame(carry("b1", "a1", 3, 1))) == []


def test_unknown_cells_are_not_compared():
    reps = reports_frame([("a1", "某某局", 2022, None), ("b1", "某某局", 2023, None)])
    assert check_years(reps, cells_frame(carry("b1", "a1", None, 1))) == []


def test_real_multi_year_series():
    """Pingtan 2019–2025 (text and HTML) and Hongze 2023–2024: what fires, read by eye.

    The one flag is real: the 2022 table says 698 规范性文件 in force; 2023 issued 77 and
    abolished 132, so 643 were expected, but the 2023 table says 470 (its own narrative
    says 393 after a full clean-up, so the series really does not reconcile).
    The two hzq PDFs (2023, 2024) agree (in force and carried over), under two spellings of
    the agency's name."""
    for sub in ("text", "html", "pdf"):
        require_corpus(CORPUS / sub)
    c = ogi.extract_corpus([CORPUS / "text", CORPUS / "html", CORPUS / "pdf"])
    src = c.reports.set_index("doc_id")["source"].map(lambda s: s.rsplit("/", 1)[-1])
    fired = {(src[d], r) for d, r in zip(*corpus_flags(c)[["doc_id", "rule"]].T.values)}
    assert fired == {("pingtan_2023.html", "corpus.in_force")}
    # The 2022 page text runs its 规范性文件 row together; the 2021 report's in-force count
    # leaves one split, the one the 2022 HTML copy prints in its table.
    chosen = c.flags[c.flags["rule"] == "table.split_by_previous_year"]
    assert [src[d] for d in chosen["doc_id"]] == ["pingtan_2022_page.txt"]
    doc = {name: d for d, name in src.items()}
    value = c.cells.set_index(["doc_id", "key"])["value"]
    for k in ("issued", "abolished", "in_force"):
        key = f"t1.normative_docs.{k}"
        assert value[(doc["pingtan_2022_page.txt"], key)] == value[(doc["pingtan_2022.html"], key)]
    groups = group_agencies(c.reports)
    by_name = {src[d]: g for d, g in groups.items()}
    assert by_name["hzq2023_working.pdf"] == by_name["hzq2024_working.pdf"] != by_name["szfgs2024.pdf"]
    assert len({by_name[n] for n in by_name if n.startswith("pingtan")}) == 1
