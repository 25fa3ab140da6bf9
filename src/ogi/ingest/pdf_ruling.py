"""Ruling lines -> table grids: the cells that a page's horizontal and vertical lines enclose.

Edges within 3 pt of one another are snapped to one line and joined where they touch (3 pt),
edges shorter than 3 pt dropped; a cell is the smallest rectangle whose four sides are
edges meeting at intersections; cells that share a corner make one table. These are the
rules (and tolerances) of pdfplumber's default `find_tables`, which the reader used before,
so that every grid stays the same; the search for cells is indexed here instead of
comparing every pair of points.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterable
from dataclasses import dataclass, field
from itertools import repeat
from operator import itemgetter
from typing import NamedTuple

from ..data_files import load_toml
from .pdf_layout import Char
from .pdf_layout import text as chars_text

_RULING = load_toml("ingest.toml")["pdf_ruling"]
SNAP: float = _RULING["snap"]
JOIN: float = _RULING["join"]
MIN_LENGTH: float = _RULING["min_length"]
MIN_LENGTH_BEFORE_MERGE: float = _RULING["min_length_before_merge"]
INTERSECTION: float = _RULING["intersection"]
_x0, _top = itemgetter(1), itemgetter(2)  # of an Edge (fields read by position in the loops)
_x0_top, _top_x0 = itemgetter(1, 2), itemgetter(2, 1)
_cell_top_x0 = itemgetter(1, 0)  # of a cell (x0, top, x1, bottom)
_new = tuple.__new__
# the fields of a (v, h, position, char) of a CharIndex
_by_v, _by_h, _by_position, _by_char = itemgetter(0), itemgetter(1), itemgetter(2), itemgetter(3)
_first = itemgetter(0)


class Edge(NamedTuple):
    """A horizontal (`h`: top == bottom) or vertical (`v`: x0 == x1) ruling line."""

    orientation: str
    x0: float
    top: float
    x1: float
    bottom: float

    @property
    def length(self) -> float:
        return self.x1 - self.x0 if self.orientation == "h" else self.bottom - self.top


def segment_edge(xa: float, ya: float, xb: float, yb: float) -> Edge | None:
    """The edge of one straight segment (top-down coordinates), if it is horizontal or vertical."""
    # (Edge(...) without its Python-level __new__: a page has hundreds of segments)
    if ya == yb:
        return _new(Edge, ("h", min(xa, xb), ya, max(xa, xb), ya))
    if xa == xb:
        return _new(Edge, ("v", xa, min(ya, yb), xa, max(ya, yb)))
    return None


def _snap(edges: list[Edge], pos) -> list[tuple[float, Edge]]:
    """(snapped position, edge): positions within SNAP of a neighbour take their cluster's mean."""
    edges = sorted(edges, key=pos)
    ps = list(map(pos, edges))
    out: list[tuple[float, Edge]] = []
    i = 0
    while i < len(edges):
        j = i + 1
        while j < len(edges) and ps[j] <= ps[j - 1] + SNAP:
            j += 1
        mean = sum(ps[i:j]) / (j - i)
        out.extend(zip(repeat(mean), edges[i:j]))  # (mean, edge) for each edge of the cluster
        i = j
    return out


def _long_enough(edges: list[Edge], least: float) -> list[Edge]:
    # the length read from the fields: the `length` property costs a call per edge
    return [e for e in edges if (e[3] - e[1] if e[0] == "h" else e[4] - e[2]) >= least]


def merge_edges(edges: list[Edge]) -> list[Edge]:
    """Snap, join and filter raw edges."""
    edges = _long_enough(edges, MIN_LENGTH_BEFORE_MERGE)
    merged: list[Edge] = []
    for orientation in ("v", "h"):
        group = [e for e in edges if e[0] == orientation]
        if orientation == "v":
            snapped = [(p, e[2], e[4]) for p, e in _snap(group, _x0)]
        else:
            snapped = [(p, e[1], e[3]) for p, e in _snap(group, _top)]
        by_line: dict[float, list[tuple[float, float]]] = {}
        for p, lo, hi in snapped:
            by_line.setdefault(p, []).append((lo, hi))
        for p in sorted(by_line):
            spans = sorted(by_line[p])
            joined = [list(spans[0])]
            for lo, hi in spans[1:]:
                if lo <= joined[-1][1] + JOIN:
                    joined[-1][1] = max(joined[-1][1], hi)
                else:
                    joined.append([lo, hi])
            for lo, hi in joined:
                merged.append(_new(Edge, ("v", p, lo, p, hi) if orientation == "v" else ("h", lo, p, hi, p)))
    return _long_enough(merged, MIN_LENGTH)


