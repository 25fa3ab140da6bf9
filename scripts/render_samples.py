"""Render the plain-text sample reports as realistic .docx, .html and .pdf fixtures.

For each sample ``tests/fixtures/samples/<stem>.txt`` this writes, next to it,

* ``<stem>.docx`` -- built with python-docx: every non-table line of the text as a
  paragraph (title lines first, headings bold), and the three standard tables rebuilt
  as real Word tables in the official 2021 layout (国办公开办函〔2021〕30号) with merged
  cells, placed where they stand in the text; a footer with a PAGE field ``- 1 -``;
* ``<stem>.html`` -- a small standalone page: site navigation before and a footer after
  the report body (``<div class="article">``), tables with rowspan/colspan and a few
  ``&nbsp;`` filler cells;
* ``<stem>.pdf`` -- the .docx converted by LibreOffice headless
  (``soffice --headless --convert-to pdf``).  **Needs LibreOffice** (Debian package
  ``libreoffice-writer-nogui``) and the CJK font ``fonts-wqy-microhei`` (the docx asks
  for "WenQuanYi Micro Hei", so the PDF has a real text layer with correct Chinese).

Table cell values come from the golden JSON ``tests/golden/samples/<stem>.json``
(``{"cells": {key: value or null}}``; null -> empty cell).  Row and column labels use the
sample's own wording where it can be found in the text (fuzzy-matched against the
official labels), else the official wording.  Converter marks ``[bookmark: …]`` are
dropped from the text (in the .docx they become real, invisible Word bookmarks).

The output is deterministic: fixed zip timestamps and core properties in the .docx, and
fixed dates / document ID in the .pdf.

Usage (from the repository root)::

    python scripts/render_samples.py [--golden-dir DIR] [--no-pdf] [STEM ...]
"""

from __future__ import annotations

import argparse
import datetime as _dt
import difflib
import html
import io
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from docx import Document
from docx.enum.table import WD_ALIGN_VERTICAL
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

ROOT = Path(__file__).resolve().parent.parent
SAMPLES_DIR = ROOT / "tests" / "fixtures" / "samples"
GOLDEN_DIR = ROOT / "tests" / "golden" / "samples"
STEMS = ["000_a603a2208d919e1a", "001_e43356999c5a4606", "003_b1e886070ef0a9dc"]

FONT = "WenQuanYi Micro Hei"  # from Debian fonts-wqy-microhei
FIXED_TIME = _dt.datetime(2024, 1, 1, 0, 0, 0)

# Site names for the HTML page chrome (cosmetic only).
SITE_NAMES = {
    "000_a603a2208d919e1a": "威海市环翠区人民政府",
    "001_e43356999c5a4606": "河东区人民政府",
    "003_b1e886070ef0a9dc": "威海市环翠区人民政府",
}

# Labels that the text converter truncated (the rest of the cell was lost); the
# rendered documents show the whole cell.
TRUNCATED_LABEL_FIXES = {"三、本 年 度 办": "三、本 年 度 办 理 结 果"}

TABLE_HEADINGS = [
    ("t1", "二、主动公开政府信息情况"),
    ("t2", "三、收到和处理政府信息公开申请情况"),
    ("t3", "四、政府信息公开行政复议、行政诉讼情况"),
]

BOOKMARK_RE = re.compile(r"\[bookmark: ?([^\]]*)\]")
NUMBER_RE = re.compile(r"^[0-9０-９]+(?:[.．][0-9０-９]+)?$")
HEADING_RE = re.compile(r"^\s*(?:[一二三四五六七八九十]+、|[0-9]+、)")
SUBHEADING_RE = re.compile(r"^\s*[（(][一二三四五六七八九十]+[）)]")

# --------------------------------------------------------------------------------------
# Official 2021 layout
# --------------------------------------------------------------------------------------

T2_COLS = ["natural_person", "commercial", "research", "public_interest", "legal_service", "other_org", "total"]

