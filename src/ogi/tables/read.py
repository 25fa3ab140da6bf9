"""Reading the three standard tables from a document's label/value groups.

Rows are found by meaning (aliases in data/tables.toml), in the format's order, so a label
that is reworded, numbered differently, wrapped or glued to its neighbours still lands on
its row. Values are read as printed; where a run of digits lost its separators it is split
only if the table's own sums leave one reading (per cell: a cell all remaining readings
agree on is known, the others stay null and are flagged).
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field

from ..data_files import load_toml
from ..document import Document
from ..flags import Flag, cell_evidence
from ..text_marks import (
    CIRCLED,
    CLOSE_PARENS,
    CN_NUMERALS,
    ENUMERATION_COMMA,
    ITEM_DELIMS,
    OPEN_PARENS,
    SENTENCE_ENDS,
    char_class,
)
from .layout import Layout, Row, label_tail, load_layout, normalize_label
from .numbers import TooManySplits, Value, candidate_rows, known, read_number, row_sum, sums_to_last
from .stream import Group, Tok, document_groups

_NUMBER_MARK = re.compile(
    char_class(CIRCLED)
    + r"|(?<![\d.])\d{1,2}\s*"
    + char_class(ITEM_DELIMS)
    + r"(?!\d)"
    + "|"
    + char_class(OPEN_PARENS)
    + r"\s*"
    + char_class(CN_NUMERALS)
    + r"{1,3}\s*"
    + char_class(CLOSE_PARENS)
)
_SENTENCE = re.compile(char_class(SENTENCE_ENDS, "\n", negate=True) + "+")
_HEADING_NUMBER_END = re.compile(char_class(CN_NUMERALS) + r"{1,2}\s*" + ENUMERATION_COMMA + r"\s*$")  # 二、
_READ = load_toml("tables.toml")["read"]  # reach and bounds of the row reader, with their reasons
_MSG = load_toml("tables.toml")["messages"]


@dataclass
class RowRead:
    """What one row's group gave: readings (values, spans) that fit, or none."""

    row: Row
    group: Group | None
    readings: list[tuple[list[Value], list[tuple[int, int] | None]]] = field(default_factory=list)
    problem: str | None = None  # short_row | extra_value | unreadable
    split: bool = False


@dataclass
class TableRead:
    cells: dict[str, Value] = field(default_factory=dict)
    spans: dict[str, tuple[int, int]] = field(default_factory=dict)
    flags: list[Flag] = field(default_factory=list)
    found: dict[str, bool] = field(default_factory=dict)
    regions: dict[str, tuple[int, int]] = field(default_factory=dict)
    extra: dict[str, Value] = field(default_factory=dict)
    extra_spans: dict[str, tuple[int, int]] = field(default_factory=dict)
    split_cells: list[str] = field(default_factory=list)


def _label_norm(group: Group) -> str:
    if group.norm is None:
        group.norm = normalize_label(group.label_text)
    return group.norm


def _match_row(
    norm: str, tail: str, rows: list[Row], ptr: int, allow_fuzzy: bool = True, also: int | None = None
) -> tuple[int, int] | None:
    """(row index, position in label) of the row this label names, or None.

    `also` is a second row where a common word (其他, 总计) may name its row: the row after a
    group printed as one subtotal row. A label that names several rows in order (rows
    printed without values run their labels into the next one) names the last of them.
    """
    # The format's labels recur in every report: remember each answer (rows are the layout's).
    key = (norm, tail, id(rows), ptr, allow_fuzzy, also)
    if key not in _MATCHED:
        if len(_MATCHED) > 50_000:
            _MATCHED.clear()
        _ROWS.setdefault(id(rows), rows)  # kept alive: its id is never another list's
        _MATCHED[key] = _match_new(norm, tail, rows, ptr, allow_fuzzy, also)
    return _MATCHED[key]


_MATCHED: dict[tuple, tuple[int, int] | None] = {}
_ROWS: dict[int, list[Row]] = {}


