"""Reading the earlier periods a report compares its figures with.

Each earlier period folder is read by the same loader and checks as this
year's. One with errors is left out with one warning naming its folder (this
year's build goes on); its warnings are not repeated, as they were reported in
its own year. A period known only from a ``previous.yaml`` file (a board new
to lscb) gives its stated headline figures.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import attrs

from lscb_core._base.errors import NarrativeError
from lscb_core._base.findings import Finding, Level, LoadError
from lscb_core._base.locations import Location
from lscb_core._build.session import open_board
from lscb_core._hooks.contributions import Plugins
from lscb_core._loading.folder import REPORT_FILE, list_periods
from lscb_core._model.editions import Edition
from lscb_core._model.loaded import Earlier, LoadedReport
from lscb_core._model.trends import HEADLINES, headline_value, local_values
from lscb_core._publication.trends import value_paths
from lscb_core._publication.view import make_view

__all__ = ["with_earlier"]


def _warning(location: Location, message: str) -> Finding:
    return Finding(level=Level.WARNING, code="trends.earlier-period", message=message, location=location)


def _values(loaded: LoadedReport) -> dict[str, object]:
    values = {h.name: headline_value(loaded.report, h) for h in HEADLINES}
    values.update(local_values(loaded.report))
    return {name: value for name, value in values.items() if value is not None}


def _stated(loaded: LoadedReport, label: str | None) -> Earlier | None:
    """The period before ``loaded`` as its ``previous.yaml`` states it."""
    stated = loaded.previous_figures
    if stated is None or not stated.figures:
        return None
    name = stated.period or label or f"before {loaded.report.period.label}"
    where = {n: at for n in stated.figures if (at := loaded.locate(("previous", n))) is not None}
    return Earlier(label=name, folder=None, values=dict(stated.figures), where=where)


def _where(loaded: LoadedReport, values: dict[str, object]) -> dict[str, Location]:
    """Where each of an earlier period's values is written in its own data."""
    paths = value_paths(loaded)
    return {name: at for name in values if (at := loaded.locate(paths.get(name, ()))) is not None}


def _earlier_folders(loaded: LoadedReport) -> tuple[list[Path], list[Finding]]:
    """The earlier period folders, latest first: from ``previous:`` in report.yaml, else those before this one."""
    periods = list_periods(loaded.board_dir)
    here = loaded.period_dir.resolve()
    resolved = [p.resolve() for p in periods]
    findings: list[Finding] = []
    named = loaded.report.previous
    if named is not None:
        start = next((i for i, p in enumerate(periods) if p.name == named), None)
        where = loaded.locate(("previous",))
        if where is None or Path(where.file).name != REPORT_FILE:  # previous.yaml's figures share the path
            where = Location(str(loaded.period_dir / REPORT_FILE))
        if start is None:
            findings.append(
                _warning(
                    where,
                    f"previous: {named} names no period folder of this board; its figures are not compared",
                )
            )
            return [], findings
        if here in resolved[: start + 1]:
            # This period itself, or one after it: the report would compare a year with itself or a later one.
            findings.append(
                _warning(
                    where,
                    f"previous: {named} is not a period before this one ({loaded.period_dir.name}); "
                    "name the period before it, or leave previous: out; its figures are not compared",
                )
            )
            return [], findings
        return list(reversed(periods[: start + 1])), findings
    if here not in resolved:
        return [], findings
    return [p for p in reversed(periods[: resolved.index(here)]) if p.resolve() != here], findings


def with_earlier(
    loaded: LoadedReport,
    uses: Plugins,
    run_checks: Callable[[LoadedReport, Plugins], list[Finding]],
) -> tuple[LoadedReport, list[Finding]]:
    """``loaded`` with the earlier periods its settings ask for, and the warnings about them."""
    settings = loaded.settings.trends
    if not settings.enabled:
        return loaded, []
    folders, findings = _earlier_folders(loaded)
    earlier: list[Earlier] = []
    latest: LoadedReport | None = loaded
    for folder in folders:
        if len(earlier) >= settings.years:
            break
        where = Location(str(folder / REPORT_FILE))
        try:
            earlier_uses, found = open_board(loaded.board_dir, folder.name, pm=uses.pm)
            problems = [f for f in run_checks(found, earlier_uses) if f.level is Level.ERROR]
            if not problems:
                problems = list(make_view(found, Edition.PUBLIC).problems)
        except LoadError as exc:
            problems = list(exc.findings)
        except NarrativeError as exc:
            problems = [Finding(level=Level.ERROR, code="build.narrative", message=exc.message)]
        if problems:
            findings.append(
                _warning(
                    where,
                    f"the earlier period {folder.name} has {len(problems)} error(s) (run lscb check on it); "
                    "its figures are not compared with this year's",
                )
            )
            latest = None
            continue
        found = attrs.evolve(found, findings=())
        values = _values(found)
        earlier.append(
            Earlier(
                label=found.report.period.label,
                folder=folder,
                values=values,
                loaded=found,
                where=_where(found, values),
            )
        )
        latest = found
    if latest is not None and len(earlier) < settings.years:
        # The oldest period read may state the figures of the one before it (or this one, if none was read).
        stated = _stated(latest, None)
        if stated is not None and all(e.label != stated.label for e in earlier):
            earlier.append(stated)
    elif loaded.previous_figures is not None and not earlier:
        stated = _stated(loaded, None)
        if stated is not None:
            earlier.append(stated)
    return attrs.evolve(loaded, earlier=tuple(reversed(earlier))), findings
