"""Errors that carry what the author needs to fix them (kept light: no rendering imports)."""

from __future__ import annotations

import attrs

from lscb_core._base.findings import Finding
from lscb_core._base.locations import Location

__all__ = ["FindingError", "NarrativeError"]


@attrs.frozen
class NarrativeError(Exception):
    """A narrative template could not be rendered; ``location`` is where the problem is."""

    location: Location | None
    message: str

    def __str__(self) -> str:
        return f"{self.location}: {self.message}" if self.location else self.message


class FindingError(Exception):
    """Work stopped for a reason a finding already says (a plugin failed, a setting names no section).

    Raised through plugins' code unchanged: the finding already names who and where.
    """

    def __init__(self, finding: Finding) -> None:
        self.finding = finding
        super().__init__(finding.message)
