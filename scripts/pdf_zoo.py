"""Score the layout zoo's PDF layouts (tests/zoo/render.py PDF_LAYOUTS) on a fixed set of
tables: cells right, null and flagged, null without a flag, wrong, per layout.

    PYTHONPATH=src python scripts/pdf_zoo.py [--golden 6] [--random 6] [--seed 0] [--pdfs DIR] [-v]

The DOCX of every (layout, table) is printed to PDF by LibreOffice in one `soffice` run (a
few seconds a document). With --pdfs DIR the PDFs are kept there and reused on the next
run, so that a change of the reader is measured on the very same files before and after.
"""

from __future__ import annotations

import argparse
import json
import random
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.zoo import Score, score  # noqa: E402
from tests.zoo.model import golden_tables, random_table  # noqa: E402
from tests.zoo.render import PDF_LAYOUTS, docx_merged  # noqa: E402

from ogi import extract  # noqa: E402


def _tables(n_golden: int, n_random: int, seed: int) -> list[tuple[str, dict]]:
    rng = random.Random(seed)
    tables = list(golden_tables().items())[:n_golden]
    tables += [(f"random-{i}", random_table(rng, blanks=0.05 if i % 2 else 0.0)) for i in range(n_random)]
    return tables


def _render(out: Path, tables: list[tuple[str, dict]], seed: int) -> None:
    """Every (layout, table) as DOCX and PDF in `out`, with the cells it states (.json)."""
    todo = []
    for li, (name, opts) in enumerate(PDF_LAYOUTS.items()):
        for ti, (tname, cells) in enumerate(tables):
            stem = f"L{li:02d}-T{ti:02d}"
            if (out / f"{stem}.pdf").exists():
                continue
            _, data, expected = docx_merged(cells, random.Random(f"{seed}/{name}/{tname}"), **opts)
            (out / f"{stem}.docx").write_bytes(data)
            (out / f"{stem}.json").write_text(
                json.dumps({"layout": name, "table": tname, "cells": expected}, ensure_ascii=False), encoding="utf-8"
            )
            todo.append(str(out / f"{stem}.docx"))
    for i in range(0, len(todo), 20):
        subprocess.run(
            ["soffice", "--headless", "--convert-to", "pdf", "--outdir", str(out), *todo[i : i + 20]],
            check=True,
            capture_output=True,
            timeout=1200,
        )


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--golden", type=int, default=6, help="golden tables (the first N golden files)")
    ap.add_argument("--random", type=int, default=6, help="random tables (every other one with blank cells)")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--pdfs", help="folder to keep the PDFs in and read them from")
    ap.add_argument("--only", action="append", help="layout names to score (default: all)")
    ap.add_argument("-v", action="store_true", help="print every wrong, silent or null cell")
    args = ap.parse_args()
    tables = _tables(args.golden, args.random, args.seed)
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(args.pdfs or tmp)
        out.mkdir(parents=True, exist_ok=True)
        _render(out, tables, args.seed)
        print("| layout | documents | cells stated | read right | null, flagged | null, silent | wrong |")
        print("|---|---|---|---|---|---|---|")
        total = Score()
        for li, name in enumerate(PDF_LAYOUTS):
            if args.only and name not in args.only:
                continue
            s = Score()
            for ti in range(len(tables)):
                pdf = out / f"L{li:02d}-T{ti:02d}.pdf"
                expected = json.loads(pdf.with_suffix(".json").read_text(encoding="utf-8"))["cells"]
                rep = extract(pdf, sections=False, facts=False)
                one = score(rep.cells, rep.flags, expected)
                if args.v and (one.wrong or one.silent or one.null):
                    lost = [k for k, v in expected.items() if v is not None and rep.cells.get(k) is None]
                    print(f"  {pdf.name}: wrong {one.wrong[:6]} null {lost} errors {rep.errors}", file=sys.stderr)
                s.add(one)
            total.add(s)
            print(
                f"| {name} | {len(tables)} | {s.stated} | {s.right / max(s.stated, 1):.4f} | {s.null} | "
                f"{s.silent} | {len(s.wrong)} |",
                flush=True,
            )
        print(
            f"| all | | {total.stated} | {total.right / max(total.stated, 1):.4f} | {total.null} | "
            f"{total.silent} | {len(total.wrong)} |"
        )


if __name__ == "__main__":
    main()
