"""What this version of lscb shows that earlier versions left out, noted where the data gives it.

lscb used to accept some data and then leave it out of the report. It now
shows all of it, so a board folder built again can give a longer report. Each
such change is listed in :data:`MIGRATIONS`, and ``lscb check`` notes it
(information, not a warning) at the first place in the data it applies to, so
that the author knows why the report changed. An entry can go once boards have
had a release or two to see it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

import attrs

from lscb_core._base.findings import Finding
from lscb_core._base.locations import DataPath
from lscb_core._base.markers import hookimpl
from lscb_core._checks import info
from lscb_core._model.loaded import LoadedReport
from lscb_core._model.report import AnnualReport
from lscb_core._model.reviews import PublicationDecision

__all__ = ["MIGRATIONS", "Migration"]


@attrs.frozen
class Migration:
    """One change: what the report now shows, and the places in the data it comes from."""

    code: str
    shows: str
    places: Callable[[AnnualReport], list[DataPath]]


def _next_steps(report: AnnualReport) -> list[DataPath]:
    return [
        ("priorities", "themes", t, "priorities", p, "next_steps")
        for t, theme in enumerate(report.priorities.themes)
        for p, priority in enumerate(theme.priorities)
        if priority.next_steps
    ]


def _scrutineer(report: AnnualReport) -> list[DataPath]:
    leadership = report.leadership
    places: list[DataPath] = []
    if report.forewords:
        return places  # forewords that name their own authors are newer than this change
    if leadership.independent_scrutineer is not None:
        places.append(("leadership", "independent_scrutineer"))
    if leadership.independent_chair is not None and leadership.lead_partners:
        places.append(("leadership", "lead_partners"))
    return places


def _sources(report: AnnualReport) -> list[DataPath]:
    if report.area is None:
        return []
    return [("area", "facts", i, "source") for i, fact in enumerate(report.area.facts) if fact.source]


def _chairs(report: AnnualReport) -> list[DataPath]:
    return [
        ("structure", "groups", i, "chair" if group.chair else "meetings_per_year")
        for i, group in enumerate(report.structure.groups)
        if group.chair or group.meetings_per_year is not None
    ]


def _purposes(report: AnnualReport) -> list[DataPath]:
    return [
        ("structure", "groups", i, "purpose")
        for i, group in enumerate(report.structure.groups)
        if group.purpose and not group.highlights
    ]


def _reasons(report: AnnualReport) -> list[DataPath]:
    return [
        ("reviews", "cases", i, "publication", "reason")
        for i, review in enumerate(report.reviews.cases)
        if review.publication.reason and review.publication.decision is not PublicationDecision.FULL
    ]


MIGRATIONS: tuple[Migration, ...] = (
    Migration(
        "migration.priority-next-steps",
        "a priority's next_steps are now shown under it, headed 'What happens next'",
        _next_steps,
    ),
    Migration(
        "migration.leaders",
        "leaders who do not sign the foreword (the independent scrutineer; lead partners beside an independent chair) are now named in Essential information",
        _scrutineer,
    ),
    Migration(
        "migration.fact-sources",
        "the sources of area facts are now printed under the 'at a glance' table",
        _sources,
    ),
    Migration(
        "migration.group-chairs",
        "groups' chairs and meetings a year are now shown in a table under the structure chart",
        _chairs,
    ),
    Migration(
        "migration.group-purposes",
        "the purpose of a group without highlights is now shown in Highlights of sub-group work",
        _purposes,
    ),
    Migration(
        "migration.publication-reasons",
        "the reason a review is not published in full is now shown beside its publication decision",
        _reasons,
    ),
)
"""Every change of this kind, newest last."""


@hookimpl
def lscb_check(loaded: LoadedReport) -> Iterator[Finding]:
    if not loaded.settings.migration_notes:  # a board that no earlier version of lscb built
        return
    for migration in MIGRATIONS:
        places = migration.places(loaded.report)
        if places:
            more = f" ({len(places)} places in this report)" if len(places) > 1 else ""
            yield info(
                migration.code,
                f"{migration.shows}; earlier versions of lscb left this out{more}",
                places[0],
            )
