"""What every reader of a candidate sentence needs, read once: its numbers that could be
counts, the rules' reading of it, its cue words and its negation cues.

`read_candidates(sentence)` gives a `Candidates`; the hints, the count typer, the absence
tagger and the turning of spans into facts all take it instead of reading the sentence again.
In the spaCy pipeline the `ogi_fact_hints` component stores it in `doc.user_data` (under
`CANDIDATES`, as a plain tuple that `Doc.to_bytes` can write), where `candidates_of(doc)`
finds it.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from spacy.tokens import Doc

from .rules import rule_facts
from .text import cue_matches, negation_pattern, number_spans
from .values import fact_data

CANDIDATES = "ogi_candidates"  # the key of a doc's Candidates in doc.user_data


@dataclass(frozen=True)
class Candidates:
    text: str
    numbers: tuple[tuple[int, int], ...]  # `text.number_spans`: the numbers that could be counts
    rules: tuple[dict, ...]  # the rules' reading (`rules.rule_facts`); read only: see `rule_facts`
    cues: tuple[tuple[int, int, str], ...]  # `text.cue_matches`: (start, end, class) of each cue word
    negations: tuple[tuple[int, int], ...]  # the negation cues

    def rule_facts(self) -> list[dict]:
        """The rules' facts as new dicts (callers mark what they keep)."""
        return [dict(f) for f in self.rules]

    def rule_counts(self) -> dict[tuple[int, int], str]:
        """The type the rules give each count they type (span -> type)."""
        return {(f["start"], f["end"]): f["type"] for f in self.rules if not f["negated"]}

    def absence_places(self) -> list[tuple[int, int]]:
        """The clause around each negation cue, where the noun of a statement of absence
        stands (what the tagger reads where the count typer types the counts)."""
        before, after = _place_reach()[1:]
        n = len(self.text)
        return [(max(0, s - before), min(n, e + after)) for s, e in self.negations]

    def fact_places(self) -> list[tuple[int, int]]:
        """The stretches where a fact may lie: each number that could be a count (with a few
        characters either side), and the clauses around the negation cues. A tagger that
        types the counts too reads only these; the rest of the sentence is `O`."""
        around = _place_reach()[0]
        n = len(self.text)
        return sorted([(max(0, s - around), min(n, e + around)) for s, e in self.numbers] + self.absence_places())


CandidatesOrText = str | Candidates


def read_candidates(text: str) -> Candidates:
    """The numbers, rules' reading, cue words and negation cues of one sentence."""
    numbers = number_spans(text)
    negations = tuple(m.span() for m in negation_pattern().finditer(text))
    return Candidates(text, numbers, tuple(rule_facts(text, numbers, negations)), tuple(cue_matches(text)), negations)


def candidates(sentence: CandidatesOrText) -> Candidates:
    """A sentence's Candidates, read unless it is one already."""
    return sentence if isinstance(sentence, Candidates) else read_candidates(sentence)


def candidates_of(doc: Doc) -> Candidates:
    """The Candidates of a doc's text, read and stored in its user_data the first time."""
    stored = doc.user_data.get(CANDIDATES)
    if stored is not None:
        # as stored, or as Doc.from_bytes gives them back (lists for tuples)
        text, numbers, rules, cues, negations = stored
        return Candidates(
            text, tuple(map(tuple, numbers)), tuple(rules), tuple(map(tuple, cues)), tuple(map(tuple, negations))
        )
    # Doc.text joins the tokens on each access: the tagger hands the sentence in with the doc
    found = read_candidates(doc.user_data.get("text") or doc.text)
    put_candidates(doc, found)
    return found


def put_candidates(doc: Doc, found: Candidates) -> None:
    """Store a sentence's Candidates in its doc, for the components that read them."""
    doc.user_data[CANDIDATES] = (found.text, found.numbers, found.rules, found.cues, found.negations)


def absence_places(sentence: CandidatesOrText) -> list[tuple[int, int]]:
    """`Candidates.absence_places` of a sentence."""
    return candidates(sentence).absence_places()


def fact_places(sentence: CandidatesOrText) -> list[tuple[int, int]]:
    """`Candidates.fact_places` of a sentence."""
    return candidates(sentence).fact_places()


@cache
def _place_reach() -> tuple[int, int, int]:
    """Characters either side of a number, and before and after a negation cue, that a place
    to read holds (`[places]` in data/facts.toml)."""
    p = fact_data()["places"]
    return int(p["around_number"]), int(p["before_cue"]), int(p["after_cue"])
