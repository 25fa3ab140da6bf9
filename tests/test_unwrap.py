"""Text converted from a PDF with its printed line breaks: paragraphs are joined again.

The wrapped texts are made here from sentences written for the tests (facts_written), wrapped
as `pdftotext` wraps a justified page: every line of a paragraph filled to one width, a
paragraph's first line indented two characters, page breaks with a page number."""

from __future__ import annotations

import json
import random
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ogi import extract
from ogi.ingest.unwrap import _settings, _width, unwrap_lines

from .zoo.model import golden_tables
from .zoo.render import LAYOUTS

_WRITTEN = Path(__file__).parent / "fixtures" / "facts_written"
_ITEM = _settings()[1]  # what starts a heading or an item: such a line is never joined on
_SENTENCE = re.compile(r"[^。！？；\n]+[。！？；]?")


def _reports(name: str) -> list[list[str]]:
    """The pretend reports of a facts_written set: each one's sentences, in order."""
    docs: dict[str, list[str]] = {}
    for line in (_WRITTEN / name).read_text(encoding="utf-8").splitlines():
        r = json.loads(line)
        docs.setdefault(r["doc"], []).append(r["text"])
    return list(docs.values())


def _wrap(paragraph: str, width: int, indent: int) -> list[str]:
    """Lines of at most `width` columns (Chinese characters two), the first `indent` shorter.
    A line is never made to start like a heading or item: the break moves one character back,
    as it would where a typesetter's line happened to fall there (such a line stays apart)."""
    lines: list[str] = []
    rest = paragraph
    room = width - indent
    while _width(rest) > room:
        cut = 1
        while cut < len(rest) and _width(rest[: cut + 1]) <= room:
            cut += 1
        while cut > 1 and (_ITEM.match(rest[cut:]) or rest[cut:].strip() == ""):
            cut -= 1
        lines.append(rest[:cut])
        rest = rest[cut:]
        room = width
    lines.append(rest)
    return lines


def _page(paragraphs: list[str], width: int, rng: random.Random, page_breaks: bool) -> str:
    out: list[str] = []
    page = 1
    for p in paragraphs:
        for line in _wrap(p, width, rng.choice([0, 4])):
            out.append(line)
            if page_breaks and rng.random() < 0.04:
                page += 1
                out += ["", rng.choice([f"- {page} -", f"{page}", f"第 {page} 页"]), ""]
    return "\n".join(out) + "\n"


_PAGE_NUMBER = re.compile(r"-?\d+-?|第\d+页")


def _sentences(text: str) -> list[str]:
    """The sentences, spaces and the page numbers left between paragraphs aside."""
    out = (s.replace(" ", "") for s in _SENTENCE.findall(text))
    return [s for s in out if s and not _PAGE_NUMBER.fullmatch(s)]


@settings(max_examples=60, deadline=None)
@given(
    width=st.integers(50, 110),
    seed=st.integers(0, 2**32 - 1),
    page_breaks=st.booleans(),
    name=st.sampled_from(["written3.jsonl", "written4.jsonl"]),
)
def test_wrapped_paragraphs_are_joined_to_their_sentences(width, seed, page_breaks, name):
    rng = random.Random(seed)
    reports = rng.sample(_reports(name), 6)
    paragraphs = ["一、总体情况"] + ["".join(r) for r in reports]
    text = _page(paragraphs, width, rng, page_breaks)
    assert _sentences(unwrap_lines(text)) == _sentences("\n".join(paragraphs))


def test_a_number_its_unit_and_a_word_cut_by_the_margin_are_joined():
    para = (
        "本年度共收到政府信息公开申请15件，其中自然人申请12件，法人或其他组织申请3件，"
        "均已按期办结。全年主动公开政府信息1,236条，其中政策文件88条，"
        "通知公告214条，工作动态934条。本年度未发生政府信息公开行政复议和行政诉讼案件。"
    )
    text = "\n".join(_wrap(para * 2, 60, 4)) + "\n"
    assert text.count("\n") > 4
    assert unwrap_lines(text) == para * 2 + "\n"


def test_lines_that_end_their_sentence_or_start_an_item_stay_apart():
    full = "全年通过门户网站主动公开各类政府信息，涵盖政策文件、通知公告和工作动态等多个栏目内容"
    item = ["（二）依申请公开情况", full[:30], "1.主动公开方面内容如下"]
    lines = [full[:30], full[:30], full[:29] + "。", *item, full[:30], full[:30]]
    assert unwrap_lines("\n".join(lines)).split("\n") == [
        full[:30] * 2 + full[:29] + "。",
        "（二）依申请公开情况",
        full[:30],
        "1.主动公开方面内容如下",
        full[:30] * 2,
    ]


@pytest.mark.parametrize("layout", [k for k in LAYOUTS if k not in ("HTML rowspan/colspan", "DOCX merged cells")])
def test_tables_and_one_line_paragraphs_are_left_as_they_are(layout):
    for name, cells in list(golden_tables().items())[:4]:
        suffix, data, _ = LAYOUTS[layout](cells, random.Random(f"{layout}/{name}"))
        text = data.decode("utf-8")
        assert unwrap_lines(text) == text, (layout, name)


@pytest.mark.parametrize("width", [56, 72, 90])
def test_facts_of_a_wrapped_report_are_those_of_the_unwrapped_one(tmp_path, width):
    rng = random.Random(width)
    head = ["某局2023年政府信息公开工作年度报告", "一、总体情况"]
    paragraphs = head + ["".join(r) for r in _reports("written3.jsonl")]
    flat, wrapped = tmp_path / "flat.txt", tmp_path / "wrapped.txt"
    flat.write_text("\n".join(paragraphs) + "\n", encoding="utf-8")
    wrapped.write_text(_page(paragraphs, width, rng, page_breaks=True), encoding="utf-8")

    def facts(p):
        return sorted((f["type"], f["value"], f["negated"]) for f in extract(p, sections=False).facts)

    expected = facts(flat)
    assert len(expected) > 40
    assert facts(wrapped) == expected
