"""One PDF page through PDFium (pypdfium2): its characters with their boxes, and its ruling lines.

Coordinates are page points with y growing downwards, as in `pdf_layout`. A character's box
runs from its font's descent below the baseline to one font size above it, across its
advance width (the box pdfminer gives, so that lines and cells cluster as they always did).
Ruling lines are the straight horizontal and vertical segments of the page's painted paths,
forms included.
"""
from __future__ import annotations

import ctypes
import math
from dataclasses import dataclass, field

import pypdfium2 as pdfium
import pypdfium2.raw as raw

from .pdf_layout import Char
from .pdf_ruling import Edge, segment_edge


@dataclass
class PageContent:
    width: float
    height: float
    chars: list[Char] = field(default_factory=list)
    edges: list[Edge] = field(default_factory=list)
    images: int = 0  # image objects on the page (a scan is one image and no text)


def _chars(page: pdfium.PdfPage, height: float) -> list[Char]:
    textpage = page.get_textpage()
    try:
        n = textpage.count_chars()
        if n <= 0:
            return []
        full = textpage.get_text_range(0, n, errors="replace")
        if len(full) != n:  # characters outside the BMP: read one by one
            full = "".join(chr(raw.FPDFText_GetUnicode(textpage, i)) for i in range(n))
        ox, oy = ctypes.c_double(), ctypes.c_double()
        box = raw.FS_RECTF()
        matrix = raw.FS_MATRIX()
        descent = ctypes.c_float()
        fonts: dict[int, tuple[float, float]] = {}  # text object -> (size, descent) in points
        out = []
        for i, ch in enumerate(full):
            if ch in " \r\n\ufffe" and raw.FPDFText_IsGenerated(textpage, i):
                continue  # PDFium's own word and line breaks
            obj = raw.FPDFText_GetTextObject(textpage, i)
            key = ctypes.cast(obj, ctypes.c_void_p).value or 0
            metrics = fonts.get(key)
            if metrics is None:
                raw.FPDFText_GetMatrix(textpage, i, matrix)
                size = raw.FPDFText_GetFontSize(textpage, i) * math.hypot(matrix.c, matrix.d)
                font = raw.FPDFTextObj_GetFont(obj) if obj else None
                if font and raw.FPDFFont_GetDescent(font, ctypes.c_float(1.0), descent):
                    metrics = (size, descent.value * size)
                else:
                    metrics = (size, 0.0)
                fonts[key] = metrics
            size, desc = metrics
            raw.FPDFText_GetCharOrigin(textpage, i, ox, oy)
            raw.FPDFText_GetLooseCharBox(textpage, i, box)
            base = height - oy.value
            right = box.right
            if right - box.left > 1.05 * size:
                # PDFium counts character spacing into the box (a label set one character per
                # line); the advance of a full-width character is one font size, half of it else
                right = box.left + (size if ord(ch) >= 0x2E80 else size / 2)
            out.append(Char(ch, box.left, right, base - desc - size, base - desc, size))
        return out
    finally:
        textpage.close()


def _path_edges(obj, m: tuple[float, ...], height: float, out: list[Edge]) -> None:
    fill = ctypes.c_int()
    stroke = ctypes.c_int()
    if raw.FPDFPath_GetDrawMode(obj, fill, stroke) and not fill.value and not stroke.value:
        return  # neither filled nor stroked: draws nothing
    a, b, c, d, e, f = m
    x, y = ctypes.c_float(), ctypes.c_float()
    start = prev = None
    for i in range(raw.FPDFPath_CountSegments(obj)):
        seg = raw.FPDFPath_GetPathSegment(obj, i)
        raw.FPDFPathSegment_GetPoint(seg, x, y)
        pt = (a * x.value + c * y.value + e, height - (b * x.value + d * y.value + f))
        if raw.FPDFPathSegment_GetType(seg) == raw.FPDF_SEGMENT_MOVETO or prev is None:
            start = pt
        else:
            edge = segment_edge(prev[0], prev[1], pt[0], pt[1])
            if edge:
                out.append(edge)
        prev = pt
        if raw.FPDFPathSegment_GetClose(seg) and start is not None and start != pt:
            edge = segment_edge(pt[0], pt[1], start[0], start[1])
            if edge:
                out.append(edge)
            prev = start


def _matrix(obj) -> tuple[float, ...]:
    m = raw.FS_MATRIX()
    if not raw.FPDFPageObj_GetMatrix(obj, m):
        return (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
    return (m.a, m.b, m.c, m.d, m.e, m.f)


def _compose(inner: tuple[float, ...], outer: tuple[float, ...]) -> tuple[float, ...]:
    a, b, c, d, e, f = inner
    A, B, C, D, E, F = outer
    return (a * A + b * C, a * B + b * D, c * A + d * C, c * B + d * D, e * A + f * C + E, e * B + f * D + F)


def _objects(content: PageContent, objs, outer, height: float, depth: int = 0) -> None:
    for obj in objs:
        kind = raw.FPDFPageObj_GetType(obj)
        if kind == raw.FPDF_PAGEOBJ_PATH:
            m = _matrix(obj)
            _path_edges(obj, _compose(m, outer) if outer else m, height, content.edges)
        elif kind == raw.FPDF_PAGEOBJ_IMAGE:
            content.images += 1
        elif kind == raw.FPDF_PAGEOBJ_FORM and depth < 8:
            m = _matrix(obj)
            m = _compose(m, outer) if outer else m
            kids = [raw.FPDFFormObj_GetObject(obj, i) for i in range(raw.FPDFFormObj_CountObjects(obj))]
            _objects(content, kids, m, height, depth + 1)


def read_page(page: pdfium.PdfPage) -> PageContent:
    """The characters and ruling lines of one page."""
    width, height = page.get_size()
    content = PageContent(width, height, _chars(page, height))
    objs = [raw.FPDFPage_GetObject(page, i) for i in range(raw.FPDFPage_CountObjects(page))]
    _objects(content, objs, None, height)
    return content
