"""A corpus: many reports as five tables (reports, cells, facts, sections, flags).

    >>> import ogi
    >>> corpus = ogi.extract_corpus(["reports/"], workers=2, out="corpus.duckdb")
    >>> corpus.cells.query("key == 't2.new.total'")
    >>> ogi.Corpus.load("corpus.duckdb").flags

`build` (into a `Store`) is what `ogi extract --out` runs; `extract_corpus` is the same from Python. Column
names: `schema.TABLES`. Writing and resuming: `store`. Across years: `years`.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from .io import FORMATS, check_format, read_tables, write_tables
from .run import Result, batched, plan, run_tasks
from .schema import TABLES, frame
from .store import Store

__all__ = ["Corpus", "extract_corpus", "build", "Store", "Summary", "TABLES", "FORMATS"]


@dataclass
class Corpus:
    """The five tables as pandas DataFrames (nullable dtypes; columns in `schema.TABLES`)."""

    reports: pd.DataFrame = field(default_factory=lambda: frame("reports", []))
    cells: pd.DataFrame = field(default_factory=lambda: frame("cells", []))
    facts: pd.DataFrame = field(default_factory=lambda: frame("facts", []))
    sections: pd.DataFrame = field(default_factory=lambda: frame("sections", []))
    flags: pd.DataFrame = field(default_factory=lambda: frame("flags", []))

    @property
    def tables(self) -> dict[str, pd.DataFrame]:
        return {t: getattr(self, t) for t in TABLES}

    @classmethod
    def load(cls, path: str | os.PathLike) -> Corpus:
        """Read a written corpus: a DuckDB file, or a folder of parquet/csv files or corpus.xlsx."""
        return cls(**read_tables(Path(path)))

    def save(self, out: str | os.PathLike, format: str = "duckdb") -> None:
        """Write the tables (a DuckDB file, or a folder for parquet/csv/xlsx), replacing what is there."""
        write_tables(self.tables, Path(out), check_format(format))


@dataclass
class Summary:
    written: int = 0
    readable: int = 0
    skipped: int = 0  # already in the output
    duplicates: int = 0  # the same file twice in this run
    retried: int = 0  # in the output with an error, read again


def build(
    files: list[Path],
    store: Store,
    workers: int = 1,
    batch: int = 16,
    on_plan: Callable[[Summary, int], None] | None = None,
    on_result: Callable[[Result], None] | None = None,
    on_commit: Callable[[int], None] | None = None,
    retry_errors: bool = False,
) -> Summary:
    """Extract `files` into `store`, skipping documents already there (but reading again those
    that failed for a passing reason, and with `retry_errors` all that failed), committing
    every `batch` documents (or every few seconds); then the across-years flags (and the
    export). The output's own files are never read. Raises run.ModelMissing if the section
    model cannot be loaded."""
    summary = Summary()
    files = [f for f in files if not store.owns(f)]
    tasks, summary.skipped, summary.duplicates = plan(files, store.done(retry_errors))
    summary.retried = sum(t.doc_id in store.ids for t in tasks)
    results = run_tasks(tasks, workers)  # loads the model first: progress timing starts after
    if on_plan:
        on_plan(summary, len(tasks))
    for group in batched(results, batch, seconds=5.0):
        rows = []
        for r in group:
            assert r.rows is not None  # every task of `plan` asks for its rows
            rows.append(r.rows)
        store.add(rows)
        summary.written += len(group)
        summary.readable += sum(not r.failed for r in group)
        if on_result:
            for r in group:
                on_result(r)
        if on_commit:
            on_commit(summary.written)
    store.finish()
    return summary


def extract_corpus(
    paths: Iterable[str | os.PathLike] | str | os.PathLike,
    workers: int = 1,
    out: str | os.PathLike | None = None,
    format: str = "duckdb",
    batch: int = 16,
) -> Corpus:
    """Extract report files and folders into a Corpus; with `out`, also write it there (and
    resume: documents already in `out` are not read again)."""
    from ..ingest import iter_inputs

    if isinstance(paths, (str, os.PathLike)):
        paths = [paths]
    roots = [Path(p) for p in paths]
    missing = [str(p) for p in roots if not p.exists()]
    if missing:
        raise FileNotFoundError(f"no such file or folder: {', '.join(missing)}")
    files, _ = iter_inputs(roots)
    with Store(out, format) as store:
        build(files, store, workers, batch)
        if out is None:
            return Corpus(**store.tables())
    return Corpus.load(out)
