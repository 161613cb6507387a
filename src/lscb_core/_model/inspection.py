"""Inspections of the board and of local services, their judgements and what inspectors said."""

from __future__ import annotations

import enum

import attrs

from lscb_core._model.editions import Publishable
from lscb_core._model.period import PartialDate

__all__ = ["Grade", "Inspection", "Judgement", "Quotation"]


class Grade(enum.Enum):
    """Ofsted's four-point scale."""

    OUTSTANDING = "outstanding"
    GOOD = "good"
    REQUIRES_IMPROVEMENT = "requires-improvement"
    INADEQUATE = "inadequate"

    @property
    def label(self) -> str:
        return {
            "outstanding": "Outstanding",
            "good": "Good",
            "requires-improvement": "Requires improvement",
            "inadequate": "Inadequate",
        }[self.value]


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
