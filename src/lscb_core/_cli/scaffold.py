"""``lscb new``: a board folder, or next year's period, to fill in; every file with comments and examples.

The files are written from the model and the data reference, so every field a
file may hold is there (commented out) with its meaning, and a YAML editor
validates each file against the schema lscb writes beside the board.
"""

from __future__ import annotations

import datetime as dt
import enum
import json
import shutil
import types
from collections.abc import Iterator
from pathlib import Path
from typing import Annotated, Any, Union, get_args, get_origin

import attrs
import yaml

from lscb_core._base.findings import LoadError
from lscb_core._base.quantities import Quantity
from lscb_core._loading.board_files import (
    FILE_PURPOSES,
    SCHEMA_FOLDER,
    file_root,
    file_schema,
    known_files,
    modeline,
)
from lscb_core._loading.folder import BOARD_FILE, PERIOD_FILES, REPORT_FILE, SETTINGS_FILE, list_periods
from lscb_core._loading.yamlfile import load_yaml
from lscb_core._model.period import PartialDate, ReportingPeriod
from lscb_core._model.regime import Regime
from lscb_core._model.report import AnnualReport
from lscb_core._model.schema import FieldInfo, fields_of
from lscb_core._model.text import Markdown
from lscb_core._model.vocabulary import OpenKind

__all__ = [
    "NARRATIVE_PURPOSES",
    "ScaffoldError",
    "following_period",
    "latest_financial_year",
    "new_board",
    "new_period",
    "write_schemas",
]

NARRATIVE_PURPOSES: dict[str, str] = {
    "foreword": "The foreword, signed by the chair or the lead partners. Say plainly how well children are safeguarded in the area, what went well, what did not, and why.",
    "context": "The local context: the area, its children and young people, and what makes safeguarding here different.",
    "governance": "How the board works: its structure, its sub-groups and how it holds partners to account.",
    "inspection": "What inspections found, and what the board did about it.",
    "priorities": "An introduction to the priorities and the progress made on them.",
    "reviews": "Learning from case reviews: what was reviewed, what was learnt, what changed.",
    "cdop": "The child death review: what the panel found and what was done about it.",
    "budget": "The money: what partners contributed and how it was spent.",
    "next": "What comes next: the priorities for the coming year.",
    "effectiveness": "How effective local safeguarding arrangements are, with the evidence.",
    "scrutiny": "Independent scrutiny: who scrutinised the arrangements and what they found.",
    "impact": "The difference the board's work made to children and families.",
    "voice": "The voice of children and families: how their views were sought and used.",
    "weaknesses": "Weaknesses identified, their causes, and the action taken or proposed.",
}
"""The narrative files the built-in sections read, and what each is for."""

CARRIED_OVER = ("structure.yaml", "members.yaml", "glossary.yaml", SETTINGS_FILE)
"""Files a new period starts from last year's (attendance figures cleared)."""


class ScaffoldError(Exception):
    """The folder cannot be made (it exists and is not empty, or cannot be written)."""


def latest_financial_year(today: dt.date) -> ReportingPeriod:
    """The financial year that ended most recently: the one a report is written about."""
    first_year = today.year - 1 if today.month >= 4 else today.year - 2
    return ReportingPeriod.financial_year(first_year)


