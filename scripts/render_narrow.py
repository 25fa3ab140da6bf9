"""Render the sample reports to PDF with narrow label columns, as some agencies lay them out.

The tables of `render_samples.py` with their label columns squeezed so that labels wrap
inside their cells over two or three lines (the values keep their columns), converted by
LibreOffice: ``tests/fixtures/narrow/<stem>.pdf`` with ruled tables and
``<stem>.unruled.pdf`` with the same tables drawn without any rules. Needs LibreOffice and
fonts-wqy-microhei, like `render_samples.py`.

    python scripts/render_narrow.py [STEM ...]
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import render_samples as rs  # noqa: E402

OUT = rs.ROOT / "tests" / "fixtures" / "narrow"
# Column widths (cm): table 1's label column and table 2's three label columns made narrow.
WIDTHS = {"t1": [2.2, 3.8, 3.8, 3.9], "t2": [0.9, 1.1, 2.0] + [1.2] * 7}


def _narrow(table: str):
    build = rs.BUILDERS[table]

    def builder(lab, vals):
        grid = build(lab, vals)
        grid.widths_cm = WIDTHS[table]
        return grid

    return builder


_ruled_table = rs._docx_table


def _unruled_table(doc, grid):
    table = _ruled_table(doc, grid)
    table.style = doc.styles["Normal Table"]  # the default table style has no borders
    return table


def render(stem: str, ruled: bool = True) -> Path:
    gold = json.loads((rs.GOLDEN_DIR / f"{stem}.json").read_text(encoding="utf-8"))
    for table in WIDTHS:
        rs.BUILDERS[table] = _narrow(table)
    items = rs.parse_sample((rs.SAMPLES_DIR / f"{stem}.txt").read_text(encoding="utf-8"), gold.get("cells", {}))
    title = "".join(it.clean.strip() for it in items if isinstance(it, rs.Para) and it.role == "title") or stem
    OUT.mkdir(parents=True, exist_ok=True)
    rs._docx_table = _ruled_table if ruled else _unruled_table
    with tempfile.TemporaryDirectory() as tmp:
        docx = Path(tmp) / f"{stem}.docx"
        rs.write_docx(items, docx, title, gold.get("agency") or "")
        out = OUT / (f"{stem}.pdf" if ruled else f"{stem}.unruled.pdf")
        rs.write_pdf(docx, out)
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("stems", nargs="*", default=rs.STEMS)
    for stem in ap.parse_args().stems:
        for ruled in (True, False):
            p = render(stem, ruled)
            print(f"wrote {p.relative_to(rs.ROOT)} ({p.stat().st_size} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
