"""The view of a report an edition is made from: the one place where the public view is made.

Sections, the narrative and master templates, the coverage annex, the
document's properties and every plugin hook that builds the report get the
view, never the loaded data. The board edition's view keeps everything. The
public edition's view is made here, once:

- an item not for publication is gone, or kept as its public identity and its
  ``public_summary`` (see :attr:`Publishable.withheld_keeps`);
- every count hidden by small-number suppression, or hidden to protect one, is
  a :class:`~lscb_core._base.suppressed.Suppressed`, which holds no number;
- withheld money appears only inside an "Other (not itemised)" item combining
  at least two items; totals and the carry forward stay true;
- ``::: board-only`` passages are gone from every Markdown value, worked out in
  the source before anything is rendered.

Figures worked out by the model (totals, shares) come from the view's own
values, so whatever a template or a plugin computes is computed from the view.
Before the view is handed on, :func:`~lscb_core._publication.disclosure.exposed`
proves that no withheld amount or hidden count can be worked out exactly from
the figures it shows; a failure is an error that stops the public edition.
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable, Mapping, Sequence
from typing import Any, Literal

import attrs

from lscb_core._base.findings import Finding, Level
from lscb_core._base.identity import PerObject
from lscb_core._base.locations import DataPath, Location, format_path
from lscb_core._base.suppressed import Suppressed
from lscb_core._model.budget import Budget, BudgetLine, Contribution, Funding, Income
from lscb_core._model.cdop import ChildDeathFigures, ChildDeathOverview
from lscb_core._model.editions import Edition, Publishable, Visibility
from lscb_core._model.fences import resolve_markdown
from lscb_core._model.loaded import LoadedReport
from lscb_core._model.local_sections import Audience, LocalSection
from lscb_core._model.settings import DEFAULT_SUPPRESSED_TABLES
from lscb_core._model.text import Markdown
from lscb_core._model.training import Training
from lscb_core._publication.disclosure import exposed
from lscb_core._publication.local_figures import section_figures
from lscb_core._publication.local_sections import Hidden, section_view
from lscb_core._publication.relations import (
    Figure,
    FigureKey,
    Figures,
    figures_of,
    panel_keys,
    unique_names,
)
from lscb_core._publication.suppression import Relations, protect
from lscb_core._publication.trends import view_earlier

__all__ = ["OTHER", "Listed", "View", "figure_name", "make_view", "rebuild", "redact"]

OTHER = "Other (not itemised)"
"""The name of the item that carries withheld money in the public edition, with at least one more."""

_DROP: Any = object()


@attrs.frozen
class Listed:
    """One thing the public edition leaves out or changes, and where it is in the data.

    ``location`` is given for what is written outside this year's data (an
    earlier period's value); else ``path`` locates it.
    """

    kind: Literal["withheld", "suppressed", "changed"]
    path: DataPath
    message: str
    location: Location | None = None


@attrs.frozen
class View:
    """An edition's view of a report: ``loaded`` is all that sections, templates and plugins get.

    ``listed`` says what the public view withholds, hides and changes (for
    ``lscb check --edition public``; never given to plugins); ``problems`` are
    errors that stop the public edition.
    """

    edition: Edition
    loaded: LoadedReport
    listed: tuple[Listed, ...] = ()
    problems: tuple[Finding, ...] = ()


def figure_name(key: FigureKey) -> str:
    """A figure's key as a template would name it: ``cdop.by_category['malignancy']``."""
    out = ""
    for part in key:
        if isinstance(part, str) and part.isidentifier():
            out += f".{part}" if out else part
        else:
            out += f"[{part!r}]"
    return out


# --- objects rebuilt without their validators ---------------------------------------------------------

_VIEW_CLASSES: dict[type, type] = {}


def _overridable(name: str, prop: property) -> property:
    getter = prop.fget
    assert getter is not None

    def get(self: Any) -> Any:
        try:
            values = object.__getattribute__(self, "_lscb_view")
        except AttributeError:
            return getter(self)
        return values[name] if name in values else getter(self)

    return property(get, doc=prop.__doc__)


def _view_class(cls: type) -> type:
    """A subclass of ``cls`` whose properties can be given the view's values (the public totals)."""
    made = _VIEW_CLASSES.get(cls)
    if made is None:
        namespace: dict[str, Any] = {
            "__slots__": ("_lscb_view",),
            "__module__": cls.__module__,
            "__qualname__": cls.__qualname__,
            "__doc__": cls.__doc__,
        }
        for name, member in inspect.getmembers(cls):
            if isinstance(member, property):
                namespace[name] = _overridable(name, member)
        made = type(cls.__name__, (cls,), namespace)
        _VIEW_CLASSES[cls] = made
    return made


