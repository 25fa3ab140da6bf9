"""Print one table set (cells) as a whole report in one of many layouts: the layout zoo.

Each layout is a function (cells, rng) -> (suffix, bytes, expected): `expected` is the
cells the printed document determines (a cell the layout cannot show, such as a blank
cell in run-together digits, or a row left out, is expected null). Labels are the format's
own wording; agencies, numbers and narrative are invented here.
"""

from __future__ import annotations

import html
import io
import random
from collections.abc import Callable

from .model import (
    LAYOUT,
    T2_GROUP_HEAD,
    T2_HEAD_1,
    T2_HEAD_2,
    T2_HEAD_TOP,
    T3_HEAD_1,
    T3_HEAD_2,
    T3_HEAD_3,
    Line,
    Sheet,
    sheet,
    value_of,
)

_PLACES = ["青禾", "北岭", "云溪", "石湾", "松台", "梅坞", "临沣", "柏川"]
_UNITS = ["县水务局", "区统计局", "县档案馆", "区民政局", "县林业局", "区商务局"]
_CIRCLED = "①②③④⑤⑥⑦⑧"


def fmt(v) -> str:
    if v is None:
        return ""
    if isinstance(v, float):
        return f"{v:.6f}".rstrip("0").rstrip(".")
    return str(v)


def _head(rng: random.Random, cells: dict, narrative: bool) -> tuple[str, str]:
    agency = rng.choice(_PLACES) + rng.choice(_UNITS)
    year = rng.choice([2021, 2022, 2023, 2024])
    title = f"{agency}{year}年政府信息公开工作年度报告"
    intro = (
        "本报告依据《中华人民共和国政府信息公开条例》和《中华人民共和国政府信息公开工作年度报告格式》"
        "（国办公开办函〔2021〕30号）要求编制。\n一、总体情况\n"
        f"{year}年，{agency}认真贯彻落实政府信息公开工作要求，持续推进政务公开。"
    )
    if narrative:
        iss, abo, inf = (cells.get(f"t1.normative_docs.{c}") for c in ("issued", "abolished", "in_force"))
        said = []
        if iss is not None:
            said.append(f"本年度制发行政规范性文件{iss}件")
        if abo is not None:
            said.append(f"废止{abo}件")
        if inf is not None:
            said.append(f"现行有效{inf}件")
        if said:
            intro += "在规范性文件管理方面，" + "，".join(said) + "。"
    return title, intro


_TAIL = (
    "五、存在的主要问题及改进情况\n工作中仍存在公开内容不够全面等问题，下一步将加强培训。\n"
    "六、其他需要报告的事项\n本机关无其他需要报告的事项。\n"
)


def _expected(cells: dict, sh: Sheet) -> dict:
    shown = {k for line in sh.all_lines() if line.kind == "data" for k in line.keys}
    return {k: (cells.get(k) if k in shown else None) for k in LAYOUT.cells}


# --- label damage (issue 22 class 5) -------------------------------------------------------


def _spaced(label: str, rng: random.Random) -> str:
    """A label cut by spaces, as PDF converters cut it."""
    chars = list(label)
    for i in sorted(rng.sample(range(1, len(chars)), min(2, max(len(chars) - 1, 0))), reverse=True):
        chars.insert(i, " ")
    return "".join(chars)


def _circled(label: str, rng: random.Random) -> str:
    for i in range(8, 0, -1):
        if label.startswith(f"{i}."):
            return rng.choice([_CIRCLED[i - 1], _CIRCLED[i - 1] + "."]) + label[2:]
    return label


# --- flattened text ------------------------------------------------------------------------


def _text_doc(
    cells: dict, sh: Sheet, rng: random.Random, row_fn: Callable[[Line, list[str]], list[str]], narrative: bool = False
) -> str:
    title, intro = _head(rng, cells, narrative)
    out = [title, intro, "二、主动公开政府信息情况"]
    for line in sh.t1:
        out += row_fn(line, [fmt(value_of(cells, line, k)) for k in line.keys])
    out.append("三、收到和处理政府信息公开申请情况")
    for line in sh.t2:
        out += row_fn(line, [fmt(value_of(cells, line, k)) for k in line.keys])
    for line in sh.t3:
        out += row_fn(line, [fmt(value_of(cells, line, k)) for k in line.keys])
    return "\n".join(out) + "\n" + _TAIL


