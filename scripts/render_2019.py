"""Render the four 2019-format reports of the corpus in the other input formats.

For each golden file of a 2019-format report (tests/golden/corpus/*/NAME.json with
`"format": "2019"`), this writes ``tests/fixtures/format2019/NAME.{txt,md,html,docx,pdf}``:
the report's narrative as ogi reads it from the corpus copy, and the three tables rebuilt in
the layout of the 2019 trial format (国办公开办函〔2019〕60号: table 1 of four 第二十条
items, table 2 with one （六）其他处理 row, table 3 as in 2021) with the golden values; a null
value is an empty cell. ``.txt`` has tab-separated rows, ``.md`` pipe tables, ``.html`` and
``.docx`` merged cells (the writers of ``render_samples.py``), ``.pdf`` the .docx converted
by LibreOffice. Deterministic output.

Usage (from the repository root, with the shared corpus at ../shared)::

    python scripts/render_2019.py [--no-pdf] [NAME ...]
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))

import render_samples as rs  # noqa: E402

from ogi.ingest import read_document  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
GOLDEN = ROOT / "tests" / "golden" / "corpus"
OUT = ROOT / "tests" / "fixtures" / "format2019"
CORPUS = ROOT.parent / "shared" / "corpus"

# The official labels of the 2019 table 1 (items, headers, rows with their cells).
T1_BLOCKS = [
    (
        "第二十条第（一）项",
        ["信息内容", "本年新制作数量", "本年新公开数量", "对外公开总数量"],
        [("规章", "regulations"), ("规范性文件", "normative_docs")],
    ),
    (
        "第二十条第（五）项",
        ["信息内容", "上一年项目数量", "本年增/减", "处理决定数量"],
        [("行政许可", "licensing"), ("其他对外管理服务事项", "other_services")],
    ),
    (
        "第二十条第（六）项",
        ["信息内容", "上一年项目数量", "本年增/减", "处理决定数量"],
        [("行政处罚", "penalty"), ("行政强制", "enforcement")],
    ),
    ("第二十条第（八）项", ["信息内容", "上一年项目数量", "本年增/减", ""], [("行政事业性收费", "admin_fees")]),
    ("第二十条第（九）项", ["信息内容", "采购项目数量", "采购总金额", ""], [("政府集中采购", "procurement")]),
]
HEADINGS = ["三、收到和处理政府信息公开申请情况", "四、政府信息公开行政复议、行政诉讼情况"]


def _t1_value(key: str, v) -> str:
    if v is None:
        return ""
    if key.endswith("amount_yuan"):
        return f"{rs.fmt_value(v)}元"
    return rs.fmt_value(v)


def build_t1(cells19: dict) -> rs.Grid:
    n_rows = sum(2 + len(rows) for _, _, rows in T1_BLOCKS)
    g = rs.Grid(n_rows, 4, [4.3, 3.8, 3.8, 3.9], 10.5)
    r = 0
    for item, header, rows in T1_BLOCKS:
        g.add(r, 0, item, colspan=4)
        for c, h in enumerate(header):
            g.add(r + 1, c, h)
        r += 2
        for label, key in rows:
            g.add(r, 0, label)
            keys = [k for k in cells19 if k.startswith(f"t1_2019.{key}.")]
            for c, k in enumerate(keys, start=1):
                g.add(r, c, _t1_value(k, cells19[k]), kind="value")
            r += 1
    return g


def build_t2(cells: dict, extra: dict) -> rs.Grid:
    lab = dict(rs.CANON_LABELS["t2"]).get
    groups = [grp for grp in rs.T2_GROUPS if grp[0] != "g.other"]
    g = rs.Grid(5 + 2 + sum(len(rows) for _, _, rows in groups) + 3, 10, [1.2, 1.6, 4.6] + [1.2] * 7, 9)
    g.add(0, 0, lab("note"), rowspan=3, colspan=3)
    g.add(0, 3, lab("applicants"), colspan=7)
    g.add(1, 3, lab("c.natural_person"), rowspan=2)
    g.add(1, 4, lab("c.org"), colspan=5)
    g.add(1, 9, lab("c.total"), rowspan=2)
    for c, k in enumerate(["commercial", "research", "public_interest", "legal_service", "other_org"], start=4):
        g.add(2, c, lab(f"c.{k}"))

    def values(r, row_key, src=cells):
        for c, col in enumerate(rs.T2_COLS, start=3):
            g.add(r, c, rs.fmt_value(src.get(f"t2.{row_key}.{col}")), kind="value")

    g.add(3, 0, lab("new"), colspan=3)
    values(3, "new")
    g.add(4, 0, lab("carried_in"), colspan=3)
    values(4, "carried_in")
    g.add(5, 0, lab("g.results"), rowspan=g.n_rows - 6)
    g.add(5, 1, lab("granted"), colspan=2)
    values(5, "granted")
    g.add(6, 1, lab("partial"), colspan=2)
    values(6, "partial")
    r = 7
    for gid, _glabel, rows in groups:
        g.add(r, 1, lab(gid), rowspan=len(rows))
        for key, _label in rows:
            g.add(r, 2, lab(key))
            values(r, key)
            r += 1
    g.add(r, 1, "（六）其他处理", colspan=2)
    values(r, "other.subtotal", extra)
    g.add(r + 1, 1, lab("total"), colspan=2)
    values(r + 1, "total")
    g.add(r + 2, 0, lab("carried_out"), colspan=3)
    values(r + 2, "carried_out")
    assert r + 3 == g.n_rows
    return g


def build_t3(cells: dict) -> rs.Grid:
    return rs.build_t3(dict(rs.CANON_LABELS["t3"]).get, cells)


def _rows(grid: rs.Grid) -> list[list[str]]:
    """The grid as rows of cell texts; a merged cell's text stands in its first position."""
    out = [[""] * grid.n_cols for _ in range(grid.n_rows)]
    for c in grid.cells:
        out[c.row][c.col] = c.text.replace("\n", "")
    return out


