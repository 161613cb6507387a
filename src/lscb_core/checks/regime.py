"""The statutory profile of the report's regime: required parts left empty."""

from __future__ import annotations

from collections.abc import Iterator

from lscb_core.checks import info, warning
from lscb_core.findings import Finding
from lscb_core.hookspecs import hookimpl
from lscb_core.loading.folder import LoadedReport
from lscb_core.profiles import ItemLevel, field_value, is_empty, profile_for


@hookimpl
def lscb_check(loaded: LoadedReport) -> Iterator[Finding]:
    report = loaded.report
    profile = profile_for(report.regime)
    if profile is None:
        return
    for item in profile.items:
        missing = [f for f in item.fields if is_empty(field_value(report, f))]
        if item.any_fields and all(is_empty(field_value(report, f)) for f in item.any_fields):
            missing.append(" or ".join(item.any_fields))
        if not missing:
            continue
        make = warning if item.level is ItemLevel.REQUIRED else info
        level = "requires" if item.level is ItemLevel.REQUIRED else "expects"
        path = tuple(missing[0].split(" or ")[0].split("."))
        yield make(
            f"regime.{item.id}",
            f"the {profile.title} {level}: {item.requirement}; missing: {', '.join(missing)}",
            path,
        )
