"""The section classifier: per-segment probabilities, then the format's order.

A logistic regression reads each segment (jieba words and character n-grams of its opening,
heading cues, position); a hidden-Markov pass over the document then decodes the sequence
with transition probabilities learned from the training reports, so a segment is read in the
light of its neighbours (sections follow the format's order). The confidence of each label is
its posterior probability from the forward-backward pass.

Saved with skops (`model.skops`, loaded only with the types listed in TRUSTED, never by
unpickling arbitrary code) beside `meta.json` (label set, data hash, versions, metrics).
"""
from __future__ import annotations

import hashlib
import json
import logging
import os
import re
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from . import LABELS
from .segment import TABLE_LABELS, Segment, heading_of

MODEL_VERSION = 1
SEED = 20211
# What model.skops may contain; anything else in the file is refused.
TRUSTED = [
    "sklearn.feature_extraction.text.TfidfVectorizer",
    "sklearn.feature_extraction._dict_vectorizer.DictVectorizer",
    "sklearn.linear_model._logistic.LogisticRegression",
    "numpy.float64", "numpy.int64", "numpy.dtype", "numpy.ndarray", "builtins.dict", "builtins.list",
    "scipy.sparse._csr.csr_matrix", "collections.defaultdict", "builtins.float", "builtins.int",
    "numpy.core.multiarray._reconstruct", "numpy._core.multiarray._reconstruct",
]


class ModelError(RuntimeError):
    """The section model is missing, damaged or from another version."""


def models_dir() -> Path:
    env = os.environ.get("OGI_MODELS")
    if env:
        return Path(env)
    return Path(__file__).resolve().parents[3] / "models"


_NUM_STYLE = [
    ("cn", re.compile(r"^\s*[一二三四五六七八九十]{1,3}\s*、")),
    ("paren_cn", re.compile(r"^\s*[（(]\s*[一二三四五六七八九十]{1,3}\s*[）)]")),
    ("arabic", re.compile(r"^\s*\d{1,2}\s*[.．、]")),
    ("paren_arabic", re.compile(r"^\s*[（(]\s*\d{1,2}\s*[）)]")),
    ("enum", re.compile(r"^\s*[一二三四五六七八九十]是")),
]
_CN_NUM = {c: i + 1 for i, c in enumerate("一二三四五六七八九十")}


def _tokens(text: str) -> str:
    import jieba

    jieba.setLogLevel(logging.WARNING)
    return " ".join(w for w in jieba.lcut(text[:60], HMM=False) if w.strip())


def _cues(seg_text: str, heading: str | None, i: int, n: int) -> dict:
    d: dict = {}
    for name, pat in _NUM_STYLE:
        m = pat.match(seg_text)
        if m:
            d[f"num={name}"] = 1
            digit = re.search(r"[一二三四五六七八九十]|\d{1,2}", m.group())
            if digit:
                g = digit.group()
                v = int(g) if g.isdigit() else _CN_NUM.get(g, 0)
                d[f"num={name}:{min(v, 9)}"] = 1
            break
    else:
        d["num=none"] = 1
    d["heading"] = int(heading is not None)
    d["short"] = int(len(seg_text) <= 30)
    d["len"] = min(len(seg_text), 600) / 600
    d["pos"] = i / max(n - 1, 1)
    d[f"pos_bin={min(int(10 * i / max(n, 1)), 9)}"] = 1
    d["first"] = int(i == 0)
    d["has_digit"] = int(bool(re.search(r"\d", seg_text[:200])))
    d["ends_stop"] = int(seg_text.rstrip().endswith("。"))
    return d


_TOP = re.compile(r"^\s*[一二三四五六七八九十]{1,2}\s*[、.．]")
_SUB = re.compile(r"^\s*(?:[（(]\s*[一二三四五六七八九十\d]{1,2}\s*[）)]|\d{1,2}\s*[.．、](?!\d))")


def _context(texts: list[str], headings: list[str | None]) -> list[tuple[str, str]]:
    """For each segment, the last top-level heading (一、…) and subsection heading ((一) 1.)
    at or before it: a paragraph with no heading of its own sits under them."""
    top = sub = ""
    out = []
    for t, h in zip(texts, headings):
        head = (h or t[:30])[:30]
        if _TOP.match(t):
            top, sub = head, ""
        elif _SUB.match(t):
            sub = head
        out.append((top, sub))
    return out


def _inputs(texts: list[str], headings: list[str | None]) -> tuple[list[str], list[str], list[dict]]:
    n = len(texts)
    words, chars, cues = [], [], []
    for i, ((t, h), (top, sub)) in enumerate(zip(zip(texts, headings), _context(texts, headings))):
        head = h or t[:40]
        own = _tokens(head) + " | " + _tokens(t[len(h or ""):]) if h else _tokens(t)
        ctx = " ".join("T_" + w for w in _tokens(top).split()) + " " + " ".join("S_" + w for w in _tokens(sub).split())
        words.append(own + " " + ctx)
        chars.append(head[:60] + " " + t[:120])
        cues.append(_cues(t, h, i, n))
    return words, chars, cues


