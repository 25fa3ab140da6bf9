"""Image-only pages (scans) and page images read by OCR: the optional extra `ogi[ocr]`.

RapidOCR (rapidocr-onnxruntime, PP-OCR models shipped in its wheel, CPU, offline) reads the
page image; each recognised character becomes a `Char` box in page points with the
recogniser's confidence, and the table rules are found in the image itself (long dark
horizontal and vertical runs). From there the page goes through the same line, word and grid
code as a PDF's text layer (`pdf_layout`, `pdf_ruling`).

Before OCR a scan is cleaned the way a reader would see it: coloured marks (a red seal over a
table) are lightened away by taking each pixel's brightest channel, and a slightly rotated
scan is straightened by the angle of its long rules.
"""

from __future__ import annotations

import functools
import importlib.util
import math

import numpy as np

from ..data_files import load_toml
from .pdf_layout import Char
from .pdf_page import PageContent
from .pdf_ruling import Edge, find_tables

_OCR = load_toml("ingest.toml")["ocr"]  # sizes, shares and grey levels, with their reasons
MAX_SIDE: int = _OCR["max_side"]
RULE_SHARE: float = _OCR["rule_share"]
V_RULE_SHARE: float = _OCR["v_rule_share"]
WHITE_FROM: float = _OCR["white_from"]
INK_BELOW: int = _OCR["ink_below"]
CELL_INK: int = _OCR["cell_ink"]
MIN_SKEW: float = _OCR["min_skew"]
EXTRA_HINT = "pip install 'ogi[ocr]'"


@functools.lru_cache(maxsize=1)
def available() -> bool:
    """Whether the OCR extra is installed and loads (OpenCV needs the system's libGL). Asked
    only once a scanned page or an image turns up."""
    if any(importlib.util.find_spec(m) is None for m in ("cv2", "rapidocr_onnxruntime")):
        return False
    try:
        import cv2  # noqa: F401
        import rapidocr_onnxruntime  # noqa: F401
    except (ImportError, OSError):
        return False
    return True


@functools.lru_cache(maxsize=1)
def _engine():
    from rapidocr_onnxruntime import RapidOCR

    # one thread per process: ogi runs a process per core for a corpus
    return RapidOCR(intra_op_num_threads=1, inter_op_num_threads=1, use_cls=False)


def render(page) -> np.ndarray:
    """A PDF page (pypdfium2) as an RGB image whose longer side is MAX_SIDE pixels."""
    width, height = page.get_size()
    scale = MAX_SIDE / max(width, height)
    return page.render(scale=scale).to_numpy()[:, :, :3].copy()


def clean(image: np.ndarray) -> np.ndarray:
    """Grey image with coloured marks removed: each pixel's brightest channel keeps black
    print black and turns a red or blue seal light grey, and levels (everything lighter than
    WHITE_FROM becomes white) take the seal and the paper's grain away."""
    grey = image if image.ndim == 2 else image[:, :, :3].max(axis=2)
    return np.clip(grey.astype(np.float32) * (255.0 / WHITE_FROM), 0, 255).astype(np.uint8)


def _ink(grey: np.ndarray) -> np.ndarray:
    return np.where(grey < INK_BELOW, 255, 0).astype(np.uint8)


def _rules(grey: np.ndarray) -> tuple[list[tuple[int, int, int, int]], list[tuple[int, int, int, int]]]:
    """Horizontal and vertical rules of a grey image as pixel boxes (x0, y0, x1, y1).

    A horizontal rule is a long dark run (RULE_SHARE of the width). A vertical one may be as
    short as one table row (a column rule of a two-row block), so the run asked of it is short
    (V_RULE_SHARE of the height) and it is kept only where both its ends meet a horizontal
    rule: a character's upright stroke meets none."""
    import cv2

    ink = _ink(grey)
    h, w = grey.shape
    found = []
    for size in ((max(10, int(w * RULE_SHARE)), 1), (1, max(8, int(h * V_RULE_SHARE)))):
        kernel = cv2.getStructuringElement(cv2.MORPH_RECT, size)
        lines = cv2.morphologyEx(ink, cv2.MORPH_OPEN, kernel)
        # close the small gaps that grain or a character touching the rule leave
        lines = cv2.dilate(lines, cv2.getStructuringElement(cv2.MORPH_RECT, (3, 3)))
        n, _, stats, _ = cv2.connectedComponentsWithStats(lines)
        found.append([(x, y, x + bw, y + bh) for x, y, bw, bh, _ in stats[1:n]])
    horizontal, vertical = found
    reach = 6

    def meets(x: float, y: float) -> bool:
        return any(x0 - reach <= x <= x1 + reach and y0 - reach <= y <= y1 + reach for x0, y0, x1, y1 in horizontal)

    vertical = [v for v in vertical if meets((v[0] + v[2]) / 2, v[1]) and meets((v[0] + v[2]) / 2, v[3])]
    return horizontal, vertical


def skew_angle(grey: np.ndarray) -> float:
    """The scan's rotation in degrees, from its long near-horizontal lines (0 when none)."""
    import cv2

    ink = _ink(grey)
    w = grey.shape[1]
    found = cv2.HoughLinesP(
        ink,
        1,
        np.pi / 1800,
        threshold=_OCR["skew_votes"],
        minLineLength=int(w * _OCR["skew_line_share"]),
        maxLineGap=_OCR["skew_line_gap"],
    )
    if found is None:
        return 0.0
    angles = []
    for x0, y0, x1, y1 in np.asarray(found).reshape(-1, 4):
        a = math.degrees(math.atan2(y1 - y0, x1 - x0))
        if abs(a) < _OCR["max_skew"]:
            angles.append(a)
    return float(np.median(angles)) if angles else 0.0