T2_GROUPS = [
    (
        "g.denied",
        "（三）不予公开",
        [
            ("denied.state_secret", "1.属于国家秘密"),
            ("denied.prohibited_by_law", "2.其他法律行政法规禁止公开"),
            ("denied.three_security_one_stability", "3.危及“三安全一稳定”"),
            ("denied.third_party_rights", "4.保护第三方合法权益"),
            ("denied.internal_affairs", "5.属于三类内部事务信息"),
            ("denied.process_info", "6.属于四类过程性信息"),
            ("denied.enforcement_file", "7.属于行政执法案卷"),
            ("denied.query_matter", "8.属于行政查询事项"),
        ],
    ),
    (
        "g.unavailable",
        "（四）无法提供",
        [
            ("unavailable.not_held", "1.本机关不掌握相关政府信息"),
            ("unavailable.needs_creation", "2.没有现成信息需要另行制作"),
            ("unavailable.unclear_after_correction", "3.补正后申请内容仍不明确"),
        ],
    ),
    (
        "g.not_processed",
        "（五）不予处理",
        [
            ("not_processed.petition", "1.信访举报投诉类申请"),
            ("not_processed.duplicate", "2.重复申请"),
            ("not_processed.publication", "3.要求提供公开出版物"),
            ("not_processed.vexatious", "4.无正当理由大量反复申请"),
            ("not_processed.confirmation", "5.要求行政机关确认或重新出具已获取信息"),
        ],
    ),
    (
        "g.other",
        "（六）其他处理",
        [
            ("other.no_correction", "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请"),
            ("other.unpaid_fee", "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请"),
            ("other.other", "3.其他"),
        ],
    ),
]

# Official labels of every table, in the reading order of the official layout; used
# to find the sample's own wording of each label.
CANON_LABELS = {
    "t1": [
        ("h1", "第二十条第（一）项"),
        ("c1.content", "信息内容"),
        ("c1.issued", "本年制发件数"),
        ("c1.abolished", "本年废止件数"),
        ("c1.in_force", "现行有效件数"),
        ("regulations", "规章"),
        ("normative_docs", "行政规范性文件"),
        ("h5", "第二十条第（五）项"),
        ("c5.content", "信息内容"),
        ("c5.count", "本年处理决定数量"),
        ("licensing", "行政许可"),
        ("h6", "第二十条第（六）项"),
        ("c6.content", "信息内容"),
        ("c6.count", "本年处理决定数量"),
        ("penalty", "行政处罚"),
        ("enforcement", "行政强制"),
        ("h8", "第二十条第（八）项"),
        ("c8.content", "信息内容"),
        ("c8.amount", "本年收费金额（单位：万元）"),
        ("admin_fees", "行政事业性收费"),
    ],
    "t2": [
        ("note", "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"),
        ("applicants", "申请人情况"),
        ("c.natural_person", "自然人"),
        ("c.org", "法人或其他组织"),
        ("c.total", "总计"),
        ("c.commercial", "商业企业"),
        ("c.research", "科研机构"),
        ("c.public_interest", "社会公益组织"),
        ("c.legal_service", "法律服务机构"),
        ("c.other_org", "其他"),
        ("new", "一、本年新收政府信息公开申请数量"),
        ("carried_in", "二、上年结转政府信息公开申请数量"),
        ("g.results", "三、本年度办理结果"),
        ("granted", "（一）予以公开"),
        ("partial", "（二）部分公开（区分处理的，只计这一情形，不计其他情形）"),
    ]
    + [item for gid, glabel, rows in T2_GROUPS for item in [(gid, glabel)] + rows]
    + [
        ("total", "（七）总计"),
        ("carried_out", "四、结转下年度继续办理"),
    ],
    "t3": [
        ("review", "行政复议"),
        ("litigation", "行政诉讼"),
        ("r.upheld", "结果维持"),
        ("r.corrected", "结果纠正"),
        ("r.other", "其他结果"),
        ("r.pending", "尚未审结"),
        ("r.total", "总计"),
        ("direct", "未经复议直接起诉"),
        ("after_review", "复议后起诉"),
        ("d.upheld", "结果维持"),
        ("d.corrected", "结果纠正"),
        ("d.other", "其他结果"),
        ("d.pending", "尚未审结"),
        ("d.total", "总计"),
        ("a.upheld", "结果维持"),
        ("a.corrected", "结果纠正"),
        ("a.other", "其他结果"),
        ("a.pending", "尚未审结"),
        ("a.total", "总计"),
    ],
}
T3_OUTCOMES = ["upheld", "corrected", "other", "pending", "total"]


