"""Multi-agency training: courses run, who came, and from which agencies."""

from __future__ import annotations

import attrs

from lscb_core._base.quantities import Count, count_field
from lscb_core._model.editions import Publishable
from lscb_core._model.text import Markdown

__all__ = ["AgencyAttendance", "Course", "Training"]


@attrs.frozen(kw_only=True)
class Course(Publishable):
    """A course, how many attended it in all and how many times it ran."""

    name: str
    attendees: Count = count_field()
    times_run: Count | None = count_field(default=None)


@attrs.frozen(kw_only=True)
class AgencyAttendance(Publishable):
    """How many attendees came from one agency."""

    agency: str
    attendees: Count = count_field()


@attrs.frozen(kw_only=True)
class Training:
    """The year's training: by course and by agency, two views of the same people."""

    courses: tuple[Course, ...] = ()
    attendees_stated: Count | None = count_field(default=None)
    by_agency: tuple[AgencyAttendance, ...] = ()
    by_agency_stated: Count | None = count_field(default=None)
    note: Markdown | None = None

    @property
    def attendees(self) -> int:
        """Attendees over all courses."""
        return sum(c.attendees for c in self.courses)

    @property
    def sessions(self) -> int:
        return sum(c.times_run or 0 for c in self.courses)

    @property
    def attendees_by_agency(self) -> int:
        return sum(a.attendees for a in self.by_agency)

    def course(self, name: str) -> Course | None:
        folded = name.casefold()
        return next((c for c in self.courses if c.name.casefold() == folded), None)
