"""A board-defined section as an edition shows it: what is withheld, what is suppressed, and the totals.

The section's build and the narrative see the same view, so a figure that the
public edition hides in a table is hidden in the text too. In the board edition
everything is shown as it is. In the public edition:

- a table, row or figure that is not for publication is left out (a
  ``public_summary`` is shown in its place), and totals are of what is shown;
  the public view keeps such a row empty in its place, so the table says how
  many rows it does not show;
- a board-audience section shows nothing;
- counts of people (a table or figure marked ``people``, or a table named in
  the settings' suppression tables as ``<key>.<table>``) from 1 to the
  threshold are shown as the suppression symbol, with the cells and totals that
  would give them away (complementary suppression, see ``suppression.py``,
  with every column's total, since the narrative can print any of them);
  a figure that is a table's total shows what the table's total shows.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from typing import Any, NoReturn

import attrs

from lscb_core._base.suppressed import Suppressed
from lscb_core._model.editions import Edition
from lscb_core._model.formatting import money, number, percent
from lscb_core._model.local_sections import (
    Audience,
    CellValue,
    Column,
    Figure,
    LocalSection,
    LocalTable,
    TableRow,
    ValueKind,
    template_name,
)
from lscb_core._model.period import PartialDate
from lscb_core._model.settings import Settings
from lscb_core._publication.suppression import Cell, SuppressedTable, SuppressionRule, suppress

__all__ = [
    "CountValue",
    "FigureView",
    "Hidden",
    "MoneyValue",
    "Names",
    "PercentValue",
    "SectionView",
    "TableView",
    "namespace",
    "section_view",
    "shown_text",
]


# --- values as the narrative sees them ------------------------------------------------


class CountValue(int):
    """A count: a whole number that prints as the report prints it (``1,234``) and works with filters."""

    def __str__(self) -> str:
        return number(int(self))


class MoneyValue(int):
    """An amount of money in whole pounds that prints as ``£48,311``."""

    def __str__(self) -> str:
        return money(int(self))


class PercentValue(float):
    """A percentage that prints as ``23%`` (``23.5%`` when it has a fraction)."""

    def __str__(self) -> str:
        return percent(float(self), 0 if float(self).is_integer() else 1)


class Hidden:
    """A value the public edition does not show: it prints as the suppression symbol or a neutral text.

    It holds no number. Arithmetic, comparison or a test of it in ``{% if %}``
    is an error at the narrative's line.
    """

    __slots__ = ("_name", "_text")

    def __init__(self, name: str, text: str) -> None:
        self._name = name
        self._text = text

    def __str__(self) -> str:
        return self._text

    def __repr__(self) -> str:
        return f"Hidden({self._name!r})"

    def __bool__(self) -> bool:
        raise TypeError(f"{self._name} is not shown in the public edition, so the narrative cannot test it")

    def _refuse(self, *_: object) -> NoReturn:
        raise TypeError(
            f"{self._name} is not shown in the public edition, so the narrative cannot work with it "
            "(no arithmetic, comparison or change)"
        )

    # Arithmetic and comparison are refused in words (Python's own message names the class).
    __add__ = __radd__ = __sub__ = __rsub__ = __mul__ = __rmul__ = _refuse
    __truediv__ = __rtruediv__ = __floordiv__ = __rfloordiv__ = __mod__ = __rmod__ = _refuse
    __pow__ = __rpow__ = __neg__ = __pos__ = __abs__ = _refuse
    __lt__ = __le__ = __gt__ = __ge__ = _refuse
    __int__ = __float__ = __index__ = __round__ = _refuse


class Names:
    """Values the narrative reaches by name: ``{{ lado.figures.referrals }}``.

    Only names given here can be reached (there are no methods to collide
    with a figure called ``items``); iterating gives the values in order.
    """

    __slots__ = ("_values", "_what")

    def __init__(self, what: str, values: Mapping[str, Any]) -> None:
        self._what = what
        self._values = dict(values)

    def __getattr__(self, name: str) -> Any:
        try:
            return self._values[name]
        except KeyError:
            raise AttributeError(f"{self._what} has no {name!r}") from None

    def __getitem__(self, name: str) -> Any:
        return self._values[name]

    def __iter__(self) -> Iterator[Any]:
        return iter(self._values.values())

    def __len__(self) -> int:
        return len(self._values)

    def __contains__(self, name: object) -> bool:
        return name in self._values

    def __repr__(self) -> str:
        return f"<{self._what}>"

    def _names(self) -> list[str]:
        """The names it has (for messages; templates cannot call it)."""
        return list(self._values)


def narrative_value(kind: ValueKind, value: CellValue | None) -> Any:
    """A value as the narrative gets it: numbers print as the report prints them, dates written out."""
    if value is None:
        return None
    if kind is ValueKind.COUNT and isinstance(value, int):
        return CountValue(value)
    if kind is ValueKind.MONEY and isinstance(value, int):
        return MoneyValue(value)
    if kind is ValueKind.PERCENT and isinstance(value, int | float):
        return PercentValue(value)
    return value


def shown_text(kind: ValueKind, value: CellValue | None) -> str:
    """A value as a table or figure prints it: ``1,234``, ``£48,311``, ``23%``, ``September 2015``."""
    if value is None:
        return "–"
    if kind is ValueKind.MONEY and isinstance(value, int):
        return money(value)
    if kind is ValueKind.PERCENT and isinstance(value, int | float):
        return str(PercentValue(value))
    if kind is ValueKind.COUNT and isinstance(value, int):
        return number(value)
    if isinstance(value, PartialDate):
        return value.text
    return str(value)


# --- the view --------------------------------------------------------------------------


@attrs.frozen
class FigureView:
    """A figure as the edition shows it: ``text`` printed beside its label, ``value`` for the narrative."""

    figure: Figure
    text: str
    value: Any
    suppressed: bool = False


@attrs.frozen
class TableView:
    """A table as the edition shows it: texts by row and column, the total row, and notes to print under it."""

    table: LocalTable
    headings: tuple[str, ...]
    numeric: tuple[bool, ...]
    rows: tuple[tuple[str, ...], ...]
    total: tuple[str, ...] | None
    withheld_rows: int
    suppressed: bool
    narrative: Names


@attrs.frozen
class SectionView:
    """What a board-defined section shows in one edition (nothing at all when it is not for this edition)."""

    key: str
    section: LocalSection
    shown: bool
    figures: tuple[FigureView, ...]
    tables: tuple[TableView, ...]
    withheld_tables: tuple[LocalTable, ...]

    def namespace(self) -> Names:
        return namespace(self)


def _rule(settings: Settings) -> SuppressionRule:
    return SuppressionRule(settings.suppression.threshold, settings.suppression.symbol)


def _protected(key: str, table: LocalTable, settings: Settings, edition: Edition) -> bool:
    rule = settings.suppression
    if edition is not Edition.PUBLIC or not rule.enabled:
        return False
    counted = any(c.kind is ValueKind.COUNT for c in table.columns)
    return counted and (table.people or f"{key}.{table.name}" in rule.tables)


@attrs.frozen
class _Protection:
    """A protected table's suppressed cells, by (row, column key), and its totals."""

    cells: Mapping[tuple[int, str], Cell]
    column_totals: Mapping[str, Cell]
    row_totals: Mapping[int, Cell]
    grand: Cell | None


