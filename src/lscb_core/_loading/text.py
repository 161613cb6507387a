"""Reading text files safely: UTF-8 only, a BOM or CRLF welcome, no XML-illegal characters."""

from __future__ import annotations

import re
from pathlib import Path

from lscb_core._base.findings import Finding, LoadError, errors_at, warning
from lscb_core._base.locations import Location

__all__ = ["MAX_TEXT_BYTES", "clean_text", "read_text"]

MAX_TEXT_BYTES = 20 * 1024 * 1024
"""Text files larger than this are refused rather than read into memory."""

# Characters that XML 1.0 cannot carry, and so no Word document can hold: the C0
# controls other than tab, newline and carriage return, lone surrogates, and the
# two non-characters U+FFFE and U+FFFF.
_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def clean_text(value: str) -> tuple[str, int]:
    """Remove characters that cannot appear in a Word document.

    Returns the cleaned text and how many characters were removed. Tab and
    newline keep their meaning; a carriage return before a newline is dropped.
    """
    cleaned, removed = _ILLEGAL.subn("", value)
    if "\r" in cleaned:
        cleaned = cleaned.replace("\r\n", "\n").replace("\r", "\n")
    return cleaned, removed


def removed_warning(location: Location | None, count: int) -> Finding:
    what = "character" if count == 1 else "characters"
    return warning(
        "text.control-characters",
        f"removed {count} control {what} that a Word document cannot hold",
        location=location,
    )


def _line_col(data: bytes, offset: int) -> tuple[int, int]:
    before = data[:offset]
    line = before.count(b"\n") + 1
    column = offset - (before.rfind(b"\n") + 1) + 1
    return line, column


def read_text(path: Path, display: str) -> str:
    """Read a text file as UTF-8 (with or without a BOM), with normalised line endings.

    Raises :class:`LoadError` with a located message when the file is missing,
    too large, binary or not UTF-8.
    """
    try:
        size = path.stat().st_size
        if size > MAX_TEXT_BYTES:
            raise LoadError(
                [
                    _error(
                        Location(display),
                        f"the file is {size:,} bytes; text files over {MAX_TEXT_BYTES:,} bytes are not read",
                    )
                ]
            )
        data = path.read_bytes()
    except OSError as exc:
        raise LoadError(
            [_error(Location(display), f"the file cannot be read: {exc.strerror or exc}")]
        ) from None
    if b"\x00" in data[:8192]:
        line, col = _line_col(data, data.index(b"\x00"))
        raise LoadError(
            [
                _error(
                    Location(display, line, col),
                    "this is a binary file, not text; save it as plain UTF-8 text",
                )
            ]
        )
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line, col = _line_col(data, exc.start)
        byte = data[exc.start]
        raise LoadError(
            [
                _error(
                    Location(display, line, col),
                    f"the file is not UTF-8 text (byte 0x{byte:02x}); save it with UTF-8 encoding",
                )
            ]
        ) from None
    return text.replace("\r\n", "\n").replace("\r", "\n")


_error = errors_at("load.file")
