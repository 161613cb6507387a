"""The plugin manager and calling hooks: one manager per board, pluggy's semantics, conflicts, blame."""

from __future__ import annotations

import json
from collections.abc import Callable, Generator, Iterator, Mapping, Sequence
from importlib import metadata
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from docx import Document

from lscb_core._base.findings import Finding, Level
from lscb_core._base.markers import hookimpl
from lscb_core._build.build import build_report
from lscb_core._build.check import check_board
from lscb_core._cli.main import main
from lscb_core._hooks import manager
from lscb_core._hooks.manager import DEFAULT_PLUGINS, make_plugin_manager, plugin_name
from lscb_core._model.loaded import LoadedReport
from lscb_core.plugin import (
    Block,
    DataSchema,
    Paragraph,
    Section,
    SectionContext,
    Text,
    paragraph,
)

from .boardfactory import make_board
from .conftest import HERTFORDSHIRE

GLOSSARY_TWICE = {
    "glossary.yaml": "terms: [{abbreviation: X1, meaning: a}, {abbreviation: X1, meaning: a}]\n"
}


def _text(path: Path) -> str:
    return "\n".join(p.text for p in Document(str(path)).paragraphs)


def test_built_in_checks_are_registered_as_plugins() -> None:
    pm = make_plugin_manager(entry_points=False)
    names = {pm.get_name(p) for p in pm.get_plugins()}
    assert {plugin_name(m) for m in DEFAULT_PLUGINS} <= names


def test_a_built_in_check_can_be_blocked(tmp_path: Path) -> None:
    board = make_board(tmp_path, GLOSSARY_TWICE)
    assert "glossary.duplicate" in {f.code for f in check_board(board).findings}
    pm = make_plugin_manager(block=["checks.glossary"], entry_points=False)
    assert "glossary.duplicate" not in {f.code for f in check_board(board, pm=pm).findings}


class _LocalCheck:
    @hookimpl
    def lscb_check(self, loaded: LoadedReport) -> Iterator[Finding]:
        if not loaded.report.glossary.terms:
            yield Finding(
                level=Level.WARNING, code="local.no-glossary", message="no glossary", path=("glossary",)
            )


def test_a_plugin_adds_findings_located_by_path(tmp_path: Path) -> None:
    board = make_board(tmp_path)
    pm = make_plugin_manager(entry_points=False, extra=[_LocalCheck()])
    (finding,) = check_board(board, pm=pm).findings
    assert finding.code == "local.no-glossary"
    assert finding.plugin == "_LocalCheck"
    assert finding.location is not None


# --- the board's settings are read first; one manager serves check and build ------------


