"""Reading the tables of the 2019 trial format (国办公开办函〔2019〕60号).

Tables 2 and 3 of that format have the rows and columns of the 2021 format (its single
（六）其他处理 row is read as a subtotal), so the 2021 reader reads them. Table 1 is its own:
eight rows under four 第二十条 items (data/tables_2019.toml, cells_2019.csv), read here from
real grids and from flattened text alike. Honesty as for 2021: a blank cell is null, a run
of digits is split only where one reading is left (table 1 has no sums, so only where the
digits allow one split, or where all splits agree on a cell), and only 本年增/减 may be
negative, which can decide where a run is cut (`2648-18538`: 2648 is the first cell).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache

from ..data_files import load_csv, load_toml
from ..document import Cell, Document, Table
from ..flags import Flag, cell_evidence
from ..text_marks import CLOSE_PARENS, COLONS, COMMAS, OPEN_PARENS, RULE_DASHES, SLASHES, TABLE_RULES, char_class
from .layout import Layout, load_layout, normalize_label
from .numbers import is_blank_mark, splits
from .read import TableRead, read_tables

# Markdown's separator row (|---|:--:|), and what separates the cells of a drawn or tabbed row.
_MD_SEPARATOR = re.compile(r"[\s" + re.escape(TABLE_RULES + COLONS + RULE_DASHES) + "]*")
_CELL_SEP = re.compile(char_class(TABLE_RULES, "\t"))
_RULE_AT_END = re.compile(char_class(TABLE_RULES) + r"\s*$")
_MAX_READINGS = load_toml("tables_2019.toml")["t1_2019"]["max_readings"]


@dataclass(frozen=True)
class Row2019:
    key: str
    zh: str
    columns: tuple[str, ...]
    aliases: tuple[str, ...]

    @property
    def cells(self) -> list[str]:
        return [f"t1_2019.{self.key}.{c}" for c in self.columns]


@dataclass
class Layout2019:
    cells: list[str]
    cell_labels: dict[str, tuple[str, str]]
    rows: list[Row2019]
    signed: frozenset[str]
    money: frozenset[str]
    money_units: dict[str, float]
    region_start: tuple[str, ...]
    region_end: tuple[str, ...]
    absent_t2_rows: tuple[str, ...]
    subtotal_group: str
    raw: dict = field(repr=False, default_factory=dict)


@lru_cache(maxsize=1)
def load_layout_2019() -> Layout2019:
    raw = load_toml("tables_2019.toml")
    rows = load_csv("cells_2019.csv")
    t1 = raw["t1_2019"]
    layout = Layout2019(
        cells=[r["key"] for r in rows],
        cell_labels={r["key"]: (r["row_zh"], r["col_zh"]) for r in rows},
        rows=[Row2019(r["key"], r["zh"], tuple(r["columns"]), tuple(r["aliases"])) for r in t1["rows"]],
        signed=frozenset(t1["signed_columns"]),
        money=frozenset(t1["money_columns"]),
        money_units=dict(t1["money_units"]),
        region_start=tuple(t1["region_start"]),
        region_end=tuple(t1["region_end"]),
        absent_t2_rows=tuple(raw["t2_2019"]["absent_rows"]),
        subtotal_group=raw["t2_2019"]["subtotal_group"],
        raw=raw,
    )
    declared = [c for r in layout.rows for c in r.cells]
    if declared != layout.cells:
        raise RuntimeError("tables_2019.toml and cells_2019.csv disagree")
    return layout


@dataclass
class Read2019:
    """Tables 2 and 3 (`tables`, 2021 keys; its table 1 cells are null) and table 1 of 2019."""

    tables: TableRead
    cells: dict[str, int | float | None]
    spans: dict[str, tuple[int, int]] = field(default_factory=dict)
    flags: list[Flag] = field(default_factory=list)
    split_cells: list[str] = field(default_factory=list)
    found: bool = False
    region: tuple[int, int] | None = None


@lru_cache(maxsize=1)
def _number_pattern() -> tuple[re.Pattern, frozenset[str]]:
    """A number as printed in a table-1 cell (sign, digits, decimals, unit), and the signs
    that make it negative; the sign words and units are data (tables_2019.toml)."""
    t1 = load_layout_2019().raw["t1_2019"]
    signs = sorted(t1["minus_signs"] + t1["plus_signs"], key=len, reverse=True)
    units = sorted(t1["money_units"], key=len, reverse=True)
    alt = "|".join(re.escape(x) for x in signs)
    pat = re.compile(rf"({alt})?\s*(\d{{1,3}}(?:,\d{{3}})+|\d+)(\.\d+)?\s*({'|'.join(map(re.escape, units))})?")
    return pat, frozenset(t1["minus_signs"])


@lru_cache(maxsize=1)
def _value_chars() -> re.Pattern:
    """What may stand between a row label and its values, and among the values: digits,
    separators, blank marks, and the characters of the sign words and units."""
    t1 = load_layout_2019().raw["t1_2019"]
    words = "".join(sorted(set("".join(t1["minus_signs"] + t1["plus_signs"] + list(t1["money_units"])))))
    # (the ASCII minus of RULE_DASHES is among the sign words already)
    return re.compile(r"[\s\d" + re.escape("." + COMMAS + RULE_DASHES + SLASHES + COLONS + TABLE_RULES + words) + "]*")


@dataclass
class _Tok:
    sign: int
    digits: str
    frac: str
    unit: str | None
    start: int  # the sign's (or the digits') start
    end: int
    blank: bool = False
    dstart: int = 0  # where the digits start


def _field_tokens(text: str, offset: int) -> list[_Tok]:
    """The numbers of one printed cell (several when digits ran together), or a blank."""
    if is_blank_mark(text) and not re.search(r"\d", text):
        return [_Tok(0, "", "", None, offset, offset, blank=True)]
    out = []
    pattern, minus = _number_pattern()
    for m in pattern.finditer(text):
        sign = -1 if m.group(1) in minus else 1
        out.append(
            _Tok(
                sign,
                m.group(2),
                m.group(3) or "",
                m.group(4),
                offset + m.start(),
                offset + m.end(),
                dstart=offset + m.start(2),
            )
        )
    return out


def _segment_tokens(text: str, start: int, end: int) -> list[_Tok]:
    """The cells printed between a row label and the next label in flattened text.

    Tabs and pipes (text-drawn and Markdown tables) separate cells, so an empty field between
    two of them is a blank cell; spaces and line breaks separate without marking blanks.
    """
    seg = text[start:end]
    toks: list[_Tok] = []
    if any(c in seg for c in TABLE_RULES + "\t"):
        for line_m in re.finditer(r"[^\n]+", seg):
            line = line_m.group()
            if _MD_SEPARATOR.fullmatch(line) and "-" in line and any(c in line for c in TABLE_RULES):
                continue  # a Markdown separator row
            parts = _CELL_SEP.split(line)
            pos = start + line_m.start()
            fields = []
            for p in parts:
                fields.append((p, pos))
                pos += len(p) + 1
            # The first field is what is left of the label's cell, the last one after a closing
            # pipe is outside the table: neither is a cell. Trailing tabs may be blank cells.
            if fields and not fields[0][0].strip():
                fields.pop(0)
            if fields and not fields[-1][0].strip() and _RULE_AT_END.search(line):
                fields.pop()
            for p, at in fields:
                if not p.strip():
                    toks.append(_Tok(0, "", "", None, at, at, blank=True))
                else:
                    lead = len(p) - len(p.lstrip())
                    toks.extend(_field_tokens(p.strip(), at + lead))
        return toks
    for m in re.finditer(r"\S+", seg):
        toks.extend(_field_tokens(m.group(), start + m.start()))
    return toks


def _readings(toks: list[_Tok], row: Row2019, layout: Layout2019):
    """Every reading of the tokens as the row's cells: (values, spans, printed units)."""
    n = len(row.columns)
    cols = row.columns
    out: list[list[tuple]] = []

    def rec(i: int, col: int, acc: list):
        if len(out) > _MAX_READINGS:
            return
        if i == len(toks):
            if col == n:
                out.append(list(acc))
            return
        t = toks[i]
        if t.blank:
            if col < n:
                acc.append((None, None, None))
                rec(i + 1, col + 1, acc)
                acc.pop()
            return
        left = n - col
        rest = len(toks) - i - 1
        most = min(len(t.digits) if "," not in t.digits else 1, left - rest)
        for k in range(1, most + 1):
            pieces = [(t.digits,)] if k == 1 else list(splits(t.digits, k))
            for parts in pieces:
                ok = True
                vals = []
                pos = t.dstart
                for p_i, p in enumerate(parts):
                    c = cols[col + p_i]
                    first, last = p_i == 0, p_i == len(parts) - 1
                    if t.sign < 0 and first and c not in layout.signed:
                        ok = False  # only 本年增/减 may be negative
                        break
                    if t.unit and last and c not in layout.money:
                        ok = False  # a money unit ends the amount cell, nowhere else
                        break
                    text = p.replace(",", "") + (t.frac if last else "")
                    num = float(text) if "." in text else int(text)
                    if first and t.sign < 0:
                        num = -num
                    v: float | tuple[str, float, str | None] = num
                    if c in layout.money:
                        v = ("money", num, t.unit if last else None)
                    sp0 = t.start if first else pos
                    sp1 = pos + len(p) + (len(t.frac) if last else 0)
                    vals.append((v, (sp0, sp1), None))
                    pos += len(p)
                if ok:
                    acc.extend(vals)
                    rec(i + 1, col + len(parts), acc)
                    del acc[len(acc) - len(vals) :]

    rec(0, 0, [])
    return out


