"""The `ogi` command line.

    ogi extract REPORTS...   one JSON line per report on standard output
    ogi text REPORT          the text ogi reads (all offsets index it)
"""
from __future__ import annotations

import json
import sys
import time
from pathlib import Path
from typing import Optional

import typer

from .ingest import SUFFIXES

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    rich_markup_mode=None,
    help="Read Chinese Open Government Information annual reports (政府信息公开工作年度报告) "
         "into verified data: the three standard tables cell by cell, with the place in the text "
         "each value came from, and flags where the numbers do not add up.",
)


def iter_inputs(paths: list[Path]) -> tuple[list[Path], list[str]]:
    """Files to read: the files named, and report files found under the folders named."""
    files: list[Path] = []
    problems: list[str] = []
    for p in paths:
        if p.is_dir():
            found = sorted(f for f in p.rglob("*") if f.is_file() and f.suffix.lower() in SUFFIXES)
            if not found:
                problems.append(f"{p}: no .txt .md .docx .html .htm .pdf files in this folder")
            files.extend(found)
        elif p.exists():
            files.append(p)
        else:
            problems.append(f"{p}: no such file or folder")
    return files, problems


class Progress:
    """Progress on standard error: a live bar on a terminal, a line now and then otherwise."""

    def __init__(self, total: int, quiet: bool) -> None:
        self.total, self.quiet = total, quiet
        self.done = self.failed = 0
        self.start = time.perf_counter()
        self.last_line = self.start
        self.bar = None
        if not quiet and sys.stderr.isatty() and total > 1:
            from rich.progress import (BarColumn, MofNCompleteColumn, Progress as RichProgress,
                                       TextColumn, TimeRemainingColumn)
            from rich.console import Console

            self.bar = RichProgress(TextColumn("ogi"), BarColumn(), MofNCompleteColumn(),
                                    TextColumn("{task.fields[rate]}"), TimeRemainingColumn(),
                                    console=Console(stderr=True), transient=True)
            self.task = self.bar.add_task("extract", total=total, rate="")
            self.bar.start()

    def advance(self, failed: bool) -> None:
        self.done += 1
        self.failed += int(failed)
        elapsed = time.perf_counter() - self.start
        rate = self.done / elapsed if elapsed > 0 else 0.0
        if self.bar is not None:
            self.bar.update(self.task, advance=1, rate=f"{rate:.1f} docs/s")
        elif not self.quiet and time.perf_counter() - self.last_line > 10:
            self.last_line = time.perf_counter()
            left = (self.total - self.done) / rate if rate else 0
            print(f"ogi: {self.done}/{self.total} documents, {rate:.1f}/s, about {left:.0f}s left",
                  file=sys.stderr)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.stop()
        if not self.quiet:
            elapsed = time.perf_counter() - self.start
            print(f"ogi: {self.done} document(s), {self.done - self.failed} read, {self.failed} with errors, "
                  f"{elapsed:.1f}s", file=sys.stderr)


