"""Editions of a report, and what the data keeps out of the public one.

The public edition is published to the world; the board's own edition carries
everything and says on its cover and in its page headers that it is not for
publication. Any item of the data can be marked ``board-only`` or
``not-for-publication``: the public edition then leaves it out, or shows the
neutral ``public_summary`` the data gives in its place. In Markdown narrative,
a passage between ``::: board-only`` and ``:::`` appears only in the board
edition.
"""

from __future__ import annotations

import enum
from typing import ClassVar

import attrs

__all__ = ["Edition", "Publishable", "Visibility"]


class Edition(enum.Enum):
    """``PUBLIC`` is published to the world; ``BOARD`` is for the board and is not for publication."""

    PUBLIC = "public"
    BOARD = "board"

    @property
    def notice(self) -> str:
        """What the cover and the page headers say about this edition."""
        return "" if self is Edition.PUBLIC else "Board edition: not for publication"


class Visibility(enum.Enum):
    """Who may read an item: everyone, or only the board."""

    PUBLIC = "public"
    BOARD_ONLY = "board-only"
    NOT_FOR_PUBLICATION = "not-for-publication"


@attrs.frozen(kw_only=True)
class Publishable:
    """An item the data can keep out of the public edition.

    ``visibility`` says who may read it; ``public_summary`` is what the public
    edition shows instead of a restricted item (when not given, it is left
    out altogether).
    """

    visibility: Visibility = Visibility.PUBLIC
    public_summary: str | None = None

    withheld_keeps: ClassVar[tuple[str, ...]] = ()
    """Fields the public view keeps of an item that is not for publication (its public identity).

    An item with none is left out of the public view, unless it has a
    ``public_summary``. ``"publication.decision"`` keeps one field of a field.
    """
    summary_keeps: ClassVar[tuple[str, ...]] = ()
    """Fields the public view also keeps when the item has a ``public_summary`` (its heading)."""

    @property
    def is_public(self) -> bool:
        return self.visibility is Visibility.PUBLIC

    def shown_in(self, edition: Edition) -> bool:
        """Whether the item's full detail appears in ``edition``."""
        return edition is Edition.BOARD or self.is_public
