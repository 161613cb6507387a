"""The plugin manager: built-in plugins, installed plugins, and blocking by name."""

from __future__ import annotations

import importlib
from collections.abc import Iterable
from typing import Any

import pluggy

from lscb_core import hookspecs

__all__ = [
    "DEFAULT_PLUGINS",
    "ESSENTIAL_PLUGINS",
    "PluginError",
    "make_plugin_manager",
    "plugin_name",
]

PROJECT = "lscb"

DEFAULT_PLUGINS: tuple[str, ...] = (
    "lscb_core.checks.budget",
    "lscb_core.checks.cdop",
    "lscb_core.checks.dates",
    "lscb_core.checks.glossary",
    "lscb_core.checks.links",
    "lscb_core.checks.members",
    "lscb_core.checks.regime",
    "lscb_core.checks.reviews",
    "lscb_core.checks.statements",
    "lscb_core.checks.structure",
    "lscb_core.checks.training",
)
"""Modules that implement lscb's own behaviour through the same hooks as any plugin."""

ESSENTIAL_PLUGINS: frozenset[str] = frozenset()
"""Built-in plugins that cannot be blocked."""


class PluginError(Exception):
    """A plugin could not be loaded, or failed while it was working."""


def plugin_name(name: str) -> str:
    """The short name of a built-in plugin (``lscb_core.checks.budget`` -> ``checks.budget``)."""
    return name.removeprefix("lscb_core.")


def make_plugin_manager(
    *,
    block: Iterable[str] = (),
    entry_points: bool = True,
    extra: Iterable[Any] = (),
) -> pluggy.PluginManager:
    """A fresh plugin manager with the hook specifications and the plugins in use.

    ``block`` names plugins to leave out: built-in ones by their short name
    (``checks.glossary``) and installed ones by their entry-point name.
    ``extra`` registers further plugin objects (tests use it). A misspelled
    hook in any plugin is an error at once, not a hook never called.
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
        try:
            pm.load_setuptools_entrypoints(PROJECT)
        except Exception as exc:  # a broken installed plugin must be named, not crash lscb
            raise PluginError(
                f"an installed plugin could not be loaded: {type(exc).__name__}: {exc}"
            ) from exc
    for plugin in extra:
        pm.register(plugin)
    try:
        pm.check_pending()
    except pluggy.PluginValidationError as exc:
        raise PluginError(f"plugin {exc.plugin!r} is not valid: {exc}") from exc
    return pm
