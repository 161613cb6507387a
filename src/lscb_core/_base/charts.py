"""What a chart shows, independent of how it is drawn: a Word chart, an SVG picture, a data table.

A :class:`ChartSpec` holds the figures of a bar, column or line chart as the
edition prints them: a value a table shows as the suppression symbol, or one
with no figure, is a :class:`Gap` and is never plotted. The alternative text
is written from the data by :func:`alt_text`: what the chart shows and its
main finding, and which values are not plotted.

Series over years (trends) are a chart whose categories are periods in order,
earliest first (``over_time=True``); the alternative text then says how each
series rose or fell.

No pie charts: comparing angles is hard, and a bar chart of the same parts
reads better.
"""

from __future__ import annotations

import enum
import math
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import Any, TypeAlias

import attrs

__all__ = [
    "MAX_CATEGORIES",
    "MAX_CHART_TEXT",
    "MAX_SERIES",
    "MAX_TABLE_CHARTS",
    "ChartKind",
    "ChartSpec",
    "ChartUnit",
    "Gap",
    "PrintedTotal",
    "Series",
    "Value",
    "alt_text",
    "default_height_cm",
    "format_value",
    "left_out_note",
    "without_partial_stacks",
]

MAX_SERIES = 6
"""A chart has at most this many series: one for each accent colour of a theme."""
MAX_CATEGORIES = 60
"""A chart has at most this many categories; more would not be readable."""
MAX_CHART_TEXT = 200
"""A chart's titles and the names of its categories are at most this many characters (more cannot be
read on a chart, and LibreOffice takes minutes to lay out a very long one)."""
MAX_TABLE_CHARTS = 6
"""A table of a board's own section can have at most this many charts."""


class ChartKind(enum.Enum):
    BAR = "bar"
    """Horizontal bars: categories down the side (best for long category names)."""
    COLUMN = "column"
    """Vertical bars: categories along the bottom (few, short categories)."""
    LINE = "line"
    """A line for each series: values over time."""


class ChartUnit(enum.Enum):
    COUNT = "count"
    MONEY = "money"
    """Pounds sterling."""
    PERCENT = "percent"
    """Percentage points: 12.5 is 12.5%."""


class Gap(enum.Enum):
    """A value that is not plotted."""

    SUPPRESSED = "suppressed"
    """Hidden to protect children and families (the table shows the suppression symbol)."""
    UNAVAILABLE = "unavailable"
    """There is no figure (not collected that year, for example)."""


Value: TypeAlias = int | float | Gap
"""One value of a series: a number as printed, or a :class:`Gap`."""


def _text(instance: object, attribute: attrs.Attribute[str], value: str) -> None:
    if not isinstance(value, str) or not value.strip():
        raise ValueError(f"a chart's {attribute.name.replace('_', ' ')} must not be empty")


def _values(value: Iterable[Any]) -> tuple[Value, ...]:
    return tuple(value)


def _names(value: Iterable[str]) -> tuple[str, ...]:
    return tuple(value)


def _series(value: Iterable[Series]) -> tuple[Series, ...]:
    return tuple(value)


def _check_value(value: object) -> None:
    if isinstance(value, Gap):
        return
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise TypeError(f"a chart value must be a number or a Gap, got {value!r}")
    if not math.isfinite(value):
        raise ValueError(f"a chart value must be a finite number, got {value!r}")


@attrs.frozen
class Series:
    """A named row of values, one for each category of the chart."""

    name: str = attrs.field(validator=_text)
    values: tuple[Value, ...] = attrs.field(converter=_values)

    def __attrs_post_init__(self) -> None:
        for value in self.values:
            _check_value(value)


@attrs.frozen
class PrintedTotal:
    """A sum a chart prints without printing it as a number: the length of a stacked bar.

    ``category`` is the index of the bar; ``series`` the indexes of the
    segments stacked in it, suppressed ones included. For the
    publication-safety solver this is a published total of those cells, as a
    table's row total would be.
    """

    category: int
    series: tuple[int, ...]


