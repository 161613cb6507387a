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
        sections/<key>.yaml a section of the board's own (title, place, narrative, figures, tables)
        images/             pictures the narrative shows: ![what it shows](images/chart.png)
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import attrs

from lscb_core._base.findings import Finding, Level, LoadError, errors_at, info, warning
from lscb_core._base.limits import Limits, current_limits, use_limits, with_settings
from lscb_core._base.locations import DataPath, Location, SourceMap, SourceText
from lscb_core._loading.guard import check_package
from lscb_core._loading.local_sections import SECTIONS_DIR, structure_section
from lscb_core._loading.paths import Place, place
from lscb_core._loading.tables import load_table
from lscb_core._loading.text import clean_text, read_text, removed_warning
from lscb_core._loading.yamlfile import YamlDocument, load_yaml
from lscb_core._model.convert import describe, structure
from lscb_core._model.loaded import LoadedReport
from lscb_core._model.local_sections import KEY_PATTERN, TEMPLATE_NAMES, LocalSection, template_name
from lscb_core._model.plugin_data import DataSchema
from lscb_core._model.profiles import Profile
from lscb_core._model.report import AnnualReport
from lscb_core._model.settings import Settings
from lscb_core._model.trends import HEADLINES, PREVIOUS_FILE, PreviousFigures

__all__ = ["PERIOD_FILES", "BoardSettings", "find_period", "list_periods", "load_report", "read_settings"]

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
    - {"board", "narrative", "sections"}
)

DECLARE_HINT = "a section of the board's own is declared in sections/<key>.yaml (see the README)"
"""How to add a section, for messages about files and names lscb does not know."""


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


@attrs.frozen
class BoardSettings:
    """A board's settings, read before anything else: they say which plugins the board uses.

    ``settings`` is ``None`` when they could not be read; ``errors`` and
    ``invalid`` say why (the load reports them with everything else).
    """

    board_dir: Path
    period_dir: Path
    settings: Settings | None
    sources: SourceMap
    findings: tuple[Finding, ...] = ()
    errors: tuple[Finding, ...] = ()
    invalid: tuple[Finding, ...] = ()
    tables: frozenset[Path] = frozenset()

    @property
    def block_plugins(self) -> tuple[str, ...]:
        return self.settings.block_plugins if self.settings is not None else ()


def read_settings(
    board_dir: Path | str, period: str | None = None, *, limits: Limits | None = None
) -> BoardSettings:
    """Find the period and read its settings (``settings.yaml`` of the period, else of the board).

    Raises :class:`LoadError` only when there is no such period; problems in
    the settings themselves are kept for :func:`load_report` to report.
    """
    board_dir = Path(board_dir)
    loader = _Loader(board_dir, find_period(board_dir, period), {}, limits=limits)
    with use_limits(loader.limits):
        raw, base = loader._settings()
    errors = tuple(loader.errors)
    settings = None
    if not errors:
        settings = loader._structure(raw or {}, Settings, base)
    return BoardSettings(
        board_dir,
        loader.period_dir,
        settings,
        loader.sources,
        tuple(loader.findings),
        errors,
        tuple(loader.errors[len(errors) :]),
        frozenset(loader.tables_used),
    )


def load_report(
    board_dir: Path | str,
    period: str | None = None,
    *,
    settings: BoardSettings | None = None,
    schemas: Mapping[str, DataSchema] | None = None,
    profiles: tuple[Profile, ...] = (),
    blocked: Mapping[str, str] | None = None,
    limits: Limits | None = None,
) -> LoadedReport:
    """Load one period of a board folder.

    ``settings`` are the board's settings as :func:`read_settings` read them
    (read here when not given). ``schemas`` are the plugin data the plugins in
    use read, by folder; ``blocked`` maps the folders of blocked plugins to
    their names, so that their data is said to be left out for that reason;
    ``profiles`` are the plugins' statutory profiles.

    Raises :class:`LoadError` with every problem found, each located at its
    file, line and column. Warnings found while loading (unclaimed plugin
    data, removed control characters, unknown files) are in ``findings``.
    Files are read within ``limits`` (by default those in force), raised by
    the board's own ``limits:`` settings; the result carries the limits used.
    """
    if settings is None:
        settings = read_settings(board_dir, period, limits=limits)
    limits = limits or current_limits()
    if settings.settings is not None:  # a board's limits apply to reading all of its other files
        limits = with_settings(limits, settings.settings.limits.given())
    loader = _Loader(settings.board_dir, settings.period_dir, schemas or {}, blocked or {}, limits)
    loaded = loader.load(settings)
    return attrs.evolve(loaded, profiles=profiles) if profiles else loaded


