"""Scoring facts the way the spec compares them: per report, the multiset of (type, value)
(and, stricter, with the category), summed into precision/recall/F1 per type."""

from __future__ import annotations

from collections import Counter, defaultdict
from typing import Any


def fact_key(f: dict, with_category: bool = False) -> tuple:
    """(type, value), or (type, value, category). An empty category of a category fact
    matches nothing, not even another empty one: a category not read is no category found."""
    value = f["value"]
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if not with_category:
        return (f["type"], value)
    category = f.get("category")
    if f["type"] == "published.category" and not category:
        category = f"(none read: {id(f)})"
    return (f["type"], value, category)


def _per_report(gold: dict[str, list[dict]], pred: dict[str, list[dict]], with_category: bool):
    """Each report with the multisets of its gold and predicted fact keys."""
    for doc in sorted(set(gold) | set(pred)):
        yield (
            doc,
            Counter(fact_key(f, with_category) for f in gold.get(doc, [])),
            Counter(fact_key(f, with_category) for f in pred.get(doc, [])),
        )


def differences(gold: dict[str, list[dict]], pred: dict[str, list[dict]], with_category: bool = False) -> dict:
    """The reports where gold and pred differ, each with the fact keys only one of them holds
    (`gold_only`, `pred_only`): what `score` counts as missed and as too many."""
    return {
        doc: {"gold_only": sorted(map(list, (g - p).elements())), "pred_only": sorted(map(list, (p - g).elements()))}
        for doc, g, p in _per_report(gold, pred, with_category)
        if g != p
    }


def score(gold: dict[str, list[dict]], pred: dict[str, list[dict]], with_category: bool = False) -> dict:
    """Per-type and overall (micro) P/R/F1 over reports; gold and pred map report -> facts."""
    tp: Counter[str] = Counter()
    fp: Counter[str] = Counter()
    fn: Counter[str] = Counter()
    for _, g, p in _per_report(gold, pred, with_category):
        for k in g | p:
            hit = min(g[k], p[k])
            tp[k[0]] += hit
            fp[k[0]] += p[k] - hit
            fn[k[0]] += g[k] - hit
    out: dict[str, Any] = {"per_type": {}}
    for t in sorted(set(tp) | set(fp) | set(fn)):
        out["per_type"][t] = _prf(tp[t], fp[t], fn[t])
    out["overall"] = _prf(sum(tp.values()), sum(fp.values()), sum(fn.values()))
    return out


def f1_interval(
    gold: dict[str, list[dict]], pred: dict[str, list[dict]], resamples: int = 2000, seed: int = 0, level: float = 0.95
) -> tuple[float, float]:
    """How far the overall F1 would move with other reports of the same kind: a percentile
    bootstrap over reports (reports drawn with replacement, micro F1 of each draw). Reports,
    not facts, are the unit drawn, since a report's facts stand or fall together."""
    import numpy as np

    rows = []
    for _, g, p in _per_report(gold, pred, False):
        hit = sum((g & p).values())
        rows.append((hit, sum(p.values()) - hit, sum(g.values()) - hit))
    if not rows:
        return (0.0, 0.0)
    counts = np.array(rows, dtype=float)
    draws = np.random.default_rng(seed).integers(0, len(rows), size=(resamples, len(rows)))
    tp, fp, fn = (counts[draws].sum(1)).T
    f1 = np.divide(2 * tp, 2 * tp + fp + fn, out=np.zeros_like(tp), where=(2 * tp + fp + fn) > 0)
    lo, hi = np.quantile(f1, [(1 - level) / 2, (1 + level) / 2])
    return (round(float(lo), 4), round(float(hi), 4))


def _prf(tp: int, fp: int, fn: int) -> dict:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {
        "precision": round(p, 4),
        "recall": round(r, 4),
        "f1": round(f, 4),
        "support": tp + fn,
        "predicted": tp + fp,
    }


def by_doc(records: list[dict], facts_of) -> dict[str, list[dict]]:
    """Facts per report: `facts_of(record)` gives one sentence's facts."""
    out: dict[str, list[dict]] = defaultdict(list)
    for rec in records:
        out[rec["doc"]].extend(facts_of(rec))
    return out


def format_scores(columns: dict[str, dict]) -> str:
    """A table with one P/R/F1 block per system (e.g. model and rules) side by side."""
    names = list(columns)
    types = sorted({t for m in columns.values() for t in m["per_type"]})
    head = f"{'type':28s}{'n':>5s}" + "".join(f"  {n[:14]:>14s} P    R    F1 " for n in names)
    lines = [head]
    for t in types + ["overall"]:
        row = None
        cells = []
        for n in names:
            m = columns[n]["overall"] if t == "overall" else columns[n]["per_type"].get(t, _prf(0, 0, 0))
            row = row or m
            cells.append(f"  {'':>14s}{m['precision']:.2f} {m['recall']:.2f} {m['f1']:.2f}")
        sup = max(
            (columns[n]["overall"] if t == "overall" else columns[n]["per_type"].get(t, {"support": 0}))["support"]
            for n in names
        )
        lines.append(f"{t:28s}{sup:5d}" + "".join(cells))
    return "\n".join(lines)
