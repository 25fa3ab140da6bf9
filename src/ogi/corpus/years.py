"""Checks across years: each agency's year-N report against its year N-1 report.

`corpus.carry_over`: this year's 上年结转 (t2.carried_in.*) per applicant column against last
year's 结转下年度继续办理 (t2.carried_out.*). `corpus.in_force`: last year's 现行有效 plus this
year's 本年制发 minus 本年废止 against this year's 现行有效 (table 1, 规范性文件 and 规章).
A flag belongs to the later report and names both documents in its evidence.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterator
from typing import Any

import pandas as pd

from ..flags import Flag
from ..tables.layout import load_layout
from .agency import OFFICE, REGION_END

IN_FORCE_ROWS = {
    "normative_docs": ("行政规范性文件", "administrative normative documents"),
    "regulations": ("规章", "regulations"),
}


def needed_keys() -> list[str]:
    cols = load_layout().t2_columns
    keys = [f"t2.{r}.{c}" for r in ("carried_in", "carried_out") for c in cols]
    return keys + [f"t1.{r}.{c}" for r in IN_FORCE_ROWS for c in ("issued", "abolished", "in_force")]


def group_agencies(reports: pd.DataFrame) -> dict[str, str]:
    """doc_id -> the key of its agency across years. Conservative, in two steps:

    1. A short name S is read as the region-prefixed name P+S of another report only when P
       ends like a region (…市, …省) and the report itself writes P just before its own name
       somewhere in its opening (`agency_context`); if several prefixes qualify, none is used.
    2. 某某办公室/办公厅 and 某某 are one agency unless some year has reports under both names
       (then they are two bodies, e.g. a government and its general office, and stay apart).
    """
    rep = reports.dropna(subset=["agency_key"])
    keys = set(rep["agency_key"])
    out: dict[str, str] = {}
    for doc_id, key, ctx in zip(rep["doc_id"], rep["agency_key"], rep["agency_context"]):
        before = json.loads(ctx) if isinstance(ctx, str) else []
        longer = {
            k
            for k in keys
            if len(key) >= 4
            and k != key
            and k.endswith(key)
            and k[: -len(key)].endswith(REGION_END)
            and any(b.endswith(k[: -len(key)]) for b in before)
        }
        out[doc_id] = longer.pop() if len(longer) == 1 else key
    year = dict(zip(rep["doc_id"], rep["year"]))
    base = {d: OFFICE.sub("", k) or k for d, k in out.items()}
    seen: dict[str, dict[bool, set]] = defaultdict(lambda: {True: set(), False: set()})
    for d, k in out.items():
        if pd.notna(year[d]):
            seen[base[d]][base[d] != k].add(int(year[d]))
    apart = {b for b, s in seen.items() if s[True] & s[False]}
    return {d: k if base[d] in apart else base[d] for d, k in out.items()}


def check_years(reports: pd.DataFrame, cells: pd.DataFrame) -> list[tuple[str, Flag]]:
    """(doc_id of the later report, flag) for every disagreement between consecutive years."""
    values = cell_values(cells)
    out = []
    for prev, cur in year_pairs(reports, values):
        for flag in (_carry_over(prev, cur, values), *_in_force(prev, cur, values)):
            if flag is not None:
                out.append((cur.doc_id, flag))
    return out


def year_pairs(reports: pd.DataFrame, values: dict[str, dict]) -> Iterator[tuple[Any, Any]]:
    """(last year's report, this year's report) of each agency, rows of `reports` as named
    tuples; `values` (doc_id -> cell -> value, see `cell_values`) picks among copies of last year."""
    group = group_agencies(reports)
    rep = reports[reports["doc_id"].isin(group.keys()) & reports["year"].notna()].copy()
    rep["group"] = rep["doc_id"].map(group)
    by_year = {(g, int(y)): list(d.itertuples()) for (g, y), d in rep.groupby(["group", "year"])}
    for (g, year), docs in sorted(by_year.items()):
        prev_docs = by_year.get((g, year - 1))
        if not prev_docs:
            continue
        # Several documents of last year (the same report as HTML and as text): the one that
        # states most of the compared cells, so that an unreadable copy does not hide a flag.
        prev = min(
            prev_docs,
            key=lambda d: (-sum(v is not None for v in values.get(d.doc_id, {}).values()), d.n_errors, d.doc_id),
        )
        for cur in sorted(docs, key=lambda d: d.doc_id):
            yield prev, cur


def cell_values(cells: pd.DataFrame) -> dict[str, dict]:
    """doc_id -> cell -> value (None where null) of the cells compared across years."""
    sub = cells[cells["key"].isin(needed_keys())]
    out: dict[str, dict] = defaultdict(dict)
    for doc_id, key, value in zip(sub["doc_id"], sub["key"], sub["value"]):
        out[doc_id][key] = None if pd.isna(value) else _num(value)
    return out


def _num(v):
    return int(v) if float(v).is_integer() else float(v)


def _ev(doc, key: str, values: dict) -> dict:
    return {
        "doc_id": doc.doc_id,
        "source": doc.source,
        "year": int(doc.year),
        "cell": key,
        "value": values.get(doc.doc_id, {}).get(key),
    }


def _carry_over(prev, cur, values: dict) -> Flag | None:
    layout = load_layout()
    pv, cv = values.get(prev.doc_id, {}), values.get(cur.doc_id, {})
    evidence, zh, en = [], [], []
    for col in layout.t2_columns:
        out_key, in_key = f"t2.carried_out.{col}", f"t2.carried_in.{col}"
        a, b = pv.get(out_key), cv.get(in_key)
        if a is None or b is None or a == b:
            continue
        name = layout.cell_labels[in_key][1]
        evidence += [_ev(prev, out_key, values), _ev(cur, in_key, values)]
        zh.append(f"{name}：本年上年结转 {b}，上年结转下年度 {a}")
        en.append(f"{col.replace('_', ' ')}: carried in {b}, carried out last year {a}")
    if not evidence:
        return None
    return Flag.make(
        "corpus.carry_over",
        "warning",
        f"本年度报告表2“上年结转政府信息公开申请数量”与同一机关{int(prev.year)}年度报告的“结转下年度继续办理”不一致（"
        + "；".join(zh)
        + "）。",
        f"Table 2's applications carried in from last year differ from the applications carried over in the "
        f"same agency's {int(prev.year)} report (" + "; ".join(en) + ").",
        evidence,
    )


def _in_force(prev, cur, values: dict) -> list[Flag]:
    pv, cv = values.get(prev.doc_id, {}), values.get(cur.doc_id, {})
    flags = []
    for row, (zh, en) in IN_FORCE_ROWS.items():
        k = {c: f"t1.{row}.{c}" for c in ("issued", "abolished", "in_force")}
        last, issued, abolished, now = (
            pv.get(k["in_force"]),
            cv.get(k["issued"]),
            cv.get(k["abolished"]),
            cv.get(k["in_force"]),
        )
        if None in (last, issued, abolished, now) or last + issued - abolished == now:
            continue
        expected = last + issued - abolished
        flags.append(
            Flag.make(
                "corpus.in_force",
                "warning",
                f"表1「{zh}」：上年（{int(prev.year)}年度报告）现行有效 {last} 件"
                f" + 本年制发 {issued} 件 − 本年废止 {abolished} 件"
                f" = {expected} 件，但本年现行有效为 {now} 件。",
                f"Table 1, {en}: last year's {last} in force (the {int(prev.year)} report)"
                f" + {issued} issued − {abolished} "
                f"abolished this year = {expected}, but this year's report says {now} in force.",
                [
                    _ev(prev, k["in_force"], values),
                    _ev(cur, k["issued"], values),
                    _ev(cur, k["abolished"], values),
                    _ev(cur, k["in_force"], values),
                ],
            )
        )
    return flags
