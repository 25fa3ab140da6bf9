"""The held-out figures a model's meta.json records, and whose they are.

A retrain that skips evaluation (`ogi train ... --folds -1`) has measured nothing: it keeps the
figures of the meta.json it replaces and says so (`measured`), or, with none to keep, records
the model as unmeasured. It never invents figures.
"""
from __future__ import annotations

import json
from pathlib import Path


def previous_meta(out_dir: Path) -> dict:
    """The meta.json a retrain is about to replace ({} if none, or unreadable)."""
    try:
        return json.loads((Path(out_dir) / "meta.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def measured(metrics: dict | None, previous: dict, data_hash: str, seed: int) -> tuple[dict, dict, dict | None]:
    """(metrics, provenance, the previous meta if its figures are carried over) for a new meta.json."""
    if metrics:
        return metrics, {"by": "this training run", "held_out": metrics.get("held_out")}, None
    if previous.get("metrics"):
        same = previous.get("data_hash") == data_hash and previous.get("seed") == seed
        return previous["metrics"], {
            "by": "an earlier training run: this one skipped evaluation (--folds -1)",
            "data_hash": previous.get("data_hash"), "seed": previous.get("seed"), "same_data_and_seed": same,
            "held_out": previous["metrics"].get("held_out")}, previous
    return {}, {"by": None, "note": "unmeasured: trained without held-out evaluation and with no earlier "
                                    "figures to keep; run the training with --folds K (or 0)"}, None


def describe(provenance: dict) -> str:
    """One line for the person who ran the training."""
    if provenance.get("by") == "this training run":
        return f"held-out figures measured by this run ({provenance.get('held_out')})"
    if provenance.get("by"):
        kind = ("the same data and seed" if provenance.get("same_data_and_seed")
                else f"other data or another seed (data {provenance.get('data_hash')})")
        return (f"not measured: meta.json keeps the earlier held-out figures ({provenance.get('held_out')}), "
                f"of a model trained on {kind}")
    return "not measured: the model has no held-out figures and its facts no confidence"
