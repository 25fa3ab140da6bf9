"""Absences stated as a pair after one cue (`paired_absences` in data/facts.toml): where the
model finds one of them, the rules' reading of the other stands beside it."""

import pytest

from ogi.facts.rules import rule_facts
from ogi.facts.tagger import with_rule_types

PAIRS = [
    # (sentence, the absence the model found, the one the rules add)
    ("全年未发生针对本单位有关政府信息公开事务的行政复议案、行政诉讼案。", "review.cases", "litigation.cases"),
    ("本年度未发生与本机关政府信息公开工作有关的行政诉讼案件及行政复议案件。", "litigation.cases", "review.cases"),
]


def _the(sentence: str, typ: str) -> dict:
    return next(f for f in rule_facts(sentence) if f["type"] == typ and f["negated"])


@pytest.mark.parametrize(("sentence", "found", "added"), PAIRS)
def test_the_other_absence_of_a_pair_is_added(sentence, found, added):
    model = [_the(sentence, found)]
    out = with_rule_types(sentence, model, set())
    assert [(f["type"], f["value"], f["negated"]) for f in out] == sorted(
        [(found, 0, True), (added, 0, True)], key=lambda t: sentence.index("复议" if t[0] == "review.cases" else "诉讼")
    )
    assert next(f for f in out if f["type"] == added)["via"] == "rules"


@pytest.mark.parametrize(("sentence", "found", "added"), PAIRS)
def test_nothing_is_added_where_the_model_found_neither(sentence, found, added):
    assert with_rule_types(sentence, [], set()) == []


def test_a_count_of_the_pair_adds_nothing():
    sentence = "本年度发生行政复议2件，未发生行政诉讼。"
    count = next(f for f in rule_facts(sentence) if f["type"] == "review.cases")
    assert with_rule_types(sentence, [count], set()) == [count]


BACKSTOPS = [
    # (sentence, the absences the backstop reads: (type, noun) each)
    (
        "本镇未收到公民、法人或其他组织通过信函、网络等任何形式提出的政府信息公开申请。",
        [("applications.received", "政府信息公开申请")],
    ),
    # the cause of a review: no absence of applications, but one of reviews
    ("本年度未收到因政府信息公开申请引起的行政复议。", [("review.cases", "行政复议")]),
    ("本年度未收到公民通过各类渠道提出的政府信息公开申请人投诉。", []),
    ("全年主动公开政府信息120条，未发生泄密事件。", []),
    (
        "全年未收到以本局为被申请人的政府信息公开行政复议案件和行政诉讼案件。",
        [("review.cases", "行政复议"), ("litigation.cases", "行政诉讼")],
    ),
    # an overturned decision: no absence of reviews
    ("本年度未收到以本局为被申请人的行政复议纠错决定。", []),
]


@pytest.mark.parametrize(("sentence", "absences"), BACKSTOPS)
def test_an_absence_far_from_its_cue_is_read_where_the_model_states_none(sentence, absences):
    out = with_rule_types(sentence, [], set())
    assert [(f["type"], sentence[f["start"] : f["end"]]) for f in out] == absences
    assert all(f["negated"] and f["value"] == 0 for f in out)


def test_the_backstop_stands_aside_where_the_model_states_the_type():
    sentence = BACKSTOPS[0][0]
    model = [{"start": 0, "end": 2, "type": "applications.received", "value": 0, "negated": True}]
    assert with_rule_types(sentence, model, set()) == model


def test_the_pair_adds_nothing_where_the_model_states_that_type():
    sentence = "全部按规定时限办理,未被行政诉讼,4宗被行政复议结果维持。"
    model = [f for f in rule_facts(sentence) if f["type"] == "litigation.cases"]
    model.append({"start": 17, "end": 19, "type": "review.cases", "value": 4, "negated": False})
    assert [f["type"] for f in with_rule_types(sentence, model, set())] == ["litigation.cases", "review.cases"]
