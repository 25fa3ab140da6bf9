"""One report, end to end: ingest, tables, checks (and later sections and facts).

`extract(path) -> Report` is the one-function API; `Report.to_json()` is the line that
`ogi extract` prints (see spec/output.md).
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass, field

from .checks import check_tables
from .data_files import load_toml
from .document import Document, IngestError
from .flags import Flag
from .ingest import read_document
from .meta import detect_format, not_a_report, read_meta
from .older_formats import apply_2019, older_format_flag, pre2019_format
from .tables.format2019 import read_tables_2019
from .tables.layout import load_layout
from .tables.read import read_tables


@dataclass
class Report:
    doc_id: str
    source: str
    agency: str | None = None
    year: int | None = None
    format: str = "unknown"
    title: str | None = None
    kind: str | None = None
    cells: dict = field(default_factory=dict)
    cell_spans: dict = field(default_factory=dict)
    split_cells: list[str] = field(default_factory=list)
    extra_cells: dict = field(default_factory=dict)
    cells_2019: dict | None = None  # table 1 of the 2019 format (format "2019" only)
    tables_found: dict = field(default_factory=dict)
    ocr_pages: list[int] = field(default_factory=list)
    ocr_cells: dict = field(default_factory=dict)
    table_regions: dict = field(default_factory=dict)
    sections: list[dict] = field(default_factory=list)
    facts: list[dict] = field(default_factory=list)
    flags: list[Flag] = field(default_factory=list)
    errors: list[IngestError] = field(default_factory=list)
    text: str = field(default="", repr=False)
    source_bytes: str | None = None  # the path's bytes, percent-encoded, when they are not UTF-8

    def to_json(self) -> dict:
        return {
            "doc_id": self.doc_id,
            "source": self.source,
            "source_bytes": self.source_bytes,
            "agency": self.agency,
            "year": self.year,
            "format": self.format,
            "title": self.title,
            "input_kind": self.kind,
            "sections": self.sections,
            "cells": self.cells,
            "cell_spans": {k: list(v) for k, v in self.cell_spans.items()},
            "split_cells": self.split_cells,
            "extra_cells": self.extra_cells,
            "cells_2019": self.cells_2019,
            "tables_found": self.tables_found,
            **({"ocr_pages": self.ocr_pages, "ocr_cells": self.ocr_cells} if self.ocr_pages else {}),
            "facts": self.facts,
            "flags": [f.to_json() for f in self.flags],
            "errors": [e.to_json() for e in self.errors],
        }


def ocr_confidence(spans: dict, ocr_spans: list[tuple[int, int, float]]) -> dict:
    """Each cell whose printed value was read by OCR -> the recogniser's confidence (0-1)."""
    if not ocr_spans:
        return {}
    out = {}
    for key, (a, b) in spans.items():
        ks = [k for s, e, k in ocr_spans if s < b and a < e]
        if ks:
            out[key] = round(min(ks), 3)
    return out


def doc_id_of(path: str) -> str:
    h = hashlib.sha1()
    try:
        with open(path, "rb") as fh:
            for chunk in iter(lambda: fh.read(1 << 20), b""):
                h.update(chunk)
    except OSError:
        h.update(os.fsencode(path))
    return h.hexdigest()[:12]


