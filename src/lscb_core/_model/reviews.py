"""Case reviews: serious case reviews, practice reviews, rapid reviews and the like."""

from __future__ import annotations

import enum
from typing import ClassVar

import attrs

from lscb_core._base.quantities import Count, count_field
from lscb_core._model.editions import Publishable, Visibility
from lscb_core._model.inspection import Quotation
from lscb_core._model.period import PartialDate
from lscb_core._model.text import Markdown

__all__ = [
    "ActionStatus",
    "CaseReview",
    "Publication",
    "PublicationDecision",
    "Recommendation",
    "ReviewKind",
    "ReviewStatus",
    "StatedReviewCount",
]


class ReviewKind(enum.Enum):
    """Kinds of case review, with the era and basis each belongs to."""

    SERIOUS_CASE_REVIEW = "serious-case-review"
    PARTNERSHIP_REVIEW = "partnership-review"
    LEARNING_REVIEW = "learning-review"
    SERIOUS_INCIDENT_NOTIFICATION = "serious-incident-notification"
    RAPID_REVIEW = "rapid-review"
    PRACTICE_REVIEW = "local-child-safeguarding-practice-review"
    DOMESTIC_HOMICIDE_REVIEW = "domestic-homicide-review"
    SAFEGUARDING_ADULTS_REVIEW = "safeguarding-adults-review"

    @property
    def abbreviation(self) -> str:
        return _KIND_FACTS[self][0]

    @property
    def label(self) -> str:
        return _KIND_FACTS[self][1]

    @property
    def first_year(self) -> int:
        """The first year this kind of review existed."""
        return _KIND_FACTS[self][2]

    @property
    def last_year(self) -> int | None:
        """The last year a review of this kind could be started, if it was replaced."""
        return _KIND_FACTS[self][3]


_KIND_FACTS: dict[ReviewKind, tuple[str, str, int, int | None]] = {
    ReviewKind.SERIOUS_CASE_REVIEW: ("SCR", "Serious case review", 2006, 2019),
    ReviewKind.PARTNERSHIP_REVIEW: ("PCR", "Partnership case review", 2006, None),
    ReviewKind.LEARNING_REVIEW: ("LR", "Learning review", 2006, None),
    ReviewKind.SERIOUS_INCIDENT_NOTIFICATION: ("SIN", "Serious incident notification", 2018, None),
    ReviewKind.RAPID_REVIEW: ("RR", "Rapid review", 2018, None),
    ReviewKind.PRACTICE_REVIEW: ("LCSPR", "Local child safeguarding practice review", 2018, None),
    ReviewKind.DOMESTIC_HOMICIDE_REVIEW: ("DHR", "Domestic homicide review", 2011, None),
    ReviewKind.SAFEGUARDING_ADULTS_REVIEW: ("SAR", "Safeguarding adults review", 2014, None),
}


class ReviewStatus(enum.Enum):
    """Where a review has got to, in the order reviews move through."""

    NOTIFIED = "notified"
    RAPID_REVIEW = "rapid-review"
    DECIDED = "decided"
    COMMISSIONED = "commissioned"
    IN_PROGRESS = "in-progress"
    COMPLETED = "completed"
    PUBLISHED = "published"
    ACTION_PLAN = "action-plan-monitored"
    CLOSED = "closed"

    @property
    def stage(self) -> int:
        return list(ReviewStatus).index(self)

    @property
    def is_completed(self) -> bool:
        return self.stage >= ReviewStatus.COMPLETED.stage


class PublicationDecision(enum.Enum):
    """What was decided about publishing the review's report."""

    PENDING = "pending"
    FULL = "full"
    SUMMARY = "summary"
    NOT_FOR_PUBLICATION = "not-for-publication"


class ActionStatus(enum.Enum):
    """How far a recommendation or action has got."""

    OPEN = "open"
    IN_PROGRESS = "in-progress"
    COMPLETED = "completed"


@attrs.frozen(kw_only=True)
class Publication:
    """The publication decision for a review's report, and where it was published."""

    decision: PublicationDecision = PublicationDecision.PENDING
    reason: str | None = None
    date: PartialDate | None = None
    url: str | None = None


@attrs.frozen(kw_only=True)
class Recommendation(Publishable):
    """A recommendation made by a review or an audit, with who owns it and its status."""

    text: Markdown
    owner: str | None = None
    status: ActionStatus | None = None


@attrs.frozen(kw_only=True)
class CaseReview(Publishable):
    """One case review.

    ``subject`` is the anonymised summary of the case. ``learning`` lists the
    themes the review drew out; ``response`` tells what partners did about it.
    ``recommendations_stated`` records a count the report gives when the
    recommendations themselves are not listed; ``quotations`` what others
    (inspectors, partners) said about the review and its impact.
    """

    reference: str
    kind: ReviewKind
    status: ReviewStatus
    subject: str | None = None
    notified: PartialDate | None = None
    commissioned: PartialDate | None = None
    completed: PartialDate | None = None
    publication: Publication = Publication()
    learning: tuple[str, ...] = ()
    recommendations: tuple[Recommendation, ...] = ()
    recommendations_stated: Count | None = count_field(default=None)
    response: Markdown | None = None
    quotations: tuple[Quotation, ...] = ()

    withheld_keeps: ClassVar[tuple[str, ...]] = ("reference", "kind", "status", "publication.decision")

    def __attrs_post_init__(self) -> None:
        if self.commissioned and self.completed and self.completed.before(self.commissioned):
            raise ValueError(
                f"{self.reference} was completed ({self.completed}) before it was commissioned ({self.commissioned})"
            )

    @property
    def is_public(self) -> bool:
        """A review whose report is not for publication is kept out of the public edition too."""
        return (
            self.visibility is Visibility.PUBLIC
            and self.publication.decision is not PublicationDecision.NOT_FOR_PUBLICATION
        )


@attrs.frozen(kw_only=True)
class StatedReviewCount:
    """A count of reviews the report states in words ("three serious case reviews completed")."""

    kind: ReviewKind
    completed: Count = count_field()
    where: str | None = None
