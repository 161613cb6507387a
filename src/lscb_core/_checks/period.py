"""The reporting period, the one after it, and the report's title."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator

from lscb_core._base.findings import Finding
from lscb_core._base.markers import hookimpl
from lscb_core._checks import info, warning
from lscb_core._model.loaded import LoadedReport
from lscb_core._model.period import format_date


@hookimpl
def lscb_check(loaded: LoadedReport) -> Iterator[Finding]:
    report = loaded.report
    period = report.period
    if report.title and report.title.strip():
        title = report.title.strip()
        if period.label.casefold() not in title.casefold() and not re.search(r"\d{4}", title):
            # Until lscb 0.x a title given here was followed by the period; it is now printed as written.
            yield info(
                "report.title-as-written",
                f"the title {title!r} is printed as written, without the period ({period.label}) after it; "
                "write the period into the title if the cover should show it",
                ("title",),
            )
    following = report.next_period
    if following is None:
        return
    if following.start <= period.end:
        yield warning(
            "period.next-overlaps",
            f"the next period starts on {format_date(following.start)}, before this one ends on {format_date(period.end)}",
            ("next_period", "start"),
        )
    elif following.start > period.end + dt.timedelta(days=1):
        yield info(
            "period.next-gap",
            f"the next period starts on {format_date(following.start)}, leaving a gap after this one ends on {format_date(period.end)}",
            ("next_period", "start"),
        )
