"""Who reports, for which year, in which format, and whether the document is a report at all."""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator
from dataclasses import dataclass

from .data_files import load_json, load_toml
from .text_marks import CLOSE_PARENS, COLONS, COMMAS, FULL_STOP, OPEN_PARENS, SEMICOLONS, SENTENCE_ENDS, char_class

_MARKERS = load_json("format_markers.json")
_LIMITS = load_toml("meta.toml")  # how far to look, with the reasons
_NAMES = load_json("agency_names.json")


def _alternatives(words: list[str]) -> str:
    return "|".join(map(re.escape, sorted(words, key=len, reverse=True)))


# A page's field row ("| 标题: | … |") or a labelled line ("标题：…") before the title itself.
_COLON = char_class(COLONS)
_NAME_CHAR = r"[\u4e00-\u9fff" + re.escape(OPEN_PARENS + CLOSE_PARENS) + "]"  # of an agency's name
# A clause mark inside a line, or a full stop at its end: a sentence, not a title.
_CLAUSE_MARK = re.compile(char_class(COMMAS, SEMICOLONS) + "|" + FULL_STOP + "$")
# Marks that may surround a name in a title or field (`发布机构：…，`).
_NAME_EDGE = COLONS + COMMAS + FULL_STOP
_TITLE_PREFIX = re.compile(r"^[\s|]*(?:标\s*题|题\s*目|名\s*称|title)\s*" + _COLON + r"?[\s|]*", re.I)
_YEAR = r"((?:19|20)\d{2})"
_TITLE = re.compile(r"政府信息公开|政务信息公开|政务公开")
_YEAR_IN_TITLE = re.compile(_YEAR + r"\s*年")
_TITLE_END = re.compile(r"(?:工作)?\s*(?:年\s*度\s*报\s*告|年\s*报)")
# The reporting period, 1 January to 31 December of the report year.
_STAT_PERIOD = re.compile(_YEAR + r"\s*年\s*0?1\s*月\s*0?1\s*日\s*(?:起)?\s*(?:至|到|—|－|-|~|～)")
# "…现公布2022年XX局政府信息公开工作年度报告" and the like, inside the preamble.
# (within one line: a name on the line above is the page's, not the sentence's)
_INLINE_WORD = "信息公开"  # every inline title holds it: only lines holding it are searched
_INLINE_VERBS = ("公布", "发布", "编制", "形成")
_INLINE_NAME_CHARS = 30  # the most characters of a name, before or after the year
_INLINE_TITLE = re.compile(
    "(?:"
    + "|".join(_INLINE_VERBS)
    + r")?[^\S\n]*("
    + _NAME_CHAR
    + f"{{0,{_INLINE_NAME_CHARS}}}?"
    + r")[^\S\n]*"
    + _YEAR
    + r"[^\S\n]*年度?[^\S\n]*("
    + _NAME_CHAR
    + f"{{0,{_INLINE_NAME_CHARS}}}?"
    + r")(?:政府)?"
    + _INLINE_WORD
    + r"(?:工作)?(?:年度)?(?:工作)?报告"
)
_COMBINE_YEAR = re.compile(r"结合\s*" + _YEAR + r"\s*年")
# The narrative opens with the year it reports on: "一、总体情况\n2021年，…".
_OPENING_YEAR = re.compile(r"^\s*" + _YEAR + r"\s*年|总体情况[\s\S]{0,80}?" + _YEAR + r"\s*年")
_AGENCY_SUFFIX = re.compile(
    r"(?:局|委员会|委|办公室|办公厅|办|院|政府|省|管委会|管理委员会|厅|中心|所|站|队|部|处|馆|社|会|署|"
    r"街道|街道办事处|镇|乡|区|县|市|州|盟|旗|室|公司|集团|学校|医院|监狱|支队|大队|分局|"
    r"实验区|新区|开发区|示范区|保护区|高新区|园区)$"
)
_PUBLISHER = re.compile(r"(?:发布机构|发文机关|所属机构|发布单位)\s*" + _COLON + r"?[\s|]*(" + _NAME_CHAR + r"{2,30})")
_CONTACT = [
    re.compile(
        r"(?:请|可)(?:与|向|联系)\s*" + _COLON + r"?\s*(" + _NAME_CHAR + r"{2,30}?)\s*"
        r"(?:联系|咨询|反映|" + char_class(OPEN_PARENS, COMMAS) + r"|地址)"
    ),
    re.compile(r"由\s*(" + _NAME_CHAR + r"{2,30}?)(?:根据|依据|按照|编制|汇总|制作)"),
    re.compile(
        r"(?:结合|做好)\s*(?:(?:19|20)\d{2}\s*年(?:度)?)?\s*("
        + _NAME_CHAR
        + r"{2,30}?)(?:单位)?的?(?:政府信息公开|政务公开)工作"
    ),
]


