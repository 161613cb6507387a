"""Sections a board declares as data: its own title, place, narrative, figures and tables.

A board adds a section of its own (a LADO annual report, private fostering, a
self-assessment) by writing ``sections/<key>.yaml`` in the period folder; no
code is needed. The section has a title and a place among the others (after or
before a section, or as an appendix), an audience (the public or only the
board), a narrative file, and figures and tables with typed values: counts,
money, percentages, text and dates. Totals are computed from the rows, and
checked against any the published report states; tables and figures that count
people can be protected by small-number suppression; rows, tables and figures
can be kept out of the public edition with ``visibility``.
"""

from __future__ import annotations

import difflib
import enum
import re
from collections.abc import Mapping
from typing import ClassVar, TypeAlias

import attrs

from lscb_core._base.charts import MAX_CATEGORIES, MAX_CHART_TEXT, MAX_SERIES, ChartKind
from lscb_core._base.locations import DataPath
from lscb_core._model.editions import Publishable
from lscb_core._model.period import PartialDate
from lscb_core._model.text import Markdown

__all__ = [
    "KEY_PATTERN",
    "NAME_PATTERN",
    "TEMPLATE_NAMES",
    "Audience",
    "CellValue",
    "Column",
    "Figure",
    "LocalSection",
    "LocalTable",
    "SumRelation",
    "TableChart",
    "TableRow",
    "ValueKind",
    "all_relations",
    "chart_problems",
    "relations",
    "template_name",
]

CellValue: TypeAlias = int | float | str | PartialDate
"""A value in a board-defined table or figure, of the type its kind says (see :class:`ValueKind`)."""

KEY_PATTERN = re.compile(r"[a-z][a-z0-9-]*")
"""A section's key (its file name without ``.yaml``): lower-case letters, digits and hyphens."""

NAME_PATTERN = re.compile(r"[a-z][a-z0-9_]*")
"""A figure's or a table's name, as the narrative uses it: lower-case letters, digits and underscores."""

COLUMN_PATTERN = re.compile(r"[a-z0-9_]+")
"""A column's key (a CSV or workbook heading becomes one: ``Times run`` is ``times_run``)."""


TEMPLATE_NAMES = frozenset(
    {
        "report",
        "plugins",
        "board_name",
        "report_title",
        "full_title",
        "footer_title",
        "report_name",
        "child_death_review",
        "period_long",
        "period_label",
        "edition",
        "edition_notice",
        "header_notice",
        "previous",
        "previous_period",
        "earlier",
    }
)
"""Names the narrative has besides the parts of the report; a section's key may not take one."""


def template_name(key: str) -> str:
    """The name a section has in narrative templates: its key with ``-`` written ``_`` (``private_fostering``)."""
    return key.replace("-", "_")


class ValueKind(enum.Enum):
    """What a figure or a column holds, and so how it is read and shown.

    ``count``: a whole number of people or events (``1,234``); ``money``: whole
    pounds (``£48,311``); ``percent``: a percentage from 0 to 100 (``23%``);
    ``text``; ``date`` (``2015-07-28``, ``2015-09`` or ``2015``).
    """

    COUNT = "count"
    MONEY = "money"
    PERCENT = "percent"
    TEXT = "text"
    DATE = "date"

    @property
    def summed(self) -> bool:
        """Whether values of this kind add up to a total (counts and money)."""
        return self in (ValueKind.COUNT, ValueKind.MONEY)

    @property
    def numeric(self) -> bool:
        return self in (ValueKind.COUNT, ValueKind.MONEY, ValueKind.PERCENT)


_PYTHON_TYPES: Mapping[ValueKind, tuple[type, ...]] = {
    ValueKind.COUNT: (int,),
    ValueKind.MONEY: (int,),
    ValueKind.PERCENT: (int, float),
    ValueKind.TEXT: (str,),
    ValueKind.DATE: (PartialDate,),
}


