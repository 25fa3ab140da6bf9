"""Segments, the section model's training command, and its clear errors."""

from __future__ import annotations

import json
import re
import shutil

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ogi import extract
from ogi.model_files import ModelError, data_file_hashes, models_dir
from ogi.sections import LABELS, segment_text
from ogi.sections.model import FILES, load_model
from ogi.sections.segment import _BEFORE, _MARKER, _split_line
from ogi.sections.train import train
from ogi.text_marks import CLOSE_PARENS, CN_NUMERALS, ENUMERATION_COMMA, ITEM_DELIMS, OPEN_PARENS, char_class

from .conftest import FIXTURES, GOLDEN, SAMPLE_STEMS

SMALL = FIXTURES / "sections"


def test_segments_split_run_together_subsections():
    text = (
        "一、总体情况\n（一）主动公开。本年度公开信息10条。（二）依申请公开。未收到申请。"
        "2.平台建设方面。网站运行平稳。\n"
    )
    segs = segment_text(text)
    starts = [s.text[:6] for s in segs]
    assert starts == ["一、总体情况", "（一）主动公", "（二）依申请", "2.平台建设"]
    assert all(text[s.start : s.end] == s.text for s in segs)
    assert segs[1].heading == "（一）主动公开。"


def test_train_on_a_small_set_gives_a_loadable_model(tmp_path):
    meta = train(SMALL, tmp_path / "sections", seed=1)
    assert meta["labels"] == LABELS and meta["segments"] == 60
    assert meta["data_files"] == data_file_hashes(["sections.json"])  # the rule data it was trained with
    model = load_model(tmp_path / "sections")
    out = model.predict(["一、总体情况", "（一）主动公开。本年度公开信息10条。"], [None, None])
    assert all(lab in LABELS and 0 <= conf <= 1 for lab, conf in out)
    assert meta["metrics"] == {} and meta["measured"]["by"] is None  # nothing measured, nothing claimed


def test_a_retrain_that_skips_evaluation_keeps_the_last_figures_and_says_whose(tmp_path):
    out = tmp_path / "sections"
    measured = train(SMALL, out, seed=1, metrics={"accuracy": 0.5, "held_out": "2-fold by report"})
    assert measured["measured"]["by"] == "this training run"
    again = train(SMALL, out, seed=1)  # as `ogi train sections --folds -1`
    assert again["metrics"] == {"accuracy": 0.5, "held_out": "2-fold by report"}
    assert again["measured"]["by"].startswith("an earlier") and again["measured"]["same_data_and_seed"]
    from ogi.model_files import measured, previous_meta

    metrics, provenance, _ = measured(None, previous_meta(out), again["data_hash"], seed=2)  # another seed
    assert metrics["accuracy"] == 0.5 and not provenance["same_data_and_seed"]


def test_missing_model_says_how_to_retrain(tmp_path):
    with pytest.raises(ModelError, match="ogi train sections"):
        load_model(tmp_path / "nothing")


