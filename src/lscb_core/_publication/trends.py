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

from lscb_core._base.locations import DataPath, Location
from lscb_core._base.suppressed import Suppressed
from lscb_core._model.editions import Edition
from lscb_core._model.loaded import Earlier, LoadedReport
from lscb_core._model.trends import (
    HEADLINES,
    Headline,
    change_of,
    headline,
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

__all__ = ["HiddenEarlier", "earlier_key", "value_paths", "view_earlier"]


def earlier_key(label: str, key: FigureKey) -> FigureKey:
    return ("earlier", label, *key)


def change_key(label: str, key: FigureKey) -> FigureKey:
    return ("change", label, *key)


def _hidden_here(loaded: LoadedReport, viewed: LoadedReport, item: Headline, value: Any) -> str | None:
    """Why this year's rules hide an earlier value of ``item`` (None when they do not)."""
    if isinstance(headline_value(viewed.report, item), Suppressed):
        return _THIS_YEAR
    settings = viewed.settings.suppression
    if item.protect is None or not settings.protects(item.protect):
        return None
    if isinstance(value, int) and 1 <= value <= settings.threshold:
        return f"is from 1 to {settings.threshold}, and this year's suppression settings protect it ({item.protect})"
    return None


_THIS_YEAR = "is hidden because this year's figure is, and a figure is hidden if either year hides it"


@attrs.frozen
class HiddenEarlier:
    """An earlier period's value, or a change since it, that the public view hides: where it is written, and why.

    ``path`` names it (``("earlier", label, "cdop", "reviews")``, or
    ``("change", label, ...)``); ``location`` is its ``file:line`` in the
    earlier period's data or the ``previous.yaml`` that states it (None when
    the change is hidden by this year's value: ``path`` is then this year's).
    """

    path: DataPath
    location: Location | None
    message: str
    withheld: bool = False
    """The value is left out (not for publication in its year) rather than shown as the symbol."""


def _own(earlier: Earlier, value: Any) -> str:
    """Why an earlier period's own public view hides one of its values."""
    assert earlier.loaded is not None
    threshold = earlier.loaded.settings.suppression.threshold
    if isinstance(value, int) and 1 <= value <= threshold:
        return f"is from 1 to {threshold}, and the suppression settings of {earlier.label} protect it"
    return f"is hidden by the public edition of {earlier.label}, so that no hidden count of that year can be worked out"


def view_earlier(
    loaded: LoadedReport,
    viewed: LoadedReport,
    edition: Edition,
    make_view: Callable[[LoadedReport, Edition], Any],
) -> tuple[tuple[Earlier, ...], list[str], list[HiddenEarlier]]:
    """The earlier periods as ``edition`` shows them, the labels of those left out (their view failed),
    and what the view hides of them, each where it is written and why."""
    out: list[Earlier] = []
    failed: list[str] = []
    listed: list[HiddenEarlier] = []
    symbol = viewed.settings.suppression.symbol
    here = local_shown(loaded, edition) if edition is Edition.PUBLIC and loaded.earlier else {}
    for earlier in loaded.earlier:
        hidden: set[FigureKey] = set()
        why: dict[str, str] = {}
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
            for name, value in values.items():
                if isinstance(value, Suppressed):
                    why[name] = _own(earlier, earlier.values.get(name))
                    if value.symbol != symbol:
                        # Printed in this report, whose note explains this year's symbol only.
                        values[name] = Suppressed(value.figure, symbol, derived=value.derived)
        else:
            values = dict(earlier.values)
        if edition is Edition.PUBLIC:
            for item in HEADLINES:
                value = values.get(item.name)
                if value is None or isinstance(value, Suppressed):
                    continue
                reason = _hidden_here(loaded, viewed, item, value)
                if reason is not None:
                    values[item.name] = Suppressed(f"{earlier.label} {item.name}", symbol)
                    why[item.name] = reason
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
                    why[name] = (
                        f"is from 1 to {threshold} and counts people, whom this year's suppression settings protect"
                        if small
                        else _THIS_YEAR
                    )
            listed += _hidden(loaded, viewed, earlier, values, why, here)
        values = {name: value for name, value in values.items() if value is not None}
        out.append(
            Earlier(
                label=earlier.label,
                folder=earlier.folder,
                values=values,
                hidden=frozenset(hidden),
                where=earlier.where,
            )
        )
    return tuple(out), failed, listed


def _hidden(
    loaded: LoadedReport,
    viewed: LoadedReport,
    earlier: Earlier,
    values: dict[str, Any],
    why: dict[str, str],
    here: dict[str, Any],
) -> Iterator[HiddenEarlier]:
    """What the public view hides of one earlier period: its values, and the changes since it."""
    symbol = viewed.settings.suppression.symbol
    labels = {h.name: h.label for h in (*HEADLINES, *local_headlines(loaded.report))}
    now_values = local_values(loaded.report)
    paths: dict[str, DataPath] | None = None
    for name, before in earlier.values.items():
        if not _number(before):
            continue
        value = values.get(name)
        path = tuple(name.split("."))
        label = labels.get(name, name)
        if value is None:
            yield HiddenEarlier(
                ("earlier", earlier.label, *path),
                earlier.locate(name),
                f"{label} in {earlier.label} ({name}) is not for publication in {earlier.label}: "
                "the public edition leaves it out",
                withheld=True,
            )
            continue
        if isinstance(value, Suppressed):
            yield HiddenEarlier(
                ("earlier", earlier.label, *path),
                earlier.locate(name),
                f"{label} in {earlier.label} ({name}) {why.get(name, _THIS_YEAR)}, so it is shown as {symbol!r}",
            )
        item = headline(name)
        now_shown = headline_value(viewed.report, item) if item is not None else here.get(name)
        now = headline_value(loaded.report, item) if item is not None else now_values.get(name)
        if not _number(now) or not (isinstance(value, Suppressed) or isinstance(now_shown, Suppressed)):
            continue
        location: Location | None
        if isinstance(value, Suppressed):
            sides = (
                "both years' figures are"
                if isinstance(now_shown, Suppressed)
                else f"the figure of {earlier.label} is"
            )
            location = earlier.locate(name)
            where: DataPath = ("change", earlier.label, *path)
        else:
            sides = "this year's figure is"
            if paths is None:
                paths = value_paths(loaded)
            location = None
            where = paths.get(name, path)
        yield HiddenEarlier(
            where,
            location,
            f"the change in {label} since {earlier.label} is shown as {symbol!r}: {sides} hidden, "
            "and a change is hidden if either side is",
        )


def _number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def value_paths(loaded: LoadedReport) -> dict[str, DataPath]:
    """Where in the data each figure compared with earlier years is given, by name (for ``file:line``)."""
    figures = figures_of(loaded, _plain()).figures
    out: dict[str, DataPath] = {}
    for item in HEADLINES:
        found = figures.get(item.path)
        out[item.name] = found.source if found is not None else item.path
    for key, section in loaded.report.sections.items():
        for i, own in enumerate(section.figures):
            out[f"{key.replace('-', '_')}.figures.{own.name}"] = ("sections", key, "figures", i, "value")
    return out


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
