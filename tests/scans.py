"""Scanned copies of the sample PDFs, made here: pages rendered at a given dpi, a red seal
stamped over each table, the page turned by a small angle, grain added, saved as JPEG and put
back together as an image-only PDF (no text layer), as a scanner would.

    python -m tests.scans tests/fixtures/samples/000_a603a2208d919e1a.pdf 150 out.pdf
"""

from __future__ import annotations

import io
import sys
from pathlib import Path

import numpy as np
import pypdfium2 as pdfium
from PIL import Image, ImageDraw

from ogi.ingest.pdf_page import read_page
from ogi.ingest.pdf_ruling import find_tables

RED = (215, 30, 40)


def _stamp(img: Image.Image, centre: tuple[float, float], radius: float) -> None:
    """A round red seal: a ring, an inner ring and a star, drawn in multiply over the page."""
    layer = Image.new("RGB", img.size, (255, 255, 255))
    d = ImageDraw.Draw(layer)
    cx, cy = centre
    w = max(2, int(radius / 14))
    d.ellipse((cx - radius, cy - radius, cx + radius, cy + radius), outline=RED, width=w)
    r2 = radius * 0.8
    d.ellipse((cx - r2, cy - r2, cx + r2, cy + r2), outline=RED, width=max(1, w // 2))
    star = []
    for k in range(10):
        r = radius * (0.3 if k % 2 == 0 else 0.12)
        a = np.pi / 2 + k * np.pi / 5
        star.append((cx + r * np.cos(a), cy - r * np.sin(a)))
    d.polygon(star, fill=RED)
    page = np.asarray(img, dtype=np.float32)
    ink = np.asarray(layer, dtype=np.float32)
    img.paste(Image.fromarray((page * ink / 255).astype(np.uint8)))


def scan_page(page, dpi: int, angle: float, noise: float, rng: np.random.Generator, stamp: bool = True) -> Image.Image:
    """One page as a scanner sees it."""
    img = page.render(scale=dpi / 72).to_pil().convert("RGB")
    if stamp:
        k = dpi / 72
        for table in find_tables(read_page(page).edges):
            x0, top, x1, bottom = table.bbox
            _stamp(img, ((x0 + x1) / 2 * k + 60 * k, (top + bottom) / 2 * k), 45 * k)
    img = img.rotate(angle, resample=Image.BICUBIC, expand=False, fillcolor=(255, 255, 255))
    arr = np.asarray(img, dtype=np.float32)
    arr = arr + rng.normal(0, noise, arr.shape[:2])[:, :, None]
    return Image.fromarray(np.clip(arr, 0, 255).astype(np.uint8))


def scan_pdf(
    src: Path, dpi: int, angle: float = 0.6, noise: float = 12.0, seed: int = 0, pages: list[int] | None = None
) -> bytes:
    """An image-only PDF of the chosen pages (all by default) of `src`."""
    rng = np.random.default_rng(seed)
    pdf = pdfium.PdfDocument(str(src))
    images = []
    for i in pages if pages is not None else range(len(pdf)):
        img = scan_page(pdf[i], dpi, angle if i % 2 == 0 else -angle, noise, rng)
        buf = io.BytesIO()
        img.save(buf, "JPEG", quality=80)  # a scanner's compression, its artefacts too
        images.append(Image.open(io.BytesIO(buf.getvalue())))
    out = io.BytesIO()
    images[0].save(out, "PDF", save_all=True, append_images=images[1:], resolution=dpi)
    return out.getvalue()


if __name__ == "__main__":
    Path(sys.argv[3]).write_bytes(scan_pdf(Path(sys.argv[1]), int(sys.argv[2])))
