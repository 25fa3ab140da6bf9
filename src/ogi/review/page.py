"""The review page: one self-contained HTML file (inline CSS and JS, nothing fetched).

Everything taken from the report (its text, names, messages, fact sentences) is untrusted and
goes through `html.escape`; the data for the click panel is JSON inside a
`<script type="application/json">` with `<`, `>` and `&` written as \\u escapes, so no string
in it can close the script element.
"""

from __future__ import annotations

import json
from html import escape
from importlib import resources
from string import Template

from ..data_files import load_json
from ..tables.format2019 import load_layout_2019
from ..tables.layout import load_layout
from .marks import Band, Mark, anchor_id, build_bands, collect_marks
from .tables import render_tables
from .tables2019 import render_tables_2019


def _template() -> Template:
    return Template((resources.files("ogi") / "review" / "page.html").read_text(encoding="utf-8"))


def script_json(obj) -> str:
    """JSON safe to place inside a <script> element."""
    s = json.dumps(obj, ensure_ascii=True, default=str)
    return s.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def _fmt(v) -> str:
    if v is None:
        return "null"
    return f"{v:g}" if isinstance(v, float) else str(v)


def _mark_title(m: Mark) -> str:
    i = m.info
    if m.kind == "cell":
        where = " / ".join(x for x in (i.get("row"), i.get("column")) if x)
        return f"cell {i['key']} = {_fmt(i['value'])}" + (f" · {where}" if where else "")
    unit = i.get("unit") or ""
    conf = i.get("confidence")
    return (
        f"fact {i.get('type')} = {_fmt(i.get('value'))}{unit}"
        + (f" · {i['category']}" if i.get("category") else "")
        + (f" · confidence {conf}" if conf is not None else "")
    )


def _evidence(ev: dict, marks: dict[str, Mark], cell_keys: set[str]) -> tuple[str, list[str]]:
    """One evidence item as a link (to its span, else its table cell or table) or plain text,
    and the mark ids it names."""
    if "cell" in ev:
        key = ev["cell"]
        label = f"{key} = {_fmt(ev.get('value'))}"
        mid = anchor_id("cell", key)
        if mid in marks:
            return _link(mid, label, True), [mid]
        if key in cell_keys:
            return _link(anchor_id("tab", key), label, False), []
        return f'<span class="ev-item">{escape(label)}</span>', []
    if "fact" in ev:
        mid = anchor_id("fact", ev["fact"])
        m = marks.get(mid)
        ftype = m.info.get("type") if m else None
        label = f"fact {ev['fact']}" + (f" {ftype}" if ftype else "") + f" = {_fmt(ev.get('value'))}"
        if m:
            return _link(mid, label, True), [mid]
        return f'<span class="ev-item">{escape(label)}</span>', []
    if ev.get("table") in ("t1", "t2", "t3"):
        return _link(f"table-{ev['table']}", f"table {ev['table']}", False), []
    text = ", ".join(f"{k}: {_fmt(v)}" for k, v in ev.items())
    return f'<span class="ev-item">{escape(text)}</span>', []


def _link(target: str, label: str, in_text: bool) -> str:
    t = escape(target)
    data = f' data-target="{t}"' if in_text else ""
    return f'<a class="ev-link" href="#{t}"{data}>{escape(label)}</a>'


def _flags(report, marks: dict[str, Mark], cell_keys: set[str]) -> tuple[str, dict[str, list[str]]]:
    items, evidence = [], {}
    for i, f in enumerate(report.flags):
        fid = f"flag-{i}"
        links, ids = [], []
        for ev in f.evidence:
            html_ev, ev_ids = _evidence(ev, marks, cell_keys)
            links.append(html_ev)
            ids.extend(ev_ids)
        evidence[fid] = ids
        sev = escape(f.severity)
        items.append(
            f'<li class="flag sev-{sev}" id="{fid}"><div class="flag-head"><span class="rule">{escape(f.rule)}</span>'
            f'<span class="sev">{sev}</span><span class="msg">{escape(f.message)}</span><br>'
            f'<span class="msg-en">{escape(f.message_en)}</span></div>'
            f'<div class="evidence">{" ".join(links)}</div></li>'
        )
    errors = "".join(
        f'<li class="errors"><span class="rule">{escape(e.code)}</span>{escape(e.message)}<br>'
        f'<span class="msg-en">{escape(e.message_en)}</span></li>'
        for e in report.errors
    )
    if not items and not errors:
        return '<p class="noflags">没有标记 · no flags: the tables add up and nothing is missing.</p>', evidence
    return f"<ol>{errors}{''.join(items)}</ol>", evidence


