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
from typing import Iterator

import numpy as np
from spacy.attrs import DEP, IDX, LEMMA, TAG
from spacy.language import Language
from spacy.tokens import Doc

from .rules import number_spans, rule_facts
from .values import fact_data


@lru_cache(maxsize=None)
def _cue_words() -> tuple[re.Pattern, dict[str, str | None]]:
    """One pattern for all cue words of `[cues]` in data/facts.toml (longest first), and the
    class of each word (None for a `cue_lookalikes` word). Read through `cue_matches`, by the
    hints, the count typer's features and its decoding alike."""
    data = fact_data()
    # words that hold a cue but are none (公共, 共享: no 共 of a total) are matched too, and
    # then passed over, so that the cue inside them is never read
    pairs = [(w, c) for c, ws in data["cues"].items() for w in ws]
    pairs = sorted(pairs + [(w, None) for w in data.get("cue_lookalikes", ())], key=lambda p: -len(p[0]))
    names = {w: c for w, c in pairs}
    pattern = re.compile("|".join(re.escape(w) for w, _ in pairs))
    return pattern, names


def cue_matches(text: str, pos: int = 0, endpos: int | None = None) -> Iterator[tuple[int, int, str]]:
    """(start, end, class) of each cue word in text[pos:endpos], in order; a lookalike (公共)
    is passed over, and the cue inside it with it."""
    pattern, names = _cue_words()
    for m in pattern.finditer(text, pos, len(text) if endpos is None else endpos):
        if (name := names[m.group()]) is not None:
            yield m.start(), m.end(), name


@Language.component("ogi_fact_hints")
def fact_hints(doc: Doc) -> Doc:
    # Doc.text joins the tokens on each access: the tagger hands the sentence in with the doc
    text = doc.user_data.get("text") or doc.text
    n = len(doc)
    if not n:
        return doc
    # character -> token: the identity for character tokens (no spaces), else by offsets
    starts = None if n == len(text) else doc.to_array(IDX).astype(np.int64)

    def tokens(s: int, e: int) -> tuple[int, int]:
        if starts is None:
            return s, e
        return int(np.searchsorted(starts, s, "right")) - 1, int(np.searchsorted(starts, e, "left"))

    add = doc.vocab.strings.add
    tags = np.full(n, add("O"), dtype="uint64")
    for s, e in number_spans(text):
        a, b = tokens(s, e)
        tags[a:b] = add("N")
    for f in rule_facts(text):
        a, b = tokens(f["start"], f["end"])
        tags[a:b] = add("R:" + f["type"] + (":neg" if f["negated"] else ""))
    # each token's LEMMA: the class of the last cue ending at or before it; DEP: the class of
    # the first cue starting after it ("-" where there is none)
    none = add("-")
    after = np.full(n + 1, -1)  # token index -> row of `found` that holds from there
    before = np.full(n + 1, -1)
    found = []
    for s, e, name in cue_matches(text):
        a, b = tokens(s, e)
        if b <= a:
            continue
        found.append(add(name))
        after[b] = len(found) - 1
        if a >= 1 and before[a - 1] < 0:
            before[a - 1] = len(found) - 1
    classes = np.array(found + [none], dtype="uint64")  # row -1 is "-"
    last = np.maximum.accumulate(after[:n])  # rows grow with position, so max is the latest
    nxt = before[:n].copy()
    # the nearest cue after: fill each -1 from the right (rows also grow, so a reversed
    # running minimum over the set entries)
    big = np.where(nxt < 0, len(found), nxt)
    nxt = np.minimum.accumulate(big[::-1])[::-1]
    nxt[nxt == len(found)] = -1
    doc.from_array([TAG, LEMMA, DEP], np.stack([tags, classes[last], classes[nxt]], axis=1))
    return doc
