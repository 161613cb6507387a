"""Narrative templates that cannot work: a malformed ``{{ }}`` or ``{% %}`` is found before a build."""

from __future__ import annotations

from collections.abc import Iterator

import attrs
from jinja2 import TemplateSyntaxError
from jinja2.sandbox import SandboxedEnvironment

from lscb_core.checks import error
from lscb_core.findings import Finding
from lscb_core.hookspecs import hookimpl
from lscb_core.loading.folder import LoadedReport
from lscb_core.walk import iter_text


@hookimpl
def lscb_check(loaded: LoadedReport) -> Iterator[Finding]:
    environment = SandboxedEnvironment()
    for piece in iter_text(loaded.report):
        if not piece.markdown or "{" not in piece.text:
            continue
        try:
            environment.parse(piece.text)
        except TemplateSyntaxError as exc:
            finding = error(
                "narrative.template", f"the narrative template is malformed: {exc.message}", piece.path
            )
            location = piece.origin.shifted((exc.lineno or 1) - 1) if piece.origin else None
            yield finding if location is None else attrs.evolve(finding, location=location)
