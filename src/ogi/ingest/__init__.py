"""Ingest: any report file -> one `Document` (text + table grids with offsets).

Entry point: `read_document(path)`. It never raises for a bad file: problems are returned
as `Document.errors` so a batch can go on with the next file.
"""

from __future__ import annotations

import hashlib
import logging
import os
from pathlib import Path
from urllib.parse import quote_from_bytes

from ..document import Document, IngestError
from .docx import read_docx
from .html import read_html
from .image import read_image
from .limits import TooLarge, bounds, human, limit_error, max_file_bytes
from .markdown import read_markdown
from .pdf import read_pdf
from .pdfguard import check_pdf
from .text import read_text
from .zipguard import check_zip

SUFFIXES = {
    ".txt": "txt",
    ".md": "md",
    ".text": "txt",
    ".docx": "docx",
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
    ".shtml": "html",
    ".pdf": "pdf",
    ".png": "image",
    ".jpg": "image",
    ".jpeg": "image",
}
_READERS = {
    "txt": read_text,
    "md": read_markdown,
    "docx": read_docx,
    "html": read_html,
    "pdf": read_pdf,
    "image": read_image,
}
# A folder walk's first look at a Markdown file: its text, without its pipe tables.
_TEXT_ONLY = {**_READERS, "md": read_text}
# Checks made on the raw bytes before a reader expands them (see data/limits.toml).
_GUARDS = {"docx": check_zip, "pdf": check_pdf}
# No text encoding takes more than 4 bytes a character: a longer text file is over the text
# bound before it is decoded.
_MAX_BYTES_PER_CHAR = 4


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
    """Read one file into a Document; errors are reported in `Document.errors`.

    Raises limits.LimitError only when OGI_MAX_BYTES cannot be read."""
    return _read(str(path), _READERS)


def _read(path: str, readers: dict) -> Document:
    max_bytes = max_file_bytes()
    try:
        size = os.path.getsize(path)
    except OSError as exc:
        return _failed(
            path,
            None,
            None,
            IngestError("unreadable", f"无法打开文件：{exc.strerror}。", f"The file cannot be opened: {exc.strerror}."),
        )
    if size > max_bytes:
        return _failed(path, None, None, limit_error("too_large_file", human(size), human(max_bytes)))
    try:
        with open(path, "rb") as fh:
            data = fh.read(max_bytes + 1)
    except OSError as exc:  # a disk or network error while reading: worth trying again later
        return _failed(
            path,
            None,
            None,
            IngestError(
                "unreadable", f"读取文件时出错：{exc.strerror}。", f"The file could not be read: {exc.strerror}."
            ),
        )
    if len(data) > max_bytes:  # it grew since it was measured
        return _failed(path, None, None, limit_error("too_large_file", f"> {human(max_bytes)}", human(max_bytes)))
    doc_id = hashlib.sha1(data).hexdigest()[:12]
    kind = sniff(path, data[:8])
    if size == 0 or data.isspace():  # (no stripped copy of a large file)
        return _failed(path, kind or "txt", doc_id, IngestError("empty", "文件为空。", "The file is empty."))
    if kind is None:
        suffix = _printable(Path(path).suffix)
        return _failed(
            path,
            None,
            doc_id,
            IngestError(
                "unsupported_type",
                f"不支持的文件类型：{suffix or '(无后缀)'}。",
                f"Unsupported file type: {suffix or '(no suffix)'}; "
                "ogi reads .txt .md .docx .html .htm .pdf .png .jpg.",
            ),
        )
    max_chars = bounds()["max_text_chars"]
    if kind in ("txt", "md") and len(data) > _MAX_BYTES_PER_CHAR * max_chars:
        return _failed(path, kind, doc_id, limit_error("too_large_text", f"> {max_chars:,}", f"{max_chars:,}"))
    problem = _GUARDS[kind](data) if kind in _GUARDS else None
    if problem is not None:
        return _failed(path, kind, doc_id, problem)
    try:
        doc = readers[kind](path, data)
    except TooLarge as exc:
        return _failed(path, kind, doc_id, exc.error)
    doc.doc_id = doc_id
    if doc.ok and len(doc.text) > max_chars:
        return _failed(path, kind, doc_id, limit_error("too_large_text", f"{len(doc.text):,}", f"{max_chars:,}"))
    if doc.ok and not doc.text.strip():
        doc.errors.append(IngestError("empty", "文件中没有可读的文字。", "The file holds no readable text."))
    return doc