def _match_new(
    norm: str, tail: str, rows: list[Row], ptr: int, allow_fuzzy: bool, also: int | None
) -> tuple[int, int] | None:
    best = _match_once(norm, rows, ptr, also)
    if best is None and allow_fuzzy and len(tail) >= _READ["fuzzy_min_chars"]:
        # A misspelled label (行政止公开) still names the row it is closest to.
        for j in range(ptr, min(ptr + _READ["fuzzy_rows"], len(rows))):
            ratio = difflib.SequenceMatcher(None, tail, normalize_label(rows[j].zh)).ratio()
            if ratio >= _READ["fuzzy_ratio"]:
                return (j, len(norm))
    while best is not None and best[1] < len(norm) and best[0] + 1 < len(rows):
        nxt = _match_once(norm[best[1] :], rows, best[0] + 1, None, inside=True)
        if nxt is None:
            break
        best = (nxt[0], best[1] + nxt[1])
    return best


def _match_once(norm: str, rows: list[Row], ptr: int, also: int | None, inside: bool = False) -> tuple[int, int] | None:
    best: tuple[int, int] | None = None
    for j in range(ptr, min(ptr + _READ["row_window"], len(rows))):
        row = rows[j]
        for alias in row.aliases:
            pos = norm.rfind(alias)
            if pos >= 0 and (best is None or pos + len(alias) > best[1]):
                best = (j, pos + len(alias))
        if inside:
            # after a row's name, the next row's common word anywhere (其他 before 总计), a
            # later row's where it ends the label (rows between absent from the print)
            for alias in row.context_aliases:
                pos = norm.rfind(alias) if j == ptr else (len(norm) - len(alias) if norm.endswith(alias) else -1)
                if pos >= 0 and (best is None or pos + len(alias) > best[1]):
                    best = (j, pos + len(alias))
        elif j == ptr or j == also or norm in row.context_aliases:
            # (a label that is only the common word names the nearest row it names, the rows
            # before it being absent from the print)
            for alias in row.context_aliases:
                # A common word (其他, 总计) counts only as the very end of the label.
                if norm.endswith(alias) and (best is None or len(norm) > best[1]):
                    best = (j, len(norm))
    return best


def _subtotal_group(norm: str, tail: str, layout: Layout, after: int) -> str | None:
    """The heading row (（六）其他处理) a label ends with, if no sub-row label follows it: the
    label's last numbered piece (`tail`) is the heading's, not a sub-row's wrapped first word
    (`（三）不予公开①.属` starts the row 属于国家秘密)."""
    for g in layout.t2_groups:
        for alias in g.aliases:
            pos = norm.rfind(alias)
            if pos >= 0 and pos + len(alias) >= len(norm) - 1 and pos >= after and (not tail or alias in tail):
                return g.key
    return None