def _band_html(text: str, band: Band, marks: dict[str, Mark], ev_ids: set[str], zh: dict[str, str]) -> str:
    out = []
    for p in band.pieces:
        anchors = "".join(f'<span class="anchor" id="{escape(a)}"></span>' for a in p.anchors)
        chunk = escape(text[p.start : p.end])
        if not p.marks:
            out.append(anchors + chunk)
            continue
        kinds = {marks[m].kind for m in p.marks}
        cls = "hl" + (" c" if "cell" in kinds else "") + (" f" if "fact" in kinds else "")
        cls += " ev" if ev_ids.intersection(p.marks) else ""
        title = "\n".join(_mark_title(marks[m]) for m in p.marks)
        out.append(
            f'{anchors}<span class="{cls}" data-m="{escape(" ".join(p.marks))}" title="{escape(title)}">{chunk}</span>'
        )
    if band.label:
        fam = band.label.split(".")[0]
        conf = f"<br><small>{band.confidence:.2f}</small>" if isinstance(band.confidence, (int, float)) else ""
        lab = f'<div class="lab" title="{escape(zh.get(band.label, ""))}">{escape(band.label)}{conf}</div>'
    else:
        fam, lab = "none", '<div class="lab"></div>'
    return f'<div class="band fam-{escape(fam)}">{lab}<div class="txt">{"".join(out)}</div></div>'


def _meta(report) -> str:
    parts = [
        ("机关 agency", report.agency),
        ("年度 year", report.year),
        ("格式 format", report.format),
        ("doc_id", report.doc_id),
        ("source", report.source),
    ]
    return "".join(f"<span>{escape(k)}: <b>{escape(str(v))}</b></span>" for k, v in parts if v not in (None, ""))


def render_review(report) -> str:
    """The review page of one report, as a complete HTML document."""
    layout = load_layout()
    labels, keys = layout.cell_labels, set(layout.cells)
    if report.format == "2019":
        layout19 = load_layout_2019()
        labels, keys = {**labels, **layout19.cell_labels}, keys | set(layout19.cells)
    mark_list = collect_marks(report, labels)
    marks = {m.id: m for m in mark_list}
    flags_html, flag_ev = _flags(report, marks, keys)
    ev_ids = {i for ids in flag_ev.values() for i in ids}
    zh = {x["label"]: f"{x['zh']} · {x['en']}" for x in load_json("sections.json")["labels"]}
    bands = build_bands(report.text, mark_list, report.sections)
    linked = {m.id for m in mark_list if m.kind == "cell"}
    heading = report.title or report.agency or report.source
    return _template().substitute(
        page_title=escape(f"ogi review · {heading}"),
        heading=escape(str(heading)),
        meta=_meta(report),
        summary=f"{sum(1 for m in mark_list if m.kind == 'cell')} cells · "
        f"{sum(1 for m in mark_list if m.kind == 'fact')} facts · {len(report.flags)} flags",
        flags=flags_html,
        tables=(
            render_tables_2019(layout, report, linked)
            if report.format == "2019"
            else render_tables(layout, report.cells, report.tables_found, linked)
        ),
        text="".join(_band_html(report.text, b, marks, ev_ids, zh) for b in bands),
        data=script_json({"marks": {m.id: m.info for m in mark_list}, "flags": flag_ev}),
    )
