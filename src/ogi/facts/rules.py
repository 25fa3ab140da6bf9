"""The rules' reading of a sentence: `rule_facts(sentence)` finds number spans and statements
of absence and types them by the ordered rules of `data/facts.toml` (the clause before a
number decides).

It is the yardstick the trained model is measured against, the reading of the types the model
leaves to the rules, and an input of the model (its hints and the count typer's features).
"""

from __future__ import annotations

import re
from functools import cache
from typing import NamedTuple

from .text import (
    category_of,
    clause_around,
    clause_before,
    count_clause,
    marks,
    negation_pattern,
    number_spans,
    since_last_count,
)
from .values import fact_data, read_value


class _NumberRule(NamedTuple):
    type: str
    before: re.Pattern | None
    after: re.Pattern | None
    not_before: re.Pattern | None
    sentence: re.Pattern | None  # words needed before the number in the sentence
    in_sentence: re.Pattern | None  # words needed anywhere in the sentence
    list_item: bool  # tried only on the words since the count before
    units: frozenset[str]  # the units a count of the type is in (empty: any)
    over_model: bool  # its reading stands over the model's (`over_model` in facts.toml)


@cache
def _rules() -> tuple[list, list, re.Pattern, re.Pattern]:
    d = fact_data()
    optional = lambda r, key: re.compile(r[key]) if key in r else None  # noqa: E731
    numbers = [
        _NumberRule(
            r["type"],
            optional(r, "before"),
            optional(r, "after"),
            optional(r, "not_before"),
            optional(r, "sentence"),
            optional(r, "in_sentence"),
            bool(r.get("list_item")),
            frozenset(d.get("type_units", {}).get(r["type"], ())),
            bool(r.get("over_model")),
        )
        for r in d["number_rule"]
    ]
    absences = [(r["type"], re.compile(r["noun"])) for r in d["absence_rule"]]
    # each list of traps as one pattern: one search per number instead of one per trap
    # (an entry that also needs words after the count is the count typer's alone)
    before = d["traps"]["before"] + [
        c["words"] for c in d.get("clause_types", ()) if c.get("types") == [] and "followed_by" not in c
    ]
    traps_before = re.compile("|".join(f"(?:{p})" for p in before) or r"(?!)")
    traps_after = re.compile("|".join(f"(?:{p})" for p in d["traps"]["after"]) or r"(?!)")
    return numbers, absences, traps_before, traps_after


@cache
def _clause_rules() -> list[_NumberRule]:
    """The number rules tried on a count's whole clause: all but those of list items."""
    return [r for r in _rules()[0] if not r.list_item]


@cache
def _item_rules() -> list[_NumberRule]:
    """The number rules tried on the words since the count before: all but the last."""
    return _rules()[0][:-1]


@cache
def _absence_guards() -> tuple[dict[str, re.Pattern], dict[str, re.Pattern], dict[str, tuple[re.Pattern, re.Pattern]]]:
    data = fact_data()
    not_before, not_after = (
        {t: re.compile(p) for t, p in data.get(key, {}).items()} for key in ("absence_not_before", "absence_not_after")
    )
    needs = data.get("type_needs", {})
    verb_needed = {t: (re.compile(w), re.compile(needs[t])) for t, w in data.get("absence_needs_verb", {}).items()}
    return not_before, not_after, verb_needed


def absence_of_another(text: str, typ: str, start: int, end: int) -> bool:
    """Whether an absence of `typ` whose noun is text[start:end] is the absence of something
    else: the words after the noun (`[absence_not_before]` in facts.toml) name another type's
    (未发生因政府信息公开申请引起的行政复议 states no review, not no application), the words
    before it (`[absence_not_after]`) say it is not of this year (无上年结转政府信息公开申请), or
    its clause names what `[absence_needs_verb]` lists without the type's verb of `[type_needs]`
    (无依申请公开事项: no item disclosed on request, not no application)."""
    not_before, not_after, verb_needed = _absence_guards()
    after, before = not_before.get(typ), not_after.get(typ)
    if bool(after and after.match(text, end)) or bool(before and before.search(text, 0, start)):
        return True
    if typ in verb_needed:
        words, verb = verb_needed[typ]
        clause = clause_around(text, start, end)
        return bool(words.search(clause)) and not verb.search(clause)
    return False


def _rule_of_number(text: str, s: int, e: int, unit: str | None) -> _NumberRule | None:
    _, _, traps_before, traps_after = _rules()
    clause, after = count_clause(text, s), text[e : e + marks().after_reach]
    before = clause.rstrip().rstrip(marks().label_end).rstrip()
    if traps_before.search(before) or traps_after.search(after):
        return None
    # a bare number the words before name a count (制发数量为3) is in its type's default unit
    named = unit is None and bool(marks().count_named.search(before))
    # In a list (`人大代表建议1件、政协提案7件`) the words since the previous count speak of
    # this one: the specific rules are tried there first, then on the whole clause.
    local = (since_last_count(text, s, len(clause)) or "").rstrip()
    if local:
        rule = _first_rule(_item_rules(), text, s, local, after, unit, named)
        if rule:
            return rule
    return _first_rule(_clause_rules(), text, s, before, after, unit, named)


def _first_rule(
    numbers: list[_NumberRule], text: str, s: int, before: str, after: str, unit: str | None, named: bool
) -> _NumberRule | None:
    for r in numbers:
        if r.before is not None and not r.before.search(before):
            continue
        if r.after is not None and not r.after.search(after):
            continue
        if r.not_before is not None and r.not_before.search(before):
            continue
        if r.sentence is not None and not r.sentence.search(text, 0, s):
            continue
        if r.in_sentence is not None and not r.in_sentence.search(text):
            continue
        if r.units and unit not in r.units and not named:
            # a count in another unit than its type's (a bare count `named` is in its type's):
            # its own words name the type, so it is no fact (公众号41个 are accounts, not
            # posts); after words only somewhere before it in the sentence (收取信息处理费…受理
            # 申请3件), it may be of another type
            if r.before is None and r.after is None:
                continue
            return None
        return r
    return None


