"""Appendices: any section can be one, and they are numbered in order, never by hand."""

from __future__ import annotations

import re
from collections.abc import Sequence

from lscb_core._model.settings import SectionChoice

__all__ = ["APPENDIX_PLACE", "appendix_choices", "hand_number", "without_hand_number"]

APPENDIX_PLACE = 145
"""Where a section made an appendix goes when the board does not place it: after the glossary
(140) and before the annexes lscb adds (150), keeping the sections' usual order among themselves."""

_HAND_NUMBERED = re.compile(
    r"\s*appendix\s+(?P<number>\d+|[A-Z]|[ivxlcIVXLC]+)\b\s*[:.–—-]?\s*(?=\S)", re.IGNORECASE
)


def hand_number(title: str) -> str | None:
    """The number in ``Appendix 4: Glossary`` (``4``), or ``None`` when the title is not numbered so."""
    match = _HAND_NUMBERED.match(title)
    return match["number"] if match else None


def without_hand_number(title: str) -> str:
    """``Glossary`` from ``Appendix 4: Glossary``: lscb numbers appendices itself."""
    match = _HAND_NUMBERED.match(title)
    return title[match.end() :] if match else title


def appendix_choices(choices: Sequence[SectionChoice]) -> dict[str, bool]:
    """Which sections the board makes appendices (``True``) or not (``False``), by key.

    ``appendix:`` says so; a title numbered by hand ("Appendix 4: ...") makes one too. A choice that
    puts another section in a section's place (``use``) says it of that section as well.
    """
    out: dict[str, bool] = {}
    for choice in choices:
        flag = choice.appendix
        if flag is None and choice.title and hand_number(choice.title) is not None:
            flag = True
        if flag is None:
            continue
        out[choice.section] = flag
        if choice.use:
            out[choice.use] = flag
    return out
