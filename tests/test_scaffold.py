"""``lscb new``: a board folder to fill in, which checks and builds from the first minute."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from click.testing import CliRunner

from lscb_core._base.findings import Level
from lscb_core._build.check import check_board
from lscb_core._cli.main import main
from lscb_core._cli.scaffold import NARRATIVE_PURPOSES, following_period, latest_financial_year
from lscb_core._loading.board_files import SECTION_FILE, _file_classes, known_files
from lscb_core._model.period import ReportingPeriod
from lscb_core._model.regime import Regime
from lscb_core._model.schema import fields_of

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
    # No earlier version of lscb built it: no notes of what earlier versions left out.
    assert not [f for f in checked.findings if f.code.startswith("migration.")]
    built = runner.invoke(main, ["build", str(board), "-o", str(tmp_path / "r.docx"), "-q"])
    assert built.exit_code == 0, built.output
    assert (tmp_path / "r.docx").is_file()


def test_new_will_not_write_over_a_folder_in_use(tmp_path: Path) -> None:
    folder = tmp_path / "b"
    folder.mkdir()
    (folder / "notes.txt").write_text("someone's notes", encoding="utf-8")
    result = CliRunner().invoke(main, ["new", str(folder)])
    assert result.exit_code == 1
    assert "already exists and is not empty" in result.output
    assert (folder / "notes.txt").read_text(encoding="utf-8") == "someone's notes"


def test_new_in_a_board_folder_adds_the_next_period_and_keeps_what_carries_over(tmp_path: Path) -> None:
    board = make_board(tmp_path / "b")
    result = CliRunner().invoke(main, ["new", str(board), "--from", "2015-16"])
    assert result.exit_code == 0, result.output
    following = board / "2016-17"
    report = (following / "report.yaml").read_text(encoding="utf-8")
    assert "start: '2016-04-01'" in report
    assert "end: '2017-03-31'" in report
    assert "independent_chair" in report  # leadership carries over
    assert "approval:" not in report.split("# approval")[0]  # last year's approval does not
    members = (following / "members.yaml").read_text(encoding="utf-8")
    assert "Independent chair" in members
    assert "attended" not in members
    assert "meetings_held" not in members
    checked = check_board(board, "2016-17")
    assert checked.errors == ()
    again = CliRunner().invoke(main, ["new", str(board), "--from", "2015-16"])
    assert again.exit_code == 1
    assert "already exists" in again.output
    unknown = CliRunner().invoke(main, ["new", str(board), "--from", "2031-32"])
    assert unknown.exit_code == 1
    assert "has no period folder '2031-32' (it has: 2015-16, 2016-17)" in unknown.output


@pytest.mark.parametrize(
    ("start", "end", "next_start", "next_end"),
    [
        (dt.date(2015, 4, 1), dt.date(2016, 3, 31), dt.date(2016, 4, 1), dt.date(2017, 3, 31)),
        # a 17-month transition is followed by a year, not by another 17 months
        (dt.date(2019, 4, 1), dt.date(2020, 8, 31), dt.date(2020, 9, 1), dt.date(2021, 8, 31)),
        # a 7-month interim report likewise
        (dt.date(2019, 9, 1), dt.date(2020, 3, 31), dt.date(2020, 4, 1), dt.date(2021, 3, 31)),
        # July to June across a leap year stays July to June
        (dt.date(2019, 7, 1), dt.date(2020, 6, 30), dt.date(2020, 7, 1), dt.date(2021, 6, 30)),
        (dt.date(2023, 3, 1), dt.date(2024, 2, 29), dt.date(2024, 3, 1), dt.date(2025, 2, 28)),
    ],
)
def test_the_next_period_follows_by_the_calendar(
    start: dt.date, end: dt.date, next_start: dt.date, next_end: dt.date
) -> None:
    following = following_period(ReportingPeriod(start, end))
    assert (following.start, following.end) == (next_start, next_end)


def test_new_takes_any_period(tmp_path: Path) -> None:
    runner = CliRunner()
    july = runner.invoke(main, ["new", str(tmp_path / "a"), "--july-june", "2020"])
    assert july.exit_code == 0, july.output
    assert (tmp_path / "a" / "2020-07-to-2021-06" / "report.yaml").is_file()
    odd = runner.invoke(main, ["new", str(tmp_path / "b"), "--start", "2019-04-01", "--end", "2020-08-31"])
    assert odd.exit_code == 0, odd.output
    assert check_board(tmp_path / "b").errors == ()
    both = runner.invoke(main, ["new", str(tmp_path / "c"), "--year", "2020", "--july-june", "2020"])
    assert both.exit_code == 2
    half = runner.invoke(main, ["new", str(tmp_path / "d"), "--start", "2019-04-01"])
    assert half.exit_code == 2
    assert "--start and --end go together" in half.output


def test_every_file_of_a_new_board_lists_every_field_with_its_meaning(tmp_path: Path) -> None:
    board = tmp_path / "new"
    assert CliRunner().invoke(main, ["new", str(board), "--year", "2024"]).exit_code == 0
    period = board / "2024-25"
    for name in known_files():
        if name == SECTION_FILE:
            continue  # a board's own sections are declared by the board, one file each
        path = board / name if name in ("board.yaml", "settings.yaml") else period / name
        text = path.read_text(encoding="utf-8")
        first = text.splitlines()[0]
        assert first.startswith("# yaml-language-server: $schema=")
        schema = (path.parent / first.split("=", 1)[1]).resolve()
        assert schema.is_file(), schema
        for cls in _file_classes(name):
            for f in fields_of(cls):
                assert f"{f.name}:" in text, (name, f.key)
                assert f.meaning.split(":")[0][:30] in text, (name, f.key)
    for narrative in NARRATIVE_PURPOSES:
        assert (period / "narrative" / f"{narrative}.md").is_file()


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


def test_an_open_kind_is_written_as_one_of_its_words(tmp_path: Path) -> None:
    """`kind: multi-agency`, not the record that holds the word (`kind:` then `value: Value`)."""
    board = tmp_path / "new"
    assert CliRunner().invoke(main, ["new", str(board), "--year", "2024"]).exit_code == 0
    audits = (board / "2024-25" / "audits.yaml").read_text(encoding="utf-8")
    activities = (board / "2024-25" / "activities.yaml").read_text(encoding="utf-8")
    assert "#   kind: multi-agency  # (required)" in audits
    assert "#   kind: campaign  # (required)" in activities
    assert "value: Value" not in audits + activities


def test_the_next_periods_example_is_the_next_period(tmp_path: Path) -> None:
    board = tmp_path / "new"
    assert CliRunner().invoke(main, ["new", str(board), "--year", "2024"]).exit_code == 0
    report = (board / "2024-25" / "report.yaml").read_text(encoding="utf-8")
    assert "#   start: '2025-04-01'  # (required)" in report
    assert "#   end: '2026-03-31'  # (required)" in report
