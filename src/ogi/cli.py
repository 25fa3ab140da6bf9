"""The `ogi` command line.

    ogi extract REPORTS...   one JSON line per report on standard output
    ogi text REPORT          the text ogi reads (all offsets index it)
    ogi review REPORT -o P   a static HTML page to check what ogi read against the text
    ogi schema               the JSON Schema of one output line

Exit status: 0 done; 1 nothing could be read (`extract`: no document; `text`, `review`: the
document); 2 a usage error, no input found, a model missing or an output that cannot be written.
"""

from __future__ import annotations

import json
import logging
import sys
from pathlib import Path
from typing import Annotated

import typer

from .console import Progress, log, setup_logging
from .ingest import iter_inputs
from .model_files import SHIPPED_MODELS

app = typer.Typer(
    add_completion=True,
    no_args_is_help=True,
    rich_markup_mode=None,
    help="Read Chinese Open Government Information annual reports (政府信息公开工作年度报告) "
    "into verified data: the three standard tables cell by cell, with the place in the text "
    "each value came from, and flags where the numbers do not add up.",
)


QUIET_HELP = "Only warnings and errors on standard error (no progress or summary)."
VERBOSE_HELP = "More detail on standard error (e.g. a line per commit of a corpus run)."


Quiet = Annotated[bool, typer.Option("--quiet", "-q", help=QUIET_HELP)]
Verbose = Annotated[bool, typer.Option("--verbose", "-v", help=VERBOSE_HELP)]


def _version(value: bool) -> None:
    if value:
        from . import __version__

        print(f"ogi {__version__}")
        raise typer.Exit()


@app.callback()
def main_options(
    version: bool = typer.Option(
        False, "--version", callback=_version, is_eager=True, help="Print the version and exit."
    ),
) -> None:
    """Read Chinese Open Government Information annual reports into verified data."""
    setup_logging()


@app.command()
def extract(
    paths: list[Path] = typer.Argument(
        ...,
        metavar="PATH",
        show_default=False,
        help="Report files (.txt .md .docx .html .htm .pdf .png .jpg) or folders to search.",
    ),
    pretty: bool = typer.Option(
        False, "--pretty", help="Indent the JSON (one object per document, no longer one per line)."
    ),
    out: Path | None = typer.Option(
        None,
        "--out",
        "-o",
        help="Write a corpus here instead of JSON Lines: a DuckDB "
        "file (corpus.duckdb), or a folder with --format parquet|csv|xlsx. A rerun "
        "skips the documents already in it.",
    ),
    fmt: str = typer.Option(
        "duckdb",
        "--format",
        "-f",
        help="duckdb (one file), parquet or csv (a file per table in "
        "the --out folder; CSV in UTF-8 with BOM for Excel) or xlsx (corpus.xlsx, a sheet per table).",
    ),
    workers: int = typer.Option(1, "--workers", "-j", min=1, help="Worker processes (each loads the models once)."),
    batch: int = typer.Option(
        16, "--batch", min=1, help="With --out: documents per commit (a killed run keeps every committed document)."
    ),
    quiet: Quiet = False,
    verbose: Verbose = False,
    retry_errors: bool = typer.Option(
        False,
        "--retry-errors",
        help="With --out: read again every document that "
        "has an error (a rerun always reads again those that failed for a passing "
        "reason: memory, a killed worker, a read error).",
    ),
) -> None:
    """Extract every report: one JSON object per document per line on standard output, or
    with --out a corpus of five tables (reports, cells, facts, sections, flags).

    Each report gives its agency, year, format, all 200 table cells (null where the
    report does not state a cell), the text span of every value, and flags for sums that do
    not add up and cells or tables that are missing; a corpus adds flags across years
    (corpus.carry_over, corpus.in_force) and reads a run-together table-1 row by last year's
    in-force count (table.split_by_previous_year). A file that cannot be read still gets
    its line, with the reason in "errors". Exit status: 0, or 1 when no document could be read,
    2 for bad arguments or missing models, 3-6 when the output is in use, damaged, read-only
    or its disk full, 130/143 when interrupted (see the README).
    """
    setup_logging(quiet, verbose)
    import duckdb

    from . import exit_status as status
    from .corpus.io import OutputError
    from .corpus.run import ModelMissing
    from .corpus.store import NotADatabase
    from .ingest.limits import LimitError, max_file_bytes

    if out is None and fmt != "duckdb":
        log.error(f"--format {fmt} needs --out (a folder to write the tables to)")
        raise typer.Exit(status.USAGE)
    try:
        max_file_bytes()
    except LimitError as exc:
        log.error(exc)
        raise typer.Exit(status.USAGE) from None
    files, problems = iter_inputs(paths)
    for p in problems:
        log.warning(p)
    if not files:
        raise typer.Exit(status.USAGE)
    status.handle_sigterm()
    readable: int | None
    try:
        if out is None:
            readable = _extract_lines(files, quiet, pretty, workers)
        else:
            readable = _extract_corpus(files, out, fmt, workers, batch, quiet, retry_errors)
    except NotADatabase as exc:
        log.error(exc)
        raise typer.Exit(status.OUTPUT_DAMAGED) from None
    except (ModelMissing, OutputError) as exc:
        log.error(exc)
        raise typer.Exit(status.USAGE) from None
    except KeyboardInterrupt as exc:
        why = "terminated (SIGTERM)" if isinstance(exc, status.Terminated) else "interrupted"
        kept = f": every document committed to {out} is kept; run the same command again to finish" if out else ""
        log.error(f"{why}{kept}")
        raise typer.Exit(status.TERMINATED if isinstance(exc, status.Terminated) else status.INTERRUPTED) from None
    except BrokenPipeError:  # `ogi extract … | head`: the reader has gone, nothing to say
        sys.stderr.close()
        raise typer.Exit(status.OK) from None
    except (duckdb.Error, OSError) as exc:
        if out is None:
            raise
        code, line = status.output_failure(exc, out)
        log.error(line)
        raise typer.Exit(code) from None
    if readable == 0:
        raise typer.Exit(status.NO_DOCUMENT)


