"""Agency and year read by ogi against what a person wrote down, on every document we have:
the corpus openings (../shared/corpus/heads/INDEX.tsv: agency and report_year per file) and
the full reports (tests/fixtures/agencies.tsv). Never reads what heads/EXCLUDE.tsv lists.

    python scripts/agency_accuracy.py [--list] [--json]

An agency is right when its agency_key (ogi.corpus.agency) equals the reference's, where the
reference is the name as written in INDEX.tsv without its bracketed note, or, when that is only
how the report refers to itself (我局, 区统计局) and the note gives the full name or its region,
the note's name or region + name. "not found" is a null agency; "wrong" is any other name.
"""

from __future__ import annotations

import csv
import json
import os
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from ogi.corpus.agency import agency_key  # noqa: E402
from ogi.ingest import read_document  # noqa: E402
from ogi.meta import read_meta  # noqa: E402

SHARED = Path(os.environ.get("OGI_SHARED", ROOT.parent / "shared")) / "corpus"  # as the tests find it


def references() -> list[tuple[Path, str, str]]:
    """(file, agency, year) for every document with a reference."""
    heads = SHARED / "heads"
    excluded = set((heads / "EXCLUDE.tsv").read_text(encoding="utf-8").split())
    out = []
    for row in csv.DictReader((heads / "INDEX.tsv").open(encoding="utf-8"), delimiter="\t"):
        if row["address"] not in excluded:
            out.append((heads / row["file"], row["agency"], row["report_year"]))
    for row in csv.DictReader((ROOT / "tests" / "fixtures" / "agencies.tsv").open(encoding="utf-8"), delimiter="\t"):
        base = ROOT / "tests" / "fixtures" if row["file"].startswith("samples/") else SHARED
        out.append((base / row["file"], row["agency"], row["year"]))
    return out


def accepted(ref: str) -> set[str]:
    m = re.fullmatch(r"(.*?)\s*\((.*)\)", ref)
    name, note = (m.group(1), m.group(2)) if m else (ref, "")
    note = ", ".join(p for p in note.split(", ") if "mirror" not in p and "." not in p and "某" not in p)
    keys = {agency_key(name)}
    if note:
        keys |= {agency_key(note), agency_key(note + name), agency_key(note + re.sub(r"^[区市县]", "", name))}
    return {k for k in keys if k}


def same_body(found: str, ref: str) -> bool:
    """The same body in another form: without its region (市发展改革委 for 北京市发展改革委), a
    place for its government (天津市 for 天津市人民政府), or the reverse."""
    a, b = agency_key(found), agency_key(re.sub(r"\s*\(.*\)$", "", ref))
    gov = ("政府", "办事处")
    shorter = b.endswith(a) or (a.endswith(b) and a[: -len(b)].endswith(("省", "市", "县", "区", "州", "盟", "旗")))
    return shorter or any(x in (y + g for g in gov) for x, y in ((a, b), (b, a)))


def stated(text: str, ref: str) -> bool:
    """Whether the opening writes the reference's name (else it says only 我局, 全区 …)."""
    opening = agency_key(text[:3000]) or ""
    return any(k in opening for k in accepted(ref) if not re.match(r"[我本全该各]", k))


def main() -> None:
    rows = references()
    counts = dict.fromkeys(
        ("right", "same body in another form", "WRONG", "not found, not stated", "not found, stated"), 0
    )
    year_right = year_wrong = year_missing = 0
    for path, ref, ref_year in rows:
        text = read_document(path).text
        meta = read_meta(text)
        if meta.agency is None:
            verdict = "not found, stated" if stated(text, ref) else "not found, not stated"
        elif agency_key(meta.agency) in accepted(ref):
            verdict = "right"
        elif same_body(meta.agency, ref):
            verdict = "same body in another form"
        else:
            verdict = "WRONG"
        counts[verdict] += 1
        if ref_year:
            if meta.year is None:
                year_missing += 1
            elif str(meta.year) == ref_year:
                year_right += 1
            else:
                year_wrong += 1
        if "--list" in sys.argv and verdict != "right":
            print(f"{verdict:24} {path.name:32} {meta.agency} | {ref}")
    n = len(rows)
    print(f"agency on {n} documents: " + "; ".join(f"{v} {k} ({v / n:.1%})" for k, v in counts.items()))
    print(f"year: {year_right} right, {year_missing} not found, {year_wrong} wrong")
    if "--json" in sys.argv:
        print(
            json.dumps(
                {"agency": counts, "year": {"right": year_right, "not found": year_missing, "wrong": year_wrong}},
                ensure_ascii=False,
            )
        )


if __name__ == "__main__":
    main()