@attrs.frozen(kw_only=True)
class ChartSpec:
    """A bar, column or line chart: its titles, categories and series, and what its values are.

    ``stacked`` stacks the series in each category, for data that are parts of
    a whole (not for line charts). ``over_time`` says the categories are
    periods, earliest first. ``note`` is shown under the chart (where the
    figures come from, for example).
    """

    kind: ChartKind
    title: str = attrs.field(validator=_text)
    category_title: str = attrs.field(validator=_text)
    value_title: str = attrs.field(validator=_text)
    categories: tuple[str, ...] = attrs.field(converter=_names)
    series: tuple[Series, ...] = attrs.field(converter=_series)
    unit: ChartUnit = ChartUnit.COUNT
    stacked: bool = False
    over_time: bool = False
    note: str | None = None

    def __attrs_post_init__(self) -> None:
        if not self.categories:
            raise ValueError("a chart needs at least one category")
        if len(self.categories) > MAX_CATEGORIES:
            raise ValueError(
                f"a chart can have at most {MAX_CATEGORIES} categories, not {len(self.categories)}"
            )
        if any(not isinstance(c, str) or not c.strip() for c in self.categories):
            raise ValueError("every category of a chart needs a name")
        if not self.series:
            raise ValueError("a chart needs at least one series")
        if len(self.series) > MAX_SERIES:
            raise ValueError(f"a chart can have at most {MAX_SERIES} series, not {len(self.series)}")
        for series in self.series:
            if len(series.values) != len(self.categories):
                raise ValueError(
                    f"the series {series.name!r} has {len(series.values)} values but the chart has {len(self.categories)} categories"
                )
        if self.stacked and self.kind is ChartKind.LINE:
            raise ValueError("a line chart cannot be stacked; use a bar or column chart for parts of a whole")
        if self.stacked and any(v < 0 for _, _, v in self.plotted()):
            raise ValueError("a stacked chart shows parts of a whole, which cannot be negative")
        broken = self.partly_suppressed()
        if self.stacked and len(self.series) > 1 and broken:
            raise ValueError(
                f"a stacked bar's length is the sum of its parts, so a bar with a suppressed part cannot be drawn "
                f"({', '.join(self.categories[c] for c in broken)}); leave the category out (see without_partial_stacks)"
            )

    def partly_suppressed(self) -> tuple[int, ...]:
        """The categories with a suppressed value and a value drawn: in a stacked chart, bars that cannot be drawn."""
        out = []
        for c in range(len(self.categories)):
            values = [series.values[c] for series in self.series]
            if Gap.SUPPRESSED in values and any(not isinstance(v, Gap) for v in values):
                out.append(c)
        return tuple(out)

    def plotted(self) -> Iterator[tuple[int, int, float]]:
        """``(series, category, value)`` for every value drawn."""
        for s, series in enumerate(self.series):
            for c, value in enumerate(series.values):
                if not isinstance(value, Gap):
                    yield s, c, value

    def gaps(self) -> list[tuple[int, int, Gap]]:
        """``(series, category, gap)`` for every value not drawn."""
        return [
            (s, c, value)
            for s, series in enumerate(self.series)
            for c, value in enumerate(series.values)
            if isinstance(value, Gap)
        ]

    @property
    def suppressed(self) -> bool:
        """Whether any value is hidden to protect children and families."""
        return any(gap is Gap.SUPPRESSED for _, _, gap in self.gaps())

    def printed_totals(self) -> tuple[PrintedTotal, ...]:
        """The sums a reader can measure off the chart beyond its single values.

        A stacked bar prints its length, the sum of its segments: a stacked bar
        with a suppressed segment would print a total with a hidden member (with
        the category's row total, or its other segments, that gives the hidden
        one away, or narrows it). So a stacked chart refuses such a bar (see
        :meth:`partly_suppressed` and :func:`without_partial_stacks`): every
        printed total here is a sum of values the chart and its table print,
        and tells the publication-safety solver nothing new (a category whose
        parts are all suppressed draws no bar and prints no total). Unstacked
        charts print only their single values.
        """
        if not self.stacked or len(self.series) < 2:
            return ()
        every = tuple(range(len(self.series)))
        return tuple(
            PrintedTotal(c, every)
            for c in range(len(self.categories))
            if all(series.values[c] is not Gap.SUPPRESSED for series in self.series)
        )


def without_partial_stacks(spec_fields: Mapping[str, Any]) -> tuple[dict[str, Any], tuple[str, ...]]:
    """A stacked chart's fields with every category that has a suppressed part left out, and those categories.

    ``spec_fields`` are :class:`ChartSpec`'s keyword arguments. A category
    whose parts are all suppressed stays (it draws nothing). The caller says
    under the chart which categories are left out (:func:`left_out_note`).
    """
    fields = dict(spec_fields)
    categories = tuple(fields["categories"])
    series: list[Series] = list(fields["series"])
    if not fields.get("stacked") or len(series) < 2:
        return fields, ()
    keep = []
    for c in range(len(categories)):
        values = [s.values[c] for s in series]
        if Gap.SUPPRESSED in values and any(not isinstance(v, Gap) for v in values):
            continue
        keep.append(c)
    if len(keep) == len(categories):
        return fields, ()
    fields["categories"] = tuple(categories[c] for c in keep)
    fields["series"] = tuple(Series(s.name, tuple(s.values[c] for c in keep)) for s in series)
    return fields, tuple(categories[c] for c, _ in enumerate(categories) if c not in keep)


