import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ogi.word_trie import word_trie

# few characters, so that words share prefixes, are prefixes of each other and overlap in texts
_CHARS = "ab.(公开申请"
_words = st.lists(st.text(alphabet=_CHARS, min_size=1, max_size=4), min_size=1, max_size=8)


@given(_words, st.text(alphabet=_CHARS, max_size=30))
def test_the_trie_matches_what_the_longest_first_alternation_matches(words, text):
    alternation = re.compile("|".join(map(re.escape, sorted(words, key=len, reverse=True))))
    trie = re.compile(word_trie(words))
    assert [(m.span(), m.group()) for m in trie.finditer(text)] == [
        (m.span(), m.group()) for m in alternation.finditer(text)
    ]


def test_a_word_and_its_longer_forms():
    pattern = re.compile(word_trie(["公开", "公开申请", "申请"]))
    assert [m.group() for m in pattern.finditer("公开申请公开申")] == ["公开申请", "公开"]


def test_no_words_match_nothing_and_an_empty_word_is_refused():
    assert re.search(word_trie([]), "任何文字") is None
    with pytest.raises(ValueError, match="empty"):
        word_trie(["公开", ""])
