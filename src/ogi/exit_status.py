"""The exit statuses of `ogi`, and the one line that explains a failure of the output.

Each cause has its own status so that a script can tell them apart; the data already
committed is kept in every case (DuckDB commits a batch of documents at a time).
"""

from __future__ import annotations

import errno
import signal
from pathlib import Path

OK = 0
NO_DOCUMENT = 1  # no document could be read
USAGE = 2  # bad arguments or environment (OGI_MAX_BYTES), models missing or damaged
OUTPUT_IN_USE = 3  # another process is writing the same DuckDB database
OUTPUT_DAMAGED = 4  # --out is not a DuckDB database, or a damaged one: left as it is
OUTPUT_READ_ONLY = 5  # --out cannot be written (read-only file system, no permission)
DISK_FULL = 6  # no space left where --out is written
INTERRUPTED = 130  # Ctrl-C (SIGINT)
TERMINATED = 143  # SIGTERM

STATUSES = {
    OK: "every document read (some may carry errors)",
    NO_DOCUMENT: "no document could be read",
    USAGE: "bad arguments or environment, or the models are missing",
    OUTPUT_IN_USE: "the output is in use",
    OUTPUT_DAMAGED: "the output is not a DuckDB database or is damaged",
    OUTPUT_READ_ONLY: "the output is read-only",
    DISK_FULL: "no space left on the output's disk",
    INTERRUPTED: "interrupted (SIGINT)",
    TERMINATED: "terminated (SIGTERM)",
}


class Terminated(KeyboardInterrupt):
    """SIGTERM, raised like Ctrl-C so that every `finally` (workers, the open output) runs."""


def _raise_terminated(signum, frame) -> None:
    raise Terminated()


def handle_sigterm() -> None:
    signal.signal(signal.SIGTERM, _raise_terminated)


def _first_line(exc: BaseException) -> str:
    return (str(exc).strip().splitlines() or [type(exc).__name__])[0]


def output_failure(exc: BaseException, out: Path) -> tuple[int, str]:
    """(exit status, one line) for an error raised while opening or writing `out`."""
    text = str(exc)
    code = getattr(exc, "errno", None)
    if "Could not set lock" in text or "Conflicting lock" in text:
        pid = text.split("(PID ")[-1].split(")")[0] if "(PID " in text else "?"
        return OUTPUT_IN_USE, (
            f"{out} is being written by another process (PID {pid}): wait for it to finish, or write to another --out"
        )
    if code == errno.ENOSPC or "No space left" in text:
        return DISK_FULL, (
            f"no space left on the device of {out}: every document committed before is kept; "
            "free some space and run the same command again to finish"
        )
    if (
        code in (errno.EROFS, errno.EACCES, errno.EPERM)
        or "Read-only file system" in text
        or "Permission denied" in text
    ):
        return OUTPUT_READ_ONLY, f"{out} cannot be written ({_first_line(exc)}); give a writable --out"
    if "not a valid DuckDB database" in text or "Corrupt" in text or "corrupt" in text:
        return OUTPUT_DAMAGED, (
            f"{out} is damaged or not a DuckDB database ({_first_line(exc)}); ogi leaves it "
            "as it is: give another --out"
        )
    return OUTPUT_DAMAGED, f"{out} cannot be used as the output ({_first_line(exc)})"
