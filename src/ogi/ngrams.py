"""Character n-grams as integer codes, to look up a vocabulary of n-gram features in bulk.

Each character is its code point in 21 bits, so an n-gram of up to three characters is one
int64. A vocabulary's n-grams are found for a whole report with one lookup per n-gram size
in a hash table of their codes: building and hashing one string per n-gram cost most of
the time of the models that read them (the section classifier, the count typer).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import numpy as np

try:  # pandas' C hash table of int64: 10x faster than a binary search over the sorted codes
    from pandas._libs.hashtable import Int64HashTable as _HashTable
except ImportError:  # its home is not public API: without it, the binary search
    _HashTable = None

BITS = 21
SEPARATOR = 0x110000  # one past the last code point: an n-gram that holds it matches nothing


def code_points(text: str) -> np.ndarray:
    return np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32).astype(np.int64)


def gram_codes(chars: np.ndarray, n: int, at: np.ndarray | None = None) -> np.ndarray:
    """The code of the n characters from each position `at` of the code points `chars`
    (from every position where n fit, if `at` is None)."""
    if at is None:
        m = len(chars) - n + 1
        if m <= 0:
            return np.zeros(0, dtype=np.int64)
        code = chars[:m]
        for j in range(1, n):
            code = (code << BITS) | chars[j : j + m]
        return code
    code = chars[at]
    for j in range(1, n):
        code = (code << BITS) | chars[at + j]
    return code


class GramTable:
    """A vocabulary of n-grams (up to three characters) and the index of each."""

    def __init__(self, grams: Iterable[tuple[str, int]]) -> None:
        found: dict[int, list[tuple[int, int]]] = {1: [], 2: [], 3: []}
        for gram, index in grams:
            code = 0
            for ch in gram:
                code = (code << BITS) | ord(ch)
            found[len(gram)].append((code, index))
        self._sizes: dict[int, tuple[np.ndarray, Any, np.ndarray]] = {}  # n -> sorted codes, hash table, indices
        for n, pairs in found.items():
            pairs.sort()
            codes = np.array([c for c, _ in pairs], dtype=np.int64)
            indices = np.array([i for _, i in pairs] + [-1], dtype=np.int64)  # indices[-1]: not found
            table = None
            if _HashTable is not None:
                table = _HashTable(len(codes))
                table.map_locations(codes)
            self._sizes[n] = (codes, table, indices)

    def find(self, n: int, codes: np.ndarray) -> np.ndarray:
        """The index of each n-gram code (-1: not in the vocabulary)."""
        sorted_codes, table, index = self._sizes[n]
        if table is not None:
            return index[table.lookup(codes)]
        if not len(sorted_codes):
            return np.full(len(codes), -1, dtype=np.int64)
        at = np.minimum(np.searchsorted(sorted_codes, codes), len(sorted_codes) - 1)
        return np.where(sorted_codes[at] == codes, index[at], -1)


def distinct_per_run(keys: list[np.ndarray], runs: int, width: int) -> tuple[np.ndarray, np.ndarray]:
    """Features found as keys `run * width + column` (a run: a segment, a count), each kept
    once: the columns of all runs end to end in order, and where each run starts (every run
    must hold one key at least)."""
    # (array methods, not numpy's functions: these run for every report, and each function call
    # goes through a dispatch wrapper first)
    every = np.concatenate(keys)
    every.sort()
    distinct = every[np.concatenate(([True], every[1:] != every[:-1]))]
    run, column = np.divmod(distinct, width)  # (one pass for both)
    return column.astype(np.intp), run.searchsorted(np.arange(runs)).astype(np.intp)