def _add_months(day: dt.date, months: int) -> dt.date:
    """The same day ``months`` later, or the month's last day where it has no such day."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    month += 1
    last = (dt.date(year + (month == 12), month % 12 + 1, 1) - dt.timedelta(days=1)).day
    return dt.date(year, month, min(day.day, last))


def following_period(period: ReportingPeriod) -> ReportingPeriod:
    """The twelve months after ``period`` by the calendar: a financial year follows a financial year.

    A period of any other length (an interim report, a 17-month transition) is
    followed by a year that starts the day after it ends, never by another
    period of its own length.
    """
    start = period.end + dt.timedelta(days=1)
    return ReportingPeriod(start, _add_months(start, 12) - dt.timedelta(days=1))


# --- writing files -------------------------------------------------------------------


def _quantity(tp: Any) -> Quantity | None:
    if get_origin(tp) is Annotated:
        return next((a for a in get_args(tp)[1:] if isinstance(a, Quantity)), None)
    return None


def _bare(tp: Any) -> Any:
    if get_origin(tp) in (Union, types.UnionType):
        args = [a for a in get_args(tp) if a is not type(None)]
        return args[0] if len(args) == 1 else tp
    return tp


def _example(tp: Any, name: str, period: ReportingPeriod) -> Any:
    """A plausible value of ``tp`` for the commented example (never data a board would keep by mistake)."""
    tp = _bare(tp)
    quantity = _quantity(tp)
    if quantity is not None:
        return quantity.example
    if tp is PartialDate:
        return f"{period.start:%Y-%m}"
    if tp is dt.date:
        return (period.end if name == "end" else period.start).isoformat()
    if tp is bool:
        return False
    if tp is int:
        return 1
    if tp is float:
        return 1.5
    if isinstance(tp, type) and issubclass(tp, enum.Enum):
        return next(iter(tp)).value
    if isinstance(tp, type) and issubclass(tp, OpenKind):
        # Written as one of its words (`kind: multi-agency`), not as the record that holds it.
        return next(iter(tp.KNOWN))
    if tp is str or tp is Markdown:
        return name.replace("_", " ").capitalize()
    return None


def _is_list(tp: Any) -> bool:
    return get_origin(_bare(tp)) in (tuple, list)


def _is_record(tp: Any) -> bool:
    tp = _bare(tp)
    return (
        isinstance(tp, type)
        and attrs.has(tp)
        and tp not in (Markdown, PartialDate)
        and not issubclass(tp, OpenKind)
    )


def _yaml_scalar(value: Any) -> str:
    dumped = yaml.safe_dump(value, default_flow_style=True, allow_unicode=True, width=10_000)
    return dumped.strip().removesuffix("...").strip()


def _in_writing_order(cls: type) -> list[FieldInfo]:
    """A class's fields with what it says first and who may read it (inherited) last."""
    fields = fields_of(cls)
    return sorted(fields, key=lambda f: f.name in ("visibility", "public_summary"))


def _commented(cls: type, period: ReportingPeriod, indent: str, *, depth: int = 0) -> Iterator[str]:
    for f in _in_writing_order(cls):
        yield from _field_lines(f, period, indent, depth)


def _field_lines(f: FieldInfo, period: ReportingPeriod, indent: str, depth: int) -> Iterator[str]:
    note = f"  # {'(required) ' if f.required else ''}{f.meaning}" if f.meaning else ""
    inner = get_args(_bare(f.type))[0] if _is_list(f.type) else None
    if inner is not None and _is_record(inner) and depth < 3:
        yield f"{indent}{f.name}:{note}"
        first = True
        for line in _commented(_bare(inner), period, indent + "    ", depth=depth + 1):
            yield (indent + "  - " + line[len(indent) + 4 :]) if first else line
            first = False
    elif inner is not None:
        yield f"{indent}{f.name}: [{_yaml_scalar(_example(inner, f.name, period))}]{note}"
    elif _is_record(f.type) and depth < 3:
        yield f"{indent}{f.name}:{note}"
        # The next period's example dates are the next period's, not this one's.
        within = following_period(period) if f.name == "next_period" else period
        yield from _commented(_bare(f.type), within, indent + "  ", depth=depth + 1)
    elif get_origin(_bare(f.type)) is dict:
        yield f"{indent}{f.name}: {{}}{note}"
    else:
        yield f"{indent}{f.name}: {_yaml_scalar(_example(f.type, f.name, period))}{note}"


