"""Extracting many documents: in this process or in worker processes, results in the parent.

Workers each load the code and the section model once (`_init`) and send back the report's
output-contract dict; only the parent writes, so output never interleaves.
"""
from __future__ import annotations

import time
from collections.abc import Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass
from multiprocessing import get_context
from pathlib import Path

from .agency import agency_key, context_json


class ModelMissing(RuntimeError):
    """The section model cannot be loaded: nothing can be extracted."""


@dataclass(frozen=True)
class Task:
    path: str
    source: str
    doc_id: str


@dataclass
class Result:
    report: dict  # Report.to_json()
    agency_key: str | None
    agency_context: str | None

    @property
    def failed(self) -> bool:
        return bool(self.report["errors"])


def extract_task(task: Task) -> Result:
    """One document, never raising: a crash inside ogi becomes the document's error."""
    from ..document import IngestError
    from ..report import Report, extract

    try:
        rep = extract(task.path, source=task.source)
    except Exception as exc:  # a bug must not stop a corpus run: record it with the document
        rep = Report(doc_id=task.doc_id, source=task.source, cells=_null_cells())
        rep.errors.append(IngestError(
            "internal_error", f"ogi 读取此文件时出错：{type(exc).__name__}: {exc}",
            f"ogi failed on this file ({type(exc).__name__}: {exc}); the run went on with the next one."))
    rep.doc_id = task.doc_id  # the id the run skipped by, whatever the reader computed
    return Result(rep.to_json(), agency_key(rep.agency), context_json(rep.agency, rep.text))


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
    from ..sections.model import ModelError, load_model

    try:
        load_model()
        load_tagger()
    except ModelError as exc:
        return str(exc)
    return None


def run_tasks(tasks: list[Task], workers: int = 1, ordered: bool = False) -> Iterator[Result]:
    """Results of `tasks`, in order or as they finish, from `workers` processes. The model is
    loaded (and ModelMissing raised) here, before the first result is asked for."""
    if not tasks:
        return iter(())
    if workers <= 1:
        problem = check_model()
        if problem:
            raise ModelMissing(problem)
        return map(extract_task, tasks)
    pool = ProcessPoolExecutor(min(workers, len(tasks)), mp_context=get_context("spawn"), initializer=_init)
    problem = pool.submit(check_model).result()
    if problem:
        pool.shutdown()
        raise ModelMissing(problem)
    return _from_pool(pool, tasks, ordered)


def _from_pool(pool: ProcessPoolExecutor, tasks: list[Task], ordered: bool) -> Iterator[Result]:
    futures = [pool.submit(extract_task, t) for t in tasks]
    try:
        for fut in (futures if ordered else as_completed(futures)):
            yield fut.result()
    finally:
        pool.shutdown(cancel_futures=True)


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
    """Tasks for the files not yet in the output: (tasks, already done, duplicates in this run)."""
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
            tasks.append(Task(str(f), str(f), doc_id))
    return tasks, skipped, dups

