"""Text laid out in columns with spaces, as `pdftotext -layout` prints a PDF page."""

from __future__ import annotations

import random
import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ogi import extract
from ogi.ingest.layout_text import is_laid_out, page_of_text
from ogi.ingest.text import read_text

from .zoo import score
from .zoo.model import golden_tables, random_table
from .zoo.render import LAYOUTS, laid_out

GOLDEN = golden_tables()


def _read(tmp_path, data: bytes):
    p = tmp_path / "doc.txt"
    p.write_bytes(data)
    return extract(p, sections=False, facts=False)


def test_golden_tables_laid_out(tmp_path):
    for name, cells in GOLDEN.items():
        _, data, expected = laid_out(cells, random.Random(f"laid/{name}"))
        assert is_laid_out(data.decode())
        s = score(_read(tmp_path, data).cells, [], expected)
        assert not s.wrong, (name, s.wrong[:5])
        assert not s.silent, name
        assert s.right >= 0.98 * s.stated, (name, s.right, s.stated)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(seed=st.integers(0, 2**32 - 1))
def test_random_tables_laid_out_never_read_wrong(tmp_path, seed):
    rng = random.Random(seed)
    _, data, expected = laid_out(random_table(rng), rng)
    rep = _read(tmp_path, data)
    s = score(rep.cells, rep.flags, expected)
    assert not s.wrong, s.wrong[:5]
    assert not s.silent


def test_other_text_layouts_are_not_taken_for_laid_out():
    cells = next(iter(GOLDEN.values()))
    for name, render in LAYOUTS.items():
        suffix, data, _ = render(cells, random.Random(name))
        if suffix in (".txt", ".md"):
            assert not is_laid_out(data.decode("utf-8")), name


def test_a_paragraph_wrapped_at_the_margin_is_joined_and_the_table_kept():
    para = "本年度共收到政府信息公开申请15件，其中自然人申请12件，法人或其他组织申请3件，均已按期办结，未发生行政复议。"
    lines = [para[:34], para[34:]]
    row = "{}{}{:>4}{}{:>4}{}{:>4}"
    rows = [
        row.format(k, " " * 30, a, " " * 12, b, " " * 12, a + b) for k, a, b in (("行政许可", 5, 2), ("行政处罚", 7, 0))
    ]
    doc = read_text("r.txt", ("\n".join(["一、总体情况", *lines, "", "信息内容", *rows * 3]) + "\n").encode())
    assert doc.ok and para in doc.text
    assert re.search(r"行政许可\s5\s2\s7\n", doc.text) and re.search(r"\n行政处罚\s7\s0\s7\n", doc.text)


def test_character_boxes_follow_the_columns():
    page = page_of_text("信息 12\n  ab")
    boxes = [(c.text, c.x0, c.top) for c in page.chars]
    assert boxes == [
        ("信", 0.0, 0.0),
        ("息", 10.0, 0.0),
        ("1", 25.0, 0.0),
        ("2", 30.0, 0.0),
        ("a", 10.0, 15.0),
        ("b", 15.0, 15.0),
    ]


def test_a_text_too_long_for_boxes_is_read_as_plain_text():
    row = f"行政许可{' ' * 20}5{' ' * 10}6\n"
    big = "一、总体情况\n" + row * 20 + "说明" * 250_000
    assert not is_laid_out(big)
    assert is_laid_out("一、总体情况\n" + row * 20)
