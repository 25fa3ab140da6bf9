"""Counts of reviews and suits in the forms reports write them (`tests/zoo/forms.py`): after
发生 or 被申请, after a label's colon, after each noun, and before each noun in a list after the
verb that says the cases were had. The model reads these types, so the whole pipeline is held to
them; the counts are drawn, so no number of any report is in a rule."""

from __future__ import annotations

import random

from hypothesis import given, settings
from hypothesis import strategies as st

from ogi.facts import find_facts

from .zoo.forms import REVIEW, SUIT, reviews


@settings(max_examples=150, deadline=None)
@given(st.randoms(use_true_random=False))
def test_a_review_and_a_suit_in_any_form_are_read_with_their_counts(rng: random.Random):
    case = reviews(rng)
    read = [(f["type"], f["value"]) for f in find_facts(case.sentence) if f["type"] in (REVIEW, SUIT)]
    assert read == case.facts, case
