"""Segments, the section model's training command, and its clear errors."""
from __future__ import annotations

import json
import shutil

import pytest

from ogi import extract
from ogi.sections import LABELS, segment_text
from ogi.sections.model import ModelError, load_model, models_dir
from ogi.sections.train import train

from .conftest import FIXTURES, ROOT

SMALL = FIXTURES / "sections"


def test_segments_split_run_together_subsections():
    text = "一、总体情况\n（一）主动公开。本年度公开信息10条。（二）依申请公开。未收到申请。2.平台建设方面。网站运行平稳。\n"
    segs = segment_text(text)
    starts = [s.text[:6] for s in segs]
    assert starts == ["一、总体情况", "（一）主动公", "（二）依申请", "2.平台建设"]
    assert all(text[s.start:s.end] == s.text for s in segs)
    assert segs[1].heading == "（一）主动公开。"


def test_train_on_a_small_set_gives_a_loadable_model(tmp_path):
    meta = train(SMALL, tmp_path / "sections", seed=1)
    assert meta["labels"] == LABELS and meta["segments"] == 60
    model = load_model(tmp_path / "sections")
    out = model.predict(["一、总体情况", "（一）主动公开。本年度公开信息10条。"], [None, None])
    assert all(lab in LABELS and 0 <= conf <= 1 for lab, conf in out)


def test_missing_model_says_how_to_retrain(tmp_path):
    with pytest.raises(ModelError, match="ogi train sections"):
        load_model(tmp_path / "nothing")


def test_truncated_model_says_how_to_retrain(tmp_path):
    src = models_dir() / "sections"
    dst = tmp_path / "sections"
    shutil.copytree(src, dst)
    data = (dst / "model.skops").read_bytes()
    (dst / "model.skops").write_bytes(data[: len(data) // 3])
    with pytest.raises(ModelError, match="ogi train sections"):
        load_model(dst)


def test_model_of_another_version_is_refused(tmp_path):
    dst = tmp_path / "sections"
    shutil.copytree(models_dir() / "sections", dst)
    meta = json.loads((dst / "meta.json").read_text())
    meta["model_version"] = 999
    (dst / "meta.json").write_text(json.dumps(meta))
    with pytest.raises(ModelError, match="another version"):
        load_model(dst)


def test_shipped_model_is_small_and_labels_the_sample():
    assert (models_dir() / "sections" / "model.skops").stat().st_size < 20 * 1024 * 1024
    rep = extract(FIXTURES / "samples" / "000_a603a2208d919e1a.txt")
    labels = [s["label"] for s in rep.sections]
    assert labels[0] == "preamble"
    assert {"overview.proactive", "overview.on_request", "table.applications", "problems"} <= set(labels)
    for s in rep.sections:
        assert 0 <= s["start"] < s["end"] <= len(rep.text)
    assert not [f for f in rep.flags if f.rule == "section.missing"]
