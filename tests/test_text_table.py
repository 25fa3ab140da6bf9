"""Cross-checks of the narrative: `text_table.*` (facts against table cells) and
`narrative.sum` (a stated total against its listed parts).

The logic is tested with hand-made facts and cells (no model needed). The end-to-end tests
run the whole extraction on the sample reports edited to contradict themselves
(tests/fixtures/checks/, see its README) and on the untouched samples; they need a fact model
and say so when there is none, and they skip an edit the tagger does not find (that is the
tagger's recall, measured in the notes, not the rule's).
"""

from __future__ import annotations

import math

import pytest

from ogi.checks.bounds import fact_bounds
from ogi.checks.narrative import check_narrative_sums
from ogi.checks.text_table import check_text_against_tables
from ogi.model_files import ModelError

from .conftest import FIXTURES, SAMPLE_STEMS

CHECKS = FIXTURES / "checks"


def fact(
    text: str,
    span: str,
    type_: str,
    value,
    *,
    occurrence: int = 0,
    negated: bool = False,
    approx: bool = False,
    section: str | None = "overview.on_request",
) -> dict:
    """A fact on the `occurrence`-th `span` of `text`, as the tagger would return it."""
    start = -1
    for _ in range(occurrence + 1):
        start = text.index(span, start + 1)
    return {
        "type": type_,
        "value": value,
        "unit": None,
        "approx": approx,
        "negated": negated,
        "category": None,
        "start": start,
        "end": start + len(span),
        "sentence": "",
        "section": section,
        "confidence": 0.9,
    }


def cells(**kv) -> dict:
    return {k.replace("__", "."): v for k, v in kv.items()}


def rules(flags) -> list[str]:
    return [f.rule for f in flags]


T2 = cells(t2__new__total=3, t2__carried_in__total=1, t2__total__total=2)


def tt(text, facts, cell_values, year=2023):
    return check_text_against_tables(facts, cell_values, {}, text, year)


# --- tolerance -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text,span,value,lo,hi",
    [
        ("公开信息90余条。", "90余条", 90, 90, 99),
        ("公开信息100余条。", "100余条", 100, 100, 199),
        ("公开信息20余万条。", "20余万条", 200000, 200000, 299999),
        ("公开信息约100条。", "100条", 100, 90, 110),
        ("公开信息近300条。", "300条", 300, 270, 330),
        ("公开信息超过100条。", "100条", 100, 100, math.inf),
        ("公开信息100条以上。", "100条", 100, 100, math.inf),
        ("公开信息100条。", "100条", 100, 100, 100),
    ],
)
def test_approx_values_are_ranges(text, span, value, lo, hi):
    b = fact_bounds(fact(text, span, "published.total", value, approx=lo != hi), text)
    assert (b.lo, b.hi) == pytest.approx((lo, hi))


# --- text_table.applications_received ------------------------------------------------------


def test_applications_received_against_new_total():
    text = "2023年，本单位共收到政府信息公开申请5件，均按时答复。"
    f = [fact(text, "5件", "applications.received", 5)]
    (flag,) = tt(text, f, T2)
    assert flag.rule == "text_table.applications_received" and flag.severity == "warning"
    assert "5" in flag.message and "3" in flag.message and "applications received" in flag.message_en
    assert flag.evidence[0] == {
        "fact": 0,
        "type": "applications.received",
        "value": 5,
        "approx": False,
        "negated": False,
        "start": f[0]["start"],
        "end": f[0]["end"],
    }
    assert {"cell": "t2.new.total", "value": 3, "span": None} in flag.evidence
    text_ok = text.replace("5件", "3件")
    assert tt(text_ok, [fact(text_ok, "3件", "applications.received", 3)], T2) == []


def test_applications_received_counting_carried_over_ones_agrees():
    text = "2023年，本单位共收到政府信息公开申请4件。"
    assert tt(text, [fact(text, "4件", "applications.received", 4)], T2) == []


def test_handled_count_agrees_only_when_the_text_says_handled():
    handled = "2023年，共办理政府信息公开申请2件。"
    assert tt(handled, [fact(handled, "2件", "applications.received", 2)], T2) == []
    received = "2023年，共收到政府信息公开申请2件。"
    assert rules(tt(received, [fact(received, "2件", "applications.received", 2)], T2)) == [
        "text_table.applications_received"
    ]


