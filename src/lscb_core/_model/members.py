"""Membership of the board and attendance at its meetings."""

from __future__ import annotations

import enum

import attrs

from lscb_core._base.quantities import Count, count_field, percent
from lscb_core._model.editions import Publishable
from lscb_core._model.period import PartialDate

__all__ = ["Member", "MemberCategory", "Membership", "Organisation"]


class MemberCategory(enum.Enum):
    """Why someone sits at the board's table."""

    MEMBER = "member"
    ADVISER = "adviser"
    LAY_MEMBER = "lay-member"
    BUSINESS_UNIT = "business-unit"


@attrs.frozen(kw_only=True)
class Member(Publishable):
    """A seat at the board: a role in an agency, and how often it was filled.

    ``possible`` is the number of meetings the member could have attended
    (fewer than were held when they joined or left during the year).
    """

    role: str
    agency: str | None = None
    category: MemberCategory = MemberCategory.MEMBER
    attended: Count | None = count_field(default=None)
    possible: Count | None = count_field(default=None)
    deputy_allowed: bool = False
    joined: PartialDate | None = None
    left: PartialDate | None = None
    note: str | None = None

    def __attrs_post_init__(self) -> None:
        if self.attended is not None and self.possible is not None and self.attended > self.possible:
            raise ValueError(
                f"{self.role!r} attended {self.attended} meetings but could attend only {self.possible}"
            )
        if self.joined is not None and self.left is not None and self.left.before(self.joined):
            raise ValueError(f"{self.role!r} left ({self.left}) before joining ({self.joined})")

    @property
    def title(self) -> str:
        """Role and agency as one line: ``Assistant Chief Constable, Hertfordshire Constabulary``."""
        return f"{self.role}, {self.agency}" if self.agency else self.role

    @property
    def attendance_rate(self) -> float | None:
        """Meetings attended as a percentage of those the member could attend."""
        if self.attended is None or self.possible is None:
            return None
        return percent(self.attended, self.possible)


@attrs.frozen(kw_only=True)
class Organisation:
    """A partner organisation, with the parts of it that are represented."""

    name: str
    parts: tuple[str, ...] = ()


@attrs.frozen(kw_only=True)
class Membership:
    """Who sits on the board and how well its meetings were attended."""

    body: str = "Board"
    meetings_held: Count | None = count_field(default=None)
    organisations: tuple[Organisation, ...] = ()
    members: tuple[Member, ...] = ()

    @property
    def attendance_rate(self) -> float | None:
        """All attendances as a percentage of all possible attendances."""
        counted = [m for m in self.members if m.attended is not None and m.possible is not None]
        attended = sum(m.attended or 0 for m in counted)
        possible = sum(m.possible or 0 for m in counted)
        return percent(attended, possible)
