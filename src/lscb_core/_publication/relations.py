"""The figures of a report and the relations lscb knows between them, as data.

Every sum or formula the report's figures obey is listed here once, as a
:class:`Relation` in :data:`RELATIONS`. The list serves two purposes: the
public view hides counts by complementary suppression over these relations,
and :mod:`lscb_core._publication.disclosure` proves, by exact elimination,
that no withheld amount or hidden count can be worked out from the figures the
public view shows. Features that add figures (board-defined tables,
year-on-year changes) add their relations with :func:`register_relation`.

A figure has a stable *key* that does not depend on what else is shown: items
are named by their name, not their position (``("budget", "lines", "Staff",
"spend")``), so the same key means the same figure in the full report and in
its public view. ``source`` is its path in the data, for ``file:line``.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from typing import Any, Literal, TypeAlias

import attrs

from lscb_core._base.locations import DataPath
from lscb_core._base.suppressed import Suppressed
from lscb_core._model.cdop import DeathCategory
from lscb_core._model.editions import Publishable
from lscb_core._model.loaded import LoadedReport

__all__ = [
    "RELATIONS",
    "SUM_OF",
    "SUPPRESS",
    "SUPPRESS_BY_DEFAULT",
    "Equation",
    "Figure",
    "FigureKey",
    "Figures",
    "Relation",
    "Share",
    "figures_of",
    "register_relation",
    "unique_names",
]

FigureKey: TypeAlias = tuple[str | int, ...]
Value: TypeAlias = "int | float | Suppressed | None"
Kind = Literal["count", "money", "percent"]

SUPPRESS = "lscb.suppress"
"""Field metadata a plugin sets on a count (``count_field(suppress=...)``) to have it protected."""

SUPPRESS_BY_DEFAULT = "lscb.suppress_by_default"
"""Field metadata: the count is protected whenever suppression is on, not only when a board asks."""

SUM_OF = "lscb.sum_of"
"""Field metadata naming the sibling fields a plugin's total field is the sum of."""


@attrs.frozen
class Figure:
    """One figure of a report, in the full data or in a view.

    ``protect`` names the suppression settings (``cdop.categories``) under
    which a small value of it is hidden; ``withheld`` is true for a figure of
    an item not for publication.
    """

    key: FigureKey
    value: Any
    label: str
    source: DataPath
    kind: Kind = "count"
    protect: frozenset[str] = frozenset()
    withheld: bool = False
    protect_by_default: bool = False

    @property
    def number(self) -> int | float | None:
        """The value when it is a number shown as such (not hidden, not missing)."""
        value = self.value
        if value is None or isinstance(value, Suppressed | bool) or not isinstance(value, int | float):
            return None
        return value


@attrs.frozen
class Equation:
    """The sum of ``coefficient * figure`` over ``terms`` is 0.

    ``line`` is set for a plain sum (a total and its members): complementary
    suppression works line by line.
    """

    relation: str
    terms: tuple[tuple[FigureKey, int], ...]
    line: tuple[FigureKey, tuple[FigureKey, ...]] | None = None

    @classmethod
    def total(cls, relation: str, total: FigureKey, members: Sequence[FigureKey]) -> Equation:
        counts = Counter(members)
        terms = [(total, -1)] + [(key, n) for key, n in counts.items()]
        return cls(relation, tuple(terms), (total, tuple(members)))

    @classmethod
    def linear(cls, relation: str, terms: Mapping[FigureKey, int]) -> Equation:
        return cls(relation, tuple(terms.items()))


@attrs.frozen
class Share:
    """``result`` is ``numerator`` as a percentage of ``denominator``.

    A printed share gives its numerator away whenever its denominator is
    known (and the denominator whenever the numerator is, and the share is
    not 0).
    """

    relation: str
    result: FigureKey
    numerator: FigureKey
    denominator: FigureKey


Found: TypeAlias = Figure | Equation | Share


@attrs.frozen
class Relation:
    """A known relation: its name, what it says, and how to find its figures and equations in a report."""

    name: str
    says: str
    find: Callable[[LoadedReport], Iterable[Found]]


