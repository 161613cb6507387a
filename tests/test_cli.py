"""The command line: exit codes, text and JSON output, help."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from lscb_core._cli.main import main

from .boardfactory import make_board
from .conftest import HERTFORDSHIRE


def test_check_hertfordshire_exits_0_with_warnings() -> None:
    result = CliRunner().invoke(main, ["check", str(HERTFORDSHIRE)])
    assert result.exit_code == 0, result.output
    assert "warning: the carry forward out is stated as £124,356" in result.output
    assert "Hertfordshire Safeguarding Children Board, 2015-16: 0 errors" in result.output


def test_json_gives_the_same_findings_as_text() -> None:
    runner = CliRunner()
    text = runner.invoke(main, ["check", str(HERTFORDSHIRE)]).stdout
    payload = json.loads(runner.invoke(main, ["check", str(HERTFORDSHIRE), "--format", "json"]).stdout)
    assert payload["ok"] is True
    assert payload["period"] == "2015-16"
    lines = [line for line in text.splitlines() if line.strip()]
    assert len(lines) == len(payload["findings"])
    for line, finding in zip(lines, payload["findings"], strict=True):
        assert finding["message"] in line
        assert f"[{finding['code']}]" in line
        assert line.startswith(finding["file"])
    assert payload["counts"]["warning"] == sum(1 for f in payload["findings"] if f["level"] == "warning")


def test_errors_exit_1_and_are_located(tmp_path: Path) -> None:
    board = make_board(tmp_path, {"cdop.yaml": "reviews_stated: many\n"})
    result = CliRunner().invoke(main, ["check", str(board)])
    assert result.exit_code == 1
    assert f"{board}/2015-16/cdop.yaml:1:17: error: reviews_stated must be a whole number" in result.output
    assert "Traceback" not in result.output


def test_usage_mistakes_exit_2() -> None:
    result = CliRunner().invoke(main, ["check"])
    assert result.exit_code == 2
    result = CliRunner().invoke(main, ["check", str(HERTFORDSHIRE), "--format", "xml"])
    assert result.exit_code == 2


def test_quiet_leaves_out_information() -> None:
    result = CliRunner().invoke(main, ["check", str(HERTFORDSHIRE), "--quiet"])
    assert ": info:" not in result.stdout
    assert ": warning:" in result.stdout


def test_help_explains_the_board_folder() -> None:
    result = CliRunner().invoke(main, ["--help"])
    assert result.exit_code == 0
    assert "board folder" in result.output
    assert "Exit codes" in result.output
