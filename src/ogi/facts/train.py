"""`ogi train facts` and `ogi evaluate facts`: train the spaCy tagger from training_data/facts/
with our config (data/facts_tagger.cfg, or another with --config) and a fixed seed, and score it against the rules-only
baseline on reports held out from training (folds grouped by report)."""

from __future__ import annotations

import contextlib
import io
import json
import os
import random
import re
import shutil
import tempfile
import time
from collections import Counter
from collections.abc import Sequence, Set
from importlib import resources
from pathlib import Path

from .. import __version__
from . import count_model, hints  # noqa: F401  (register the ogi_count_typer and ogi_fact_hints components)
from .annotations import data_hash, load_annotations
from .canon import canonical_record
from .evaluate import by_doc, differences, f1_interval, score
from .iob import spans_to_tags
from .rules import rule_facts
from .sentences import is_candidate
from .tagger import MODEL_VERSION, FactTagger, load_tagger
from .values import fact_data

SEED = 0
DEFAULT_CONFIG = "facts_tagger.cfg"  # in ogi/data; experiments/ holds others


def _docbin(records: list[dict], path: Path, skip_types: Set[str] = frozenset(), tag_counts: bool = True) -> int:
    """The training sentences as spaCy docs; facts of `skip_types` are left to the rules and
    stay unmarked (the tagger learns them as no entity). All facts are entities (what the
    NER and the count typer learn from); the tagger's IOB tags mark only the statements of
    absence where a count typer types the counts (`tag_counts` False). Each sentence is read as
    the tagger reads it at runtime: its canonical copy (`canon.canonical_record`)."""
    import spacy
    from spacy.tokens import DocBin

    nlp = spacy.blank("zh")
    db = DocBin()
    dropped = 0
    for rec in map(canonical_record, records):
        doc = nlp.make_doc(rec["text"])
        ents, absences = [], []
        for f in rec["facts"]:
            if f["type"] in skip_types:
                continue
            span = doc.char_span(f["start"], f["end"], label=f["type"], alignment_mode="expand")
            if span is None:
                dropped += 1
                continue
            ents.append(span)
            if f["negated"]:
                absences.append(span)
        doc.ents = ents
        spans_to_tags(doc, ents if tag_counts else absences)
        db.add(doc)
    db.to_disk(path)
    return dropped


def fit(
    records: list[dict],
    out: Path,
    seed: int = SEED,
    quiet: bool = True,
    epochs: int | None = None,
    config: Path | None = None,
):
    """Train a pipeline on `records`; returns the loaded nlp. `out` receives model-last."""
    import spacy
    from spacy.cli.train import train as spacy_train
    from thinc.api import Config

    with tempfile.TemporaryDirectory(prefix="ogi-facts-") as tmp_name:
        tmp = Path(tmp_name)
        # Only the types with enough examples are the tagger's labels: the rest come from the
        # rules anyway, and every label costs time on every token read (most in the NER).
        cfg = tmp / "config.cfg"
        source = config or resources.files("ogi") / "data" / DEFAULT_CONFIG
        cfg.write_text(source.read_text(encoding="utf-8"), encoding="utf-8")
        typer = "ogi_count_typer" in Config().from_disk(cfg, interpolate=False)["nlp"]["pipeline"]
        _docbin(records, tmp / "train.spacy", set(rule_types_for(records)), tag_counts=not typer)
        overrides = {
            "paths.train": str(tmp / "train.spacy"),
            "paths.dev": str(tmp / "train.spacy"),
            "system.seed": seed,
        }
        if epochs:
            overrides["training.max_epochs"] = epochs
        sink = io.StringIO()
        with contextlib.redirect_stdout(sink) if quiet else contextlib.nullcontext():
            spacy_train(cfg, tmp / "out", overrides=overrides)
        if out.exists():
            shutil.rmtree(out)
        shutil.copytree(tmp / "out" / "model-last", out)
    # the saved config names the training files of a temporary folder: say none, so that the
    # same data and seed write the same files
    saved = out / "config.cfg"
    saved.write_text(_NO_TRAINING_PATHS.sub(r"\1 = null", saved.read_text(encoding="utf-8")), encoding="utf-8")
    return spacy.load(out)


_NO_TRAINING_PATHS = re.compile(r'^(train|dev) = ".*"$', re.M)


