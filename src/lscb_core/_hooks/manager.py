"""The plugin manager: built-in plugins, installed plugins, plugins given by name, and blocking.

One manager is made per board, after its settings are read (they may block
plugins), and is used for everything the board's check and build do. A
plugin that cannot be used (it fails to import, or a hook is misspelt) is
left out and reported by name in :attr:`PluginManager.problems`; the other
plugins still work.
"""

from __future__ import annotations

import importlib
import inspect
import sys
import types
from collections.abc import Iterable
from importlib import metadata
from pathlib import Path
from typing import Any

import pluggy

from lscb_core._base.blame import defined_at, homes_of_module, plugin_failed
from lscb_core._base.findings import Finding, Level
from lscb_core._base.markers import PROJECT
from lscb_core._hooks import specs as hookspecs

__all__ = [
    "BUILT_IN",
    "DEFAULT_PLUGINS",
    "ESSENTIAL_PLUGINS",
    "PluginManager",
    "make_plugin_manager",
    "plugin_name",
    "plugin_problems",
]

DEFAULT_PLUGINS: tuple[str, ...] = (
    "lscb_core._checks.appendices",
    "lscb_core._checks.budget",
    "lscb_core._checks.cdop",
    "lscb_core._checks.dates",
    "lscb_core._checks.forewords",
    "lscb_core._checks.glossary",
    "lscb_core._checks.inspections",
    "lscb_core._checks.links",
    "lscb_core._checks.local_sections",
    "lscb_core._checks.members",
    "lscb_core._checks.migrations",
    "lscb_core._checks.period",
    "lscb_core._checks.templates",
    "lscb_core._checks.regime",
    "lscb_core._checks.reviews",
    "lscb_core._checks.statements",
    "lscb_core._checks.structure",
    "lscb_core._checks.training",
    "lscb_core._checks.vocabulary",
    "lscb_core._checks.trends",
    "lscb_core._sections.front",
    "lscb_core._sections.governance",
    "lscb_core._sections.priorities",
    "lscb_core._sections.reviews",
    "lscb_core._sections.appendices",
    "lscb_core._sections.narrative_only",
    "lscb_core._sections.local",
    "lscb_core._sections.annexes",
    "lscb_core._checks.publication",
)
"""Modules that implement lscb's own behaviour through the same hooks as any plugin."""

ESSENTIAL_PLUGINS: frozenset[str] = frozenset()
"""Built-in plugins that cannot be blocked."""


def plugin_name(name: str) -> str:
    """The short name of a built-in plugin (``lscb_core._checks.budget`` -> ``checks.budget``)."""
    return name.removeprefix("lscb_core.").lstrip("_")


BUILT_IN: frozenset[str] = frozenset(plugin_name(m) for m in DEFAULT_PLUGINS)
"""The names of lscb's own plugins."""


_HOOKABLE = (types.FunctionType, types.MethodType, staticmethod, classmethod)
"""What pluggy can take as a hook implementation."""


class PluginManager(pluggy.PluginManager):
    """pluggy's manager, remembering the plugins it could not use and where installed ones came from."""

    def __init__(self) -> None:
        super().__init__(PROJECT)
        self.add_hookspecs(hookspecs)
        self.problems: list[Finding] = []
        self.distributions: dict[str, tuple[str, str]] = {}

    def get_canonical_name(self, plugin: object) -> str:
        """A plugin registered without a name is called after its module or class (then ``-2``, ``-3`` ...)."""
        base = str(getattr(plugin, "__name__", None) or type(plugin).__name__)
        name, n = base, 1
        while self.get_plugin(name) is not None or self.is_blocked(name):
            n += 1
            name = f"{base}-{n}"
        return name

    def parse_hookimpl_opts(self, plugin: Any, name: str) -> pluggy.HookimplOpts | None:
        """pluggy's own, less its slow look at every name a module imports.

        A module's hook implementation is a function (or method) in the
        module's namespace; any other value there (a class, a module, a
        constant) is passed over without asking :func:`inspect.getattr_static`,
        which pluggy does for every name and which took most of the time of
        making a plugin manager. What pluggy would find is unchanged.
        """
        if isinstance(plugin, types.ModuleType):
            value = vars(plugin).get(name)
            if not isinstance(value, _HOOKABLE):
                return None
        return super().parse_hookimpl_opts(plugin, name)

    def add(self, plugin: object, name: str | None, *, installed: bool) -> str | None:
        """Register a plugin; one that is not valid is left out and becomes a problem naming it.

        A misspelt hook, or a hook argument the hook does not have, is found
        here rather than leaving a hook that is never called. A function named
        ``lscb_*`` without the ``@hookimpl`` marker is a warning.
        """
        if self.is_registered(plugin):
            return None  # given twice (installed, and by name with -p): it is used once
        shown = name or self.get_canonical_name(plugin)
        try:
            registered = self.register(plugin, name)
        except pluggy.PluginValidationError as exc:
            self._forget(plugin)
            self._problem(installed, shown, _invalid(self, plugin, exc))
            return None
        if registered is None:
            return None
        unknown = [
            caller.name
            for caller in self.get_hookcallers(plugin) or ()
            if not caller.has_spec()
            and not any(i.optionalhook for i in caller.get_hookimpls() if i.plugin is plugin)
        ]
        if unknown:
            self._forget(plugin)
            hooks = ", ".join(sorted(unknown))
            self._problem(installed, shown, f"implements {hooks}, which is not an lscb hook (a misspelling?)")
            return None
        for attribute in _unmarked(self, plugin):
            self.problems.append(
                Finding(
                    level=Level.WARNING,
                    code="plugin.unmarked-hook",
                    message=f"the plugin {shown!r} has a function {attribute} without the @hookimpl marker, so lscb never calls it; mark it with @hookimpl from lscb_core.plugin",
                    plugin=shown,
                )
            )
        return registered

    def _forget(self, plugin: object) -> None:
        if self.is_registered(plugin):
            self.unregister(plugin)

    def _problem(self, installed: bool, name: str, what: str) -> None:
        self.problems.append(
            Finding(
                level=Level.WARNING if installed else Level.ERROR,
                code="plugin.invalid",
                message=f"the plugin {name!r} {what}; it is left out" + (_HOW_TO_BLOCK if installed else ""),
                plugin=name,
            )
        )

    def failed_to_load(self, name: str, module: str, exc: BaseException, *, installed: bool) -> None:
        """Record a plugin that could not be imported, blamed on its own code."""
        self.problems.append(
            plugin_failed(
                name,
                exc,
                homes_of_module(module),
                "; it is left out" + _HOW_TO_BLOCK if installed else "",
                what="could not be loaded",
                level=Level.WARNING if installed else Level.ERROR,
                code="plugin.import-failed",
            )
        )


