"""Opening a board: its settings first, then the one plugin manager, then the board folder.

The settings may block plugins, so they are read before any plugin is
loaded: a blocked plugin is never imported, and the manager made once from
them serves the whole check and build. A manager given from Python (with
``extra`` plugins, say) is used as it is, less the plugins the board blocks.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import attrs
import pluggy

from lscb_core._base.findings import Finding, LoadError
from lscb_core._hooks.calling import call_hook
from lscb_core._hooks.contributions import Plugins, receive_schemas
from lscb_core._hooks.manager import make_plugin_manager
from lscb_core._loading.folder import load_report as load_folder
from lscb_core._loading.folder import read_settings
from lscb_core._model.loaded import LoadedReport

__all__ = ["load_report", "open_board"]


def open_board(
    board_dir: Path | str,
    period: str | None = None,
    *,
    pm: pluggy.PluginManager | None = None,
    block: Iterable[str] = (),
    plugins: Iterable[str] = (),
) -> tuple[Plugins, LoadedReport]:
    """The plugins the board uses and its loaded report; raises :class:`LoadError` with every problem.

    ``block`` names plugins to leave out besides those the board's settings
    block; ``plugins`` names modules to use as plugins (``lscb build -p``).
    Plugins that cannot be used, and plugins that conflict, are findings of
    the load (errors for plugins asked for by name, warnings for installed
    ones that fail, so that the others still work).
    """
    settings = read_settings(board_dir, period)
    blocked = tuple(dict.fromkeys((*block, *settings.block_plugins)))
    if pm is None:
        pm = make_plugin_manager(block=blocked, modules=plugins)
        left_out: frozenset[str] = frozenset()
    else:
        if tuple(plugins):
            raise ValueError("plugins given by name go to the plugin manager; with pm=, register them on it")
        left_out = frozenset(name for name in blocked if pm.get_plugin(name) is not None)
    uses = Plugins(pm, left_out)
    problems: list[Finding] = list(uses.problems)
    schemas, found = uses.schemas()
    problems += found
    profiles, found = uses.profiles()
    problems += found
    _, found = uses.sections()
    problems += found
    try:
        loaded = load_folder(
            board_dir,
            period,
            settings=settings,
            schemas=schemas,
            profiles=profiles,
            blocked=_blocked_folders(pm, blocked, left_out),
        )
    except LoadError as exc:
        raise LoadError([*problems, *exc.findings]) from None
    words, failures = uses.glossary_words(loaded)
    if failures:
        raise LoadError([*problems, *failures])
    return uses, attrs.evolve(loaded, findings=(*problems, *loaded.findings), plugin_words=words)


def _blocked_folders(
    pm: pluggy.PluginManager, blocked: tuple[str, ...], left_out: frozenset[str]
) -> dict[str, str]:
    """The data folders of blocked plugins: a plugin's own name, and what a registered one declares."""
    folders = {name: name for name in blocked}
    if left_out:
        in_use = [
            name for name, plugin in pm.list_name_plugin() if plugin is not None and name not in left_out
        ]
        outcome = call_hook(pm, "lscb_data_schemas", {}, receive=receive_schemas, leave_out=in_use)
        for returned in outcome.returned:
            folders.update({schema.folder: returned.plugin for schema in returned.value})
    return folders


def load_report(
    board_dir: Path | str,
    period: str | None = None,
    *,
    pm: pluggy.PluginManager | None = None,
    block: Iterable[str] = (),
    plugins: Iterable[str] = (),
) -> LoadedReport:
    """Load one period of a board folder with the plugins it uses (the installed ones, unless ``pm`` is given).

    The earlier periods it is compared with are read as a build reads them
    (as many as the board's ``trends:`` settings say, none with ``trends:
    false``) and attached as :attr:`LoadedReport.earlier`, oldest first. An
    earlier period with errors is left out, with one warning naming its
    folder.

    Raises :class:`LoadError` with every problem found, each located at its
    file, line and column; warnings are in the result's ``findings``.
    """
    from lscb_core._build.check import run_checks
    from lscb_core._build.earlier import with_earlier

    uses, loaded = open_board(board_dir, period, pm=pm, block=block, plugins=plugins)
    loaded, findings = with_earlier(loaded, uses, run_checks)
    return attrs.evolve(loaded, findings=(*loaded.findings, *findings)) if findings else loaded
