"""Sections: every stretch of a report labelled with the part of the format it belongs to.

Entry point: `label_sections(text, table_regions)` -> list of section dicts as in the output
contract. Segments come from `segment.py`; labels from the trained classifier in
`ogi/models/sections/` (see `model.py`); table regions keep their table label.
"""

from __future__ import annotations

from pathlib import Path

from ..data_files import load_json
from .segment import TABLE_LABELS, Segment, heading_of, segment_text

LABELS: list[str] = [x["label"] for x in load_json("sections.json")["labels"]]


def doc_names(path: str | Path) -> tuple[str, str]:
    """(doc, report) names for training data: `text/pingtan_2021_page.txt` ->
    ('text/pingtan_2021', 'pingtan_2021'); the same report in two files shares `report`."""
    p = Path(path)
    stem = p.stem[:-5] if p.stem.endswith("_page") else p.stem
    return f"{p.parent.name}/{stem}", stem


__all__ = ["LABELS", "TABLE_LABELS", "Segment", "doc_names", "heading_of", "segment_text"]
