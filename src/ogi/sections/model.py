"""The section classifier: per-segment probabilities, then the format's order.

A multinomial logistic regression reads each segment's named features (`features.py`:
character n-grams, numbering, cue words of the format, the headings above it, position); a
hidden-Markov pass over the document then decodes the sequence with transition probabilities
learned from the training reports, so a segment is read in the light of its neighbours
(sections follow the format's order). The confidence of each label is its posterior
probability from the forward-backward pass.

Saved as plain files, loaded without unpickling anything: `weights.npz` (numpy arrays only,
read with allow_pickle=False), `features.json` (the feature names, in weight-row order) and
`meta.json` (label set, data hash, versions, metrics). Fitting and saving are in `train.py`:
scikit-learn is needed to train, not to run.
"""

from __future__ import annotations

import json
import math
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import repeat
from pathlib import Path

import numpy as np

from ..data_files import load_json
from ..model_files import ModelError, load_meta, models_dir, retrain_hint
from ..ngrams import SEPARATOR, GramTable, code_points, distinct_per_run, gram_codes
from . import LABELS
from .features import segment_parts
from .segment import TABLE_LABELS, Segment

MODEL_VERSION = 2
EMISSION_WEIGHT = 1.0  # how much the per-segment probabilities weigh against the transitions
PRIOR_WEIGHT = 1.0  # how much of the label prior is divided out of them (hybrid HMM)
OFF_PART = 2.0  # log-penalty of a label that the format does not put under the top-level heading above
FILES = ("weights.npz", "features.json", "meta.json")


