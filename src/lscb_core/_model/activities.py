"""Campaigns, programmes and events, and the figures reported for them."""

from __future__ import annotations

from typing import ClassVar

import attrs

from lscb_core._base.quantities import Count, count_field
from lscb_core._model.editions import Publishable
from lscb_core._model.period import PartialDate
from lscb_core._model.text import Markdown
from lscb_core._model.vocabulary import OpenKind

__all__ = ["Activity", "ActivityKind", "Metric"]


class ActivityKind(OpenKind):
    """What kind of activity: ``campaign``, ``programme``, ``event``, ``conference``, ``publication``, or any other."""

    KNOWN: ClassVar[dict[str, str]] = {
        "campaign": "Campaign",
        "programme": "Programme",
        "event": "Event",
        "conference": "Conference",
        "publication": "Publication",
    }
    WHAT: ClassVar[str] = "activity kind"
    CAMPAIGN: ClassVar[ActivityKind]
    PROGRAMME: ClassVar[ActivityKind]
    EVENT: ClassVar[ActivityKind]
    CONFERENCE: ClassVar[ActivityKind]
    PUBLICATION: ClassVar[ActivityKind]


ActivityKind.CAMPAIGN = ActivityKind("campaign")
ActivityKind.PROGRAMME = ActivityKind("programme")
ActivityKind.EVENT = ActivityKind("event")
ActivityKind.CONFERENCE = ActivityKind("conference")
ActivityKind.PUBLICATION = ActivityKind("publication")


@attrs.frozen(kw_only=True)
class Metric(Publishable):
    """A figure reported for an activity: reach, referrals, participants and the like.

    ``approximate`` marks figures the report gives as "around 30".
    """

    label: str
    value: Count = count_field()
    approximate: bool = False


@attrs.frozen(kw_only=True)
class Activity(Publishable):
    """A campaign, programme or event the board ran or supported."""

    id: str
    name: str
    kind: ActivityKind
    date: PartialDate | None = None
    description: Markdown | None = None
    audience: str | None = None
    funded_by: tuple[str, ...] = ()
    metrics: tuple[Metric, ...] = ()
    priority: str | None = None

    summary_keeps: ClassVar[tuple[str, ...]] = ("id", "name", "kind", "priority")
