"""Where a corpus run writes, so that a killed run loses nothing it finished.

Every run writes into a DuckDB database, one transaction per batch of documents: the output
itself for `duckdb`, an in-memory one for a Python-only corpus, and for parquet/csv/xlsx a
staging database next to the output (`.ogi-staging.duckdb`) that `finish` exports and then
removes. A rerun reads the doc_ids already written (the staging database if a run was killed,
else the exported files) and skips them. `finish` recomputes the across-years flags from the
whole corpus, so a resumed run ends with the same tables as an uninterrupted one.
"""

from __future__ import annotations

import os
from pathlib import Path

import duckdb
import pandas as pd

from .failures import is_transient
from .io import (
    FILE_FORMATS,
    OutputError,
    check_columns,
    check_format,
    create_tables,
    detect_format,
    insert,
    read_duckdb,
    read_tables,
    write_tables,
)
from .rows import flag_row
from .schema import CORPUS_RULE_PREFIX, TABLES, arrow_rows
from .splits import AMBIGUOUS, RULE, Splits, choose_splits
from .years import check_years, needed_keys

STAGING = ".ogi-staging.duckdb"
# the columns of "cells" that the splits chosen across years set
_FILLED = ("doc_id", "key", "value", "span_start", "span_end", "split")
# bytes 8-11 of every DuckDB database file
_DUCKDB_MAGIC = b"DUCK"


class NotADatabase(OutputError):
    """--out names a file that is something else (a report, a text): it is not overwritten."""


def _is_duckdb_or_new(path: Path) -> bool:
    try:
        with open(path, "rb") as fh:
            head = fh.read(12)
    except FileNotFoundError:
        return True
    except OSError:
        return True  # unreadable: DuckDB's own error says why
    return head == b"" or head[8:12] == _DUCKDB_MAGIC


def _rollback(con: duckdb.DuckDBPyConnection) -> None:
    """Roll back after a failed write, keeping the failure's own error: when the disk is full
    the rollback fails too, and its "no transaction is active" would hide "No space left"."""
    try:
        con.rollback()
    except duckdb.Error:
        pass


