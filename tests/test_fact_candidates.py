"""Each sentence of a report is read once (`ogi.facts.candidates`), and what the pipeline's
components read from a doc is that reading."""

from __future__ import annotations

import pytest
from spacy.tokens import Doc

from ogi.facts import candidates as candidates_mod
from ogi.facts import load_tagger, rules
from ogi.facts.candidates import CANDIDATES, candidates_of, read_candidates
from ogi.facts.text import cue_matches, negation_pattern, number_spans

SENTENCES = [
    "本年度共受理政府信息公开申请3件，其中网上申请2件。",
    "主动公开政府信息120条，其中工作动态80条、通知公告40条。",
    "本年度未收取信息处理费，未发生行政复议。",
]


def test_candidates_hold_the_numbers_rules_cues_and_negations_of_the_sentence():
    text = SENTENCES[1]
    found = read_candidates(text)
    assert found.numbers == number_spans(text) and len(found.numbers) == 3
    assert found.rules == tuple(rules.rule_facts(text)) and found.rule_counts()[found.numbers[0]] == "published.total"
    assert found.cues == tuple(cue_matches(text)) and any(c == "part" for _, _, c in found.cues)
    assert read_candidates(SENTENCES[2]).negations == tuple(m.span() for m in negation_pattern().finditer(SENTENCES[2]))
    copy = found.rule_facts()
    copy[0]["via"] = "rules"  # a caller's mark stays out of the candidates
    assert "via" not in found.rules[0]


def test_a_report_reads_the_rules_once_per_sentence(monkeypatch):
    tagger = load_tagger()
    calls = []
    real = rules.rule_facts

    def counted(text, numbers=None, negations=None):
        # the numbers and the negation cues come from the candidates, not read again
        assert numbers is not None and negations is not None
        calls.append(text)
        return real(text, numbers, negations)

    monkeypatch.setattr(candidates_mod, "rule_facts", counted)
    out = tagger.tag(SENTENCES)
    assert sorted(calls) == sorted(SENTENCES)
    assert [f["type"] for f in out[0]] == ["applications.received"]


def test_the_pipeline_reads_the_candidates_its_first_component_stores():
    tagger = load_tagger()
    text = SENTENCES[1]
    doc = tagger.nlp(text)  # hints (storing the candidates), CNN, tagger, count typer
    assert candidates_of(doc) == read_candidates(text)
    typed = [(s.start_char, s.end_char, s.label_) for s in doc.spans["counts"]]
    assert typed == [(s, e, t) for s, e, t, _ in tagger.typer.type_counts([text])[0]]
    assert {t for _, _, t in typed} == {"published.total", "published.category"}
    # stored as plain data: the doc is written and read back with them
    again = Doc(tagger.nlp.vocab).from_bytes(doc.to_bytes())
    assert CANDIDATES in again.user_data and candidates_of(again) == read_candidates(text)


@pytest.mark.parametrize("text", ["", "无。", "依据国务院令第711号修订。"])
def test_a_sentence_without_counts_has_none(text):
    found = read_candidates(text)
    assert found.numbers == () and found.rule_counts() == {}
