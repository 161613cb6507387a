"""Figures the report states in words, checked against the figures they summarise."""

from __future__ import annotations

from collections.abc import Iterator

from lscb_core._base.findings import Finding
from lscb_core._base.markers import hookimpl
from lscb_core._checks import warning
from lscb_core._model.loaded import LoadedReport

PERCENT_TOLERANCE = 1.0
"""Percentage points by which a stated share may differ from the computed one (reports round)."""


@hookimpl
def lscb_check(loaded: LoadedReport) -> Iterator[Finding]:
    report = loaded.report
    area = report.area
    if area is not None and area.children_percent is not None:
        share = area.children_share
        if share is not None and abs(share - area.children_percent) > PERCENT_TOLERANCE:
            yield warning(
                "area.children-percent",
                f"children are stated as {area.children_percent:g}% of the population, but {area.children:,} of {area.population:,} is {share:.1f}%",
                ("area", "children_percent"),
            )
    for i, audit in enumerate(report.audits):
        if (
            audit.participants
            and audit.participants_stated is not None
            and len(audit.participants) != audit.participants_stated
        ):
            yield warning(
                "audits.participants",
                f"the audit {audit.title!r} names {len(audit.participants)} participants but states {audit.participants_stated}",
                ("audits", i, "participants_stated"),
            )
