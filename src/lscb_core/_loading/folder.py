"""The board folder: one folder per board, a subfolder per reporting period.

::

    examples/hertfordshire/
      board.yaml            the board: name, contacts (the same every year)
      settings.yaml         optional: how this board's reports are built
      2015-16/
        report.yaml         period, regime, leadership, authors, approval, area
        structure.yaml      groups and reporting lines
        members.yaml        membership and attendance (rows may come from a CSV or XLSX)
        ... one file per part of the year (see PERIOD_FILES)
        narrative/*.md      the narrative, one Markdown file per passage
        plugins/<name>/     data that the plugin <name> reads
        images/             pictures the narrative shows: ![what it shows](images/chart.png)
"""

from __future__ import annotations

import difflib
import os
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import attrs
import pluggy

from lscb_core._base.findings import Finding, Level, LoadError
from lscb_core._base.locations import DataPath, Location, SourceMap, SourceText
from lscb_core._loading.tables import load_table
from lscb_core._loading.text import clean_text, read_text, removed_warning
from lscb_core._loading.yamlfile import YamlDocument, load_yaml
from lscb_core._model.convert import describe, structure
from lscb_core._model.glossary import GlossaryWords
from lscb_core._model.loaded import LoadedReport
from lscb_core._model.plugin_data import DataSchema
from lscb_core._model.report import AnnualReport
from lscb_core._model.settings import Settings

__all__ = ["PERIOD_FILES", "find_period", "list_periods", "load_report"]

BOARD_FILE = "board.yaml"
REPORT_FILE = "report.yaml"
SETTINGS_FILE = "settings.yaml"
NARRATIVE_DIR = "narrative"
PLUGINS_DIR = "plugins"
IMAGES_DIR = "images"

PERIOD_FILES: Mapping[str, str] = {
    "structure.yaml": "structure",
    "members.yaml": "membership",
    "inspections.yaml": "inspections",
    "priorities.yaml": "priorities",
    "reviews.yaml": "reviews",
    "audits.yaml": "audits",
    "activities.yaml": "activities",
    "cdop.yaml": "cdop",
    "budget.yaml": "budget",
    "training.yaml": "training",
    "glossary.yaml": "glossary",
}
"""Each YAML file of a period folder and the part of the report it holds."""

_REPORT_KEYS = (
    frozenset(a.name for a in attrs.fields(AnnualReport))
    - set(PERIOD_FILES.values())
    - {"board", "narrative"}
)


def _period_order(folder: Path) -> tuple[int, int, str]:
    """Sort key for period folders: ``2015-16`` starts in April 2015, ``2020-07-to-2021-06`` in July 2020."""
    name = folder.name
    month = re.match(r"(\d{4})-(\d{2})-to-", name)
    if month:
        return (int(month.group(1)), int(month.group(2)), name)
    year = re.match(r"(\d{4})", name)
    return (int(year.group(1)), 4, name) if year else (0, 0, name)


def list_periods(board_dir: Path) -> list[Path]:
    """The period folders of a board, oldest first (by the year and month their names start with)."""
    if not board_dir.is_dir():
        return []
    return sorted(
        (p for p in board_dir.iterdir() if p.is_dir() and (p / REPORT_FILE).is_file()), key=_period_order
    )


def find_period(board_dir: Path, period: str | None = None) -> Path:
    """The folder of the named period, or of the latest one."""
    shown = str(board_dir)
    if not board_dir.is_dir():
        raise LoadError([_error(Location(shown), "there is no board folder here")])
    periods = list_periods(board_dir)
    if not periods:
        # A folder named like a period (2015-16) is one that has lost its report.yaml.
        unfinished = sorted(
            (p for p in board_dir.iterdir() if p.is_dir() and re.match(r"\d{4}", p.name)), key=_period_order
        )
        if unfinished:
            raise LoadError(
                [
                    _error(
                        Location(str(folder / REPORT_FILE)),
                        f"the period folder {folder.name} has no {REPORT_FILE}; add one giving the dates of the period, the regime and the leadership",
                    )
                    for folder in unfinished
                ]
            )
        raise LoadError(
            [
                _error(
                    Location(shown),
                    f"no reporting period here: a board folder needs a subfolder per period (such as 2015-16/) with a {REPORT_FILE}",
                )
            ]
        )
    if period is None:
        return periods[-1]
    for candidate in periods:
        if candidate.name == period:
            return candidate
    names = [p.name for p in periods]
    close = difflib.get_close_matches(period, names, n=1)
    hint = f"did you mean {close[0]!r}?" if close else f"the periods are {', '.join(names)}"
    raise LoadError([_error(Location(shown), f"there is no period {period!r}; {hint}")])


