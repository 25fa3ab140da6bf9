"""The checks that apply to a report in the 2019 trial format.

Tables 2 and 3 are checked as in the 2021 format (`check_tables`): the sums, missing cells,
missing tables; the sub-rows of （六）其他处理 that the format lacks are never "missing", and
its single row stands for them in 三(七)总计 as a subtotal. Table 1 of 2019 has no sums: only
its missing cells and its absence are flagged.
"""

from __future__ import annotations

from ..flags import Flag
from ..tables.format2019 import Layout2019, Read2019, load_layout_2019
from ..tables.layout import Layout, load_layout
from . import MESSAGES, TABLE_EN, TABLE_ZH, check_tables, missing_cells_flag

_T1_ZH = TABLE_ZH["t1_2019"]
_T1_EN = TABLE_EN["t1_2019"].capitalize()


def check_tables_2019(
    read: Read2019, explained: set[str], layout: Layout | None = None, layout19: Layout2019 | None = None
) -> list[Flag]:
    """Flags for a 2019-format report's tables; `explained` holds cells already flagged."""
    layout = layout or load_layout()
    layout19 = layout19 or load_layout_2019()
    t = read.tables
    lacking = {f"t2.{r}.{c}" for r in layout19.absent_t2_rows for c in layout.t2_columns}
    # The 2021 table 1 does not exist in this format: its cells are neither missing nor
    # checked, and table 1 of 2019 is checked below.
    lacking |= {c for r in layout.t1 for c in r.cells}
    found = dict(t.found, t1=True)
    flags = check_tables(t.cells, t.spans, found, t.extra, t.extra_spans, explained | lacking, layout)
    if t.found.get("t2"):
        sub = [f"t2.{layout19.subtotal_group}.subtotal.{c}" for c in layout.t2_columns]
        printed_subrows = any(t.cells.get(k) is not None for k in lacking if k.startswith("t2."))
        missing = [k for k in sub if t.extra.get(k) is None and k not in explained]
        if missing and not printed_subrows:
            group = next(g for g in layout.t2_groups if g.key == layout19.subtotal_group)
            flags.append(missing_cells_flag(TABLE_ZH["t2"], TABLE_EN["t2"].capitalize(), group.zh, missing))
    if not read.found:
        flags.append(
            Flag.make(
                "table.missing",
                "warning",
                MESSAGES["missing_zh"].format(table=_T1_ZH),
                MESSAGES["missing_en"].format(Table=_T1_EN),
                [{"table": "t1_2019"}],
            )
        )
        return flags
    for row in layout19.rows:
        missing = [k for k in row.cells if read.cells.get(k) is None and k not in explained]
        if missing:
            flags.append(missing_cells_flag(_T1_ZH, _T1_EN, row.zh, missing))
    return flags
