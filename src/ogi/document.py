"""What ingest hands to the rest of the pipeline: one text, and the tables it holds.

Named after what a person sees: a `Document` has `text` (exactly what `ogi text` prints) and
`tables`, each a grid of `Cell`s whose offsets point into that text. Every offset anywhere in
ogi's output indexes `Document.text`.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Cell:
    """One table cell as printed in the document text: `text == doc.text[start:end]`.

    A merged cell appears at every grid position it covers, as the same object.
    """

    text: str
    start: int
    end: int


@dataclass
class Table:
    """A real table of the source (docx, html, pdf ruling lines), expanded to a grid."""

    rows: list[list[Cell | None]]
    start: int
    end: int
    page: int | None = None


@dataclass
class IngestError:
    """Why a document could not be read; goes to the `errors` of the output line."""

    code: str
    message: str
    message_en: str

    def to_json(self) -> dict:
        return {"code": self.code, "message": self.message, "message_en": self.message_en}


@dataclass
class Document:
    path: str
    text: str = ""
    tables: list[Table] = field(default_factory=list)
    kind: str = "txt"  # txt | docx | html | pdf
    encoding: str | None = None
    pages: int | None = None
    errors: list[IngestError] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    warnings: list = field(default_factory=list)  # Flags about the reading itself (bytes replaced)
    doc_id: str | None = None  # first 12 hex digits of the SHA-1 of the file's bytes
    ocr_pages: list[int] = field(default_factory=list)  # 1-based pages read by OCR
    unread_pages: list[int] = field(default_factory=list)  # 1-based scanned pages left unread (no OCR)
    # (start, end, confidence 0-1) of text read by OCR: lines and table cells
    ocr_spans: list[tuple[int, int, float]] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


class TextBuilder:
    """Builds a document text piece by piece while recording where each piece lands."""

    def __init__(self) -> None:
        self._parts: list[str] = []
        self._len = 0

    def __len__(self) -> int:
        return self._len

    def add(self, s: str) -> tuple[int, int]:
        start = self._len
        self._parts.append(s)
        self._len += len(s)
        return start, self._len

    def ends_with_newline(self) -> bool:
        for part in reversed(self._parts):
            if part:
                return part.endswith("\n")
        return True

    def newline(self) -> None:
        if not self.ends_with_newline():
            self.add("\n")

    def add_table(
        self,
        grid: list[list[str | None]],
        merged: list[list[tuple[int, int] | None]] | None = None,
        page: int | None = None,
    ) -> Table:
        """Print a grid as tab-separated lines and return it as a `Table`.

        `merged[r][c]`, when given, names the origin (row, col) of the cell covering that
        position; the origin's text is printed once and the other positions share its Cell.
        """
        self.newline()
        t_start = self._len
        cells: list[list[Cell | None]] = []
        origin_cells: dict[tuple[int, int], Cell] = {}
        for r, row in enumerate(grid):
            out_row: list[Cell | None] = []
            for c, value in enumerate(row):
                origin = merged[r][c] if merged else None
                if origin is not None and origin != (r, c) and origin in origin_cells:
                    if c:
                        self.add("\t")
                    out_row.append(origin_cells[origin])
                    continue
                if c:
                    self.add("\t")
                if value is None:
                    out_row.append(None)
                    continue
                text = clean_cell_text(value)
                start, end = self.add(text)
                cell = Cell(text, start, end)
                origin_cells[(r, c)] = cell
                out_row.append(cell)
            cells.append(out_row)
            self.add("\n")
        return Table(rows=cells, start=t_start, end=self._len, page=page)

    def text(self) -> str:
        return "".join(self._parts)


def clean_cell_text(value: str) -> str:
    """A cell's text on one line: inner line breaks and tabs become single spaces."""
    return " ".join(value.replace("\u00a0", " ").split())
