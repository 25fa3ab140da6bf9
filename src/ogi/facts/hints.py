"""A spaCy component that writes the rules' reading of a sentence into each token's TAG.

The character CNN sees a few characters either side; what decides a fact's type (收到…申请,
主动公开…信息) is often further back. The rules read that context, so their proposal for each
span (`R:<type>` inside a proposed span, `N` on other numbers, `O` elsewhere) becomes a feature
the tagger embeds (MultiHashEmbed's TAG attribute) and may overrule. Each token's LEMMA is the
class of the last context cue before it in the sentence, its DEP the class of the next cue
after it (`[cues]` in data/facts.toml): `…107条，其中…` reads as a total.
"""
from __future__ import annotations

import re
from functools import lru_cache

import numpy as np
from spacy.attrs import DEP, LEMMA, TAG
from spacy.language import Language
from spacy.tokens import Doc

from .rules import number_spans, rule_facts
from .values import fact_data


@lru_cache(maxsize=None)
def _cues() -> tuple[re.Pattern, dict[str, str]]:
    pairs = sorted(((w, c) for c, ws in fact_data()["cues"].items() for w in ws), key=lambda p: -len(p[0]))
    names = {w: c for w, c in pairs}
    pattern = re.compile("|".join(re.escape(w) for w, _ in pairs))
    return pattern, names


@Language.component("ogi_fact_hints")
def fact_hints(doc: Doc) -> Doc:
    # Doc.text joins the tokens on each access: the tagger hands the sentence in with the doc
    text = doc.user_data.get("text") or doc.text
    tags = ["O"] * len(doc)
    for s, e in number_spans(text):
        _mark(doc, tags, s, e, "N")
    for f in rule_facts(text):
        _mark(doc, tags, f["start"], f["end"], "R:" + f["type"] + (":neg" if f["negated"] else ""))
    starts, ends = {}, {}  # token index -> cue class that holds from there (after / before it)
    pattern, names = _cues()
    for m in pattern.finditer(text):
        span = doc.char_span(m.start(), m.end(), alignment_mode="expand")
        if span is not None:
            starts[span.end] = names[m.group()]
            ends.setdefault(span.start - 1, names[m.group()])
    lemmas, current = [], "-"
    for i in range(len(doc)):
        current = starts.get(i, current)
        lemmas.append(current)
    nexts, current = [], "-"
    for i in range(len(doc) - 1, -1, -1):
        current = ends.get(i, current)
        nexts.append(current)
    nexts.reverse()
    if len(doc):
        # one array write instead of a Token object per character
        add = doc.vocab.strings.add
        doc.from_array([TAG, LEMMA, DEP], np.array([[add(t), add(l), add(d)] for t, l, d in zip(tags, lemmas, nexts)],
                                                   dtype="uint64"))
    return doc


def _mark(doc: Doc, tags: list[str], s: int, e: int, tag: str) -> None:
    span = doc.char_span(s, e, alignment_mode="expand")
    if span is not None:
        for i in range(span.start, span.end):
            tags[i] = tag
