"""A PDF checked before any reader opens it: how much its compressed streams decode to.

Every `stream … endstream` of the file is inflated here in small pieces that are counted and
dropped, so a deflate bomb is refused after reading it once with constant memory. Streams that
are not images (page contents, fonts, object streams) together may decode to at most a bound
linear in the file; an image, which a text reader does not decode, at most the size its own
/Width, /Height and /BitsPerComponent declare. Filters other than Flate are not inflated here.
"""

from __future__ import annotations

import re
import zlib

from ..document import IngestError
from .limits import bounds, human, limit_error

_STREAM = re.compile(rb"(?<!end)stream(?:\r\n|\n|\r)")
_FLATE_FIRST = re.compile(rb"/Filter\s*(?:\[\s*)?/(?:FlateDecode|Fl)\b")
_IMAGE = re.compile(rb"/Subtype\s*/Image\b")
_INT = {k: re.compile(rb"/" + k + rb"\s+(\d+)(?!\s+\d+\s+R)") for k in (b"Width", b"Height", b"BitsPerComponent")}
_CHUNK = 1 << 16


def _dict_before(data: bytes, pos: int) -> bytes:
    """The object header and dictionary in front of a `stream` keyword."""
    start = data.rfind(b"obj", max(0, pos - 8192), pos)
    return data[start if start >= 0 else max(0, pos - 8192) : pos]


def _image_bound(head: bytes) -> int | None:
    """Bytes an image's declared size allows (4 components at most, a predictor byte per row)."""
    vals = {}
    for key, rx in _INT.items():
        m = rx.search(head)
        if m is None:
            return None
        vals[key] = int(m.group(1))
    width, height, bpc = vals[b"Width"], vals[b"Height"], max(vals[b"BitsPerComponent"], 1)
    return height * ((width * 4 * bpc + 7) // 8 + 1) + 4096


def _inflated_size(data: bytes, start: int, end: int, cap: int) -> int:
    """Bytes the deflate data in data[start:end] inflates to, counting at most cap + 1."""
    d = zlib.decompressobj()
    out, pos = 0, start
    try:
        while pos < end and out <= cap and not d.eof:
            piece = d.decompress(data[pos : min(pos + _CHUNK, end)], _CHUNK)
            pos += _CHUNK
            out += len(piece)
            while d.unconsumed_tail and out <= cap and not d.eof:
                piece = d.decompress(d.unconsumed_tail, _CHUNK)
                if not piece:
                    break
                out += len(piece)
    except zlib.error:
        pass  # a damaged stream: the reader decides what to make of it
    return out


def check_pdf(data: bytes) -> IngestError | None:
    """Why this PDF must not be opened, or None."""
    p = bounds()["pdf"]
    bound = p["decoded_floor"] + p["decoded_per_file_byte"] * len(data)
    total = 0
    for m in _STREAM.finditer(data):
        head = _dict_before(data, m.start())
        if not _FLATE_FIRST.search(head):
            continue
        end = data.find(b"endstream", m.end())
        end = len(data) if end < 0 else end
        image = _image_bound(head) if _IMAGE.search(head) else None
        if image is not None:
            size = _inflated_size(data, m.end(), end, image)
            if size > image:
                return limit_error("pdf_image", f"> {human(image)}", human(image), code="corrupt")
            continue
        total += _inflated_size(data, m.end(), end, bound - total)
        if total > bound:
            return limit_error("pdf_bomb", f"> {human(bound)}", human(bound))
    return None
