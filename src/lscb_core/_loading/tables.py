"""Long tables from CSV files and Excel workbooks, with the cell of every value kept."""

from __future__ import annotations

import csv
import datetime as dt
import difflib
import io
import re
import zipfile
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from lscb_core._base.findings import Finding, LoadError, errors_at
from lscb_core._base.locations import CellText, DataPath, Location, SourceMap
from lscb_core._loading.text import clean_text, read_text, removed_warning

__all__ = ["Table", "header_key", "load_table"]

MAX_TABLE_ROWS = 1_000_000

_FORMULA_ERRORS = {
    "#DIV/0!",
    "#N/A",
    "#NAME?",
    "#NULL!",
    "#NUM!",
    "#REF!",
    "#VALUE!",
    "#SPILL!",
    "#CALC!",
    "#GETTING_DATA",
}


def header_key(text: str) -> str:
    """The field name a column heading stands for: ``"Times run"`` -> ``times_run``."""
    return re.sub(r"[^0-9a-z]+", "_", text.strip().lower()).strip("_")


class Table:
    """Rows of a table as mappings from field name to value, with their source map."""

    def __init__(self, rows: list[dict[str, Any]], sources: SourceMap, warnings: list[Finding]) -> None:
        self.rows = rows
        self.sources = sources
        self.warnings = warnings


def load_table(
    path: Path,
    display: str,
    base: DataPath,
    *,
    sheet: str | None = None,
    columns: Mapping[str, str] | None = None,
) -> Table:
    """Read a CSV file or one sheet of an .xlsx workbook as a list of records.

    The first non-empty row holds the column headings; each heading becomes a
    field name (see :func:`header_key`), or the name ``columns`` gives it.
    Empty cells are left out of their record, so the field's default applies.
    """
    suffix = path.suffix.lower()
    if suffix == ".csv":
        if sheet is not None:
            raise LoadError([_error(Location(display), "a CSV file has no sheets; remove 'sheet'")])
        grid = _csv_grid(path, display)
    elif suffix == ".xlsx":
        grid = _xlsx_grid(path, display, sheet)
    else:
        raise LoadError(
            [
                _error(
                    Location(display),
                    f"tables are read from .csv or .xlsx files, not {suffix or 'this file'}",
                )
            ]
        )
    return _records(grid, base, columns or {})


# A grid is the header row then the data rows, each cell a (value, location) pair.
_Cell = tuple[Any, Location]
_Grid = list[list[_Cell]]


def _csv_grid(path: Path, display: str) -> _Grid:
    text = read_text(path, display)
    grid: _Grid = []
    lines = text.split("\n")
    reader = csv.reader(io.StringIO(text), strict=True)
    start_line = 1
    try:
        for record in reader:
            end_line = reader.line_num
            starts = _field_starts(lines[start_line - 1]) if end_line == start_line else []
            row: list[_Cell] = []
            for i, value in enumerate(record):
                column = starts[i] if i < len(starts) else None
                row.append((value, Location(display, start_line, column)))
            grid.append(row)
            start_line = end_line + 1
            if len(grid) > MAX_TABLE_ROWS:
                raise LoadError([_error(Location(display, start_line), f"more than {MAX_TABLE_ROWS:,} rows")])
    except csv.Error as exc:
        if str(exc) == "unexpected end of data":
            # The file ended inside quotes, opened in the record that starts at start_line.
            raise LoadError(
                [
                    _error(
                        Location(display, start_line),
                        'the row starting on this line has a quotation mark (") that is never closed; close the quotes or remove them',
                    )
                ]
            ) from None
        raise LoadError(
            [_error(Location(display, reader.line_num), f"not a valid CSV file: {exc}")]
        ) from None
    return grid


def _field_starts(line: str) -> list[int]:
    """1-based columns at which each field of a one-line CSV record starts."""
    starts = [1]
    quoted = False
    for i, char in enumerate(line):
        if char == '"':
            quoted = not quoted
        elif char == "," and not quoted:
            starts.append(i + 2)
    return starts


def _xlsx_grid(path: Path, display: str, sheet: str | None) -> _Grid:
    # openpyxl is imported here: it is slow to import and most builds never need it.
    from openpyxl import load_workbook
    from openpyxl.utils import get_column_letter
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except (zipfile.BadZipFile, InvalidFileException, KeyError, OSError, ValueError):
        raise LoadError(
            [
                _error(
                    Location(display),
                    "this is not an Excel workbook (.xlsx) that can be read; save it again from Excel as .xlsx",
                )
            ]
        ) from None
    try:
        names = book.sheetnames
        if sheet is None:
            sheet = names[0]
        elif sheet not in names:
            hint = _did_you_mean(sheet, names) or f"; the sheets are {', '.join(repr(n) for n in names)}"
            raise LoadError([_error(Location(display), f"there is no sheet {sheet!r}{hint}")])
        grid: _Grid = []
        for r, values in enumerate(book[sheet].iter_rows(values_only=True), start=1):
            if r > MAX_TABLE_ROWS:
                raise LoadError(
                    [_error(Location(display, sheet=sheet), f"more than {MAX_TABLE_ROWS:,} rows")]
                )
            row: list[_Cell] = []
            for c, value in enumerate(values, start=1):
                where = Location(display, sheet=sheet, cell=f"{get_column_letter(c)}{r}")
                if isinstance(value, str) and value.strip() in _FORMULA_ERRORS:
                    raise LoadError(
                        [
                            _error(
                                where,
                                f"the cell holds the formula error {value.strip()}; correct the formula in the workbook",
                            )
                        ]
                    )
                if isinstance(value, dt.datetime):
                    value = value.date() if value.time() == dt.time() else value
                row.append((value, where))
            grid.append(row)
        return grid
    finally:
        book.close()


def _records(grid: _Grid, base: DataPath, columns: Mapping[str, str]) -> Table:
    sources = SourceMap()
    warnings: list[Finding] = []
    rows = [row for row in grid if any(_present(v) for v, _ in row)]
    if not rows:
        return Table([], sources, warnings)
    renames = {header_key(k): v for k, v in columns.items()}
    header: list[str | None] = []
    seen: dict[str, Location] = {}
    for value, where in rows[0]:
        if not _present(value):
            header.append(None)
            continue
        key = header_key(str(value))
        key = renames.get(key, key)
        if key in seen:
            raise LoadError([_error(where, f"the column {str(value)!r} appears twice")])
        seen[key] = where
        header.append(key)
    records: list[dict[str, Any]] = []
    for index, row in enumerate(rows[1:]):
        path = (*base, index)
        sources.add(path, row[0][1])
        record: dict[str, Any] = {}
        for i, (value, where) in enumerate(row):
            if not _present(value):
                continue
            heading = header[i] if i < len(header) else None
            if heading is None:
                raise LoadError(
                    [
                        _error(
                            where,
                            "this cell has a value but its column has no heading; give the column a heading or clear the cell",
                        )
                    ]
                )
            if isinstance(value, str):
                cleaned, removed = clean_text(value.strip())
                if removed:
                    warnings.append(removed_warning(where, removed))
                value = CellText(cleaned, where)
            record[heading] = value
            sources.add((*path, heading), where, key=seen[heading])
        records.append(record)
    return Table(records, sources, warnings)


def _present(value: Any) -> bool:
    return value is not None and not (isinstance(value, str) and not value.strip())


def _did_you_mean(word: str, options: list[str]) -> str:
    close = difflib.get_close_matches(word, options, n=1, cutoff=0.6)
    return f"; did you mean {close[0]!r}?" if close else ""


_error = errors_at("load.table")