@dataclass
class Meta:
    agency: str | None
    year: int | None
    title: str | None


def _lines(text: str, limit: int = _LIMITS["title"]["lines_read"]) -> list[str]:
    out = []
    for line in text.splitlines():
        line = line.strip()
        if line:
            out.append(line)
        if len(out) >= limit:
            break
    return out


def _title_lines(lines: list[str]) -> list[tuple[int, str]]:
    """The lines among the first that read as the report's title (not a breadcrumb, not a
    cited notice), those with a year first; a title cut over two lines is joined."""
    from .sections.features import line_kind

    titles = []
    for i, line in enumerate(lines[: _LIMITS["title"]["lines_searched"]]):
        s = _TITLE_PREFIX.sub("", line).strip(" |")
        if len(s) > _LIMITS["title"]["max_chars"]:
            continue  # too long for a title, and joining the next line only makes it longer
        if (
            i + 1 < len(lines)
            and len(lines[i + 1].strip()) <= _LIMITS["title"]["continuation_chars"]
            and _TITLE.search(s)
            and not _TITLE_END.search(s)
            and _YEAR_IN_TITLE.search(s)
        ):
            s += lines[i + 1].strip()  # 某局2023年政府信息公开 / 工作年度报告
        if (
            len(s) <= _LIMITS["title"]["max_chars"]
            and (title := _TITLE.search(s))
            and _TITLE_END.search(s)
            and not _CLAUSE_MARK.search(s)  # a line of the preamble that names the report
            and line_kind(s) not in ("nav", "field")
            and not _cited(s, title.start())
        ):
            titles.append((i, s))
    return sorted(titles, key=lambda t: _YEAR_IN_TITLE.search(t[1]) is None)


def _title_agency(title: str) -> tuple[int | None, str | None]:
    """(year, agency) a title line states."""
    m = _YEAR_IN_TITLE.search(title)
    if not m:
        return None, None
    after = re.sub(r"^\s*度", "", title[m.end() :])
    after = _TITLE.split(after)[0] if _TITLE.search(after) else ""
    return int(m.group(1)), _clean_agency(title[: m.start()]) or _clean_agency(after)


def _cited(text: str, at: int) -> bool:
    """Whether position `at` lies inside the title of another document the report cites
    (《…关于…的通知》): the notice that asks for the report, not the report. The report's own
    title in brackets (现发布《某局2023年…年度报告》) is not cited."""
    for left, right in (("《", "》"), ("〈", "〉"), ("<", ">")):
        start = text.rfind(left, max(0, at - 200), at)
        if start < 0 or text.rfind(right, start, at) >= 0:
            continue
        end = text.find(right, at)
        if _CITED_WORDS.search(text[start : end if end >= 0 else at + 100]):
            return True
    return False


_VERB = re.compile(r"^.*(?:" + _alternatives(_NAMES["verbs_before_name"]) + r")")
_BANNER = re.compile(r"^.*(?:" + _alternatives(_NAMES["banner_words"]) + r")")
_PARTICLES = [re.compile("^" + re.escape(w)) for w in _NAMES["lead_particles"]]
_NOT_IN_NAME = re.compile(_alternatives(_NAMES["not_in_name"]))
# 我局, 该委 …, and 本区, 全市 …: how a report refers to itself, never its name (本溪市 is a name)
_PRONOUN = re.compile(
    "^(?:"
    + _alternatives(_NAMES["pronouns"])
    + ")|^(?:"
    + _alternatives(_NAMES["generic_names"])
    + ")(?:"
    + _alternatives(_NAMES["generic_units"])
    + ")$"
)
_SUBJECT = re.compile(r"(?:" + _alternatives(_NAMES["trailing_subject"]) + r")$")
_CITED_WORDS = re.compile(_alternatives(_NAMES["cited_document_words"]))
# The overview's first sentence names who did the work: "一、总体情况\n2023年，某某局坚持…".
_OVERVIEW = re.compile(
    r"(?:^\s*|总体情况" + char_class("\n", FULL_STOP, negate=True) + r"{0,8}\n\s*)"
    r"(?:(?:19|20)\d{2}\s*年度?\s*"
    + char_class(COMMAS)
    + r"?\s*)?("
    + _NAME_CHAR
    + r"{2,30}?)(?="
    + _alternatives(_NAMES["overview_verbs"])
    + ")"
)
# 某某局办公室 in a contact line is the department's office: the department reports.
_SUB_UNIT = re.compile("(?:" + _alternatives(_NAMES["sub_units"]) + ")$")
_OFFICE = re.compile(
    "(?<=["
    + "".join(w for w in _NAMES["department_ends"] if len(w) == 1)
    + "])(?:"
    + _alternatives(_NAMES["office_words"])
    + ")$"
)