@attrs.define
class Figures:
    """A report's figures by key, and the equations and shares between them."""

    figures: dict[FigureKey, Figure] = attrs.field(factory=dict)
    equations: list[Equation] = attrs.field(factory=list)
    shares: list[Share] = attrs.field(factory=list)

    def add(self, found: Found) -> None:
        if isinstance(found, Figure):
            known = self.figures.get(found.key)
            if known is not None:
                found = attrs.evolve(
                    known,
                    protect=known.protect | found.protect,
                    protect_by_default=known.protect_by_default or found.protect_by_default,
                )
            self.figures[found.key] = found
        elif isinstance(found, Equation):
            self.equations.append(found)
        else:
            self.shares.append(found)


def unique_names(items: Sequence[Any], name: Callable[[Any], str]) -> list[str]:
    """Each item's name, with ``#2``, ``#3`` added to repeats, so that each names one item."""
    seen: Counter[str] = Counter()
    out = []
    for item in items:
        base = str(name(item))
        seen[base] += 1
        out.append(base if seen[base] == 1 else f"{base} #{seen[base]}")
    return out


def _withheld(item: object) -> bool:
    return isinstance(item, Publishable) and not item.is_public


# --- money --------------------------------------------------------------------------------------


def _contributions(loaded: LoadedReport) -> Iterator[Found]:
    budget = loaded.report.budget
    if budget is None or not budget.contributions:
        return
    keys = []
    for i, (item, name) in enumerate(
        zip(budget.contributions, unique_names(budget.contributions, lambda c: c.partner), strict=True)
    ):
        key = ("budget", "contributions", name, "amount")
        keys.append(key)
        yield Figure(
            key,
            item.amount,
            f"the contribution of {name}",
            ("budget", "contributions", i, "amount"),
            "money",
            withheld=_withheld(item),
        )
    yield Figure(
        ("budget", "contributions_total"),
        budget.contributions_total,
        "the total of partner contributions",
        ("budget", "contributions"),
        "money",
    )
    yield Equation.total("contributions total", ("budget", "contributions_total"), keys)


def _line_keys(loaded: LoadedReport) -> list[tuple[int, str]]:
    budget = loaded.report.budget
    assert budget is not None
    return list(enumerate(unique_names(budget.lines, lambda line: line.name)))


def _lines(loaded: LoadedReport) -> Iterator[Found]:
    budget = loaded.report.budget
    if budget is None or not budget.lines:
        return
    set_keys, spend_keys = [], []
    for i, name in _line_keys(loaded):
        line = budget.lines[i]
        withheld = _withheld(line)
        if line.budget is not None:
            key = ("budget", "lines", name, "budget")
            set_keys.append(key)
            yield Figure(
                key,
                line.budget,
                f"the budget set for {name}",
                ("budget", "lines", i, "budget"),
                "money",
                withheld=withheld,
            )
        key = ("budget", "lines", name, "spend")
        spend_keys.append(key)
        yield Figure(
            key,
            line.spend,
            f"the spend on {name}",
            ("budget", "lines", i, "spend"),
            "money",
            withheld=withheld,
        )
    yield Figure(
        ("budget", "budget_total"), budget.budget_total, "the total budget", ("budget", "lines"), "money"
    )
    yield Figure(
        ("budget", "spend_total"), budget.spend_total, "the total spend", ("budget", "lines"), "money"
    )
    yield Equation.total("budget total", ("budget", "budget_total"), set_keys)
    yield Equation.total("spend total", ("budget", "spend_total"), spend_keys)


def _variances(loaded: LoadedReport) -> Iterator[Found]:
    budget = loaded.report.budget
    if budget is None or not budget.lines:
        return
    for i, name in _line_keys(loaded):
        line = budget.lines[i]
        if line.budget is None:
            continue
        key = ("budget", "lines", name, "variance")
        yield Figure(
            key,
            line.variance,
            f"the variance of {name}",
            ("budget", "lines", i),
            "money",
            withheld=_withheld(line),
        )
        yield Equation.linear(
            "variance of a line",
            {key: -1, ("budget", "lines", name, "spend"): 1, ("budget", "lines", name, "budget"): -1},
        )
    yield Figure(
        ("budget", "variance_total"),
        budget.variance_total,
        "the total variance",
        ("budget", "lines"),
        "money",
    )
    yield Equation.linear(
        "total variance",
        {("budget", "variance_total"): -1, ("budget", "spend_total"): 1, ("budget", "budget_total"): -1},
    )