def left_out_note(left_out: Sequence[str]) -> str:
    """What a stacked chart says under it about the bars it leaves out."""
    one = len(left_out) == 1
    return (
        f"{'The bar' if one else 'The bars'} for {_join(list(left_out))} {'is' if one else 'are'} not drawn: "
        f"a part of {'it' if one else 'each'} is hidden to protect children and families, and a bar's length "
        "would give it away. The table gives the figures that can be shown."
    )


def default_height_cm(spec: ChartSpec, width_cm: float = 16.0) -> float:
    """A height that gives each bar room: horizontal bars grow with the categories."""
    if spec.kind is ChartKind.BAR:
        bars = len(spec.categories) * (1 if spec.stacked else len(spec.series))
        legend = 1.0 if len(spec.series) > 1 else 0.0
        return round(min(22.0, max(6.0, 3.0 + legend + 0.75 * bars)), 2)
    return round(min(12.0, max(7.0, width_cm * 0.58)), 2)


def format_value(value: float, unit: ChartUnit) -> str:
    """A value as the report writes it: ``1,234``, ``£1,234``, ``12.5%``."""
    whole = float(value).is_integer()
    if unit is ChartUnit.MONEY:
        amount = f"£{abs(value):,.0f}" if whole else f"£{abs(value):,.2f}"
        return f"-{amount}" if value < 0 else amount
    text = f"{value:,.0f}" if whole else f"{value:,.1f}"
    return f"{text}%" if unit is ChartUnit.PERCENT else text


_KIND_WORDS = {ChartKind.BAR: "Bar chart", ChartKind.COLUMN: "Column chart", ChartKind.LINE: "Line chart"}
_LISTED = 5
"""At most this many names are listed in a sentence of the alternative text."""


def _lower_first(text: str) -> str:
    # "Reviews by age" reads "reviews by age" mid-sentence; "CDOP reviews" keeps its capitals.
    if len(text) > 1 and text[0].isupper() and not text[1].isupper():
        return text[0].lower() + text[1:]
    return text


def _join(items: Sequence[str]) -> str:
    items = list(items)
    if len(items) > _LISTED:
        rest = len(items) - (_LISTED - 1)
        items = [*items[: _LISTED - 1], f"{rest} more"]
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def _sentence(text: str) -> str:
    text = text.strip()
    return text[:1].upper() + text[1:] + ("" if text.endswith((".", "?", "!")) else ".")


def alt_text(spec: ChartSpec) -> str:
    """Alternative text for the chart: what it shows, its main finding, and what is not plotted."""
    kind = _KIND_WORDS[spec.kind]
    if spec.stacked:
        kind = "Stacked " + _lower_first(kind)
    names = [s.name for s in spec.series]
    opening = f"{kind} of {_lower_first(spec.title.strip().rstrip('.'))}"
    if len(names) > 1:
        opening += f", showing {_join(names)} for each {_lower_first(spec.category_title)}"
    sentences = [_sentence(opening)]
    if spec.over_time:
        sentences += _trend_sentences(spec)
    elif spec.stacked and len(spec.series) > 1:
        sentences += _stacked_sentences(spec)
    else:
        sentences += _category_sentences(spec)
    sentences += _gap_sentences(spec)
    sentences.append("The figures are also given in a table.")
    return " ".join(s for s in sentences if s)


def _present(spec: ChartSpec, s: int) -> list[tuple[str, float]]:
    return [
        (category, value)
        for category, value in zip(spec.categories, spec.series[s].values, strict=True)
        if not isinstance(value, Gap)
    ]


