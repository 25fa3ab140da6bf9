"""The text helpers every facts module reads a sentence with: its clauses, its numbers,
its cue words and the category a count is of.

`number_spans(sentence)` gives the numbers that could be counts, `clause_before` the words a
number's clause holds, `cue_matches` the context cues of `[cues]` in data/facts.toml, and
`category_of` the category of a `published.category` count. The marks and word patterns
are the `[text]` table of data/facts.toml.
"""

from __future__ import annotations

import re
import string
from collections.abc import Iterator
from functools import cache, lru_cache
from typing import NamedTuple

from ..word_trie import word_trie
from .values import fact_data, number_pattern


class Marks(NamedTuple):
    """The `[text]` table of data/facts.toml: marks and word patterns of the clauses."""

    clause_end: str  # where the clause before a number ends (the rules, the categories)
    item_end: str  # where the count typer's clause ends (a list item is a clause of its own)
    list_end: str  # where a clause ends for the decoding's words (item_end and the 、)
    part_end: re.Pattern  # where a part of a sentence ends (a breakdown 其中… ends there)
    clause_reach: int  # how far back the clause before a number reaches
    after_reach: int  # how far after a number the rules read
    label_end: str  # the marks between a label and its count (制发规范性文件：5件)
    count_named: re.Pattern  # words that name a bare number after them a count (数量为3)
    item_marks: str  # the marks between the items of a list
    brackets: dict[str, str]  # brackets that hold the year of a document number
    ordinal: str  # the mark of an ordinal before a number (第五十条)
    dashes: frozenset[str]  # the dashes of names such as COVID-19
    verbs: re.Pattern  # verbs of publishing, after which a category is named
    lead: re.Pattern  # words before a category that are no part of it
    tail: re.Pattern  # words after a category that are no part of it
    trim_lead: str  # marks stripped before a category
    trim: str  # marks stripped around a category
    item_gap: re.Pattern  # what separates a count from the words of the next item of a list


@cache
def marks() -> Marks:
    t = fact_data()["text"]
    return Marks(
        t["clause_end"],
        t["item_end"],
        t["list_end"],
        re.compile(t["part_end"]),
        int(t["clause_reach"]),
        int(t["after_reach"]),
        t["label_end"],
        re.compile(t["count_named"]),
        t["item_marks"],
        dict(t["brackets"]),
        t["ordinal"],
        frozenset(t["dashes"]),
        re.compile(t["verbs"]),
        re.compile(t["lead"]),
        re.compile(t["tail"]),
        t["trim_lead"],
        t["trim"],
        re.compile(t["item_gap"]),
    )


def clause_before(text: str, start: int, limit: int | None = None, ends: str | None = None) -> str:
    """The text of the clause that ends where a number starts (back to one of `ends`, at
    most `limit` characters)."""
    limit = marks().clause_reach if limit is None else limit
    ends = marks().clause_end if ends is None else ends
    lo = max(0, start - limit)
    # the last end mark before `start`: the first one in the reversed stretch (one search in
    # C instead of a Python step per character)
    last = _end_marks(ends).search(text[lo:start][::-1])
    return text[start - last.start() : start] if last else text[lo:start]


def count_clause(text: str, start: int, ends: str | None = None) -> str:
    """The clause before a count, as `clause_before`; for a count right after its label's mark
    (`制发规范性文件：5件`), the label's clause with the mark."""
    clause = clause_before(text, start, ends=ends)
    if clause.strip():
        return clause
    label = text[:start].rstrip()
    if not label.endswith(tuple(marks().label_end)):
        return clause
    return clause_before(text, len(label) - 1, ends=ends) + text[len(label) - 1 : start]


@lru_cache(maxsize=8)  # one per set of end marks (clause, item, list)
def _end_marks(ends: str) -> re.Pattern:
    return re.compile("[" + "".join(map(re.escape, ends)) + "]" if ends else r"(?!)")


def clause_around(text: str, start: int, end: int, ends: str | None = None) -> str:
    """The clause that holds text[start:end] (from the end of the clause before to the end
    of its own)."""
    ends = marks().clause_end if ends is None else ends
    b = end
    while b < len(text) and text[b] not in ends:
        b += 1
    return clause_before(text, start, limit=start, ends=ends) + text[start:b]


