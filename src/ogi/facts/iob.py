"""Fact spans as per-token IOB tags, and back: what lets a plain token tagger (a softmax over
each character's tag, one matrix product over the batch) stand in for spaCy's transition-based
NER, which steps through every character with a validity check for each move.

Training writes `B-<type>` / `I-<type>` / `O` into the reference docs' TAG (`spans_to_tags`);
at run time `predict_spans` reads the tagger's scores and keeps the best sequence that is valid
IOB (`best_tags`): the one place spans are read, whichever pipeline (tagger or NER) made them.
"""

from __future__ import annotations

import re
import weakref
from collections.abc import Callable, Iterable, Sequence
from functools import lru_cache
from typing import Any

import numpy as np
from spacy.attrs import DEP, LEMMA, TAG
from spacy.language import Language
from spacy.pipeline import Tagger, Tok2Vec
from spacy.tokens import Doc, Span

from .candidates import Candidates, CandidatesOrText, candidates, fact_places, put_candidates

_SPACE = re.compile(r"\s")


def spans_to_tags(doc: Doc, spans: list[Span]) -> None:
    """Write IOB tags of `spans` into the doc's TAG (every other token `O`)."""
    tags = ["O"] * len(doc)
    for sp in spans:
        for i in range(sp.start, sp.end):
            tags[i] = ("B-" if i == sp.start else "I-") + sp.label_
    for tok, tag in zip(doc, tags):
        tok.tag_ = tag


def tags_to_spans(tags: list[str]) -> list[tuple[int, int, str]]:
    """(start, end, label) token spans of an IOB sequence; an `I-` that does not continue a
    span of its own type opens one (the tagger predicts each token on its own)."""
    out: list[tuple[int, int, str]] = []
    start, label = None, None
    for i, tag in enumerate([*tags, "O"]):
        kind, _, lab = tag.partition("-")
        if kind == "I" and lab == label:
            continue
        if start is not None:
            assert label is not None  # set with start
            out.append((start, i, label))
        start, label = (i, lab) if kind in ("B", "I") and lab else (None, None)
    return out


def allowed_moves(labels: list[str]) -> tuple[np.ndarray, np.ndarray]:
    """Which tag may follow which (`I-x` only after `B-x` or `I-x`), and which may open a
    sentence, as additive log masks (0 or -inf)."""
    L = len(labels)
    trans = np.zeros((L, L))
    start = np.zeros(L)
    for j, b in enumerate(labels):
        kind, _, lab = b.partition("-")
        if kind == "I":
            start[j] = -np.inf
            for i, a in enumerate(labels):
                if a not in ("B-" + lab, "I-" + lab):
                    trans[i, j] = -np.inf
    return trans, start


def best_tags(scores: np.ndarray, labels: list[str], moves: tuple[np.ndarray, np.ndarray]) -> list[str]:
    """The most probable tag sequence that is valid IOB (Viterbi over the tagger's per-token
    scores): a token tagger alone may cut a count in two or tag a lone `I-`.

    The search runs only around the characters whose best tag is not `O` (ISLAND_PAD either
    side; the rest keep `O`): a Python step per character costs as much as the CNN over a
    whole report. Each island opens after an `O` and is closed by one, as a sentence is."""
    if len(scores) == 0:
        return []
    trans, start = moves
    best = scores.argmax(1)
    # most sentences: the per-token best is already valid IOB, and no search is needed
    if _valid(best, trans, start):
        return [labels[k] for k in best]
    outside = labels.index("O") if "O" in labels else None
    if outside is None:
        return [labels[k] for k in _viterbi(scores, trans, start)]
    tags = best.copy()
    for lo, hi in _islands(np.flatnonzero(best != outside), len(best)):
        if not _valid(best[lo:hi], trans, start):
            tags[lo:hi] = _viterbi(scores[lo:hi], trans, start)
    return [labels[k] for k in tags]


@lru_cache(maxsize=8)
def _moves(labels: tuple[str, ...]) -> tuple[np.ndarray, np.ndarray]:
    return allowed_moves(list(labels))


ISLAND_PAD = 3


def _valid(seq: np.ndarray, trans: np.ndarray, start: np.ndarray) -> bool:
    return bool(np.isfinite(start[seq[0]]) and np.isfinite(trans[seq[:-1], seq[1:]]).all())


