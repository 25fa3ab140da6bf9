"""A sentence as the tagger reads it: without the spaces and Markdown emphasis marks a converter
or a typist puts between Chinese characters and digits (`[canon]` in data/facts.toml), with a
map back to the sentence's own offsets.

`canonical(text)` gives a `Canon`; `Canon.span(start, end)` turns a span of its text into one
of the original; `canonical_text(text)` is its text alone. `canonical_record(rec)` does the
same to an annotated sentence for training, its spans moved onto the copy, so that training
and runtime read one kind of text.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from functools import cache
from typing import NamedTuple

from .values import fact_data


class Canon(NamedTuple):  # a tuple: made for every candidate sentence
    text: str
    # where blanks were taken out: (offset in `text` of the character after them, characters
    # taken out there and before), in order
    cuts: tuple[tuple[int, int], ...] = ()

    def origin(self, i: int) -> int:
        """The original offset of the character at `i` of the copy."""
        k = bisect_right(self.cuts, i, key=_at) - 1
        return i + (self.cuts[k][1] if k >= 0 else 0)

    def span(self, start: int, end: int) -> tuple[int, int]:
        """A span of the copy as a span of the original (an empty span stays empty)."""
        if not self.cuts:
            return start, end
        return self.origin(start), (self.origin(end - 1) + 1 if end > start else self.origin(start))


def _at(cut: tuple[int, int]) -> int:
    return cut[0]


@cache
def _patterns() -> tuple[re.Pattern, re.Pattern]:
    c = fact_data()["canon"]
    wide, narrow, blank = c["wide"], c["narrow"], c["blank"]
    dropped = re.compile(rf"(?<=[{wide}]){blank}(?=[{wide}{narrow}])|(?<=[{narrow}]){blank}(?=[{wide}])")
    return re.compile(c["blank_chars"]), dropped


def canonical_text(text: str) -> str:
    """`canonical(text).text`, without the map back (a test of the copy needs none)."""
    quick, pattern = _patterns()
    return text if quick.search(text) is None else pattern.sub("", text)


def canonical(text: str) -> Canon:
    """`text` without the blanks that say nothing between Chinese characters and digits."""
    quick, pattern = _patterns()
    # most sentences hold no blank at all: one scan for its characters settles them
    if quick.search(text) is None:
        return Canon(text)
    parts, cuts = [], []
    last = taken = 0
    for m in pattern.finditer(text):
        parts.append(text[last : m.start()])
        taken += m.end() - m.start()
        cuts.append((m.end() - taken, taken))
        last = m.end()
    if not cuts:
        return Canon(text)
    parts.append(text[last:])
    return Canon("".join(parts), tuple(cuts))


def canonical_record(rec: dict) -> dict:
    """An annotated sentence as the tagger reads it: its text canonical, each fact's span
    moved onto the same characters of the copy."""
    canon = canonical(rec["text"])
    if not canon.cuts:
        return rec
    # original offset -> offset of the copy, for every character kept
    where = {canon.origin(i): i for i in range(len(canon.text))}
    facts = []
    for f in rec["facts"]:
        kept = [where[i] for i in range(f["start"], f["end"]) if i in where]
        moved = dict(f)
        moved["start"], moved["end"] = (kept[0], kept[-1] + 1) if kept else (where.get(f["start"], 0),) * 2
        facts.append(moved)
    return {**rec, "text": canon.text, "facts": facts}