def category_before(text: str, start: int) -> str | None:
    """The category a number of items belongs to, as written, without 类/信息 (or None)."""
    clause = count_clause(text, start)
    item = since_last_count(text, start, len(clause))
    fillers, dated, _ = _category_patterns()
    if item is not None:  # a list `工作动态12条、通知公告3条`: the category starts after the last count
        clause = dated.sub("", "0" + item)  # or after the date that number was (2023年度部门预算)
    else:
        clause = dated.sub("", clause)  # 2023年度部门预算信息6条: the category starts after the date
    verbs = list(marks().verbs.finditer(clause))
    if verbs and len(clause) - verbs[-1].end() >= 2 and _clean(clause[verbs[-1].end() :]):
        clause = clause[verbs[-1].end() :]
    elif verbs:
        # nothing but filler after the verb (政务要闻栏目全年发布信息5974条): the category is
        # named before it, up to the filler (栏目, 全年 …), past any filler it opens with
        head = next((p for p in fillers.split(clause[: verbs[-1].start()]) if _clean(p)), "")
        if head:
            clause = head
    clause = _clean(clause)
    # a verb alone names nothing (全年共发布133条)
    return clause if len(clause) >= 2 and not marks().verbs.fullmatch(clause) else None


def _clean(words: str) -> str:
    m = marks()
    # the marks first: a label's colon hides the tail before it (重点领域信息：)
    words = words.lstrip(m.trim_lead).strip(m.trim)
    return m.tail.sub("", m.lead.sub("", words)).strip(m.trim)


@cache
def _category_patterns() -> tuple[re.Pattern, re.Pattern, re.Pattern]:
    c = fact_data().get("category", {})
    return (
        re.compile(c.get("fillers", r"(?!)")),
        re.compile(c.get("dated", r"(?!)")),
        re.compile(c.get("name_after", r"(?!)")),
    )


def category_of(text: str, start: int, end: int) -> str | None:
    """The category of the count text[start:end]: named before it (`工作动态12条`), or, where
    the words before it name nothing but the verb or the item before (`发布187条工作动态、42条
    通知公告`), named right after its unit."""
    _, _, name_after = _category_patterns()
    after = name_after.match(text, end)
    if after and _names_nothing_before(text, start):
        return _clean(after.group(1)) or None
    return category_before(text, start)


def _names_nothing_before(text: str, start: int) -> bool:
    """Whether the words before a count name no category: the clause ends in a verb of
    publishing, or the count follows another count whose name follows it (a list of counts
    written number first)."""
    clause = count_clause(text, start)
    item = since_last_count(text, start, len(clause))
    if item is not None:
        # `187条工作动态、42条…`: the words since the count before are that count's name
        _, _, name_after = _category_patterns()
        named = name_after.match(item)
        words = item.rstrip(marks().item_marks)
        return named is not None and named.end() >= len(words) and len(words) > 0
    verbs = list(marks().verbs.finditer(clause))
    return bool(verbs) and not _clean(clause[verbs[-1].end() :])


def since_last_count(text: str, start: int, reach: int) -> str | None:
    """The words between the last number that ends in the `reach` characters before `start`
    and `start` (in a list `废止十一件、修改四件`, what the second count is of), or None if no
    number ends there. A number is one of `numerals`, a count or not (`分为5大类28项`: the 28
    is of what follows 5大类)."""
    ends = [e for _, e in numerals(text) if start - reach < e <= start]
    if not ends:
        return None
    gap = marks().item_gap.match(text, ends[-1])  # (it matches everywhere, if only nothing)
    return text[gap.end() if gap else ends[-1] : start]


def not_negation_lookahead(data: dict) -> str:
    """A lookahead that keeps a negation cue from matching where `not_negation` words start."""
    words = data.get("not_negation", ())
    return "(?!" + "|".join(map(re.escape, words)) + ")" if words else ""


@cache
def negation_pattern() -> re.Pattern:
    """The negation cues of data/facts.toml (longest first), less the `not_negation` words."""
    d = fact_data()
    return re.compile(
        not_negation_lookahead(d) + "(?:" + "|".join(map(re.escape, sorted(d["negation"], key=len, reverse=True))) + ")"
    )


@cache
def _not_count_after() -> re.Pattern:
    words = fact_data().get("not_count_after", ())
    return re.compile(r"\s*(?:" + "|".join(map(re.escape, words)) + ")" if words else r"(?!)")


# Latin letters, half- and full-width (U+FF21…, 0xFEE0 above ASCII): a number written
# against a letter is part of a name.
_LATIN = frozenset(string.ascii_letters + "".join(chr(ord(c) + 0xFEE0) for c in string.ascii_letters))


