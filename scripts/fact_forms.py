"""How the shipped pipeline (`find_facts`) reads the sentences of `tests/zoo/forms.py`: the forms
reports state their facts in, with drawn counts. For each family and form, the share of
sentences whose facts of the family's types come out exactly as generated. A form read badly is
a form a report may use that no annotated sentence taught; the figure is no F1 on real reports.

    PYTHONPATH=src python scripts/fact_forms.py [--per-family 400] [--seed 0] [--show 2]
"""

from __future__ import annotations

import argparse
import random
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.zoo.forms import FAMILIES  # noqa: E402

from ogi.facts import find_facts  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--per-family", type=int, default=400, help="sentences drawn per family")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--show", type=int, default=0, help="misread sentences shown per form")
    args = ap.parse_args()
    rng = random.Random(args.seed)
    right_all = seen_all = 0
    for family, draw in FAMILIES.items():
        seen: dict[str, int] = defaultdict(int)
        right: dict[str, int] = defaultdict(int)
        wrong: dict[str, list] = defaultdict(list)
        for _ in range(args.per_family):
            case = draw(rng)
            types = {f[0] for f in case.facts}
            width = len(case.facts[0])
            got = sorted(
                (f["type"], f["value"], f["category"])[:width] for f in find_facts(case.sentence) if f["type"] in types
            )
            seen[case.form] += 1
            if got == sorted(case.facts):
                right[case.form] += 1
            else:
                wrong[case.form].append((case.sentence, got))
        n, r = sum(seen.values()), sum(right.values())
        right_all, seen_all = right_all + r, seen_all + n
        print(f"{family}: {r}/{n} ({r / n:.3f})")
        for form in sorted(seen):
            print(f"    {form:28s} {right[form]:4d}/{seen[form]:<4d} ({right[form] / seen[form]:.3f})")
            for sentence, got in wrong[form][: args.show]:
                print(f"        {sentence}  ->  {got}")
    print(f"all: {right_all}/{seen_all} ({right_all / seen_all:.3f})")


if __name__ == "__main__":
    main()
