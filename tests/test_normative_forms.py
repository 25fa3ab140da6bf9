"""The 规范性文件 counts of table 1 in the forms reports write them (`tests/zoo/forms.py`): each verb
of the format with each kind of noun, unit and order, alone, as the triple 制发…废止…现行有效,
with a bracket, as a list read 分别 (respectively), and stated as none. The rules read these types
(`rule_read_types`), so the rules are what is held to them; the counts are drawn, so no number
of any report is in a rule."""

from __future__ import annotations

import random

from hypothesis import given, settings
from hypothesis import strategies as st

from ogi.facts.rules import respective_items, rule_facts
from ogi.facts.text import number_spans

from .zoo.forms import normative_absent, normative_bracket, normative_one, normative_triple, respectively


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


@settings(max_examples=300, deadline=None)
@given(st.randoms(use_true_random=False))
def test_a_statement_that_none_were_issued_or_abolished_is_a_zero_of_each(rng: random.Random):
    case = normative_absent(rng)
    assert _read(case.sentence) == case.facts, case


@settings(max_examples=200, deadline=None)
@given(st.randoms(use_true_random=False))
def test_counts_read_respectively_go_each_with_its_item(rng: random.Random):
    case = respectively(rng)
    types = {t for t, _ in case.facts}
    assert [(f["type"], f["value"]) for f in rule_facts(case.sentence) if f["type"] in types] == case.facts, case


@given(st.integers(min_value=2, max_value=4), st.integers(min_value=1, max_value=4))
def test_a_list_read_respectively_is_paired_only_when_items_and_counts_are_as_many(items: int, counts: int):
    verbs = ["制发", "废止", "修订", "现行有效"][:items]
    sentence = "本年度" + "、".join(verbs) + "规范性文件分别为" + "、".join(f"{k + 1}件" for k in range(counts)) + "。"
    paired = respective_items(sentence, number_spans(sentence))
    if items == counts:
        assert [w.rsplit("，", 1)[1] for w in paired.values()] == verbs[:-1] + [verbs[-1] + "规范性文件"]
    else:
        assert paired == {}
