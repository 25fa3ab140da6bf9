"""The n-gram codes find exactly the n-grams a dictionary of strings would."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

import ogi.ngrams
from ogi.ngrams import GramTable, code_points, gram_codes

CHARS = st.sampled_from(list("公开信息条件0１9、，\U0002a6a5a"))  # one character beyond the BMP


def _check(text: str, vocabulary: list[str]) -> None:
    index = {g: i for i, g in enumerate(dict.fromkeys(vocabulary))}
    table = GramTable(index.items())
    chars = code_points(text)
    for n in (1, 2, 3):
        found = table.find(n, gram_codes(chars, n)).tolist()
        assert found == [index.get(text[i : i + n], -1) for i in range(len(text) - n + 1)]
        at = np.arange(len(text) - n, -1, -2)  # some positions, in any order
        assert table.find(n, gram_codes(chars, n, at)).tolist() == [index.get(text[i : i + n], -1) for i in at]


@settings(deadline=None)
@given(st.text(CHARS, max_size=30), st.lists(st.text(CHARS, min_size=1, max_size=3), max_size=20))
def test_a_table_finds_the_ngrams_a_dictionary_finds(text, vocabulary):
    _check(text, vocabulary)


@settings(deadline=None)
@given(st.text(CHARS, max_size=30), st.lists(st.text(CHARS, min_size=1, max_size=3), max_size=20))
def test_without_the_hash_table_a_binary_search_finds_the_same(text, vocabulary):
    saved, ogi.ngrams._HashTable = ogi.ngrams._HashTable, None
    try:
        _check(text, vocabulary)
    finally:
        ogi.ngrams._HashTable = saved


def test_the_hash_table_is_there_with_the_pandas_we_install():
    assert ogi.ngrams._HashTable is not None  # else every report takes the slow path


def test_a_lone_surrogate_is_read_not_refused():
    assert code_points("a\udc80").tolist() == [97, 0xDC80]