def _row_readings(row: Row, group: Group, constraint) -> RowRead:
    n = len(row.columns)
    toks = list(group.values)
    rr = RowRead(row, group)
    if len(toks) > n and group.width:
        # A real grid: the value columns are the last n (padding cells sit before them),
        # except for table 1's one-value rows whose padding follows the value.
        lead = [t for t in toks if t.kind == "num"]
        if row.table == "t2":
            toks = [t for t in toks if t.col >= group.width - n] or toks
        elif lead:
            first = toks.index(lead[0])
            toks = toks[first : first + n]
    # Blank cells at either end beyond the row's width are padding of the layout.
    while len(toks) > n and toks and toks[0].kind == "blank":
        toks.pop(0)
    while len(toks) > n and toks and toks[-1].kind == "blank":
        toks.pop()
    texts = [None if t.kind == "blank" else t.text for t in toks]

    def spans_of(cut):
        out = []
        for i, a, b in cut:
            t = toks[i]
            out.append(None if t.kind == "blank" else (t.start + a, t.start + b))
        return out

    if len(toks) == n:
        values = [None if t.kind == "blank" else read_number(t.text) for t in toks]
        rr.readings = [(values, [None if t.kind == "blank" else (t.start, t.end) for t in toks])]
        return rr
    if len(toks) > n:
        options = []
        for sub in (toks[:n], toks[-n:]):
            values = [None if t.kind == "blank" else read_number(t.text) for t in sub]
            if constraint is None or constraint(values):
                options.append((values, [None if t.kind == "blank" else (t.start, t.end) for t in sub]))
        rr.problem = "extra_value"
        if len(options) == 1 or (len(options) == 2 and options[0][0] == options[1][0]):
            rr.readings = options[:1]
        return rr
    if len(toks) == n and all(t.kind == "blank" or read_number(t.text) is not None for t in toks):
        # Every cell printed apart: read as printed (a sum that fails is the checks' to flag).
        rr.readings = [
            (
                [None if t.kind == "blank" else read_number(t.text) for t in toks],
                [None if t.kind == "blank" else (t.start, t.end) for t in toks],
            )
        ]
        return rr
    if len(toks) == 1 and toks[0].kind == "num" and toks[0].text.isdecimal() and len(toks[0].text) == n:
        # As many digits as cells: each digit is a cell, the one split there is (the sums,
        # right or wrong, are the checks' to judge).
        rr.split = True
        rr.readings = [
            (
                [int(ch) for t in toks for ch in t.text],
                [(t.start + k, t.start + k + 1) for t in toks for k in range(len(t.text))],
            )
        ]
        return rr
    if row.table == "t1" and sum(t.kind != "blank" for t in toks) > 1:
        # Table 1 has no sums: digits are split only when the whole row is one run (cells
        # printed apart say where they part; `0 12` is never 0 | 1 | 2).
        rr.problem = "short_row"
        return rr
    try:
        cands = candidate_rows(texts, n, constraint)
    except TooManySplits:
        rr.problem = "unreadable"
        return rr
    if not cands:
        rr.problem = "short_row" if all(t is None or len(t) == 1 for t in texts) else "unreadable"
        return rr
    rr.split = True
    rr.readings = [(values, spans_of(cut)) for values, cut in cands]
    return rr


def _names_row_at_end(norm: str, row: Row) -> bool:
    """Whether the label ends with the row's name (as a table row label does, not prose)."""
    # (asked of every group of a report, for a table's first rows: a loop without a generator,
    # the row's name normalized only where an alias is found)
    for a in row.aliases:
        pos = norm.rfind(a)
        if pos >= 0 and len(norm) - (pos + len(a)) <= len(normalize_label(row.zh)) + _READ["name_end_slack"]:
            return True
    return False


def _locate_start(groups: list[Group], rows: list[Row], begin: int = 0, end: int | None = None) -> int | None:
    """Index of the group holding a table's first row, or its second where the first is
    absent from the print (the rest of the table is still read)."""
    for skip in range(2):
        found = _locate_row(groups, rows[skip:], begin, end)
        if found is not None:
            return found
    return None


def _locate_row(groups: list[Group], rows: list[Row], begin: int = 0, end: int | None = None) -> int | None:
    """Index of the group holding rows[0].

    Prose can name a row too (我局新收到政府信息公开申请2件), so a candidate counts only when
    the table's second row follows within a few groups, or it holds a whole row of values.
    """
    end = len(groups) if end is None else end
    width = len(rows[0].columns)
    fallback = None
    for i in range(begin, end):
        g = groups[i]
        if not g.values or not _names_row_at_end(_label_norm(g), rows[0]):
            continue
        for k in range(i + 1, min(i + 1 + _READ["second_row_within"], end)):
            if _names_row_at_end(_label_norm(groups[k]), rows[1]):
                return i
        digits = sum(len(t.text) for t in g.values if t.kind == "num")
        if fallback is None and (len(g.values) >= width or digits >= width) and width > 1:
            fallback = i
    return fallback


