"""The count typer: a trained spaCy component that says which fact each count of a sentence
states.

Every annotated count span is one of the sentence's number spans (`Candidates.numbers`), so
for counts the task is not to find spans but to type them: `published.total`,
`published.category`, …, or `O` (no fact: a year, a count of something else).
`ogi_count_typer` does this with a linear model (`ogi.CountLinear.v1`: softmax over summed
feature weights) of the count's context: the words of its clause, the words since the count
before it, the characters around it, its unit, the classes of the cue words before and after
it in the sentence (`[cues]` in data/facts.toml), the rules' reading of it and of the counts
before and after it, and whether it is in the unit of the count before (an item of a list
reads like its neighbours). These reach back to the start of the sentence
(`…公开政府信息504条，其中工作动态140条`). At runtime the n-gram features are found as integer
codes of all of a report's counts at once (`ogi.ngrams`), not as strings; the report-level
choice of each count's type is `decode.Decoding`.

The feature vocabulary (features seen in at least `min_count` training counts) is learnt at
`initialize` and saved with the component's config; the weights are trained by `spacy train`
with the rest of the pipeline.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Callable, Iterable, Sequence
from itertools import repeat
from typing import Any, cast

import numpy as np
from spacy.language import Language
from spacy.pipeline import TrainablePipe
from spacy.tokens import Doc, SpanGroup
from spacy.training import Example
from spacy.util import registry
from thinc.api import Model
from thinc.types import Floats2d

from ..ngrams import GramTable, code_points, distinct_per_run, gram_codes
from .candidates import Candidates, CandidatesOrText, candidates, candidates_of
from .decode import Decoding
from .text import count_clause, marks

SPANS_KEY = "counts"
_BIAS = "bias"


# The n-gram features of a count: the stretches of text they are read from (below) and the
# gram sizes of each. `p`: since the count before; `n`: after the count; `s`: how the
# sentence opens; `c`: the count's clause.
_GRAMS = {"c": (1, 2, 3), "p": (1, 2), "n": (1, 2), "s": (2,)}


def _stretches(text: str, numbers: tuple[tuple[int, int], ...], i: int) -> tuple[tuple[str, int, int], ...]:
    """The stretch of each family of `_GRAMS`, in its order (the typer reads them by position)."""
    s, e = numbers[i]
    # the count's clause: back to a clause mark, or to the count before (a list item is a
    # clause of its own), but not to a 、 between words (收到公民、法人和其他组织提出的申请);
    # a count right after its label's mark has the label's clause
    clause = max(s - len(count_clause(text, s, ends=marks().item_end)), numbers[i - 1][1] if i else 0)
    return (
        ("c", clause, s),
        ("p", max(numbers[i - 1][1] if i else 0, s - 20), s),
        ("n", e, min(len(text), e + 8)),
        ("s", 0, min(s, 15)),
    )


def _named(
    text: str, numbers: tuple[tuple[int, int], ...], i: int, rules: dict, cue_at: list[int], cue_class: list[str]
) -> list[str]:
    """The count's features other than its n-grams, by name. `cue_at`, `cue_class`: where each
    cue word of the sentence starts (in order) and its class."""
    s, e = numbers[i]
    unit = _unit_char(text[s:e])
    f = [
        _BIAS,
        # just before, just after (written out: a report has hundreds of counts)
        "b1:" + text[max(0, s - 1) : s],
        "b2:" + text[max(0, s - 2) : s],
        "b3:" + text[max(0, s - 3) : s],
        "b4:" + text[max(0, s - 4) : s],
        "a1:" + text[e : e + 1],
        "a2:" + text[e : e + 2],
        "a3:" + text[e : e + 3],
        "u:" + unit,
        "first" if i == 0 else "later",
        "last" if i == len(numbers) - 1 else "more",
    ]
    before = cue_class[: bisect_left(cue_at, s)]
    f += [
        "h:" + c for c in dict.fromkeys(before)
    ]  # each class once, in the order met (a set's order varies per process)
    if before:
        f.append("lc:" + before[-1])
    after = bisect_left(cue_at, e)
    if after < len(cue_class):
        f.append("nc:" + cue_class[after])
    f.append("r:" + str(rules.get((s, e))))
    if i:
        f.append("pr:" + str(rules.get(numbers[i - 1])))
        f.append("su:" + str(_unit_char(text[slice(*numbers[i - 1])]) == unit))
    if i + 1 < len(numbers):
        f.append("nr:" + str(rules.get(numbers[i + 1])))
    return f


def _unit_char(span: str) -> str:
    return span[-1] if not span[-1].isdigit() else "#"


CountPlan = tuple[tuple[int, int], tuple[tuple[str, int, int], ...], tuple[str, ...]]


def count_plans(sentence: Candidates) -> tuple[CountPlan, ...]:
    """Each count of a sentence: its span, the stretches its n-gram features are read from,
    and its other features by name. `count_features` spells the n-grams out; the typer looks
    them up as integer codes of the whole batch at once (`ogi.ngrams`)."""
    text, numbers = sentence.text, sentence.numbers
    if not numbers:
        return ()
    rules = sentence.rule_counts()
    cue_at = [s for s, _, _ in sentence.cues]  # in text order, as cue_matches finds them
    cue_class = [name for _, _, name in sentence.cues]
    return tuple(
        (numbers[i], _stretches(text, numbers, i), tuple(_named(text, numbers, i, rules, cue_at, cue_class)))
        for i in range(len(numbers))
    )


def count_features(sentence: CandidatesOrText) -> tuple[tuple[tuple[int, int], tuple[str, ...]], ...]:
    """Each count of a sentence (its span) with the names of its features: what the
    vocabulary is learnt from, and how a feature reads in the saved config (`c:开信息`)."""
    sentence = candidates(sentence)
    text = sentence.text
    out = []
    for span, stretches, named in count_plans(sentence):
        grams = [
            f"{fam}:" + text[j : j + k] for fam, a, b in stretches for k in _GRAMS[fam] for j in range(a, b - k + 1)
        ]
        out.append((span, named + tuple(grams)))
    return tuple(out)


class _Vocabulary:
    """The typer's features: the n-grams of each family as a `GramTable`, the others by name."""

    def __init__(self, features: list[str]) -> None:
        self.named: dict[str, int] = {}
        grams: dict[str, list[tuple[str, int]]] = {fam: [] for fam in _GRAMS}
        for i, name in enumerate(features):
            fam, _, gram = name.partition(":")
            if fam in grams and len(gram) in _GRAMS[fam]:
                grams[fam].append((gram, i))
            else:
                self.named[name] = i
        self.grams = {fam: GramTable(pairs) for fam, pairs in grams.items()}