def test_truncated_model_says_how_to_retrain(tmp_path):
    src = models_dir() / "sections"
    for name in ("weights.npz", "features.json"):
        dst = tmp_path / name / "sections"
        shutil.copytree(src, dst)
        data = (dst / name).read_bytes()
        (dst / name).write_bytes(data[: len(data) // 3])
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


def test_weights_that_do_not_fit_the_features_are_refused(tmp_path):
    dst = tmp_path / "sections"
    shutil.copytree(models_dir() / "sections", dst)
    names = json.loads((dst / "features.json").read_text(encoding="utf-8"))
    (dst / "features.json").write_text(json.dumps(names[:-1]), encoding="utf-8")
    with pytest.raises(ModelError, match="ogi train sections"):
        load_model(dst)


def test_shipped_model_is_small_and_says_how_it_was_made():
    folder = models_dir() / "sections"
    assert sum((folder / f).stat().st_size for f in FILES) < 4 * 1024 * 1024
    meta = json.loads((folder / "meta.json").read_text(encoding="utf-8"))
    assert meta["labels"] == LABELS and meta["data"] == "training_data/sections"
    assert meta["metrics"]["accuracy"] > 0.9 and meta["metrics"]["per_label"]


def _golden_sections(stem: str) -> list[dict]:
    path = GOLDEN / "sections" / f"{stem}.jsonl"
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


# Segments of the samples whose label the shipped model may miss, with the reason; none now.
KNOWN_MISSES: dict[tuple[str, int], str] = {}


@pytest.mark.parametrize("stem", SAMPLE_STEMS)
def test_sample_sections_match_the_labels_read_by_hand(stem):
    """tests/golden/sections/STEM.jsonl: every segment of the sample with the label given by
    reading it (training_data/sections/README.md's rules)."""
    rep = extract(FIXTURES / "samples" / f"{stem}.txt")
    golden = _golden_sections(stem)
    assert [(s["start"], s["end"]) for s in rep.sections] == [(g["start"], g["end"]) for g in golden]
    for s, g in zip(rep.sections, golden):
        assert rep.text[s["start"] : s["start"] + len(g["text"])] == g["text"]
        assert 0 <= s["confidence"] <= 1
    wrong = [
        (g["i"], g["label"], s["label"])
        for s, g in zip(rep.sections, golden)
        if s["label"] != g["label"] and (stem, g["i"]) not in KNOWN_MISSES
    ]
    assert not wrong, wrong
    assert not [f for f in rep.flags if f.rule == "section.missing"]


@pytest.mark.parametrize("stem", SAMPLE_STEMS)
def test_runtime_features_are_the_features_training_names(stem):
    # local_proba finds the n-grams as integer codes; training names them as strings
    from ogi.sections.features import segment_features

    model = load_model()
    segs = segment_text((FIXTURES / "samples" / f"{stem}.txt").read_text(encoding="utf-8"), {})
    texts, heads = [s.text for s in segs], [s.heading for s in segs]
    fast, _ = model.local_proba(texts, heads)
    named = model.proba_of_features(segment_features(texts, heads))
    assert fast.shape == named.shape == (len(segs), len(model.labels))
    assert abs(fast - named).max() < 1e-6


def test_scaled_posteriors_equal_the_log_space_ones():
    import numpy as np

    from ogi.sections.model import _posteriors_log, _posteriors_scaled

    rng = np.random.default_rng(0)
    for T in (1, 2, 30):
        trans = np.log(rng.dirichlet(np.ones(6), size=6))
        start = np.log(rng.dirichlet(np.ones(6)))
        emis = rng.normal(0, 20, size=(T, 6))
        emis[T // 2] = -1e9  # a pinned table segment
        emis[T // 2, 2] = 0.0
        scaled = _posteriors_scaled(start, trans, emis)
        assert scaled is not None and np.allclose(scaled, _posteriors_log(start, trans, emis), atol=1e-9)
    # a step whose every label is impossible underflows: the log form answers instead
    trans = np.full((2, 2), -np.inf)
    assert _posteriors_scaled(np.zeros(2), trans, np.zeros((2, 2))) is None


def test_a_table_region_inside_a_sentence_does_not_cut_the_sentence():
    # the table reader can take a clause with counts for a table row ("…公开规章13件，行政规范性文件60")
    text = "（一）主动公开方面\n2019年，通过门户网站主动公开规章13件，行政规范性文件60件，其他文件162件。\n二、下一节\n"
    start = text.index("年，通过")
    segs = segment_text(text, {"t1": (start, text.index("60") + 2)})
    assert [s.text for s in segs][:2] == ["（一）主动公开方面", text.splitlines()[1]]
    assert all(s.table is None for s in segs)
    # a table that runs on from the text before it, opening with its heading, stays a region
    run_on = "办结率100%。三、收到和处理政府信息公开申请情况（本列数据的勾稽关系为：第一项加第二项之和）自然人5"
    start = run_on.index("三、")
    segs = segment_text(run_on, {"t2": (start, len(run_on))})
    assert [s.table for s in segs] == [None, "t2"] and segs[1].start == start


# Where a numbered heading starts inside a line, written as the one zero-width pattern the
# segmenter's faster one (a scan for the number's first character) must agree with.
_O, _C, _N = char_class(OPEN_PARENS), char_class(CLOSE_PARENS), char_class(CN_NUMERALS)
_HEADING_SPEC = re.compile(
    "(?:(?<=" + _BEFORE + r")|(?<=[\u4e00-\u9fff])(?=" + _O + r"\s*" + _N + "{1,3}" + r"\s*" + _C + "))"
    r"\s*(?="
    + _N
    + r"{1,3}\s*"
    + ENUMERATION_COMMA
    + "|(?<!第)"
    + _O
    + r"\s*"
    + _N
    + r"{1,3}\s*"
    + _C
    + r"|(?<![\d.])\d{1,2}\s*"
    + char_class(ITEM_DELIMS)
    + r"(?![\d%])\s*[\u4e00-\u9fff]"
    + "|"
    + _O
    + r"\s*\d{1,2}\s*"
    + _C
    + r"\s*[\u4e00-\u9fff])"
)
_LINE_CHARS = "一二三十01２9（()）第、.．%。；：”】 \u3000\t\n信息公开a-"


@given(st.text(alphabet=_LINE_CHARS, max_size=24), st.integers(0, 24), st.integers(0, 24))
def test_headings_inside_a_line_start_where_the_spec_says(text, a, b):
    a, b = min(a, len(text)), min(max(a, b), len(text))
    starts = sorted({m.end() for m in _HEADING_SPEC.finditer(text, a, b)})
    assert sorted({m.start() for m in _MARKER.finditer(text, a, b)}) == starts
    # and each piece of the line after the first starts at one of them
    assert all(s in starts or text[s - 1].isspace() for s, _ in _split_line(text, a, b)[1:])
