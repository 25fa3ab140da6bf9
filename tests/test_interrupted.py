"""Interrupted and failing runs: one clear line, a distinct exit status, the data kept.

Workers (of a corpus run, and the folds of a training) die with their parent; a worker that
dies costs one retry of its document, then an error, and the run goes on; two writers, a
damaged, read-only or full output each end the run with one line. Where a worker must die on a
given document, a `sitecustomize` put on the subprocess's path kills it (tests only: ogi has no
such hook). The read-only and full-disk cases mount a small tmpfs, which needs root; elsewhere
they skip, saying why.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pytest

from ogi import exit_status as status
from ogi.corpus import Store, Summary, build, extract_corpus
from ogi.corpus.io import read_tables
from ogi.ingest import iter_inputs

from .conftest import FIXTURES, ROOT, SAMPLE_STEMS

SAMPLES = FIXTURES / "samples"

# Kills the worker reading a file named crash-always*, and the first one reading crash-once*.
CRASH_HOOK = """
import os, signal
import ogi.report as report
_extract = report.extract
def extract(path, *args, **kw):
    name = os.path.basename(str(path))
    marker = os.environ["OGI_TEST_MARKER"]
    if name.startswith("crash-always") or (name.startswith("crash-once") and not os.path.exists(marker)):
        open(marker, "w").close()
        os.kill(os.getpid(), signal.SIGKILL)
    return _extract(path, *args, **kw)
