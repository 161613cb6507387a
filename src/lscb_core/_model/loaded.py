"""A board's year as loaded: the input of every check, section and plugin hook."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

import attrs

from lscb_core._base.findings import Finding
from lscb_core._base.locations import DataPath, Location, SourceMap
from lscb_core._model.glossary import GlossaryWords, Term
from lscb_core._model.profiles import Profile
from lscb_core._model.report import AnnualReport
from lscb_core._model.settings import Settings

__all__ = ["LoadedReport"]


@attrs.frozen(kw_only=True)
class LoadedReport:
    """A board's year as loaded: the typed report, plugin data, settings and where it all came from."""

    report: AnnualReport
    plugin_data: Mapping[str, Mapping[str, Any]]
    settings: Settings
    sources: SourceMap
    findings: tuple[Finding, ...]
    board_dir: Path
    period_dir: Path
    profiles: tuple[Profile, ...] = ()
    plugin_words: tuple[tuple[str, GlossaryWords], ...] = ()
    """What each plugin said of the words it prints (``lscb_glossary``), by plugin name."""

    @property
    def plugin_terms(self) -> tuple[Term, ...]:
        """Abbreviations plugins explain that the board's glossary does not, each once."""
        own = {t.abbreviation for t in self.report.glossary.terms}
        seen: dict[str, Term] = {}
        for _, words in self.plugin_words:
            for term in words.terms:
                if term.abbreviation not in own:
                    seen.setdefault(term.abbreviation, term)
        return tuple(seen.values())

    def locate(self, path: DataPath) -> Location | None:
        return self.sources.locate(path)
