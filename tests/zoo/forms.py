"""Sentences in the forms reports state their facts in, generated with those facts: the counts of
table 1 (规范性文件 issued, abolished, in force) alone and as the triple, their absences, reviews and suits,
applications, and a total with its categories. Every count is drawn, so no number of any report
is here; the words are the format's. `tests/test_normative_forms.py` holds the rules to the forms of
the types they read; `scripts/fact_forms.py` reports how the shipped pipeline reads each form.

A family is a function of a `random.Random` that returns a `Case`; `FAMILIES` names them."""

from __future__ import annotations

import random
from collections.abc import Callable
from typing import NamedTuple

ISSUED, ABOLISHED, RETAINED = "normative_docs.issued", "normative_docs.abolished", "normative_docs.retained"
REVIEW, SUIT, APPLICATIONS = "review.cases", "litigation.cases", "applications.received"
TOTAL, CATEGORY = "published.total", "published.category"

VERBS = {
    ISSUED: ["制发", "印发", "出台", "制定", "发布", "制定出台", "制定印发", "新制发", "共制发"],
    ABOLISHED: ["废止", "宣布废止", "清理废止", "予以废止", "废止失效"],
    RETAINED: ["现行有效", "继续有效", "保留"],
}
NOUNS = ["规范性文件", "行政规范性文件", "政府规范性文件", "部门规范性文件"]
LEADS = ["", "本年度，", "全年", "2023年，本局", "年内，本机关"]

# one count of table 1: {v} its verb, {n} the noun, {c} the count with its unit
ONE = {
    "verb noun count": "{v}{n}{c}",
    "verb count noun": "{v}{c}{n}",
    "noun verb count": "{n}{v}{c}",
    "verb noun 共 count": "{v}{n}共{c}",
    "verb noun: count": "{v}{n}：{c}",
    "verb noun 数量为 count": "{v}{n}数量为{c}",
    "verb 的 noun 数量为 count": "{v}的{n}数量为{c}",
    "noun verb 数量为 count": "{n}{v}数量为{c}",
    "verb noun count (bracket)": "{v}{n}{c}（含部门文件）",
    "verb titles 等 count noun": "{v}《关于加强某项工作的通知》《某项管理办法》等{c}{n}",
    "verb 了 count noun": "{v}了{c}{n}",
    "verb noun 数量为 bare count": "{v}{n}数量为{b}",
    "verb noun (aside) count": "{v}{n}（含联合发文）{c}",
}
# the three counts of table 1 in one sentence: {i}, {a}, {r} the verbs, {ci}, {ca}, {cr} the counts
TRIPLE = {
    "noun with each": "{i}{n}{ci}，{a}{n}{ca}，{r}{n}{cr}",
    "noun with the first": "{i}{n}{ci}，{a}{ca}，{r}{cr}",
    "noun as the topic": "{n}方面，{i}{ci}，{a}{ca}，{r}{cr}",
    "topic, time words": "在{n}管理方面，本年度{i}{ci}，{a}{ca}，截至年底{r}{cr}",
    "count before the noun": "{i}{ci}{n}，{a}{ca}，{r}{cr}",
    "noun with the last": "本年度{i}{ci}、{a}{ca}，{r}{n}{cr}",
    "noun first, 数量": "{n}{i}数量{ci}，{a}数量{ca}，{r}数量{cr}",
    "noun as the topic, bare counts": "{n}方面，{i}数量为{bi}，{a}数量为{ba}，{r}数量为{br}",
}
# statements that none were issued or abolished: {no} the cue, {i} and {a} the verbs, {n} the noun
# ({nn} a cue that may stand before a noun)
ABSENT = {
    "cue verb noun (issued)": ("{lead}{no}{i}{n}", [ISSUED]),
    "cue verb noun (abolished)": ("{lead}{no}{a}{n}", [ABOLISHED]),
    "cue, verbs joined, noun": ("{lead}{no}{i}、{a}{n}", [ISSUED, ABOLISHED]),
    "cue, noun, verbs joined": ("{lead}{nn}{n}{i}和{a}情况", [ISSUED, ABOLISHED]),
    "cue, noun 的, verbs joined": ("{lead}{nn}{n}的{i}和{a}", [ISSUED, ABOLISHED]),
    "未发生 noun, verbs joined": ("{lead}未发生{n}{i}、{a}情况", [ISSUED, ABOLISHED]),
    "each with its cue": ("{lead}{no}{i}{n}，{no}{a}{n}", [ISSUED, ABOLISHED]),
}
ABSENT_CUES = ["未", "无", "没有", "暂未"]
NOUN_CUES = ["无", "没有"]
ABSENT_VERBS = {
    ISSUED: ["制发", "印发", "出台", "制定", "新制发", "制定出台", "制定印发"],
    ABOLISHED: ["废止", "宣布废止", "清理废止"],
}
REVIEWS = {
    "发生 count, count": "{lead}发生{rv}案件{m}{u}，{lt}案件{k}{u}。",
    "被申请 / 被提起": "{lead}被申请{rv}{m}{u}，被提起{lt}{k}{u}。",
    "count before the noun": "{lead}{had}{m}{u}{rv}案件{sep}{k}{u}{lt}案件。",
    "label: count": "{lead}{rv}：{m}{u}；{lt}：{k}{u}。",
    "noun count, noun count": "{lead}{rv}案件{m}{u}，{lt}案件{k}{u}。",
}
# the verbs that say cases were had, and the marks between two counts written before their nouns
HAD = ["共有", "有", "发生", "发生了", "共收到", "产生"]
BETWEEN = ["、", "，", "和"]
REVIEW_NOUNS = ["行政复议", "政府信息公开行政复议"]
SUIT_NOUNS = ["行政诉讼", "政府信息公开行政诉讼"]
APPLICATION_FORMS = {
    "verb noun count": "{lead}{rv}{an}{n}{u}。",
    "verb count noun": "{lead}{rv}{n}{u}{an}。",
    "verb noun: count": "{lead}{rv}{an}：{n}{u}。",
    "verb noun 共计 count": "{lead}{rv}{an}共计{n}{u}，均按时答复。",
    "verb noun 数量为 count": "{lead}{rv}{an}数量为{n}{u}。",
}
APPLICATION_NOUNS = ["政府信息公开申请", "信息公开申请", "依申请公开申请", "申请"]
RECEIVING = ["收到", "受理", "共收到", "新收", "接收"]
CATEGORIES = ["工作动态", "通知公告", "政策文件", "人事", "财政预决算", "规划计划", "机构职能", "重点领域", "部门文件"]
PUBLISHED = {
    "其中 a、b、c": "{lead}{v}{t}，其中{items}。",
    "其中 a，b，c": "{lead}{v}{t}，其中{items_comma}。",
    "包括 a、b、c": "{lead}{v}{t}，包括{items}。",
    "total (a、b、c)": "{lead}{v}{t}（{items}）。",
    "其中 a类、b类": "{lead}{v}{t}，其中{items_lei}。",
    "共 total, 其中": "{lead}共{v}{t}，其中{items}。",
}
PUBLISHING = ["主动公开政府信息", "发布政府信息", "主动公开各类信息"]