def _file_text(name: str, period: ReportingPeriod, *, depth: int, values: dict[str, Any]) -> str:
    """A file with its modeline, its purpose, the values given and every other field commented out."""
    lines = [
        modeline(name, depth=depth),
        f"# {name}: {FILE_PURPOSES.get(name, '')}",
        "# Every field is listed below with what it means. Remove the '# ' in front of what you fill in;",
        "# lines still commented out are ignored. `lscb check` says what is wrong or still missing.",
        "",
    ]
    owner = AnnualReport if name == REPORT_FILE else _bare(file_root(name))
    lines += _given(values, owner, "")
    if values:
        lines.append("")
    if name == REPORT_FILE:
        own = set(PERIOD_FILES.values()) | {"board", "narrative", "sections"}
        fields = [f for f in fields_of(AnnualReport) if f.name not in own]
    else:
        root = _bare(file_root(name))
        if _is_list(root):
            inner = get_args(root)[0]
            lines.append("# One entry like this for each:")
            body = list(_commented(_bare(inner), period, "", depth=1))
            lines += [("# - " + b) if i == 0 else ("#   " + b) for i, b in enumerate(body)]
            return "\n".join(lines).rstrip() + "\n"
        fields = _in_writing_order(root)
    for f in fields:
        if f.name in values:
            continue
        lines += ["# " + line for line in _field_lines(f, period, "", 0)]
    return "\n".join(lines).rstrip() + "\n"


def _given(values: dict[str, Any], owner: Any, indent: str) -> list[str]:
    """Values the scaffold fills in, each with what it means (and the fields of a record with theirs)."""
    fields = {f.name: f for f in fields_of(owner)} if _is_record(owner) else {}
    lines: list[str] = []
    for key, value in values.items():
        field = fields.get(key)
        note = f"  # {field.meaning}" if field is not None and field.meaning else ""
        if isinstance(value, dict) and field is not None and _is_record(field.type):
            lines.append(f"{indent}{key}:{note}")
            lines += _given(value, _bare(field.type), indent + "  ")
        elif isinstance(value, dict | list):
            if note:
                lines.append(f"{indent}#{note[3:]}")
            dumped = yaml.safe_dump({key: value}, sort_keys=False, allow_unicode=True, width=100).rstrip()
            lines += [indent + line for line in dumped.splitlines()]
        else:
            lines.append(f"{indent}{key}: {_yaml_scalar(value)}{note}")
    return lines


def write_schemas(board_dir: Path) -> list[Path]:
    """Write the JSON Schema of every board file into ``SCHEMA_FOLDER``, for YAML editors."""
    folder = board_dir / SCHEMA_FOLDER
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name in known_files():
        path = folder / f"{name.removesuffix('.yaml')}.schema.json"
        path.write_text(json.dumps(file_schema(name), indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        written.append(path)
    return written


def _narrative_text(name: str) -> str:
    return (
        f"<!--\n{NARRATIVE_PURPOSES[name]}\n"
        "Write Markdown. Figures can come from the data: {{ period.label }}, {{ cdop.reviews }}.\n"
        "Leave the file empty (or delete it) and its section is left out. "
        "This comment does not appear in the report.\n-->\n"
    )


def _period_files(period_dir: Path, period: ReportingPeriod, report_values: dict[str, Any]) -> list[Path]:
    written = []
    period_dir.mkdir(parents=True, exist_ok=True)
    for name in [REPORT_FILE, *PERIOD_FILES]:
        target = period_dir / name
        if target.exists():
            continue
        values = report_values if name == REPORT_FILE else {}
        target.write_text(_file_text(name, period, depth=1, values=values), encoding="utf-8")
        written.append(target)
    narrative = period_dir / "narrative"
    narrative.mkdir(exist_ok=True)
    for name in NARRATIVE_PURPOSES:
        target = narrative / f"{name}.md"
        if not target.exists():
            target.write_text(_narrative_text(name), encoding="utf-8")
            written.append(target)
    (period_dir / "images").mkdir(exist_ok=True)
    return written


def new_board(
    board_dir: Path, *, name: str, short_name: str, regime: Regime, period: ReportingPeriod
) -> list[Path]:
    """Write a new board folder for ``period``; returns the files written."""
    if board_dir.exists() and (not board_dir.is_dir() or any(board_dir.iterdir())):
        raise ScaffoldError(f"{board_dir} already exists and is not empty; choose a new folder")
    try:
        board_dir.mkdir(parents=True, exist_ok=True)
        written = write_schemas(board_dir)
        board = board_dir / BOARD_FILE
        board.write_text(
            _file_text(BOARD_FILE, period, depth=0, values={"name": name, "short_name": short_name}),
            encoding="utf-8",
        )
        settings = board_dir / SETTINGS_FILE
        # A new board was never built by an earlier version: nothing to note of what those left out.
        settings.write_text(
            _file_text(SETTINGS_FILE, period, depth=0, values={"migration_notes": False}), encoding="utf-8"
        )
        written += [board, settings]
        report = {
            "period": {"start": period.start.isoformat(), "end": period.end.isoformat()},
            "regime": regime.value,
        }
        written += _period_files(board_dir / period.slug, period, report)
    except OSError as exc:
        raise ScaffoldError(f"{board_dir} could not be written: {exc.strerror or exc}") from None
    return written


def _plain(value: Any) -> Any:
    """Loaded values (which carry their locations) as plain Python values for writing out again."""
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, str):
        return str(value)
    return value


def _read(path: Path) -> Any:
    try:
        return _plain(load_yaml(path, str(path)).value)
    except LoadError as exc:
        raise ScaffoldError(str(exc.findings[0])) from None


def _clear_attendance(path: Path) -> str:
    """Last year's members, with this year's attendance still to be filled in."""
    data = _read(path)
    if not isinstance(data, dict):
        return path.read_text(encoding="utf-8")
    data.pop("meetings_held", None)
    members = data.get("members")
    if isinstance(members, list):
        for member in members:
            if isinstance(member, dict):
                for key in ("attended", "possible", "joined", "left", "note"):
                    member.pop(key, None)
    return yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=100)


