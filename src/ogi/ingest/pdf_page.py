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
_MAX_CHAR_WIDTH: float = _PDF["max_char_width"]


class _Handle(ctypes.c_void_p):
    """A PDFium object returned as it is, to pass on (ctypes turns a plain `c_void_p` result
    into an int, which would have to be wrapped again)."""


_REF = type(ctypes.byref(ctypes.c_char()))  # what `ctypes.byref` makes


def _at(address: int | None) -> object:
    """`address` as an argument of the untyped calls: a reference to the memory there, which
    ctypes passes on as it is, where it makes a new argument of a `c_void_p` on every call
    (a lookup of its type that costs a short call a sixth of its time)."""
    return ctypes.byref(ctypes.c_char.from_address(address or 0))


def _untyped(name: str, restype):
    """A PDFium function without declared argument types, called with `c_void_p` handles or
    `_at` references, C ints and ctypes buffers (or references to them): the per-character
    and per-segment calls are the reader's inner loops, and ctypes converts declared
    arguments more slowly than it passes these as they are.
    The library is opened again as a `PyDLL`: its calls keep the GIL, which a `CDLL` call
    releases and takes back each time, for calls of a microsecond that never call back."""
    try:
        from pypdfium2_raw.bindings import _libs

        fn = getattr(ctypes.PyDLL(next(iter(_libs.values()))._name), name)  # the loaded library again
        fn.restype = restype
        return fn
    except Exception:  # bindings laid out otherwise: the typed wrapper, arguments cast to its types
        typed = getattr(raw, name)

        def call(*args):
            out = typed(
                *(
                    ctypes.cast(ctypes.addressof(arg._obj), kind)
                    if isinstance(arg, _REF)
                    else ctypes.cast(arg, kind)
                    if isinstance(arg, (ctypes.c_void_p, ctypes.Array))
                    else arg
                    for arg, kind in zip(args, typed.argtypes)
                )
            )
            if restype is _VP:
                return ctypes.cast(out, _VP).value
            return ctypes.cast(out, restype) if restype is _Handle else out

        return call


_VP, _INT = ctypes.c_void_p, ctypes.c_int
_text_object = _untyped("FPDFText_GetTextObject", _VP)
_loose_box = _untyped("FPDFText_GetLooseCharBox", _INT)
_is_generated = _untyped("FPDFText_IsGenerated", _INT)
_text_matrix = _untyped("FPDFText_GetMatrix", _INT)
_font_size = _untyped("FPDFText_GetFontSize", ctypes.c_double)
_count_objects = _untyped("FPDFPage_CountObjects", _INT)
_page_object = _untyped("FPDFPage_GetObject", _VP)  # an address: looked up before it is wrapped
_object_type = _untyped("FPDFPageObj_GetType", _INT)
_object_matrix = _untyped("FPDFPageObj_GetMatrix", _INT)
_count_form_objects = _untyped("FPDFFormObj_CountObjects", _INT)
_form_object = _untyped("FPDFFormObj_GetObject", _VP)
_draw_mode = _untyped("FPDFPath_GetDrawMode", _INT)
_count_segments = _untyped("FPDFPath_CountSegments", _INT)
_segment = _untyped("FPDFPath_GetPathSegment", _Handle)
_segment_point = _untyped("FPDFPathSegment_GetPoint", _INT)
_segment_type = _untyped("FPDFPathSegment_GetType", _INT)
_segment_close = _untyped("FPDFPathSegment_GetClose", _INT)
_TEXT, _PATH = raw.FPDF_PAGEOBJ_TEXT, raw.FPDF_PAGEOBJ_PATH
_IMAGE, _FORM = raw.FPDF_PAGEOBJ_IMAGE, raw.FPDF_PAGEOBJ_FORM
_MOVETO = raw.FPDF_SEGMENT_MOVETO


def _floats(n: int) -> tuple[ctypes.Array, memoryview[float]]:
    """An out-structure of `n` C floats for PDFium to fill, and a view to read it by (reading a
    ctypes structure's fields costs more than the call that fills them)."""
    buf = bytearray(4 * n)
    return (ctypes.c_char * len(buf)).from_buffer(buf), memoryview(buf).cast("f")


@dataclass
class PageContent:
    width: float
    height: float
    chars: list[Char] = field(default_factory=list)
    edges: list[Edge] = field(default_factory=list)
    images: int = 0  # image objects on the page (a scan is one image and no text)
    fixed_pitch: bool = False  # lines one pitch apart: a text laid out in columns