@dataclass
class Cell:
    row: int
    col: int
    text: str
    rowspan: int = 1
    colspan: int = 1
    kind: str = "label"  # label | value
    html_filler: bool = False  # HTML: text cell of colspan 1 plus an &nbsp; filler cell


@dataclass
class Grid:
    n_rows: int
    n_cols: int
    widths_cm: list[float]
    font_pt: float
    cells: list[Cell] = field(default_factory=list)

    def add(self, row, col, text, rowspan=1, colspan=1, kind="label", **kw):
        self.cells.append(Cell(row, col, text, rowspan, colspan, kind, **kw))


def fmt_value(v) -> str:
    if v is None:
        return ""
    if isinstance(v, bool):
        return str(int(v))
    if isinstance(v, int):
        return str(v)
    if isinstance(v, float):
        return str(int(v)) if v.is_integer() else repr(v)
    return str(v)


def build_t1(lab, vals) -> Grid:
    g = Grid(14, 4, [4.3, 3.8, 3.8, 3.9], 10.5)
    v = lambda k: fmt_value(vals.get(f"t1.{k}"))  # noqa: E731
    g.add(0, 0, lab("h1"), colspan=4)
    for c, k in enumerate(["c1.content", "c1.issued", "c1.abolished", "c1.in_force"]):
        g.add(1, c, lab(k))
    for r, item in ((2, "regulations"), (3, "normative_docs")):
        g.add(r, 0, lab(item))
        for c, k in enumerate(["issued", "abolished", "in_force"], start=1):
            g.add(r, c, v(f"{item}.{k}"), kind="value")
    blocks = [
        (4, "h5", "c5", [("licensing", "licensing.decisions")]),
        (7, "h6", "c6", [("penalty", "penalty.decisions"), ("enforcement", "enforcement.decisions")]),
        (11, "h8", "c8", [("admin_fees", "admin_fees.amount_10k_yuan")]),
    ]
    for r, h, c, items in blocks:
        g.add(r, 0, lab(h), colspan=4, html_filler=True)
        g.add(r + 1, 0, lab(f"{c}.content"))
        g.add(r + 1, 1, lab(f"{c}.amount" if h == "h8" else f"{c}.count"), colspan=3)
        for i, (item, key) in enumerate(items):
            g.add(r + 2 + i, 0, lab(item))
            g.add(r + 2 + i, 1, v(key), colspan=3, kind="value")
    return g


def build_t2(lab, vals) -> Grid:
    g = Grid(28, 10, [1.2, 1.6, 4.6] + [1.2] * 7, 9)
    g.add(0, 0, lab("note"), rowspan=3, colspan=3)
    g.add(0, 3, lab("applicants"), colspan=7)
    g.add(1, 3, lab("c.natural_person"), rowspan=2)
    g.add(1, 4, lab("c.org"), colspan=5)
    g.add(1, 9, lab("c.total"), rowspan=2)
    for c, k in enumerate(["commercial", "research", "public_interest", "legal_service", "other_org"], start=4):
        g.add(2, c, lab(f"c.{k}"))

    def values(r, row_key):
        for c, col in enumerate(T2_COLS, start=3):
            g.add(r, c, fmt_value(vals.get(f"t2.{row_key}.{col}")), kind="value")

    g.add(3, 0, lab("new"), colspan=3)
    values(3, "new")
    g.add(4, 0, lab("carried_in"), colspan=3)
    values(4, "carried_in")
    g.add(5, 0, lab("g.results"), rowspan=22)
    g.add(5, 1, lab("granted"), colspan=2)
    values(5, "granted")
    g.add(6, 1, lab("partial"), colspan=2)
    values(6, "partial")
    r = 7
    for gid, _glabel, rows in T2_GROUPS:
        g.add(r, 1, lab(gid), rowspan=len(rows))
        for key, _label in rows:
            g.add(r, 2, lab(key))
            values(r, key)
            r += 1
    g.add(r, 1, lab("total"), colspan=2)
    values(r, "total")
    g.add(r + 1, 0, lab("carried_out"), colspan=3)
    values(r + 1, "carried_out")
    assert r + 2 == g.n_rows
    return g