class Store:
    def __init__(self, out: str | os.PathLike | None = None, fmt: str = "duckdb") -> None:
        self.out, self.fmt = (Path(out) if out is not None else None), check_format(fmt)
        self.killed_run = False
        if self.out is None:
            target = ":memory:"
        elif fmt == "duckdb":
            if self.out.is_dir():
                raise OutputError(
                    f"{self.out} is a folder: give a file name for the DuckDB database, "
                    f"or --format {'|'.join(FILE_FORMATS)}"
                )
            if not _is_duckdb_or_new(self.out):
                raise NotADatabase(
                    f"{self.out} exists and is not a DuckDB database; ogi leaves it as it is: give another --out"
                )
            self.out.parent.mkdir(parents=True, exist_ok=True)
            target = str(self.out)
        else:
            there = detect_format(self.out) if self.out.is_dir() else None
            if there is not None and there != fmt:
                raise OutputError(
                    f"{self.out} holds a corpus in {there}: write --format {there} there, "
                    f"or {fmt} to another folder (formats are never mixed)"
                )
            target = str(self._staging())
        self.con = duckdb.connect(target)
        try:
            create_tables(self.con)
        except OutputError:
            self.close()
            raise
        self.added = 0
        # the documents in the store: a batch of new ones deletes nothing, so a long run does
        # not scan its growing tables for rows to replace at every commit
        self.ids = self.written()

    def _staging(self) -> Path:
        """The staging database, made from the exported files of an earlier run if there are any.
        It is built under another name and renamed, so a half-made one is never taken for a run's."""
        assert self.out is not None  # only a folder format stages
        self.out.mkdir(parents=True, exist_ok=True)
        path = self.out / STAGING
        self.killed_run = path.exists()  # its documents are not in the exported files yet
        if path.exists():
            return path
        new = path.with_name(STAGING + ".new")
        new.unlink(missing_ok=True)
        try:
            with duckdb.connect(str(new)) as con:
                create_tables(con)
                if detect_format(self.out) == self.fmt:
                    for table, df in read_tables(self.out).items():
                        check_columns(table, df.columns)
                        insert(con, table, df)
        except OutputError:
            new.unlink(missing_ok=True)
            raise
        os.replace(new, path)
        return path

    def written(self) -> set[str]:
        return {r[0] for r in self.con.execute('SELECT doc_id FROM "reports"').fetchall()}

    def done(self, retry_errors: bool = False) -> set[str]:
        """The documents a rerun skips: all written ones, except those that failed for a
        passing reason (data/errors.toml) and, with `retry_errors`, all that failed."""
        rows = self.con.execute('SELECT doc_id, errors FROM "reports"').fetchall()
        return {d for d, errors in rows if not (errors and (retry_errors or is_transient(errors)))}

    def owns(self, path: Path) -> bool:
        """Whether `path` is this output (or a file of it): never read it as a report."""
        if self.out is None:
            return False
        out, path = self.out.resolve(), Path(path).resolve()
        if self.fmt == "duckdb":
            return path == out or (path.parent == out.parent and path.name.startswith(out.name + "."))
        return path.parent == out and (
            path.name.startswith(STAGING) or path.name.split(".")[0] in TABLES or path.name.startswith("corpus.xlsx")
        )

    def add(self, docs: list[dict[str, list[dict]]]) -> None:
        """Write the rows of several documents in one transaction: all of them or none. A
        document read again replaces its earlier rows, and a file read again under the same
        source (fixed, so with new bytes) replaces the error row it had."""
        if not docs:
            return
        ids = [d["reports"][0]["doc_id"] for d in docs]
        sources = [d["reports"][0]["source"] for d in docs]
        self.con.begin()
        try:
            stale = ids + [
                r[0]
                for r in self.con.execute(
                    'SELECT doc_id FROM "reports" WHERE "source" IN (SELECT unnest(?)) AND n_errors > 0', [sources]
                ).fetchall()
            ]
            stale = [d for d in stale if d in self.ids]
            for table in TABLES:
                if stale:
                    self.con.execute(f'DELETE FROM "{table}" WHERE doc_id IN (SELECT unnest(?))', [stale])
                insert(self.con, table, arrow_rows(table, [r for d in docs for r in d[table]]))
            self.con.commit()
            self.added += len(docs)
            self.ids.update(ids)
        except BaseException:
            _rollback(self.con)
            raise

    def finish(self) -> None:
        """Across-years work over the whole corpus, redone from the reports' own readings each
        time: run-together table-1 rows chosen by last year's report (`splits`) and the
        across-years flags (`years`); then the export, for file formats."""
        reports = self.con.sql(
            'SELECT doc_id, source, agency_key, agency_context, year, n_flags, n_errors FROM "reports"'
        ).df()
        cells = self.con.execute(
            'SELECT doc_id, "key", "value", span_start, span_end FROM "cells" WHERE "key" IN (SELECT unnest(?))',
            [needed_keys()],
        ).df()
        ambiguous = self.con.execute('SELECT doc_id, evidence FROM "flags" WHERE "rule" = ?', [AMBIGUOUS]).df()
        splits = choose_splits(reports, cells, ambiguous)
        # The across-years checks compare what the reports print, never a split chosen here
        # (an earlier finish may have filled undecided cells: they are null again for them).
        undecided = set(splits.undecided)
        cells["value"] = [
            pd.NA if (d, k) in undecided else v for d, k, v in zip(cells["doc_id"], cells["key"], cells["value"])
        ]
        # A corpus flag takes the index after the report's own flags (and earlier corpus flags).
        next_index = dict(zip(reports["doc_id"], reports["n_flags"]))
        rows = []
        for doc_id, flag in splits.flags + check_years(reports, cells):
            rows.append(flag_row(doc_id, int(next_index[doc_id]), flag.to_json()))
            next_index[doc_id] += 1
        self.con.begin()
        try:
            self.con.execute(
                'DELETE FROM "flags" WHERE starts_with("rule", ?) OR "rule" = ?', [CORPUS_RULE_PREFIX, RULE]
            )
            insert(self.con, "flags", arrow_rows("flags", rows))
            self._fill(splits)
            self.con.commit()
        except BaseException:
            _rollback(self.con)
            raise
        if self.out is not None and self.fmt in FILE_FORMATS:
            # A rerun that added nothing leaves the files as they were (same tables, same bytes).
            if self.added or self.killed_run or detect_format(self.out) != self.fmt:
                write_tables(self.tables(), self.out, self.fmt)
            self.close()
            for suffix in ("", ".wal"):
                (self.out / (STAGING + suffix)).unlink(missing_ok=True)

    def _fill(self, splits: Splits) -> None:
        """Undecided cells back to null (as the reports read them), then the chosen readings:
        one UPDATE joined to a table of the new values, not a statement per cell."""
        fill = {(d, k): (None, None, None, False) for d, k in splits.undecided}
        for d, kv in splits.chosen.items():
            for k, (v, sp) in kv.items():
                fill[d, k] = (v, *(sp or (None, None)), True)
        if not fill:
            return
        rows = [dict(zip(_FILLED, (d, k, *values))) for (d, k), values in fill.items()]
        new = arrow_rows("cells", rows, only=_FILLED)
        self.con.register("_fill", new)
        try:
            self.con.execute(
                'UPDATE "cells" SET "value" = f."value", span_start = f.span_start, span_end = f.span_end, '
                'split = f.split FROM _fill f WHERE "cells".doc_id = f.doc_id AND "cells"."key" = f."key"'
            )
        finally:
            self.con.unregister("_fill")
        self.con.execute(
            'UPDATE "reports" SET n_cells = (SELECT count(*) FROM "cells" c WHERE c.doc_id = "reports".doc_id '
            'AND NOT c.extra AND (c."value" IS NOT NULL OR c.amount IS NOT NULL)) '
            "WHERE doc_id IN (SELECT unnest(?))",
            [sorted({d for d, _ in fill})],
        )

    def tables(self) -> dict[str, pd.DataFrame]:
        return read_duckdb(self.con)

    def close(self) -> None:
        if self.con is not None:
            self.con.close()
            self.con = None  # type: ignore[assignment]  # closed: nothing uses it after close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc) -> None:
        self.close()