def _read_rows(
    groups: list[Group], start: int, rows: list[Row], layout: Layout, table: str, stop_words: list[str]
) -> tuple[list[RowRead], int, dict[str, list]]:
    """Walk the groups from `start`, giving each the row its label names."""
    reads: dict[int, RowRead] = {}
    subtotals: dict[str, list] = {}
    ptr = 0
    i = start
    constraint = row_sum(len(rows[0].columns)) if table == "t2" else None
    last = start
    after_group: int | None = None
    orphan: Group | None = None
    while i < len(groups) and ptr < len(rows):
        g = groups[i]
        norm = _label_norm(g)
        if i > start and any(w in norm for w in stop_words):
            break
        m = _match_row(norm, label_tail(g.label_text), rows, ptr, also=after_group)
        if orphan is not None:
            # The previous values came with a label naming no row: a wrapped label whose
            # end stands before this group's own numbered label (`…大量` / `反复申请 5.…`).
            cut = _numbered_at(g.label_text)
            if cut:
                whole = orphan.label_text + g.label_text[:cut]
                m2 = _match_row(normalize_label(whole), label_tail(whole), rows, ptr, also=after_group)
                if m2 is not None:
                    reads[m2[0]] = _row_readings(rows[m2[0]], orphan, constraint)
                    ptr, after_group, last = m2[0] + 1, None, i - 1
                    rest = g.label_text[cut:]
                    norm = normalize_label(rest)
                    m = _match_row(norm, label_tail(rest), rows, ptr)
            orphan = None
        if table == "t2":
            sub = _subtotal_group(norm, label_tail(g.label_text), layout, m[1] if m else 0)
            if sub is not None and g.values:
                grp = next(x for x in layout.t2_groups if x.key == sub)
                idx = [k for k, r in enumerate(rows) if r.key in grp.rows]
                if ptr <= idx[0]:
                    subtotals[sub] = [
                        g,
                        _row_readings(Row("t2", f"{sub}.subtotal", "", rows[0].columns, ()), g, constraint),
                    ]
                    # Its sub-rows may follow (they keep their own rows) or be absent: the row
                    # after the group may then be named by a common word (（七）总计).
                    ptr, after_group = idx[0], idx[-1] + 1
                    last = i
                    i += 1
                    continue
        if m is None and g.values and i > start:
            orphan = g
            i += 1
            continue
        if m is not None:
            j, _ = m
            if g.values:
                reads[j] = _row_readings(rows[j], g, constraint)
                ptr = j + 1
                after_group = None
                last = i
            else:
                ptr = j  # a label with its values on a later line (wrapped label)
        i += 1
    out = [reads.get(j, RowRead(rows[j], None)) for j in range(len(rows))]
    return out, last, subtotals


def _numbered_at(label: str) -> int:
    """Where a numbered label (1. ① （三）) starts inside `label` after some text, or 0."""
    for m in _NUMBER_MARK.finditer(label):
        if m.start() > 0 and normalize_label(label[: m.start()]):
            return m.start()
    return 0


def _t2_joint(reads: list[RowRead], layout: Layout) -> None:
    """Choose among the readings of run-together rows with the table's column sums, all rows
    at once: a search over the ambiguous rows that checks each sum as soon as its rows are
    chosen, and prunes where the outcome rows chosen so far already exceed their total.
    A reading survives if some choice of all the others satisfies every sum; where none
    does (the report's sums are wrong) nothing is narrowed."""
    ambiguous = [k for k, r in enumerate(reads) if len(r.readings) > 1]
    if not ambiguous:
        return
    by_key = {r.row.key: k for k, r in enumerate(reads)}
    sums = layout.t2_sums
    ncol = len(layout.t2_columns)
    outcome = [by_key[k] for k in sums["outcome_rows"]]
    total = by_key[sums["outcome_total"]]
    bal_in = [by_key[k] for k in sums["balance_in"]]
    bal_out = [by_key[k] for k in sums["balance_out"]]
    # the total first (the outcome rows are pruned against it), then the balance, then the rest
    order = sorted(ambiguous, key=lambda k: (k != total, k not in bal_in + bal_out, k))
    pos = {k: i for i, k in enumerate(order)}
    # a sum is checked at the search depth where its last ambiguous row is chosen
    checks: dict[int, list[tuple[list[int], list[int]]]] = {}
    for left, right in ((bal_in, bal_out), (outcome, [total])):
        depth = max((pos[k] for k in left + right if k in pos), default=-1)
        if depth >= 0:
            checks.setdefault(depth, []).append((left, right))
    nonneg = all(v is None or v >= 0 for r in reads for rd in r.readings for v in rd[0])
    choice: dict[int, int] = {}

    def vals(k: int):
        r = reads[k]
        if not r.readings:
            return None
        return r.readings[choice.get(k, 0)][0]

    def holds(left: list[int], right: list[int]) -> bool:
        rows_l, rows_r = [vals(k) for k in left], [vals(k) for k in right]
        for c in range(ncol):
            a = known(None if v is None else v[c] for v in rows_l)
            b = known(None if v is None else v[c] for v in rows_r)
            if a is not None and b is not None and abs(sum(a) - sum(b)) > 1e-9:
                return False
        return True

    def within_total() -> bool:
        if not nonneg or (total in pos and total not in choice):
            return True
        tot = vals(total)
        if tot is None:
            return True
        for c in range(ncol):
            if tot[c] is None:
                continue
            part = 0
            for k in outcome:
                if k in pos and k not in choice:
                    continue
                v = vals(k)
                if v is not None and v[c] is not None:
                    part += v[c]
            if part > tot[c] + 1e-9:
                return False
        return True

    used: dict[int, set[int]] = {k: set() for k in order}
    steps = 0

    def search(d: int) -> bool:
        nonlocal steps
        steps += 1
        if steps > _READ["max_joint_steps"]:
            raise TooManySplits("the table's run-together rows allow too many joint readings")
        if d == len(order):
            for k in order:
                used[k].add(choice[k])
            return True
        k = order[d]
        found = False
        for idx in range(len(reads[k].readings)):
            choice[k] = idx
            if within_total() and all(holds(lft, rgt) for lft, rgt in checks.get(d, [])):
                found = search(d + 1) or found
            del choice[k]
        return found

    try:
        if not search(0):
            return
    except TooManySplits:
        return
    for k in order:
        r = reads[k]
        r.readings = [r.readings[i] for i in sorted(used[k])]


