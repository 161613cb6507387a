"""Reading the sections a board declares in ``sections/<key>.yaml``: typed figures and tables, located errors.

A section's file is read like any other (tables may come from CSV or XLSX
with ``rows_from``); then each figure's value and each cell is read as its
kind says (a count, money, a percentage, text or a date), and every mistake is
reported at the place the author wrote it.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Mapping
from typing import Any

import attrs

from lscb_core._base.charts import MAX_TABLE_CHARTS, ChartKind
from lscb_core._base.findings import Finding, Level, LoadError
from lscb_core._base.locations import DataPath, Location, SourceMap
from lscb_core._base.quantities import Count, Money, Percent
from lscb_core._model.convert import describe, structure
from lscb_core._model.local_sections import (
    COLUMN_PATTERN,
    NAME_PATTERN,
    CellValue,
    Figure,
    LocalSection,
    LocalTable,
    TableChart,
    TableRow,
    ValueKind,
    chart_problems,
)
from lscb_core._model.period import PartialDate

__all__ = ["ROW_KEYS", "SECTIONS_DIR", "structure_section"]

SECTIONS_DIR = "sections"
"""The folder of a period that holds the board's own sections, one YAML file each."""

ROW_KEYS = ("visibility", "public_summary")
"""Keys a table row may have besides its columns."""

_TIME = re.compile(
    r"\b(?:1[89]|20)\d\d\b|\bq[1-4]\b|\b(?:year|quarter|month|week|term|day)s?\b"
    r"|\b(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\b",
    re.IGNORECASE,
)
"""Words that say a category is a time: a year, a quarter, a month, or a word for a span of time."""

_TYPES: Mapping[ValueKind, Any] = {
    ValueKind.COUNT: Count,
    ValueKind.MONEY: Money,
    ValueKind.PERCENT: Percent,
    ValueKind.TEXT: str,
    ValueKind.DATE: PartialDate,
}


