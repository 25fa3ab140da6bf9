"""Where a fact stands in its sentence: the clause, the item (the stretch of the clause that is
this fact's own), the few characters right before it, and a short quote for messages.

The rules of `data/checks.toml` decide on these pieces whether a fact really speaks of the
quantity a table cell holds. Sentences are split as the fact tagger splits them.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass

from ..facts.sentences import Sentence, document_sentences
from ..text_marks import COLONS, COMMAS, SEMICOLONS
from .config import check_data

_CLAUSE_END = COMMAS + SEMICOLONS + COLONS
_LEAD_CHARS: int = check_data()["context"]["lead_chars"]
_QUOTE_CHARS: int = check_data()["context"]["quote_chars"]
_YEAR = re.compile(r"((?:19|20)\d\d)\s*年")


@dataclass(frozen=True)
class FactContext:
    sentence: str
    clause: str
    clause_before: str  # the clause up to the fact's end
    item: str
    lead: str
    quote: str
    year: int | None  # the last year written before the fact in its sentence


class Contexts:
    """Contexts of the facts of one document (sentences are split once)."""

    def __init__(self, text: str, facts: list[dict]) -> None:
        self.text = text
        self.facts = facts
        self._sentences: tuple[Sentence, ...] | None = None
        self._starts: list[int] = []
        self._of: dict[int, FactContext | None] = {}  # (the checks ask for a fact's again)

    @property
    def sentences(self) -> tuple[Sentence, ...]:
        # split on first use: most reports state no total that a check reads a context of
        if self._sentences is None:
            self._sentences = document_sentences(self.text)
            self._starts = [s.start for s in self._sentences]
        return self._sentences

    def sentence_of(self, pos: int) -> Sentence | None:
        sentences = self.sentences
        i = bisect_right(self._starts, pos) - 1
        if i >= 0 and pos < sentences[i].end:
            return sentences[i]
        return None

    def of(self, i: int) -> FactContext | None:
        if i not in self._of:
            self._of[i] = self._context(i)
        return self._of[i]

    def _context(self, i: int) -> FactContext | None:
        f = self.facts[i]
        s, e = f["start"], f["end"]
        sent = self.sentence_of(s)
        if sent is None or e > sent.end:
            return None
        t = self.text
        c0 = s
        while c0 > sent.start and t[c0 - 1] not in _CLAUSE_END:
            c0 -= 1
        c1 = e
        while c1 < sent.end and t[c1] not in _CLAUSE_END:
            c1 += 1
        others = [(g["start"], g["end"]) for j, g in enumerate(self.facts) if j != i and c0 <= g["start"] < c1]
        prev_end = max([b for a, b in others if b <= s], default=c0)
        follows = any(a >= e for a, _ in others)
        item = t[max(c0, prev_end) : e] + ("" if follows else t[e:c1])
        before = t[max(c0, prev_end) : s]
        years = _YEAR.findall(t[sent.start : s])
        return FactContext(
            sentence=sent.text,
            clause=t[c0:c1],
            clause_before=t[c0:e],
            item=item,
            lead=before[-_LEAD_CHARS:],
            quote=_quote(t, c0, c1, e),
            year=int(years[-1]) if years else None,
        )


def _quote(text: str, c0: int, c1: int, end: int) -> str:
    """The clause, cut around the fact's end when it is long."""
    a, b = max(c0, end - _QUOTE_CHARS), min(c1, end + _QUOTE_CHARS // 4)
    q = " ".join(text[a:b].split())
    return ("…" if a > c0 else "") + q + ("…" if b < c1 else "")


def fact_evidence(i: int, fact: dict) -> dict:
    """A fact as a flag's evidence: its index in the report's facts, value and span."""
    return {
        "fact": i,
        "type": fact.get("type"),
        "value": fact.get("value"),
        "approx": bool(fact.get("approx")),
        "negated": bool(fact.get("negated")),
        "start": fact.get("start"),
        "end": fact.get("end"),
    }
