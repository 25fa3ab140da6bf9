"""Golden files: every report in samples and corpus against cells written by reading it."""

from __future__ import annotations

import pytest

from ogi import extract
from ogi.tables.numbers import read_number

from .conftest import golden_files, load_golden, require_corpus, source_of

GOLDEN = golden_files()


def read_signed(text: str):
    """A table number as printed, with the minus sign of 本年增/减 (`-15`)."""
    s = text.strip()
    neg = s[:1] in "-－−"
    v = read_number(s[1:] if neg else s)
    return -v if neg and v is not None else v


def _id(p):
    return "/".join(p.parts[-2:])


@pytest.fixture(scope="module")
def reports():
    cache = {}

    def get(path):
        if path not in cache:
            cache[path] = extract(path)
        return cache[path]

    return get


def golden_and_report(gpath, reports):
    golden = load_golden(gpath)
    src = source_of(golden)
    require_corpus(src)
    return golden, reports(src)


@pytest.mark.parametrize("gpath", GOLDEN, ids=_id)
def test_cells_match_golden(gpath, reports):
    golden, rep = golden_and_report(gpath, reports)
    assert not rep.errors
    assert rep.format == golden["format"]
    assert rep.agency == golden["agency"]
    assert rep.year == golden["year"]
    assert set(rep.cells) == set(golden["cells"])
    unrecoverable = set(golden.get("unrecoverable", {}))
    flagged = {e.get("cell") for f in rep.flags for e in f.evidence}
    if "cells_2019" in golden:
        assert set(rep.cells_2019) == set(golden["cells_2019"])
        assert rep.extra_cells == golden["extra_cells"]
    else:
        assert rep.cells_2019 is None
    read = {**golden["cells"], **golden.get("cells_2019", {})}
    got_all = {**rep.cells, **(rep.cells_2019 or {})}
    for key, want in read.items():
        got = got_all[key]
        if rep.format not in ("2021", "2019"):
            assert got is None, key
        elif key in unrecoverable:
            # Only the document's sums could tell; they cannot, so: empty and flagged, never a guess.
            assert got is None and key in flagged, key
        else:
            assert got == want, key


@pytest.mark.parametrize("gpath", GOLDEN, ids=_id)
def test_every_value_has_its_span(gpath, reports):
    golden, rep = golden_and_report(gpath, reports)
    for key, value in {**rep.cells, **(rep.cells_2019 or {})}.items():
        if value is None:
            assert key not in rep.cell_spans
            continue
        start, end = rep.cell_spans[key]
        printed = rep.text[start:end]
        if key.startswith("t1_2019.procurement.amount"):
            continue  # printed with its unit (元, 万元) and given in yuan: test_format2019 checks it
        assert read_signed(printed) == value, key


@pytest.mark.parametrize("gpath", GOLDEN, ids=_id)
def test_inconsistencies_are_flagged(gpath, reports):
    golden, rep = golden_and_report(gpath, reports)
    want = sorted(i["rule"] for i in golden.get("inconsistencies", []))
    got = sorted(f.rule for f in rep.flags if f.severity == "error")
    assert got == want
    if rep.format not in ("2021", "2019"):
        assert rep.flags[0].rule == "table.unsupported_format"
        assert not {f.rule for f in rep.flags} & {"cell.missing", "table.missing", "table.ambiguous_split"}
