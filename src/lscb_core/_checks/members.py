"""Membership and attendance: impossible attendance, and members who rarely attend."""

from __future__ import annotations

from collections.abc import Iterator

from lscb_core._base.findings import Finding
from lscb_core._base.markers import hookimpl
from lscb_core._checks import error, info
from lscb_core._model.loaded import LoadedReport


@hookimpl
def lscb_check(loaded: LoadedReport) -> Iterator[Finding]:
    membership = loaded.report.membership
    held = membership.meetings_held
    threshold = loaded.settings.low_attendance_percent
    for i, member in enumerate(membership.members):
        path = ("membership", "members", i)
        if held is not None and member.possible is not None and member.possible > held:
            yield error(
                "members.possible-exceeds-held",
                f"{member.role!r} could attend {member.possible} meetings but only {held} were held",
                (*path, "possible"),
            )
        elif held is not None and member.attended is not None and member.attended > held:
            yield error(
                "members.attended-exceeds-held",
                f"{member.role!r} attended {member.attended} meetings but only {held} were held",
                (*path, "attended"),
            )
        rate = member.attendance_rate
        if rate is not None and rate < threshold:
            yield info(
                "members.low-attendance",
                f"{member.title} attended {member.attended} of {member.possible} meetings ({rate:.0f}%, under {threshold:g}%)",
                (*path, "attended"),
            )