def check_value(kind: ValueKind, value: CellValue | None, what: str) -> None:
    """Raise ``ValueError`` unless ``value`` is of the type ``kind`` reads as (the loader reads it so)."""
    if value is None:
        return
    if isinstance(value, bool) or not isinstance(value, _PYTHON_TYPES[kind]):
        raise ValueError(f"{what} must be a {kind.value} value, got {value!r}")
    if kind.summed and isinstance(value, int) and value < 0:
        raise ValueError(f"{what} must be 0 or more, got {value}")
    if kind is ValueKind.PERCENT and isinstance(value, int | float) and not 0 <= value <= 100:
        raise ValueError(f"{what} must be a percentage from 0 to 100, got {value}")


class Audience(enum.Enum):
    """Who a section is for: ``public`` (both editions) or ``board`` (the board edition only)."""

    PUBLIC = "public"
    BOARD = "board"


@attrs.frozen(kw_only=True)
class Column:
    """A column of a board-defined table.

    ``key`` is the field name the rows use (a CSV or workbook heading
    ``Number of referrals`` reads as ``number_of_referrals``); ``heading`` is
    what the report prints above it (the key, written out, when not given);
    ``kind`` says what its cells hold.
    """

    key: str
    heading: str | None = None
    kind: ValueKind = ValueKind.TEXT

    @property
    def title(self) -> str:
        return self.heading or self.key.replace("_", " ").capitalize()


@attrs.frozen(kw_only=True)
class TableRow(Publishable):
    """One row of a board-defined table: a value for each column that has one."""

    values: Mapping[str, CellValue] = attrs.field(factory=dict)

    def get(self, key: str) -> CellValue | None:
        return self.values.get(key)


@attrs.frozen(kw_only=True)
class TableChart:
    """A chart of a board-defined table, drawn after it from the numbers the edition prints.

    ``kind`` is ``bar`` (the default), ``column`` or ``line``; ``series``
    names the columns to plot (every count, money or percentage column when
    not given), all of one kind; ``categories`` the column naming the bars or
    points (the first text column when not given). ``title`` defaults to the
    table's caption, ``value_title`` to the plotted column's heading (or to
    what the columns count), ``category_title`` to the categories' heading.
    ``stacked`` stacks the series, for parts of a whole (not a line chart).
    A chart may be written as just its kind: ``chart: column``.
    """

    WRITTEN_AS: ClassVar[str] = "kind"

    kind: ChartKind = ChartKind.BAR
    series: tuple[str, ...] = ()
    categories: str | None = None
    title: str | None = None
    value_title: str | None = None
    category_title: str | None = None
    stacked: bool = False

    def category_column(self, table: LocalTable) -> Column | None:
        """The column that names the categories: as given, else the table's first text column."""
        if self.categories is not None:
            return table.column(self.categories)
        return next((c for c in table.columns if c.kind is ValueKind.TEXT), None)

    def series_columns(self, table: LocalTable) -> tuple[Column, ...]:
        """The columns plotted, in order: as given (those that exist), else every numeric column."""
        if self.series:
            found = (table.column(key) for key in self.series)
            return tuple(c for c in found if c is not None)
        return tuple(c for c in table.columns if c.kind.numeric)


_KIND_WORDS: Mapping[ValueKind, str] = {
    ValueKind.COUNT: "counts",
    ValueKind.MONEY: "money",
    ValueKind.PERCENT: "percentages",
    ValueKind.TEXT: "text",
    ValueKind.DATE: "dates",
}


def _nearest(word: str, options: list[str]) -> str:
    close = difflib.get_close_matches(word, options, n=1, cutoff=0.6)
    return f" (did you mean {close[0]!r}?)" if close else ""


