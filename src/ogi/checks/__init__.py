"""Cross-checks: the format's own sums (勾稽关系) and missing cells or tables.

Entry point: `check_tables(...)`. A sum is checked only when every cell in it is known: a
blank cell is reported as missing, never taken as 0.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..flags import Flag, cell_evidence
from ..tables.layout import Layout, load_layout
from ..tables.numbers import known
from ..text_marks import ENUMERATION_COMMA
from .config import check_data

_DATA = check_data()["tables"]
MESSAGES: dict[str, str] = _DATA["message"]
TABLE_ZH: dict[str, str] = _DATA["names_zh"]
TABLE_EN: dict[str, str] = _DATA["names_en"]
_COL_EN: dict[str, str] = _DATA["columns_en"]
_T3_EN: dict[str, str] = _DATA["groups_en"]


def _last_name(printed: str) -> str:
    """The own name of a column or group under a spanning header (`法人或其他组织·商业企业`)."""
    return printed.rsplit("·", 1)[-1]


def column_names_zh(layout: Layout) -> dict[str, str]:
    """Table 2's column key -> Chinese name, as cells.csv prints it."""
    return {col: _last_name(layout.cell_labels[f"t2.{layout.t2[0].key}.{col}"][1]) for col in layout.t2_columns}


def group_names_zh(layout: Layout) -> dict[str, str]:
    """Table 3's group key -> Chinese name, as cells.csv prints it."""
    return {g: _last_name(layout.cell_labels[f"t3.{g}.{layout.t3_columns[0]}"][0]) for g in layout.t3_groups}


def _num(v) -> str:
    if isinstance(v, float):
        return f"{v:g}"
    return str(v)


def _ev(keys, cells, spans):
    return [cell_evidence(k, cells.get(k), spans.get(k)) for k in keys]


@dataclass
class _Plan:
    """What the checks look at, as cell keys: the same for every report of a layout."""

    col_zh: dict[str, str]
    group_zh: dict[str, str]
    t3_parts: str
    balance: dict[str, tuple[list[str], list[str]]]  # column -> (一 + 二 keys, 三(七) + 四 keys)
    outcome_rows: dict[str, list[str]]  # column -> the keys of 三's rows outside any group
    outcome_groups: dict[str, list[tuple[list[str], str]]]  # column -> [(sub-row keys, subtotal key)]
    outcome_total: dict[str, str]  # column -> the key of 三(七)总计
    t2_rows: list[tuple[str, list[str]]]  # (row name, keys)
    t3_groups: list[tuple[str, list[str]]]  # (group key, keys)
    rows: list[tuple[str, str, list[str]]]  # (table, row name, keys), for missing cells


def _plan(layout: Layout) -> _Plan:
    got = _PLANS.get(id(layout))
    if got is None or got[0] is not layout:
        got = _PLANS[id(layout)] = (layout, _make_plan(layout))  # (the layout kept: its id stays its own)
    return got[1]


_PLANS: dict[int, tuple[Layout, _Plan]] = {}


def _make_plan(layout: Layout) -> _Plan:
    sums = layout.t2_sums
    cols = layout.t2_columns
    grouped = {r for g in layout.t2_groups for r in g.rows}
    group_zh = group_names_zh(layout)
    t3 = [(g, [f"t3.{g}.{c}" for c in layout.t3_columns]) for g in layout.t3_groups]
    return _Plan(
        col_zh=column_names_zh(layout),
        group_zh=group_zh,
        t3_parts=ENUMERATION_COMMA.join(
            layout.cell_labels[f"t3.{layout.t3_groups[0]}.{c}"][1] for c in layout.t3_columns[:-1]
        ),
        balance={
            col: ([f"t2.{r}.{col}" for r in sums["balance_in"]], [f"t2.{r}.{col}" for r in sums["balance_out"]])
            for col in cols
        },
        outcome_rows={col: [f"t2.{r}.{col}" for r in sums["outcome_rows"] if r not in grouped] for col in cols},
        outcome_groups={
            col: [([f"t2.{r}.{col}" for r in g.rows], f"t2.{g.key}.subtotal.{col}") for g in layout.t2_groups]
            for col in cols
        },
        outcome_total={col: f"t2.{sums['outcome_total']}.{col}" for col in cols},
        t2_rows=[(row.zh, row.cells) for row in layout.t2],
        t3_groups=t3,
        rows=[(r.table, r.zh, r.cells) for r in layout.t1 + layout.t2] + [("t3", group_zh[g], keys) for g, keys in t3],
    )


def _t2_outcome_parts(plan: _Plan, cells: dict, extra: dict, col: str) -> tuple[list[str], dict] | None:
    """The cells that make up 三(七)总计 in one column; a group printed as one subtotal row
    (（六）其他处理 with no sub-rows) stands for its sub-rows."""
    keys: list[str] = list(plan.outcome_rows[col])
    values: dict = {}
    for sub, sub_key in plan.outcome_groups[col]:
        if all(cells.get(k) is None for k in sub) and extra.get(sub_key) is not None:
            keys.append(sub_key)
            values[sub_key] = extra[sub_key]
        else:
            keys.extend(sub)
    for k in keys:
        if k not in values:
            values[k] = cells.get(k)
    if any(v is None for v in values.values()):
        return None
    return keys, values