def _trend_sentences(spec: ChartSpec) -> list[str]:
    out = []
    for s, series in enumerate(spec.series[:3]):
        points = _present(spec, s)
        name = series.name if len(spec.series) > 1 else _lower_first(series.name)
        if not points:
            continue
        if len(points) == 1:
            (when, value), *_ = points
            out.append(_sentence(f"{name}: {format_value(value, spec.unit)} in {when}, the only year shown"))
            continue
        (start, first), (end, last) = points[0], points[-1]
        a, b = format_value(first, spec.unit), format_value(last, spec.unit)
        if last > first:
            change = f"rose from {a} in {start} to {b} in {end}"
        elif last < first:
            change = f"fell from {a} in {start} to {b} in {end}"
        else:
            change = f"was {b} in both {start} and {end}"
        top_when, top = max(points, key=lambda p: p[1])
        if top > max(first, last):
            change += f", peaking at {format_value(top, spec.unit)} in {top_when}"
        out.append(_sentence(f"{name} {change}"))
    if len(spec.series) > 3:
        out.append(f"{len(spec.series) - 3} more series are in the table.")
    return out


def _plural(noun: str) -> str:
    """``agency`` -> ``agencies``, ``budget line`` -> ``budget lines``, ``category of death`` -> ``categories of death``."""
    head, of, tail = noun.partition(" of ")
    words = head.split(" ")
    last = words[-1]
    if last.endswith("y") and len(last) > 1 and last[-2] not in "aeiou":
        last = last[:-1] + "ies"
    elif last.endswith(("s", "x", "ch", "sh")):
        last += "es"
    else:
        last += "s"
    return " ".join([*words[:-1], last]) + (of + tail if of else "")


def _extremes(
    points: Sequence[tuple[str, float]], unit: ChartUnit, noun: str, *, suffix: str = ""
) -> list[str]:
    if not points:
        return []
    if len(points) == 1:
        (name, value), *_ = points
        return [f"{name}: {format_value(value, unit)}{suffix}."]
    top = max(value for _, value in points)
    bottom = min(value for _, value in points)
    if top == bottom:
        return [_sentence(f"every {noun} shown has {format_value(top, unit)}{suffix}")]

    def ranked(word: str, value: float) -> str:
        names = [name for name, v in points if v == value]
        if len(names) == 1:
            return f"{word.capitalize()}: {names[0]}, with {format_value(value, unit)}{suffix}."
        return f"Joint {word}, with {format_value(value, unit)}{suffix} each: {_join(names)}."

    out = [ranked("largest", top)]
    if len(points) > 2:
        out.append(ranked("smallest", bottom))
    return out


def _category_sentences(spec: ChartSpec) -> list[str]:
    noun = _lower_first(spec.category_title)
    if len(spec.series) == 1:
        return _extremes(_present(spec, 0), spec.unit, noun)
    out = []
    for s, series in enumerate(spec.series[:2]):
        points = _present(spec, s)
        if points:
            top = max(value for _, value in points)
            leaders = [name for name, value in points if value == top]
            out.append(f"Largest {series.name}: {_join(leaders)}, with {format_value(top, spec.unit)}.")
    if len(spec.series) == 2:
        first, second = spec.series
        both = [
            (name, a, b)
            for name, a, b in zip(spec.categories, first.values, second.values, strict=True)
            if not isinstance(a, Gap) and not isinstance(b, Gap)
        ]
        higher = [name for name, a, b in both if b > a]
        if both and higher:
            out.append(
                _sentence(
                    f"{second.name} is higher than {first.name} for {len(higher)} of the {len(both)} "
                    f"{noun if len(both) == 1 else _plural(noun)} with both: {_join(higher)}"
                )
            )
        elif both:
            out.append(_sentence(f"{second.name} is not higher than {first.name} for any {noun}"))
    return out


def _stacked_sentences(spec: ChartSpec) -> list[str]:
    totals: dict[int, float] = {}
    for _, c, value in spec.plotted():
        totals[c] = totals.get(c, 0) + value
    # A bar with a segment missing is not its category's whole: it is left out of the comparison.
    for _, c, _gap in spec.gaps():
        totals.pop(c, None)
    points = [(spec.categories[c], total) for c, total in sorted(totals.items())]
    return _extremes(points, spec.unit, _lower_first(spec.category_title), suffix=" in all")


def _gap_sentences(spec: ChartSpec) -> list[str]:
    out = []
    for gap, why in (
        (Gap.SUPPRESSED, "hidden to protect children and families, and not plotted"),
        (Gap.UNAVAILABLE, "not available, and not plotted"),
    ):
        places = [
            spec.categories[c] if len(spec.series) == 1 else f"{spec.series[s].name}, {spec.categories[c]}"
            for s, c, g in spec.gaps()
            if g is gap
        ]
        if places:
            count = "1 value is" if len(places) == 1 else f"{len(places)} values are"
            out.append(f"{count} {why} ({_join(places)}).")
    return out
