"""Facts stated in the narrative: `find_facts(text, ...)` -> a list of fact dicts (output.md).

The steps: split the text into sentences and keep those that may state a fact (`sentences`);
read each once (`candidates`: its numbers, the rules' reading of `rules`, its cue words); tag
them with the trained spaCy pipeline (`tagger`: its count typer, `count_model`, types each
count and `decode` chooses per report; its character tagger, `iob`, finds the nouns of
statements of absence); read each span's value (`values`), and place each fact in the
document and in its section.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Sequence

from .sentences import Sentence, document_sentences, is_candidate, split_sentences
from .tagger import FactTagger, load_tagger
from .text import category_before
from .values import Reading, read_value

__all__ = ["find_facts", "candidate_sentences", "load_tagger", "FactTagger", "read_value", "Reading"]


def candidate_sentences(text: str, table_regions: dict | None = None) -> list[Sentence]:
    """The sentences of the narrative that the tagger reads. A fact comes from the narrative
    only: a sentence that runs into a region the table reader claims (page text where a
    table and a paragraph share a line) keeps only its parts outside every region."""
    regions = sorted(tuple(r) for r in (table_regions or {}).values())
    sentences = document_sentences(text)
    if not regions:
        return [s for s in sentences if is_candidate(s.text)]
    meets, inside = _in_regions(sentences, regions)
    out = []
    for i, s in enumerate(sentences):
        if i not in meets:
            if is_candidate(s.text):
                out.append(s)
        elif i not in inside:  # a table's line: nothing outside
            out.extend(piece for piece in outside_regions(text, s, regions) if is_candidate(piece.text))
    return out


def _in_regions(sentences: Sequence[Sentence], regions: list[tuple[int, int]]) -> tuple[set[int], set[int]]:
    """The sentences (by index) that meet a region, and those that lie inside one. The
    sentences are in text order and do not overlap, so each region's are a run of them, found
    by bisection (most of a report's sentences are a table's lines: not each tested against
    each region)."""
    starts = [s.start for s in sentences]
    ends = [s.end for s in sentences]
    meets: set[int] = set()
    inside: set[int] = set()
    for a, b in regions:
        meets.update(range(bisect_right(ends, a), bisect_left(starts, b)))  # a < end and start < b
        inside.update(range(bisect_left(starts, a), bisect_right(ends, b)))  # a <= start and end <= b
    return meets, inside


def outside_regions(text: str, sent: Sentence, regions: list[tuple[int, int]]) -> list[Sentence]:
    """The parts of a sentence outside the table regions (the whole sentence if it meets none)."""
    if not any(a < sent.end and sent.start < b for a, b in regions):
        return [sent]
    pieces = [(sent.start, sent.end)]
    for a, b in regions:
        pieces = (
            [p for x, y in pieces for p in ((x, min(y, a)), (max(x, b), y)) if p[0] < p[1]]
            if any(a < y and x < b for x, y in pieces)
            else pieces
        )
    return [piece for x, y in pieces for piece in split_sentences(text, x, y)]


def find_facts(
    text: str, sections: list[dict] | None = None, table_regions: dict | None = None, tagger: FactTagger | None = None
) -> list[dict]:
    """Every fact the narrative states, with document offsets, sentence and section label."""
    tagger = tagger or load_tagger()
    sents = candidate_sentences(text, table_regions)
    sections = sections or []
    starts = [s["start"] for s in sections]
    facts = []
    for sent, found in zip(sents, tagger.tag([s.text for s in sents])):
        for f in found:
            start, end = sent.start + f["start"], sent.start + f["end"]
            i = bisect_right(starts, start) - 1
            section = sections[i]["label"] if i >= 0 and start < sections[i]["end"] else None
            if f["type"] == "published.category" and f["category"] is None:
                f["category"] = _category_across_break(text, sent.start, start)
            facts.append(
                {
                    "type": f["type"],
                    "value": f["value"],
                    "unit": f["unit"],
                    "approx": f["approx"],
                    "negated": f["negated"],
                    "category": f["category"],
                    "start": start,
                    "end": end,
                    "sentence": sent.text,
                    "section": section,
                    "confidence": f.get("confidence"),
                }
            )
    return facts


def _category_across_break(text: str, sent_start: int, start: int) -> str | None:
    """A category cut from its count by a line break (`财务预决算类` / `信息 4 条`): read it
    from the line before, as if the break were not there."""
    before = text[max(0, sent_start - 40) : sent_start]
    if not before.endswith("\n"):
        return None
    joined = before.rstrip() + text[sent_start:start]
    return category_before(joined, len(joined))
