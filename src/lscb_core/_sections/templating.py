"""Narrative as a template: figures in the text come from the data, in a sandbox.

Narrative Markdown may say ``{{ cdop.reviews }}`` so that text and tables
cannot disagree. It is rendered by a sandboxed Jinja environment: no access to
Python internals, no imports, no files. Values from the data are escaped for
Markdown on the way in, so a ``*`` in a board's name stays a ``*`` and
nothing in the data is ever run as a template.
"""

from __future__ import annotations

import re
import traceback
from collections.abc import Callable, Mapping
from typing import Any

from jinja2 import StrictUndefined, TemplateError, TemplateSyntaxError, UndefinedError
from jinja2.exceptions import SecurityError

from lscb_core._base.errors import NarrativeError
from lscb_core._base.locations import Location
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
            finalize=escape_markdown,
            keep_trailing_newline=True,
        )
        self.env.filters.update(FILTERS)
        self.env.filters.update(filters or {})
        self.context = dict(context)

    def render(self, text: Markdown | str) -> str:
        """The Markdown with every ``{{ }}`` and ``{% %}`` worked out."""
        source = without_comments(text.text if isinstance(text, Markdown) else str(text))
        origin = text.origin if isinstance(text, Markdown) else None
        if "{" not in source:
            return source
        name = str(origin) if origin else "<narrative>"
        try:
            template = self.env.from_string(source)
            return template.render(self.context)
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