def _extract_lines(files: list[Path], quiet: bool, pretty: bool, workers: int) -> int:
    from .corpus.run import make_task, run_tasks

    tasks = [make_task(f) for f in files]
    results = run_tasks(tasks, workers, ordered=True)
    progress = Progress(len(files), quiet)
    readable = 0
    try:
        for r in results:
            readable += int(not r.failed)
            sys.stdout.write(json.dumps(r.report, ensure_ascii=False, indent=2 if pretty else None) + "\n")
            sys.stdout.flush()
            progress.advance(r.failed)
    finally:
        progress.close()
    return readable


def _extract_corpus(
    files: list[Path], out: Path, fmt: str, workers: int, batch: int, quiet: bool, retry_errors: bool = False
) -> int | None:
    """None when there was nothing left to read (every document already in `out`)."""
    from .corpus import Store, build
    from .corpus.run import ModelMissing

    progress: list[Progress] = []

    def on_plan(summary, todo: int) -> None:
        if summary.skipped or summary.duplicates or summary.retried:
            log.info(
                f"{summary.skipped} document(s) already in {out}, {summary.duplicates} given twice: "
                f"skipped; {todo} to read"
                + (f", {summary.retried} of them again (they had errors)" if summary.retried else "")
            )
        progress.append(Progress(todo, quiet, uses_stdout=False))

    def on_commit(n: int) -> None:
        log.debug(f"committed {n} document(s) to {out}")

    existed = out.exists()
    try:
        with Store(out, fmt) as store:
            summary = build(
                files,
                store,
                workers,
                batch,
                on_plan=on_plan,
                on_result=lambda r: progress[0].advance(r.failed),
                on_commit=on_commit,
                retry_errors=retry_errors,
            )
    except ModelMissing:
        if not existed:  # leave nothing behind: no empty database to be taken for a corpus
            _remove_new_output(out)
        raise
    finally:
        if progress:
            progress[0].close()
    log.info(f"corpus written to {out} ({fmt})")
    return summary.readable if summary.written else None


def _remove_new_output(out: Path) -> None:
    """Remove an output this run created before it found it could read nothing."""
    import shutil

    from .corpus.store import STAGING

    if out.is_dir():
        for name in (STAGING, STAGING + ".wal"):
            (out / name).unlink(missing_ok=True)
        if not any(out.iterdir()):
            shutil.rmtree(out, ignore_errors=True)
    else:
        for p in (out, out.with_name(out.name + ".wal")):
            p.unlink(missing_ok=True)


