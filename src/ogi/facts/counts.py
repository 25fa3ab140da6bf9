"""A trained spaCy component that says which fact each count of a sentence states.

Every annotated count span is one of the rules' number spans (`number_spans`), so for counts
the task is not to find spans but to type them: `published.total`, `published.category`, …,
or `O` (no fact: a year, a count of something else). `ogi_count_typer` does this with a
linear model (softmax over summed feature weights) of the count's context: the words of its
clause, the words since the count before it, the characters around it, its unit, the classes
of the cue words before and after it in the sentence (`[cues]` in data/facts.toml), the
rules' reading of it and of the counts before and after it, and whether it is in the unit of
the count before (an item of a list reads like its neighbours). These reach back to the start of the
sentence, where the character CNN that typed counts before saw 12 characters either side:
`…公开政府信息504条，其中工作动态140条`. Held out it types counts better (F1 0.843 -> 0.880
on the counts), and it costs a row of weights per feature where the CNN cost four matrix
products per character. At runtime the n-gram features are found as integer codes of all
of a report's counts at once (`ogi.ngrams`), not as strings.

The feature vocabulary (features seen in at least `min_count` training counts) is learnt at
`initialize` and saved with the component's config; the weights are trained by `spacy train`
with the rest of the pipeline.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Callable, Iterable, Iterator

import numpy as np
from spacy.language import Language
from spacy.pipeline import TrainablePipe
from spacy.tokens import Doc, SpanGroup
from spacy.training import Example
from spacy.util import registry
from thinc.api import Model

from ..ngrams import GramTable, code_points, distinct_per_run, gram_codes
from .hints import cue_matches
from .rules import SENTENCE_CACHE, clause_before, number_spans, rule_facts
from .values import fact_data, read_value

SPANS_KEY = "counts"
# where the clause before a count ends, for the limits of `Decoding` (a list item is a clause
# of its own) and, without the 、, for the typer's features
_CLAUSE_END = "，,、；;：:。（）()"
_ITEM_END = _CLAUSE_END.replace("、", "")
# where a breakdown (其中…) ends
_PART_END = re.compile("[；;。！？\n]")
_BIAS = "bias"


# The n-gram features of a count: the stretches of text they are read from (below) and the
# gram sizes of each. `p`: since the count before; `n`: after the count; `s`: how the
# sentence opens; `c`: the count's clause.
_GRAMS = {"c": (1, 2, 3), "p": (1, 2), "n": (1, 2), "s": (2,)}


def _stretches(text: str, numbers: tuple[tuple[int, int], ...], i: int) -> tuple[tuple[str, int, int], ...]:
    s, e = numbers[i]
    # the count's clause: back to a clause mark, or to the count before (a list item is a
    # clause of its own), but not to a 、 between words (收到公民、法人和其他组织提出的申请)
    clause = max(s - len(clause_before(text, s, ends=_ITEM_END)), numbers[i - 1][1] if i else 0)
    return (("c", clause, s), ("p", max(numbers[i - 1][1] if i else 0, s - 20), s),
            ("n", e, min(len(text), e + 8)), ("s", 0, min(s, 15)))


def _named(text: str, numbers: tuple[tuple[int, int], ...], i: int, rules: dict, cues: list) -> list[str]:
    """The count's features other than its n-grams, by name."""
    s, e = numbers[i]
    f = [_BIAS]
    f += [f"b{k}:" + text[max(0, s - k):s] for k in (1, 2, 3, 4)]       # just before
    f += [f"a{k}:" + text[e:e + k] for k in (1, 2, 3)]                   # just after
    unit = _unit_char(text[s:e])
    f.append("u:" + unit)
    f.append("first" if i == 0 else "later")
    f.append("last" if i == len(numbers) - 1 else "more")
    before = [c for p, c in cues if p < s]
    f += ["h:" + c for c in dict.fromkeys(before)]  # each class once, in the order met (a set's order varies per process)
    if before:
        f.append("lc:" + before[-1])
    after = [c for p, c in cues if p >= e]
    if after:
        f.append("nc:" + after[0])
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


@lru_cache(maxsize=SENTENCE_CACHE)
def count_plans(text: str) -> tuple[CountPlan, ...]:
    """Each count of a sentence: its span, the stretches its n-gram features are read from,
    and its other features by name. `count_features` spells the n-grams out; the typer looks
    them up as integer codes of the whole batch at once (`ogi.ngrams`)."""
    numbers = number_spans(text)
    if not numbers:
        return ()
    rules = {(f["start"], f["end"]): f["type"] for f in rule_facts(text) if not f["negated"]}
    cues = [(s, name) for s, _, name in cue_matches(text)]
    return tuple((numbers[i], _stretches(text, numbers, i), tuple(_named(text, numbers, i, rules, cues)))
                 for i in range(len(numbers)))