def rebuild(obj: Any, changes: Mapping[str, Any], overrides: Mapping[str, Any] | None = None) -> Any:
    """``obj`` with ``changes`` to its fields, made without validators (a view may hold hidden values).

    ``overrides`` gives properties their values in the view.
    """
    cls = type(obj)
    base = next((c for c, made in _VIEW_CLASSES.items() if made is cls), cls)
    new: Any = object.__new__(_view_class(base) if overrides else cls)
    for field in attrs.fields(base):
        object.__setattr__(new, field.name, changes.get(field.name, getattr(obj, field.name)))
    if overrides:
        object.__setattr__(new, "_lscb_view", dict(overrides))
    return new


def _empty(field: attrs.Attribute[Any], value: Any) -> Any:
    """What a field of a withheld item holds in the view: its default, or empty text; else ``_DROP``."""
    default: Any = field.default
    if isinstance(default, attrs.Factory):  # type: ignore[arg-type]
        return default.factory()
    if default is not attrs.NOTHING:
        return default
    if isinstance(value, Markdown):
        return Markdown("", value.origin)
    if isinstance(value, str):
        return ""
    return _DROP


def redact(item: Publishable) -> Any:
    """What the public view keeps of an item not for publication: its public identity and summary, or nothing."""
    keeps = list(type(item).withheld_keeps)
    if item.public_summary:
        keeps += type(item).summary_keeps
    if not keeps and not item.public_summary:
        return _DROP
    return _keep(item, keeps)


def _keep(obj: Any, keeps: Sequence[str]) -> Any:
    whole = {k for k in keeps if "." not in k} | {"visibility", "public_summary"}
    parts: dict[str, list[str]] = {}
    for k in keeps:
        if "." in k:
            head, rest = k.split(".", 1)
            parts.setdefault(head, []).append(rest)
    changes: dict[str, Any] = {}
    for field in attrs.fields(type(obj)):
        value = getattr(obj, field.name)
        if field.name in whole:
            continue
        if field.name in parts and attrs.has(type(value)):
            changes[field.name] = _keep(value, parts[field.name])
            continue
        empty = _empty(field, value)
        if empty is _DROP:
            return _DROP
        changes[field.name] = empty
    return rebuild(obj, changes)


# --- the plan: which counts are hidden, which money is combined -----------------------------------------


class _Plan:
    def __init__(self, loaded: LoadedReport) -> None:
        self.loaded = loaded
        settings = loaded.settings.suppression
        self.symbol = settings.symbol
        self.full = figures_of(loaded)
        self.hidden: set[FigureKey] = set()
        self.listed: list[Listed] = []
        self.problems: list[Finding] = []
        self._counts(self.full)

    def shown(self, key: FigureKey, value: Any) -> Any:
        """The view's value of a figure: the value, or a hidden one."""
        if key in self.hidden:
            return Suppressed(figure_name(key), self.symbol)
        return value

    def _protected(self, figure: Figure) -> bool:
        settings = self.loaded.settings.suppression
        if not settings.enabled:
            return False
        if figure.protect_by_default or figure.protect & DEFAULT_SUPPRESSED_TABLES:
            return True
        return bool(figure.protect & set(settings.tables))

    def _counts(self, full: Figures) -> None:
        counts = [
            f
            for f in full.figures.values()
            if f.kind == "count"
            and isinstance(f.value, int)
            and not isinstance(f.value, bool)
            # Earlier periods and board-defined sections are protected by their own views; the proof covers them.
            and f.key[:1] not in (("earlier",), ("change",), ("sections",))
        ]
        index = {f.key: i for i, f in enumerate(counts)}
        lines: list[tuple[int, list[int]]] = []
        others: list[dict[int, int]] = []
        for equation in full.equations:
            if not all(key in index for key, _ in equation.terms):
                continue
            if equation.line is not None:
                total, members = equation.line
                lines.append((index[total], [index[m] for m in members]))
            else:
                others.append({index[key]: c for key, c in equation.terms})
        threshold = self.loaded.settings.suppression.threshold
        values = [int(f.value) for f in counts]
        primary = [f.withheld or (self._protected(f) and 1 <= f.value <= threshold) for f in counts]
        if not any(primary):
            return
        hidden, small = protect(Relations(len(counts), lines, others), values, threshold, primary)
        for figure, hide, first in zip(counts, hidden, small, strict=True):
            if not hide or figure.withheld:
                continue
            self.hidden.add(figure.key)
            why = (
                f"is from 1 to {threshold}, so it is shown as {self.symbol!r}"
                if first
                else f"is shown as {self.symbol!r} so that no hidden count can be worked out from the totals"
            )
            self.listed.append(
                Listed("suppressed", figure.source, f"{figure.label} ({figure_name(figure.key)}) {why}")
            )