def _money_value(v, unit_default: str | None, layout: Layout2019):
    """(value in yuan or None, printed value) for the amount cell."""
    if not (isinstance(v, tuple) and v and v[0] == "money"):
        return v, None
    _, printed, unit = v
    unit = unit or unit_default
    if unit is None:
        return None, printed
    yuan = printed * layout.money_units[unit]
    if isinstance(yuan, float):
        yuan = round(yuan, 2)
        if yuan.is_integer() and not isinstance(printed, float):
            yuan = int(yuan)
    return yuan, printed


def _row_at(norm: str, rows: list[Row2019], ptr: int) -> int | None:
    """The first row (at or after ptr) a grid row's label names (规章（件） names 规章)."""
    for j in range(ptr, len(rows)):
        if any(a in norm for a in rows[j].aliases):
            return j
    return None


def _unit_in(text: str, layout: Layout2019) -> str | None:
    for unit in sorted(layout.money_units, key=len, reverse=True):
        if unit in text:
            return unit
    return None


@dataclass
class _RowHit:
    row: Row2019
    toks: list[_Tok]
    unit_hint: str | None
    span: tuple[int, int]


def _grid_rows(table: Table, rows: list[Row2019], layout: Layout2019, ptr: int) -> tuple[list[_RowHit], int]:
    hits: list[_RowHit] = []
    header = ""
    for grid_row in table.rows:
        seen: set[int] = set()
        cells: list[Cell | None] = []
        for cell in grid_row:
            if cell is None:
                cells.append(None)
                continue
            if id(cell) in seen:
                continue
            seen.add(id(cell))
            cells.append(cell)
        texts = [c.text.strip() if c is not None else "" for c in cells]
        label_idx = next(
            (
                i
                for i, t in enumerate(texts)
                if t and not re.search(r"\d", t.replace("第", "")) and not is_blank_mark(t)
            ),
            None,
        )
        j = _row_at(normalize_label(texts[label_idx]), rows, ptr) if label_idx is not None else None
        if label_idx is None or j is None:
            header = " ".join(texts)
            continue
        toks: list[_Tok] = []
        for c, t in zip(cells[label_idx + 1 :], texts[label_idx + 1 :]):
            if c is None or not t:
                toks.append(_Tok(0, "", "", None, c.start if c else 0, c.start if c else 0, blank=True))
            else:
                lead = c.text.find(t)
                toks.extend(_field_tokens(t, c.start + max(lead, 0)))
        # Empty cells at the ends beyond the row's width are padding of the layout.
        n = len(rows[j].columns)
        while len(toks) > n and toks[-1].blank:
            toks.pop()
        while len(toks) > n and toks[0].blank:
            toks.pop(0)
        label_cell = cells[label_idx]
        assert label_cell is not None  # the label is a cell's non-empty text
        start = label_cell.start
        hits.append(_RowHit(rows[j], toks, _unit_in(header, layout), (start, cells[-1].end if cells[-1] else start)))
        ptr = j + 1
    return hits, ptr


