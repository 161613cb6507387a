"""Checking a board: every plugin's ``lscb_check``, each failure blamed on its plugin."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path

import attrs
import pluggy

from lscb_core._base.findings import Finding, Level, LoadError, sort_findings
from lscb_core._build.session import open_board
from lscb_core._hooks.contributions import Plugins
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
    loaded: LoadedReport,
    plugins: Plugins | pluggy.PluginManager,
    progress: Callable[[str], None] | None = None,
) -> list[Finding]:
    """The load's findings and every ``lscb_check`` hook's; a plugin that raises is an error naming it.

    ``progress`` is told which plugin is checking, as it starts.
    """
    uses = plugins if isinstance(plugins, Plugins) else Plugins(plugins)
    return sort_findings([*loaded.findings, *uses.check(loaded, progress)])


def check_board(
    board_dir: Path | str,
    period: str | None = None,
    *,
    pm: pluggy.PluginManager | None = None,
    block: Iterable[str] = (),
    plugins: Iterable[str] = (),
) -> CheckResult:
    """Load a board folder and run every check on it; load errors come back as findings.

    The board's settings are read first, and the plugins they block are left
    out (as are those named in ``block``); ``plugins`` names further modules
    to use as plugins. Without ``pm``, the installed plugins are used.
    """
    try:
        uses, loaded = open_board(board_dir, period, pm=pm, block=block, plugins=plugins)
    except LoadError as exc:
        return CheckResult(tuple(exc.findings), None)
    return CheckResult(tuple(run_checks(loaded, uses)), loaded)
