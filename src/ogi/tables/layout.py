"""The standard tables as data: rows, columns, label aliases and sums (data/tables.toml)."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import cached_property, lru_cache

from ..data_files import load_csv, load_toml
from ..text_marks import CIRCLED, CIRCLED_NEGATIVE, CLOSE_PARENS, CN_NUMERALS, ITEM_DELIMS, OPEN_PARENS, char_class


@dataclass(frozen=True)
class Row:
    table: str
    key: str
    zh: str
    columns: tuple[str, ...]
    aliases: tuple[str, ...]
    context_aliases: tuple[str, ...] = ()
    decimal: bool = False

    def cell(self, column: str) -> str:
        return f"{self.table}.{self.key}.{column}"

    @property
    def cells(self) -> list[str]:
        return list(self._cells)

    @cached_property
    def _cells(self) -> tuple[str, ...]:  # (asked for at every row read and check)
        return tuple(self.cell(c) for c in self.columns)


@dataclass(frozen=True)
class Group:
    """A heading row of table 2 such as （六）其他处理 that owns sub-rows."""

    key: str
    aliases: tuple[str, ...]
    rows: tuple[str, ...]
    zh: str = ""


@dataclass
class Layout:
    cells: list[str]
    cell_labels: dict[str, tuple[str, str]]
    t1: list[Row]
    t2: list[Row]
    t2_groups: list[Group]
    t2_columns: tuple[str, ...]
    t2_sums: dict
    t3_groups: tuple[str, ...]
    t3_columns: tuple[str, ...]
    t3_header_words: tuple[str, ...]
    raw: dict = field(repr=False, default_factory=dict)

    def rows(self, table: str) -> list[Row]:
        return {"t1": self.t1, "t2": self.t2}[table]

    @property
    def t3_cells(self) -> list[str]:
        return [f"t3.{g}.{c}" for g in self.t3_groups for c in self.t3_columns]


@lru_cache(maxsize=1)
def load_layout() -> Layout:
    raw = load_toml("tables.toml")
    rows = load_csv("cells.csv")
    cells = [r["key"] for r in rows]
    labels = {r["key"]: (r["row_zh"], r["col_zh"]) for r in rows}
    t1 = [
        Row(
            "t1",
            r["key"],
            r["zh"],
            tuple(r["columns"]),
            tuple(r["aliases"]),
            tuple(r.get("context_aliases", ())),
            bool(r.get("decimal", False)),
        )
        for r in raw["t1"]["rows"]
    ]
    t2cols = tuple(raw["t2"]["columns"])
    t2 = [
        Row("t2", r["key"], r["zh"], t2cols, tuple(r["aliases"]), tuple(r.get("context_aliases", ())))
        for r in raw["t2"]["rows"]
    ]
    groups = [
        Group(g["key"], tuple(g["aliases"]), tuple(r.key for r in t2 if r.key.startswith(g["key"] + ".")), g["zh"])
        for g in raw["t2"]["groups"]
    ]
    layout = Layout(
        cells=cells,
        cell_labels=labels,
        t1=t1,
        t2=t2,
        t2_groups=groups,
        t2_columns=t2cols,
        t2_sums=raw["t2"]["sums"],
        t3_groups=tuple(raw["t3"]["groups"]),
        t3_columns=tuple(raw["t3"]["columns"]),
        t3_header_words=tuple(raw["t3"]["header_words"]),
        raw=raw,
    )
    declared = set(layout.t3_cells) | {c for r in t1 + t2 for c in r.cells}
    if declared != set(cells):
        raise RuntimeError(f"tables.toml and cells.csv disagree: {sorted(declared ^ set(cells))[:5]}")
    return layout


# (applied to NFKC-folded text, where full-width marks are already their ASCII forms)
# 一、 (一) (1) 1. 1、 ①. The pattern consumes the number's first character and looks at what
# stands before and after it from there: a pattern that opens with a class, not a repeat or a
# look behind, is searched by a scan that skips to the next possible first character (labels
# run to paragraphs, and each is searched for numbering).
_NUMBERING = re.compile(
    "["
    + re.escape(CN_NUMERALS + OPEN_PARENS + CIRCLED + CIRCLED_NEGATIVE)
    + r"\d](?:(?<="
    + char_class(CN_NUMERALS)
    + ")"
    + char_class(CN_NUMERALS)
    + r"{0,2}\s*"
    + char_class(ITEM_DELIMS)  # 一、
    + "|(?<="
    + char_class(OPEN_PARENS)
    + r")\s*["
    + CN_NUMERALS
    + r"\d]{1,3}\s*"
    + char_class(CLOSE_PARENS)  # (一) (1)
    + r"|(?<=\d)(?<![\d.].)\d?\s*"
    + char_class(ITEM_DELIMS)
    + r"(?!\d)"  # 1. 1、 (no digit or point before it)
    + "|(?<="
    + char_class(CIRCLED, CIRCLED_NEGATIVE)  # ①
    + "))"
)
_CIRCLED = re.compile(char_class(CIRCLED, CIRCLED_NEGATIVE))
# what a label loses, a run at a time (a class, then its repeat: the scan skips to the first)
_KEEP = re.compile(r"[^\u4e00-\u9fffA-Za-z0-9][^\u4e00-\u9fffA-Za-z0-9]*")
_VARIANTS = tuple((a, b) for a, b in load_toml("tables.toml")["labels"]["variants"])


# The full-width forms (，（）：…) as their compatibility decompositions. NFKC of a text with
# some characters replaced by their NFKD is NFKC of the text; without them a label passes
# NFKC's quick check, where a single full-width comma makes it decompose every character.
_NARROW = {chr(c): unicodedata.normalize("NFKD", chr(c)) for c in range(0xFF01, 0xFF5F)}
_WIDE = re.compile(char_class("".join(_NARROW)))


def _nfkc(text: str) -> str:
    return unicodedata.normalize("NFKC", _WIDE.sub(lambda m: _NARROW[m[0]], text))


@lru_cache(maxsize=16384)
def normalize_label(text: str) -> str:
    """A label reduced to what it says: no space, numbering, punctuation or width variants."""
    s = _nfkc(_CIRCLED.sub("", text))  # NFKC would make ③ a bare 3
    s = _NUMBERING.sub("", s)
    s = _KEEP.sub("", s)
    for a, b in _VARIANTS:
        s = s.replace(a, b)
    return s


@lru_cache(maxsize=4096)  # the format's labels recur in every report
def label_tail(text: str) -> str:
    """The last numbered piece of a label (`（三）不予公开2.其他…` -> `其他…`), normalized."""
    s = _nfkc(_CIRCLED.sub("1.", text))
    pieces = [p for p in _NUMBERING.split(s) if normalize_label(p)]
    return normalize_label(pieces[-1]) if pieces else ""
