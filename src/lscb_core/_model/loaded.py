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
from lscb_core._model.trends import PreviousFigures

__all__ = ["Earlier", "LoadedReport"]


@attrs.frozen(kw_only=True)
class Earlier:
    """An earlier period a report compares its figures with.

    ``values`` are its headline figures by name (:data:`~lscb_core._model.trends.HEADLINES`):
    numbers in the data as loaded; in an edition's view, what that edition
    prints (a hidden one is a ``Suppressed``). ``loaded`` is the earlier
    period as loaded (None for a period known only from ``previous.yaml``,
    and in a view); ``hidden`` holds the keys of the figures its own public
    view hides.
    """

    label: str
    folder: Path | None = None
    values: Mapping[str, Any] = attrs.field(factory=dict)
    loaded: LoadedReport | None = None
    hidden: frozenset[tuple[str | int, ...]] = frozenset()


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
    previous_figures: PreviousFigures | None = None
    """The previous period's headline figures as ``previous.yaml`` states them."""
    earlier: tuple[Earlier, ...] = ()
    """The earlier periods this report compares its figures with, oldest first."""

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
