"""Facts that follow the format, not one report's wording: none from a table, real openings
read and non-reports turned away, and the written sentences that each rule of data/facts.toml
entered with. The format's wordings sentence by sentence (the category named right, channels,
cumulative counts, not-facts) are cases of cases/facts_sentences.jsonl."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ogi import extract
from ogi.facts import _in_regions, candidate_sentences, find_facts
from ogi.facts.sentences import split_sentences
from ogi.facts.text import number_spans

from .conftest import CORPUS, FIXTURES, require_corpus


@pytest.mark.parametrize(
    "sentence, counts",
    [
        ("规范性文件8989890件", []),  # a table row's digits run together
        ("数条206912106其中", []),  # seven digits and more, no separators
        ("收到申请230 000023件", []),  # a leading zero: no count is written so
        ("行政复议 0 0 1 0 2", []),  # a row of bare numbers
        ("共收到申请1,234,567件", ["1,234,567件"]),  # separators: a real count
        ("收到申请 12 件，办结3件", ["12 件", "3件"]),
        ("收取费用0.5万元", ["0.5万元"]),
    ],
)
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


@given(
    st.text(alphabet="申请5件。；\n ", max_size=60),
    st.lists(st.tuples(st.integers(0, 60), st.integers(0, 60)), max_size=4),
)
def test_the_sentences_in_a_table_region_are_found_as_each_is_tested_against_each_region(text, regions):
    sents = split_sentences(text)
    regions = sorted(regions)
    meets, inside = _in_regions(sents, regions)
    assert meets == {i for i, s in enumerate(sents) if any(a < s.end and s.start < b for a, b in regions)}
    assert inside == {i for i, s in enumerate(sents) if any(a <= s.start and s.end <= b for a, b in regions)}


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


@pytest.mark.parametrize(
    "text",
    [
        # no title line, 工作概述 for 总体情况, no year anywhere
        "一、工作概述\n本局坚持以公开为常态、不公开为例外，全年主动公开政府信息86条，其中工作动态40条。\n",
        # two short sentences, no heading
        "本年度共收到政府信息公开申请3件，均已按时答复。未收取信息处理费。\n",
        # one sentence of absence only
        "2023年，本单位未收到政府信息公开申请。\n",
    ],
)
def test_a_real_opening_without_title_or_heading_is_read(tmp_path, text):
    p = tmp_path / "opening.txt"
    p.write_text(text, encoding="utf-8")
    rep = extract(p)
    assert [e.code for e in rep.errors] == []
    assert rep.facts


@pytest.mark.parametrize(
    "text, why",
    [
        ("关于道路施工的通告\n本周六起对中山路部分路段封闭施工，工期约15天，请过往车辆绕行。\n", "never speaks of"),
        (
            "政府信息公开工作年度报告\n一、总体情况\n（文字描述）\n五、存在的主要问题及改进情况\n（文字描述）\n",
            "blank template",
        ),
    ],
)
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
    (frozen / "held.jsonl").write_text(
        (FIXTURES / "facts_written" / "written.jsonl").read_text(encoding="utf-8"), encoding="utf-8"
    )
    assert load_annotations(tmp_path) == load_annotations(small)
    # a report in both is refused before any training
    shutil.copy(small, frozen / "leak.jsonl")
    with pytest.raises(ValueError, match="both in the training data and in the frozen test split"):
        train(tmp_path, tmp_path / "model", epochs=1)