def _text_rows(
    text: str, start: int, end: int, rows: list[Row2019], layout: Layout2019, ptr: int
) -> tuple[list[_RowHit], int]:
    """Rows of table 1 in flattened text: each alias, then the values up to the next label."""
    hits: list[_RowHit] = []
    pos = start
    header_from = start
    while ptr < len(rows) and pos < end:
        best = None
        for j in range(ptr, len(rows)):
            for a in rows[j].aliases:
                k = _find_label(text, a, pos, end)
                if k is not None and (best is None or k[0] < best[1] or (k[0] == best[1] and len(a) > best[3])):
                    best = (j, k[0], k[1], len(a))
        if best is None:
            break
        j, a_start, a_end, _ = best
        unit_note = _LABEL_NOTE.match(text, a_end, end)  # 规章（件）
        if unit_note:
            a_end = unit_note.end()
        stop = _values_end(text, a_end, end)
        toks = _segment_tokens(text, a_end, stop)
        unit = _unit_in(text[header_from:a_start], layout)
        hits.append(_RowHit(rows[j], toks, unit, (a_start, stop)))
        ptr = j + 1
        pos = stop
        header_from = stop
    return hits, ptr


def _find_label(text: str, alias: str, start: int, end: int) -> tuple[int, int] | None:
    """Where `alias` is printed (white space allowed between its characters) in [start, end)."""
    pat = _alias_pattern(alias)
    m = pat.search(text, start, end)
    return (m.start(), m.end()) if m else None