def test_check_honours_the_boards_block_list_like_build(hertfordshire: Path) -> None:
    (hertfordshire / "settings.yaml").write_text("block_plugins: [hertfordshire]\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["check", str(hertfordshire)])
    assert result.exit_code == 0, result.output
    assert (
        "plugins/hertfordshire/ is read by the plugin 'hertfordshire', which is blocked; its data is left out of the report [plugin.blocked-data]"
        in result.output
    )
    assert "no installed plugin reads" not in result.output
    loaded = check_board(hertfordshire).loaded
    assert loaded is not None
    assert "hertfordshire" not in loaded.plugin_data


def test_a_blocked_plugin_is_never_imported(hertfordshire: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (hertfordshire / "settings.yaml").write_text("block_plugins: [broken]\n", encoding="utf-8")
    broken = metadata.EntryPoint("broken", "tests.sample_plugins.broken_import", "lscb")
    installed = [*metadata.entry_points(group="lscb"), broken]
    monkeypatch.setattr(manager.metadata, "entry_points", lambda group: installed)
    result = check_board(hertfordshire)
    assert result.ok
    assert not [f for f in result.findings if f.code.startswith("plugin.")]


def test_one_manager_is_made_and_plugins_given_by_name_are_kept_when_the_board_blocks_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    board = make_board(
        tmp_path / "b", {**GLOSSARY_TWICE, "settings.yaml": "block_plugins: [checks.glossary]\n"}
    )
    made: list[object] = []
    real = manager.make_plugin_manager

    def counting(**kwargs: Any) -> manager.PluginManager:
        made.append(kwargs)
        return real(**kwargs)

    monkeypatch.setattr("lscb_core._build.session.make_plugin_manager", counting)
    out = tmp_path / "r.docx"
    result = build_report(board, output=out, plugins=("tests.sample_plugins.hello",))
    assert result.ok, [str(f) for f in result.errors]
    assert len(made) == 1
    assert "glossary.duplicate" not in {f.code for f in result.findings}
    assert "Hello from a module" in _text(out)


class _Hello:
    @hookimpl
    def lscb_sections(self) -> Sequence[Section]:
        return [Section("hello", "Hello section", 15, lambda context: [paragraph("Hello from Python")])]


def test_plugins_given_from_python_are_kept_and_the_boards_blocks_still_apply(tmp_path: Path) -> None:
    board = make_board(
        tmp_path / "b", {**GLOSSARY_TWICE, "settings.yaml": "block_plugins: [checks.glossary]\n"}
    )
    pm = make_plugin_manager(entry_points=False, extra=[_Hello()])
    out = tmp_path / "r.docx"
    result = build_report(board, output=out, pm=pm)
    assert result.ok, [str(f) for f in result.errors]
    assert "glossary.duplicate" not in {f.code for f in result.findings}
    assert "Hello from Python" in _text(out)
    assert pm.get_plugin("checks.glossary") is not None  # the manager given is left as it was
    assert "glossary.duplicate" in {
        f.code for f in check_board(make_board(tmp_path / "c", GLOSSARY_TWICE), pm=pm).findings
    }


# --- pluggy's semantics: wrappers, tryfirst and trylast --------------------------------


class _DropDuplicates:
    @hookimpl(wrapper=True)
    def lscb_check(
        self, loaded: LoadedReport
    ) -> Generator[None, list[Sequence[Finding]], list[Sequence[Finding]]]:
        results = yield
        return [[f for f in batch if f.code != "glossary.duplicate"] for batch in results]


def test_a_wrapper_hook_sees_and_changes_the_results(tmp_path: Path) -> None:
    board = make_board(tmp_path, GLOSSARY_TWICE)
    result = check_board(board, pm=make_plugin_manager(entry_points=False, extra=[_DropDuplicates()]))
    assert result.ok
    assert not [f for f in result.findings if f.code in ("glossary.duplicate", "plugin.bad-result")]


class _OldStyleWrapper:
    @hookimpl(hookwrapper=True)
    def lscb_slot_content(self, slot: str, context: SectionContext) -> Generator[None, Any, None]:
        outcome = yield
        if slot == "about.end":
            outcome.force_result([*outcome.get_result(), [paragraph("Added by an old-style wrapper")]])


def _slot(text: str, **options: bool) -> object:
    class Slot:
        @hookimpl(**options)
        def lscb_slot_content(self, slot: str, context: SectionContext) -> list[Block] | None:
            return [paragraph(text)] if slot == "about.end" else None

    return Slot()


def test_tryfirst_and_trylast_order_the_content_and_old_style_wrappers_work(tmp_path: Path) -> None:
    plugins = [
        _slot("Last of all", trylast=True),
        _slot("Registered first"),
        _slot("First of all", tryfirst=True),
        _slot("Registered second"),
        _OldStyleWrapper(),
    ]
    out = tmp_path / "r.docx"
    result = build_report(
        make_board(tmp_path / "b"), output=out, pm=make_plugin_manager(entry_points=False, extra=plugins)
    )
    assert result.ok, [str(f) for f in result.errors]
    text = _text(out)
    order = [
        "First of all",
        "Registered second",
        "Registered first",
        "Last of all",
        "Added by an old-style wrapper",
    ]
    assert [text.index(t) for t in order] == sorted(text.index(t) for t in order)


# --- conflicts: one rule, and errors naming both plugins ---------------------------------


def _values(name: str, value: str, **options: bool) -> object:
    class Values:
        @hookimpl(**options)
        def lscb_template_context(self, view: LoadedReport, edition: str) -> Mapping[str, Any]:
            return {"motto": value}

        @hookimpl(**options)
        def lscb_jinja_filters(self) -> Mapping[str, Callable[..., Any]]:
            return {"tag": lambda text: f"{text} ({value})"}

    Values.__name__ = name
    return Values()


@pytest.mark.parametrize(
    ("plugins", "winner"),
    [
        ([_values("Earlier", "earlier"), _values("Later", "later")], "later"),
        ([_values("Earlier", "earlier", tryfirst=True), _values("Later", "later")], "earlier"),
        ([_values("Earlier", "earlier"), _values("Later", "later", trylast=True)], "earlier"),
    ],
)
def test_template_values_and_filters_follow_one_rule_the_plugin_called_first_wins(
    tmp_path: Path, plugins: list[object], winner: str
) -> None:
    board = make_board(tmp_path / "b", {"narrative/foreword.md": "Motto: {{ motto }}; {{ 'x' | tag }}\n"})
    out = tmp_path / "r.docx"
    result = build_report(board, output=out, pm=make_plugin_manager(entry_points=False, extra=plugins))
    assert result.ok, [str(f) for f in result.errors]
    assert f"Motto: {winner}; x ({winner})" in _text(out)


class _AlsoHello:
    @hookimpl
    def lscb_sections(self) -> Sequence[Section]:
        return [Section("hello", "Another hello", 16, lambda context: [paragraph("Hello again")])]


def test_two_plugins_with_one_section_key_is_an_error_naming_both(tmp_path: Path) -> None:
    pm = make_plugin_manager(entry_points=False, extra=[_Hello(), _AlsoHello()])
    result = check_board(make_board(tmp_path), pm=pm)
    (error,) = result.errors
    assert error.code == "plugin.conflict"
    assert error.message.startswith(
        "the plugins '_AlsoHello' and '_Hello' both offer a section with the key 'hello'"
    )
    assert not build_report(make_board(tmp_path / "b"), output=tmp_path / "r.docx", pm=pm).ok


def _reads_notes(name: str) -> object:
    import attrs

    note = attrs.frozen(type("Note", (), {"__annotations__": {"text": "str"}}))

    class Reader:
        @hookimpl
        def lscb_data_schemas(self) -> Sequence[DataSchema]:
            return [DataSchema("notes", {"note.yaml": note})]

    Reader.__name__ = name
    return Reader()


def test_two_plugins_reading_one_data_folder_is_an_error_naming_both(tmp_path: Path) -> None:
    pm = make_plugin_manager(entry_points=False, extra=[_reads_notes("first"), _reads_notes("second")])
    result = check_board(make_board(tmp_path, {"plugins/notes/note.yaml": "text: hi\n"}), pm=pm)
    (error,) = result.errors
    assert error.code == "plugin.conflict"
    assert error.message.startswith("the plugins 'second' and 'first' both read plugins/notes/")


# --- what plugins return is checked where it comes in -----------------------------------


def _bad_slot(value: object) -> object:
    class BadSlot:
        @hookimpl
        def lscb_slot_content(self, slot: str, context: SectionContext) -> Any:
            return value if slot == "about.end" else None

    return BadSlot()


@pytest.mark.parametrize(
    ("value", "problem"),
    [
        (
            [paragraph("fine"), "not a block"],
            "returned a list whose item 2 is str 'not a block', not a block",
        ),
        (
            [Paragraph((Text(412),))],  # type: ignore[arg-type]
            "returned a list whose item 1 (Paragraph) inlines[0] (Text) text is int 412, not text",
        ),
        (paragraph("one block"), "returned Paragraph, not a list of blocks"),
    ],
)
def test_a_bad_block_from_a_plugin_is_blamed_on_it_where_it_comes_in(
    tmp_path: Path, value: object, problem: str
) -> None:
    pm = make_plugin_manager(entry_points=False, extra=[_bad_slot(value)])
    result = build_report(make_board(tmp_path / "b"), output=tmp_path / "r.docx", pm=pm)
    (error,) = result.errors
    assert error.code == "plugin.bad-result"
    assert error.plugin == "BadSlot"
    assert error.message.startswith("the plugin 'BadSlot' (tests/test_plugins.py:")
    assert error.message.endswith(f"{problem} for the slot 'about.end' (board TSCB 2015-16, section 'about')")
    assert not (tmp_path / "r.docx").exists()


class _ChecksBadly:
    @hookimpl
    def lscb_check(self, loaded: LoadedReport) -> list[object]:
        return ["not a finding"]


def test_a_check_that_returns_something_else_is_blamed_and_the_others_still_run(tmp_path: Path) -> None:
    pm = make_plugin_manager(entry_points=False, extra=[_ChecksBadly()])
    result = check_board(make_board(tmp_path, GLOSSARY_TWICE), pm=pm)
    (error,) = result.errors
    assert error.code == "plugin.bad-result"
    assert "returned a list whose item 1 is str, not Finding" in error.message
    assert "glossary.duplicate" in {f.code for f in result.findings}


# --- failures: named, with the plugin's file and line; tracebacks with --debug ----------


class _Broken:
    @hookimpl
    def lscb_check(self, loaded: LoadedReport) -> list[Finding]:
        raise RuntimeError("boom")


def test_a_plugin_that_raises_is_reported_by_name_file_and_line(tmp_path: Path) -> None:
    pm = make_plugin_manager(entry_points=False)
    pm.register(_Broken(), name="broken-plugin")
    result = check_board(make_board(tmp_path), pm=pm)
    (finding,) = result.errors
    assert finding.code == "plugin.failed"
    line = (
        Path(__file__).read_text(encoding="utf-8").splitlines().index('        raise RuntimeError("boom")')
        + 1
    )
    assert finding.message == (
        f"the plugin 'broken-plugin' failed at tests/test_plugins.py:{line}: RuntimeError: boom"
        " (board TSCB 2015-16, checking the data)"
    )


def test_debug_shows_the_plugins_own_traceback(tmp_path: Path) -> None:
    board = str(make_board(tmp_path))
    plain = CliRunner().invoke(main, ["check", board, "-p", "tests.sample_plugins.failing_check"])
    assert plain.exit_code == 1
    assert "Traceback" not in plain.output
    assert (
        "error: the plugin 'tests.sample_plugins.failing_check' failed at tests/sample_plugins/failing_check.py:9: ZeroDivisionError: division by zero"
        in plain.stdout
    )
    debug = CliRunner().invoke(main, ["check", board, "-p", "tests.sample_plugins.failing_check", "--debug"])
    assert debug.exit_code == 1
    assert debug.stdout == plain.stdout
    traceback = debug.stderr.split("Traceback (most recent call last):\n", 1)[1].splitlines()
    assert traceback[0].endswith('failing_check.py", line 14, in lscb_check')
    assert 'failing_check.py", line 9, in _ratio' in "\n".join(traceback)
    assert "pluggy" not in debug.stderr
    assert "ZeroDivisionError: division by zero" in traceback


def test_an_installed_plugin_that_fails_to_import_is_named_and_the_others_still_work(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    broken = metadata.EntryPoint("broken", "tests.sample_plugins.broken_import", "lscb")
    installed = [*metadata.entry_points(group="lscb"), broken]
    monkeypatch.setattr(manager.metadata, "entry_points", lambda group: installed)
    for command in (["check", str(HERTFORDSHIRE), "--quiet"], ["plugins"]):
        result = CliRunner().invoke(main, command)
        assert result.exit_code == 0, result.output
        assert "Traceback" not in result.output
        assert (
            "warning: the plugin 'broken' could not be loaded at tests/sample_plugins/broken_import.py:5: ModuleNotFoundError: No module named 'lscb_helpline_client'; it is left out"
            in result.output
        )
    loaded = check_board(HERTFORDSHIRE).loaded
    assert loaded is not None
    assert loaded.plugin_data["hertfordshire"]  # the Hertfordshire plugin still works


def test_a_module_given_by_name_that_fails_to_import_is_an_error_naming_it(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        main,
        [
            "build",
            str(make_board(tmp_path / "b")),
            "-o",
            str(tmp_path / "r.docx"),
            "-p",
            "tests.sample_plugins.broken_import",
        ],
    )
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    assert (
        "error: the plugin 'tests.sample_plugins.broken_import' could not be loaded at tests/sample_plugins/broken_import.py:5"
        in result.stderr
    )
    assert not (tmp_path / "r.docx").exists()


class _Misspelt:
    @hookimpl
    def lscb_chek(self, loaded: LoadedReport) -> None:
        return None


def test_a_misspelt_hook_is_an_error_at_once_naming_the_plugin(tmp_path: Path) -> None:
    pm = make_plugin_manager(entry_points=False, extra=[_Misspelt()])
    (problem,) = pm.problems
    assert problem.level is Level.ERROR
    assert problem.message.startswith(
        "the plugin '_Misspelt' implements lscb_chek, which is not an lscb hook (a misspelling?)"
    )
    assert problem in check_board(make_board(tmp_path), pm=pm).errors


def test_lscb_plugins_names_a_misspelt_argument_without_a_traceback() -> None:
    result = CliRunner().invoke(main, ["plugins", "-p", "tests.sample_plugins.misspelt_argument"])
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    assert (
        "error: the plugin 'tests.sample_plugins.misspelt_argument' (tests/sample_plugins/misspelt_argument.py:8) has lscb_check(loadded), but the hook lscb_check takes loaded, so loadded is misspelt or not there; it is left out [plugin.invalid]"
        in result.stderr
    )
    assert "checks.budget" in result.stdout  # the other plugins are still listed


def test_lscb_plugins_warns_about_a_hook_without_the_marker() -> None:
    result = CliRunner().invoke(main, ["plugins", "-p", "tests.sample_plugins.unmarked", "--format", "json"])
    assert result.exit_code == 0
    assert (
        "warning: the plugin 'tests.sample_plugins.unmarked' has a function lscb_sections without the @hookimpl marker, so lscb never calls it"
        in result.stderr
    )
    listed = {p["name"]: p for p in json.loads(result.stdout)}
    assert listed["tests.sample_plugins.unmarked"]["hooks"] == []


class _BrokenCommands:
    @hookimpl
    def lscb_register_commands(self, cli: object) -> None:
        raise RuntimeError("no commands today")


def test_a_plugin_that_fails_to_add_commands_is_named_and_the_command_line_still_works(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import lscb_core._cli.main as cli_module

    monkeypatch.setattr(
        cli_module,
        "make_plugin_manager",
        lambda **kwargs: make_plugin_manager(entry_points=False, extra=[_BrokenCommands()]),
    )
    monkeypatch.setattr(main, "_plugins_loaded", False)
    try:
        result = CliRunner().invoke(main, ["--help"])
    finally:
        monkeypatch.setattr(main, "_plugins_loaded", False)
    assert result.exit_code == 0
    assert "Traceback" not in result.output
    assert "error: the plugin '_BrokenCommands' failed at tests/test_plugins.py:" in result.stderr
    assert "RuntimeError: no commands today" in result.stderr


def test_the_boards_own_template_stays_inside_its_folder(tmp_path: Path) -> None:
    board = make_board(tmp_path / "b", {"settings.yaml": "template: ../../outside.docx\n"})
    (tmp_path / "outside.docx").write_bytes(b"not used")
    result = build_report(board, output=tmp_path / "r.docx", pm=make_plugin_manager(entry_points=False))
    (error,) = result.errors
    assert error.code == "build.template"
    assert error.message == "the template must be inside the board folder"
    assert error.location is not None
    assert error.location.file.endswith("outside.docx")


def _odd_hooks_module() -> Any:
    """A module whose hooks come every way pluggy takes them, beside names that are not hooks."""
    import types

    module = types.ModuleType("odd_hooks")

    class Holder:
        @hookimpl
        def lscb_check(self, loaded: LoadedReport) -> list[Finding]:
            return []

        @staticmethod
        @hookimpl
        def lscb_filters() -> dict[str, Any]:
            return {}

    @hookimpl(specname="lscb_template_values")
    def values_under_another_name(loaded: LoadedReport) -> dict[str, Any]:
        return {}

    module.lscb_check = Holder().lscb_check  # a bound method
    module.lscb_filters = Holder.__dict__["lscb_filters"]  # a staticmethod object itself
    module.values_under_another_name = values_under_another_name
    module.Holder = Holder
    module.json = json
    module.CONSTANT = 3
    return module


@pytest.mark.parametrize(
    "module_name", [*DEFAULT_PLUGINS, "tests.sample_plugins.hello", "tests.sample_plugins.unmarked", "odd"]
)
def test_lscbs_quick_look_for_hooks_finds_what_pluggys_own_finds(module_name: str) -> None:
    import importlib

    import pluggy

    module = _odd_hooks_module() if module_name == "odd" else importlib.import_module(module_name)
    pm = make_plugin_manager(entry_points=False)
    names = dir(module)
    ours = {name: pm.parse_hookimpl_opts(module, name) for name in names}
    pluggys = {name: pluggy.PluginManager.parse_hookimpl_opts(pm, module, name) for name in names}
    assert ours == pluggys
    assert any(opts is not None for opts in ours.values()) or module_name.endswith("unmarked")
