"""A PDF checked before any reader opens it: how much its compressed streams decode to.

Every `stream … endstream` of the file is inflated here in small pieces that are counted and
dropped, so a deflate bomb is refused after reading it once with constant memory. Streams that
are not images (page contents, fonts, object streams) together may decode to at most a bound
linear in the file; an image, which a text reader does not decode, at most the size its own
/Width, /Height and /BitsPerComponent declare. LZW and run-length streams are counted the same
way (their codes read, their output only measured); other filters expand at most a few times.
A chain of filters (`[/ASCII85Decode /FlateDecode]`, `[/FlateDecode /FlateDecode]`) is decoded
stage by stage in pieces, and counts its largest stage (an image: its last stage against its
declared size, the ones before against the bound of all streams): the first filter alone says
nothing of what the later ones make of its output.
"""

from __future__ import annotations

import base64
import binascii
import re
import zlib
from collections.abc import Callable, Iterator
from typing import NamedTuple

from ..document import IngestError
from .limits import bounds, human, limit_error

# `stream` at a line end; one preceded by `end` is skipped in the loop (a regex that looks
# behind cannot jump ahead to its literal and tries every byte of the file)
_STREAM = re.compile(rb"stream(?:\r\n|\n|\r)")
_FILTER = re.compile(rb"/Filter\s*(\[[^\]]*\]|/[A-Za-z0-9]+|\d+\s+\d+\s+R)")
_TOKEN = re.compile(rb"/([A-Za-z0-9]+)|(\d+)\s+(\d+)\s+R")  # a name, or a reference to an object
# The filters decoded here, by their full and abbreviated names. A chain is followed up to the
# first other one (an image codec or Crypt, which a text reader does not decode).
_FILTERS = {
    b"FlateDecode": "flate",
    b"Fl": "flate",
    b"LZWDecode": "lzw",
    b"LZW": "lzw",
    b"RunLengthDecode": "run_length",
    b"RL": "run_length",
    b"ASCIIHexDecode": "hex",
    b"AHx": "hex",
    b"ASCII85Decode": "a85",
    b"A85": "a85",
}
_EXPANDING = {"flate", "lzw", "run_length"}  # the ASCII filters only shrink their input
_WHITE = b"\x00\t\n\x0c\r "  # PDF white-space, ignored by the ASCII filters
_EARLY_CHANGE_OFF = re.compile(rb"/EarlyChange\s+0\b")
_IMAGE = re.compile(rb"/Subtype\s*/Image\b")
_INT = {k: re.compile(rb"/" + k + rb"\s+(\d+)(?!\s+\d+\s+R)") for k in (b"Width", b"Height", b"BitsPerComponent")}
_CHUNK = 1 << 16
# The most Deflate data inflates to per byte: a 258-byte match coded in two bits (RFC 1951).
_FLATE_MOST = 1032
# What zlib may hold inside between two calls, beyond the input it has not consumed: a few
# bytes of bits read ahead and a 258-byte match begun; 64 bytes at the worst ratio cover both.
_HELD = 64 * _FLATE_MOST
# The least input given at once where a stream is inflated only until its rest fits.
_STEP = 1024


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


def _chains(data: bytes, head: bytes) -> list[list[str]]:
    """The chains of decoded-here filters a stream's dictionary names, in the order they apply:
    one, unless a filter is named through a reference the guard cannot follow (an object inside
    a compressed object stream); then one for each expanding filter in its place, the stream
    counted by the worst."""
    m = _FILTER.search(head)
    chain: list[str] = []
    for name in _names(data, m.group(1)) if m else ():
        if name is None:
            return [chain + [kind] for kind in sorted(_EXPANDING)]
        if name not in _FILTERS:
            break
        chain.append(_FILTERS[name])
    return [chain]


def _names(data: bytes, value: bytes, follow: bool = True) -> Iterator[bytes | None]:
    """The filter names of a /Filter value, references followed once; None for one not found."""
    for m in _TOKEN.finditer(value):
        if m.group(1) is not None:
            yield m.group(1)
            continue
        target = _object_value(data, m.group(2), m.group(3)) if follow else None
        if target is None:
            yield None
            return
        yield from _names(data, target, follow=False)


def _object_value(data: bytes, number: bytes, generation: bytes) -> bytes | None:
    """The name or array that object `number generation` is, where the file writes it plainly."""
    pattern = re.compile(rb"%s\s+%s\s+obj\s*(\[[^\]]*\]|/[A-Za-z0-9]+)" % (number, generation))
    for m in pattern.finditer(data):
        if m.start() == 0 or not data[m.start() - 1 : m.start()].isdigit():
            return m.group(1)
    return None


def _decoded_size(
    data: bytes, head: bytes, chain: list[str], start: int, end: int, cap: int, middle_cap: int
) -> tuple[int, int]:
    """(bytes the chain's last filter makes, the most any filter before it makes), counting at
    most cap + 1 and middle_cap + 1 bytes."""
    if chain == ["flate"]:
        return _inflated_size(data, start, end, cap), 0
    if chain == ["lzw"]:
        return _lzw_size(data, start, end, cap, _early(head)), 0
    if chain == ["run_length"]:
        return _run_length_size(data, start, end, cap), 0
    return _chain_size(data, head, chain, start, end, cap, middle_cap)


