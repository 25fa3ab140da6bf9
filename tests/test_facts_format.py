"""Facts that follow the format, not one report's wording: none from a table, the category
named right, channels, cumulative counts, not-facts, wordings the annotations hold rarely,
and the written sentences that each rule of data/facts.toml entered with."""
from __future__ import annotations

import pytest

from ogi import extract
from ogi.facts import candidate_sentences, find_facts
from ogi.facts.rules import number_spans

from .conftest import CORPUS, require_corpus


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
