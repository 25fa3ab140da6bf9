"""Sentences and the facts read from them, kept as data (cases/facts_sentences.jsonl, one case a
line, as price-parser keeps its examples): each case is one assertion, and a known miss is a
strict xfail, so that mending it makes the suite say so.

A case: `sentence`; `reader`, what reads it: `model` (find_facts, the shipped pipeline), `rules`
(rule_facts, the baseline) or `typer` (the count typer's types, decoded as for one report);
`facts`, all that reader gives, in order: [type], [type, value] or [type, value, category] each
(the fields a case names are the fields compared), or the types alone for the typer; `why`, what
the case is about; `known_miss`, null, or why the reader is known to get it wrong today.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from ogi.facts import find_facts, load_tagger
from ogi.facts.decode import Decoding
from ogi.facts.rules import rule_facts
from ogi.facts.values import fact_data

CASES = Path(__file__).parent / "cases" / "facts_sentences.jsonl"
FIELDS = ("type", "value", "category")
KEYS = {"sentence", "reader", "facts", "why", "known_miss"}


def _cases() -> list[dict]:
    return [json.loads(line) for line in CASES.read_text(encoding="utf-8").splitlines() if line.strip()]


def _params():
    for n, case in enumerate(_cases(), start=1):
        marks = [pytest.mark.xfail(strict=True, reason=case["known_miss"])] if case.get("known_miss") else []
        yield pytest.param(case, id=f"line{n}-{case.get('reader')}", marks=marks)


def read(sentence: str, reader: str, fields: int) -> list:
    """What `reader` gives for `sentence`, as the cases write it."""
    if reader == "typer":
        return [t for _, _, t, _ in load_tagger().typer.type_counts([sentence], Decoding.of_data())[0]]
    facts = find_facts(sentence) if reader == "model" else rule_facts(sentence)
    return [[f[k] for k in FIELDS[:fields]] for f in facts]


@pytest.mark.parametrize("case", list(_params()))
def test_the_facts_of_a_sentence(case):
    want = case["facts"]
    fields = len(want[0]) if want and case["reader"] != "typer" else len(FIELDS)
    assert read(case["sentence"], case["reader"], fields) == want, case["why"]


def test_the_cases_are_well_formed():
    types = set(fact_data()["types"])
    cases = _cases()
    assert len(cases) > 50
    for n, case in enumerate(cases, start=1):
        assert set(case) == KEYS, n
        assert case["reader"] in ("model", "rules", "typer") and case["sentence"].strip() and case["why"], n
        assert case["known_miss"] is None or case["known_miss"].strip(), n
        if case["reader"] == "typer":
            assert all(t in types for t in case["facts"]), n
        else:
            assert len({len(f) for f in case["facts"]}) <= 1, n  # one set of fields a case
            assert all(1 <= len(f) <= len(FIELDS) and f[0] in types for f in case["facts"]), n
    # each sentence once for each reader: a repeat would be two answers to one question
    assert len({(c["sentence"], c["reader"]) for c in cases}) == len(cases)
