"""Testing plugins and boards without writing a document: small boards from Python data, one section's blocks.

A plugin's own tests need three things: a small board folder, the plugin in use,
and what a section (or a check) makes of them. This module gives all three,
through the same loader, plugin manager, public view and sections as a build::

    from lscb_core.testing import board_folder, check, section_blocks, tables, text

    def test_the_helpline_section(tmp_path):
        board = board_folder(tmp_path, {"plugins/helpline/helpline.yaml": {"calls": 120}})
        blocks = section_blocks(board, "helpline", my_plugin)
        assert "The helpline took 120 calls." in text(blocks)

Every function takes the plugins to use after the board (modules or objects
with ``@hookimpl`` functions); installed plugins are left out unless
``installed=True``, so a test sees exactly the plugins it names.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

import yaml

from lscb_core._base.blocks import (
    Block,
    BulletList,
    Cell,
    Heading,
    Image,
    KeyFigures,
    Link,
    NumberedList,
    Paragraph,
    Quote,
    Signature,
    Table,
    Text,
)
from lscb_core._base.findings import Finding, LoadError
from lscb_core._model.editions import Edition
from lscb_core._model.loaded import LoadedReport

__all__ = [
    "LoadError",
    "board_folder",
    "check",
    "load",
    "plugin_manager",
    "section_blocks",
    "section_keys",
    "tables",
    "text",
]

_BOARD = {"name": "Testshire Safeguarding Children Partnership", "short_name": "TSCP"}


def board_folder(
    root: Path | str,
    files: Mapping[str, Any] | None = None,
    *,
    board: Mapping[str, Any] | None = None,
    start: dt.date = dt.date(2024, 4, 1),
    end: dt.date = dt.date(2025, 3, 31),
    regime: str = "partnership-wt2023",
) -> Path:
    """Write a small, valid board folder under ``root`` and return it.

    ``files`` maps paths inside the period folder (``budget.yaml``,
    ``narrative/foreword.md``, ``plugins/helpline/helpline.yaml``) to their
    content: text is written as it is; mappings and lists are written as YAML.
    ``report.yaml`` given in ``files`` is merged over the period and regime.
    ``board`` replaces the board's name and short name.
    """
    folder = Path(root)
    folder.mkdir(parents=True, exist_ok=True)
    _write(folder / "board.yaml", {**_BOARD, **(board or {})})
    label = (
        f"{start.year}-{str(end.year)[2:]}"
        if (start.month, end.month) == (4, 3)
        else f"{start:%Y-%m}-to-{end:%Y-%m}"
    )
    period = folder / label
    period.mkdir(exist_ok=True)
    report: dict[str, Any] = {
        "period": {"start": start.isoformat(), "end": end.isoformat()},
        "regime": regime,
    }
    given = dict(files or {})
    extra_report = given.pop("report.yaml", None)
    if isinstance(extra_report, Mapping):
        report.update(extra_report)
    _write(period / "report.yaml", report)
    for name, content in given.items():
        _write(period / name, content)
    return folder


def _write(path: Path, content: Any) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, bytes):
        path.write_bytes(content)
    elif isinstance(content, str):
        path.write_text(content, encoding="utf-8")
    else:
        path.write_text(yaml.safe_dump(content, sort_keys=False, allow_unicode=True), encoding="utf-8")


def plugin_manager(*plugins: object, installed: bool = False, block: Iterable[str] = ()) -> Any:
    """A plugin manager with lscb's own plugins and ``plugins`` (and the installed ones if asked)."""
    from lscb_core._hooks.manager import make_plugin_manager

    return make_plugin_manager(entry_points=installed, extra=plugins, block=block)


def load(
    board: Path | str, *plugins: object, period: str | None = None, installed: bool = False
) -> LoadedReport:
    """The board as lscb loads it, with ``plugins`` in use; raises :class:`LoadError` on errors."""
    from lscb_core._build.session import load_report

    return load_report(Path(board), period, pm=plugin_manager(*plugins, installed=installed))


