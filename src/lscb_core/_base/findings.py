"""Findings: what checks and the loader say about a board's data."""

from __future__ import annotations

import enum
from collections.abc import Callable, Iterable

import attrs

from lscb_core._base.locations import DataPath, Location, SourceMap, format_path

__all__ = ["Finding", "Level", "LoadError", "error", "errors_at", "info", "sort_findings", "warning"]


class Level(enum.Enum):
    """How serious a finding is.

    ``ERROR``: the data cannot be loaded or is impossible; ``check`` exits 1 and
    ``build`` stops. ``WARNING``: the report it describes is inconsistent,
    incomplete or not publishable as it stands. ``INFO``: worth knowing.
    """

    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    @property
    def rank(self) -> int:
        return {"error": 0, "warning": 1, "info": 2}[self.value]


@attrs.frozen(kw_only=True)
class Finding:
    """One thing a check or the loader has to say.

    ``code`` is stable (``budget.carry-forward``) so that people and machines
    can look it up or filter on it. ``path`` names the data concerned;
    ``location`` is filled in from the source map when the finding is reported.
    ``plugin`` names the plugin it is about or came from; ``traceback`` is the
    plugin's own traceback when a plugin failed (shown with ``--debug``).
    """

    level: Level
    code: str
    message: str
    path: DataPath | None = None
    location: Location | None = None
    plugin: str | None = None
    traceback: str | None = attrs.field(default=None, eq=False, repr=False)

    def located(self, sources: SourceMap) -> Finding:
        """This finding with a location looked up from its data path, if it has none."""
        if self.location is not None or self.path is None:
            return self
        return attrs.evolve(self, location=sources.locate(self.path))

    def __str__(self) -> str:
        where = f"{self.location}: " if self.location else ""
        return f"{where}{self.level.value}: {self.message} [{self.code}]"

    def as_json(self) -> dict[str, object]:
        loc = self.location
        out: dict[str, object] = {
            "level": self.level.value,
            "code": self.code,
            "message": self.message,
            "path": format_path(self.path) if self.path is not None else None,
            "file": loc.file if loc else None,
            "line": loc.line if loc else None,
            "column": loc.column if loc else None,
            "sheet": loc.sheet if loc else None,
            "cell": loc.cell if loc else None,
            "plugin": self.plugin,
        }
        if self.traceback:
            out["traceback"] = self.traceback
        return out


def error(
    code: str, message: str, path: DataPath | None = None, *, location: Location | None = None
) -> Finding:
    """An error finding: the data cannot be used."""
    return Finding(level=Level.ERROR, code=code, message=message, path=path, location=location)


def warning(
    code: str, message: str, path: DataPath | None = None, *, location: Location | None = None
) -> Finding:
    """A warning finding: the report would be inconsistent, incomplete or not publishable."""
    return Finding(level=Level.WARNING, code=code, message=message, path=path, location=location)


def info(
    code: str, message: str, path: DataPath | None = None, *, location: Location | None = None
) -> Finding:
    """An information finding: worth knowing."""
    return Finding(level=Level.INFO, code=code, message=message, path=path, location=location)


def errors_at(code: str) -> Callable[[Location | None, str], Finding]:
    """A maker of located errors with one code, for a reader of one kind of file.

    ``_error = errors_at("load.yaml")`` then ``_error(location, "what is wrong")``.
    """

    def make(location: Location | None, message: str) -> Finding:
        return error(code, message, location=location)

    return make


def sort_findings(findings: Iterable[Finding]) -> list[Finding]:
    """Errors first, then warnings, then information; each in file order."""

    def key(f: Finding) -> tuple[int, str, int, int, str]:
        loc = f.location
        return (
            f.level.rank,
            loc.file if loc else "~",
            loc.line or 0 if loc else 0,
            loc.column or 0 if loc else 0,
            f.code,
        )

    return sorted(findings, key=key)


class LoadError(Exception):
    """A board folder could not be loaded. ``findings`` says where and why."""

    def __init__(self, findings: Iterable[Finding]) -> None:
        self.findings = sort_findings(findings)
        super().__init__("\n".join(str(f) for f in self.findings))
