"""Pictures cleaned on use: turned the way the camera meant, then stripped of their metadata.

A photograph keeps what the camera and the software wrote into it: the
camera, the software, the time it was taken and often where (GPS). None of
that belongs in a published report. :func:`clean_picture`

1. applies an EXIF orientation to the pixels (the only thing in EXIF that
   changes how the picture looks), re-encoding only then;
2. removes all metadata: EXIF (with GPS), XMP, IPTC, comments, thumbnails,
   PNG text chunks and time stamps, and anything after the end of the
   picture; colour profiles stay, as they say how to show the colours.

JPEG and PNG are stripped without loss (the picture data is copied byte for
byte; see :func:`~lscb_core._accessibility.hygiene.jpeg_pieces`); a rotated
JPEG is re-encoded with its own quantisation tables, so its quality is kept as
far as JPEG allows. GIF, TIFF and WebP (found in Word templates) are
re-encoded from their pixels, losslessly, keeping only their first frame.
The same picture always gives the same bytes.

:func:`read_picture` reads a picture that narrative shows from the board
folder (inside it, by the one rule of :mod:`lscb_core._loading.paths`),
checks it and cleans it, so what reaches the renderer is bytes fit to publish.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import attrs

from lscb_core._accessibility.hygiene import (
    PictureError,
    image_format,
    jpeg_pieces,
    picture_metadata,
    png_pieces,
)
from lscb_core._base.findings import Finding, LoadError
from lscb_core._base.locations import Location
from lscb_core._loading.guard import probe_picture
from lscb_core._loading.paths import Place, place

__all__ = [
    "CleanPicture",
    "Picture",
    "PictureError",
    "PictureRefusedError",
    "clean_picture",
    "read_picture",
]

_EXIF_ORIENTATION = 0x0112


@attrs.frozen
class CleanPicture:
    """A picture fit to publish: its bytes, format, size in pixels, and what was taken out or changed."""

    data: bytes = attrs.field(repr=False)
    format: str
    width: int
    height: int
    removed: tuple[str, ...] = ()
    turned: bool = False

    @property
    def changed(self) -> bool:
        return bool(self.removed) or self.turned


def clean_picture(data: bytes) -> CleanPicture:
    """The picture turned as its EXIF orientation says, with all its metadata removed.

    Raises :class:`PictureError` for data that is not a PNG, JPEG, GIF, TIFF
    or WebP picture, or whose structure is broken.
    """
    from PIL import Image, UnidentifiedImageError

    kind = image_format(data)
    if kind is None or kind == "BMP":
        if kind == "BMP":  # BMP has nowhere to keep metadata
            return _measured(data, kind, (), turned=False)
        raise PictureError("it is not a PNG, JPEG, GIF, TIFF or WebP picture")
    pieces = jpeg_pieces if kind == "JPEG" else png_pieces if kind == "PNG" else None
    # What the picture carries, read from the original (re-encoding would lose the record).
    removed = [label for _, label in pieces(data) if label] if pieces else picture_metadata(data)
    turned = False
    try:
        with Image.open(io.BytesIO(data)) as picture:
            orientation = _orientation(picture)
            if pieces is None or orientation not in (None, 1):
                data = _reencoded(picture, kind)
                turned = orientation not in (None, 1)
    except (OSError, UnidentifiedImageError, SyntaxError, Image.DecompressionBombError) as exc:
        raise PictureError(f"it cannot be read ({exc})") from None
    if pieces is not None:
        data = b"".join(piece for piece, _ in pieces(data))
    if turned:
        removed.append("its EXIF orientation, applied to the pixels")
    return _measured(data, kind, tuple(dict.fromkeys(removed)), turned=turned)


def _measured(data: bytes, kind: str, removed: tuple[str, ...], *, turned: bool) -> CleanPicture:
    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(io.BytesIO(data)) as picture:
            width, height = picture.size
    except (OSError, UnidentifiedImageError, SyntaxError, Image.DecompressionBombError) as exc:
        raise PictureError(f"it cannot be read ({exc})") from None
    return CleanPicture(data, kind, width, height, removed, turned)


def _orientation(picture: Any) -> int | None:
    try:
        value = picture.getexif().get(_EXIF_ORIENTATION)
    except (OSError, ValueError, SyntaxError, TypeError):
        return None
    return value if isinstance(value, int) and 1 <= value <= 8 else None


def _reencoded(picture: Any, kind: str) -> bytes:
    """The picture's first frame, turned upright, saved anew with its colour profile and nothing else."""
    from PIL import ImageOps, JpegImagePlugin

    icc = picture.info.get("icc_profile")
    options: dict[str, Any] = {}
    if kind == "JPEG":
        quantization = getattr(picture, "quantization", None)
        if quantization:
            options["qtables"] = quantization
        sampling = JpegImagePlugin.get_sampling(picture)
        if sampling >= 0:
            options["subsampling"] = sampling
    elif kind == "PNG":
        if "transparency" in picture.info:
            options["transparency"] = picture.info["transparency"]
    elif kind == "WEBP":
        options.update(lossless=True, quality=100, method=4, exact=True)
    elif kind == "TIFF":
        options["compression"] = "tiff_lzw"
    elif kind == "GIF" and "transparency" in picture.info:
        options["transparency"] = picture.info["transparency"]
    upright = ImageOps.exif_transpose(picture)
    upright.info = {}
    if icc:
        options["icc_profile"] = icc
    out = io.BytesIO()
    upright.save(out, format=kind, **options)
    return out.getvalue()


class PictureRefusedError(ValueError):
    """A picture cannot be used; the message completes "the picture 'images/x.png' ..."."""


@attrs.frozen
class Picture:
    """A PNG or JPEG picture from the board folder, cleaned, with its width in pixels."""

    data: bytes = attrs.field(repr=False)
    width_px: int
    name: str


def read_picture(
    board_dir: Path,
    period_dir: Path,
    src: str,
    *,
    where: Location | None = None,
    warned: list[Finding] | None = None,
) -> Picture:
    """The picture ``src`` names, relative to the period folder, cleaned; raises :class:`PictureRefusedError`.

    The file is held to the byte and pixel limits of the build; Pillow's
    warnings while reading it are added to ``warned`` as findings at ``where``.
    """
    if "://" in src or src.lower().startswith(("data:", "mailto:")):
        raise PictureRefusedError("must be a file in the board folder, not a web address")
    relative = Path(src)
    if relative.is_absolute() or not src.strip():
        raise PictureRefusedError("must be a path inside the period folder, such as images/chart.png")
    path = period_dir / relative
    if place(board_dir, path) is not Place.INSIDE:
        raise PictureRefusedError("is outside the board folder; pictures must stay inside it")
    if not path.exists():  # anything there but a file is refused when it is read
        raise PictureRefusedError("does not exist in the board folder")
    try:  # within the byte and pixel limits; Pillow's warnings become findings in ``warned``
        facts = probe_picture(path, src, where, "narrative.picture", warned)
    except LoadError as exc:
        raise PictureRefusedError(exc.findings[0].message) from None
    kind, data = facts.format, facts.data
    if kind not in ("PNG", "JPEG"):
        raise PictureRefusedError(f"is a {kind} picture; use PNG or JPEG")
    try:  # turned as the camera meant, without its metadata (camera, GPS position, ...)
        clean = clean_picture(data)
    except PictureError as exc:
        raise PictureRefusedError(f"cannot be used: {exc}") from None
    return Picture(clean.data, clean.width, path.resolve().stem)