def items_of(text: str, cells: dict, extra: dict, cells19: dict) -> list:
    """Narrative paragraphs and the three tables, in the report's order."""
    t1_at = text.index("第二十条第（一）项")
    after = text.index("五、", text.index(HEADINGS[1], t1_at))
    items = [rs.Para(line.strip(), "body") for line in text[:t1_at].split("\n") if line.strip()]
    items.append(rs.TableItem("t1", build_t1(cells19), {}))
    items.append(rs.Para(HEADINGS[0], "heading"))
    items.append(rs.TableItem("t2", build_t2(cells, extra), {}))
    items.append(rs.Para(HEADINGS[1], "heading"))
    items.append(rs.TableItem("t3", build_t3(cells), {}))
    items += [rs.Para(line.strip(), "body") for line in text[after:].split("\n") if line.strip()]
    return items


def write_txt(items, path: Path) -> None:
    lines = []
    for it in items:
        if isinstance(it, rs.TableItem):
            lines += ["\t".join(row) for row in _rows(it.grid)]
        else:
            lines.append(it.text)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def write_md(items, path: Path) -> None:
    out = []
    for it in items:
        if isinstance(it, rs.TableItem):
            rows = _rows(it.grid)
            out.append("| " + " | ".join(rows[0]) + " |")
            out.append("|" + "---|" * len(rows[0]))
            out += ["| " + " | ".join(row) + " |" for row in rows[1:]]
            out.append("")
        elif it.role == "heading":
            out += [f"## {it.text}", ""]
        else:
            out += [it.text, ""]
    path.write_text("\n".join(out), encoding="utf-8")


def render(name: str, make_pdf: bool) -> list[Path]:
    gpath = next(GOLDEN.glob(f"*/{name}.json"))
    gold = json.loads(gpath.read_text(encoding="utf-8"))
    src = CORPUS / gold["source"].split("/", 1)[1]
    text = read_document(str(src)).text
    items = items_of(text, gold["cells"], gold["extra_cells"], gold["cells_2019"])
    OUT.mkdir(parents=True, exist_ok=True)
    title = f"{gold['agency']}{gold['year']}年政府信息公开工作年度报告"
    written = []
    write_txt(items, OUT / f"{name}.txt")
    write_md(items, OUT / f"{name}.md")
    rs.write_html(items, OUT / f"{name}.html", title, gold["agency"])
    rs.write_docx(items, OUT / f"{name}.docx", title, gold["agency"])
    written += [OUT / f"{name}.{s}" for s in ("txt", "md", "html", "docx")]
    if make_pdf:
        rs.write_pdf(OUT / f"{name}.docx", OUT / f"{name}.pdf")
        written.append(OUT / f"{name}.pdf")
    return written


def names() -> list[str]:
    return sorted(
        p.stem for p in GOLDEN.glob("*/*.json") if json.loads(p.read_text(encoding="utf-8")).get("format") == "2019"
    )


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("names", nargs="*")
    ap.add_argument("--no-pdf", action="store_true")
    args = ap.parse_args(argv)
    for name in args.names or names():
        for p in render(name, not args.no_pdf):
            print(p.relative_to(ROOT))
    return 0


if __name__ == "__main__":
    sys.exit(main())