# --- the walk ------------------------------------------------------------------------------------------


class _Builder:
    def __init__(self, loaded: LoadedReport, edition: Edition) -> None:
        self.loaded = loaded
        self.edition = edition
        self.public = edition is Edition.PUBLIC
        self.plan = _Plan(loaded) if self.public else None
        self.by_source: dict[DataPath, FigureKey] = {}
        if self.plan is not None:
            # Figures that are a field of their own (a course's attendees), found by their data path;
            # totals and counts worked out from records are given to their objects below.
            self.by_source = {
                f.source: f.key for f in self.plan.full.figures.values() if f.source[-1:] == f.key[-1:]
            }
        self.special: dict[type, Callable[[Any, DataPath], Any]] = {}
        if self.public:
            self.special = {
                Budget: self._budget,
                ChildDeathOverview: self._cdop,
                Training: self._training,
                LocalSection: self._local_section,
            }

    @property
    def listed(self) -> list[Listed]:
        return self.plan.listed if self.plan is not None else []

    def view(self, obj: Any, path: DataPath) -> Any:
        if isinstance(obj, Markdown):
            return resolve_markdown(obj, self.edition)
        if isinstance(obj, tuple | list):
            items = [self.view(item, (*path, i)) for i, item in enumerate(obj)]
            kept = [item for item in items if item is not _DROP]
            if len(kept) == len(obj) and all(a is b for a, b in zip(kept, obj, strict=True)):
                return obj
            return type(obj)(kept)
        if isinstance(obj, Mapping):
            viewed = {key: self.view(value, (*path, str(key))) for key, value in obj.items()}
            return {key: value for key, value in viewed.items() if value is not _DROP}
        if not attrs.has(type(obj)):
            return obj
        if self.public and isinstance(obj, Publishable) and not obj.is_public:
            self.listed.append(Listed("withheld", path, _withheld_message(obj, path)))
            kept = redact(obj)
            return kept if kept is _DROP else self._fields(kept, path)
        special = self.special.get(type(obj))
        if special is not None:
            return special(obj, path)
        return self._fields(obj, path)

    def _fields(self, obj: Any, path: DataPath, **changes: Any) -> Any:
        for field in attrs.fields(type(obj)):
            if field.name in changes:
                continue
            value = getattr(obj, field.name)
            where = (*path, field.name)
            key = self.by_source.get(where)
            if key is not None and self.plan is not None and key in self.plan.hidden:
                new = self.plan.shown(key, value)
            else:
                new = self.view(value, where)
            if new is not value:
                changes[field.name] = new
        return rebuild(obj, changes) if changes else obj

    # --- money ---------------------------------------------------------------------------------------

    def _budget(self, budget: Budget, path: DataPath) -> Any:
        changes: dict[str, Any] = {}
        groups: tuple[tuple[str, str, tuple[str, ...]], ...] = (
            ("contributions", "partner", ("amount",)),
            ("lines", "name", ("budget", "spend")),
            ("other_income", "source", ("amount",)),
        )
        for field, name, columns in groups:
            items = getattr(budget, field)
            if all(item.is_public for item in items):
                continue
            changes[field] = self._combine(field, name, columns, items, (*path, field))
        return self._fields(budget, path, **changes)

    def _combine(
        self, field: str, name: str, columns: tuple[str, ...], items: Sequence[Any], path: DataPath
    ) -> tuple[Any, ...]:
        """The items of one money table with those withheld combined into "Other (not itemised)"."""
        names = unique_names(items, lambda item: getattr(item, name))
        withheld = [i for i, item in enumerate(items) if not item.is_public]
        for i in withheld:
            self.listed.append(
                Listed(
                    "withheld",
                    (*path, i),
                    f"{names[i]!r} is not for publication: its amount is shown only inside {OTHER!r}",
                )
            )
        merged = list(withheld)

        def exposed_column() -> str | None:
            if len(merged) < 2:
                return columns[-1]
            for column in columns:
                given = [i for i in merged if getattr(items[i], column) is not None]
                if len(given) == 1 and given[0] in withheld:
                    return column
            return None

        while (column := exposed_column()) is not None:
            candidates = [
                i
                for i, item in enumerate(items)
                if i not in merged and item.is_public and getattr(item, column) is not None
            ]
            if not candidates:
                self.plan_problem(
                    path,
                    f"{len(withheld)} of the {field.replace('_', ' ')} is not for publication, but there is no other item to combine it with, "
                    "so the published total would give its amount away; publish it, or state the total only",
                )
                break
            choice = min(candidates, key=functools.partial(_size, items, column))
            merged.append(choice)
            self.listed.append(
                Listed(
                    "changed",
                    (*path, choice),
                    f"{names[choice]!r} is shown inside {OTHER!r} rather than on its own, so that the amount withheld "
                    f"cannot be worked out from the total (it is the smallest item that protects it)",
                )
            )
        kept = [item for i, item in enumerate(items) if i not in merged]
        sums = {
            column: (
                sum(getattr(items[i], column) for i in merged if getattr(items[i], column) is not None)
                if any(getattr(items[i], column) is not None for i in merged)
                else None
            )
            for column in columns
        }
        other: Any
        if field == "contributions":
            other = Contribution(partner=OTHER, amount=sums["amount"] or 0)
        elif field == "lines":
            other = BudgetLine(
                name=OTHER, spend=sums["spend"] or 0, budget=sums["budget"], funded_from=Funding.BUDGET
            )
        else:
            other = Income(source=OTHER, amount=sums["amount"] or 0)
        return (*kept, other)

    def plan_problem(self, path: DataPath, message: str) -> None:
        assert self.plan is not None
        self.plan.problems.append(
            Finding(level=Level.ERROR, code="publication.cannot-withhold", message=message, path=path)
        )

    # --- counts ---------------------------------------------------------------------------------------

    def _death_figures(
        self, figures: ChildDeathFigures, base: FigureKey
    ) -> tuple[dict[str, Any], dict[str, Any]]:
        """The view's fields (``changes``) and worked-out figures (``overrides``) of one panel's
        figures, or of the whole; ``base`` is their figures' key (``("cdop",)``)."""
        plan = self.plan
        assert plan is not None
        reviews = plan.shown((*base, "reviews"), figures.reviews)
        modifiable = plan.shown((*base, "with_modifiable_factors"), figures.with_modifiable_factors)
        by_category = {
            c: plan.shown((*base, "by_category", c.value), n) for c, n in figures.by_category.items()
        }
        by_age_band = {
            b: plan.shown((*base, "by_age_band", b.value), n) for b, n in figures.by_age_band.items()
        }
        factors = [(f, plan.shown((*base, "factor_counts", f), n)) for f, n in figures.factor_counts]
        shown_factor = dict(factors)
        share: Any = figures.modifiable_percent
        if share is not None and (isinstance(reviews, Suppressed) or isinstance(modifiable, Suppressed)):
            share = Suppressed(figure_name((*base, "modifiable_percent")), plan.symbol, derived=True)
        changes = {
            "records": (),
            "reviews_stated": None if figures.reviews_stated is None else reviews,
            "modifiable_stated": None if figures.modifiable_stated is None else modifiable,
            "categories_stated": tuple(
                rebuild(c, {"reviews": by_category[c.category]}) for c in figures.categories_stated
            ),
            "age_bands_stated": tuple(
                rebuild(a, {"reviews": by_age_band[a.age_band]}) for a in figures.age_bands_stated
            ),
            "factors_stated": tuple(
                rebuild(f, {"reviews": shown_factor.get(f.factor, f.reviews)}) for f in figures.factors_stated
            ),
        }
        overrides = {
            "has_records": figures.has_records,
            "has_categories": figures.has_categories,
            "has_age_bands": figures.has_age_bands,
            "reviews": reviews,
            "with_modifiable_factors": modifiable,
            "modifiable_percent": share,
            "by_category": by_category,
            "categories_total": plan.shown((*base, "categories_total"), figures.categories_total),
            "by_age_band": by_age_band,
            "factor_counts": factors,
        }
        return {k: v for k, v in changes.items() if v is not getattr(figures, k)}, overrides

    def _cdop(self, cdop: ChildDeathOverview, path: DataPath) -> Any:
        plan = self.plan
        assert plan is not None
        changes, overrides = self._death_figures(cdop, ("cdop",))
        notified = plan.shown(("cdop", "notified_total"), cdop.notified_total)
        previous = plan.shown(("cdop", "notified_previous_total"), cdop.notified_previous_total)
        if cdop.notified is not None and notified is not cdop.notified:
            changes["notified"] = notified
        if cdop.notified_previous is not None and previous is not cdop.notified_previous:
            changes["notified_previous"] = previous
        panels = []
        for i, name in panel_keys(self.loaded):
            panel = cdop.panels[i]
            base = ("cdop", "panels", name)
            own, worked_out = self._death_figures(panel, base)
            for field in ("notified", "notified_previous"):
                value = getattr(panel, field)
                if value is not None:
                    own[field] = plan.shown((*base, field), value)
            panels.append(rebuild(self._fields(panel, (*path, "panels", i), **own), {}, worked_out))
        if panels:
            changes["panels"] = tuple(panels)
        viewed = self._fields(cdop, path, **changes)
        overrides |= {
            "notified_total": notified,
            "notified_previous_total": previous,
            "panel_meetings": cdop.panel_meetings,
        }
        return rebuild(viewed, {}, overrides)

    def _training(self, training: Training, path: DataPath) -> Any:
        plan = self.plan
        assert plan is not None
        changes: dict[str, Any] = {}
        for field, name, counts in (
            ("courses", "name", ("attendees", "times_run")),
            ("by_agency", "agency", ("attendees",)),
        ):
            items = getattr(training, field)
            withheld = [item for item in items if not item.is_public]
            if not withheld:
                continue
            # Counts withheld are hidden inside one row, so that the table still adds up to its total.
            kept = self.view(items, (*path, field))
            hidden = {
                count: Suppressed(figure_name(("training", field, OTHER, count)), plan.symbol)
                for count in counts
            }
            other = rebuild(
                withheld[0],
                {name: OTHER, "visibility": Visibility.PUBLIC, "public_summary": None, **hidden},
            )
            changes[field] = (*kept, other)
        viewed = self._fields(training, path, **changes)
        return rebuild(
            viewed,
            {},
            {
                "attendees": plan.shown(("training", "attendees"), training.attendees),
                "sessions": plan.shown(("training", "sessions"), training.sessions),
                "attendees_by_agency": plan.shown(
                    ("training", "attendees_by_agency"), training.attendees_by_agency
                ),
            },
        )

    # --- board-defined sections ---------------------------------------------------------------

    def _local_section(self, section: LocalSection, path: DataPath) -> Any:
        """A board-defined section as the public view holds it.

        Its rows keep their places: a row not for publication is kept empty
        (so the section can say that a row is not shown, and its cells keep
        their keys in the disclosure proof). Stated totals are check-only and
        would give withheld rows away, so they are left out; a figure that
        totals a table not for publication carries the value the public
        edition prints. A board-audience section keeps only its names.
        """
        plan = self.plan
        assert plan is not None
        key = str(path[-1])
        settings = self.loaded.settings
        if section.audience is Audience.BOARD:
            self.listed.append(
                Listed(
                    "withheld",
                    path,
                    f"the section {key!r} is for the board only: the public edition leaves it out",
                )
            )
            figures = tuple(rebuild(f, {"value": None, "value_stated": None}) for f in section.figures)
            tables = tuple(
                rebuild(t, {"rows": (), "totals_stated": {}, "description": None, "notes": ()})
                for t in section.tables
            )
            return rebuild(section, {"figures": figures, "tables": tables})
        for found in section_figures(key, section, settings):
            if isinstance(found, Figure) and isinstance(found.value, Suppressed):
                plan.listed.append(
                    Listed(
                        "suppressed",
                        found.source,
                        f"{found.label} is shown as {plan.symbol!r}: a count from 1 to "
                        f"{settings.suppression.threshold}, or one that would give such a count away",
                    )
                )
        printed = {
            f.figure.name: f.value for f in section_view(key, section, settings, Edition.PUBLIC).figures
        }
        viewed_tables: list[Any] = []
        for t, table in enumerate(section.tables):
            at = (*path, "tables", t)
            if not table.is_public:
                viewed_tables.append(self.view(table, at))
                continue
            rows = []
            for r, row in enumerate(table.rows):
                if row.is_public:
                    rows.append(self.view(row, (*at, "rows", r)))
                    continue
                self.listed.append(
                    Listed(
                        "withheld",
                        (*at, "rows", r),
                        f"row {r + 1} of the table {table.name!r} of the section {key!r} is "
                        f"{row.visibility.value}: the public edition leaves it out and says under the table that "
                        f"a row is not shown{' (its public summary is shown)' if row.public_summary else ''}",
                    )
                )
                rows.append(rebuild(row, {"values": {}}))
            viewed_tables.append(self._fields(table, at, rows=tuple(rows), totals_stated={}))
        viewed_figures: list[Any] = []
        for f, figure in enumerate(section.figures):
            at = (*path, "figures", f)
            totalled = section.totalled(figure)
            if not figure.is_public or totalled is None or totalled[0].is_public:
                viewed_figures.append(
                    self.view(figure, at)
                    if not figure.is_public
                    else self._fields(figure, at, value_stated=None)
                )
                continue
            value = printed.get(figure.name)
            shown = (
                Suppressed(figure_name(("sections", key, "figures", figure.name)), plan.symbol)
                if isinstance(value, Hidden)
                else (None if value is None else int(value))
            )
            viewed_figures.append(self._fields(figure, at, value=shown, value_stated=None))
        return self._fields(section, path, tables=tuple(viewed_tables), figures=tuple(viewed_figures))