def _protect(
    table: LocalTable, rows: Sequence[TableRow], rule: SuppressionRule, *, column_totals: bool
) -> _Protection:
    counted = [c.key for c in table.columns if c.kind is ValueKind.COUNT]
    grid = [[_count(row.get(k)) for k in counted] for row in rows]
    row_totals = table.total_column and all(c.kind is ValueKind.COUNT for c in table.row_summed)
    suppressed: SuppressedTable = suppress(
        grid,
        rule,
        row_totals=row_totals,
        column_totals=column_totals,
        grand_total=row_totals and column_totals,
    )
    cells = {(r, k): suppressed.cells[r][c] for r in range(len(rows)) for c, k in enumerate(counted)}
    totals = dict(zip(counted, suppressed.column_totals or (), strict=False))
    by_row = dict(enumerate(suppressed.row_totals or ()))
    return _Protection(cells, totals, by_row, suppressed.grand_total)


def _count(value: CellValue | None) -> int:
    return value if isinstance(value, int) and not isinstance(value, bool) else 0


def _table_view(
    key: str,
    table: LocalTable,
    rows: tuple[TableRow, ...],
    protection: _Protection | None,
    symbol: str,
) -> TableView:
    columns = list(table.columns)
    headings = [c.title for c in columns]
    numeric = [c.kind.numeric for c in columns]
    if table.total_column:
        headings.append("Total")
        numeric.append(True)
    row_kind = table.row_summed[0].kind if table.row_summed else ValueKind.COUNT

    def row_hides_a_count(r: int) -> bool:
        return protection is not None and any(
            cell.suppressed for (row, _), cell in protection.cells.items() if row == r
        )

    def cell(r: int, column: Column, row: TableRow) -> tuple[str, Any]:
        value = row.get(column.key)
        protected = protection.cells.get((r, column.key)) if protection is not None else None
        # A percentage in a row whose counts are hidden is worked out from them (a share of the row, of
        # a column's total): printed, it would give them back, so it is hidden with them.
        if (protected is not None and protected.suppressed) or (
            column.kind is ValueKind.PERCENT and value is not None and row_hides_a_count(r)
        ):
            return symbol, Hidden(f"{template_name(key)}.tables.{table.name}", symbol)
        return shown_text(column.kind, value), narrative_value(column.kind, value)

    texts: list[tuple[str, ...]] = []
    narrative_rows: list[Names] = []
    for r, row in enumerate(rows):
        pairs = [cell(r, column, row) for column in columns]
        values = {column.key: value for column, (_, value) in zip(columns, pairs, strict=True)}
        line = [text for text, _ in pairs]
        if table.total_column:
            hidden = (
                protection is not None and r in protection.row_totals and protection.row_totals[r].suppressed
            )
            line.append(symbol if hidden else shown_text(row_kind, table.row_total(row)))
            values["total"] = (
                Hidden("a row total", symbol) if hidden else narrative_value(row_kind, table.row_total(row))
            )
        texts.append(tuple(line))
        narrative_rows.append(Names(f"a row of {table.name}", values))

    totals: dict[str, Any] = {}
    total_texts: list[str] = []
    for c, column in enumerate(columns):
        if not column.kind.summed:
            total_texts.append("Total" if c == 0 else "")
            continue
        value = table.total(column.key, rows)
        total_cell = protection.column_totals.get(column.key) if protection is not None else None
        if total_cell is not None and total_cell.suppressed:
            total_texts.append(symbol)
            totals[column.key] = Hidden(f"the total of {column.key}", symbol)
        else:
            total_texts.append(shown_text(column.kind, value))
            totals[column.key] = narrative_value(column.kind, value)
    if table.total_column:
        grand = table.grand_total(rows)
        hidden = protection is not None and protection.grand is not None and protection.grand.suppressed
        total_texts.append(symbol if hidden else shown_text(row_kind, grand))
        totals["total"] = Hidden("the grand total", symbol) if hidden else narrative_value(row_kind, grand)
    suppressed = protection is not None and (
        any(c.suppressed for c in protection.cells.values())
        or any(c.suppressed for c in protection.column_totals.values())
        or any(c.suppressed for c in protection.row_totals.values())
    )
    narrative = Names(
        f"the table {table.name}",
        {
            "caption": table.caption,
            "rows": tuple(narrative_rows),
            "total": Names(f"the totals of {table.name}", totals),
        },
    )
    return TableView(
        table=table,
        headings=tuple(headings),
        numeric=tuple(numeric),
        rows=tuple(texts),
        total=tuple(total_texts) if table.total_row else None,
        withheld_rows=len(table.rows) - len(rows),
        suppressed=bool(suppressed),
        narrative=narrative,
    )


