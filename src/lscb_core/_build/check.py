"""Checking a board: every plugin's ``lscb_check`` and ``lscb_check_public``, each failure blamed on its plugin."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import attrs
import pluggy

from lscb_core._base.errors import FindingError, NarrativeError
from lscb_core._base.findings import Finding, Level, LoadError, sort_findings
from lscb_core._base.keep import cache_in
from lscb_core._build.output import KEPT_FOLDER
from lscb_core._build.session import open_board
from lscb_core._hooks.contributions import Plugins
from lscb_core._model.editions import Edition
from lscb_core._model.loaded import LoadedReport
from lscb_core._publication.view import View, make_view

__all__ = ["CheckResult", "check_board", "check_view", "listing", "run_checks"]


@attrs.frozen
class CheckResult:
    """What checking a board folder found. ``loaded`` is ``None`` when it could not be loaded."""

    findings: tuple[Finding, ...]
    loaded: LoadedReport | None

    @property
    def errors(self) -> tuple[Finding, ...]:
        return tuple(f for f in self.findings if f.level is Level.ERROR)

    @property
    def ok(self) -> bool:
        return not self.errors

    def count(self, level: Level) -> int:
        return sum(1 for f in self.findings if f.level is level)


def _uses(plugins: Plugins | pluggy.PluginManager) -> Plugins:
    return plugins if isinstance(plugins, Plugins) else Plugins(plugins)


def run_checks(
    loaded: LoadedReport,
    plugins: Plugins | pluggy.PluginManager,
    progress: Callable[[str], None] | None = None,
) -> list[Finding]:
    """The load's findings and every ``lscb_check`` hook's; a plugin that raises is an error naming it.

    ``progress`` is told which plugin is checking, as it starts.
    """
    findings = [*loaded.findings, *_uses(plugins).check(loaded, progress)]
    findings += _names(loaded, _uses(plugins))
    return sort_findings(findings)


def check_view(view: View, plugins: Plugins | pluggy.PluginManager) -> list[Finding]:
    """Checks about the public edition: what the view could not protect, and every ``lscb_check_public`` hook.

    The hooks get the public view only, never the data as loaded.
    """
    shown = view.loaded
    return [*(f.located(shown.sources) for f in view.problems), *_uses(plugins).check_public(shown)]


_LISTED_CODES = {
    "withheld": "public.withheld",
    "suppressed": "public.suppressed",
    "changed": "public.changed",
}


def listing(view: View, loaded: LoadedReport) -> list[Finding]:
    """What the public edition leaves out, hides and changes, each at its place in the data (information)."""
    return [
        Finding(
            level=Level.INFO,
            code=_LISTED_CODES[entry.kind],
            message=entry.message,
            path=entry.path,
            location=entry.location or loaded.sources.locate(entry.path),
        )
        for entry in view.listed
    ]


def _names(loaded: LoadedReport, uses: Plugins) -> list[Finding]:
    """Sections, narrative files and narrative names that name nothing, each where it is written."""
    from lscb_core._build.values import template_values
    from lscb_core._sections.names import name_findings

    values: dict[str, Any] | None
    filters, problems = uses.filters()
    sections, _section_problems = uses.sections()  # reported when the board is opened
    try:
        values = template_values(loaded, Edition.BOARD, uses) if not problems else None
    except FindingError:  # a plugin that fails is reported by name when the report is built
        values = None
    return name_findings(loaded, sections, values, filters)


def check_board(
    board_dir: Path | str,
    period: str | None = None,
    *,
    pm: pluggy.PluginManager | None = None,
    block: Iterable[str] = (),
    plugins: Iterable[str] = (),
    edition: Edition | None = None,
    progress: Callable[[str], None] | None = None,
) -> CheckResult:
    """Load a board folder and run every check on it; load errors come back as findings.

    The board's settings are read first, and the plugins they block are left
    out (as are those named in ``block``); ``plugins`` names further modules
    to use as plugins. Without ``pm``, the installed plugins are used. The
    checks of the public edition run too, and every narrative template is
    worked out as a build would, so that check finds all that a build would
    reject. With ``edition`` PUBLIC, the findings also list every item the
    public edition withholds, every count it hides and every figure it
    changes to protect them. ``progress`` is told what the check is doing.
    """
    from lscb_core._build.earlier import with_earlier

    # What a build of this board kept (spreadsheets read, say) is used, though a check saves nothing.
    with cache_in(KEPT_FOLDER):
        try:
            uses, loaded = open_board(board_dir, period, pm=pm, block=block, plugins=plugins)
        except LoadError as exc:
            return CheckResult(tuple(exc.findings), None)
        loaded, earlier_findings = with_earlier(loaded, uses, run_checks)
    findings = sort_findings([*run_checks(loaded, uses, progress), *earlier_findings])
    if not any(f.level is Level.ERROR for f in findings):
        try:
            view = make_view(loaded, Edition.PUBLIC)
        except NarrativeError as exc:
            findings.append(
                Finding(level=Level.ERROR, code="narrative.fence", message=exc.message, location=exc.location)
            )
        else:
            findings += check_view(view, uses)
            if edition is Edition.PUBLIC:
                findings += listing(view, loaded)
    # Narrative templates are worked out too, so that check finds all that a build would reject.
    from lscb_core._build.narrative_check import check_narrative, not_named_already

    try:
        findings += not_named_already(findings, check_narrative(loaded, uses, progress))
    except FindingError as exc:
        findings.append(exc.finding)
    return CheckResult(tuple(sort_findings(findings)), loaded)
