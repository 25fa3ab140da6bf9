"""Milliseconds per document of a corpus run's writes as the corpus grows: `Store.add` (one
transaction per batch) of one bundled text report's rows under ever new doc_ids, into a DuckDB
file, then `Store.finish`. The rows are made once, so this is the writing process's own cost
per document, apart from reading reports.

    python benchmarks/bench_store.py [--documents 40000] [--batch 16] [--every 8000]

A writer whose cost per document grows with the corpus would make a long run quadratic: the
figure per stretch of `--every` documents should stay flat. Not a test: timings depend on
the machine, so nothing here asserts a speed.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--documents", type=int, default=40000)
    ap.add_argument("--batch", type=int, default=16)
    ap.add_argument("--every", type=int, default=8000)
    args = ap.parse_args()

    from ogi.corpus.rows import report_rows
    from ogi.corpus.store import Store
    from ogi.report import extract

    sample = sorted((ROOT / "tests" / "fixtures" / "samples").glob("*.txt"))[0]
    rows = report_rows(extract(sample).to_json())

    def rows_of(i: int) -> dict[str, list[dict]]:
        doc = {t: [dict(r, doc_id=f"d{i:09d}") for r in v] for t, v in rows.items()}
        doc["reports"][0]["source"] = f"r{i}.txt"
        return doc

    print(f"rows per document: {', '.join(f'{t} {len(v)}' for t, v in rows.items())}")
    print(f"{'documents':>10} {'ms/doc':>7}")
    with tempfile.TemporaryDirectory(prefix="ogi-bench-") as tmp, Store(Path(tmp) / "c.duckdb") as store:
        done, spent, mark = 0, 0.0, 0
        while done < args.documents:
            batch = [rows_of(done + k) for k in range(args.batch)]  # not timed: made apart from the writes
            began = time.perf_counter()
            store.add(batch)
            spent += time.perf_counter() - began
            done += args.batch
            if done - mark >= args.every:
                print(f"{done:10d} {1000 * spent / (done - mark):7.2f}")
                spent, mark = 0.0, done
        began = time.perf_counter()
        store.finish()
        print(f"finish of {done} documents: {time.perf_counter() - began:.1f} s")


if __name__ == "__main__":
    main()