def _body_of(contact: str) -> str:
    """The body a contact office belongs to (some局办公室 -> some局); a government's office stays."""
    contact = re.sub(r"\s+", "", contact)
    return _OFFICE.sub("", _SUB_UNIT.sub("", contact)) if _SUB_UNIT.search(contact) else _OFFICE.sub("", contact)


def _clean_agency(s: str, preamble: bool = False) -> str | None:
    """The agency's name in a stretch of the title or preamble, or None if it holds no name:
    what a verb (公布, 编制 …) or a site banner (…门户网站 部门) leads into is cut off, so are
    leading particles (现将, 向社会) and a trailing 政府信息公开工作; what is left must end like
    an agency (局, 委员会, 政府, 县 …) and hold no word a name never holds."""
    s = re.sub(r"\s+", "", s)
    s = s.strip(_NAME_EDGE + "|")
    s = _BANNER.sub("", _VERB.sub("", s))
    for particle in _PARTICLES if preamble else ():
        s = particle.sub("", s)
    s = re.sub(r"^(?:关于|中共)", "", s)
    s = _SUBJECT.sub("", s).strip(_NAME_EDGE + " ")
    if not (
        _LIMITS["agency"]["min_chars"] <= len(s) <= _LIMITS["agency"]["max_chars"]
        and re.fullmatch(r"[\u4e00-\u9fff" + re.escape(OPEN_PARENS + CLOSE_PARENS) + "·]+", s)
    ):
        return None
    if _PRONOUN.search(s) or _NOT_IN_NAME.search(s) or not _AGENCY_SUFFIX.search(s):
        return None
    return s


def _inline_titles(head: str) -> Iterator[re.Match[str]]:
    """The report titles written inside the preamble's sentences, never one a notice cites."""
    return (m for m in _inline_matches(head) if not _cited(head, m.start(2)))


# Before its year an inline title holds only a verb, a name and spaces: so many characters
# besides the spaces at most (the pattern's bounds).
_BEFORE_YEAR_CHARS = max(map(len, _INLINE_VERBS)) + _INLINE_NAME_CHARS
_YEAR_AT = re.compile(r"(?=" + _YEAR + r"[^\S\n]*年)")
_BEFORE_YEAR = re.compile(_NAME_CHAR + r"|[^\S\n]|" + char_class("".join(_INLINE_VERBS)))


def _inline_matches(head: str) -> Iterator[re.Match[str]]:
    """`_INLINE_TITLE.finditer(head)`, tried only where a match can start.

    A match lies within one line holding the pattern's fixed word, and starts at most
    `_BEFORE_YEAR_CHARS` characters (and spaces) before a year: trying the pattern only there
    finds the same matches, in the same order, as a scan that tries it at every character."""
    line_end = 0
    while (at := head.find(_INLINE_WORD, line_end)) >= 0:
        line_start = head.rfind("\n", 0, at) + 1
        line_end = head.find("\n", at)
        if line_end < 0:
            line_end = len(head)
        pos = line_start  # where the scan stands: after the last match
        for year in _YEAR_AT.finditer(head, line_start, line_end):
            y = year.start()
            if y < pos:
                continue
            first, chars = y, 0  # the earliest start that can reach this year
            while first > pos and _BEFORE_YEAR.match(head, first - 1):
                chars += not head[first - 1].isspace()
                if chars > _BEFORE_YEAR_CHARS:
                    break
                first -= 1
            for p in range(first, y + 1):
                if m := _INLINE_TITLE.match(head, p, line_end):
                    yield m
                    pos = m.end()
                    break


