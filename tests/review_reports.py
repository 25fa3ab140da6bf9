"""Reports for the review page tests: a sample, the sample edited so that t2.balance fires,
hand-made facts (the tagger is not there yet), and a hostile report whose every string tries
to break out of the page."""

from __future__ import annotations

import copy
from functools import cache

from ogi.flags import Flag
from ogi.report import Report, extract

from .conftest import FIXTURES

SAMPLE = FIXTURES / "samples" / "000_a603a2208d919e1a.txt"
# The sample with 二、上年结转 set to 2 for natural persons and in total: 1 + 2 != 1 + 0.
BALANCE = FIXTURES / "review" / "000_t2_balance.txt"


@cache
def _extract(path: str) -> Report:
    return extract(path)


def report(path=SAMPLE) -> Report:
    return copy.deepcopy(_extract(str(path)))


def _fact(rep: Report, ftype: str, value, start: int, end: int, **kw) -> dict:
    return {
        "type": ftype,
        "value": value,
        "unit": kw.get("unit", "件"),
        "approx": False,
        "negated": False,
        "category": kw.get("category"),
        "start": start,
        "end": end,
        "sentence": rep.text[start:end],
        "section": kw.get("section"),
        "confidence": kw.get("confidence", 0.9),
    }


def with_facts(rep: Report) -> Report:
    """Three facts: one in the prose, one around a table cell (overlapping it), and one
    overlapping that one; plus a flag whose evidence is a fact and a cell."""
    rep = copy.deepcopy(rep)
    at = rep.text.index("受理政府信息公开申请1件")
    a, b = rep.cell_spans["t2.new.total"]
    rep.facts = [
        _fact(rep, "applications.received", 1, at, at + len("受理政府信息公开申请1件"), section="overview.on_request"),
        _fact(rep, "review.cases", 1, a - 3, b + 2, confidence=0.5),
        _fact(rep, "litigation.cases", 1, b, b + 5, confidence=0.4),
    ]
    rep.flags.append(
        Flag.make(
            "text_table.applications",
            "warning",
            "测试：事实与表格。",
            "Test: fact against cell.",
            [{"fact": 0, "value": 1}, {"cell": "t2.new.total", "value": 1, "span": [a, b]}],
        )
    )
    return rep


HOSTILE = '<script>document.body.setAttribute("data-pwned","1")</script>'


def hostile() -> Report:
    """Untrusted strings everywhere the page shows report data."""
    text = (
        f'标题 "引号" & 和 <b>粗体</b> {HOSTILE}\n'
        "受理申请 7 件</script><img src=x onerror=\"document.body.setAttribute('data-pwned','2')\">\n"
    )
    seven = text.index("7")
    rep = Report(
        doc_id="x</script>",
        source=f"a{HOSTILE}.txt",
        agency=f"机关{HOSTILE}",
        year=2023,
        format="2021",
        title=f"报告</title>{HOSTILE}",
        text=text,
    )
    rep.cells = {"t2.new.total": 7, "t1.regulations.issued": None}
    rep.cell_spans = {"t2.new.total": (seven, seven + 1)}
    rep.sections = [
        {"label": 'overview"><script>x()</script>', "start": 0, "end": len(text), "heading": None, "confidence": 0.5}
    ]
    rep.facts = [
        {
            "type": f"applications.received{HOSTILE}",
            "value": 7,
            "unit": "件</script>",
            "approx": False,
            "negated": False,
            "category": f"</script>{HOSTILE}",
            "start": seven - 5,
            "end": seven + 3,
            "sentence": text,
            "section": None,
            "confidence": 0.8,
        }
    ]
    rep.flags = [
        Flag.make(
            "rule<i>",
            'error"><script>',
            f"消息{HOSTILE}",
            f"message & {HOSTILE}",
            [
                {"cell": "t2.new.total", "value": 7, "span": [seven, seven + 1]},
                {"fact": 0, "value": f"</script>{HOSTILE}"},
                {"cell": 'x"><script>y()</script>', "value": 1},
            ],
        )
    ]
    return rep
