"""Text laid out in columns with spaces, as `pdftotext -layout` prints a PDF page.

Such a text keeps a page's geometry in its character columns: a table's values stand under
their header, a label wrapped in a narrow column continues on the lines below at the same
column, a paragraph's lines stop at one right margin. Each character is given the box it
would have on a page of fixed-width type (a Chinese or full-width character two columns
wide), and the pages (cut at form feeds) are read by the PDF reader's own code: lines,
paragraphs, page furniture and tables without ruling lines. Settings: `[laid_out]` of
`data/ingest.toml`.
"""

from __future__ import annotations

import re
from functools import cache

from ..data_files import load_toml
from ..document import Document
from .normalize import normalize_text
from .pdf import read_pages
from .pdf_layout import Char
from .pdf_page import PageContent
from .unwrap import columns


@cache
def _settings() -> tuple[dict, re.Pattern]:
    s = load_toml("ingest.toml")["laid_out"]
    row = re.compile(r"(?=.*\d)(?:.*?\S {" + str(int(s["gap"])) + r",}(?=\S)){" + str(int(s["min_gaps"])) + "}")
    return s, row


def is_laid_out(text: str) -> bool:
    """Whether a text sets table rows in columns of spaces (see the module doc)."""
    s, row = _settings()
    if len(text) > s["max_chars"] or " " * int(s["gap"]) not in text:
        return False
    n = 0
    for line in text.split("\n"):
        if row.match(line):
            n += 1
            if n >= s["min_rows"]:
                return True
    return False


def page_of_text(text: str) -> PageContent:
    """One page of the text: a box for each character that is not a space."""
    s, _ = _settings()
    size, pitch = float(s["size"]), float(s["pitch"])
    half = size / 2
    chars: list[Char] = []
    width = 0
    lines = text.split("\n")
    for i, line in enumerate(lines):
        top = i * pitch
        col = 0
        for ch in line:
            w = columns(ch)
            if not ch.isspace():
                chars.append(Char(ch, col * half, (col + w) * half, top, top + size, size))
            col += w
        width = max(width, col)
    return PageContent(width=width * half, height=len(lines) * pitch, chars=chars, fixed_pitch=True)


def read_laid_out(doc: Document, text: str) -> None:
    """Fill `doc` (its text and tables) from a laid-out text, page by page."""
    pages = [page_of_text(normalize_text(p)) for p in text.split("\f")]
    read_pages(doc, pages)
