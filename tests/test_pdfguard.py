"""The PDF guard's short cut: a file whose Flate streams cannot inflate past the bound even at
Deflate's worst ratio is passed with those streams not inflated, and its verdict is the one
counting every stream in file order gives, whatever the streams and the bound."""

from __future__ import annotations

import random
import zlib
from unittest import mock

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ogi.ingest import pdfguard

from . import hostile_files as H

_IMAGE = b"/Type /XObject /Subtype /Image /Width 8 /Height 8 /ColorSpace /DeviceGray /BitsPerComponent 8 "


def _counted(data: bytes) -> object:
    """The guard's verdict counting every stream, the short cut off."""
    real = pdfguard._surely_within
    pdfguard._surely_within = lambda *_: False
    try:
        return pdfguard.check_pdf(data)
    finally:
        pdfguard._surely_within = real


@st.composite
def _pdfs(draw) -> bytes:
    streams = []
    for _ in range(draw(st.integers(1, 6))):
        size = draw(st.sampled_from([0, 10, 300, 5000, 40_000]))
        seed = draw(st.binary(min_size=1, max_size=8))
        body = draw(
            st.sampled_from(
                [
                    seed * (size // len(seed)),
                    bytes(size),
                    random.Random(seed).randbytes(size),  # inflates to about its own length
                ]
            )
        )
        kind = draw(st.sampled_from(["flate", "damaged", "image", "chain", "lzw"]))
        if kind == "flate":
            streams.append(H._stream(zlib.compress(body), b"/Filter /FlateDecode"))
        elif kind == "damaged":  # cut short, or a byte changed: zlib stops on it part-way
            packed = bytearray(zlib.compress(body))
            at = draw(st.integers(0, len(packed) - 1))
            if draw(st.booleans()):
                del packed[at:]
            else:
                packed[at] ^= draw(st.integers(1, 255))
            streams.append(H._stream(bytes(packed), b"/Filter /FlateDecode"))
        elif kind == "image":
            streams.append(H._stream(zlib.compress(body), _IMAGE + b"/Filter /FlateDecode"))
        elif kind == "chain":
            streams.append(H._stream(zlib.compress(zlib.compress(body)), b"/Filter [/FlateDecode /FlateDecode]"))
        else:
            streams.append(H._stream(b"\x80\x0b\x60\x50\x22\x0c\x0c\x85\x01", b"/Filter /LZWDecode"))
    return H.pdf(H._page_objects(streams[0]) + streams[1:])


@settings(max_examples=60, deadline=None)
@given(data=_pdfs(), floor=st.integers(0, 3_000_000), per_byte=st.integers(0, 1200))
def test_short_cut_gives_the_verdict_of_counting_every_stream(data, floor, per_byte):
    limits = {"pdf": {"decoded_floor": floor, "decoded_per_file_byte": per_byte}}
    with mock.patch.object(pdfguard, "bounds", lambda: limits):
        expected = _counted(data)
        got = pdfguard.check_pdf(data)
    assert (got and (got.code, got.message)) == (expected and (expected.code, expected.message))


def test_short_cut_inflates_only_what_it_must(monkeypatch):
    """Of a small file's streams only the longest is inflated: the others' worst fits beside it."""
    noise = random.Random(0).randbytes(6000)  # inflates to about its own length
    big = H._stream(zlib.compress(noise), b"/Filter /FlateDecode")
    small = [H._stream(zlib.compress(b"BT ET " * k), b"/Filter /FlateDecode") for k in (1, 5, 20)]
    data = H.pdf(H._page_objects(small[0]) + small[1:] + [big])
    bound = pdfguard._FLATE_MOST * sum(len(s) for s in small) + len(noise) + 100
    monkeypatch.setattr(pdfguard, "bounds", lambda: {"pdf": {"decoded_floor": bound, "decoded_per_file_byte": 0}})
    inflated = []
    real = pdfguard._inflated_at_most
    monkeypatch.setattr(
        pdfguard, "_inflated_at_most", lambda d, s, e, *bounds: inflated.append(e - s) or real(d, s, e, *bounds)
    )
    assert pdfguard.check_pdf(data) is None
    assert inflated == [max(inflated)] and inflated[0] > 1000  # one stream: the long one


class _Fed:
    """zlib.decompressobj, counting the input it consumes."""

    consumed = 0

    def __init__(self) -> None:
        self._d = _decompressobj()

    def decompress(self, data: bytes, max_length: int = 0) -> bytes:
        out = self._d.decompress(data, max_length)
        _Fed.consumed += len(data) - len(self._d.unconsumed_tail)
        return out

    def __getattr__(self, name: str):
        return getattr(self._d, name)


_decompressobj = zlib.decompressobj


@pytest.mark.parametrize("bomb", [False, True], ids=["text", "bomb"])
def test_short_cut_stops_inflating_once_the_rest_fits(monkeypatch, bomb):
    """A long stream is inflated only until what it made and the most its rest can make are
    within the bound: with room for all but 3,000 of its bytes at their worst, about its first
    3,000 bytes. A bomb (zeros, ~1000 times) against a bound as far short of its worst is
    inflated until it is over, and refused as the count of every stream refuses it."""
    body = bytes(40_000_000) if bomb else random.Random(1).randbytes(60_000)  # zeros: ~1000 times
    packed = zlib.compress(body)
    data = H.pdf(H._page_objects(H._stream(packed, b"/Filter /FlateDecode")))
    bound = pdfguard._FLATE_MOST * (len(packed) - 3000) + (0 if bomb else pdfguard._HELD)
    limits = {"pdf": {"decoded_floor": bound, "decoded_per_file_byte": 0}}
    monkeypatch.setattr(pdfguard, "bounds", lambda: limits)
    expected = _counted(data)
    monkeypatch.setattr(zlib, "decompressobj", _Fed)
    _Fed.consumed = 0
    got = pdfguard.check_pdf(data)
    assert (got and got.code) == (expected and expected.code) == ("too_large" if bomb else None)
    if not bomb:
        assert 3000 < _Fed.consumed <= 3000 + 2 * pdfguard._STEP < len(packed) / 10
