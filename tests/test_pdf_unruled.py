"""Tables without ruling lines in a PDF's text layer: rows, wrapped labels, wrapped numbers
and wrapped header cells put back together (pdf_rows, pdf_header), checked on characters
laid out as a word processor lays out a borderless table, and on LibreOffice prints of the
zoo's unruled layouts (tests/fixtures/zoo_pdf, scripts/make_zoo_pdfs.py)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ogi import extract
from ogi.document import Document
from ogi.ingest.pdf import assemble, page_items
from ogi.ingest.pdf_layout import Char
from ogi.ingest.pdf_page import PageContent

from .zoo import score

# Characters for invented labels and headers: no numeral, no delimiter of a heading.
_POOL = "甲乙丙丁戊己庚辛壬癸子丑寅卯辰巳午未申酉戌亥天地玄黄宇宙洪荒日月盈昃辰宿列张"
ZOO_PDF = Path(__file__).parent / "fixtures" / "zoo_pdf"


def _width(ch: str, size: float) -> float:
    return size if ord(ch) >= 0x2E80 else size / 2


def _put(chars: list[Char], text: str, x: float, top: float, size: float) -> None:
    for ch in text:
        w = _width(ch, size)
        chars.append(Char(ch, x, x + w, top, top + size, size))
        x += w


def _rows(chars: list[Char], rows: list, x: float, step: float, pitch: float) -> None:
    """Rows of (label, values) at `pitch`, the values in columns `step` apart from `x`."""
    for r, (label, vals) in enumerate(rows):
        _put(chars, label, 60, 100 + pitch * r, 10)
        for k, v in enumerate(vals):
            _put(chars, v, x + step * k, 100 + pitch * r, 10)


def _wrap(text: str, room: float, size: float) -> list[str]:
    """`text` cut into lines no wider than `room` (at least one character a line)."""
    lines, cur, used = [], "", 0.0
    for ch in text:
        w = _width(ch, size)
        if cur and used + w > room:
            lines.append(cur)
            cur, used = "", 0.0
        cur += ch
        used += w
    return lines + [cur]


@st.composite
def unruled_tables(draw):
    """A borderless table as characters: a header row of column names, rows of a numbered
    label and numbers; labels, names and numbers wrap inside their columns; values at the top
    or in the middle of their row."""
    size = draw(st.sampled_from([9.0, 10.5, 12.0]))
    n_cols = draw(st.integers(2, 7))
    label_room = draw(st.integers(3, 12)) * size
    digit_room = draw(st.integers(2, 6))  # digits a value column holds
    col_width = digit_room * size / 2 + size * draw(st.sampled_from([1.0, 1.5, 2.5]))
    align = draw(st.sampled_from(["top", "middle"]))
    padding = size * draw(st.sampled_from([0.5, 1.0, 1.8]))
    pitch = size * draw(st.sampled_from([1.2, 1.35, 1.5]))
    names = [draw(st.text(_POOL, min_size=2, max_size=6)) for _ in range(n_cols)]
    rows = []
    for i in range(draw(st.integers(1, 8))):
        label = f"{i + 1}." + draw(st.text(_POOL, min_size=1, max_size=16))
        rows.append((label, [draw(st.integers(0, 10 ** draw(st.integers(1, 6)) - 1)) for _ in range(n_cols)]))

    chars: list[Char] = []
    x0 = 60.0
    xs = [x0 + label_room + size + k * col_width for k in range(n_cols)]
    top = 80.0
    _put(chars, "四、" + draw(st.text(_POOL, min_size=4, max_size=10)), x0, top, size)  # a heading above
    top += 3 * size
    # the header: the names stacked in their columns, at the top of the row
    stacks = [_wrap(n, digit_room * size / 2, size) for n in names]
    for k, stack in enumerate(stacks):
        for j, piece in enumerate(stack):
            _put(chars, piece, xs[k], top + j * pitch, size)
    top += max(len(s) for s in stacks) * pitch + padding
    for label, values in rows:
        pieces = _wrap(label, label_room, size)
        digits = [_wrap(str(v), digit_room * size / 2, size) for v in values]
        height = max(len(pieces), max(len(d) for d in digits))
        v_top = top if align == "top" else top + (height - max(len(d) for d in digits)) * pitch / 2
        l_top = top if align == "top" else top + (height - len(pieces)) * pitch / 2
        for j, piece in enumerate(pieces):
            _put(chars, piece, x0, l_top + j * pitch, size)
        for k, d in enumerate(digits):
            for j, piece in enumerate(d):
                _put(chars, piece, xs[k], v_top + j * pitch, size)
        top += height * pitch + padding
    return chars, names, rows


def _text(chars: list[Char]) -> list[str]:
    doc = Document(path="table.pdf", kind="pdf")
    assemble(doc, [(600.0, page_items(PageContent(600.0, 900.0, chars)))])
    return doc.text.splitlines()


@settings(max_examples=150, deadline=None)
@given(unruled_tables())
def test_unruled_table_rows_read_whole(table):
    """Every row comes out as one line, its whole label then its numbers whole, in order;
    the header's names, however they wrap, as one line in column order."""
    chars, names, rows = table
    lines = _text(chars)
    for label, values in rows:
        assert f"{label} {' '.join(map(str, values))}" in lines
    assert " ".join(names) in lines


