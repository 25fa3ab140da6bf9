"""Corpus output: every format round-trips, a killed run resumes to the same tables, reruns
skip what is done, and worker processes give the same tables as one process."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys

import duckdb
import pandas as pd
import pyarrow as pa
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pandas.testing import assert_frame_equal

import ogi
from ogi.corpus import Corpus
from ogi.corpus.rows import report_rows
from ogi.corpus.schema import TABLES, arrow_rows, frame, normalize

from .conftest import FIXTURES, SAMPLE_STEMS

SAMPLES = FIXTURES / "samples"
FORMATS = ["duckdb", "parquet", "csv", "xlsx"]


def assert_same(a: Corpus, b: Corpus, ignore: tuple[str, ...] = ()) -> None:
    for t in TABLES:
        x, y = (
            a.tables[t].drop(columns=list(ignore), errors="ignore"),
            b.tables[t].drop(columns=list(ignore), errors="ignore"),
        )
        assert_frame_equal(x, y, obj=t)


def out_path(tmp_path, fmt):
    return tmp_path / ("c.duckdb" if fmt == "duckdb" else fmt)


@pytest.fixture(scope="module")
def sample_corpus() -> Corpus:
    """Real extractions of the three sample reports, plus one made-up document whose facts
    and sections carry Chinese text, nulls, booleans and decimals (facts are empty until the
    facts tagger lands, so the round trip must not depend on them)."""
    real = ogi.extract_corpus([SAMPLES / f"{s}.txt" for s in SAMPLE_STEMS])
    fake = {
        "doc_id": "f00000000001",
        "source": "假的/报告.txt",
        "agency": "某某市某某区人民政府（办公室）",
        "year": None,
        "format": "unknown",
        "title": None,
        "input_kind": "txt",
        "cells": {"t1.admin_fees.amount_10k_yuan": 1.25, "t2.new.total": None},
        "cell_spans": {"t1.admin_fees.amount_10k_yuan": [3, 7]},
        "facts": [
            {
                "type": "published.total",
                "value": 63,
                "unit": "条",
                "approx": True,
                "negated": False,
                "category": None,
                "start": 901,
                "end": 921,
                "sentence": "政府网站共主动公开政府信息数63条，“引号”,逗号。",
                "section": "overview.proactive",
                "confidence": 0.99,
            },
            {
                "type": "fees.processing",
                "value": 0,
                "unit": None,
                "approx": False,
                "negated": True,
                "category": "信息处理费",
                "start": 5,
                "end": 9,
                "sentence": "未收取\n信息处理费",
                "section": None,
                "confidence": None,
            },
        ],
        "sections": [{"label": "preamble", "start": 0, "end": 10, "heading": "", "confidence": 0.5}],
        "flags": [
            {
                "rule": "t2.balance",
                "severity": "error",
                "message": "不相等",
                "message_en": "unequal",
                "evidence": [{"cell": "t2.new.total", "value": None, "span": None}],
            }
        ],
        "errors": [{"code": "corrupt", "message": "文件损坏。", "message_en": "The file is corrupt."}],
    }
    rows = report_rows(fake, "某某市某某区政府", None)
    tables = {t: pd.concat([real.tables[t], frame(t, rows[t])], ignore_index=True) for t in TABLES}
    from ogi.corpus.schema import normalize

    return Corpus(**{t: normalize(df, t) for t, df in tables.items()})


@pytest.mark.parametrize("fmt", FORMATS)
def test_round_trip(sample_corpus, tmp_path, fmt):
    out = out_path(tmp_path, fmt)
    sample_corpus.save(out, fmt)
    back = Corpus.load(out)
    assert_same(sample_corpus, back)
    facts = back.facts[back.facts.doc_id == "f00000000001"]
    assert list(facts["sentence"]) == ["政府网站共主动公开政府信息数63条，“引号”,逗号。", "未收取\n信息处理费"]
    assert facts["category"].isna().tolist() == [True, False] and facts["approx"].tolist() == [True, False]
    assert back.sections[back.sections.doc_id == "f00000000001"]["heading"].isna().all()  # "" is null


def test_tables_hold_what_the_reports_say(sample_corpus):
    c = sample_corpus
    assert len(c.reports) == 4 and set(c.cells.groupby("doc_id").size()) >= {200}
    cell = c.cells[(c.cells.doc_id == "ceb554e4b6fb") & (c.cells.key == "t2.new.natural_person")].iloc[0]
    assert (cell["value"], cell["table_id"], cell["row_label"], cell["column_label"]) == (
        1,
        "t2",
        "一、本年新收政府信息公开申请数量",
        "自然人",
    )
    assert c.cells["value"].dtype == "Int64" and c.facts["value"].dtype == "Int64"  # counts are integers
    assert cell["span_end"] > cell["span_start"]
    fake = c.reports.set_index("doc_id").loc["f00000000001"]
    assert json.loads(fake["errors"])[0]["code"] == "corrupt" and fake["n_errors"] == 1
    assert json.loads(c.flags[c.flags.doc_id == "f00000000001"].iloc[0]["evidence"])[0]["cell"] == "t2.new.total"


def test_csv_has_a_bom_for_excel(sample_corpus, tmp_path):
    sample_corpus.save(tmp_path, "csv")
    raw = (tmp_path / "reports.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") and "威海市环翠区工业和信息化局".encode() in raw


def test_xlsx_has_one_sheet_per_table(sample_corpus, tmp_path):
    import openpyxl

    sample_corpus.save(tmp_path, "xlsx")
    assert list(pd.read_excel(tmp_path / "corpus.xlsx", sheet_name=None)) == list(TABLES)
    book = openpyxl.load_workbook(tmp_path / "corpus.xlsx", read_only=False)
    for name in TABLES:  # the header row frozen, with filter buttons over the whole table
        sheet = book[name]
        assert sheet.freeze_panes == "A2" and sheet.auto_filter.ref == sheet.dimensions
    assert_same(sample_corpus, Corpus.load(tmp_path / "corpus.xlsx"))  # the workbook itself loads too


def test_every_column_name_is_plain_sql(sample_corpus, tmp_path):
    import sqlite3

    import duckdb

    sample_corpus.save(tmp_path / "c.duckdb")
    lite = sqlite3.connect(":memory:")
    with duckdb.connect(str(tmp_path / "c.duckdb"), read_only=True) as con:
        for table, cols in TABLES.items():
            plain = ", ".join(c for c, _ in cols)  # unquoted: no reserved word
            assert len(con.execute(f"SELECT {plain} FROM {table}").fetchall()) == len(sample_corpus.tables[table])
            lite.execute(f"CREATE TABLE {table} ({plain})")
            lite.execute(f"SELECT {plain} FROM {table}")
        types = dict(
            con.execute(
                "SELECT column_name, data_type FROM information_schema.columns WHERE table_name = 'cells'"
            ).fetchall()
        )
    assert types["value"] == "BIGINT" and types["amount"] == "DOUBLE"


def test_money_is_an_amount_and_counts_are_values():
    from ogi.corpus.rows import report_rows

    rep = {
        "doc_id": "f00000000002",
        "cells": {"t1.admin_fees.amount_10k_yuan": 9116.36, "t2.new.total": 3},
        "facts": [
            {"type": "fees.processing", "value": 420.5, "unit": "元", "start": 0, "end": 3},
            {"type": "fees.processing", "value": 0, "unit": None, "negated": True, "start": 4, "end": 9},
            {"type": "published.total", "value": 63, "unit": "条", "start": 10, "end": 13},
        ],
    }
    rows = report_rows(rep)
    cells = {c["key"]: (c["value"], c["amount"]) for c in rows["cells"]}
    assert cells["t1.admin_fees.amount_10k_yuan"] == (None, 9116.36) and cells["t2.new.total"] == (3, None)
    assert [(f["value"], f["amount"]) for f in rows["facts"]] == [(None, 420.5), (None, 0), (63, None)]
    assert rows["reports"][0]["n_cells"] == 2


def test_ocr_pages_and_confidence_reach_the_tables():
    rep = {
        "doc_id": "f00000000003",
        "input_kind": "pdf-ocr",
        "cells": {"t2.new.total": 3, "t3.total.total": 5, "t2.new.natural": None},
        "ocr_pages": [2, 3],
        "ocr_cells": {"t2.new.total": 0.93},
    }
    rows = report_rows(rep)
    assert json.loads(rows["reports"][0]["ocr_pages"]) == [2, 3]
    conf = {c["key"]: c["ocr_confidence"] for c in rows["cells"]}
    # a value read from the text layer of a partly scanned report has no OCR confidence
    assert conf == {"t2.new.total": 0.93, "t3.total.total": None, "t2.new.natural": None}
    plain = report_rows({"doc_id": "f00000000004", "cells": {"t2.new.total": 3}})
    assert plain["reports"][0]["ocr_pages"] is None and plain["cells"][0]["ocr_confidence"] is None


def test_loading_a_table_file_says_to_load_its_folder(sample_corpus, tmp_path):
    from ogi.corpus.io import OutputError

    sample_corpus.save(tmp_path, "parquet")
    with pytest.raises(OutputError, match="load the folder"):
        Corpus.load(tmp_path / "reports.parquet")
    (tmp_path / "x.duckdb").write_bytes(b"not a database")
    with pytest.raises(OutputError, match="not a corpus"):
        Corpus.load(tmp_path / "x.duckdb")


def run_cli(*args) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "ogi.cli", "extract", *map(str, args)], capture_output=True, text=True, timeout=600
    )


def dozen(tmp_path):
    """Twelve documents: the samples as text, DOCX, HTML and PDF (the PDFs make a run slow
    enough that it is still going when the test kills it)."""
    docs = tmp_path / "docs"
    shutil.copytree(SAMPLES, docs)
    assert len(list(docs.iterdir())) == 12
    return docs


@pytest.mark.parametrize("fmt", ["duckdb", "parquet"])
def test_killed_run_resumes_to_the_same_tables(tmp_path, fmt):
    docs = dozen(tmp_path)
    killed, whole = out_path(tmp_path / "killed", fmt), out_path(tmp_path / "whole", fmt)
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "ogi.cli",
            "extract",
            str(docs),
            "--out",
            str(killed),
            "--format",
            fmt,
            "--batch",
            "1",
            "-v",
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    commits = 0
    try:
        for line in proc.stderr:
            commits += "committed" in line
            if commits == 3:
                break
    finally:
        proc.kill()
        proc.wait()
    assert commits == 3
    # What the killed run committed is there (parquet: in the staging database, not exported yet).
    db = killed if fmt == "duckdb" else killed / ".ogi-staging.duckdb"
    with duckdb.connect(str(db)) as con:
        n_done = con.execute("SELECT count(*) FROM reports").fetchone()[0]
    assert 3 <= n_done < 12
    res = run_cli(docs, "--out", killed, "--format", fmt)
    assert res.returncode == 0, res.stderr
    assert f"{n_done} document(s) already in" in res.stderr
    assert run_cli(docs, "--out", whole, "--format", fmt).returncode == 0
    resumed, uninterrupted = Corpus.load(killed), Corpus.load(whole)
    assert len(resumed.reports) == 12
    assert_same(resumed, uninterrupted)
    assert not (killed.parent / ".ogi-staging.duckdb").exists() and not (killed / ".ogi-staging.duckdb").exists()


@pytest.mark.parametrize("fmt", ["duckdb", "csv"])
def test_rerun_skips_documents_already_written(tmp_path, fmt):
    a, b = SAMPLES / "000_a603a2208d919e1a.txt", SAMPLES / "001_e43356999c5a4606.txt"
    out = out_path(tmp_path, fmt)
    ogi.extract_corpus([a], out=out, format=fmt)
    # Mark the written row: a rerun that read the document again would overwrite or duplicate it.
    first = Corpus.load(out)
    first.reports.loc[0, "title"] = "已写入"
    first.save(out, fmt)
    second = ogi.extract_corpus([a, b, SAMPLES], out=out, format=fmt)
    assert sorted(second.reports["doc_id"]) == sorted(set(second.reports["doc_id"]))
    assert len(second.reports) == 12
    assert second.reports.set_index("doc_id").loc[first.reports.loc[0, "doc_id"], "title"] == "已写入"


def test_two_workers_give_the_same_tables_as_one(tmp_path):
    one = ogi.extract_corpus([SAMPLES], workers=1)
    two = ogi.extract_corpus([SAMPLES], workers=2)
    assert len(one.reports) == 12
    assert_same(one, two)


def test_cli_without_out_still_prints_json_lines_with_workers(tmp_path):
    files = [SAMPLES / f"{s}.txt" for s in SAMPLE_STEMS]
    res = run_cli("-q", "--workers", "2", *files)
    assert res.returncode == 0, res.stderr
    lines = [json.loads(ln) for ln in res.stdout.splitlines()]
    assert [ln["source"] for ln in lines] == [str(f) for f in files]  # in the order given
    assert not list(tmp_path.iterdir())


def test_a_failing_document_still_gets_its_row(tmp_path):
    (tmp_path / "broken.docx").write_bytes(b"PK\x03\x04garbage")
    shutil.copy(SAMPLES / "000_a603a2208d919e1a.txt", tmp_path)
    res = run_cli(tmp_path, "--out", tmp_path / "c.duckdb", "-q")
    assert res.returncode == 0, res.stderr
    rep = Corpus.load(tmp_path / "c.duckdb").reports.set_index("source")
    broken = rep.loc[str(tmp_path / "broken.docx")]
    assert json.loads(broken["errors"])[0]["code"] == "corrupt" and broken["n_cells"] == 0


def test_bad_format_is_refused(tmp_path):
    res = run_cli(SAMPLES / "000_a603a2208d919e1a.txt", "--out", tmp_path / "x", "--format", "sqlite")
    assert res.returncode == 2 and "sqlite" in res.stderr and res.stdout == ""


def test_a_crash_inside_ogi_is_recorded_and_the_run_goes_on(monkeypatch):
    import ogi.report

    real = ogi.report.extract

    def crash_on_one(path, **kw):
        if str(path).endswith("001_e43356999c5a4606.txt"):
            raise ZeroDivisionError("boom")
        return real(path, **kw)

    monkeypatch.setattr(ogi.report, "extract", crash_on_one)
    c = ogi.extract_corpus([SAMPLES / f"{s}.txt" for s in SAMPLE_STEMS])
    rep = c.reports.set_index("source")
    crashed = rep.loc[str(SAMPLES / "001_e43356999c5a4606.txt")]
    assert json.loads(crashed["errors"])[0]["code"] == "internal_error" and "boom" in crashed["errors"]
    assert (c.cells[c.cells.doc_id == crashed["doc_id"]]["value"].isna()).all()
    assert rep["n_errors"].tolist().count(0) == 2


def test_a_rerun_with_nothing_new_leaves_the_workbook_alone_and_formats_never_mix(tmp_path):
    from ogi.corpus.io import OutputError

    a = SAMPLES / "000_a603a2208d919e1a.txt"
    ogi.extract_corpus([a], out=tmp_path, format="xlsx")
    book = tmp_path / "corpus.xlsx"
    before = (book.stat().st_mtime_ns, book.read_bytes())
    again = ogi.extract_corpus([a], out=tmp_path, format="xlsx")
    assert (book.stat().st_mtime_ns, book.read_bytes()) == before and len(again.reports) == 1
    with pytest.raises(OutputError, match="holds a corpus in xlsx"):
        ogi.extract_corpus([a], out=tmp_path, format="csv")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["corpus.xlsx"]
    res = run_cli(a, "--out", tmp_path, "--format", "parquet")
    assert res.returncode == 2 and "formats are never mixed" in res.stderr


@pytest.mark.parametrize("fmt", ["duckdb", "parquet"])
def test_a_corpus_with_other_columns_is_read_but_not_written_into(sample_corpus, tmp_path, fmt):
    from ogi.corpus.io import OutputError

    out = out_path(tmp_path, fmt)
    old = Corpus(
        **{
            t: df.rename(columns={"table_id": "table", "fact_no": "index", "flag_no": "index", "section_no": "index"})
            for t, df in sample_corpus.tables.items()
        }
    )
    if fmt == "duckdb":
        import duckdb

        with duckdb.connect(str(out)) as con:  # as an earlier ogi wrote it
            for t, df in old.tables.items():
                con.register("df", df)
                con.execute(f'CREATE TABLE "{t}" AS SELECT * FROM df')
                con.unregister("df")
    else:
        out.mkdir()
        for t, df in old.tables.items():
            df.to_parquet(out / f"{t}.parquet")
    assert len(Corpus.load(out).reports) == len(sample_corpus.reports)
    with pytest.raises(OutputError, match="another version of ogi"):
        ogi.extract_corpus([SAMPLES / "000_a603a2208d919e1a.txt"], out=out, format=fmt)
    assert not list(tmp_path.rglob("*.new"))


# Rows as report_rows writes them: each column's values of its own type, or null.
_VALUES = {
    "str": st.none() | st.text(max_size=6),
    "int": st.none() | st.integers(-(2**40), 2**40),
    "float": st.none() | st.floats(allow_nan=False, allow_infinity=False, width=64),
    "bool": st.none() | st.booleans(),
}


@st.composite
def _table_rows(draw):
    table = draw(st.sampled_from(sorted(TABLES)))
    row = st.fixed_dictionaries({c: _VALUES[kind] for c, kind in TABLES[table]})
    return table, draw(st.lists(row, max_size=6))


@settings(max_examples=150, deadline=None)
@given(_table_rows())
def test_the_rows_written_are_the_rows_a_corpus_reads(drawn):
    """What a run writes (Arrow, column by column) equals the DataFrame of the same rows that
    a corpus is read back as: the same columns, dtypes, values and nulls."""
    table, rows = drawn
    assert_frame_equal(normalize(arrow_rows(table, rows).to_pandas(), table, sort=False), frame(table, rows))


def test_a_count_that_is_not_whole_is_refused_not_cut():
    rows = [{"doc_id": "f1", "key": "t2.new.total", "value": 3.0}]
    assert arrow_rows("cells", rows).column("value").to_pylist() == [3]
    with pytest.raises(pa.ArrowInvalid):
        arrow_rows("cells", [{"doc_id": "f1", "key": "t2.new.total", "value": 3.5}])


def test_a_document_written_twice_in_one_run_keeps_its_last_rows():
    from ogi.corpus.store import Store

    rep = {"doc_id": "f00000000009", "source": "a.txt", "cells": {"t2.new.total": 3}, "facts": []}
    fact = {"type": "published.total", "value": 63, "unit": "条", "start": 0, "end": 3}
    with Store() as store:
        store.add([report_rows(rep)])
        store.add([report_rows({**rep, "cells": {"t2.new.total": 4}, "facts": [fact]})])
        tables = store.tables()
    assert tables["reports"]["doc_id"].tolist() == ["f00000000009"]
    assert tables["cells"]["value"].dropna().tolist() == [4]
    assert tables["facts"]["value"].tolist() == [63]
