"""Write the PDF fixtures of the layout zoo (tests/fixtures/zoo_pdf): random tables of the
format printed as DOCX and through LibreOffice to PDF in each PDF layout, with the cells
each one states. A layout whose PDF is there already is left as it is (--force rewrites
all). Rerun only to change them (needs soffice; about 12 s a document).

    PYTHONPATH=src python scripts/make_zoo_pdfs.py
"""

from __future__ import annotations

import json
import random
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.zoo.model import random_table  # noqa: E402
from tests.zoo.render import PDF_LAYOUTS, docx_merged, pdf_from_docx  # noqa: E402

OUT = ROOT / "tests" / "fixtures" / "zoo_pdf"


def main() -> None:
    force = "--force" in sys.argv[1:]
    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        for i, (name, opts) in enumerate(PDF_LAYOUTS.items()):
            stem = name.split(",", 1)[1].strip().replace(",", "").replace(" ", "_") if "," in name else name
            if (OUT / f"{stem}.pdf").exists() and not force:
                continue
            rng = random.Random(100 + i)
            cells = random_table(rng, scale=[12, 60, 400, 30][i % 4], blanks=0.05)
            _, data, expected = docx_merged(cells, rng, **opts)
            (OUT / f"{stem}.pdf").write_bytes(pdf_from_docx(data, tmp))
            (OUT / f"{stem}.json").write_text(
                json.dumps({"layout": name, "cells": expected}, ensure_ascii=False, indent=0) + "\n", encoding="utf-8"
            )
            print(stem)


if __name__ == "__main__":
    main()