def _intersections(edges: list[Edge]) -> dict[tuple[float, float], tuple[set[int], set[int]]]:
    """Each crossing point -> (vertical edges, horizontal edges) through it, each edge by its
    place among the vertical (horizontal) ones: merged edges never repeat, and a set of ints
    is cheaper to build and compare than one of edges."""
    vs = sorted((e for e in edges if e[0] == "v"), key=_x0_top)
    hs = sorted((e for e in edges if e[0] == "h"), key=_top_x0)
    tops = [h[2] for h in hs]
    points: dict[tuple[float, float], tuple[set[int], set[int]]] = {}
    get = points.get
    for i, (_, x, vtop, _, vbottom) in enumerate(vs):
        # only the horizontal edges at heights the vertical one reaches
        for j in range(bisect_left(tops, vtop - INTERSECTION), bisect_right(tops, vbottom + INTERSECTION)):
            _, hx0, y, hx1, _ = hs[j]
            if hx0 - INTERSECTION <= x <= hx1 + INTERSECTION:
                through = get((x, y))
                if through is None:
                    points[(x, y)] = ({i}, {j})
                else:
                    through[0].add(i)
                    through[1].add(j)
    return points


def _cells(points: dict[tuple[float, float], tuple[set[int], set[int]]]) -> list[tuple[float, float, float, float]]:
    """For each crossing, the smallest cell that has it as its top-left corner."""
    # each line's crossings in order, with the edges through them: (position along, vertical, horizontal)
    columns: dict[float, list[tuple[float, set[int], set[int]]]] = {}
    rows: dict[float, list[tuple[float, set[int], set[int]]]] = {}
    for (x, y), (pv, ph) in points.items():
        columns.setdefault(x, []).append((y, pv, ph))
        rows.setdefault(y, []).append((x, pv, ph))
    for line in columns.values():
        line.sort(key=_first)
    row_xs = {}
    for y, line in rows.items():
        line.sort(key=_first)
        row_xs[y] = [t[0] for t in line]

    cells = []
    get = points.get
    for x in sorted(columns):  # the crossings in the order of (x, y)
        column = columns[x]
        for k, (y, pv, ph) in enumerate(column):
            row = rows[y]
            right_of = bisect_right(row_xs[y], x)
            found = None
            for below, bv, bh in column[k + 1 :]:  # nearest first
                if pv.isdisjoint(bv):
                    continue  # no vertical edge joins them
                for right, rv, rh in row[right_of:]:
                    if ph.isdisjoint(rh):
                        continue
                    corner = get((right, below))
                    if corner is not None and not corner[0].isdisjoint(rv) and not corner[1].isdisjoint(bh):
                        found = (x, y, right, below)
                        break
                if found:
                    break
            if found:
                cells.append(found)
    return cells