def load_report(
    board_dir: Path | str,
    period: str | None = None,
    *,
    pm: pluggy.PluginManager | None = None,
) -> LoadedReport:
    """Load one period of a board folder.

    Raises :class:`LoadError` with every problem found, each located at its
    file, line and column. Warnings found while loading (unclaimed plugin
    data, removed control characters, unknown files) are in ``findings``.
    """
    board_dir = Path(board_dir)
    period_dir = find_period(board_dir, period)
    schemas = _schemas(pm)
    loaded = _Loader(board_dir, period_dir, schemas).load()
    if pm is not None:
        profiles = tuple(p for batch in pm.hook.lscb_profiles() for p in batch or ())
        loaded = attrs.evolve(loaded, profiles=profiles)
        loaded = attrs.evolve(loaded, plugin_words=_plugin_words(loaded, pm))
    return loaded


def _plugin_words(loaded: LoadedReport, pm: pluggy.PluginManager) -> tuple[tuple[str, GlossaryWords], ...]:
    """What each plugin says of the words it prints for this board (``lscb_glossary``)."""
    out: list[tuple[str, GlossaryWords]] = []
    for impl in reversed(pm.hook.lscb_glossary.get_hookimpls()):
        try:
            words = impl.function(loaded=loaded)
        except Exception as exc:  # a plugin's bug is named, never a traceback
            raise LoadError(
                [
                    Finding(
                        level=Level.ERROR,
                        code="plugin.failed",
                        message=f"the plugin {impl.plugin_name!r} failed to say which words it prints: {exc}",
                        plugin=impl.plugin_name,
                    )
                ]
            ) from None
        if words is None:
            continue
        if not isinstance(words, GlossaryWords):
            raise LoadError(
                [
                    Finding(
                        level=Level.ERROR,
                        code="plugin.bad-result",
                        message=f"the plugin {impl.plugin_name!r} returned {type(words).__name__} from lscb_glossary, not GlossaryWords",
                        plugin=impl.plugin_name,
                    )
                ]
            )
        out.append((impl.plugin_name, words))
    return tuple(out)


def _schemas(pm: pluggy.PluginManager | None) -> dict[str, DataSchema]:
    if pm is None:
        return {}
    out: dict[str, DataSchema] = {}
    for batch in pm.hook.lscb_data_schemas():
        for schema in batch or ():
            out[schema.folder] = schema
    return out


def _error(location: Location, message: str) -> Finding:
    return Finding(level=Level.ERROR, code="load.folder", message=message, location=location)


def _warning(location: Location, code: str, message: str) -> Finding:
    return Finding(level=Level.WARNING, code=code, message=message, location=location)


