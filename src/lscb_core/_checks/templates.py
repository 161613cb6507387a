"""Narrative templates that cannot work: a malformed ``{{ }}`` or ``{% %}``, or a fence, is found before a build."""

from __future__ import annotations

from collections.abc import Iterator

import attrs
from jinja2 import TemplateSyntaxError
from jinja2.sandbox import SandboxedEnvironment

from lscb_core._base.errors import NarrativeError
from lscb_core._base.findings import Finding
from lscb_core._base.markers import hookimpl
from lscb_core._checks import error
from lscb_core._model.fences import check_fences
from lscb_core._model.loaded import LoadedReport
from lscb_core._model.text import without_comments
from lscb_core._model.walk import TextPiece, iter_text, text_pieces


@hookimpl
def lscb_check(loaded: LoadedReport) -> Iterator[Finding]:
    environment = SandboxedEnvironment()
    pieces = list(text_pieces(loaded.report))
    for folder, files in loaded.plugin_data.items():
        for stem, value in files.items():
            pieces += iter_text(value, ("plugins", folder, stem))
    for piece in pieces:
        if piece.markdown and ":::" in piece.text:
            try:
                check_fences(piece.text, piece.origin)
            except NarrativeError as exc:
                finding = error("narrative.fence", exc.message, piece.path)
                yield finding if exc.location is None else attrs.evolve(finding, location=exc.location)
        if not piece.markdown or "{" not in piece.text:
            continue
        try:
            environment.parse(without_comments(piece.text))
        except TemplateSyntaxError as exc:
            yield _at(piece, exc.lineno or 1, f"the narrative template is malformed: {exc.message}")
        except RecursionError:
            yield _at(
                piece, _line_of_deepest_tag(piece.text), "the narrative template nests too deeply to be read"
            )


def _at(piece: TextPiece, line: int, message: str) -> Finding:
    finding = error("narrative.template", message, piece.path)
    location = piece.origin.shifted(line - 1) if piece.origin else None
    return finding if location is None else attrs.evolve(finding, location=location)


def _line_of_deepest_tag(text: str) -> int:
    """The line of the ``{{`` or ``{%`` holding the most brackets: where the nesting is."""
    best, best_line = -1, 1
    for number, line in enumerate(text.split("\n"), start=1):
        if "{{" in line or "{%" in line:
            depth = line.count("(") + line.count("[")
            if depth > best:
                best, best_line = depth, number
    return best_line
