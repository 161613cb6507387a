"""Nothing a board folder accepts is dropped: every field is shown in the board edition, or is check-only."""

from __future__ import annotations

import calendar
import datetime as dt
import enum
import fnmatch
import html
import re
import typing
import zipfile
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import Any

import attrs
import pytest

from lscb_core import load_report
from lscb_core._base.findings import Level
from lscb_core._build.build import build_report
from lscb_core._build.check import check_board
from lscb_core._checks.migrations import MIGRATIONS
from lscb_core._hooks.manager import make_plugin_manager
from lscb_core._loading.writing import write_board
from lscb_core._model.editions import Edition
from lscb_core._model.not_shown import NOT_SHOWN, Why, why_not_shown
from lscb_core._model.period import PartialDate, format_date
from lscb_core._model.report import AnnualReport
from lscb_core._model.text import Markdown

from .boardfactory import make_board
from .composed import composed, section_texts
from .conftest import BOARDS, HERTFORDSHIRE
from .fullboard import full_report

_PM = make_plugin_manager(entry_points=False)

NEXT_STEPS_ONLY = """themes:
  - id: neglect
    title: Neglect
    priorities:
      - id: neglect
        title: Neglect
        progress: A strategy was agreed.
        next_steps: Train every health visitor in the new assessment.
"""


def test_a_prioritys_next_steps_are_shown_under_it(tmp_path: Path) -> None:
    board = make_board(tmp_path, {"priorities.yaml": NEXT_STEPS_ONLY})
    texts = section_texts(composed(load_report(board, pm=_PM), _PM))["priorities"]
    at = texts.index("What happens next")
    assert texts[at - 1] == "A strategy was agreed."
    assert texts[at + 1] == "Train every health visitor in the new assessment."


def test_a_prioritys_next_steps_count_as_the_plans_for_next_year(tmp_path: Path) -> None:
    board = make_board(tmp_path, {"priorities.yaml": NEXT_STEPS_ONLY})
    codes = {f.code for f in check_board(board, pm=_PM).findings}
    assert "coverage.business-plan" not in codes
    bare = NEXT_STEPS_ONLY.replace(
        "        next_steps: Train every health visitor in the new assessment.\n", ""
    )
    codes = {
        f.code for f in check_board(make_board(tmp_path / "bare", {"priorities.yaml": bare}), pm=_PM).findings
    }
    assert "coverage.business-plan" in codes


# --- every field of a fully populated board is shown, or documented as not shown -------------------

NOT_DEFAULT_EXEMPT = {"Markdown.origin", "ChildDeathOverview.records"}
"""Fields that are not data (where a piece of narrative was read), and the whole's case records, which a
report with several child death panels keeps with each panel (the full board has two panels; records are
counted, never shown, wherever they are)."""

SHOWN_AS: dict[str, Callable[[Any], list[str]]] = {
    "Member.deputy_allowed": lambda allowed: ["(or representative)"] if allowed else [],
    "Metric.approximate": lambda approximate: ["around "] if approximate else [],
}
"""How the report shows a value that is not printed as written (a yes or no, a regime)."""


def _representations(value: object) -> list[str]:
    """What the document may print for a value."""
    if isinstance(value, bool):
        return []
    if isinstance(value, int):
        return [f"{value:,}"]
    if isinstance(value, float):
        return [f"{value:g}"]
    if isinstance(value, Markdown):
        return [value.text.strip()]
    if isinstance(value, str):
        return [value]
    if isinstance(value, PartialDate):
        return [value.text]
    if isinstance(value, dt.date):
        return [format_date(value), f"{calendar.month_name[value.month]} {value.year}"]
    if isinstance(value, enum.Enum):
        label = getattr(value, "label", None)
        return [str(label)] if label else [str(value.value).replace("-", " ")]
    raise AssertionError(f"no way to show {value!r}")


@attrs.frozen
class Leaf:
    field: str
    path: str
    value: object


def _default(f: attrs.Attribute[Any]) -> object:
    return f.default.factory() if isinstance(f.default, attrs.Factory) else f.default  # type: ignore[misc]


def _leaves(value: object, field: str = "AnnualReport", path: str = "") -> Iterator[Leaf]:
    """Every value given (not left at its default), with the field that holds it."""
    if attrs.has(type(value)) and not isinstance(value, Markdown | PartialDate):
        for f in attrs.fields(type(value)):
            name = f"{type(value).__name__}.{f.name}"
            item = getattr(value, f.name)
            if name not in NOT_DEFAULT_EXEMPT and item != _default(f):
                yield from _leaves(item, name, f"{path}.{f.name}")
    elif isinstance(value, tuple):
        for i, item in enumerate(value):
            yield from _leaves(item, field, f"{path}[{i}]")
    elif isinstance(value, Mapping):
        for key, item in value.items():
            yield from _leaves(item, field, f"{path}.{key}")
    elif value is not None:
        yield Leaf(field, path, value)


def _instances(value: object) -> Iterator[object]:
    if attrs.has(type(value)):
        yield value
        for f in attrs.fields(type(value)):
            yield from _instances(getattr(value, f.name))
    elif isinstance(value, tuple):
        for item in value:
            yield from _instances(item)
    elif isinstance(value, Mapping):
        for item in value.values():
            yield from _instances(item)


