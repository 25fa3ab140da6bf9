"""Hostile and broken input: a clear error, no invented value, bounded memory, no traceback.

Every file is made here by a small generator (tests/hostile_files.py). The expensive ones run
in a subprocess under an address-space cap (`resource.setrlimit`), so a bound that fails ends
the subprocess, not the test run; its peak memory is read from `os.wait4`. The table of
docs/architecture.md "Hostile-input guards" lists each case with its test.
"""

from __future__ import annotations

import json
import os
import resource
import shutil
import subprocess
import sys
import zlib
from pathlib import Path
from urllib.parse import unquote_to_bytes

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ogi import extract
from ogi.ingest import iter_inputs, read_document
from ogi.ingest.limits import bounds

from . import hostile_files as H
from .conftest import FIXTURES, ROOT

SAMPLES = FIXTURES / "samples"
SAMPLE = SAMPLES / "000_a603a2208d919e1a"
MB = 1 << 20
# ingest alone (`ogi text`) stays near the interpreter's own ~40 MB; the whole pipeline
# (`ogi extract`, models loaded) near ~200 MB
INGEST_CAP, PIPELINE_CAP = 700 * MB, 1500 * MB


# Runs the ogi command and, on the way out, writes the process's peak resident memory
# (VmHWM: since exec, unlike ru_maxrss, which a child forked from this large pytest process
# inherits) to the file named by OGI_TEST_PEAK.
_WRAPPER = """
import atexit, os, sys
def peak():
    with open("/proc/self/status") as fh:
        kb = next(l.split()[1] for l in fh if l.startswith("VmHWM:"))
    with open(os.environ["OGI_TEST_PEAK"], "w") as out:
        out.write(kb)
atexit.register(peak)
sys.argv[0] = "ogi"
from ogi.cli import main
main()
"""


def run_capped(args: list, cap: int, env: dict | None = None):
    """Run the `ogi` command with ARGS, its address space capped: (status, stdout bytes,
    stderr, peak resident MB of the process)."""
    import tempfile

    if not Path("/proc/self/status").exists():
        pytest.skip("peak memory is read from /proc/self/status (Linux)")

    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (cap, cap))

    with tempfile.TemporaryDirectory() as tmp:
        peak = Path(tmp) / "peak"
        env = dict(os.environ, PYTHONPATH=str(ROOT / "src"), OGI_TEST_PEAK=str(peak), **(env or {}))
        res = subprocess.run(
            [sys.executable, "-c", _WRAPPER, *map(str, args)],
            capture_output=True,
            preexec_fn=limit,
            env=env,
            timeout=300,
        )
        return res.returncode, res.stdout, res.stderr.decode("utf-8"), int(peak.read_text()) / 1024


def assert_one_clear_line(err: str) -> None:
    assert "Traceback" not in err and err.strip(), err
    assert len(err.strip().splitlines()) <= 2, err


def codes(doc_or_rep) -> list[str]:
    return [e.code for e in doc_or_rep.errors]


def nothing_invented(rep) -> bool:
    return all(v is None for v in rep.cells.values()) and not rep.cell_spans and not rep.facts


# --- expansions: each refused from its size, in bounded memory ----------------------------


def _ingest(tmp_path: Path, name: str, data: bytes) -> tuple[int, str, float]:
    """`ogi text` on a file under the ingest cap: (status, stderr, peak MB)."""
    path = tmp_path / name
    path.write_bytes(data)
    status, _, err, peak = run_capped(["text", path], INGEST_CAP)
    return status, err, peak


