"""From a terminal: every command that writes to standard output writes the same bytes there
whether standard error is a terminal (where the progress bar lives) or not. `ogi extract DIR >
file` typed at a prompt has a terminal on standard error and a file on standard output."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading

import pytest

from .conftest import FIXTURES, ROOT

pty = pytest.importorskip("pty", reason="pseudo-terminals are POSIX only")

SAMPLES = FIXTURES / "samples"
ONE = SAMPLES / "000_a603a2208d919e1a.txt"


def _lines(n: int):
    def check(out: str) -> None:
        assert [len(json.loads(line)["cells"]) for line in out.splitlines()] == [200] * n

    return check


def _pretty(out: str) -> None:
    objs, at, decoder = [], 0, json.JSONDecoder()
    while out[at:].strip():
        obj, at = decoder.raw_decode(out, at + len(out[at:]) - len(out[at:].lstrip()))
        objs.append(obj)
    assert len(objs) == 2 and all(len(o["cells"]) == 200 for o in objs)


def _text(out: str) -> None:
    from ogi.ingest import read_document

    assert out == read_document(SAMPLES / "001_e43356999c5a4606.docx").text


def _page(out: str) -> None:
    assert out.lstrip().lower().startswith("<!doctype html") and out.rstrip().endswith("</html>")


def _schema(out: str) -> None:
    from ogi.data_files import load_json

    assert json.loads(out) == load_json("report.schema.json")


def _version(out: str) -> None:
    from ogi import __version__

    assert out == f"ogi {__version__}\n"


def _scores(out: str) -> None:
    assert sum(line.startswith("overall") for line in out.splitlines()) == 2


def _metrics(out: str) -> None:
    assert 0 <= json.loads(out)["accuracy"] <= 1


# Every command that writes to standard output, with small inputs, and what its output must be.
COMMANDS = {
    "extract pretty": (["extract", "--pretty", ONE, SAMPLES / "001_e43356999c5a4606.html"], _pretty),
    "extract verbose": (["extract", "-v", ONE, SAMPLES / "003_b1e886070ef0a9dc.txt"], _lines(2)),
    "text": (["text", SAMPLES / "001_e43356999c5a4606.docx"], _text),
    "review": (["review", ONE], _page),
    "schema": (["schema"], _schema),
    "version": (["--version"], _version),
    "evaluate facts": (["evaluate", "facts", "--on", FIXTURES / "facts_written" / "written.jsonl"], _scores),
    "evaluate sections": (
        ["evaluate", "sections", "--data", FIXTURES / "sections", "--folds", "2", "--json"],
        _metrics,
    ),
}


def _env() -> dict:
    env = dict(os.environ, TERM="xterm-256color", COLUMNS="100")
    for var in ("NO_COLOR", "CI", "TTY_COMPATIBLE", "TTY_INTERACTIVE"):
        env.pop(var, None)
    return env


def run_ogi(args: list, *, terminal: bool, stdout_terminal: bool = False) -> tuple[int, bytes, bytes]:
    """(exit status, standard output, what the terminal showed): standard error (and standard
    input) on a pseudo-terminal when `terminal`; standard output too when `stdout_terminal`."""
    cmd = [sys.executable, "-m", "ogi", *map(str, args)]
    if not terminal:
        res = subprocess.run(cmd, capture_output=True, cwd=ROOT, env=_env(), timeout=120)
        return res.returncode, res.stdout, res.stderr
    master, slave = pty.openpty()
    shown: list[bytes] = []

    def drain() -> None:  # a full terminal buffer would block the command
        while True:
            try:
                chunk = os.read(master, 65536)
            except OSError:
                return
            if not chunk:
                return
            shown.append(chunk)

    reader = threading.Thread(target=drain, daemon=True)
    reader.start()
    try:
        proc = subprocess.Popen(
            cmd, stdin=slave, stderr=slave, stdout=slave if stdout_terminal else subprocess.PIPE, cwd=ROOT, env=_env()
        )
        os.close(slave)
        out, _ = proc.communicate(timeout=120)
        proc.wait()
        reader.join(timeout=10)
    finally:
        os.close(master)
    return proc.returncode, out or b"", b"".join(shown)


@pytest.mark.parametrize("name", COMMANDS)
def test_standard_output_is_whole_from_a_terminal(name):
    args, check = COMMANDS[name]
    code, out, shown = run_ogi(args, terminal=True)
    assert code == 0, shown.decode(errors="replace")
    check(out.decode())


def test_a_folder_extracted_into_a_file_from_a_terminal_keeps_every_line():
    files = sorted(p for p in SAMPLES.iterdir() if p.suffix in (".txt", ".html", ".docx", ".pdf", ".md"))
    code, out, shown = run_ogi(["extract", SAMPLES], terminal=True)
    lines = [json.loads(line) for line in out.decode().splitlines()]
    assert code == 0 and len(lines) == len(files)
    assert {line["source"] for line in lines} == {str(f) for f in files}
    assert b"docs/s" in shown  # the progress bar was on the terminal, where it belongs
    assert b'"doc_id"' not in shown


def test_on_a_terminal_alone_the_lines_are_shown_without_a_bar():
    code, _, shown = run_ogi(
        ["extract", ONE, SAMPLES / "001_e43356999c5a4606.txt"], terminal=True, stdout_terminal=True
    )
    text = shown.decode(errors="replace")
    assert code == 0 and text.count('"doc_id"') == 2 and "docs/s" not in text
