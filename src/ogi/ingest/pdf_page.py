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

from ..data_files import load_toml
from .pdf_layout import Char
from .pdf_ruling import Edge, segment_edge

_PDF = load_toml("ingest.toml")["pdf"]  # tolerances of the page layout, with their reasons
_MAX_CHAR_WIDTH: float = _PDF["max_char_width"]  # (read once: the per-character loop uses it)


def _direct(name: str, restype, *argtypes):
    """A PDFium function taking plain addresses: the per-character calls are the reader's
    inner loop, and pypdfium2's typed wrappers convert every argument."""
    from pypdfium2_raw.bindings import _libs

    fn = getattr(next(iter(_libs.values())), name)
    address = ctypes.cast(fn, ctypes.c_void_p).value
    assert address is not None  # a symbol the library resolved has an address
    return ctypes.CFUNCTYPE(restype, *argtypes)(address)


_VP, _INT = ctypes.c_void_p, ctypes.c_int
try:
    _text_object = _direct("FPDFText_GetTextObject", _VP, _VP, _INT)
    _loose_box = _direct("FPDFText_GetLooseCharBox", _INT, _VP, _INT, _VP)
    _is_generated = _direct("FPDFText_IsGenerated", _INT, _VP, _INT)
    _object_type = _direct("FPDFPageObj_GetType", _INT, _VP)
    _page_object = _direct("FPDFPage_GetObject", _VP, _VP, _INT)
except Exception:  # bindings laid out otherwise: the typed wrappers

    def _text_object(textpage, i):
        return ctypes.cast(raw.FPDFText_GetTextObject(ctypes.cast(textpage, raw.FPDF_TEXTPAGE), i), _VP).value

    def _loose_box(textpage, i, box):
        return raw.FPDFText_GetLooseCharBox(
            ctypes.cast(textpage, raw.FPDF_TEXTPAGE), i, ctypes.cast(box, ctypes.POINTER(raw.FS_RECTF))
        )

    def _is_generated(textpage, i):
        return raw.FPDFText_IsGenerated(ctypes.cast(textpage, raw.FPDF_TEXTPAGE), i)

    def _object_type(obj):
        return raw.FPDFPageObj_GetType(ctypes.cast(obj, raw.FPDF_PAGEOBJECT))

    def _page_object(page, i):
        return ctypes.cast(raw.FPDFPage_GetObject(ctypes.cast(page, raw.FPDF_PAGE), i), _VP).value


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
        box = raw.FS_RECTF()
        box_at = ctypes.addressof(box)
        handle = ctypes.cast(textpage.raw, _VP).value
        matrix = raw.FS_MATRIX()
        sizes: dict[int, float] = {}  # text object -> font size in points
        out: list[Char] = []
        append = out.append
        for i, ch in enumerate(full):
            if ch in " \r\n\ufffe" and _is_generated(handle, i):
                continue  # PDFium's own word and line breaks
            key = _text_object(handle, i) or 0
            size = sizes.get(key)
            if size is None:
                raw.FPDFText_GetMatrix(textpage, i, matrix)
                size = sizes[key] = raw.FPDFText_GetFontSize(textpage, i) * math.hypot(matrix.c, matrix.d)
            # the loose box's bottom is the baseline plus the font's descent
            _loose_box(handle, i, box_at)
            left, right, bottom = box.left, box.right, height - box.bottom
            if right - left > _MAX_CHAR_WIDTH * size:
                # PDFium counts character spacing into the box (a label set one character per
                # line); the advance of a full-width character is one font size, half of it else
                right = left + (size if ord(ch) >= 0x2E80 else size / 2)
            append(Char(ch, left, right, bottom - size, bottom, size))
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
    """Edges of the paths and the count of images among `objs` (addresses), forms entered."""
    for address in objs:
        kind = _object_type(address)
        if kind == raw.FPDF_PAGEOBJ_TEXT:
            continue
        obj = ctypes.cast(address, raw.FPDF_PAGEOBJECT)
        if kind == raw.FPDF_PAGEOBJ_PATH:
            m = _matrix(obj)
            _path_edges(obj, _compose(m, outer) if outer else m, height, content.edges)
        elif kind == raw.FPDF_PAGEOBJ_IMAGE:
            content.images += 1
        elif kind == raw.FPDF_PAGEOBJ_FORM and depth < _PDF["max_form_depth"]:
            m = _matrix(obj)
            m = _compose(m, outer) if outer else m
            kids = [
                ctypes.cast(raw.FPDFFormObj_GetObject(obj, i), _VP).value
                for i in range(raw.FPDFFormObj_CountObjects(obj))
            ]
            _objects(content, kids, m, height, depth + 1)


def read_page(page: pdfium.PdfPage) -> PageContent:
    """The characters and ruling lines of one page."""
    width, height = page.get_size()
    content = PageContent(width, height, _chars(page, height))
    handle = ctypes.cast(page.raw, _VP).value
    objs = [_page_object(handle, i) for i in range(raw.FPDFPage_CountObjects(page))]
    _objects(content, objs, None, height)
    return content