@pytest.mark.parametrize(
    "name, make, words",
    [
        (
            "zip-bomb.docx",
            lambda: H.docx(H.paragraph("x"), zeros={"word/media/image1.bin": 100 * MB}),
            "expands to too much",
        ),
        (
            "document-bomb.docx",
            lambda: H.docx(H.paragraph("x") * 3, zeros={"word/document2.xml": 120 * MB}),
            "expands to too much",
        ),
        ("grid-span.docx", lambda: H.docx_grid_span(5_000_000), "merged cells"),
        ("spans.html", lambda: H.html_spans(3000, 200, 50), "merged cells"),
        ("deflate-bomb.pdf", lambda: H.pdf_content_bomb(100 * MB), "decode to too much"),
        ("image-bomb.pdf", lambda: H.pdf_image_bomb(100 * MB), "more than its declared size"),
        ("lzw-bomb.pdf", lambda: H.pdf_lzw_bomb(40), "decode to too much"),
        ("chain-bomb.pdf", lambda: H.pdf_chain_bomb(["ASCII85Decode", "FlateDecode"], 100 * MB), "decode to too much"),
    ],
)
def test_expansion_refused_in_bounded_memory(tmp_path, name, make, words):
    data = make()
    status, err, peak = _ingest(tmp_path, name, data)
    assert status == 1
    assert_one_clear_line(err)
    assert words in err
    assert peak < 60 + 400 * len(data) / MB + 100, f"{peak:.0f} MB for a {len(data) / MB:.2f} MB file"


def test_expansion_errors_name_the_bound(tmp_path):
    p = tmp_path / "grid.docx"
    p.write_bytes(H.docx_grid_span(5_000_000))
    rep = extract(p, sections=False, facts=False)
    assert codes(rep) == ["too_large"] and nothing_invented(rep)
    p = tmp_path / "bomb.pdf"
    p.write_bytes(H.pdf_content_bomb(80 * MB))
    assert codes(read_document(p)) == ["too_large"]
    p = tmp_path / "image.pdf"
    p.write_bytes(H.pdf_image_bomb(1 * MB))
    assert codes(read_document(p)) == ["corrupt"]


def test_many_small_span_tables_share_one_budget(tmp_path):
    """A bound per table could be met by each of many tables: the budget is per document."""
    t = bounds()["table"]
    per_table = t["grid_floor"] // 4  # each table alone is well under the bound
    table = f'<table><tr><td colspan="{per_table}">1</td></tr></table>'
    p = tmp_path / "tables.html"
    p.write_bytes(H.html_page("<p>2023年政府信息公开工作年度报告</p>" + table * 40).encode())
    assert codes(read_document(p)) == ["too_large"]
    p.write_bytes(H.html_page("<p>2023年政府信息公开工作年度报告</p>" + table * 2).encode())
    assert codes(read_document(p)) == []


def test_real_documents_are_within_every_bound():
    for path in sorted(SAMPLES.iterdir()):
        assert read_document(path).errors == [], path


def test_zip_member_that_expands_1000_times_is_refused_even_when_small_in_total(tmp_path):
    p = tmp_path / "ratio.docx"
    p.write_bytes(H.docx(H.paragraph("x"), zeros={"word/media/a.bin": 2 * MB}))
    assert codes(read_document(p)) == ["too_large"]


@pytest.mark.parametrize("size_mb", [1, 5, 10, 49])
def test_large_text_bounded(tmp_path, size_mb):
    """Texts far longer than any report end as `too_large` with memory near the file's size."""
    p = tmp_path / f"text-{size_mb}mb.txt"
    p.write_bytes(H.text_of_size(SAMPLE.with_suffix(".txt").read_bytes(), size_mb * MB))
    status, out, err, peak = run_capped(["extract", p], PIPELINE_CAP)
    assert status == 1 and "Traceback" not in err, err
    line = json.loads(out)
    assert [e["code"] for e in line["errors"]] == ["too_large"]
    assert all(v is None for v in line["cells"].values())
    assert peak < 350 + 3 * size_mb, f"{peak:.0f} MB for {size_mb} MB of text"


def test_text_just_under_the_bound_is_read(tmp_path):
    limit = bounds()["max_text_chars"]
    text = SAMPLE.with_suffix(".txt").read_text(encoding="utf-8")
    p = tmp_path / "long.txt"
    p.write_text(text + "附" * (limit - len(text) - 1000), encoding="utf-8")
    assert codes(read_document(p)) == []
    p.write_text(text + "附" * (limit - len(text) + 1000), encoding="utf-8")
    assert codes(read_document(p)) == ["too_large"]


# --- held before: XML and file-system tricks ------------------------------------------------