def build_t3(lab, vals) -> Grid:
    g = Grid(4, 15, [15.8 / 15] * 15, 9)
    g.add(0, 0, lab("review"), colspan=5)
    g.add(0, 5, lab("litigation"), colspan=10)
    for c, o in enumerate(T3_OUTCOMES):
        g.add(1, c, lab(f"r.{o}"), rowspan=2)
    g.add(1, 5, lab("direct"), colspan=5)
    g.add(1, 10, lab("after_review"), colspan=5)
    for base, p in ((5, "d"), (10, "a")):
        for c, o in enumerate(T3_OUTCOMES):
            g.add(2, base + c, lab(f"{p}.{o}"))
    for gi, grp in enumerate(["review", "litigation_direct", "litigation_after_review"]):
        for c, o in enumerate(T3_OUTCOMES):
            g.add(3, gi * 5 + c, fmt_value(vals.get(f"t3.{grp}.{o}")), kind="value")
    return g


BUILDERS = {"t1": build_t1, "t2": build_t2, "t3": build_t3}

# --------------------------------------------------------------------------------------
# Reading the sample text
# --------------------------------------------------------------------------------------


def _norm(s: str) -> str:
    s = BOOKMARK_RE.sub("", s)
    s = s.replace("(", "（").replace(")", "）")
    return re.sub(r"\s+", "", s)


def table_tokens(lines: list[str]) -> list[str]:
    """Cell texts of a converted table, in reading order (one line per cell with tab
    indentation, or tab-separated rows); a line without a tab right after a cell line
    continues that cell (kept as a line break)."""
    tokens: list[str] = []
    prev_cell_line = False
    for line in lines:
        line = BOOKMARK_RE.sub("", line)
        if not line.strip():
            prev_cell_line = False
            continue
        if "\t" in line:
            for part in line.split("\t"):
                if part.strip():
                    tokens.append(part.strip())
            prev_cell_line = True
        elif prev_cell_line and tokens:
            tokens[-1] += "\n" + line.strip()
        else:  # pragma: no cover - segmentation keeps narrative out of tables
            raise ValueError(f"unexpected line in table: {line!r}")
    return tokens


def match_labels(table: str, tokens: list[str]) -> dict[str, str]:
    """Map each official label id to the sample's own wording (or the official text)."""
    labels = [t for t in tokens if not NUMBER_RE.match(_norm(t))]
    used: set[int] = set()
    pos = 0
    out: dict[str, str] = {}
    for lid, canon in CANON_LABELS[table]:
        best = None
        for k in range(max(0, pos - 4), min(len(labels), pos + 12)):
            if k in used:
                continue
            s = difflib.SequenceMatcher(None, _norm(canon), _norm(labels[k])).ratio()
            if best is None or s > best[0] + 1e-9:
                best = (s, k)
        if best is not None and best[0] >= 0.6:
            used.add(best[1])
            pos = best[1] + 1
            text = labels[best[1]]
            out[lid] = TRUNCATED_LABEL_FIXES.get(text, text)
        else:
            out[lid] = canon
    return out


@dataclass
class Para:
    text: str  # as in the sample, bookmark marks included
    role: str  # title | heading | subheading | body

    @property
    def clean(self) -> str:
        return BOOKMARK_RE.sub("", self.text)


@dataclass
class TableItem:
    table: str
    grid: Grid
    labels: dict[str, str]


def parse_sample(text: str, cells: dict) -> list:
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    items: list = []

    def narrative(chunk):
        for line in chunk:
            if line.strip():
                items.append(Para(line, "body"))

    start = 0
    for table, heading in TABLE_HEADINGS:
        hits = [i for i in range(start, len(lines)) if _norm(lines[i]) == _norm(heading)]
        if len(hits) != 1:
            raise ValueError(f"heading {heading!r} found {len(hits)} times")
        h = hits[0]
        narrative(lines[start : h + 1])
        j = h + 1
        while j < len(lines) and "\t" not in lines[j]:  # narrative before the table
            j += 1
        narrative(lines[h + 1 : j])
        t0 = j
        prev_nonblank_cell = False
        while j < len(lines):
            line = lines[j]
            if "\t" in line:
                prev_nonblank_cell = True
            elif not line.strip():
                prev_nonblank_cell = False
            elif not prev_nonblank_cell:
                break  # narrative resumes
            j += 1
        tokens = table_tokens(lines[t0:j])
        labels = match_labels(table, tokens)
        items.append(TableItem(table, BUILDERS[table](labels.__getitem__, cells), labels))
        start = j
    narrative(lines[start:])

    # roles: leading short lines are the title; then headings
    in_title = True
    for it in items:
        if not isinstance(it, Para):
            in_title = False
            continue
        s = it.clean.strip()
        if in_title and len(s) <= 40 and not s.endswith("。"):
            it.role = "title"
            continue
        in_title = False
        if HEADING_RE.match(s) and len(s) <= 40 and "。" not in s:
            it.role = "heading"
        elif SUBHEADING_RE.match(s) and len(s) <= 40 and not s.endswith("。"):
            it.role = "subheading"
    return items


