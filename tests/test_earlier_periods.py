"""Earlier periods seen from outside a build: what ``lscb check --edition public`` lists of them, what check and
build say about them, and what :func:`lscb_core.load_report` gives a program."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path
from typing import Any

import pytest

import lscb_core
from lscb_core import Edition, Finding, LoadedReport, build_report, check_board, load_report
from lscb_core._base.suppressed import Suppressed
from lscb_core._publication.view import make_view
from lscb_core.testing import board_folder
from tests.conftest import BOARDS, HERTFORDSHIRE

PARTNERSHIP = BOARDS / "partnership"
EARLIER = "2019-07-to-2020-06"
EARLIER_LABEL = "July 2019 to June 2020"
THIS = "2020-07-to-2021-06"


def _copy(source: Path, tmp_path: Path) -> Path:
    target = tmp_path / source.name
    shutil.copytree(source, target)
    return target


def _listed(findings: tuple[Finding, ...] | list[Finding]) -> list[Finding]:
    return [f for f in findings if f.code in ("public.suppressed", "public.withheld", "public.changed")]


def _about_earlier(findings: tuple[Finding, ...] | list[Finding]) -> list[Finding]:
    return [f for f in _listed(findings) if f.path[:1] in (("earlier",), ("change",))]


def _every_hidden_earlier_value_is_listed(loaded: LoadedReport, findings: list[Finding]) -> None:
    """Each earlier value the public view hides (and each change it hides) is listed at its own ``file:line``."""
    view = make_view(loaded, Edition.PUBLIC)
    listed = {f.path: f for f in _about_earlier(findings)}
    for shown, read in zip(view.loaded.earlier, loaded.earlier, strict=True):
        for name, value in shown.values.items():
            if not isinstance(value, Suppressed):
                continue
            finding = listed[("earlier", shown.label, *name.split("."))]
            assert finding.location == read.locate(name) is not None
            assert finding.location.line is not None
        for name in read.values:
            assert name in shown.values or ("earlier", shown.label, *name.split(".")) in listed, name


# --- the listing of the public edition ----------------------------------------------------------------


def test_check_lists_earlier_values_the_public_edition_hides() -> None:
    result = check_board(PARTNERSHIP, edition=Edition.PUBLIC)
    assert result.ok, result.errors
    assert result.loaded is not None
    earlier = _about_earlier(result.findings)
    # 4 reviews found modifiable factors in the earlier year, whose own settings protect the child death
    # figures: the earlier value is hidden, and so is the change since it (10 this year, shown).
    value, change = sorted(earlier, key=lambda f: f.path[0] != "earlier")
    assert value.path == ("earlier", EARLIER_LABEL, "cdop", "with_modifiable_factors")
    assert str(value.location).endswith(f"{EARLIER}/cdop.yaml:5:20")
    assert "from 1 to 5" in value.message
    assert EARLIER_LABEL in value.message
    assert "shown as 'c'" in value.message
    assert change.path == ("change", EARLIER_LABEL, "cdop", "with_modifiable_factors")
    assert change.location == value.location
    assert "a change is hidden if either side is" in change.message
    assert len(earlier) == 2
    _every_hidden_earlier_value_is_listed(result.loaded, list(result.findings))


def test_lscb_check_prints_them_at_their_line() -> None:
    from click.testing import CliRunner

    from lscb_core._cli.main import main

    result = CliRunner().invoke(main, ["check", str(PARTNERSHIP), "--edition", "public"])
    assert result.exit_code == 0, result.output
    lines = [line for line in result.stdout.splitlines() if f"{EARLIER}/cdop.yaml:5:20: info:" in line]
    assert len(lines) == 2
    assert all(line.endswith("[public.suppressed]") for line in lines)


def test_previous_yaml_values_this_year_hides_are_listed_at_their_line(tmp_path: Path) -> None:
    board = _copy(PARTNERSHIP, tmp_path)
    (board / THIS / "settings.yaml").write_text("suppression:\n  tables: [cdop.figures]\n", encoding="utf-8")
    with (board / EARLIER / "previous.yaml").open("a", encoding="utf-8") as stated:
        stated.write("cdop.with_modifiable_factors: 3\n")
    result = check_board(board, edition=Edition.PUBLIC)
    assert result.ok, result.errors
    assert result.loaded is not None
    stated_here = [f for f in _about_earlier(result.findings) if "2018-19" in f.path]
    assert {f.path[0] for f in stated_here} == {"earlier", "change"}
    for finding in stated_here:
        assert str(finding.location).endswith(f"{EARLIER}/previous.yaml:8:31")
    value = next(f for f in stated_here if f.path[0] == "earlier")
    assert "this year's suppression settings protect it (cdop.figures)" in value.message
    _every_hidden_earlier_value_is_listed(result.loaded, list(result.findings))


def test_an_earlier_value_hidden_because_this_year_hides_it(tmp_path: Path) -> None:
    root = tmp_path / "board"
    for start, modifiable in ((2023, 6), (2024, 3)):
        board_folder(
            root,
            {
                "cdop.yaml": {"reviews_stated": 9, "modifiable_stated": modifiable},
                "settings.yaml": {"suppression": {"tables": ["cdop.figures"]}},
            },
            start=dt.date(start, 4, 1),
            end=dt.date(start + 1, 3, 31),
        )
    result = check_board(root, edition=Edition.PUBLIC)
    assert result.ok, result.errors
    assert result.loaded is not None
    by_path = {f.path: f for f in _about_earlier(result.findings)}
    value = by_path[("earlier", "2023-24", "cdop", "with_modifiable_factors")]
    assert "this year's figure is" in value.message
    assert str(value.location).endswith("2023-24/cdop.yaml:2:20")
    change = by_path[("change", "2023-24", "cdop", "with_modifiable_factors")]
    assert "both years' figures are hidden" in change.message
    # This year's 3 itself is listed as before, in this year's data.
    assert any(
        f.path == ("cdop", "modifiable_stated") and "2024-25/cdop.yaml" in str(f.location)
        for f in _listed(result.findings)
    )
    _every_hidden_earlier_value_is_listed(result.loaded, list(result.findings))


# --- check says what build says about earlier periods ----------------------------------------------------


def _partnership_stating_last_year(tmp_path: Path) -> Path:
    board = _copy(PARTNERSHIP, tmp_path)
    (board / THIS / "previous.yaml").write_text(
        "cdop.reviews: 27\ntraining.attendees: 860\n", encoding="utf-8"
    )
    return board


def _hertfordshire_with_a_broken_earlier_period(tmp_path: Path) -> Path:
    board = _copy(HERTFORDSHIRE, tmp_path)
    (board / "2014-15").mkdir()
    report = (board / "2015-16" / "report.yaml").read_text(encoding="utf-8")
    report = report.replace("2015-04-01", "2014-04-01").replace("2016-03-31", "2015-03-31")
    (board / "2014-15" / "report.yaml").write_text(report, encoding="utf-8")
    (board / "2014-15" / "cdop.yaml").write_text("reviews_stated: many\n", encoding="utf-8")
    return board


def _naming_no_period(tmp_path: Path) -> Path:
    board = _copy(HERTFORDSHIRE, tmp_path)
    report = board / "2015-16" / "report.yaml"
    report.write_text(report.read_text(encoding="utf-8") + "previous: 2013-14\n", encoding="utf-8")
    return board


_SCENARIOS: dict[str, Any] = {
    "stated-disagrees": _partnership_stating_last_year,
    "no-earlier-data": lambda tmp: HERTFORDSHIRE,
    "broken-earlier-folder": _hertfordshire_with_a_broken_earlier_period,
    "previous-names-no-folder": _naming_no_period,
}

_EXPECTED = {
    "stated-disagrees": {"trends.unexplained-change", "trends.previous-stated"},
    "no-earlier-data": set(),
    "broken-earlier-folder": {"trends.earlier-period"},
    "previous-names-no-folder": {"trends.earlier-period"},
}


@pytest.mark.parametrize("scenario", list(_SCENARIOS))
def test_check_reports_what_build_reports_about_earlier_periods(scenario: str, tmp_path: Path) -> None:
    board = _SCENARIOS[scenario](tmp_path)

    def about_earlier(findings: tuple[Finding, ...]) -> list[tuple[str, str, str, str]]:
        return sorted(
            (f.level.value, f.code, f.message, str(f.location))
            for f in findings
            if f.code.startswith("trends.")
        )

    checked = check_board(board, edition=Edition.PUBLIC)
    built = build_report(board, write=False)
    assert built.ok, built.errors
    assert about_earlier(checked.findings) == about_earlier(built.findings)
    assert {code for _, code, _, _ in about_earlier(checked.findings)} == _EXPECTED[scenario]
    if scenario == "stated-disagrees":
        stated = next(f for f in checked.findings if f.code == "trends.previous-stated")
        assert f"{THIS}/previous.yaml:1:" in str(stated.location)
        assert "as 27" in stated.message
        assert "gives 28" in stated.message
    if scenario == "broken-earlier-folder":
        (warning,) = [f for f in checked.findings if f.code == "trends.earlier-period"]
        assert "2014-15" in warning.message
        assert "2014-15" in str(warning.location)
        # Its figures are unavailable, and nothing of it is listed as hidden.
        assert checked.loaded is not None
        assert checked.loaded.earlier == ()
    if scenario in ("no-earlier-data", "broken-earlier-folder", "previous-names-no-folder"):
        assert not _about_earlier(checked.findings)
    # The earlier periods a build compared with are the ones check (and the library) read.
    assert built.loaded is not None
    assert checked.loaded is not None
    loaded = load_report(board)
    for read in (checked.loaded, loaded):
        assert [(e.label, dict(e.values)) for e in read.earlier] == [
            (e.label, dict(e.values)) for e in built.loaded.earlier
        ]
    warned = [f for f in built.findings if f.code == "trends.earlier-period"]
    assert [f for f in loaded.findings if f.code == "trends.earlier-period"] == warned


# --- the library ------------------------------------------------------------------------------------------


def test_load_report_attaches_the_earlier_periods() -> None:
    loaded = lscb_core.load_report(PARTNERSHIP)
    assert [e.label for e in loaded.earlier] == ["2018-19", EARLIER_LABEL]
    assert all(isinstance(e, lscb_core.Earlier) for e in loaded.earlier)
    stated, read = loaded.earlier
    assert loaded.previous is read
    assert read.folder is not None
    assert read.folder.name == EARLIER
    assert read.value("cdop.reviews") == 28
    assert read.value("cdop.with_modifiable_factors") == 4  # the data as loaded: nothing is hidden
    assert read.value("no.such.figure") is None
    assert str(read.locate("cdop.reviews")).endswith(f"{EARLIER}/cdop.yaml:4:17")
    assert stated.folder is None
    assert stated.loaded is None
    assert str(stated.locate("cdop.reviews")).endswith(f"{EARLIER}/previous.yaml:4:15")
    assert loaded.trend("cdop.reviews") == (
        ("2018-19", 33),
        (EARLIER_LABEL, 28),
        ("July 2020 to June 2021", 31),
    )
    assert loaded.trend("training.sessions") == (
        ("2018-19", None),
        (EARLIER_LABEL, 37),
        ("July 2020 to June 2021", 55),
    )
    assert not [f for f in loaded.findings if f.code.startswith("trends.")]
    # An edition's view holds what that edition prints of them.
    public = make_view(loaded, Edition.PUBLIC).loaded
    assert isinstance(dict(public.trend("cdop.with_modifiable_factors"))[EARLIER_LABEL], Suppressed)


def test_load_report_follows_the_trends_settings(tmp_path: Path) -> None:
    board = _copy(PARTNERSHIP, tmp_path)
    (board / "settings.yaml").write_text("trends:\n  years: 1\n", encoding="utf-8")
    assert [e.label for e in load_report(board).earlier] == [EARLIER_LABEL]
    (board / "settings.yaml").write_text("trends: false\n", encoding="utf-8")
    loaded = load_report(board)
    assert loaded.earlier == ()
    assert loaded.previous is None
    assert loaded.trend("cdop.reviews") == (("July 2020 to June 2021", 31),)


def test_load_report_without_earlier_data() -> None:
    loaded = load_report(HERTFORDSHIRE)
    assert loaded.earlier == ()
    assert loaded.previous is None
    assert loaded.trend("cdop.reviews") == (("2015-16", 56),)


def test_the_library_page_example_prints_what_it_says(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    root = Path(__file__).resolve().parent.parent
    page = (root / "docs" / "reference" / "library.md").read_text(encoding="utf-8")
    example = page.split("## Earlier periods", 1)[1].split("```python\n", 1)[1].split("```", 1)[0]
    said = [line[2:] for line in example.splitlines() if line.startswith("# ")]
    monkeypatch.chdir(root)
    exec(compile(example, "library.md", "exec"), {})
    assert capsys.readouterr().out.splitlines() == said


def test_an_earlier_period_hidden_under_its_own_symbol_is_printed_with_this_years(tmp_path: Path) -> None:
    """This report's note explains its own symbol only: an earlier year's hidden value does not bring another."""
    board = _copy(PARTNERSHIP, tmp_path)
    (board / EARLIER / "settings.yaml").write_text(
        'suppression:\n  tables: [cdop.figures]\n  symbol: "~"\n', encoding="utf-8"
    )
    loaded = load_report(board, THIS)
    view = make_view(loaded, Edition.PUBLIC)
    (earlier,) = (e for e in view.loaded.earlier if e.label == EARLIER_LABEL)
    hidden = earlier.values["cdop.with_modifiable_factors"]
    assert isinstance(hidden, Suppressed)
    assert str(hidden) == "c"


@pytest.mark.parametrize(("period", "named"), [(THIS, THIS), (EARLIER, THIS)])
def test_previous_naming_this_period_or_a_later_one_is_not_compared(
    tmp_path: Path, period: str, named: str
) -> None:
    """A year is never compared with itself ("no change from 31") or with a later year."""
    board = _copy(PARTNERSHIP, tmp_path)
    report = board / period / "report.yaml"
    lines = [
        line for line in report.read_text(encoding="utf-8").splitlines() if not line.startswith("previous:")
    ]
    report.write_text("\n".join([*lines, f"previous: {named}", ""]), encoding="utf-8")
    loaded = load_report(board, period)
    (warning,) = [f for f in loaded.findings if f.code == "trends.earlier-period"]
    assert f"previous: {named} is not a period before this one ({period})" in warning.message
    assert str(warning.location).startswith(str(board / period / "report.yaml")) or str(
        warning.location
    ).startswith(f"{period}/report.yaml")
    assert all(e.folder is None for e in loaded.earlier)  # at most the figures previous.yaml states
