"""The three tables of the 2021 format as rows a layout can print: what the zoo renders.

A `Sheet` is the format's printed order: header rows, data rows (label pieces and the cell
keys they carry), optional subtotal rows. Layouts (render.py) only decide how to print it.
Tables come from the golden reports' cells or from `random_tables` (values that satisfy
the format's sums), never from any report's text.
"""

from __future__ import annotations

import json
import random
from dataclasses import dataclass, field
from pathlib import Path

from ogi.tables.layout import load_layout

LAYOUT = load_layout()
ROOT = Path(__file__).resolve().parents[2]

# Printed labels of the official layout (the format's wording, cells.csv row names).
T1_SECTIONS = [
    (
        "第二十条第（一）项",
        ["信息内容", "本年制发件数", "本年废止件数", "现行有效件数"],
        ["regulations", "normative_docs"],
    ),
    ("第二十条第（五）项", ["信息内容", "本年处理决定数量"], ["licensing"]),
    ("第二十条第（六）项", ["信息内容", "本年处理决定数量"], ["penalty", "enforcement"]),
    ("第二十条第（八）项", ["信息内容", "本年收费金额（单位：万元）"], ["admin_fees"]),
]
T2_HEAD_TOP = ["（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）", "申请人情况"]
T2_HEAD_1 = ["自然人", "法人或其他组织", "总计"]
T2_HEAD_2 = ["商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他"]
T2_GROUP_HEAD = {
    "denied": "（三）不予公开",
    "unavailable": "（四）无法提供",
    "not_processed": "（五）不予处理",
    "other": "（六）其他处理",
}
T2_RESULT_HEAD = "三、本年度办理结果"
T3_HEAD_1 = ["行政复议", "行政诉讼"]
T3_HEAD_2 = ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计", "未经复议直接起诉", "复议后起诉"]
T3_HEAD_3 = ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"] * 2


@dataclass
class Line:
    """One printed row: label pieces (outer heading first) and the cells it carries."""

    labels: list[str]
    keys: list[str] = field(default_factory=list)
    kind: str = "data"  # data | header | subtotal
    group: str | None = None  # table-2 group key of a data or subtotal row
    extra: list[str] = field(default_factory=list)  # header texts (kind == "header")
    sums: list[str] = field(default_factory=list)  # subtotal: the keys it adds up, per column


@dataclass
class Sheet:
    t1: list[Line]
    t2: list[Line]
    t3: list[Line]

    def all_lines(self) -> list[Line]:
        return self.t1 + self.t2 + self.t3


def sheet(subtotals: tuple[str, ...] = (), drop: tuple[str, ...] = ()) -> Sheet:
    """The format's rows; `subtotals` are table-2 groups printed with a row of their own
    values, `drop` row keys (t1.x / t2.x) left out of the print."""
    t1: list[Line] = []
    for head, cols, rows in T1_SECTIONS:
        t1.append(Line([head], kind="header"))
        t1.append(Line([cols[0]], kind="header", extra=cols[1:]))
        for key in rows:
            row = next(r for r in LAYOUT.t1 if r.key == key)
            if f"t1.{key}" not in drop:
                t1.append(Line([row.zh], row.cells))
    t2: list[Line] = [
        Line([T2_HEAD_TOP[0]], kind="header", extra=[T2_HEAD_TOP[1]]),
        Line([], kind="header", extra=T2_HEAD_1),
        Line([], kind="header", extra=T2_HEAD_2),
    ]
    done_groups: set[str] = set()
    for row in LAYOUT.t2:
        group = row.key.split(".")[0] if "." in row.key else None
        labels = [row.zh]
        if row.key in ("granted",):
            labels = [T2_RESULT_HEAD, row.zh]
        if group and group not in done_groups:
            done_groups.add(group)
            labels = [T2_GROUP_HEAD[group], row.zh]
            if group in subtotals:
                members = [r for r in LAYOUT.t2 if r.key.startswith(group + ".")]
                t2.append(
                    Line(
                        [T2_GROUP_HEAD[group]],
                        [f"t2.{group}.subtotal.{c}" for c in LAYOUT.t2_columns],
                        kind="subtotal",
                        group=group,
                        sums=[",".join(m.cell(c) for m in members) for c in LAYOUT.t2_columns],
                    )
                )
                labels = [row.zh]
        if f"t2.{row.key}" not in drop:
            t2.append(Line(labels, row.cells, group=group))
    t3 = [
        Line(["四、政府信息公开行政复议、行政诉讼情况"], kind="header"),
        Line([], kind="header", extra=T3_HEAD_1),
        Line([], kind="header", extra=T3_HEAD_2),
        Line([], kind="header", extra=T3_HEAD_3),
        Line([], LAYOUT.t3_cells),
    ]
    return Sheet(t1, t2, t3)


def value_of(cells: dict, line: Line, key: str):
    if line.kind == "subtotal":
        i = line.keys.index(key)
        parts = [cells.get(k) for k in line.sums[i].split(",")]
        return None if None in parts else sum(parts)
    return cells.get(key)


def golden_tables() -> dict[str, dict]:
    """Every 2021-format golden report's cells, by the golden file's name."""
    out = {}
    for p in sorted((ROOT / "tests" / "golden").rglob("*.json")):
        d = json.loads(p.read_text(encoding="utf-8"))
        if d.get("format") == "2021" and "cells" in d:
            out[f"{p.parent.name}/{p.stem}"] = d["cells"]
    return out


def random_table(rng: random.Random, scale: int | None = None, blanks: float = 0.0, dense: bool = False) -> dict:
    """A table that satisfies every sum of the format (row totals, 三(七) = the outcomes,
    一 + 二 = 三(七) + 四, table 3's group totals); `blanks` is the share of t1 cells printed
    empty; most cells are 0, as in real tables, unless `dense`."""
    scale = scale if scale is not None else rng.choice([1, 3, 12, 60, 400])

    def small() -> int:
        return rng.randint(0, scale) if dense else rng.choice([0, 0, 0, rng.randint(0, scale)])

    cols = len(LAYOUT.t2_columns) - 1
    outcome = LAYOUT.t2_sums["outcome_rows"]
    rows = {r: [small() for _ in range(cols)] for r in outcome + ["carried_in", "carried_out"]}
    total = [sum(rows[r][c] for r in outcome) for c in range(cols)]
    new = [total[c] + rows["carried_out"][c] - rows["carried_in"][c] for c in range(cols)]
    if any(v < 0 for v in new):
        rows["carried_in"] = [0] * cols
        new = [total[c] + rows["carried_out"][c] for c in range(cols)]
    rows["total"], rows["new"] = total, new
    cells: dict = {}
    for r, vals in rows.items():
        for col, v in zip(LAYOUT.t2_columns, vals + [sum(vals)]):
            cells[f"t2.{r}.{col}"] = v
    for g in LAYOUT.t3_groups:
        parts = [small() for _ in range(4)]
        for col, v in zip(LAYOUT.t3_columns, parts + [sum(parts)]):
            cells[f"t3.{g}.{col}"] = v
    for row in LAYOUT.t1:
        if row.key in ("regulations", "normative_docs"):
            issued, abolished = small(), small()
            in_force = issued + rng.randint(abolished, abolished + 3 * scale)
            vals = [issued, abolished, in_force]
        elif row.decimal:
            vals = [rng.choice([0, round(rng.uniform(0, scale), rng.choice([1, 2]))])]
        else:
            vals = [small()]
        for k, v in zip(row.cells, vals):
            cells[k] = None if rng.random() < blanks else v
    return {k: cells[k] for k in LAYOUT.cells}