# --------------------------------------------------------------------------------------
# DOCX
# --------------------------------------------------------------------------------------


def _set_fonts(rpr_parent_run, size_pt=None, bold=False):
    run = rpr_parent_run
    run.font.name = FONT
    rpr = run._r.get_or_add_rPr()
    rfonts = rpr.get_or_add_rFonts()
    for a in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        rfonts.set(qn(a), FONT)
    if size_pt:
        run.font.size = Pt(size_pt)
    if bold:
        run.font.bold = True


_bookmark_id = [0]


def _add_bookmark(paragraph, name):
    _bookmark_id[0] += 1
    start = OxmlElement("w:bookmarkStart")
    start.set(qn("w:id"), str(_bookmark_id[0]))
    start.set(qn("w:name"), name)
    end = OxmlElement("w:bookmarkEnd")
    end.set(qn("w:id"), str(_bookmark_id[0]))
    paragraph._p.append(start)
    paragraph._p.append(end)


def _add_text(paragraph, text, size_pt=None, bold=False):
    """Append text; [bookmark: X] marks become real (empty) Word bookmarks."""
    pos = 0
    for m in BOOKMARK_RE.finditer(text):
        if m.start() > pos:
            _set_fonts(paragraph.add_run(text[pos : m.start()]), size_pt, bold)
        _add_bookmark(paragraph, m.group(1).strip())
        pos = m.end()
    if pos < len(text) or not text:
        _set_fonts(paragraph.add_run(text[pos:]), size_pt, bold)


def _setup_document(title: str, author: str) -> Document:
    doc = Document()
    # explicit fonts everywhere (drop theme fonts of the default template)
    styles_el = doc.styles.element
    for rfonts in styles_el.iter(qn("w:rFonts")):
        for a in list(rfonts.attrib):
            if a.endswith("Theme"):
                del rfonts.attrib[a]
        for a in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
            rfonts.set(qn(a), FONT)
    normal = doc.styles["Normal"]
    normal.font.name = FONT
    normal.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), FONT)
    normal.font.size = Pt(12)

    sec = doc.sections[0]
    sec.page_width, sec.page_height = Cm(21.0), Cm(29.7)
    sec.top_margin, sec.bottom_margin = Cm(2.54), Cm(2.54)
    sec.left_margin, sec.right_margin = Cm(2.6), Cm(2.6)
    sec.footer_distance = Cm(1.5)

    # footer "- N -"
    fp = sec.footer.paragraphs[0]
    fp.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _set_fonts(fp.add_run("- "), 10.5)
    for kind, text in (("begin", None), ("instr", " PAGE "), ("separate", None), ("text", "1"), ("end", None)):
        run = fp.add_run()
        _set_fonts(run, 10.5)
        if kind == "instr":
            el = OxmlElement("w:instrText")
            el.set(qn("xml:space"), "preserve")
            el.text = text
            run._r.append(el)
        elif kind == "text":
            run.text = text
        else:
            el = OxmlElement("w:fldChar")
            el.set(qn("w:fldCharType"), kind)
            run._r.append(el)
    _set_fonts(fp.add_run(" -"), 10.5)

    cp = doc.core_properties
    cp.title = title
    cp.author = author
    cp.last_modified_by = author
    cp.created = FIXED_TIME
    cp.modified = FIXED_TIME
    cp.last_printed = FIXED_TIME
    cp.revision = 1
    return doc


