"""The files of a board folder, what each holds, its JSON Schema and its place in the data reference."""

from __future__ import annotations

import typing
from collections.abc import Iterator, Mapping
from typing import Any

from lscb_core._loading.folder import BOARD_FILE, PERIOD_FILES, REPORT_FILE, SETTINGS_FILE
from lscb_core._model.board import Board
from lscb_core._model.local_sections import LocalSection
from lscb_core._model.report import AnnualReport
from lscb_core._model.schema import fields_of, json_schema, type_label, walk_classes
from lscb_core._model.settings import Settings

__all__ = [
    "FILE_PURPOSES",
    "SCHEMA_FOLDER",
    "SECTION_FILE",
    "file_root",
    "file_schema",
    "known_files",
    "modeline",
    "reference_markdown",
]

SCHEMA_FOLDER = ".lscb-schema"
"""Where ``lscb new`` and ``lscb schema --write`` put the schemas, in the board folder (ignored by the loader)."""

SECTION_FILE = "section.yaml"
"""The schema and reference name of a board's own section: each is ``sections/<key>.yaml`` in a period folder."""


FILE_PURPOSES: Mapping[str, str] = {
    BOARD_FILE: "The board or partnership: its name, short name, area and contacts. The same every year; it sits in the board folder.",
    SETTINGS_FILE: "Choices about how the report is checked and built (not facts about the year): its template, sections, suppression. In the board folder for every year, or in a period folder for one.",
    REPORT_FILE: "The report as a whole: its period, regime, title, leadership, authors, approval, who it is submitted to and the area it covers.",
    "structure.yaml": "How the board is organised: its groups, who chairs them and to whom each reports.",
    "members.yaml": "Membership of the board and attendance at its meetings.",
    "inspections.yaml": "Inspections of the board and of local services, their judgements and what inspectors said.",
    "priorities.yaml": "The board's priorities, grouped by theme, with progress made and what comes next; the business plan.",
    "reviews.yaml": "Case reviews: serious case reviews, practice reviews, rapid reviews and the like, with their learning.",
    "audits.yaml": "Multi-agency and single-agency audits, section 11 self-assessments and peer reviews.",
    "activities.yaml": "Campaigns, programmes and events, and the figures reported for them.",
    "cdop.yaml": "Child death review: deaths notified and reviewed, their categories, age bands and modifiable factors.",
    "budget.yaml": "Partner contributions, budget lines, spend, other income, reserves and carry forward.",
    "training.yaml": "Multi-agency training: courses run, who came, and from which agencies.",
    "glossary.yaml": "Abbreviations the report uses and what they stand for.",
    SECTION_FILE: "A section of the board's own, one file each as sections/<key>.yaml in a period folder: its title, place, audience, narrative file, figures and tables (see the README). Files it is read beside: its tables' .csv and .xlsx files.",
}


def _report_keys() -> list[str]:
    own = set(PERIOD_FILES.values()) | {"board", "narrative", "sections"}
    return [f.name for f in fields_of(AnnualReport) if f.name not in own]


def known_files() -> list[str]:
    """Every YAML file lscb reads, board-level first."""
    return [BOARD_FILE, SETTINGS_FILE, REPORT_FILE, *PERIOD_FILES, SECTION_FILE]


def file_root(name: str) -> Any:
    """The type a file's content is read as (``report.yaml`` is several parts of the report)."""
    if name == BOARD_FILE:
        return Board
    if name == SETTINGS_FILE:
        return Settings
    if name == REPORT_FILE:
        return None
    if name == SECTION_FILE:
        return LocalSection
    key = PERIOD_FILES.get(name)
    if key is None:
        raise KeyError(name)
    return typing.get_type_hints(AnnualReport, include_extras=True)[key]


def file_schema(name: str) -> dict[str, Any]:
    """The JSON Schema of one board-folder file."""
    title = f"lscb {name}"
    purpose = FILE_PURPOSES.get(name, "")
    if name == REPORT_FILE:
        keys = set(_report_keys())
        full = json_schema(AnnualReport, title=title, description=purpose)
        body = full["$defs"].pop("AnnualReport")
        body["properties"] = {k: v for k, v in body["properties"].items() if k in keys}
        body["required"] = [k for k in body.get("required", []) if k in keys]
        body["title"] = "report"
        body["description"] = purpose
        out = {k: v for k, v in full.items() if k not in ("$ref", "$defs")}
        out.update(body)
        out["$defs"] = _used_defs(body, full["$defs"])
        return out
    schema = json_schema(file_root(name), title=title, description=purpose)
    if name == SECTION_FILE:
        _flat_rows(schema)
        _one_chart(schema)
    return schema