def rule_facts(
    text: str, numbers: tuple[tuple[int, int], ...] | None = None, negations: tuple[tuple[int, int], ...] | None = None
) -> list[dict]:
    """Facts of one sentence by the rules alone: dicts with start/end/type (sentence offsets),
    and `over_model: True` on a count whose reading stands over the model's (`over_model`).
    `numbers`: the sentence's `number_spans`, and `negations`: the spans of its negation cues
    (`text.negation_pattern`), where the caller has them."""
    _, absences, _, _ = _rules()
    units = fact_data()["types"]
    found: list[dict] = []
    spans = number_spans(text) if numbers is None else numbers
    items = respective_items(text, spans)
    for s, e in spans:
        r = read_value(text[s:e])
        # a count of a list read 分别 (respectively) is typed as if its own item stood before it,
        # where that names a type of its own
        read, at = (items[s] + text[s:], len(items[s])) if s in items else (text, s)
        rule = _rule_of_number(read, at, at + e - s, r.unit)
        respective = s in items and rule is not None and rule.type not in _respectively().too_weak
        if s in items and not respective:
            read, at = text, s
            rule = _rule_of_number(text, s, e, r.unit)
        if rule is None or r.value is None:
            continue
        typ = rule.type
        fact = {
            "start": s,
            "end": e,
            "type": typ,
            "value": r.value,
            "unit": r.unit or units[typ],
            "approx": r.approx,
            "negated": False,
            "category": category_of(read, at, at + e - s) if typ == "published.category" else None,
        }
        if rule.over_model or (respective and typ in _respectively().over_model):
            fact["over_model"] = True
        found.append(fact)
    if negations is None:
        negations = tuple(m.span() for m in negation_pattern().finditer(text))
    for _, cue_end in negations:
        for typ, noun in absences:
            n = noun.match(text, cue_end)
            if not n:
                continue
            # the span is the noun, from its first group on, or the group named `span` (one verb
            # of a list that shares the noun: 未制定、废止规范性文件)
            s, e = n.span("span") if "span" in n.re.groupindex else (n.start(len(n.groups()) and 1), n.end())
            if any(f["start"] < e and s < f["end"] for f in found) or absence_of_another(text, typ, s, e):
                continue
            found.append(_absence(typ, s, e))
    return sorted(found, key=lambda f: f["start"])


class _Respectively(NamedTuple):
    word: str  # in every marker: a sentence without it has no such list
    marker: re.Pattern
    item_gap: re.Pattern
    count_gap: re.Pattern
    trim: re.Pattern
    too_weak: frozenset[str]
    over_model: frozenset[str]


@cache
def _respectively() -> _Respectively:
    d = fact_data()["respectively"]
    return _Respectively(
        d["word"],
        re.compile(d["marker"]),
        re.compile(d["item_gap"]),
        re.compile(d["count_gap"]),
        re.compile(d["trim"]),
        frozenset(d["too_weak"]),
        frozenset(d["over_model"]),
    )


def respective_items(text: str, numbers: tuple[tuple[int, int], ...]) -> dict[int, str]:
    """For each count of a list that follows 分别 (制发、废止规范性文件分别为3件、1件), the text
    it is read with: the sentence up to 分别, then its own item of the list before 分别 as a
    clause of its own (`…规范性文件，制发` for the 3). {count's start: that text}; a list whose
    items and counts differ in number gives none, as nothing says which count is whose."""
    out: dict[int, str] = {}
    lists = _respectively()
    if lists.word not in text:  # looked for once: most sentences have none
        return out
    i = 0
    while i < len(numbers):
        m = lists.marker.search(text, 0, numbers[i][0])
        if not m or (i and m.start() < numbers[i - 1][1]):
            i += 1
            continue
        j = i + 1
        while j < len(numbers) and lists.count_gap.fullmatch(text, numbers[j - 1][1], numbers[j][0]):
            j += 1
        words = lists.item_gap.split(clause_before(text, m.start(), limit=m.start()))
        items = [lists.trim.sub("", w) for w in words]
        items = [w for w in items if w.strip()]
        if j - i > 1 and len(items) == j - i:
            lead = text[: m.start()] + marks().clause_end[0]
            out.update({numbers[k][0]: lead + items[k - i] for k in range(i, j)})
        i = j
    return out


def _absence(typ: str, start: int, end: int) -> dict:
    """A statement of absence of `typ` whose noun is at start:end, as a fact."""
    return {
        "start": start,
        "end": end,
        "type": typ,
        "value": 0,
        "unit": fact_data()["types"][typ],  # none is written: the type's default
        "approx": False,
        "negated": True,
        "category": None,
    }


@cache
def _backstops() -> list[tuple[str, re.Pattern]]:
    return [(r["type"], re.compile(r["words"])) for r in fact_data().get("backstop_absence", ())]


def backstop_absences(text: str) -> list[dict]:
    """The statements of absence of `[[backstop_absence]]` in a sentence (one per type at
    most): facts as `rule_facts` gives them, spans on the named group `span`."""
    found = []
    for typ, words in _backstops():
        m = words.search(text)
        if m is not None and not absence_of_another(text, typ, *(span := m.span("span"))):
            found.append(_absence(typ, *span))
    return found
