"""Errors that carry what the author needs to fix them (kept light: no rendering imports)."""

from __future__ import annotations

import re

import attrs

from lscb_core._base.findings import Finding
from lscb_core._base.locations import Location

__all__ = ["FindingError", "NarrativeError", "in_words"]


@attrs.frozen
class NarrativeError(Exception):
    """A narrative template could not be rendered; ``location`` is where the problem is."""

    location: Location | None
    message: str

    def __str__(self) -> str:
        return f"{self.location}: {self.message}" if self.location else self.message


class FindingError(Exception):
    """Work stopped for a reason a finding already says (a plugin failed, a setting names no section).

    Raised through plugins' code unchanged: the finding already names who and where.
    """

    def __init__(self, finding: Finding) -> None:
        self.finding = finding
        super().__init__(finding.message)


def in_words(exc: BaseException) -> str:
    """What went wrong, in words for an author: no exception class names, no Python internals."""
    text = str(exc).strip()
    if isinstance(exc, MemoryError):
        return "it needed more memory than a build may use"
    if isinstance(exc, RecursionError):
        return "it nests too deeply to be worked out"
    if isinstance(exc, ZeroDivisionError):
        return "it divides by zero"
    if isinstance(exc, OverflowError):
        return "a number is too large to work with"
    if isinstance(exc, ValueError) and "int_max_str_digits" in text:
        return "a number has too many digits to be written out (more than 4,300)"
    if isinstance(exc, KeyError):
        return f"there is no {exc.args[0]!r}" if exc.args else "something it looks up is not there"
    if isinstance(exc, IndexError):
        return "a list has no item at that position"
    # Messages of the others (TypeError, ValueError, AttributeError) say what is wrong; drop any memory address.
    text = re.sub(r" at 0x[0-9a-fA-F]+", "", text)
    return text or "it failed without saying why"
