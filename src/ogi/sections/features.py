"""What the section classifier sees of a segment: named features, the same at training and run time.

Pure Python and fast (no word segmenter, no dictionary to load): character n-grams of the
heading and of the opening of the text, the numbering style of a heading, cue words of the
format (from `data/sections.json`, one list per label), the top-level heading (一、…六、) and
the subsection heading the segment sits under, what kind of line it and its neighbours are on
the page (`line_kind`: a name over the title, or a banner over the breadcrumbs?), and its
position in the document. Digits are folded to 0 so years and counts do not make features of
their own.
"""

from __future__ import annotations

import re
from operator import add

from ..data_files import load_json
from ..text_marks import CLOSE_PARENS, COLONS, COMMAS, FULL_STOP, ITEM_DELIMS, OPEN_PARENS, SEMICOLONS, char_class
from ..word_trie import word_trie
from .segment import _CN

HEAD_CHARS = 30  # the part of a segment without a heading of its own that is read as its heading
BODY_CHARS = 160  # how much of the text after the heading is read for n-grams
CUE_CHARS = 200  # how far cue words are looked for in the text
_CN_NUM = {c: i + 1 for i, c in enumerate(_CN)}

_NUM_STYLE = [
    ("cn", re.compile(r"^\s*([" + _CN + r"]{1,3})\s*" + char_class(ITEM_DELIMS))),
    (
        "paren_cn",
        re.compile(r"^\s*" + char_class(OPEN_PARENS) + r"\s*([" + _CN + r"]{1,3})\s*" + char_class(CLOSE_PARENS)),
    ),
    ("paren_arabic", re.compile(r"^\s*" + char_class(OPEN_PARENS) + r"\s*(\d{1,2})\s*" + char_class(CLOSE_PARENS))),
    ("arabic", re.compile(r"^\s*(\d{1,2})\s*" + char_class(ITEM_DELIMS) + r"(?!\d)")),
    ("enum", re.compile(r"^\s*([" + _CN + r"])是")),
]
# All styles as one pattern, each a named group around its own (one match instead of five
# for the many segments without a number); its number is the group right after the name's.
_ANY_STYLE = re.compile("|".join(f"(?P<{name}>{pat.pattern})" for name, pat in _NUM_STYLE))
_NUMBER_GROUP = {name: _ANY_STYLE.groupindex[name] + 1 for name, _ in _NUM_STYLE}
# (each opens with a character class, not a repeat of one: the scan then skips to where it can match)
_DIGITS = re.compile(r"\d\d*")
_SPACES = re.compile(r"\s\s*")
_ISO_DATE = re.compile(r"\d\d{3}\s*[-/年]\s*\d{1,2}\s*[-/月]\s*\d{1,2}")
_URL = re.compile(r"https?:|www\.|\.(?:html?|cn|com)\b|/[A-Za-z0-9_]+/")
_TITLE = re.compile(r"年度报告|工作报告|年报")
_FIELD = re.compile(r"^[\u4e00-\u9fff ]{1,6}\s*" + char_class(COLONS, "|"))
_NAV = re.compile(r"首页|当前位置|所在的?位置|>|》|»")
_BARE_DATE = re.compile(r"^\s*\d{4}\s*[-/年.]\s*\d{1,2}\s*[-/月.]\s*\d{1,2}\s*日?\s*(星期.)?\s*$")
_SENTENCE = re.compile(char_class(FULL_STOP, COMMAS, SEMICOLONS, COLONS))
# (full width, ASCII) of each mark, replaced one by one: str.translate looks up every character
# of a Chinese text in a dict, ten times slower
_TO_ASCII = tuple((s[0], s[1]) for s in (OPEN_PARENS, CLOSE_PARENS, COLONS))
_STOPS = tuple(FULL_STOP + "." + SEMICOLONS)  # a line that ends a sentence or clause
_TITLE_TAIL = re.compile(r"\d{4}\s*年?度?政府|政府|年度|\d{4}\s*年度?$")  # a title without the agency before it
_PAGE_FIELDS = tuple(sorted(load_json("sections.json")["page_fields"], key=len, reverse=True))


