"""Blame: which plugin's code failed, at which file and line, and the traceback its author needs.

A plugin that raises, or returns something lscb cannot use, becomes an error
finding that names the plugin and where it went wrong. The finding's message
gives the file and line in the plugin's own code; its ``traceback`` (shown
with ``--debug``) starts at the plugin's first frame, without lscb's.
"""

from __future__ import annotations

import functools
import importlib.util
import inspect
import os
import sys
import traceback
import types
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

from lscb_core._base.findings import Finding, Level

__all__ = ["bad_result", "defined_at", "homes_of", "homes_of_module", "plugin_failed"]


def homes_of(*objects: object) -> tuple[str, ...]:
    """Where the code of these objects lives: their top-level package's folder, or their module's file.

    Objects may be modules, functions, methods, classes or plugin instances.
    """
    out: list[str] = []
    for obj in objects:
        module = _module(obj)
        if module is None:
            continue
        top = sys.modules.get(module.__name__.partition(".")[0], module)
        paths = list(getattr(top, "__path__", ()) or ())
        if not paths and getattr(module, "__file__", None):
            paths = [str(module.__file__)]
        out.extend(_normal(p) for p in paths)
    return tuple(dict.fromkeys(out))


def _module(obj: object) -> types.ModuleType | None:
    if isinstance(obj, types.ModuleType):
        return obj
    while isinstance(obj, functools.partial):
        obj = obj.func
    if not (inspect.isroutine(obj) or inspect.isclass(obj)):
        obj = type(obj)
    return inspect.getmodule(obj)


def _normal(path: str) -> str:
    return os.path.normcase(os.path.normpath(Path(path).absolute()))


def _inside(filename: str, homes: Sequence[str]) -> bool:
    name = _normal(filename)
    return any(name == home or name.startswith(home + os.sep) for home in homes)


def _frames(exc: BaseException) -> Iterator[types.TracebackType]:
    tb = exc.__traceback__
    while tb is not None:
        yield tb
        tb = tb.tb_next


def _shown(filename: str) -> str:
    """A file name as a message shows it: relative to the working folder when inside it."""
    try:
        return str(Path(filename).resolve().relative_to(Path.cwd()))
    except (ValueError, OSError):
        return filename


def _where(exc: BaseException, homes: Sequence[str]) -> str | None:
    """``file:line`` of the innermost frame in the plugin's code, if any frame is the plugin's."""
    own = [tb for tb in _frames(exc) if _inside(tb.tb_frame.f_code.co_filename, homes)]
    if not own:
        return None
    return f"{_shown(own[-1].tb_frame.f_code.co_filename)}:{own[-1].tb_lineno}"


def _traceback(exc: BaseException, homes: Sequence[str]) -> str:
    """The traceback from the plugin's first frame on (the whole of it when no frame is the plugin's)."""
    start = next((tb for tb in _frames(exc) if _inside(tb.tb_frame.f_code.co_filename, homes)), None)
    return "".join(traceback.format_exception(type(exc), exc, start or exc.__traceback__))


def plugin_failed(
    plugin: str,
    exc: BaseException,
    homes: Sequence[str],
    context: str = "",
    *,
    what: str = "failed",
    level: Level = Level.ERROR,
    code: str = "plugin.failed",
) -> Finding:
    """The finding for a plugin that raised ``exc``; ``context`` ends the message (what it was doing)."""
    where = _where(exc, homes)
    at = f" at {where}" if where else ""
    return Finding(
        level=level,
        code=code,
        message=f"the plugin {plugin!r} {what}{at}: {type(exc).__name__}: {exc}{context}",
        plugin=plugin,
        traceback=_traceback(exc, homes),
    )


def homes_of_module(name: str) -> tuple[str, ...]:
    """Where a module's top-level package lives, found without importing it (for one that fails to)."""
    try:
        spec = importlib.util.find_spec(name.partition(".")[0])
    except (ImportError, ValueError):
        return ()
    if spec is None:
        return ()
    paths = list(spec.submodule_search_locations or ()) or ([spec.origin] if spec.origin else [])
    return tuple(_normal(p) for p in paths)


def defined_at(function: Callable[..., Any] | object) -> str | None:
    """``file:line`` where a function (a hook or a section's build) is defined, if it can be told."""
    target: Any = function
    while isinstance(target, functools.partial):
        target = target.func
    target = inspect.unwrap(getattr(target, "__func__", target))
    code = getattr(target, "__code__", None)
    if code is None:
        return None
    return f"{_shown(code.co_filename)}:{code.co_firstlineno}"


def bad_result(plugin: str, problem: str, function: object = None, context: str = "") -> Finding:
    """The error finding for a plugin that returned something lscb cannot use."""
    where = defined_at(function) if function is not None else None
    at = f" ({where})" if where else ""
    return Finding(
        level=Level.ERROR,
        code="plugin.bad-result",
        message=f"the plugin {plugin!r}{at} {problem}{context}",
        plugin=plugin,
    )
