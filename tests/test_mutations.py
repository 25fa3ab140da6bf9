"""Change one cell of a golden table: the right check fires, citing the right cells."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ogi import extract
from ogi.tables.layout import load_layout

from .conftest import FIXTURES

SAMPLE = FIXTURES / "samples" / "000_a603a2208d919e1a.txt"  # one cell per line
SAMPLE_TABS = FIXTURES / "samples" / "001_e43356999c5a4606.txt"  # tab-separated rows


@pytest.fixture(scope="module")
def base():
    rep = extract(SAMPLE)
    assert not [f for f in rep.flags if f.severity == "error"]
    return rep


def mutate(rep, key: str, new: str, tmp_path: Path) -> object:
    a, b = rep.cell_spans[key]
    text = rep.text[:a] + new + rep.text[b:]
    p = tmp_path / f"mut_{key}.txt"
    p.write_text(text, encoding="utf-8")
    return extract(p)


def rules_citing(rep, key: str) -> set[str]:
    return {f.rule for f in rep.flags if any(e.get("cell") == key for e in f.evidence)}


def test_balance(base, tmp_path):
    rep = mutate(base, "t2.carried_in.natural_person", "5", tmp_path)
    assert rep.cells["t2.carried_in.natural_person"] == 5
    assert "t2.balance" in rules_citing(rep, "t2.carried_in.natural_person")
    bal = [f for f in rep.flags if f.rule == "t2.balance"]
    assert len(bal) == 1
    assert {e["cell"] for e in bal[0].evidence} == {
        "t2.new.natural_person",
        "t2.carried_in.natural_person",
        "t2.total.natural_person",
        "t2.carried_out.natural_person",
    }


def test_outcome_sum(base, tmp_path):
    rep = mutate(base, "t2.denied.process_info.commercial", "3", tmp_path)
    out = [f for f in rep.flags if f.rule == "t2.outcome_sum"]
    assert len(out) == 1 and "t2.denied.process_info.commercial" in {e["cell"] for e in out[0].evidence}
    assert "t2.total.commercial" in {e["cell"] for e in out[0].evidence}
    # the same change also breaks that row's total column
    assert "t2.column_sum" in rules_citing(rep, "t2.denied.process_info.commercial")


def test_column_sum(base, tmp_path):
    rep = mutate(base, "t2.new.total", "4", tmp_path)
    cs = [f for f in rep.flags if f.rule == "t2.column_sum"]
    assert len(cs) == 1
    assert {e["cell"] for e in cs[0].evidence} == set(load_layout().t2[0].cells)


def test_group_sum(base, tmp_path):
    rep = mutate(base, "t3.litigation_after_review.corrected", "2", tmp_path)
    gs = [f for f in rep.flags if f.rule == "t3.group_sum"]
    assert len(gs) == 1
    assert {e["cell"] for e in gs[0].evidence} == {
        f"t3.litigation_after_review.{c}" for c in ("upheld", "corrected", "other", "pending", "total")
    }


def test_blank_cell_is_null_and_flagged(base, tmp_path):
    rep = mutate(base, "t2.partial.research", "", tmp_path)
    assert rep.cells["t2.partial.research"] is None  # never 0
    assert "cell.missing" in rules_citing(rep, "t2.partial.research")
    # the other cells of the row keep their values
    assert rep.cells["t2.partial.natural_person"] == 0 and rep.cells["t2.partial.total"] == 0


def test_blank_cell_in_tab_layout(tmp_path):
    rep0 = extract(SAMPLE_TABS)
    rep = mutate(rep0, "t2.granted.legal_service", "", tmp_path)
    assert rep.cells["t2.granted.legal_service"] is None
    assert rep.cells["t2.granted.other_org"] == 0
    assert "cell.missing" in rules_citing(rep, "t2.granted.legal_service")


T2_KEYS = [k for r in load_layout().t2 for k in r.cells]
T3_KEYS = load_layout().t3_cells


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(key=st.sampled_from(T2_KEYS + T3_KEYS), delta=st.integers(min_value=1, max_value=999))
def test_any_changed_cell_is_cited_by_an_error(base, tmp_path, key, delta):
    new = base.cells[key] + delta
    rep = mutate(base, key, str(new), tmp_path)
    assert rep.cells[key] == new
    errors = {f.rule for f in rep.flags if f.severity == "error" and any(e.get("cell") == key for e in f.evidence)}
    assert errors, key
