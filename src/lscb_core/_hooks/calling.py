"""Calling a hook: pluggy's order and wrappers, each plugin's result checked and each failure blamed on it.

:func:`call_hook` runs the implementations of a hook as pluggy does: in
pluggy's order (the plugin registered last first; ``tryfirst`` and
``trylast`` move a plugin to the front or the back), with new-style
(``wrapper=True``) and old-style (``hookwrapper=True``) wrappers around the
call, and stopping at the first result for a ``firstresult`` hook. It adds
what pluggy leaves to the caller:

- each plugin's result is checked by ``receive`` as it comes in, and kept with
  the name of the plugin that gave it;
- a plugin that raises, or returns something ``receive`` refuses, becomes an
  error finding naming the plugin (with the file and line in its code) and is
  left out, so that the other plugins' results still count. Wrappers see
  the results of the plugins that worked.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Generator, Mapping, Sequence
from typing import Any, Generic, TypeVar, cast

import attrs
import pluggy

from lscb_core._base.blame import bad_result, homes_of, plugin_failed
from lscb_core._base.errors import FindingError, NarrativeError
from lscb_core._base.findings import Finding

__all__ = ["BadResultError", "HookOutcome", "Returned", "call_hook"]

T = TypeVar("T")

PASS_THROUGH: tuple[type[BaseException], ...] = (FindingError, NarrativeError)
"""Errors raised through a plugin that already say who and where (bad narrative, a nested plugin's failure)."""


class BadResultError(Exception):
    """Raised by a ``receive`` function: what is wrong with what a plugin returned."""


@attrs.frozen
class Returned(Generic[T]):
    """One plugin's result, checked."""

    plugin: str
    value: T


@attrs.frozen
class HookOutcome(Generic[T]):
    """The results of a hook, in pluggy's order, and the plugins that failed."""

    returned: tuple[Returned[T], ...]
    failures: tuple[Finding, ...]

    @property
    def values(self) -> list[T]:
        return [r.value for r in self.returned]


def _receive_any(value: Any, plugin: str) -> Any:
    return value


def call_hook(
    pm: pluggy.PluginManager,
    name: str,
    kwargs: Mapping[str, Any],
    *,
    receive: Callable[[Any, str], T] = _receive_any,
    leave_out: Collection[str] = (),
    context: str = "",
    on_call: Callable[[str], None] | None = None,
) -> HookOutcome[T]:
    """Call the hook ``name`` with ``kwargs``, as pluggy would, blaming each failure on its plugin.

    ``receive`` checks and normalises one plugin's (non-``None``) result,
    given with the plugin's name, raising :class:`BadResultError` to refuse it. Plugins named in ``leave_out``
    are not called. ``context`` ends each failure's message (which board,
    which section); ``on_call`` hears the name of each plugin as it is called.
    """
    caller: pluggy.HookCaller = getattr(pm.hook, name)
    impls = [i for i in caller.get_hookimpls() if i.plugin_name not in leave_out]
    firstresult = bool(caller.spec is not None and caller.spec.opts.get("firstresult"))
    returned: list[Returned[T]] = []
    failures: list[Finding] = []
    teardowns: list[tuple[pluggy.HookImpl, Generator[Any, Any, Any]]] = []

    def failed(impl: pluggy.HookImpl, exc: BaseException) -> None:
        failures.append(plugin_failed(impl.plugin_name, exc, homes_of(impl.plugin, impl.function), context))

    def refused(impl: pluggy.HookImpl, problem: str) -> None:
        failures.append(bad_result(impl.plugin_name, problem, impl.function, context))

    for impl in reversed(impls):  # pluggy keeps them last-called first
        args = {n: kwargs[n] for n in (*impl.argnames, *impl.kwargnames) if n in kwargs}
        if impl.wrapper or impl.hookwrapper:
            try:
                teardown = cast("Generator[Any, Any, Any]", impl.function(**args))
                next(teardown)
            except StopIteration:
                refused(impl, f"is a wrapper of {name} that does not yield")
                continue
            except PASS_THROUGH:
                raise
            except Exception as exc:
                failed(impl, exc)
                continue
            teardowns.append((impl, teardown))
            continue
        if on_call is not None:
            on_call(impl.plugin_name)
        try:
            value = impl.function(**args)
            if value is None:
                continue
            value = receive(value, impl.plugin_name)
        except BadResultError as bad:
            refused(impl, str(bad))
            continue
        except PASS_THROUGH:
            raise
        except Exception as exc:  # a plugin's bug is reported with its name, file and line
            failed(impl, exc)
            continue
        returned.append(Returned(impl.plugin_name, value))
        if firstresult:
            break
    for impl, teardown in reversed(teardowns):
        returned = _unwind(impl, teardown, returned, firstresult, receive, failed, refused)
    return HookOutcome(tuple(returned), tuple(failures))


def _unwind(
    impl: pluggy.HookImpl,
    teardown: Generator[Any, Any, Any],
    returned: list[Returned[T]],
    firstresult: bool,
    receive: Callable[[Any, str], T],
    failed: Callable[[pluggy.HookImpl, BaseException], None],
    refused: Callable[[pluggy.HookImpl, str], None],
) -> list[Returned[T]]:
    """Send a wrapper the results so far; its answer is the results from now on."""
    values: Any = (returned[0].value if returned else None) if firstresult else [r.value for r in returned]
    try:
        if impl.hookwrapper:
            outcome = pluggy.Result(values, None)
            teardown.send(outcome)
        else:
            teardown.send(values)
    except StopIteration as stop:
        answer = outcome.get_result() if impl.hookwrapper else stop.value
    except PASS_THROUGH:
        raise
    except Exception as exc:
        failed(impl, exc)
        return returned
    else:
        teardown.close()
        refused(impl, "is a wrapper that yields more than once")
        return returned
    by_id = {id(r.value): r for r in returned}
    answers: Sequence[Any]
    if firstresult:
        answers = [] if answer is None else [answer]
    elif isinstance(answer, list | tuple):
        answers = answer
    else:
        refused(impl, f"is a wrapper that returned {type(answer).__name__}, not the list of results")
        return returned
    out: list[Returned[T]] = []
    for value in answers:
        known = by_id.get(id(value))
        if known is not None:
            out.append(known)
            continue
        try:
            out.append(Returned(impl.plugin_name, receive(value, impl.plugin_name)))
        except BadResultError as bad:
            refused(impl, str(bad))
    return out