@registry.architectures("ogi.CountLinear.v1")
def count_linear() -> Model:
    """Scores of each count: the sum of its features' weight rows. Input: the feature
    indices of all counts end to end, and where each count's run starts (every run opens
    with the bias feature, so none is empty)."""
    return Model("count_linear", _forward, init=_init, params={"W": None}, dims={"nF": None, "nO": None})


def _init(model: Model, X=None, Y=None) -> Model:
    model.set_param("W", model.ops.alloc2f(model.get_dim("nF"), model.get_dim("nO")))
    return model


def _forward(model: Model, X: tuple[np.ndarray, np.ndarray], is_train: bool):
    ids, starts = X
    # thinc types its params as its own array classes; on NumpyOps they are numpy arrays
    W = cast(np.ndarray, model.get_param("W"))
    # take: the same rows as W[ids], gathered several times faster
    scores = np.add.reduceat(W.take(ids, axis=0), starts, axis=0) if len(starts) else model.ops.alloc2f(0, W.shape[1])

    def backprop(d_scores: np.ndarray):
        lengths = np.diff(np.append(starts, len(ids)))
        dW = np.zeros_like(W)
        np.add.at(dW, ids, np.repeat(d_scores, lengths, axis=0))
        model.inc_grad("W", cast(Floats2d, dW))
        return X

    return scores, backprop


