"""Web pages (.html/.htm): the report body without site navigation, tables as grids."""

from __future__ import annotations

import functools
import re
from typing import Any

from lxml import etree
from lxml import html as lxml_html

from ..data_files import load_toml
from ..document import Document, IngestError, TextBuilder
from .limits import GridBudget, TooLarge, bounds, limit_error
from .normalize import normalize_text
from .text import decode_bytes, replaced_bytes_flag

_SKIP = {
    "script",
    "style",
    "noscript",
    "template",
    "head",
    "nav",
    "header",
    "footer",
    "iframe",
    "form",
    "button",
    "select",
    "svg",
    "object",
    "embed",
}
_BLOCK = {
    "p",
    "div",
    "br",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "li",
    "ul",
    "ol",
    "section",
    "article",
    "table",
    "tr",
    "blockquote",
    "pre",
    "dd",
    "dt",
    "dl",
    "hr",
    "center",
    "main",
}
_PAGE = load_toml("ingest.toml")["html"]  # how the report's part of a page is found
_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([A-Za-z0-9_\-]+)""", re.I)


def _tag(el) -> str:
    tag = el.tag
    return _tag_name(tag) if isinstance(tag, str) else ""


@functools.lru_cache(maxsize=1024)  # a page has few distinct tags, asked for at every element
def _tag_name(tag: str) -> str:
    return tag.rsplit("}", 1)[-1].split(":")[-1].lower()


def _decode(data: bytes) -> tuple[str | None, str | None]:
    # Bytes that are valid UTF-8 and not plain ASCII are UTF-8, whatever the page's meta
    # says: a page saved as UTF-8 under an old iso-8859-1 or gb2312 meta is common, and no
    # real text in those encodings is valid UTF-8 by chance.
    if not data.isascii():
        try:
            return data.decode("utf-8"), "utf_8"
        except UnicodeDecodeError:
            pass
    m = _CHARSET.search(data[:4096])
    if m:
        enc = m.group(1).decode("ascii").lower()
        if enc in ("gb2312", "gbk"):
            enc = "gb18030"  # supersets: pages labelled gb2312 often hold GBK characters
        try:
            return data.decode(enc), enc
        except (LookupError, UnicodeDecodeError):
            pass
    return decode_bytes(data)


def _count(s: str | None) -> int:
    return sum(1 for ch in s if "\u4e00" <= ch <= "\u9fff" or ch.isdigit()) if s else 0


def _text_sizes(root) -> dict:
    """For every element: (CJK+digit characters under it, those inside links), without
    recursion (a page may nest thousands of elements deep): the elements are listed parents
    first, then summed in the reverse order, children before their parents."""
    order = []  # (element, inside a link, its children)
    stack = [(root, False)]
    while stack:
        el, in_link = stack.pop()
        tag = el.tag
        if not isinstance(tag, str) or (name := _tag_name(tag)) in _SKIP:
            continue
        in_link = in_link or name == "a"
        children = list(el)
        order.append((el, in_link, children))
        stack.extend([(child, in_link) for child in children])
    sizes: dict = {}
    for el, in_link, children in reversed(order):
        n = _count(el.text)
        total, link = n, (n if in_link else 0)
        for child in children:
            t, in_links = sizes.get(child, (0, 0))
            tail = _count(child.tail)
            total += t + tail
            link += in_links + (tail if in_link else 0)
        sizes[el] = (total, link)
    return sizes


def _content_root(body):
    """Descend from <body> into the child that holds most of the non-link text."""
    sizes = _text_sizes(body)
    node = body
    while True:
        best, best_score = None, 0
        own_total, own_link = sizes.get(node, (0, 0))
        own = own_total - own_link
        for child in node:
            if child not in sizes:
                continue
            total, link = sizes[child]
            score = total - _PAGE["link_weight"] * link
            if score > best_score:
                best, best_score = child, score
        if (
            best is None
            or own <= 0
            or best_score < _PAGE["descend_share"] * own
            or _tag(best) in ("table", "tbody", "tr")
        ):
            return node
        node = best


def _span(td, name: str, most: int) -> int:
    try:
        return max(1, min(int(td.get(name, "1") or 1), most))
    except ValueError:
        return 1


def _table_grid(table, budget: GridBudget) -> tuple[list[list[str | None]], list[list[tuple[int, int] | None]]]:
    """Expand rowspan/colspan into a rectangular grid of cell texts (a rowspan past the last
    row ends there, as in a browser); limits.TooLarge when the spans expand out of bounds."""
    rows = [tr for tr in table.iter() if _tag(tr) == "tr" and _nearest_table(tr) is table]
    t = bounds()["table"]
    budget.spend(0, sum(1 for tr in rows for td in tr if _tag(td) in ("td", "th")))
    grid: dict[tuple[int, int], tuple[str | None, tuple[int, int]]] = {}
    width = 0
    for r, tr in enumerate(rows):
        c = 0
        for td in tr:
            if _tag(td) not in ("td", "th"):
                continue
            while (r, c) in grid:
                c += 1
            rs = min(_span(td, "rowspan", t["max_rowspan"]), len(rows) - r)
            cs = _span(td, "colspan", t["max_colspan"])
            budget.spend(rs * cs)
            text = normalize_text(_inline_text(td))
            for dr in range(rs):
                for dc in range(cs):
                    grid[(r + dr, c + dc)] = (text if (dr, dc) == (0, 0) else None, (r, c))
            c += cs
            width = max(width, c)
    n_rows = len(rows)
    budget.spend(n_rows * width)
    out: list[list[str | None]] = [[None] * width for _ in range(n_rows)]
    merged: list[list[tuple[int, int] | None]] = [[None] * width for _ in range(n_rows)]
    for (r, c), (value, origin) in grid.items():
        if r < n_rows and c < width:
            out[r][c] = value
            merged[r][c] = origin
    return out, merged


def table_grid(fragment: str, budget: GridBudget) -> tuple[list[list[str | None]], list[list[tuple[int, int] | None]]]:
    """The grid of one `<table>…</table>` written inside another text (a Markdown file, as
    PDF-to-Markdown converters write tables whose cells span rows or columns)."""
    parser = etree.HTMLParser(huge_tree=True)
    try:
        root = lxml_html.document_fromstring(fragment, parser=parser)
    except (etree.ParserError, ValueError):
        return [], []
    table = next((el for el in root.iter() if _tag(el) == "table"), None)
    return _table_grid(table, budget) if table is not None else ([], [])


def _nearest_table(el):
    for a in el.iterancestors():
        if _tag(a) == "table":
            return a
    return None


def _inline_text(el) -> str:
    parts = []
    for node in el.iter():
        tag = _tag(node)
        if tag in _SKIP:
            continue
        if node.text:
            parts.append(node.text)
        if node is not el:
            if node.tail:
                parts.append(node.tail)
            if tag in ("br", "p", "div"):
                parts.append(" ")
    return " ".join("".join(parts).split())


class _Walker:
    def __init__(self, doc: Document) -> None:
        self.tb = TextBuilder()
        self.doc = doc
        self.line: list[str] = []
        self.budget = GridBudget()

    def flush(self) -> None:
        text = "".join(self.line)
        self.line = []
        text = " ".join(text.split()) if "\n" not in text else text
        if text.strip():
            self.tb.newline()
            self.tb.add(text.strip())
            self.tb.add("\n")

    def walk(self, root) -> None:
        """The text of `root` in document order (with an explicit stack: pages nest deep)."""
        # ("el", element) opens an element; ("tail", text) and ("flush", None) follow its children
        # (lxml has no type information: an element is Any)
        stack: list[tuple[str, Any]] = [("el", root)]
        while stack:
            what, item = stack.pop()
            if what == "flush":
                self.flush()
                continue
            if what == "tail":
                self.line.append(normalize_text(item))
                continue
            el = item
            tag = _tag(el)
            if tag in _SKIP or not isinstance(el.tag, str):
                continue
            if tag == "table":
                self.flush()
                grid, merged = _table_grid(el, self.budget)
                if any(any(v for v in row) for row in grid):
                    self.doc.tables.append(self.tb.add_table(grid, merged))
                continue
            block = tag in _BLOCK
            if block:
                self.flush()
                stack.append(("flush", None))
            if el.text:
                self.line.append(normalize_text(el.text))
            for child in reversed(el):
                if child.tail:
                    stack.append(("tail", child.tail))
                stack.append(("el", child))


def read_html(path: str, data: bytes) -> Document:
    doc = Document(path=path, kind="html")
    text, encoding = _decode(data)
    if text is None or not text.strip():
        doc.errors.append(
            IngestError(
                "unknown_encoding", "无法识别网页的文字编码。", "The page's text encoding could not be recognized."
            )
        )
        return doc
    doc.encoding = encoding
    # huge_tree: libxml2 otherwise drops, without a word, what is nested over 256 deep
    # (lxml's plain elements: the lxml.html element classes are looked up in Python for every
    # element touched, and nothing here uses them)
    parser = etree.HTMLParser(huge_tree=True)
    try:
        root = lxml_html.document_fromstring(text, parser=parser)
    except (etree.ParserError, ValueError) as exc:
        doc.errors.append(IngestError("corrupt", "网页无法解析。", f"The page could not be parsed ({exc})."))
        return doc
    if any(e.type_name == "ERR_RESOURCE_LIMIT" for e in parser.error_log):
        raise TooLarge(limit_error("html_depth", "", bounds()["html"]["max_depth"]))
    body = root.find("body")
    if body is None:
        body = root
    content = _content_root(body)
    walker = _Walker(doc)
    # The page title often names agency and year when the body does not: keep it first.
    title = root.findtext(".//title")
    if title and title.strip() and title.strip() not in _inline_text(content)[:400]:
        walker.line.append(normalize_text(title.strip()))
        walker.flush()
    walker.walk(content)
    walker.flush()
    doc.text = walker.tb.text()
    flag = replaced_bytes_flag(doc.text, encoding)
    if flag:
        doc.warnings.append(flag)
    return doc
