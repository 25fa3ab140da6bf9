"""The tables of a 2019-format report (国办公开办函〔2019〕60号), as HTML: table 1 of that
format (cells_2019), table 2 with its single （六）其他处理 row (the extra cells), table 3."""

from __future__ import annotations

from html import escape

from ..tables.format2019 import load_layout_2019
from ..tables.layout import Layout
from .tables import _grid, _t3


def _t1(cells: dict, linked: set[str]) -> str:
    layout19 = load_layout_2019()
    blocks: list[list] = []
    for row in layout19.rows:
        if blocks and blocks[-1][0].columns == row.columns and len(blocks[-1]) < 2:
            blocks[-1].append(row)
        else:
            blocks.append([row])
    return "".join(
        _grid([(r.zh, r.cells) for r in rows], [layout19.cell_labels[k][1] for k in rows[0].cells], cells, linked)
        for rows in blocks
    )


def _t2(layout: Layout, cells: dict, linked: set[str]) -> str:
    absent = set(load_layout_2019().absent_t2_rows)
    rows = []
    for r in layout.t2:
        if r.key in absent:
            continue
        if r.key == "total":  # the format's single row stands where the sub-rows would
            rows.append(("（六）其他处理", [f"t2.other.subtotal.{c}" for c in layout.t2_columns]))
        rows.append((layout.cell_labels.get(r.cells[0], (r.zh, ""))[0], r.cells))
    return _grid(rows, [layout.cell_labels[k][1] for k in layout.t2[0].cells], cells, linked)


def render_tables_2019(layout: Layout, report, linked: set[str]) -> str:
    """The three tables of a 2019-format report; `linked` holds the ids of the cell marks."""
    cells = {**report.cells, **(report.cells_2019 or {}), **(report.extra_cells or {})}
    found = report.tables_found or {}
    titles = {
        "t1": load_layout_2019().raw["t1_2019"]["title"],
        "t2": layout.raw["t2"]["title"],
        "t3": layout.raw["t3"]["title"],
    }
    out = []
    for table, html in (
        ("t1", _t1(cells, linked)),
        ("t2", _t2(layout, cells, linked)),
        ("t3", _t3(layout, cells, linked)),
    ):
        note = "" if found.get(table) else ' <span class="missing">未找到 / not found</span>'
        title = f"表{table[1]} · Table {table[1]} · {titles[table]}"
        out.append(f'<section class="table" id="table-{table}"><h3>{escape(title)}{note}</h3>{html}</section>')
    return "".join(out)
