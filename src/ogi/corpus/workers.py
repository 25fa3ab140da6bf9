"""Worker processes for a corpus run that die with their parent and survive each other.

Each worker loads the models once and reads one document at a time, sent over its own pipe,
so the parent always knows which document a worker was reading: when a worker dies (killed,
out of memory, a crash in a native library) that document alone is read once more in a fresh
worker, and if that worker dies too it is recorded as a `worker_died` error; the run goes on.
A worker ends itself when its parent is gone (`ogi.processes.die_with_parent`), so kill -9 of
`ogi` leaves nothing running.
"""

from __future__ import annotations

import os
import signal
from collections import deque
from collections.abc import Iterator
from multiprocessing import get_context
from multiprocessing.connection import wait

from ..processes import die_with_parent

ATTEMPTS = 2  # a document whose worker dies is read once more, then recorded as an error
_DEAD = object()


def _serve(conn, parent: int) -> None:
    """A worker: report whether the models load, then read the documents it is sent."""
    die_with_parent(parent)
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle: it ends us
    from .run import _init, check_model, extract_task

    _init()
    conn.send(("ready", check_model()))
    while True:
        try:
            task = conn.recv()
        except (EOFError, OSError):
            return
        if task is None:
            return
        conn.send(("done", extract_task(task)))


class _Worker:
    def __init__(self, ctx) -> None:
        self.conn, child = ctx.Pipe()
        self.proc = ctx.Process(target=_serve, args=(child, os.getpid()), daemon=True)
        self.proc.start()
        child.close()
        self.ready = False
        self.job: tuple | None = None  # (index, task, attempt)

    def message(self):
        """The worker's next message, or _DEAD if it has ended."""
        try:
            if self.conn.poll():
                return self.conn.recv()
        except (EOFError, OSError):
            # the pipe closes as the process ends, a moment before it can be reaped;
            # wait for it so the error can say how it ended
            self.proc.join(5)
            return _DEAD
        self.proc.join(0)
        return _DEAD if self.proc.exitcode is not None else None

    def send(self, job: tuple) -> bool:
        self.job = job
        try:
            self.conn.send(job[1])
            return True
        except (BrokenPipeError, OSError):
            return False

    def stop(self) -> None:
        try:
            self.conn.send(None)
        except (BrokenPipeError, OSError):
            pass


def _how(exitcode: int | None) -> str:
    if exitcode is not None and exitcode < 0:
        try:
            return f"killed by {signal.Signals(-exitcode).name}"
        except ValueError:
            return f"killed by signal {-exitcode}"
    return "exit status unknown" if exitcode is None else f"exit status {exitcode}"


class Pool:
    """`workers` processes; `start()` returns the models' problem (or None) once one is up."""

    def __init__(self, workers: int) -> None:
        self.ctx = get_context("spawn")
        self.workers = [_Worker(self.ctx) for _ in range(workers)]
        self.failed_starts = 0

    def _starts_failed(self, w: _Worker) -> None:
        self.failed_starts += 1
        if self.failed_starts > 3:
            raise RuntimeError(f"worker processes keep dying before they are ready ({_how(w.proc.exitcode)})")

    def start(self) -> str | None:
        first = self.workers[0]
        while True:
            wait([first.conn, first.proc.sentinel])
            msg = first.message()
            if msg is _DEAD:
                return f"a worker process could not start ({_how(first.proc.exitcode)})"
            if msg is not None:
                first.ready = True
                return msg[1]

    def run(self, tasks: list, ordered: bool) -> Iterator:
        """Results of `tasks` (run.extract_task), in order or as they come; closes the pool."""
        from .failures import failure
        from .run import failed_result

        queue = deque((i, t, 1) for i, t in enumerate(tasks))
        waiting: dict[int, object] = {}
        next_out, left = 0, len(tasks)
        try:
            while left:
                for w in list(self.workers):
                    if w.ready and w.job is None and queue:
                        job = queue.popleft()
                        if not w.send(job):  # it died idle: not the document's fault
                            queue.appendleft(job)
                            self.workers.remove(w)
                            self.workers.append(_Worker(self.ctx))
                live = [w for w in self.workers if w.job is not None or not w.ready]
                ready = set(wait([w.conn for w in live] + [w.proc.sentinel for w in live]))
                for w in live:
                    if w.conn not in ready and w.proc.sentinel not in ready:
                        continue
                    msg = w.message()
                    if msg is None:
                        continue
                    if msg is not _DEAD and msg[0] == "ready":
                        w.ready = True
                        continue
                    if msg is _DEAD:
                        self.workers.remove(w)
                        lost = w.job
                        if lost is None:  # died before it was ready: start another if needed
                            self._starts_failed(w)
                            if queue or not self.workers:
                                self.workers.append(_Worker(self.ctx))
                            continue
                        if lost[2] < ATTEMPTS:
                            queue.appendleft((lost[0], lost[1], lost[2] + 1))
                            self.workers.append(_Worker(self.ctx))
                            continue
                        index = lost[0]
                        result = failed_result(lost[1], failure("worker_died", exit=_how(w.proc.exitcode)))
                        if queue:
                            self.workers.append(_Worker(self.ctx))
                    else:
                        assert w.job is not None  # a result comes only from a worker given a job
                        index, w.job, result = w.job[0], None, msg[1]
                    left -= 1
                    if not ordered:
                        yield result
                        continue
                    waiting[index] = result
                    while next_out in waiting:
                        yield waiting.pop(next_out)
                        next_out += 1
        finally:
            self.close()

    def close(self) -> None:
        for w in self.workers:
            w.stop()
        for w in self.workers:
            w.proc.join(2)
            if w.proc.is_alive():
                w.proc.kill()
                w.proc.join()
        self.workers = []