def _islands(marked: np.ndarray, n: int) -> list[tuple[int, int]]:
    """Runs of marked positions widened by ISLAND_PAD, merged where they touch."""
    return _widened(((i, i + 1) for i in marked.tolist()), ISLAND_PAD, n)


def _widened(spans: Iterable[tuple[int, int]], pad: int, n: int) -> list[tuple[int, int]]:
    """Spans (in order of their starts) widened by `pad` either side within 0..n, merged
    where they touch."""
    out: list[list[int]] = []
    for a, b in spans:
        lo, hi = max(0, a - pad), min(n, b + pad)
        if out and lo <= out[-1][1]:
            out[-1][1] = max(out[-1][1], hi)
        else:
            out.append([lo, hi])
    return [(lo, hi) for lo, hi in out]


def _viterbi(scores: np.ndarray, trans: np.ndarray, start: np.ndarray) -> np.ndarray:
    logp = scores - scores.max(1, keepdims=True)
    logp = logp - np.log(np.exp(logp).sum(1, keepdims=True))
    score = start + logp[0]
    back = np.zeros(logp.shape, dtype=np.intp)
    for t in range(1, len(logp)):
        cand = score[:, None] + trans
        back[t] = cand.argmax(0)
        score = cand.max(0) + logp[t]
    path = [int(score.argmax())]
    for t in range(len(logp) - 1, 0, -1):
        path.append(int(back[t][path[-1]]))
    return np.array(path[::-1])


def predict_spans(
    nlp: Language,
    sentences: Sequence[CandidatesOrText],
    places: Callable[[Candidates], list[tuple[int, int]]] | None = fact_places,
) -> list[list[tuple[int, int, str]]]:
    """Typed character spans of each sentence, from a pipeline with a tagger (IOB tags,
    decoded with `best_tags`) or else with an entity recognizer.

    With a tagger, the CNN reads only the `places(sentence)` where a fact may lie, each widened
    by the CNN's reach (its depth times its window): every character in a place gets the scores
    it would get from the whole sentence, bit for bit the same inputs, and the characters
    outside are `O`. Most of a candidate sentence is text around its counts."""
    found = [candidates(s) for s in sentences]
    texts = [c.text for c in found]
    char_tokens = getattr(nlp.tokenizer, "segmenter", None) == "char"
    pipeline = nlp.pipeline  # (a new list on each access)
    tok2vec, tagger = _component(pipeline, Tok2Vec), _component(pipeline, Tagger)
    if tagger is None:
        docs = [_make_doc(nlp, c, char_tokens) for c in found]
        return [[(e.start_char, e.end_char, e.label_) for e in doc.ents] for doc in nlp.pipe(docs, batch_size=64)]
    # the components that annotate the docs before the CNN reads them (the hints)
    before = [proc for _, proc in pipeline[: [p for _, p in pipeline].index(tok2vec)]]
    labels = list(tagger.labels)
    moves = _moves(tuple(labels))
    outside = labels.index("O")
    # windows need the hints, which read the whole sentence, copied into each window
    reach = _reach(nlp) if places and any(name == "ogi_fact_hints" for name, _ in pipeline) else None
    plans: list[_Plan] = []  # per text: its windows (None: read whole; _NOTHING: no span)
    whole: list[Doc] = []
    parts: list[Doc] = []
    for sentence in found:
        text = sentence.text
        where = places(sentence) if reach and places else None  # a reach only with places
        if where is not None and not where:  # no place to read: no span, and no doc is made
            plans.append(_NOTHING)
            continue
        doc = _make_doc(nlp, sentence, char_tokens)
        plan: _Plan = _windows(text, where, reach) if reach and where is not None and len(doc) == len(text) else None
        if plan is None:
            plans.append(None)
            whole.append(doc)
            continue
        for proc in before:
            doc = proc(doc)
        hints = doc.to_array([TAG, LEMMA, DEP])
        for a, b in plan[1]:
            part = Doc(nlp.vocab, words=list(text[a:b]), spaces=[False] * (b - a))
            # spaCy's stubs: to_array gives float64, from_array wants thinc's Ints2d; it takes what to_array gives
            part.from_array([TAG, LEMMA, DEP], hints[a:b])  # type: ignore[arg-type]
            parts.append(part)
        plans.append(plan)
    # The components before the CNN on the docs read whole (the windows have their hints),
    # then the CNN and the tagger's scores on all docs at once: not `nlp.pipe`, whose
    # batching and dispatch cost more than the CNN on a report's few sentences, and which
    # would run the count typer again.
    for proc in before:
        whole = [proc(doc) for doc in whole]
    reads = whole + parts
    if reads:
        tok2vec.set_annotations(reads, tok2vec.predict(reads))
    scores = _scores(tagger, reads)
    it_whole, it_part = iter(zip(whole, scores[: len(whole)])), iter(scores[len(whole) :])
    out: list[list[tuple[int, int, str]]] = []
    for text, plan in zip(texts, plans):
        if plan is _NOTHING:
            out.append([])
            continue
        if plan is None:
            doc, sc = next(it_whole)
            offsets = None if len(doc) == len(text) else [(t.idx, t.idx + len(t)) for t in doc]
        else:
            keep, windows = plan
            sc = np.full((len(text), len(labels)), -1e4, dtype="float32")
            sc[:, outside] = 0.0
            for a, b in windows:
                w = next(it_part)
                k = keep[a:b]
                sc[a:b][k] = w[k]
            offsets = None
        if not (sc.argmax(1) != outside).any():  # every character's best tag is O
            out.append([])
            continue
        spans = tags_to_spans(best_tags(sc, labels, moves))
        if offsets is None:
            out.append(spans)
        else:
            out.append([(offsets[s][0], offsets[e - 1][1], lab) for s, e, lab in spans])
    return out