def _income(loaded: LoadedReport) -> Iterator[Found]:
    budget = loaded.report.budget
    if budget is None:
        return
    keys = []
    for i, (item, name) in enumerate(
        zip(budget.other_income, unique_names(budget.other_income, lambda c: c.source), strict=True)
    ):
        key = ("budget", "other_income", name, "amount")
        keys.append(key)
        yield Figure(
            key,
            item.amount,
            f"the income from {name}",
            ("budget", "other_income", i, "amount"),
            "money",
            withheld=_withheld(item),
        )
    yield Figure(
        ("budget", "income_total"), budget.income_total, "the total of other income", ("budget",), "money"
    )
    yield Equation.total("other income total", ("budget", "income_total"), keys)


def _carry_forward(loaded: LoadedReport) -> Iterator[Found]:
    budget = loaded.report.budget
    if budget is None or budget.carry_forward_in is None or budget.contributions_total is None:
        return
    yield Figure(
        ("budget", "carry_forward_in"),
        budget.carry_forward_in,
        "the carry forward into the year",
        ("budget", "carry_forward_in"),
        "money",
    )
    yield Figure(
        ("budget", "contributions_total"),
        budget.contributions_total,
        "the total of partner contributions",
        ("budget", "contributions"),
        "money",
    )
    yield Figure(
        ("budget", "spend_total"), budget.spend_total, "the total spend", ("budget", "lines"), "money"
    )
    yield Figure(
        ("budget", "income_total"), budget.income_total, "the total of other income", ("budget",), "money"
    )
    yield Figure(
        ("budget", "carry_forward_out"),
        budget.carry_forward_out,
        "the carry forward out of the year",
        ("budget", "carry_forward_out_stated"),
        "money",
    )
    yield Equation.linear(
        "carry forward",
        {
            ("budget", "carry_forward_out"): -1,
            ("budget", "carry_forward_in"): 1,
            ("budget", "contributions_total"): 1,
            ("budget", "income_total"): 1,
            ("budget", "spend_total"): -1,
        },
    )


_STATED_MONEY = (
    ("contributions_stated", "contributions_total", "the stated total of contributions"),
    ("budget_total_stated", "budget_total", "the stated budget total"),
    ("spend_total_stated", "spend_total", "the stated total spend"),
    ("variance_total_stated", "variance_total", "the stated total variance"),
    ("carry_forward_out_stated", "carry_forward_out", "the stated carry forward"),
)


def _stated_money(loaded: LoadedReport) -> Iterator[Found]:
    budget = loaded.report.budget
    if budget is None:
        return
    for stated, computed, label in _STATED_MONEY:
        value = getattr(budget, stated)
        if value is None:
            continue
        yield Figure(("budget", stated), value, label, ("budget", stated), "money")
        yield Figure(("budget", computed), getattr(budget, computed), label, ("budget", stated), "money")
        yield Equation.total("stated figure", ("budget", stated), [("budget", computed)])


# --- child deaths -----------------------------------------------------------------------------------

_CDOP_FIGURES = frozenset({"cdop.figures"})


def _reviews_figure(loaded: LoadedReport, *tables: str) -> Figure | None:
    cdop = loaded.report.cdop
    if cdop is None or cdop.reviews is None:
        return None
    return Figure(
        ("cdop", "reviews"),
        cdop.reviews,
        "child death reviews completed",
        ("cdop", "records" if cdop.has_records else "reviews_stated"),
        protect=_CDOP_FIGURES | frozenset(tables),
    )


def _cdop_categories(loaded: LoadedReport) -> Iterator[Found]:
    cdop = loaded.report.cdop
    if cdop is None:
        return
    counts = cdop.by_category
    stated = {c.category: i for i, c in enumerate(cdop.categories_stated)}
    protect = frozenset({"cdop.categories"})
    keys = []
    for category in DeathCategory:
        key = ("cdop", "by_category", category.value)
        keys.append(key)
        i = stated.get(category)
        source: DataPath = (
            ("cdop", "records")
            if cdop.has_records or i is None
            else ("cdop", "categories_stated", i, "reviews")
        )
        yield Figure(
            key,
            counts[category],
            f"child death reviews in the category {category.label!r}",
            source,
            protect=protect,
        )
    if not cdop.has_categories:
        return
    total = ("cdop", "categories_total")
    where: DataPath = ("cdop", "records" if cdop.has_records else "categories_stated")
    yield Figure(
        total, cdop.categories_total, "child death reviews over all categories", where, protect=protect
    )
    yield Equation.total("child deaths by category", total, keys)
    reviews = _reviews_figure(loaded)
    if reviews is not None:
        yield reviews
        yield Equation.total("child deaths by category", reviews.key, [total])


