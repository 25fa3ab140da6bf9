"""Facts that follow the format, not one report's wording: none from a table, the category
named right, channels, cumulative counts, not-facts, wordings the annotations hold rarely,
and the written sentences that each rule of data/facts.toml entered with."""
from __future__ import annotations

import pytest

from ogi import extract
from ogi.facts import candidate_sentences, find_facts
from ogi.facts.text import number_spans

from .conftest import CORPUS, FIXTURES, require_corpus


@pytest.mark.parametrize("sentence, counts", [
    ("规范性文件8989890件", []),                # a table row's digits run together
    ("数条206912106其中", []),                  # seven digits and more, no separators
    ("收到申请230 000023件", []),               # a leading zero: no count is written so
    ("行政复议 0 0 1 0 2", []),                  # a row of bare numbers
    ("共收到申请1,234,567件", ["1,234,567件"]),  # separators: a real count
    ("收到申请 12 件，办结3件", ["12 件", "3件"]),
    ("收取费用0.5万元", ["0.5万元"]),
])
def test_a_tables_digits_in_the_text_are_no_counts(sentence, counts):
    assert [sentence[a:b] for a, b in number_spans(sentence)] == counts


def test_a_sentence_running_into_a_table_keeps_only_its_narrative():
    text = "一、总体情况\n本年收到政府信息公开申请5件。申请人情况 自然人 法人 3 2 0 1 总计 5件 结束后本年收到申请6件。"
    table = (text.index("申请人情况"), text.index("结束后"))
    sents = candidate_sentences(text, {"t2": table})
    assert all(not (table[0] < s.end and s.start < table[1]) for s in sents)
    facts = find_facts(text, table_regions={"t2": table})
    assert all(not (table[0] < f["end"] and f["start"] < table[1]) for f in facts)
    assert [f["value"] for f in facts if f["type"] == "applications.received"] == [5, 6]


@pytest.mark.parametrize("sub", ["text", "html"])
def test_no_fact_of_the_corpus_lies_inside_a_table(sub):
    folder = CORPUS / sub
    require_corpus(folder)
    seen = 0
    for path in sorted(folder.iterdir()):
        rep = extract(path)
        regions = [tuple(r) for r in rep.table_regions.values()]
        inside = [f for f in rep.facts if any(a < f["end"] and f["start"] < b for a, b in regions)]
        assert inside == [], path.name
        seen += len(rep.facts)
    assert seen > 20


@pytest.mark.parametrize("text", [
    # no title line, 工作概述 for 总体情况, no year anywhere
    "一、工作概述\n本局坚持以公开为常态、不公开为例外，全年主动公开政府信息86条，其中工作动态40条。\n",
    # two short sentences, no heading
    "本年度共收到政府信息公开申请3件，均已按时答复。未收取信息处理费。\n",
    # one sentence of absence only
    "2023年，本单位未收到政府信息公开申请。\n",
])
def test_a_real_opening_without_title_or_heading_is_read(tmp_path, text):
    p = tmp_path / "opening.txt"
    p.write_text(text, encoding="utf-8")
    rep = extract(p)
    assert [e.code for e in rep.errors] == []
    assert rep.facts


@pytest.mark.parametrize("text, why", [
    ("关于道路施工的通告\n本周六起对中山路部分路段封闭施工，工期约15天，请过往车辆绕行。\n", "never speaks of"),
    ("政府信息公开工作年度报告\n一、总体情况\n（文字描述）\n五、存在的主要问题及改进情况\n（文字描述）\n", "blank template"),
])
def test_what_is_clearly_not_a_report_is_turned_away_saying_why(tmp_path, text, why):
    p = tmp_path / "doc.txt"
    p.write_text(text, encoding="utf-8")
    rep = extract(p)
    assert [e.code for e in rep.errors] == ["not_a_report"]
    assert why in rep.errors[0].message_en and rep.facts == [] and rep.flags == []


def test_the_shipped_model_on_the_sentences_the_rules_of_the_format_entered_with():
    # written5: sentences written for the classes of errors on unseen reports (lists of kinds
    # before a total, fillers between a category and its count, channels, running totals,
    # hotline cases, the 规范性文件 triple, compound absences); every rule they led to is in
    # facts.toml with its sentence here
    from ogi.facts.train import score_on

    m = score_on(FIXTURES / "facts_written" / "written5.jsonl")
    assert m["sentences"] == 24 and m["model"]["overall"]["support"] == 37
    assert m["model"]["overall"]["f1"] >= 0.93
    assert m["model_with_category"]["overall"]["f1"] >= 0.93
    # written6: the second round (reviews and suits together, 规章 beside 规范性文件 in force,
    # 纠错/败诉, fees named far from the cue, complaints)
    m = score_on(FIXTURES / "facts_written" / "written6.jsonl")
    assert m["sentences"] == 8 and m["model"]["overall"]["support"] == 8
    assert m["model"]["overall"]["f1"] >= 0.9


