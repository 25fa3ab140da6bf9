"""`ogi train sections` and `ogi evaluate sections`: fit from training_data/, and measure on
reports held out from training (leave-one-report-out: the text and HTML of one report go out
together)."""

from __future__ import annotations

import hashlib
import json
import time
import zipfile
from collections import Counter
from pathlib import Path

import numpy as np

from .. import __version__
from ..model_files import ModelError, data_file_hashes, measured, previous_meta
from . import LABELS
from .features import segment_features
from .model import EMISSION_WEIGHT, FILES, MODEL_VERSION, OFF_PART, PRIOR_WEIGHT, SectionModel
from .segment import heading_of

ROOT = Path(__file__).resolve().parents[3]
SEED = 20211
MIN_COUNT = 2  # a feature seen in fewer training segments is dropped
C = 4.0  # inverse regularisation of the logistic regression
SMOOTH = 0.5  # add-k smoothing of the transition counts
RULE_DATA = ("sections.json",)  # the data files the features read: meta.json records their hashes


def _shown(path: Path) -> str:
    """A path as meta.json records it: relative to the repository when inside it."""
    try:
        return str(Path(path).resolve().relative_to(ROOT))
    except ValueError:
        return str(path)


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


def doc_features(doc: list[dict]) -> list[list[str]]:
    """The features of a labelled document's segments (the heading as the segmenter finds it)."""
    heads = [r.get("heading") if r.get("heading") is not None else heading_of(r["text"]) for r in doc]
    return segment_features([r["text"] for r in doc], heads)


def fit(
    docs: list[list[dict]],
    seed: int = SEED,
    feats: list[list[list[str]]] | None = None,
    c: float = C,
    min_count: int = MIN_COUNT,
    smooth: float = SMOOTH,
) -> SectionModel:
    """Train on labelled documents; `feats` (per document, per segment) may be given precomputed."""
    from scipy.sparse import csr_matrix
    from sklearn.linear_model import LogisticRegression

    feats = feats if feats is not None else [doc_features(d) for d in docs]
    seg_feats = [set(f) for fd in feats for f in fd]
    y = np.array([LABELS.index(r["label"]) for d in docs for r in d])
    counts: dict[str, int] = {}
    for fs in seg_feats:
        for f in fs:
            counts[f] = counts.get(f, 0) + 1
    names = sorted(f for f, k in counts.items() if k >= min_count)
    vocab = {f: i for i, f in enumerate(names)}
    indptr, cols = [0], []
    for fs in seg_feats:
        cols.extend(sorted(vocab[f] for f in fs if f in vocab))
        indptr.append(len(cols))
    X = csr_matrix(
        (np.ones(len(cols)), np.array(cols, dtype=np.int64), np.array(indptr)), shape=(len(seg_feats), len(names))
    )
    clf = LogisticRegression(C=c, max_iter=3000, random_state=seed)
    clf.fit(X, y)
    L = len(LABELS)
    weights = np.zeros((len(names), L), dtype=np.float32)
    bias = np.full(L, -30.0)  # a label never seen in training is never predicted
    for j, k in enumerate(clf.classes_):
        weights[:, k] = clf.coef_[j]
        bias[k] = clf.intercept_[j]
    if len(clf.classes_) == 2:  # binary problems come back as one row
        weights[:, clf.classes_[1]], weights[:, clf.classes_[0]] = clf.coef_[0], 0
        bias[clf.classes_[1]], bias[clf.classes_[0]] = clf.intercept_[0], 0
    trans = np.full((L, L), smooth)  # every move is possible, the usual ones likely
    start = np.full(L, smooth)
    freq = np.full(L, smooth)
    for d in docs:
        idx = [LABELS.index(r["label"]) for r in d]
        start[idx[0]] += 1
        for a, b in zip(idx, idx[1:]):
            trans[a, b] += 1
        for k in idx:
            freq[k] += 1
    return SectionModel(
        vocab,
        weights,
        bias,
        list(LABELS),
        np.log(trans / trans.sum(1, keepdims=True)),
        np.log(start / start.sum()),
        np.log(freq / freq.sum()),
        {},
    )


def save(model: SectionModel, out_dir: Path, meta: dict) -> None:
    out_dir.mkdir(parents=True, exist_ok=True)
    names = sorted(model.vocab, key=model.vocab.__getitem__)
    decoding = np.array([model.emission_weight, model.prior_weight, model.off_part])
    _write_npz(
        out_dir / "weights.npz",
        {
            "weights": model.weights.astype(np.float16),
            "bias": model.bias,
            "trans": model.trans,
            "start": model.start,
            "prior": model.prior,
            "decoding": decoding,
            "version": np.array(MODEL_VERSION),
        },
    )
    (out_dir / "features.json").write_text(
        json.dumps(names, ensure_ascii=False, separators=(",", ":")), encoding="utf-8"
    )
    (out_dir / "meta.json").write_text(json.dumps(meta, ensure_ascii=False, indent=1), encoding="utf-8")
    for old in ("model.skops",):  # the version-1 file, if this folder held one
        (out_dir / old).unlink(missing_ok=True)