def _size(items: Sequence[Any], column: str, i: int) -> tuple[bool, int]:
    """How a candidate to join "Other" ranks: the smallest non-zero amount first."""
    amount = int(getattr(items[i], column) or 0)
    return (amount == 0, amount)


def _withheld_message(item: Publishable, path: DataPath) -> str:
    names = [
        getattr(item, a, None) for a in ("reference", "title", "name", "partner", "source", "role", "label")
    ]
    named = next((n for n in names if isinstance(n, str) and n), None)
    what = f"{type(item).__name__} {named!r}" if named else type(item).__name__
    shown = " (its public summary is shown)" if item.public_summary else ""
    return (
        f"{what} at {format_path(path)} is {item.visibility.value}: the public edition leaves it out{shown}"
    )


def make_view(loaded: LoadedReport, edition: Edition) -> View:
    """The view of ``loaded`` that ``edition`` is made from; see the module documentation.

    Raises :class:`~lscb_core._base.errors.NarrativeError` for a fence that
    is not well formed. A loaded report never changes, so its view for an
    edition is made once and shared (a build and its checks each ask for it).
    """
    return _VIEWS.get(loaded, edition, lambda: _make_view(loaded, edition))


_VIEWS: PerObject[View] = PerObject()


def _make_view(loaded: LoadedReport, edition: Edition) -> View:
    builder = _Builder(loaded, edition)
    report = builder.view(loaded.report, ())
    plugin_data = {
        folder: {stem: builder.view(value, ("plugins", folder, stem)) for stem, value in files.items()}
        for folder, files in loaded.plugin_data.items()
    }
    plugin_data = {
        folder: {stem: value for stem, value in files.items() if value is not _DROP}
        for folder, files in plugin_data.items()
    }
    viewed = attrs.evolve(loaded, report=report, plugin_data=plugin_data, findings=())
    # An earlier period whose own public view fails was left out with a warning when it was read.
    earlier, _, hidden_earlier = view_earlier(loaded, viewed, edition, make_view)
    viewed = attrs.evolve(viewed, earlier=earlier)
    if builder.plan is None:
        return View(edition, viewed)
    plan = builder.plan
    problems = list(plan.problems)

    shown = figures_of(viewed)
    for figure in exposed(plan.full, shown):
        problems.append(
            Finding(
                level=Level.ERROR,
                code="publication.disclosure",
                message=f"{figure.label} ({figure_name(figure.key)}) is not for publication but could be worked out from the figures the public edition shows",
                path=figure.source,
            )
        )
    listed = list(plan.listed)
    for key, figure in shown.figures.items():
        before = plan.full.figures.get(key)
        if before is not None and figure.number is not None and before.number != figure.number:
            listed.append(
                Listed(
                    "changed",
                    before.source,
                    f"{before.label} ({figure_name(key)}) is {figure.number:,} in the public edition, worked out from what it shows",
                )
            )
    listed += [
        Listed("withheld" if h.withheld else "suppressed", h.path, h.message, h.location)
        for h in hidden_earlier
    ]
    return View(edition, viewed, tuple(listed), tuple(problems))
