"""Plain text (.txt, .md) in whatever encoding it was saved: detected, never assumed."""

from __future__ import annotations

import codecs
import re

from charset_normalizer import from_bytes

from ..data_files import load_toml
from ..document import Document, IngestError
from .layout_text import is_laid_out, read_laid_out
from .normalize import normalize_text
from .unwrap import unwrap_lines

# Encodings a Chinese government text plausibly comes in, tried by the detector.
_CANDIDATES = ["utf_8", "gb18030", "big5", "utf_16", "utf_16_le", "utf_16_be", "utf_32"]


_READ = load_toml("ingest.toml")["text"]
_CONTROL = bytes(range(0x00, 0x09)) + bytes(range(0x0E, 0x20))  # control bytes no text holds


def _cjk_ratio(text: str) -> float:
    if not text:
        return 0.0
    cjk = sum(1 for ch in text if "\u4e00" <= ch <= "\u9fff")
    letters = sum(1 for ch in text if not ch.isspace())
    return cjk / max(letters, 1)


def _looks_binary(data: bytes) -> bool:
    head = data[: _READ["sniff_bytes"]]
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE, codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)):
        return False
    if b"\x00" in head:
        # UTF-16 without a BOM has NULs (in the ASCII characters); anything else with NULs is binary.
        return _utf16_without_bom(data) is None
    control = len(head) - len(head.translate(None, _CONTROL))  # (deleted in C: counted)
    return control > len(head) * _READ["max_control_share"]


def _utf16_without_bom(data: bytes) -> str | None:
    for enc in ("utf_16_le", "utf_16_be"):
        try:
            text = data[: len(data) - len(data) % 2].decode(enc)
        except UnicodeDecodeError:
            continue
        if _cjk_ratio(text) > _READ["cjk_share_strict"] and not any(
            ord(c) < 9 for c in text[: _READ["utf16_check_chars"]]
        ):
            return enc
    return None


# A UTF-8 file with a few damaged bytes is read with U+FFFD in their place and flagged.
_MAX_BAD_SHARE = _READ["max_bad_share"]
REPLACEMENT = "\ufffd"


def _almost_utf8(data: bytes) -> str | None:
    text = data.decode("utf-8", errors="replace")
    bad = text.count(REPLACEMENT)
    head = text[: _READ["cjk_check_chars"]]
    if bad <= max(1, _MAX_BAD_SHARE * len(text)) and _cjk_ratio(head) > _READ["cjk_share_detected"]:
        return text
    return None


def replaced_bytes_flag(text: str, encoding: str | None):
    """A warning for the U+FFFD a lenient UTF-8 decode put in `text`, with their places."""
    from ..flags import Flag

    if encoding != "utf_8" or REPLACEMENT not in text:
        return None
    spans = [[m.start(), m.end()] for m in re.finditer(REPLACEMENT, text)]
    return Flag.make(
        "ingest.replaced_bytes",
        "warning",
        f"文件中有 {len(spans)} 处不是有效的 UTF-8 字节，已替换为 �；这些位置的文字可能有缺失。",
        f"{len(spans)} place(s) of the file are not valid UTF-8; they were replaced by � and the "
        "text there may be incomplete.",
        [{"span": s} for s in spans[:20]],
    )


def decode_bytes(data: bytes) -> tuple[str | None, str | None]:
    """Return (text, encoding), or (None, None) when no encoding gives readable text."""
    for bom, enc in (
        (codecs.BOM_UTF8, "utf_8_sig"),
        (codecs.BOM_UTF32_LE, "utf_32"),
        (codecs.BOM_UTF32_BE, "utf_32"),
        (codecs.BOM_UTF16_LE, "utf_16"),
        (codecs.BOM_UTF16_BE, "utf_16"),
    ):
        if data.startswith(bom):
            try:
                return data.decode(enc), enc
            except UnicodeDecodeError:
                break
    try:
        return data.decode("utf-8"), "utf_8"
    except UnicodeDecodeError:
        pass
    text = _almost_utf8(data)
    if text is not None:
        return text, "utf_8"
    if b"\x00" in data[:8192]:
        utf16 = _utf16_without_bom(data)
        return (data.decode(utf16), utf16) if utf16 else (None, None)
    matches = from_bytes(data, cp_isolation=_CANDIDATES)
    best = matches.best()
    if best is not None:
        text = str(best)
        if _cjk_ratio(text) > _READ["cjk_share_detected"]:
            return text, best.encoding
    # The detector can be unsure on short texts; GB18030 is the national standard, but only
    # accept it when it decodes strictly and yields mostly Chinese.
    for enc in ("gb18030", "big5"):
        try:
            text = data.decode(enc)
        except UnicodeDecodeError:
            continue
        if _cjk_ratio(text) > _READ["cjk_share_strict"]:
            return text, enc
    return None, None


def read_text(path: str, data: bytes) -> Document:
    doc = Document(path=path, kind="txt")
    if _looks_binary(data):
        doc.errors.append(
            IngestError(
                "binary",
                "文件是二进制数据，不是文本，无法读取。",
                "The file holds binary data, not text; it cannot be read.",
            )
        )
        return doc
    text, encoding = decode_bytes(data)
    if text is None:
        doc.errors.append(
            IngestError(
                "unknown_encoding", "无法识别文件的文字编码。", "The file's text encoding could not be recognized."
            )
        )
        return doc
    doc.encoding = encoding
    if is_laid_out(text):
        read_laid_out(doc, text)
    else:
        doc.text = unwrap_lines(normalize_text(text))
    flag = replaced_bytes_flag(doc.text, encoding)
    if flag:
        doc.warnings.append(flag)
    return doc