def _store_row(out: TableRead, rr: RowRead, table_label: str) -> None:
    keys = rr.row.cells
    if len(rr.readings) == 1:
        values, spans = rr.readings[0]
        for key, v, sp in zip(keys, values, spans):
            out.cells[key] = v
            if v is not None and sp is not None:
                out.spans[key] = sp
        if rr.split:
            out.split_cells.extend(k for k, v in zip(keys, values) if v is not None)
        if rr.problem == "extra_value":
            out.flags.append(
                Flag.make(
                    "table.extra_value",
                    "warning",
                    _MSG["extra_value_zh"].format(table=table_label, row=rr.row.zh),
                    _MSG["extra_value_en"].format(table=table_label, row=rr.row.zh),
                    [cell_evidence(k, v, sp) for k, v, sp in zip(keys, values, spans)],
                )
            )
        return
    if len(rr.readings) > 1:
        undecided = []
        for idx, key in enumerate(keys):
            vals = {rd[0][idx] for rd in rr.readings}
            if len(vals) == 1:
                v = vals.pop()
                out.cells[key] = v
                sps = {rd[1][idx] for rd in rr.readings}
                if v is not None and len(sps) == 1:
                    sp = sps.pop()
                    assert sp is not None  # a stated value was read from a printed token
                    out.spans[key] = sp
                out.split_cells.append(key)
            else:
                out.cells[key] = None
                undecided.append(key)
        if undecided:
            span = (rr.group.values[0].start, rr.group.values[-1].end) if rr.group and rr.group.values else None
            out.flags.append(
                Flag.make(
                    "table.ambiguous_split",
                    "warning",
                    _MSG["ambiguous_split_zh"].format(
                        table=table_label, row=rr.row.zh, digits=_digits(rr), n=len(rr.readings)
                    ),
                    _MSG["ambiguous_split_en"].format(
                        table=table_label, row=rr.row.zh, digits=_digits(rr), n=len(rr.readings)
                    ),
                    [
                        {
                            "cell": k,
                            "value": None,
                            "span": list(span) if span else None,
                            "readings": sorted({rd[0][keys.index(k)] for rd in rr.readings}, key=_none_first),
                            # the row's joint readings, aligned across the flag's cells: reading i is
                            # row_readings[i] of every cell (a corpus run chooses among them, corpus/splits.py)
                            "row_readings": [rd[0][keys.index(k)] for rd in rr.readings],
                            "row_spans": [_list(rd[1][keys.index(k)]) for rd in rr.readings],
                        }
                        for k in undecided
                    ],
                )
            )
        return
    for key in keys:
        out.cells[key] = None
    if rr.group is not None and rr.group.values:
        span = (rr.group.values[0].start, rr.group.values[-1].end)
        problem = rr.problem or "unreadable"
        out.flags.append(
            Flag.make(
                "table.unreadable_row",
                "warning",
                _MSG["unreadable_row_zh"].format(table=table_label, row=rr.row.zh, what=_MSG["unreadable_zh"][problem]),
                _MSG["unreadable_row_en"].format(table=table_label, row=rr.row.zh, what=_MSG["unreadable_en"][problem]),
                [{"cell": k, "value": None, "span": list(span)} for k in keys],
            )
        )


