"""Ingest: any report file -> one `Document` (text + table grids with offsets).

Entry point: `read_document(path)`. It never raises for a bad file: problems are returned
as `Document.errors` so a batch can go on with the next file.
"""
from __future__ import annotations

import hashlib
import os
from pathlib import Path

from ..document import Document, IngestError
from .docx import read_docx
from .html import read_html
from .image import read_image
from .pdf import read_pdf
from .text import read_text

SUFFIXES = {".txt": "txt", ".md": "txt", ".text": "txt", ".docx": "docx", ".html": "html", ".htm": "html",
            ".xhtml": "html", ".shtml": "html", ".pdf": "pdf", ".png": "image", ".jpg": "image", ".jpeg": "image"}
# Larger files are not annual reports (a long report is a few MB as PDF) and would only
# exhaust memory in a batch; the limit can be raised by setting OGI_MAX_BYTES.
MAX_BYTES = int(os.environ.get("OGI_MAX_BYTES", str(50 * 1024 * 1024)))

_READERS = {"txt": read_text, "docx": read_docx, "html": read_html, "pdf": read_pdf, "image": read_image}


def sniff(path: str, head: bytes) -> str | None:
    """The kind of a file, from its first bytes where they are telling, else its suffix."""
    if head.startswith(b"%PDF"):
        return "pdf"
    if head.startswith((b"\x89PNG", b"\xff\xd8\xff")):
        return "image"
    suffix = Path(path).suffix.lower()
    if head.startswith(b"PK\x03\x04"):
        return "docx" if suffix in (".docx", "") or suffix not in SUFFIXES else SUFFIXES.get(suffix)
    return SUFFIXES.get(suffix)


def read_document(path: str | os.PathLike) -> Document:
    """Read one file into a Document; errors are reported in `Document.errors`."""
    path = str(path)
    try:
        size = os.path.getsize(path)
    except OSError as exc:
        doc = Document(path=path)
        doc.errors.append(IngestError("unreadable", f"无法打开文件：{exc.strerror}。", f"The file cannot be opened: {exc.strerror}."))
        return doc
    if size > MAX_BYTES:
        doc = Document(path=path)
        doc.errors.append(IngestError(
            "too_large", f"文件过大（{size / 1048576:.0f} MB，上限 {MAX_BYTES / 1048576:.0f} MB），未读取。",
            f"The file is too large ({size / 1048576:.0f} MB; the limit is {MAX_BYTES / 1048576:.0f} MB, "
            "set OGI_MAX_BYTES to raise it); it was not read."))
        return doc
    with open(path, "rb") as fh:
        data = fh.read()
    doc_id = hashlib.sha1(data).hexdigest()[:12]
    kind = sniff(path, data[:8])
    if size == 0 or not data.strip():
        doc = Document(path=path, kind=kind or "txt", doc_id=doc_id)
        doc.errors.append(IngestError("empty", "文件为空。", "The file is empty."))
        return doc
    if kind is None:
        doc = Document(path=path, doc_id=doc_id)
        doc.errors.append(IngestError("unsupported_type", f"不支持的文件类型：{Path(path).suffix or '(无后缀)'}。",
                                      f"Unsupported file type: {Path(path).suffix or '(no suffix)'}; "
                                      "ogi reads .txt .md .docx .html .htm .pdf .png .jpg."))
        return doc
    doc = _READERS[kind](path, data)
    doc.doc_id = doc_id
    if doc.ok and not doc.text.strip():
        doc.errors.append(IngestError("empty", "文件中没有可读的文字。", "The file holds no readable text."))
    return doc


def iter_inputs(paths: list[Path]) -> tuple[list[Path], list[str]]:
    """Files to read: the files named, and report files found under the folders named."""
    files: list[Path] = []
    problems: list[str] = []
    for p in paths:
        if p.is_dir():
            found = sorted(f for f in p.rglob("*") if f.is_file() and f.suffix.lower() in SUFFIXES)
            if not found:
                problems.append(f"{p}: no .txt .md .docx .html .htm .pdf .png .jpg files in this folder")
            files.extend(found)
        elif p.exists():
            files.append(p)
        else:
            problems.append(f"{p}: no such file or folder")
    return files, problems
