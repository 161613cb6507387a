"""One board's year: everything its annual report is made from."""

from __future__ import annotations

import attrs

from lscb_core._model.activities import Activity
from lscb_core._model.audits import Audit
from lscb_core._model.board import Approval, Area, Board, Leadership, Person
from lscb_core._model.budget import Budget
from lscb_core._model.cdop import ChildDeathOverview
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
    by key.
    """

    board: Board
    period: ReportingPeriod
    regime: Regime
    title: str | None = None
    leadership: Leadership = Leadership()
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
    def report_title(self) -> str:
        """``Annual Report 2015-16``, or the title the board gives."""
        return f"{self.title or self.regime.report_name} {self.period.label}"

    @property
    def full_title(self) -> str:
        """``Hertfordshire Safeguarding Children Board Annual Report 2015-16``."""
        return f"{self.board.name} {self.report_title}"
