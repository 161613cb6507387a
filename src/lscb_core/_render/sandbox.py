"""The sandbox every template runs in: no Python internals, no files, and no giant results.

Jinja's sandbox already keeps templates away from Python internals. This one
also bounds what a template can make: no string longer than
``max_string`` characters (``Limits.template_characters``), whichever way it
is made: repetition (``'a' * n``), padding (``'a'.ljust(n)``, ``center``),
formatting (``'%0999999999d' | format(1)``, ``'{:>999999999}'.format(1)``),
joining, replacing, concatenation (``~`` and ``+``, even doubling in a loop)
and every filter. A width or count that would pass the limit is refused
*before* the string is made, so that nothing fills the memory first.
"""

from __future__ import annotations

import re
import string
from collections.abc import Callable, Iterable, Mapping
from functools import update_wrapper
from typing import Any

from jinja2.compiler import CodeGenerator, Frame
from jinja2.exceptions import SecurityError
from jinja2.nodes import Concat, EvalContext
from jinja2.runtime import Context
from jinja2.sandbox import SandboxedEnvironment

from lscb_core._base.limits import Limits

__all__ = ["MAX_RESULT", "ReportSandbox", "TemplateLimitError"]

MAX_RESULT = Limits().template_characters
"""The most characters (or items) one string or repetition a template makes may have, by default."""

MAX_NUMBER_BITS = 16_000
"""The largest whole number a template may make by multiplying (about 4,800 digits, more than can be written out)."""

_PERCENT_SPEC = re.compile(r"%(?:\([^)]*\))?[-#0 +]*(\*|\d+)?(?:\.(\*|\d+))?")
_PADDING_METHODS = frozenset({"ljust", "rjust", "center", "zfill"})


class TemplateLimitError(SecurityError):
    """A template would make a string (or number) larger than its limit allows; ``field`` names the limit."""

    def __init__(self, problem: str, field: str | None = "template_characters") -> None:
        super().__init__(problem)
        self.field = field
        self.problem = problem


class _CheckedConcat(CodeGenerator):
    """Jinja's code generator, with every ``~`` concatenation's result checked."""

    def visit_Concat(self, node: Concat, frame: Frame) -> None:  # noqa: N802 - Jinja's name
        self.write("environment.bounded(")
        super().visit_Concat(node, frame)
        self.write(")")


class _BoundedFilters(dict[str, Callable[..., Any]]):
    """The filters of a :class:`ReportSandbox`: each one checked before and after it runs."""

    def __init__(self, env: ReportSandbox, filters: Mapping[str, Callable[..., Any]]) -> None:
        super().__init__()
        self.env = env
        self.update(filters)

    def __setitem__(self, name: str, function: Callable[..., Any]) -> None:
        super().__setitem__(name, self.env.bounded_filter(name, function))

    def update(self, *others: Any, **named: Callable[..., Any]) -> None:
        for other in (*others, named):
            items = other.items() if isinstance(other, Mapping) else other
            for name, function in items:
                self[name] = function


