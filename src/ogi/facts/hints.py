"""A spaCy component that writes the rules' reading of a sentence into each token's TAG.

The character CNN sees a few characters either side; what decides a fact's type (收到…申请,
主动公开…信息) is often further back. The rules read that context, so their proposal for each
span (`R:<type>` inside a proposed span, `N` on other numbers, `O` elsewhere) becomes a feature
the tagger embeds (MultiHashEmbed's TAG attribute) and may overrule. Each token's LEMMA is the
class of the last context cue before it in the sentence, its DEP the class of the next cue
after it (`[cues]` in data/facts.toml): `…107条，其中…` reads as a total.

It is the first component of the pipeline: it reads the sentence's `Candidates` (and stores
them in the doc, for the components after it).
"""

from __future__ import annotations

import numpy as np
from spacy.attrs import DEP, IDX, LEMMA, TAG
from spacy.language import Language
from spacy.tokens import Doc

from .candidates import candidates_of


@Language.component("ogi_fact_hints")
def fact_hints(doc: Doc) -> Doc:
    n = len(doc)
    if not n:
        return doc
    found = candidates_of(doc)
    text = found.text
    # character -> token: the identity for character tokens (no spaces), else by offsets
    starts = None if n == len(text) else doc.to_array(IDX).astype(np.int64)

    def tokens(s: int, e: int) -> tuple[int, int]:
        if starts is None:
            return s, e
        return int(np.searchsorted(starts, s, "right")) - 1, int(np.searchsorted(starts, e, "left"))

    add = doc.vocab.strings.add
    tags = np.full(n, add("O"), dtype="uint64")
    for s, e in found.numbers:
        a, b = tokens(s, e)
        tags[a:b] = add("N")
    for f in found.rules:
        a, b = tokens(f["start"], f["end"])
        tags[a:b] = add("R:" + f["type"] + (":neg" if f["negated"] else ""))
    # each token's LEMMA: the class of the last cue ending at or before it; DEP: the class of
    # the first cue starting after it ("-" where there is none)
    none = add("-")
    after = np.full(n + 1, -1)  # token index -> row of `seen` that holds from there
    before = np.full(n + 1, -1)
    seen = []
    for s, e, name in found.cues:
        a, b = tokens(s, e)
        if b <= a:
            continue
        seen.append(add(name))
        after[b] = len(seen) - 1
        if a >= 1 and before[a - 1] < 0:
            before[a - 1] = len(seen) - 1
    classes = np.array(seen + [none], dtype="uint64")  # row -1 is "-"
    last = np.maximum.accumulate(after[:n])  # rows grow with position, so max is the latest
    nxt = before[:n].copy()
    # the nearest cue after: fill each -1 from the right (rows also grow, so a reversed
    # running minimum over the set entries)
    big = np.where(nxt < 0, len(seen), nxt)
    nxt = np.minimum.accumulate(big[::-1])[::-1]
    nxt[nxt == len(seen)] = -1
    # spaCy's stubs want thinc's Ints2d here; from_array takes any 2-d integer numpy array
    doc.from_array([TAG, LEMMA, DEP], np.stack([tags, classes[last], classes[nxt]], axis=1))  # type: ignore[arg-type]
    return doc