def _list(span):
    return list(span) if span else None


def _none_first(v):
    return (v is not None, v or 0)


def _digits(rr: RowRead) -> str:
    return " ".join(t.text for t in rr.group.values) if rr.group else ""


def _read_t3(groups: list[Group], begin: int, layout: Layout, out: TableRead, text: str = "") -> None:
    header_words = layout.t3_header_words
    header = layout.raw["t3"]
    keys = layout.t3_cells
    for i in range(begin, len(groups)):
        norm = _label_norm(groups[i])
        if not (all(w in norm for w in header["header_all"]) and any(w in norm for w in header["header_any"])):
            continue
        if not any(w in norm for w in header["header_columns"]):
            # the header may run over several label-only groups (grid header rows)
            if not (i + 1 < len(groups) and any(w in _label_norm(groups[i + 1]) for w in header["header_columns"])):
                continue
        # Gather values from this group on while labels are only header words.
        toks: list[Tok] = []
        first = i
        j = i
        while j < len(groups) and len(toks) < len(keys):
            g = groups[j]
            if j > i:
                rest = _label_norm(g)
                for w in header_words:
                    rest = rest.replace(w, "")
                if rest:
                    break
            toks.extend(g.values)
            j += 1
        if not toks:
            continue
        fake = Group(groups[first].label, toks, width=groups[first].width)
        row = _KeyedRow(keys, header["zh"])
        rr = _row_readings(row, fake, sums_to_last(len(layout.t3_columns)))  # type: ignore[arg-type]
        _store_row(out, rr, _MSG["short_names"]["t3"])
        out.found["t3"] = True
        out.regions["t3"] = (_region_start(text, groups[first], layout.raw["t3"]["region_start"]), groups[j - 1].end)
        return
    out.found["t3"] = False


class _KeyedRow:
    """Table 3 read as one row of 15 cells (three groups of five, each summing to its last)."""

    table = "t3"

    def __init__(self, keys: list[str], zh: str):
        self.cells = keys
        self.zh = zh
        self.columns = tuple(keys)


def _region_start(text: str, group: Group, keywords: list[str]) -> int:
    """Where a table's region begins: its heading or header, not the prose before it."""
    a = group.start
    b = next((v.start for v in group.values if v.kind == "num"), group.end)
    window = text[a:b]
    cut = max(window.rfind(c) for c in SENTENCE_ENDS)
    hits = [window.find(k, cut + 1) for k in keywords]
    hits = [h for h in hits if h >= 0]
    if hits:
        start = a + min(hits)
        # take the heading number too (二、 四、)
        m = _HEADING_NUMBER_END.search(text[max(a, start - 4) : start])
        return start - len(m.group()) if m else start
    return a + cut + 1 if cut >= 0 else a