def count_features(text: str) -> tuple[tuple[tuple[int, int], tuple[str, ...]], ...]:
    """Each count of a sentence (its span) with the names of its features: what the
    vocabulary is learnt from, and how a feature reads in the saved config (`c:开信息`)."""
    out = []
    for span, stretches, named in count_plans(text):
        grams = [f"{fam}:" + text[j:j + k] for fam, a, b in stretches for k in _GRAMS[fam] for j in range(a, b - k + 1)]
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
    W = model.get_param("W")
    scores = np.add.reduceat(W[ids], starts, axis=0) if len(starts) else model.ops.alloc2f(0, W.shape[1])

    def backprop(d_scores: np.ndarray):
        lengths = np.diff(np.append(starts, len(ids)))
        dW = np.zeros_like(W)
        np.add.at(dW, ids, np.repeat(d_scores, lengths, axis=0))
        model.inc_grad("W", dW)
        return X

    return scores, backprop


@Language.factory("ogi_count_typer", default_config={"model": {"@architectures": "ogi.CountLinear.v1"},
                                                     "min_count": 2})
def make_count_typer(nlp: Language, name: str, model: Model, min_count: int) -> "CountTyper":
    return CountTyper(nlp.vocab, model, name, min_count=min_count)


class CountTyper(TrainablePipe):
    """Types each count of a doc; writes them, `O` left out, to `doc.spans["counts"]` with
    their probabilities in the group's `scores`."""

    def __init__(self, vocab, model: Model, name: str = "ogi_count_typer", *, min_count: int = 2) -> None:
        self.vocab, self.model, self.name = vocab, model, name
        self.cfg = {"labels": [], "features": [], "min_count": min_count}
        self._vocabulary: _Vocabulary | None = None
        self._vocabulary_of: list | None = None

    @property
    def labels(self) -> tuple[str, ...]:
        return tuple(self.cfg["labels"])

    def _lookup(self) -> _Vocabulary:
        if self._vocabulary_of is not self.cfg["features"]:  # learnt or loaded since
            self._vocabulary = _Vocabulary(self.cfg["features"])
            self._vocabulary_of = self.cfg["features"]
        return self._vocabulary

    def _inputs(self, texts: Iterable[str]) -> tuple[tuple[np.ndarray, np.ndarray], list[tuple[int, int, int]]]:
        """Model input for every count of the texts, and (text number, start, end) of each.
        A count's features are its distinct known ones, in index order."""
        vocabulary = self._lookup()
        nF = len(self.cfg["features"])
        where: list[tuple[int, int, int]] = []
        keys: list[int] = []  # count number * nF + feature index
        runs: dict[tuple[str, int], list[tuple[int, int, int]]] = {(f, n): [] for f, ns in _GRAMS.items() for n in ns}
        joined: list[str] = []
        offset = 0
        for k, text in enumerate(texts):
            plans = count_plans(text)
            if not plans:
                continue
            for (s, e), stretches, names in plans:
                base = len(where) * nF
                where.append((k, s, e))
                keys.extend([base + i for i in map(vocabulary.named.get, names) if i is not None])
                for fam, a, b in stretches:
                    for n in _GRAMS[fam]:
                        if b - a >= n:  # the n-grams starting at a .. b - n, of this count
                            runs[fam, n].append((offset + a, b - a - n + 1, base))
            joined.append(text)
            offset += len(text) + 1  # the texts joined by a separator, which no n-gram crosses
        if not where:
            return (np.zeros(0, dtype=np.intp), np.zeros(0, dtype=np.intp)), where
        text = "\x00".join(joined)
        chars = code_points(text)
        parts = [np.asarray(keys, dtype=np.int64)]
        for (fam, n), found in runs.items():
            if not found:
                continue
            first, length, base = (np.array(col, dtype=np.int64) for col in zip(*found))
            ends = np.cumsum(length)
            at = np.arange(ends[-1]) + np.repeat(first - (ends - length), length)
            ids = vocabulary.grams[fam].find(n, gram_codes(chars, n, at))
            hit = ids >= 0
            parts.append(np.repeat(base, length)[hit] + ids[hit])
        return distinct_per_run(parts, len(where), nF), where  # the bias keeps no run empty

    def type_counts(self, texts: list[str], decoding: "Decoding | None" = None) -> list[list[tuple[int, int, str, float]]]:
        """(start, end, type, probability) of each count of each text that states a fact,
        each count given its most probable type that `decoding` allows (all types without)."""
        out: list[list[tuple[int, int, str, float]]] = [[] for _ in texts]
        X, where = self._inputs(texts)
        if not where:
            return out
        p = _softmax(self.model.predict(X))
        best = (decoding or Decoding()).choose(texts, where, p, self.labels)
        labels = self.labels
        for (k, s, e), j, row in zip(where, best, p):
            if labels[j] != "O":
                out[k].append((s, e, labels[j], float(row[j])))
        return out

    def predict(self, docs: Iterable[Doc]):
        docs = list(docs)
        return self.type_counts([d.user_data.get("text") or d.text for d in docs])

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

    def update(self, examples: Iterable[Example], *, drop: float = 0.0, sgd=None,
               losses: dict[str, float] | None = None) -> dict[str, float]:
        losses = {} if losses is None else losses
        losses.setdefault(self.name, 0.0)
        examples = list(examples)
        X, where = self._inputs(eg.reference.text for eg in examples)
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

    def initialize(self, get_examples: Callable[[], Iterable[Example]], *, nlp: Language | None = None,
                   labels: list[str] | None = None) -> None:
        seen: dict[str, int] = {}
        found = set(labels or [])
        for eg in get_examples():
            found.update(e.label_ for e in eg.reference.ents)
            for _, feats in count_features(eg.reference.text):
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


