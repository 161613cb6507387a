"""A board's settings: choices about how its report is checked and built, not facts about its year."""

from __future__ import annotations

import re

import attrs

from lscb_core._base.colours import MIN_TEXT_CONTRAST, contrast_ratio, is_hex_colour
from lscb_core._base.quantities import Percent, percent_field
from lscb_core._model.trends import Trends

__all__ = [
    "DEFAULT_SUPPRESSED_TABLES",
    "LimitSettings",
    "SectionChoice",
    "Settings",
    "Suppression",
    "WebSettings",
]

DEFAULT_SUPPRESSED_TABLES = frozenset({"cdop.categories", "cdop.age-bands", "cdop.factors"})
"""Tables that count children or families, protected in the public edition unless a board says otherwise."""


@attrs.frozen(kw_only=True)
class SectionChoice:
    """One section of the report as the board wants it.

    ``section`` names a section (``budget``); ``enabled: false`` leaves it
    out; ``use`` names another section (usually a plugin's) to put in its
    place; ``after`` or ``before`` names the section it should follow or
    precede; ``title`` changes its heading. ``appendix: true`` makes it an
    appendix (numbered in order with the others, and placed with them at the
    end unless ``after`` or ``before`` places it); ``appendix: false`` makes
    an appendix (membership, training) a section like the others.
    """

    section: str
    enabled: bool = True
    use: str | None = None
    after: str | None = None
    before: str | None = None
    title: str | None = None
    appendix: bool | None = None


@attrs.frozen(kw_only=True)
class Suppression:
    """Small-number suppression in the public edition.

    Counts from 1 to ``threshold`` are shown as ``symbol``, with further cells
    hidden so that none can be worked out from the totals. ``tables`` adds
    tables to the default ones (child deaths by category, age band and
    modifiable factor): ``training.courses``, ``training.agencies``.
    ``cdop.figures`` protects the headline child death figures too (reviews
    completed and those with modifiable factors), with no percentage worked
    out from a hidden one. ``enabled: false`` turns it off (not advised).
    """

    enabled: bool = True
    threshold: int = attrs.field(default=5, validator=[attrs.validators.ge(1), attrs.validators.le(100)])
    symbol: str = attrs.field(default="c", validator=attrs.validators.min_len(1))
    tables: tuple[str, ...] = ()

    def protects(self, table: str) -> bool:
        return self.enabled and (table in DEFAULT_SUPPRESSED_TABLES or table in self.tables)


def _accent(instance: object, attribute: attrs.Attribute[str | None], value: str | None) -> None:
    if value is None:
        return
    if not is_hex_colour(value):
        raise ValueError(f"{attribute.name} must be a colour written RRGGBB, such as 1D4F76, got {value!r}")
    ratio = contrast_ratio(value.lstrip("#"), "FFFFFF")
    if ratio < MIN_TEXT_CONTRAST:
        raise ValueError(
            f"{attribute.name} {value!r} has a contrast of {ratio:.1f}:1 on white; text in it needs at least {MIN_TEXT_CONTRAST}:1"
        )


def _font(instance: object, attribute: attrs.Attribute[str | None], value: str | None) -> None:
    if value is not None and not re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9 \-]{0,62}", value):
        raise ValueError(
            f"{attribute.name} must be the name of a font (letters, digits, spaces), got {value!r}"
        )


@attrs.frozen(kw_only=True)
class WebSettings:
    """The web edition's look.

    ``template`` names an HTML page skeleton in the board folder (a Jinja
    template; see ``templates/default/page.html.j2``); ``accent`` the colour
    of headings, links and the cover (``RRGGBB``, at least 4.5:1 on white);
    ``font`` and ``heading_font`` the names of fonts on the reader's system.
    Unset, the accent colour and fonts come from the Word template's theme.
    """

    template: str | None = None
    accent: str | None = attrs.field(default=None, validator=_accent)
    font: str | None = attrs.field(default=None, validator=_font)
    heading_font: str | None = attrs.field(default=None, validator=_font)


_positive = attrs.validators.optional(attrs.validators.gt(0))


@attrs.frozen(kw_only=True)
class LimitSettings:
    """Limits a board raises (or lowers) for its own reports, when its data really is that large.

    ``file_megabytes``: the size of any one file; ``unpacked_megabytes``: what a
    workbook or Word template unpacks to; ``table_rows`` and ``table_cells``:
    the size of one table; ``picture_megapixels``: the pixels of one picture;
    ``narrative_characters``: what one piece of narrative makes once its
    template is worked out. The other limits guard against harmful files and
    cannot be changed here.
    """

    file_megabytes: float | None = attrs.field(default=None, validator=_positive)
    unpacked_megabytes: float | None = attrs.field(default=None, validator=_positive)
    table_rows: int | None = attrs.field(default=None, validator=_positive)
    table_cells: int | None = attrs.field(default=None, validator=_positive)
    picture_megapixels: float | None = attrs.field(default=None, validator=_positive)
    narrative_characters: int | None = attrs.field(default=None, validator=_positive)

    def given(self) -> dict[str, float]:
        """The settings the board gave, by key."""
        return {
            a.name: getattr(self, a.name)
            for a in attrs.fields(type(self))
            if getattr(self, a.name) is not None
        }


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
    ``suppression`` protects small counts in the public edition (see :class:`Suppression`).
    ``charts: false`` leaves out the charts drawn beside tables (the tables stay).
    ``trends`` says whether and how far back figures are compared with earlier
    periods (see :class:`~lscb_core._model.trends.Trends`; ``trends: false`` turns it off).
    ``web`` sets the web edition's look (see :class:`WebSettings`).
    ``limits`` raises limits on the size of what a build reads (see :class:`LimitSettings`).
    ``migration_notes: false`` leaves out the notes of what this version of
    lscb shows that earlier ones left out (``lscb new`` writes it: a new
    board was never built by an earlier version).
    """

    sections: tuple[SectionChoice, ...] = ()
    template: str | None = None
    contents_levels: int = attrs.field(default=1, validator=[attrs.validators.ge(1), attrs.validators.le(3)])
    low_attendance_percent: Percent = percent_field(default=50.0)
    block_plugins: tuple[str, ...] = ()
    suppression: Suppression = Suppression()
    charts: bool = True
    trends: Trends = Trends()
    web: WebSettings = WebSettings()
    limits: LimitSettings = LimitSettings()
    migration_notes: bool = True
