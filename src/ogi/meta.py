"""Who reports, for which year, in which format, and whether the document is a report at all."""
from __future__ import annotations

import re
from dataclasses import dataclass

from .data_files import load_json

_MARKERS = load_json("format_markers.json")

_TITLE_PREFIX = re.compile(r"^\s*(?:标题|题目|title)\s*[:：]\s*", re.I)
_YEAR = r"((?:19|20)\d{2})"
_TITLE = re.compile(r"政府信息公开|政务公开")
_TITLE_END = re.compile(r"(?:工作)?\s*(?:年\s*度\s*报\s*告|年\s*报)")
# The reporting period, 1 January to 31 December of the report year.
_STAT_PERIOD = re.compile(_YEAR + r"\s*年\s*0?1\s*月\s*0?1\s*日\s*(?:起)?\s*(?:至|到|—|－|-|~|～)")
# "…现公布2022年XX局政府信息公开工作年度报告" and the like, inside the preamble.
_INLINE_TITLE = re.compile(r"(?:公布|发布|编制|形成)?\s*([\u4e00-\u9fff（）()]{0,30}?)\s*" + _YEAR
                           + r"\s*年度?\s*([\u4e00-\u9fff（）()]{0,30}?)(?:政府)?信息公开(?:工作)?(?:年度)?(?:工作)?报告")
_COMBINE_YEAR = re.compile(r"结合\s*" + _YEAR + r"\s*年")
# The narrative opens with the year it reports on: "一、总体情况\n2021年，…".
_OPENING_YEAR = re.compile(r"^\s*" + _YEAR + r"\s*年|总体情况[\s\S]{0,80}?" + _YEAR + r"\s*年")
_AGENCY_SUFFIX = re.compile(
    r"(?:局|委员会|委|办公室|办公厅|办|院|政府|管委会|管理委员会|厅|中心|所|站|队|部|处|馆|社|会|署|"
    r"街道|街道办事处|镇|乡|区|县|市|州|盟|旗|室|公司|集团|学校|医院|监狱|支队|大队|分局|"
    r"实验区|新区|开发区|示范区|保护区|高新区|园区)$")
_CONTACT = [
    re.compile(r"请(?:与|向|联系)\s*([\u4e00-\u9fff（）()]{2,30}?)(?:联系|咨询|反映)"),
    re.compile(r"由\s*([\u4e00-\u9fff（）()]{2,30}?)(?:根据|依据|按照|编制|汇总|制作)"),
    re.compile(r"结合\s*(?:19|20)\d{2}\s*年(?:度)?\s*([\u4e00-\u9fff（）()]{2,30}?)(?:单位)?政府信息公开工作"),
]


@dataclass
class Meta:
    agency: str | None
    year: int | None
    title: str | None


def _lines(text: str, limit: int = 40) -> list[str]:
    out = []
    for line in text.splitlines():
        line = line.strip()
        if line:
            out.append(line)
        if len(out) >= limit:
            break
    return out


def _title_line(lines: list[str]) -> tuple[int, str] | None:
    for i, line in enumerate(lines[:25]):
        s = _TITLE_PREFIX.sub("", line)
        if _TITLE.search(s) and _TITLE_END.search(s) and len(s) <= 80:
            return i, s
    return None


def _clean_agency(s: str) -> str | None:
    s = re.sub(r"\s+", "", s)
    s = re.sub(r"^(?:关于|中共)?", "", s)
    s = s.strip("：:，,。 ")
    if 2 <= len(s) <= 40 and re.fullmatch(r"[\u4e00-\u9fff（）()·]+", s):
        return s
    return None