class _Loader:
    def __init__(self, board_dir: Path, period_dir: Path, schemas: Mapping[str, DataSchema]) -> None:
        self.board_dir = board_dir
        self.period_dir = period_dir
        self.schemas = schemas
        self.sources = SourceMap()
        self.findings: list[Finding] = []
        self.errors: list[Finding] = []
        self.tables_used: set[Path] = set()

    def show(self, path: Path) -> str:
        return str(path)

    def load(self) -> LoadedReport:
        raw: dict[str, Any] = {}
        board = self._yaml(self.board_dir / BOARD_FILE, ("board",), required=True)
        if board is not None:
            raw["board"] = board
        report = self._yaml(self.period_dir / REPORT_FILE, (), required=True)
        if report is not None:
            if not isinstance(report, dict):
                self.errors.append(
                    _error(
                        Location(self.show(self.period_dir / REPORT_FILE), 1, 1),
                        f"{REPORT_FILE} must be a mapping of keys to values, got {describe(report)}",
                    )
                )
            else:
                self._check_report_keys(report)
                raw.update(report)
        for name, key in PERIOD_FILES.items():
            value = self._yaml(self.period_dir / name, (key,))
            if value is not None:
                raw[key] = value
        narrative = self._narrative()
        if narrative:
            raw["narrative"] = narrative
        settings_raw, settings_base = self._settings()
        self._unknown_files()
        plugin_data = self._plugins()
        if self.errors:
            raise LoadError(self.errors)
        report_obj = self._structure(raw, AnnualReport, ())
        settings = self._structure(settings_raw or {}, Settings, settings_base)
        if self.errors:
            raise LoadError(self.errors)
        assert report_obj is not None
        assert settings is not None
        return LoadedReport(
            report=report_obj,
            plugin_data=plugin_data,
            settings=settings,
            sources=self.sources,
            findings=tuple(self.findings),
            board_dir=self.board_dir,
            period_dir=self.period_dir,
        )

    # --- files ---------------------------------------------------------------------

    def _yaml(self, path: Path, base: DataPath, *, required: bool = False) -> Any:
        if not path.is_file():
            if required:
                self.errors.append(
                    _error(
                        Location(self.show(path)),
                        f"{path.name} is missing: every board folder needs one",
                    )
                )
            return None
        # Until its values are read, everything under ``base`` is at the top of the file.
        self.sources.add(base, Location(self.show(path), 1, 1))
        try:
            self._inside(path)
            doc = load_yaml(path, self.show(path), base)
            value = self._resolve_tables(doc, path.parent, base)
        except LoadError as exc:
            self.errors.extend(exc.findings)
            return None
        self.sources.update(doc.sources)
        self.findings.extend(doc.warnings)
        return value

    def _resolve_tables(self, doc: YamlDocument, folder: Path, base: DataPath) -> Any:
        """Replace every ``{rows_from: file, sheet: ..., columns: {...}}`` with the table's rows."""

        def walk(value: Any, path: DataPath) -> Any:
            if isinstance(value, dict):
                if "rows_from" in value:
                    return self._table(value, folder, path, doc.sources)
                return {k: walk(v, (*path, k)) for k, v in value.items()}
            if isinstance(value, list):
                return [walk(v, (*path, i)) for i, v in enumerate(value)]
            return value

        return walk(doc.value, base)

    def _table(
        self, ref: dict[str, Any], folder: Path, path: DataPath, sources: SourceMap
    ) -> list[dict[str, Any]]:
        where = sources.locate(path) or Location("?")
        extra = set(ref) - {"rows_from", "sheet", "columns"}
        if extra:
            raise LoadError(
                [
                    _error(
                        where,
                        f"a table reference takes rows_from, sheet and columns, not {', '.join(sorted(extra))}",
                    )
                ]
            )
        name, sheet, columns = ref["rows_from"], ref.get("sheet"), ref.get("columns") or {}
        if (
            not isinstance(name, str)
            or not (sheet is None or isinstance(sheet, str))
            or not isinstance(columns, dict)
        ):
            raise LoadError(
                [
                    _error(
                        where,
                        "rows_from must name a .csv or .xlsx file; sheet must be a sheet name; columns maps headings to field names",
                    )
                ]
            )
        target = folder / name
        named_at = sources.locate((*path, "rows_from")) or where
        self._inside(target, named_at, written=name)
        if not target.is_file():
            raise LoadError(
                [
                    _error(
                        named_at,
                        f"the table file {name!r} does not exist in {self.show(folder)}",
                    )
                ]
            )
        self.tables_used.add(target.resolve())
        table = load_table(
            target,
            self.show(target),
            path,
            sheet=sheet,
            columns={str(k): str(v) for k, v in columns.items()},
        )
        # The list itself is located at the reference; its rows at their cells.
        self.sources.update(table.sources)
        self.findings.extend(table.warnings)
        return table.rows

    def _inside(self, path: Path, where: Location | None = None, *, written: str | None = None) -> None:
        """Refuse paths that leave the board folder (``..``, absolute paths, symlinks out).

        ``written`` is the file's name as a YAML file gives it (in ``rows_from``).
        """
        root = self.board_dir.resolve()
        try:
            resolved = path.resolve()
        except OSError:
            resolved = path
        if resolved == root or root in resolved.parents:
            return
        plain_root = Path(os.path.normpath(self.board_dir.absolute()))
        if plain_root in Path(os.path.normpath(path.absolute())).parents:
            message = f"{self.show(path)} is a link to a file outside the board folder; put the file itself in the board folder instead"
        elif written is not None:
            message = f"the table file {written!r} is outside the board folder; copy it into the board folder"
        else:
            message = f"{self.show(path)} is outside the board folder; files must stay inside it"
        raise LoadError([_error(where or Location(self.show(path)), message)])

    def _check_report_keys(self, report: dict[str, Any]) -> None:
        for key in report:
            target = next((f for f, k in PERIOD_FILES.items() if k == key), None)
            if key in ("board", "narrative") or target:
                place = {"board": BOARD_FILE, "narrative": f"{NARRATIVE_DIR}/*.md"}.get(key, target)
                self.errors.append(
                    Finding(
                        level=Level.ERROR,
                        code="load.misplaced-key",
                        message=f"{key!r} does not belong in {REPORT_FILE}: it is read from {place}",
                        location=self.sources.locate_key((key,)),
                    )
                )

    def _narrative(self) -> dict[str, SourceText]:
        folder = self.period_dir / NARRATIVE_DIR
        out: dict[str, SourceText] = {}
        if not folder.is_dir():
            return out
        for path in sorted(folder.iterdir()):
            shown = self.show(path)
            if path.suffix.lower() != ".md" or not path.is_file():
                self.findings.append(
                    _warning(
                        Location(shown),
                        "load.unknown-file",
                        f"{path.name} is not read: narrative files are Markdown files ending .md",
                    )
                )
                continue
            try:
                self._inside(path)
                text = read_text(path, shown)
            except LoadError as exc:
                self.errors.extend(exc.findings)
                continue
            cleaned, removed = clean_text(text)
            if removed:
                self.findings.append(removed_warning(Location(shown), removed))
            where = Location(shown, 1, 1)
            out[path.stem] = SourceText(cleaned, where)
            self.sources.add(("narrative", path.stem), where)
        return out

    def _settings(self) -> tuple[Any, DataPath]:
        for folder in (self.period_dir, self.board_dir):
            path = folder / SETTINGS_FILE
            if path.is_file():
                return self._yaml(path, ("settings",)), ("settings",)
        return None, ("settings",)

    def _unknown_files(self) -> None:
        known = {REPORT_FILE, SETTINGS_FILE, *PERIOD_FILES}
        for path in sorted(self.period_dir.iterdir()):
            name = path.name
            if name.startswith(".") or name.startswith("~$") or name in known:
                continue
            if path.is_dir() and name in (NARRATIVE_DIR, PLUGINS_DIR, IMAGES_DIR):
                continue
            if path.suffix.lower() in (".csv", ".xlsx") and path.resolve() in self.tables_used:
                continue
            if path.suffix.lower() in (".csv", ".xlsx"):
                message = f"{name} is not read: no YAML file refers to it with rows_from"
            else:
                close = difflib.get_close_matches(name, sorted(known), n=1, cutoff=0.75)
                hint = f"; did you mean {close[0]}?" if close else ""
                message = f"{name} is not a file lscb reads{hint}"
            self.findings.append(_warning(Location(self.show(path)), "load.unknown-file", message))

    def _plugins(self) -> dict[str, dict[str, Any]]:
        folder = self.period_dir / PLUGINS_DIR
        out: dict[str, dict[str, Any]] = {}
        if not folder.is_dir():
            return out
        for plugin_dir in sorted(p for p in folder.iterdir() if p.is_dir()):
            schema = self.schemas.get(plugin_dir.name)
            shown = self.show(plugin_dir)
            if schema is None:
                self.findings.append(
                    _warning(
                        Location(shown),
                        "plugin.unclaimed-data",
                        f"no installed plugin reads {PLUGINS_DIR}/{plugin_dir.name}/; its data is left out of the report",
                    )
                )
                continue
            data: dict[str, Any] = {}
            entries = sorted(p for p in plugin_dir.iterdir() if not p.name.startswith("."))
            # The plugin's YAML files first: the spreadsheets they name with rows_from are then known.
            for path in sorted(entries, key=lambda p: (p.name not in schema.files, p.name)):
                cl = schema.files.get(path.name)
                if cl is None and path.suffix.lower() in (".csv", ".xlsx"):
                    if path.resolve() not in self.tables_used:
                        self.findings.append(
                            _warning(
                                Location(self.show(path)),
                                "plugin.unknown-file",
                                f"{path.name} is not read: no YAML file of the {plugin_dir.name} plugin refers to it with rows_from",
                            )
                        )
                    continue
                if cl is None:
                    close = difflib.get_close_matches(path.name, sorted(schema.files), n=1, cutoff=0.6)
                    hint = (
                        f"; did you mean {close[0]}?"
                        if close
                        else f"; it reads {', '.join(sorted(schema.files))}"
                    )
                    self.findings.append(
                        _warning(
                            Location(self.show(path)),
                            "plugin.unknown-file",
                            f"the {plugin_dir.name} plugin does not read {path.name}{hint}",
                        )
                    )
                    continue
                base: DataPath = ("plugins", plugin_dir.name, path.stem)
                value = self._yaml(path, base)
                if value is None:
                    continue
                obj = self._structure(value, cl, base)
                if obj is not None:
                    data[path.stem] = obj
            for required in schema.required:
                if not (plugin_dir / required).is_file():
                    self.errors.append(
                        _error(
                            Location(shown),
                            f"the {plugin_dir.name} plugin needs {required} in this folder",
                        )
                    )
            out[plugin_dir.name] = data
        return out

    def _structure(self, raw: Any, cl: type[Any], base: DataPath) -> Any:
        try:
            return structure(raw, cl, self.sources, base)
        except LoadError as exc:
            self.errors.extend(exc.findings)
            return None
