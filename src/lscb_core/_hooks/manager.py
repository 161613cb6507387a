"""The plugin manager: built-in plugins, installed plugins, and blocking by name."""

from __future__ import annotations

import importlib
from collections.abc import Iterable
from importlib import metadata
from typing import Any

import pluggy

from lscb_core._hooks import specs as hookspecs

__all__ = [
    "DEFAULT_PLUGINS",
    "ESSENTIAL_PLUGINS",
    "PluginError",
    "make_plugin_manager",
    "plugin_name",
]

PROJECT = "lscb"

DEFAULT_PLUGINS: tuple[str, ...] = (
    "lscb_core._checks.appendices",
    "lscb_core._checks.budget",
    "lscb_core._checks.cdop",
    "lscb_core._checks.dates",
    "lscb_core._checks.forewords",
    "lscb_core._checks.glossary",
    "lscb_core._checks.inspections",
    "lscb_core._checks.links",
    "lscb_core._checks.members",
    "lscb_core._checks.period",
    "lscb_core._checks.templates",
    "lscb_core._checks.regime",
    "lscb_core._checks.reviews",
    "lscb_core._checks.statements",
    "lscb_core._checks.structure",
    "lscb_core._checks.training",
    "lscb_core._checks.vocabulary",
    "lscb_core._sections.front",
    "lscb_core._sections.governance",
    "lscb_core._sections.priorities",
    "lscb_core._sections.reviews",
    "lscb_core._sections.appendices",
    "lscb_core._sections.narrative_only",
    "lscb_core._sections.annexes",
    "lscb_core._checks.publication",
)
"""Modules that implement lscb's own behaviour through the same hooks as any plugin."""

ESSENTIAL_PLUGINS: frozenset[str] = frozenset()
"""Built-in plugins that cannot be blocked."""


class PluginError(Exception):
    """A plugin could not be loaded, or failed while it was working."""


def plugin_name(name: str) -> str:
    """The short name of a built-in plugin (``lscb_core._checks.budget`` -> ``checks.budget``)."""
    return name.removeprefix("lscb_core.").lstrip("_")


def make_plugin_manager(
    *,
    block: Iterable[str] = (),
    entry_points: bool = True,
    extra: Iterable[Any] = (),
    modules: Iterable[str] = (),
) -> pluggy.PluginManager:
    """A fresh plugin manager with the hook specifications and the plugins in use.

    ``block`` names plugins to leave out: built-in ones by their short name
    (``checks.glossary``) and installed ones by their entry-point name.
    ``extra`` registers further plugin objects (tests use it), ``modules``
    imports modules by name and registers them (``lscb build -p``, for a
    plugin under development that is not installed). A misspelled hook in any
    plugin is an error at once, not a hook never called.
    """
    blocked = set(block)
    pm = pluggy.PluginManager(PROJECT)
    pm.add_hookspecs(hookspecs)
    for module_name in DEFAULT_PLUGINS:
        short = plugin_name(module_name)
        if short in blocked and short not in ESSENTIAL_PLUGINS:
            pm.set_blocked(short)
            continue
        pm.register(importlib.import_module(module_name), name=short)
    for name in blocked:
        pm.set_blocked(name)
    if entry_points:
        _load_installed(pm)
    for module_name in modules:
        if pm.has_plugin(module_name):
            continue
        try:
            module = importlib.import_module(module_name)
        except Exception as exc:  # named, so the author knows which module failed
            raise PluginError(
                f"the plugin module {module_name!r} could not be imported: {type(exc).__name__}: {exc}"
            ) from exc
        pm.register(module, name=module_name)
    try:
        for plugin in extra:
            pm.register(plugin)
        pm.check_pending()
    except pluggy.PluginValidationError as exc:
        raise PluginError(f"plugin {exc.plugin!r} is not valid: {exc}") from exc
    return pm


def _load_installed(pm: pluggy.PluginManager) -> None:
    """Register every plugin installed under the ``lscb`` entry-point group that is not blocked."""
    # Looking the group up directly is several times faster than pluggy's scan of every distribution.
    for entry in metadata.entry_points(group=PROJECT):
        if pm.is_blocked(entry.name) or pm.has_plugin(entry.name):
            continue
        try:
            plugin = entry.load()
        except Exception as exc:  # a broken installed plugin must be named, not crash lscb
            raise PluginError(
                f"the installed plugin {entry.name!r} could not be loaded: {type(exc).__name__}: {exc}"
            ) from exc
        pm.register(plugin, name=entry.name)
        _DISTRIBUTIONS[id(plugin)] = (
            (entry.dist.name, entry.dist.version) if entry.dist is not None else ("?", "?")
        )


_DISTRIBUTIONS: dict[int, tuple[str, str]] = {}
"""Which distribution each installed plugin came from (for ``lscb plugins``)."""


def describe_plugins(pm: pluggy.PluginManager) -> list[dict[str, Any]]:
    """Each plugin in use: name, version, where it comes from, its hooks and the sections it adds."""
    from lscb_core import __version__

    out: list[dict[str, Any]] = []
    for name, plugin in sorted(pm.list_name_plugin(), key=lambda item: (item[0] not in _BUILT_IN, item[0])):
        if plugin is None:
            continue
        dist = _DISTRIBUTIONS.get(id(plugin))
        hooks = sorted(caller.name for caller in pm.get_hookcallers(plugin) or ())
        sections = []
        if "lscb_sections" in hooks:
            offered = getattr(plugin, "lscb_sections")()  # noqa: B009 - the hook is looked up by name
            sections = [{"key": s.key, "title": s.title, "order": s.order} for s in offered]
        out.append(
            {
                "name": name,
                "version": dist[1] if dist is not None else __version__,
                "source": f"installed: {dist[0]}"
                if dist is not None
                else ("built in" if name in _BUILT_IN else "registered"),
                "hooks": hooks,
                "sections": sections,
            }
        )
    return out


_BUILT_IN = frozenset(plugin_name(m) for m in DEFAULT_PLUGINS)