def tab_rows(cells, rng, sh=None, damage=None, narrative=False):
    """Tab-separated rows, an empty field for a blank cell; a sub-row's label column empty."""
    sh = sh or sheet()

    def row(line: Line, vals: list[str]) -> list[str]:
        labels = [damage(x, rng) for x in line.labels] if damage else line.labels
        if line.kind == "header":
            return ["\t".join(labels + line.extra)]
        if len(labels) == 1 and line.group and line.kind == "data":
            labels = [""] + labels
        return ["\t".join(labels + vals)]

    return ".txt", _text_doc(cells, sh, rng, row, narrative).encode(), _expected(cells, sh)


def tab_positions(cells, rng):
    """Every row with all its columns: label columns padded, t3 values in one row of 15."""
    sh = sheet()

    def row(line: Line, vals: list[str]) -> list[str]:
        if line.kind == "header":
            return ["\t".join(line.labels + line.extra)]
        labels = list(line.labels)
        if line.keys and line.keys[0].startswith("t2."):
            labels = ([""] * (3 - len(labels)) + labels) if line.group else labels + ["", ""][: 3 - len(labels)]
        return ["\t".join(labels + vals)]

    return ".txt", _text_doc(cells, sh, rng, row).encode(), _expected(cells, sh)


def cell_lines(cells, rng):
    """One cell per line (crawled page text); a blank cell printed as a dash."""
    sh = sheet()

    def row(line: Line, vals: list[str]) -> list[str]:
        return line.labels + line.extra + [v or "—" for v in vals]

    return ".txt", _text_doc(cells, sh, rng, row).encode(), _expected(cells, sh)


def spaces(cells, rng):
    """Cells separated by spaces; a blank cell printed as 无."""
    sh = sheet()

    def row(line: Line, vals: list[str]) -> list[str]:
        return [" ".join(line.labels + line.extra + [v or "无" for v in vals])]

    return ".txt", _text_doc(cells, sh, rng, row).encode(), _expected(cells, sh)


def _cols(s: str) -> int:
    """Columns a string fills in fixed-width type: Chinese and full-width characters two."""
    return sum(2 if len(c.encode()) >= 3 else 1 for c in s)


def _chunks(s: str, width: int) -> list[str]:
    """`s` cut into pieces of at most `width` columns, as a narrow column wraps it."""
    out, cur = [], ""
    for c in s:
        if cur and _cols(cur + c) > width:
            out.append(cur)
            cur = ""
        cur += c
    return out + [cur] if cur else out or [""]


def laid_out(cells, rng):
    """Columns set with spaces, as `pdftotext -layout` prints a table: labels wrapped inside
    narrow label columns (their rest on the lines below, at the same column), header cells
    wrapped in their value columns, values on a row's first line, paragraphs wrapped at one
    right margin and pages cut by form feeds. Not in LAYOUTS: a row with every cell blank
    prints as a label line alone, which fixed-pitch text cannot tell from the wrapped end of
    the label above (tests/test_laid_out.py reads tables without such rows)."""
    sh = sheet()
    label_w = rng.choice([10, 14, 20, 44])
    value_w = rng.choice([6, 8, 10])
    gap = " " * rng.choice([3, 4, 6])

    def pad(s: str, width: int) -> str:
        return s + " " * (width - _cols(s))

    def row(line: Line, vals: list[str]) -> list[str]:
        labels = list(line.labels)
        if line.kind != "header" and line.keys and line.keys[0].startswith("t2."):
            labels = ([""] * (3 - len(labels)) + labels) if line.group else labels + ["", ""][: 3 - len(labels)]
        fields = [_chunks(x, label_w) for x in labels] + [_chunks(x, value_w) for x in line.extra] + [[v] for v in vals]
        widths = [label_w] * len(labels) + [value_w] * (len(fields) - len(labels))
        depth = max(len(f) for f in fields)
        out = []
        for k in range(depth):
            parts = [pad(f[k] if k < len(f) else "", w) for f, w in zip(fields, widths)]
            out.append(gap.join(parts).rstrip())
        return out

    def wrap(paragraph: str) -> list[str]:
        return _chunks(paragraph, 70) if _cols(paragraph) > 70 else [paragraph]

    text = _text_doc(cells, sh, rng, row)
    lines = []
    for i, x in enumerate(text.split("\n")):
        lines += wrap(x) if "  " not in x else [x]
        if i and i % 40 == 0:
            lines.append("\f")
    return ".txt", "\n".join(lines).replace("\n\f\n", "\n\f").encode(), _expected(cells, sh)


