"""`ogi train sections` and `ogi evaluate sections`: fit from training_data/, and measure on
reports held out from training (leave-one-report-out: the text and HTML of one report go out
together)."""
from __future__ import annotations

import time
from collections import Counter
from pathlib import Path

from .. import __version__
from . import LABELS
from .model import MODEL_VERSION, SEED, data_hash, fit, load_training, save


def train(data_dir: Path, out_dir: Path, seed: int = SEED, metrics: dict | None = None) -> dict:
    import sklearn

    docs = load_training(data_dir)
    t0 = time.perf_counter()
    model = fit(docs, seed)
    counts = Counter(r["label"] for d in docs for r in d)
    meta = {"model": "sections", "model_version": MODEL_VERSION, "ogi_version": __version__,
            "sklearn_version": sklearn.__version__, "seed": seed, "labels": list(LABELS),
            "data": str(data_dir), "data_hash": data_hash(data_dir), "documents": len(docs),
            "segments": sum(counts.values()), "segments_per_label": dict(sorted(counts.items())),
            "fit_seconds": round(time.perf_counter() - t0, 1), "metrics": metrics or {}}
    save(model, out_dir, meta)
    return meta


def cross_validate(data_dir: Path, seed: int = SEED, folds: int | None = None, progress=None) -> dict:
    """Predictions for every segment by a model that did not see its report."""
    docs = load_training(data_dir)
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
        train_docs = [d for d in docs if d[0]["report"] not in held]
        test_docs = [d for d in docs if d[0]["report"] in held]
        model = fit(train_docs, seed)
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