class Case(NamedTuple):
    form: str  # the form's name in its family
    sentence: str
    facts: list[tuple]  # (type, value) each, or (type, value, category) for a total's list


def written(rng: random.Random, n: int, bare: bool = False) -> str:
    """A count as reports and their converters write it: digits, full-width digits, digits
    spaced from the words, or (below 100) Chinese numerals. A `bare` count, with no unit after
    it, is in digits: a bare Chinese numeral is no count (一 of 统一)."""
    way = rng.choice(["digits", "full width"] if bare else ["digits", "digits", "full width", "spaced", "chinese"])
    if way == "full width":
        return str(n).translate(FULL_WIDTH)
    if way == "spaced":
        return f" {n} "
    if way == "chinese" and n < 100:
        tens, ones = divmod(n, 10)
        head = ("" if tens < 2 else CHINESE[tens]) + ("十" if tens else "")
        return head + (CHINESE[ones] if ones or not tens else "")
    return str(n)


FULL_WIDTH = str.maketrans("0123456789", "０１２３４５６７８９")
CHINESE = "零一二三四五六七八九"


def normative_one(rng: random.Random) -> Case:
    typ = rng.choice(sorted(VERBS))
    form = rng.choice(sorted(ONE))
    n = rng.randint(1, 999)
    count = written(rng, n) + rng.choice("件份个")
    text = ONE[form].format(v=rng.choice(VERBS[typ]), n=rng.choice(NOUNS), c=count, b=written(rng, n, bare=True))
    return Case(form, rng.choice(LEADS) + text + "。", [(typ, n)])


def normative_triple(rng: random.Random) -> Case:
    form = rng.choice(sorted(TRIPLE))
    i, a, r = (rng.randint(1, 999) for _ in range(3))
    unit = rng.choice("件份个")
    text = TRIPLE[form].format(
        i=rng.choice(VERBS[ISSUED]),
        a=rng.choice(VERBS[ABOLISHED]),
        r=rng.choice(VERBS[RETAINED]),
        n=rng.choice(NOUNS),
        ci=written(rng, i) + unit,
        ca=written(rng, a) + unit,
        cr=written(rng, r) + unit,
        bi=written(rng, i, bare=True),
        ba=written(rng, a, bare=True),
        br=written(rng, r, bare=True),
    )
    return Case(form, text + "。", [(ISSUED, i), (ABOLISHED, a), (RETAINED, r)])


def normative_bracket(rng: random.Random) -> Case:
    """A count of documents issued with those abolished in a bracket after it."""
    i, a = rng.randint(1, 999), rng.randint(1, 999)
    unit = rng.choice("件份个")
    text = f"{rng.choice(VERBS[ISSUED])}{rng.choice(NOUNS)}{i}{unit}（{rng.choice(VERBS[ABOLISHED])}{a}{unit}）。"
    return Case("issued (abolished)", text, [(ISSUED, i), (ABOLISHED, a)])


