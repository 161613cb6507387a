"""Long tables from CSV files and Excel workbooks, with the cell of every value kept."""

from __future__ import annotations

import csv
import datetime as dt
import difflib
import hashlib
import io
import json
import re
import warnings
import zipfile
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import attrs

from lscb_core._base.findings import Finding, Level, LoadError, errors_at
from lscb_core._base.keep import kept
from lscb_core._base.limits import Limits, current_limits, limit_finding
from lscb_core._base.locations import CellText, DataPath, Location, SourceMap
from lscb_core._loading.guard import checked_package
from lscb_core._loading.text import clean_text, read_bytes, read_text, removed_warning

__all__ = ["Table", "header_key", "load_table"]

_NOT_A_WORKBOOK = "this is not an Excel workbook (.xlsx) that can be read; save it again from Excel as .xlsx"

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
    warned: list[Finding] = []
    if suffix == ".csv":
        if sheet is not None:
            raise LoadError([_error(Location(display), "a CSV file has no sheets; remove 'sheet'")])
        grid = _csv_grid(path, display)
    elif suffix == ".xlsx":
        grid = _xlsx_grid(path, display, sheet, warned)
    else:
        raise LoadError(
            [
                _error(
                    Location(display),
                    f"tables are read from .csv or .xlsx files, not {suffix or 'this file'}",
                )
            ]
        )
    table = _records(grid, base, columns or {})
    table.warnings[:0] = warned
    return table


class _Budget:
    """Counts the rows and cells of a table as it is read, and refuses one over the limits."""

    def __init__(self, display: str) -> None:
        self.limits: Limits = current_limits()
        self.display = display
        self.rows = 0
        self.cells = 0

    def row(self, cells: int, where: Location) -> None:
        self.rows += 1
        self.cells += cells
        if self.rows > self.limits.table_rows + 1:  # the first row holds the headings
            raise LoadError(
                [
                    limit_finding(
                        where, "table_rows", "the table has more rows than this", self.limits, "load.table"
                    )
                ]
            )
        if self.cells > self.limits.table_cells:
            raise LoadError(
                [
                    limit_finding(
                        where, "table_cells", "the table has more cells than this", self.limits, "load.table"
                    )
                ]
            )

    def value(self, value: object, where: Location) -> None:
        if isinstance(value, str) and len(value) > self.limits.value_characters:
            raise LoadError(
                [
                    limit_finding(
                        where,
                        "value_characters",
                        f"this cell is {len(value):,} characters long",
                        self.limits,
                        "load.table",
                    )
                ]
            )


# A grid is the header row then the data rows, each cell a (value, location) pair.
_Cell = tuple[Any, Location]
_Grid = list[list[_Cell]]


def _csv_grid(path: Path, display: str) -> _Grid:
    text = read_text(path, display)
    budget = _Budget(display)
    grid: _Grid = []
    lines = text.split("\n")
    # The csv module holds its field size limit for the whole process: set it for this file.
    csv.field_size_limit(budget.limits.value_characters)
    reader = csv.reader(io.StringIO(text), strict=True)
    start_line = 1
    try:
        for record in reader:
            end_line = reader.line_num
            # Counted before a location is made for each of its cells: a line of a million commas stops here.
            budget.row(len(record), Location(display, start_line))
            starts = _field_starts(lines[start_line - 1]) if end_line == start_line else []
            row: list[_Cell] = []
            for i, value in enumerate(record):
                column = starts[i] if i < len(starts) else None
                row.append((value, Location(display, start_line, column)))
            grid.append(row)
            start_line = end_line + 1
    except csv.Error as exc:
        if str(exc).startswith("field larger than field limit"):
            raise LoadError(
                [
                    limit_finding(
                        Location(display, start_line),
                        "value_characters",
                        "a field of the row starting on this line is longer than this",
                        budget.limits,
                        "load.table",
                    )
                ]
            ) from None
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


def _xlsx_grid(path: Path, display: str, sheet: str | None, warned: list[Finding]) -> _Grid:
    data = read_bytes(path, display, "load.table")
    # A workbook read before with the same bytes, sheet and limits is not checked or read again (nor
    # is openpyxl, slow to import, imported): see lscb_core._base.keep.
    read: _Sheet = kept(
        "workbook-sheet",
        (hashlib.sha256(data).hexdigest(), sheet, current_limits()),
        lambda: _read_xlsx(
            checked_package(data, display, "load.table", kind="workbook", unreadable=_NOT_A_WORKBOOK),
            display,
            sheet,
        ),
        encode=_encode_sheet,
        decode=_decode_sheet,
        versions=("openpyxl",),
    )
    warned += [
        Finding(
            level=Level.WARNING,
            code="load.table-warning",
            message=f"reading the workbook: {message}",
            location=Location(display),
        )
        for message in read.warnings
    ]
    return [
        [
            (value, Location(display, sheet=read.sheet, cell=f"{_column_letter(c)}{r}"))
            for c, value in enumerate(row, 1)
        ]
        for r, row in enumerate(read.rows, 1)
    ]