def _chars(page: pdfium.PdfPage, height: float) -> tuple[list[Char], set[int]]:
    """The page's characters, and the text objects (addresses) that they were read from."""
    textpage = page.get_textpage()
    try:
        n = textpage.count_chars()
        if n <= 0:
            return [], set()
        full = textpage.get_text_range(0, n, errors="replace")
        if len(full) != n:  # characters outside the BMP: read one by one
            full = "".join(chr(raw.FPDFText_GetUnicode(textpage, i)) for i in range(n))
        box, lrtb = _floats(4)  # FS_RECTF: left, top, right, bottom
        matrix, abcdef = _floats(6)  # FS_MATRIX: a, b, c, d, e, f
        box_ref, matrix_ref = ctypes.byref(box), ctypes.byref(matrix)  # (passed as they are: see `_at`)
        handle = _at(ctypes.cast(textpage.raw, _VP).value)
        sizes: dict[int, float] = {}  # text object -> font size in points
        out: list[Char] = []
        append = out.append
        new = tuple.__new__  # Char(...) without its Python-level __new__
        hypot = math.hypot
        text_object, loose_box, widest = _text_object, _loose_box, _MAX_CHAR_WIDTH  # (locals: read per character)
        for i, ch in enumerate(full):
            if ch in " \r\n\ufffe" and _is_generated(handle, i):
                continue  # PDFium's own word and line breaks
            key = text_object(handle, i) or 0
            size = sizes.get(key)
            if size is None:
                _text_matrix(handle, i, matrix_ref)
                size = sizes[key] = _font_size(handle, i) * hypot(abcdef[2], abcdef[3])
            # the loose box's bottom is the baseline plus the font's descent
            loose_box(handle, i, box_ref)
            left, right, bottom = lrtb[0], lrtb[2], height - lrtb[3]
            if right - left > widest * size:
                # PDFium counts character spacing into the box (a label set one character per
                # line); the advance of a full-width character is one font size, half of it else
                right = left + (size if ord(ch) >= 0x2E80 else size / 2)
            append(new(Char, (ch, left, right, bottom - size, bottom, size, None)))
        return out, set(sizes)
    finally:
        textpage.close()


class _Out:
    """The out-parameters of the path calls, allocated once per page: views to read them by,
    references to pass (see `_at`)."""

    def __init__(self) -> None:
        matrix, self.abcdef = _floats(6)
        x, self.xv = _floats(1)
        y, self.yv = _floats(1)
        self.fill, self.stroke = (_INT * 1)(), (_INT * 1)()
        self.matrix, self.x, self.y = ctypes.byref(matrix), ctypes.byref(x), ctypes.byref(y)
        self.fill_ref, self.stroke_ref = ctypes.byref(self.fill), ctypes.byref(self.stroke)


def _path_edges(obj: object, m: tuple[float, ...], height: float, out: list[Edge], buf: _Out) -> None:
    if _draw_mode(obj, buf.fill_ref, buf.stroke_ref) and not buf.fill[0] and not buf.stroke[0]:
        return  # neither filled nor stroked: draws nothing
    a, b, c, d, e, f = m
    px, py, xv, yv = buf.x, buf.y, buf.xv, buf.yv  # (locals: read per segment)
    segment, point, kind, closes = _segment, _segment_point, _segment_type, _segment_close
    start = prev = None
    for i in range(_count_segments(obj)):
        seg = segment(obj, i)
        point(seg, px, py)
        x, y = xv[0], yv[0]
        pt = (a * x + c * y + e, height - (b * x + d * y + f))
        if prev is None or kind(seg) == _MOVETO:
            start = pt
        else:
            edge = segment_edge(*prev, *pt)
            if edge:
                out.append(edge)
        prev = pt
        if closes(seg) and start is not None and start != pt:
            edge = segment_edge(*pt, *start)
            if edge:
                out.append(edge)
            prev = start


def _matrix(obj: object, buf: _Out) -> tuple[float, ...]:
    if not _object_matrix(obj, buf.matrix):
        return (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
    return tuple(buf.abcdef)


def _compose(inner: tuple[float, ...], outer: tuple[float, ...]) -> tuple[float, ...]:
    a, b, c, d, e, f = inner
    A, B, C, D, E, F = outer
    return (a * A + b * C, a * B + b * D, c * A + d * C, c * B + d * D, e * A + f * C + E, e * B + f * D + F)


def _objects(
    content: PageContent,
    parent: object,
    count,
    get,
    outer,
    height: float,
    buf: _Out,
    texts: set[int],
    depth: int = 0,
) -> None:
    """Edges of the paths and the count of images among the `count(parent)` objects that
    `get(parent, i)` gives, forms entered. `texts`: text objects known from the text page,
    passed over without asking their kind (most objects: a page may set each character on
    its own)."""
    for i in range(count(parent)):
        address = get(parent, i)
        if address in texts:
            continue
        obj = _at(address)
        kind = _object_type(obj)
        if kind == _TEXT:
            continue
        if kind == _PATH:
            m = _matrix(obj, buf)
            _path_edges(obj, _compose(m, outer) if outer else m, height, content.edges, buf)
        elif kind == _IMAGE:
            content.images += 1
        elif kind == _FORM and depth < _PDF["max_form_depth"]:
            m = _matrix(obj, buf)
            m = _compose(m, outer) if outer else m
            _objects(content, obj, _count_form_objects, _form_object, m, height, buf, texts, depth + 1)


def read_page(page: pdfium.PdfPage) -> PageContent:
    """The characters and ruling lines of one page."""
    width, height = page.get_size()
    chars, texts = _chars(page, height)
    content = PageContent(width, height, chars)
    _objects(content, _at(ctypes.cast(page.raw, _VP).value), _count_objects, _page_object, None, height, _Out(), texts)
    return content
