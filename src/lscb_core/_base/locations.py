"""Where a value came from: files, lines, columns, spreadsheet cells, and data paths."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import NamedTuple, TypeAlias

import attrs

__all__ = ["CellText", "DataPath", "Location", "SourceMap", "SourceText", "format_path"]

DataPath: TypeAlias = tuple[str | int, ...]
"""A path into a report's data, such as ``("budget", "lines", 2, "spend")``."""


def format_path(path: DataPath) -> str:
    """Write a data path the way a person reads it: ``budget.lines[2].spend``."""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else part
    return out or "(the whole report)"


class Location(NamedTuple):
    """A place in a source file.

    ``line`` and ``column`` are 1-based. Spreadsheet cells carry ``sheet`` and
    ``cell`` (``Courses!B7``) instead of a line. (A named tuple: the loader
    makes one for every value it reads, so it must be cheap.)
    """

    file: str
    line: int | None = None
    column: int | None = None
    sheet: str | None = None
    cell: str | None = None

    def __str__(self) -> str:
        if self.sheet is not None:
            return f"{self.file}:{self.sheet}!{self.cell}" if self.cell else f"{self.file}:{self.sheet}"
        if self.line is None:
            return self.file
        if self.column is None:
            return f"{self.file}:{self.line}"
        return f"{self.file}:{self.line}:{self.column}"

    def shifted(self, lines: int) -> Location:
        """The same place ``lines`` further down (for text inside a multi-line value)."""
        if self.line is None or lines == 0:
            return self
        return self._replace(line=self.line + lines, column=1)


class SourceText(str):
    """A string read from a board folder that remembers where it was read.

    It compares, hashes and prints exactly like the plain string; only
    :attr:`location` is added, so that narrative text can report template
    errors at the line they occur.
    """

    __slots__ = ("location",)
    location: Location | None

    def __new__(cls, value: str, location: Location | None = None) -> SourceText:
        self = super().__new__(cls, value)
        self.location = location
        return self


class CellText(SourceText):
    """Text from a spreadsheet or CSV cell. A list in one cell is written with semicolons."""

    __slots__ = ()

    def items(self) -> list[str]:
        return [part.strip() for part in self.split(";") if part.strip()]


@attrs.define
class SourceMap:
    """Locations of loaded values, keyed by their data path.

    ``values`` holds where each value starts; ``keys`` where the key naming it
    was written (for unknown-key errors). Lookups fall back to the nearest
    enclosing value, so every path inside the report has some location.
    """

    values: dict[DataPath, Location] = attrs.field(factory=dict)
    keys: dict[DataPath, Location] = attrs.field(factory=dict)

    def add(self, path: DataPath, location: Location, *, key: Location | None = None) -> None:
        self.values[path] = location
        if key is not None:
            self.keys[path] = key

    def update(self, other: SourceMap) -> None:
        self.values.update(other.values)
        self.keys.update(other.keys)

    def locate(self, path: DataPath) -> Location | None:
        """The location of ``path``, or of the closest enclosing value that has one."""
        for n in range(len(path), -1, -1):
            found = self.values.get(path[:n])
            if found is not None:
                return found
        return None

    def locate_key(self, path: DataPath) -> Location | None:
        """Where the key for ``path`` was written, else where its value is."""
        return self.keys.get(path) or self.locate(path)

    def under(self, prefix: DataPath) -> Iterator[tuple[DataPath, Location]]:
        n = len(prefix)
        for path, loc in self.values.items():
            if path[:n] == prefix:
                yield path, loc

    @classmethod
    def of(cls, values: Mapping[DataPath, Location]) -> SourceMap:
        return cls(values=dict(values))