def test_no_applications_against_a_nonzero_table():
    text = "2023年，我局未收到政府信息公开申请。"
    f = [fact(text, "政府信息公开申请", "applications.received", 0, negated=True)]
    (flag,) = tt(text, f, T2)
    assert flag.evidence[0]["negated"] is True
    assert tt(text, f, cells(t2__new__total=0, t2__carried_in__total=0, t2__total__total=0)) == []


def test_approx_application_counts_get_their_tolerance():
    text = "2023年，共收到政府信息公开申请100余件。"
    f = [fact(text, "100余件", "applications.received", 100, approx=True)]
    assert tt(text, f, cells(t2__new__total=130, t2__carried_in__total=0, t2__total__total=130)) == []
    assert rules(tt(text, f, cells(t2__new__total=95, t2__carried_in__total=0, t2__total__total=95))) == [
        "text_table.applications_received"
    ]


@pytest.mark.parametrize(
    "text,span",
    [
        ("截至2023年12月31日，我局累计共受理政府信息公开申请5件。", "5件"),  # running total
        ("2022年，我局共收到政府信息公开申请5件。", "5件"),  # another year (the report is 2023's)
        ("2023年，本办代表本级政府受理政府信息公开申请5件。", "5件"),  # on behalf of another body
        ("2023年共收到申请3件，其中网上申请5件。", "5件"),  # a part by channel
        ("2023年共收到申请，涉及自然人5件。", "5件"),  # a part by applicant
        ("上年结转政府信息公开申请5件。", "5件"),  # carried over, not received
        ("全年配合市审批局回复依申请公开5件。", "5件"),  # work for another body
        ("2023年，全年共发布政务信息5件。", "5件"),  # a tagger error: no application in sight
    ],
)
def test_applications_received_stays_silent_where_the_text_counts_something_else(text, span):
    assert tt(text, [fact(text, span, "applications.received", 5)], T2) == []


def test_absence_needs_its_cue_and_the_whole_of_the_applications():
    no_cue = "2023年，我局政府信息公开申请工作规范。"
    assert tt(no_cue, [fact(no_cue, "政府信息公开申请", "applications.received", 0, negated=True)], T2) == []
    partial = "2023年，我局未收到书面政府信息公开申请。"
    assert tt(partial, [fact(partial, "政府信息公开申请", "applications.received", 0, negated=True)], T2) == []


def test_blank_cells_and_unread_tables_are_never_compared():
    text = "2023年，本单位共收到政府信息公开申请5件。"
    f = [fact(text, "5件", "applications.received", 5)]
    assert tt(text, f, cells(t2__new__total=None, t2__carried_in__total=0, t2__total__total=0)) == []
    assert check_text_against_tables(f, T2, {}, text, 2023, {"t2": False}) == []


def test_facts_in_problems_and_plans_are_not_compared():
    text = "2023年，本单位共收到政府信息公开申请5件。"
    f = [fact(text, "5件", "applications.received", 5, section="improvements")]
    assert tt(text, f, T2) == []


# --- text_table.normative_docs -------------------------------------------------------------

T1 = cells(t1__normative_docs__issued=1, t1__normative_docs__abolished=1, t1__normative_docs__in_force=2)


@pytest.mark.parametrize(
    "text,span,type_,value",
    [
        ("2023年，本局制发行政规范性文件4件。", "4件", "normative_docs.issued", 4),
        ("对规范性文件开展清理，2023年宣布废止3件。", "3件", "normative_docs.abolished", 3),
        ("本局现行有效行政规范性文件5件。", "5件", "normative_docs.retained", 5),
        # the tagger's verb is not trusted: the item's own words say which cell it is
        ("本局现行有效行政规范性文件5件。", "5件", "normative_docs.issued", 5),
    ],
)
def test_normative_docs_against_table_1(text, span, type_, value):
    (flag,) = tt(text, [fact(text, span, type_, value)], T1)
    assert flag.rule == "text_table.normative_docs" and str(value) in flag.message


