"""Cells right on scanned copies of the sample PDFs, and OCR seconds per page.

Each sample PDF is scanned (`tests/scans.py`: rendered at the dpi, a red seal over each
table, turned by 0.6 degrees, grain, JPEG) into an image-only PDF and read by `ogi extract`
with the OCR extra; its cells are compared with the sample's golden file.

    python scripts/ocr_fixtures.py [--dpi 150 300] [STEM ...]
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.conftest import FIXTURES, GOLDEN, SAMPLE_STEMS  # noqa: E402
from tests.scans import scan_pdf  # noqa: E402

from ogi import extract  # noqa: E402


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("stems", nargs="*", default=SAMPLE_STEMS)
    ap.add_argument("--dpi", type=int, nargs="+", default=[150, 300])
    args = ap.parse_args()
    print(f"{'fixture':28} {'right':>7} {'null':>5} {'wrong':>5} {'pages':>5} {'s/page':>7}")
    with tempfile.TemporaryDirectory() as tmp:
        for stem in args.stems:
            gold = json.loads((GOLDEN / "samples" / f"{stem}.json").read_text(encoding="utf-8"))["cells"]
            for dpi in args.dpi:
                path = Path(tmp) / f"{stem}.{dpi}.pdf"
                path.write_bytes(scan_pdf(FIXTURES / "samples" / f"{stem}.pdf", dpi))
                began = time.perf_counter()
                rep = extract(path, sections=False, facts=False)
                seconds = time.perf_counter() - began
                right = sum(rep.cells.get(k) == v for k, v in gold.items())
                null = sum(rep.cells.get(k) is None and v is not None for k, v in gold.items())
                wrong = [
                    (k, v, rep.cells.get(k))
                    for k, v in gold.items()
                    if rep.cells.get(k) is not None and rep.cells.get(k) != v
                ]
                pages = len(rep.ocr_pages)
                print(
                    f"{stem + '@' + str(dpi):28} {right:4d}/{len(gold)} {null:5d} {len(wrong):5d} {pages:5d} "
                    f"{seconds / max(pages, 1):7.1f}",
                    flush=True,
                )
                for k, v, got in wrong:
                    print(f"    wrong: {k} = {got} (golden {v})", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