def rule_types_for(records: list[dict]) -> list[str]:
    """The types too thin in `records` for the model (`model_min_examples` in facts.toml), and
    those the rules read whatever their number (`rule_read_types`)."""
    n = Counter(f["type"] for r in records for f in r["facts"])
    least = fact_data()["model_min_examples"]
    declared = set(fact_data().get("rule_read_types", []))
    return [t for t in fact_data()["types"] if n[t] < least or t in declared]


def rule_count_types_for(records: list[dict]) -> list[str]:
    """The types the model learns (not `rule_types_for`) with too few annotated counts, or too
    few annotated absences, for it to read that kind (`model_min_counts` in facts.toml): the
    rules read it. Each is `type` (its counts) or `type:absent` (its absences)."""
    n = Counter((f["type"], f["negated"]) for r in records for f in r["facts"])
    least = fact_data().get("model_min_counts", 0)
    thin = set(rule_types_for(records))
    out = []
    for t in fact_data()["types"]:
        if t not in thin:
            out += [t] if n[t, False] < least else []
            out += [f"{t}:absent"] if n[t, True] < least else []
    return out


def _predict(nlp, records: list[dict], rule_types: list[str], count_types: Sequence[str] = ()) -> list[list[dict]]:
    """Model facts for annotated sentences, reading only the candidates, one report at a
    time (as at runtime), by the runtime's own `FactTagger.tag` (no confidence: it is what
    this run measures)."""
    tagger = FactTagger(nlp, {"rule_types": rule_types, "rule_count_types": count_types, "confidence": None})
    reports: dict[str, list[int]] = {}
    for i, r in enumerate(records):
        if is_candidate(r["text"]):
            reports.setdefault(r["doc"], []).append(i)
    out: list[list[dict]] = [[] for _ in records]
    for rows in reports.values():
        for i, facts in zip(rows, tagger.tag([records[i]["text"] for i in rows])):
            out[i] = facts
    return out


class FoldsError(ValueError):
    """A number of folds the annotated reports cannot be dealt into."""


def cross_validate(
    data_dir: Path,
    folds: int = 5,
    seed: int = SEED,
    progress=None,
    epochs: int | None = None,
    config: Path | None = None,
    train_share: float = 1.0,
    jobs: int = 1,
) -> dict:
    """Model and rules on every report, each time by a model that did not train on it.
    `folds` 0 holds out one report at a time (leave-one-report-out: each model trains on all
    reports but one, as the shipped model trains on all). With `train_share` below 1, each
    fold's model trains on that share of its training reports (drawn with `seed`) and is
    scored on the same held-out reports: a point of the learning curve, which says what more
    annotated reports would buy. `jobs` folds are trained at once, in as many processes (the
    results are the same: each fold's model is seeded on its own)."""
    if not 0 < train_share <= 1:
        raise ValueError(f"train_share must be in (0, 1], not {train_share}")
    records = load_annotations(data_dir)
    docs = sorted({r["doc"] for r in records})
    if folds < 0 or folds == 1 or folds > len(docs):
        raise FoldsError(f"folds must be 0 (one report at a time) or 2..{len(docs)}, not {folds}")
    k_folds = folds or len(docs)
    groups = [set(docs[k::k_folds]) for k in range(k_folds)]
    tasks = []
    for k, held in enumerate(groups):
        train = [r for r in records if r["doc"] not in held]
        test = [r for r in records if r["doc"] in held]
        if train_share < 1:
            pool = [d for d in docs if d not in held]
            kept = set(random.Random(seed * 1000 + k).sample(pool, max(1, round(len(pool) * train_share))))
            train = [r for r in train if r["doc"] in kept]
        tasks.append((k, train, test, seed, epochs, config))
    model_pred: dict[str, list] = {}
    agree: Counter[tuple[str, bool]] = Counter()
    t_tag, n_sent = 0.0, 0
    trained_reports = []

    def collect(result) -> None:
        nonlocal t_tag, n_sent
        preds, fold_agree, seconds, n_train, n_test = result
        model_pred.update(preds)
        agree.update(fold_agree)
        t_tag += seconds
        n_sent += n_test
        trained_reports.append(n_train)
        if progress:
            progress(len(trained_reports), k_folds)

    if jobs > 1:
        from concurrent.futures import ProcessPoolExecutor, as_completed
        from multiprocessing import get_context

        from ..processes import die_with_parent

        # spawned, not forked: this process runs threads (spaCy, numpy), and a fork of it may
        # hang; each fold's process ends with this one (a killed `ogi train` leaves no fold running)
        with ProcessPoolExecutor(
            max_workers=jobs, mp_context=get_context("spawn"), initializer=die_with_parent, initargs=(os.getpid(),)
        ) as executor:
            for fut in as_completed([executor.submit(_fold, *t) for t in tasks]):
                collect(fut.result())
    else:
        for t in tasks:
            collect(_fold(*t))
    model_pred = {r["id"]: model_pred[r["id"]] for r in records}  # in the order of the data, whatever finished first
    return {
        "held_out": "leave-one-report-out" if not folds else f"{folds}-fold, grouped by report",
        "reports": len(docs),
        "sentences": len(records),
        "train_share": train_share,
        "train_reports": round(sum(trained_reports) / k_folds),
        **_scores(records, model_pred),
        "confidence": {
            k: round(agree[k, True] / max(1, agree[k, True] + agree[k, False]), 3)
            for k in ("agree", "disagree", "rules")
        },
        "sentences_per_second": round(n_sent / t_tag, 1) if t_tag else None,
        "predictions": model_pred,
    }


