"""A board's settings: choices about how its report is checked and built, not facts about its year."""

from __future__ import annotations

import attrs

from lscb_core.values import Percent

__all__ = ["SectionChoice", "Settings"]


@attrs.frozen(kw_only=True)
class SectionChoice:
    """One section of the report as the board wants it.

    ``section`` names a section (``budget``); ``enabled: false`` leaves it
    out; ``use`` names another section (usually a plugin's) to put in its
    place; ``after`` or ``before`` names the section it should follow or
    precede; ``title`` changes its heading.
    """

    section: str
    enabled: bool = True
    use: str | None = None
    after: str | None = None
    before: str | None = None
    title: str | None = None


@attrs.frozen(kw_only=True)
class Settings:
    """What ``settings.yaml`` may hold (in the period folder, else the board folder).

    ``sections`` changes sections: switches them off, moves them, renames
    them or replaces them with a plugin's (see :class:`SectionChoice`);
    sections it does not name keep their usual place.
    ``template`` names the board's own Word template (a path in the board
    folder); ``contents_levels`` how many heading levels the contents lists.
    ``low_attendance_percent``: members attending less than this share of the
    meetings they could attend are pointed out.
    ``block_plugins`` names installed plugins this board does not want.
    """

    sections: tuple[SectionChoice, ...] = ()
    template: str | None = None
    contents_levels: int = attrs.field(default=1, validator=[attrs.validators.ge(1), attrs.validators.le(3)])
    low_attendance_percent: Percent = 50.0
    block_plugins: tuple[str, ...] = ()
