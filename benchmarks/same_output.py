"""Whether two source trees of ogi print the same `ogi extract` output, byte for byte.

    python benchmarks/same_output.py OLD_SRC NEW_SRC [FOLDER_OR_FILE ...]

Runs `python -m ogi extract -q` on each input with PYTHONPATH set to each tree (e.g. the
`src` of a checkout of the branch's start, and this tree's `src`), and names every input whose
lines differ. Without inputs it reads the bundled samples, the training openings, the PDF
fixtures and, where ../shared exists, its samples and the corpus text, HTML and PDF. A
speed-up must leave this silent.
Exit status 0 when everything is the same, 1 otherwise.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def default_inputs() -> list[Path]:
    shared = Path(os.environ.get("OGI_SHARED", ROOT.parent / "shared"))
    fixtures = ROOT / "tests" / "fixtures"
    found = [fixtures / "samples", ROOT / "training_data" / "facts" / "openings"]
    found += [fixtures / d for d in ("narrow", "format2019", "zoo_pdf")]  # PDF layouts
    found += [shared / "samples", shared / "corpus" / "text", shared / "corpus" / "html", shared / "corpus" / "pdf"]
    return [p for p in found if p.exists()]


def extract(src: Path, target: Path) -> bytes:
    env = dict(os.environ, PYTHONPATH=str(src))
    run = subprocess.run([sys.executable, "-m", "ogi", "extract", "-q", str(target)], capture_output=True, env=env)
    return run.stdout


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("old", type=Path, help="the src folder of the tree to compare against")
    ap.add_argument("new", type=Path, help="the src folder of the tree under test")
    ap.add_argument("inputs", type=Path, nargs="*", help="reports or folders (default: see above)")
    args = ap.parse_args()
    differ = lines = 0
    for target in args.inputs or default_inputs():
        old, new = extract(args.old, target), extract(args.new, target)
        lines += new.count(b"\n")
        if old != new:
            differ += 1
            print(f"differs: {target}")
    print(f"{'same' if not differ else 'NOT the same'}: {lines} output lines")
    return 1 if differ else 0


if __name__ == "__main__":
    sys.exit(main())