@app.command()
def text(
    path: Path = typer.Argument(..., help="A report file."), quiet: Quiet = False, verbose: Verbose = False
) -> None:
    """Print the text ogi extracts from a report; every offset in ogi's output indexes it."""
    setup_logging(quiet, verbose)
    from .ingest import read_document
    from .ingest.limits import LimitError

    try:
        doc = read_document(path)
    except LimitError as exc:
        log.error(exc)
        raise typer.Exit(2) from None
    if doc.errors:
        for e in doc.errors:
            log.error(f"{path}: {e.message_en}")
        raise typer.Exit(1)
    sys.stdout.write(doc.text)


@app.command()
def review(
    path: Path = typer.Argument(..., help="A report file."),
    out: Path | None = typer.Option(None, "--out", "-o", help="HTML file to write (default: standard output)."),
    quiet: Quiet = False,
    verbose: Verbose = False,
) -> None:
    """Write one self-contained HTML page to review a report: its text with every table cell and
    narrative fact highlighted, the three tables rebuilt from the parsed cells, and the flags at
    the top, each linked to its evidence in the text. Open it in any browser; it loads nothing.
    Exit status 1 when the document could not be read (the page still shows why)."""
    setup_logging(quiet, verbose)
    import os

    from .ingest import source_name
    from .ingest.limits import LimitError
    from .model_files import ModelError
    from .report import extract as extract_one
    from .review import render_review

    if not path.is_file():
        log.error(f"{path}: no such file")
        raise typer.Exit(2)
    try:
        rep = extract_one(path)
    except (ModelError, LimitError) as exc:
        log.error(exc)
        raise typer.Exit(2) from None
    page = render_review(rep)
    if out is None:
        sys.stdout.write(page)
    else:
        # written whole under another name, then renamed: never a half-written page
        tmp = out.with_name(out.name + ".tmp")
        tmp.write_text(page, encoding="utf-8")
        os.replace(tmp, out)
        log.info(f"wrote {out} ({len(rep.flags)} flag(s))")
    path = Path(source_name(path)[0])
    for e in rep.errors:
        log.error(f"{path}: {e.message_en}")
    if rep.errors:
        raise typer.Exit(1)


@app.command()
def schema(quiet: Quiet = False, verbose: Verbose = False) -> None:
    """Print the JSON Schema of one line of `ogi extract` (also shipped as ogi/data/report.schema.json)."""
    setup_logging(quiet, verbose)
    from .data_files import load_json

    print(json.dumps(load_json("report.schema.json"), ensure_ascii=False, indent=2))


label_app = typer.Typer(
    help="Make annotation files to label by reading (pre-filled by the current model).", no_args_is_help=True
)
app.add_typer(label_app, name="label")


@label_app.command("sections")
def label_sections_cmd(
    paths: list[Path] = typer.Argument(..., metavar="PATH", show_default=False, help="Report files or folders."),
    out: Path = typer.Option(..., "--out", "-o", help="JSONL file to write (one line per segment)."),
    source_root: Path | None = typer.Option(None, help="Write `source` relative to this folder."),
    quiet: Quiet = False,
    verbose: Verbose = False,
) -> None:
    """Cut reports into segments and write them for labelling; labels are pre-filled by the
    section model when one is trained, table regions always. A person then corrects `label`."""
    setup_logging(quiet, verbose)
    from .ingest import read_document
    from .sections import TABLE_LABELS, doc_names, segment_text
    from .tables.read import read_tables

    predict = None
    try:
        from .sections.model import load_model

        model = load_model()
        predict = model.predict_segments
    except Exception as exc:  # no model yet: tables only
        log.warning(f"labels not pre-filled ({exc})")
    files, problems = iter_inputs(paths)
    for p in problems:
        log.warning(p)
    n = 0
    with out.open("w", encoding="utf-8") as fh:
        for f in files:
            doc = read_document(f)
            if doc.errors:
                log.warning(f"{f}: {doc.errors[0].message_en}")
                continue
            segs = segment_text(doc.text, read_tables(doc).regions)
            labels = predict(segs) if predict else [(None, None)] * len(segs)
            name, report = doc_names(f)
            src = str(f.relative_to(source_root)) if source_root else str(f)
            for i, (seg, (label, conf)) in enumerate(zip(segs, labels)):
                if seg.table:
                    label, conf = TABLE_LABELS[seg.table], 1.0
                rec = {
                    "doc": name,
                    "report": report,
                    "source": src,
                    "i": i,
                    "n": len(segs),
                    "start": seg.start,
                    "end": seg.end,
                    "heading": seg.heading,
                    "text": seg.text,
                    "label": label,
                    "prefilled": conf,
                    "note": "",
                }
                fh.write(json.dumps(rec, ensure_ascii=False) + "\n")
                n += 1
    log.info(f"wrote {n} segments of {len(files)} document(s) to {out}")