def _untold(cells: dict, sh: Sheet, exp: dict) -> dict:
    """Rows printed run together with a blank cell: the print cannot tell their cells."""
    from . import UNTOLD

    for line in sh.all_lines():
        if line.kind == "data" and any(cells.get(k) is None for k in line.keys):
            exp.update({k: UNTOLD for k in line.keys})
    return exp


def run_together(cells, rng, sh=None, narrative=False):
    """Every row's digits run together (a blank cell leaves nothing: its row cannot be told)."""
    sh = sh or sheet()

    def row(line: Line, vals: list[str]) -> list[str]:
        return ["".join(line.labels + line.extra + vals)]

    exp = _untold(cells, sh, _expected(cells, sh))
    return ".txt", _text_doc(cells, sh, rng, row, narrative).encode(), exp


def wrapped(cells, rng):
    """Labels broken by a converter: spaces inside, a group heading's last character on a
    line of its own after its first sub-row, a label's end on the next line, ① for 1."""
    sh = sheet()

    def row(line: Line, vals: list[str]) -> list[str]:
        labels = [_circled(_spaced(x, rng), rng) for x in line.labels]
        if line.kind == "header":
            return ["\t".join(labels + line.extra)]
        if len(line.labels) == 2 and line.group and rng.random() < 0.5:
            head = labels[0]
            return ["\t".join([head[:-1], labels[1]] + vals), head[-1]]
        if not labels:
            return ["\t".join(vals)]
        text = labels[-1]
        if line.group and len(text) > 8 and rng.random() < 0.5:
            cut = rng.randint(len(text) // 2, len(text) - 2)
            return ["\t".join(labels[:-1] + [text[:cut]] + vals), text[cut:]]
        return ["\t".join(labels + vals)]

    return ".txt", _text_doc(cells, sh, rng, row).encode(), _expected(cells, sh)


def absent_rows(cells, rng):
    """Tab rows with a row of table 1 and one or two of table 2 left out."""
    t1 = rng.choice([r.key for r in LAYOUT.t1])
    t2 = rng.sample([r.key for r in LAYOUT.t2 if "." in r.key], 2)
    drop = (f"t1.{t1}",) + tuple(f"t2.{k}" for k in t2[: rng.choice([1, 2])])
    return tab_rows(cells, rng, sh=sheet(drop=drop))


def subtotals(cells, rng):
    """Tab rows where group headings carry a subtotal row of their own."""
    groups = tuple(rng.sample(list(T2_GROUP_HEAD), rng.randint(1, 4)))
    return tab_rows(cells, rng, sh=sheet(subtotals=groups))


def run_together_subtotals(cells, rng):
    groups = tuple(rng.sample(list(T2_GROUP_HEAD), 2))
    return run_together(cells, rng, sh=sheet(subtotals=groups))


def wrapped_absent(cells, rng):
    t2 = rng.choice([r.key for r in LAYOUT.t2 if "." in r.key])
    return tab_rows(cells, rng, sh=sheet(drop=(f"t2.{t2}",)), damage=lambda x, r: _circled(_spaced(x, r), r))


def run_together_narrative(cells, rng):
    """Run-together rows with the narrative stating the 规范性文件 counts."""
    return run_together(cells, rng, narrative=True)


# --- Markdown -----------------------------------------------------------------------------


def _md_rows(cells: dict, lines: list[Line], width: int) -> list[list[str]]:
    rows = []
    for line in lines:
        vals = [fmt(value_of(cells, line, k)) for k in line.keys]
        labels = list(line.labels)
        if line.kind == "header":
            cells_ = labels + line.extra
        else:
            cells_ = labels + vals
            pad = width - len(cells_)
            if pad > 0:
                cells_ = labels + [""] * pad + vals
        rows.append((cells_ + [""] * width)[:width])
    return rows


def _pipe(row: list[str]) -> str:
    return "| " + " | ".join(row) + " |"


def _md_doc(cells, rng, tables: list[list[list[str]]]) -> str:
    title, intro = _head(rng, cells, False)
    parts = [f"# {title}", intro, "## 二、主动公开政府信息情况"]
    heads = ["", "## 三、收到和处理政府信息公开申请情况", ""]
    for h, t in zip(heads, tables):
        if h:
            parts.append(h)
        parts.append("\n".join([_pipe(t[0]), _pipe(["---"] * len(t[0]))] + [_pipe(r) for r in t[1:]]))
    return "\n\n".join(parts) + "\n\n" + _TAIL


def md_clean(cells, rng):
    """Pipe tables as a PDF-to-Markdown converter writes clean ones."""
    sh = sheet()
    tables = [_md_rows(cells, sh.t1, 4), _md_rows(cells, sh.t2, 10), _md_rows(cells, sh.t3, 15)]
    return ".md", _md_doc(cells, rng, tables).encode(), _expected(cells, sh)


def md_bold(cells, rng):
    """Pipe tables with bold type marked as Markdown emphasis (`**25**`, `*合计*`), as converters
    mark a PDF's bold header, total row or figure."""
    sh = sheet()

    def mark(t: list[list[str]]) -> list[list[str]]:
        bold = {i for i in range(len(t)) if i == 0 or rng.random() < 0.3}  # the header, and some rows
        style = rng.choice(["**", "*", "__"])
        return [[f"{style}{c}{style}" if c and i in bold else c for c in row] for i, row in enumerate(t)]

    tables = [mark(_md_rows(cells, sh.t1, 4)), mark(_md_rows(cells, sh.t2, 10)), mark(_md_rows(cells, sh.t3, 15))]
    return ".md", _md_doc(cells, rng, tables).encode(), _expected(cells, sh)


def md_fragmented(cells, rng):
    """Pipe tables broken by a converter: a label in one row and its values in the next,
    the header repeated after a page break."""
    sh = sheet()
    t2 = _md_rows(cells, sh.t2, 10)
    broken = []
    for i, r in enumerate(t2):
        if any(c.isdigit() for c in r[3:]) and rng.random() < 0.3:
            broken.append(r[:3] + [""] * 7)
            broken.append(["", "", ""] + r[3:])
        else:
            broken.append(r)
        if i == len(t2) // 2:
            broken += [(T2_HEAD_TOP + T2_HEAD_1 + [""] * 10)[:10]]
    tables = [_md_rows(cells, sh.t1, 4), broken, _md_rows(cells, sh.t3, 15)]
    return ".md", _md_doc(cells, rng, tables).encode(), _expected(cells, sh)


def md_split(cells, rng):
    """A pipe table split at a page break into its label columns and its value columns
    (a converter reading a PDF page by page), and rows whose empty cells were dropped."""
    sh = sheet()
    t2 = _md_rows(cells, sh.t2, 10)
    half = len(t2) // 2
    title, intro = _head(rng, cells, False)
    t1 = _md_rows(cells, sh.t1, 4)
    for r in t1:
        if not any(r[1:]):
            continue
        if "" in r[1:] and rng.random() < 0.5:
            r[1:] = [c for c in r[1:] if c]  # blanks dropped, values moved left: the row is short
    first = [_pipe(t2[0]), _pipe(["---"] * 10)] + [_pipe(r) for r in t2[1:half]]
    labels = [_pipe(r[:3]) for r in t2[half:]]
    values = [_pipe(r[3:]) for r in t2[half:]]
    parts = [
        f"# {title}",
        intro,
        "## 二、主动公开政府信息情况",
        "\n".join([_pipe(t1[0]), _pipe(["---"] * 4)] + [_pipe(r) for r in t1[1:]]),
        "## 三、收到和处理政府信息公开申请情况",
        "\n".join(first),
        f"- {rng.randint(2, 9)} -",
        "\n".join([labels[0], _pipe(["---"] * 3)] + labels[1:]),
        f"- {rng.randint(2, 9)} -",
        "\n".join([values[0], _pipe(["---"] * 7)] + values[1:]),
        "\n".join(
            [_pipe(_md_rows(cells, sh.t3, 15)[0]), _pipe(["---"] * 15)]
            + [_pipe(r) for r in _md_rows(cells, sh.t3, 15)[1:]]
        ),
    ]
    exp = _expected(cells, sh)
    return ".md", ("\n\n".join(parts) + "\n\n" + _TAIL).encode(), exp


# --- HTML and DOCX grids -------------------------------------------------------------------


def _grid_t2(cells: dict, sh: Sheet) -> list[list[tuple[str, int, int]]]:
    """Table 2 as (text, rowspan, colspan) rows, merged as the official template merges them."""
    rows: list[list[tuple[str, int, int]]] = [
        [(T2_HEAD_TOP[0], 3, 3), (T2_HEAD_TOP[1], 1, 7)],
        [(T2_HEAD_1[0], 2, 1), (T2_HEAD_1[1], 1, 5), (T2_HEAD_1[2], 2, 1)],
        [(x, 1, 1) for x in T2_HEAD_2],
    ]
    data = [line for line in sh.t2 if line.kind != "header"]
    result = [line for line in data if line.keys[0].split(".")[1] not in ("new", "carried_in", "carried_out")]
    seen: set[str] = set()
    for line in data:
        vals = [(fmt(value_of(cells, line, k)), 1, 1) for k in line.keys]
        row: list[tuple[str, int, int]] = []
        if line is result[0]:
            row.append(("三、本年度办理结果", len(result), 1))
        if line.keys[0].split(".")[1] in ("new", "carried_in", "carried_out"):
            row.append((line.labels[-1], 1, 3))
        elif line.group is None or line.kind == "subtotal":
            row.append((line.labels[-1], 1, 2))
        else:
            if line.group not in seen:
                seen.add(line.group)
                members = [x for x in data if x.group == line.group and x.kind == "data"]
                row.append((T2_GROUP_HEAD[line.group], len(members), 1))
            row.append((line.labels[-1], 1, 1))
        rows.append(row + vals)
    return rows


def _grid_t1(cells: dict, sh: Sheet) -> list[list[tuple[str, int, int]]]:
    rows = []
    for line in sh.t1:
        if line.kind == "header":
            if line.extra:
                rows.append([(line.labels[0], 1, 1)] + [(x, 1, 3 // len(line.extra)) for x in line.extra])
            else:
                rows.append([(line.labels[0], 1, 4)])
        else:
            vals = [fmt(cells.get(k)) for k in line.keys]
            rows.append([(line.labels[0], 1, 1)] + [(v, 1, 3 // len(vals)) for v in vals])
    return rows


def _grid_t3(cells: dict) -> list[list[tuple[str, int, int]]]:
    return [
        [(T3_HEAD_1[0], 1, 5), (T3_HEAD_1[1], 1, 10)],
        [(x, 2, 1) for x in T3_HEAD_2[:5]] + [(T3_HEAD_2[5], 1, 5), (T3_HEAD_2[6], 1, 5)],
        [(x, 1, 1) for x in T3_HEAD_3],
        [(fmt(cells.get(k)), 1, 1) for k in LAYOUT.t3_cells],
    ]


def _html_table(rows: list[list[tuple[str, int, int]]], sep: str = "\n", attrs: str = " border='1'") -> str:
    out = [f"<table{attrs}>"]
    for r in rows:
        tds = "".join(
            f"<td{f' rowspan={rs}' if rs > 1 else ''}{f' colspan={cs}' if cs > 1 else ''}>{html.escape(t)}</td>"
            for t, rs, cs in r
        )
        out.append(f"<tr>{tds}</tr>")
    return sep.join(out + ["</table>"])


def _headed_tables(cells: dict, sh: Sheet, table: Callable, heading: str) -> list[str]:
    """The three tables as merged grids, each after its section's heading."""
    grids = [_grid_t1(cells, sh), _grid_t2(cells, sh), _grid_t3(cells)]
    heads = ["二、主动公开政府信息情况", "三、收到和处理政府信息公开申请情况", "四、政府信息公开行政复议、行政诉讼情况"]
    return [x for h, g in zip(heads, grids) for x in (heading.format(h), table(g))]


def html_spans(cells, rng):
    """HTML tables with rowspan and colspan, as the official template is published."""
    sh = sheet(subtotals=tuple(g for g in T2_GROUP_HEAD if rng.random() < 0.2))
    title, intro = _head(rng, cells, False)
    table = _html_table

    body = [f"<h1>{title}</h1>"] + [f"<p>{html.escape(p)}</p>" for p in intro.split("\n")]
    body += _headed_tables(cells, sh, table, "<p>{}</p>")
    body += [f"<p>{html.escape(p)}</p>" for p in _TAIL.strip().split("\n")]
    page = f"<html><head><meta charset='utf-8'><title>{title}</title></head><body>{''.join(body)}</body></html>"
    return ".html", page.encode(), _expected(cells, sh)


def md_html(cells, rng):
    """Markdown whose tables are HTML with rowspan and colspan, each on one line, as
    PDF-to-Markdown converters write tables with merged cells; some wrapped in <html><body>."""
    sh = sheet(subtotals=tuple(g for g in T2_GROUP_HEAD if rng.random() < 0.2))
    title, intro = _head(rng, cells, False)

    def table(rows):
        t = _html_table(rows, sep="", attrs="")
        return f"<html><body>{t}</body></html>" if rng.random() < 0.5 else t

    parts = [f"# {title}", intro, *_headed_tables(cells, sh, table, "# {}")]
    return ".md", ("\n\n".join(parts) + "\n\n" + _TAIL).encode(), _expected(cells, sh)


def _rules_only_horizontal(t) -> None:
    """Table borders of a "three-line" style table: rules between rows, none between columns."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        el = OxmlElement(f"w:{edge}")
        on = edge in ("top", "bottom", "insideH")
        el.set(qn("w:val"), "single" if on else "nil")
        if on:
            el.set(qn("w:sz"), "4")
            el.set(qn("w:color"), "000000")
        borders.append(el)
    t._tbl.tblPr.append(borders)


def _tab_table(d, rows: list[list[tuple[str, int, int]]], n_values: int, label_cm: float, value_cm: float) -> None:
    """A table printed as paragraphs whose cells are aligned by tab stops (no table object):
    a row's labels joined in the first column, each value at its own stop; a label longer than
    its column broken onto lines of its own above the row's values (soft line breaks)."""
    from docx.shared import Cm

    room = max(int(label_cm / 0.4) - 1, 1)  # characters of a 10.5 pt CJK font the label column holds
    for r in rows:
        texts = [t for t, _, cs in r for t in [t] + [""] * (cs - 1)]
        k = len(texts) - n_values
        p = d.add_paragraph()
        if any(t and not t.replace(".", "", 1).isdigit() for t in texts[k:]):  # a header row, as it comes
            stops = [label_cm + value_cm * i if label_cm else value_cm * (i + 1) for i in range(len(texts) - 1)]
            for s in stops:
                p.paragraph_format.tab_stops.add_tab_stop(Cm(s))
            p.add_run("\t".join(texts).rstrip("\t"))
            continue
        label, values = "".join(texts[:k]), texts[k:]
        first = label_cm if label else 0.0
        for i in range(len(values)):
            p.paragraph_format.tab_stops.add_tab_stop(Cm(first + value_cm * i))
        while len(label) > room:
            p.add_run(label[:room]).add_break()
            label = label[room:]
        p.add_run("\t".join(([label] if first else []) + values))


def docx_merged(
    cells,
    rng,
    ruled: bool = False,
    long_intro: bool = False,
    narrow: bool = False,
    horizontal: bool = False,
    tabs: bool = False,
):
    """A DOCX whose tables merge cells as the official template does (`ruled`: with ruling
    lines; `horizontal`: rules between rows only; `tabs`: no table at all, cells aligned by
    tab stops; `long_intro`: narrative long enough to push table 2 across a page break;
    `narrow`: label columns so narrow that labels wrap inside their cells)."""
    import docx

    sh = sheet(subtotals=tuple(g for g in T2_GROUP_HEAD if rng.random() < 0.2))
    title, intro = _head(rng, cells, False)
    d = docx.Document()
    d.add_paragraph(title)
    for p in intro.split("\n"):
        d.add_paragraph(p)
    if long_intro:
        for _ in range(14):
            d.add_paragraph("本机关坚持以公开为常态、不公开为例外，持续完善主动公开目录，做好政策解读和回应关切工作。")

    def table(rows, ncols):
        if tabs:
            _tab_table(d, rows, *{4: (3, 5.0, 3.0), 10: (7, 5.0, 1.25), 15: (15, 0.0, 1.0)}[ncols])
            return
        t = d.add_table(rows=len(rows), cols=ncols)
        if ruled:
            t.style = "Table Grid"
        elif horizontal:
            _rules_only_horizontal(t)
        grid = t._cells  # once: python-docx recomputes it on every t.cell()
        taken: set[tuple[int, int]] = set()
        merges = []
        for i, r in enumerate(rows):
            j = 0
            for text, rs, cs in r:
                while (i, j) in taken:
                    j += 1
                grid[i * ncols + j].text = text
                if rs > 1 or cs > 1:
                    merges.append((grid[i * ncols + j], grid[(i + rs - 1) * ncols + j + cs - 1]))
                for di in range(rs):
                    for dj in range(cs):
                        taken.add((i + di, j + dj))
                j += cs
        for a, b in merges:
            a.merge(b)
        if narrow and ncols == 10:
            from docx.shared import Cm

            t.autofit = False
            for col, width in zip(t.columns, [Cm(1.0), Cm(1.4), Cm(2.2)] + [Cm(1.3)] * 7):
                for c in col.cells:
                    c.width = width

    d.add_paragraph("二、主动公开政府信息情况")
    table(_grid_t1(cells, sh), 4)
    d.add_paragraph("三、收到和处理政府信息公开申请情况")
    table(_grid_t2(cells, sh), 10)
    d.add_paragraph("四、政府信息公开行政复议、行政诉讼情况")
    table(_grid_t3(cells), 15)
    for p in _TAIL.strip().split("\n"):
        d.add_paragraph(p)
    buf = io.BytesIO()
    d.save(buf)
    return ".docx", buf.getvalue(), _expected(cells, sh)


def pdf_from_docx(data: bytes, workdir) -> bytes:
    """The DOCX printed to PDF by LibreOffice (slow: the zoo script's --pdf, not the tests)."""
    import subprocess
    from pathlib import Path

    src = Path(workdir) / "zoo.docx"
    src.write_bytes(data)
    subprocess.run(
        ["soffice", "--headless", "--convert-to", "pdf", "--outdir", str(workdir), str(src)],
        check=True,
        capture_output=True,
        timeout=120,
    )
    return (Path(workdir) / "zoo.pdf").read_bytes()


# PDF layouts: (docx options), rendered through LibreOffice.
PDF_LAYOUTS = {
    "PDF, no ruling lines": dict(ruled=False),
    "PDF, ruled": dict(ruled=True),
    "PDF, ruled, table across a page break": dict(ruled=True, long_intro=True),
    "PDF, ruled, narrow label columns": dict(ruled=True, narrow=True),
    "PDF, no ruling lines, narrow label columns": dict(narrow=True),
    "PDF, no ruling lines, table across a page break": dict(long_intro=True),
    "PDF, rules between rows only": dict(horizontal=True),
    "PDF, rules between rows only, narrow": dict(horizontal=True, narrow=True),
    "PDF, columns aligned by tab stops": dict(tabs=True),
}

LAYOUTS: dict[str, Callable] = {
    "cell per line": cell_lines,
    "tab rows, empty fields": tab_rows,
    "tab rows, all columns": tab_positions,
    "space-separated": spaces,
    "run together": run_together,
    "labels wrapped/fragmented": wrapped,
    "rows absent": absent_rows,
    "subtotal rows": subtotals,
    "Markdown pipes": md_clean,
    "Markdown pipes, bold type": md_bold,
    "Markdown pipes, fragmented": md_fragmented,
    "Markdown, split at a page break": md_split,
    "Markdown, HTML tables": md_html,
    "HTML rowspan/colspan": html_spans,
    "DOCX merged cells": docx_merged,
    "run together + subtotals": run_together_subtotals,
    "run together + narrative": run_together_narrative,
    "wrapped + rows absent": wrapped_absent,
}