@dataclass
class SectionModel:
    vocab: dict[str, int]
    weights: np.ndarray  # (features, labels)
    bias: np.ndarray  # (labels,)
    labels: list[str]
    trans: np.ndarray  # log P(label_t | label_t-1)
    start: np.ndarray  # log P(label_0)
    prior: np.ndarray  # log P(label) in training, to turn posteriors into scaled likelihoods
    meta: dict
    emission_weight: float = EMISSION_WEIGHT
    prior_weight: float = PRIOR_WEIGHT
    off_part: float = OFF_PART

    # -- per-segment probabilities ----------------------------------------------------------
    def __post_init__(self) -> None:
        # n-gram features are looked up by the bare n-gram, one table per part of the segment
        self._named = {f: i for f, i in self.vocab.items() if not f.startswith(("h:", "b:"))}
        self._head = GramTable((f[2:], i) for f, i in self.vocab.items() if f.startswith("h:"))
        self._body = GramTable((f[2:], i) for f, i in self.vocab.items() if f.startswith("b:"))
        self._weights = np.vstack([self.weights, np.zeros((1, self.weights.shape[1]), self.weights.dtype)])
        self._zero = len(self.weights)
        self._off = _off_part_mask(self.labels)

    def local_proba(
        self, texts: list[str], headings: list[str | None], skip: list[bool] | None = None
    ) -> tuple[np.ndarray, list[int]]:
        """Per-segment label probabilities, and the part of the format each segment is under.

        The same features as `segment_features` names (what training reads), found without
        naming them: the n-grams of all segments' headings and bodies are looked up at once as
        integer codes (`ogi.ngrams`). Building and hashing ~12,000 n-gram strings per report
        took most of the section stage."""
        feats: list[str] = []  # the named features of all segments, end to end
        per_segment: list[int] = []
        heads, bodies, parts = [], [], []
        for seg_feats, head, body, part in segment_parts(texts, headings, skip):
            feats.extend(seg_feats)
            per_segment.append(len(seg_feats))
            heads.append(head)
            bodies.append(body)
            parts.append(part)
        n = len(parts)
        if not n:
            return self._proba([], []), parts
        rows = self._zero + 1  # a (segment, column) pair as one integer key
        cols = np.fromiter(map(self._named.get, feats, repeat(-1)), dtype=np.int64, count=len(feats))
        known = cols >= 0  # (repeats: distinct_per_run drops them)
        segs = np.arange(n, dtype=np.int64).repeat(per_segment)[known]
        keys, starts = distinct_per_run(
            [  # a feature counts once
                segs * rows + cols[known],
                _find_grams(heads, self._head, (1, 2, 3), rows),
                _find_grams(bodies, self._body, (2, 3), rows),
                np.arange(n, dtype=np.int64) * rows + self._zero,
            ],
            n,
            rows,
        )  # the zero row: no segment is without a run
        return self._proba(keys, starts), parts

    def proba_of_features(self, seg_feats: list[list[str]]) -> np.ndarray:
        """`local_proba` from features already named (`segment_features`)."""
        cols: list[int] = []
        starts: list[int] = []
        for feats in seg_feats:
            starts.append(len(cols))
            cols.append(self._zero)
            cols.extend({self.vocab[f] for f in feats if f in self.vocab})
        return self._proba(cols, starts)

    def _proba(self, cols: Sequence[int] | np.ndarray, starts: Sequence[int] | np.ndarray) -> np.ndarray:
        """Softmax of the summed weights of each segment's features: `cols` holds them all,
        each segment's run (which holds the all-zero row, so none is empty) starting at `starts`."""
        if len(starts) == 0:
            return np.zeros((0, len(self.labels)))
        # take: the same rows as fancy indexing, gathered several times faster (the array's
        # methods here and below: numpy's functions go through a dispatch wrapper first)
        scores = np.add.reduceat(self._weights.take(cols, axis=0), np.asarray(starts), axis=0) + self.bias
        scores -= scores.max(1, keepdims=True)
        p = np.exp(scores)
        return p / p.sum(1, keepdims=True)

    # -- sequence decoding --------------------------------------------------------------
    def decode(
        self, local: np.ndarray, fixed: list[str | None], parts: list[int] | None = None
    ) -> tuple[list[str], np.ndarray]:
        """Viterbi labels and forward-backward posteriors. `fixed` pins table segments; `parts`
        (the part of the format each segment is under) makes labels of other parts unlikely."""
        T, L = local.shape
        if T == 0:
            return [], np.zeros((0, L))
        emis = self.emission_weight * np.log(local.clip(1e-9, 1)) - self.prior_weight * self.prior
        if parts is not None:
            emis -= self.off_part * self._off[np.asarray(parts)]
        for t, lab in enumerate(fixed):
            if lab is not None:
                emis[t] = -1e9
                emis[t, self.labels.index(lab)] = 0.0
        trans = self.trans
        score = self.start + emis[0]
        back = np.zeros((T, L), dtype=np.intp)
        cand = np.empty_like(trans)  # (written in place at each step, as are the back pointers)
        for t in range(1, T):
            np.add(score[:, None], trans, out=cand)
            cand.argmax(0, out=back[t])
            score = cand.max(0)
            score += emis[t]
        path = [int(score.argmax())]
        for t in range(T - 1, 0, -1):
            path.append(int(back[t][path[-1]]))
        path.reverse()
        post = _posteriors_scaled(self.start, trans, emis)
        if post is None:
            post = _posteriors_log(self.start, trans, emis)
        return [self.labels[k] for k in path], post

    def predict(
        self, texts: list[str], headings: list[str | None], fixed: list[str | None] | None = None
    ) -> list[tuple[str, float]]:
        fixed = fixed or [None] * len(texts)
        local, parts = self.local_proba(texts, headings, [lab is not None for lab in fixed])
        labels, post = self.decode(local, fixed, parts)
        return [(lab, float(post[t, self.labels.index(lab)])) for t, lab in enumerate(labels)]

    def predict_segments(self, segs: list[Segment]) -> list[tuple[str, float]]:
        fixed = [TABLE_LABELS[s.table] if s.table else None for s in segs]
        return self.predict([s.text for s in segs], [s.heading for s in segs], fixed)


def _find_grams(texts: list[str], table: GramTable, sizes: tuple[int, ...], rows: int) -> np.ndarray:
    """(segment, column) keys of the vocabulary n-grams in each text, as `ngrams` finds them."""
    lengths = np.array([len(t) for t in texts], dtype=np.int64)
    chars = code_points("\0".join(texts))
    chars[(lengths + 1).cumsum()[:-1] - 1] = SEPARATOR
    seg = np.arange(len(texts), dtype=np.int64).repeat(lengths + 1)[: len(chars)]
    out = []
    for n in sizes:
        cols = table.find(n, gram_codes(chars, n))
        hit = cols >= 0
        out.append(seg[: len(cols)][hit] * rows + cols[hit])
    return np.concatenate(out) if out else np.zeros(0, dtype=np.int64)


