"""The command line: JSON Lines on stdout, messages on stderr, exit status as documented."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

from .conftest import FIXTURES

SAMPLES = FIXTURES / "samples"


def run(*args, **kw):
    return subprocess.run([sys.executable, "-m", "ogi.cli", *map(str, args)], capture_output=True, text=True, **kw)


def test_extract_folder_one_line_per_document(tmp_path):
    for stem in ("000_a603a2208d919e1a", "001_e43356999c5a4606"):
        shutil.copy(SAMPLES / f"{stem}.txt", tmp_path / f"{stem}.txt")
    (tmp_path / "sub").mkdir()
    shutil.copy(SAMPLES / "003_b1e886070ef0a9dc.pdf", tmp_path / "sub" / "r.pdf")
    (tmp_path / "broken.docx").write_bytes(b"PK\x03\x04garbage")
    (tmp_path / "notes.csv").write_text("a,b\n")  # not a report type: not searched
    res = run("extract", tmp_path)
    assert res.returncode == 0, res.stderr
    lines = [json.loads(ln) for ln in res.stdout.splitlines()]
    assert len(lines) == 4
    by_name = {ln["source"].rsplit("/", 1)[-1]: ln for ln in lines}
    assert by_name["broken.docx"]["errors"][0]["code"] == "corrupt"
    good = by_name["000_a603a2208d919e1a.txt"]
    assert good["format"] == "2021" and good["cells"]["t2.new.total"] == 1
    assert len(good["cells"]) == 200 and good["errors"] == []
    assert len(good["doc_id"]) == 12
    assert "4 document(s)" in res.stderr  # the summary goes to stderr, never stdout


def test_exit_status_when_nothing_readable(tmp_path):
    (tmp_path / "empty.txt").write_text("")
    res = run("extract", tmp_path / "empty.txt")
    assert res.returncode == 1
    assert json.loads(res.stdout)["errors"][0]["code"] == "empty"


def test_missing_path(tmp_path):
    res = run("extract", tmp_path / "nope.txt")
    assert res.returncode == 2
    assert "no such file" in res.stderr and res.stdout == ""


def test_text_command_is_what_offsets_index():
    src = SAMPLES / "001_e43356999c5a4606.html"
    text = run("text", src).stdout
    line = json.loads(run("extract", "-q", src).stdout)
    for key, (a, b) in line["cell_spans"].items():
        assert text[a:b].strip() == str(line["cells"][key])


def test_help_explains_itself():
    res = run("extract", "--help")
    assert res.returncode == 0 and "JSON" in res.stdout and "folders" in res.stdout


def test_evaluate_facts_on_sentences_written_for_the_tests():
    # the shipped model on annotated sentences it never trained on: no cross-validation
    res = run("evaluate", "facts", "--on", FIXTURES / "facts_written" / "written.jsonl")
    assert res.returncode == 0, res.stderr
    overall = [ln for ln in res.stdout.splitlines() if ln.startswith("overall")]
    assert len(overall) == 2  # (type, value) and (type, value, category)
    (interval,) = [ln for ln in res.stdout.splitlines() if ln.startswith("95% interval")]
    lo, hi = map(float, interval.split("model ")[1].split(",")[0].split("–"))
    assert 0 < lo < hi <= 1
    missing = run("evaluate", "facts", "--on", FIXTURES / "facts_written" / "nothing.jsonl")
    assert missing.returncode != 0 and "does not exist" in missing.stderr


def test_evaluate_facts_on_an_empty_file_says_so(tmp_path):
    (tmp_path / "empty.jsonl").write_text("")
    res = run("evaluate", "facts", "--on", tmp_path / "empty.jsonl")
    assert res.returncode != 0 and "No annotated sentences" in res.stderr and "Traceback" not in res.stderr
    # a folder without a frozen split: --test says where it looked
    res = run("evaluate", "facts", "--test", "--data", tmp_path)
    assert res.returncode != 0 and "frozen test split" in res.stderr and "Traceback" not in res.stderr


def test_evaluate_facts_test_prints_aggregates_of_the_frozen_split_only(tmp_path):
    # a frozen split made of a written set: the scores, never a sentence or a span of it
    (tmp_path / "test").mkdir()
    written = FIXTURES / "facts_written" / "written.jsonl"
    (tmp_path / "test" / "split.jsonl").write_bytes(written.read_bytes())
    res = run("evaluate", "facts", "--test", "--data", tmp_path)
    assert res.returncode == 0, res.stderr
    assert "frozen test split" in res.stdout and "cross-validated" in res.stdout
    overall = [ln for ln in res.stdout.splitlines() if ln.startswith("overall")]
    assert len(overall) == 1 and 0.5 < float(overall[0].split()[4]) <= 1  # the model's F1
    sentences = [json.loads(ln)["text"] for ln in written.read_text(encoding="utf-8").splitlines() if ln.strip()]
    shown = res.stdout + res.stderr
    assert not any(s[:12] in shown for s in sentences)
    as_json = json.loads(run("evaluate", "facts", "--test", "--json", "--data", tmp_path).stdout)
    assert set(as_json) == {"frozen_split", "cross_validated"}
    assert "predictions" not in as_json["frozen_split"] and "model_differences" not in as_json["frozen_split"]


def test_a_learning_curve_cross_validates_and_refuses_a_test_set():
    res = run("evaluate", "facts", "--learning-curve", "--on", FIXTURES / "facts_written" / "written.jsonl")
    assert res.returncode != 0 and "--test" in res.stderr and "Traceback" not in res.stderr


def test_evaluate_facts_refuses_folds_it_cannot_deal():
    res = run("evaluate", "facts", "--data", FIXTURES / "facts", "--folds", "1")
    assert res.returncode == 2 and "folds must be 0" in res.stderr and "Traceback" not in res.stderr


def test_a_folders_markdown_notes_are_passed_over_and_markdown_reports_read(tmp_path):
    (tmp_path / "README.md").write_text(
        "# 报告库\n\n本文件夹收集各地政府信息公开工作年度报告（2021–2023年），供研究使用。\n\n"
        "- `text/`: 报告全文\n- 来源见 INDEX.tsv\n",
        encoding="utf-8",
    )
    (tmp_path / "notes.md").write_text("TODO: check the 2022 reports again\n", encoding="utf-8")
    shutil.copy(SAMPLES / "000_a603a2208d919e1a.txt", tmp_path / "report.md")
    shutil.copy(SAMPLES / "001_e43356999c5a4606.txt", tmp_path / "other.txt")
    res = run("extract", tmp_path)
    lines = [json.loads(ln) for ln in res.stdout.splitlines()]
    assert res.returncode == 0 and sorted(Path(ln["source"]).name for ln in lines) == ["other.txt", "report.md"]
    assert all(ln["errors"] == [] for ln in lines) and "README" not in res.stderr
    named = run("extract", tmp_path / "README.md")  # named on its own, it gets its line and the reason
    assert json.loads(named.stdout)["errors"][0]["code"] == "not_a_report"
    only_notes = tmp_path / "docs"
    only_notes.mkdir()
    shutil.move(tmp_path / "README.md", only_notes / "README.md")
    res = run("extract", only_notes)
    assert res.returncode == 2 and "not reports passed over" in res.stderr and res.stdout == ""