def _cell_margins(table, cm):
    tblpr = table._tbl.tblPr
    mar = OxmlElement("w:tblCellMar")
    for side in ("top", "left", "bottom", "right"):
        el = OxmlElement(f"w:{side}")
        el.set(qn("w:w"), str(int(Cm(cm if side in ("left", "right") else 0).twips)))
        el.set(qn("w:type"), "dxa")
        mar.append(el)
    tblpr.append(mar)


def _docx_table(doc, grid: Grid):
    table = doc.add_table(rows=grid.n_rows, cols=grid.n_cols)
    table.style = doc.styles["Table Grid"]
    table.autofit = False
    layout = OxmlElement("w:tblLayout")
    layout.set(qn("w:type"), "fixed")
    table._tbl.tblPr.append(layout)
    _cell_margins(table, 0.08)
    for c, w in enumerate(grid.widths_cm):
        table.columns[c].width = Cm(w)
        for r in range(grid.n_rows):
            table.cell(r, c).width = Cm(w)
    for row in table.rows:  # Word: "allow row to break across pages" off
        row._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))
    for cell in grid.cells:
        tc = table.cell(cell.row, cell.col)
        if cell.rowspan > 1 or cell.colspan > 1:
            tc = tc.merge(table.cell(cell.row + cell.rowspan - 1, cell.col + cell.colspan - 1))
        tc.vertical_alignment = WD_ALIGN_VERTICAL.CENTER
        for i, line in enumerate(cell.text.split("\n")):
            p = tc.paragraphs[0] if i == 0 else tc.add_paragraph()
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER
            p.paragraph_format.space_before = Pt(0)
            p.paragraph_format.space_after = Pt(0)
            p.paragraph_format.line_spacing = 1.0
            _add_text(p, line, grid.font_pt)
    return table


def write_docx(items, path: Path, title: str, author: str) -> bytes:
    _bookmark_id[0] = 0
    doc = _setup_document(title, author)
    body = doc.element.body
    # drop the empty first paragraph python-docx documents may carry
    for p in list(body.iterchildren(qn("w:p"))):
        body.remove(p)
    for it in items:
        if isinstance(it, TableItem):
            _docx_table(doc, it.grid)
            continue
        p = doc.add_paragraph()
        pf = p.paragraph_format
        pf.space_before, pf.space_after = Pt(0), Pt(0)
        pf.line_spacing = 1.25
        if it.role == "title":
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER
            _add_text(p, it.text, 18, bold=True)
        elif it.role == "heading":
            pf.first_line_indent = Pt(24)
            pf.space_before = Pt(6)
            _add_text(p, it.text, 12, bold=True)
        elif it.role == "subheading":
            pf.first_line_indent = Pt(24)
            _add_text(p, it.text, 12, bold=True)
        else:
            pf.first_line_indent = Pt(24)
            _add_text(p, it.text, 12)
    # sectPr must stay last in the body
    sectpr = body.find(qn("w:sectPr"))
    if sectpr is not None:
        body.remove(sectpr)
        body.append(sectpr)
    buf = io.BytesIO()
    doc.save(buf)
    data = _normalize_zip(buf.getvalue())
    path.write_bytes(data)
    return data


def _normalize_zip(data: bytes) -> bytes:
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            zi = zipfile.ZipInfo(info.filename, date_time=(1980, 1, 1, 0, 0, 0))
            zi.compress_type = zipfile.ZIP_DEFLATED
            zi.external_attr = 0o644 << 16
            dst.writestr(zi, src.read(info.filename))
    return out.getvalue()


# --------------------------------------------------------------------------------------
# HTML
# --------------------------------------------------------------------------------------

HTML_CSS = """body{font-family:"Microsoft YaHei",SimSun,sans-serif;margin:0;background:#f4f4f4}
.header{background:#1a5fb4;color:#fff;padding:10px 40px}
.header .site{font-size:24px;font-weight:bold}
.nav a{color:#fff;margin-right:18px;text-decoration:none}
.breadcrumb{width:1000px;margin:10px auto;color:#666;font-size:13px}
.main{width:1000px;margin:0 auto;background:#fff;padding:30px 50px}
.info{text-align:center;color:#888;font-size:13px;border-bottom:1px dashed #ccc;padding-bottom:8px}
.article p{line-height:2;font-size:16px;margin:0}
.article p.title{text-align:center;font-size:22px;font-weight:bold}
.article table{border-collapse:collapse;margin:10px auto}
.article td{border:1px solid #000;text-align:center;font-size:13px;padding:2px 4px}
.tools{text-align:right;color:#555;font-size:13px;margin-top:20px}
.footer{text-align:center;color:#666;font-size:12px;padding:20px;line-height:1.8}"""