def line_kind(t: str) -> str:
    """What a short line is on the page, read from its shape alone: a breadcrumb or menu
    (`nav`), a field line (`field`), a bare date, the report's title (`title`: with the agency
    or year before it; `title_tail`: only 政府信息公开…报告, the rest on the line above), a line
    that is only a name (`name`: an agency over the title, or a site's banner), a numbered
    heading, or text (`body`)."""
    t = t.strip()
    if len(t) > 60:
        return "body"
    if _FIELD.match(t) or _SPACES.sub("", t[:12]).startswith(_PAGE_FIELDS):
        return "field"
    if _BARE_DATE.match(t):
        return "date"
    if _TITLE.search(t):
        return "title_tail" if _TITLE_TAIL.match(t) else ("nav" if _NAV.search(t) else "title")
    if _NAV.search(t):
        return "nav"
    if numbering(t)[0] != "none":
        return "heading"
    if len(t) <= 30 and not _SENTENCE.search(t):
        return "name"
    return "body"


def _cue_table() -> list[tuple[str, tuple[str, ...]]]:
    return [(x["label"], tuple(x["cues"])) for x in load_json("sections.json")["labels"]]


_CUES = _cue_table()
# the part of the format (1 … 6 for 一 … 六; 0 before it) each label belongs to
PART_OF = {x["label"]: x["section"] for x in load_json("sections.json")["labels"]}
# Top-level headings by their number in the format (一 … 六) when no cue word says more.
_TOP_BY_NUMBER = {
    1: "overview",
    2: "table.article20",
    3: "table.applications",
    4: "table.review_litigation",
    5: "problems",
    6: "other.misc",
}


def fold(text: str) -> str:
    """A run of digits to one 0, full-width brackets and colons to ASCII, white space to one space."""
    text = _SPACES.sub(" ", _DIGITS.sub("0", text))
    for wide, ascii_mark in _TO_ASCII:
        text = text.replace(wide, ascii_mark)
    return text.strip()


def numbering(text: str) -> tuple[str, int]:
    """('cn', 2) for `二、…`, ('paren_cn', 3) for `（三）`, ('arabic', 5) for `5、`; ('none', 0)."""
    m = _ANY_STYLE.match(text)  # the first style that matches, as trying each in turn finds it
    if m is None:
        return "none", 0
    name = m.lastgroup
    assert name is not None  # each alternative is a named group
    g = m.group(_NUMBER_GROUP[name])
    return name, int(g) if g.isdigit() else _CN_NUM.get(g[-1], 0) + (10 if len(g) > 1 and g[0] == "十" else 0)


_CUE_LABELS: dict[str, list[str]] = {}
for _lab, _words in _CUES:
    for _w in _words:
        _CUE_LABELS.setdefault(_w, []).append(_lab)
# one scan finds them all: the longest cue word wins where two start at the same place
_CUE_RE = re.compile(word_trie(_CUE_LABELS))
_ORDER = {lab: k for k, (lab, _) in enumerate(_CUES)}


def _cues_in(text: str, head_len: int) -> tuple[set[str], dict[str, int]]:
    """The cue labels in the first `head_len` characters of `text`, and for each label found
    anywhere in it the number of its distinct cue words."""
    head: set[str] = set()
    found: list[str] = []
    for m in _CUE_RE.finditer(text):
        found.append(m[0])
        if m.start() >= head_len:  # past the head: the words after it found in C
            found += _CUE_RE.findall(text, m.end())  # (the trie has no groups: whole words)
            break
        head.update(_CUE_LABELS[m[0]])
    counts: dict[str, int] = {}
    for w in dict.fromkeys(found):  # each distinct word once, in the order met
        for lab in _CUE_LABELS[w]:
            counts[lab] = counts.get(lab, 0) + 1
    return head, counts


def ngrams(s: str, lo: int = 1) -> set[str]:
    """The character n-grams of `s`, lo <= n <= 3 (built with C-level maps: this runs for every
    segment of every report)."""
    bi = list(map(add, s, s[1:]))
    out = set(bi)
    out.update(map(add, bi, s[2:]))
    if lo == 1:
        out.update(s)
    return out