def _cdop_age_bands(loaded: LoadedReport) -> Iterator[Found]:
    cdop = loaded.report.cdop
    if cdop is None or not cdop.has_age_bands:
        return
    keys = []
    for band, count in cdop.by_age_band.items():
        key = ("cdop", "by_age_band", band.value)
        keys.append(key)
        yield Figure(
            key,
            count,
            f"child death reviews in the age band {band.value}",
            ("cdop", "records"),
            protect=frozenset({"cdop.age-bands"}),
        )
    total = _reviews_figure(loaded, "cdop.age-bands")
    if total is not None:
        yield total
        yield Equation.total("child deaths by age band", total.key, keys)


def _cdop_modifiable(loaded: LoadedReport) -> Iterator[Found]:
    cdop = loaded.report.cdop
    if cdop is None:
        return
    total = _reviews_figure(loaded)
    if total is not None:
        yield total
    if cdop.with_modifiable_factors is None:
        return
    yield Figure(
        ("cdop", "with_modifiable_factors"),
        cdop.with_modifiable_factors,
        "child death reviews that found modifiable factors",
        ("cdop", "records" if cdop.has_records else "modifiable_stated"),
        protect=_CDOP_FIGURES,
    )
    if total is not None:
        yield Figure(
            ("cdop", "modifiable_percent"),
            cdop.modifiable_percent,
            "the share of child death reviews that found modifiable factors",
            ("cdop", "modifiable_stated"),
            "percent",
        )
        yield Share(
            "share of modifiable factors",
            ("cdop", "modifiable_percent"),
            ("cdop", "with_modifiable_factors"),
            total.key,
        )


def panel_keys(loaded: LoadedReport) -> list[tuple[int, str]]:
    """Each child death panel's position and the name its figures' keys use (its id)."""
    cdop = loaded.report.cdop
    if cdop is None:
        return []
    return list(enumerate(unique_names(cdop.panels, lambda p: p.id)))


_PANELS = frozenset({"cdop.panels"})


def _cdop_notified(loaded: LoadedReport) -> Iterator[Found]:
    """Deaths notified, this period and the one before: the panels' add up to the whole."""
    cdop = loaded.report.cdop
    if cdop is None:
        return
    for total_name, field, label in (
        ("notified_total", "notified", "child deaths notified"),
        ("notified_previous_total", "notified_previous", "child deaths notified in the period before"),
    ):
        total = getattr(cdop, total_name)
        if total is None:
            continue
        members = []
        for i, name in panel_keys(loaded):
            value = getattr(cdop.panels[i], field)
            if value is not None:
                key = ("cdop", "panels", name, field)
                members.append(key)
                yield Figure(
                    key,
                    value,
                    f"{label} to the {cdop.panels[i].name}",
                    ("cdop", "panels", i, field),
                    protect=_CDOP_FIGURES | _PANELS,
                )
        yield Figure(("cdop", total_name), total, label, ("cdop", field), protect=_CDOP_FIGURES)
        if cdop.panels and len(members) == len(cdop.panels):
            yield Equation.total(f"{label} by panel", ("cdop", total_name), members)


