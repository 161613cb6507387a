"""One board's year: everything its annual report is made from."""

from __future__ import annotations

import re

import attrs

from lscb_core._model.activities import Activity
from lscb_core._model.audits import Audit
from lscb_core._model.board import Approval, Area, Board, Leadership, Person
from lscb_core._model.budget import Budget
from lscb_core._model.cdop import ChildDeathOverview
from lscb_core._model.forewords import DEFAULT_FOREWORD, Foreword
from lscb_core._model.glossary import Glossary
from lscb_core._model.inspection import Inspection, Quotation
from lscb_core._model.local_sections import LocalSection
from lscb_core._model.members import Membership
from lscb_core._model.period import PartialDate, ReportingPeriod
from lscb_core._model.priorities import Priorities
from lscb_core._model.regime import Regime
from lscb_core._model.reviews import CaseReview, StatedReviewCount
from lscb_core._model.structure import Structure
from lscb_core._model.text import Markdown
from lscb_core._model.training import Training

__all__ = ["AnnualReport", "CaseReviews"]


@attrs.frozen(kw_only=True)
class CaseReviews:
    """The case reviews a report covers, and any counts of them it states in words.

    ``quotations`` holds what others said about the board's learning from
    reviews as a whole.
    """

    cases: tuple[CaseReview, ...] = ()
    stated_counts: tuple[StatedReviewCount, ...] = ()
    quotations: tuple[Quotation, ...] = ()


@attrs.frozen(kw_only=True)
class AnnualReport:
    """A board's (or partnership's) year, as its report describes it.

    Every part but the board, period and regime may be empty: checks say
    what a report under the declared regime should contain. ``sections``
    holds the sections the board declares itself (``sections/<key>.yaml``),
    by key. ``previous`` names the period folder of the year before
    (``2019-20``), whose figures this report compares its own with.
    """

    board: Board
    period: ReportingPeriod
    regime: Regime
    title: str | None = None
    report_name: str | None = None
    next_period: ReportingPeriod | None = None
    previous: str | None = None
    leadership: Leadership = Leadership()
    forewords: tuple[Foreword, ...] = ()
    authors: tuple[Person, ...] = ()
    compiled: PartialDate | None = None
    approval: Approval | None = None
    submitted_to: tuple[str, ...] = ()
    area: Area | None = None
    narrative: dict[str, Markdown] = attrs.field(factory=dict)
    structure: Structure = Structure()
    membership: Membership = Membership()
    inspections: tuple[Inspection, ...] = ()
    priorities: Priorities = Priorities()
    reviews: CaseReviews = CaseReviews()
    audits: tuple[Audit, ...] = ()
    activities: tuple[Activity, ...] = ()
    cdop: ChildDeathOverview | None = None
    budget: Budget | None = None
    training: Training | None = None
    glossary: Glossary = Glossary()
    sections: dict[str, LocalSection] = attrs.field(factory=dict)

    @property
    def name(self) -> str:
        """What the report calls itself: ``Annual Report``, ``Yearly Report``, ``Interim report``.

        ``report_name`` when the data gives it; else the ``title`` without the
        period or years at its end (``Annual Report 2019/20`` gives ``Annual Report``);
        else what the regime's guidance calls it.
        """
        if self.report_name and self.report_name.strip():
            return self.report_name.strip()
        if self.title and self.title.strip():
            stripped = _title_name(self.title, self.period.label, self.board.name)
            if stripped:
                return stripped
        return self.regime.report_name

    @property
    def report_title(self) -> str:
        """``Annual Report 2015-16``, or the title the board gives, as written."""
        if self.title and self.title.strip():
            return self.title.strip()
        return f"{self.name} {self.period.label}"

    @property
    def full_title(self) -> str:
        """``Hertfordshire Safeguarding Children Board Annual Report 2015-16``."""
        title = self.report_title
        if self.board.name.casefold() in title.casefold():
            return title
        return f"{self.board.name} {title}"

    @property
    def all_forewords(self) -> tuple[Foreword, ...]:
        """The forewords as ``forewords`` lists them; without that list, ``narrative/foreword.md``
        signed by the independent chair, or else by the lead safeguarding partners."""
        if self.forewords:
            return self.forewords
        if DEFAULT_FOREWORD not in self.narrative:
            return ()
        chair = self.leadership.independent_chair
        signers = (chair,) if chair is not None else self.leadership.lead_partners
        return (Foreword(narrative=DEFAULT_FOREWORD, authors=signers),)

    def person(self, someone: Person) -> Person:
        """``someone`` with the role and organisation the report gives them elsewhere, when named alone."""
        if someone.role is not None or someone.organisation is not None:
            return someone
        folded = someone.name.strip().casefold()
        for known in (*self.leadership.people, *self.authors):
            if known.name.strip().casefold() == folded:
                return known
        return someone

    @property
    def coming_period(self) -> ReportingPeriod:
        """The period after this one: as the data gives it (``next_period``), or the year that follows."""
        return self.next_period if self.next_period is not None else self.period.following()


_TRAILING_YEARS = re.compile(r"[\s,:–-]*(?:\(?\b(?:\d{4}(?:\s*[-/–]\s*\d{2,4})?|\d{4}\s+to\s+\d{4})\)?)\s*$")


def _title_name(title: str, label: str, board: str) -> str:
    """The name in a title: without the board's name, the period's label or years at its end."""
    name = title.strip()
    if name.casefold().startswith(board.casefold()):
        name = name[len(board) :].strip()
    if label and name.casefold().endswith(label.casefold()):
        name = name[: -len(label)]
    return _TRAILING_YEARS.sub("", name).strip(" ,:–-")
