#!/usr/bin/env python3
"""Mechanical checks of the fact annotations in training_data/facts/*.jsonl.

    python scripts/check_fact_annotations.py [FACTS_DIR] [--shared DIR] [--require-sources]

Checks every record against the conventions of training_data/facts/README.md:

- schema: the keys (and their order) of each record and each fact, their types;
- ids: `doc#n`, unique, numbered 1..n per report in the order of the sentences in the source;
  `doc` and `source` agree;
- sentences: `text` is one sentence of its source exactly as the splitting rule cuts it
  (ends at 。！？； and at half-width `;` outside brackets, or at a line break; stripped);
  the same sentence is not annotated twice;
- spans: inside the text, sorted, not overlapping; a number span is the number with its
  approximation marker and unit (`63条`, `90 余条`, `近300条`, `5.6万条`, `0.5万元`); an absence
  span is a noun without a cue (`政府信息公开申请`), with a cue before it in the sentence;
- values: `value` equals the number written (Arabic, full-width, Chinese numerals, 万/亿,
  thousands separators), 0 for an absence; `approx` true exactly when 余/多/近/约/超过/超/以上/逾
  marks the number; `negated` true exactly for absences; fees in 元;
- unit: as written in the span (for fees always 元); for an absence the type's default unit
  (件; 条 for published/interpretations/new-media types; 次 for open days; 元 for fees);
- category: a non-empty string, as written in the sentence (or in the sentence before it, when
  a heading or a line break puts it there), without a trailing 类/信息, for
  `published.category` only; null for every other type.

Source texts are looked up in the shared folder (`../shared` beside the repository, or
$OGI_SHARED, or --shared); samples also in tests/fixtures/samples; `openings/…` in
training_data/facts/openings/ (report openings gathered for annotation, kept in the repo); an HTML page is read as
ogi reads it (its text, not its markup). Without the shared folder
the sentences whose source is absent are not checked against it (counted in the summary);
with --require-sources that is a problem.

Prints one line per problem and exits 1 if there is any, else prints a summary and exits 0.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
import tomllib
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

RECORD_KEYS = ["id", "doc", "source", "text", "facts", "note"]
FACT_KEYS = ["start", "end", "type", "value", "unit", "approx", "negated", "category"]

# The fact types and units are those of the data file the tagger and the rules read (this
# checkout's, not an installed copy's).
_FACT_DATA = tomllib.loads((ROOT / "src" / "ogi" / "data" / "facts.toml").read_text(encoding="utf-8"))
# type -> unit of a fact whose span writes none: an absence (未收到申请) or a bare number (数量为0).
DEFAULT_UNIT: dict[str, str] = dict(_FACT_DATA["types"])
TYPES = set(DEFAULT_UNIT)
UNITS = set(_FACT_DATA["units"])

CUES = ("未", "没有", "无", "不存在", "暂未", "均未", "没")
PRE_MARKERS = ("超过", "将近", "大约", "近", "约", "逾")
POST_MARKERS = ("余", "多")
TAIL_MARKERS = ("以上",)

CN_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
CN_UNITS = {"十": 10, "百": 100, "千": 1000}
FULLWIDTH = str.maketrans("０１２３４５６７８９，．", "0123456789,.")

NUMBER = re.compile(
    r"^(?P<pre>超过|将近|大约|近|约|逾|超)?"
    r"(?P<num>[0-9０-９][0-9０-９,，.．]*|[零〇一二两三四五六七八九十百千]+)"
    r"\s*(?P<mid>余|多)?\s*(?P<mult>万|亿)?\s*(?P<post>余|多)?\s*"
    r"(?P<unit>[^\s0-9０-９]*?)\s*(?P<tail>以上)?$"
)


def cn_to_int(s: str) -> int | None:
    """Chinese numerals below 10000: 两 -> 2, 十二 -> 12, 一百零五 -> 105, 三千 -> 3000."""
    if all(ch in CN_DIGITS for ch in s):  # digit by digit: 二〇二三
        if len(s) == 1:
            return CN_DIGITS[s]
        return int("".join(str(CN_DIGITS[ch]) for ch in s))
    total, digit = 0, None
    for ch in s:
        if ch in CN_DIGITS:
            digit = CN_DIGITS[ch]
        elif ch in CN_UNITS:
            total += (1 if digit is None else digit) * CN_UNITS[ch]
            digit = None
        else:
            return None
    return total + (digit or 0)


def read_number(span: str):
    """(value, approx, unit written or '') of a number span, or None when it is no number span."""
    m = NUMBER.match(span)
    if not m:
        return None
    num = m.group("num").translate(FULLWIDTH)
    if num[0].isdigit():
        if "," in num and not re.fullmatch(r"\d{1,3}(,\d{3})+(\.\d+)?", num):
            return None
        try:
            value = float(num.replace(",", ""))
        except ValueError:
            return None
    else:
        v = cn_to_int(num)
        if v is None:
            return None
        value = float(v)
    if m.group("mult") == "万":
        value *= 10000
    elif m.group("mult") == "亿":
        value *= 100000000
    approx = bool(m.group("pre") or m.group("mid") or m.group("post") or m.group("tail"))
    return round(value, 6), approx, m.group("unit")


def split_sentences(text: str) -> list[tuple[int, str]]:
    """(offset, sentence) for every sentence of a source text, by the README's rule."""
    out = []
    pos = 0
    for line in text.split("\n"):
        start, depth = 0, 0
        bounds = []
        for i, ch in enumerate(line):
            if ch in "（(【[":
                depth += 1
            elif ch in "）)】]":
                depth = max(0, depth - 1)
            if ch in "。！？；!?" or (ch == ";" and depth == 0):
                bounds.append((start, i + 1))
                start = i + 1
        if start < len(line):
            bounds.append((start, len(line)))
        for a, b in bounds:
            raw = line[a:b]
            s = raw.strip()
            if s:
                out.append((pos + a + len(raw) - len(raw.lstrip()), s))
        pos += len(line) + 1
    return out


