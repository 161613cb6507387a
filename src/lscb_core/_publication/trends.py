"""Earlier periods in an edition's view, and the year-on-year relation the disclosure proof uses.

Each earlier period is viewed with its own settings and edition rules. An
earlier figure is hidden in this report if either year hides it: if its own
public view hides it, if this year's view hides the same figure, or if it is
a small count this year's suppression settings protect. A change is hidden
whenever either side is (:func:`~lscb_core._model.trends.change_of`).

The relation ``change = this − previous`` is registered in the relations
list, with every figure of each earlier period under its own key
(``("earlier", "2019-20", "cdop", "reviews")``), so the disclosure proof runs
over both years' figures and the changes this report prints.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import attrs

from lscb_core._base.suppressed import Suppressed
from lscb_core._model.editions import Edition
from lscb_core._model.loaded import Earlier, LoadedReport
from lscb_core._model.trends import (
    HEADLINES,
    Headline,
    change_of,
    headline_value,
    local_headlines,
    local_values,
)
from lscb_core._publication.local_sections import section_view
from lscb_core._publication.relations import (
    RELATIONS,
    Equation,
    Figure,
    FigureKey,
    Found,
    Relation,
    figures_of,
    register_relation,
)

__all__ = ["earlier_key", "view_earlier"]


def earlier_key(label: str, key: FigureKey) -> FigureKey:
    return ("earlier", label, *key)


def change_key(label: str, key: FigureKey) -> FigureKey:
    return ("change", label, *key)


def _hidden_here(loaded: LoadedReport, viewed: LoadedReport, item: Headline, value: Any) -> bool:
    """Whether this year's rules hide an earlier value of ``item``."""
    if isinstance(headline_value(viewed.report, item), Suppressed):
        return True
    settings = viewed.settings.suppression
    if item.protect is None or not settings.protects(item.protect):
        return False
    return isinstance(value, int) and 1 <= value <= settings.threshold


def view_earlier(
    loaded: LoadedReport,
    viewed: LoadedReport,
    edition: Edition,
    make_view: Callable[[LoadedReport, Edition], Any],
) -> tuple[tuple[Earlier, ...], list[str]]:
    """The earlier periods as ``edition`` shows them, and the labels of those left out (their view failed)."""
    out: list[Earlier] = []
    failed: list[str] = []
    symbol = viewed.settings.suppression.symbol
    for earlier in loaded.earlier:
        hidden: set[FigureKey] = set()
        if earlier.loaded is not None:
            if edition is Edition.PUBLIC:
                own = make_view(earlier.loaded, edition)
                if own.problems:
                    failed.append(earlier.label)
                    continue
                shown = own.loaded
                hidden = {
                    key
                    for key, f in figures_of(shown, _plain()).figures.items()
                    if isinstance(f.value, Suppressed)
                }
            else:
                shown = earlier.loaded
            values = {h.name: headline_value(shown.report, h) for h in HEADLINES}
            values.update(local_shown(earlier.loaded, edition))
        else:
            values = dict(earlier.values)
        if edition is Edition.PUBLIC:
            for item in HEADLINES:
                value = values.get(item.name)
                if (
                    value is not None
                    and not isinstance(value, Suppressed)
                    and _hidden_here(loaded, viewed, item, value)
                ):
                    values[item.name] = Suppressed(f"{earlier.label} {item.name}", symbol)
            here = local_shown(loaded, edition)
            people = _people(loaded)
            threshold = viewed.settings.suppression.threshold
            enabled = viewed.settings.suppression.enabled
            local = {h.name for h in local_headlines(loaded.report)}
            for name, value in list(values.items()):
                if name not in local or value is None or isinstance(value, Suppressed):
                    continue
                small = name in people and enabled and isinstance(value, int) and 1 <= value <= threshold
                if small or isinstance(here.get(name), Suppressed):
                    values[name] = Suppressed(f"{earlier.label} {name}", symbol)
        values = {name: value for name, value in values.items() if value is not None}
        out.append(
            Earlier(label=earlier.label, folder=earlier.folder, values=values, hidden=frozenset(hidden))
        )
    return tuple(out), failed


def _people(loaded: LoadedReport) -> set[str]:
    """The names of this year's board-defined figures that count people (protected by suppression)."""
    return {
        f"{key.replace('-', '_')}.figures.{figure.name}"
        for key, section in loaded.report.sections.items()
        for figure in section.figures
        if figure.people
    }


def local_shown(loaded: LoadedReport, edition: Edition) -> dict[str, Any]:
    """The numeric figures of the board's own sections as ``edition`` shows them (a hidden one is a ``Suppressed``)."""
    if edition is Edition.BOARD:
        return dict(local_values(loaded.report))
    out: dict[str, Any] = {}
    symbol = loaded.settings.suppression.symbol
    for key, section in loaded.report.sections.items():
        view = section_view(key, section, loaded.settings, edition)
        if not view.shown:
            continue
        for figure in view.figures:
            if not figure.figure.shown_in(edition) or figure.figure.kind.value not in (
                "count",
                "money",
                "percent",
            ):
                continue
            name = f"{key.replace('-', '_')}.figures.{figure.figure.name}"
            if figure.suppressed:
                out[name] = Suppressed(name, symbol)
            elif isinstance(figure.value, int | float) and not isinstance(figure.value, bool):
                out[name] = float(figure.value) if isinstance(figure.value, float) else int(figure.value)
    return out


def _year_on_year(loaded: LoadedReport) -> Iterator[Found]:
    """Each earlier period's figures under keys of their own, and ``change = this − previous``."""
    for earlier in loaded.earlier:
        label = earlier.label
        if earlier.loaded is not None:
            # The data as loaded: every figure of the earlier year and the sums they obey.
            own = figures_of(earlier.loaded, _plain())
            for figure in own.figures.values():
                yield attrs.evolve(
                    figure,
                    key=earlier_key(label, figure.key),
                    source=("earlier", label, *figure.source),
                    protect=frozenset(),
                    protect_by_default=False,
                )
            for equation in own.equations:
                yield Equation(
                    equation.relation,
                    tuple((earlier_key(label, k), c) for k, c in equation.terms),
                    None,
                )
        else:
            # A view: the earlier figures its own public view hides stay unknown.
            for key in earlier.hidden:
                yield Figure(
                    earlier_key(label, key),
                    Suppressed(".".join(map(str, key))),
                    f"{label}: {'.'.join(map(str, key))}",
                    ("earlier", label, *key),
                )
        for item in HEADLINES:
            if item.name not in earlier.values:
                continue
            key = tuple(item.path)
            before = earlier.values[item.name]
            now = headline_value(loaded.report, item)
            yield Figure(
                earlier_key(label, key),
                before,
                f"{item.label} in {label}",
                ("earlier", label, *key),
                item.kind,
            )
            if now is None:
                continue
            yield Figure(key, now, item.label, key, item.kind)
            yield Figure(
                change_key(label, key),
                change_of(now, before),
                f"the change in {item.label} since {label}",
                ("change", label, *key),
                item.kind,
            )
            yield Equation.linear(
                "year-on-year change",
                {change_key(label, key): 1, key: -1, earlier_key(label, key): 1},
            )


_RELATION = Relation(
    "year-on-year change",
    "the change in a figure since an earlier period is this year's value less that period's (change = this − previous)",
    _year_on_year,
)
register_relation(_RELATION)


def _plain() -> list[Relation]:
    """The relations of one year alone: every relation but the year-on-year one."""
    return [r for r in RELATIONS if r.name != _RELATION.name]
