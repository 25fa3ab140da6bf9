"""Interrupted and failing runs: one clear line, a distinct exit status, the data kept.

Workers die with their parent; a worker that dies costs one retry of its document, then an
error, and the run goes on; two writers, a damaged, read-only or full output each end the run
with one line. Where a worker must die on a given document, a `sitecustomize` put on the
subprocess's path kills it (tests only: ogi has no such hook). The read-only and full-disk
cases mount a small tmpfs, which needs root; elsewhere they skip, saying why.
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
from ogi.corpus.io import read_tables

from .conftest import FIXTURES, ROOT, SAMPLE_STEMS

SAMPLES = FIXTURES / "samples"

# Kills the worker reading a file named crash-always*, and the first one reading crash-once*.
CRASH_HOOK = '''
import os, signal
import ogi.report as report
_extract = report.extract
def extract(path, *args, **kw):
    name = os.path.basename(str(path))
    marker = os.environ["OGI_TEST_MARKER"]
    if name.startswith("crash-always") or (name.startswith("crash-once") and not os.path.exists(marker)):
        open(marker, "w").close()
        os.kill(os.getpid(), signal.SIGKILL)
    if name.startswith("memory-once") and not os.path.exists(marker + ".mem"):
        open(marker + ".mem", "w").close()
        raise MemoryError()
    return _extract(path, *args, **kw)
report.extract = extract
'''


def ogi(*args, env: dict | None = None, hook: Path | None = None, **kw) -> subprocess.Popen:
    path = [str(hook)] if hook else []
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(path + [str(ROOT / "src")]), **(env or {}))
    return subprocess.Popen([sys.executable, "-m", "ogi.cli", *map(str, args)], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, env=env, **kw)


def run(*args, **kw) -> tuple[int, str, str]:
    proc = ogi(*args, **kw)
    out, err = proc.communicate(timeout=240)
    return proc.returncode, out, err


def one_line(err: str) -> str:
    assert "Traceback" not in err, err
    lines = [l for l in err.splitlines() if l.startswith("ogi: ") and "document(s)," not in l]
    assert len(lines) == 1, err
    return lines[0]


def samples(folder: Path, n: int = 3) -> Path:
    folder.mkdir(exist_ok=True)
    for stem in SAMPLE_STEMS[:n]:
        shutil.copy(SAMPLES / f"{stem}.txt", folder / f"{stem}.txt")
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
    proc = ogi("extract", samples(tmp_path / "in"), "--out", tmp_path / "c.duckdb", "-j", "2")
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
    # what was committed is intact, and a rerun finishes the corpus
    code, _, err = run("extract", tmp_path / "in", "--out", tmp_path / "c.duckdb")
    assert code == 0, err
    assert len(read_tables(tmp_path / "c.duckdb")["reports"]) == 3


@needs_linux_proc
def test_dead_worker_document_retried_once_then_recorded(tmp_path):
    hook = tmp_path / "hook"
    hook.mkdir()
    (hook / "sitecustomize.py").write_text(CRASH_HOOK)
    folder = samples(tmp_path / "in", 1)
    shutil.copy(SAMPLES / f"{SAMPLE_STEMS[1]}.txt", folder / "crash-once.txt")
    (folder / "crash-always.txt").write_text("每次都让工作进程终止的文件。\n", encoding="utf-8")
    env = {"OGI_TEST_MARKER": str(tmp_path / "marker")}
    out = tmp_path / "c.duckdb"
    code, _, err = run("extract", folder, "--out", out, "-j", "2", env=env, hook=hook)
    assert code == 0 and "Traceback" not in err and "BrokenProcessPool" not in err, err
    reports = read_tables(out)["reports"].set_index("source")
    errors = {Path(s).name: json.loads(e) if isinstance(e, str) else [] for s, e in reports["errors"].items()}
    assert errors["crash-once.txt"] == [] and errors[f"{SAMPLE_STEMS[0]}.txt"] == []
    assert [e["code"] for e in errors["crash-always.txt"]] == ["worker_died"]
    assert "SIGKILL" in errors["crash-always.txt"][0]["message_en"]
    # a killed worker is a passing failure: a rerun reads that document again
    code, _, err = run("extract", folder, "--out", out, "-j", "2", env=env, hook=hook)
    assert "1 of them again" in err, err


def test_transient_failure_is_retried_and_permanent_kept(tmp_path):
    hook = tmp_path / "hook"
    hook.mkdir()
    (hook / "sitecustomize.py").write_text(CRASH_HOOK)
    folder = samples(tmp_path / "in", 1)
    shutil.copy(SAMPLES / f"{SAMPLE_STEMS[1]}.txt", folder / "memory-once.txt")
    (folder / "notice.txt").write_text("关于道路施工的通告\n本周六起封闭施工，请绕行。\n特此通告。\n", encoding="utf-8")
    env = {"OGI_TEST_MARKER": str(tmp_path / "marker")}
    out = tmp_path / "c.duckdb"

    def codes() -> dict[str, list[str]]:
        reports = read_tables(out)["reports"]
        return {Path(s).name: [x["code"] for x in json.loads(e)] if isinstance(e, str) else []
                for s, e in zip(reports["source"], reports["errors"])}

    assert run("extract", folder, "--out", out, env=env, hook=hook)[0] == 0
    assert codes() == {f"{SAMPLE_STEMS[0]}.txt": [], "memory-once.txt": ["out_of_memory"], "notice.txt": ["not_a_report"]}
    code, _, err = run("extract", folder, "--out", out, env=env, hook=hook)
    assert code == 0 and "2 document(s) already in" in err and "1 of them again" in err, err
    assert codes()["memory-once.txt"] == [] and len(codes()) == 3
    code, _, err = run("extract", folder, "--out", out, "--retry-errors", env=env, hook=hook)
    assert "1 of them again" in err and codes()["notice.txt"] == ["not_a_report"] and len(codes()) == 3


def test_fixed_file_replaces_its_error_row(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "r.docx").write_bytes(b"PK\x03\x04 not a zip")
    out = tmp_path / "c.duckdb"
    assert run("extract", folder, "--out", out)[0] == 1
    shutil.copy(SAMPLES / f"{SAMPLE_STEMS[0]}.docx", folder / "r.docx")
    code, _, err = run("extract", folder, "--out", out)
    assert code == 0, err
    reports = read_tables(out)["reports"]
    assert len(reports) == 1 and reports["n_errors"][0] == 0


def test_output_inside_the_input_folder_is_not_read(tmp_path):
    folder = samples(tmp_path / "in", 2)
    for _ in range(2):
        code, _, err = run("extract", folder, "--out", folder / "corpus.txt")
        assert code in (0, 1) and "Traceback" not in err, err
    reports = read_tables(folder / "corpus.txt")["reports"]
    assert sorted(Path(s).name for s in reports["source"]) == [f"{s}.txt" for s in SAMPLE_STEMS[:2]]


def test_out_naming_an_existing_report_is_left_alone(tmp_path):
    report = tmp_path / "report.pdf"
    shutil.copy(SAMPLES / f"{SAMPLE_STEMS[0]}.pdf", report)
    before = report.read_bytes()
    code, _, err = run("extract", SAMPLES / f"{SAMPLE_STEMS[1]}.txt", "--out", report)
    assert code == status.OUTPUT_DAMAGED and "not a DuckDB database" in one_line(err)
    assert report.read_bytes() == before


def test_two_writers(tmp_path):
    out = tmp_path / "c.duckdb"
    holder = subprocess.Popen([sys.executable, "-c", f"import duckdb, sys, time; c = duckdb.connect({str(out)!r}); "
                               "print('open', flush=True); time.sleep(120)"], stdout=subprocess.PIPE, text=True)
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
    assert run("extract", folder, "--out", out)[0] == 0
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
    remount(tmpfs, "size=300k")
    code, _, err = run("extract", folder, "--out", out, "--batch", "1")
    assert code == status.DISK_FULL and "no space left" in one_line(err)
    assert "cannot rollback" not in err
    remount(tmpfs, "size=64m")
    if out.exists():  # what was committed is readable
        read_tables(out)
    code, _, err = run("extract", folder, "--out", out)
    assert code == 0, err
    assert len(read_tables(out)["reports"]) == 3