def read_meta(text: str) -> Meta:
    """Agency and report year from the title and preamble (never the publication date)."""
    lines = _lines(text)
    titles = _title_lines(lines)
    agency = year = title = None
    if titles:
        i, title = titles[0]
        year, agency = _title_agency(title)
        for _, other in titles[1:]:  # a page heading may shorten the name the title gives
            y, name = _title_agency(other)
            if y == year and name and (agency is None or len(name) > len(agency) and name.endswith(agency)):
                agency = name
        if agency is None and i > 0:
            prev = lines[i - 1]
            if len(prev) <= _LIMITS["title"]["agency_line_chars"] and _AGENCY_SUFFIX.search(prev.strip()):
                agency = _clean_agency(prev)
    head = text[: _LIMITS["head"]["chars"]]
    inlines = _inline_titles(head)
    inline = next(inlines, None)  # (the first is usually near the top: no full scan)
    if year is None and inline:
        year = int(inline.group(2))
    if year is None:
        m = _STAT_PERIOD.search(head) or _COMBINE_YEAR.search(head) or _OPENING_YEAR.search(head)
        if m:
            year = int(next(g for g in m.groups() if g))
    if agency is None:  # the page's own field: 发布机构：…
        m = _PUBLISHER.search(head)
        agency = _clean_agency(m.group(1)) if m else None
    for m in itertools.chain([inline] if inline else [], inlines) if agency is None else ():
        agency = _clean_agency(m.group(1), preamble=True) or _clean_agency(m.group(3), preamble=True)
        if agency:
            break
    if agency is None:
        agency = next(
            (a for m in _OVERVIEW.finditer(head) for a in [_clean_agency(m.group(1), preamble=True)] if a), None
        )
    for pat in _CONTACT if agency is None else ():
        agency = next(
            (
                a
                for m in pat.finditer(head)
                if not _cited(head, m.start())
                for a in [_clean_agency(_body_of(m.group(1)))]
                if a
            ),
            None,
        )
        if agency:
            break
    if year is not None and not _LIMITS["head"]["min_year"] <= year <= _LIMITS["head"]["max_year"]:
        year = None
    return Meta(agency, year, title)


def detect_format(text: str) -> str:
    """`2021`, `2019` (the trial format of 国办公开办函〔2019〕60号) or `unknown`. The table
    words are looked for as printed and, where too few are found, with all white space taken
    out: a header wrapped inside its cell (`本年制\n发件数`) or spaced (`本年制 发 件数`)
    is still the format's."""
    found = _format_by_tables(text) or _format_by_tables("".join(text.split()))
    if found:
        return found
    if any(k in text for k in _MARKERS["2021"]["reference"]):
        return "2021"
    if any(k in text for k in _MARKERS["2019"]["reference"]):
        return "2019"
    return "unknown"


def _format_by_tables(body: str) -> str | None:
    new = sum(1 for k in _MARKERS["2021"]["table"] if k in body)
    old = sum(1 for k in _MARKERS["2019"]["table"] if k in body)
    least = _LIMITS["format"]["min_table_markers"]
    if new >= least and new >= old:
        return "2021"
    if old >= least:
        return "2019"
    return None


# A sentence starts after a sentence end or a line break: only there is it tried (tried
# inside a long line without an end, it would scan the rest of the line at every character).
_SENTENCE = re.compile(
    "(?<!"
    + char_class(SENTENCE_ENDS, "\n", negate=True)
    + ")"
    + char_class(SENTENCE_ENDS, "\n", negate=True)
    + f"{{{_LIMITS['not_a_report']['min_sentence_chars']},}}"
    + char_class(SENTENCE_ENDS)
)
_SPEAKS_OF = re.compile("|".join(map(re.escape, _MARKERS["report"]["speaks_of"])))


def not_a_report(text: str, meta: Meta, any_value: bool, table_regions: dict | None = None) -> tuple[str, str] | None:
    """Why a document is clearly not a report, in Chinese and English, or None if it may be one.

    Only two things say so: the text never speaks of information disclosure (a notice, a news
    item), or it holds the format's labels and states nothing, no table value and no sentence
    of narrative (a blank template). A missing title, year or heading is no reason: openings
    without a title line, or with 工作概述 for 总体情况, or of a few sentences, are reports."""
    if not speaks_of_disclosure(text):
        return ("全文未提及政府信息公开", "the text never speaks of government information disclosure, 政府信息公开")
    if any_value or has_narrative(text, table_regions):
        return None
    return (
        "只有格式的标签，既无表格数值也无叙述（空白模板）",
        "it holds the format's labels but no table value and no narrative (a blank template)",
    )


def speaks_of_disclosure(text: str) -> bool:
    """Whether the text speaks of information disclosure at all (`not_a_report`'s first test)."""
    return _SPEAKS_OF.search(text) is not None


def has_narrative(text: str, table_regions: dict | None = None) -> bool:
    """Whether the text holds sentences of narrative, outside the table regions given
    (`not_a_report`: a document with narrative is no blank template)."""
    # the narrative: outside the tables the reader found, and not a row of a table it did not
    # (a blank template's rows are tab-separated labels: 2.没有现成信息需要另行制作\t\t…)
    regions = sorted(tuple(r) for r in (table_regions or {}).values())
    prose = "\n".join(
        line for a, b in _outside(len(text), regions) for line in text[a:b].splitlines() if "\t" not in line
    )
    prose = prose[: _LIMITS["not_a_report"]["chars"]]
    if len(_SENTENCE.findall(prose)) >= _LIMITS["not_a_report"]["min_sentences"]:
        return True
    from .facts import candidate_sentences  # (only now: importing the fact tagger takes a second)

    return bool(candidate_sentences(prose))


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
