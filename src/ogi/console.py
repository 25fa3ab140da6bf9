"""What the command line says on standard error: log lines (`ogi: ...`) and a run's progress.

Standard output carries only the data (JSON Lines, text, a page); everything for the person at
the terminal goes through the `ogi` logger to standard error, at the level `-q`/`-v` set.
"""

from __future__ import annotations

import logging
import sys
import time

log = logging.getLogger("ogi")


class _StderrHandler(logging.StreamHandler):
    """Writes to whatever `sys.stderr` is when a line is logged: a live progress bar swaps it
    for a proxy that prints above the bar."""

    @property
    def stream(self):
        return sys.stderr

    @stream.setter
    def stream(self, value) -> None:
        pass


def setup_logging(quiet: bool = False, verbose: bool = False) -> None:
    """`-q`: warnings and errors only; `-v`: debug lines too; else progress and summaries."""
    level = logging.WARNING if quiet else logging.DEBUG if verbose else logging.INFO
    if not any(isinstance(h, _StderrHandler) for h in log.handlers):
        handler = _StderrHandler()
        handler.setFormatter(logging.Formatter("ogi: %(message)s"))
        log.addHandler(handler)
        log.propagate = False
    log.setLevel(level)


class Progress:
    """Progress on standard error: a live bar on a terminal, a line every 10 s otherwise.

    No bar when standard output is the same terminal (the data scrolls there). The bar never
    captures standard output: `ogi extract DIR > file` from a terminal writes every line to
    the file."""

    def __init__(self, total: int, quiet: bool, uses_stdout: bool = True) -> None:
        self.total, self.quiet = total, quiet
        self.done = self.failed = 0
        self.start = time.perf_counter()
        self.last_line = self.start
        self.bar = None
        stdout_on_screen = uses_stdout and sys.stdout.isatty()
        if not quiet and sys.stderr.isatty() and not stdout_on_screen and total > 1:
            from rich.console import Console
            from rich.progress import BarColumn, MofNCompleteColumn, TextColumn, TimeRemainingColumn
            from rich.progress import Progress as RichProgress

            self.bar = RichProgress(
                TextColumn("ogi"),
                BarColumn(),
                MofNCompleteColumn(),
                TextColumn("{task.fields[rate]}"),
                TimeRemainingColumn(),
                console=Console(stderr=True),
                transient=True,
                redirect_stdout=False,
                redirect_stderr=True,
            )
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
            log.info("%d/%d documents, %.1f/s, about %.0fs left", self.done, self.total, rate, left)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.stop()
        elapsed = time.perf_counter() - self.start
        log.info(
            "%d document(s), %d read, %d with errors, %.1fs", self.done, self.done - self.failed, self.failed, elapsed
        )