report.extract = extract
"""


def ogi(*args, env: dict | None = None, hook: Path | None = None, **kw) -> subprocess.Popen:
    path = [str(hook)] if hook else []
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(path + [str(ROOT / "src")]), **(env or {}))
    return subprocess.Popen(
        [sys.executable, "-m", "ogi.cli", *map(str, args)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
        **kw,
    )


def run(*args, **kw) -> tuple[int, str, str]:
    proc = ogi(*args, **kw)
    out, err = proc.communicate(timeout=240)
    return proc.returncode, out, err


def one_line(err: str) -> str:
    assert "Traceback" not in err, err
    lines = [ln for ln in err.splitlines() if ln.startswith("ogi: ") and "document(s)," not in ln]
    assert len(lines) == 1, err
    return lines[0]


def samples(folder: Path, n: int = 3, copies: int = 1) -> Path:
    """The first `n` samples, each `copies` times (a run long enough to be interrupted on a fast
    machine); a copy ends in blank lines of its own, since a report's id is its bytes' hash."""
    folder.mkdir(exist_ok=True)
    for stem in SAMPLE_STEMS[:n]:
        text = (SAMPLES / f"{stem}.txt").read_bytes()
        for k in range(copies):
            (folder / (f"{stem}.txt" if k == 0 else f"{stem}-{k}.txt")).write_bytes(text + b"\n" * k)
    return folder


def children(pid: int) -> list[int]:
    kids = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid:
                kids.append(int(entry.name))
    return kids


def alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def wait_until(cond, seconds: float = 60.0) -> bool:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        if cond():
            return True
        time.sleep(0.1)
    return cond()


def workers_of(proc: subprocess.Popen, n: int = 2) -> list[int]:
    assert wait_until(lambda: len(children(proc.pid)) >= n), "the workers did not start"
    return children(proc.pid)


needs_linux_proc = pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads /proc to find the workers")


@needs_linux_proc
@pytest.mark.parametrize("sig", [signal.SIGKILL, signal.SIGTERM, signal.SIGINT])
def test_workers_die_with_their_parent(tmp_path, sig):
    # 20 copies of each sample: 3 reports were read in 0.4 s, before the signal came
    folder = samples(tmp_path / "in", copies=20)
    proc = ogi("extract", folder, "--out", tmp_path / "c.duckdb", "-j", "2")
    kids = workers_of(proc)
    time.sleep(0.5)
    proc.send_signal(sig)
    out, err = proc.communicate(timeout=60)
    assert wait_until(lambda: not any(alive(k) for k in kids), 30), "workers outlived their parent"
    if sig == signal.SIGKILL:
        return
    want = {signal.SIGTERM: status.TERMINATED, signal.SIGINT: status.INTERRUPTED}[sig]
    assert proc.returncode == want, err
    assert "run the same command again" in one_line(err)
    if sig == signal.SIGTERM:  # what was committed is intact, and a rerun finishes the corpus
        _build(folder, tmp_path / "c.duckdb")
        assert len(read_tables(tmp_path / "c.duckdb")["reports"]) == len(list(folder.iterdir())) == 60


@needs_linux_proc
@pytest.mark.parametrize("sig", [signal.SIGKILL, signal.SIGTERM])
def test_training_folds_die_with_their_parent(tmp_path, sig):
    """A killed `ogi train facts --jobs 2` leaves no fold training on (each fold is minutes of
    both cores)."""
    data = tmp_path / "facts"
    data.mkdir()
    shutil.copy(ROOT / "training_data" / "facts" / "samples.jsonl", data)
    args = ("train", "facts", "--data", data, "--out", tmp_path / "model", "--folds", "2", "--jobs", "2")
    proc = ogi(*args)
    kids = workers_of(proc)
    time.sleep(0.5)
    proc.send_signal(sig)
    proc.communicate(timeout=60)
    assert wait_until(lambda: not any(alive(k) for k in kids), 30), "a fold outlived its parent"


@needs_linux_proc
def test_dead_worker_document_retried_once_then_recorded(tmp_path):
    hook = tmp_path / "hook"
    hook.mkdir()
    (hook / "sitecustomize.py").write_text(CRASH_HOOK)
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(SAMPLES / f"{SAMPLE_STEMS[1]}.txt", folder / "crash-once.txt")
    (folder / "crash-always.txt").write_text("每次都让工作进程终止的文件。\n", encoding="utf-8")
    env = {"OGI_TEST_MARKER": str(tmp_path / "marker")}
    code, out, err = run("extract", folder, "-j", "2", env=env, hook=hook)
    assert code == 0 and "Traceback" not in err and "BrokenProcessPool" not in err, err
    lines = {Path(ln["source"]).name: ln for ln in map(json.loads, out.splitlines())}
    assert lines["crash-once.txt"]["errors"] == [] and lines["crash-once.txt"]["cells"]["t2.new.total"] is not None
    assert [e["code"] for e in lines["crash-always.txt"]["errors"]] == ["worker_died"]
    assert "SIGKILL" in lines["crash-always.txt"]["errors"][0]["message_en"]


def _errors(out: Path) -> dict[str, list[str]]:
    reports = read_tables(out)["reports"]
    return {
        Path(s).name: [x["code"] for x in json.loads(e)] if isinstance(e, str) else []
        for s, e in zip(reports["source"], reports["errors"])
    }


def _build(folder: Path, out: Path, **kw) -> Summary:
    with Store(out) as store:
        return build(iter_inputs([folder])[0], store, **kw)


def test_transient_failure_is_retried_and_permanent_kept(tmp_path, monkeypatch):
    import ogi.report

    folder = samples(tmp_path / "in", 1)
    shutil.copy(SAMPLES / f"{SAMPLE_STEMS[1]}.txt", folder / "memory-once.txt")
    (folder / "notice.txt").write_text("关于道路施工的通告\n本周六起封闭施工，请绕行。\n特此通告。\n", encoding="utf-8")
    out = tmp_path / "c.duckdb"
    real, failed = ogi.report.extract, []

    def extract(path, *args, **kw):
        if Path(path).name == "memory-once.txt" and not failed:
            failed.append(path)
            raise MemoryError()
        return real(path, *args, **kw)

    monkeypatch.setattr(ogi.report, "extract", extract)
    _build(folder, out)
    assert _errors(out) == {
        f"{SAMPLE_STEMS[0]}.txt": [],
        "memory-once.txt": ["out_of_memory"],
        "notice.txt": ["not_a_report"],
    }
    summary = _build(folder, out)
    assert (summary.skipped, summary.retried, summary.written) == (2, 1, 1)
    assert _errors(out)["memory-once.txt"] == [] and len(_errors(out)) == 3
    summary = _build(folder, out)
    assert (summary.skipped, summary.written) == (3, 0)  # a permanent failure is kept as it is
    summary = _build(folder, out, retry_errors=True)
    assert (summary.retried, summary.written) == (1, 1)
    assert _errors(out)["notice.txt"] == ["not_a_report"] and len(_errors(out)) == 3


def test_fixed_file_replaces_its_error_row(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "r.docx").write_bytes(b"PK\x03\x04 not a zip")
    out = tmp_path / "c.duckdb"
    _build(folder, out)
    assert _errors(out) == {"r.docx": ["corrupt"]}
    shutil.copy(SAMPLES / f"{SAMPLE_STEMS[0]}.docx", folder / "r.docx")
    _build(folder, out)
    assert _errors(out) == {"r.docx": []}


def test_output_inside_the_input_folder_is_not_read(tmp_path):
    folder = samples(tmp_path / "in", 2)
    for _ in range(2):
        extract_corpus([folder], out=folder / "corpus.txt")
    assert sorted(_errors(folder / "corpus.txt")) == [f"{s}.txt" for s in SAMPLE_STEMS[:2]]
    assert all(v == [] for v in _errors(folder / "corpus.txt").values())


def test_out_naming_an_existing_report_is_left_alone(tmp_path):
    report = tmp_path / "report.pdf"
    shutil.copy(SAMPLES / f"{SAMPLE_STEMS[0]}.pdf", report)
    before = report.read_bytes()
    code, _, err = run("extract", SAMPLES / f"{SAMPLE_STEMS[1]}.txt", "--out", report)
    assert code == status.OUTPUT_DAMAGED and "not a DuckDB database" in one_line(err)
    assert report.read_bytes() == before


def test_two_writers(tmp_path):
    out = tmp_path / "c.duckdb"
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            f"import duckdb, sys, time; c = duckdb.connect({str(out)!r}); print('open', flush=True); time.sleep(120)",
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "open"
        code, _, err = run("extract", samples(tmp_path / "in", 1), "--out", out)
        assert code == status.OUTPUT_IN_USE and f"PID {holder.pid}" in one_line(err)
    finally:
        holder.kill()
        holder.wait()
    con = duckdb.connect(str(out), read_only=True)
    con.close()


def test_damaged_database(tmp_path):
    out = tmp_path / "c.duckdb"
    with duckdb.connect(str(out)) as con:
        con.execute("CREATE TABLE t AS SELECT range AS x FROM range(100000)")
    data = bytearray(out.read_bytes())
    data[4096:12288] = os.urandom(8192)  # the headers and first block: checksums no longer match
    out.write_bytes(bytes(data))
    code, _, err = run("extract", samples(tmp_path / "in", 1), "--out", out)
    assert code == status.OUTPUT_DAMAGED and "damaged" in one_line(err)
    assert out.read_bytes() == bytes(data)


@pytest.fixture
def tmpfs(tmp_path):
    """A small tmpfs mounted at tmp_path/mnt (root only); unmounted after the test."""
    mnt = tmp_path / "mnt"
    mnt.mkdir()
    if not hasattr(os, "geteuid") or os.geteuid() != 0 or not shutil.which("mount"):
        pytest.skip("mounting a small tmpfs needs root and mount(8): the read-only and full-disk cases need one")
    res = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=64m", "tmpfs", str(mnt)], capture_output=True, text=True)
    if res.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here ({res.stderr.strip()}): the read-only and full-disk cases need one")
    yield mnt
    subprocess.run(["umount", "-l", str(mnt)], capture_output=True)


def remount(mnt: Path, options: str) -> None:
    subprocess.run(["mount", "-o", f"remount,{options}", str(mnt)], check=True, capture_output=True)


def test_read_only_output(tmp_path, tmpfs):
    folder = samples(tmp_path / "in", 1)
    out = tmpfs / "c.duckdb"
    _build(folder, out)
    shutil.copy(SAMPLES / f"{SAMPLE_STEMS[1]}.txt", folder / "new.txt")
    remount(tmpfs, "ro")
    code, _, err = run("extract", folder, "--out", out)
    assert code == status.OUTPUT_READ_ONLY and "cannot be written" in one_line(err)
    code, _, err = run("extract", folder, "--out", tmpfs / "new.duckdb")
    assert code == status.OUTPUT_READ_ONLY, err
    assert len(read_tables(out)["reports"]) == 1


def test_full_disk(tmp_path, tmpfs):
    folder = samples(tmp_path / "in", 3)
    out = tmpfs / "c.duckdb"
    remount(tmpfs, "size=128k")
    code, _, err = run("extract", folder, "--out", out, "--batch", "1")
    assert code == status.DISK_FULL and "no space left" in one_line(err)
    assert "cannot rollback" not in err
    remount(tmpfs, "size=64m")
    if out.exists():  # what was committed is readable
        read_tables(out)
    code, _, err = run("extract", folder, "--out", out)
    assert code == 0, err
    assert len(read_tables(out)["reports"]) == 3
