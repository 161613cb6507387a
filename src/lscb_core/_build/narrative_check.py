"""Narrative worked out before a build, so that ``lscb check`` finds what a build would reject.

Every piece of narrative is worked out as a build does it: its template
against the report's data, then its Markdown, pictures and links, as the
public and the board edition would see it, within the build's limits. Every
error is reported at once, each at its file and line; the pieces whose
template syntax is already reported as malformed (by the ``narrative.template``
check) are left to that check. Warnings (links shown as text, lists
flattened) come too, for ``lscb check``; a build gets them as it renders.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import attrs
import pluggy

from lscb_core._base.errors import FindingError, NarrativeError, in_words
from lscb_core._base.findings import Finding, Level
from lscb_core._base.limits import OutOfTime, use_limits
from lscb_core._base.locations import Location
from lscb_core._hooks.contributions import Plugins
from lscb_core._model.editions import Edition
from lscb_core._model.loaded import LoadedReport
from lscb_core._model.text import Markdown
from lscb_core._model.walk import TextPiece, iter_text, text_pieces

__all__ = ["check_narrative", "not_named_already"]


def _pieces(loaded: LoadedReport) -> Iterator[TextPiece]:
    yield from text_pieces(loaded.report)
    for name, data in loaded.plugin_data.items():
        yield from iter_text(dict(data), ("plugins", name))


def check_narrative(
    loaded: LoadedReport,
    plugins: Plugins | pluggy.PluginManager,
    progress: Callable[[str], None] | None = None,
    *,
    warnings: bool = True,
) -> list[Finding]:
    """What working out the narrative of a loaded report finds, each at its place.

    Each edition's narrative is worked out from that edition's view, as a build
    does. Without ``warnings`` (before a build, which finds those as it
    renders), only the templates are worked out, and only their errors come back.
    Raises :class:`FindingError` when a plugin's values or filters fail.
    """
    from lscb_core._build.build import _filters
    from lscb_core._build.values import template_values
    from lscb_core._publication.view import make_view
    from lscb_core._sections.compose import SectionContext
    from lscb_core._sections.templating import NarrativeRenderer

    uses = plugins if isinstance(plugins, Plugins) else Plugins(plugins)

    def wanted(piece: TextPiece) -> bool:
        return bool(piece.markdown and piece.text.strip()) and (
            warnings or "{{" in piece.text or "{%" in piece.text
        )

    if not any(wanted(p) for p in _pieces(loaded)):
        return []
    findings: dict[tuple[Location | None, str, str], Finding] = {}

    def add(finding: Finding) -> None:
        findings.setdefault((finding.location, finding.code, finding.message), finding)

    filters = _filters(uses)
    with use_limits(loaded.limits):
        for edition in Edition:
            try:
                shown = make_view(loaded, edition).loaded
            except NarrativeError:
                continue  # a fence the narrative cannot have: the check of the view and the build say so
            renderer = NarrativeRenderer(
                template_values(shown, edition, uses), filters, limits=loaded.limits, progress=progress
            )
            context = SectionContext(loaded=shown, edition=edition, renderer=renderer, fill_slot=uses.slot)
            for piece in _pieces(shown):
                if not wanted(piece):
                    continue
                if edition is not Edition.PUBLIC and not _differs_by_edition(piece.text):
                    continue  # worked out alike in every edition: once is enough
                problem = _render(context if warnings else renderer, piece, loaded)
                # Malformed templates are the narrative.template check's to report.
                if problem is not None and not problem.message.startswith(_SYNTAX):
                    add(problem)
            if warnings:
                for finding in context.findings:
                    add(finding.located(loaded.sources))
    return list(findings.values())


_MISSING = "the narrative template uses something the data does not have"


def not_named_already(found: list[Finding], worked_out: list[Finding]) -> list[Finding]:
    """``worked_out`` without a missing name the check of names (in ``found``) already points to on that line."""
    named = {
        (f.location.file, f.location.line)
        for f in found
        if f.code.startswith("narrative.unknown") and f.location is not None
    }
    return [
        f
        for f in worked_out
        if not (
            f.message.startswith(_MISSING)
            and f.location is not None
            and (f.location.file, f.location.line) in named
        )
    ]


def _differs_by_edition(text: str) -> bool:
    """Whether narrative may come out differently in another edition: a template, or a board-only passage."""
    return "{{" in text or "{%" in text or ":::" in text


_SYNTAX = ("the narrative template is malformed", "the narrative template nests too deeply")


def _render(worker: Any, piece: TextPiece, loaded: LoadedReport) -> Finding | None:
    """Work out ``piece``: as a build shows it (a section context), or only its template (a renderer)."""
    where = piece.origin or loaded.sources.locate(piece.path)
    try:
        if hasattr(worker, "md"):
            worker.md(Markdown(piece.text, where))
        else:
            worker.render(Markdown(piece.text, where))
    except (OutOfTime, FindingError):
        raise
    except NarrativeError as exc:
        return _error(exc.location or where, exc.message)
    except Exception as exc:  # a plugin's filter that fails is reported in words, at the narrative
        return _error(where, f"the narrative template failed: {in_words(exc)}")
    return None


def _error(location: Location | None, message: str) -> Finding:
    return attrs.evolve(
        Finding(level=Level.ERROR, code="build.narrative", message=message), location=location
    )
