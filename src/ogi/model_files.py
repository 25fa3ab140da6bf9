"""The one home of the trained models: where they are, the error a model that cannot be used
raises, the checked reading of a model's meta.json, and what it says was measured.

A model's inputs include the outputs of rules (the count typer reads the rule reading of
`data/facts.toml`; the section features read the cues of `data/sections.json`), so its
meta.json records a hash of every data file it depends on (`data_files`). Loading compares
them with the installed files and refuses a model trained with other rule data: it would
run on inputs it never saw.

A retrain that skips evaluation (`ogi train ... --folds -1`) has measured nothing: it keeps the
figures of the meta.json it replaces and says so (`measured`), or, with none to keep, records
the model as unmeasured. It never invents figures.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
from collections.abc import Iterable
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path

log = logging.getLogger("ogi")

SHIPPED_MODELS = Path(__file__).resolve().parent / "models"  # resolved once: it reads the file system
_NOUNS = {"sections": "section model", "facts": "fact model"}


class ModelError(RuntimeError):
    """A model is missing, damaged, from another version of ogi or trained with other rule data."""


def models_dir() -> Path:
    """The folder of the models: `OGI_MODELS` if set, else the ones shipped in the package."""
    env = os.environ.get("OGI_MODELS")
    if env:
        return Path(env)
    return SHIPPED_MODELS


def retrain_hint(name: str) -> str:
    """The sentence that tells how to rebuild model `name` (sections, facts)."""
    return f"Retrain it with `ogi train {name}` (reads training_data/{name}/, writes src/ogi/models/{name}/)."


def data_dir() -> Traversable:
    """The installed rule data (ogi/data) whose hashes a model's meta.json records."""
    return resources.files("ogi") / "data"


def data_file_hashes(names: Iterable[str]) -> dict[str, str | None]:
    """{name: the first 16 hex digits of its SHA-256} of data files of `data_dir()`; None for
    a file that is not installed."""
    out: dict[str, str | None] = {}
    for name in names:
        path = data_dir() / name
        out[name] = hashlib.sha256(path.read_bytes()).hexdigest()[:16] if path.is_file() else None
    return out


def load_meta(
    model_dir: Path, name: str, version: int, expect: dict[str, object], files: Iterable[str] = ("meta.json",)
) -> dict:
    """Model `name`'s meta.json in `model_dir`, checked: `files` are there, the meta.json reads,
    its model version is `version`, each key of `expect` has that value (the label set, the
    fact types), and the data files it records are the installed ones. A ModelError that says
    how to retrain otherwise; a model that records no data files (trained by an older ogi) is
    used with a warning."""
    noun, retrain = _NOUNS[name], retrain_hint(name)
    missing = [f for f in files if not (model_dir / f).exists()]
    if missing:
        raise ModelError(f"No {noun} in {model_dir} ({', '.join(missing)} missing). {retrain}")
    try:
        meta = json.loads((model_dir / "meta.json").read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise ModelError(f"The {noun}'s meta.json in {model_dir} is damaged ({exc}). {retrain}") from exc
    if not isinstance(meta, dict):
        raise ModelError(f"The {noun}'s meta.json in {model_dir} is damaged (not an object). {retrain}")
    differ = [key for key, value in expect.items() if meta.get(key) != value]
    if meta.get("model_version") != version or differ:
        raise ModelError(
            f"The {noun} in {model_dir} was made by another version of ogi "
            f"(model version {meta.get('model_version')}, this ogi reads {version}"
            + (f"; its {' and '.join(differ)} differ" if differ else "")
            + f"). {retrain}"
        )
    recorded = meta.get("data_files")
    if recorded is None:
        log.warning(
            f"The {noun} in {model_dir} does not record the rule data it was trained with "
            f"(meta.json from an older ogi): it is used unchecked. {retrain}"
        )
        return meta
    if not isinstance(recorded, dict):
        raise ModelError(f"The {noun}'s meta.json in {model_dir} is damaged (data_files is not an object). {retrain}")
    installed = data_file_hashes(recorded)
    changed = [
        f"data/{f}" + ("" if installed[f] else " (not installed)")
        for f in sorted(recorded)
        if installed[f] != recorded[f]
    ]
    if changed:
        raise ModelError(
            f"The {noun} in {model_dir} was trained with other rule data: {', '.join(changed)} "
            f"{'differs' if len(changed) == 1 else 'differ'} from what it was trained with. {retrain}"
        )
    return meta


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
        return (
            previous["metrics"],
            {
                "by": "an earlier training run: this one skipped evaluation (--folds -1)",
                "data_hash": previous.get("data_hash"),
                "seed": previous.get("seed"),
                "same_data_and_seed": same,
                "held_out": previous["metrics"].get("held_out"),
            },
            previous,
        )
    return (
        {},
        {
            "by": None,
            "note": "unmeasured: trained without held-out evaluation and with no earlier "
            "figures to keep; run the training with --folds K (or 0)",
        },
        None,
    )


def describe(provenance: dict) -> str:
    """One line for the person who ran the training."""
    if provenance.get("by") == "this training run":
        return f"held-out figures measured by this run ({provenance.get('held_out')})"
    if provenance.get("by"):
        kind = (
            "the same data and seed"
            if provenance.get("same_data_and_seed")
            else f"other data or another seed (data {provenance.get('data_hash')})"
        )
        return (
            f"not measured: meta.json keeps the earlier held-out figures ({provenance.get('held_out')}), "
            f"of a model trained on {kind}"
        )
    return "not measured: the model has no held-out figures and its facts no confidence"