def _early(head: bytes) -> int:
    return 0 if _EARLY_CHANGE_OFF.search(head) else 1


# --- chains: each filter a generator from pieces of its input to pieces of its output ---------


def _chain_size(
    data: bytes, head: bytes, chain: list[str], start: int, end: int, cap: int, middle_cap: int
) -> tuple[int, int]:
    """(output of the last stage, the largest output of the stages before it): PDFium holds
    each stage's output whole before the next filter reads it."""
    totals = [0] * len(chain)
    pieces: Iterator[bytes] = (data[pos : min(pos + _CHUNK, end)] for pos in range(start, end, _CHUNK))
    for k, name in enumerate(chain):
        pieces = _counted(_DECODERS[name](pieces, head), totals, k, cap if k == len(chain) - 1 else middle_cap)
    for _ in pieces:
        pass
    return totals[-1], max(totals[:-1])


def _counted(pieces: Iterator[bytes], totals: list[int], k: int, cap: int) -> Iterator[bytes]:
    """`pieces`, their bytes added to totals[k]; ends once over `cap`, which ends the chain."""
    for piece in pieces:
        totals[k] += len(piece)
        yield piece
        if totals[k] > cap:
            return


def _flate_pieces(pieces: Iterator[bytes], head: bytes) -> Iterator[bytes]:
    d = zlib.decompressobj()
    try:
        for piece in pieces:
            while piece and not d.eof:
                yield d.decompress(piece, _CHUNK)
                piece = d.unconsumed_tail
            if d.eof:
                return
        yield d.flush()
    except zlib.error:
        return  # a damaged stream: the reader decides what to make of it


def _lzw_pieces(pieces: Iterator[bytes], head: bytes) -> Iterator[bytes]:
    """The LZW decoder (PDF 32000-1, 7.4.4) whose sizes `_lzw_size` counts, making the bytes."""
    early = _early(head)
    table = [bytes([i]) for i in range(256)] + [b"", b""]
    width, bits, nbits = 9, 0, 0
    prev: bytes | None = None
    for piece in pieces:
        out = bytearray()
        for byte in piece:
            bits = (bits << 8) | byte
            nbits += 8
            while nbits >= width:
                nbits -= width
                code = (bits >> nbits) & ((1 << width) - 1)
                bits &= (1 << nbits) - 1
                if code == 256:  # clear table
                    del table[258:]
                    width, prev = 9, None
                    continue
                if code == 257 or (prev is None and code > 255) or code > len(table):
                    yield bytes(out)  # end of data, or damaged: the reader decides
                    return
                entry = table[code] if code < len(table) else prev + prev[:1]  # type: ignore[operator,index]
                if prev is not None and len(table) < 4096:
                    table.append(prev + entry[:1])
                    if len(table) + early >= 1 << width and width < 12:
                        width += 1
                out += entry
                prev = entry
        yield bytes(out)


def _run_length_pieces(pieces: Iterator[bytes], head: bytes) -> Iterator[bytes]:
    rest = b""
    for piece in pieces:
        buf, out, pos = rest + piece, bytearray(), 0
        while pos < len(buf):
            n = buf[pos]
            if n == 128:  # end of data
                yield bytes(out)
                return
            if n < 128:
                if pos + n + 2 > len(buf):
                    break
                out += buf[pos + 1 : pos + n + 2]
                pos += n + 2
            else:
                if pos + 2 > len(buf):
                    break
                out += buf[pos + 1 : pos + 2] * (257 - n)
                pos += 2
        rest = buf[pos:]
        yield bytes(out)


def _hex_pieces(pieces: Iterator[bytes], head: bytes) -> Iterator[bytes]:
    odd = b""
    try:
        for piece in pieces:
            stop = piece.find(b">")
            digits = odd + (piece if stop < 0 else piece[:stop]).translate(None, _WHITE)
            cut = len(digits) - len(digits) % 2
            odd = digits[cut:]
            yield binascii.unhexlify(digits[:cut])
            if stop >= 0:
                break
        if odd:
            yield binascii.unhexlify(odd + b"0")  # a last odd digit is followed by 0
    except binascii.Error:
        return


def _a85_pieces(pieces: Iterator[bytes], head: bytes) -> Iterator[bytes]:
    rest = b""
    try:
        for piece in pieces:
            stop = piece.find(b"~")  # `~>` ends the data
            text = rest + (piece if stop < 0 else piece[:stop]).translate(None, _WHITE)
            *whole, last = text.split(b"z")  # `z` stands for a group of four zero bytes
            cut = len(last) - len(last) % 5
            rest = last[cut:]
            yield b"".join(base64.a85decode(part) + bytes(4) for part in whole) + base64.a85decode(last[:cut])
            if stop >= 0:
                break
        if rest:
            yield base64.a85decode(rest)  # a last partial group
    except ValueError:
        return


