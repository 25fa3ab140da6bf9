"""Page images (.png, .jpg): a photographed or scanned page, read by OCR (`ogi[ocr]`).

An image is one page, shown A4-wide (595 pt) whatever its pixel size, so that the line and
grid tolerances in points mean the same as on a PDF page.
"""

from __future__ import annotations

import io

from ..document import Document, IngestError
from .pdf import assemble, page_items

PAGE_WIDTH = 595.0  # points: A4


def read_image(path: str, data: bytes) -> Document:
    from . import ocr  # numpy and the engine only for images

    doc = Document(path=path, kind="image-ocr")
    if not ocr.available():
        doc.errors.append(
            IngestError(
                "ocr_unavailable",
                f"这是一张图片，需要 OCR 才能读取。请安装可选的 OCR 组件（{ocr.EXTRA_HINT}）。",
                f"The file is an image; reading it needs OCR: install the OCR extra ({ocr.EXTRA_HINT}).",
            )
        )
        return doc
    try:
        import numpy as np
        from PIL import Image, ImageOps

        with Image.open(io.BytesIO(data)) as img:
            image = np.asarray(ImageOps.exif_transpose(img).convert("RGB"))
    except Exception as exc:  # PIL raises many kinds of errors on damaged files
        doc.errors.append(
            IngestError(
                "corrupt",
                "图片文件已损坏，无法打开。",
                f"The image file is corrupt and cannot be opened ({type(exc).__name__}).",
            )
        )
        return doc
    content = ocr.read_page_image(image, PAGE_WIDTH)
    doc.pages = 1
    doc.ocr_pages = [1]
    assemble(doc, [(content.width, page_items(content))])
    if doc.errors and doc.errors[-1].code == "no_text_layer":
        doc.errors[-1] = IngestError("empty", "图片中没有识别出文字。", "No text was recognised in the image.")
    return doc
