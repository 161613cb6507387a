"""Errors of rendering that name where the author can fix them (kept light: no rendering imports)."""

from __future__ import annotations

import attrs

from lscb_core._base.locations import Location

__all__ = ["NarrativeError"]


@attrs.frozen
class NarrativeError(Exception):
    """A narrative template could not be rendered; ``location`` is where the problem is."""

    location: Location | None
    message: str

    def __str__(self) -> str:
        return f"{self.location}: {self.message}" if self.location else self.message