def check(
    board: Path | str, *plugins: object, period: str | None = None, installed: bool = False
) -> list[Finding]:
    """Every finding ``lscb check`` would report (loading errors included), each located."""
    from lscb_core._build.check import check_board

    result = check_board(Path(board), period, pm=plugin_manager(*plugins, installed=installed))
    return list(result.findings)


def _composed(
    board: Path | str | LoadedReport, plugins: Sequence[object], edition: str, installed: bool
) -> list[Any]:
    from lscb_core._build.build import compose_sections
    from lscb_core._build.session import open_board
    from lscb_core._hooks.contributions import Plugins

    pm = plugin_manager(*plugins, installed=installed)
    if isinstance(board, LoadedReport):
        uses, loaded = Plugins(pm), board
    else:
        from lscb_core._build.check import run_checks
        from lscb_core._build.earlier import with_earlier

        uses, loaded = open_board(Path(board), None, pm=pm)
        loaded, _ = with_earlier(loaded, uses, run_checks)
    return compose_sections(loaded, uses, Edition(edition))


def section_keys(
    board: Path | str | LoadedReport, *plugins: object, edition: str = "public", installed: bool = False
) -> list[str]:
    """The keys of the sections the report would have, in order (sections with nothing to show left out)."""
    return [c.section.key for c in _composed(board, plugins, edition, installed)]


def section_blocks(
    board: Path | str | LoadedReport,
    key: str,
    *plugins: object,
    edition: str = "public",
    installed: bool = False,
) -> list[Block]:
    """The blocks of one section, heading first, as the ``edition`` shows them (``[]`` when it shows nothing).

    The section is built with every other section, exactly as in a build, so
    slots, settings and the public view apply; no document is written.
    """
    for composed in _composed(board, plugins, edition, installed):
        if composed.section.key == key:
            return list(composed.blocks)
    return []


def text(blocks: Iterable[Block]) -> str:
    """The words of blocks as a reader sees them, one paragraph, heading, item or row a line."""
    return "\n".join(_lines(blocks))


def _inline(inlines: Iterable[Text | Link]) -> str:
    return "".join(i.text for i in inlines)


def _lines(blocks: Iterable[Block]) -> list[str]:
    out: list[str] = []
    for block in blocks:
        if isinstance(block, Heading):
            out.append(block.text)
        elif isinstance(block, Paragraph):
            out.append(_inline(block.inlines))
        elif isinstance(block, BulletList | NumberedList):
            for item in block.items:
                out += _lines(item)
        elif isinstance(block, Quote):
            out += _lines(block.blocks)
            if block.source:
                out.append(block.source)
        elif isinstance(block, Table):
            if block.caption:
                out.append(block.caption)
            out.append(" | ".join(c.heading for c in block.columns))
            out += [" | ".join(_inline(c.inlines) for c in row.cells) for row in block.rows]
            out += list(block.notes)
        elif isinstance(block, KeyFigures):
            out += [f"{f.value} {f.label}" for f in block.figures]
        elif isinstance(block, Image):
            out.append(block.alt)
        elif isinstance(block, Signature):
            out += [block.name, *block.lines]
    return out


def tables(blocks: Iterable[Block]) -> list[list[list[str]]]:
    """Every table in blocks (lists included) as rows of cell text, its heading row first."""
    found: list[list[list[str]]] = []

    def visit(items: Iterable[Block]) -> None:
        for block in items:
            if isinstance(block, Table):
                rows = [[c.heading for c in block.columns]]
                rows += [[_cell(c) for c in row.cells] for row in block.rows]
                found.append(rows)
            elif isinstance(block, BulletList | NumberedList):
                for item in block.items:
                    visit(item)
            elif isinstance(block, Quote):
                visit(block.blocks)

    visit(blocks)
    return found


def _cell(cell: Cell) -> str:
    return _inline(cell.inlines)
