"""Statutory coverage: what the report's regime requires (a warning) or expects (information) and the data lacks."""

from __future__ import annotations

from collections.abc import Iterator

from lscb_core._base.findings import Finding
from lscb_core._base.markers import hookimpl
from lscb_core._checks import info, warning
from lscb_core._model.loaded import LoadedReport
from lscb_core._publication.coverage import assess


@hookimpl
def lscb_check(loaded: LoadedReport) -> Iterator[Finding]:
    profile, items = assess(loaded)
    if profile is None:
        return
    for result in items:
        if result.met:
            continue
        item = result.item
        make = warning if result.required else info
        level = "requires" if result.required else "expects"
        first = (result.missing_fields or (item.fields or item.any_fields or ("",)))[0]
        path = tuple(first.split(" or ")[0].split(".")) if first else ()
        yield make(
            f"coverage.{item.id}",
            f"the {profile.title} {level}: {item.requirement}; {result.explain()}",
            path,
        )
