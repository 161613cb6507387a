"""Narrative as a template: figures in the text come from the data, in a sandbox.

Narrative Markdown may say ``{{ cdop.reviews }}`` so that text and tables
cannot disagree. It is rendered by a sandboxed Jinja environment: no access to
Python internals, no imports, no files. Values from the data are escaped for
Markdown on the way in, so a ``*`` in a board's name stays a ``*`` and
nothing in the data is ever run as a template.

The values are the edition's view. A hidden count prints as the suppression
symbol; anything that would learn its number (comparing it, ``if``, a
number filter, a loop) is an error that names the figure and the template
line. ``::: board-only`` fences are worked out in the source before
rendering; a fence line that a template prints is an error.
"""

from __future__ import annotations

import functools
import gc
import re
import traceback
from collections.abc import Callable, Generator, Iterator, Mapping
from types import CodeType, TracebackType
from typing import Any, cast

from jinja2 import StrictUndefined, Template, TemplateError, TemplateSyntaxError, UndefinedError
from jinja2.exceptions import SecurityError

from lscb_core._base.errors import NarrativeError, in_words
from lscb_core._base.limits import Limits, OutOfTime, current_limits, limit_text
from lscb_core._base.locations import Location
from lscb_core._base.suppressed import Suppressed, SuppressedValueError
from lscb_core._model.fences import fence_lines
from lscb_core._model.formatting import FILTERS
from lscb_core._model.text import Markdown, without_comments
from lscb_core._render.sandbox import ReportSandbox, TemplateLimitError

__all__ = ["NarrativeError", "NarrativeRenderer", "escape_markdown"]

_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]<>()#+\-.!|~&])")


def escape_markdown(value: Any) -> str:
    """A value as literal Markdown text: every punctuation mark Markdown could read is escaped."""
    if value is None:
        return ""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", str(value))


_COMPILED: dict[tuple[str, tuple[tuple[str, Callable[..., Any]], ...]], CodeType] = {}
_COMPILED_KEPT = 512
"""How many compiled narrative templates are kept (every narrative renderer compiles alike)."""

_TEMPLATE_FILE = "<template>"
"""The file name Jinja gives the Python code of a template made from a string."""


class NarrativeRenderer:
    """Renders narrative Markdown templates against a report's data, within the limits of a build.

    No string a template makes may be longer than ``Limits.template_characters``
    and no narrative longer than ``Limits.narrative_characters`` once worked
    out; running out of time or memory is reported at the template's line.
    ``progress`` is told which narrative is being worked out.
    """

    def __init__(
        self,
        context: Mapping[str, Any],
        filters: Mapping[str, Callable[..., Any]] | None = None,
        *,
        limits: Limits | None = None,
        progress: Callable[[str], None] | None = None,
    ) -> None:
        self.limits = limits or current_limits()
        self.env = ReportSandbox(
            undefined=StrictUndefined,
            autoescape=False,
            finalize=self._finalize,
            keep_trailing_newline=True,
            max_string=self.limits.template_characters,
        )
        given = {**FILTERS, **(filters or {})}
        for name, function in given.items():
            self.env.filters[name] = self._watched(function)
        # Jinja works out a filter of constants as it compiles: compiled code is shared only by
        # renderers with the very same filters.
        self._filters_key = tuple(sorted(given.items(), key=lambda item: item[0]))
        self.context = dict(context)
        self.progress = progress
        self.suppressed: str | None = None
        """The suppression symbol, when the last narrative rendered printed a hidden count."""

    def _watched(self, function: Callable[..., Any]) -> Callable[..., Any]:
        """``function`` noting when it is given a hidden count (so that the narrative gets its note)."""

        @functools.wraps(function)
        def watched(*args: Any, **kwargs: Any) -> Any:
            for value in (*args, *kwargs.values()):
                if isinstance(value, Suppressed):
                    self.suppressed = value.symbol
            return function(*args, **kwargs)

        return watched

    def _finalize(self, value: Any) -> str:
        if isinstance(value, Suppressed):
            self.suppressed = value.symbol
        return escape_markdown(value)

    def render(self, text: Markdown | str) -> str:
        """The Markdown with every ``{{ }}`` and ``{% %}`` worked out."""
        source = without_comments(text.text if isinstance(text, Markdown) else str(text))
        origin = text.origin if isinstance(text, Markdown) else None
        self.suppressed = None
        if "{" not in source:
            return source
        name = str(origin) if origin else "<narrative>"
        if self.progress is None:
            return self._render(source, origin, name)
        self.progress(f"working out the narrative template {origin or ''}".rstrip())
        try:
            return self._render(source, origin, name)
        finally:
            self.progress("")  # back to what the build was doing before

    def _render(self, source: str, origin: Location | None, name: str) -> str:
        template: Template | None = None
        out_of_memory: NarrativeError | None = None
        try:
            template = self._template(source)
            return _fenced(self._generate(template, origin), origin)
        except SuppressedValueError as exc:
            raise NarrativeError(
                _at(origin, _line(exc, name)), f"the narrative template failed: {exc}"
            ) from None
        except OutOfTime as exc:
            if exc.doing is None:
                exc.doing = "working out this narrative template, which may have a loop that never ends"
                exc.location = _at(origin, _raw_line(exc.__traceback__, template))
            raise
        except MemoryError as exc:
            out_of_memory = NarrativeError(
                _at(origin, _line(exc, name)),
                f"the narrative template needed more memory than a build may use; {limit_text('memory_bytes', self.limits)}",
            )
            # Let go of the template's frames (and all they made) before going on.
            exc.__traceback__ = None
        except TemplateLimitError as exc:
            limit = f"; {limit_text(exc.field, self.limits)}" if exc.field else ""
            raise NarrativeError(
                _at(origin, _line(exc, name)), f"the narrative template makes too much: {exc.problem}{limit}"
            ) from None
        except TemplateSyntaxError as exc:
            raise NarrativeError(
                _at(origin, exc.lineno), f"the narrative template is malformed: {exc.message}"
            ) from None
        except SecurityError as exc:
            raise NarrativeError(
                _at(origin, _line(exc, name)), f"the narrative template tried something not allowed: {exc}"
            ) from None
        except UndefinedError as exc:
            raise NarrativeError(
                _at(origin, _line(exc, name)),
                f"the narrative template uses something the data does not have: {_undefined(exc.message)}",
            ) from None
        except TemplateError as exc:
            raise NarrativeError(
                _at(origin, _line(exc, name)), f"the narrative template failed: {exc}"
            ) from None
        except RecursionError:
            raise NarrativeError(origin, "the narrative template nests too deeply to be read") from None
        except (TypeError, ValueError, ArithmeticError, AttributeError, LookupError) as exc:
            raise NarrativeError(
                _at(origin, _line(exc, name)), f"the narrative template failed: {in_words(exc)}"
            ) from None
        assert out_of_memory is not None
        del template
        gc.collect()  # what the template made is held in cycles of frames: free it for what comes next
        raise out_of_memory

    def _template(self, source: str) -> Template:
        """The template for ``source``, compiled once per process (a check and a build work it out more than once)."""
        key = (source, self._filters_key)
        try:
            code = _COMPILED.get(key)
        except TypeError:  # a plugin's filter that cannot be a key: compiled afresh
            return self.env.from_string(source)
        if code is None:
            code = self.env.compile(source)
            if len(_COMPILED) >= _COMPILED_KEPT:
                _COMPILED.clear()
            _COMPILED[key] = code
        return self.env.template_class.from_code(self.env, code, self.env.make_globals(None))

    def _generate(self, template: Template, origin: Location | None) -> str:
        """The template worked out piece by piece, stopped as soon as it makes more than the limit."""
        limit = self.limits.narrative_characters
        pieces: list[str] = []
        size = 0
        stream = cast("Generator[str, None, None]", template.generate(self.context))
        for piece in stream:
            size += len(piece)
            if size > limit:
                line = _suspended_line(stream)
                stream.close()
                raise NarrativeError(
                    _at(origin, template.get_corresponding_lineno(line) if line else None),
                    f"the narrative template makes more than a piece of narrative may hold; {limit_text('narrative_characters', self.limits)}",
                )
            pieces.append(piece)
        return "".join(pieces)