def normative_absent(rng: random.Random) -> Case:
    """A statement that no 规范性文件 were issued, or abolished, or both: a 0 of each."""
    form = rng.choice(sorted(ABSENT))
    pattern, types = ABSENT[form]
    text = pattern.format(
        lead=rng.choice(LEADS),
        no=rng.choice(ABSENT_CUES),
        nn=rng.choice(NOUN_CUES),
        i=rng.choice(ABSENT_VERBS[ISSUED]),
        a=rng.choice(ABSENT_VERBS[ABOLISHED]),
        n=rng.choice(NOUNS),
    )
    return Case(form, text + "。", [(t, 0) for t in types])


def reviews(rng: random.Random) -> Case:
    form = rng.choice(sorted(REVIEWS))
    m, k = rng.randint(0, 9), rng.randint(0, 9)
    text = REVIEWS[form].format(
        lead=rng.choice(LEADS),
        had=rng.choice(HAD),
        sep=rng.choice(BETWEEN),
        rv=rng.choice(REVIEW_NOUNS),
        lt=rng.choice(SUIT_NOUNS),
        m=m,
        k=k,
        u=rng.choice("件起"),
    )
    return Case(form, text, [(REVIEW, m), (SUIT, k)])


def applications(rng: random.Random) -> Case:
    form = rng.choice(sorted(APPLICATION_FORMS))
    n = rng.randint(0, 400)
    text = APPLICATION_FORMS[form].format(
        lead=rng.choice(LEADS[1:]),  # a bare count of a bare sentence is read by no one
        rv=rng.choice(RECEIVING),
        an=rng.choice(APPLICATION_NOUNS),
        n=n,
        u=rng.choice("件个条"),
    )
    return Case(form, text, [(APPLICATIONS, n)])


def published(rng: random.Random) -> Case:
    form = rng.choice(sorted(PUBLISHED))
    names = rng.sample(CATEGORIES, 3)
    counts = [rng.randint(1, 400) for _ in names]
    total = sum(counts) + rng.randint(0, 300)
    unit = rng.choice("条件篇")
    text = PUBLISHED[form].format(
        lead=rng.choice(LEADS),
        v=rng.choice(PUBLISHING),
        t=f"{total}{unit}",
        items="、".join(f"{c}{n}{unit}" for c, n in zip(names, counts)),
        items_comma="，".join(f"{c}{n}{unit}" for c, n in zip(names, counts)),
        items_lei="、".join(f"{c}类{n}{unit}" for c, n in zip(names, counts)),
    )
    facts = [(TOTAL, total, None)] + [(CATEGORY, n, c) for c, n in zip(names, counts)]
    return Case(form, text, facts)


# counts read 分别 (respectively): {items} the list of what is counted (one mark between), {counts}
# the counts in the same order
RESPECTIVELY = {
    "verbs, then the noun": "{lead}{items}{n}分别为{counts}",
    "the noun, then the verbs": "{lead}{n}的{items}数量分别为{counts}",
    "each verb with the noun": "{lead}{items_with_noun}分别为{counts}",
    "reviews and suits": "{lead}{cases}分别为{counts}",
}
CASE_ITEMS = [
    ("行政复议", "行政诉讼案件"),
    ("被申请行政复议", "被提起行政诉讼"),
    ("政府信息公开行政复议", "行政诉讼"),
]


def respectively(rng: random.Random) -> Case:
    form = rng.choice(sorted(RESPECTIVELY))
    if form == "reviews and suits":
        types = [REVIEW, SUIT]
        names = list(rng.choice(CASE_ITEMS))
    else:
        types = rng.sample(sorted(VERBS), rng.choice([2, 3]))
        names = [rng.choice(VERBS[t]) for t in types]
    counts = [rng.randint(0, 99) for _ in types]
    unit = rng.choice("件起") if form == "reviews and suits" else rng.choice("件份个")
    sep = rng.choice(["、", "、", "和"]) if len(names) == 2 else "、"
    noun = rng.choice(NOUNS)
    text = RESPECTIVELY[form].format(
        lead=rng.choice(LEADS),
        items=sep.join(names),
        items_with_noun=sep.join(name + noun for name in names),
        cases="和".join(names),
        n=noun,
        counts=rng.choice(["、", "，", "和"]).join(written(rng, c) + unit for c in counts),
    )
    return Case(form, text + "。", list(zip(types, counts)))


FAMILIES: dict[str, Callable[[random.Random], Case]] = {
    "规范性文件, one count": normative_one,
    "规范性文件, the triple": normative_triple,
    "规范性文件, a bracket": normative_bracket,
    "规范性文件, none": normative_absent,
    "reviews and suits": reviews,
    "counts read 分别": respectively,
    "applications": applications,
    "a total and its categories": published,
}
