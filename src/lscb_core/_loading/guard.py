"""Guards for packed files (workbooks, Word templates) and pictures, before any library opens them.

A workbook or a Word template is a zip of XML parts. Before openpyxl or
python-docx reads one, every part is checked: what it unpacks to (each part,
and all together), how many times larger than packed it unpacks (a "zip
bomb" unpacks a thousand times), and that no XML part declares a DTD, where
entities (the "billion laughs") and references to outside files live. The
XML is read by defusedxml's hardened parser, which refuses a DTD outright.

A picture's size in pixels is read from its header before it is decoded, and
Pillow's own warnings about it become findings.
"""

from __future__ import annotations

import io
import warnings
import zipfile
from pathlib import Path
from typing import Any

import attrs
from defusedxml import DTDForbidden, EntitiesForbidden, ExternalReferenceForbidden
from defusedxml.ElementTree import ParseError, iterparse

from lscb_core._base.findings import Finding, Level, LoadError
from lscb_core._base.limits import MIB, current_limits, limit_finding
from lscb_core._base.locations import Location
from lscb_core._loading.text import read_bytes

__all__ = ["PictureFacts", "check_package", "checked_package", "probe_picture"]

RATIO_FLOOR = MIB
"""Parts that unpack to less than this are not held to the ratio limit: small XML packs very tightly."""

_XML_SUFFIXES = (".xml", ".rels", ".vml")


def check_package(path: Path, display: str, code: str, *, kind: str, unreadable: str) -> bytes:
    """The bytes of a zip package once every part of it is checked; raises :class:`LoadError` if one is not.

    ``kind`` names the package in messages (``workbook``, ``Word template``);
    ``unreadable`` is the message for a file that is not a zip package at all.
    """
    return checked_package(read_bytes(path, display, code), display, code, kind=kind, unreadable=unreadable)


def checked_package(data: bytes, display: str, code: str, *, kind: str, unreadable: str) -> bytes:
    """``data``, a zip package read from ``display``, once every part of it is checked (see :func:`check_package`)."""
    where = Location(display)
    limits = current_limits()
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, OSError, ValueError):
        raise LoadError([_error(where, unreadable, code)]) from None
    with archive:
        total = 0
        for member in archive.infolist():
            name = member.filename
            size = member.file_size
            total += size
            if size > limits.unpacked_bytes:
                raise LoadError(
                    [
                        limit_finding(
                            where,
                            "unpacked_bytes",
                            f"the part {name} of this {kind} unpacks to {size:,} bytes",
                            limits,
                            code,
                        )
                    ]
                )
            if size > RATIO_FLOOR and size > limits.unpacked_ratio * max(member.compress_size, 1):
                ratio = size // max(member.compress_size, 1)
                raise LoadError(
                    [
                        limit_finding(
                            where,
                            "unpacked_ratio",
                            f"the part {name} of this {kind} unpacks to {ratio:,} times its packed size, as only a deliberately harmful file does",
                            limits,
                            code,
                        )
                    ]
                )
            if total > limits.unpacked_bytes:
                raise LoadError(
                    [
                        limit_finding(
                            where,
                            "unpacked_bytes",
                            f"the parts of this {kind} unpack to more than this in all",
                            limits,
                            code,
                        )
                    ]
                )
        for member in archive.infolist():
            if member.filename.lower().endswith(_XML_SUFFIXES):
                _check_prolog(archive, member, where, kind, code)
    return data


def _check_prolog(
    archive: zipfile.ZipFile, member: zipfile.ZipInfo, where: Location, kind: str, code: str
) -> None:
    """Refuse an XML part that declares a DTD (entities, outside references); it can only do so before its root."""
    problem = None
    try:
        with archive.open(member) as stream:
            for _event, _element in iterparse(stream, events=("start",), forbid_dtd=True):
                break  # the root element has started: no DTD can follow
    except (DTDForbidden, EntitiesForbidden, ExternalReferenceForbidden):
        problem = "declares a document type (DTD), which can define entities or fetch other files"
    except ParseError as exc:
        problem = f"is not well-formed XML (line {exc.position[0]}, column {exc.position[1] + 1})"
    except (zipfile.BadZipFile, OSError, EOFError, ValueError):
        problem = "cannot be unpacked"
    if problem is not None:
        raise LoadError(
            [
                _error(
                    where,
                    f"the part {member.filename} of this {kind} {problem}; save the file again from Office",
                    code,
                )
            ]
        )


@attrs.frozen
class PictureFacts:
    """What a picture's header says: its format and size in pixels."""

    data: bytes
    format: str | None
    width: int
    height: int


def probe_picture(
    path: Path, display: str, where: Location | None, code: str, warned: list[Finding] | None = None
) -> PictureFacts:
    """Read a picture's header: its format and size, refused when it has more pixels than the limit.

    Raises :class:`LoadError` for a file that is not a picture or is too large,
    its message what is wrong with "the picture" (``is not a picture that can
    be read``); Pillow's warnings while reading it are added to ``warned`` as
    findings at ``where``.
    """
    from PIL import Image

    limits = current_limits()
    at = where or Location(display)
    try:
        data = read_bytes(path, display, code)
    except LoadError as exc:
        raise LoadError(
            [attrs.evolve(f, location=at, message=f.message.removeprefix("the file ")) for f in exc.findings]
        ) from None
    caught: list[warnings.WarningMessage] = []
    saved = Image.MAX_IMAGE_PIXELS
    try:
        # Pillow warns above MAX_IMAGE_PIXELS and refuses above twice that, as it opens the picture;
        # the size is checked here instead, against our limit, right after the header is read.
        Image.MAX_IMAGE_PIXELS = None
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            with Image.open(io.BytesIO(data)) as probe:
                kind = probe.format
                width, height = probe.size
                if width * height > limits.picture_pixels:
                    raise LoadError([_too_many_pixels(at, display, limits, code, width, height)])
                probe.verify()
    except Image.DecompressionBombError:
        raise LoadError([_too_many_pixels(at, display, limits, code)]) from None
    except (OSError, SyntaxError, ValueError, EOFError, MemoryError):
        raise LoadError([_error(at, "is not a picture that can be read (use PNG or JPEG)", code)]) from None
    finally:
        Image.MAX_IMAGE_PIXELS = saved
    if width * height > limits.picture_pixels or any(
        issubclass(w.category, Image.DecompressionBombWarning) for w in caught
    ):
        raise LoadError([_too_many_pixels(at, display, limits, code, width, height)])
    if warned is not None:
        for message in caught:
            warned.append(
                Finding(
                    level=Level.WARNING,
                    code=f"{code}-warning",
                    message=f"reading the picture {display}: {_plain(message.message)}",
                    location=at,
                )
            )
    return PictureFacts(data, kind, width, height)


def _too_many_pixels(
    where: Location, display: str, limits: Any, code: str, width: int | None = None, height: int | None = None
) -> Finding:
    size = f" ({width:,} by {height:,})" if width is not None and height is not None else ""
    return limit_finding(where, "picture_pixels", f"has more pixels than this{size}", limits, code)


def _plain(message: Warning | str) -> str:
    return str(message).strip()


def _error(location: Location, message: str, code: str) -> Finding:
    return Finding(level=Level.ERROR, code=code, message=message, location=location)