def test_docx_external_entity_is_not_resolved(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("SECRET-CONTENT", encoding="utf-8")
    p = tmp_path / "xxe.docx"
    p.write_bytes(
        H.docx(H.paragraph("&xxe;"), prolog=f'<!DOCTYPE w:document [<!ENTITY xxe SYSTEM "{secret.as_uri()}">]>')
    )
    doc = read_document(p)
    assert "SECRET-CONTENT" not in doc.text


def test_html_external_entity_is_not_resolved(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("SECRET-CONTENT", encoding="utf-8")
    p = tmp_path / "xxe.html"
    p.write_text(
        f'<!DOCTYPE html [<!ENTITY xxe SYSTEM "{secret.as_uri()}">]>' + H.html_page("<p>&xxe;</p>"), encoding="utf-8"
    )
    assert "SECRET-CONTENT" not in read_document(p).text


def test_docx_billion_laughs(tmp_path):
    ents = '<!ENTITY a0 "lol">' + "".join(f'<!ENTITY a{i} "{f"&a{i - 1};" * 10}">' for i in range(1, 10))
    p = tmp_path / "laughs.docx"
    p.write_bytes(H.docx(H.paragraph("&a9;"), prolog=f"<!DOCTYPE w:document [{ents}]>"))
    status, err, peak = _ingest(tmp_path, "laughs.docx", p.read_bytes())
    assert "Traceback" not in err and peak < 200
    assert len(read_document(p).text) < 10_000


def test_symlink_loop_in_a_folder(tmp_path):
    (tmp_path / "a").mkdir()
    shutil.copy(SAMPLE.with_suffix(".txt"), tmp_path / "a" / "r.txt")
    (tmp_path / "a" / "loop").symlink_to(tmp_path)
    (tmp_path / "a" / "self").symlink_to(tmp_path / "a" / "self")
    files, problems = iter_inputs([tmp_path])
    assert [f.name for f in files] == ["r.txt"]


def test_unreadable_subfolder_is_reported(tmp_path, monkeypatch):
    """As root every folder is readable, so the refusal is simulated where os.walk lists."""
    (tmp_path / "ok").mkdir()
    (tmp_path / "locked").mkdir()
    shutil.copy(SAMPLE.with_suffix(".txt"), tmp_path / "ok" / "r.txt")
    real = os.scandir

    def scandir(path="."):
        if Path(path).name == "locked":
            raise PermissionError(13, "Permission denied", str(path))
        return real(path)

    monkeypatch.setattr(os, "scandir", scandir)
    files, problems = iter_inputs([tmp_path])
    assert [f.name for f in files] == ["r.txt"]
    assert len(problems) == 1 and "locked" in problems[0] and "Permission denied" in problems[0]


# --- encodings, names and smaller cases -------------------------------------------------------


def test_utf8_with_one_bad_byte_is_read_and_flagged(tmp_path):
    data = SAMPLE.with_suffix(".txt").read_bytes()
    cut = data.index("。".encode()) + 3  # after the first sentence, away from the tables
    p = tmp_path / "bad-byte.txt"
    p.write_bytes(data[:cut] + b"\xff" + data[cut:])
    rep, good = extract(p), extract(SAMPLE.with_suffix(".txt"))
    assert rep.errors == [] and rep.cells == good.cells
    flag = [f for f in rep.flags if f.rule == "ingest.replaced_bytes"]
    assert len(flag) == 1 and flag[0].severity == "warning"
    start, end = flag[0].evidence[0]["span"]
    assert rep.text[start:end] == "\ufffd"


def test_many_bad_bytes_are_not_papered_over(tmp_path):
    data = SAMPLE.with_suffix(".txt").read_bytes()
    p = tmp_path / "many.txt"
    p.write_bytes(b"\xff".join(data[i : i + 50] for i in range(0, len(data), 50)))
    doc = read_document(p)
    assert "\ufffd" not in doc.text or doc.errors


def test_html_250_levels_deep_keeps_its_tables(tmp_path):
    page = SAMPLE.with_suffix(".html").read_text(encoding="utf-8")
    body_start = page.index(">", page.index("<body")) + 1
    body_end = page.index("</body>")
    p = tmp_path / "deep.html"
    p.write_text(page[:body_start] + H.nested(page[body_start:body_end], 250) + page[body_end:], encoding="utf-8")
    rep, good = (
        extract(p, sections=False, facts=False),
        extract(SAMPLE.with_suffix(".html"), sections=False, facts=False),
    )
    assert rep.errors == [] and rep.tables_found == good.tables_found
    assert rep.cells == good.cells


def test_html_deeper_than_the_parser_goes_is_an_error_not_a_silent_loss(tmp_path):
    p = tmp_path / "deeper.html"
    p.write_text(
        H.html_page(H.nested("<p>2023年政府信息公开工作年度报告</p><table><tr><td>1</td></tr></table>", 3000)),
        encoding="utf-8",
    )
    status, err, peak = _ingest(tmp_path, "deeper.html", p.read_bytes())
    assert status == 1 and "too deep" in err and "Traceback" not in err


def test_utf8_page_whose_meta_says_latin1(tmp_path):
    page = SAMPLE.with_suffix(".html").read_text(encoding="utf-8")
    p = tmp_path / "meta.html"
    p.write_text(
        page.replace('charset="utf-8"', 'charset="iso-8859-1"').replace("charset=utf-8", "charset=iso-8859-1"),
        encoding="utf-8",
    )
    assert "iso-8859-1" in p.read_text(encoding="utf-8")
    rep, good = (
        extract(p, sections=False, facts=False),
        extract(SAMPLE.with_suffix(".html"), sections=False, facts=False),
    )
    assert rep.errors == [] and rep.cells == good.cells and rep.agency == good.agency


@pytest.mark.parametrize("make", [H.owner_password_pdf, H.owner_password_pdf_aes])
def test_owner_password_only_pdf_is_read(tmp_path, make):
    p = tmp_path / "owner.pdf"
    p.write_bytes(make("Annual report 2023 with an owner password only"))
    doc = read_document(p)
    assert doc.errors == [] and "owner password only" in doc.text


def test_file_name_not_utf8(tmp_path):
    """JSON Lines, a parquet corpus and the review page: all valid UTF-8, the name recoverable."""
    import pandas as pd
    from typer.testing import CliRunner

    import ogi
    from ogi.cli import app

    raw = os.fsencode(tmp_path) + b"/report-\xff\xfe.txt"
    shutil.copy(SAMPLE.with_suffix(".txt"), raw)
    status, out, err, _ = run_capped(["extract", os.fsdecode(raw)], PIPELINE_CAP)
    assert status == 0, err
    line = json.loads(out.decode("utf-8"))  # strict: invalid UTF-8 raises
    assert line["source"].endswith("report-\\xff\\xfe.txt")
    assert unquote_to_bytes(line["source_bytes"]) == raw
    corpus = tmp_path / "corpus"
    ogi.extract_corpus([tmp_path], out=corpus, format="parquet")
    reports = pd.read_parquet(corpus / "reports.parquet")
    assert unquote_to_bytes(reports["source_bytes"][0]) == raw and reports["n_errors"][0] == 0
    page = tmp_path / "page.html"
    result = CliRunner().invoke(app, ["review", os.fsdecode(raw), "-o", str(page)])
    assert result.exit_code == 0, result.output
    assert page.stat().st_size > 10_000
    page.read_bytes().decode("utf-8")


def test_max_bytes_takes_sizes_and_refuses_nonsense(tmp_path):
    p = tmp_path / "r.txt"
    shutil.copy(SAMPLE.with_suffix(".txt"), p)
    status, _, err, _ = run_capped(["text", p], INGEST_CAP, env={"OGI_MAX_BYTES": "50MB"})
    assert status == 0, err
    status, _, err, _ = run_capped(["text", p], INGEST_CAP, env={"OGI_MAX_BYTES": "1KB"})
    assert status == 1 and "too large" in err
    status, _, err, _ = run_capped(["extract", p], INGEST_CAP, env={"OGI_MAX_BYTES": "lots"})
    assert status == 2 and "OGI_MAX_BYTES" in err
    assert_one_clear_line(err)


def test_models_missing_review_and_extract(tmp_path):
    p = tmp_path / "r.txt"
    shutil.copy(SAMPLE.with_suffix(".txt"), p)
    env = {"OGI_MODELS": str(tmp_path / "no-models")}
    status, _, err, _ = run_capped(["review", p, "-o", tmp_path / "page.html"], PIPELINE_CAP, env=env)
    assert status == 2 and "model" in err
    assert_one_clear_line(err)
    assert not (tmp_path / "page.html").exists()
    out = tmp_path / "corpus.duckdb"
    status, _, err, _ = run_capped(["extract", p, "--out", out], PIPELINE_CAP, env=env)
    assert status == 2 and "model" in err
    assert_one_clear_line(err)
    assert not out.exists() and not list(tmp_path.glob("corpus.duckdb*"))


def test_pdf_guard_counts_every_flate_stream():
    """The guard reads the streams the way a reader would: a stream it could not see could hide a bomb."""
    from ogi.ingest.pdfguard import check_pdf

    small = H.pdf(H._page_objects(H._stream(zlib.compress(b" " * 1000), b"/Filter /FlateDecode")))
    assert check_pdf(small) is None
    bound = bounds()["pdf"]["decoded_floor"]
    # many streams each under the bound, together over it
    many = H.pdf(
        H._page_objects(H._stream(H.deflated(1 * MB), b"/Filter [/FlateDecode]"))
        + [H._stream(H.deflated(8 * MB), b"/Filter /FlateDecode")] * (bound // (8 * MB) + 2)
    )
    assert check_pdf(many).code == "too_large"


@pytest.mark.parametrize("make", [H.pdf_lzw_text, H.pdf_run_length_text])
def test_lzw_and_run_length_pages_are_read_and_counted(tmp_path, make):
    """The guard counts LZW and run-length streams exactly (their codes read, no byte made),
    and a page written with them is read as any other."""
    from ogi.ingest.pdfguard import _lzw_size, _run_length_size

    line = "Annual report 2023 in an older filter"
    p = tmp_path / "old.pdf"
    p.write_bytes(make(line))
    doc = read_document(p)
    assert doc.errors == [] and line in doc.text
    content = bytes(range(256)) * 40 + b"A" * 30_000 + b"BT (x) Tj ET" * 500  # resets the LZW table
    assert _lzw_size(H.lzw(content), 0, len(H.lzw(content)), 10**9) == len(content)
    assert _run_length_size(H.run_length(content), 0, len(H.run_length(content)), 10**9) == len(content)
    bomb = H.lzw_bomb(3)  # code i after a clear names an entry of i + 1 bytes
    assert _lzw_size(bomb, 0, len(bomb), 10**12) == 3 * (1 + sum(i + 1 for i in range(1, 4094 - 258)))
    assert 10**6 < _lzw_size(bomb, 0, len(bomb), 10**6) < 10**6 + 4096  # stops once over its cap


CHAINS = [
    ["ASCIIHexDecode", "FlateDecode"],
    ["ASCII85Decode", "FlateDecode"],
    ["FlateDecode", "FlateDecode"],
    ["ASCII85Decode", "LZWDecode"],
    ["FlateDecode", "RunLengthDecode"],
]


@pytest.mark.parametrize("chain", CHAINS, ids="+".join)
def test_pdf_guard_follows_a_chain_of_filters(tmp_path, chain):
    """A bomb behind another filter is counted by what the whole chain decodes to (the first
    filter alone would let `[/FlateDecode /FlateDecode]` of 1 KB through to decode 200 MB);
    a page written with the same chain is read as any other."""
    from ogi.ingest.pdfguard import check_pdf

    line = "Annual report 2023 behind a chain of filters"
    p = tmp_path / "chain.pdf"
    p.write_bytes(H.pdf_chained(b"BT /F1 12 Tf 72 720 Td (%s) Tj ET" % line.encode(), chain))
    doc = read_document(p)
    assert doc.errors == [] and line in doc.text
    err = check_pdf(H.pdf_chain_bomb(chain, bounds()["pdf"]["decoded_floor"] + 8 * MB))
    assert err is not None and err.code == "too_large"


def test_pdf_guard_holds_an_image_behind_a_chain_to_its_declared_size():
    """An image's last filter is held to the size the image declares, what the filters before
    it make to the bound of all streams: `[/FlateDecode /ASCIIHexDecode]` makes twice the image
    on the way, which is no reason to call it corrupt."""
    from ogi.ingest.pdfguard import check_pdf

    chain = ["FlateDecode", "ASCIIHexDecode"]
    assert check_pdf(H.pdf_chained_image(bytes(100 * 100 * 4), chain)) is None
    assert check_pdf(H.pdf_chained_image(bytes(100 * 100 * 8), chain)).code == "corrupt"


@pytest.mark.parametrize(
    "filter_, target",
    [(b"/Filter 6 0 R", b"/FlateDecode"), (b"/Filter 6 0 R", b"[/FlateDecode]"), (b"/Filter [6 0 R]", b"/FlateDecode")],
)
def test_pdf_guard_follows_a_filter_named_by_reference(tmp_path, filter_, target):
    """A filter named through a reference to another object is the filter that object names
    (PDFium follows it); a page written so is read as any other."""
    from ogi.ingest.pdfguard import check_pdf

    line = "Annual report 2023 with its filter elsewhere"
    p = tmp_path / "indirect.pdf"
    content = b"BT /F1 12 Tf 72 720 Td (%s) Tj ET" % line.encode()
    p.write_bytes(H.pdf(H._page_objects(H._stream(zlib.compress(content), filter_)) + [target]))
    doc = read_document(p)
    assert doc.errors == [] and line in doc.text
    size = bounds()["pdf"]["decoded_floor"] + 8 * MB
    bomb = H.pdf(H._page_objects(H._stream(H.deflated(size), filter_)) + [target])
    assert check_pdf(bomb).code == "too_large"


def test_pdf_guard_counts_a_filter_it_cannot_see_as_the_worst():
    """A reference the guard cannot follow (its object inside a compressed object stream, here
    missing) may name any filter: the stream counts what the most expanding one makes of it."""
    from ogi.ingest.pdfguard import check_pdf

    size = bounds()["pdf"]["decoded_floor"] + 8 * MB
    assert check_pdf(H.pdf(H._page_objects(H._stream(H.deflated(size), b"/Filter 9 0 R")))).code == "too_large"
    small = H.pdf(H._page_objects(H._stream(zlib.compress(b" " * 1000), b"/Filter 9 0 R")))
    assert check_pdf(small) is None


@settings(max_examples=60, deadline=None)
@given(
    data=st.binary(max_size=3000)
    | st.builds(lambda b, n: b * n, st.binary(min_size=1, max_size=3), st.integers(1, 2000)),
    name=st.sampled_from(sorted(H.ENCODERS)),
    piece=st.integers(1, 300),
)
def test_pdf_guard_decoders_make_the_encoded_bytes(data, name, piece):
    """Each filter of a chain decodes what its encoder made, however its input is cut."""
    from ogi.ingest.pdfguard import _DECODERS, _FILTERS

    encoded = H.ENCODERS[name](data)
    pieces = (encoded[i : i + piece] for i in range(0, len(encoded), piece))
    assert b"".join(_DECODERS[_FILTERS[name.encode()]](pieces, b"")) == data


class _Payload:
    """Pickled, this would create a file when loaded."""

    def __init__(self, path: str) -> None:
        self.path = path

    def __reduce__(self):
        return (open, (self.path, "w"))


def test_malicious_pickle_in_the_model_is_not_run(tmp_path):
    import numpy as np

    from ogi.model_files import ModelError, models_dir
    from ogi.sections.model import load_model

    model = tmp_path / "sections"
    shutil.copytree(models_dir() / "sections", model)
    with np.load(model / "weights.npz") as z:
        arrays = dict(z)
    proof = tmp_path / "payload-ran"
    arrays["weights"] = np.array([_Payload(str(proof))], dtype=object)
    np.savez(model / "weights.npz", **arrays)
    with pytest.raises(ModelError):
        load_model(model)
    assert not proof.exists()