def _html_cell(text: str) -> str:
    return "<br/>".join(html.escape(t, quote=False) for t in text.split("\n"))


def _html_table(grid: Grid) -> str:
    rows: dict[int, list[Cell]] = {r: [] for r in range(grid.n_rows)}
    for cell in grid.cells:
        rows[cell.row].append(cell)
    out = ['<table border="1" cellspacing="0" cellpadding="0" width="100%">', "<tbody>"]
    for r in range(grid.n_rows):
        tds = []
        for cell in sorted(rows[r], key=lambda c: c.col):
            attrs = ""
            if cell.rowspan > 1:
                attrs += f' rowspan="{cell.rowspan}"'
            if cell.html_filler:
                tds.append(f"<td>{_html_cell(cell.text)}</td>")
                tds.append(f'<td colspan="{cell.colspan - 1}">&nbsp;</td>')
                continue
            if cell.colspan > 1:
                attrs += f' colspan="{cell.colspan}"'
            tds.append(f"<td{attrs}>{_html_cell(cell.text)}</td>")
        out.append("<tr>" + "".join(tds) + "</tr>")
    out += ["</tbody>", "</table>"]
    return "\n".join(out)


def write_html(items, path: Path, title: str, site: str) -> None:
    esc = lambda s: html.escape(s, quote=False)  # noqa: E731
    parts = [
        "<!DOCTYPE html>",
        '<html lang="zh-CN">',
        "<head>",
        '<meta charset="utf-8">',
        f"<title>{esc(title)}_{esc(site)}</title>",
        f"<style>\n{HTML_CSS}\n</style>",
        "</head>",
        "<body>",
        '<div class="header">',
        f'<div class="site">{esc(site)}</div>',
        '<div class="nav"><a href="/">首页</a><a href="/zwgk/">政务公开</a>'
        '<a href="/zwfw/">政务服务</a><a href="/hdjl/">互动交流</a>'
        '<a href="/zjxx/">走进本区</a></div>',
        "</div>",
        '<div class="breadcrumb">当前位置：<a href="/">首页</a> &gt; <a href="/zwgk/">政务公开</a>'
        ' &gt; <a href="/zwgk/ndbg/">政府信息公开年报</a></div>',
        '<div class="main">',
        '<div class="info">来源：本站&nbsp;&nbsp;&nbsp;&nbsp;【字体：大 中 小】</div>',
        '<div class="article" id="zoom">',
    ]
    for it in items:
        if isinstance(it, TableItem):
            parts.append(_html_table(it.grid))
        elif it.role == "title":
            parts.append(f'<p class="title">{esc(it.clean)}</p>')
        elif it.role in ("heading", "subheading"):
            parts.append(f'<p style="text-indent:2em"><strong>{esc(it.clean)}</strong></p>')
        else:
            parts.append(f'<p style="text-indent:2em">{esc(it.clean)}</p>')
    parts += [
        "</div>",
        '<div class="tools">【<a href="javascript:window.print()">打印本页</a>】'
        '【<a href="javascript:window.close()">关闭窗口</a>】</div>',
        "</div>",
        '<div class="footer">',
        f"<p>主办：{esc(site)}办公室&nbsp;&nbsp;承办：{esc(site)}大数据中心</p>",
        "<p>网站标识码：0000000000&nbsp;&nbsp;备案号：鲁ICP备00000000号&nbsp;&nbsp;鲁公网安备 00000000000000号</p>",
        "<p>建议使用1280×768以上分辨率浏览本网站</p>",
        "</div>",
        "</body>",
        "</html>",
        "",
    ]
    path.write_text("\n".join(parts), encoding="utf-8")


# --------------------------------------------------------------------------------------
# PDF
# --------------------------------------------------------------------------------------

_PDF_DATE_RE = re.compile(rb"/(CreationDate|ModDate)\s*\(D:([^)]*)\)")
_PDF_HEX_ID_RE = re.compile(rb"(/ID\s*\[\s*<)([0-9A-Fa-f]+)(>\s*<)([0-9A-Fa-f]+)(>)")
_PDF_CHECKSUM_RE = re.compile(rb"(/DocChecksum\s*/)([0-9A-Fa-f]+)")