def _cdop_panels(loaded: LoadedReport) -> Iterator[Found]:
    """Each panel's reviews, by category, age band and factor; the whole is the panels' sum."""
    cdop = loaded.report.cdop
    if cdop is None or not cdop.panels:
        return
    keys = panel_keys(loaded)
    reviews, modifiable, category_totals = [], [], []
    by_category: dict[str, list[FigureKey]] = {}
    by_band: dict[str, list[FigureKey]] = {}
    by_factor: dict[str, list[FigureKey]] = {}
    for i, name in keys:
        panel = cdop.panels[i]
        base: FigureKey = ("cdop", "panels", name)
        source: DataPath = ("cdop", "panels", i)
        panel_reviews: FigureKey | None = None
        if panel.reviews is not None:
            panel_reviews = (*base, "reviews")
            reviews.append(panel_reviews)
            yield Figure(
                panel_reviews,
                panel.reviews,
                f"child death reviews completed by the {panel.name}",
                (*source, "records" if panel.has_records else "reviews_stated"),
                protect=_CDOP_FIGURES | _PANELS,
            )
        if panel.with_modifiable_factors is not None:
            key = (*base, "with_modifiable_factors")
            modifiable.append(key)
            yield Figure(
                key,
                panel.with_modifiable_factors,
                f"reviews by the {panel.name} that found modifiable factors",
                (*source, "records" if panel.has_records else "modifiable_stated"),
                protect=_CDOP_FIGURES | _PANELS,
            )
        if panel.has_categories:
            members = []
            for category, count in panel.by_category.items():
                key = (*base, "by_category", category.value)
                members.append(key)
                by_category.setdefault(category.value, []).append(key)
                yield Figure(
                    key,
                    count,
                    f"reviews by the {panel.name} in the category {category.label!r}",
                    (*source, "records" if panel.has_records else "categories_stated"),
                    protect=frozenset({"cdop.categories"}),
                )
            total = (*base, "categories_total")
            category_totals.append(total)
            yield Figure(
                total,
                panel.categories_total,
                f"reviews by the {panel.name} over all categories",
                source,
                protect=frozenset({"cdop.categories"}),
            )
            yield Equation.total("a panel's child deaths by category", total, members)
            if panel_reviews is not None:
                yield Equation.total("a panel's child deaths by category", panel_reviews, [total])
        if panel.has_age_bands:
            members = []
            for band, count in panel.by_age_band.items():
                key = (*base, "by_age_band", band.value)
                members.append(key)
                by_band.setdefault(band.value, []).append(key)
                yield Figure(
                    key,
                    count,
                    f"reviews by the {panel.name} in the age band {band.value}",
                    (*source, "records" if panel.has_records else "age_bands_stated"),
                    protect=frozenset({"cdop.age-bands"}),
                )
            if panel_reviews is not None:
                yield Equation.total("a panel's child deaths by age band", panel_reviews, members)
        for factor, count in panel.factor_counts:
            key = (*base, "factor_counts", factor)
            by_factor.setdefault(factor, []).append(key)
            yield Figure(
                key,
                count,
                f"reviews by the {panel.name} that found the factor {factor!r}",
                (*source, "records" if panel.has_records else "factors_stated"),
                protect=frozenset({"cdop.factors"}),
            )
    whole = len(keys)
    if len(reviews) == whole:
        yield Equation.total("child deaths by panel", ("cdop", "reviews"), reviews)
    if len(modifiable) == whole:
        yield Equation.total("child deaths by panel", ("cdop", "with_modifiable_factors"), modifiable)
    if len(category_totals) == whole:
        yield Equation.total("child deaths by panel", ("cdop", "categories_total"), category_totals)
        for category_value, members in by_category.items():
            yield Equation.total("child deaths by panel", ("cdop", "by_category", category_value), members)
    if by_band and all(len(members) == whole for members in by_band.values()):
        for band_value, members in by_band.items():
            yield Equation.total("child deaths by panel", ("cdop", "by_age_band", band_value), members)
    for factor, members in by_factor.items():
        yield Equation.total("child deaths by panel", ("cdop", "factor_counts", factor), members)


def _cdop_factors(loaded: LoadedReport) -> Iterator[Found]:
    cdop = loaded.report.cdop
    if cdop is None:
        return
    for factor, count in cdop.factor_counts:
        yield Figure(
            ("cdop", "factor_counts", factor),
            count,
            f"child death reviews that found the factor {factor!r}",
            ("cdop", "records"),
            protect=frozenset({"cdop.factors"}),
        )


# --- training -----------------------------------------------------------------------------------------


def course_keys(loaded: LoadedReport) -> list[tuple[int, str]]:
    training = loaded.report.training
    if training is None:
        return []
    return list(enumerate(unique_names(training.courses, lambda c: c.name.casefold())))