@pytest.mark.parametrize("sentence, expected", [
    # a list of kinds before the count: the total
    ("全年主动公开机构职能、规划计划、人事信息等各类信息256条，其中政策文件31条。",
     {("published.total", 256, None), ("published.category", 31, "政策文件")}),
    # a filler between the category and its count; a date before the category
    ("政务要闻栏目全年发布信息5974条。", {("published.category", 5974, "政务要闻")}),
    ("全年公开信息320条，其中2023年度部门预算信息6条。",
     {("published.total", 320, None), ("published.category", 6, "部门预算")}),
    # written number first
    ("本年度发布187条工作动态、42条通知公告。",
     {("published.category", 187, "工作动态"), ("published.category", 42, "通知公告")}),
    # channels: the website's part is no fact, 微博/微信 parts are posts, press coverage nothing
    ("全年主动公开政府信息1526条，其中通过政府网站发布1203条、政务微博发布188条。",
     {("published.total", 1526, None), ("new_media.posts", 188, None)}),
    ("在市级以上新闻媒体发稿68篇。", set()),
    # a running total beside the year's count; a hotline's cases
    ("截至2023年底，累计公开政府信息12560条，本年度公开政府信息1380条。",
     {("published.cumulative", 12560, None), ("published.total", 1380, None)}),
    ("全年办理12345政务服务便民热线工单3520件。", set()),
    # the 规范性文件 triple, a compound absence
    ("本年度制发3份规范性文件，废止18份规范性文件，现行有效规范性文件81份。",
     {("normative_docs.issued", 3, None), ("normative_docs.abolished", 18, None), ("normative_docs.retained", 81, None)}),
    ("本年度未制定、修订或废止规范性文件。",
     {("normative_docs.issued", 0, None), ("normative_docs.revised", 0, None), ("normative_docs.abolished", 0, None)}),
])
def test_facts_in_the_formats_wordings(sentence, expected):
    facts = find_facts(sentence)
    assert {(f["type"], f["value"], f["category"]) for f in facts} == expected


@pytest.mark.parametrize("sentence, expected", [
    # reviews and suits counted together cannot be split
    ("本年度涉及政府信息公开的行政复议、行政诉讼案件共15件。", set()),
    # no correction, no lost suit: not no review or suit
    ("全年发生行政复议案件4件、行政诉讼案件2件，无行政复议纠错和行政诉讼败诉情况。",
     {("review.cases", 4, None), ("litigation.cases", 2, None)}),
    # 规范性文件 in force beside 规章, which are not 规范性文件
    ("集中公开现行有效政府规章12件、行政规范性文件96件。", {("normative_docs.retained", 96, None)}),
    # issued, in 条 and after 发布
    ("本年度共制定3条行政规范性文件。", {("normative_docs.issued", 3, None)}),
    ("全年以本机关名义发布行政规范性文件7件。", {("normative_docs.issued", 7, None)}),
    # a fee named far from its cue; complaints about the disclosure work
    ("全年未向申请人收取任何与政府信息公开工作相关的费用。", {("fees.processing", 0, None)}),
    ("全年受理群众对政府信息公开工作的投诉举报5件。", set()),
])
def test_facts_of_reviews_suits_normative_documents_and_fees(sentence, expected):
    facts = find_facts(sentence)
    assert {(f["type"], f["value"], f["category"]) for f in facts} == expected


def test_an_empty_category_matches_nothing():
    from ogi.facts.evaluate import score

    gold = {"r": [{"type": "published.category", "value": 5, "category": None}]}
    pred = {"r": [{"type": "published.category", "value": 5, "category": None}]}
    assert score(gold, pred, with_category=True)["overall"]["f1"] == 0
    assert score(gold, pred)["overall"]["f1"] == 1


def test_training_never_reads_the_frozen_split(tmp_path):
    import shutil

    from ogi.facts.annotations import load_annotations
    from ogi.facts.train import frozen_split_dir, train

    small = FIXTURES / "facts" / "small.jsonl"
    shutil.copy(small, tmp_path / "small.jsonl")
    frozen = frozen_split_dir(tmp_path)
    frozen.mkdir()
    (frozen / "held.jsonl").write_text((FIXTURES / "facts_written" / "written.jsonl").read_text(encoding="utf-8"),
                                       encoding="utf-8")
    assert load_annotations(tmp_path) == load_annotations(small)
    # a report in both is refused before any training
    shutil.copy(small, frozen / "leak.jsonl")
    with pytest.raises(ValueError, match="both in the training data and in the frozen test split"):
        train(tmp_path, tmp_path / "model", epochs=1)
