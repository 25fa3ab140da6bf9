"""Throughput and peak memory of `ogi.extract`, per input format, on one core.

Three stages: `tables` (ingest, tables, checks), `sections` (also the section classifier) and
`full` (also the fact tagger: the whole `ogi extract`); then the section classifier alone
(`segments`: cutting into segments and labelling them, on documents already read), in
segments and documents per second.

    python benchmarks/bench_extract.py [--seconds 5] [--json out.json]

Each format runs in its own process (so peak memory is that format's), over the bundled
sample fixtures plus the shared corpus files of that format when ../shared/corpus exists,
repeated until --seconds have passed. Reports documents per second over the whole run, the
median and the best of its passes over the files (on a shared machine other work slows some
passes; the median is the steadier figure), documents per second of the process's own CPU
time (`cpu/s`: what one core would do alone, the figure least moved by other work), and peak
RSS.
Not a test: timings depend on the machine, so nothing here asserts a speed.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SUFFIXES = {"txt": (".txt",), "html": (".html", ".htm"), "docx": (".docx",), "pdf": (".pdf",)}
# what `extract` is asked to do at each stage
STAGES = {
    "tables": dict(sections=False, facts=False),
    "sections": dict(sections=True, facts=False),
    "full": dict(sections=True, facts=True),
}


def files_for(kind: str) -> list[Path]:
    found = [p for p in sorted((ROOT / "tests" / "fixtures" / "samples").iterdir()) if p.suffix in SUFFIXES[kind]]
    corpus = Path(os.environ.get("OGI_SHARED", ROOT.parent / "shared")) / "corpus"
    if corpus.exists():
        sub = {"txt": "text", "html": "html", "pdf": "pdf"}.get(kind)
        if sub:
            found += sorted(p for p in (corpus / sub).iterdir() if p.suffix in SUFFIXES[kind])
    return found


def forget_sentences() -> None:
    """Empty the per-sentence caches of an older ogi measured for comparison, so that every
    pass reads its documents as new ones: a corpus rarely repeats a sentence, and a benchmark
    that repeats its files would find each one cached. This ogi reads each sentence once per
    report (`ogi.facts.candidates`) and remembers only a clause's numerals, cleared here too."""
    from ogi.facts import rules

    caches = [getattr(rules, "number_spans", None), getattr(rules, "_rule_facts", None)]
    try:
        from ogi.facts import text  # a clause's numerals, remembered within a report
    except ImportError:
        text = None
    caches.append(getattr(text, "numerals", None))
    try:
        from ogi.facts import counts
    except ImportError:
        counts = None
    # the count typer's per-sentence cache (count_features in older versions)
    caches.append(getattr(counts, "count_plans", None) or getattr(counts, "count_features", None))
    for f in caches:
        if hasattr(f, "cache_clear"):
            f.cache_clear()


# one thread for numpy's and spaCy's libraries: the figures are of one core
ONE_THREAD = {"OMP_NUM_THREADS": "1", "OPENBLAS_NUM_THREADS": "1", "MKL_NUM_THREADS": "1"}


def read_files(files: list[Path], stage: str) -> None:
    """One pass of `extract` over the files at `stage`, each read as a new report."""
    from ogi import extract

    for f in files:
        if stage == "full":
            forget_sentences()
        extract(f, **STAGES[stage])


def worker(kind: str, seconds: float, stage: str) -> dict:
    import resource
    import statistics
    import time

    from ogi import extract

    files = files_for(kind)
    extract(files[0], **STAGES[stage])  # load code, data and models once, as a long run would
    n = 0
    passes = []  # docs/s of each pass over the files
    start = time.perf_counter()
    cpu = time.process_time()
    while time.perf_counter() - start < seconds:
        began = time.perf_counter()
        read_files(files, stage)
        n += len(files)
        passes.append(len(files) / (time.perf_counter() - began))
    elapsed = time.perf_counter() - start
    cpu = time.process_time() - cpu
    peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return {
        "stage": stage,
        "format": kind,
        "documents": n,
        "distinct_files": len(files),
        "seconds": round(elapsed, 2),
        "docs_per_second": round(n / elapsed, 1),
        "median_pass": round(statistics.median(passes), 1),
        "best_pass": round(max(passes), 1),
        "cpu_docs_per_second": round(n / cpu, 1),
        "peak_rss_mb": round(peak_kb / 1024, 1),
    }


def sections_worker(seconds: float) -> dict:
    """The section stage alone on the text reports, their documents read and tables found once."""
    import resource
    import time

    from ogi.ingest import read_document
    from ogi.sections import segment_text
    from ogi.sections.model import load_model
    from ogi.tables.read import read_tables

    inputs = []
    for f in files_for("txt"):
        doc = read_document(f)
        inputs.append((doc.text, read_tables(doc).regions))
    model = load_model()
    n = segs = 0
    start = time.perf_counter()
    while time.perf_counter() - start < seconds:
        for text, regions in inputs:
            segs += len(model.predict_segments(segment_text(text, regions)))
            n += 1
    elapsed = time.perf_counter() - start
    peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return {
        "stage": "segments",
        "format": "txt",
        "documents": n,
        "distinct_files": len(inputs),
        "seconds": round(elapsed, 2),
        "docs_per_second": round(n / elapsed, 1),
        "segments_per_second": round(segs / elapsed, 1),
        "ms_per_document": round(1000 * elapsed / n, 2),
        "peak_rss_mb": round(peak_kb / 1024, 1),
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seconds", type=float, default=5.0)
    ap.add_argument("--json", type=Path)
    ap.add_argument("--stages", default="tables,sections,full", help="Comma-separated: tables, sections, full.")
    ap.add_argument("--formats", default=",".join(SUFFIXES), help="Comma-separated: txt, html, docx, pdf.")
    ap.add_argument("--worker", help=argparse.SUPPRESS)
    ap.add_argument("--stage", default="tables", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.worker:
        result = (
            sections_worker(args.seconds) if args.stage == "segments" else worker(args.worker, args.seconds, args.stage)
        )
        print(json.dumps(result))
        return
    env = dict(os.environ, **ONE_THREAD)
    rows = []
    for stage, kind in [(s, k) for s in args.stages.split(",") for k in args.formats.split(",")] + [
        ("segments", "txt")
    ]:
        cmd = [sys.executable, __file__, "--worker", kind, "--seconds", str(args.seconds), "--stage", stage]
        if sys.platform.startswith("linux"):
            cmd = ["taskset", "-c", "0"] + cmd  # one core
        out = subprocess.run(cmd, capture_output=True, text=True, env=env, check=True).stdout
        rows.append(json.loads(out.splitlines()[-1]))
    print(
        f"{'stage':8} {'format':6} {'docs/s':>8} {'median':>8} {'best':>8} {'cpu/s':>8} {'peak MB':>8} "
        f"{'files':>6} {'docs':>6}"
    )
    for r in rows:
        passes = (
            f"{r['median_pass']:8.1f} {r['best_pass']:8.1f} {r['cpu_docs_per_second']:8.1f}"
            if "median_pass" in r
            else " " * 26
        )
        print(
            f"{r['stage']:8} {r['format']:6} {r['docs_per_second']:8.1f} {passes} {r['peak_rss_mb']:8.1f} "
            f"{r['distinct_files']:6d} {r['documents']:6d}"
            + (
                f"  ({r['segments_per_second']:.0f} segments/s, {r['ms_per_document']} ms/document)"
                if "segments_per_second" in r
                else ""
            )
        )
    if args.json:
        args.json.write_text(json.dumps(rows, indent=1))


if __name__ == "__main__":
    main()
