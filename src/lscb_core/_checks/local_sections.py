"""Board-defined sections: stated totals against the sums of their rows, and what they say they cover."""

from __future__ import annotations

import difflib
from collections.abc import Callable, Iterator

from lscb_core._base.findings import Finding
from lscb_core._base.markers import hookimpl
from lscb_core._checks import error, stated_total, warning
from lscb_core._model.formatting import money
from lscb_core._model.loaded import LoadedReport
from lscb_core._model.local_sections import LocalSection, ValueKind
from lscb_core._publication.coverage import profile_for


def _show(kind: ValueKind) -> Callable[[int], str]:
    return money if kind is ValueKind.MONEY else "{:,}".format


def _totals(key: str, section: LocalSection) -> Iterator[Finding]:
    base = ("sections", key)
    for t, table in enumerate(section.tables):
        for column_key, stated in table.totals_stated.items():
            column = table.column(column_key)
            computed = table.grand_total() if column is None else table.total(column_key)
            kind = column.kind if column is not None else table.row_summed[0].kind
            what = "the grand total" if column is None else f"the total of {column.title.lower()}"
            yield from stated_total(
                "sections.stated-total",
                (*base, "tables", t, "totals_stated", column_key),
                computed,
                stated,
                f"the report states {what} in {table.caption!r} as {{stated}}, but its rows add up to {{computed}}",
                _show(kind),
            )
    for f, figure in enumerate(section.figures):
        target = section.totalled(figure)
        if target is None or figure.value_stated is None:
            continue
        table, column = target
        yield from stated_total(
            "sections.stated-total",
            (*base, "figures", f, "value_stated"),
            table.total(column.key),
            figure.value_stated,
            f"the report states {figure.label!r} as {{stated}}, but {table.caption!r} adds up to {{computed}}",
            _show(figure.kind),
        )
        if figure.people and not table.people:
            yield warning(
                "sections.people-total",
                f"{figure.name} counts people, but the table {table.name!r} it totals is not marked people: true, so its small counts are shown; mark the table too",
                (*base, "tables", section.tables.index(table), "name"),
            )


def _covers(loaded: LoadedReport, key: str, section: LocalSection) -> Iterator[Finding]:
    if not section.covers:
        return
    profile = profile_for(loaded.report.regime, loaded.profiles)
    items = [item.id for item in profile.items] if profile is not None else []
    for i, item in enumerate(section.covers):
        if item in items:
            continue
        close = difflib.get_close_matches(item, items, n=1, cutoff=0.6)
        hint = f"did you mean {close[0]!r}? " if close else ""
        listed = ", ".join(items) if items else "none"
        yield error(
            "sections.covers",
            f"the statutory profile for {loaded.report.regime.value} has no item {item!r}; {hint}its items are {listed}",
            ("sections", key, "covers", i),
        )


@hookimpl
def lscb_check(loaded: LoadedReport) -> Iterator[Finding]:
    for key, section in loaded.report.sections.items():
        yield from _totals(key, section)
        yield from _covers(loaded, key, section)