def _training_courses(loaded: LoadedReport) -> Iterator[Found]:
    training = loaded.report.training
    if training is None or not training.courses:
        return
    protect = frozenset({"training.courses"})
    attendees, sessions = [], []
    for i, name in course_keys(loaded):
        course = training.courses[i]
        withheld = _withheld(course)
        key = ("training", "courses", name, "attendees")
        attendees.append(key)
        yield Figure(
            key,
            course.attendees,
            f"attendees of the course {course.name!r}",
            ("training", "courses", i, "attendees"),
            protect=protect,
            withheld=withheld,
        )
        key = ("training", "courses", name, "times_run")
        sessions.append(key)
        yield Figure(
            key,
            0 if course.times_run is None else course.times_run,
            f"the times the course {course.name!r} ran",
            ("training", "courses", i, "times_run"),
            protect=protect,
            withheld=withheld,
        )
    yield Figure(
        ("training", "attendees"),
        training.attendees,
        "attendees of all courses",
        ("training",),
        protect=protect,
    )
    yield Figure(
        ("training", "sessions"), training.sessions, "sessions of all courses", ("training",), protect=protect
    )
    yield Equation.total("training attendees by course", ("training", "attendees"), attendees)
    yield Equation.total("training sessions", ("training", "sessions"), sessions)
    if training.attendees_stated is not None:
        yield Figure(
            ("training", "attendees_stated"),
            training.attendees_stated,
            "the stated number of attendees",
            ("training", "attendees_stated"),
        )
        yield Equation.total("stated figure", ("training", "attendees_stated"), [("training", "attendees")])


def _training_agencies(loaded: LoadedReport) -> Iterator[Found]:
    training = loaded.report.training
    if training is None or not training.by_agency:
        return
    protect = frozenset({"training.agencies"})
    keys = []
    names = unique_names(training.by_agency, lambda a: a.agency)
    for i, (item, name) in enumerate(zip(training.by_agency, names, strict=True)):
        key = ("training", "by_agency", name, "attendees")
        keys.append(key)
        yield Figure(
            key,
            item.attendees,
            f"attendees from {name}",
            ("training", "by_agency", i, "attendees"),
            protect=protect,
            withheld=_withheld(item),
        )
    total = ("training", "attendees_by_agency")
    yield Figure(
        total, training.attendees_by_agency, "attendees of all agencies", ("training",), protect=protect
    )
    yield Equation.total("training attendees by agency", total, keys)
    if training.by_agency_stated is not None:
        yield Figure(
            ("training", "by_agency_stated"),
            training.by_agency_stated,
            "the stated number of attendees by agency",
            ("training", "by_agency_stated"),
        )
        yield Equation.total("stated figure", ("training", "by_agency_stated"), [total])
    if training.courses:
        yield Equation.total("both training tables count the same people", total, [("training", "attendees")])


def _training_quoted(loaded: LoadedReport) -> Iterator[Found]:
    """Figures a priority quotes for a course are that course's figures."""
    training = loaded.report.training
    if training is None:
        return
    names = {training.courses[i].name.casefold(): name for i, name in course_keys(loaded)}
    for t, theme in enumerate(loaded.report.priorities.themes):
        for p, priority in enumerate(theme.priorities):
            for s, quoted in enumerate(priority.training):
                course = names.get(quoted.course.casefold())
                if course is None:
                    continue
                for field in ("attendees", "times_run"):
                    value = getattr(quoted, field)
                    if value is None:
                        continue
                    path = ("priorities", "themes", t, "priorities", p, "training", s, field)
                    key = ("priorities", priority.id, "training", quoted.course.casefold(), field)
                    yield Figure(key, value, f"the {field.replace('_', ' ')} a priority quotes", path)
                    yield Equation.total("stated figure", key, [("training", "courses", course, field)])


# --- plugins' data -------------------------------------------------------------------------------------


def _plugin_figures(loaded: LoadedReport) -> Iterator[Found]:
    """Counts plugins mark with ``count_field(suppress=...)``, and the sums they declare."""
    for folder, files in loaded.plugin_data.items():
        for stem, value in files.items():
            yield from _walk_plugin(value, ("plugins", folder, stem), f"plugins.{folder}", False)


