"""Instructions per document of `ogi.extract`, per input format and stage, counted by valgrind's
cachegrind: a figure the load of a shared machine does not move, for comparing two versions
when wall-clock rates drift (on a busy two-core machine the same code reads from one hour to
the next at half or twice the rate; see docs/measurements.md).

    python benchmarks/bench_instructions.py [--formats txt] [--stages full] [--passes 2]

For each format and stage, the files of `bench_extract.py` are read in two processes under
cachegrind: one pass over them, and 1 + --passes passes. The difference, over the documents of
the extra passes, is what a document costs beyond loading code, data and models. The `full`
stage empties the per-sentence caches before each document, as `bench_extract.py` does.
Needs `valgrind` on PATH (Debian: `apt install valgrind`); about a minute per format and stage.
Not a test: nothing here asserts a figure.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import bench_extract  # noqa: E402

I_REFS = re.compile(r"I\s+refs:\s+([\d,]+)")


def worker(kind: str, stage: str, passes: int) -> None:
    from ogi import extract

    files = bench_extract.files_for(kind)
    extract(files[0], **bench_extract.STAGES[stage])
    for _ in range(passes):
        bench_extract.read_files(files, stage)


def instructions(kind: str, stage: str, passes: int) -> int:
    """Instructions of a process that loads ogi and reads the files `passes` times."""
    cmd = ["valgrind", "--tool=cachegrind", "--cache-sim=no", "--cachegrind-out-file=/dev/null"]
    cmd += [sys.executable, __file__, "--worker", kind, "--stage", stage, "--passes", str(passes)]
    env = dict(os.environ, **bench_extract.ONE_THREAD)
    run = subprocess.run(cmd, capture_output=True, text=True, env=env)
    found = I_REFS.search(run.stderr)
    if run.returncode != 0 or found is None:
        raise SystemExit(f"cachegrind of {kind}/{stage} failed (exit {run.returncode}):\n{run.stderr[-2000:]}")
    return int(found.group(1).replace(",", ""))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--formats", default="txt", help="Comma-separated: txt, html, docx, pdf.")
    ap.add_argument("--stages", default="full", help="Comma-separated: tables, sections, full.")
    ap.add_argument("--passes", type=int, default=2, help="Passes over the files beyond the first.")
    ap.add_argument("--worker", help=argparse.SUPPRESS)
    ap.add_argument("--stage", default="full", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.worker:
        worker(args.worker, args.stage, args.passes)
        return
    if shutil.which("valgrind") is None:
        raise SystemExit("valgrind is not on PATH (Debian: apt install valgrind); nothing was measured.")
    print(f"{'stage':8} {'format':6} {'files':>6} {'M instructions/document':>24}")
    for stage in args.stages.split(","):
        for kind in args.formats.split(","):
            files = len(bench_extract.files_for(kind))
            once, more = instructions(kind, stage, 1), instructions(kind, stage, 1 + args.passes)
            per_doc = (more - once) / (files * args.passes)
            print(f"{stage:8} {kind:6} {files:6d} {per_doc / 1e6:24.1f}")


if __name__ == "__main__":
    main()
