"""Corpus throughput: `ogi extract ... --out corpus.duckdb` with 1 and 2 worker processes.

    python benchmarks/bench_corpus.py [--repeat 8] [--workers 1 2] [--json out.json]

Inputs: the bundled samples (text, DOCX, HTML, PDF) plus the shared corpus's text/, html/ and pdf/
when ../shared/corpus exists (`--formats pdf` for the PDFs alone), each copied --repeat times with
a few bytes appended so that every copy is a new document (a rerun skips documents it has by
content). Each run writes a fresh DuckDB corpus, start to finish as a user runs it (model loading
and the across-years pass included). Reports documents per second, CPU seconds (all processes;
unlike wall time, not much changed by other load on the machine), the CPU seconds of the
process that writes (with workers it only writes, and it is one process however many they
are) and peak memory: the largest single process and the whole process tree (sampled from
/proc every 0.1 s, Linux only). Not a test: timings depend on the machine, so nothing here
asserts a speed.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SUFFIXES = (".txt", ".html", ".htm", ".docx", ".pdf")


def inputs(suffixes: tuple[str, ...] = SUFFIXES) -> list[Path]:
    found = sorted((ROOT / "tests" / "fixtures" / "samples").iterdir())
    corpus = Path(os.environ.get("OGI_SHARED", ROOT.parent / "shared")) / "corpus"
    for sub in ("text", "html", "pdf"):
        if (corpus / sub).is_dir():
            found += sorted((corpus / sub).iterdir())
    return [f for f in found if f.suffix in suffixes]


def make_copies(files: list[Path], repeat: int, into: Path) -> int:
    """Copy i gets i trailing newlines: same content for every reader, a different doc_id."""
    n = 0
    for i in range(repeat):
        d = into / f"copy{i:03d}"
        d.mkdir(parents=True)
        for f in files:
            data = f.read_bytes() + b"\n" * i
            (d / f.name).write_bytes(data)
            n += 1
    return n


def tree_rss_kb(root: int) -> tuple[int, int]:
    """Resident memory of a process and all its descendants, from /proc: (largest, sum)."""
    parent, rss = {}, {}
    for p in Path("/proc").iterdir():
        if not p.name.isdigit():
            continue
        try:
            status = (p / "status").read_text()
        except OSError:
            continue
        fields = dict(line.split(":", 1) for line in status.splitlines() if ":" in line)
        parent[int(p.name)] = int(fields.get("PPid", "0"))
        rss[int(p.name)] = int(fields.get("VmRSS", "0 kB").split()[0])
    tree, grew = {root}, True
    while grew:
        new = {pid for pid, pp in parent.items() if pp in tree} - tree
        tree |= new
        grew = bool(new)
    sizes = [rss.get(pid, 0) for pid in tree]
    return max(sizes), sum(sizes)


def cpu_seconds(pid: int) -> float | None:
    """User and system CPU time of a live process, from /proc (None where it cannot be read)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def run(folder: Path, workers: int, out: Path) -> dict:
    cmd = [sys.executable, "-m", "ogi.cli", "extract", str(folder), "--out", str(out), "-q", "--workers", str(workers)]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stderr=subprocess.PIPE, text=True)
    peak_one = peak_tree = 0
    writer = None  # the last reading before it ended: up to 0.1 s short
    while proc.poll() is None:
        one, tree = tree_rss_kb(proc.pid)
        peak_one, peak_tree = max(peak_one, one), max(peak_tree, tree)
        writer = cpu_seconds(proc.pid) or writer
        time.sleep(0.1)
    seconds = time.perf_counter() - start
    if proc.returncode != 0:
        raise SystemExit(f"ogi failed: {proc.stderr.read()}")
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return {
        "workers": workers,
        "seconds": round(seconds, 2),
        "cpu_seconds": round(cpu, 2),
        "writer_cpu_seconds": None if writer is None else round(writer, 2),
        "peak_process_mb": round(peak_one / 1024, 1),
        "peak_tree_mb": round(peak_tree / 1024, 1),
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=8)
    ap.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    ap.add_argument("--json", type=Path)
    ap.add_argument(
        "--formats",
        default=",".join(s.lstrip(".") for s in SUFFIXES),
        help="Comma-separated suffixes to include, e.g. pdf.",
    )
    args = ap.parse_args()
    files = inputs(tuple("." + f.strip(".") for f in args.formats.split(",")))
    load = os.getloadavg()[0]
    rows = []
    with tempfile.TemporaryDirectory(prefix="ogi-bench-") as tmp:
        docs = make_copies(files, args.repeat, Path(tmp) / "in")
        for w in args.workers:
            out = Path(tmp) / f"corpus{w}.duckdb"
            row = run(Path(tmp) / "in", w, out)
            row.update(documents=docs, distinct_files=len(files), docs_per_second=round(docs / row["seconds"], 1))
            rows.append(row)
            out.unlink()
    print(
        f"{'workers':>7} {'docs':>5} {'seconds':>8} {'docs/s':>7} {'CPU s':>7} {'writer CPU s':>13} "
        f"{'peak MB (one process)':>22} {'peak MB (all)':>14}"
    )
    for r in rows:
        writer = "?" if r["writer_cpu_seconds"] is None else f"{r['writer_cpu_seconds']:.1f}"
        print(
            f"{r['workers']:7d} {r['documents']:5d} {r['seconds']:8.1f} {r['docs_per_second']:7.1f} "
            f"{r['cpu_seconds']:7.1f} {writer:>13} {r['peak_process_mb']:22.1f} {r['peak_tree_mb']:14.1f}"
        )
    print(f"load average before: {load:.2f} (other work on the machine slows every number)")
    if args.json:
        args.json.write_text(json.dumps(rows, indent=1))


if __name__ == "__main__":
    main()
