"""How the shipped fact model scores on annotated sentences as written and as converters print
them (tests/zoo/printed.py: numbers spaced, a justified line's spaces, numbers in Markdown
bold, all three): F1 on (type, value), aggregate numbers only.

    PYTHONPATH=src python scripts/fact_variants.py [--data training_data/facts/test] [--seed 0]
    PYTHONPATH=src python scripts/fact_variants.py --reports ../shared/corpus/text/*.txt ...

The default set is the frozen test split, which may be scored (never read for errors).
`--reports` instead reads whole report texts twice, clean and with their narrative lines (not
the tab-separated table rows) printed with spaced numbers and a justified line's spaces, and
counts the clean text's facts the printed one keeps, loses and adds.
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.zoo.printed import VARIANTS, justified, spaced_numbers  # noqa: E402

from ogi import extract  # noqa: E402
from ogi.facts.annotations import load_annotations  # noqa: E402
from ogi.facts.evaluate import by_doc, score  # noqa: E402
from ogi.facts.sentences import is_candidate  # noqa: E402
from ogi.facts.tagger import load_tagger  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", type=Path, default=ROOT / "training_data" / "facts" / "test")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--reports", type=Path, nargs="+", help="whole report texts (.txt) to read clean and printed")
    args = ap.parse_args()
    if args.reports:
        return compare_reports(args.reports, args.seed)
    records = load_annotations(args.data)
    gold = by_doc(records, lambda r: r["facts"])
    per_doc: dict[str, list[dict]] = defaultdict(list)
    for r in records:
        per_doc[r["doc"]].append(r)
    tagger = load_tagger()
    print(f"{len(per_doc)} reports, {sum(len(v) for v in gold.values())} facts ({args.data})")
    print("| printed | P | R | F1 |\n|---|---|---|---|")
    for name, vary in {"as written": lambda t, rng: t, **VARIANTS}.items():
        rng = random.Random(f"{args.seed}/{name}")
        pred: dict[str, list[dict]] = defaultdict(list)
        for doc, recs in per_doc.items():
            # the sentences the finder would read, as `ogi evaluate facts` reads them
            texts = [t for t in (vary(r["text"], rng) for r in recs) if is_candidate(t)]
            for found in tagger.tag(texts):
                pred[doc].extend(found)
        m = score(gold, pred)["overall"]
        print(f"| {name} | {m['precision']:.3f} | {m['recall']:.3f} | {m['f1']:.3f} |", flush=True)


def compare_reports(paths: list[Path], seed: int) -> None:
    kept = lost = added = 0
    with tempfile.TemporaryDirectory() as tmp:
        for path in paths:
            rng = random.Random(f"{seed}/{path.name}")
            lines = path.read_text(encoding="utf-8").split("\n")
            printed = Path(tmp) / path.name
            printed.write_text(
                "\n".join(line if "\t" in line else justified(spaced_numbers(line, rng), rng) for line in lines),
                encoding="utf-8",
            )
            clean = Counter((f["type"], f["value"]) for f in extract(path).facts)
            other = Counter((f["type"], f["value"]) for f in extract(printed).facts)
            kept += sum((clean & other).values())
            lost += sum((clean - other).values())
            added += sum((other - clean).values())
    print(f"{len(paths)} reports, {kept + lost} facts in the clean texts: kept {kept}, lost {lost}, added {added}")


if __name__ == "__main__":
    main()
