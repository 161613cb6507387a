"""Content blocks: what sections produce and the Word renderer draws.

Sections describe content with these small frozen objects rather than with
Word XML, so that plugins need not know WordprocessingML, every value is
escaped in one place, and content can be tested without a document.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any, TypeAlias

import attrs

__all__ = [
    "Align",
    "Block",
    "BulletList",
    "Cell",
    "Column",
    "Heading",
    "Image",
    "Inline",
    "KeyFigure",
    "KeyFigures",
    "Link",
    "NumberedList",
    "PageBreak",
    "Paragraph",
    "Quote",
    "Row",
    "Signature",
    "Table",
    "Text",
    "WordFragment",
    "paragraph",
]


@attrs.frozen
class Text:
    """A run of text, perhaps bold or italic."""

    text: str
    bold: bool = False
    italic: bool = False


@attrs.frozen
class Link:
    """A hyperlink. ``url`` must be http, https or mailto; ``text`` should say where it leads."""

    text: str
    url: str
    bold: bool = False
    italic: bool = False


Inline: TypeAlias = Text | Link


@attrs.frozen
class Paragraph:
    """A paragraph of inline text in a named paragraph style (``Normal`` when ``None``)."""

    inlines: tuple[Inline, ...]
    style: str | None = None


def paragraph(text: str, style: str | None = None, *, bold: bool = False) -> Paragraph:
    """A paragraph of plain text."""
    return Paragraph((Text(text, bold=bold),), style)


@attrs.frozen
class Heading:
    """A heading. Level 1 starts a section; the renderer keeps levels from skipping.

    ``anchor`` names a bookmark for links and the contents page (made when ``None``).
    """

    text: str
    level: int = attrs.field(validator=[attrs.validators.ge(1), attrs.validators.le(6)])
    page_break: bool = False
    anchor: str | None = None
    in_contents: bool = True


@attrs.frozen
class BulletList:
    """A list of items, each a sequence of blocks (usually one paragraph)."""

    items: tuple[tuple[Block, ...], ...]


@attrs.frozen
class NumberedList:
    """A numbered list that starts at ``start`` (each list restarts its numbering)."""

    items: tuple[tuple[Block, ...], ...]
    start: int = 1


@attrs.frozen
class Quote:
    """Words quoted from someone else, set apart, with their source when known."""

    blocks: tuple[Block, ...]
    source: str | None = None


class Align(enum.Enum):
    LEFT = "left"
    RIGHT = "right"


@attrs.frozen
class Column:
    """A table column: its heading, and how its cells align (numbers right)."""

    heading: str
    align: Align = Align.LEFT
    width: float | None = None


@attrs.frozen
class Cell:
    """A table cell: inline content, or plain text."""

    inlines: tuple[Inline, ...]

    @classmethod
    def of(cls, value: str | Sequence[Inline]) -> Cell:
        return cls((Text(value),) if isinstance(value, str) else tuple(value))


@attrs.frozen
class Row:
    """A table row; ``total`` marks a total row, set apart at the foot of the table."""

    cells: tuple[Cell, ...]
    total: bool = False


@attrs.frozen
class Table:
    """A data table with a header row that repeats on every page.

    ``caption`` goes above the table (screen readers announce it); ``notes``
    go under it (for example what a suppressed count's symbol means).
    """

    columns: tuple[Column, ...]
    rows: tuple[Row, ...]
    caption: str | None = None
    notes: tuple[str, ...] = ()

    def __attrs_post_init__(self) -> None:
        for i, row in enumerate(self.rows):
            if len(row.cells) != len(self.columns):
                raise ValueError(
                    f"row {i + 1} has {len(row.cells)} cells but the table has {len(self.columns)} columns"
                )


@attrs.frozen
class KeyFigure:
    """A headline number with what it counts: ``56`` / ``child death reviews``."""

    value: str
    label: str


@attrs.frozen
class KeyFigures:
    """A row of headline numbers, drawn large."""

    figures: tuple[KeyFigure, ...]


@attrs.frozen
class Image:
    """A picture (PNG or JPEG bytes) with the alternative text a screen reader reads out."""

    data: bytes = attrs.field(repr=False)
    alt: str
    width_cm: float = 16.0
    name: str = "image"

    def __attrs_post_init__(self) -> None:
        if not self.alt.strip():
            raise ValueError("an image needs alternative text")


@attrs.frozen
class Signature:
    """A signature block: name, then role lines."""

    name: str
    lines: tuple[str, ...] = ()


@attrs.frozen
class PageBreak:
    """Start a new page."""


@attrs.frozen
class WordFragment:
    """A piece of Word document made from a docxtpl template file and its context.

    Its styles, numbering and pictures are merged into the report. Data values
    in ``context`` are escaped; the template itself is rendered in the sandbox.
    Before that, lscb cleans the file as it does a board's template (refusing
    macros and remote content, removing comments, tracked changes, hidden
    text and personal metadata) and puts the cleaned package in ``package``;
    the renderer uses only that. A plugin leaves ``package`` unset (if it sets
    it, those bytes are cleaned instead of the file).
    """

    template: Path
    context: Mapping[str, Any] = attrs.field(factory=dict)
    package: bytes | None = attrs.field(default=None, repr=False)


Block: TypeAlias = (
    Paragraph
    | Heading
    | BulletList
    | NumberedList
    | Quote
    | Table
    | KeyFigures
    | Image
    | Signature
    | PageBreak
    | WordFragment
)
