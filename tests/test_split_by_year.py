"""A table-1 row whose digits run together, chosen in a corpus by the same agency's previous
report (`table.split_by_previous_year`): in force = last year's + issued − abolished. The
reports are written here (the zoo's tab-row layout, an invented agency and numbers)."""

from __future__ import annotations

import json
import random
import re

import pandas as pd
import pytest
from hypothesis import HealthCheck, assume, event, given, settings
from hypothesis import strategies as st

import ogi
from ogi.corpus.schema import frame
from ogi.corpus.splits import choose_splits
from ogi.document import Document
from ogi.tables.read import read_tables

from .zoo.model import random_table
from .zoo.render import tab_rows

AGENCY = "松台县档案馆"
ROWS = {"normative_docs": "行政规范性文件", "regulations": "规章"}


def _report(year: int, seed: int, row: str = "normative_docs", values=None, digits: str | None = None) -> str:
    """A report of AGENCY for `year`; with `digits`, the row prints them run together."""
    cells = random_table(random.Random(seed), scale=12)
    if values:
        cells.update({f"t1.{row}.{c}": v for c, v in zip(("issued", "abolished", "in_force"), values)})
    text = tab_rows(cells, random.Random(3))[1].decode()
    agency, printed = re.match(r"(.*?)(\d{4})年政府信息公开工作年度报告", text).groups()
    text = text.replace(agency, AGENCY).replace(f"{printed}年", f"{year}年")
    if digits is not None:
        line = next(x for x in text.split("\n") if x.startswith(ROWS[row] + "\t"))
        text = text.replace(line, ROWS[row] + digits)
    return text


def _corpus(tmp_path, docs: dict[str, str]):
    folder = tmp_path / "in"
    folder.mkdir()
    for name, text in docs.items():
        (folder / name).write_text(text, encoding="utf-8")
    return ogi.extract_corpus([folder], out=tmp_path / "c.duckdb")


def _row(c, doc_id: str, row: str = "normative_docs") -> pd.DataFrame:
    cells = c.cells[(c.cells["doc_id"] == doc_id) & c.cells["key"].str.startswith(f"t1.{row}.")]
    return cells.set_index("key").loc[[f"t1.{row}.{k}" for k in ("issued", "abolished", "in_force")]]


def _flags(c, doc_id: str, rule: str) -> list[dict]:
    f = c.flags[(c.flags["doc_id"] == doc_id) & (c.flags["rule"] == rule)]
    return [json.loads(e) for e in f["evidence"]]


def _in_force_on(c, doc_id: str, row: str) -> bool:
    return any(e["cell"].startswith(f"t1.{row}.") for ev in _flags(c, doc_id, "corpus.in_force") for e in ev)


def _doc(c, year: int) -> str:
    return c.reports.set_index("year").loc[year, "doc_id"]


def test_last_years_count_chooses_the_one_split(tmp_path):
    # 34089 reads 3|40|89, 3|408|9, 34|0|89 or 340|8|9; 55 in force last year fits 34|0|89 only
    c = _corpus(
        tmp_path,
        {"a.txt": _report(2022, 1, values=(5, 2, 55)), "b.txt": _report(2023, 2, values=(34, 0, 89), digits="34089")},
    )
    prev, cur = _doc(c, 2022), _doc(c, 2023)
    row = _row(c, cur)
    assert list(row["value"]) == [34, 0, 89] and row["split"].all()
    text = ogi.extract(tmp_path / "in" / "b.txt", sections=False, facts=False).text
    assert [text[a:b] for a, b in zip(row["span_start"], row["span_end"])] == ["34", "0", "89"]
    # the report's own flag stays, with the row's joint readings
    (amb,) = _flags(c, cur, "table.ambiguous_split")
    assert [len(e["row_readings"]) for e in amb] == [4, 4, 4]
    (ev,) = _flags(c, cur, "table.split_by_previous_year")
    assert [(e["doc_id"], e["year"], e["cell"], e["value"]) for e in ev] == [
        (prev, 2022, "t1.normative_docs.in_force", 55),
        (cur, 2023, "t1.normative_docs.issued", 34),
        (cur, 2023, "t1.normative_docs.abolished", 0),
        (cur, 2023, "t1.normative_docs.in_force", 89),
    ]
    prev_text = ogi.extract(tmp_path / "in" / "a.txt", sections=False, facts=False).text
    assert prev_text[slice(*ev[0]["span"])] == "55"
    flag = c.flags[(c.flags["doc_id"] == cur) & (c.flags["rule"] == "table.split_by_previous_year")].iloc[0]
    assert flag["severity"] == "info" and "2022" in flag["message"] and "34 issued" in flag["message_en"]
    assert flag["flag_no"] >= c.reports.set_index("doc_id").loc[cur, "n_flags"]  # after the report's own
    assert not _in_force_on(c, cur, "normative_docs")  # the chosen split keeps the series
    assert c.reports.set_index("doc_id").loc[cur, "n_cells"] == 200
    # finishing again (a rerun) gives the same tables
    again = ogi.extract_corpus([tmp_path / "in"], out=tmp_path / "c.duckdb")
    pd.testing.assert_frame_equal(again.cells, c.cells)
    pd.testing.assert_frame_equal(again.flags, c.flags)
    # the report alone (no corpus) leaves the row null
    rep = ogi.extract(tmp_path / "in" / "b.txt", sections=False, facts=False)
    assert rep.cells["t1.normative_docs.issued"] is None
    assert "table.split_by_previous_year" not in {f.rule for f in rep.flags}


