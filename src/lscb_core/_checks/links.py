"""References between parts of the data: priorities named by audits and activities, period folders."""

from __future__ import annotations

import difflib
from collections.abc import Iterator

from lscb_core._base.findings import Finding
from lscb_core._base.locations import DataPath
from lscb_core._base.markers import hookimpl
from lscb_core._base.quantities import SAFE_SCHEMES
from lscb_core._checks import error, warning
from lscb_core._model.loaded import LoadedReport


@hookimpl
def lscb_check(loaded: LoadedReport) -> Iterator[Finding]:
    report = loaded.report
    ids = [p.id for p in report.priorities.all]
    named = [("audits", i, a.id, a.priority) for i, a in enumerate(report.audits)]
    named += [("activities", i, a.id, a.priority) for i, a in enumerate(report.activities)]
    for part, i, item_id, priority in named:
        if priority is not None and priority not in ids:
            close = difflib.get_close_matches(priority, ids, n=1)
            hint = f"; did you mean {close[0]!r}?" if close else ""
            yield warning(
                "links.unknown-priority",
                f"{item_id!r} belongs to the priority {priority!r}, which is not in priorities.yaml{hint}",
                (part, i, "priority"),
            )
    addresses: list[tuple[DataPath, str | None]] = [(("board", "website"), report.board.website)]
    addresses += [(("inspections", i, "report_url"), x.report_url) for i, x in enumerate(report.inspections)]
    addresses += [
        (("reviews", "cases", i, "publication", "url"), r.publication.url)
        for i, r in enumerate(report.reviews.cases)
    ]
    for path, url in addresses:
        if url is not None and not url.strip().lower().startswith(SAFE_SCHEMES):
            yield error(
                "links.url-scheme",
                f"the web address {url!r} must start with http://, https:// or mailto: (a report may only link to web pages and email addresses)",
                path,
            )
    period = report.period
    folder = loaded.period_dir.name
    if folder not in (period.label, period.slug):
        yield warning(
            "links.period-folder",
            f"the folder {folder}/ holds the report for {period.long_label}; name it {period.slug}/ so that periods sort in order",
            ("period",),
        )
