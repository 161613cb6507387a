"""Editions of a report: the public one, and the board's own that carries everything."""

from __future__ import annotations

import enum

__all__ = ["Edition"]


class Edition(enum.Enum):
    """``PUBLIC`` is published to the world; ``BOARD`` is for the board and is not for publication."""

    PUBLIC = "public"
    BOARD = "board"

    @property
    def notice(self) -> str:
        """What the cover and the page headers say about this edition."""
        return "" if self is Edition.PUBLIC else "Board edition: not for publication"
