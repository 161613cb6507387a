"""``lscb new``: a board folder to fill in, which checks and builds from the first minute."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from click.testing import CliRunner

from lscb_core._base.findings import Level
from lscb_core._build.check import check_board
from lscb_core._cli.main import main
from lscb_core._cli.scaffold import latest_financial_year
from lscb_core._model.regime import Regime

from .boardfactory import make_board


def test_the_latest_financial_year_is_the_last_one_to_end() -> None:
    assert latest_financial_year(dt.date(2026, 11, 26)).label == "2025-26"
    assert latest_financial_year(dt.date(2026, 3, 31)).label == "2024-25"
    assert latest_financial_year(dt.date(2026, 4, 1)).label == "2025-26"


def test_a_new_board_loads_checks_and_builds(tmp_path: Path) -> None:
    board = tmp_path / "testvale"
    runner = CliRunner()
    result = runner.invoke(
        main,
        [
            "new",
            str(board),
            "--name",
            "Testvale Safeguarding Children Partnership",
            "--short-name",
            "TSCP",
            "--year",
            "2024",
        ],
    )
    assert result.exit_code == 0, result.output
    assert (board / "2024-25" / "report.yaml").is_file()
    checked = check_board(board)
    assert checked.errors == ()
    assert checked.loaded is not None
    assert checked.loaded.report.regime is Regime.PARTNERSHIP_2023
    assert checked.loaded.report.board.short_name == "TSCP"
    assert "coverage.lead-partners" in {f.code for f in checked.findings if f.level is Level.WARNING}
    built = runner.invoke(main, ["build", str(board), "-o", str(tmp_path / "r.docx"), "-q"])
    assert built.exit_code == 0, built.output
    assert (tmp_path / "r.docx").is_file()


def test_new_will_not_write_over_a_folder_in_use(tmp_path: Path) -> None:
    board = make_board(tmp_path / "b")
    result = CliRunner().invoke(main, ["new", str(board)])
    assert result.exit_code == 1
    assert "already exists and is not empty" in result.output


def test_comments_in_narrative_are_for_the_author_only(tmp_path: Path) -> None:
    board = make_board(
        tmp_path / "b",
        {
            "narrative/foreword.md": "<!-- say {{ something.undefined }} about the XYZQ -->\nThe year went well.\n"
        },
    )
    result = check_board(board)
    assert result.errors == ()
    assert "glossary.undefined" not in {f.code for f in result.findings}