@lru_cache(maxsize=256)
def _alias_pattern(alias: str) -> re.Pattern:
    return re.compile(r"\s*".join(re.escape(ch) for ch in alias))


# A short note in brackets after a row label (a unit: （件）, （项）), not a value.
_LABEL_NOTE = re.compile(
    r"\s*" + char_class(OPEN_PARENS) + "[^" + re.escape(CLOSE_PARENS) + r"\d]{1,8}" + char_class(CLOSE_PARENS)
)


def _values_end(text: str, a: int, end: int) -> int:
    m = _value_chars().match(text, a, end)
    b = m.end() if m else a
    # Give back a trailing item number of the next label (`…0 2.` or a heading's `（`).
    while b > a and text[b - 1] in "." + COLONS:
        b -= 1
    return b


def _region(text: str, layout: Layout2019, t2_start: int | None) -> tuple[int, int] | None:
    hits = [text.find(w) for w in layout.region_start]
    hits = [h for h in hits if h >= 0 and (t2_start is None or h < t2_start)]
    if not hits:
        return None
    start = min(hits)
    end = t2_start
    if end is None:
        ends = [text.find(w, start) for w in layout.region_end]
        ends = [e for e in ends if e >= 0]
        end = min(ends) if ends else min(len(text), start + layout.raw["t1_2019"]["region_max_chars"])
    return start, end


def read_table1_2019(doc: Document, t2_start: int | None = None, layout: Layout2019 | None = None) -> Read2019:
    """Table 1 of the 2019 format, between its heading and table 2 (`tables` left empty)."""
    layout = layout or load_layout_2019()
    out = Read2019(tables=TableRead(), cells={k: None for k in layout.cells})
    text = unicodedata.normalize("NFC", doc.text)
    region = _region(text, layout, t2_start)
    if region is None:
        return out
    start, end = region
    hits: list[_RowHit] = []
    ptr = 0
    pos = start
    for table in sorted(doc.tables, key=lambda t: t.start):
        if table.end <= start or table.start >= end:
            continue
        more, ptr2 = _text_rows(text, pos, table.start, layout.rows, layout, ptr)
        hits += more
        grid, ptr = _grid_rows(table, layout.rows, layout, ptr2)
        hits += grid
        pos = max(pos, table.end)
    more, ptr = _text_rows(text, pos, end, layout.rows, layout, ptr)
    hits += more
    if not hits:
        return out
    out.found = True
    out.region = (start, max(h.span[1] for h in hits))
    for hit in hits:
        _store(out, hit, layout)
    return out


