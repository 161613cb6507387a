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
import re
import traceback
from collections.abc import Callable, Mapping
from typing import Any

from jinja2 import StrictUndefined, TemplateError, TemplateSyntaxError, UndefinedError
from jinja2.exceptions import SecurityError

from lscb_core._base.errors import NarrativeError
from lscb_core._base.locations import Location
from lscb_core._base.suppressed import Suppressed, SuppressedValueError
from lscb_core._model.fences import fence_lines
from lscb_core._model.formatting import FILTERS
from lscb_core._model.text import Markdown, without_comments
from lscb_core._render.sandbox import ReportSandbox

__all__ = ["NarrativeError", "NarrativeRenderer", "escape_markdown"]

_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]<>()#+\-.!|~&])")


def escape_markdown(value: Any) -> str:
    """A value as literal Markdown text: every punctuation mark Markdown could read is escaped."""
    if value is None:
        return ""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", str(value))


class NarrativeRenderer:
    """Renders narrative Markdown templates against a report's data."""

    def __init__(
        self, context: Mapping[str, Any], filters: Mapping[str, Callable[..., Any]] | None = None
    ) -> None:
        self.env = ReportSandbox(
            undefined=StrictUndefined,
            autoescape=False,
            finalize=self._finalize,
            keep_trailing_newline=True,
        )
        for name, function in {**FILTERS, **(filters or {})}.items():
            self.env.filters[name] = self._watched(function)
        self.context = dict(context)
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
        try:
            template = self.env.from_string(source)
            output = template.render(self.context)
        except SuppressedValueError as exc:
            raise NarrativeError(
                _at(origin, _line(exc, name)), f"the narrative template failed: {exc}"
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
                f"the narrative template uses something the data does not have: {exc.message}",
            ) from None
        except TemplateError as exc:
            raise NarrativeError(
                _at(origin, _line(exc, name)), f"the narrative template failed: {exc}"
            ) from None
        except RecursionError:
            raise NarrativeError(origin, "the narrative template nests too deeply to be read") from None
        except (TypeError, ValueError, ArithmeticError, AttributeError, LookupError) as exc:
            raise NarrativeError(
                _at(origin, _line(exc, name)), f"the narrative template failed: {type(exc).__name__}: {exc}"
            ) from None
        made = fence_lines(output)
        if made:
            line = output.split("\n")[made[0]].strip()
            raise NarrativeError(
                origin,
                f"the narrative template printed the fence line {line!r}; a fence must be written in the narrative itself, not made by a template or taken from the data",
            )
        return output


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
