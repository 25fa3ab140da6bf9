"""The rules-only baseline, and the pieces of it the trained tagger shares.

`rule_facts(sentence)` finds number spans and statements of absence and types them by the
ordered rules of `data/facts.toml` (the clause before a number decides). It is the yardstick
the trained model is measured against, and `category_before` names the category of a
`published.category` fact for both.
"""
from __future__ import annotations

import re
import string
from functools import lru_cache
from typing import NamedTuple

from .values import fact_data, number_pattern, read_value

_CLAUSE_END = "，,；;。：:！？\n"
# brackets that hold the year of a document number
_BRACKETS = {"〔": "〕", "[": "]", "［": "］", "【": "】", "﹝": "﹞"}
# The per-sentence caches are for the stages of one report, which ask about the same
# sentences (rules, hints, places, snap, count features): a few hundred hold a report's
# candidates, and are too few to keep sentences from one report to the next, which would
# flatter a benchmark that repeats its files.
SENTENCE_CACHE = 256
# 公开 after 政务/信息 is part of a noun (政务公开组织管理), not the verb.
_VERBS = re.compile(r"(主动公开|(?<![务息])公开|发布|转载|推送|更新|上传|编发|刊发|报送|公布)")
_LEAD = re.compile(r"^(其中|包括|主要包括|主要有|含|有|共|共计|累计|各类|、|\s)+")
_TAIL = re.compile(r"(类信息|类|信息|共计|共|合计|总计|数量|数|等|达|约|近|\s)+$")
# what separates a count from the words of the next item of a list (`12条、通知公告`)
_ITEM_GAP = re.compile(r"\s*[、，,）)\]】]?\s*")


def clause_before(text: str, start: int, limit: int = 30, ends: str = _CLAUSE_END) -> str:
    """The text of the clause that ends where a number starts (back to one of `ends`, at
    most `limit` characters)."""
    a = start
    while a > 0 and start - a < limit and text[a - 1] not in ends:
        a -= 1
    return text[a:start]


def clause_around(text: str, start: int, end: int, ends: str = _CLAUSE_END) -> str:
    """The clause that holds text[start:end] (from the end of the clause before to the end
    of its own)."""
    b = end
    while b < len(text) and text[b] not in ends:
        b += 1
    return clause_before(text, start, limit=start, ends=ends) + text[start:b]


def category_before(text: str, start: int) -> str | None:
    """The category a number of items belongs to, as written, without 类/信息 (or None)."""
    clause = clause_before(text, start)
    item = since_last_count(text, start, len(clause))
    fillers, dated, _ = _category_patterns()
    if item is not None:  # a list `工作动态12条、通知公告3条`: the category starts after the last count
        clause = dated.sub("", "0" + item)  # or after the date that number was (2023年度部门预算)
    else:
        clause = dated.sub("", clause)  # 2023年度部门预算信息6条: the category starts after the date
    verbs = list(_VERBS.finditer(clause))
    if verbs and len(clause) - verbs[-1].end() >= 2 and _clean(clause[verbs[-1].end():]):
        clause = clause[verbs[-1].end():]
    elif verbs:
        # nothing but filler after the verb (政务要闻栏目全年发布信息5974条): the category is
        # named before it, up to the filler (栏目, 全年 …)
        head = fillers.split(clause[:verbs[-1].start()], 1)[0]
        if _clean(head):
            clause = head
    clause = _clean(clause)
    return clause if len(clause) >= 2 else None


def _clean(words: str) -> str:
    return _TAIL.sub("", _LEAD.sub("", words.lstrip(".．)）、 "))).strip("“”\"《》、 ")