@pytest.mark.parametrize(
    "text,span,type_",
    [
        ("设立规范性文件库，集中公开现行有效行政规范性文件5件。", "5件", "normative_docs.retained"),  # a library
        ("对规范性文件开展清理，废止3件，保留5件。", "5件", "normative_docs.retained"),  # kept after review
        ("2023年，制定规章和规范性文件4件。", "4件", "normative_docs.issued"),  # 规章 counted in
        ("2023年，全区各部门制发行政规范性文件4件。", "4件", "normative_docs.issued"),  # sub-units summed
        ("2023年，本局修订规范性文件4件。", "4件", "normative_docs.retained"),  # revised: no cell
        ("本年度通过政务新媒体发布信息26条，举行政府开放日5次。", "5次", "normative_docs.retained"),  # tagger error
        ("2023年，拟废止行政规范性文件3件。", "3件", "normative_docs.abolished"),  # planned
    ],
)
def test_normative_docs_stay_silent_on_other_counts(text, span, type_):
    assert tt(text, [fact(text, span, type_, 5)], T1) == []


def test_normative_docs_that_agree_are_not_flagged():
    text = "2023年，制发行政规范性文件1件，废止1件，现行有效件数2件。"
    f = [
        fact(text, "1件", "normative_docs.issued", 1),
        fact(text, "1件", "normative_docs.abolished", 1, occurrence=1),
        fact(text, "2件", "normative_docs.retained", 2),
    ]
    assert tt(text, f, T1) == []


# --- text_table.review / text_table.litigation ---------------------------------------------

T3 = cells(t3__review__total=2, t3__litigation_direct__total=5, t3__litigation_after_review__total=2)


def test_review_and_litigation_against_table_3():
    text = "2023年，因政府信息公开引起的行政复议案件3件、行政诉讼案件6件。"
    f = [fact(text, "3件", "review.cases", 3), fact(text, "6件", "litigation.cases", 6)]
    flags = tt(text, f, T3)
    assert rules(flags) == ["text_table.review", "text_table.litigation"]
    assert "5 + 2 = 7" in flags[1].message
    ok = "2023年，因政府信息公开引起的行政复议案件2件、行政诉讼案件7件。"
    assert tt(ok, [fact(ok, "2件", "review.cases", 2), fact(ok, "7件", "litigation.cases", 7)], T3) == []


def test_no_review_against_a_nonzero_table_is_a_contradiction():
    text = "2023年，未发生因政府信息公开引起的行政复议。"
    f = [fact(text, "因政府信息公开引起的行政复议", "review.cases", 0, negated=True)]
    assert rules(tt(text, f, T3)) == ["text_table.review"]
    assert (
        tt(text, f, cells(t3__review__total=0, t3__litigation_direct__total=0, t3__litigation_after_review__total=0))
        == []
    )


def test_a_review_the_tagger_calls_a_lawsuit_is_compared_as_a_review():
    text = "2023年，发生因政府信息公开引起的行政复议案件3件。"
    assert rules(tt(text, [fact(text, "3件", "litigation.cases", 3)], T3)) == ["text_table.review"]


@pytest.mark.parametrize(
    "text,span",
    [
        ("2023年，全市办理行政复议案件9件。", "9件"),  # not about disclosure
        ("2023年，因政府信息公开被申请行政复议，9件结果维持。", "9件"),  # an outcome, maybe a part
        ("历年来因政府信息公开引起的行政复议案件9件。", "9件"),  # running total
    ],
)
def test_review_stays_silent_on_other_counts(text, span):
    assert tt(text, [fact(text, span, "review.cases", 9, section="overview.management")], T3) == []


# --- narrative.sum -------------------------------------------------------------------------


def listed(text: str, total: tuple, parts: list[tuple], total_type="published.total") -> list[dict]:
    """A total fact and its part facts: (span, value[, approx]) each; spans in text order."""
    out = [fact(text, total[0], total_type, total[1], approx=len(total) > 2)]
    pos = out[0]["end"]
    for span, value, *approx in parts:
        f = fact(text[pos:], span, "published.category", value, approx=bool(approx))
        f["start"] += pos
        f["end"] += pos
        pos = f["end"]
        out.append(f)
    return out