def _failed(path: str, kind: str | None, doc_id: str | None, error: IngestError) -> Document:
    doc = Document(path=path, kind=kind or "txt", doc_id=doc_id)
    doc.errors.append(error)
    return doc


def _printable(name: str) -> str:
    """A file name (or part) as valid UTF-8: bytes that are not UTF-8 written as \\xNN."""
    return os.fsencode(name).decode("utf-8", "backslashreplace")


def source_name(path: str | os.PathLike) -> tuple[str, str | None]:
    """A path as `source` (always valid UTF-8, readable) and, only when the file system name
    is not UTF-8, its exact bytes percent-encoded (`urllib.parse.unquote_to_bytes` gives them
    back), so the file can always be found again."""
    raw = os.fsencode(path)
    try:
        return raw.decode("utf-8"), None
    except UnicodeDecodeError:
        return raw.decode("utf-8", "backslashreplace"), quote_from_bytes(raw, safe="/")


def iter_inputs(paths: list[Path]) -> tuple[list[Path], list[str]]:
    """Files to read: the files named, and report files found under the folders named (symbolic
    links to folders are not followed). A folder that cannot be listed is a problem to report."""
    files: list[Path] = []
    problems: list[str] = []
    for p in paths:
        if p.is_dir():
            found, unreadable = _walk(p)
            problems.extend(
                f"{_printable(str(d))}: cannot read this folder ({why}); its files were not read"
                for d, why in unreadable
            )
            # A folder's README.md and notes are Markdown too: passed over unless they are reports.
            notes = [f for f in found if f.suffix.lower() == ".md" and not _is_report_file(f)]
            for f in notes:
                logging.getLogger("ogi").debug(f"{_printable(str(f))}: passed over (Markdown that is not a report)")
            found = [f for f in found if f not in notes]
            if not found and not unreadable:
                problems.append(
                    f"{_printable(str(p))}: no .txt .md .docx .html .htm .pdf .png .jpg reports in this "
                    "folder" + (f" ({len(notes)} Markdown file(s) that are not reports passed over)" if notes else "")
                )
            files.extend(found)
        elif p.exists():
            files.append(p)
        else:
            problems.append(f"{_printable(str(p))}: no such file or folder")
    return files, problems


def _is_report_file(path: Path) -> bool:
    """Whether a file reads as a report, by the same test `ogi extract` applies
    (`meta.not_a_report`), its cheap parts first: a report's narrative answers before its
    tables are read, and `ogi extract` reads them again anyway."""
    from ..meta import has_narrative, speaks_of_disclosure
    from ..tables.read import read_tables
    from .limits import LimitError

    try:
        doc = _read(str(path), _TEXT_ONLY)
        if not doc.ok or not speaks_of_disclosure(doc.text):
            return False
        if has_narrative(doc.text):
            return True
        doc = read_document(path)  # its tables too (the same text)
    except LimitError:  # too large to look at here: `ogi extract` says so for it
        return True
    return any(v is not None for v in read_tables(doc).cells.values())


def _walk(folder: Path) -> tuple[list[Path], list[tuple[str, str | None]]]:
    found: list[Path] = []
    unreadable: list[tuple[str, str | None]] = []
    for root, _, names in os.walk(folder, onerror=lambda e: unreadable.append((e.filename, e.strerror))):
        found.extend(
            Path(root, n) for n in names if Path(n).suffix.lower() in SUFFIXES and os.path.isfile(os.path.join(root, n))
        )
    return sorted(found), unreadable
