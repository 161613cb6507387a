"""Inspections of the board and of local services, their judgements and what inspectors said."""

from __future__ import annotations

import datetime as dt
import enum
import re

import attrs

from lscb_core._model.editions import Publishable
from lscb_core._model.period import PartialDate

__all__ = ["FRAMEWORKS", "Framework", "Grade", "Inspection", "Judgement", "Quotation"]


class Grade(enum.Enum):
    """Ofsted's four-point scales: "adequate" before November 2013, "requires improvement" since."""

    OUTSTANDING = "outstanding"
    GOOD = "good"
    ADEQUATE = "adequate"
    REQUIRES_IMPROVEMENT = "requires-improvement"
    INADEQUATE = "inadequate"

    @property
    def label(self) -> str:
        return {
            "outstanding": "Outstanding",
            "good": "Good",
            "adequate": "Adequate",
            "requires-improvement": "Requires improvement",
            "inadequate": "Inadequate",
        }[self.value]


@attrs.frozen
class Framework:
    """An inspection framework: its name, when it was in use and the grades it gives (none for some)."""

    name: str
    start: dt.date | None
    end: dt.date | None
    grades: tuple[Grade, ...]

    def in_use(self, when: PartialDate) -> bool:
        """Whether the framework may have been in use at some time in ``when``'s span."""
        return (self.start is None or when.last_day >= self.start) and (
            self.end is None or when.first_day <= self.end
        )


_FOUR_POINT_OLD = (Grade.OUTSTANDING, Grade.GOOD, Grade.ADEQUATE, Grade.INADEQUATE)
_FOUR_POINT = (Grade.OUTSTANDING, Grade.GOOD, Grade.REQUIRES_IMPROVEMENT, Grade.INADEQUATE)

BEFORE_SIF = Framework(
    "inspection frameworks before November 2013", None, dt.date(2013, 10, 31), _FOUR_POINT_OLD
)
SIF = Framework("single inspection framework", dt.date(2013, 11, 1), dt.date(2017, 12, 31), _FOUR_POINT)
ILACS = Framework(
    "inspection of local authority children's services (ILACS)", dt.date(2018, 1, 1), None, _FOUR_POINT
)
JTAI = Framework("joint targeted area inspection", dt.date(2016, 1, 1), None, ())
FRAMEWORKS = (BEFORE_SIF, SIF, ILACS, JTAI)
"""Ofsted's frameworks for children's services and safeguarding boards, oldest first."""

_NAMED = (
    (re.compile(r"joint targeted|\bjtai\b", re.IGNORECASE), JTAI),
    (re.compile(r"\bilacs\b|inspection of local authority children'?s services", re.IGNORECASE), ILACS),
    (re.compile(r"single inspection|\bsif\b", re.IGNORECASE), SIF),
)


@attrs.frozen(kw_only=True)
class Quotation(Publishable):
    """Words quoted from someone else (an inspector, a partner, a child), with their source."""

    text: str
    source: str


@attrs.frozen(kw_only=True)
class Judgement:
    """The grade an inspection gave one service or body."""

    subject: str
    grade: Grade


@attrs.frozen(kw_only=True)
class Inspection:
    """One inspection: who inspected, when, what they judged and what they said."""

    inspectorate: str
    date: PartialDate
    framework: str | None = None
    judgements: tuple[Judgement, ...] = ()
    report_url: str | None = None
    quotations: tuple[Quotation, ...] = ()

    def frameworks(self) -> tuple[Framework, ...]:
        """The frameworks the inspection may have been under: the one its ``framework`` names,
        else those in use at its date (two when the date is only a year, such as 2013)."""
        named = [f for pattern, f in _NAMED if self.framework and pattern.search(self.framework)]
        if named:
            return (named[0],)
        return tuple(f for f in FRAMEWORKS if f is not JTAI and f.in_use(self.date))
