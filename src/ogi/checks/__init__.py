"""Cross-checks: the format's own sums (勾稽关系) and missing cells or tables.

Entry point: `check_tables(...)`. A sum is checked only when every cell in it is known: a
blank cell is reported as missing, never taken as 0.
"""
from __future__ import annotations

from ..flags import Flag, cell_evidence
from ..tables.layout import Layout, load_layout

_COL_ZH = {"natural_person": "自然人", "commercial": "商业企业", "research": "科研机构",
           "public_interest": "社会公益组织", "legal_service": "法律服务机构", "other_org": "其他",
           "total": "总计"}
_COL_EN = {"natural_person": "natural persons", "commercial": "commercial enterprises",
           "research": "research institutions", "public_interest": "public-interest organizations",
           "legal_service": "legal service organizations", "other_org": "other organizations", "total": "total"}
_T3_ZH = {"review": "行政复议", "litigation_direct": "未经复议直接起诉", "litigation_after_review": "复议后起诉"}
_T3_EN = {"review": "administrative review", "litigation_direct": "lawsuits without prior review",
          "litigation_after_review": "lawsuits after review"}
_TABLE_ZH = {"t1": "表1（主动公开政府信息情况）", "t2": "表2（收到和处理政府信息公开申请情况）",
             "t3": "表3（行政复议、行政诉讼情况）"}
_TABLE_EN = {"t1": "table 1 (proactive disclosure)", "t2": "table 2 (applications received and handled)",
             "t3": "table 3 (administrative review and litigation)"}


def _num(v) -> str:
    if isinstance(v, float):
        return f"{v:g}"
    return str(v)


def _ev(keys, cells, spans):
    return [cell_evidence(k, cells.get(k), spans.get(k)) for k in keys]


def _t2_outcome_parts(layout: Layout, cells: dict, extra: dict, col: str) -> tuple[list[str], dict] | None:
    """The cells that make up 三(七)总计 in one column; a group printed as one subtotal row
    (（六）其他处理 with no sub-rows) stands for its sub-rows."""
    keys: list[str] = []
    values: dict = {}
    grouped = {r for g in layout.t2_groups for r in g.rows}
    for row in layout.t2_sums["outcome_rows"]:
        if row in grouped:
            continue
        keys.append(f"t2.{row}.{col}")
    for g in layout.t2_groups:
        sub = [f"t2.{r}.{col}" for r in g.rows]
        sub_key = f"t2.{g.key}.subtotal.{col}"
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