def _fenced(output: str, origin: Location | None) -> str:
    """``output``, refused when a template printed a fence line (fences are written, not made)."""
    made = fence_lines(output)
    if made:
        line = output.split("\n")[made[0]].strip()
        raise NarrativeError(
            origin,
            f"the narrative template printed the fence line {line!r}; a fence must be written in the narrative itself, not made by a template or taken from the data",
        )
    return output


def _undefined(message: str | None) -> str:
    """Jinja's words for a missing name or field, without Python's names for the kinds of value."""
    text = message or ""
    missing = re.fullmatch(r"'(.+)' is undefined", text)
    if missing:
        return f"there is no {missing.group(1)!r}"
    empty = re.fullmatch(r"'None' has no attribute '(.+)'", text)
    if empty:
        return f"there is no {empty.group(1)!r}: what comes before it is not given"
    field = re.fullmatch(r"'.+' has no (?:attribute|element) (.+)", text)
    if field:
        return f"there is no {field.group(1)} there"
    return text


def _suspended_line(stream: Iterator[str]) -> int | None:
    """The line of the template's code where a paused ``generate()`` stands (in the deepest block or loop)."""
    line = None
    generator: Any = stream
    while generator is not None:
        frame = getattr(generator, "gi_frame", None)
        if frame is not None and frame.f_code.co_filename == _TEMPLATE_FILE:
            line = frame.f_lineno
        generator = getattr(generator, "gi_yieldfrom", None)
    return line


def _raw_line(tb: TracebackType | None, template: Template | None) -> int | None:
    """The template line of the deepest frame of a template's code in a traceback Jinja did not rewrite."""
    if template is None:
        return None
    line = None
    while tb is not None:
        if tb.tb_frame.f_code.co_filename == _TEMPLATE_FILE:
            line = tb.tb_lineno
        tb = tb.tb_next
    return template.get_corresponding_lineno(line) if line is not None else None


def _line(exc: BaseException, name: str) -> int | None:
    """The template line a runtime error happened on (Jinja maps its frames to template lines)."""
    line = None
    for frame in traceback.extract_tb(exc.__traceback__):
        if frame.filename == name or frame.filename == "<template>":
            line = frame.lineno
    return line


def _at(origin: Location | None, line: int | None) -> Location | None:
    if origin is None:
        return None
    return origin.shifted((line or 1) - 1)