def build_report(doc: Document, doc_id: str, source: str, sections: bool = True, facts: bool = True) -> Report:
    """Everything ogi reads from an ingested document."""
    layout = load_layout()
    rep = Report(doc_id=doc_id, source=source, kind=doc.kind, cells={k: None for k in layout.cells})
    rep.errors = list(doc.errors)
    rep.flags = list(doc.warnings)
    rep.text = doc.text
    rep.ocr_pages = list(doc.ocr_pages)
    if not doc.ok:
        return rep
    meta = read_meta(doc.text)
    rep.agency, rep.year, rep.title = meta.agency, meta.year, meta.title
    rep.format = pre2019_format(detect_format(doc.text), meta.year)
    read19 = read_tables_2019(doc, layout) if rep.format == "2019" else None
    tables = read19.tables if read19 else read_tables(doc, layout)
    any_value = any(v is not None for v in tables.cells.values()) or bool(read19 and read19.found)
    why = not_a_report(doc.text, meta, any_value, tables.regions)
    if why is not None:
        rep.format = "unknown" if not any_value else rep.format
        rep.errors.append(
            IngestError(
                "not_a_report",
                _MESSAGES["not_a_report"]["zh"].format(why=why[0]),
                _MESSAGES["not_a_report"]["en"].format(why=why[1]),
            )
        )
        return rep
    if sections:
        rep.sections = _sections(doc.text, tables.regions)
        rep.flags.extend(_section_flags(rep.sections))
    if facts:
        from .checks.narrative import check_narrative_sums
        from .facts import find_facts

        rep.facts = find_facts(doc.text, rep.sections, tables.regions)
        rep.flags.extend(check_narrative_sums(rep.facts, doc.text))
    if doc.unread_pages:
        rep.flags.append(
            Flag.make(
                "pdf.pages_unread",
                "warning",
                _MESSAGES["pages_unread"]["zh"].format(pages="、".join(map(str, doc.unread_pages))),
                _MESSAGES["pages_unread"]["en"].format(pages=", ".join(map(str, doc.unread_pages))),
                [{"pages": doc.unread_pages}],
            )
        )
    if rep.format == "2019" and read19 is not None:  # read19 is set whenever the format is 2019
        apply_2019(rep, read19, layout)
    elif rep.format != "2021":
        rep.flags.insert(0, older_format_flag(rep.format))  # first: it explains the empty cells
        rep.table_regions = {k: list(v) for k, v in tables.regions.items()}
        return rep
    else:
        rep.cells = tables.cells
        rep.cell_spans = tables.spans
        rep.split_cells = tables.split_cells
        rep.extra_cells = tables.extra
        rep.tables_found = tables.found
        rep.table_regions = {k: list(v) for k, v in tables.regions.items()}
        explained = {e["cell"] for f in tables.flags for e in f.evidence if "cell" in e}
        rep.flags = (
            tables.flags
            + check_tables(
                tables.cells, tables.spans, tables.found, tables.extra, tables.extra_spans, explained, layout
            )
            + rep.flags
        )
    rep.ocr_cells = ocr_confidence(rep.cell_spans, doc.ocr_spans)
    if facts:
        from .checks.text_table import check_text_against_tables

        # Table 1 of 2019 counts no 规范性文件 in force: only tables 2 and 3 are compared then.
        found = tables.found if rep.format == "2021" else {**tables.found, "t1": False}
        rep.flags.extend(check_text_against_tables(rep.facts, tables.cells, tables.spans, doc.text, rep.year, found))
    return rep


# Sections the format requires, and the labels that show each is there.
_MESSAGES = load_toml("report_messages.toml")
_REQUIRED = [(r["zh"], r["en"], tuple(r["labels"])) for r in _MESSAGES["required_sections"]]


def _sections(text: str, regions: dict) -> list[dict]:
    from .sections import segment_text
    from .sections.model import load_model

    segs = segment_text(text, regions)
    model = load_model()
    out = []
    for seg, (label, conf) in zip(segs, model.predict_segments(segs)):
        out.append(
            {"label": label, "start": seg.start, "end": seg.end, "heading": seg.heading, "confidence": round(conf, 4)}
        )
    return out


def _section_flags(sections: list[dict]) -> list[Flag]:
    flags = []
    for zh, en, prefixes in _REQUIRED:
        if not any(s["label"].startswith(prefixes) and s["confidence"] >= 0.5 for s in sections):
            flags.append(
                Flag.make(
                    "section.missing",
                    "warning",
                    _MESSAGES["section_missing"]["zh"].format(section=zh),
                    _MESSAGES["section_missing"]["en"].format(section=en),
                    [{"section": zh}],
                )
            )
    return flags


def extract(path: str | os.PathLike, source: str | None = None, sections: bool = True, facts: bool = True) -> Report:
    """Read one report file and return everything ogi finds in it (`sections=False` and
    `facts=False` skip the two trained models: tables and checks only). `source` (default:
    the path, written as valid UTF-8) names it in the output."""
    from .ingest import source_name

    path = str(path)
    doc = read_document(path)
    name, raw = source_name(path)
    rep = build_report(doc, doc.doc_id or doc_id_of(path), source or name, sections, facts)
    rep.source_bytes = raw
    return rep
