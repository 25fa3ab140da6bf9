"""One regular expression for a list of words, written as a trie of them.

`word_trie(words)` matches exactly what the alternation of the words, longest first, matches
(at each place, the longest of the words that starts there), but tries one alternative per
distinct first character instead of one per word: on a list of a hundred cue words, Python's
regular expression engine tries every alternative at every place where one could start.
"""

from __future__ import annotations

import re
from collections.abc import Iterable


def word_trie(words: Iterable[str]) -> str:
    """A pattern of `words` (none empty): at each place, the longest that starts there."""
    root: dict = {}
    for word in words:
        if not word:
            raise ValueError("an empty word matches everywhere")
        node = root
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}  # a word ends here
    return _branches(root) if root else r"(?!)"


def _branches(node: dict) -> str:
    # each next character once; where a word also ends here, the longer words are tried
    # first (a greedy optional group), as the longest-first alternation does
    kids = [re.escape(ch) + _branches(sub) for ch, sub in sorted(node.items()) if ch]
    if not kids:
        return ""
    if len(kids) > 1:
        body = "(?:" + "|".join(kids) + ")"
    elif "" in node and len(kids[0]) > 1:
        body = "(?:" + kids[0] + ")"
    else:
        body = kids[0]
    return body + "?" if "" in node else body
