"""Fenced passages in Markdown narrative: ``::: board-only`` ... ``:::``, resolved in the source.

A fence is worked out in the narrative as written, before the narrative is
rendered as a template, so that nothing a template prints can open or close
one. In the public edition the passage is gone; in the board edition only the
fence lines are. Either way each removed line is left blank, so that the line
numbers of template errors still point at the file as written.

Fence names are checked: a misspelt one (``::: board_only``) would otherwise
publish its passage. A fence inside a code block is text, as Markdown reads it.
"""

from __future__ import annotations

import re

from lscb_core._base.errors import NarrativeError
from lscb_core._base.locations import Location
from lscb_core._model.editions import Edition
from lscb_core._model.text import Markdown, without_comments

__all__ = ["FENCES", "check_fences", "fence_lines", "resolve_fences", "resolve_markdown"]

FENCES: tuple[str, ...] = ("board-only",)
"""The names a fence may have: ``::: board-only`` keeps a passage for the board edition."""

_FENCE = re.compile(r"^ {0,3}(:{3,})[ \t]*(.*?)[ \t]*$")
_CODE = re.compile(r"^ {0,3}(`{3,}|~{3,})")


def _known() -> str:
    return ", ".join(f"'::: {name}'" for name in FENCES)


def fence_lines(text: str) -> list[int]:
    """The (0-based) lines of ``text`` that are fence lines, outside code blocks."""
    found: list[int] = []
    code: str | None = None
    for number, line in enumerate(text.split("\n")):
        marker = _CODE.match(line)
        if code is not None:
            if marker is not None and marker.group(1)[0] == code[0] and len(marker.group(1)) >= len(code):
                code = None
            continue
        if marker is not None:
            code = marker.group(1)
            continue
        if _FENCE.match(line):
            found.append(number)
    return found


def resolve_fences(text: str, edition: Edition, origin: Location | None = None) -> str:
    """``text`` with its fenced passages worked out for ``edition``; removed lines are left blank.

    Raises :class:`NarrativeError` at the fence's line for an unknown fence
    name, a ``:::`` that closes nothing, or a passage never closed.
    """
    if ":::" not in text:
        return text
    lines = text.split("\n")
    fences = fence_lines(text)
    if not fences:
        return text
    open_at: list[int] = []  # the line of each open passage
    hidden = [False] * len(lines)
    blank = set(fences)
    start_hidden: int | None = None
    for number in fences:
        match = _FENCE.match(lines[number])
        assert match is not None
        name = match.group(2)
        where = origin.shifted(number) if origin else None
        if name:
            if name not in FENCES:
                raise NarrativeError(
                    where,
                    f"'{lines[number].strip()}' is not a fence lscb knows; the known fences are {_known()}, each closed by a line ':::'",
                )
            open_at.append(number)
            if start_hidden is None and edition is Edition.PUBLIC:
                start_hidden = number
            continue
        if not open_at:
            raise NarrativeError(
                where, f"this ':::' closes no passage; a passage starts with one of {_known()}"
            )
        open_at.pop()
        if not open_at and start_hidden is not None:
            for hide in range(start_hidden, number + 1):
                hidden[hide] = True
            start_hidden = None
    if open_at:
        line = open_at[-1]
        raise NarrativeError(
            origin.shifted(line) if origin else None,
            f"the passage '{lines[line].strip()}' is never closed: end it with a line ':::'",
        )
    return "\n".join("" if hidden[i] or i in blank else line for i, line in enumerate(lines))


def resolve_markdown(markdown: Markdown, edition: Edition) -> Markdown:
    """A Markdown value with its fences worked out for ``edition`` (its origin kept).

    ``<!-- comments -->`` are left out first (as blank lines), so that a fence
    inside a comment is not one.
    """
    if ":::" not in markdown.text:
        return markdown
    resolved = resolve_fences(without_comments(markdown.text), edition, markdown.origin)
    return Markdown(resolved, markdown.origin)


def check_fences(text: str, origin: Location | None = None) -> None:
    """Raise :class:`NarrativeError` if the fences of ``text`` are not well formed."""
    resolve_fences(text, Edition.BOARD, origin)
