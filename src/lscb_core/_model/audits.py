"""Audits: multi-agency and single-agency case audits, and section 11 self-assessments."""

from __future__ import annotations

import enum
from typing import ClassVar

import attrs

from lscb_core._base.quantities import Count, count_field
from lscb_core._model.editions import Publishable
from lscb_core._model.period import PartialDate
from lscb_core._model.reviews import Recommendation
from lscb_core._model.text import Markdown
from lscb_core._model.vocabulary import OpenKind

__all__ = ["Audit", "AuditFinding", "AuditKind", "AuditStatus"]


class AuditKind(OpenKind):
    """What kind of audit: ``multi-agency``, ``single-agency``, ``section-11``, or any other (``peer-review``)."""

    KNOWN: ClassVar[dict[str, str]] = {
        "multi-agency": "Multi-agency audit",
        "single-agency": "Single-agency audit",
        "section-11": "Section 11 audit",
    }
    WHAT: ClassVar[str] = "audit kind"
    MULTI_AGENCY: ClassVar[AuditKind]
    SINGLE_AGENCY: ClassVar[AuditKind]
    SECTION_11: ClassVar[AuditKind]


AuditKind.MULTI_AGENCY = AuditKind("multi-agency")
AuditKind.SINGLE_AGENCY = AuditKind("single-agency")
AuditKind.SECTION_11 = AuditKind("section-11")


class AuditStatus(enum.Enum):
    PLANNED = "planned"
    IN_PROGRESS = "in-progress"
    COMPLETED = "completed"


@attrs.frozen(kw_only=True)
class AuditFinding(Publishable):
    """One thing an audit found (a plain string in the data is read as its ``text``)."""

    text: Markdown


@attrs.frozen(kw_only=True)
class Audit(Publishable):
    """One audit: what it looked at, what it found and what it recommended.

    For a section 11 audit, ``participants`` names the bodies that assessed
    themselves; ``participants_stated`` is a count the report gives instead.
    """

    id: str
    title: str
    kind: AuditKind
    status: AuditStatus = AuditStatus.COMPLETED
    date: PartialDate | None = None
    purpose: Markdown | None = None
    participants: tuple[str, ...] = ()
    participants_stated: Count | None = count_field(default=None)
    cases: Count | None = count_field(default=None)
    questions: Count | None = count_field(default=None)
    themes: tuple[str, ...] = ()
    findings: tuple[AuditFinding, ...] = ()
    recommendations: tuple[Recommendation, ...] = ()
    priority: str | None = None

    summary_keeps: ClassVar[tuple[str, ...]] = ("id", "title", "kind", "priority")