def straighten(grey: np.ndarray) -> np.ndarray:
    import cv2

    angle = skew_angle(grey)
    if abs(angle) < MIN_SKEW:
        return grey
    h, w = grey.shape
    m = cv2.getRotationMatrix2D((w / 2, h / 2), angle, 1.0)
    return cv2.warpAffine(grey, m, (w, h), flags=cv2.INTER_LINEAR, borderValue=255)


def _edges(grey: np.ndarray, scale: float) -> list[Edge]:
    """Rules as edges in page points (`scale` points per pixel), each at its centre line."""
    horizontal, vertical = _rules(grey)
    edges = []
    for x0, y0, x1, y1 in horizontal:
        y = (y0 + y1) / 2 * scale
        edges.append(Edge("h", x0 * scale, y, x1 * scale, y))
    for x0, y0, x1, y1 in vertical:
        x = (x0 + x1) / 2 * scale
        edges.append(Edge("v", x, y0 * scale, x, y1 * scale))
    return edges


def _chars(result, scale: float) -> list[Char]:
    """Recognised characters as boxes in page points, each with its confidence. The
    characters of one recognised run are laid edge to edge, so that the gaps the recogniser
    leaves between them do not read as spaces."""
    chars = []
    for item in result or []:
        box, text, score = item[0], item[1], float(item[2])
        boxes = item[3] if len(item) > 3 else None
        letters = item[4] if len(item) > 4 else None
        scores = item[5] if len(item) > 5 else None
        xs = [p[0] for p in box]
        ys = [p[1] for p in box]
        x0, x1 = min(xs) * scale, max(xs) * scale
        top, bottom = min(ys) * scale, max(ys) * scale
        if boxes and letters and len(boxes) == len(letters):
            pieces = [
                (min(p[0] for p in b) * scale, ch, float(scores[k]) if scores and k < len(scores) else score)
                for k, (b, ch) in enumerate(zip(boxes, letters))
            ]
        else:
            pieces = [(x0 + k * (x1 - x0) / max(len(text), 1), ch, score) for k, ch in enumerate(text)]
        chars.extend(_run(pieces, x1, top, bottom))
    return chars


def _run(pieces: list[tuple[float, str, float]], right: float, top: float, bottom: float) -> list[Char]:
    """Characters from (left, text, confidence) pieces of one run ending at `right`; a piece
    may hold several characters (a number), which share its width."""
    size = (bottom - top) * _OCR["type_share"]  # a line box is a little taller than the type
    out: list[Char] = []
    for k, (left, text, conf) in enumerate(pieces):
        end = pieces[k + 1][0] if k + 1 < len(pieces) else right
        step = max(end - left, 0.1) / max(len(text), 1)
        out.extend(Char(c, left + j * step, left + (j + 1) * step, top, bottom, size, conf) for j, c in enumerate(text))
    return out


def _empty_cells(grey: np.ndarray, chars: list[Char], edges: list[Edge], scale: float) -> list[Char]:
    """Ruled cells where the recogniser found nothing but the scan has ink (a lone digit is
    easy to miss on a whole page): each read again on its own."""
    found = []
    for table in find_tables(edges):
        for x0, top, x1, bottom in table.cells:
            if any(x0 <= (c.x0 + c.x1) / 2 < x1 and top <= (c.top + c.bottom) / 2 < bottom for c in chars):
                continue
            inset = 3
            px0, py0 = int(x0 / scale) + inset, int(top / scale) + inset
            px1, py1 = int(x1 / scale) - inset, int(bottom / scale) - inset
            if px1 - px0 < _OCR["min_cell_px"] or py1 - py0 < _OCR["min_cell_px"]:
                continue
            crop = grey[py0:py1, px0:px1]
            dark = np.argwhere(crop < 128)
            if len(dark) < CELL_INK:
                continue
            (ry0, rx0), (ry1, rx1) = dark.min(axis=0), dark.max(axis=0)
            pad = 4
            ry0, rx0 = max(ry0 - pad, 0), max(rx0 - pad, 0)
            piece = crop[ry0 : ry1 + pad + 1, rx0 : rx1 + pad + 1]
            result, _ = _engine()(np.ascontiguousarray(np.stack([piece] * 3, axis=2)), use_det=False, use_cls=False)
            if not result:
                continue
            text, conf = result[0][0].strip(), float(result[0][1])
            if not text or conf < _OCR["min_confidence"]:
                continue
            left, right = (px0 + rx0) * scale, (px0 + rx1 + 1) * scale
            found.extend(_run([(left, text, conf)], right, (py0 + ry0) * scale, (py0 + ry1 + pad) * scale))
    return found


def read_page_image(image: np.ndarray, width: float, height: float | None = None) -> PageContent:
    """OCR one page image shown at `width` points wide: its characters and rules."""
    grey = straighten(clean(image))
    scale = width / grey.shape[1]
    if height is None:
        height = grey.shape[0] * scale
    result, _ = _engine()(np.ascontiguousarray(np.stack([grey] * 3, axis=2)), return_word_box=True)
    chars = _chars(result, scale)
    edges = _edges(grey, scale)
    return PageContent(width, height, chars + _empty_cells(grey, chars, edges, scale), edges)
