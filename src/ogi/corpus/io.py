"""Reading and writing the five tables in each output format.

DuckDB: one database file with five tables. parquet / csv: one file per table in a folder
(CSV in UTF-8 with a BOM, so that Excel shows the Chinese). xlsx: one workbook, one sheet per
table. Files are written under a temporary name and renamed, so a reader never sees half a file.
"""

from __future__ import annotations

import os
from pathlib import Path

import duckdb
import pandas as pd
import pyarrow as pa

from .schema import TABLES, TYPES, create_sql, dtypes, normalize

FILE_FORMATS = ("parquet", "csv", "xlsx")
FORMATS = ("duckdb",) + FILE_FORMATS
XLSX_NAME = "corpus.xlsx"
XLSX_MAX_ROWS = 1_048_575  # Excel's limit, less the header


class OutputError(ValueError):
    """An output that cannot be written as asked (a bad --out, --format or size)."""


def check_format(fmt: str) -> str:
    if fmt not in FORMATS:
        raise OutputError(f"unknown format {fmt!r}: one of {', '.join(FORMATS)}")
    return fmt


def table_path(out: Path, table: str, fmt: str) -> Path:
    return out / (XLSX_NAME if fmt == "xlsx" else f"{table}.{fmt}")


def detect_format(path: Path) -> str | None:
    """The format of a written corpus at `path` (a DuckDB file, a workbook, or a folder of
    files), or None if there is none."""
    if path.is_file():
        return "xlsx" if path.suffix.lower() == ".xlsx" else "duckdb"
    for fmt in FILE_FORMATS:
        if table_path(path, "reports", fmt).exists():
            return fmt
    return None


def create_tables(con: duckdb.DuckDBPyConnection) -> None:
    for table in TABLES:
        con.execute(create_sql(table))
    for table, cols in TABLES.items():
        have = {
            r[0]
            for r in con.execute(
                "SELECT column_name FROM information_schema.columns WHERE table_name = ?", [table]
            ).fetchall()
        }
        check_columns(table, have)
        # a corpus written by an older ogi of the same names gets the columns added since (null for its rows)
        for col, kind in cols:
            if col not in have:
                con.execute(f'ALTER TABLE "{table}" ADD COLUMN "{col}" {TYPES[kind][0]}')


def check_columns(table: str, have) -> None:
    """Refuse a corpus whose columns this ogi does not write (an earlier ogi's names); columns
    added since are added to it."""
    want = {c for c, _ in TABLES[table]}
    if set(have) - want:
        raise OutputError(
            f"this corpus was written by another version of ogi (table {table}: columns "
            f"{', '.join(sorted(set(have) - want))} not expected, "
            f"{', '.join(sorted(want - set(have))) or 'none'} missing); write to a new output "
            "(ogi.Corpus.load still reads it)"
        )


def insert(con: duckdb.DuckDBPyConnection, table: str, df: pd.DataFrame | pa.Table) -> None:
    if len(df):
        con.register("_rows", df)
        try:
            con.execute(f'INSERT INTO "{table}" BY NAME SELECT * FROM _rows')
        finally:
            con.unregister("_rows")


def read_duckdb(con: duckdb.DuckDBPyConnection) -> dict[str, pd.DataFrame]:
    return {t: normalize(con.sql(f'SELECT * FROM "{t}"').df(), t) for t in TABLES}


def read_tables(path: Path) -> dict[str, pd.DataFrame]:
    path = Path(path)
    fmt = detect_format(path)
    if fmt is None:
        raise FileNotFoundError(
            f"{path}: no corpus here (a .duckdb file, or a folder with reports.parquet, reports.csv or {XLSX_NAME})"
        )
    if fmt == "duckdb":
        if path.suffix.lower() in (".parquet", ".csv"):
            raise OutputError(
                f"{path}: a corpus in {path.suffix[1:]} is a folder of files (reports{path.suffix}, "
                f"cells{path.suffix}, ...): load the folder {path.parent}"
            )
        try:
            with duckdb.connect(str(path), read_only=True) as con:
                return read_duckdb(con)
        except duckdb.Error as exc:
            raise OutputError(f"{path}: not a corpus ogi wrote ({exc})") from None
    if fmt == "xlsx":
        # Text columns as text: a doc_id of digits only must not become a number.
        sheets = pd.read_excel(
            path if path.is_file() else path / XLSX_NAME,
            sheet_name=None,
            dtype={c: str for t in TABLES for c, d in dtypes(t).items() if d == "string"},
        )
        return {t: normalize(sheets[t], t) for t in TABLES}
    if fmt == "parquet":
        return {t: normalize(pd.read_parquet(table_path(path, t, fmt)), t) for t in TABLES}
    # Only an empty field is null: "NA" or "None" in a report's text stays text.
    return {
        t: normalize(
            pd.read_csv(
                table_path(path, t, fmt), encoding="utf-8-sig", dtype=dtypes(t), keep_default_na=False, na_values=[""]
            ),
            t,
        )
        for t in TABLES
    }


def write_tables(tables: dict[str, pd.DataFrame], out: Path, fmt: str) -> None:
    """Write the tables to `out` (a file for duckdb, a folder otherwise), replacing what is there."""
    out = Path(out)
    if fmt == "duckdb":
        tmp = out.with_name(out.name + ".tmp")
        tmp.unlink(missing_ok=True)
        with duckdb.connect(str(tmp)) as con:
            create_tables(con)
            for t, df in tables.items():
                insert(con, t, df)
        os.replace(tmp, out)
        return
    out.mkdir(parents=True, exist_ok=True)
    if fmt == "xlsx":
        _check_xlsx_size(tables)
        tmp = out / (XLSX_NAME + ".tmp")
        with pd.ExcelWriter(tmp, engine="openpyxl") as xl:
            for t, df in tables.items():
                _xlsx_safe(df).to_excel(xl, sheet_name=t, index=False)
                sheet = xl.sheets[t]
                sheet.freeze_panes = "A2"  # the header row stays in view
                sheet.auto_filter.ref = sheet.dimensions  # and has filter buttons
        os.replace(tmp, out / XLSX_NAME)
        return
    for t, df in tables.items():
        final = table_path(out, t, fmt)
        tmp = final.with_name(final.name + ".tmp")
        if fmt == "parquet":
            df.to_parquet(tmp, engine="pyarrow", index=False)
        else:
            df.to_csv(tmp, index=False, encoding="utf-8-sig")
        os.replace(tmp, final)


def _check_xlsx_size(tables: dict[str, pd.DataFrame]) -> None:
    for t, df in tables.items():
        if len(df) > XLSX_MAX_ROWS:
            raise OutputError(
                f"table {t} has {len(df)} rows, more than an Excel sheet holds; write parquet, csv or duckdb instead"
            )


def _xlsx_safe(df: pd.DataFrame) -> pd.DataFrame:
    """Excel refuses control characters (a PDF's form feed in a sentence): drop them."""
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    df = df.copy()
    for col in df.columns:
        if df[col].dtype == "string":
            df[col] = df[col].str.replace(ILLEGAL_CHARACTERS_RE, "", regex=True)
    return df
