"""Dates that should fall inside the reporting period, or after it."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterator

from lscb_core._base.findings import Finding
from lscb_core._base.markers import hookimpl
from lscb_core._checks import warning
from lscb_core._model.audits import AuditStatus
from lscb_core._model.loaded import LoadedReport

FIRST_BOARDS = dt.date(2006, 4, 1)
"""Local Safeguarding Children Boards were set up from 1 April 2006 (Children Act 2004, section 13)."""

FUTURE_YEARS = 2
"""A period may end at most this many years after the day the report is built."""


def build_date() -> dt.date:
    """Today, or the day ``SOURCE_DATE_EPOCH`` names (for builds that must give the same result every time)."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        return dt.datetime.fromtimestamp(int(epoch), tz=dt.UTC).date()
    return dt.date.today()


def _period_in_range(loaded: LoadedReport) -> Iterator[Finding]:
    """A period before there were boards (or before this one was set up), or years ahead, is likely a typing slip."""
    report = loaded.report
    period = report.period
    established = report.board.established
    earliest = established.first_day if established is not None else FIRST_BOARDS
    if period.start < earliest:
        since = (
            f"the board was established in {established}"
            if established is not None
            else "safeguarding children boards began on 1 April 2006"
        )
        yield warning(
            "dates.period-too-early",
            f"the period starts on {period.start.isoformat()}, but {since}; check the year",
            ("period", "start"),
        )
    today = build_date()
    latest = (
        today.replace(year=today.year + FUTURE_YEARS) if today.year + FUTURE_YEARS <= 9999 else dt.date.max
    )
    if period.end > latest:
        yield warning(
            "dates.period-too-late",
            f"the period ends on {period.end.isoformat()}, more than {FUTURE_YEARS} years after the report is built; check the year",
            ("period", "end"),
        )


@hookimpl
def lscb_check(loaded: LoadedReport) -> Iterator[Finding]:
    yield from _period_in_range(loaded)
    report = loaded.report
    period = report.period
    label = period.label

    for i, activity in enumerate(report.activities):
        if activity.date is not None and not period.contains(activity.date):
            yield warning(
                "dates.outside-period",
                f"{activity.name!r} is dated {activity.date} but the report covers {period.long_label}",
                ("activities", i, "date"),
            )
    for i, audit in enumerate(report.audits):
        if (
            audit.status is AuditStatus.COMPLETED
            and audit.date is not None
            and not period.contains(audit.date)
        ):
            yield warning(
                "dates.outside-period",
                f"the audit {audit.title!r} is dated {audit.date}, outside {label}",
                ("audits", i, "date"),
            )
    for i, member in enumerate(report.membership.members):
        for field in ("joined", "left"):
            when = getattr(member, field)
            if when is not None and when.first_day > period.end:
                yield warning(
                    "dates.after-period",
                    f"{member.role!r} {field} in {when}, after the period {label} ended",
                    ("membership", "members", i, field),
                )
    if (
        report.approval is not None
        and report.approval.date is not None
        and report.approval.date.last_day < period.end
    ):
        yield warning(
            "dates.approved-early",
            f"the report is dated as approved in {report.approval.date}, before the year it covers ended",
            ("approval", "date"),
        )
    if report.compiled is not None and report.compiled.last_day < period.end:
        yield warning(
            "dates.compiled-early",
            f"the report is dated as compiled in {report.compiled}, before the year it covers ended",
            ("compiled",),
        )
