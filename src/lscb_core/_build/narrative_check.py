"""Narrative templates worked out before a build, so that ``lscb check`` finds what a build would reject.

Every piece of narrative that is a template (it has ``{{`` or ``{%``) is
worked out against the report's data, as the public and the board edition
would see it, within the build's limits. Every error is reported at once,
each at its file and line; the pieces whose syntax is already reported as
malformed (by the ``narrative.template`` check) are left to that check.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import attrs
import pluggy
from jinja2 import TemplateSyntaxError

from lscb_core._base.errors import NarrativeError, in_words
from lscb_core._base.findings import Finding, Level
from lscb_core._base.limits import OutOfTime, use_limits
from lscb_core._base.locations import Location
from lscb_core._build.values import narrative_filters, template_values
from lscb_core._model.editions import Edition
from lscb_core._model.loaded import LoadedReport
from lscb_core._model.text import Markdown
from lscb_core._model.walk import TextPiece, iter_text

__all__ = ["check_narrative"]


def _pieces(loaded: LoadedReport) -> Iterator[TextPiece]:
    yield from iter_text(loaded.report)
    for name, data in loaded.plugin_data.items():
        yield from iter_text(dict(data), ("plugins", name))


def check_narrative(
    loaded: LoadedReport, pm: pluggy.PluginManager, progress: Callable[[str], None] | None = None
) -> list[Finding]:
    """Errors of the narrative templates of a loaded report, each at its place."""
    from lscb_core._sections.templating import NarrativeRenderer

    templates = [p for p in _pieces(loaded) if p.markdown and ("{{" in p.text or "{%" in p.text)]
    if not templates:
        return []
    findings: dict[tuple[Location | None, str], Finding] = {}
    filters = narrative_filters(pm)
    with use_limits(loaded.limits):
        for edition in Edition:
            renderer = NarrativeRenderer(
                template_values(loaded, edition, pm), filters, limits=loaded.limits, progress=progress
            )
            for piece in templates:
                if not _parses(renderer.env, piece.text):
                    continue
                problem = _render(renderer, piece, loaded)
                if problem is not None and (problem.location, problem.message) not in findings:
                    findings[(problem.location, problem.message)] = problem
    return list(findings.values())


def _parses(env: Any, text: str) -> bool:
    try:
        env.parse(text)
    except (TemplateSyntaxError, RecursionError):
        return False
    return True


def _render(renderer: Any, piece: TextPiece, loaded: LoadedReport) -> Finding | None:
    where = piece.origin or loaded.sources.locate(piece.path)
    try:
        renderer.render(Markdown(piece.text, where))
    except OutOfTime:
        raise
    except NarrativeError as exc:
        return _error(exc.location or where, exc.message)
    except Exception as exc:  # a plugin's filter that fails is reported in words, at the narrative
        return _error(where, f"the narrative template failed: {in_words(exc)}")
    return None


def _error(location: Location | None, message: str) -> Finding:
    return attrs.evolve(
        Finding(level=Level.ERROR, code="narrative.template", message=message), location=location
    )
