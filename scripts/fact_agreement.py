#!/usr/bin/env python3
"""How far two readings of the same sentences agree: a second, blind annotation of some reports
against training_data/facts/, scored as `ogi evaluate facts` scores a model (per report, the
multiset of (type, value); the training data as the reference).

    python scripts/fact_agreement.py [SECOND] [--first DIR] [--json]

SECOND defaults to training_data/agreement/facts_second_reading.jsonl: the sentences of 40
reports drawn at random (seed 7), annotated again from annotation.md and the conventions of
training_data/facts/README.md alone, by an annotator who saw neither the first annotation nor
any model output. The agreement says what F1 the guidelines allow; the model's held-out F1 is
measured against it (README, Facts).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from ogi.facts.annotations import load_annotations
from ogi.facts.evaluate import by_doc, differences, format_scores, score

ROOT = Path(__file__).resolve().parents[1]


def agreement(second: Path, first: Path) -> dict:
    """Scores of the second reading against the first on the sentences of the second, and the
    (type, value) facts each reading alone holds, per report."""
    firsts = {r["id"]: r for r in load_annotations(first)}
    seconds = load_annotations(second)
    if not seconds:
        raise ValueError(f"No annotated sentences in {second}.")
    unknown = [r["id"] for r in seconds if r["id"] not in firsts]
    changed = [r["id"] for r in seconds if r["id"] in firsts and firsts[r["id"]]["text"] != r["text"]]
    if unknown or changed:
        raise ValueError(
            f"{second} does not read the sentences of {first}: unknown ids {unknown[:5]}, other text {changed[:5]}"
        )
    ref = by_doc([firsts[r["id"]] for r in seconds], lambda r: r["facts"])
    other = by_doc(seconds, lambda r: r["facts"])
    return {
        "reports": len(ref),
        "sentences": len(seconds),
        "scores": score(ref, other),
        "differences": {
            doc: {"first_only": d["gold_only"], "second_only": d["pred_only"]}
            for doc, d in differences(ref, other).items()
        },
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument(
        "second", nargs="?", type=Path, default=ROOT / "training_data" / "agreement" / "facts_second_reading.jsonl"
    )
    ap.add_argument("--first", type=Path, default=ROOT / "training_data" / "facts")
    ap.add_argument("--json", action="store_true", help="Print the result as JSON.")
    args = ap.parse_args(argv)
    try:
        res = agreement(args.second, args.first)
    except (OSError, ValueError) as exc:
        print(f"fact_agreement: {exc}", file=sys.stderr)
        return 2
    if args.json:
        print(json.dumps(res, ensure_ascii=False, indent=1))
        return 0
    print(f"{res['sentences']} sentences of {res['reports']} reports; the first reading is the reference\n")
    print(format_scores({"second reading": res["scores"]}))
    for doc, diff in res["differences"].items():
        print(f"\n{doc}: first only {diff['first_only']}, second only {diff['second_only']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
