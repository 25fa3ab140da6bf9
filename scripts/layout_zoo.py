"""Read every golden and some random tables back from every zoo layout and count the cells:
right, null and flagged, null without a flag, wrong. Prints a Markdown table (the README's).

    PYTHONPATH=src python scripts/layout_zoo.py [--random 20] [--seed 0] [--only LAYOUT] [--pdf N] [-v]

--pdf N also prints the first N tables as DOCX and through LibreOffice (soffice) to PDF, with
and without ruling lines and with table 2 across a page break (about 12 s a document).
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.zoo import Score, score  # noqa: E402
from tests.zoo.model import golden_tables, random_table  # noqa: E402
from tests.zoo.render import LAYOUTS, PDF_LAYOUTS, docx_merged, pdf_from_docx  # noqa: E402

from ogi import extract  # noqa: E402

_TMP = ""


def _pdf(cells, rng, opts):
    _, data, expected = docx_merged(cells, rng, **opts)
    return ".pdf", pdf_from_docx(data, _TMP), expected


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--random", type=int, default=20, help="random tables besides the golden ones")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--only", action="append", help="layout names to run (default: all)")
    ap.add_argument("--pdf", type=int, default=0, help="tables to print to PDF through LibreOffice")
    ap.add_argument("-v", action="store_true", help="print every wrong or silent cell")
    args = ap.parse_args()
    rng = random.Random(args.seed)
    tables = list(golden_tables().items())
    tables += [(f"random/{i}", random_table(rng, blanks=0.05 if i % 4 == 3 else 0.0)) for i in range(args.random)]
    print("| layout | documents | cells stated | read right | null, flagged | null, silent | wrong |")
    print("|---|---|---|---|---|---|---|")
    total = Score()
    layouts = dict(LAYOUTS)
    for name, opts in PDF_LAYOUTS.items():
        if args.pdf:
            layouts[name] = (lambda o: lambda cells, r: _pdf(cells, r, o))(opts)
    with tempfile.TemporaryDirectory() as tmp:
        global _TMP
        _TMP = tmp
        for name, render in layouts.items():
            if args.only and name not in args.only:
                continue
            s = Score()
            for tname, cells in tables[: args.pdf] if name in PDF_LAYOUTS else tables:
                suffix, data, expected = render(cells, random.Random(f"{args.seed}/{name}/{tname}"))
                path = Path(tmp) / f"doc{suffix}"
                path.write_bytes(data)
                rep = extract(path, sections=False, facts=False)
                one = score(rep.cells, rep.flags, expected)
                if args.v and (one.wrong or one.silent):
                    print(
                        f"  {name} {tname}: wrong {one.wrong[:6]} silent {one.silent} errors {rep.errors}",
                        file=sys.stderr,
                    )
                s.add(one)
            total.add(s)
            n_tables = len(tables[: args.pdf]) if name in PDF_LAYOUTS else len(tables)
            print(
                f"| {name} | {n_tables} | {s.stated} | {s.right / max(s.stated, 1):.4f} | {s.null} | "
                f"{s.silent} | {len(s.wrong)} |",
                flush=True,
            )
    print(
        f"| all | | {total.stated} | {total.right / max(total.stated, 1):.4f} | {total.null} | {total.silent} | "
        f"{len(total.wrong)} |"
    )


if __name__ == "__main__":
    main()
