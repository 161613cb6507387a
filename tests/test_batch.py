"""Builds in worker processes: timeouts, crashes, and many boards at once."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from docx import Document

from lscb_core._build.batch import BuildRequest, build_isolated, build_many
from lscb_core._cli.main import main

from .boardfactory import make_board
from .conftest import BOARDS, HERTFORDSHIRE


def test_a_build_that_takes_too_long_is_stopped_and_named(tmp_path: Path) -> None:
    out = tmp_path / "r.docx"
    request = BuildRequest(
        make_board(tmp_path / "b"),
        output=out,
        plugins=("tests.sample_plugins.slow",),
        block=("hertfordshire",),
    )
    outcome = build_isolated(request, timeout=4)
    assert not outcome.ok
    (error,) = outcome.errors
    assert error.code == "build.timeout"
    assert "took longer than 4 seconds" in error.message
    assert "plugin 'tests.sample_plugins.slow'" in error.message
    assert "section 'about'" in error.message
    assert not out.exists()
    assert outcome.seconds < 15


def test_a_worker_that_dies_is_reported_with_what_it_was_doing(tmp_path: Path) -> None:
    out = tmp_path / "r.docx"
    outcome = build_isolated(
        BuildRequest(make_board(tmp_path / "b"), output=out, plugins=("tests.sample_plugins.crashing",))
    )
    assert not outcome.ok
    (error,) = outcome.errors
    assert error.code == "build.crashed"
    assert "exit code 3" in error.message
    assert "plugin 'tests.sample_plugins.crashing'" in error.message
    assert not out.exists()


def test_many_boards_in_parallel_come_back_in_order(tmp_path: Path) -> None:
    boards = [make_board(tmp_path / f"b{i}") for i in range(3)]
    bad = make_board(tmp_path / "bad", {"cdop.yaml": "reviews_stated: lots\n"})
    requests = [BuildRequest(b, output=tmp_path / f"r{i}.docx") for i, b in enumerate([*boards, bad])]
    seen: list[Path] = []
    outcomes = build_many(requests, jobs=2, on_done=lambda o: seen.append(o.request.board_dir))
    assert [o.request.board_dir for o in outcomes] == [*boards, bad]
    assert sorted(seen) == sorted([*boards, bad])
    assert [o.ok for o in outcomes] == [True, True, True, False]
    assert outcomes[3].errors[0].code == "load.invalid"
    for i in range(3):
        Document(str(tmp_path / f"r{i}.docx"))
    assert not (tmp_path / "r3.docx").exists()


def test_lscb_build_several_boards_prints_a_summary_and_fails_if_one_fails(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)  # the reports go to build/ in the working folder, not the repository's
    bad = make_board(tmp_path / "bad", {"cdop.yaml": "reviews_stated: lots\n"})
    runner = CliRunner()
    result = runner.invoke(
        main, ["build", str(HERTFORDSHIRE), str(BOARDS / "partnership"), str(bad), "-j", "2", "-q"]
    )
    assert result.exit_code == 1, result.output
    assert "2 of 3 reports built; 1 failed." in result.output
    assert "reviews_stated must be a whole number" in result.output
    assert "Traceback" not in result.output
    assert len(list((tmp_path / "build").glob("*.docx"))) == 2


def test_output_names_one_file_so_it_needs_one_board(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        main, ["build", str(HERTFORDSHIRE), str(HERTFORDSHIRE), "-o", str(tmp_path / "x.docx")]
    )
    assert result.exit_code == 2
    assert "can only be used with one board folder" in result.output


def test_lscb_build_one_board(tmp_path: Path) -> None:
    out = tmp_path / "h.docx"
    result = CliRunner().invoke(main, ["build", str(HERTFORDSHIRE), "-o", str(out), "-q"])
    assert result.exit_code == 0, result.output
    assert f"Wrote {out}" in result.output
    assert "warning: the carry forward out is stated as £124,356" in result.output
    Document(str(out))


def test_progress_says_what_the_worker_is_doing(tmp_path: Path) -> None:
    heard: list[str] = []
    outcome = build_isolated(
        BuildRequest(make_board(tmp_path / "b"), output=tmp_path / "r.docx"),
        on_progress=lambda _, doing: heard.append(doing),
    )
    assert outcome.ok
    assert heard[0] == "loading the board folder"
    assert any(
        doing.startswith("building the section (plugin 'sections.appendices', section 'budget')")
        for doing in heard
    )
    assert heard[-1] == "auditing the document for accessibility"
