"""`ogi train sections` and `ogi evaluate sections`: fit from training_data/, and measure on
reports held out from training (leave-one-report-out: the text and HTML of one report go out
together)."""
from __future__ import annotations

import time
from collections import Counter
from pathlib import Path

from .. import __version__
from . import LABELS
from . import model as _m
from .model import FILES, MODEL_VERSION, SEED, data_hash, doc_features, fit, load_training, save

ROOT = Path(__file__).resolve().parents[3]


def _shown(path: Path) -> str:
    """A path as meta.json records it: relative to the repository when inside it."""
    try:
        return str(Path(path).resolve().relative_to(ROOT))
    except ValueError:
        return str(path)


def train(data_dir: Path, out_dir: Path, seed: int = SEED, metrics: dict | None = None) -> dict:
    """Fit on every labelled segment and write the model files; returns meta.json's content."""
    import sklearn

    from ..model_meta import measured, previous_meta

    docs = load_training(data_dir)
    metrics, provenance, _ = measured(metrics, previous_meta(out_dir), data_hash(data_dir), seed)
    t0 = time.perf_counter()
    model = fit(docs, seed)
    counts = Counter(r["label"] for d in docs for r in d)
    meta = {"model": "sections", "model_version": MODEL_VERSION, "ogi_version": __version__,
            "sklearn_version": sklearn.__version__, "seed": seed, "labels": list(LABELS),
            "data": _shown(data_dir), "data_hash": data_hash(data_dir), "documents": len(docs),
            "reports": len({d[0]["report"] for d in docs}), "segments": sum(counts.values()),
            "segments_per_label": {lab: counts.get(lab, 0) for lab in LABELS}, "features": len(model.vocab),
            "params": {"C": _m.C, "min_count": _m.MIN_COUNT, "smooth": _m.SMOOTH,
                       "emission_weight": _m.EMISSION_WEIGHT, "prior_weight": _m.PRIOR_WEIGHT,
                       "off_part": _m.OFF_PART},
            "fit_seconds": round(time.perf_counter() - t0, 1), "measured": provenance, "metrics": metrics}
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
    for k, held in enumerate(groups):
        held = set(held)
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
    return report_metrics(gold, pred) | {"held_out": "leave-one-report-out" if not folds else f"{folds}-fold by report",
                                         "reports": len(reports), "segments_per_second": round(n_pred / t_pred, 1)}


def report_metrics(gold: list[str], pred: list[str]) -> dict:
    from sklearn.metrics import precision_recall_fscore_support

    labels = [l for l in LABELS if l in set(gold) | set(pred)]
    p, r, f, s = precision_recall_fscore_support(gold, pred, labels=labels, zero_division=0)
    per = {l: {"precision": round(float(a), 3), "recall": round(float(b), 3), "f1": round(float(c), 3),
               "support": int(d)} for l, a, b, c, d in zip(labels, p, r, f, s)}
    confused = Counter((g, q) for g, q in zip(gold, pred) if g != q).most_common(12)
    acc = sum(g == q for g, q in zip(gold, pred)) / max(len(gold), 1)
    return {"accuracy": round(acc, 4), "segments": len(gold), "per_label": per,
            "confused": [{"gold": g, "predicted": q, "count": n} for (g, q), n in confused]}


def format_metrics(m: dict) -> str:
    lines = [f"{m.get('held_out', '')}: accuracy {m['accuracy']:.4f} on {m['segments']} segments"
             f" (table regions excluded) of {m.get('reports', '?')} reports; "
             f"{m.get('segments_per_second', '?')} segments/s", "",
             f"{'label':26} {'prec':>6} {'rec':>6} {'F1':>6} {'n':>5}"]
    for lab, v in m["per_label"].items():
        lines.append(f"{lab:26} {v['precision']:6.3f} {v['recall']:6.3f} {v['f1']:6.3f} {v['support']:5d}")
    lines += ["", "most confused (gold -> predicted):"]
    lines += [f"  {c['gold']} -> {c['predicted']}: {c['count']}" for c in m["confused"]]
    return "\n".join(lines)
