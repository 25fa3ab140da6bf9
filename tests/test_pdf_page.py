"""A page's ruling lines read from its paths, also where they are drawn inside form XObjects
(nested, each with its own matrix): the same edges as the same paths drawn on the page."""

from __future__ import annotations

from unittest import mock

import pypdfium2 as pdfium
import pytest

from ogi.ingest.pdf_page import read_page

from . import hostile_files as H

GRID = b"0.5 w 0 0 m 200 0 l S 0 40 m 200 40 l S 0 0 m 0 40 l S 200 0 m 200 40 l S 20 60 180 30 re S"


def _page(content: bytes, forms: list[bytes] = ()) -> bytes:
    """One page with `content`; form i is object 6 + i, named /Fi, each but the last drawing the next."""
    names = b" ".join(b"/F%d %d 0 R" % (i, 6 + i) for i in range(len(forms)))
    objs = H._page_objects(H._stream(content), b"/XObject << %s >>" % names if forms else b"")
    return H.pdf(objs + list(forms))


def _form(body: bytes, matrix: bytes, inner: int | None = None) -> bytes:
    res = b"/Resources << /XObject << /F%d %d 0 R >> >>" % (inner, 6 + inner) if inner is not None else b""
    head = b"/Type /XObject /Subtype /Form /BBox [-1000 -1000 1000 1000] /Matrix [%s] %s" % (matrix, res)
    return H._stream(body, head)


def _edges(data: bytes) -> list[tuple]:
    pdf = pdfium.PdfDocument(data)
    try:
        page = pdf[0]
        content = read_page(page)
        page.close()
    finally:
        pdf.close()
    return sorted((e[0], *(round(v, 3) for v in e[1:])) for e in content.edges)


def test_a_grid_on_the_page():
    edges = _edges(_page(b"1 0 0 1 100 500 cm " + GRID))
    assert len(edges) == 8  # four lines and a rectangle's four sides
    assert ("h", 100.0, 842 - 500.0, 300.0, 842 - 500.0) in edges


@pytest.mark.parametrize("depth", [1, 2])
def test_a_grid_inside_forms_reads_as_on_the_page(depth):
    direct = _edges(_page(b"1 0 0 1 100 500 cm " + GRID))
    if depth == 1:  # placed by the page's `cm` and the form's own matrix
        data = _page(b"1 0 0 1 60 500 cm /F0 Do", [_form(GRID, b"1 0 0 1 40 0")])
    else:  # a form drawing a form, each moving it
        data = _page(
            b"1 0 0 1 60 480 cm /F0 Do", [_form(b"/F1 Do", b"1 0 0 1 40 0", inner=1), _form(GRID, b"1 0 0 1 0 20")]
        )
    assert _edges(data) == direct


def test_a_path_neither_filled_nor_stroked_draws_no_edge():
    assert _edges(_page(b"0 0 m 200 0 l n")) == []


@pytest.mark.parametrize("data", [_page(b"1 0 0 1 100 500 cm " + GRID), b"%PDF-1.4 not a pdf"], ids=["read", "corrupt"])
@pytest.mark.parametrize("enabled", [True, False])
def test_the_cycle_collector_is_left_as_it_was(tmp_path, data, enabled):
    """Paused while a PDF is read (its pages make no cycles), on again after, also after a
    file that cannot be opened; left off where the caller had turned it off."""
    import gc

    from ogi.ingest.pdf import read_pdf

    seen = []
    real = read_page

    def spy(page):
        seen.append(gc.isenabled())
        return real(page)

    was = gc.isenabled()
    (gc.enable if enabled else gc.disable)()
    try:
        with mock.patch("ogi.ingest.pdf.read_page", spy):
            doc = read_pdf("x.pdf", data)
        assert gc.isenabled() is enabled
    finally:
        (gc.enable if was else gc.disable)()
    assert seen == ([False] if data.startswith(b"%PDF-1.4\n") else [])
    assert [e.code for e in doc.errors] == (["no_text_layer"] if seen else ["corrupt"])  # rules, no text