@lru_cache(maxsize=None)
def _category_patterns() -> tuple[re.Pattern, re.Pattern, re.Pattern]:
    c = fact_data().get("category", {})
    return (re.compile(c.get("fillers", r"(?!)")), re.compile(c.get("dated", r"(?!)")),
            re.compile(c.get("name_after", r"(?!)")))


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
    clause = clause_before(text, start)
    item = since_last_count(text, start, len(clause))
    if item is not None:
        # `187条工作动态、42条…`: the words since the count before are that count's name
        _, _, name_after = _category_patterns()
        named = name_after.match(item)
        return bool(named) and named.end() >= len(item.rstrip("、，, ")) and len(item.rstrip("、，, ")) > 0
    verbs = list(_VERBS.finditer(clause))
    return bool(verbs) and not _clean(clause[verbs[-1].end():])


def since_last_count(text: str, start: int, reach: int) -> str | None:
    """The words between the last number that ends in the `reach` characters before `start`
    and `start` (in a list `废止十一件、修改四件`, what the second count is of), or None if no
    number ends there. A number is one of `_numerals`, a count or not (`分为5大类28项`: the 28
    is of what follows 5大类)."""
    ends = [e for _, e in _numerals(text) if start - reach < e <= start]
    if not ends:
        return None
    return text[_ITEM_GAP.match(text, ends[-1]).end():start]


class _NumberRule(NamedTuple):
    type: str
    before: re.Pattern | None
    after: re.Pattern | None
    not_before: re.Pattern | None
    sentence: re.Pattern | None  # words needed before the number in the sentence
    list_item: bool  # tried only on the words since the count before
    units: frozenset[str]  # the units a count of the type is in (empty: any)


def not_negation_lookahead(data: dict) -> str:
    """A lookahead that keeps a negation cue from matching where `not_negation` words start."""
    words = data.get("not_negation", ())
    return "(?!" + "|".join(map(re.escape, words)) + ")" if words else ""


@lru_cache(maxsize=None)
def _rules() -> tuple[list, list, re.Pattern, re.Pattern]:
    d = fact_data()
    optional = lambda r, key: re.compile(r[key]) if key in r else None  # noqa: E731
    numbers = [_NumberRule(r["type"], optional(r, "before"), optional(r, "after"), optional(r, "not_before"),
                           optional(r, "sentence"), bool(r.get("list_item")),
                           frozenset(d.get("type_units", {}).get(r["type"], ())))
               for r in d["number_rule"]]
    neg = re.compile(not_negation_lookahead(d) + "(?:" + "|".join(map(re.escape, sorted(d["negation"], key=len, reverse=True))) + ")")
    absences = [(r["type"], re.compile(r["noun"])) for r in d["absence_rule"]]
    # each list of traps as one pattern: one search per number instead of one per trap
    before = d["traps"]["before"] + [c["words"] for c in d.get("clause_types", ()) if c.get("types") == []]
    traps_before = re.compile("|".join(f"(?:{p})" for p in before) or r"(?!)")
    traps_after = re.compile("|".join(f"(?:{p})" for p in d["traps"]["after"]) or r"(?!)")
    return numbers, [neg, absences], traps_before, traps_after


def fact_places(text: str, around_number: int = 4, before_cue: int = 12, after_cue: int = 40
                ) -> list[tuple[int, int]]:
    """The stretches of a sentence where a fact may lie: each number that could be a count
    (with a few characters either side), and the clause around each negation cue, where the
    noun of a statement of absence stands. The tagger reads only these and what its window
    needs around them; the rest of a candidate sentence (dates, the work done, praise) is `O`."""
    n = len(text)
    out = [(max(0, s - around_number), min(n, e + around_number)) for s, e in number_spans(text)]
    return sorted(out + absence_places(text, before_cue, after_cue))


@lru_cache(maxsize=None)
def _clause_rules() -> list[_NumberRule]:
    """The number rules tried on a count's whole clause: all but those of list items."""
    return [r for r in _rules()[0] if not r.list_item]