def chart_problems(table: LocalTable, chart: TableChart) -> list[tuple[DataPath, str]]:
    """What keeps ``chart`` from being drawn from ``table``: each with the path, within the chart, it is about."""
    out: list[tuple[DataPath, str]] = []
    keys = [c.key for c in table.columns]
    numeric = [c.key for c in table.columns if c.kind.numeric]
    if chart.categories is not None:
        column = table.column(chart.categories)
        if column is None:
            out.append(
                (
                    ("categories",),
                    f"the table {table.name!r} has no column {chart.categories!r}{_nearest(chart.categories, keys)}; its columns are {', '.join(keys)}",
                )
            )
        elif column.kind.numeric:
            out.append(
                (
                    ("categories",),
                    f"the column {column.key!r} holds {_KIND_WORDS[column.kind]}; the categories of a chart are named by a column of text (or dates)",
                )
            )
    elif chart.category_column(table) is None:
        out.append(((), f"the table {table.name!r} has no column of text to name the chart's categories"))
    for s, key in enumerate(chart.series):
        column = table.column(key)
        if column is None:
            out.append(
                (
                    ("series", s),
                    f"the table {table.name!r} has no column {key!r}{_nearest(key, numeric or keys)}; the columns a chart can plot are {', '.join(numeric) or 'none'}",
                )
            )
        elif not column.kind.numeric:
            out.append(
                (
                    ("series", s),
                    f"the column {key!r} holds {_KIND_WORDS[column.kind]}, which a chart cannot plot; it plots counts, money or percentages: {', '.join(numeric) or 'none here'}",
                )
            )
        elif chart.series.index(key) != s:
            out.append((("series", s), f"the column {key!r} is named twice in series"))
    series = tuple(c for c in chart.series_columns(table) if c.kind.numeric)
    where: DataPath = ("series",) if chart.series else ()
    if not chart.series and not series:
        out.append(((), f"the table {table.name!r} has no column of counts, money or percentages to plot"))
    kinds = list(dict.fromkeys(c.kind for c in series))
    if len(kinds) > 1:
        parts = [
            f"{_KIND_WORDS[kind]} ({', '.join(c.key for c in series if c.kind is kind)})" for kind in kinds
        ]
        out.append(
            (
                where,
                f"the chart would plot {' and '.join(parts)} against one axis; name columns of one kind in series",
            )
        )
    if len(series) > MAX_SERIES:
        out.append(
            (where, f"a chart can plot at most {MAX_SERIES} columns, not {len(series)}; name them in series")
        )
    if chart.stacked and chart.kind is ChartKind.LINE:
        out.append(
            (
                ("stacked",),
                "a line chart cannot be stacked; stack a bar or column chart to show parts of a whole",
            )
        )
    if len(table.rows) > MAX_CATEGORIES:
        out.append(
            (
                (),
                f"a chart can show at most {MAX_CATEGORIES} rows and this table has {len(table.rows)}; chart a shorter table",
            )
        )
    for name, given in (
        ("title", chart.title),
        ("value_title", chart.value_title),
        ("category_title", chart.category_title),
    ):
        if given is not None and len(given) > MAX_CHART_TEXT:
            out.append(
                (
                    (name,),
                    f"a chart's {name.replace('_', ' ')} can be at most {MAX_CHART_TEXT} characters, not {len(given):,}",
                )
            )
    if chart.title is None and len(table.caption) > MAX_CHART_TEXT:
        out.append(
            (
                (),
                f"the table's caption ({len(table.caption):,} characters) is too long to be the chart's title; give the chart a title of at most {MAX_CHART_TEXT} characters",
            )
        )
    named_by = chart.category_column(table)
    if named_by is not None:
        for r, row in enumerate(table.rows):
            label = row.get(named_by.key)
            if isinstance(label, str) and len(label) > MAX_CHART_TEXT:
                out.append(
                    (
                        (),
                        f"row {r + 1}'s {named_by.title!r} ({len(label):,} characters) is too long to name a bar of a chart; a chart's categories are at most {MAX_CHART_TEXT} characters",
                    )
                )
                break
    return out