def doc_of(source: str) -> str:
    p = source.rsplit(".", 1)[0] if source.endswith((".txt", ".html")) else source
    if p.startswith("corpus/"):
        p = p[len("corpus/") :]
    if p.startswith("text/") and p.endswith("_page"):
        p = p[: -len("_page")]
    return p


def source_text(path: Path) -> str:
    """The text a source's sentences are cut from: a page of text as it is; an HTML page as
    ogi reads it (its text, tables as rows of tab-separated cells), since its sentences are
    not substrings of the markup."""
    if path.suffix.lower() in (".html", ".htm"):
        from ogi.ingest import read_document

        return read_document(path).text
    return path.read_text(encoding="utf-8")


def find_source(source: str, shared: Path) -> Path | None:
    cands = [shared / source]
    if source.startswith("samples/"):
        cands.append(ROOT / "tests" / "fixtures" / source)
    if source.startswith("openings/"):  # openings gathered for annotation live in the repo
        cands.append(ROOT / "training_data" / "facts" / source)
    for c in cands:
        if c.exists():
            return c
    return None


def check_fact(where: str, text: str, f: dict, problems: list[str], before: str = "") -> None:
    def bad(msg):
        problems.append(f"{where}: {msg}")

    if list(f.keys()) != FACT_KEYS:
        bad(f"fact keys {list(f.keys())} != {FACT_KEYS}")
        return
    s, e, typ = f["start"], f["end"], f["type"]
    if not (isinstance(s, int) and isinstance(e, int) and 0 <= s < e <= len(text)):
        bad(f"bad offsets {s}:{e} for a text of {len(text)} characters")
        return
    span = text[s:e]
    where = f"{where} [{s}:{e} {span!r} {typ}]"
    if typ not in TYPES:
        bad(f"unknown type {typ!r}")
        return
    if span != span.strip():
        bad("span starts or ends with white space")
    for k in ("approx", "negated"):
        if not isinstance(f[k], bool):
            bad(f"{k} is not a boolean")
    if not isinstance(f["value"], (int, float)) or isinstance(f["value"], bool):
        bad("value is not a number")
        return
    if isinstance(f["value"], float) and f["value"].is_integer():
        bad("an integral value is written as a float")
    unit = f["unit"]
    if unit not in UNITS:
        bad(f"unit {unit!r} not among the known units")
    if typ == "fees.processing" and unit != "元":
        bad("fees are in 元")
    cat = f["category"]
    if typ == "published.category":
        if not isinstance(cat, str) or not cat.strip():
            bad("published.category without a category")
        else:
            if cat != cat.strip():
                bad("category has outer white space")
            if cat.endswith("类") or cat.endswith("信息"):
                bad(f"category {cat!r} keeps a trailing 类/信息")
            if cat not in text and cat not in before:
                bad(f"category {cat!r} is written neither in the sentence nor in the one before")
    elif cat is not None:
        bad("category set on a type other than published.category")

    if f["negated"]:
        if f["value"] != 0:
            bad("negated fact with a value other than 0")
        if f["approx"]:
            bad("negated fact marked approx")
        if re.search(r"[0-9０-９]", span) or read_number(span):
            bad("negated fact whose span is a number")
        if span.startswith(CUES):
            bad("negated span starts with the negation cue")
        if not any(c in text[:s] for c in CUES):
            bad("negated fact without a negation cue before its span")
        if unit != DEFAULT_UNIT[typ]:
            bad(f"an absence takes the default unit {DEFAULT_UNIT[typ]!r}, not {unit!r}")
        return

    got = read_number(span)
    if got is None:
        bad("span is not a number with its marker and unit")
        return
    value, approx, written = got
    if written:
        if typ == "fees.processing":
            if written not in ("元", "万元"):
                bad(f"fee written in {written!r}")
        elif written != unit:
            bad(f"unit {unit!r} but {written!r} written")
        if written not in UNITS:
            bad(f"unit written {written!r} unknown")
    # no unit written (garbled lists such as 通知公告307): the unit the context implies, not checked
    if abs(float(f["value"]) - value) > 1e-6:
        bad(f"value {f['value']} but {value:g} written")
    if f["approx"] != approx:
        bad(f"approx {f['approx']} but the span {'has' if approx else 'has no'} marker")
    # the marker must be inside the span: 余/多 right after it, 近/约/超过 right before it
    after = text[e : e + 2]
    before = text[max(0, s - 2) : s]
    if after[:1] in POST_MARKERS and not written:
        bad("an approximation marker follows the span")
    if after.startswith(TAIL_MARKERS):
        bad("以上 follows the span")
    if any(before.endswith(m) for m in PRE_MARKERS) and not span.startswith(PRE_MARKERS):
        bad("an approximation marker precedes the span")
    if written == "" and re.match(r"\s*(余|多)?\s*[条件份次个场篇期项起宗例部元]", text[e:]):
        bad("the unit after the number is left out of the span")