def segment_features(texts: list[str], headings: list[str | None]) -> list[list[str]]:
    """All features of each segment of one document as names (`h:`/`b:` n-grams included)."""
    return [
        f + ["h:" + g for g in ngrams(head)] + ["b:" + g for g in ngrams(body, 2)]
        for f, head, body, _ in segment_parts(texts, headings)
    ]


def _size(n: int) -> str:
    return "1" if n <= 2 else "5" if n <= 6 else "15" if n <= 15 else "40" if n <= 40 else "120" if n <= 120 else "more"


def segment_parts(
    texts: list[str], headings: list[str | None], skip: list[bool] | None = None
) -> list[tuple[list[str], str, str, int]]:
    """For each segment of one document, in order: its named features (the headings above it
    among them; its neighbours are left to the decoder), the folded heading and text opening
    whose n-grams are features too (`ngrams`), and the part of the format (1 … 6) whose
    top-level heading it sits under (0: none seen yet). A segment in `skip` (a table region,
    whose label is known) gets no features of its own, but its heading counts for the rest."""
    n = len(texts)
    top, top_num, sub = "none", 0, "none"
    out: list[tuple[list[str], str, str, int]] = []
    kinds = [line_kind(t) for t in texts]
    for i, (t, h) in enumerate(zip(texts, headings)):
        style, num = numbering(t)
        if skip and skip[i] and style == "none":  # no heading: it moves neither top nor sub
            out.append(([], "", "", PART_OF.get(top, 0)))
            continue
        head_len = len(h) if h else HEAD_CHARS
        window = t[:CUE_CHARS]
        head_cues, counts = _cues_in(window, head_len)
        head_labels = sorted(head_cues - {"preamble"}, key=_ORDER.__getitem__)
        # a top-level heading (一、), a subsection heading ((一) 1.), or text under them?
        is_top = (style == "cn" and head_len <= 40) or (
            style == "arabic" and num in (5, 6) and bool(head_cues & {"problems", "other.misc"})
        )
        if is_top:
            top, top_num, sub = (head_labels[0] if head_labels else _TOP_BY_NUMBER.get(num, "?")), num, "none"
        elif style != "none" and h:
            sub = head_labels[0] if head_labels else "?"
        part = PART_OF.get(top, 0)
        if skip and skip[i]:
            out.append(([], "", "", part))
            continue
        num_f = f"num={style}"
        f = [
            num_f,
            f"{num_f}:{min(num, 9)}",
            f"is_top={int(is_top)}",
            f"has_head={int(h is not None)}",
            "len=" + _size(len(t)),
            f"top={top}",
            f"topnum={top_num}",
            f"sub={sub}",
            f"top={top}|sub={sub}",
            f"pos={min(int(10 * i / max(n, 1)), 9)}",
        ]
        for lab in sorted(head_cues, key=_ORDER.__getitem__):
            f += ["hcue=" + lab, f"hcue={lab}|{num_f}"]
        for lab, k in counts.items():
            f.append("cue=" + lab)
            if k > 1:
                f.append("cue2=" + lab)
        if _ISO_DATE.search(window):
            f.append("date")
        if _URL.search(window):
            f.append("url")
        if _FIELD.match(t):
            f.append("field")
        if t.rstrip().endswith(_STOPS):
            f.append("ends_stop")
        if i == 0:
            f.append("first")
        if i + 1 == n:
            f.append("last")
        kind = kinds[i]
        kp = kinds[i - 1] if i > 0 else "start"
        kn = kinds[i + 1] if i + 1 < n else "end"
        f += ["kind=" + kind, f"kind={kind}|prev={kp}", f"kind={kind}|next={kn}", f"kind={kind}|{kp}|{kn}"]
        head = fold(h if h else t[:HEAD_CHARS])
        body = fold((t[len(h) :] if h else t)[: BODY_CHARS + 20])[:BODY_CHARS]
        out.append((f, head, body, part))
    return out
