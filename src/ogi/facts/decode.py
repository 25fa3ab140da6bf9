"""The report-level decoding of the count typer's scores: each count of one report's
sentences gets its most probable type that the report allows (`Decoding.choose`), with the
limits of data/facts.toml (a count's unit and clause, breakdowns, types stated once per report).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cached_property

import numpy as np

from .text import clause_before, cue_matches, marks
from .values import fact_data, read_value

# a compiled `clause_types` entry: words, the types it allows (or rules out), sentence-wide,
# rules out, words that must follow
_ClauseType = tuple[re.Pattern, set[str], bool, bool, re.Pattern | None]


@dataclass(frozen=True)
class Decoding:
    """What the choice of each count's type respects beyond the typer's probabilities (the
    texts are one report's; `Decoding.of_data()` reads them from data/facts.toml):

    - `unit_types`: a count in one of these units is of these types or no fact (收取信息处理费
      0元 is a fee, 其中公开1起 no published item), and `type_units`: a count of these types
      in another unit is not of them;
    - `clause_types`: words after which, in its clause (or anywhere before it in its
      sentence, for an entry of `scope = "sentence"`), a count is of these types or no
      fact (历年累计公开信息3572条 is not this year's; 不少于10篇 is a target), and
      `type_needs`: words without which, before it in its sentence, a count is not of a type
      (办理依申请公开8件 states no applications received), and `sentence_needs`: words without
      which anywhere in its sentence a count is not of a type (被申请行政诉讼0件 is no review);
    - `published`: types of published items, which a count that breaks down a count of
      another type is not given (受理申请28件，其中网上申请20件); `whole`: types a count
      that breaks down a count of the same type is not given (发布解读19份，其中图解7份);
    - `outside_weight`: what the probability of no fact is weighed by before the choice;
    - `list_type`, `list_min`: a count given no fact between two counts of `list_type` in one
      list takes their type if it is at least `list_min` probable for it (公共法律4条,就业创业
      4条,社会保险4条: the middle item's words alone leave the typer in doubt);
    - `at_least_once`: types a report states (nearly always): where no count of a report got
      one, its count given no fact that is most probable for it takes it, if at least that
      probable and no other type is more probable for it (the website's count is the total
      when no other total is stated; a category first in a list is not);
    - `once`: types a report states once: each goes to its most probable count of all the
      texts; the others that would have it are no fact (held out, better than their next
      most probable type: a second "total" is mostly one channel's or another year's)."""

    once: tuple[str, ...] = ()
    unit_types: tuple[tuple[str, tuple[str, ...]], ...] = ()
    type_units: tuple[tuple[str, tuple[str, ...]], ...] = ()
    # (words, types, sentence-wide, types ruled out instead of allowed, words that must follow
    # the count, matched right after it, or "")
    clause_types: tuple[tuple[str, tuple[str, ...], bool, bool, str], ...] = ()
    # (words, sentence-wide, from types, to type, only where no count of the texts has `to`):
    # a count given one of `from` after the words is `to`
    retype: tuple[tuple[str, bool, tuple[str, ...], str, bool], ...] = ()
    published: frozenset[str] = frozenset()
    whole: frozenset[str] = frozenset()
    outside_weight: float = 1.0
    list_type: str = ""
    list_min: float = 1.0
    at_least_once: tuple[tuple[str, float], ...] = ()
    type_needs: tuple[tuple[str, str], ...] = ()
    sentence_needs: tuple[tuple[str, str], ...] = ()

    @classmethod
    def of_data(cls) -> Decoding:
        data = fact_data()
        return cls(
            once=tuple(data.get("once_per_report", ())),
            unit_types=tuple((u, tuple(ts)) for u, ts in data.get("unit_types", {}).items()),
            type_units=tuple((t, tuple(us)) for t, us in data.get("type_units", {}).items()),
            clause_types=tuple(
                (
                    c["words"],
                    tuple(c.get("types", c.get("not_types", ()))),
                    c.get("scope") == "sentence",
                    "not_types" in c,
                    c.get("followed_by", ""),
                )
                for c in data.get("clause_types", ())
            ),
            retype=tuple(
                (r["words"], r.get("scope") == "sentence", tuple(r["from"]), r["to"], bool(r.get("when_missing")))
                for r in data.get("retype", ())
            ),
            published=frozenset(data.get("published_types", ())),
            whole=frozenset(data.get("whole_types", ())),
            outside_weight=float(data.get("outside_weight", 1.0)),
            list_type=data.get("list_vote", {}).get("type", ""),
            list_min=float(data.get("list_vote", {}).get("min_probability", 1.0)),
            at_least_once=tuple((t, float(v)) for t, v in data.get("at_least_once", {}).items()),
            type_needs=tuple(data.get("type_needs", {}).items()),
            sentence_needs=tuple(data.get("sentence_needs", {}).items()),
        )

    @cached_property
    def _patterns(
        self,
    ) -> tuple[list[_ClauseType], list[re.Pattern], dict[str, re.Pattern], dict[str, re.Pattern]]:
        """`clause_types` compiled, the words of each without their `$` anchors (they still
        match somewhere in a text they match before a count of: a cheap test per text), and
        `type_needs` and `sentence_needs` compiled: once, not per report."""
        clause_types = [
            (
                re.compile(words),
                set(types) if exclude else {"O", *types},
                sentence_wide,
                exclude,
                re.compile(followed) if followed else None,
            )
            for words, types, sentence_wide, exclude, followed in self.clause_types
        ]
        anywhere = [re.compile(re.sub(r"(?<!\\)\$", "", c[0].pattern)) for c in clause_types]
        return (
            clause_types,
            anywhere,
            {t: re.compile(words) for t, words in self.type_needs},
            {t: re.compile(words) for t, words in self.sentence_needs},
        )

    @cached_property
    def _retype_patterns(self) -> list[re.Pattern]:
        return [re.compile(r[0]) for r in self.retype]

    def choose(
        self, texts: list[str], where: list[tuple[int, int, int]], p: np.ndarray, labels: tuple[str, ...]
    ) -> np.ndarray:
        """The column of `labels` chosen for each count (row of `p`)."""
        best = self._choose(texts, where, p, labels)
        outside = labels.index("O")
        won: list[tuple[int, int]] = []  # (count, column) a count of no fact is given instead
        free = np.flatnonzero(best == outside)
        for label, least in self.at_least_once:
            j = labels.index(label) if label in labels else None
            if j is None or not len(free) or (best == j).any():
                continue
            # a report that states none: its most probable count given no fact, if probable enough
            # and of no other type more probable (187条工作动态 first in a list is a category);
            # read only here, for the few reports that state none
            other = np.delete(p[free], outside, axis=1).max(1, initial=0.0)
            fits = free[(p[free, j] >= least) & (p[free, j] >= other)]
            if len(fits):
                won.append((int(fits[p[fits, j].argmax()]), j))
        if self.list_type in labels:
            j = labels.index(self.list_type)
            won += [(row, j) for row in self._list_gaps(texts, where, best, p[:, j], j, outside)]
        if won:
            # chosen again, so that what a count's unit and clause allow still holds
            p = p.copy()
            for row, j in won:
                p[row, j] = p[row].max() + 1.0
            best = self._choose(texts, where, p, labels)
        return best

    def _list_gaps(
        self, texts: list[str], where: list[tuple[int, int, int]], best: np.ndarray, p: np.ndarray, j: int, outside: int
    ) -> list[int]:
        """The counts given no fact that `j` is at least `list_min` probable for, between two
        counts of column `j` in one list (no end of a part of the sentence between them), or
        first in a list written number first, before a count of `j` (187条工作动态、42条通知公告:
        the words of one item, then a mark of `item_marks`)."""
        out = []
        part_end, item_marks = marks().part_end, marks().item_marks
        for row in range(len(where) - 1):
            (k, s, e), (k1, s1, _) = where[row : row + 2]
            if not (best[row] == outside and p[row] >= self.list_min and best[row + 1] == j and k == k1):
                continue
            if part_end.search(texts[k], e, s1):
                continue
            k0, _, e0 = where[row - 1] if row else (-1, 0, 0)
            if k0 == k and best[row - 1] == j and not part_end.search(texts[k], e0, s):
                out.append(row)  # between two
            elif _one_item(texts[k][e:s1], item_marks) and not (k0 == k and best[row - 1] == outside):
                out.append(row)  # first of a list
        return out

    def _choose(
        self, texts: list[str], where: list[tuple[int, int, int]], p: np.ndarray, labels: tuple[str, ...]
    ) -> np.ndarray:
        outside = labels.index("O")
        if self.outside_weight != 1.0:
            p = p.copy()
            p[:, outside] *= self.outside_weight
        best = p.argmax(1)
        for row, allowed in self._limits(texts, where, best, labels):
            best[row] = np.where(allowed, p[row], -1.0).argmax()
        for row, j in self._retyped(texts, where, best, labels):
            best[row] = j
        if self.published or self.whole:
            best[self._breakdowns(texts, where, best, labels)] = outside
        for label in self.once:
            if label not in labels:
                continue
            j = labels.index(label)
            rows = np.flatnonzero(best == j)
            if len(rows) > 1:
                best[rows[rows != rows[p[rows, j].argmax()]]] = outside
        return best

    def _retyped(
        self, texts: list[str], where: list[tuple[int, int, int]], best: np.ndarray, labels: tuple[str, ...]
    ) -> Iterator[tuple[int, int]]:
        """Each count given a type of a `retype` entry after its words, with the column of the
        type it is instead (主动公开政策文件、通知公告等信息139条: a list of kinds before a count
        makes it the total, not a category)."""
        for (_, sentence_wide, old, new, when_missing), pattern in zip(self.retype, self._retype_patterns):
            if new not in labels or (when_missing and (best == labels.index(new)).any()):
                continue
            j = labels.index(new)
            for row, (k, s, _) in enumerate(where):
                if labels[best[row]] in old and _said_before(pattern, texts[k], s, sentence_wide):
                    yield row, j

    def _limits(
        self, texts: list[str], where: list[tuple[int, int, int]], best: np.ndarray, labels: tuple[str, ...]
    ) -> Iterator[tuple[int, np.ndarray]]:
        """Each count whose most probable type its unit or its clause rules out, with the types
        it may have (a mask over `labels`). Only the few counts that are in a bound unit, are
        given a bound type or stand in a text with the words of `clause_types` are read."""
        by_unit, by_type = dict(self.unit_types), dict(self.type_units)
        bound_columns = {j for j, lab in enumerate(labels) if lab in by_type}
        clause_types, anywhere, needed, needed_in_sentence = self._patterns
        # per text, the clause words it holds at all; a sentence-wide entry, or one that ends
        # where the count starts, is then read before each count
        in_text = {  # only the texts with a count: the others are never read
            k: found
            for k in dict.fromkeys(k for k, _, _ in where)
            if (found := [c for c, a in zip(clause_types, anywhere) if a.search(texts[k])])
        }
        for row, (k, s, e) in enumerate(where):
            span, allowed = texts[k][s:e], None
            if int(best[row]) in bound_columns or any(u in span for u in by_unit):
                unit = read_value(span).unit
                if unit in by_unit:
                    allowed = {"O", *by_unit[unit]}
                if unit is not None:
                    allowed = (set(labels) if allowed is None else allowed) - {
                        t for t, units in by_type.items() if unit not in units
                    }
            for words, types, sentence_wide, exclude, followed in in_text.get(k, ()):
                if _said_before(words, texts[k], s, sentence_wide) and (
                    followed is None or followed.match(texts[k], e)
                ):
                    base = set(labels) if allowed is None else allowed
                    allowed = base - types if exclude else base & types
            needs, needs_anywhere = needed.get(labels[best[row]]), needed_in_sentence.get(labels[best[row]])
            if (needs is not None and not needs.search(texts[k], 0, s)) or (
                needs_anywhere is not None and not needs_anywhere.search(texts[k])
            ):
                allowed = (set(labels) if allowed is None else allowed) - {labels[best[row]]}
            if allowed is not None and labels[best[row]] not in allowed:
                yield row, np.array([lab in allowed for lab in labels])

    def _breakdowns(
        self, texts: list[str], where: list[tuple[int, int, int]], best: np.ndarray, labels: tuple[str, ...]
    ) -> list[int]:
        """The counts that break down a count before them (a part cue, `[cues] part`, between
        the two, and no end of a part of the sentence) and are given a published type while
        that one has another, or the same type while it is one of `whole`."""
        parents = {j for j, lab in enumerate(labels) if lab != "O" and (lab not in self.published or lab in self.whole)}
        if parents.isdisjoint(best.tolist()):  # np.isin costs more on a report's few counts
            return []
        out = []
        # the count before: its text, its end, where its part of the sentence ends, its type,
        # and the types of the counts of that part so far (行政复议21件、行政诉讼8件，其中复议2件)
        parent: tuple[int, int, int, str, frozenset[str]] | None = None
        for row, (k, s, e) in enumerate(where):
            text, label = texts[k], labels[best[row]]
            if parent is not None and (parent[0] != k or s > parent[2]):
                parent = None
            if label == "O":
                continue
            if (
                parent is not None
                and self._is_part(label, parent[3], parent[4])
                and any(name == "part" for _, _, name in cue_matches(text, parent[1], s))
            ):
                out.append(row)
                continue
            end = marks().part_end.search(text, e)
            parent = (k, e, end.start() if end else len(text), label, (parent[4] if parent else frozenset()) | {label})
        return out

    def _is_part(self, label: str, last: str, before: frozenset[str]) -> bool:
        """Whether a count of type `label` after a part cue is a part of the counts before it
        (the last of type `last`; `before` all types of its part of the sentence) rather than
        a fact: a category of a total is a fact, an application of applications is not."""
        if label in before and label in self.whole:
            return True
        return label in self.published and last not in self.published


def _one_item(between: str, item_marks: str) -> bool:
    """Whether the text between two counts is the words of one item and the mark that ends it
    (工作动态、): the first count is then written before its words, as the second is."""
    words = between.rstrip(" ")
    return len(words) > 1 and words[-1] in item_marks and not any(m in words[:-1] for m in item_marks)


def _said_before(words: re.Pattern, text: str, start: int, sentence_wide: bool) -> bool:
    """Whether the words stand before a count: anywhere before it in its sentence, or in its
    clause (back to a clause mark or a 、)."""
    if sentence_wide:
        return bool(words.search(text, 0, start))
    return bool(words.search(clause_before(text, start, ends=marks().list_end)))
