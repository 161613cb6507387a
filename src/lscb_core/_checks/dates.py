"""Dates that should fall inside the reporting period, or after it."""

from __future__ import annotations

from collections.abc import Iterator

from lscb_core._base.findings import Finding
from lscb_core._base.markers import hookimpl
from lscb_core._checks import warning
from lscb_core._model.audits import AuditStatus
from lscb_core._model.loaded import LoadedReport


@hookimpl
def lscb_check(loaded: LoadedReport) -> Iterator[Finding]:
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