ROOT = Path(__file__).resolve().parents[2]
MODELS = SHIPPED_MODELS
train_app = typer.Typer(help="Train the models from training_data/ (fixed seed, reproducible).", no_args_is_help=True)
evaluate_app = typer.Typer(help="Measure the models on reports they did not train on.", no_args_is_help=True)
app.add_typer(train_app, name="train")
app.add_typer(evaluate_app, name="evaluate")


def _fold_progress():
    """A progress callback for cross-validation: folds done, and the time left at the pace so
    far (a leave-one-report-out run trains a model per report)."""
    import time

    began = time.monotonic()

    def show(done: int, total: int) -> None:
        left = (time.monotonic() - began) / done * (total - done)
        eta = f", about {left / 60:.0f} min left" if done < total and left >= 60 else ""
        if log.isEnabledFor(logging.INFO):
            print(f"\rogi: fold {done}/{total}{eta}  ", end="" if done < total else "\n", file=sys.stderr, flush=True)

    return show


@train_app.command("sections")
def train_sections(
    data: Path = typer.Option(ROOT / "training_data" / "sections", help="Folder of labelled *.jsonl."),
    out: Path = typer.Option(
        MODELS / "sections", help="Where to write the model files (weights.npz, features.json, meta.json)."
    ),
    seed: int = typer.Option(20211, help="Random seed."),
    folds: int = typer.Option(
        0, help="Record held-out metrics in meta.json: 0 = leave-one-report-out, K = K folds by report, -1 = none."
    ),
    quiet: Quiet = False,
    verbose: Verbose = False,
) -> None:
    """Train the section classifier from the labelled segments and save it."""
    setup_logging(quiet, verbose)
    from .model_files import describe
    from .sections.train import cross_validate, format_metrics, train

    metrics = {}
    if folds >= 0:
        metrics = cross_validate(data, seed, folds or None, _fold_progress())
        log.info(format_metrics(metrics))
    meta = train(data, out, seed, metrics)
    if folds < 0:
        log.warning(describe(meta["measured"]))
    log.info(f"section model trained on {meta['segments']} segments of {meta['documents']} documents -> {out}")


@evaluate_app.command("sections")
def evaluate_sections(
    data: Path = typer.Option(ROOT / "training_data" / "sections", help="Folder of labelled *.jsonl."),
    folds: int = typer.Option(0, help="0 = leave-one-report-out; K = K folds by report (faster)."),
    seed: int = typer.Option(20211, help="Random seed."),
    as_json: bool = typer.Option(False, "--json", help="Print the metrics as JSON."),
    quiet: Quiet = False,
    verbose: Verbose = False,
) -> None:
    """Accuracy, per-label precision/recall/F1 and the most confused pairs, on held-out reports."""
    setup_logging(quiet, verbose)
    from .sections.train import cross_validate, format_metrics

    metrics = cross_validate(data, seed, folds or None, _fold_progress())
    print(json.dumps(metrics, ensure_ascii=False, indent=1) if as_json else format_metrics(metrics))


# --- facts -------------------------------------------------------------------------------

_FACT_FORMATS = ["ogi", "doccano", "label-studio"]


def _write_records(records: list[dict], out: Path, fmt: str) -> None:
    from .facts.annotations import FORMATS

    if fmt not in _FACT_FORMATS:
        raise typer.BadParameter(f"format must be one of {', '.join(_FACT_FORMATS)}")
    conv = (lambda r: r) if fmt == "ogi" else FORMATS[fmt][0]
    with out.open("w", encoding="utf-8") as fh:
        for rec in records:
            fh.write(json.dumps(conv(rec), ensure_ascii=False) + "\n")


