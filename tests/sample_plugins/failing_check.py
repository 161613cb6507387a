"""A check plugin with a bug in a helper of its own."""

from __future__ import annotations

from lscb_core.plugin import Finding, LoadedReport, hookimpl


def _ratio(loaded: LoadedReport) -> float:
    return len(loaded.report.glossary.terms) / 0


@hookimpl
def lscb_check(loaded: LoadedReport) -> list[Finding]:
    _ratio(loaded)
    return []
