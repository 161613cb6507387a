"""Running the checks: every plugin's ``lscb_check``, failures attributed to the plugin."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path
from typing import cast

import attrs
import pluggy

from lscb_core._base.errors import in_words
from lscb_core._base.findings import Finding, Level, LoadError, sort_findings
from lscb_core._hooks.manager import make_plugin_manager
from lscb_core._loading.folder import load_report
from lscb_core._model.loaded import LoadedReport

__all__ = ["CheckResult", "check_board", "run_checks"]


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
                    message=f"the check plugin {name!r} failed on {loaded.report.board.short_name} {loaded.report.period.label}: {in_words(exc)}",
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


def check_board(
    board_dir: Path | str,
    period: str | None = None,
    *,
    pm: pluggy.PluginManager | None = None,
    progress: Callable[[str], None] | None = None,
) -> CheckResult:
    """Load a board folder and run every check on it; load errors come back as findings.

    ``progress`` is told what the check is doing as it goes.
    """
    pm = pm or make_plugin_manager()
    try:
        loaded = load_report(board_dir, period, pm=pm)
    except LoadError as exc:
        return CheckResult(tuple(exc.findings), None)
    # Narrative templates are worked out too, so that check finds all that a build would reject.
    from lscb_core._build.narrative_check import check_narrative

    findings = run_checks(loaded, pm, progress) + check_narrative(loaded, pm, progress)
    return CheckResult(tuple(sort_findings(findings)), loaded)
