"""A board's year as loaded: the input of every check, section and plugin hook."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

import attrs

from lscb_core._base.findings import Finding
from lscb_core._base.limits import Limits
from lscb_core._base.locations import DataPath, Location, SourceMap
from lscb_core._base.suppressed import Suppressed
from lscb_core._model.glossary import GlossaryWords, Term
from lscb_core._model.profiles import Profile
from lscb_core._model.report import AnnualReport
from lscb_core._model.settings import Settings
from lscb_core._model.trends import PreviousFigures, headline, headline_value, local_values

__all__ = ["Earlier", "LoadedReport"]


@attrs.frozen(kw_only=True)
class Earlier:
    """An earlier period a report compares its figures with (:attr:`LoadedReport.earlier`).

    ``label`` is the period as the report names it (``July 2019 to June 2020``,
    or the ``period:`` a ``previous.yaml`` gives). ``values`` are its figures by
    the names the narrative uses (``cdop.reviews``, ``lado.figures.referrals``):
    numbers in the data as loaded; in an edition's view, what that edition
    prints (a hidden one is a :class:`~lscb_core.plugin.Suppressed`).
    ``folder`` is its period folder (None for a period known only from a
    ``previous.yaml``); ``loaded`` is the earlier period as loaded (None for a
    period known only from ``previous.yaml``, and in a view); ``where`` says
    where each value is written (in that period's data, or in the
    ``previous.yaml`` that states it); ``hidden`` holds the keys of the figures
    its own public view hides.
    """

    label: str
    folder: Path | None = None
    values: Mapping[str, Any] = attrs.field(factory=dict)
    loaded: LoadedReport | None = None
    hidden: frozenset[tuple[str | int, ...]] = frozenset()
    where: Mapping[str, Location] = attrs.field(factory=dict)

    def value(self, name: str) -> int | float | Suppressed | None:
        """The figure ``name`` (``cdop.reviews``) in this period: None when the period does not give it."""
        value: int | float | Suppressed | None = self.values.get(name)
        return value

    def locate(self, name: str) -> Location | None:
        """Where the figure ``name`` of this period is written: its ``file:line``, if known."""
        return self.where.get(name)


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
    """The earlier periods this report compares its figures with, oldest first.

    :func:`~lscb_core.load_report`, ``lscb check`` and ``lscb build`` read
    them as the board's settings say (``trends:``); empty when there are none
    or ``trends: false``.
    """

    @property
    def previous(self) -> Earlier | None:
        """The latest earlier period (the one changes are measured from), or None when there is none."""
        return self.earlier[-1] if self.earlier else None

    def trend(self, name: str) -> tuple[tuple[str, int | float | Suppressed | None], ...]:
        """The figure ``name`` over the years: ``(label, value)`` for each earlier period and this one, oldest first.

        ``name`` is a figure compared with earlier years, as the narrative
        names it (``cdop.reviews``, ``training.attendees``,
        ``lado.figures.referrals``). A period that does not give the figure
        has None. In an edition's view the earlier values, and this year's
        built-in figures, are that edition's; this year's value of a
        board-defined figure is as its data gives it (its section's view
        decides what an edition prints of it).
        """
        now: Any = local_values(self.report).get(name)
        item = headline(name)
        if item is not None:
            now = headline_value(self.report, item)
        points = [(e.label, e.value(name)) for e in self.earlier]
        points.append((self.report.period.label, now if isinstance(now, int | float | Suppressed) else None))
        return tuple(points)

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

    limits: Limits = Limits()
    """The limits in force for this board: the build's, raised by its settings."""

    def locate(self, path: DataPath) -> Location | None:
        return self.sources.locate(path)
