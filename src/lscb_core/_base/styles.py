"""The Word styles the renderer writes, named once for the template generator, the renderer and the tests.

A document refers to a style by its id (``w:styleId``); Word's style gallery
shows its name (``w:name``), and python-docx shows some built-in styles by a
display name ("heading 1" as "Heading 1", :attr:`Style.shown`). A
board's own template must define every style in :data:`RENDERER_STYLES`, with
these ids (see ``docs/templates/contract.md``).

Headings, contents entries and captions keep Word's built-in names, so that
Word, LibreOffice, screen readers and the accessibility audit treat them as
what they are: :data:`STRUCTURE_NAMES` are the names the audit recognises.
"""

from __future__ import annotations

import re

import attrs

__all__ = [
    "CAPTION",
    "HYPERLINK",
    "KEY_FIGURE",
    "KEY_FIGURE_LABEL",
    "LIST_BULLET",
    "LIST_NUMBER",
    "NORMAL",
    "QUOTE",
    "QUOTE_SOURCE",
    "RENDERER_STYLES",
    "SIGNATURE",
    "SIGNATURE_ROLE",
    "STRUCTURE_NAMES",
    "TABLE",
    "TABLE_HEADING",
    "TABLE_NOTE",
    "TABLE_NUMBER",
    "TABLE_TEXT",
    "Style",
    "heading",
    "heading_level",
    "toc",
]


@attrs.frozen
class Style:
    """A style: its id in the document, its name in Word, and the name python-docx shows for it."""

    id: str
    name: str
    kind: str = "paragraph"
    display: str | None = None

    @property
    def shown(self) -> str:
        """The name python-docx's ``style.name`` gives (built-ins such as "heading 1" as "Heading 1")."""
        return self.display or self.name


NORMAL = Style("Normal", "Normal")
QUOTE = Style("Quote", "Quote")
QUOTE_SOURCE = Style("QuoteSource", "Quote Source")
CAPTION = Style("Caption", "caption", display="Caption")
LIST_BULLET = Style("ListBullet", "List Bullet")
LIST_NUMBER = Style("ListNumber", "List Number")
KEY_FIGURE = Style("KeyFigure", "Key Figure")
KEY_FIGURE_LABEL = Style("KeyFigureLabel", "Key Figure Label")
SIGNATURE = Style("Signature", "Signature")
SIGNATURE_ROLE = Style("SignatureRole", "Signature Role")
TABLE_TEXT = Style("TableText", "Table Text")
TABLE_HEADING = Style("TableHeading", "Table Heading")
TABLE_NUMBER = Style("TableNumber", "Table Number")
TABLE_NOTE = Style("TableNote", "Table Note")
TABLE = Style("lscbTable", "lscb Table", kind="table")
HYPERLINK = Style("Hyperlink", "Hyperlink", kind="character")

HEADING_LEVELS = 6
"""Heading levels the renderer writes (a deeper heading is written at level 6)."""


def heading(level: int) -> Style:
    """The heading style of ``level`` (1 to 6): ``Heading1`` named "heading 1"."""
    return Style(f"Heading{level}", f"heading {level}", display=f"Heading {level}")


def toc(level: int) -> Style:
    """The contents entry style of ``level``: ``TOC1`` named "toc 1"."""
    return Style(f"TOC{level}", f"toc {level}")


RENDERER_STYLES: tuple[Style, ...] = (
    NORMAL,
    *(heading(level) for level in range(1, HEADING_LEVELS + 1)),
    toc(1),
    toc(2),
    QUOTE,
    QUOTE_SOURCE,
    CAPTION,
    LIST_BULLET,
    LIST_NUMBER,
    KEY_FIGURE,
    KEY_FIGURE_LABEL,
    SIGNATURE,
    SIGNATURE_ROLE,
    TABLE_TEXT,
    TABLE_HEADING,
    TABLE_NUMBER,
    TABLE_NOTE,
    TABLE,
    HYPERLINK,
)
"""Every style the renderer writes into a document."""

STRUCTURE_NAMES: tuple[str, ...] = ("heading", "toc", "table of figures", "caption", "title", "subtitle")
"""Beginnings of Word's built-in style names that mark structure rather than body text (lower case)."""

_HEADING_NAME = re.compile(r"heading\s*([1-9])")


def heading_level(name: str) -> int | None:
    """1-9 for a style named like Word's headings ("heading 2", "Heading2"), else ``None``."""
    match = _HEADING_NAME.fullmatch(name.strip().lower())
    return int(match.group(1)) if match else None