def _fold(k: int, train: list[dict], test: list[dict], seed: int, epochs: int | None, config: Path | None):
    """Train one fold's model and predict its held-out sentences: (predictions by sentence id,
    agreement counts, seconds spent tagging, training reports, held-out sentences)."""
    with tempfile.TemporaryDirectory(prefix=f"ogi-facts-fold{k}-") as tmp:
        nlp = fit(train, Path(tmp) / "model", seed, epochs=epochs, config=config)
    t0 = time.perf_counter()
    preds = _predict(nlp, test, rule_types_for(train), rule_count_types_for(train))
    seconds = time.perf_counter() - t0
    agree: Counter[tuple[str, bool]] = Counter()
    for r, p in zip(test, preds):
        _count_agreement(r, p, agree)
    return {r["id"]: p for r, p in zip(test, preds)}, agree, seconds, len({r["doc"] for r in train}), len(test)


def _scores(records: list[dict], model_pred: dict[str, list[dict]]) -> dict:
    """The model's facts (by sentence id) and the rules' against the gold, with and without
    the category, the bootstrap interval of each overall F1 on (type, value), and the model's
    differences from the gold per report (what to read when the score falls)."""
    gold = by_doc(records, lambda r: r["facts"])
    model = by_doc(records, lambda r: model_pred[r["id"]])
    rules = by_doc(records, lambda r: rule_facts(r["text"]))
    return {
        "model": score(gold, model),
        "rules": score(gold, rules),
        "model_f1_interval": f1_interval(gold, model),
        "rules_f1_interval": f1_interval(gold, rules),
        "model_with_category": score(gold, model, True),
        "rules_with_category": score(gold, rules, True),
        "model_differences": differences(gold, model),
    }


# The frozen test split: reports drawn at random before any was read, never trained on and
# never read for errors. Only its aggregate scores leave `score_frozen`.
FROZEN_SPLIT = "test"


def frozen_split_dir(data_dir: Path) -> Path:
    """Where the frozen test split of a training folder lies (`training_data/facts/test/`):
    a subfolder, which `load_annotations(data_dir)` never reads (it reads `*.jsonl` only)."""
    return Path(data_dir) / FROZEN_SPLIT


def score_frozen(
    test_dir: Path,
    tagger: FactTagger | None = None,
    nlp=None,
    rule_types: list[str] | None = None,
    rule_count_types: list[str] | None = None,
) -> dict:
    """The shipped model (or `tagger`, or a freshly trained `nlp` with its `rule_types`) on the
    frozen test split: aggregate scores only (per type and overall, with and without the
    category, and the bootstrap interval). No sentence, prediction or per-report difference is
    returned, so none can be printed or saved."""
    records = load_annotations(test_dir) if Path(test_dir).exists() else []
    if not records:
        raise ValueError(f"No annotated sentences in {test_dir} (the frozen test split).")
    count_types: list[str] = list(rule_count_types or [])
    if nlp is None:
        tagger = tagger or load_tagger()
        nlp, rule_types, count_types = tagger.nlp, sorted(tagger.rule_types), sorted(tagger.rule_count_types)
    preds = dict(zip((r["id"] for r in records), _predict(nlp, records, list(rule_types or []), count_types)))
    m = _scores(records, preds)
    return {
        "held_out": "the frozen test split (never trained on, never read for errors)",
        "reports": len({r["doc"] for r in records}),
        "sentences": len(records),
        "facts": sum(len(r["facts"]) for r in records),
        "data_hash": data_hash(test_dir),
        **{
            k: m[k]
            for k in (
                "model",
                "rules",
                "model_f1_interval",
                "rules_f1_interval",
                "model_with_category",
                "rules_with_category",
            )
        },
    }


