#!/usr/bin/env python3
"""Draw the frozen test split of a folder of gathered report openings.

    python scripts/draw_test_split.py training_data/facts/openings/a --seed 20261206 --count 35

FOLDER holds the openings (NNN.txt); its index is FOLDER/../INDEX_<folder name>.tsv (or --index),
a tab-separated table with a `file` and a `split` column. COUNT files are drawn at random with
the seed from the sorted file names; the index gets `test` for them and `train` for the others.

The draw is meant to happen once, before any opening is read: if the index already holds a
split, the script only checks that the same seed and count give the same draw, and refuses to
change it (exit 1) unless --force is given, so a frozen split cannot drift by accident.
"""

from __future__ import annotations

import argparse
import csv
import random
import sys
from pathlib import Path


def draw(files: list[str], seed: int, count: int) -> set[str]:
    """The names drawn for the test split: a seeded sample of the sorted names."""
    names = sorted(files)
    if not 0 < count <= len(names):
        raise ValueError(f"cannot draw {count} of {len(names)} files")
    return set(random.Random(seed).sample(names, count))


def read_index(path: Path) -> tuple[list[str], list[dict[str, str]]]:
    with path.open(encoding="utf-8", newline="") as f:
        reader = csv.DictReader(f, delimiter="\t")
        fields = list(reader.fieldnames or [])
        rows = list(reader)
    for col in ("file", "split"):
        if col not in fields:
            raise ValueError(f"{path}: no {col!r} column")
    return fields, rows


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("folder", type=Path, help="folder of openings (NNN.txt)")
    ap.add_argument("--seed", type=int, required=True)
    ap.add_argument("--count", type=int, required=True, help="number of test files to draw")
    ap.add_argument("--index", type=Path, help="index file (default FOLDER/../INDEX_<name>.tsv)")
    ap.add_argument("--force", action="store_true", help="overwrite a different existing split")
    args = ap.parse_args(argv)

    index = args.index or args.folder.parent / f"INDEX_{args.folder.name}.tsv"
    files = sorted(p.name for p in args.folder.glob("*.txt"))
    try:
        fields, rows = read_index(index)
        test = draw(files, args.seed, args.count)
    except (OSError, ValueError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    listed = [r["file"] for r in rows]
    if sorted(listed) != files:
        missing = sorted(set(files) - set(listed))
        extra = sorted(set(listed) - set(files))
        print(
            f"error: {index} and {args.folder} disagree (not indexed: {missing}, no such file: {extra})",
            file=sys.stderr,
        )
        return 1

    wanted = {r["file"]: ("test" if r["file"] in test else "train") for r in rows}
    current = {r["file"]: r["split"] for r in rows}
    if any(current.values()):
        if current == wanted:
            print(f"{index}: split already drawn with seed {args.seed} ({args.count} test); unchanged")
            return 0
        if not args.force:
            print(f"error: {index} holds a different split; it is frozen (use --force to redraw)", file=sys.stderr)
            return 1
    for r in rows:
        r["split"] = wanted[r["file"]]
    with index.open("w", encoding="utf-8", newline="") as f:
        w = csv.DictWriter(f, fieldnames=fields, delimiter="\t", lineterminator="\n")
        w.writeheader()
        w.writerows(rows)
    print(f"{index}: {args.count} test, {len(rows) - args.count} train (seed {args.seed})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