def section_view(key: str, section: LocalSection, settings: Settings, edition: Edition) -> SectionView:
    """The section as ``edition`` shows it (see the module's documentation)."""
    rule = _rule(settings)
    symbol = rule.symbol
    shown = edition is Edition.BOARD or section.audience is Audience.PUBLIC
    tables: list[TableView] = []
    withheld: list[LocalTable] = []
    protections: dict[str, tuple[tuple[TableRow, ...], _Protection | None]] = {}
    for table in section.tables:
        rows = tuple(row for row in table.rows if row.shown_in(edition))
        protection = None
        if _protected(key, table, settings, edition):
            # The narrative can print any column's total, so every one is protected with the cells.
            protection = _protect(table, rows, rule, column_totals=True)
        protections[table.name] = (rows, protection)
        if table.shown_in(edition):
            tables.append(_table_view(key, table, rows, protection, symbol))
        else:
            withheld.append(table)
    figures: list[FigureView] = []
    for figure in section.figures:
        name = f"{template_name(key)}.figures.{figure.name}"
        if not figure.shown_in(edition):
            if figure.public_summary:
                figures.append(FigureView(figure, figure.public_summary, figure.public_summary))
            continue
        target = section.totalled(figure)
        given: Any = figure.value
        if isinstance(given, Suppressed):
            figures.append(FigureView(figure, symbol, Hidden(name, symbol), suppressed=True))
            continue
        if target is not None and figure.value is None:
            # (In the public view, a figure that totals a table not for publication carries its value.)
            table, column = target
            rows, protection = protections[table.name]
            value: CellValue | None = table.total(column.key, rows)
            total_cell = protection.column_totals.get(column.key) if protection is not None else None
            if total_cell is not None and total_cell.suppressed:
                figures.append(FigureView(figure, symbol, Hidden(name, symbol), suppressed=True))
                continue
        else:
            value = figure.value
        small = (
            edition is Edition.PUBLIC
            and settings.suppression.enabled
            and figure.people
            and isinstance(value, int)
            and 1 <= value <= rule.threshold
        )
        if small:
            figures.append(FigureView(figure, symbol, Hidden(name, symbol), suppressed=True))
        else:
            figures.append(
                FigureView(figure, shown_text(figure.kind, value), narrative_value(figure.kind, value))
            )
    return SectionView(key, section, shown, tuple(figures), tuple(tables), tuple(withheld))


def namespace(view: SectionView) -> Names:
    """The names the narrative uses for a section: ``title``, ``figures.<name>``, ``tables.<name>...``."""
    what = f"the section {view.key}"
    name = template_name(view.key)

    def withheld(kind: str, item: str) -> Hidden:
        # Named for itself, so that an error says which figure or table the narrative used.
        return Hidden(f"{name}.{kind}.{item}", "(not published)")

    figures: dict[str, Any] = {f.name: withheld("figures", f.name) for f in view.section.figures}
    tables: dict[str, Any] = {t.name: withheld("tables", t.name) for t in view.section.tables}
    if view.shown:
        figures.update({f.figure.name: f.value for f in view.figures})
        tables.update({t.table.name: t.narrative for t in view.tables})
    return Names(
        what,
        {
            "title": view.section.title,
            "figures": Names(f"the figures of {view.key}", figures),
            "tables": Names(f"the tables of {view.key}", tables),
        },
    )
