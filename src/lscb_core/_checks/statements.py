"""Figures the report states in words, checked against the figures they summarise."""

from __future__ import annotations

from collections.abc import Iterator

from lscb_core._base.findings import Finding
from lscb_core._base.markers import hookimpl
from lscb_core._checks import literal, stated_total, warning
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
        if audit.participants:
            yield from stated_total(
                "audits.participants",
                ("audits", i, "participants_stated"),
                len(audit.participants),
                audit.participants_stated,
                f"the audit {literal(repr(audit.title))} names {{computed}} participants but states {{stated}}",
            )