def _flat_rows(schema: dict[str, Any]) -> None:
    """A table row is written flat: its column keys beside visibility and public_summary."""
    row = schema["$defs"]["TableRow"]
    properties = {k: v for k, v in row["properties"].items() if k != "values"}
    cell = row["properties"]["values"]["additionalProperties"]
    row.update(properties=properties, additionalProperties=cell)


def _one_chart(schema: dict[str, Any]) -> None:
    """A table may declare one chart as ``chart:``, besides a list of them as ``charts:``."""
    table = schema["$defs"]["LocalTable"]["properties"]
    table["chart"] = {
        "$ref": "#/$defs/TableChart",
        "description": "One chart of the table, drawn after it (charts: for several).",
    }
    series = schema["$defs"]["TableChart"]["properties"]["series"]
    series["anyOf"] = [{"type": "string"}, *series["anyOf"]]  # one column may be named alone


def _used_defs(body: Mapping[str, Any], defs: Mapping[str, Any]) -> dict[str, Any]:
    used: dict[str, Any] = {}

    def visit(node: Any) -> None:
        if isinstance(node, dict):
            ref = node.get("$ref")
            if isinstance(ref, str) and ref.startswith("#/$defs/"):
                name = ref.removeprefix("#/$defs/")
                if name not in used and name in defs:
                    used[name] = defs[name]
                    visit(defs[name])
            for value in node.values():
                visit(value)
        elif isinstance(node, list):
            for value in node:
                visit(value)

    visit(body)
    return dict(sorted(used.items()))


def modeline(name: str, *, depth: int) -> str:
    """The comment that tells a YAML editor where the file's schema is (``depth``: folders below the board)."""
    up = "../" * depth
    return f"# yaml-language-server: $schema={up}{SCHEMA_FOLDER}/{name.removesuffix('.yaml')}.schema.json"


def _file_classes(name: str) -> Iterator[type]:
    if name == REPORT_FILE:
        hints = typing.get_type_hints(AnnualReport, include_extras=True)
        seen: set[type] = set()
        for key in _report_keys():
            for cls in walk_classes(hints[key]):
                if cls not in seen:
                    seen.add(cls)
                    yield cls
        return
    yield from walk_classes(file_root(name))


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def reference_markdown() -> str:
    """The data reference: every file, every field, its type, whether it is required and what it means."""
    lines = [
        "# Data reference",
        "",
        "Every file of a board folder and every field it may hold, generated from lscb's model.",
        "Any list may instead be read from a spreadsheet: write `{rows_from: file.xlsx, sheet: Name}`",
        "where the list goes. Fields ending in `_stated` record a figure the report states in words;",
        "where lscb can work the figure out from the data, it compares the two and prints its own;",
        "where nothing works it out (a panel's `reviews_stated` without `records`, an audit's",
        "`participants_stated` without `participants`), the stated figure is the one printed.",
        "`lscb schema FILE` prints the JSON Schema of a file for editors.",
        "",
    ]
    for name in known_files():
        lines += [f"## `{name}`", "", FILE_PURPOSES.get(name, ""), ""]
        if name == REPORT_FILE:
            hints = typing.get_type_hints(AnnualReport, include_extras=True)
            wanted = {k: hints[k] for k in _report_keys()}
            lines += _table([f for f in fields_of(AnnualReport) if f.name in wanted])
        for cls in _file_classes(name):
            doc = (cls.__doc__ or "").strip().split("\n\n")[0].replace("\n", " ")
            lines += [f"### {type_label(cls).capitalize()}", "", doc, ""]
            lines += _table(fields_of(cls))
    return "\n".join(lines).rstrip() + "\n"


def _table(fields: list[Any]) -> list[str]:
    if not fields:
        return []
    out = ["| Field | Type | Required | Meaning |", "|---|---|---|---|"]
    for f in fields:
        out.append(
            f"| `{f.name}` | {_cell(type_label(f.type))} | {'yes' if f.required else ''} | {_cell(f.meaning)} |"
        )
    return [*out, ""]
