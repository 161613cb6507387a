"""Figures the report states in words, checked against the figures they summarise."""

from __future__ import annotations

import re
from collections.abc import Iterator

from lscb_core._base.findings import Finding
from lscb_core._base.markers import hookimpl
from lscb_core._checks import info, literal, stated_total, warning
from lscb_core._model.loaded import LoadedReport

PERCENT_TOLERANCE = 1.0
"""Percentage points by which a stated share may differ from the computed one (reports round)."""

_AREA_FIGURES = (
    "square_miles",
    "population",
    "children",
    "children_percent",
    "minority_ethnic_children_percent",
    "national_minority_ethnic_children_percent",
    "districts",
)
"""The area's figures: the report prints them only where the narrative uses them."""


def _unused_area_figures(loaded: LoadedReport) -> Iterator[Finding]:
    """An area figure given in report.yaml that no narrative uses is printed nowhere: say so."""
    report = loaded.report
    area = report.area
    if area is None:
        return
    texts = [m.text for m in report.narrative.values()]
    texts += [f.text.text for f in report.forewords if f.text is not None]
    narrative = "\n".join(texts)
    if re.search(r"\barea\b(?!\s*\.\s*\w)", narrative):
        return  # the narrative uses the area as a whole ({% set place = area %}): it may print any of them
    for name in _AREA_FIGURES:
        value = getattr(area, name)
        if value is None or value == () or re.search(rf"\barea\s*\.\s*{name}\b", narrative):
            continue
        yield info(
            "area.not-printed",
            f"area.{name} is given, but the report prints the area's figures only where the narrative "
            f"uses them (as {{{{ area.{name} }}}} in narrative/context.md), and no narrative does",
            ("area", name),
        )


@hookimpl
def lscb_check(loaded: LoadedReport) -> Iterator[Finding]:
    report = loaded.report
    yield from _unused_area_figures(loaded)
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
