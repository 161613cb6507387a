"""The public testing module: a section's blocks from a board given as Python data, read back as text."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import attrs
import pytest

from lscb_core.plugin import (
    Block,
    Count,
    DataSchema,
    Finding,
    Level,
    LoadedReport,
    Section,
    SectionContext,
    count_field,
    hookimpl,
    number,
    prose,
    table,
    text_column,
)
from lscb_core.testing import LoadError, board_folder, check, load, section_blocks, section_keys, tables, text

from .conftest import ROOT

PARTNERSHIP = ROOT / "tests" / "boards" / "partnership"


@attrs.frozen(kw_only=True)
class Helpline:
    calls: Count = count_field()
    referrals: Count = count_field()


class HelplinePlugin:
    @hookimpl
    def lscb_data_schemas(self) -> Sequence[DataSchema]:
        return [DataSchema("helpline", {"helpline.yaml": Helpline})]

    @hookimpl
    def lscb_sections(self) -> Sequence[Section]:
        return [Section("helpline", "Our helpline", 95, self.build)]

    def build(self, context: SectionContext) -> list[Block]:
        data = context.plugin_data.get("helpline", {}).get("helpline")
        if not isinstance(data, Helpline):
            return []
        return [
            prose(f"The helpline took {number(data.calls)} calls."),
            table([text_column("Measure"), text_column("Count")], [["Calls", number(data.calls)]]),
        ]

    @hookimpl
    def lscb_check(self, loaded: LoadedReport) -> list[Finding]:
        data = loaded.plugin_data.get("helpline", {}).get("helpline")
        if isinstance(data, Helpline) and data.referrals > data.calls:
            return [
                Finding(
                    level=Level.WARNING,
                    code="helpline.referrals",
                    message="more referrals than calls",
                    path=("plugins", "helpline", "helpline", "referrals"),
                )
            ]
        return []


PLUGIN = HelplinePlugin()


def test_a_section_from_a_board_given_as_python_data(tmp_path: Path) -> None:
    board = board_folder(tmp_path, {"plugins/helpline/helpline.yaml": {"calls": 1200, "referrals": 40}})
    blocks = section_blocks(board, "helpline", PLUGIN)
    assert text(blocks).splitlines()[:2] == ["Our helpline", "The helpline took 1,200 calls."]
    assert tables(blocks) == [[["Measure", "Count"], ["Calls", "1,200"]]]
    assert "helpline" in section_keys(board, PLUGIN)


def test_a_section_on_a_real_board_folder(tmp_path: Path) -> None:
    loaded = load(PARTNERSHIP)
    assert section_blocks(loaded, "helpline", PLUGIN) == []  # no data, no section
    assert "helpline" not in section_keys(loaded, PLUGIN)
    assert section_blocks(PARTNERSHIP, "glossary")[0] is not None


def test_checks_and_load_errors_come_back_located(tmp_path: Path) -> None:
    board = board_folder(tmp_path / "a", {"plugins/helpline/helpline.yaml": {"calls": 1, "referrals": 5}})
    found = [f for f in check(board, PLUGIN) if f.code == "helpline.referrals"]
    assert len(found) == 1
    assert found[0].location is not None
    assert found[0].location.line == 2
    broken = board_folder(
        tmp_path / "b", {"plugins/helpline/helpline.yaml": {"calls": "lots", "referrals": 1}}
    )
    with pytest.raises(LoadError) as failed:
        load(broken, PLUGIN)
    message = str(failed.value.findings[0])
    assert "helpline.yaml:1:8: error:" in message
    assert 'calls must be a whole number of 0 or more, got "lots"' in message


@attrs.frozen(kw_only=True)
class Source:
    source: str
    referrals: Count = count_field()


@attrs.frozen(kw_only=True)
class Sources:
    by_source: tuple[Source, ...] = ()


class SourcesPlugin:
    @hookimpl
    def lscb_data_schemas(self) -> Sequence[DataSchema]:
        return [DataSchema("sources", {"sources.yaml": Sources})]


@pytest.mark.parametrize("where", ["small", "partnership"])
def test_rows_from_in_plugin_data_reads_the_sheet_without_a_warning(tmp_path: Path, where: str) -> None:
    import shutil

    if where == "small":
        board = board_folder(tmp_path / "b")
    else:
        board = tmp_path / "p"
        shutil.copytree(PARTNERSHIP, board)
    period = sorted(p for p in board.iterdir() if p.is_dir() and p.name[0].isdigit())[-1]
    folder = period / "plugins" / "sources"
    folder.mkdir(parents=True)
    (folder / "sources.yaml").write_text("by_source: {rows_from: sources.csv}\n", encoding="utf-8")
    (folder / "sources.csv").write_text("Source,Referrals\nPolice,50\nSchools,40\n", encoding="utf-8")
    (folder / "spare.csv").write_text("Source,Referrals\n", encoding="utf-8")
    loaded = load(board, SourcesPlugin())
    data = loaded.plugin_data["sources"]["sources"]
    assert [(s.source, s.referrals) for s in data.by_source] == [("Police", 50), ("Schools", 40)]
    unknown = [f for f in loaded.findings if f.code == "plugin.unknown-file"]
    assert [f.message for f in unknown] == [
        "spare.csv is not read: no YAML file of the sources plugin refers to it with rows_from"
    ]
    (folder / "sources.csv").write_text("Source,Referrals\nPolice,fifty\n", encoding="utf-8")
    with pytest.raises(LoadError) as failed:
        load(board, SourcesPlugin())
    assert "sources.csv:2:8: error: referrals must be a whole number" in str(failed.value.findings[0])
