"""Property tests for the number reader and the run-together splitter."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from ogi.ingest.normalize import normalize_text
from ogi.tables.numbers import candidate_rows, read_number, row_sum, splits

counts = st.integers(min_value=0, max_value=10**7)


@given(counts)
def test_plain_and_grouped_integers(n):
    assert read_number(str(n)) == n
    assert read_number(f"{n:,}") == n
    assert read_number(f"  {n}\t") == n


@given(counts)
def test_full_width_digits_after_normalization(n):
    full = "".join(chr(0xFF10 + int(d)) for d in str(n))
    assert read_number(normalize_text(full)) == n


@given(st.text(st.sampled_from(list("公开 0９Ａｚ％．\u3000\u00a0\x0c\u200b\r\n"))))
def test_normalization_folds_each_character_one_for_one(text):
    from ogi.ingest.normalize import _DROP, _FOLD

    kept = _DROP.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))
    assert normalize_text(text) == "".join(_FOLD.get(c, c) for c in kept)


@given(st.text(st.characters(categories=["Nd"]), min_size=1, max_size=12))
def test_a_run_of_decimal_digits_reads_as_int_reads_it(digits):
    # candidate_rows reads the pieces of a run with int(), for speed: the same value
    assert read_number(digits) == int(digits)


@given(st.decimals(min_value=0, max_value=10**6, places=4, allow_nan=False, allow_infinity=False))
def test_decimals(d):
    s = f"{d:.4f}"
    assert abs(read_number(s) - float(s)) < 1e-9


@given(st.sampled_from(["", " ", "-", "—", "/", "无", "——"]))
def test_blank_marks_are_none_never_zero(s):
    assert read_number(s) is None


@given(st.text(alphabet="abc中文，。", min_size=1))
def test_words_are_not_numbers(s):
    assert read_number(s) is None


@given(st.lists(st.integers(min_value=0, max_value=999), min_size=1, max_size=5), st.integers(1, 5))
def test_every_split_rejoins_and_has_no_leading_zero(parts, k):
    digits = "".join(map(str, parts))
    for cut in splits(digits, k):
        assert "".join(cut) == digits
        assert len(cut) == k
        assert all(p == "0" or not p.startswith("0") for p in cut)


@settings(deadline=None)
@given(st.lists(st.integers(min_value=0, max_value=999), min_size=1, max_size=5))
def test_the_true_split_is_always_found(parts):
    digits = "".join(map(str, parts))
    found = [tuple(int(digits[a:b]) for _, a, b in cut) for cut in [c for _, c in candidate_rows([digits], len(parts))]]
    assert tuple(parts) in found


row = st.lists(st.integers(min_value=0, max_value=300), min_size=6, max_size=6).map(lambda xs: xs + [sum(xs)])


@settings(max_examples=200, deadline=None)
@given(row, st.lists(st.booleans(), min_size=6, max_size=6))
def test_run_together_row(values, glue):
    """A table-2 row printed with some separators lost: the truth is among the readings,
    every reading fits the row's sum, and a single reading is the truth."""
    tokens, cur = [], str(values[0])
    for v, g in zip(values[1:], glue):
        if g:
            cur += str(v)
        else:
            tokens.append(cur)
            cur = str(v)
    tokens.append(cur)
    readings = [v for v, _ in candidate_rows(tokens, 7, row_sum(7))]
    assert values in readings
    assert all(sum(r[:6]) == r[6] for r in readings)
    if len(readings) == 1:
        assert readings[0] == values


def test_too_many_splits_decides_nothing():
    import pytest

    from ogi.tables.numbers import TooManySplits

    with pytest.raises(TooManySplits):
        candidate_rows(["1" * 30], 15, limit=1000)