def _store(out: Read2019, hit: _RowHit, layout: Layout2019) -> None:
    row = hit.row
    keys = row.cells
    toks = list(hit.toks)
    # Empty cells at either end beyond the row's width are padding of the layout.
    while len(toks) > len(keys) and toks[-1].blank:
        toks.pop()
    while len(toks) > len(keys) and toks[0].blank:
        toks.pop(0)
    readings = _readings(toks, row, layout)
    msg = layout.raw["messages"]
    label = msg["label_zh"].format(row=row.zh)
    label_en = msg["label_en"].format(row=row.zh)
    digits = " ".join(("-" if t.sign < 0 else "") + t.digits + t.frac for t in hit.toks if not t.blank)
    if not readings or len(readings) > _MAX_READINGS:
        for k in keys:
            out.cells[k] = None
        if any(not t.blank for t in hit.toks):
            out.flags.append(
                Flag.make(
                    "table.unreadable_row",
                    "warning",
                    msg["unreadable_row_zh"].format(label=label, digits=digits),
                    msg["unreadable_row_en"].format(label=label_en, digits=digits),
                    [{"cell": k, "value": None, "span": list(hit.span)} for k in keys],
                )
            )
        return
    split = len(hit.toks) < len(keys) or len(readings) > 1
    undecided = []
    for idx, key in enumerate(keys):
        vals = {_freeze(r[idx][0]) for r in readings}
        if len(vals) != 1:
            out.cells[key] = None
            undecided.append((key, sorted({_show(r[idx][0]) for r in readings}, key=str)))
            continue
        raw = readings[0][idx][0]
        spans = {r[idx][1] for r in readings}
        value, printed = _money_value(raw, hit.unit_hint, layout)
        if value is None and printed is not None:
            out.flags.append(
                Flag.make(
                    "table.unit_missing",
                    "warning",
                    msg["unit_missing_zh"].format(label=label, column=layout.cell_labels[key][1], printed=printed),
                    msg["unit_missing_en"].format(label=label_en, printed=printed),
                    [cell_evidence(key, None, spans.pop() if len(spans) == 1 else None) | {"printed": printed}],
                )
            )
            out.cells[key] = None
            continue
        out.cells[key] = value
        if value is not None and len(spans) == 1:
            sp = spans.pop()
            if sp is not None:
                out.spans[key] = sp
        if value is not None and split:
            out.split_cells.append(key)
    if undecided:
        out.flags.append(
            Flag.make(
                "table.ambiguous_split",
                "warning",
                msg["ambiguous_split_zh"].format(label=label, digits=digits, n=len(readings)),
                msg["ambiguous_split_en"].format(label=label_en, digits=digits, n=len(readings)),
                [{"cell": k, "value": None, "span": list(hit.span), "readings": r} for k, r in undecided],
            )
        )


def _freeze(v):
    return v if not isinstance(v, tuple) else v[:3]


def _show(v):
    if isinstance(v, tuple):
        return f"{v[1]:g}{v[2] or ''}"
    return v


def read_tables_2019(doc: Document, layout: Layout | None = None) -> Read2019:
    """All tables of a 2019-format report: tables 2 and 3 by the 2021 reader (its table 1,
    whose rows mean other things in this format, is dropped), table 1 by this module."""
    layout = layout or load_layout()
    tables = read_tables(doc, layout)
    t1_keys = {c for r in layout.t1 for c in r.cells}
    for k in t1_keys:
        tables.cells[k] = None
        tables.spans.pop(k, None)
    tables.split_cells = [k for k in tables.split_cells if k not in t1_keys]
    tables.flags = [f for f in tables.flags if not any(e.get("cell") in t1_keys for e in f.evidence)]
    tables.found.pop("t1", None)
    tables.regions.pop("t1", None)
    t2_start = tables.regions["t2"][0] if tables.found.get("t2") else None
    out = read_table1_2019(doc, t2_start)
    out.tables = tables
    if out.region is not None:
        tables.regions["t1"] = out.region
    tables.found["t1"] = out.found
    return out