@dataclass
class SectionModel:
    word: object
    char: object
    cues: object
    clf: object
    labels: list[str]
    trans: np.ndarray  # log P(label_t | label_t-1)
    start: np.ndarray  # log P(label_0)
    prior: np.ndarray  # log P(label) in training, to turn posteriors into scaled likelihoods
    meta: dict

    # -- features and per-segment probabilities -------------------------------------------
    def _matrix(self, texts, headings):
        from scipy.sparse import hstack

        w, c, q = _inputs(texts, headings)
        return hstack([self.word.transform(w), self.char.transform(c), self.cues.transform(q)]).tocsr()

    def local_proba(self, texts: list[str], headings: list[str | None]) -> np.ndarray:
        probs = self.clf.predict_proba(self._matrix(texts, headings))
        out = np.zeros((len(texts), len(self.labels)))
        for j, lab in enumerate(self.clf.classes_):
            out[:, self.labels.index(lab)] = probs[:, j]
        return out

    # -- sequence decoding --------------------------------------------------------------
    def decode(self, local: np.ndarray, fixed: list[str | None]) -> tuple[list[str], np.ndarray]:
        """Viterbi labels and forward-backward posteriors; `fixed` pins table segments."""
        L = len(self.labels)
        emis = np.log(np.clip(local, 1e-9, 1)) - self.prior
        for t, lab in enumerate(fixed):
            if lab is not None:
                emis[t] = -1e9
                emis[t, self.labels.index(lab)] = 0.0
        T = len(local)
        if T == 0:
            return [], np.zeros((0, L))
        # Viterbi
        score = self.start + emis[0]
        back = np.zeros((T, L), dtype=int)
        for t in range(1, T):
            cand = score[:, None] + self.trans
            back[t] = cand.argmax(0)
            score = cand.max(0) + emis[t]
        path = [int(score.argmax())]
        for t in range(T - 1, 0, -1):
            path.append(int(back[t][path[-1]]))
        path.reverse()
        # forward-backward (log space) for confidences
        alpha = np.zeros((T, L))
        alpha[0] = self.start + emis[0]
        for t in range(1, T):
            alpha[t] = _lse(alpha[t - 1][:, None] + self.trans, 0) + emis[t]
        beta = np.zeros((T, L))
        for t in range(T - 2, -1, -1):
            beta[t] = _lse(self.trans + (emis[t + 1] + beta[t + 1])[None, :], 1)
        post = alpha + beta
        post = np.exp(post - _lse(post, 1)[:, None])
        return [self.labels[k] for k in path], post

    def predict(self, texts: list[str], headings: list[str | None], fixed: list[str | None] | None = None
                ) -> list[tuple[str, float]]:
        fixed = fixed or [None] * len(texts)
        local = self.local_proba(texts, headings)
        labels, post = self.decode(local, fixed)
        return [(lab, float(post[t, self.labels.index(lab)])) for t, lab in enumerate(labels)]

    def predict_segments(self, segs: list[Segment]) -> list[tuple[str, float]]:
        fixed = [TABLE_LABELS[s.table] if s.table else None for s in segs]
        return self.predict([s.text for s in segs], [s.heading for s in segs], fixed)


def _lse(a: np.ndarray, axis: int) -> np.ndarray:
    m = a.max(axis=axis, keepdims=True)
    return (m + np.log(np.exp(a - m).sum(axis=axis, keepdims=True))).squeeze(axis)


# -- training ---------------------------------------------------------------------------

def load_training(data_dir: Path) -> list[list[dict]]:
    """Labelled documents: lists of segment records in order, grouped by `doc`."""
    docs: dict[str, list[dict]] = {}
    files = sorted(Path(data_dir).glob("*.jsonl"))
    if not files:
        raise ModelError(f"no *.jsonl files in {data_dir}")
    for f in files:
        for n, line in enumerate(f.read_text(encoding="utf-8").splitlines(), 1):
            if not line.strip():
                continue
            rec = json.loads(line)
            if rec.get("label") not in LABELS:
                raise ModelError(f"{f.name}:{n}: label {rec.get('label')!r} is not one of data/sections.json")
            docs.setdefault(rec["doc"], []).append(rec)
    for recs in docs.values():
        recs.sort(key=lambda r: r["i"])
    return list(docs.values())