class ReportSandbox(SandboxedEnvironment):
    """Jinja's sandbox, also refusing anything that would make a string longer than ``max_string``."""

    intercepted_binops = frozenset({"*", "**", "+", "%"})
    code_generator_class = _CheckedConcat

    def __init__(self, *args: Any, max_string: int = MAX_RESULT, **kwargs: Any) -> None:
        self.max_string = max_string
        super().__init__(*args, **kwargs)
        self.filters = _BoundedFilters(self, self.filters)
        # lipsum(n) writes n paragraphs of filler: nothing a report needs, and no limit on n.
        self.globals.pop("lipsum", None)

    # --- the checks ---------------------------------------------------------------------

    def refuse(self, problem: str) -> TemplateLimitError:
        return TemplateLimitError(problem)

    def bounded(self, value: Any) -> Any:
        """``value``, if it is not a string (or list) longer than the limit."""
        if isinstance(value, str | list | tuple) and len(value) > self.max_string:
            what = "a list" if isinstance(value, list | tuple) else "a string"
            raise self.refuse(f"it makes {what} of {len(value):,} characters")
        return value

    def _width(self, width: Any, what: str) -> None:
        if isinstance(width, int) and width > self.max_string:
            raise self.refuse(f"{what} would make a string of {width:,} characters")

    def _percent(self, text: Any, args: Any) -> None:
        """Refuse ``%``-formatting whose widths or precisions would make a giant string."""
        if not isinstance(text, str):
            return
        for match in _PERCENT_SPEC.finditer(text):
            for number in match.groups():
                if number == "*":
                    for value in args if isinstance(args, tuple) else (args,):
                        self._width(value, "formatting")
                elif number is not None:
                    self._width(int(number), "formatting")

    def _format_spec(self, text: str, args: Iterable[Any], kwargs: Mapping[str, Any]) -> None:
        """Refuse ``str.format`` whose field widths or precisions would make a giant string."""
        try:
            fields = list(string.Formatter().parse(text))
        except ValueError:
            return  # str.format itself says what is wrong
        for _literal, _name, spec, _conversion in fields:
            if not spec:
                continue
            for number in re.findall(r"\d+", spec):
                self._width(int(number), "formatting")
            if "{" in spec:  # a width given as an argument: '{:{}}'.format(x, 10**9)
                for value in (*args, *kwargs.values()):
                    self._width(value, "formatting")

    def _before_method(self, method: Any, args: tuple[Any, ...], kwargs: Mapping[str, Any]) -> None:
        owner = getattr(method, "__self__", None)
        name = getattr(method, "__name__", "")
        if isinstance(owner, str):
            if name in _PADDING_METHODS and args:
                self._width(args[0], "padding")
            elif name == "expandtabs":
                size = args[0] if args else kwargs.get("tabsize", 8)
                if isinstance(size, int):
                    self._width(size * owner.count("\t") + len(owner), "expanding tabs")
            elif name == "replace" and len(args) >= 2:
                self._replaced(owner, args[0], args[1], args[2] if len(args) > 2 else -1)
            elif name == "join" and args:
                self._joined(owner, args[0])
        elif isinstance(owner, int) and name == "to_bytes":
            length = args[0] if args else kwargs.get("length", 1)
            self._width(length, "writing a number as bytes")

    def _replaced(self, text: Any, old: Any, new: Any, count: Any) -> None:
        count = -1 if count is None else count
        if isinstance(text, str) and isinstance(old, str) and isinstance(new, str) and isinstance(count, int):
            times = text.count(old) if old else len(text) + 1
            if count >= 0:
                times = min(times, count)
            self._width(len(text) + times * (len(new) - len(old)), "replacing")

    def _joined(self, separator: Any, items: Any) -> None:
        if isinstance(separator, str) and isinstance(items, list | tuple):
            size = len(separator) * max(len(items) - 1, 0)
            size += sum(len(item) for item in items if isinstance(item, str))
            self._width(size, "joining")

    # --- where templates make things --------------------------------------------------------

    def call_binop(self, context: Context, operator: str, left: Any, right: Any) -> Any:
        if operator == "*":
            for sequence, times in ((left, right), (right, left)):
                if (
                    isinstance(sequence, str | bytes | list | tuple)
                    and isinstance(times, int)
                    and len(sequence) * times > self.max_string
                ):
                    raise self.refuse(
                        f"repeating something {times:,} times would make a result too large for a report"
                    )
            if (
                isinstance(left, int)
                and isinstance(right, int)
                and left.bit_length() + right.bit_length() > MAX_NUMBER_BITS
            ):
                raise TemplateLimitError("multiplying these would make a number too large for a report", None)
        if (
            operator == "**"
            and isinstance(right, int)
            and isinstance(left, int)
            and abs(left) > 1
            and right > 1000
        ):
            raise TemplateLimitError(
                f"raising to the power {right:,} would make a number too large for a report", None
            )
        if operator == "+":
            for a, b in ((left, right), (right, left)):
                if isinstance(a, str | list | tuple) and isinstance(b, type(a)):
                    self._width(len(a) + len(b), "adding")
        if operator == "%":
            self._percent(left, right)
        return self.bounded(super().call_binop(context, operator, left, right))

    def call(__self, __context: Context, __obj: Any, *args: Any, **kwargs: Any) -> Any:  # noqa: N805
        __self._before_method(__obj, args, kwargs)
        return __self.bounded(super().call(__context, __obj, *args, **kwargs))

    def wrap_str_format(self, value: Any) -> Callable[..., str] | None:
        wrapped = super().wrap_str_format(value)
        if wrapped is None:
            return None
        text = value.__self__
        sandbox = self

        def checked(*args: Any, **kwargs: Any) -> str:
            given = args[0] if getattr(value, "__name__", "") == "format_map" and args else kwargs
            sandbox._format_spec(text, args, given if isinstance(given, Mapping) else {})
            return str(sandbox.bounded(wrapped(*args, **kwargs)))

        return update_wrapper(checked, wrapped)

    def bounded_filter(self, name: str, function: Callable[..., Any]) -> Callable[..., Any]:
        """``function`` (the filter ``name``) with its widths checked first and its result after."""
        if getattr(function, "lscb_bounded", False):
            return function
        sandbox = self

        def checked(*args: Any, **kwargs: Any) -> Any:
            sandbox._before_filter(name, function, args, kwargs)
            return sandbox.bounded(function(*args, **kwargs))

        update_wrapper(checked, function)
        checked.lscb_bounded = True  # type: ignore[attr-defined]
        return checked

    def _before_filter(
        self, name: str, function: Callable[..., Any], args: tuple[Any, ...], kwargs: Mapping[str, Any]
    ) -> None:
        # Filters that take the context or environment first (pass_context ...) have it before the value.
        values = [a for a in args if not isinstance(a, Context | EvalContext | SandboxedEnvironment)]
        if not values:
            return
        value, rest = values[0], values[1:]
        if name == "center":
            self._width(rest[0] if rest else kwargs.get("width", 80), "centring")
        elif name == "indent":
            width = rest[0] if rest else kwargs.get("width", 4)
            lines = str(value).count("\n") + 1
            size = len(width) if isinstance(width, str) else width
            if isinstance(size, int):
                self._width(size * lines + len(str(value)), "indenting")
        elif name == "format":
            self._percent(value, tuple(rest) or kwargs)
        elif name == "replace" and len(rest) >= 2:
            self._replaced(
                str(value), rest[0], rest[1], rest[2] if len(rest) > 2 else kwargs.get("count", -1)
            )
        elif name == "join" and isinstance(value, list | tuple):
            separator = rest[0] if rest else kwargs.get("d", "")
            self._joined(separator, [str(v) for v in value])