def test_regulations_row_too(tmp_path):
    # 11110: last year's 20 fits 1|11|10 only
    c = _corpus(
        tmp_path,
        {
            "a.txt": _report(2021, 3, "regulations", (0, 0, 20)),
            "b.txt": _report(2022, 4, "regulations", (1, 11, 10), digits="11110"),
        },
    )
    assert list(_row(c, _doc(c, 2022), "regulations")["value"]) == [1, 11, 10]
    assert _flags(c, _doc(c, 2022), "table.split_by_previous_year")


@pytest.mark.parametrize(
    "prev_year,last,values,digits",
    [
        (2022, 110, (1, 1, 110), "11110"),  # two splits fit: 1|1|110 and 1|111|0
        (2021, 55, (34, 0, 89), "34089"),  # no previous report: two years before is no evidence
        (2022, 1000, (34, 0, 89), "34089"),  # last year's count contradicts every split
    ],
)
def test_no_single_fit_stays_null(tmp_path, prev_year, last, values, digits):
    c = _corpus(
        tmp_path,
        {"a.txt": _report(prev_year, 1, values=(0, 0, last)), "b.txt": _report(2023, 2, values=values, digits=digits)},
    )
    cur = _doc(c, 2023)
    assert _row(c, cur)["value"].isna().all()
    assert _flags(c, cur, "table.ambiguous_split") and not _flags(c, cur, "table.split_by_previous_year")
    # corpus.in_force compares known cells only, as before: nothing on the null row
    assert not _in_force_on(c, cur, "normative_docs")


# Property: over random rows, one split is chosen exactly when a single reading fits last
# year's count, and when that count is the true one the split chosen is the true one.
_READ = {}


def _ambiguous(values: tuple[int, int, int]) -> list[dict] | None:
    digits = "".join(map(str, values))
    if digits not in _READ:
        text = _report(2023, 2, values=values, digits=digits)
        flags = read_tables(Document(path="x.txt", text=text)).flags
        _READ[digits] = next((f.evidence for f in flags if f.rule == "table.ambiguous_split"), None)
    return _READ[digits]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    values=st.tuples(st.integers(0, 300), st.integers(0, 300), st.integers(0, 300)),
    last=st.one_of(st.none(), st.integers(0, 600)),
)
def test_a_chosen_split_is_the_true_one(values, last):
    issued, abolished, now = values
    evidence = _ambiguous(values)
    assume(evidence is not None)
    truth = now - issued + abolished
    last = truth if last is None else last  # half the time the true count, else any
    assume(last >= 0)
    keys = [f"t1.normative_docs.{c}" for c in ("issued", "abolished", "in_force")]
    reports = frame(
        "reports",
        [
            {"doc_id": d, "source": f"{d}.txt", "agency_key": AGENCY, "year": y, "n_flags": 0, "n_errors": 0}
            for d, y in (("a", 2022), ("b", 2023))
        ],
    )
    decided = {e["cell"] for e in evidence}
    cells = frame(
        "cells",
        [{"doc_id": "a", "key": keys[2], "value": last}]
        + [{"doc_id": "b", "key": k, "value": None if k in decided else v} for k, v in zip(keys, values)],
    )
    got = choose_splits(reports, cells, pd.DataFrame({"doc_id": ["b"], "evidence": [json.dumps(evidence)]}))
    n = len(evidence[0]["row_readings"])
    joint = {tuple(e["row_readings"][i] for e in evidence) for i in range(n)}
    fixed = dict(zip(keys, values))
    rows = [fixed | dict(zip([e["cell"] for e in evidence], r)) for r in joint]
    fits = [v for v in rows if last + v[keys[0]] - v[keys[1]] == v[keys[2]]]
    event(f"{len(fits)} fit")
    assert bool(got.chosen) == (len(fits) == 1)
    if got.chosen and last == truth:
        assert {k: v for k, (v, _) in got.chosen["b"].items()} == {k: fixed[k] for k in decided}
