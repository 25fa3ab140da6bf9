"""Reports in the formats before 2021: the 2019 trial format (read) and older ones (not).

`apply_2019(rep, read, ...)` fills a report of the trial format of 国办公开办函〔2019〕60号:
`cells` holds the 2021 keys of the same meaning (tables 2 and 3; null where the format lacks
the cell), `extra_cells` its single （六）其他处理 row, `cells_2019` its own table 1.
`pre2019_format(year)` tells a report older than that format, which gets no cells and
`older_format_flag` (its narrative is still read).
"""

from __future__ import annotations

from .checks.format2019 import check_tables_2019
from .data_files import load_json, load_toml
from .flags import Flag
from .tables.format2019 import Read2019
from .tables.layout import Layout


def pre2019_format(detected: str, year: int | None) -> str:
    """`pre2019` for a report of no known format whose year predates the 2019 format."""
    last = load_json("format_markers.json")["pre2019"]["last_year"]
    if detected == "unknown" and year is not None and year <= last:
        return "pre2019"
    return detected


def older_format_flag(fmt: str) -> Flag:
    """The flag of a report whose tables ogi does not map to cells (pre2019, unknown)."""
    m = load_toml("report_messages.toml")["unsupported_format"]["pre2019" if fmt == "pre2019" else "unknown"]
    zh, en = m["zh"], m["en"]
    return Flag.make("table.unsupported_format", "warning", zh, en, [{"format": fmt}])


def apply_2019(rep, read: Read2019, layout: Layout) -> None:
    """Cells, spans and table flags of a 2019-format report onto `rep` (a Report)."""
    t = read.tables
    rep.cells = t.cells
    rep.cells_2019 = read.cells
    rep.cell_spans = {**t.spans, **read.spans}
    rep.split_cells = t.split_cells + read.split_cells
    rep.extra_cells = t.extra
    rep.tables_found = dict(t.found)
    rep.table_regions = {k: list(v) for k, v in t.regions.items()}
    own = t.flags + read.flags
    explained = {e["cell"] for f in own for e in f.evidence if "cell" in e}
    rep.flags = own + check_tables_2019(read, explained, layout) + rep.flags