def check_tables(
    cells: dict,
    spans: dict,
    found: dict[str, bool],
    extra: dict | None = None,
    extra_spans: dict | None = None,
    explained: set[str] | None = None,
    layout: Layout | None = None,
) -> list[Flag]:
    """All table checks of the spec: sums, missing cells, missing tables."""
    plan = _plan(layout or load_layout())
    extra = extra or {}
    all_spans = dict(spans)
    all_spans.update(extra_spans or {})
    explained = explained or set()
    flags: list[Flag] = []
    col_zh = plan.col_zh
    group_zh = plan.group_zh

    for table in ("t1", "t2", "t3"):
        if not found.get(table):
            flags.append(
                Flag.make(
                    "table.missing",
                    "warning",
                    MESSAGES["missing_zh"].format(table=TABLE_ZH[table]),
                    MESSAGES["missing_en"].format(Table=TABLE_EN[table].capitalize()),
                    [{"table": table}],
                )
            )

    if found.get("t2"):
        for col, (a, b) in plan.balance.items():
            va, vb = known(cells.get(k) for k in a), known(cells.get(k) for k in b)
            if va is not None and vb is not None and sum(va) != sum(vb):
                sides = {
                    "new": _num(va[0]),
                    "carried_in": _num(va[1]),
                    "left": _num(sum(va)),
                    "total": _num(vb[0]),
                    "carried_out": _num(vb[1]),
                    "right": _num(sum(vb)),
                }
                flags.append(
                    Flag.make(
                        "t2.balance",
                        "error",
                        MESSAGES["balance_zh"].format(column=col_zh[col], **sides),
                        MESSAGES["balance_en"].format(column=_COL_EN[col], **sides),
                        _ev(a + b, cells, all_spans),
                    )
                )
            parts = _t2_outcome_parts(plan, cells, extra, col)
            tot_key = plan.outcome_total[col]
            tot = cells.get(tot_key)
            if parts is not None and tot is not None:
                keys, values = parts
                s = sum(values.values())
                if s != tot:
                    ev = [cell_evidence(tot_key, tot, all_spans.get(tot_key))]
                    ev += [cell_evidence(k, values[k], all_spans.get(k)) for k in keys if values[k]]
                    flags.append(
                        Flag.make(
                            "t2.outcome_sum",
                            "error",
                            MESSAGES["outcome_sum_zh"].format(column=col_zh[col], sum=_num(s), total=_num(tot)),
                            MESSAGES["outcome_sum_en"].format(column=_COL_EN[col], sum=_num(s), total=_num(tot)),
                            ev,
                        )
                    )
        for zh, keys in plan.t2_rows:
            vals = known(cells.get(k) for k in keys)
            if vals is None:
                continue
            if sum(vals[:-1]) != vals[-1]:
                flags.append(
                    Flag.make(
                        "t2.column_sum",
                        "error",
                        MESSAGES["column_sum_zh"].format(row=zh, sum=_num(sum(vals[:-1])), total=_num(vals[-1])),
                        MESSAGES["column_sum_en"].format(row=zh, sum=_num(sum(vals[:-1])), total=_num(vals[-1])),
                        _ev(keys, cells, all_spans),
                    )
                )

    if found.get("t3"):
        for g, keys in plan.t3_groups:
            vals = known(cells.get(k) for k in keys)
            if vals is None:
                continue
            if sum(vals[:-1]) != vals[-1]:
                flags.append(
                    Flag.make(
                        "t3.group_sum",
                        "error",
                        MESSAGES["group_sum_zh"].format(
                            group=group_zh[g], parts=plan.t3_parts, sum=_num(sum(vals[:-1])), total=_num(vals[-1])
                        ),
                        MESSAGES["group_sum_en"].format(
                            group=_T3_EN[g], sum=_num(sum(vals[:-1])), total=_num(vals[-1])
                        ),
                        _ev(keys, cells, all_spans),
                    )
                )

    # Missing cells, one flag per row, for tables that were found.
    for table, zh, keys in plan.rows:
        if not found.get(table):
            continue
        missing = [k for k in keys if cells.get(k) is None and k not in explained]
        if missing:
            flags.append(missing_cells_flag(TABLE_ZH[table], TABLE_EN[table].capitalize(), zh, missing))
    return flags


def missing_cells_flag(table_zh: str, table_en: str, row_zh: str, missing: list[str]) -> Flag:
    """`cell.missing` for one row's blank or absent cells (`table_en` capitalized)."""
    return Flag.make(
        "cell.missing",
        "warning",
        MESSAGES["cell_missing_zh"].format(table=table_zh, row=row_zh, n=len(missing)),
        MESSAGES["cell_missing_en"].format(Table=table_en, row=row_zh, n=len(missing)),
        [{"cell": k, "value": None} for k in missing],
    )
