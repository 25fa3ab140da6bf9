"""Extracting many documents: in this process or in worker processes, results in the parent.

Workers each load the code and the section model once (`_init`) and send back the report's
output-contract dict, or for a corpus run the rows of the corpus tables (made where the report
was read, so that the one writing process only writes); only the parent writes, so output
never interleaves.
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from .agency import agency_key, context_json
from .failures import failure
from .rows import report_rows


class ModelMissing(RuntimeError):
    """The section model cannot be loaded: nothing can be extracted."""


@dataclass(frozen=True)
class Task:
    path: str
    source: str  # the path as valid UTF-8 (ingest.source_name)
    doc_id: str
    source_bytes: str | None = None  # the path's bytes when they are not UTF-8
    rows: bool = False  # a corpus run's: the result carries the corpus tables' rows


def make_task(path: Path | str, doc_id: str | None = None, rows: bool = False) -> Task:
    from ..ingest import source_name
    from ..report import doc_id_of

    source, raw = source_name(path)
    return Task(str(path), source, doc_id or doc_id_of(str(path)), raw, rows)


@dataclass
class Result:
    report: dict  # Report.to_json(); only its "errors" when `rows` holds the rows
    agency_key: str | None
    agency_context: str | None
    rows: dict[str, list[dict]] | None = None  # rows.report_rows of the report, when the task asked

    @property
    def failed(self) -> bool:
        return bool(self.report["errors"])


def _result(task: Task, report: dict, key: str | None, context: str | None) -> Result:
    if not task.rows:
        return Result(report, key, context)
    return Result({"errors": report["errors"]}, key, context, report_rows(report, key, context))


def extract_task(task: Task) -> Result:
    """One document, never raising: a crash inside ogi becomes the document's error."""
    from ..report import extract

    try:
        rep = extract(task.path, source=task.source)
    except MemoryError:
        return failed_result(task, failure("out_of_memory"))
    except Exception as exc:  # a bug must not stop a corpus run: record it with the document
        return failed_result(task, failure("internal_error", error=f"{type(exc).__name__}: {exc}"))
    rep.doc_id = task.doc_id  # the id the run skipped by, whatever the reader computed
    rep.source_bytes = task.source_bytes
    return _result(task, rep.to_json(), agency_key(rep.agency), context_json(rep.agency, rep.text))


def failed_result(task: Task, error) -> Result:
    """The result of a document ogi could not read at all: its error, no value."""
    from ..report import Report

    rep = Report(doc_id=task.doc_id, source=task.source, cells=_null_cells(), source_bytes=task.source_bytes)
    rep.errors.append(error)
    return _result(task, rep.to_json(), None, None)


def _null_cells() -> dict:
    from ..tables.layout import load_layout

    return {k: None for k in load_layout().cells}


def _init() -> None:
    from threadpoolctl import threadpool_limits

    threadpool_limits(1)  # one core per worker: the workers are the parallelism
    try:
        from ..facts import load_tagger
        from ..sections.model import load_model

        load_model()
        load_tagger()
    except Exception:  # reported by check_model; each document would then say why
        pass


def check_model() -> str | None:
    """Why the section model or the fact tagger cannot be loaded, or None."""
    from ..facts import load_tagger
    from ..model_files import ModelError
    from ..sections.model import load_model

    try:
        load_model()
        load_tagger()
    except ModelError as exc:
        return str(exc)
    return None


def run_tasks(tasks: list[Task], workers: int = 1, ordered: bool = False) -> Iterator[Result]:
    """Results of `tasks`, in order or as they finish, from `workers` processes (see
    `workers.Pool`). The model is loaded (and ModelMissing raised) here, before the first
    result is asked for."""
    if not tasks:
        return iter(())
    if workers <= 1:
        problem = check_model()
        if problem:
            raise ModelMissing(problem)
        return map(extract_task, tasks)
    from .workers import Pool

    pool = Pool(min(workers, len(tasks)))
    try:
        problem = pool.start()
    except BaseException:
        pool.close()
        raise
    if problem:
        pool.close()
        raise ModelMissing(problem)
    return pool.run(tasks, ordered)


def batched(results: Iterable[Result], size: int, seconds: float) -> Iterator[list[Result]]:
    """Groups of at most `size` results, or fewer if `seconds` passed since the last group, so
    that a slow run still commits often."""
    batch: list[Result] = []
    last = time.monotonic()
    for r in results:
        batch.append(r)
        if len(batch) >= size or time.monotonic() - last >= seconds:
            yield batch
            batch, last = [], time.monotonic()
    if batch:
        yield batch


def plan(files: list[Path], done: set[str]) -> tuple[list[Task], int, int]:
    """Tasks for the files not yet in the output: (tasks, already done, duplicates in this run),
    each asking for its rows."""
    from ..report import doc_id_of

    tasks, seen, skipped, dups = [], set(done), 0, 0
    for f in files:
        doc_id = doc_id_of(str(f))
        if doc_id in done:
            skipped += 1
        elif doc_id in seen:
            dups += 1  # the same bytes under another name: one document
        else:
            seen.add(doc_id)
            tasks.append(make_task(f, doc_id, rows=True))
    return tasks, skipped, dups
