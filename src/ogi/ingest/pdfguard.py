"""A PDF checked before any reader opens it: how much its compressed streams decode to.

Every `stream … endstream` of the file is inflated here in small pieces that are counted and
dropped, so a deflate bomb is refused after reading it once with constant memory. Streams that
are not images (page contents, fonts, object streams) together may decode to at most a bound
linear in the file; an image, which a text reader does not decode, at most the size its own
/Width, /Height and /BitsPerComponent declare. LZW and run-length streams are counted the same
way (their codes read, their output only measured); other filters expand at most a few times.
"""

from __future__ import annotations

import re
import zlib

from ..document import IngestError
from .limits import bounds, human, limit_error

# `stream` at a line end; one preceded by `end` is skipped in the loop (a regex that looks
# behind cannot jump ahead to its literal and tries every byte of the file)
_STREAM = re.compile(rb"stream(?:\r\n|\n|\r)")
_FIRST_FILTER = re.compile(rb"/Filter\s*(?:\[\s*)?/(FlateDecode|Fl|LZWDecode|LZW|RunLengthDecode|RL)\b")
_EARLY_CHANGE_OFF = re.compile(rb"/EarlyChange\s+0\b")
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


def _lzw_size(data: bytes, start: int, end: int, cap: int, early: int = 1) -> int:
    """Bytes the LZW data in data[start:end] decodes to (PDF 32000-1, 7.4.4), counting at most
    cap + 1: each code's length is known from the table of lengths, no byte is made."""
    lengths = [1] * 258
    width, next_code, prev, out = 9, 258, 0, 0
    bits = nbits = 0
    pos = start
    while out <= cap:
        while nbits < width:
            if pos >= end:
                return out
            bits = (bits << 8) | data[pos]
            pos += 1
            nbits += 8
        nbits -= width
        code = (bits >> nbits) & ((1 << width) - 1)
        bits &= (1 << nbits) - 1
        if code == 256:  # clear table
            del lengths[258:]
            width, next_code, prev = 9, 258, 0
            continue
        if code == 257 or (prev == 0 and code > 255) or code > next_code:
            break  # end of data, or damaged: the reader decides
        if prev == 0:
            out, prev = out + 1, 1
            continue
        length = lengths[code] if code < next_code else prev + 1
        out += length
        if next_code < 4096:
            lengths.append(prev + 1)
            next_code += 1
            if next_code + early >= 1 << width and width < 12:
                width += 1
        prev = length
    return out


def _run_length_size(data: bytes, start: int, end: int, cap: int) -> int:
    """Bytes the run-length data in data[start:end] decodes to, counting at most cap + 1."""
    out, pos = 0, start
    while pos < end and out <= cap:
        n = data[pos]
        if n == 128:  # end of data
            break
        if n < 128:
            out += n + 1
            pos += n + 2
        else:
            out += 257 - n
            pos += 2
    return out


def _decoded_size(data: bytes, head: bytes, kind: bytes, start: int, end: int, cap: int) -> int:
    if kind in (b"FlateDecode", b"Fl"):
        return _inflated_size(data, start, end, cap)
    if kind in (b"LZWDecode", b"LZW"):
        return _lzw_size(data, start, end, cap, 0 if _EARLY_CHANGE_OFF.search(head) else 1)
    return _run_length_size(data, start, end, cap)


def check_pdf(data: bytes) -> IngestError | None:
    """Why this PDF must not be opened, or None."""
    p = bounds()["pdf"]
    bound = p["decoded_floor"] + p["decoded_per_file_byte"] * len(data)
    total = 0
    for m in _STREAM.finditer(data):
        if data[max(0, m.start() - 3) : m.start()] == b"end":
            continue
        head = _dict_before(data, m.start())
        first = _FIRST_FILTER.search(head)
        if first is None:
            continue
        kind = first.group(1)
        end = data.find(b"endstream", m.end())
        end = len(data) if end < 0 else end
        image = _image_bound(head) if _IMAGE.search(head) else None
        if image is not None:
            size = _decoded_size(data, head, kind, m.end(), end, image)
            if size > image:
                return limit_error("pdf_image", f"> {human(image)}", human(image), code="corrupt")
            continue
        total += _decoded_size(data, head, kind, m.end(), end, bound - total)
        if total > bound:
            return limit_error("pdf_bomb", f"> {human(bound)}", human(bound))
    return None