def test_parts_over_the_total_contradict_it():
    text = "2024年，共发布各类政务信息80条，其中营商环境类信息36条、工作动态类信息53条。"
    facts = listed(text, ("80条", 80), [("36条", 36), ("53条", 53)])
    (flag,) = check_narrative_sums(facts, text)
    assert flag.rule == "narrative.sum" and "89" in flag.message and "80" in flag.message
    assert [e["fact"] for e in flag.evidence] == [0, 1, 2]
    ok = text.replace("80条", "89条")
    assert check_narrative_sums(listed(ok, ("89条", 89), [("36条", 36), ("53条", 53)]), ok) == []


def test_parts_under_the_total_contradict_it_only_with_a_remainder():
    text = "2024年，共发布各类政务信息95条，其中营商环境类信息36条、其他信息53条。"
    (flag,) = check_narrative_sums(listed(text, ("95条", 95), [("36条", 36), ("53条", 53)]), text)
    assert "其他" in flag.message and "89" in flag.message
    open_list = "2024年，共发布各类政务信息95条，其中营商环境类信息36条、工作动态类信息53条。"
    assert check_narrative_sums(listed(open_list, ("95条", 95), [("36条", 36), ("53条", 53)]), open_list) == []


def test_a_remainder_list_with_a_count_the_tagger_missed_is_not_exhaustive():
    text = "2024年，共发布信息95条，其中通知公告3条、营商环境类信息36条、其他信息53条。"
    facts = listed(text, ("95条", 95), [("36条", 36), ("53条", 53)])  # 3条 not found
    assert check_narrative_sums(facts, text) == []


def test_approx_totals_and_parts_get_their_tolerance():
    text = "全年公开各类信息 90 余条，其中机构设置 4 条，政策文件 10 余条，日常工作信息 60 余条。"
    facts = listed(text, ("90 余条", 90, True), [("4 条", 4), ("10 余条", 10, True), ("60 余条", 60, True)])
    assert check_narrative_sums(facts, text) == []
    over = text.replace("60 余条", "90 余条")
    facts = listed(over, ("90 余条", 90, True), [("4 条", 4), ("10 余条", 10, True), ("90 余条", 90, True)])
    assert rules(check_narrative_sums(facts, over)) == ["narrative.sum"]


def test_nested_parts_belong_to_their_own_part():
    text = (
        "共发布380条财政资金信息，其中专项资金152条，预决算公开197条（政府预决算32条、部门预决算165条）、"
        "三公经费27条、债券发行4条。"
    )
    facts = listed(
        text, ("380条", 380), [("152条", 152), ("197条", 197), ("32条", 32), ("165条", 165), ("27条", 27), ("4条", 4)]
    )
    assert check_narrative_sums(facts, text) == []


def test_a_list_inside_brackets_ends_at_its_bracket():
    text = "共公布政府信息100条(其中机构职能类信息60条，其他信息30条)，另发布信息50条。"
    facts = listed(text, ("100条", 100), [("60条", 60), ("30条", 30), ("50条", 50)])
    (flag,) = check_narrative_sums(facts, text)
    assert "90" in flag.message and [e["fact"] for e in flag.evidence] == [0, 1, 2]


@pytest.mark.parametrize(
    "text,total,parts",
    [
        # once the parts make the total, what follows is another statement
        (
            "公开信息125条，其中部门工作67条，人大建议提案47条，政策性文件8条，公开事项清单3条，处理行政处罚13条。",
            ("125条", 125),
            [("67条", 67), ("47条", 47), ("8条", 8), ("3条", 3), ("13条", 13)],
        ),
        # split by channel: an item may be counted on each
        (
            "共公开各类信息1559条，其中通过网站公开信息1549条，通过农业信息平台公开信息15条。",
            ("1559条", 1559),
            [("1549条", 1549), ("15条", 15)],
        ),
        # another unit: issues of a gazette, then articles
        ("政府公报共发行3期，其中发布领导讲话9条。", ("3期", 3), [("9条", 9)]),
        # something beside the list
        ("发布法定主动公开内容1条，包括机构概况1条，以及预决算信息2条。", ("1条", 1), [("1条", 1), ("2条", 2)]),
        # not a list of parts of that number
        ("共发布信息100条，主要包括单位简介、工作动态，另有微信推送信息120条。", ("100条", 100), [("120条", 120)]),
    ],
)
def test_narrative_sum_stays_silent_where_parts_may_not_be_parts(text, total, parts):
    facts = listed(text, total, parts)
    for f in facts:
        f["unit"] = text[f["end"] - 1]
    assert check_narrative_sums(facts, text) == []


