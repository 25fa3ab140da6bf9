"""Small generators of hostile and broken files for tests/test_hostile.py: every bomb is made
here, in a moment, from a few lines; none is committed."""

from __future__ import annotations

import base64
import hashlib
import io
import struct
import zipfile
import zlib

_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Default Extension="bin" ContentType="application/octet-stream"/>'
    '<Override PartName="/word/document.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>'
)
_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
    'Target="word/document.xml"/></Relationships>'
)


def paragraph(text: str) -> str:
    return f"<w:p><w:r><w:t>{text}</w:t></w:r></w:p>"


def docx(body: str, prolog: str = "", zeros: dict[str, int] | None = None) -> bytes:
    """A Word document whose body is `body` (WordprocessingML), with `prolog` before the root
    element (a DOCTYPE) and members of `zeros[name]` zero bytes (written in pieces: a bomb)."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", _CONTENT_TYPES)
        z.writestr("_rels/.rels", _RELS)
        z.writestr(
            "word/document.xml",
            f'<?xml version="1.0" encoding="UTF-8"?>{prolog}'
            f'<w:document xmlns:w="{_W}"><w:body>{body}</w:body></w:document>',
        )
        for name, size in (zeros or {}).items():
            with z.open(name, "w", force_zip64=True) as fh:
                block = bytes(1 << 20)
                for _ in range(size >> 20):
                    fh.write(block)
    return buf.getvalue()


def docx_grid_span(span: int) -> bytes:
    cell = f'<w:tc><w:tcPr><w:gridSpan w:val="{span}"/></w:tcPr>{paragraph("1")}</w:tc>'
    return docx(paragraph("2023年政府信息公开工作年度报告") + f"<w:tbl><w:tr>{cell}</w:tr><w:tr>{cell}</w:tr></w:tbl>")


def html_page(body: str, charset: str = "utf-8") -> str:
    return (
        f'<html><head><meta http-equiv="Content-Type" content="text/html; charset={charset}">'
        f"<title>年度报告</title></head><body>{body}</body></html>"
    )


def html_spans(rows: int, rowspan: int, colspan: int) -> bytes:
    cells = "".join(f'<tr><td rowspan="{rowspan}" colspan="{colspan}">{i}</td></tr>' for i in range(rows))
    return html_page(f"<p>2023年政府信息公开工作年度报告</p><table>{cells}</table>").encode()


def nested(inner: str, depth: int) -> str:
    return "<div>" * depth + inner + "</div>" * depth


# --- PDF -------------------------------------------------------------------------------


def pdf(objects: list[bytes], trailer: bytes = b"") -> bytes:
    """A PDF of `objects` (object 1 the catalog), with a correct cross-reference table."""
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for i, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for off in offsets:
        out += b"%010d 00000 n \n" % off
    out += b"trailer\n<< /Size %d /Root 1 0 R %s >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, trailer, xref)
    return bytes(out)


def _stream(data: bytes, extra: bytes = b"") -> bytes:
    return b"<< /Length %d %s >>\nstream\n" % (len(data), extra) + data + b"\nendstream"


def deflated(size: int, byte: bytes = b" ") -> bytes:
    """`size` copies of `byte`, deflated in pieces (a bomb of about 1000:1)."""
    c = zlib.compressobj(9)
    block = byte * (1 << 20)
    parts = [c.compress(block) for _ in range(size >> 20)]
    return b"".join(parts) + c.flush()


def _page_objects(content: bytes, resources: bytes = b"/Font << /F1 5 0 R >>") -> list[bytes]:
    return [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << %s >> >>" % resources,
        content,
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]


def text_pdf(line: str) -> bytes:
    return pdf(_page_objects(_stream(b"BT /F1 12 Tf 72 720 Td (%s) Tj ET" % line.encode("ascii"))))


def pdf_content_bomb(size: int) -> bytes:
    """A page whose content stream inflates to `size` spaces."""
    return pdf(_page_objects(_stream(deflated(size), b"/Filter /FlateDecode")))


def pdf_image_bomb(size: int) -> bytes:
    """A 10 x 10 image whose data inflates to `size` bytes."""
    image = _stream(
        deflated(size, b"\0"),
        b"/Type /XObject /Subtype /Image /Width 10 /Height 10 "
        b"/ColorSpace /DeviceGray /BitsPerComponent 8 /Filter /FlateDecode",
    )
    objs = _page_objects(_stream(b"q 10 0 0 10 72 720 cm /Im1 Do Q"), b"/XObject << /Im1 6 0 R >>")
    return pdf(objs + [image])


def _lzw_width(i: int) -> int:
    """The width of the i-th code after a clear (PDF 32000-1, 7.4.4.2, EarlyChange 1): the
    decoder holds 258 + i - 1 codes then, and widens one code early."""
    return 9 if i == 0 else min(12, max(9, (258 + i).bit_length()))


def _pack(codes: list[tuple[int, int]]) -> bytes:
    bits = "".join(format(code, f"0{width}b") for code, width in codes)
    bits += "0" * (-len(bits) % 8)
    return int(bits, 2).to_bytes(len(bits) // 8, "big") if bits else b""


def lzw(data: bytes) -> bytes:
    """`data` LZW-encoded as a PDF /LZWDecode stream (clear code first, table reset when full)."""
    table = {bytes([b]): b for b in range(256)}
    codes: list[tuple[int, int]] = [(256, 9)]
    i, word = 0, b""
    for b in data:
        nxt = word + bytes([b])
        if nxt in table:
            word = nxt
            continue
        codes.append((table[word], _lzw_width(i)))
        i += 1
        table[nxt] = 258 + len(table) - 256
        word = bytes([b])
        if 258 + i >= 4094:  # the table is about full: start again
            codes.append((256, 12))
            table, i = {bytes([c]): c for c in range(256)}, 0
    if word:
        codes.append((table[word], _lzw_width(i)))
        i += 1
    codes.append((257, _lzw_width(i)))
    return _pack(codes)


def lzw_bomb(cycles: int) -> bytes:
    """LZW codes that each name the entry being made (`A`, `AA`, `AAA`, ...): about 7.4 MB of
    output per table of codes, 5.5 KB of input."""
    codes: list[tuple[int, int]] = []
    for _ in range(cycles):
        codes.append((256, 12 if codes else 9))
        codes.append((65, 9))
        for i in range(1, 4094 - 258):
            codes.append((258 + i - 1, _lzw_width(i)))
    codes.append((257, 12))
    return _pack(codes)


def pdf_lzw_text(line: str) -> bytes:
    content = b"BT /F1 12 Tf 72 720 Td (%s) Tj ET" % line.encode("ascii")
    return pdf(_page_objects(_stream(lzw(content), b"/Filter /LZWDecode")))


def pdf_lzw_bomb(cycles: int) -> bytes:
    """A page whose LZW content stream decodes to about 7.4 MB a cycle."""
    return pdf(_page_objects(_stream(lzw_bomb(cycles), b"/Filter /LZWDecode")))


def run_length(data: bytes) -> bytes:
    """`data` as a /RunLengthDecode stream: runs of one byte, else literal pieces."""
    out, i = bytearray(), 0
    while i < len(data):
        j = i
        while j < len(data) and j - i < 128 and data[j] == data[i]:
            j += 1
        if j - i >= 2:
            out += bytes([257 - (j - i), data[i]])
        else:
            j = min(i + 128, len(data))
            out += bytes([j - i - 1]) + data[i:j]
        i = j
    return bytes(out + b"\x80")


def pdf_run_length_text(line: str) -> bytes:
    content = b"BT /F1 12 Tf 72 720 Td (%s) Tj ET" % line.encode("ascii")
    return pdf(_page_objects(_stream(run_length(content), b"/Filter /RunLengthDecode")))


# Filter chains: each filter's encoder, the first filter of a chain applied last.
ENCODERS = {
    "FlateDecode": lambda data: zlib.compress(data, 9),
    "LZWDecode": lambda data: lzw(data),
    "RunLengthDecode": lambda data: run_length(data),
    "ASCIIHexDecode": lambda data: data.hex().encode() + b">",
    "ASCII85Decode": lambda data: base64.a85encode(data, adobe=True, wrapcol=72)[2:],
}


def chained(data: bytes, chain: list[str]) -> bytes:
    """`data` encoded so that the filters `chain` (in the order a reader applies them) decode it."""
    for name in reversed(chain):
        data = ENCODERS[name](data)
    return data


def _chained_page(encoded: bytes, chain: list[str]) -> bytes:
    names = b" ".join(b"/" + name.encode() for name in chain)
    return pdf(_page_objects(_stream(encoded, b"/Filter [%s]" % names)))


def pdf_chained(content: bytes, chain: list[str]) -> bytes:
    """A page whose content stream is `content` under the filter chain `chain`."""
    return _chained_page(chained(content, chain), chain)


def pdf_chained_image(pixels: bytes, chain: list[str]) -> bytes:
    """A page showing a 100 x 100 CMYK image whose data `pixels` is under the filter chain `chain`."""
    names = b" ".join(b"/" + name.encode() for name in chain)
    image = _stream(
        chained(pixels, chain),
        b"/Type /XObject /Subtype /Image /Width 100 /Height 100 "
        b"/ColorSpace /DeviceCMYK /BitsPerComponent 8 /Filter [%s]" % names,
    )
    objs = _page_objects(_stream(b"q 100 0 0 100 72 600 cm /Im1 Do Q"), b"/XObject << /Im1 6 0 R >>")
    return pdf(objs + [image])


def pdf_chain_bomb(chain: list[str], size: int) -> bytes:
    """A page whose content stream, under `chain`, decodes to more than `size` bytes: a bomb
    for the last filter, encoded by the ones before it."""
    last = {
        "FlateDecode": lambda: deflated(size),
        "LZWDecode": lambda: lzw_bomb(size // 7_000_000 + 1),
        "RunLengthDecode": lambda: b"\x81 " * (size // 128 + 1),  # runs of 128 spaces
    }[chain[-1]]()
    return _chained_page(chained(last, chain[:-1]), chain)


_PAD = bytes.fromhex("28BF4E5E4E758A4164004E56FFFA01082E2E00B6D0683E802F0CA9FE6453697A")


def _rc4(key: bytes, data: bytes) -> bytes:
    s = list(range(256))
    j = 0
    for i in range(256):
        j = (j + s[i] + key[i % len(key)]) % 256
        s[i], s[j] = s[j], s[i]
    out, i, j = bytearray(), 0, 0
    for byte in data:
        i = (i + 1) % 256
        j = (j + s[i]) % 256
        s[i], s[j] = s[j], s[i]
        out.append(byte ^ s[(s[i] + s[j]) % 256])
    return bytes(out)


def owner_password_pdf(line: str, owner: bytes = b"owner", permissions: int = -64) -> bytes:
    """A text PDF encrypted (standard handler, RC4 40-bit, revision 2) with an owner password
    only: anyone may open it, copying and printing are 'not permitted'."""
    file_id = hashlib.md5(line.encode()).digest()
    o = _rc4(hashlib.md5((owner + _PAD)[:32]).digest()[:5], _PAD)
    key = hashlib.md5(_PAD + o + struct.pack("<i", permissions) + file_id).digest()[:5]
    u = _rc4(key, _PAD)
    content = b"BT /F1 12 Tf 72 720 Td (%s) Tj ET" % line.encode("ascii")
    obj_key = hashlib.md5(key + struct.pack("<i", 4)[:3] + b"\0\0").digest()[:10]
    objs = _page_objects(_stream(_rc4(obj_key, content)))
    objs.append(
        b"<< /Filter /Standard /V 1 /R 2 /O <%s> /U <%s> /P %d >>" % (o.hex().encode(), u.hex().encode(), permissions)
    )
    trailer = b"/Encrypt 6 0 R /ID [<%s> <%s>]" % (file_id.hex().encode(), file_id.hex().encode())
    return pdf(objs, trailer)


# --- text ------------------------------------------------------------------------------


def text_of_size(sample: bytes, size: int) -> bytes:
    """`size` bytes of a report's text repeated (cut at a line end)."""
    data = (sample * (size // len(sample) + 1))[:size]
    return data[: data.rfind(b"\n") + 1]


def owner_password_pdf_aes(line: str, owner: bytes = b"owner", permissions: int = -3904) -> bytes:
    """The same, encrypted with AES-128 (revision 4, AESV2), as current tools write it."""
    import os

    from cryptography.hazmat.primitives import padding
    from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

    file_id = hashlib.md5(line.encode()).digest()
    okey = hashlib.md5((owner + _PAD)[:32]).digest()
    for _ in range(50):
        okey = hashlib.md5(okey).digest()
    o = _PAD
    for i in range(20):
        o = _rc4(bytes(b ^ i for b in okey), o)
    key = hashlib.md5(_PAD + o + struct.pack("<i", permissions) + file_id).digest()
    for _ in range(50):
        key = hashlib.md5(key).digest()
    u = hashlib.md5(_PAD + file_id).digest()
    for i in range(20):
        u = _rc4(bytes(b ^ i for b in key), u)
    u += bytes(16)
    content = b"BT /F1 12 Tf 72 720 Td (%s) Tj ET" % line.encode("ascii")
    obj_key = hashlib.md5(key + struct.pack("<i", 4)[:3] + b"\0\0" + b"sAlT").digest()
    iv = os.urandom(16)
    padder = padding.PKCS7(128).padder()
    enc = Cipher(algorithms.AES(obj_key), modes.CBC(iv)).encryptor()
    data = iv + enc.update(padder.update(content) + padder.finalize()) + enc.finalize()
    objs = _page_objects(_stream(data))
    objs.append(
        b"<< /Filter /Standard /V 4 /R 4 /Length 128 /CF << /StdCF << /CFM /AESV2 /AuthEvent /DocOpen "
        b"/Length 16 >> >> /StmF /StdCF /StrF /StdCF /O <%s> /U <%s> /P %d >>"
        % (o.hex().encode(), u.hex().encode(), permissions)
    )
    trailer = b"/Encrypt 6 0 R /ID [<%s> <%s>]" % (file_id.hex().encode(), file_id.hex().encode())
    return pdf(objs, trailer)
