"""Pictures that narrative shows: files in the board folder, read and checked before anything draws them."""

from __future__ import annotations

import io
from pathlib import Path

import attrs

from lscb_core._loading.paths import Place, place

__all__ = ["MAX_PICTURE_BYTES", "Picture", "PictureRefusedError", "read_picture"]

MAX_PICTURE_BYTES = 20 * 1024 * 1024
"""Pictures larger than this are refused."""


class PictureRefusedError(ValueError):
    """A picture cannot be used; the message completes "the picture 'images/x.png' ..."."""


@attrs.frozen
class Picture:
    """A PNG or JPEG picture, read from the board folder."""

    data: bytes = attrs.field(repr=False)
    width_px: int
    name: str


def read_picture(board_dir: Path, period_dir: Path, src: str) -> Picture:
    """The picture ``src`` names, relative to the period folder; raises :class:`PictureRefusedError`."""
    if "://" in src or src.lower().startswith(("data:", "mailto:")):
        raise PictureRefusedError("must be a file in the board folder, not a web address")
    relative = Path(src)
    if relative.is_absolute() or not src.strip():
        raise PictureRefusedError("must be a path inside the period folder, such as images/chart.png")
    path = period_dir / relative
    if place(board_dir, path) is not Place.INSIDE:
        raise PictureRefusedError("is outside the board folder; pictures must stay inside it")
    if not path.is_file():
        raise PictureRefusedError("does not exist in the board folder")
    if path.stat().st_size > MAX_PICTURE_BYTES:
        raise PictureRefusedError(f"is larger than {MAX_PICTURE_BYTES // (1024 * 1024)} MB")
    from PIL import Image as PILImage

    data = path.read_bytes()
    try:
        with PILImage.open(io.BytesIO(data)) as probe:
            kind = probe.format
            width, _height = probe.size
            probe.verify()
    except (OSError, SyntaxError, ValueError, PILImage.DecompressionBombError):
        raise PictureRefusedError("is not a picture that can be read (use PNG or JPEG)") from None
    if kind not in ("PNG", "JPEG"):
        raise PictureRefusedError(f"is a {kind} picture; use PNG or JPEG")
    return Picture(data, width, path.resolve().stem)