def read_tables(doc: Document, layout: Layout | None = None) -> TableRead:
    """All cells of the three tables (None where not stated), with spans and flags."""
    layout = layout or load_layout()
    out = TableRead(cells={k: None for k in layout.cells})
    groups = document_groups(doc)

    t2_start = _locate_start(groups, layout.t2)
    t1_start = _locate_start(groups, layout.t1, 0, t2_start)

    if t1_start is not None:
        reads, last, _ = _read_rows(groups, t1_start, layout.t1, layout, "t1", layout.raw["t1"]["stop_words"])
        _t1_narrative(reads, doc.text, groups[t1_start].start, layout, out)
        for rr in reads:
            _store_row(out, rr, _MSG["short_names"]["t1"])
        out.found["t1"] = any(rr.group is not None for rr in reads)
        out.regions["t1"] = (
            _region_start(doc.text, groups[t1_start], layout.raw["t1"]["region_start"]),
            groups[last].end,
        )
    else:
        out.found["t1"] = False

    t3_begin = 0
    if t2_start is not None:
        reads, last, subtotals = _read_rows(groups, t2_start, layout.t2, layout, "t2", layout.raw["t2"]["stop_words"])
        _t2_joint(reads, layout)
        for rr in reads:
            _store_row(out, rr, _MSG["short_names"]["t2"])
        for key, (_g, rr) in subtotals.items():
            if len(rr.readings) == 1:
                for col, v, sp in zip(layout.t2_columns, *rr.readings[0]):
                    out.extra[f"t2.{key}.subtotal.{col}"] = v
                    if sp is not None and v is not None:
                        out.extra_spans[f"t2.{key}.subtotal.{col}"] = sp
        out.found["t2"] = any(rr.group is not None for rr in reads)
        out.regions["t2"] = (
            _region_start(doc.text, groups[t2_start], layout.raw["t2"]["region_start"]),
            groups[last].end,
        )
        t3_begin = last + 1
    else:
        out.found["t2"] = False
    _read_t3(groups, t3_begin, layout, out, doc.text)
    _flag_negative(out)
    return out


def _narrative_counts(text: str, layout: Layout) -> dict[str, list[tuple[int, int, int]]]:
    """Counts the narrative states for table-1 columns: column -> [(value, start, end)]."""
    cfg = layout.raw["t1"]["narrative"]
    found: dict[str, list[tuple[int, int, int]]] = {}
    for sent in _SENTENCE.finditer(text):
        s = sent.group()
        if cfg["row_words"] not in s or re.search(cfg["sentence_excludes"], s):
            continue
        for col, pat in cfg["columns"].items():
            for m in re.finditer(pat, s):
                found.setdefault(col, []).append((int(m.group(1)), sent.start() + m.start(1), sent.start() + m.end(1)))
    return found


def _t1_narrative(reads: list[RowRead], text: str, table_start: int, layout: Layout, out: TableRead) -> None:
    """Choose among the splits of a table-1 row by what the narrative before the table says."""
    cfg = layout.raw["t1"]["narrative"]
    todo = [rr for rr in reads if rr.row.key in cfg["rows"] and len(rr.readings) > 1]
    if not todo:
        return
    stated = _narrative_counts(text[:table_start], layout)
    for rr in todo:
        cols = [(k, c) for k, c in enumerate(rr.row.columns) if len({v for v, _, _ in stated.get(c, [])}) == 1]
        if not cols:
            continue
        fit = [rd for rd in rr.readings if all(rd[0][k] == stated[c][0][0] for k, c in cols)]
        if len(fit) > 1:
            continue  # the narrative narrows the splits but does not choose one
        evidence = [
            {
                "cell": rr.row.cell(c),
                "value": stated[c][0][0],
                "span": [stated[c][0][1], stated[c][0][2]],
                "source": "narrative",
            }
            for _, c in cols
        ]
        if fit:
            rr.readings = fit
            rule, severity, zh, en = "table.split_by_text", "info", "split_by_text_zh", "split_by_text_en"
        else:  # every split contradicts the narrative
            rule, severity = "text_table.normative_docs", "warning"
            zh, en = "narrative_contradicts_zh", "narrative_contradicts_en"
        fields = {"row": rr.row.zh, "digits": _digits(rr)}
        out.flags.append(Flag.make(rule, severity, _MSG[zh].format(**fields), _MSG[en].format(**fields), evidence))


def _flag_negative(out: TableRead) -> None:
    """A count below zero cannot be right in the 2021 tables: kept as printed, and flagged."""
    for key, v in out.cells.items():
        if v is not None and v < 0:
            table = _MSG["short_names"][key.split(".")[0]]
            out.flags.append(
                Flag.make(
                    "table.negative_value",
                    "error",
                    _MSG["negative_value_zh"].format(table=table, key=key, value=v),
                    _MSG["negative_value_en"].format(key=key, value=v),
                    [cell_evidence(key, v, out.spans.get(key))],
                )
            )