def new_period(board_dir: Path, *, start_from: str | None, period: ReportingPeriod | None) -> list[Path]:
    """Add a period folder to an existing board, starting from an earlier period's folder.

    What carries over (structure, members without their attendance, glossary,
    the period's settings, and the report's leadership, authors, submission
    list and area) is copied; everything else starts empty, with every field
    commented. Earlier files are read with the loader's safe YAML reader.
    """
    if not (board_dir / BOARD_FILE).is_file():
        raise ScaffoldError(f"{board_dir} is not a board folder: it has no {BOARD_FILE}")
    periods = list_periods(board_dir)
    if start_from is None:
        if not periods:
            raise ScaffoldError(f"{board_dir} has no period folder to start from; give --start and --end")
        source = periods[-1]
    else:
        source = board_dir / start_from
        if source not in periods:
            known = ", ".join(p.name for p in periods) or "none"
            raise ScaffoldError(f"{board_dir} has no period folder {start_from!r} (it has: {known})")
    raw = _read(source / REPORT_FILE) or {}
    if not isinstance(raw, dict):
        raise ScaffoldError(f"{source / REPORT_FILE} is not a mapping of keys to values")
    if period is None:
        try:
            earlier = ReportingPeriod(
                dt.date.fromisoformat(str(raw["period"]["start"])),
                dt.date.fromisoformat(str(raw["period"]["end"])),
            )
        except (KeyError, TypeError, ValueError):
            raise ScaffoldError(
                f"{source / REPORT_FILE} has no readable period; give --start and --end"
            ) from None
        period = following_period(earlier)
    target = board_dir / period.slug
    if target.exists():
        raise ScaffoldError(f"{target} already exists; choose another period")
    report: dict[str, Any] = {
        "period": {"start": period.start.isoformat(), "end": period.end.isoformat()},
        # The period this one follows: its figures are compared with this year's.
        "previous": source.name,
    }
    for key in ("regime", "title", "leadership", "authors", "submitted_to", "area"):
        if key in raw:
            report[key] = raw[key]
    written: list[Path] = []
    try:
        target.mkdir(parents=True)
        for name in CARRIED_OVER:
            earlier_file = source / name
            if earlier_file.is_file():
                text = earlier_file.read_text(encoding="utf-8")
                if name == "members.yaml":
                    text = modeline(name, depth=1) + "\n" + _clear_attendance(earlier_file)
                (target / name).write_text(text, encoding="utf-8")
                written.append(target / name)
        for table in source.glob("*.csv"):
            if table.name.startswith("members"):
                shutil.copyfile(table, target / table.name)
                written.append(target / table.name)
        written += _period_files(target, period, report)
        if not (board_dir / SCHEMA_FOLDER).is_dir():
            written += write_schemas(board_dir)
    except OSError as exc:
        raise ScaffoldError(f"{target} could not be written: {exc.strerror or exc}") from None
    return written