def test_a_list_holding_another_kind_of_fact_is_not_checked():
    text = "共发布信息10条，其中发布规范性文件5件、政策解读8条。"
    facts = listed(text, ("10条", 10), [("5件", 5), ("8条", 8)])
    facts[1]["type"] = "normative_docs.issued"
    assert check_narrative_sums(facts, text) == []


# --- end to end: the edited samples and the untouched ones ---------------------------------

# fixture -> (the sample it was edited from, the rule that must flag it, the edited words)
EDITED = {
    "applications_received.count.001.txt": ("001", "text_table.applications_received", "申请5件"),
    "applications_received.none.000.txt": ("000", "text_table.applications_received", "未收到政府信息公开申请"),
    "normative_docs.issued.000.txt": ("000", "text_table.normative_docs", "规范性文件4件"),
    "normative_docs.abolished.000.txt": ("000", "text_table.normative_docs", "废止3件"),
    "normative_docs.in_force.003.txt": ("003", "text_table.normative_docs", "规范性文件5件"),
    "review.count.000.txt": ("000", "text_table.review", "复议案件2件"),
    "review.none.001.txt": ("001", "text_table.review", "未发生因政府信息公开引起的行政复议"),
    "litigation.count.003.txt": ("003", "text_table.litigation", "诉讼案件3件"),
    "applications_received.zero_unit.000.txt": ("000", "text_table.applications_received", "申请0条"),
    "normative_docs.none_compound.000.txt": ("000", "text_table.normative_docs", "未制定、修订或废止规范性文件"),
    "normative_docs.triple.003.txt": ("003", "text_table.normative_docs", "制发3份规范性文件"),
    "narrative_sum.over.003.txt": ("003", "narrative.sum", "信息80条"),
    "narrative_sum.under.003.txt": ("003", "narrative.sum", "信息95条"),
}
CROSS = ("text_table.", "narrative.")


@pytest.fixture(scope="module")
def extract_with_facts():
    from ogi.facts import load_tagger
    from ogi.report import extract

    try:
        load_tagger()
    except ModelError as exc:
        pytest.skip(f"no fact model: {exc}")
    return extract


def test_every_edited_fixture_is_listed():
    assert sorted(p.name for p in CHECKS.glob("*.txt")) == sorted(EDITED)


# Edits the shipped fact tagger reads as another type, so that the rule has nothing to compare
# (none with the current model; the rules themselves are tested on hand-made facts above). A
# new model that misses one must be listed here, with the type it reads instead.
KNOWN_TAGGER_MISSES: dict[str, str] = {}


@pytest.mark.parametrize("name", sorted(EDITED))
def test_an_edited_report_is_flagged(name, extract_with_facts):
    _, rule, words = EDITED[name]
    rep = extract_with_facts(CHECKS / name)
    at = rep.text.index(words)
    found = [f for f in rep.facts if f["start"] < at + len(words) and at < f["end"]]
    if name in KNOWN_TAGGER_MISSES:
        assert [f["type"] for f in found] == [KNOWN_TAGGER_MISSES[name]]
        assert rule not in rules(rep.flags)
        return
    assert found, f"the fact tagger did not find the edited fact in {words!r}"
    assert rule in rules(rep.flags), [f.message for f in rep.flags]
    flag = next(f for f in rep.flags if f.rule == rule)
    assert any("fact" in e and e["start"] < at + len(words) and at < e["end"] for e in flag.evidence)


@pytest.mark.parametrize("stem", SAMPLE_STEMS)
def test_the_untouched_report_is_not_flagged(stem, extract_with_facts):
    rep = extract_with_facts(FIXTURES / "samples" / f"{stem}.txt")
    assert rep.facts and [f.message for f in rep.flags if f.rule.startswith(CROSS)] == []