def check(facts_dir: Path, shared: Path | None, require_sources: bool) -> tuple[list[str], dict]:
    problems: list[str] = []
    stats: Counter = Counter()
    records = []
    files = sorted(facts_dir.glob("*.jsonl"))
    if not files:
        problems.append(f"{facts_dir}: no *.jsonl files")
    for path in files:
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            where = f"{path.name}:{n}"
            if not line.strip():
                problems.append(f"{where}: empty line")
                continue
            try:
                r = json.loads(line)
            except json.JSONDecodeError as exc:
                problems.append(f"{where}: not JSON ({exc})")
                continue
            records.append((where, r))

    seen_ids = set()
    by_doc = defaultdict(list)
    prev_text: dict[str, dict[int, str]] = defaultdict(dict)
    for _, r in records:
        m = re.fullmatch(r"(.+)#(\d+)", str(r.get("id", "")))
        if m and isinstance(r.get("text"), str):
            prev_text[m.group(1)][int(m.group(2))] = r["text"]
    for where, r in records:
        if list(r.keys()) != RECORD_KEYS:
            problems.append(f"{where}: record keys {list(r.keys())} != {RECORD_KEYS}")
            continue
        where = f"{where} {r['id']}"
        stats["sentences"] += 1
        text = r["text"]
        if not isinstance(text, str) or not text or text != text.strip():
            problems.append(f"{where}: text empty or not stripped")
            continue
        if not isinstance(r["note"], str):
            problems.append(f"{where}: note is not a string")
        if r["id"] in seen_ids:
            problems.append(f"{where}: duplicate id")
        seen_ids.add(r["id"])
        m = re.fullmatch(r"(.+)#(\d+)", r["id"])
        if not m or m.group(1) != r["doc"]:
            problems.append(f"{where}: id is not doc#n")
        if doc_of(r["source"]) != r["doc"]:
            problems.append(f"{where}: doc {r['doc']!r} does not match source {r['source']!r}")
        by_doc[r["doc"]].append((int(m.group(2)) if m else 0, where, r))
        if not isinstance(r["facts"], list):
            problems.append(f"{where}: facts is not a list")
            continue
        before = prev_text[r["doc"]].get(int(m.group(2)) - 1, "") if m else ""
        prev_end = -1
        for f in sorted(r["facts"], key=lambda f: (f.get("start", 0), f.get("end", 0))):
            check_fact(where, text, f, problems, before)
            if isinstance(f.get("start"), int) and f["start"] < prev_end:
                problems.append(f"{where}: facts overlap at {f['start']}")
            prev_end = max(prev_end, f.get("end", 0) if isinstance(f.get("end"), int) else 0)
            stats[f"type {f.get('type')}"] += 1
        if [(f.get("start"), f.get("end")) for f in r["facts"]] != sorted(
            (f.get("start"), f.get("end")) for f in r["facts"]
        ):
            problems.append(f"{where}: facts not in text order")

    shared_here = shared is not None and shared.exists()
    if not shared_here and require_sources:
        problems.append(f"shared folder {shared} not found")
    cache: dict[str, list[tuple[int, str]] | None] = {}
    for doc, rows in by_doc.items():
        nums = [n for n, _, _ in rows]
        if sorted(nums) != list(range(1, len(nums) + 1)):
            problems.append(f"{doc}: ids are not numbered 1..{len(nums)}")
        last = -1
        for _n, where, r in sorted(rows, key=lambda x: x[0]):
            src = r["source"]
            if src not in cache:
                p = find_source(src, shared) if shared is not None else None
                cache[src] = None if p is None else split_sentences(source_text(p))
            sents = cache[src]
            if sents is None:
                if require_sources or shared_here:
                    problems.append(f"{where}: source {src} not found")
                else:
                    stats["sentences_not_checked"] += 1
                continue
            stats["sentences_checked"] += 1
            offs = [o for o, s in sents if s == r["text"]]
            if not offs:
                problems.append(f"{where}: text is not a sentence of {src}")
                continue
            later = [o for o in offs if o > last]
            if not later:  # annotated more often than the source has it, or out of order
                problems.append(f"{where}: sentence out of source order or annotated twice")
                continue
            last = later[0]
    stats["records"] = len(records)
    return problems, dict(stats)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("facts_dir", nargs="?", default=str(ROOT / "training_data" / "facts"))
    ap.add_argument("--shared", default=os.environ.get("OGI_SHARED", str(ROOT.parent / "shared")))
    ap.add_argument(
        "--require-sources", action="store_true", help="fail when the shared folder with the source texts is absent"
    )
    args = ap.parse_args(argv)
    problems, stats = check(Path(args.facts_dir), Path(args.shared), args.require_sources)
    for p in problems:
        print(p)
    types = {k[5:]: v for k, v in stats.items() if k.startswith("type ")}
    summary = (
        f"{stats.get('sentences', 0)} sentences, {sum(types.values())} facts, "
        f"{stats.get('sentences_checked', 0)} checked against their source "
        f"({stats.get('sentences_not_checked', 0)} not: source absent): {len(problems)} problem(s)"
    )
    print(summary, file=sys.stderr)
    for t in sorted(types):
        print(f"  {t}: {types[t]}", file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