@Language.factory("ogi_count_typer", default_config={"model": {"@architectures": "ogi.CountLinear.v1"}, "min_count": 2})
def make_count_typer(nlp: Language, name: str, model: Model, min_count: int) -> CountTyper:
    return CountTyper(nlp.vocab, model, name, min_count=min_count)


class CountTyper(TrainablePipe):
    """Types each count of a doc; writes them, `O` left out, to `doc.spans["counts"]` with
    their probabilities in the group's `scores`."""

    def __init__(self, vocab, model: Model, name: str = "ogi_count_typer", *, min_count: int = 2) -> None:
        self.vocab, self.model, self.name = vocab, model, name
        self.cfg: dict[str, Any] = {"labels": [], "features": [], "min_count": min_count}
        self._vocabulary: _Vocabulary | None = None
        self._vocabulary_of: list | None = None

    @property
    def labels(self) -> tuple[str, ...]:
        return tuple(self.cfg["labels"])

    def _lookup(self) -> _Vocabulary:
        if self._vocabulary_of is not self.cfg["features"]:  # learnt or loaded since
            self._vocabulary = _Vocabulary(self.cfg["features"])
            self._vocabulary_of = self.cfg["features"]
        assert self._vocabulary is not None  # made on the first call: no features list is None
        return self._vocabulary

    def _inputs(
        self, sentences: Iterable[CandidatesOrText]
    ) -> tuple[tuple[np.ndarray, np.ndarray], list[tuple[int, int, int]]]:
        """Model input for every count of the sentences, and (sentence number, start, end) of
        each. A count's features are its distinct known ones, in index order."""
        vocabulary = self._lookup()
        nF = len(self.cfg["features"])
        where: list[tuple[int, int, int]] = []
        names: list[str] = []  # the named features of all counts, end to end
        named_per_count: list[int] = []
        # per count: where its text starts in the joined texts, then the start and end of the
        # stretch of each family, in the order `_stretches` gives them (that of _GRAMS)
        bounds: list[tuple[int, ...]] = []
        joined: list[str] = []
        offset = 0
        for k, sentence in enumerate(sentences):
            sentence = candidates(sentence)
            plans = count_plans(sentence)
            if not plans:
                continue
            text = sentence.text
            for (s, e), stretches, count_names in plans:
                where.append((k, s, e))
                names.extend(count_names)
                named_per_count.append(len(count_names))
                bounds.append((offset, *[x for _, a, b in stretches for x in (a, b)]))
            joined.append(text)
            offset += len(text) + 1  # the texts joined by a separator, which no n-gram crosses
        if not where:
            return (np.zeros(0, dtype=np.intp), np.zeros(0, dtype=np.intp)), where
        chars = code_points("\x00".join(joined))
        # a count's features as keys count number * nF + feature index, found in bulk
        bases = np.arange(len(where), dtype=np.int64) * nF
        ids = np.fromiter(map(vocabulary.named.get, names, repeat(-1)), dtype=np.int64, count=len(names))
        known = ids >= 0
        # (array methods, not numpy's functions, which go through a dispatch wrapper first)
        parts = [bases.repeat(named_per_count)[known] + ids[known]]
        table = np.array(bounds, dtype=np.int64)
        offsets = table[:, 0]
        for f, fam in enumerate(_GRAMS):  # the n-grams starting at a .. b - n of each count's stretch
            a = table[:, 1 + 2 * f] + offsets
            width = table[:, 2 + 2 * f] - table[:, 1 + 2 * f]
            for n in _GRAMS[fam]:
                fits = width >= n
                if not fits.any():
                    continue
                first, length, base = a[fits], width[fits] - n + 1, bases[fits]
                ends = length.cumsum()
                at = np.arange(ends[-1]) + (first - (ends - length)).repeat(length)
                found = vocabulary.grams[fam].find(n, gram_codes(chars, n, at))
                hit = found >= 0
                parts.append(base.repeat(length)[hit] + found[hit])
        return distinct_per_run(parts, len(where), nF), where  # the bias keeps no run empty

    def type_counts(
        self, sentences: Sequence[CandidatesOrText], decoding: Decoding | None = None
    ) -> list[list[tuple[int, int, str, float]]]:
        """(start, end, type, probability) of each count of each sentence (one report's) that
        states a fact, each count given its most probable type that `decoding` allows (all
        types without)."""
        found = [candidates(s) for s in sentences]
        out: list[list[tuple[int, int, str, float]]] = [[] for _ in found]
        X, where = self._inputs(found)
        if not where:
            return out
        p = _softmax(self.model.predict(X))
        best = (decoding or Decoding()).choose([c.text for c in found], where, p, self.labels)
        labels = self.labels
        for (k, s, e), j, row in zip(where, best, p):
            if labels[j] != "O":
                out[k].append((s, e, labels[j], float(row[j])))
        return out

    def predict(self, docs: Iterable[Doc]):
        docs = list(docs)
        return self.type_counts([candidates_of(d) for d in docs])

    def set_annotations(self, docs: Iterable[Doc], typed) -> None:
        for doc, counts in zip(docs, typed):
            group = SpanGroup(doc, name=SPANS_KEY)
            scores = []
            for s, e, label, prob in counts:
                span = doc.char_span(s, e, label=label, alignment_mode="expand")
                if span is not None:
                    group.append(span)
                    scores.append(prob)
            group.attrs["scores"] = scores
            doc.spans[SPANS_KEY] = group

    def _gold(self, examples: list[Example], where: list[tuple[int, int, int]]) -> np.ndarray:
        facts = [{(e.start_char, e.end_char): e.label_ for e in eg.reference.ents} for eg in examples]
        column = {lab: j for j, lab in enumerate(self.labels)}
        return np.array([column.get(facts[k].get((s, e), "O"), 0) for k, s, e in where], dtype=np.intp)

    def update(
        self, examples: Iterable[Example], *, drop: float = 0.0, sgd=None, losses: dict[str, float] | None = None
    ) -> dict[str, float]:
        losses = {} if losses is None else losses
        losses.setdefault(self.name, 0.0)
        examples = list(examples)
        # the predicted docs went through the pipeline, whose ogi_fact_hints stored their candidates
        X, where = self._inputs(candidates_of(eg.predicted) for eg in examples)
        if not where:
            return losses
        # no dropout (`drop`): the model is linear, and the L2 decay of the optimizer keeps
        # the weights of rare features small
        scores, backprop = self.model.begin_update(X)
        p = _softmax(scores)
        gold = self._gold(examples, where)
        rows = np.arange(len(gold))
        losses[self.name] += float(-np.log(np.clip(p[rows, gold], 1e-9, 1)).sum())
        d = p.copy()
        d[rows, gold] -= 1.0  # the gradient of the cross-entropy at the scores
        backprop(d.astype("float32"))
        if sgd is not None:
            self.finish_update(sgd)
        return losses

    def initialize(
        self,
        get_examples: Callable[[], Iterable[Example]],
        *,
        nlp: Language | None = None,
        labels: list[str] | None = None,
    ) -> None:
        seen: dict[str, int] = {}
        found = set(labels or [])
        for eg in get_examples():
            found.update(e.label_ for e in eg.reference.ents)
            for _, feats in count_features(candidates_of(eg.reference)):
                for f in set(feats):
                    seen[f] = seen.get(f, 0) + 1
        least = self.cfg["min_count"]
        # the bias first: it is in every count's run
        self.cfg["features"] = [_BIAS] + sorted(f for f, n in seen.items() if n >= least and f != _BIAS)
        self.cfg["labels"] = ["O"] + sorted(found - {"O"})
        self.model.set_dim("nF", len(self.cfg["features"]))
        self.model.set_dim("nO", len(self.cfg["labels"]))
        self.model.initialize()

    def add_label(self, label: str) -> int:
        if label in self.cfg["labels"]:
            return 0
        self.cfg["labels"].append(label)
        return 1


def _softmax(z: np.ndarray) -> np.ndarray:
    z = z - z.max(1, keepdims=True)
    e = np.exp(z)
    return e / e.sum(1, keepdims=True)