def test_rows_are_not_joined_as_a_paragraph():
    """A header row running to the right margin is not a wrapped line of the row below."""
    chars: list[Char] = []
    _put(chars, "甲乙丙丁", 60, 100, 10)
    for k, name in enumerate(["天地", "玄黄", "宇宙"]):
        _put(chars, name, 200 + 120 * k, 100, 10)
    _put(chars, "1.子丑", 60, 125, 10)
    for k, v in enumerate(["3", "0", "12"]):
        _put(chars, v, 200 + 120 * k, 125, 10)
    assert _text(chars) == ["甲乙丙丁 天地 玄黄 宇宙", "1.子丑 3 0 12"]


def test_a_row_below_is_no_wrapped_digits():
    """Numbers one line below a row's, each under one of them, are a row of their own when
    their label is printed beside them, or when they do not stand under the row's numbers."""
    chars: list[Char] = []
    _rows(chars, [("1.子", ["18", "0", "7"]), ("2.丑", ["1", "2", "3"])], 200, 40, 12)
    assert _text(chars) == ["1.子 18 0 7", "2.丑 1 2 3"]
    chars = []
    for r, vals in enumerate([["18", "0", "7"], ["1", "2"]]):
        for k, v in enumerate(vals):
            _put(chars, v, 200 + 40 * k + 13 * r, 100 + 12 * r, 10)
    assert _text(chars) == ["18 0 7", "1 2"]


def test_wrapped_digits_join_their_number():
    """`181` in a column two digits wide prints `18` over `1`: read whole, the other
    columns untouched."""
    chars: list[Char] = []
    _put(chars, "1.子", 60, 100, 10)
    for k, v in enumerate(["18", "0", "35"]):
        _put(chars, v, 200 + 40 * k, 100, 10)
    for k, v in [(0, "1"), (2, "2")]:
        _put(chars, v, 200 + 40 * k, 113, 10)
    assert _text(chars) == ["1.子 181 0 352"]


@pytest.mark.parametrize("stem", sorted(p.stem for p in ZOO_PDF.glob("*.pdf") if "ruled" not in p.stem.split("_")))
def test_unruled_zoo_pdfs_read_every_cell(stem):
    """LibreOffice prints of borderless zoo tables (scripts/make_zoo_pdfs.py): every cell the
    print states is read, none wrong; a blank cell is null and flagged."""
    expected = json.loads((ZOO_PDF / f"{stem}.json").read_text(encoding="utf-8"))["cells"]
    rep = extract(ZOO_PDF / f"{stem}.pdf", sections=False, facts=False)
    s = score(rep.cells, rep.flags, expected)
    assert not s.wrong and not s.silent
    assert s.right == sum(v is not None for v in expected.values()) - s.null
    assert s.null <= 3  # blank t1 cells of a random table (blanks=0.05), flagged


def test_a_row_cut_by_a_page_break_is_joined():
    """The last row of a page's table (label's start, numbers) and the first row of the next
    page's table (the label's rest, number cells empty), a page number between: one row."""
    from ogi.ingest.pdf import _furniture
    from ogi.ingest.pdf_pagebreak import join_split_rows

    line = {"text": "- 3 -"}
    before = [("table", 500.0, [["（五", "1.信", "0", "69"]]), ("line", 780.0, line)]
    after = [("table", 72.0, [["）不予处理", "访举报投诉类申请", "", ""], ["", "2.重复申请", "4", "4"]])]
    pages = join_split_rows([(600.0, before), (600.0, after)], _furniture)
    assert pages[0][1][0][2] == [["（五\n）不予处理", "1.信\n访举报投诉类申请", "0", "69"]]
    assert pages[1][1][0][2] == [["", "2.重复申请", "4", "4"]]