def _in_a_name(text: str, start: int, end: int) -> bool:
    """Whether the number text[start:end] is written against a Latin letter (H5, 5G, COVID-19)."""
    lead = text[max(0, start - 2) : start]
    return text[end : end + 1] in _LATIN or lead[-1:] in _LATIN or (lead[-1:] in marks().dashes and lead[:1] in _LATIN)


@lru_cache(maxsize=512)  # a pure function of the clause, asked for again by each count's reach
def numerals(text: str) -> tuple[tuple[int, int], ...]:
    """Spans of the numbers of a sentence as the number pattern reads them (with marker,
    unit and any white space after), less a Chinese numeral without a unit, which is a word
    (统一, 进一步)."""
    return tuple(m.span() for m in number_pattern().finditer(text) if m["unit"] or m["num"][0].isdigit())


@cache
def _table_digits() -> tuple[re.Pattern, int]:
    d = fact_data()
    return re.compile(d["arabic"]), int(d.get("table_run", {}).get("numbers", 3))


def _table_numbers(text: str, found: tuple[tuple[int, int], ...]) -> set[tuple[int, int]]:
    """The numbers of a sentence that are a table's digits run into the text, not counts
    (`[table_run]` in facts.toml): a run of digits longer than any count is written without
    separators, or one with a leading zero (`规范性文件898989`, `0000023`), and a row of bare
    numbers with nothing but white space between them (`0 0 1 0`)."""
    arabic, row = _table_digits()
    longest = int(fact_data().get("table_run", {}).get("digits", 7))
    out = set()
    bare = []
    for s, e in found:
        m = arabic.match(text, s)
        if m is None:
            continue
        digits = m.group()
        if digits.isdigit() and (len(digits) >= longest or (len(digits) > 1 and digits[0] in "0０")):
            out.add((s, e))
        if m.end() == len(text[:e].rstrip()) or (s, e) in out:  # no marker or unit: a bare number
            bare.append((s, e))
    run: list[tuple[int, int]] = []
    for span in bare + [(-1, -1)]:
        # the numerals' spans take the white space after them: only white space between
        if run and span[0] >= 0 and not text[run[-1][1] : span[0]].strip():
            run.append(span)
            continue
        if len(run) >= row or (len(run) > 1 and out.intersection(run)):
            out.update(run)
        run = [span]
    return out


def number_spans(text: str) -> tuple[tuple[int, int], ...]:
    """Spans of the numbers in a sentence that could be counts (with marker and unit)."""
    out = []
    m = marks()
    not_count = _not_count_after()
    found = numerals(text)
    table = _table_numbers(text, found) if found else set()
    for s, e in found:
        if (s, e) in table:
            continue  # a table's digits run into the text, not a count
        if s > 0 and text[s - 1] == m.ordinal:
            continue  # an ordinal (第五十条, 第711号), not a count
        while e > s and text[e - 1].isspace():
            e -= 1
        if s > 0 and m.brackets.get(text[s - 1]) == text[e : e + 1]:
            continue  # the year of a document number (国办函〔2020〕109号), not a count
        if not_count.match(text, e):
            continue  # 六个部分, 二次会议: no count of anything
        if _in_a_name(text, s, e):
            continue  # part of a name written with letters (H5, 5G, COVID-19), not a count
        out.append((s, e))
    return tuple(out)


@cache
def _cue_words() -> tuple[re.Pattern, dict[str, str | None]]:
    """One pattern for all cue words of `[cues]` in data/facts.toml (longest first), and the
    class of each word (None for a `cue_lookalikes` word)."""
    data = fact_data()
    # words that hold a cue but are none (公共, 共享: no 共 of a total) are matched too, and
    # then passed over, so that the cue inside them is never read
    pairs = [(w, c) for c, ws in data["cues"].items() for w in ws]
    pairs = sorted(pairs + [(w, None) for w in data.get("cue_lookalikes", ())], key=lambda p: -len(p[0]))
    names = {w: c for w, c in pairs}
    pattern = re.compile(word_trie(w for w, _ in pairs))
    return pattern, names


def cue_matches(text: str, pos: int = 0, endpos: int | None = None) -> Iterator[tuple[int, int, str]]:
    """(start, end, class) of each cue word in text[pos:endpos], in order; a lookalike (公共)
    is passed over, and the cue inside it with it."""
    pattern, names = _cue_words()
    for m in pattern.finditer(text, pos, len(text) if endpos is None else endpos):
        if (name := names[m.group()]) is not None:
            yield m.start(), m.end(), name
