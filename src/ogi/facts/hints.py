"""A spaCy component that writes the rules' reading of a sentence into each token's TAG.

The character CNN sees a few characters either side; what decides a fact's type (收到…申请,
主动公开…信息) is often further back. The rules read that context, so their proposal for each
span (`R:<type>` inside a proposed span, `N` on other numbers, `O` elsewhere) becomes a feature
the tagger embeds (MultiHashEmbed's TAG attribute) and may overrule.
"""
from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from .rules import number_spans, rule_facts


@Language.component("ogi_fact_hints")
def fact_hints(doc: Doc) -> Doc:
    tags = ["O"] * len(doc)
    for s, e in number_spans(doc.text):
        _mark(doc, tags, s, e, "N")
    for f in rule_facts(doc.text):
        _mark(doc, tags, f["start"], f["end"], "R:" + f["type"] + (":neg" if f["negated"] else ""))
    for tok, tag in zip(doc, tags):
        tok.tag_ = tag
    return doc


def _mark(doc: Doc, tags: list[str], s: int, e: int, tag: str) -> None:
    span = doc.char_span(s, e, alignment_mode="expand")
    if span is not None:
        for i in range(span.start, span.end):
            tags[i] = tag