def check_tables(cells: dict, spans: dict, found: dict[str, bool], extra: dict | None = None,
                 extra_spans: dict | None = None, explained: set[str] | None = None,
                 layout: Layout | None = None) -> list[Flag]:
    """All table checks of the spec: sums, missing cells, missing tables."""
    layout = layout or load_layout()
    extra = extra or {}
    all_spans = dict(spans)
    all_spans.update(extra_spans or {})
    explained = explained or set()
    flags: list[Flag] = []
    cols = layout.t2_columns
    sums = layout.t2_sums

    for table in ("t1", "t2", "t3"):
        if not found.get(table):
            flags.append(Flag.make("table.missing", "warning", f"未找到{_TABLE_ZH[table]}。",
                                   f"{_TABLE_EN[table].capitalize()} was not found.", [{"table": table}]))

    if found.get("t2"):
        for col in cols:
            a = [f"t2.{r}.{col}" for r in sums["balance_in"]]
            b = [f"t2.{r}.{col}" for r in sums["balance_out"]]
            va, vb = [cells.get(k) for k in a], [cells.get(k) for k in b]
            if None not in va and None not in vb and sum(va) != sum(vb):
                flags.append(Flag.make(
                    "t2.balance", "error",
                    f"表2「{_COL_ZH[col]}」列：一（{_num(va[0])}）+ 二（{_num(va[1])}）= {_num(sum(va))}，"
                    f"不等于三(七)总计（{_num(vb[0])}）+ 四（{_num(vb[1])}）= {_num(sum(vb))}。",
                    f"Table 2, column '{_COL_EN[col]}': new ({_num(va[0])}) + carried in ({_num(va[1])}) = {_num(sum(va))}, "
                    f"but handled ({_num(vb[0])}) + carried over ({_num(vb[1])}) = {_num(sum(vb))}.",
                    _ev(a + b, cells, all_spans)))
            parts = _t2_outcome_parts(layout, cells, extra, col)
            tot_key = f"t2.{sums['outcome_total']}.{col}"
            tot = cells.get(tot_key)
            if parts is not None and tot is not None:
                keys, values = parts
                s = sum(values.values())
                if s != tot:
                    ev = [cell_evidence(tot_key, tot, all_spans.get(tot_key))]
                    ev += [cell_evidence(k, values[k], all_spans.get(k)) for k in keys if values[k]]
                    flags.append(Flag.make(
                        "t2.outcome_sum", "error",
                        f"表2「{_COL_ZH[col]}」列：各项办理结果之和为 {_num(s)}，不等于三(七)总计 {_num(tot)}。",
                        f"Table 2, column '{_COL_EN[col]}': the outcome rows add up to {_num(s)}, "
                        f"but the stated total is {_num(tot)}.", ev))
        for row in layout.t2:
            keys = row.cells
            vals = [cells.get(k) for k in keys]
            if None in vals:
                continue
            if sum(vals[:-1]) != vals[-1]:
                flags.append(Flag.make(
                    "t2.column_sum", "error",
                    f"表2「{row.zh}」行：六类申请人之和为 {_num(sum(vals[:-1]))}，不等于总计 {_num(vals[-1])}。",
                    f"Table 2, row '{row.zh}': the six applicant columns add up to {_num(sum(vals[:-1]))}, "
                    f"but the total column says {_num(vals[-1])}.", _ev(keys, cells, all_spans)))

    if found.get("t3"):
        for g in layout.t3_groups:
            keys = [f"t3.{g}.{c}" for c in layout.t3_columns]
            vals = [cells.get(k) for k in keys]
            if None in vals:
                continue
            if sum(vals[:-1]) != vals[-1]:
                flags.append(Flag.make(
                    "t3.group_sum", "error",
                    f"表3「{_T3_ZH[g]}」：结果维持、结果纠正、其他结果、尚未审结之和为 {_num(sum(vals[:-1]))}，"
                    f"不等于总计 {_num(vals[-1])}。",
                    f"Table 3, {_T3_EN[g]}: upheld + corrected + other + pending = {_num(sum(vals[:-1]))}, "
                    f"but the total says {_num(vals[-1])}.", _ev(keys, cells, all_spans)))

    # Missing cells, one flag per row, for tables that were found.
    rows = [(r.table, r.zh, r.cells) for r in layout.t1 + layout.t2]
    rows += [("t3", _T3_ZH[g], [f"t3.{g}.{c}" for c in layout.t3_columns]) for g in layout.t3_groups]
    for table, zh, keys in rows:
        if not found.get(table):
            continue
        missing = [k for k in keys if cells.get(k) is None and k not in explained]
        if missing:
            flags.append(missing_cells_flag(_TABLE_ZH[table], _TABLE_EN[table].capitalize(), zh, missing))
    return flags


def missing_cells_flag(table_zh: str, table_en: str, row_zh: str, missing: list[str]) -> Flag:
    """`cell.missing` for one row's blank or absent cells."""
    return Flag.make(
        "cell.missing", "warning",
        f"{table_zh}「{row_zh}」有 {len(missing)} 个单元格为空或缺失（按空值处理，未填 0）。",
        f"{table_en}, row '{row_zh}': {len(missing)} cell(s) blank or absent (left empty, not taken as 0).",
        [{"cell": k, "value": None} for k in missing])
