"""How the board is organised: groups, who chairs them, and whom they report to."""

from __future__ import annotations

import enum
from typing import ClassVar

import attrs

from lscb_core._base.quantities import Count, count_field
from lscb_core._model.editions import Publishable
from lscb_core._model.text import Markdown

__all__ = ["Group", "GroupKind", "Structure"]


class GroupKind(enum.Enum):
    """The part a group plays in the structure (and on the structure chart)."""

    BOARD = "board"
    EXECUTIVE = "executive"
    SUBGROUP = "sub-group"
    FORUM = "forum"
    REFERENCE_GROUP = "reference-group"
    PARTNERSHIP = "partnership"
    OTHER = "other"

    @property
    def label(self) -> str:
        return {
            "board": "Board",
            "executive": "Executive",
            "sub-group": "Sub-groups",
            "forum": "Local forums",
            "reference-group": "Reference groups",
            "partnership": "Partnerships",
            "other": "Other groups",
        }[self.value]


@attrs.frozen(kw_only=True)
class Group(Publishable):
    """A board, executive, sub-group, forum or reference group.

    ``id`` is a short name other groups use in ``reports_to``.
    """

    id: str
    name: str
    kind: GroupKind
    reports_to: str | None = None
    chair: str | None = None
    purpose: Markdown | None = None
    meetings_per_year: Count | None = count_field(default=None)
    highlights: tuple[Markdown, ...] = ()

    withheld_keeps: ClassVar[tuple[str, ...]] = ("id", "name", "kind", "reports_to")


@attrs.frozen(kw_only=True)
class Structure:
    """All groups of the board, with the reporting lines between them."""

    groups: tuple[Group, ...] = ()

    def get(self, group_id: str) -> Group | None:
        return next((g for g in self.groups if g.id == group_id), None)

    @property
    def top(self) -> tuple[Group, ...]:
        known = {g.id for g in self.groups}
        return tuple(g for g in self.groups if g.reports_to is None or g.reports_to not in known)