_error = errors_at("load.folder")


class _Loader:
    def __init__(
        self,
        board_dir: Path,
        period_dir: Path,
        schemas: Mapping[str, DataSchema],
        blocked: Mapping[str, str] | None = None,
        limits: Limits | None = None,
    ) -> None:
        self.limits = limits or current_limits()
        self.board_dir = board_dir
        self.period_dir = period_dir
        self.schemas = schemas
        self.blocked = blocked or {}
        self.sources = SourceMap()
        self.findings: list[Finding] = []
        self.errors: list[Finding] = []
        self.tables_used: set[Path] = set()

    def show(self, path: Path) -> str:
        return str(path)

    def load(self, settings: BoardSettings) -> LoadedReport:
        with use_limits(self.limits):
            return self._load(settings)

    def _load(self, settings: BoardSettings) -> LoadedReport:
        self.sources.update(settings.sources)
        self.findings.extend(settings.findings)
        self.errors.extend(settings.errors)
        self.tables_used |= settings.tables
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
        if settings.settings is not None:
            self._template(settings.settings)
        local = self._local_sections(narrative)
        previous = self._previous()
        self._unknown_files()
        plugin_data = self._plugins()
        if self.errors:
            raise LoadError(self.errors)
        before = len(self.errors)
        report_obj = self._structure(raw, AnnualReport, ())
        self.errors[before:] = [self._declare_hint(f) for f in self.errors[before:]]
        if report_obj is not None and local:
            report_obj = attrs.evolve(report_obj, sections=local)
        self.errors.extend(settings.invalid)
        if self.errors:
            raise LoadError(self.errors)
        assert report_obj is not None
        assert settings.settings is not None
        return LoadedReport(
            report=report_obj,
            plugin_data=plugin_data,
            settings=settings.settings,
            sources=self.sources,
            findings=tuple(self.findings),
            board_dir=self.board_dir,
            period_dir=self.period_dir,
            previous_figures=previous,
            limits=self.limits,
        )

    # --- files ---------------------------------------------------------------------

    def _yaml(self, path: Path, base: DataPath, *, required: bool = False) -> Any:
        # Anything at the path but a file (a folder, a pipe, a device) is refused when it is read.
        if not _there(path):
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
        if not _there(target):
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
        found = place(self.board_dir, path)
        if found is Place.INSIDE:
            return
        if found is Place.LINK_OUT:
            message = f"{self.show(path)} is a link to a file outside the board folder; put the file itself in the board folder instead"
        elif written is not None:
            message = f"the table file {written!r} is outside the board folder; copy it into the board folder"
        else:
            message = f"{self.show(path)} is outside the board folder; files must stay inside it"
        raise LoadError([_error(where or Location(self.show(path)), message)])

    def _check_report_keys(self, report: dict[str, Any]) -> None:
        for key in report:
            target = next((f for f, k in PERIOD_FILES.items() if k == key), None)
            if key in ("board", "narrative", "sections") or target:
                place = {
                    "board": BOARD_FILE,
                    "narrative": f"{NARRATIVE_DIR}/*.md",
                    "sections": f"{SECTIONS_DIR}/<key>.yaml, one file for each section of the board's own",
                }.get(key, target)
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
            if path.suffix.lower() != ".md" or path.is_dir():
                self.findings.append(
                    warning(
                        "load.unknown-file",
                        f"{path.name} is not read: narrative files are Markdown files ending .md",
                        location=Location(shown),
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

    @staticmethod
    def _declare_hint(finding: Finding) -> Finding:
        """An unknown key at the top of report.yaml may be meant as a section of the board's own: say how."""
        path = finding.path or ()
        if finding.code != "load.unknown-key" or len(path) != 1:
            return finding
        key = str(path[0])
        return attrs.evolve(
            finding,
            message=f"{finding.message}; for a section of the board's own, declare it in {SECTIONS_DIR}/{key}.yaml with a title and a place (see the README)",
        )

    def _local_sections(self, narrative: Mapping[str, SourceText]) -> dict[str, LocalSection]:
        """The sections the board declares in ``sections/<key>.yaml``, typed, by key."""
        folder = self.period_dir / SECTIONS_DIR
        out: dict[str, LocalSection] = {}
        if not folder.is_dir():
            return out
        files = []
        for path in sorted(folder.iterdir()):
            if path.name.startswith((".", "~$")) or path.suffix.lower() in (".csv", ".xlsx"):
                continue
            shown = self.show(path)
            if path.suffix.lower() not in (".yaml", ".yml") or path.is_dir():
                self.findings.append(
                    warning(
                        "load.unknown-file",
                        f"{path.name} is not read: {DECLARE_HINT}, and its tables may be .csv or .xlsx files beside it",
                        location=Location(shown),
                    )
                )
                continue
            taken = TEMPLATE_NAMES | set(attrs.fields_dict(AnnualReport))
            if template_name(path.stem) in taken:
                self.errors.append(
                    _error(
                        Location(shown),
                        f"{path.stem} is already the name of a part of every report; give the board's own section another key by renaming {path.name}",
                    )
                )
                continue
            if not KEY_PATTERN.fullmatch(path.stem):
                self.errors.append(
                    _error(
                        Location(shown),
                        f"a section's file name is its key: lower-case letters, digits and hyphens, such as lado.yaml or private-fostering.yaml; rename {path.name}",
                    )
                )
                continue
            files.append(path)
        for path in files:
            key = path.stem
            base: DataPath = ("sections", key)
            before = len(self.errors)
            value = self._yaml(path, base)
            if len(self.errors) > before:
                continue
            section, found = structure_section(key, value, self.sources)
            self.errors.extend(f for f in found if f.level is Level.ERROR)
            self.findings.extend(f for f in found if f.level is not Level.ERROR)
            if section is None:
                continue
            name = (section.narrative or key).removeprefix(f"{NARRATIVE_DIR}/").removesuffix(".md")
            if section.narrative is not None and name not in narrative:
                close = difflib.get_close_matches(name, sorted(narrative), n=1)
                hint = f"; did you mean {close[0]}.md?" if close else ""
                self.errors.append(
                    Finding(
                        level=Level.ERROR,
                        code="sections.invalid",
                        message=f"there is no narrative file {NARRATIVE_DIR}/{name}.md{hint}",
                        location=self.sources.locate((*base, "narrative")),
                    )
                )
                continue
            out[key] = attrs.evolve(section, narrative=name if section.narrative is not None else None)
        for path in sorted(folder.iterdir()):
            if path.suffix.lower() in (".csv", ".xlsx") and path.resolve() not in self.tables_used:
                self.findings.append(
                    warning(
                        "load.unknown-file",
                        f"{path.name} is not read: no section's file refers to it with rows_from",
                        location=Location(self.show(path)),
                    )
                )
        return out

    def _settings(self) -> tuple[Any, DataPath]:
        for folder in (self.period_dir, self.board_dir):
            path = folder / SETTINGS_FILE
            if _there(path):
                raw = self._yaml(path, ("settings",))
                if isinstance(raw, dict) and isinstance(raw.get("trends"), bool):
                    # ``trends: false`` is short for ``trends: {enabled: false}``.
                    raw = {**raw, "trends": {"enabled": raw["trends"]}}
                return raw, ("settings",)
        return None, ("settings",)

    def _previous(self) -> PreviousFigures | None:
        """The previous period's headline figures as ``previous.yaml`` states them."""
        path = self.period_dir / PREVIOUS_FILE
        raw = self._yaml(path, ("previous",))
        if raw is None:
            return None
        if not isinstance(raw, dict):
            self.errors.append(
                _error(
                    Location(self.show(path), 1, 1),
                    f"{PREVIOUS_FILE} must map figure names to numbers (cdop.reviews: 57), got {describe(raw)}",
                )
            )
            return None
        names = [h.name for h in HEADLINES]
        period: str | None = None
        figures: dict[str, int | float] = {}
        for key, value in raw.items():
            where = self.sources.locate(("previous", str(key))) or Location(self.show(path))
            if key == "period":
                if isinstance(value, str | int) and not isinstance(value, bool):
                    period = str(value)
                else:
                    self.errors.append(
                        _error(where, f"period must name a period (2019-20), got {describe(value)}")
                    )
                continue
            if key not in names:
                close = difflib.get_close_matches(str(key), names, n=1)
                hint = f"did you mean {close[0]!r}?" if close else f"the figures are {', '.join(names)}"
                section, _, rest = str(key).partition(".")
                if not close and rest.startswith("figures."):
                    # A board's own section's figure is compared too, but only with an earlier folder's.
                    self.errors.append(
                        _error(
                            where,
                            f"{key!r} is a figure of the board's own section {section!r}: {PREVIOUS_FILE} states "
                            f"only lscb's built-in figures ({', '.join(names)}); a section's figure is compared "
                            "with the same section of an earlier period's folder",
                        )
                    )
                    continue
                self.errors.append(
                    _error(where, f"{key!r} is not a figure lscb compares with earlier years; {hint}")
                )
                continue
            if isinstance(value, bool) or not isinstance(value, int | float):
                self.errors.append(_error(where, f"{key} must be a number, got {describe(value)}"))
                continue
            figures[str(key)] = value
        return PreviousFigures(period=period, figures=figures)

    def _template(self, settings: Settings) -> None:
        """The board's own Word template, checked as any package from outside is (its parts, no DTD)."""
        if not settings.template:
            return
        path = self.board_dir / settings.template
        where = self.sources.locate(("settings", "template"))
        try:
            self._inside(path, where, written=None)
        except LoadError:
            return  # the build says where the template must be
        if not path.is_file():
            return
        try:
            check_package(
                path,
                self.show(path),
                "load.template",
                kind="Word template",
                unreadable="this is not a Word document (.docx) that can be used as a template; save it again from Word as .docx",
            )
        except LoadError as exc:
            self.errors.extend(exc.findings)

    def _unknown_files(self) -> None:
        known = {REPORT_FILE, SETTINGS_FILE, PREVIOUS_FILE, *PERIOD_FILES}
        for path in sorted(self.period_dir.iterdir()):
            name = path.name
            if name.startswith(".") or name.startswith("~$") or name in known:
                continue
            folders = (NARRATIVE_DIR, PLUGINS_DIR, IMAGES_DIR, SECTIONS_DIR)
            if path.is_dir() and name in folders:
                continue
            if path.suffix.lower() in (".csv", ".xlsx") and path.resolve() in self.tables_used:
                continue
            if path.suffix.lower() in (".csv", ".xlsx"):
                message = f"{name} is not read: no YAML file refers to it with rows_from"
            elif path.is_dir():
                close = difflib.get_close_matches(name, folders, n=1, cutoff=0.75)
                hint = (
                    f"did you mean {close[0]}/?"
                    if close
                    else f"the folders lscb reads are {', '.join(f + '/' for f in folders)}"
                )
                message = f"the folder {name}/ is not read: {hint}; {DECLARE_HINT}"
            else:
                close = difflib.get_close_matches(name, sorted(known), n=1, cutoff=0.75)
                hint = f"; did you mean {close[0]}?" if close else ""
                declare = (
                    f"; if it is a section of the board's own, move it to {SECTIONS_DIR}/{name} and give it a title and a place (see the README)"
                    if path.suffix.lower() in (".yaml", ".yml") and not close
                    else ""
                )
                message = f"{name} is not a file lscb reads{hint}{declare}"
            self.findings.append(warning("load.unknown-file", message, location=Location(self.show(path))))

    def _plugins(self) -> dict[str, dict[str, Any]]:
        folder = self.period_dir / PLUGINS_DIR
        out: dict[str, dict[str, Any]] = {}
        if not folder.is_dir():
            return out
        for plugin_dir in sorted(p for p in folder.iterdir() if p.is_dir()):
            schema = self.schemas.get(plugin_dir.name)
            shown = self.show(plugin_dir)
            if schema is None and plugin_dir.name in self.blocked:
                self.findings.append(
                    info(
                        "plugin.blocked-data",
                        f"{PLUGINS_DIR}/{plugin_dir.name}/ is read by the plugin {self.blocked[plugin_dir.name]!r}, which is blocked; its data is left out of the report",
                        location=Location(shown),
                    )
                )
                continue
            if schema is None:
                self.findings.append(
                    warning(
                        "plugin.unclaimed-data",
                        f"no installed plugin reads {PLUGINS_DIR}/{plugin_dir.name}/; its data is left out of the report",
                        location=Location(shown),
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
                            warning(
                                "plugin.unknown-file",
                                f"{path.name} is not read: no YAML file of the {plugin_dir.name} plugin refers to it with rows_from",
                                location=Location(self.show(path)),
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
                        warning(
                            "plugin.unknown-file",
                            f"the {plugin_dir.name} plugin does not read {path.name}{hint}",
                            location=Location(self.show(path)),
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
                if not _there(plugin_dir / required):
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


def _there(path: Path) -> bool:
    """Whether anything is at ``path``: reading it then says what is wrong if it is not a file."""
    return path.exists() or path.is_symlink()
