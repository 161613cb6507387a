"""Pictures cleaned on use: turned as the camera meant, all metadata gone, colour profiles kept."""

from __future__ import annotations

import io

import pytest
from PIL import Image, ImageChops, ImageStat

from lscb_core._accessibility.hygiene import jpeg_pieces, picture_metadata, png_pieces
from lscb_core._loading.pictures import PictureError, clean_picture

from .dirty import jpeg_with_metadata, leaked, photo, png_with_metadata, srgb_profile


def _pixels(data: bytes) -> bytes:
    with Image.open(io.BytesIO(data)) as picture:
        return bytes(picture.convert("RGB").tobytes())


def _open(data: bytes) -> Image.Image:
    picture = Image.open(io.BytesIO(data))
    picture.load()
    return picture


def test_a_jpeg_is_stripped_without_loss() -> None:
    original = jpeg_with_metadata()
    assert picture_metadata(original) == ["EXIF with GPS position", "XMP", "a comment"]
    clean = clean_picture(original)
    assert clean.removed == ("EXIF with GPS position", "XMP", "a comment")
    assert not clean.turned
    assert leaked(clean.data) == []
    assert picture_metadata(clean.data) == []
    # The same pixels, from the same coded data: nothing was re-encoded.
    assert _pixels(clean.data) == _pixels(original)
    scan = original[original.index(b"\xff\xda") :]
    assert clean.data.endswith(scan)
    picture = _open(clean.data)
    assert picture.info.get("icc_profile") == srgb_profile()
    assert not picture.getexif()
    assert (clean.width, clean.height) == (64, 32)


def test_a_rotated_jpeg_is_turned_and_re_encoded_with_its_quality() -> None:
    original = jpeg_with_metadata(orientation=6)
    clean = clean_picture(original)
    assert clean.turned
    assert clean.removed == (
        "EXIF with GPS position",
        "XMP",
        "a comment",
        "its EXIF orientation, applied to the pixels",
    )
    assert (clean.width, clean.height) == (32, 64)
    assert leaked(clean.data) == []
    assert picture_metadata(clean.data) == []
    picture = _open(clean.data)
    assert picture.info.get("icc_profile") == srgb_profile()
    assert not picture.getexif()
    # Orientation 6 means "turn 90 degrees clockwise to show": the left half (orange) ends on top.
    upright = picture.convert("RGB")
    assert upright.getpixel((16, 5)) == pytest.approx((220, 120, 20), abs=4)
    assert upright.getpixel((16, 58)) == pytest.approx((30, 80, 160), abs=4)
    expected = _open(original).convert("RGB").transpose(Image.Transpose.ROTATE_270)
    difference = ImageChops.difference(upright, expected)
    assert max(ImageStat.Stat(difference).mean) < 4  # re-encoded once, at the original's quality
    with Image.open(io.BytesIO(original)) as source:
        assert picture.quantization == source.quantization  # type: ignore[attr-defined]


def test_a_png_is_stripped_without_loss() -> None:
    original = png_with_metadata()
    assert picture_metadata(original) == ["text chunks", "XMP", "a time stamp", "EXIF with GPS position"]
    clean = clean_picture(original)
    assert set(clean.removed) == {"text chunks", "XMP", "a time stamp", "EXIF with GPS position"}
    assert leaked(clean.data) == []
    assert _pixels(clean.data) == _pixels(original)
    kept = [piece for piece, label in png_pieces(original) if label is None]
    assert clean.data == b"".join(kept)
    assert b"iCCP" in clean.data
    assert _open(clean.data).info.get("icc_profile") == srgb_profile()


def test_a_rotated_png_is_turned() -> None:
    clean = clean_picture(png_with_metadata(orientation=8))
    assert clean.turned
    assert (clean.width, clean.height) == (32, 64)
    assert leaked(clean.data) == []
    picture = _open(clean.data).convert("RGB")
    assert picture.tobytes() == photo().transpose(Image.Transpose.ROTATE_90).tobytes()


def test_data_after_the_end_and_a_jfif_thumbnail_go() -> None:
    original = jpeg_with_metadata()
    # A JFIF header holding a 1 x 1 thumbnail, in place of Pillow's own.
    at = original.index(b"\xff\xe0")
    length = int.from_bytes(original[at + 2 : at + 4], "big")
    jfif = b"JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x01\x01" + b"ZQX"
    with_thumbnail = original[:at] + b"\xff\xe0" + (len(jfif) + 2).to_bytes(2, "big") + jfif
    with_thumbnail += original[at + 2 + length :] + b"ZQXSTRAY after the end"
    labels = picture_metadata(with_thumbnail)
    assert "a thumbnail" in labels
    assert "data after the end of the picture" in labels
    clean = clean_picture(with_thumbnail)
    assert b"ZQX" not in clean.data
    assert clean.data.endswith(b"\xff\xd9")
    assert _pixels(clean.data) == _pixels(original)


@pytest.mark.parametrize(
    "make", [jpeg_with_metadata, png_with_metadata, lambda: jpeg_with_metadata(orientation=3)]
)
def test_cleaning_is_deterministic_and_idempotent(make: object) -> None:
    data = make()  # type: ignore[operator]
    once = clean_picture(data)
    assert clean_picture(data).data == once.data
    again = clean_picture(once.data)
    assert again.data == once.data
    assert again.removed == ()


def test_a_clean_picture_is_left_as_it_is() -> None:
    out = io.BytesIO()
    photo().save(out, "PNG")
    assert clean_picture(out.getvalue()).data == out.getvalue()
    assert not clean_picture(out.getvalue()).changed


@pytest.mark.parametrize("kind", ["GIF", "TIFF", "WEBP"])
def test_other_formats_are_re_encoded_without_metadata(kind: str) -> None:
    out = io.BytesIO()
    options: dict[str, object] = {"comment": b"ZQXJPEGCOMMENT"} if kind == "GIF" else {}
    if kind != "GIF":
        exif = Image.Exif()
        exif[0x010F] = "ZQXCAMERA"
        options["exif"] = exif.tobytes()
    photo().save(out, kind, **options)
    assert picture_metadata(out.getvalue())
    clean = clean_picture(out.getvalue())
    assert clean.removed
    assert picture_metadata(clean.data) == []
    assert leaked(clean.data) == []
    assert (clean.width, clean.height) == (64, 32)


@pytest.mark.parametrize(
    ("data", "problem"),
    [
        (b"not a picture", "is not a PNG, JPEG"),
        (b"\xff\xd8\xff\xe1\xff\xff\x00", "has a length that does not fit"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\x0dIHDR", "has a length that does not fit"),
    ],
)
def test_a_broken_picture_is_refused(data: bytes, problem: str) -> None:
    with pytest.raises(PictureError, match=problem):
        clean_picture(data)


def test_jpeg_pieces_keep_only_the_picture() -> None:
    pieces = list(jpeg_pieces(jpeg_with_metadata()))
    labels = [label for _, label in pieces if label]
    assert labels == ["EXIF with GPS position", "XMP", "a comment"]
    assert all(piece == b"" for piece, label in pieces if label)