def absence_places(text: str, before_cue: int = 12, after_cue: int = 40) -> list[tuple[int, int]]:
    """The clause around each negation cue of a sentence, where the noun of a statement of
    absence stands (what the tagger reads where the count typer types the counts)."""
    n = len(text)
    return [(max(0, m.start() - before_cue), min(n, m.end() + after_cue)) for m in _rules()[1][0].finditer(text)]


@lru_cache(maxsize=None)
def _not_count_after() -> re.Pattern:
    words = fact_data().get("not_count_after", ())
    return re.compile(r"\s*(?:" + "|".join(map(re.escape, words)) + ")" if words else r"(?!)")


# Latin letters, half- and full-width (U+FF21…, 0xFEE0 above ASCII), and the dashes of
# names such as COVID-19: a number written against a letter is part of a name.
_LATIN = frozenset(string.ascii_letters + "".join(chr(ord(c) + 0xFEE0) for c in string.ascii_letters))
_DASHES = frozenset("-－")


def _in_a_name(text: str, start: int, end: int) -> bool:
    """Whether the number text[start:end] is written against a Latin letter (H5, 5G, COVID-19)."""
    lead = text[max(0, start - 2):start]
    return text[end:end + 1] in _LATIN or lead[-1:] in _LATIN or (lead[-1:] in _DASHES and lead[:1] in _LATIN)


@lru_cache(maxsize=None)
def _absence_guards() -> tuple[dict[str, re.Pattern], dict[str, re.Pattern]]:
    data = fact_data()
    return tuple({t: re.compile(p) for t, p in data.get(key, {}).items()}
                 for key in ("absence_not_before", "absence_not_after"))


def absence_of_another(text: str, typ: str, start: int, end: int) -> bool:
    """Whether an absence of `typ` whose noun is text[start:end] is the absence of something
    else: the words after the noun (`[absence_not_before]` in facts.toml) name another type's
    (未发生因政府信息公开申请引起的行政复议 states no review, not no application), or the words
    before it (`[absence_not_after]`) say it is not of this year (无上年结转政府信息公开申请)."""
    after, before = (g.get(typ) for g in _absence_guards())
    return bool(after and after.match(text, end)) or bool(before and before.search(text, 0, start))


@lru_cache(maxsize=SENTENCE_CACHE)
def _numerals(text: str) -> tuple[tuple[int, int], ...]:
    """Spans of the numbers of a sentence as the number pattern reads them (with marker,
    unit and any white space after), less a Chinese numeral without a unit, which is a word
    (统一, 进一步)."""
    return tuple(m.span() for m in number_pattern().finditer(text) if m["unit"] or m["num"][0].isdigit())


@lru_cache(maxsize=None)
def _table_digits() -> tuple[re.Pattern, int]:
    d = fact_data()
    return re.compile(d["arabic"]), int(d.get("table_run", {}).get("numbers", 3))


def _table_numbers(text: str, numerals: tuple[tuple[int, int], ...]) -> set[tuple[int, int]]:
    """The numbers of a sentence that are a table's digits run into the text, not counts
    (`[table_run]` in facts.toml): a run of digits longer than any count is written without
    separators, or one with a leading zero (`规范性文件898989`, `0000023`), and a row of bare
    numbers with nothing but white space between them (`0 0 1 0`)."""
    arabic, row = _table_digits()
    longest = int(fact_data().get("table_run", {}).get("digits", 7))
    out = set()
    bare = []
    for s, e in numerals:
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
        if run and span[0] >= 0 and not text[run[-1][1]:span[0]].strip():
            run.append(span)
            continue
        if len(run) >= row or (len(run) > 1 and out.intersection(run)):
            out.update(run)
        run = [span]
    return out