@label_app.command("facts")
def label_facts_cmd(
    paths: list[Path] = typer.Argument(..., metavar="PATH", show_default=False, help="Report files or folders."),
    out: Path = typer.Option(..., "--out", "-o", help="JSONL file to write (one line per candidate sentence)."),
    fmt: str = typer.Option("ogi", "--format", help="ogi (training_data/facts schema), doccano or label-studio."),
    source_root: Path | None = typer.Option(None, help="Write `source` relative to this folder."),
    quiet: Quiet = False,
    verbose: Verbose = False,
) -> None:
    """Write the candidate sentences of reports for annotation, pre-annotated by the current
    fact model (or by the rules when no model is trained). A person then corrects them."""
    setup_logging(quiet, verbose)
    from .facts import candidate_sentences
    from .facts.rules import rule_facts
    from .ingest import read_document
    from .sections import doc_names
    from .tables.read import read_tables

    try:
        from .facts import load_tagger

        tag = load_tagger().tag
    except Exception as exc:  # no model yet: the rules pre-annotate
        log.warning(f"pre-annotated by the rules ({exc})")
        tag = lambda sentences: [rule_facts(t) for t in sentences]  # noqa: E731
    files, problems = iter_inputs(paths)
    for p in problems:
        log.warning(p)
    records = []
    for f in files:
        doc = read_document(f)
        if doc.errors:
            log.warning(f"{f}: {doc.errors[0].message_en}")
            continue
        sents = candidate_sentences(doc.text, read_tables(doc).regions)
        name, _ = doc_names(f)
        src = str(f.relative_to(source_root)) if source_root else str(f)
        for i, (sent, facts) in enumerate(zip(sents, tag([s.text for s in sents])), 1):
            facts = [
                {k: x[k] for k in ("start", "end", "type", "value", "unit", "approx", "negated", "category")}
                for x in facts
            ]
            records.append(
                {
                    "id": f"{name}#{i}",
                    "doc": name,
                    "source": src,
                    "text": sent.text,
                    "facts": facts,
                    "note": "pre-annotated: check every fact",
                }
            )
    _write_records(records, out, fmt)
    log.info(f"wrote {len(records)} sentences of {len(files)} document(s) to {out}")


export_app = typer.Typer(help="Move annotations to and from annotation tools.", no_args_is_help=True)
import_app = typer.Typer(help="Read annotations made in an annotation tool.", no_args_is_help=True)
app.add_typer(export_app, name="export")
app.add_typer(import_app, name="import")


@export_app.command("facts")
def export_facts(
    out: Path = typer.Option(..., "--out", "-o", help="JSONL file to write."),
    fmt: str = typer.Option("doccano", "--format", help="doccano or label-studio."),
    data: Path = typer.Option(ROOT / "training_data" / "facts", help="Folder of annotated *.jsonl."),
    quiet: Quiet = False,
    verbose: Verbose = False,
) -> None:
    """Write the fact annotations as doccano or Label Studio JSONL (values kept, so a round
    trip loses nothing)."""
    setup_logging(quiet, verbose)
    from .facts.annotations import load_annotations

    records = load_annotations(data)
    _write_records(records, out, fmt)
    log.info(f"wrote {len(records)} sentences to {out}")


@import_app.command("facts")
def import_facts(
    path: Path = typer.Argument(..., help="A doccano or Label Studio JSONL export."),
    out: Path = typer.Option(..., "--out", "-o", help="JSONL file in the training_data/facts schema."),
    fmt: str = typer.Option("doccano", "--format", help="doccano or label-studio."),
    quiet: Quiet = False,
    verbose: Verbose = False,
) -> None:
    """Turn an annotation tool's export into our schema; a span without a stored value gets
    the value the value reader reads from it."""
    setup_logging(quiet, verbose)
    from .facts.annotations import FORMATS

    if fmt not in FORMATS:
        raise typer.BadParameter(f"format must be doccano or label-studio, not {fmt}")
    records = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            records.append(FORMATS[fmt][1](json.loads(line)))
        except (ValueError, KeyError, TypeError) as exc:
            log.error(f"{path}:{n}: cannot read this {fmt} record ({exc})")
            raise typer.Exit(1) from None
    _write_records(records, out, "ogi")
    log.info(f"wrote {len(records)} sentences to {out}")