def score_on(data: Path, tagger: FactTagger | None = None) -> dict:
    """The shipped model (or `tagger`) and the rules on annotated sentences it did not train
    on (a `*.jsonl` file or a folder of them), scored as `cross_validate` scores."""
    tagger = tagger or load_tagger()
    records = load_annotations(data)
    if not records:
        raise ValueError(f"No annotated sentences in {data}.")
    preds = dict(
        zip(
            (r["id"] for r in records),
            _predict(tagger.nlp, records, sorted(tagger.rule_types), sorted(tagger.rule_count_types)),
        )
    )
    return {
        "held_out": f"the shipped model on {Path(data).name}",
        "reports": len({r["doc"] for r in records}),
        "sentences": len(records),
        **_scores(records, preds),
        "predictions": preds,
    }


def _count_agreement(rec: dict, pred: list[dict], agree: Counter) -> None:
    """How often a predicted fact is right, split by whether the rules say the same."""
    gold = {(f["start"], f["end"], f["type"], f["value"]) for f in rec["facts"]}
    rules = {(f["start"], f["end"]): (f["type"], f["value"]) for f in rule_facts(rec["text"])}
    for f in pred:
        same = rules.get((f["start"], f["end"])) == (f["type"], f["value"])
        agree[
            "rules" if f.get("via") == "rules" else "agree" if same else "disagree",
            (f["start"], f["end"], f["type"], f["value"]) in gold,
        ] += 1


def train(
    data_dir: Path,
    out_dir: Path,
    seed: int = SEED,
    metrics: dict | None = None,
    epochs: int | None = None,
    config: Path | None = None,
) -> dict:
    import spacy

    from ..model_files import data_file_hashes, measured, previous_meta

    records = load_annotations(data_dir)
    metrics, provenance, kept = measured(metrics, previous_meta(out_dir), data_hash(data_dir), seed)
    # A fact's confidence is the measured precision of its kind: none where nothing was measured.
    confidence = metrics.get("confidence") or (kept or {}).get("confidence")
    frozen = frozen_split_dir(data_dir)
    held = load_annotations(frozen) if frozen.is_dir() else []
    shared = {r["doc"] for r in held} & {r["doc"] for r in records}
    if shared:
        raise ValueError(f"{len(shared)} report(s) are both in the training data and in the frozen test split {frozen}")
    t0 = time.perf_counter()
    nlp = fit(records, out_dir / "model", seed, epochs=epochs, config=config)
    fit_seconds = round(time.perf_counter() - t0, 1)
    # the model just trained on the frozen split: aggregate scores only
    test = (
        score_frozen(
            frozen, nlp=nlp, rule_types=rule_types_for(records), rule_count_types=rule_count_types_for(records)
        )
        if held
        else None
    )
    counts = Counter(f["type"] for r in records for f in r["facts"])
    meta = {
        "model": "facts",
        "model_version": MODEL_VERSION,
        "ogi_version": __version__,
        "spacy_version": spacy.__version__,
        "seed": seed,
        "types": list(fact_data()["types"]),
        "config": Path(config).name if config else DEFAULT_CONFIG,
        "pipeline": nlp.pipe_names,
        "data": Path(data_dir).name,
        "data_hash": data_hash(data_dir),
        "data_files": data_file_hashes(["facts.toml"] + ([] if config else [DEFAULT_CONFIG])),
        "reports": len({r["doc"] for r in records}),
        "sentences": len(records),
        "facts_per_type": dict(sorted(counts.items())),
        "rule_types": rule_types_for(records),
        "rule_count_types": rule_count_types_for(records),
        "fit_seconds": fit_seconds,
        "confidence": confidence,
        "measured": provenance,
        "metrics": {k: v for k, v in metrics.items() if k not in ("predictions", "model_differences")},
        "frozen_split": test,
    }
    (out_dir / "meta.json").write_text(json.dumps(meta, ensure_ascii=False, indent=1), encoding="utf-8")
    return meta


__all__ = ["FactTagger", "cross_validate", "fit", "frozen_split_dir", "score_frozen", "score_on", "train"]
