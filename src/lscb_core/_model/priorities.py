"""The board's priorities, grouped by theme, with progress made and what comes next."""

from __future__ import annotations

from typing import ClassVar

import attrs

from lscb_core._base.quantities import Count, count_field
from lscb_core._model.editions import Publishable
from lscb_core._model.text import Markdown

__all__ = ["BusinessPlan", "Priorities", "Priority", "StatedTraining", "Theme"]


@attrs.frozen(kw_only=True)
class StatedTraining:
    """Training figures a priority's narrative quotes, to check against the training tables."""

    course: str
    times_run: Count | None = count_field(default=None)
    attendees: Count | None = count_field(default=None)


@attrs.frozen(kw_only=True)
class Priority(Publishable):
    """One priority: why it mattered, what was done and achieved, and what is next."""

    id: str
    title: str
    why: Markdown | None = None
    progress: Markdown | None = None
    next_steps: Markdown | None = None
    training: tuple[StatedTraining, ...] = ()

    withheld_keeps: ClassVar[tuple[str, ...]] = ("id",)
    summary_keeps: ClassVar[tuple[str, ...]] = ("title",)


@attrs.frozen(kw_only=True)
class Theme:
    """A group of priorities under one heading, with the theme's plans for next year."""

    id: str
    title: str
    priorities: tuple[Priority, ...] = ()
    next_steps: Markdown | None = None


@attrs.frozen(kw_only=True)
class BusinessPlan:
    """The priorities agreed for the year after the report."""

    introduction: Markdown | None = None
    priorities: tuple[Markdown, ...] = ()


@attrs.frozen(kw_only=True)
class Priorities:
    """All themes and priorities of the year, and the plan for the next."""

    themes: tuple[Theme, ...] = ()
    business_plan: BusinessPlan | None = None

    @property
    def all(self) -> tuple[Priority, ...]:
        return tuple(p for theme in self.themes for p in theme.priorities)

    def get(self, priority_id: str) -> Priority | None:
        return next((p for p in self.all if p.id == priority_id), None)