def _write_npz(path: Path, arrays: dict[str, np.ndarray]) -> None:
    """Like numpy.savez_compressed, but byte for byte the same for the same arrays (no time stamps)."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, arr in arrays.items():
            info = zipfile.ZipInfo(name + ".npy", date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            with z.open(info, "w") as fh:
                np.lib.format.write_array(fh, np.asarray(arr), allow_pickle=False)


def train(data_dir: Path, out_dir: Path, seed: int = SEED, metrics: dict | None = None) -> dict:
    """Fit on every labelled segment and write the model files; returns meta.json's content."""
    import sklearn

    docs = load_training(data_dir)
    metrics, provenance, _ = measured(metrics, previous_meta(out_dir), data_hash(data_dir), seed)
    t0 = time.perf_counter()
    model = fit(docs, seed)
    counts = Counter(r["label"] for d in docs for r in d)
    meta = {
        "model": "sections",
        "model_version": MODEL_VERSION,
        "ogi_version": __version__,
        "sklearn_version": sklearn.__version__,
        "seed": seed,
        "labels": list(LABELS),
        "data": _shown(data_dir),
        "data_hash": data_hash(data_dir),
        "data_files": data_file_hashes(RULE_DATA),
        "documents": len(docs),
        "reports": len({d[0]["report"] for d in docs}),
        "segments": sum(counts.values()),
        "segments_per_label": {lab: counts.get(lab, 0) for lab in LABELS},
        "features": len(model.vocab),
        "params": {
            "C": C,
            "min_count": MIN_COUNT,
            "smooth": SMOOTH,
            "emission_weight": EMISSION_WEIGHT,
            "prior_weight": PRIOR_WEIGHT,
            "off_part": OFF_PART,
        },
        "fit_seconds": round(time.perf_counter() - t0, 1),
        "measured": provenance,
        "metrics": metrics,
    }
    save(model, out_dir, meta)
    meta["files_bytes"] = {f: (out_dir / f).stat().st_size for f in FILES}
    return meta


def cross_validate(data_dir: Path, seed: int = SEED, folds: int | None = None, progress=None) -> dict:
    """Predictions for every segment by a model that did not see its report."""
    docs = load_training(data_dir)
    feats = [doc_features(d) for d in docs]  # the same whatever the fold: made once
    reports = sorted({d[0]["report"] for d in docs})
    if folds:
        groups = [reports[k::folds] for k in range(folds)]
    else:
        groups = [[r] for r in reports]
    gold, pred, conf = [], [], []
    t_pred = 0.0
    n_pred = 0
    for k, fold in enumerate(groups):
        held = set(fold)
        train_ix = [j for j, d in enumerate(docs) if d[0]["report"] not in held]
        test_docs = [d for d in docs if d[0]["report"] in held]
        model = fit([docs[j] for j in train_ix], seed, [feats[j] for j in train_ix])
        for d in test_docs:
            t0 = time.perf_counter()
            fixed = [r["label"] if r["label"].startswith("table.") and r.get("prefilled") == 1.0 else None for r in d]
            out = model.predict([r["text"] for r in d], [r.get("heading") for r in d], fixed)
            t_pred += time.perf_counter() - t0
            n_pred += len(d)
            for r, (lab, c), fx in zip(d, out, fixed):
                if fx is None:
                    gold.append(r["label"])
                    pred.append(lab)
                    conf.append(c)
        if progress:
            progress(k + 1, len(groups))
    return report_metrics(gold, pred) | {
        "held_out": "leave-one-report-out" if not folds else f"{folds}-fold by report",
        "reports": len(reports),
        "segments_per_second": round(n_pred / t_pred, 1),
    }


def report_metrics(gold: list[str], pred: list[str]) -> dict:
    from sklearn.metrics import precision_recall_fscore_support

    labels = [lab for lab in LABELS if lab in set(gold) | set(pred)]
    p, r, f, s = precision_recall_fscore_support(gold, pred, labels=labels, zero_division=0)
    per = {
        lab: {
            "precision": round(float(a), 3),
            "recall": round(float(b), 3),
            "f1": round(float(c), 3),
            "support": int(d),
        }
        for lab, a, b, c, d in zip(labels, p, r, f, s)
    }
    confused = Counter((g, q) for g, q in zip(gold, pred) if g != q).most_common(12)
    acc = sum(g == q for g, q in zip(gold, pred)) / max(len(gold), 1)
    return {
        "accuracy": round(acc, 4),
        "segments": len(gold),
        "per_label": per,
        "confused": [{"gold": g, "predicted": q, "count": n} for (g, q), n in confused],
    }


def format_metrics(m: dict) -> str:
    lines = [
        f"{m.get('held_out', '')}: accuracy {m['accuracy']:.4f} on {m['segments']} segments"
        f" (table regions excluded) of {m.get('reports', '?')} reports; "
        f"{m.get('segments_per_second', '?')} segments/s",
        "",
        f"{'label':26} {'prec':>6} {'rec':>6} {'F1':>6} {'n':>5}",
    ]
    for lab, v in m["per_label"].items():
        lines.append(f"{lab:26} {v['precision']:6.3f} {v['recall']:6.3f} {v['f1']:6.3f} {v['support']:5d}")
    lines += ["", "most confused (gold -> predicted):"]
    lines += [f"  {c['gold']} -> {c['predicted']}: {c['count']}" for c in m["confused"]]
    return "\n".join(lines)
