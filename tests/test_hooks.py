"""The plugin surface: every hook is documented, and every hook has a test named after it."""

from __future__ import annotations

import inspect
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

import attrs
import click
import pytest
from click.testing import CliRunner
from docx import Document

from lscb_core import DataSchema, Finding, Level, LoadedReport, Section, SectionContext, hookimpl
from lscb_core._base.blocks import Block, Paragraph, Text
from lscb_core._build.build import build_report
from lscb_core._build.check import check_board
from lscb_core._cli.main import main
from lscb_core._hooks import specs as hookspecs
from lscb_core._hooks.manager import make_plugin_manager
from lscb_core._model.profiles import Profile, ProfileItem
from lscb_core._model.regime import Regime
from lscb_core.plugin import GlossaryWords, Term
from lscb_core.testing import check, section_blocks, tables

from .boardfactory import make_board
from .conftest import ROOT

PARTNERSHIP = ROOT / "tests" / "boards" / "partnership"

HOOKS = sorted(
    name for name, value in vars(hookspecs).items() if name.startswith("lscb_") and callable(value)
)


def test_every_hook_is_documented_for_plugin_authors() -> None:
    assert HOOKS
    for name in HOOKS:
        doc = inspect.getdoc(getattr(hookspecs, name)) or ""
        assert len(doc) > 80, name
        assert name in (inspect.getdoc(hookspecs) or ""), (
            f"{name} is missing from the hookspecs module's overview"
        )


def test_every_hook_has_a_test_named_after_it() -> None:
    tests = {name for name in globals() if name.startswith("test_")}
    for hook in HOOKS:
        assert f"test_{hook}" in tests, f"add a test called test_{hook}"


def _build(tmp_path: Path, plugin: object, files: dict[str, str] | None = None) -> str:
    out = tmp_path / "r.docx"
    result = build_report(
        make_board(tmp_path / "b", files),
        output=out,
        pm=make_plugin_manager(entry_points=False, extra=[plugin]),
    )
    assert result.ok, [str(f) for f in result.errors]
    return "\n".join(p.text for p in Document(str(out)).paragraphs)


@attrs.frozen
class Note:
    text: str


class DataPlugin:
    @hookimpl
    def lscb_data_schemas(self) -> Sequence[DataSchema]:
        return [DataSchema("notes", {"note.yaml": Note})]


def test_lscb_data_schemas(tmp_path: Path) -> None:
    board = make_board(tmp_path, {"plugins/notes/note.yaml": "text: hello\n"})
    result = check_board(board, pm=make_plugin_manager(entry_points=False, extra=[DataPlugin()]))
    assert result.loaded is not None
    assert result.loaded.plugin_data["notes"]["note"] == Note("hello")
    bad = make_board(tmp_path / "bad", {"plugins/notes/note.yaml": "txt: hello\n"})
    result = check_board(bad, pm=make_plugin_manager(entry_points=False, extra=[DataPlugin()]))
    (error,) = [e for e in result.errors if e.code == "load.unknown-key"]
    assert error.message == "unknown key 'txt' in plugins.notes.note; did you mean 'text'?"
    assert str(error.location).endswith("plugins/notes/note.yaml:1:1")


class CheckPlugin:
    @hookimpl
    def lscb_check(self, loaded: LoadedReport) -> list[Finding]:
        return [Finding(level=Level.INFO, code="local.hello", message="hello", path=("period",))]


def test_lscb_check(tmp_path: Path) -> None:
    result = check_board(
        make_board(tmp_path), pm=make_plugin_manager(entry_points=False, extra=[CheckPlugin()])
    )
    (finding,) = result.findings
    assert finding.code == "local.hello"
    assert finding.location is not None


class PublicCheckPlugin:
    """Sees the public view: the withheld review is gone, its reference and summary left."""

    @hookimpl
    def lscb_check_public(self, view: LoadedReport) -> list[Finding]:
        subjects = [case.subject for case in view.report.reviews.cases]
        return [Finding(level=Level.INFO, code="local.public", message=repr(subjects), path=("reviews",))]


def test_lscb_check_public(tmp_path: Path) -> None:
    board = make_board(
        tmp_path,
        {
            "reviews.yaml": "cases:\n  - {reference: SCR A, kind: serious-case-review, status: completed, subject: marker-zq81 private, visibility: board-only}\n"
        },
    )
    result = check_board(board, pm=make_plugin_manager(entry_points=False, extra=[PublicCheckPlugin()]))
    (finding,) = [f for f in result.findings if f.code == "local.public"]
    assert finding.message == "[None]"
    assert finding.plugin is not None