class _Reader:
    def __init__(self, key: str, sources: SourceMap) -> None:
        self.key = key
        self.base: DataPath = ("sections", key)
        self.sources = sources
        self.errors: list[Finding] = []
        self.warnings: list[Finding] = []

    def error(self, path: DataPath, message: str, *, at_key: bool = False) -> None:
        self.errors.append(self._finding(Level.ERROR, "sections.invalid", path, message, at_key=at_key))

    def warn(self, code: str, path: DataPath, message: str, *, at_key: bool = False) -> None:
        self.warnings.append(self._finding(Level.WARNING, code, path, message, at_key=at_key))

    def _finding(self, level: Level, code: str, path: DataPath, message: str, *, at_key: bool) -> Finding:
        where = self.sources.locate_key(path) if at_key else self.sources.locate(path)
        return Finding(level=level, code=code, message=message, path=path, location=where)

    def typed(self, value: Any, kind: ValueKind, path: DataPath) -> CellValue | None:
        try:
            result: CellValue = structure(value, _TYPES[kind], self.sources, path)
        except LoadError as exc:
            self.errors.extend(exc.findings)
            return None
        return result

    # --- the section ---------------------------------------------------------------

    def read(self, raw: Any) -> LocalSection | None:
        if not isinstance(raw, dict):
            where = self.sources.locate(self.base) or Location("?")
            if raw is None:
                self.errors.append(
                    Finding(
                        level=Level.ERROR,
                        code="sections.invalid",
                        message="this section's file is empty: a section needs at least a title, and a place (after, before or appendix)",
                        location=where,
                    )
                )
                return None
            self.errors.append(
                Finding(
                    level=Level.ERROR,
                    code="sections.invalid",
                    message=f"a section's file must be a mapping of keys to values (title, after, figures, tables ...), got {describe(raw)}",
                    location=where._replace(line=where.line or 1, column=where.column or 1),
                )
            )
            return None
        raw = dict(raw)
        figures_raw = _list(raw.get("figures"))
        tables_raw = _list(raw.get("tables"))
        values: dict[int, Any] = {}
        rows: dict[int, Any] = {}
        charts: dict[int, Any] = {}
        if figures_raw is not None:
            raw["figures"] = [self._split(f, "value", values, i) for i, f in enumerate(figures_raw)]
        if tables_raw is not None:
            raw["tables"] = [self._split(t, "rows", rows, i) for i, t in enumerate(tables_raw)]
            raw["tables"] = [self._split_charts(t, charts, i) for i, t in enumerate(raw["tables"])]
        try:
            section = structure(raw, LocalSection, self.sources, self.base)
        except LoadError as exc:
            self.errors.extend(exc.findings)
            self._rows_of_unread_tables(tables_raw or [], rows)
            return None
        except ValueError as exc:
            self.error(self.base, str(exc))
            return None
        tables = tuple(
            self._table(i, table, rows.get(i), charts.get(i)) for i, table in enumerate(section.tables)
        )
        section = attrs.evolve(section, tables=tables)
        figures = tuple(
            self._figure(i, figure, figures_raw[i] if figures_raw else {}, values, section)
            for i, figure in enumerate(section.figures)
        )
        section = attrs.evolve(section, figures=figures)
        self._place(section)
        return section

    @staticmethod
    def _split(item: Any, key: str, store: dict[int, Any], index: int) -> Any:
        """``item`` without ``key``, whose value (the typed part) is kept in ``store`` by index."""
        if isinstance(item, dict) and key in item:
            item = dict(item)
            store[index] = item.pop(key)
        return item

    def _split_charts(self, item: Any, store: dict[int, Any], index: int) -> Any:
        """``item`` without its ``chart`` or ``charts``, kept in ``store`` by index as (key, value)."""
        if not isinstance(item, dict):
            return item
        given = [key for key in ("chart", "charts") if key in item]
        if not given:
            return item
        item = dict(item)
        if len(given) == 2:
            self.error(
                (*self.base, "tables", index, "charts"),
                "a table has chart: (one chart) or charts: (a list of them), not both",
                at_key=True,
            )
        key = given[-1]
        store[index] = (key, item.pop(key))
        item.pop("chart", None)
        return item

    def _place(self, section: LocalSection) -> None:
        if section.after is not None and section.before is not None:
            self.error(
                (*self.base, "before"),
                "a section goes after one section or before another, not both; remove 'after' or 'before'",
                at_key=True,
            )
        seen: set[str] = set()
        for i, figure in enumerate(section.figures):
            self._name(figure.name, (*self.base, "figures", i, "name"), "figure", seen)
        for i, table in enumerate(section.tables):
            self._name(table.name, (*self.base, "tables", i, "name"), "table", seen)

    def _name(self, name: str, path: DataPath, what: str, seen: set[str]) -> None:
        if not NAME_PATTERN.fullmatch(name):
            self.error(
                path,
                f"the {what} name {name!r} must be lower-case letters, digits and underscores, starting with a letter (such as referrals_by_sector): the narrative uses it as {{{{ {self.key.replace('-', '_')}.{what}s.NAME }}}}",
            )
        elif name in seen:
            self.error(
                path,
                f"there are two figures or tables named {name!r} in this section; give each its own name",
            )
        seen.add(name)

    # --- tables ----------------------------------------------------------------------

    def _table(self, index: int, table: LocalTable, raw_rows: Any, raw_charts: Any) -> LocalTable:
        at: DataPath = (*self.base, "tables", index)
        keys = [c.key for c in table.columns]
        for c, column in enumerate(table.columns):
            if not COLUMN_PATTERN.fullmatch(column.key):
                self.error(
                    (*at, "columns", c, "key"),
                    f"the column key {column.key!r} must be lower-case letters, digits and underscores (a heading 'Number of referrals' is number_of_referrals)",
                )
            elif keys.count(column.key) > 1 and keys.index(column.key) != c:
                self.error((*at, "columns", c, "key"), f"the column {column.key!r} appears twice")
        if not table.columns:
            self.error((*at, "columns"), f"the table {table.name!r} needs columns: a key and kind for each")
        if (table.total_row or table.total_column) and not table.summed:
            self.error(
                (*at, "total_row" if table.total_row else "total_column"),
                "a total needs a column of counts or money to add up",
                at_key=True,
            )
        if table.people and not any(c.kind is ValueKind.COUNT for c in table.columns):
            self.error((*at, "people"), "people: true needs a column of counts (kind: count)", at_key=True)
        stated_keys = {c.key for c in table.summed} | ({"total"} if table.total_column else set())
        for key in table.totals_stated:
            if key not in stated_keys:
                self.error(
                    (*at, "totals_stated", key),
                    f"totals_stated names {key!r}, which is not a column of counts or money{_hint(key, sorted(stated_keys))}",
                    at_key=True,
                )
        typed_rows = self._rows(at, table, raw_rows) if raw_rows is not None else ()
        try:
            table = attrs.evolve(table, rows=typed_rows)
        except ValueError as exc:
            self.error(at, str(exc))
            return table
        if raw_charts is not None:
            table = attrs.evolve(table, charts=self._charts(at, table, *raw_charts))
        return table

    # --- charts ----------------------------------------------------------------------

    def _charts(self, at: DataPath, table: LocalTable, key: str, raw: Any) -> tuple[TableChart, ...]:
        """The charts declared for ``table`` (``chart:`` one, ``charts:`` a list), each checked against its columns.

        ``chart: false`` (or left empty) declares none.
        """
        if raw is None or raw is False:
            return ()
        if key == "chart":
            items: list[tuple[DataPath, Any]] = [((*at, "chart"), raw)]
        elif isinstance(raw, list):
            items = [((*at, "charts", j), item) for j, item in enumerate(raw)]
        else:
            self.error(
                (*at, "charts"),
                f"charts must be a list of charts (or chart: for one), got {describe(raw)}",
            )
            return ()
        if len(items) > MAX_TABLE_CHARTS:
            self.error(
                (*at, "charts"),
                f"a table can have at most {MAX_TABLE_CHARTS} charts, not {len(items):,}",
            )
            return ()
        out: list[TableChart] = []
        for path, item in items:
            if isinstance(item, dict):
                item = self._known_chart_keys(path, item)
                if isinstance(item.get("series"), str):
                    item["series"] = [item["series"]]
            try:
                chart = structure(item, TableChart, self.sources, path)
            except LoadError as exc:
                self.errors.extend(exc.findings)
                continue
            problems = chart_problems(table, chart)
            for within, message in problems:
                self.error((*path, *within), message)
            if not problems:
                out.append(chart)
                if chart.kind is ChartKind.LINE:
                    self._line_over_time(path, table, chart)
        return tuple(out)

    def _line_over_time(self, path: DataPath, table: LocalTable, chart: TableChart) -> None:
        """A line chart joins its points in order, which says something only of times: warn of other categories."""
        column = chart.category_column(table)
        if column is None or column.kind is ValueKind.DATE:
            return
        names = [str(row.values.get(column.key, "")) for row in table.rows]
        if not names or any(_TIME.search(name) for name in names):
            return
        shown = ", ".join(names[:3]) + (" ..." if len(names) > 3 else "")
        self.warn(
            "sections.line-chart",
            (*path, "kind"),
            f"a line chart joins its points in order, which suits times (years, quarters, months); "
            f"the categories of {table.name!r} ({shown}) are not times, so write kind: bar or kind: column",
        )

    def _known_chart_keys(self, path: DataPath, item: dict[Any, Any]) -> dict[str, Any]:
        """``item`` without the keys a chart does not have, each warned about with the nearest it has."""
        known = [f.name for f in attrs.fields(TableChart)]
        out: dict[str, Any] = {}
        for key, value in item.items():
            name = str(key)
            if name in known:
                out[name] = value
                continue
            close = difflib.get_close_matches(name, known, n=1, cutoff=0.6)
            hint = f"did you mean {close[0]!r}?" if close else f"a chart's keys are {', '.join(known)}"
            self.warn(
                "sections.unknown-key",
                (*path, name),
                f"a chart has no key {name!r}, so it is ignored; {hint}",
                at_key=True,
            )
        return out

    def _rows(self, at: DataPath, table: LocalTable, raw_rows: Any) -> tuple[TableRow, ...]:
        path: DataPath = (*at, "rows")
        if raw_rows is None:
            return ()
        if not isinstance(raw_rows, list):
            self.error(
                path, f"rows must be a list of rows, or {{rows_from: file.csv}}, got {describe(raw_rows)}"
            )
            return ()
        out: list[TableRow] = []
        keys = [c.key for c in table.columns]
        for r, raw in enumerate(raw_rows):
            here: DataPath = (*path, r)
            if not isinstance(raw, dict):
                self.error(here, f"each row must be a mapping of column keys to values, got {describe(raw)}")
                continue
            values: dict[str, CellValue] = {}
            extra: dict[str, Any] = {}
            for key, value in raw.items():
                key = str(key)
                if key in ROW_KEYS:
                    extra[key] = value
                    continue
                column = table.column(key)
                if column is None:
                    self._no_such_column((*here, key), table.name, key, keys)
                    continue
                typed = self.typed(value, column.kind, (*here, key))
                if typed is not None:
                    values[key] = typed
                    where = self.sources.locate((*here, key))
                    if where is not None:
                        self.sources.add((*here, "values", key), where)
            if table.total_row or table.total_column or table.people:
                for column in table.summed:
                    if column.key not in raw:
                        self.error(
                            here,
                            f"this row has no {column.key}; the table adds it up, so write 0 if there were none",
                        )
            try:
                row = structure(extra, TableRow, self.sources, here)
            except LoadError as exc:
                self.errors.extend(exc.findings)
                continue
            out.append(attrs.evolve(row, values=values))
        return tuple(out)

    def _no_such_column(self, path: DataPath, table: str, key: str, keys: list[str]) -> None:
        self.error(
            path,
            f"the table {table!r} has no column {key!r}{_hint(key, keys)}; its columns are {', '.join(keys)}",
            at_key=True,
        )

    def _rows_of_unread_tables(self, tables: list[Any], rows: Mapping[int, Any]) -> None:
        """Row keys checked against the column keys as written, when the section itself could not be read.

        A misspelt row key is then reported with a mistake in the section's
        declaration (a column's kind, say), not only once that is put right.
        A table whose columns do not all have a key is passed over.
        """
        for index, table in enumerate(tables):
            columns = table.get("columns") if isinstance(table, dict) else None
            raw_rows = rows.get(index)
            if not isinstance(columns, list) or not isinstance(raw_rows, list):
                continue
            keys = [c["key"] for c in columns if isinstance(c, dict) and isinstance(c.get("key"), str)]
            if len(keys) != len(columns):
                continue
            name = str(table.get("name", ""))
            for r, raw in enumerate(raw_rows):
                if not isinstance(raw, dict):
                    continue
                for key in map(str, raw):
                    if key not in ROW_KEYS and key not in keys:
                        self._no_such_column((*self.base, "tables", index, "rows", r, key), name, key, keys)

    # --- figures ---------------------------------------------------------------------

    def _figure(
        self, index: int, figure: Figure, raw: Any, values: Mapping[int, Any], section: LocalSection
    ) -> Figure:
        at: DataPath = (*self.base, "figures", index)
        given_kind = isinstance(raw, dict) and "kind" in raw
        if figure.total_of is not None:
            target = section.totalled(figure)
            if target is None:
                self.error((*at, "total_of"), self._no_column(figure.total_of, section))
            else:
                table, column = target
                if not column.kind.summed:
                    self.error(
                        (*at, "total_of"),
                        f"the column {column.key!r} holds {column.kind.value} values, which do not add up to a total",
                    )
                elif given_kind and figure.kind is not column.kind:
                    self.error(
                        (*at, "kind"),
                        f"the figure is the total of {figure.total_of}, a column of {column.kind.value}; remove kind or make it {column.kind.value}",
                    )
                else:
                    figure = attrs.evolve(figure, kind=column.kind, people=figure.people or table.people)
            if index in values:
                self.error(
                    (*at, "value"),
                    f"the figure {figure.name!r} is the total of {figure.total_of}, so it is worked out; a figure the report states goes in value_stated",
                    at_key=True,
                )
        elif index in values:
            typed = self.typed(values[index], figure.kind, (*at, "value"))
            if typed is not None:
                figure = attrs.evolve(figure, value=typed)
        else:
            self.error(
                at,
                f"the figure {figure.name!r} needs a value (or total_of, naming a table's column it totals)",
            )
        if figure.value_stated is not None and figure.total_of is None:
            self.error(
                (*at, "value_stated"),
                "value_stated is a figure the report states for a total worked out with total_of; without total_of, give the figure as value",
                at_key=True,
            )
        if figure.people and figure.kind is not ValueKind.COUNT:
            self.error((*at, "people"), "only counts (kind: count) can be counts of people", at_key=True)
        return figure

    def _no_column(self, written: str, section: LocalSection) -> str:
        table_name, _, key = written.partition(".")
        names = [t.name for t in section.tables]
        if not key:
            return f"total_of names a table's column as TABLE.COLUMN, such as {names[0] if names else 'by_sector'}.referrals; got {written!r}"
        table = section.table(table_name)
        if table is None:
            if not names:
                return f"total_of names the table {table_name!r}, but this section has no tables"
            return f"total_of names the table {table_name!r}, which this section does not have{_hint(table_name, names)}; its tables are {', '.join(names)}"
        columns = [c.key for c in table.summed]
        return f"the table {table_name!r} has no column of counts or money {key!r}{_hint(key, columns)}; it adds up {', '.join(columns) or 'nothing'}"


def _list(value: Any) -> list[Any] | None:
    return value if isinstance(value, list) else None


def _hint(word: str, options: Iterable[str]) -> str:
    close = difflib.get_close_matches(word, list(options), n=1, cutoff=0.6)
    return f" (did you mean {close[0]!r}?)" if close else ""


def structure_section(key: str, raw: Any, sources: SourceMap) -> tuple[LocalSection | None, list[Finding]]:
    """The typed section declared as ``raw`` (from ``sections/<key>.yaml``), and the errors and warnings found in it.

    The section is ``None`` when there is an error; warnings (a key a chart
    does not have) leave it as read.
    """
    reader = _Reader(key, sources)
    section = reader.read(raw)
    return (None if reader.errors else section), [*reader.errors, *reader.warnings]