def _off_part_mask(labels: list[str]) -> np.ndarray:
    """off[p, k] = 1 where the format does not put label k under top-level heading p (1 … 6);
    row 0 (no top-level heading seen) rules nothing out."""
    entries = {x["label"]: x for x in load_json("sections.json")["labels"]}
    off = np.zeros((7, len(labels)))
    for k, lab in enumerate(labels):
        ok = {entries[lab]["section"], *entries[lab].get("also_under", [])}
        for p in range(1, 7):
            off[p, k] = float(p not in ok)
    return off


def _posteriors_scaled(start: np.ndarray, trans: np.ndarray, emis: np.ndarray) -> np.ndarray | None:
    """Forward-backward posteriors as products of probabilities, each step rescaled to sum
    to 1 (a matrix-vector product per step where the log form takes four passes of exp and
    log); None where a step underflows to all zeros, for the log form to do."""
    T = len(emis)
    A = np.exp(trans)
    E = np.exp(emis - emis.max(1, keepdims=True))
    alpha = np.empty_like(E)
    a = np.exp(start - start.max()) * E[0]
    # (each step's quotient written straight into its row: one numpy call fewer per step)
    for t in range(T):
        if t:
            a = a @ A
            a *= E[t]
        z = a.sum().item()
        if not 0.0 < z < math.inf:  # nor NaN; a Python comparison where np.isfinite costs a call
            return None
        a = np.divide(a, z, out=alpha[t])
    beta = np.ones_like(E)
    b = beta[-1]
    for t in range(T - 2, -1, -1):
        b = A @ (E[t + 1] * b)
        z = b.sum().item()
        if not 0.0 < z < math.inf:  # nor NaN; a Python comparison where np.isfinite costs a call
            return None
        b = np.divide(b, z, out=beta[t])
    post = alpha * beta
    z = post.sum(1, keepdims=True)
    if not (z > 0).all():
        return None
    return post / z


def _posteriors_log(start: np.ndarray, trans: np.ndarray, emis: np.ndarray) -> np.ndarray:
    """Forward-backward posteriors in log space."""
    T, L = emis.shape
    alpha = np.empty((T, L))
    alpha[0] = start + emis[0]
    for t in range(1, T):
        alpha[t] = _lse(alpha[t - 1][:, None] + trans, 0) + emis[t]
    beta = np.zeros((T, L))
    for t in range(T - 2, -1, -1):
        beta[t] = _lse(trans + (emis[t + 1] + beta[t + 1])[None, :], 1)
    post = alpha + beta
    return np.exp(post - _lse(post, 1)[:, None])


def _lse(a: np.ndarray, axis: int) -> np.ndarray:
    m = a.max(axis=axis, keepdims=True)
    return (m + np.log(np.exp(a - m).sum(axis=axis, keepdims=True))).squeeze(axis)


_RETRAIN = retrain_hint("sections")
_CACHE: dict = {}


def load_model(model_dir: Path | None = None) -> SectionModel:
    """The trained model; a clear ModelError if it is missing, damaged or incompatible."""
    model_dir = Path(model_dir or models_dir() / "sections")
    key = str(model_dir)
    if key in _CACHE:
        return _CACHE[key]
    meta = load_meta(model_dir, "sections", MODEL_VERSION, {"labels": list(LABELS)}, FILES)
    try:
        with np.load(model_dir / "weights.npz", allow_pickle=False) as z:
            arrays = {k: z[k] for k in ("weights", "bias", "trans", "start", "prior", "decoding", "version")}
        names = json.loads((model_dir / "features.json").read_text(encoding="utf-8"))
    except (OSError, ValueError, KeyError, EOFError, zipfile.BadZipFile) as exc:
        raise ModelError(f"The section model in {model_dir} cannot be read ({type(exc).__name__}). {_RETRAIN}") from exc
    L = len(LABELS)
    if (
        int(arrays["version"]) != MODEL_VERSION
        or not isinstance(names, list)
        or arrays["weights"].shape != (len(names), L)
        or arrays["trans"].shape != (L, L)
    ):
        raise ModelError(f"The section model in {model_dir} is from another version of ogi or damaged. {_RETRAIN}")
    model = SectionModel(
        {f: i for i, f in enumerate(names)},
        arrays["weights"].astype(np.float32),
        arrays["bias"],
        list(LABELS),
        arrays["trans"],
        arrays["start"],
        arrays["prior"],
        meta,
        *map(float, arrays["decoding"][:3]),
    )
    _CACHE[key] = model
    return model
