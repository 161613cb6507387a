"""A board's settings: choices about how its report is checked and built, not facts about its year."""

from __future__ import annotations

import attrs

from lscb_core.values import Percent

__all__ = ["SectionChoice", "Settings"]


@attrs.frozen(kw_only=True)
class SectionChoice:
    """One section of the report as the board wants it.

    ``section`` names a section (``budget``); ``enabled: false`` leaves it
    out; ``use`` names another section (usually a plugin's) to put in its place.
    """

    section: str
    enabled: bool = True
    use: str | None = None


@attrs.frozen(kw_only=True)
class Settings:
    """What ``settings.yaml`` may hold (in the period folder, else the board folder).

    ``sections`` lists sections in the order the report should have them;
    sections it does not name follow in their usual order.
    ``low_attendance_percent``: members attending less than this share of the
    meetings they could attend are pointed out.
    ``block_plugins`` names installed plugins this board does not want.
    """

    sections: tuple[SectionChoice, ...] = ()
    template: str | None = None
    low_attendance_percent: Percent = 50.0
    block_plugins: tuple[str, ...] = ()