@train_app.command("facts")
def train_facts(
    data: Path = typer.Option(ROOT / "training_data" / "facts", help="Folder of annotated *.jsonl."),
    out: Path | None = typer.Option(
        None, help="Where to write the model and meta.json (default: the fact model of the models folder ogi loads)."
    ),
    seed: int = typer.Option(0, help="Random seed."),
    folds: int = typer.Option(
        0,
        help="Record held-out metrics in meta.json: 0 = leave-one-report-out "
        "(one model per report: slow, use --jobs), K = K folds by report, -1 = none.",
    ),
    jobs: int = typer.Option(1, min=1, help="Folds trained at once, one process each (up to the cores you give it)."),
    config: Path | None = typer.Option(
        None,
        help="spaCy config of the pipeline (default: data/facts_tagger.cfg, "
        "an IOB token tagger; experiments/ holds others).",
    ),
    quiet: Quiet = False,
    verbose: Verbose = False,
) -> None:
    """Train the fact tagger (spaCy, config data/facts_tagger.cfg) and save it."""
    setup_logging(quiet, verbose)
    from .facts.evaluate import format_scores
    from .facts.train import train
    from .model_files import describe, models_dir

    out = out or models_dir() / "facts"
    metrics = {}
    if folds >= 0:
        metrics = _cross_validate_or_exit(data, folds, seed, config=config, jobs=jobs)
        log.info(format_scores({"model": metrics["model"], "rules": metrics["rules"]}))
    try:
        meta = train(data, out, seed, metrics, config=config)
    except ValueError as exc:  # a report in both the training data and the frozen split
        raise typer.BadParameter(str(exc), param_hint="--data") from None
    if folds < 0:
        log.warning(describe(meta["measured"]))
    log.info(f"fact model trained on {meta['sentences']} sentences of {meta['reports']} reports -> {out}")
    if meta["frozen_split"]:
        _print_frozen(meta["frozen_split"], file=sys.stderr)


def _cross_validate_or_exit(data: Path, folds: int, seed: int, **kw) -> dict:
    """`cross_validate` with a bad number of folds as a usage error, not a traceback."""
    from .facts.train import FoldsError, cross_validate

    try:
        return cross_validate(data, folds, seed, _fold_progress(), **kw)
    except FoldsError as exc:
        raise typer.BadParameter(str(exc), param_hint="--folds") from None


# the shares of each fold's training reports `ogi evaluate facts --learning-curve` trains on
LEARNING_CURVE = (0.25, 0.5, 0.75, 1.0)