_HOW_TO_BLOCK = " (block it with --block or block_plugins in settings.yaml to silence this)"


def _invalid(pm: pluggy.PluginManager, plugin: object, exc: pluggy.PluginValidationError) -> str:
    """What is wrong with a plugin pluggy refused, in words: most often a hook argument misspelt."""
    for attribute in dir(plugin):
        opts = pm.parse_hookimpl_opts(plugin, attribute)
        if opts is None:
            continue
        hook = opts.get("specname") or attribute
        caller = getattr(pm.hook, hook, None)
        if caller is None or caller.spec is None:
            continue
        function = getattr(plugin, attribute)
        names = [
            p.name
            for p in inspect.signature(function).parameters.values()
            if p.kind in (inspect.Parameter.POSITIONAL_ONLY, inspect.Parameter.POSITIONAL_OR_KEYWORD)
        ]
        unknown = [n for n in names if n not in caller.spec.argnames]
        if unknown:
            where = defined_at(function)
            return (
                f"{'(' + where + ') ' if where else ''}has {attribute}({', '.join(names)}), but the hook "
                f"{hook} takes {', '.join(caller.spec.argnames) or 'no arguments'}, so {', '.join(unknown)} is misspelt or not there"
            )
    return "is not valid: " + " ".join(str(exc).split())


def _unmarked(pm: pluggy.PluginManager, plugin: object) -> list[str]:
    """Functions of a plugin named like a hook but not marked as one."""
    names = []
    for attribute in dir(plugin):
        if not attribute.startswith(f"{PROJECT}_"):
            continue
        value = inspect.getattr_static(plugin, attribute, None)
        value = getattr(value, "__func__", value)
        if inspect.isroutine(value) and pm.parse_hookimpl_opts(plugin, attribute) is None:
            names.append(attribute)
    return names


def make_plugin_manager(
    *,
    block: Iterable[str] = (),
    entry_points: bool = True,
    extra: Iterable[Any] = (),
    modules: Iterable[str] = (),
) -> PluginManager:
    """A fresh plugin manager with the hook specifications and the plugins in use.

    ``block`` names plugins to leave out: built-in ones by their short name
    (``checks.glossary``) and installed ones by their entry-point name; a
    blocked plugin is not even imported. ``extra`` registers further plugin
    objects (tests use it), ``modules`` imports modules by name and registers
    them (``lscb build -p``, for a plugin under development that is not
    installed; looked for on the import path and in the working folder). A
    plugin that cannot be used is left out and recorded in
    ``problems``: a warning for an installed plugin (the others still work),
    an error for one given by ``modules`` or ``extra``.
    """
    blocked = set(block)
    pm = PluginManager()
    for module_name in DEFAULT_PLUGINS:
        short = plugin_name(module_name)
        if short in blocked and short not in ESSENTIAL_PLUGINS:
            pm.set_blocked(short)
            continue
        pm.add(importlib.import_module(module_name), short, installed=False)
    for name in blocked:
        pm.set_blocked(name)
    if entry_points:
        _load_installed(pm)
    modules = tuple(modules)
    if modules and str(Path.cwd()) not in sys.path:
        sys.path.append(str(Path.cwd()))  # a plugin under development, beside its author
    for module_name in modules:
        if pm.has_plugin(module_name) or pm.is_blocked(module_name):
            continue
        try:
            module = importlib.import_module(module_name)
        except Exception as exc:  # named, so the author knows which module failed and where
            pm.failed_to_load(module_name, module_name, exc, installed=False)
            continue
        pm.add(module, module_name, installed=False)
    for plugin in extra:
        pm.add(plugin, None, installed=False)
    return pm


def _load_installed(pm: PluginManager) -> None:
    """Register every plugin installed under the ``lscb`` entry-point group that is not blocked."""
    # Looking the group up directly is several times faster than pluggy's scan of every distribution.
    for entry in metadata.entry_points(group=PROJECT):
        if pm.is_blocked(entry.name) or pm.has_plugin(entry.name):
            continue
        try:
            plugin = entry.load()
        except Exception as exc:  # a broken installed plugin is named and left out; the others still work
            pm.failed_to_load(entry.name, entry.module, exc, installed=True)
            continue
        if pm.add(plugin, entry.name, installed=True) is not None:
            pm.distributions[entry.name] = (
                (entry.dist.name, entry.dist.version) if entry.dist is not None else ("?", "?")
            )


def plugin_problems(pm: pluggy.PluginManager) -> tuple[Finding, ...]:
    """The plugins a manager could not use, as findings (none for a manager not made here)."""
    return tuple(pm.problems) if isinstance(pm, PluginManager) else ()
