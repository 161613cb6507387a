"""Training figures: stated totals, and the by-course and by-agency tables that count the same people."""

from __future__ import annotations

import difflib
from collections.abc import Iterator

from lscb_core._base.findings import Finding
from lscb_core._base.markers import hookimpl
from lscb_core._checks import stated_total, warning
from lscb_core._model.loaded import LoadedReport


@hookimpl
def lscb_check(loaded: LoadedReport) -> Iterator[Finding]:
    report = loaded.report
    training = report.training
    if training is not None:
        if training.courses:
            yield from stated_total(
                "training.course-total",
                ("training", "attendees_stated"),
                training.attendees,
                training.attendees_stated,
                "attendees by course add up to {computed} but the stated total is {stated}",
            )
        if training.by_agency:
            yield from stated_total(
                "training.agency-total",
                ("training", "by_agency_stated"),
                training.attendees_by_agency,
                training.by_agency_stated,
                "attendees by agency add up to {computed} but the stated total is {stated}",
            )
        if training.courses and training.by_agency and training.attendees != training.attendees_by_agency:
            yield warning(
                "training.tables-disagree",
                f"the two training tables count the same people differently: {training.attendees:,} attendees by course, {training.attendees_by_agency:,} by agency",
                ("training", "by_agency"),
            )
    names = [c.name for c in training.courses] if training else []
    for t, theme in enumerate(report.priorities.themes):
        for p, priority in enumerate(theme.priorities):
            for s, stated in enumerate(priority.training):
                path = ("priorities", "themes", t, "priorities", p, "training", s)
                course = training.course(stated.course) if training else None
                if course is None:
                    close = difflib.get_close_matches(stated.course, names, n=1, cutoff=0.5)
                    hint = f"; did you mean {close[0]!r}?" if close else ""
                    yield warning(
                        "training.unknown-course",
                        f"the priority {priority.title!r} quotes figures for the course {stated.course!r}, which is not in the training table{hint}",
                        (*path, "course"),
                    )
                    continue
                if (
                    stated.times_run is not None
                    and course.times_run is not None
                    and stated.times_run != course.times_run
                ):
                    yield warning(
                        "training.stated-figures",
                        f"the priority {priority.title!r} says {course.name!r} ran {stated.times_run} times; the training table says {course.times_run}",
                        (*path, "times_run"),
                    )
                if stated.attendees is not None and stated.attendees != course.attendees:
                    yield warning(
                        "training.stated-figures",
                        f"the priority {priority.title!r} says {course.name!r} had {stated.attendees} attendees; the training table says {course.attendees}",
                        (*path, "attendees"),
                    )
