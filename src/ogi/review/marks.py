"""What the review page highlights in the text: cell and fact spans, cut into pieces that do
not overlap, grouped in bands by section.

Spans may overlap (a fact around a cell, two facts on one sentence); nesting tags would then
break the markup, so the text is cut at every span and section boundary and each piece lists
the marks that cover it.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from typing import Any

_UNSAFE_ID = re.compile(r"[^A-Za-z0-9_.\-]")


def anchor_id(kind: str, ref: Any) -> str:
    """The page id of a mark: `cell-t2.new.total`, `fact-0`; safe in attributes and selectors."""
    return f"{kind}-" + _UNSAFE_ID.sub("_", str(ref))


@dataclass
class Mark:
    id: str
    kind: str  # cell | fact
    start: int
    end: int
    info: dict  # shown on hover and click


@dataclass
class Piece:
    start: int
    end: int
    marks: list[str] = field(default_factory=list)
    anchors: list[str] = field(default_factory=list)  # marks that start here


@dataclass
class Band:
    label: str | None
    confidence: float | None
    heading: str | None
    pieces: list[Piece]


def _valid(span, n: int) -> tuple[int, int] | None:
    try:
        a, b = int(span[0]), int(span[1])
    except (TypeError, ValueError, IndexError):
        return None
    a, b = max(0, a), min(n, b)
    return (a, b) if a < b else None


def collect_marks(report, cell_labels: dict[str, tuple[str, str]]) -> list[Mark]:
    """Every cell with a span, every fact with offsets, and evidence spans of flags that name
    cells outside the 200 (a subtotal row standing for its sub-rows)."""
    n = len(report.text)
    marks: list[Mark] = []
    seen: set[str] = set()
    split = set(getattr(report, "split_cells", []) or [])

    def add_cell(key: str, value, span) -> None:
        sp = _valid(span, n)
        mid = anchor_id("cell", key)
        if sp is None or mid in seen:
            return
        seen.add(mid)
        row, col = cell_labels.get(key, ("", ""))
        info = {
            "kind": "cell",
            "key": key,
            "value": value,
            "row": row,
            "column": col,
            "confidence": None,
            "split": key in split,
            "span": list(sp),
        }
        marks.append(Mark(mid, "cell", sp[0], sp[1], info))

    values = {**(getattr(report, "cells_2019", None) or {}), **report.cells}  # 2019 format: its own table 1
    for key, span in (report.cell_spans or {}).items():
        add_cell(key, values.get(key), span)
    for flag in report.flags:
        for ev in flag.evidence:
            if "cell" in ev and ev.get("span"):
                add_cell(ev["cell"], ev.get("value"), ev["span"])
    for i, fact in enumerate(report.facts or []):
        sp = _valid((fact.get("start"), fact.get("end")), n)
        if sp is None:
            continue
        info = {
            "kind": "fact",
            "index": i,
            "type": fact.get("type"),
            "value": fact.get("value"),
            "unit": fact.get("unit"),
            "approx": fact.get("approx"),
            "negated": fact.get("negated"),
            "category": fact.get("category"),
            "section": fact.get("section"),
            "confidence": fact.get("confidence"),
            "span": list(sp),
        }
        marks.append(Mark(anchor_id("fact", i), "fact", sp[0], sp[1], info))
    return marks


def _section_cuts(sections: list[dict], n: int) -> list[tuple[int, int, dict]]:
    out = []
    for s in sections or []:
        sp = _valid((s.get("start"), s.get("end")), n)
        if sp:
            out.append((sp[0], sp[1], s))
    return sorted(out, key=lambda t: (t[0], t[1]))


def build_bands(text: str, marks: list[Mark], sections: list[dict]) -> list[Band]:
    """The text as bands (one per section segment, and unlabelled gaps) of pieces."""
    n = len(text)
    secs = _section_cuts(sections, n)
    cuts = {0, n}
    for a, b, _ in secs:
        cuts.update((a, b))
    for m in marks:
        cuts.update((m.start, m.end))
    bounds = sorted(cuts)
    pieces = [Piece(a, b) for a, b in zip(bounds, bounds[1:])]
    for m in sorted(marks, key=lambda m: (m.start, -m.end)):
        i = bisect.bisect_left(bounds, m.start)
        pieces[i].anchors.append(m.id)
        while i < len(pieces) and pieces[i].end <= m.end:
            pieces[i].marks.append(m.id)
            i += 1
    # The section each piece lies in (the first one that covers it; segments should not overlap).
    bands: list[Band] = []
    current = object()
    for p in pieces:
        sec = next((s for a, b, s in secs if a <= p.start and p.end <= b), None)
        # Blank lines between segments stay with the segment before: no empty bands.
        blank_gap = sec is None and not p.marks and not text[p.start : p.end].strip()
        if bands and (sec is current or blank_gap):
            bands[-1].pieces.append(p)
            continue
        current = sec
        bands.append(
            Band(
                sec.get("label") if sec else None,
                sec.get("confidence") if sec else None,
                sec.get("heading") if sec else None,
                [p],
            )
        )
    return bands