@lru_cache(maxsize=SENTENCE_CACHE)
def number_spans(text: str) -> tuple[tuple[int, int], ...]:
    """Spans of the numbers in a sentence that could be counts (with marker and unit).
    Cached: the rules, the hints, the places the tagger reads and the snap of its spans all ask."""
    out = []
    not_count = _not_count_after()
    numerals = _numerals(text)
    table = _table_numbers(text, numerals) if numerals else set()
    for s, e in numerals:
        if (s, e) in table:
            continue  # a table's digits run into the text, not a count
        if s > 0 and text[s - 1] == "第":
            continue  # an ordinal (第五十条, 第711号), not a count
        while e > s and text[e - 1].isspace():
            e -= 1
        if s > 0 and _BRACKETS.get(text[s - 1]) == text[e:e + 1]:
            continue  # the year of a document number (国办函〔2020〕109号), not a count
        if not_count.match(text, e):
            continue  # 六个部分, 二次会议: no count of anything
        if _in_a_name(text, s, e):
            continue  # part of a name written with letters (H5, 5G, COVID-19), not a count
        out.append((s, e))
    return tuple(out)


def _type_of_number(text: str, s: int, e: int, unit: str | None) -> str | None:
    numbers, _, traps_before, traps_after = _rules()
    clause, after = clause_before(text, s), text[e:e + 12]
    before = clause.rstrip()
    if traps_before.search(before) or traps_after.search(after):
        return None
    # In a list (`人大代表建议1件、政协提案7件`) the words since the previous count speak of
    # this one: the specific rules are tried there first, then on the whole clause.
    local = (since_last_count(text, s, len(clause)) or "").rstrip()
    if local:
        typ = _first_rule(numbers[:-1], text, s, local, after, unit)
        if typ:
            return typ
    return _first_rule(_clause_rules(), text, s, before, after, unit)


def _first_rule(numbers: list[_NumberRule], text: str, s: int, before: str, after: str, unit: str | None
                ) -> str | None:
    for r in numbers:
        if r.before is not None and not r.before.search(before):
            continue
        if r.after is not None and not r.after.search(after):
            continue
        if r.not_before is not None and r.not_before.search(before):
            continue
        if r.sentence is not None and not r.sentence.search(text, 0, s):
            continue
        if r.units and unit not in r.units:
            # a count in another unit than its type's: its own words name the type, so it is
            # no fact (公众号41个 are accounts, not posts); after words only somewhere before
            # it in the sentence (收取信息处理费…受理申请3件), it may be of another type
            if r.before is None and r.after is None:
                continue
            return None
        return r.type
    return None


def rule_facts(text: str) -> list[dict]:
    """Facts of one sentence by the rules alone: dicts with start/end/type (sentence offsets)."""
    # The tagger asks three times per sentence (its hints, its confidence, the rule types):
    # read it once, hand out copies (callers mark what they keep).
    return [dict(f) for f in _rule_facts(text)]


@lru_cache(maxsize=SENTENCE_CACHE)
def _rule_facts(text: str) -> tuple[dict, ...]:
    _, (neg, absences), _, _ = _rules()
    units = fact_data()["types"]
    found: list[dict] = []
    for s, e in number_spans(text):
        r = read_value(text[s:e])
        typ = _type_of_number(text, s, e, r.unit)
        if typ is None or r.value is None:
            continue
        found.append({"start": s, "end": e, "type": typ, "value": r.value, "unit": r.unit or units[typ],
                      "approx": r.approx, "negated": False,
                      "category": category_of(text, s, e) if typ == "published.category" else None})
    for m in neg.finditer(text):
        for typ, noun in absences:
            n = noun.match(text, m.end())
            if not n:
                continue
            # the span is the noun, from its first group on, or the group named `span` (one verb
            # of a list that shares the noun: 未制定、废止规范性文件)
            s, e = n.span("span") if "span" in n.re.groupindex else (n.start(len(n.groups()) and 1), n.end())
            if any(f["start"] < e and s < f["end"] for f in found) or absence_of_another(text, typ, s, e):
                continue
            found.append({"start": s, "end": e, "type": typ, "value": 0, "unit": units[typ],
                          "approx": False, "negated": True, "category": None})
    return tuple(sorted(found, key=lambda f: f["start"]))