def _same_length(fixed: bytes, orig: bytes) -> bytes:
    """fixed, cut or padded (with the tail of orig) to the length of orig."""
    return fixed[: len(orig)] + orig[len(fixed) :]


def _normalize_pdf(data: bytes) -> bytes:
    """Replace the creation/modification dates, the document ID and LibreOffice's
    /DocChecksum by fixed values of the same length (so the xref offsets stay valid)."""
    data = _PDF_DATE_RE.sub(
        lambda m: b"/" + m.group(1) + b"(D:" + _same_length(b"20240101000000+00'00'", m.group(2)) + b")", data
    )
    data = _PDF_HEX_ID_RE.sub(
        lambda m: m.group(1) + b"0" * len(m.group(2)) + m.group(3) + b"0" * len(m.group(4)) + m.group(5), data
    )
    data = _PDF_CHECKSUM_RE.sub(lambda m: m.group(1) + b"0" * len(m.group(2)), data)
    return data


def write_pdf(docx_path: Path, pdf_path: Path) -> None:
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if not soffice:
        raise SystemExit("LibreOffice (soffice) not found: apt-get install libreoffice-writer-nogui fonts-wqy-microhei")
    with tempfile.TemporaryDirectory(prefix="render_samples_") as tmp:
        tmp = Path(tmp)
        profile = tmp / "profile"
        src = tmp / docx_path.name
        shutil.copyfile(docx_path, src)
        env = dict(os.environ, TZ="UTC", LC_ALL="C.UTF-8", SOURCE_DATE_EPOCH="1704067200")
        cmd = [
            soffice,
            f"-env:UserInstallation={profile.as_uri()}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp),
            str(src),
        ]
        proc = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=300)
        out = tmp / (docx_path.stem + ".pdf")
        if proc.returncode != 0 or not out.exists():
            raise SystemExit(f"soffice failed ({proc.returncode}): {proc.stdout}\n{proc.stderr}")
        pdf_path.write_bytes(_normalize_pdf(out.read_bytes()))


# --------------------------------------------------------------------------------------


def render(stem: str, golden_dir: Path, make_pdf: bool = True, verbose: bool = True) -> list[Path]:
    txt = SAMPLES_DIR / f"{stem}.txt"
    gold_path = golden_dir / f"{stem}.json"
    if not gold_path.exists():
        raise SystemExit(f"golden file missing: {gold_path}")
    gold = json.loads(gold_path.read_text(encoding="utf-8"))
    cells = gold.get("cells", {})
    items = parse_sample(txt.read_text(encoding="utf-8"), cells)
    titles = [it.clean.strip() for it in items if isinstance(it, Para) and it.role == "title"]
    title = "".join(titles) or stem
    agency = gold.get("agency") or ""
    site = SITE_NAMES.get(stem, "政府门户网站")
    if verbose:
        for it in items:
            if isinstance(it, TableItem):
                canon = dict(CANON_LABELS[it.table])
                diff = {k: v for k, v in it.labels.items() if _norm(v) != _norm(canon[k])}
                print(f"  {stem} {it.table}: sample wording differs for {json.dumps(diff, ensure_ascii=False)}")
    written = []
    docx_path = SAMPLES_DIR / f"{stem}.docx"
    write_docx(items, docx_path, title, agency)
    written.append(docx_path)
    html_path = SAMPLES_DIR / f"{stem}.html"
    write_html(items, html_path, title, site)
    written.append(html_path)
    if make_pdf:
        pdf_path = SAMPLES_DIR / f"{stem}.pdf"
        write_pdf(docx_path, pdf_path)
        written.append(pdf_path)
    return written


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("stems", nargs="*", default=STEMS)
    ap.add_argument("--golden-dir", type=Path, default=GOLDEN_DIR)
    ap.add_argument("--no-pdf", action="store_true", help="skip the LibreOffice conversion")
    args = ap.parse_args(argv)
    for stem in args.stems:
        for p in render(stem, args.golden_dir, make_pdf=not args.no_pdf):
            print(f"wrote {p.relative_to(ROOT)} ({p.stat().st_size} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