@evaluate_app.command("facts")
def evaluate_facts(
    data: Path = typer.Option(ROOT / "training_data" / "facts", help="Folder of annotated *.jsonl."),
    folds: int = typer.Option(
        5,
        help="K folds, grouped by report (each report is held out once); "
        "0 = leave-one-report-out (one model per report: slow, use --jobs).",
    ),
    jobs: int = typer.Option(1, min=1, help="Folds trained at once, one process each (up to the cores you give it)."),
    seed: int = typer.Option(0, help="Random seed."),
    as_json: bool = typer.Option(False, "--json", help="Print the metrics as JSON."),
    config: Path | None = typer.Option(None, help="spaCy config of the pipeline (default: data/facts_tagger.cfg)."),
    test: bool = typer.Option(
        False,
        "--test",
        help="Instead of cross-validating: score the shipped model on the "
        "frozen test split (DATA/test/*.jsonl, never trained on), aggregate "
        "numbers only, beside the cross-validated figure of its meta.json.",
    ),
    on: Path | None = typer.Option(
        None,
        "--on",
        help="Instead of cross-validating: score the shipped model on these "
        "annotated sentences (a *.jsonl file or folder) it never trained on.",
    ),
    learning_curve: bool = typer.Option(
        False,
        "--learning-curve",
        help="Cross-validate with each fold's model trained "
        f"on {', '.join(f'{s:.0%}' for s in LEARNING_CURVE)} of its training reports: "
        "what more annotated reports would buy (one cross-validation each).",
    ),
    quiet: Quiet = False,
    verbose: Verbose = False,
) -> None:
    """Precision/recall/F1 per fact type on held-out reports: the model and the rules-only
    baseline side by side, on (type, value) and on (type, value, category)."""
    setup_logging(quiet, verbose)
    from .facts.evaluate import format_scores
    from .facts.train import score_on

    if learning_curve:
        if test or on is not None:
            raise typer.BadParameter(
                "a learning curve cross-validates; it takes no --test or --on", param_hint="--learning-curve"
            )
        points = []
        for share in LEARNING_CURVE:
            log.info(f"training on {share:.0%} of each fold's training reports")
            m = _cross_validate_or_exit(data, folds, seed, config=config, train_share=share, jobs=jobs)
            points.append(
                {
                    "train_share": share,
                    "train_reports": m["train_reports"],
                    **{k: m["model"]["overall"][k] for k in ("precision", "recall", "f1")},
                }
            )
        if as_json:
            print(json.dumps(points, indent=1))
            return
        print(f"held out: {m['held_out']}; the model on (type, value)\n")
        print(f"{'share':>6} {'reports':>8} {'P':>6} {'R':>6} {'F1':>6}")
        for pt in points:
            print(
                f"{pt['train_share']:>6.0%} {pt['train_reports']:>8} "
                f"{pt['precision']:>6.3f} {pt['recall']:>6.3f} {pt['f1']:>6.3f}"
            )
        return
    from .facts.train import frozen_split_dir, score_frozen

    frozen = frozen_split_dir(data)
    if test:
        try:
            m = score_frozen(frozen)
        except ValueError as exc:
            raise typer.BadParameter(str(exc), param_hint="--test") from None
        if as_json:
            print(
                json.dumps(
                    {"frozen_split": m, "cross_validated": _recorded_cross_validation()}, ensure_ascii=False, indent=1
                )
            )
            return
        _print_frozen(m)
        cv = _recorded_cross_validation()
        if cv:
            print(
                f"\ncross-validated ({cv['held_out']}, {cv['reports']} reports; recorded in the model's meta.json): "
                f"model F1 {cv['model']['overall']['f1']:.3f}"
            )
        return
    if on is not None:
        if not on.exists():
            raise typer.BadParameter(f"{on} does not exist", param_hint="--on")
        try:
            m = score_on(on)
        except ValueError as exc:  # no annotated sentence, or a line that is not JSON
            raise typer.BadParameter(str(exc), param_hint="--on") from None
    else:
        m = _cross_validate_or_exit(data, folds, seed, config=config, jobs=jobs)
    # the frozen split beside every figure, when there is one (aggregate numbers only)
    try:
        held = score_frozen(frozen) if on is None and frozen.is_dir() else None
    except ValueError:
        held = None
    if as_json:
        print(json.dumps({**m, "frozen_split": held}, ensure_ascii=False, indent=1))
        return
    print(f"held out: {m['held_out']}, {m['reports']} reports, {m['sentences']} sentences\n")
    print("(type, value)")
    print(format_scores({"model": m["model"], "rules only": m["rules"]}))
    (a, b), (c, d) = m["model_f1_interval"], m["rules_f1_interval"]
    print(f"95% interval of the overall F1 over reports (bootstrap): model {a:.3f}–{b:.3f}, rules only {c:.3f}–{d:.3f}")
    print("\n(type, value, category)")
    print(format_scores({"model": m["model_with_category"], "rules only": m["rules_with_category"]}))
    if held:
        print()
        _print_frozen(held)


def _recorded_cross_validation() -> dict | None:
    """The cross-validated figure the shipped fact model's meta.json records, if any."""
    from .facts.tagger import load_tagger
    from .model_files import ModelError

    try:
        m = load_tagger().meta.get("metrics") or {}
    except ModelError:  # no model: the frozen figure still stands alone
        return None
    return m if "model" in m else None


def _print_frozen(m: dict, file=None) -> None:
    """The frozen split's aggregate scores (never a sentence of it)."""
    from .facts.evaluate import format_scores

    file = file or sys.stdout
    print(
        f"frozen test split: {m['reports']} reports, {m['sentences']} sentences, {m['facts']} facts "
        f"(never trained on; aggregate only)",
        file=file,
    )
    print(format_scores({"model": m["model"], "rules only": m["rules"]}), file=file)
    lo, hi = m["model_f1_interval"]
    print(
        f"95% interval of the model's overall F1 over reports (bootstrap): {lo:.3f}–{hi:.3f}; "
        f"with the category: F1 {m['model_with_category']['overall']['f1']:.3f}",
        file=file,
    )


def main() -> None:  # pragma: no cover
    app()


if __name__ == "__main__":  # pragma: no cover
    main()