_DECODERS: dict[str, Callable[[Iterator[bytes], bytes], Iterator[bytes]]] = {
    "flate": _flate_pieces,
    "lzw": _lzw_pieces,
    "run_length": _run_length_pieces,
    "hex": _hex_pieces,
    "a85": _a85_pieces,
}


class _Stream(NamedTuple):
    head: bytes
    chains: list[list[str]]  # the chains that expand (one unless a filter is named by reference)
    start: int
    end: int
    image: int | None  # the bytes an image declares, None for any other stream


def _streams(data: bytes) -> Iterator[_Stream]:
    """The streams of the file that an expanding filter decodes, in file order."""
    for m in _STREAM.finditer(data):
        if data[max(0, m.start() - 3) : m.start()] == b"end":
            continue
        head = _dict_before(data, m.start())
        chains = [chain for chain in _chains(data, head) if _EXPANDING.intersection(chain)]
        if not chains:
            continue
        end = data.find(b"endstream", m.end())
        end = len(data) if end < 0 else end
        yield _Stream(head, chains, m.end(), end, _image_bound(head) if _IMAGE.search(head) else None)


def _surely_within(data: bytes, streams: list[_Stream], bound: int) -> bool:
    """Whether the file is surely within its bounds, most streams not decoded: a Flate stream
    counts at the most its compressed length can inflate to, and only the largest ones are
    inflated (the last of them only so far), until the sum of what all can make is within
    `bound`. False says only that the file must be counted stream by stream."""
    most = 0  # what all the streams can make together
    flate: list[_Stream] = []  # Flate streams not inflated, counted at their worst
    for s in streams:
        worst = _FLATE_MOST * (s.end - s.start)
        if s.chains == [["flate"]] and (s.image is None or worst <= s.image):
            if s.image is None:
                most += worst
                flate.append(s)
            continue
        sizes = [_decoded_size(data, s.head, chain, s.start, s.end, s.image or bound, bound) for chain in s.chains]
        if s.image is not None and max(final for final, _ in sizes) > s.image:
            return False
        most += max(middle for _, middle in sizes) if s.image is not None else max(max(pair) for pair in sizes)
    flate.sort(key=lambda s: s.start - s.end)  # the longest first: they can make the most
    for s in flate:
        if most <= bound:
            break
        worst = _FLATE_MOST * (s.end - s.start)
        most += _inflated_at_most(data, s.start, s.end, bound, bound - (most - worst)) - worst
    return most <= bound


def _inflated_at_most(data: bytes, start: int, end: int, cap: int, room: int) -> int:
    """What the deflate data in data[start:end] inflates to, or more: as soon as what it has
    made plus the most its rest can make is within `room`, that sum, the rest not inflated;
    else its size, counting at most cap + 1 (a stream cut short or damaged: what it made
    plus the input it did not get through, at the worst ratio). The input is given in pieces
    just large enough for the sum to fall within `room`."""
    if room < _HELD:
        return _inflated_size(data, start, end, cap)  # even an empty rest would not fit
    d = zlib.decompressobj()
    out, pos, given = 0, start, b""  # given: input handed to zlib that it has not consumed yet
    try:
        while out <= cap and not d.eof:
            most = out + _FLATE_MOST * (end - pos + len(given)) + _HELD
            if most <= room:
                return most
            if not given:
                if pos >= end:
                    break
                step = min(_CHUNK, max(_STEP, (most - room) // _FLATE_MOST + 1))
                given = data[pos : min(pos + step, end)]
                pos += len(given)
            piece = d.decompress(given, _CHUNK)
            if not piece and d.unconsumed_tail == given:
                break  # no progress: counted at its worst below
            out += len(piece)
            given = d.unconsumed_tail
    except zlib.error:
        pass  # a damaged stream: `given` (the piece it failed on) counted at its worst
    if d.eof or out > cap:
        return out
    # cut short, stuck or damaged: what zlib may still hold and the input not consumed, at their worst
    return out + _FLATE_MOST * (end - pos + len(given)) + _HELD


def check_pdf(data: bytes) -> IngestError | None:
    """Why this PDF must not be opened, or None."""
    p = bounds()["pdf"]
    bound = p["decoded_floor"] + p["decoded_per_file_byte"] * len(data)
    streams = list(_streams(data))
    if _surely_within(data, streams, bound):
        return None
    # counted in file order, each stream against what the ones before left of the bound
    total = 0
    for s in streams:
        if s.image is not None:
            # an image's own data against its declared size; what a chain makes on the way to it
            # (memory as any other stream's) against the bound of all streams
            sizes = [_decoded_size(data, s.head, chain, s.start, s.end, s.image, bound - total) for chain in s.chains]
            if max(final for final, _ in sizes) > s.image:
                return limit_error("pdf_image", f"> {human(s.image)}", human(s.image), code="corrupt")
            total += max(middle for _, middle in sizes)
        else:
            total += max(
                max(_decoded_size(data, s.head, chain, s.start, s.end, bound - total, bound - total))
                for chain in s.chains
            )
        if total > bound:
            return limit_error("pdf_bomb", f"> {human(bound)}", human(bound))
    return None
