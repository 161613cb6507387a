"""The plugin manager and the check hook."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from lscb_core._base.findings import Finding, Level
from lscb_core._base.markers import hookimpl
from lscb_core._build.check import check_board
from lscb_core._hooks.manager import DEFAULT_PLUGINS, PluginError, make_plugin_manager, plugin_name
from lscb_core._model.loaded import LoadedReport

from .boardfactory import make_board


def test_built_in_checks_are_registered_as_plugins() -> None:
    pm = make_plugin_manager(entry_points=False)
    names = {pm.get_name(p) for p in pm.get_plugins()}
    assert {plugin_name(m) for m in DEFAULT_PLUGINS} <= names


def test_a_built_in_check_can_be_blocked(tmp_path: Path) -> None:
    board = make_board(
        tmp_path,
        {"glossary.yaml": "terms: [{abbreviation: X1, meaning: a}, {abbreviation: X1, meaning: a}]\n"},
    )
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
    assert finding.plugin is not None
    assert finding.location is not None


class _Broken:
    @hookimpl
    def lscb_check(self, loaded: LoadedReport) -> list[Finding]:
        raise RuntimeError("boom")


def test_a_plugin_that_raises_is_reported_by_name(tmp_path: Path) -> None:
    pm = make_plugin_manager(entry_points=False)
    pm.register(_Broken(), name="broken-plugin")
    result = check_board(make_board(tmp_path), pm=pm)
    (finding,) = result.errors
    assert finding.code == "plugin.failed"
    assert "'broken-plugin'" in finding.message
    assert "TSCB 2015-16" in finding.message
    assert "failed on TSCB 2015-16: boom" in finding.message


class _Misspelt:
    @hookimpl
    def lscb_chek(self, loaded: LoadedReport) -> None:
        return None


def test_a_misspelt_hook_fails_at_once() -> None:
    with pytest.raises(PluginError, match="lscb_chek"):
        make_plugin_manager(entry_points=False, extra=[_Misspelt()])
