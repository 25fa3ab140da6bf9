"""The n-gram codes find exactly the n-grams a dictionary of strings would."""
from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from ogi.ngrams import GramTable, code_points, gram_codes

CHARS = st.sampled_from(list("公开信息条件0１9、，\U0002a6a5a"))  # one character beyond the BMP


@settings(deadline=None)  # the first example imports pandas
@given(st.text(CHARS, max_size=30), st.lists(st.text(CHARS, min_size=1, max_size=3), max_size=20))
def test_a_table_finds_the_ngrams_a_dictionary_finds(text, vocabulary):
    index = {g: i for i, g in enumerate(dict.fromkeys(vocabulary))}
    table = GramTable(index.items())
    chars = code_points(text)
    for n in (1, 2, 3):
        found = table.find(n, gram_codes(chars, n)).tolist()
        assert found == [index.get(text[i:i + n], -1) for i in range(len(text) - n + 1)]
        at = np.arange(len(text) - n, -1, -2)  # some positions, in any order
        assert table.find(n, gram_codes(chars, n, at)).tolist() == [index.get(text[i:i + n], -1) for i in at]


def test_a_lone_surrogate_is_read_not_refused():
    assert code_points("a\udc80").tolist() == [97, 0xDC80]
