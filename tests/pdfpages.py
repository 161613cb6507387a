"""Looking at PDF pages as pictures: which page holds a text, and the solid bars drawn on it."""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest
from PIL import Image
from pypdf import PdfReader

ACCENT = (0x1D, 0x4F, 0x76)
"""The default template's first accent colour: the fill of a chart's first series."""


def require_pdftoppm() -> str:
    found = shutil.which("pdftoppm")
    if found is None:
        if os.environ.get("LSCB_REQUIRE_LIBREOFFICE") == "1":
            pytest.fail("pdftoppm (poppler-utils) is required here but is not installed")
        pytest.skip("pdftoppm (poppler-utils) is not installed")
    return found


def page_with(pdf: bytes, *texts: str) -> int:
    """The 1-based number of the first page whose text holds every one of ``texts``."""
    for number, page in enumerate(PdfReader(io.BytesIO(pdf)).pages, start=1):
        flat = " ".join(page.extract_text().split())
        if all(text in flat for text in texts):
            return number
    raise AssertionError(f"no page holds {texts!r}")


def page_picture(pdf: bytes, page: int, dpi: int = 50) -> Image.Image:
    command = require_pdftoppm()
    with tempfile.TemporaryDirectory() as work:
        source = Path(work) / "doc.pdf"
        source.write_bytes(pdf)
        subprocess.run(
            [
                command,
                "-png",
                "-r",
                str(dpi),
                "-f",
                str(page),
                "-l",
                str(page),
                str(source),
                str(Path(work) / "p"),
            ],
            check=True,
            capture_output=True,
            timeout=120,
        )
        (png,) = Path(work).glob("p*.png")
        with Image.open(png) as picture:
            return picture.convert("RGB")


def solid_boxes(
    picture: Image.Image, colour: tuple[int, int, int] = ACCENT, tolerance: int = 24
) -> list[tuple[int, int, int, int]]:
    """Bounding boxes (x0, y0, x1, y1) of solid rectangles of ``colour``, at least 3 pixels each way.

    Lines (a heading's rule) are thinner than that at a low resolution, and
    letters do not fill their box; bars of a chart and shaded table rows do
    (the caller tells them apart).
    """
    width, height = picture.size
    pixels = picture.load()
    assert pixels is not None
    inside = {
        (x, y)
        for y in range(height)
        for x in range(width)
        if all(abs(int(a) - b) <= tolerance for a, b in zip(pixels[x, y], colour, strict=True))  # type: ignore[arg-type]
    }
    boxes = []
    while inside:
        start = inside.pop()
        stack = [start]
        x0 = x1 = start[0]
        y0 = y1 = start[1]
        count = 0
        while stack:
            x, y = stack.pop()
            count += 1
            x0, x1, y0, y1 = min(x0, x), max(x1, x), min(y0, y), max(y1, y)
            for near in ((x + 1, y), (x - 1, y), (x, y + 1), (x, y - 1)):
                if near in inside:
                    inside.remove(near)
                    stack.append(near)
        if x1 - x0 >= 2 and y1 - y0 >= 2 and count >= 0.85 * (x1 - x0 + 1) * (y1 - y0 + 1):
            boxes.append((x0, y0, x1 + 1, y1 + 1))
    return sorted(boxes, key=lambda b: (b[1], b[0]))
