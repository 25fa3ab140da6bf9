"""The 规范性文件 counts of table 1 in the forms reports write them (`tests/zoo/forms.py`): each verb
of the format with each kind of noun, unit and order, alone, as the triple 制发…废止…现行有效, and
with a bracket. The rules read these types (`rule_read_types`), so the rules are what is held to
them; the counts are drawn, so no number of any report is in a rule."""

from __future__ import annotations

import random

from hypothesis import given, settings
from hypothesis import strategies as st

from ogi.facts.rules import rule_facts

from .zoo.forms import normative_bracket, normative_one, normative_triple


def _read(sentence: str) -> list[tuple[str, int]]:
    return [(f["type"], f["value"]) for f in rule_facts(sentence) if f["type"].startswith("normative_docs.")]


@settings(max_examples=300, deadline=None)
@given(st.randoms(use_true_random=False))
def test_one_count_of_table_1_in_any_form_is_read_as_its_verb_says(rng: random.Random):
    case = normative_one(rng)
    assert _read(case.sentence) == case.facts, case


@settings(max_examples=300, deadline=None)
@given(st.randoms(use_true_random=False))
def test_the_triple_of_table_1_is_read_count_by_count(rng: random.Random):
    case = normative_triple(rng)
    assert _read(case.sentence) == case.facts, case


@settings(max_examples=100, deadline=None)
@given(st.randoms(use_true_random=False))
def test_a_verb_in_the_bracket_after_a_count_is_the_next_counts(rng: random.Random):
    case = normative_bracket(rng)
    assert _read(case.sentence) == case.facts, case