@attrs.frozen
class _Sheet:
    """A sheet's values as read, row by row, and what the reader warned of."""

    sheet: str
    rows: tuple[tuple[Any, ...], ...]
    warnings: tuple[str, ...]


def _read_xlsx(data: bytes, display: str, sheet: str | None) -> _Sheet:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        name, rows = _read_rows(data, display, sheet)
    return _Sheet(name, rows, tuple(str(message.message).strip() for message in caught))


def _read_rows(data: bytes, display: str, sheet: str | None) -> tuple[str, tuple[tuple[Any, ...], ...]]:
    # openpyxl is imported here: it is slow to import and most builds never need it.
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    budget = _Budget(display)
    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, InvalidFileException, KeyError, OSError, ValueError, SyntaxError):
        raise LoadError([_error(Location(display), _NOT_A_WORKBOOK)]) from None
    try:
        names = book.sheetnames
        if sheet is None:
            sheet = names[0]
        elif sheet not in names:
            hint = _did_you_mean(sheet, names) or f"; the sheets are {', '.join(repr(n) for n in names)}"
            raise LoadError([_error(Location(display), f"there is no sheet {sheet!r}{hint}")])
        grid: list[tuple[Any, ...]] = []
        rows = book[sheet].iter_rows(values_only=True)
        r = 0
        while True:
            try:
                values = next(rows, None)
            except (SyntaxError, ValueError, KeyError, TypeError, zipfile.BadZipFile):
                # A sheet's XML that openpyxl cannot read (ParseError is a SyntaxError).
                raise LoadError(
                    [
                        _error(
                            Location(display, sheet=sheet, cell=f"A{r + 1}" if r else None),
                            "this sheet cannot be read from here on; save the workbook again from Excel as .xlsx",
                        )
                    ]
                ) from None
            if values is None:
                break
            r += 1
            budget.row(len(values), Location(display, sheet=sheet, cell=f"A{r}"))
            row: list[Any] = []
            for c, value in enumerate(values, start=1):
                where = Location(display, sheet=sheet, cell=f"{_column_letter(c)}{r}")
                budget.value(value, where)
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
                row.append(value)
            grid.append(tuple(row))
        return sheet, tuple(grid)
    finally:
        book.close()


def _column_letter(number: int) -> str:
    """The spreadsheet's name for a column: 1 is ``A``, 28 is ``AB``."""
    letters = ""
    while number:
        number, rest = divmod(number - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


# A kept sheet is saved as JSON; values JSON cannot hold as they are are tagged by their type.
_TAGGED: dict[str, Callable[[str], Any]] = {
    "date": dt.date.fromisoformat,
    "datetime": dt.datetime.fromisoformat,
    "time": dt.time.fromisoformat,
}


def _encode_value(value: Any) -> Any:
    if value is None or type(value) in (str, int, bool):
        return value
    if type(value) is float:
        if value != value or value in (float("inf"), float("-inf")):
            raise ValueError("not a finite number")
        return value
    if type(value) is dt.datetime:
        return {"datetime": value.isoformat()}
    if type(value) is dt.date:
        return {"date": value.isoformat()}
    if type(value) is dt.time:
        return {"time": value.isoformat()}
    if type(value) is dt.timedelta:
        return {"timedelta": [value.days, value.seconds, value.microseconds]}
    raise TypeError(f"a cell value of type {type(value).__name__} is not kept")


def _decode_value(value: Any) -> Any:
    if value is None or type(value) in (str, int, bool, float):
        return value
    if isinstance(value, dict) and len(value) == 1:
        ((tag, text),) = value.items()
        if (
            tag == "timedelta"
            and isinstance(text, list)
            and len(text) == 3
            and all(type(n) is int for n in text)
        ):
            return dt.timedelta(days=text[0], seconds=text[1], microseconds=text[2])
        if tag in _TAGGED and isinstance(text, str):
            return _TAGGED[tag](text)
    raise ValueError("not a kept cell value")


def _encode_sheet(read: _Sheet) -> bytes:
    return json.dumps(
        {
            "sheet": read.sheet,
            "rows": [[_encode_value(value) for value in row] for row in read.rows],
            "warnings": list(read.warnings),
        },
        allow_nan=False,
    ).encode()


def _decode_sheet(data: bytes) -> _Sheet | None:
    """A sheet saved by :func:`_encode_sheet`; ``None`` when ``data`` is not one."""
    try:
        entry = json.loads(data)
        sheet, rows, warned = entry["sheet"], entry["rows"], entry["warnings"]
        if not isinstance(sheet, str) or not isinstance(rows, list) or not isinstance(warned, list):
            return None
        if not all(isinstance(w, str) for w in warned) or not all(isinstance(row, list) for row in rows):
            return None
        return _Sheet(sheet, tuple(tuple(_decode_value(v) for v in row) for row in rows), tuple(warned))
    except (ValueError, KeyError, TypeError):
        return None


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
