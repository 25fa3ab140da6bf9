"""One extracted report (its output-contract dict) as rows of the five corpus tables."""

from __future__ import annotations

import json
from functools import lru_cache

from ..data_files import load_toml
from ..tables.format2019 import load_layout_2019
from ..tables.layout import load_layout

# Fields of output.md's fact and section dicts that become columns (others are not kept);
# `start`/`end` become span_start/span_end, `value` value or amount (see `_number`).
FACT_FIELDS = ("type", "unit", "approx", "negated", "category", "sentence", "section", "confidence")
SECTION_FIELDS = ("label", "heading", "confidence")
FLAG_FIELDS = ("rule", "severity", "message", "message_en")
MONEY = "元"  # a unit ending so (元, 万元) is a sum of money, not a count


def _text(v):
    """Empty text is null: CSV and XLSX cannot tell "" from a missing value."""
    return None if v is None or v == "" else v


def _json(v) -> str | None:
    return json.dumps(v, ensure_ascii=False) if v else None


def _number(value, money: bool) -> dict:
    """A count as an integer in `value`; a sum of money (or a number that is not whole, which
    no count is) as it is, in `amount`."""
    if money or (value is not None and not float(value).is_integer()):
        return {"value": None, "amount": value}
    return {"value": None if value is None else int(value), "amount": None}


def _fact_is_money(fact: dict) -> bool:
    unit = fact.get("unit") or _default_units().get(fact.get("type") or "")
    return bool(unit) and str(unit).endswith(MONEY)


@lru_cache(maxsize=1)
def _default_units() -> dict[str, str]:
    # read from the data file, not through ogi.facts: the process that writes a corpus run's
    # rows need not import spaCy and the tagger
    return load_toml("facts.toml")["types"]


@lru_cache(maxsize=1)
def _labels() -> tuple[dict, dict]:
    """(table, row, column) per standard cell key from cells.csv, and the Chinese column
    names of table 2 (for the subtotal rows, which cells.csv does not list)."""
    layout = load_layout()
    cells = {k: (k.split(".", 1)[0], *layout.cell_labels[k]) for k in layout.cells}
    t2_cols = {c: layout.cell_labels[f"t2.new.{c}"][1] for c in layout.t2_columns}
    groups = {g.key: g.aliases[0] for g in layout.t2_groups}
    return cells, {"columns": t2_cols, "groups": groups}


def _extra_label(key: str, names: dict) -> tuple[str, str | None, str | None]:
    # t2.<group>.subtotal.<column>
    parts = key.split(".")
    group = names["groups"].get(parts[1]) if len(parts) == 4 else None
    return parts[0], f"{group}（小计）" if group else None, names["columns"].get(parts[-1])


def report_rows(rep: dict, agency_key: str | None = None, agency_context: str | None = None) -> dict[str, list[dict]]:
    """Rows for reports, cells, facts, sections and flags from one `Report.to_json()` dict."""
    doc_id = rep["doc_id"]
    labels, names = _labels()
    spans = rep.get("cell_spans") or {}
    split = set(rep.get("split_cells") or ())
    ocr = rep.get("ocr_cells") or {}
    cells = []

    def cell(key: str, value, table: str, row, column, extra: bool = False) -> None:
        # a standard cell records its span, split and OCR confidence; a printed subtotal row
        # (`extra`) has none of them
        span = (None, None) if extra else (spans.get(key) or (None, None))
        cells.append(
            {
                "doc_id": doc_id,
                "key": key,
                "table_id": table,
                "row_label": row,
                "column_label": column,
                **_number(value, not extra and MONEY in (column or "")),
                "span_start": span[0],
                "span_end": span[1],
                "split": not extra and key in split,
                "extra": extra,
                "ocr_confidence": None if extra else ocr.get(key),
            }
        )

    for key, value in rep.get("cells", {}).items():
        table, row, column = labels.get(key, (key.split(".", 1)[0], None, None))
        cell(key, value, table, row, column)
    labels_2019 = load_layout_2019().cell_labels
    for key, value in (rep.get("cells_2019") or {}).items():
        # The 2019 format's own table 1, in the same long table under its own keys (table t1_2019).
        row, column = labels_2019.get(key, (None, None))
        cell(key, value, key.split(".", 1)[0], row, column)
    for key, value in (rep.get("extra_cells") or {}).items():
        table, row, column = _extra_label(key, names)
        cell(key, value, table, row, column, extra=True)
    facts = [
        {
            "doc_id": doc_id,
            "fact_no": i,
            **{k: _text(f.get(k)) for k in FACT_FIELDS},
            **_number(f.get("value"), _fact_is_money(f)),
            "span_start": f.get("start"),
            "span_end": f.get("end"),
        }
        for i, f in enumerate(rep.get("facts") or [])
    ]
    sections = [
        {
            "doc_id": doc_id,
            "section_no": i,
            **{k: _text(s.get(k)) for k in SECTION_FIELDS},
            "span_start": s.get("start"),
            "span_end": s.get("end"),
        }
        for i, s in enumerate(rep.get("sections") or [])
    ]
    flags = [flag_row(doc_id, i, f) for i, f in enumerate(rep.get("flags") or [])]
    errors = rep.get("errors") or []
    report = {
        "doc_id": doc_id,
        "source": rep.get("source"),
        "agency": _text(rep.get("agency")),
        "agency_key": agency_key,
        "agency_context": agency_context,
        "year": rep.get("year"),
        "format": rep.get("format"),
        "title": _text(rep.get("title")),
        "input_kind": rep.get("input_kind"),
        "n_cells": sum(c["value"] is not None or c["amount"] is not None for c in cells if not c["extra"]),
        "n_sections": len(sections),
        "n_facts": len(facts),
        "n_flags": len(flags),
        "n_errors": len(errors),
        "errors": _json(errors),
        "tables_found": _json(rep.get("tables_found")),
        "ogi_version": _version(),
        "source_bytes": rep.get("source_bytes"),
        "ocr_pages": _json(rep.get("ocr_pages") or None),
    }
    return {"reports": [report], "cells": cells, "facts": facts, "sections": sections, "flags": flags}


def _version() -> str:
    from .. import __version__

    return __version__


def flag_row(doc_id: str, index: int, flag: dict) -> dict:
    return {
        "doc_id": doc_id,
        "flag_no": index,
        **{k: flag.get(k) for k in FLAG_FIELDS},
        "evidence": json.dumps(flag.get("evidence") or [], ensure_ascii=False),
    }