def _classes(cl: type, seen: set[type]) -> set[type]:
    """Every attrs class a report can hold, from its fields' types."""
    if cl in seen:
        return seen
    seen.add(cl)
    hints = typing.get_type_hints(cl, include_extras=True)
    for f in attrs.fields(cl):
        stack = [hints[f.name]]
        while stack:
            hint = stack.pop()
            if isinstance(hint, type) and attrs.has(hint):
                _classes(hint, seen)
            stack.extend(a for a in typing.get_args(hint) if isinstance(a, type) or typing.get_args(a))
    return seen


def test_the_full_board_fills_every_field_of_the_model() -> None:
    report = full_report()
    instances: dict[type, list[object]] = {}
    for instance in _instances(report):
        instances.setdefault(type(instance), []).append(instance)
    empty = []
    for cl in sorted(_classes(AnnualReport, set()), key=lambda c: c.__name__):
        for f in attrs.fields(cl):
            name = f"{cl.__name__}.{f.name}"
            if name in NOT_DEFAULT_EXEMPT:
                continue
            if not any(getattr(i, f.name) != _default(f) for i in instances.get(cl, [])):
                empty.append(name)
    assert empty == [], "fill these fields in tests/fullboard.py"


def _document_text(path: Path) -> str:
    """Every piece of text in the package: runs, drawings, alternative text, link targets and properties."""
    pieces: list[str] = []
    with zipfile.ZipFile(path) as package:
        for name in package.namelist():
            if not name.endswith((".xml", ".rels")):
                continue
            xml = package.read(name).decode("utf-8")
            pieces += re.findall(r"<(?:w|a):t(?: [^>]*)?>([^<]*)<", xml)
            pieces += re.findall(r' (?:descr|Target)="([^"]*)"', xml)
            if name == "docProps/core.xml":
                pieces += re.findall(r">([^<]+)<", xml)
    return html.unescape(" ".join(pieces)).casefold()


@pytest.fixture(scope="module")
def full_document(tmp_path_factory: pytest.TempPathFactory) -> str:
    folder = tmp_path_factory.mktemp("full")
    write_board(full_report(), folder / "board")
    result = build_report(
        folder / "board", output=folder / "r.docx", edition=Edition.BOARD, pm=_PM, audit_gate=False
    )
    assert result.ok, [str(f) for f in result.errors]
    return _document_text(folder / "r.docx")


def test_every_field_is_in_the_board_edition_or_documented_as_not_shown(full_document: str) -> None:
    missing = []
    for leaf in _leaves(full_report()):
        class_name, _, field = leaf.field.partition(".")
        if why_not_shown(class_name, field) is not None:
            continue
        shown = SHOWN_AS.get(leaf.field, _representations)(leaf.value)
        if not any(text.casefold() in full_document for text in shown):
            missing.append(f"{leaf.path} ({leaf.field}) = {leaf.value!r}")
    assert missing == [], "show these in the board edition, or list them in lscb_core._model.not_shown"


def test_every_documented_field_exists_and_says_why() -> None:
    names = {f"{cl.__name__}.{f.name}" for cl in _classes(AnnualReport, set()) for f in attrs.fields(cl)}
    for pattern, (why, reason) in NOT_SHOWN.items():
        assert any(fnmatch.fnmatchcase(name, pattern) for name in names), pattern
        assert isinstance(why, Why)
        assert len(reason) > 10, pattern
    assert why_not_shown("Budget", "spend_total_stated") == NOT_SHOWN["*.*_stated"]
    assert why_not_shown("Budget", "notes") is None


# --- what the two boards show now that they did not, each change noted where the data gives it -------


@pytest.mark.parametrize(
    ("board", "expected"),
    [
        (
            BOARDS / "partnership",
            [
                "priorities.yaml:18:21: migration.priority-next-steps (5 places in this report)",
                "report.yaml:23:5: migration.leaders",
                "report.yaml:63:15: migration.fact-sources (4 places in this report)",
                "reviews.yaml:12:15: migration.publication-reasons (6 places in this report)",
                "structure.yaml:5:12: migration.group-chairs (8 places in this report)",
                "structure.yaml:61:14: migration.group-purposes (2 places in this report)",
            ],
        ),
        (
            HERTFORDSHIRE,
            [
                "structure.yaml:6:12: migration.group-chairs (2 places in this report)",
                "structure.yaml:23:14: migration.group-purposes",
            ],
        ),
    ],
    ids=["partnership", "hertfordshire"],
)
def test_what_the_boards_show_now_is_noted_where_the_data_gives_it(board: Path, expected: list[str]) -> None:
    notes = []
    for finding in check_board(board, pm=_PM).findings:
        if finding.code.startswith("migration."):
            assert finding.level is Level.INFO
            assert finding.location is not None
            where = str(finding.location).split("/")[-1]
            more = re.search(r" \(\d+ places in this report\)$", finding.message)
            notes.append(f"{where}: {finding.code}{more.group(0) if more else ''}")
    assert notes == expected


def test_a_migration_note_says_what_is_shown_now(tmp_path: Path) -> None:
    board = make_board(tmp_path, {"priorities.yaml": NEXT_STEPS_ONLY})
    (note,) = [f for f in check_board(board, pm=_PM).findings if f.code.startswith("migration.")]
    assert str(note).endswith(
        "priorities.yaml:8:21: info: a priority's next_steps are now shown under it, headed 'What happens next'; earlier versions of lscb left this out [migration.priority-next-steps]"
    )
    assert {m.code for m in MIGRATIONS} == {
        "migration.priority-next-steps",
        "migration.leaders",
        "migration.fact-sources",
        "migration.group-chairs",
        "migration.group-purposes",
        "migration.publication-reasons",
    }
