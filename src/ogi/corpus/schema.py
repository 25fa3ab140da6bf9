"""The five corpus tables as data: column names and types, in one place.

Every backend (DuckDB, parquet, CSV, XLSX, pandas) takes its columns from here, and
`normalize` gives a DataFrame read from any of them the same dtypes and row order, so a
corpus read back equals the corpus written. Names may be added, never renamed. Every name
can be written unquoted in SQL (no reserved word: tests check DuckDB and SQLite).
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd
import pyarrow as pa

# type name -> (DuckDB type, pandas dtype, Arrow type); pandas' nullable dtypes keep nulls as <NA>.
TYPES = {
    "str": ("VARCHAR", "string", pa.string()),
    "int": ("BIGINT", "Int64", pa.int64()),
    "float": ("DOUBLE", "Float64", pa.float64()),
    "bool": ("BOOLEAN", "boolean", pa.bool_()),
}

TABLES: dict[str, list[tuple[str, str]]] = {
    # One row per document, including the ones that could not be read (see `errors`).
    # `ocr_pages`: JSON list of the pages read by OCR, null when none were.
    "reports": [
        ("doc_id", "str"),
        ("source", "str"),
        ("agency", "str"),
        ("agency_key", "str"),
        ("agency_context", "str"),
        ("year", "int"),
        ("format", "str"),
        ("title", "str"),
        ("input_kind", "str"),
        ("n_cells", "int"),
        ("n_sections", "int"),
        ("n_facts", "int"),
        ("n_flags", "int"),
        ("n_errors", "int"),
        ("errors", "str"),
        ("tables_found", "str"),
        ("ogi_version", "str"),
        ("source_bytes", "str"),
        ("ocr_pages", "str"),
    ],
    # Long: the 200 cells of cells.csv per document (null where not stated), plus the
    # subtotal rows some reports print instead of sub-rows (`extra`). Counts are integers
    # (`value`); a sum of money (the fees cell, in 万元) is `amount`, with `value` null.
    # `ocr_confidence`: the recogniser's confidence where OCR read the printed value, else null.
    "cells": [
        ("doc_id", "str"),
        ("key", "str"),
        ("table_id", "str"),
        ("row_label", "str"),
        ("column_label", "str"),
        ("value", "int"),
        ("amount", "float"),
        ("span_start", "int"),
        ("span_end", "int"),
        ("split", "bool"),
        ("extra", "bool"),
        ("ocr_confidence", "float"),
    ],
    # `fact_no` is the fact's place in the report's `facts` (what a flag's evidence names);
    # a fee (unit 元) is `amount`, every other fact a count in `value`.
    "facts": [
        ("doc_id", "str"),
        ("fact_no", "int"),
        ("type", "str"),
        ("value", "int"),
        ("amount", "float"),
        ("unit", "str"),
        ("approx", "bool"),
        ("negated", "bool"),
        ("category", "str"),
        ("span_start", "int"),
        ("span_end", "int"),
        ("sentence", "str"),
        ("section", "str"),
        ("confidence", "float"),
    ],
    "sections": [
        ("doc_id", "str"),
        ("section_no", "int"),
        ("label", "str"),
        ("span_start", "int"),
        ("span_end", "int"),
        ("heading", "str"),
        ("confidence", "float"),
    ],
    "flags": [
        ("doc_id", "str"),
        ("flag_no", "int"),
        ("rule", "str"),
        ("severity", "str"),
        ("message", "str"),
        ("message_en", "str"),
        ("evidence", "str"),
    ],
}

# Row order of a loaded table (any backend stores rows in whatever order they were written).
ORDER = {
    "reports": ["doc_id"],
    "cells": ["doc_id", "key"],
    "facts": ["doc_id", "fact_no"],
    "sections": ["doc_id", "section_no"],
    "flags": ["doc_id", "flag_no"],
}

# Flags written across documents (recomputed whenever a corpus is finished), with
# `splits.RULE` (a table-1 split chosen by last year's report).
CORPUS_RULE_PREFIX = "corpus."


def columns(table: str) -> list[str]:
    return [c for c, _ in TABLES[table]]


def dtypes(table: str) -> dict[str, str]:
    return {c: TYPES[t][1] for c, t in TABLES[table]}


def create_sql(table: str) -> str:
    cols = ", ".join(f'"{c}" {TYPES[t][0]}' for c, t in TABLES[table])
    key = ', PRIMARY KEY ("doc_id")' if table == "reports" else ""
    return f'CREATE TABLE IF NOT EXISTS "{table}" ({cols}{key})'


def frame(table: str, rows: list[dict]) -> pd.DataFrame:
    """Rows (dicts) as a DataFrame with the table's columns and dtypes."""
    return normalize(pd.DataFrame(rows, columns=columns(table)), table, sort=False)


def arrow_rows(table: str, rows: list[dict], only: Sequence[str] | None = None) -> pa.Table:
    """Rows (dicts) as an Arrow table with the table's columns and types (`only` these of its
    columns, in this order): what a corpus run writes, built column by column (building a
    DataFrame of them costs more than inserting). Each column is read for what it holds, then
    cast safely: a count of 3.5 is an error, never 3 (pyarrow would cut it if told the type)."""
    kinds = dict(TABLES[table])
    names = columns(table) if only is None else list(only)
    return pa.Table.from_arrays([_arrow_column([r.get(c) for r in rows], kinds[c]) for c in names], names=names)


def _arrow_column(values: list, kind: str) -> pa.Array:
    arr = pa.array(values)
    target = TYPES[kind][2]
    return arr if arr.type == target else arr.cast(target, safe=True)


def normalize(df: pd.DataFrame, table: str, sort: bool = True) -> pd.DataFrame:
    """The table's columns first (missing ones added as null, unknown ones kept after), its
    dtypes, and (by default) its row order."""
    df = df.copy()
    for col, dtype in dtypes(table).items():
        if col not in df.columns:
            df[col] = pd.Series(pd.NA, index=df.index, dtype=dtype)
        elif dtype == "boolean" and df[col].dtype == object:  # CSV text, Excel cells
            df[col] = df[col].map(_bool, na_action="ignore").astype(dtype)
        elif dtype in ("Int64", "Float64") and df[col].dtype == object:
            df[col] = pd.to_numeric(df[col]).astype(dtype)
        else:
            df[col] = df[col].astype(dtype)
    df = df[columns(table) + [c for c in df.columns if c not in dtypes(table)]]
    if sort:
        df = df.sort_values(ORDER[table], kind="stable")
    return df.reset_index(drop=True)


def _bool(v):
    if isinstance(v, str):
        return {"true": True, "false": False}[v.strip().lower()]
    return bool(v)
