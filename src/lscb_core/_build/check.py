"""Running the checks: every plugin's ``lscb_check``, failures attributed to the plugin."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path
from typing import cast

import attrs
import pluggy

from lscb_core._base.findings import Finding, Level, LoadError, sort_findings
from lscb_core._base.errors import NarrativeError
from lscb_core._model.editions import Edition
from lscb_core._model.loaded import LoadedReport
from lscb_core._publication.view import View, make_view
from lscb_core._loading.folder import load_report
from lscb_core._hooks.manager import make_plugin_manager

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


def run_checks(
    loaded: LoadedReport, pm: pluggy.PluginManager, progress: Callable[[str], None] | None = None
) -> list[Finding]:
    """Run every ``lscb_check`` hook; a plugin that raises becomes an error finding naming it.

    ``progress`` is told which plugin is checking, as it starts.
    """
    findings: list[Finding] = list(loaded.findings)
    for impl in reversed(pm.hook.lscb_check.get_hookimpls()):
        name = impl.plugin_name
        if progress is not None:
            progress(f"checking the data (plugin {name!r})")
        try:
            result = cast("Iterable[object] | None", impl.function(loaded=loaded))
            produced = list(result or ())
        except Exception as exc:  # a plugin's bug must not take the command down
            findings.append(
                Finding(
                    level=Level.ERROR,
                    code="plugin.failed",
                    message=f"the check plugin {name!r} failed on {loaded.report.board.short_name} {loaded.report.period.label}: {type(exc).__name__}: {exc}",
                    plugin=name,
                )
            )
            continue
        for finding in produced:
            if not isinstance(finding, Finding):
                findings.append(
                    Finding(
                        level=Level.ERROR,
                        code="plugin.bad-result",
                        message=f"the check plugin {name!r} returned {type(finding).__name__}, not Finding",
                        plugin=name,
                    )
                )
                continue
            findings.append(attrs.evolve(finding.located(loaded.sources), plugin=finding.plugin or name))
    return sort_findings(findings)


def check_view(view: View, pm: pluggy.PluginManager) -> list[Finding]:
    """Checks about the public edition: what the view could not protect, and every ``lscb_check_public`` hook.

    The hooks get the public view only, never the data as loaded.
    """
    shown = view.loaded
    findings = [f.located(shown.sources) for f in view.problems]
    for impl in reversed(pm.hook.lscb_check_public.get_hookimpls()):
        name = impl.plugin_name
        try:
            produced = list(cast("Iterable[object] | None", impl.function(view=shown)) or ())
        except Exception as exc:  # a plugin's bug must not take the command down
            findings.append(
                Finding(
                    level=Level.ERROR,
                    code="plugin.failed",
                    message=f"the public-edition check of the plugin {name!r} failed: {type(exc).__name__}: {exc}",
                    plugin=name,
                )
            )
            continue
        for finding in produced:
            if not isinstance(finding, Finding):
                findings.append(
                    Finding(
                        level=Level.ERROR,
                        code="plugin.bad-result",
                        message=f"the check plugin {name!r} returned {type(finding).__name__}, not Finding",
                        plugin=name,
                    )
                )
                continue
            findings.append(attrs.evolve(finding.located(shown.sources), plugin=finding.plugin or name))
    return findings


_LISTED_CODES = {"withheld": "public.withheld", "suppressed": "public.suppressed", "changed": "public.changed"}


def listing(view: View, loaded: LoadedReport) -> list[Finding]:
    """What the public edition leaves out, hides and changes, each at its place in the data (information)."""
    return [
        Finding(
            level=Level.INFO,
            code=_LISTED_CODES[entry.kind],
            message=entry.message,
            path=entry.path,
            location=loaded.sources.locate(entry.path),
        )
        for entry in view.listed
    ]


def check_board(
    board_dir: Path | str,
    period: str | None = None,
    *,
    pm: pluggy.PluginManager | None = None,
    edition: Edition | None = None,
) -> CheckResult:
    """Load a board folder and run every check on it; load errors come back as findings.

    The checks of the public edition run too. With ``edition`` PUBLIC, the
    findings also list every item the public edition withholds, every count
    it hides and every figure it changes to protect them.
    """
    pm = pm or make_plugin_manager()
    try:
        loaded = load_report(board_dir, period, pm=pm)
    except LoadError as exc:
        return CheckResult(tuple(exc.findings), None)
    findings = run_checks(loaded, pm)
    if not any(f.level is Level.ERROR for f in findings):
        try:
            view = make_view(loaded, Edition.PUBLIC)
        except NarrativeError as exc:
            findings.append(
                Finding(level=Level.ERROR, code="narrative.fence", message=exc.message, location=exc.location)
            )
        else:
            findings += check_view(view, pm)
            if edition is Edition.PUBLIC:
                findings += listing(view, loaded)
    return CheckResult(tuple(sort_findings(findings)), loaded)