@dataclass(frozen=True)
class Decoding:
    """What the choice of each count's type respects beyond the typer's probabilities (the
    texts are one report's; `Decoding.of_data()` reads them from data/facts.toml):

    - `unit_types`: a count in one of these units is of these types or no fact (收取信息处理费
      0元 is a fee, 其中公开1起 no published item), and `type_units`: a count of these types
      in another unit is not of them;
    - `clause_types`: words after which, in its clause (or anywhere before it in its
      sentence, for an entry of `scope = "sentence"`), a count is of these types or no
      fact (历年累计公开信息3572条 is not this year's; 不少于10篇 is a target), and
      `type_needs`: words without which, before it in its sentence, a count is not of a type
      (办理依申请公开8件 states no applications received);
    - `published`: types of published items, which a count that breaks down a count of
      another type is not given (受理申请28件，其中网上申请20件); `whole`: types a count
      that breaks down a count of the same type is not given (发布解读19份，其中图解7份);
    - `outside_weight`: what the probability of no fact is weighed by before the choice;
    - `list_type`, `list_min`: a count given no fact between two counts of `list_type` in one
      list takes their type if it is at least `list_min` probable for it (公共法律4条,就业创业
      4条,社会保险4条: the middle item's words alone leave the typer in doubt);
    - `at_least_once`: types a report states (nearly always): where no count of a report got
      one, its count given no fact that is most probable for it takes it, if at least that
      probable (the website's count is the total when no other total is stated);
    - `once`: types a report states once: each goes to its most probable count of all the
      texts; the others that would have it are no fact (held out, better than their next
      most probable type: a second "total" is mostly one channel's or another year's)."""

    once: tuple[str, ...] = ()
    unit_types: tuple[tuple[str, tuple[str, ...]], ...] = ()
    type_units: tuple[tuple[str, tuple[str, ...]], ...] = ()
    # (words, types, sentence-wide, types ruled out instead of allowed, words that must follow
    # the count in its sentence or "")
    clause_types: tuple[tuple[str, tuple[str, ...], bool, bool, str], ...] = ()
    # (words, sentence-wide, from types, to type, only where no count of the texts has `to`):
    # a count given one of `from` after the words is `to`
    retype: tuple[tuple[str, bool, tuple[str, ...], str, bool], ...] = ()
    published: frozenset[str] = frozenset()
    whole: frozenset[str] = frozenset()
    outside_weight: float = 1.0
    list_type: str = ""
    list_min: float = 1.0
    at_least_once: tuple[tuple[str, float], ...] = ()
    type_needs: tuple[tuple[str, str], ...] = ()

    @classmethod
    def of_data(cls) -> "Decoding":
        data = fact_data()
        return cls(once=tuple(data.get("once_per_report", ())),
                   unit_types=tuple((u, tuple(ts)) for u, ts in data.get("unit_types", {}).items()),
                   type_units=tuple((t, tuple(us)) for t, us in data.get("type_units", {}).items()),
                   clause_types=tuple((c["words"], tuple(c.get("types", c.get("not_types", ()))),
                                       c.get("scope") == "sentence", "not_types" in c, c.get("followed_by", ""))
                                      for c in data.get("clause_types", ())),
                   retype=tuple((r["words"], r.get("scope") == "sentence", tuple(r["from"]), r["to"],
                                 bool(r.get("when_missing"))) for r in data.get("retype", ())),
                   published=frozenset(data.get("published_types", ())),
                   whole=frozenset(data.get("whole_types", ())),
                   outside_weight=float(data.get("outside_weight", 1.0)),
                   list_type=data.get("list_vote", {}).get("type", ""),
                   list_min=float(data.get("list_vote", {}).get("min_probability", 1.0)),
                   at_least_once=tuple((t, float(v)) for t, v in data.get("at_least_once", {}).items()),
                   type_needs=tuple(data.get("type_needs", {}).items()))

    def choose(self, texts: list[str], where: list[tuple[int, int, int]], p: np.ndarray,
               labels: tuple[str, ...]) -> np.ndarray:
        """The column of `labels` chosen for each count (row of `p`)."""
        best = self._choose(texts, where, p, labels)
        outside = labels.index("O")
        won: list[tuple[int, int]] = []  # (count, column) a count of no fact is given instead
        free = np.flatnonzero(best == outside)
        for label, least in self.at_least_once:
            j = labels.index(label) if label in labels else None
            # a report that states none: its most probable count given no fact, if probable enough
            if j is not None and len(free) and not (best == j).any() and p[free, j].max() >= least:
                won.append((int(free[p[free, j].argmax()]), j))
        if self.list_type in labels:
            j = labels.index(self.list_type)
            won += [(row, j) for row in self._list_gaps(texts, where, best, p[:, j], j, outside)]
        if won:
            # chosen again, so that what a count's unit and clause allow still holds
            p = p.copy()
            for row, j in won:
                p[row, j] = p[row].max() + 1.0
            best = self._choose(texts, where, p, labels)
        return best

    def _list_gaps(self, texts: list[str], where: list[tuple[int, int, int]], best: np.ndarray,
                   p: np.ndarray, j: int, outside: int) -> list[int]:
        """The counts given no fact between two counts of column `j` in one list (no end of a
        part of the sentence between them) that `j` is at least `list_min` probable for."""
        out = []
        for row in range(1, len(where) - 1):
            (k0, _, e0), (k, s, e), (k1, s1, _) = where[row - 1:row + 2]
            if (best[row] == outside and p[row] >= self.list_min and best[row - 1] == j == best[row + 1]
                    and k0 == k == k1 and not _PART_END.search(texts[k], e0, s)
                    and not _PART_END.search(texts[k], e, s1)):
                out.append(row)
        return out

    def _choose(self, texts: list[str], where: list[tuple[int, int, int]], p: np.ndarray,
                labels: tuple[str, ...]) -> np.ndarray:
        outside = labels.index("O")
        if self.outside_weight != 1.0:
            p = p.copy()
            p[:, outside] *= self.outside_weight
        best = p.argmax(1)
        for row, allowed in self._limits(texts, where, best, labels):
            best[row] = np.where(allowed, p[row], -1.0).argmax()
        for row, j in self._retyped(texts, where, best, labels):
            best[row] = j
        if self.published or self.whole:
            best[self._breakdowns(texts, where, best, labels)] = outside
        for label in self.once:
            if label not in labels:
                continue
            j = labels.index(label)
            rows = np.flatnonzero(best == j)
            if len(rows) > 1:
                best[rows[rows != rows[p[rows, j].argmax()]]] = outside
        return best

    def _retyped(self, texts: list[str], where: list[tuple[int, int, int]], best: np.ndarray,
                 labels: tuple[str, ...]) -> Iterator[tuple[int, int]]:
        """Each count given a type of a `retype` entry after its words, with the column of the
        type it is instead (主动公开政策文件、通知公告等信息139条: a list of kinds before a count
        makes it the total, not a category)."""
        for words, sentence_wide, old, new, when_missing in self.retype:
            if new not in labels or (when_missing and (best == labels.index(new)).any()):
                continue
            pattern, j = re.compile(words), labels.index(new)
            for row, (k, s, _) in enumerate(where):
                if labels[best[row]] in old and _said_before(pattern, texts[k], s, sentence_wide):
                    yield row, j

    def _limits(self, texts: list[str], where: list[tuple[int, int, int]], best: np.ndarray,
                labels: tuple[str, ...]) -> Iterator[tuple[int, np.ndarray]]:
        """Each count whose most probable type its unit or its clause rules out, with the types
        it may have (a mask over `labels`). Only the few counts that are in a bound unit, are
        given a bound type or stand in a text with the words of `clause_types` are read."""
        by_unit, by_type = dict(self.unit_types), dict(self.type_units)
        bound_columns = {j for j, lab in enumerate(labels) if lab in by_type}
        clause_types = [(re.compile(words), set(types) if exclude else {"O", *types}, sentence_wide, exclude,
                         re.compile(followed) if followed else None)
                        for words, types, sentence_wide, exclude, followed in self.clause_types]
        needed = {t: re.compile(words) for t, words in self.type_needs}
        # per text, the clause words it holds at all; a sentence-wide entry, or one that ends
        # where the count starts, is then read before each count
        # (without its `$` anchors, an entry's words still match somewhere in a text they match
        # before a count of: a cheap test per text)
        anywhere = [re.compile(re.sub(r"(?<!\\)\$", "", c[0].pattern)) for c in clause_types]
        in_text = {k: found for k, text in enumerate(texts)
                   if (found := [c for c, a in zip(clause_types, anywhere) if a.search(text)])}
        for row, (k, s, e) in enumerate(where):
            span, allowed = texts[k][s:e], None
            if int(best[row]) in bound_columns or any(u in span for u in by_unit):
                unit = read_value(span).unit
                if unit in by_unit:
                    allowed = {"O", *by_unit[unit]}
                if unit is not None:
                    allowed = (set(labels) if allowed is None else allowed) - {
                        t for t, units in by_type.items() if unit not in units}
            for words, types, sentence_wide, exclude, followed in in_text.get(k, ()):
                if _said_before(words, texts[k], s, sentence_wide) and (followed is None or followed.search(texts[k], e)):
                    base = set(labels) if allowed is None else allowed
                    allowed = base - types if exclude else base & types
            needs = needed.get(labels[best[row]])
            if needs is not None and not needs.search(texts[k], 0, s):
                allowed = (set(labels) if allowed is None else allowed) - {labels[best[row]]}
            if allowed is not None and labels[best[row]] not in allowed:
                yield row, np.array([lab in allowed for lab in labels])

    def _breakdowns(self, texts: list[str], where: list[tuple[int, int, int]], best: np.ndarray,
                    labels: tuple[str, ...]) -> list[int]:
        """The counts that break down a count before them (a part cue, `[cues] part`, between
        the two, and no end of a part of the sentence) and are given a published type while
        that one has another, or the same type while it is one of `whole`."""
        parents = [j for j, lab in enumerate(labels) if lab != "O" and (lab not in self.published or lab in self.whole)]
        if not np.isin(best, parents).any():
            return []
        out = []
        # the count before: its text, its end, where its part of the sentence ends, its type,
        # and the types of the counts of that part so far (行政复议21件、行政诉讼8件，其中复议2件)
        parent: tuple[int, int, int, str, frozenset[str]] | None = None
        for row, (k, s, e) in enumerate(where):
            text, label = texts[k], labels[best[row]]
            if parent is not None and (parent[0] != k or s > parent[2]):
                parent = None
            if label == "O":
                continue
            if parent is not None and self._is_part(label, parent[3], parent[4]) and any(
                    name == "part" for _, _, name in cue_matches(text, parent[1], s)):
                out.append(row)
                continue
            end = _PART_END.search(text, e)
            parent = (k, e, end.start() if end else len(text), label, (parent[4] if parent else frozenset()) | {label})
        return out

    def _is_part(self, label: str, last: str, before: frozenset[str]) -> bool:
        """Whether a count of type `label` after a part cue is a part of the counts before it
        (the last of type `last`; `before` all types of its part of the sentence) rather than
        a fact: a category of a total is a fact, an application of applications is not."""
        if label in before and label in self.whole:
            return True
        return label in self.published and last not in self.published


def _said_before(words: re.Pattern, text: str, start: int, sentence_wide: bool) -> bool:
    """Whether the words stand before a count: anywhere before it in its sentence, or in its
    clause (back to a clause mark or a 、)."""
    if sentence_wide:
        return bool(words.search(text, 0, start))
    return bool(words.search(clause_before(text, start, ends=_CLAUSE_END)))


def _softmax(z: np.ndarray) -> np.ndarray:
    z = z - z.max(1, keepdims=True)
    e = np.exp(z)
    return e / e.sum(1, keepdims=True)