@pytest.mark.parametrize(
    "lower",
    [
        ["", "2.重复申请", "", ""],  # a new item begins: its own row, empty
        ["", "自然人", "商业企业", "总计"],  # a header repeated on the new page
        ["", "续", "5", ""],  # numbers of its own
    ],
)
def test_a_new_row_after_a_page_break_stays_a_row(lower):
    from ogi.ingest.pdf import _furniture
    from ogi.ingest.pdf_pagebreak import join_split_rows

    before = [("table", 500.0, [["", "1.信访", "0", "69"]])]
    after = [("table", 72.0, [lower])]
    pages = join_split_rows([(600.0, before), (600.0, after)], _furniture)
    assert pages[0][1][0][2] == [["", "1.信访", "0", "69"]]
    assert pages[1][1][0][2] == [lower]


def test_a_blank_cell_told_by_position():
    """A row printing fewer numbers than the row above it: each number under one of the
    other row's, a tab between cells and an empty field where the blank cell is."""
    chars: list[Char] = []
    _rows(chars, [("1.子", ["3", "0", "23"]), ("2.丑", ["5", "", "14"])], 200, 60, 25)
    assert _text(chars) == ["1.子 3 0 23", "2.丑\t5\t\t14"]


def test_a_blank_last_cell_keeps_its_empty_field():
    """The trailing empty field survives the line's stripping: without it `1 0` could be any
    two of the three columns."""
    chars: list[Char] = []
    _rows(chars, [("1.子", ["3", "0", "23"]), ("2.丑", ["1", "0", ""])], 200, 60, 25)
    assert _text(chars) == ["1.子 3 0 23", "2.丑\t1\t0\t"]


def test_a_row_without_label_blank_in_its_first_cell_stays_as_printed():
    """Without a label, a leading empty field would be stripped with the line's blanks and
    move every number a column left: the row stays as printed (its reader flags it short)."""
    chars: list[Char] = []
    _rows(chars, [("", ["3", "0", "23"]), ("", ["", "5", "14"])], 200, 60, 25)
    assert _text(chars) == ["3 0 23", "5 14"]


def test_a_number_between_columns_leaves_its_row_as_printed():
    """A number standing under no column of the fuller row (or under two) tells no column."""
    chars: list[Char] = []
    for r, (label, vals) in enumerate(
        [("1.子", [(200, "3"), (260, "0"), (320, "23")]), ("2.丑", [(200, "5"), (285, "14")])]
    ):
        _put(chars, label, 60, 100 + 25 * r, 10)
        for x, v in vals:
            _put(chars, v, x, 100 + 25 * r, 10)
    assert _text(chars)[1] == "2.丑 5 14"


def test_wrapped_digits_carried_over_a_page_break():
    """`215` wraps in its cell as `21` over `5`, and the `5` begins the next page (a page
    number between): the page reads `215`."""
    from ogi.ingest.pdf import _furniture
    from ogi.ingest.pdf_pagebreak import carry_wrapped_digits

    one, two = PageContent(600.0, 800.0), PageContent(600.0, 800.0)
    _put(one.chars, "1.子", 60, 700, 10)
    for k, v in enumerate(["0", "21", "21"]):
        _put(one.chars, v, 200 + 40 * k, 700, 10)
    _put(one.chars, "-3-", 290, 770, 10)
    for k, v in [(1, "5"), (2, "5")]:
        _put(two.chars, v, 200 + 40 * k, 72, 10)
    _put(two.chars, "2.丑", 60, 100, 10)
    for k, v in enumerate(["1", "2", "3"]):
        _put(two.chars, v, 200 + 40 * k, 100, 10)
    carry_wrapped_digits([one, two], _furniture)
    assert _text(one.chars)[0] == "1.子 0 215 215"
    assert _text(two.chars) == ["2.丑 1 2 3"]


def test_a_full_row_after_a_page_break_stays_on_its_page():
    """Numbers beginning a page, one under each of the last row's: a row of their own (no
    line pitch tells a wrapped line from the next row across a break), left where they are."""
    from ogi.ingest.pdf import _furniture
    from ogi.ingest.pdf_pagebreak import carry_wrapped_digits

    one, two = PageContent(600.0, 800.0), PageContent(600.0, 800.0)
    for k, v in enumerate(["31", "0", "31"]):
        _put(one.chars, v, 200 + 40 * k, 700, 10)
    for k, v in enumerate(["1", "0", "1"]):
        _put(two.chars, v, 200 + 40 * k, 72, 10)
    carry_wrapped_digits([one, two], _furniture)
    assert (_text(one.chars), _text(two.chars)) == (["31 0 31"], ["1 0 1"])
