"""The three standard tables rebuilt from the parsed cells, as HTML.

Row and column names come from cells.csv and tables.toml (via the layout); a null cell is an
empty, visibly marked box; a cell read from the text links to its span.
"""

from __future__ import annotations

from html import escape

from ..tables.layout import Layout, Row
from .marks import anchor_id


def _fmt(v) -> str:
    return f"{v:g}" if isinstance(v, float) else str(v)


def _td(key: str, cells: dict, linked: set[str]) -> str:
    v = cells.get(key)
    tid = escape(anchor_id("tab", key))
    if v is None:
        return f'<td id="{tid}" class="null" title="{escape(key)}: 未读到 / not stated"></td>'
    if anchor_id("cell", key) in linked:
        target = escape(anchor_id("cell", key))
        return (
            f'<td id="{tid}" class="val" title="{escape(key)}"><a class="jump" href="#{target}" '
            f'data-target="{target}">{escape(_fmt(v))}</a></td>'
        )
    return f'<td id="{tid}" class="val nospan" title="{escape(key)} (no span)">{escape(_fmt(v))}</td>'


def _grid(rows: list[tuple[str, list[str]]], columns: list[str], cells: dict, linked: set[str]) -> str:
    head = "".join(f"<th>{escape(c)}</th>" for c in columns)
    body = "".join(
        f'<tr><th class="rowh">{escape(label)}</th>{"".join(_td(k, cells, linked) for k in keys)}</tr>'
        for label, keys in rows
    )
    return f'<table class="grid"><thead><tr><th></th>{head}</tr></thead><tbody>{body}</tbody></table>'


def _col_names(layout: Layout, keys: list[str]) -> list[str]:
    return [layout.cell_labels.get(k, ("", k))[1] for k in keys]


def _t1(layout: Layout, cells: dict, linked: set[str]) -> str:
    """Table 1 is four small tables (第二十条 items) of one to three columns: one grid for each
    run of rows with the same columns."""
    blocks: list[list[Row]] = []
    for row in layout.t1:
        if blocks and blocks[-1][0].columns == row.columns:
            blocks[-1].append(row)
        else:
            blocks.append([row])
    return "".join(
        _grid([(r.zh, r.cells) for r in rows], _col_names(layout, rows[0].cells), cells, linked) for rows in blocks
    )


def _t2(layout: Layout, cells: dict, linked: set[str]) -> str:
    rows = [(layout.cell_labels.get(r.cells[0], (r.zh, ""))[0], r.cells) for r in layout.t2]
    return _grid(rows, _col_names(layout, layout.t2[0].cells), cells, linked)


def _t3(layout: Layout, cells: dict, linked: set[str]) -> str:
    rows = []
    for g in layout.t3_groups:
        keys = [f"t3.{g}.{c}" for c in layout.t3_columns]
        rows.append((layout.cell_labels.get(keys[0], (g, ""))[0], keys))
    return _grid(rows, _col_names(layout, rows[0][1]), cells, linked)


def render_tables(layout: Layout, cells: dict, found: dict, linked: set[str]) -> str:
    """The three tables; `linked` holds the ids of the cell marks in the text."""
    out = []
    for table, build in (("t1", _t1), ("t2", _t2), ("t3", _t3)):
        note = "" if found.get(table) else ' <span class="missing">未找到 / not found</span>'
        title = f"表{table[1]} · Table {table[1]} · {layout.raw[table]['title']}"
        out.append(
            f'<section class="table" id="table-{table}"><h3>{escape(title)}{note}</h3>'
            f"{build(layout, cells, linked)}</section>"
        )
    return "".join(out)