def _walk_plugin(obj: Any, path: DataPath, default_key: str, withheld: bool) -> Iterator[Found]:
    if isinstance(obj, tuple | list):
        for i, item in enumerate(obj):
            yield from _walk_plugin(item, (*path, i), default_key, withheld)
        return
    if not attrs.has(type(obj)):
        return
    withheld = withheld or _withheld(obj)
    sums: list[tuple[str, tuple[str, ...]]] = []
    for field in attrs.fields(type(obj)):
        value = getattr(obj, field.name)
        protect = field.metadata.get(SUPPRESS)
        if protect is not None and value is not None:
            key = protect if isinstance(protect, str) else default_key
            yield Figure(
                (*path, field.name),
                value,
                f"{'.'.join(str(p) for p in path[1:])}.{field.name}",
                (*path, field.name),
                protect=frozenset({key}),
                withheld=withheld,
                protect_by_default=bool(field.metadata.get(SUPPRESS_BY_DEFAULT)),
            )
        members = field.metadata.get(SUM_OF)
        if members:
            sums.append((field.name, tuple(members)))
        if attrs.has(type(value)) or isinstance(value, tuple | list):
            yield from _walk_plugin(value, (*path, field.name), default_key, withheld)
    label = ".".join(str(p) for p in path[1:])
    for total, members in sums:
        keys = [(*path, m) for m in members if getattr(obj, m, None) is not None]
        for name in (total, *members):
            value = getattr(obj, name, None)
            if value is not None:
                yield Figure((*path, name), value, f"{label}.{name}", (*path, name), withheld=withheld)
        yield Equation.total(f"{type(obj).__name__}.{total}", (*path, total), keys)


RELATIONS: list[Relation] = [
    Relation(
        "contributions total", "the contributions total is the sum of the contributions", _contributions
    ),
    Relation(
        "budget and spend totals",
        "the budget total is the sum of the lines' budgets; the spend total the sum of their spend",
        _lines,
    ),
    Relation(
        "variance", "a line's variance is its spend less its budget; so is the total variance", _variances
    ),
    Relation("other income total", "the other income total is the sum of the other income", _income),
    Relation(
        "carry forward",
        "carry forward out = carry forward in + contributions total + other income total - spend total",
        _carry_forward,
    ),
    Relation("stated money", "every stated money total equals the one worked out", _stated_money),
    Relation("child deaths by category", "reviews completed = the sum over the categories", _cdop_categories),
    Relation("child deaths by age band", "reviews completed = the sum over the age bands", _cdop_age_bands),
    Relation(
        "modifiable factors",
        "the share with modifiable factors is those reviews as a percentage of all",
        _cdop_modifiable,
    ),
    Relation("modifiable factors by factor", "counts of reviews finding each factor", _cdop_factors),
    Relation(
        "child deaths notified",
        "deaths notified (this period and the one before) are the sums over the panels",
        _cdop_notified,
    ),
    Relation(
        "child deaths by panel",
        "each panel's reviews are the sum over its categories and age bands; the whole is the panels' sum",
        _cdop_panels,
    ),
    Relation(
        "training by course",
        "attendees and sessions in all are the sums over the courses; a stated total equals it",
        _training_courses,
    ),
    Relation(
        "training by agency",
        "attendees by agency add up to the attendees by course; a stated total equals it",
        _training_agencies,
    ),
    Relation("training quoted", "figures a priority quotes for a course are that course's", _training_quoted),
    Relation("plugins' figures", "counts and sums plugins declare on their data", _plugin_figures),
]
"""Every relation lscb knows between the figures of a report."""


def register_relation(relation: Relation) -> None:
    """Add a relation (a later feature's figures and the sums they obey); a name already listed is replaced."""
    for i, known in enumerate(RELATIONS):
        if known.name == relation.name:
            RELATIONS[i] = relation
            return
    RELATIONS.append(relation)


def figures_of(loaded: LoadedReport, relations: Sequence[Relation] | None = None) -> Figures:
    """Every figure of ``loaded`` that a relation knows, with the equations and shares between them."""
    out = Figures()
    for relation in RELATIONS if relations is None else relations:
        for found in relation.find(loaded):
            out.add(found)
    return out