def _tables(cells: list[tuple[float, float, float, float]]) -> list[list[tuple[float, float, float, float]]]:
    """Cells grouped into tables by shared corners (connected cells); top to bottom, tables
    of one cell dropped."""
    parent = list(range(len(cells)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    owner: dict[tuple[float, float], int] = {}
    first = owner.setdefault  # the cell a corner was first seen on
    for i, (x0, top, x1, bottom) in enumerate(cells):
        for j in (first((x0, top), i), first((x0, bottom), i), first((x1, top), i), first((x1, bottom), i)):
            if j != i and parent[i] != parent[j]:  # (a corner first seen joins nothing)
                parent[root(i)] = root(j)
    groups: dict[int, list] = {}
    for i, c in enumerate(cells):
        groups.setdefault(root(i), []).append(c)
    tables = sorted(groups.values(), key=lambda t: min(map(_cell_top_x0, t)))
    return [t for t in tables if len(t) > 1]


Box = tuple[float, float, float, float]  # (x0, top, x1, bottom)


def union(boxes: Iterable[Box]) -> Box:
    """The smallest box around `boxes` (at least one)."""
    x0s, tops, x1s, bottoms = zip(*boxes)
    return min(x0s), min(tops), max(x1s), max(bottoms)


class CharIndex:
    """A page's characters by the centre of their box, sorted by height (then their order on
    the page): each table, row and cell takes its characters as a slice found by bisection
    instead of testing every character of the page. Nothing reads the order of characters at
    one height: a row sorts its own by x, a cell by their order on the page."""

    def __init__(self, chars: list[Char]) -> None:
        # (v, h, position in chars, char); a NaN centre lies in no cell (and would unsort the list)
        centred = [
            (v, h, i, c) for i, c in enumerate(chars) if (v := (c[3] + c[4]) / 2) == v and (h := (c[1] + c[2]) / 2) == h
        ]
        centred.sort(key=_by_v)  # (floats compared, not tuples)
        self.centred = centred
        self.vs = [t[0] for t in centred]

    def within(self, x0: float, top: float, x1: float, bottom: float) -> list[tuple[float, float, int, Char]]:
        """(v, h, position, char) of the characters whose centre lies in the box, sides included."""
        vs = self.vs
        return [t for t in self.centred[bisect_left(vs, top) : bisect_right(vs, bottom)] if x0 <= t[1] <= x1]


@dataclass
class Table:
    """A ruled table: rows of cells (None where a merged cell covers the position)."""

    cells: list[tuple[float, float, float, float]]
    _rows: list | None = field(default=None, init=False, repr=False, compare=False)

    def rows(self) -> list[tuple[tuple[float, float, float, float], list[tuple[float, float, float, float] | None]]]:
        """(row bbox, cells by column) for each distinct cell top."""
        if self._rows is None:
            xs = sorted({c[0] for c in self.cells})
            by_top: dict[float, dict[float, tuple]] = {}
            for c in sorted(self.cells, key=_cell_top_x0):
                by_top.setdefault(c[1], {})[c[0]] = c
            self._rows = []
            for top in sorted(by_top):
                row = by_top[top]
                self._rows.append((union(row.values()), [row.get(x) for x in xs]))
        return self._rows

    def _cell_chars(self, chars: list[Char] | CharIndex):
        """For each row, for each column: the characters whose centre lies inside the cell, in
        their order in `chars`; each row and cell a slice of the sorted centres."""
        index = chars if isinstance(chars, CharIndex) else CharIndex(chars)
        centred = index.within(*self.bbox)
        vs = list(map(_by_v, centred))
        for (rx0, rtop, rx1, rbottom), cells in self.rows():
            in_row = [t for t in centred[bisect_left(vs, rtop) : bisect_left(vs, rbottom)] if rx0 <= t[1] < rx1]
            in_row.sort(key=_by_h)
            hs = list(map(_by_h, in_row))
            out: list[list[Char] | None] = []
            for cell in cells:
                if cell is None:
                    out.append(None)
                    continue
                ctop, cbottom = cell[1], cell[3]
                inside = in_row[bisect_left(hs, cell[0]) : bisect_left(hs, cell[2])]
                if cbottom < rbottom:  # a cell shorter than its row (the row's top is every cell's)
                    inside = [t for t in inside if ctop <= t[0] < cbottom]
                if len(inside) > 1:
                    inside.sort(key=_by_position)
                out.append(list(map(_by_char, inside)))
            yield out

    @property
    def bbox(self) -> tuple[float, float, float, float]:
        return union(self.cells)

    def extract(self, chars: list[Char] | CharIndex) -> list[list[str | None]]:
        """The text of each cell: the characters whose centre lies inside it."""
        return [[None if cs is None else chars_text(cs) for cs in row] for row in self._cell_chars(chars)]

    def confidences(self, chars: list[Char] | CharIndex) -> list[list[float | None]]:
        """The lowest OCR confidence of each cell's characters (None: text layer or empty)."""
        return [
            [min((c.ocr for c in cs or () if c.ocr is not None), default=None) for cs in row]
            for row in self._cell_chars(chars)
        ]


def find_tables(edges: list[Edge]) -> list[Table]:
    """The ruled tables that the edges draw, top to bottom."""
    merged = merge_edges(edges)
    if not merged:
        return []
    return [Table(t) for t in _tables(_cells(_intersections(merged)))]