class ProfilePlugin:
    @hookimpl
    def lscb_profiles(self) -> Sequence[Profile]:
        item = ProfileItem(
            id="helpline", requirement="The report says how the helpline did", fields=("narrative.helpline",)
        )
        return [Profile(id="local", title="Local profile", regimes=(Regime.LSCB_2015,), items=(item,))]


def test_lscb_profiles(tmp_path: Path) -> None:
    result = check_board(
        make_board(tmp_path), pm=make_plugin_manager(entry_points=False, extra=[ProfilePlugin()])
    )
    (finding,) = result.findings
    assert finding.code == "coverage.helpline"
    assert finding.message.startswith("the Local profile requires: The report says how the helpline did")


class SectionPlugin:
    @hookimpl
    def lscb_sections(self) -> Sequence[Section]:
        return [
            Section(
                "hello",
                "Hello section",
                15,
                lambda context: [Paragraph((Text(f"Hello from {context.report.board.short_name}"),))],
            )
        ]


def test_lscb_sections(tmp_path: Path) -> None:
    text = _build(tmp_path, SectionPlugin())
    assert text.index("Hello section") < text.index("Hello from TSCB")


class SlotPlugin:
    @hookimpl
    def lscb_slot_content(self, slot: str, context: SectionContext) -> list[Block] | None:
        return [Paragraph((Text(f"In slot {slot}"),))] if slot == "about.end" else None


def test_lscb_slot_content(tmp_path: Path) -> None:
    assert "In slot about.end" in _build(tmp_path, SlotPlugin())


class ContextPlugin:
    @hookimpl
    def lscb_template_context(self, view: LoadedReport, edition: str) -> Mapping[str, Any]:
        return {"motto": f"Safer together <{edition}>"}


def test_lscb_template_context(tmp_path: Path) -> None:
    text = _build(tmp_path, ContextPlugin(), {"narrative/foreword.md": "Our motto: {{ motto }}\n"})
    assert "Our motto: Safer together <public>" in text


class FilterPlugin:
    @hookimpl
    def lscb_jinja_filters(self) -> Mapping[str, Callable[..., Any]]:
        return {"shout": lambda value: str(value).upper()}


def test_lscb_jinja_filters(tmp_path: Path) -> None:
    text = _build(
        tmp_path,
        FilterPlugin(),
        {"narrative/foreword.md": "{{ board.short_name | shout }} and {{ 331724 | money }}\n"},
    )
    assert "TSCB and £331,724" in text


class CommandPlugin:
    @hookimpl
    def lscb_register_commands(self, cli: click.Group) -> None:
        @cli.command()
        def hello() -> None:
            """Say hello."""
            click.echo("hello from a plugin")


def test_lscb_register_commands(monkeypatch: Any) -> None:
    import lscb_core._cli.main as cli_module

    def fake_manager(**kwargs: Any) -> Any:
        return make_plugin_manager(entry_points=False, extra=[CommandPlugin()])

    monkeypatch.setattr(cli_module, "make_plugin_manager", fake_manager)
    monkeypatch.setattr(main, "_plugins_loaded", False)
    try:
        result = CliRunner().invoke(main, ["hello"])
        assert result.exit_code == 0, result.output
        assert result.output == "hello from a plugin\n"
    finally:
        main.commands.pop("hello", None)
        monkeypatch.setattr(main, "_plugins_loaded", False)


class _Words:
    """Prints 'The LADO and the DOFA met.' and explains LADO only."""

    @hookimpl
    def lscb_glossary(self, loaded: LoadedReport) -> GlossaryWords:
        return GlossaryWords(
            terms=(Term(abbreviation="LADO", meaning="Local Authority Designated Officer"),),
            text=("The LADO and the DOFA met.",),
        )


@pytest.mark.parametrize("board", ["testshire", "partnership"])
def test_lscb_glossary(tmp_path: Path, board: str) -> None:
    folder = make_board(tmp_path / "b") if board == "testshire" else PARTNERSHIP
    findings = {(f.code, f.message.split()[0]) for f in check(folder, _Words())}
    assert ("glossary.undefined", "DOFA") in findings
    assert ("glossary.undefined", "LADO") not in findings
    rows = tables(section_blocks(folder, "glossary", _Words()))[0]
    assert ["LADO", "Local Authority Designated Officer"] in rows
    assert rows[1:] == sorted(rows[1:], key=lambda r: r[0].casefold())
    without = tables(section_blocks(folder, "glossary"))
    assert all(["LADO", "Local Authority Designated Officer"] not in t for t in without)