@attrs.frozen(kw_only=True)
class LocalTable(Publishable):
    """A table of a board-defined section.

    ``total_row`` adds a row totalling every count and money column;
    ``total_column`` a column totalling each row's counts (or money).
    ``people``: the counts are of children, families or other people, so
    small ones are suppressed in the public edition. ``totals_stated`` holds,
    by column key, totals the published report states (checked against the
    sum of the rows, never shown). ``description`` is Markdown shown before
    the table; ``notes`` are printed under it. ``charts`` are drawn after it
    (``chart:`` in a section's file declares one).
    """

    withheld_keeps: ClassVar[tuple[str, ...]] = ("name", "caption", "columns")

    name: str
    caption: str
    columns: tuple[Column, ...]
    rows: tuple[TableRow, ...] = ()
    total_row: bool = False
    total_column: bool = False
    people: bool = False
    totals_stated: Mapping[str, int] = attrs.field(factory=dict)
    description: Markdown | None = None
    notes: tuple[str, ...] = ()
    charts: tuple[TableChart, ...] = ()

    def __attrs_post_init__(self) -> None:
        keys = {c.key for c in self.columns}
        if len(keys) != len(self.columns):
            raise ValueError(f"the table {self.name!r} has two columns with the same key")
        for chart in self.charts:
            for _, problem in chart_problems(self, chart):
                raise ValueError(f"a chart of the table {self.name!r}: {problem}")
        for i, row in enumerate(self.rows):
            for key, value in row.values.items():
                column = self.column(key)
                if column is None:
                    raise ValueError(f"row {i + 1} of the table {self.name!r} has no column {key!r}")
                check_value(column.kind, value, key)

    def column(self, key: str) -> Column | None:
        return next((c for c in self.columns if c.key == key), None)

    @property
    def summed(self) -> tuple[Column, ...]:
        """The columns that add up: counts and money."""
        return tuple(c for c in self.columns if c.kind.summed)

    @property
    def row_summed(self) -> tuple[Column, ...]:
        """The columns the total column adds up: the counts, or the money when there are no counts."""
        counts = tuple(c for c in self.columns if c.kind is ValueKind.COUNT)
        return counts or tuple(c for c in self.columns if c.kind is ValueKind.MONEY)

    def total(self, key: str, rows: tuple[TableRow, ...] | None = None) -> int:
        """The sum of a column over ``rows`` (all of them when not given); a missing value counts as 0."""
        return sum(_whole(row.get(key)) for row in (self.rows if rows is None else rows))

    def row_total(self, row: TableRow) -> int:
        return sum(_whole(row.get(c.key)) for c in self.row_summed)

    def grand_total(self, rows: tuple[TableRow, ...] | None = None) -> int:
        return sum(self.row_total(row) for row in (self.rows if rows is None else rows))


def _whole(value: CellValue | None) -> int:
    return value if isinstance(value, int) and not isinstance(value, bool) else 0


@attrs.frozen(kw_only=True)
class Figure(Publishable):
    """A single figure of a board-defined section: ``Allegations referred to the LADO: 412``.

    ``name`` is how the narrative uses it (``{{ lado.figures.referrals }}``),
    ``label`` what the report prints beside it. Either ``value`` gives it, or
    ``total_of`` names a table's column (``by_sector.referrals``) whose total
    it is, and ``value_stated`` is then the figure the published report
    states, checked against that total. ``people``: it counts people, so a
    small one is suppressed in the public edition. ``headline``: drawn large,
    at the top of the section.
    """

    withheld_keeps: ClassVar[tuple[str, ...]] = ("name", "label", "kind")

    name: str
    label: str
    kind: ValueKind = ValueKind.COUNT
    value: CellValue | None = None
    total_of: str | None = None
    value_stated: int | None = None
    people: bool = False
    headline: bool = False

    def __attrs_post_init__(self) -> None:
        check_value(self.kind, self.value, self.name)