def read_meta(text: str) -> Meta:
    """Agency and report year from the title and preamble (never the publication date)."""
    lines = _lines(text)
    found = _title_line(lines)
    agency = year = title = None
    if found is not None:
        i, title = found
        m = re.search(_YEAR + r"\s*年", title)
        if m:
            year = int(m.group(1))
            before = title[:m.start()]
            after = title[m.end():]
            after = re.sub(r"^\s*度", "", after)
            after = _TITLE.split(after)[0] if _TITLE.search(after) else ""
            agency = _clean_agency(before) or _clean_agency(after)
        if agency is None and i > 0:
            prev = lines[i - 1]
            if len(prev) <= 30 and _AGENCY_SUFFIX.search(prev.strip()):
                agency = _clean_agency(prev)
    head = text[:3000]
    inline = _INLINE_TITLE.search(head)
    if year is None and inline:
        year = int(inline.group(2))
    if year is None:
        m = _STAT_PERIOD.search(head) or _COMBINE_YEAR.search(head) or _OPENING_YEAR.search(head)
        if m:
            year = int(next(g for g in m.groups() if g))
    if agency is None and inline:
        agency = _clean_agency(re.sub(r"^(?:现|特|予以|向社会)", "", inline.group(1))) or _clean_agency(inline.group(3))
    if agency is None:
        for pat in _CONTACT:
            m = pat.search(head)
            if m:
                agency = _clean_agency(m.group(1))
                if agency:
                    break
    if year is not None and not 1990 <= year <= 2100:
        year = None
    return Meta(agency, year, title)


def detect_format(text: str) -> str:
    """`2021`, `2019` (the trial format of 国办公开办函〔2019〕60号) or `unknown`."""
    def count(keys):
        return sum(1 for k in keys if k in text)

    new = count(_MARKERS["2021"]["table"])
    old = count(_MARKERS["2019"]["table"])
    if new >= 2 and new >= old:
        return "2021"
    if old >= 2:
        return "2019"
    if any(k in text for k in _MARKERS["2021"]["reference"]):
        return "2021"
    if any(k in text for k in _MARKERS["2019"]["reference"]):
        return "2019"
    return "unknown"


_SENTENCE = re.compile(r"[^。！？\n]{15,}[。！？]")
_SPEAKS_OF = re.compile("|".join(map(re.escape, _MARKERS["report"]["speaks_of"])))


def not_a_report(text: str, meta: Meta, any_value: bool, table_regions: dict | None = None) -> tuple[str, str] | None:
    """Why a document is clearly not a report, in Chinese and English, or None if it may be one.

    Only two things say so: the text never speaks of information disclosure (a notice, a news
    item), or it holds the format's labels and states nothing, no table value and no sentence
    of narrative (a blank template). A missing title, year or heading is no reason: openings
    without a title line, or with 工作概述 for 总体情况, or of a few sentences, are reports."""
    if not _SPEAKS_OF.search(text):
        return ("全文未提及政府信息公开", "the text never speaks of government information disclosure, 政府信息公开")
    if any_value:
        return None
    from .facts import candidate_sentences

    # the narrative: outside the tables the reader found, and not a row of a table it did not
    # (a blank template's rows are tab-separated labels: 2.没有现成信息需要另行制作\t\t…)
    regions = sorted(tuple(r) for r in (table_regions or {}).values())
    prose = "\n".join(line for a, b in _outside(len(text), regions)
                      for line in text[a:b].splitlines() if "\t" not in line)
    if len(_SENTENCE.findall(prose[:20000])) >= 3 or candidate_sentences(prose[:20000]):
        return None
    return ("只有格式的标签，既无表格数值也无叙述（空白模板）",
            "it holds the format's labels but no table value and no narrative (a blank template)")


def _outside(n: int, regions: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The stretches of a text of length n outside the (sorted) regions."""
    out, pos = [], 0
    for a, b in regions:
        if b > a:
            out.append((pos, max(pos, a)))
            pos = max(pos, b)
    return out + [(pos, n)]


def looks_like_report(text: str, meta: Meta, any_value: bool, table_regions: dict | None = None) -> bool:
    """Whether the document may be a report (`not_a_report` finds no reason it is not)."""
    return not_a_report(text, meta, any_value, table_regions) is None