_NOTHING = ((), ())  # the plan of a sentence with no place to read
# a sentence's plan: the characters to score and the windows to read, or _NOTHING, or None (read whole)
_Plan = tuple[np.ndarray, list[tuple[int, int]]] | tuple[tuple[()], tuple[()]] | None


def _make_doc(nlp: Language, sentence: Candidates, char_tokens: bool) -> Doc:
    # what the character tokenizer makes of a text without white space, without its
    # alignment of words to text (a tenth of the tagging time)
    text = sentence.text
    if char_tokens and not _SPACE.search(text):
        doc = Doc(nlp.vocab, words=list(text), spaces=[False] * len(text))
    else:
        doc = nlp.make_doc(text)
    doc.user_data["text"] = text  # Doc.text joins the tokens on each access
    put_candidates(doc, sentence)  # read once, by the hints and whatever else reads them
    return doc


def _component(pipeline: list[tuple[str, Any]], kind: type):
    """The pipeline's first component of a kind (None if it has none)."""
    return next((proc for _, proc in pipeline if isinstance(proc, kind)), None)


def _scores(tagger, docs: list[Doc]) -> list[np.ndarray]:
    out: list[np.ndarray] = []
    for i in range(0, len(docs), 64):
        out.extend(np.asarray(sc) for sc in tagger.model.predict(docs[i : i + 64]))
    return out


_REACH: weakref.WeakKeyDictionary[Language, int | None] = weakref.WeakKeyDictionary()


def _reach(nlp: Language) -> int | None:
    """How many characters either side the tok2vec CNN sees (None where it is not the
    window encoder whose reach is depth x window). Read once per pipeline: `nlp.config`
    builds a copy of the whole config on every access."""
    if nlp not in _REACH:
        _REACH[nlp] = _reach_of(nlp)
    return _REACH[nlp]


def _reach_of(nlp: Language) -> int | None:
    name = next((n for n, proc in nlp.pipeline if isinstance(proc, Tok2Vec)), None)
    try:
        enc = nlp.config["components"][name]["model"]["encode"]
        if "MaxoutWindowEncoder" not in enc["@architectures"]:
            return None
        return int(enc["depth"]) * int(enc["window_size"])
    except (KeyError, TypeError, ValueError):
        return None


def _windows(
    text: str, places: list[tuple[int, int]], reach: int, most: float = 0.95
) -> tuple[np.ndarray, list[tuple[int, int]]] | None:
    """Which characters to score (`keep`), and the stretches to read for them: each place
    widened by the reach, merged. None where they would cover most of the sentence anyway."""
    n = len(text)
    keep = np.zeros(n, dtype=bool)
    for a, b in places:
        keep[a:b] = True
    windows = _widened(sorted(places), reach, n)
    if sum(b - a for a, b in windows) > most * n:
        return None
    return keep, windows
