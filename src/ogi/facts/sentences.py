"""Sentences of the narrative, and which of them the tagger reads.

Sentences end at 。！？ and at full- or half-width semicolons, and at line breaks (the same
rule the annotations in `training_data/facts/` follow). A sentence is a candidate only if it
holds a count (a numeral with a unit) and one of the trigger words, or a negation cue
before a noun that facts of absence name of `data/facts.toml`: most of a
report's text is never tagged.
"""

from __future__ import annotations

import re
from functools import cache, lru_cache, partial
from typing import NamedTuple

from .canon import canonical_text
from .text import not_negation_lookahead
from .values import fact_data, write_out


class Sentence(NamedTuple):  # a tuple: a report has a few hundred, made in a loop
    start: int
    end: int
    text: str


# Makes a Sentence of a (start, end, text) tuple, as `Sentence._make` does without its length
# check: the class's own __new__ is a Python function, a frame per sentence.
_new_sentence = partial(tuple.__new__, Sentence)


def split_sentences(text: str, start: int = 0, end: int | None = None) -> list[Sentence]:
    """The sentences of text[start:end], stripped of surrounding white space, with offsets."""
    end = len(text) if end is None else end
    # each sentence's stretch: through its end mark (a line break is left out), then the rest
    stretches, pos = [], start
    for m in _sentence_end().finditer(text, start, end):
        a, b = m.span()
        stretches.append((pos, a if m[0] == "\n" else b))
        pos = b
    stretches.append((pos, end))
    out: list[Sentence] = []
    for a, b in stretches:  # (no call per sentence: a report has hundreds, most a table's lines)
        piece = text[a:b]
        kept = piece.strip()  # the same white space as str.isspace, stripped in C
        if kept:
            a += len(piece) - len(piece.lstrip())
            out.append(_new_sentence((a, a + len(kept), kept)))
    return out


@cache
def _sentence_end() -> re.Pattern:
    return re.compile(fact_data()["text"]["sentence_end"])


@lru_cache(maxsize=2)
def document_sentences(text: str) -> tuple[Sentence, ...]:
    """`split_sentences` of a whole document, kept for the last two documents: the fact
    finder and the checks' fact contexts both read them."""
    return tuple(split_sentences(text))


@cache
def _patterns() -> tuple[re.Pattern, re.Pattern, re.Pattern, re.Pattern]:
    d = fact_data()
    c = d["candidate"]
    units = "|".join(map(re.escape, sorted(d["units"], key=len, reverse=True)))
    number = re.compile(write_out(c["count"], {"arabic": d["arabic"], "chinese": d["chinese"], "units": units}))
    cues = "|".join(map(re.escape, d["negation"]))
    negation = re.compile(
        rf"{not_negation_lookahead(d)}(?:{cues})[^{c['clause_marks']}]{{0,{int(c['absence_reach'])}}}?"
        rf"(?:{'|'.join(d['absence_nouns'])})"
    )
    trigger = re.compile("|".join(map(re.escape, d["triggers"])))
    # the cue words alone: an absence starts with one, and a search for them skips ahead where
    # the absence pattern, opening with a lookahead, is tried at every character
    any_cue = re.compile(cues)
    return number, negation, trigger, any_cue


def is_candidate(sentence: str) -> bool:
    """Whether a sentence may state a fact: a count and a trigger word, or an absence. The
    sentence is read as the tagger reads it (`canon.canonical_text`): a converter's spaces inside a
    word or between a count and its unit hide neither."""
    number, negation, trigger, any_cue = _patterns()
    sentence = canonical_text(sentence)
    # the trigger words first: a sentence without one needs no search for a count, the slow one
    if trigger.search(sentence) and number.search(sentence):
        return True
    return bool(any_cue.search(sentence) and negation.search(sentence))
