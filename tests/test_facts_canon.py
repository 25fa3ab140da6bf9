"""The canonical copy the tagger reads (ogi.facts.canon): spaces and Markdown emphasis marks
between Chinese characters and digits dropped, every other character kept in place and mapped
back; and the facts of a sentence the same however a converter spaced or marked it."""

from __future__ import annotations

import json
import random
import re
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ogi.facts import find_facts
from ogi.facts.canon import canonical, canonical_record, canonical_text

from .zoo.printed import converted

CASES = Path(__file__).parent / "cases" / "facts_sentences.jsonl"
SPACES = " \t\u00a0\u3000"
BLANKS = SPACES + "*_"

WORDS = ["申", "请", "件", "，", "。", "（", "）", "0", "3", "12", "a", "B", ",", "(", "%"]
pieces = st.lists(st.sampled_from(WORDS + [" ", "  ", "\t", "\u3000", "\n", "*", "**", "_", "__"]), max_size=40)


def _bare(text: str) -> str:
    return "".join(c for c in text if c not in BLANKS)


@given(pieces)
def test_the_copy_keeps_every_character_but_spaces_and_maps_each_back(parts):
    text = "".join(parts)
    copy = canonical(text)
    kept = [copy.origin(i) for i in range(len(copy.text))]
    assert [text[i] for i in kept] == list(copy.text)
    assert kept == sorted(set(kept))
    assert all(text[i] in BLANKS for i in set(range(len(text))) - set(kept))
    assert "\n" not in set(text) - set(copy.text)
    assert canonical_text(text) == copy.text


@given(pieces)
def test_no_space_is_left_beside_a_chinese_character_and_none_taken_between_digits(parts):
    text = "".join(parts)
    out = canonical(text).text
    assert not re.search(r"[\u4e00-\u9fff，。（）][ \t\u00a0\u3000]+[\u4e00-\u9fff，。（）0-9]", out)
    assert not re.search(r"[0-9][ \t\u00a0\u3000]+[\u4e00-\u9fff，。（）]", out)
    # a table's digits stay apart
    assert re.findall(r"[0-9][ \t\u00a0\u3000]+[0-9]", out) == re.findall(r"[0-9][ \t\u00a0\u3000]+[0-9]", text)


@given(pieces, st.integers(0, 40), st.integers(0, 40))
def test_a_span_of_the_copy_covers_the_same_characters_of_the_original(parts, a, b):
    text = "".join(parts)
    copy = canonical(text)
    start, end = sorted((min(a, len(copy.text)), min(b, len(copy.text))))
    s, e = copy.span(start, end)
    assert _bare(text[s:e]) == _bare(copy.text[start:end])


def test_an_unspaced_sentence_is_its_own_copy():
    copy = canonical("全年共收到政府信息公开申请25件。")
    assert copy.text == "全年共收到政府信息公开申请25件。" and copy.cuts == ()
    assert copy.span(13, 16) == (13, 16)


def test_markdown_emphasis_is_read_past_but_a_table_row_s_digits_stay_apart():
    assert canonical("政策文件**56**条，共 **3** 件").text == "政策文件56条，共3件"
    assert canonical("本年度__未发生__行政复议").text == "本年度未发生行政复议"
    assert canonical("0 0 1 0 3*4").text == "0 0 1 0 3*4"


def test_a_record_keeps_its_facts_on_the_same_characters():
    text = "2023 年收到申请 25 件，行政复议 1 件。"
    rec = {"text": text, "facts": [{"start": 11, "end": 15}, {"start": 21, "end": 24}]}
    out = canonical_record(rec)
    assert out["text"] == "2023年收到申请25件，行政复议1件。"
    assert [out["text"][f["start"] : f["end"]] for f in out["facts"]] == ["25件", "1件"]
    assert rec["text"] == "2023 年收到申请 25 件，行政复议 1 件。"  # the record itself is not changed


def _model_cases() -> list[dict]:
    cases = [json.loads(line) for line in CASES.read_text(encoding="utf-8").splitlines() if line.strip()]
    return [c for c in cases if c["reader"] == "model" and not c["known_miss"]]


@pytest.mark.parametrize("case", _model_cases(), ids=lambda c: c["sentence"][:16])
def test_a_spaced_sentence_states_the_same_facts(case):
    spaced = converted(case["sentence"], random.Random(case["sentence"]))
    assert spaced != case["sentence"] or not re.search(r"\d", case["sentence"])
    plain = find_facts(case["sentence"])
    found = find_facts(spaced)
    key = ("type", "value", "category", "negated")
    assert [[f[k] for k in key] for f in found] == [[f[k] for k in key] for f in plain]
    # and each at the same words of the spaced sentence
    for f, g in zip(found, plain):
        words = spaced[f["start"] : f["end"]]
        assert re.sub(r"[ *_]", "", words) == re.sub(r"[ *_]", "", case["sentence"][g["start"] : g["end"]])