@attrs.frozen(kw_only=True)
class LocalSection:
    """A section a board declares in ``sections/<key>.yaml``.

    ``after`` or ``before`` names the section it follows or precedes;
    ``appendix`` makes it an appendix (numbered with the others, at the end
    unless ``after`` or ``before`` says where). ``audience: board`` keeps the
    whole section out of the public edition. ``narrative`` names its file in
    ``narrative/`` (``<key>.md`` when not given). ``covers`` names items of
    the statutory profile that this section satisfies (``lscb check`` lists
    them).
    """

    title: str
    after: str | None = None
    before: str | None = None
    appendix: bool = False
    audience: Audience = Audience.PUBLIC
    narrative: str | None = None
    figures: tuple[Figure, ...] = ()
    tables: tuple[LocalTable, ...] = ()
    covers: tuple[str, ...] = ()

    def table(self, name: str) -> LocalTable | None:
        return next((t for t in self.tables if t.name == name), None)

    def totalled(self, figure: Figure) -> tuple[LocalTable, Column] | None:
        """The table and column a figure is the total of, if it is one (and they exist)."""
        if figure.total_of is None or "." not in figure.total_of:
            return None
        table_name, _, key = figure.total_of.partition(".")
        table = self.table(table_name)
        column = table.column(key) if table is not None else None
        if table is None or column is None:
            return None
        return table, column

    def value(self, figure: Figure) -> CellValue | None:
        """A figure's value: as given, or the total of the column it totals.

        (In the public view, a figure that totals a table not for publication
        is given the value the public edition prints.)
        """
        totalled = self.totalled(figure)
        if totalled is None or figure.value is not None:
            return figure.value
        table, column = totalled
        return table.total(column.key)


@attrs.frozen
class SumRelation:
    """``total`` is the sum of ``parts``: a relation by which a hidden figure could be worked out.

    Paths are data paths into the report; totals that are computed, not
    stored, have paths of their own (``...tables.0.total.referrals`` for a
    column's total, ``...rows.3.total`` for a row's, ``...total.total`` for the
    grand total).
    """

    total: DataPath
    parts: tuple[DataPath, ...]


def relations(key: str, section: LocalSection) -> list[SumRelation]:
    """Every sum a board-defined section publishes: totals of its tables and the figures that are totals."""
    base: DataPath = ("sections", key)
    out: list[SumRelation] = []
    for t, table in enumerate(section.tables):
        at: DataPath = (*base, "tables", t)

        def cell(r: int, column: str, at: DataPath = at) -> DataPath:
            return (*at, "rows", r, "values", column)

        for column in table.summed:
            total: DataPath = (*at, "total", column.key)
            parts = tuple(cell(r, column.key) for r in range(len(table.rows)))
            out.append(SumRelation(total, parts))
            if column.key in table.totals_stated:
                out.append(SumRelation((*at, "totals_stated", column.key), (total,)))
        if table.total_column:
            keys = [c.key for c in table.row_summed]
            row_totals = []
            for r in range(len(table.rows)):
                row_total: DataPath = (*at, "rows", r, "total")
                row_totals.append(row_total)
                out.append(SumRelation(row_total, tuple(cell(r, k) for k in keys)))
            grand: DataPath = (*at, "total", "total")
            out.append(SumRelation(grand, tuple(row_totals)))
            out.append(SumRelation(grand, tuple((*at, "total", k) for k in keys)))
    for f, figure in enumerate(section.figures):
        totalled = section.totalled(figure)
        if totalled is None:
            continue
        table, column = totalled
        t = section.tables.index(table)
        total = (*base, "tables", t, "total", column.key)
        out.append(SumRelation((*base, "figures", f, "value"), (total,)))
        if figure.value_stated is not None:
            out.append(SumRelation((*base, "figures", f, "value_stated"), (total,)))
    return out


def all_relations(sections: Mapping[str, LocalSection]) -> list[SumRelation]:
    """The sums of every board-defined section of a report (``report.sections``)."""
    return [relation for key, section in sections.items() for relation in relations(key, section)]