def data_hash(data_dir: Path) -> str:
    h = hashlib.sha256()
    for f in sorted(Path(data_dir).glob("*.jsonl")):
        h.update(f.name.encode())
        h.update(f.read_bytes())
    return h.hexdigest()[:16]


def fit(docs: list[list[dict]], seed: int = SEED) -> SectionModel:
    from scipy.sparse import hstack
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression

    y = [r["label"] for d in docs for r in d]
    w, c, q = [], [], []
    for d in docs:
        dw, dc, dq = _inputs([r["text"] for r in d],
                             [r.get("heading") if r.get("heading") is not None else heading_of(r["text"]) for r in d])
        w += dw
        c += dc
        q += dq
    word = TfidfVectorizer(token_pattern=r"\S+", lowercase=False, min_df=2, sublinear_tf=True, ngram_range=(1, 2),
                           max_features=6000)
    char = TfidfVectorizer(analyzer="char", ngram_range=(1, 3), min_df=2, sublinear_tf=True, max_features=8000)
    cues = DictVectorizer()
    X = hstack([word.fit_transform(w), char.fit_transform(c), cues.fit_transform(q)]).tocsr()
    # The terms pruned by min_df/max_features are kept only for introspection: drop them,
    # they would make the saved model many times larger.
    word.stop_words_ = None
    char.stop_words_ = None
    clf = LogisticRegression(C=8.0, max_iter=2000, random_state=seed)
    clf.fit(X, y)
    L = len(LABELS)
    counts = np.ones((L, L))  # add-one smoothing: every move is possible, the usual ones likely
    start = np.ones(L)
    freq = np.ones(L)
    for d in docs:
        idx = [LABELS.index(r["label"]) for r in d]
        start[idx[0]] += 1
        for a, b in zip(idx, idx[1:]):
            counts[a, b] += 1
        for k in idx:
            freq[k] += 1
    trans = np.log(counts / counts.sum(1, keepdims=True))
    model = SectionModel(word, char, cues, clf, list(LABELS), trans, np.log(start / start.sum()),
                         np.log(freq / freq.sum()), {})
    return model


def save(model: SectionModel, out_dir: Path, meta: dict) -> None:
    import skops.io as sio

    out_dir.mkdir(parents=True, exist_ok=True)
    payload = {"word": model.word, "char": model.char, "cues": model.cues, "clf": model.clf,
               "labels": model.labels, "trans": model.trans, "start": model.start, "prior": model.prior,
               "version": MODEL_VERSION}
    sio.dump(payload, out_dir / "model.skops")
    (out_dir / "meta.json").write_text(json.dumps(meta, ensure_ascii=False, indent=1), encoding="utf-8")


_RETRAIN = "Retrain it with `ogi train sections` (reads training_data/sections/, writes models/sections/)."
_CACHE: dict = {}


def load_model(model_dir: Path | None = None) -> SectionModel:
    """The trained model; a clear ModelError if it is missing, damaged or incompatible."""
    model_dir = Path(model_dir or models_dir() / "sections")
    key = str(model_dir)
    if key in _CACHE:
        return _CACHE[key]
    import skops.io as sio

    path, meta_path = model_dir / "model.skops", model_dir / "meta.json"
    if not path.exists() or not meta_path.exists():
        raise ModelError(f"No section model in {model_dir}. {_RETRAIN}")
    try:
        meta = json.loads(meta_path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise ModelError(f"The section model's meta.json in {model_dir} is damaged ({exc}). {_RETRAIN}") from exc
    if meta.get("model_version") != MODEL_VERSION or meta.get("labels") != list(LABELS):
        raise ModelError(f"The section model in {model_dir} was made by another version of ogi "
                         f"(model version {meta.get('model_version')}, this ogi reads {MODEL_VERSION}; "
                         f"or its label set differs). {_RETRAIN}")
    try:
        untrusted = [t for t in sio.get_untrusted_types(file=path) if t not in TRUSTED]
        if untrusted:
            raise ModelError(f"The section model file {path} holds types ogi does not trust: {untrusted[:3]}. {_RETRAIN}")
        payload = sio.load(path, trusted=TRUSTED + list(sio.get_untrusted_types(file=path)))
    except ModelError:
        raise
    except Exception as exc:  # a truncated or foreign file fails in many ways inside skops/zipfile
        raise ModelError(f"The section model file {path} cannot be read ({type(exc).__name__}). {_RETRAIN}") from exc
    if payload.get("version") != MODEL_VERSION:
        raise ModelError(f"The section model file {path} is from another version of ogi. {_RETRAIN}")
    model = SectionModel(payload["word"], payload["char"], payload["cues"], payload["clf"], payload["labels"],
                         np.asarray(payload["trans"]), np.asarray(payload["start"]), np.asarray(payload["prior"]), meta)
    _CACHE[key] = model
    return model
