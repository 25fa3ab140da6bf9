"""Reading table numbers, and splitting runs of digits that lost their separators.

Scraped pages print a table row as `801000081` for 80 | 1 | 0 | 0 | 0 | 0 | 81. Such a
run is split only into numbers without leading zeros, and only the splits that the table's
own sums allow are kept; choosing among several is the caller's business (it never guesses).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from functools import lru_cache
from typing import cast

from ..data_files import load_toml
from ..text_marks import BLANK_CELLS, MINUS_SIGNS

# (the first digit outside the branches, which both start with one: a pattern that opens with
# a character class lets the scan skip to the next digit; one that opens with a lookahead or
# with a choice of branches is tried at every character)
NUMBER = re.compile(r"\d(?:\d{0,2}(?:,\d{3})+(?:\.\d+)?|\d*(?:\.\d+)?)")
MINUS = MINUS_SIGNS
BLANK_MARKS = BLANK_CELLS

Value = int | float | None
# How many ways (or search steps) of splitting one run of digits are tried (tables.toml says why).
MAX_SPLITS: int = load_toml("tables.toml")["read"]["max_splits"]


@lru_cache(maxsize=16384)  # cells repeat: the format's labels, 0, 1 … (a read is pure)
def read_number(text: str) -> Value:
    """The number a table cell states, or None if the cell states none.

    Accepts `12`, `1,234`, `0.5`, `24252.311082` with surrounding white space; a dash or
    other filler means a blank cell (None, never 0). A minus sign is kept (`-3`, `－1`):
    a negative count is the report's own error, for the checks to flag, never a 3.
    """
    s = text.strip().replace(" ", "")
    if s in BLANK_MARKS:
        return None
    sign = 1
    if len(s) > 1 and s[0] in MINUS:
        sign, s = -1, s[1:]
    if not NUMBER.fullmatch(s):
        return None
    s = s.replace(",", "")
    if "." in s:
        return sign * float(s)
    return sign * int(s)


def known(values: Iterable[Value]) -> list[int | float] | None:
    """The values, or None if any is blank: a sum is checked only when every cell in it is known."""
    vals = list(values)
    return None if None in vals else [v for v in vals if v is not None]


def is_blank_mark(text: str) -> bool:
    return text.strip().replace(" ", "") in BLANK_MARKS


def splits(digits: str, k: int, max_len: int | None = None) -> Iterator[tuple[str, ...]]:
    """Every way to cut `digits` into `k` numbers written without leading zeros
    (and, if given, at most `max_len` digits long)."""
    n = len(digits)
    if k <= 0 or k > n or (max_len is not None and n > k * max_len):
        return
    if k == 1:
        if (digits == "0" or not digits.startswith("0")) and (max_len is None or n <= max_len):
            yield (digits,)
        return
    if digits.startswith("0"):
        # "0" can only stand alone.
        for rest in splits(digits[1:], k - 1, max_len):
            yield ("0",) + rest
        return
    top = n - k + 1 if max_len is None else min(n - k + 1, max_len)
    for i in range(1, top + 1):
        head = digits[:i]
        for rest in splits(digits[i:], k - 1, max_len):
            yield (head,) + rest


def split_tokens(
    tokens: Sequence[str | None], n: int, limit: int = MAX_SPLITS, max_len: int | None = None
) -> Iterator[list[tuple[int, int, int]]]:
    """Ways to read `tokens` (digit strings, or None for a blank cell) as exactly `n` cells.

    Yields lists of n triples (token index, start, end) locating each cell inside its token;
    a blank token yields (index, 0, 0). Tokens with a decimal point or comma are never cut.
    At most `limit` ways are produced.
    """
    produced = 0
    splittable = [tok is not None and tok.isdigit() for tok in tokens]
    # cap[i]: the most cells tokens[i:] can give
    cap = [0] * (len(tokens) + 1)
    for i in range(len(tokens) - 1, -1, -1):
        tok = tokens[i]
        cap[i] = cap[i + 1] + (len(tok) if tok is not None and splittable[i] else 1)

    def rec(i: int, left: int) -> Iterator[list[tuple[int, int, int]]]:
        nonlocal produced
        if produced >= limit:
            return
        if i == len(tokens):
            if left == 0:
                produced += 1
                yield []
            return
        tok = tokens[i]
        if not splittable[i]:
            if left >= 1:
                for rest in rec(i + 1, left - 1):
                    yield [(i, 0, 0 if tok is None else len(tok))] + rest
            return
        assert tok is not None  # a splittable token is a run of digits
        lo = max(1, left - cap[i + 1])
        hi = min(len(tok), left - (len(tokens) - i - 1))
        for k in range(lo, hi + 1):
            for parts in splits(tok, k, max_len):
                pos, cells = 0, []
                for p in parts:
                    cells.append((i, pos, pos + len(p)))
                    pos += len(p)
                for rest in rec(i + 1, left - k):
                    yield cells + rest

    yield from rec(0, n)


class TooManySplits(Exception):
    """A run of digits allows more readings than are worth enumerating: nothing is decided."""


def _grouped_cuts(
    tokens: Sequence[str | None], n: int, group: int, limit: int
) -> list[tuple[list[Value], list[tuple[int, int, int]]]]:
    """Every reading of `tokens` as n cells in groups of `group`, each group's last cell the
    sum of the others (unchecked where a cell of the group is blank).

    A search that prunes instead of enumerating cuts: a group's last cell is forced (it must
    print the running sum), and a cut whose running sum could no longer fit in the digits
    left for the group's total is abandoned with every longer one.
    """
    m = len(tokens)
    splittable = [tok is not None and tok.isdecimal() for tok in tokens]
    fixed = [None if tok is None or splittable[i] else read_number(tok) for i, tok in enumerate(tokens)]
    cap = [0] * (m + 1)  # the most cells tokens[i:] can give
    plain = [True] * (m + 1)  # tokens[i:] are all runs of digits (the digit bounds hold)
    for i in range(m - 1, -1, -1):
        tok = tokens[i]
        cap[i] = cap[i + 1] + (len(tok) if tok is not None and splittable[i] else 1)
        plain[i] = plain[i + 1] and splittable[i]
    out: list[tuple[list[Value], list[tuple[int, int, int]]]] = []
    values: list[Value] = []
    cut: list[tuple[int, int, int]] = []
    nodes = 0

    final = n - group  # the first cell of the last group
    last_tok = tokens[-1] if m else None
    dead: set[tuple] = set()  # (i, a, cell, sum, target) known to lead nowhere

    def rec(i: int, a: int, s: Value | None, target: int | None = None) -> None:
        nonlocal nodes
        nodes += 1
        if nodes > limit:
            raise TooManySplits(f"more than {limit} steps to split {tokens!r}")
        c = len(values)
        if i == m:
            if c == n:
                out.append((list(values), list(cut)))
            return
        if c == final and s == 0 and target is None and splittable[-1] and (i < m - 1 or a == 0):
            # The last group's total is a tail of the last token: try each, and let the
            # search look for cells that add up to it (they cannot exceed it).
            assert last_tok is not None  # splittable
            room = len(last_tok) - (a if i == m - 1 else 0) - (group - 1 if i == m - 1 else 0)
            for k in range(1, max(room, 0) + 1):
                tail = last_tok[-k:]
                if k == 1 or tail[0] != "0":
                    rec(i, a, 0, int(tail))
            return
        key = (i, a, c, s, target)
        if key in dead:
            return
        found = len(out)
        left = n - c
        tok = tokens[i]
        here = len(tok) - a if tok is not None and splittable[i] else 1
        if left < m - i or left > here + cap[i + 1]:
            return
        last = c % group == group - 1
        if not splittable[i]:
            v = fixed[i]
            if last and s is not None and v is not None and abs(v - s) > 1e-9:
                return
            values.append(v)
            cut.append((i, 0, 0 if tok is None else len(tok)))
            rec(i + 1, 0, 0 if last else (None if s is None or v is None else s + v), target)
            values.pop()
            cut.pop()
            if len(out) == found:
                dead.add(key)
            return
        assert tok is not None  # a splittable token is a run of digits
        digits = tok[a:]
        lengths: list[int] | range
        if last and s is not None:
            ok = digits.startswith(str(s)) and (target is None or s == target)
            lengths = [len(str(s))] if ok else []
        else:
            lengths = [1] if digits[0] == "0" else range(1, len(digits) + 1)
        before_total = group - 1 - c % group - 1  # cells of this group still to come before its total
        if target is not None and not last and s is not None and plain[i]:
            # What is left of the total must be made by the cells left from the digits left:
            # no more than they can print (one cell takes all but one digit each of the
            # others), no less (some cell is at least an even share of the digits long).
            free = len(digits) + cap[i + 1] - len(str(target))
            cells_left = before_total + 1
            rem = target - s
            if free < cells_left or rem > cells_left * (10 ** (free - cells_left + 1) - 1):
                dead.add(key)
                return
            widest = -(-free // cells_left)
            if widest >= 2 and rem < 10 ** (widest - 1):
                dead.add(key)
                return
        for k in lengths:
            v = int(digits[:k])
            if not last and s is not None:
                rest = len(digits) - k + cap[i + 1]  # digits left after this cell
                if target is not None and plain[i]:
                    free = rest - len(str(target))  # digits left for this group's other cells
                    if s + v > target or free < before_total:
                        break  # cells never add up to more than their total, nor reach into it
                    # each cell still to come is at most what is left of the total: so are its digits
                    if free > before_total * len(str(target - s - v)):
                        continue
                if len(str(s + v)) > rest - before_total:
                    break  # the total could not be printed in what is left; longer cells neither
            values.append(v)
            cut.append((i, a, a + k))
            nxt = 0 if last else (None if s is None else s + v)
            if a + k == len(tok):
                rec(i + 1, 0, nxt, target)
            elif left > 1:
                rec(i, a + k, nxt, target)
            values.pop()
            cut.pop()
        if len(out) == found:
            dead.add(key)

    rec(0, 0, 0)
    return out


def candidate_rows(
    tokens: Sequence[str | None],
    n: int,
    constraint: Callable[[list[Value]], bool] | None = None,
    limit: int = MAX_SPLITS,
) -> list[tuple[list[Value], list[tuple[int, int, int]]]]:
    """All readings of `tokens` as n cells that satisfy `constraint` (if given).

    Raises TooManySplits rather than return a partial list (a partial list could make a
    wrong reading look unique).
    """
    group = getattr(constraint, "group", None)
    if group and n % group == 0:
        found = _grouped_cuts(tokens, n, group, limit)
        return [(v, c) for v, c in found if constraint(v)]  # type: ignore[misc]
    out = []
    seen = 0
    # In a row whose last cell is the sum of the others no cell is longer than that sum,
    # which is itself a tail of the last token: a cheap bound that prunes most cuts.
    max_len = None
    if getattr(constraint, "single_sum_row", False) and tokens and None not in tokens:
        max_len = len(cast(str, tokens[-1]))
    # a piece of a run of decimal digits reads as int() would (the reader's answer, without
    # its checks: this runs for every way to cut a run)
    decimal = [tok is not None and tok.isdecimal() for tok in tokens]
    for cut in split_tokens(tokens, n, limit + 1, max_len):
        seen += 1
        if seen > limit:
            raise TooManySplits(f"more than {limit} ways to split {tokens!r}")
        values: list[Value] = []
        for i, a, b in cut:
            tok = tokens[i]
            values.append(None if tok is None else int(tok[a:b]) if decimal[i] else read_number(tok[a:b]))
        if constraint is None or constraint(values):
            out.append((values, cut))
    return out


def sums_to_last(group: int) -> Callable[[list[Value]], bool]:
    """A constraint: in every run of `group` cells, the last is the sum of the others.

    Groups with a blank cell are not checked (a blank may hide any number).
    """

    def check(values: list[Value]) -> bool:
        for g in range(0, len(values), group):
            part = known(values[g : g + group])
            if part is None:
                continue
            if abs(sum(part[:-1]) - part[-1]) > 1e-9:
                return False
        return True

    check.group = group  # type: ignore[attr-defined]
    return check


def row_sum(n: int) -> Callable[[list[Value]], bool]:
    """The constraint of one table-2 row: n cells, the last the sum of the others."""
    check = sums_to_last(n)
    check.single_sum_row = True  # type: ignore[attr-defined]
    return check