@app.command()
def extract(
    paths: list[Path] = typer.Argument(..., help="Report files (.txt .md .docx .html .htm .pdf) or folders to search."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No progress or summary on standard error."),
    pretty: bool = typer.Option(False, "--pretty", help="Indent the JSON (one object per document, no longer one per line)."),
) -> None:
    """Extract every report: one JSON object per document per line on standard output.

    Each line holds the report's agency, year, format, all 200 table cells (null where the
    report does not state a cell), the text span of every value, and flags for sums that do
    not add up and cells or tables that are missing. A file that cannot be read still gets
    its line, with the reason in "errors". Exit status is 1 only when no document could be read.
    """
    from .report import extract as extract_one
    from .sections.model import ModelError, load_model

    try:
        load_model()  # once per process, and a clear message if it is not there
    except ModelError as exc:
        print(f"ogi: {exc}", file=sys.stderr)
        raise typer.Exit(2)
    files, problems = iter_inputs(paths)
    for p in problems:
        print(f"ogi: {p}", file=sys.stderr)
    if not files:
        raise typer.Exit(2)
    progress = Progress(len(files), quiet)
    readable = 0
    out = sys.stdout
    try:
        for f in files:
            rep = extract_one(f, source=str(f))
            failed = bool(rep.errors)
            readable += int(not failed)
            out.write(json.dumps(rep.to_json(), ensure_ascii=False, indent=2 if pretty else None))
            out.write("\n")
            out.flush()
            progress.advance(failed)
    finally:
        progress.close()
    if readable == 0:
        raise typer.Exit(1)


@app.command()
def text(path: Path = typer.Argument(..., help="A report file.")) -> None:
    """Print the text ogi extracts from a report; every offset in ogi's output indexes it."""
    from .ingest import read_document

    doc = read_document(path)
    if doc.errors:
        for e in doc.errors:
            print(f"ogi: {path}: {e.message_en}", file=sys.stderr)
        raise typer.Exit(1)
    sys.stdout.write(doc.text)


label_app = typer.Typer(help="Make annotation files to label by reading (pre-filled by the current model).",
                        no_args_is_help=True)
app.add_typer(label_app, name="label")


@label_app.command("sections")
def label_sections_cmd(
    paths: list[Path] = typer.Argument(..., help="Report files or folders."),
    out: Path = typer.Option(..., "--out", "-o", help="JSONL file to write (one line per segment)."),
    source_root: Optional[Path] = typer.Option(None, help="Write `source` relative to this folder."),
) -> None:
    """Cut reports into segments and write them for labelling; labels are pre-filled by the
    section model when one is trained, table regions always. A person then corrects `label`."""
    from .ingest import read_document
    from .sections import TABLE_LABELS, doc_names, segment_text
    from .tables.read import read_tables

    predict = None
    try:
        from .sections.model import load_model
        model = load_model()
        predict = model.predict_segments
    except Exception as exc:  # no model yet: tables only
        print(f"ogi: labels not pre-filled ({exc})", file=sys.stderr)
    files, problems = iter_inputs(paths)
    for p in problems:
        print(f"ogi: {p}", file=sys.stderr)
    n = 0
    with out.open("w", encoding="utf-8") as fh:
        for f in files:
            doc = read_document(f)
            if doc.errors:
                print(f"ogi: {f}: {doc.errors[0].message_en}", file=sys.stderr)
                continue
            segs = segment_text(doc.text, read_tables(doc).regions)
            labels = predict(segs) if predict else [(None, None)] * len(segs)
            name, report = doc_names(f)
            src = str(f.relative_to(source_root)) if source_root else str(f)
            for i, (seg, (label, conf)) in enumerate(zip(segs, labels)):
                if seg.table:
                    label, conf = TABLE_LABELS[seg.table], 1.0
                rec = {"doc": name, "report": report, "source": src, "i": i, "n": len(segs),
                       "start": seg.start, "end": seg.end, "heading": seg.heading, "text": seg.text,
                       "label": label, "prefilled": conf, "note": ""}
                fh.write(json.dumps(rec, ensure_ascii=False) + "\n")
                n += 1
    print(f"ogi: wrote {n} segments of {len(files)} document(s) to {out}", file=sys.stderr)


ROOT = Path(__file__).resolve().parents[2]
train_app = typer.Typer(help="Train the models from training_data/ (fixed seed, reproducible).", no_args_is_help=True)
evaluate_app = typer.Typer(help="Measure the models on reports they did not train on.", no_args_is_help=True)
app.add_typer(train_app, name="train")
app.add_typer(evaluate_app, name="evaluate")


def _progress_line(done: int, total: int) -> None:
    print(f"\rogi: fold {done}/{total}", end="" if done < total else "\n", file=sys.stderr, flush=True)


@train_app.command("sections")
def train_sections(
    data: Path = typer.Option(ROOT / "training_data" / "sections", help="Folder of labelled *.jsonl."),
    out: Path = typer.Option(ROOT / "models" / "sections", help="Where to write the model files (weights.npz, features.json, meta.json)."),
    seed: int = typer.Option(20211, help="Random seed."),
    folds: int = typer.Option(0, help="Record held-out metrics in meta.json: 0 = leave-one-report-out, "
                                      "K = K folds by report, -1 = none."),
) -> None:
    """Train the section classifier from the labelled segments and save it."""
    from .sections.train import cross_validate, format_metrics, train

    metrics = {}
    if folds >= 0:
        metrics = cross_validate(data, seed, folds or None, _progress_line)
        print(format_metrics(metrics), file=sys.stderr)
    meta = train(data, out, seed, metrics)
    print(f"ogi: section model trained on {meta['segments']} segments of {meta['documents']} documents "
          f"-> {out}", file=sys.stderr)


@evaluate_app.command("sections")
def evaluate_sections(
    data: Path = typer.Option(ROOT / "training_data" / "sections", help="Folder of labelled *.jsonl."),
    folds: int = typer.Option(0, help="0 = leave-one-report-out; K = K folds by report (faster)."),
    seed: int = typer.Option(20211, help="Random seed."),
    as_json: bool = typer.Option(False, "--json", help="Print the metrics as JSON."),
) -> None:
    """Accuracy, per-label precision/recall/F1 and the most confused pairs, on held-out reports."""
    from .sections.train import cross_validate, format_metrics

    metrics = cross_validate(data, seed, folds or None, _progress_line)
    print(json.dumps(metrics, ensure_ascii=False, indent=1) if as_json else format_metrics(metrics))


def main() -> None:  # pragma: no cover
    app()


if __name__ == "__main__":  # pragma: no cover
    main()
