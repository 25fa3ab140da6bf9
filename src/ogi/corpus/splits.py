"""Run-together table-1 rows chosen by the same agency's previous report.

A table-1 row whose digits run together (`34089`) and allow several splits is left null by
the report's reader and flagged `table.ambiguous_split`; the flag's evidence holds the row's
joint readings (`row_readings`/`row_spans` of each undecided cell, aligned: reading i is
entry i of every cell). In a corpus, last year's report of the agency states last year's
现行有效, and this year's 现行有效 = last year's + 本年制发 − 本年废止. When exactly one reading
satisfies that, its cells are filled (split = true) and `table.split_by_previous_year` (info)
names the previous report and the reading; when none or several do, the cells stay null and
only the report's own flag remains. Only a count the previous report printed itself is used,
never one chosen so in its turn: evidence does not chain.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field

import pandas as pd

from ..flags import Flag
from .years import IN_FORCE_ROWS, cell_values, year_pairs

RULE = "table.split_by_previous_year"
AMBIGUOUS = "table.ambiguous_split"
COLUMNS = ("issued", "abolished", "in_force")

Span = tuple[int, int] | None


@dataclass
class Splits:
    # (doc_id, cell) of every undecided cell of an ambiguous in-force row: null in the
    # report's own reading, whatever an earlier finish filled in
    undecided: list[tuple[str, str]] = field(default_factory=list)
    # doc_id -> cell -> (value, span) of the chosen readings
    chosen: dict[str, dict[str, tuple[int, Span]]] = field(default_factory=dict)
    flags: list[tuple[str, Flag]] = field(default_factory=list)


def choose_splits(reports: pd.DataFrame, cells: pd.DataFrame, ambiguous: pd.DataFrame) -> Splits:
    """`cells`: doc_id, key, value, span_start, span_end (at least the in-force rows' cells);
    `ambiguous`: doc_id, evidence (JSON) of the reports' `table.ambiguous_split` flags."""
    rows = _ambiguous_rows(ambiguous)
    out = Splits(undecided=[(d, e["cell"]) for (d, _), items in rows.items() for e in items])
    values = cell_values(cells)
    for doc_id, key in out.undecided:
        values.setdefault(doc_id, {})[key] = None
    spans = {
        (d, k): (int(a), int(b))
        for d, k, a, b in zip(cells["doc_id"], cells["key"], cells["span_start"], cells["span_end"])
        if pd.notna(a) and pd.notna(b)
    }
    for prev, cur in year_pairs(reports, values):
        for row in IN_FORCE_ROWS:
            items = rows.get((cur.doc_id, row))
            last = values.get(prev.doc_id, {}).get(f"t1.{row}.in_force")
            if not items or last is None:
                continue
            reading = _only_fit(items, values.get(cur.doc_id, {}), row, last)
            if reading is None:
                continue
            undecided = {e["cell"] for e in items}
            out.chosen.setdefault(cur.doc_id, {}).update({k: v for k, v in reading.items() if k in undecided})
            prev_key = f"t1.{row}.in_force"
            out.flags.append(
                (
                    cur.doc_id,
                    _flag(
                        row, prev, cur, last, spans.get((prev.doc_id, prev_key)), reading, len(items[0]["row_readings"])
                    ),
                )
            )
    return out


def _ambiguous_rows(ambiguous: pd.DataFrame) -> dict[tuple[str, str], list[dict]]:
    """(doc_id, row) -> the undecided cells' evidence, for in-force rows whose flag carries the
    joint readings (a corpus written before they were recorded has none: nothing is chosen)."""
    out: dict[tuple[str, str], list[dict]] = {}
    for doc_id, evidence in zip(ambiguous["doc_id"], ambiguous["evidence"]):
        items = json.loads(evidence) if isinstance(evidence, str) else []
        for row in IN_FORCE_ROWS:
            mine = [e for e in items if str(e.get("cell", "")).startswith(f"t1.{row}.")]
            if (
                mine
                and all(isinstance(e.get("row_readings"), list) for e in mine)
                and len({len(e["row_readings"]) for e in mine}) == 1
            ):
                out[(doc_id, row)] = mine
    return out


def _only_fit(items: list[dict], known: dict, row: str, last) -> dict[str, tuple[int, Span]] | None:
    """The one reading (cell -> (value, span)) of the row with last + issued − abolished =
    in force; None when no reading or several (different values) fit."""
    keys = {c: f"t1.{row}.{c}" for c in COLUMNS}
    fits: dict[tuple, list[dict]] = {}
    for i in range(len(items[0]["row_readings"])):
        reading: dict[str, tuple[int | None, tuple | None]] = {k: (known.get(k), None) for k in keys.values()}
        for e in items:
            sp = (e.get("row_spans") or [None] * (i + 1))[i]
            reading[e["cell"]] = (e["row_readings"][i], tuple(sp) if sp else None)
        issued, abolished, now = (reading[keys[c]][0] for c in COLUMNS)
        if None not in (issued, abolished, now) and last + issued - abolished == now:
            fits.setdefault((issued, abolished, now), []).append(reading)
    if len(fits) != 1:
        return None
    readings = next(iter(fits.values()))
    # the same values read from different digits (a span each): the values hold, the span is unknown
    return {k: (v, sp if all(r[k][1] == sp for r in readings) else None) for k, (v, sp) in readings[0].items()}


def _ev(doc, key: str, value, span: Span) -> dict:
    return {
        "doc_id": doc.doc_id,
        "source": doc.source,
        "year": int(doc.year),
        "cell": key,
        "value": value,
        "span": list(span) if span else None,
    }


def _flag(row: str, prev, cur, last, last_span: Span, reading: dict, n: int) -> Flag:
    zh, en = IN_FORCE_ROWS[row]
    issued, abolished, now = (reading[f"t1.{row}.{c}"][0] for c in COLUMNS)
    year = int(prev.year)
    return Flag.make(
        RULE,
        "info",
        f"表1「{zh}」行的数字连在一起，表内可有{n}种拆分；同一机关{year}年度报告现行有效 {last} 件，"
        f"按“上年现行有效 + 本年制发 − 本年废止 = 本年现行有效”只有一种拆分相符：本年制发 {issued} 件、"
        f"本年废止 {abolished} 件、现行有效 {now} 件。",
        f"Table 1, {en}: the row's numbers run together and allow {n} splits; the same agency's {year} report "
        f"says {last} in force, and only one split keeps last year's in force + issued − abolished = in force: "
        f"{issued} issued, {abolished} abolished, {now} in force.",
        [_ev(prev, f"t1.{row}.in_force", last, last_span), *(_ev(cur, k, v, sp) for k, (v, sp) in reading.items())],
    )
