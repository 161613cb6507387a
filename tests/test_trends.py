"""Earlier periods as data: trends in tables, key figures and narrative, checks, and the disclosure proof."""

from __future__ import annotations

import datetime as dt
import itertools
import shutil
from pathlib import Path
from typing import Any

import attrs
import docx
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from lscb_core._base.findings import LoadError
from lscb_core._base.suppressed import Suppressed
from lscb_core._build.build import build_report
from lscb_core._build.check import check_board, run_checks
from lscb_core._build.earlier import with_earlier
from lscb_core._build.session import open_board
from lscb_core._cli.scaffold import new_period
from lscb_core._loading.folder import load_report
from lscb_core._model.cdop import ChildDeathOverview
from lscb_core._model.editions import Edition
from lscb_core._model.formatting import number, percent
from lscb_core._model.loaded import LoadedReport
from lscb_core._model.trends import HEADLINES, change_words, headline_value
from lscb_core._publication.view import make_view
from lscb_core._sections.templating import NarrativeRenderer
from lscb_core.testing import board_folder, plugin_manager
from tests.boardfactory import make_board
from tests.conftest import BOARDS

PARTNERSHIP = BOARDS / "partnership"
EARLIER = "2019-07-to-2020-06"
EARLIER_LABEL = "July 2019 to June 2020"


def _loaded(board: Path, period: str | None = None) -> tuple[LoadedReport, list[Any]]:
    uses, loaded = open_board(board, period, pm=plugin_manager())
    return with_earlier(loaded, uses, run_checks)


@pytest.fixture(scope="module")
def partnership() -> LoadedReport:
    loaded, findings = _loaded(PARTNERSHIP)
    assert findings == []
    return loaded


@pytest.fixture
def board(tmp_path: Path) -> Path:
    target = tmp_path / "partnership"
    shutil.copytree(PARTNERSHIP, target)
    return target


# --- words --------------------------------------------------------------------------------------------


def test_change_words() -> None:
    assert change_words(59, 57) == "▲ up 2 from 57"
    assert change_words(9, 12, symbols=False) == "down 3 from 12"
    assert change_words(40, 40) == "no change from 40"
    assert change_words(1200, 1000, "money", symbols=False) == "up £200 from £1,000"
    assert change_words(None, 3) == ""
    assert change_words(Suppressed("x", "c"), 3) == "c"
    assert change_words(3, Suppressed("x", "*")) == "*"


# --- the partnership board ------------------------------------------------------------------------------


def test_earlier_periods_are_read(partnership: LoadedReport) -> None:
    labels = [e.label for e in partnership.earlier]
    assert labels == ["2018-19", EARLIER_LABEL]
    partial, full = partnership.earlier
    assert partial.loaded is None
    assert partial.folder is None
    assert partial.values["cdop.reviews"] == 33
    assert full.loaded is not None
    assert full.values["cdop.reviews"] == 28


def test_each_edition_views_earlier_periods_by_its_own_and_this_years_rules(
    partnership: LoadedReport,
) -> None:
    public = make_view(partnership, Edition.PUBLIC)
    assert public.problems == ()
    latest = public.loaded.earlier[-1]
    # The earlier year's own settings protect its headline child death figures: 4 is hidden.
    assert isinstance(latest.values["cdop.with_modifiable_factors"], Suppressed)
    assert latest.values["cdop.reviews"] == 28
    assert latest.loaded is None  # sections and templates get the headline figures only
    board = make_view(partnership, Edition.BOARD)
    assert board.loaded.earlier[-1].values["cdop.with_modifiable_factors"] == 4


@pytest.mark.parametrize("edition", [Edition.PUBLIC, Edition.BOARD])
def test_build_shows_trends(board: Path, tmp_path: Path, edition: Edition) -> None:
    out = tmp_path / f"{edition.value}.docx"
    result = build_report(board, output=out, edition=edition)
    assert result.ok, result.errors
    assert not [f for f in result.findings if f.code.startswith("coverage") and "2019-07" in str(f.location)]
    document = docx.Document(str(out))
    paragraphs = [p.text for p in document.paragraphs]
    text = "\n".join(paragraphs)
    assert f"child death reviews completed (▲ up 3 from 28 in {EARLIER_LABEL})" in text
    assert "met 6 times in the year (meetings ▲ up 1 from 5" in text
    assert f"up 314 from 860 in {EARLIER_LABEL}" in text
    tables = [[[c.text for c in r.cells] for r in t.rows] for t in document.tables]
    trend = next(t for t in tables if t[0][0] == "Figure" and "Child death" in t[1][0])
    assert trend[0] == [
        "Figure",
        "2018-19",
        EARLIER_LABEL,
        "July 2020 to June 2021",
        f"Change since {EARLIER_LABEL}",
    ]
    assert trend[1] == ["Child death reviews completed", "33", "28", "31", "▲ up 3 from 28"]
    modifiable = trend[2]
    training = next(t for t in tables if t[0][0] == "Figure" and "training" in t[1][0])
    assert training[1] == ["People attending training", "702", "860", "1,174", "▲ up 314 from 860"]
    if edition is Edition.PUBLIC:
        assert modifiable[2:] == ["c", "10", "c"]
        assert "the number that found modifiable factors changed by c." in text
        assert "up 6 from 4" not in text
    else:
        assert modifiable[2:] == ["4", "10", "▲ up 6 from 4"]
        assert "changed by up 6 from 4." in text


def test_trends_can_be_turned_off_or_limited(board: Path) -> None:
    (board / "settings.yaml").write_text("trends: false\n", encoding="utf-8")
    loaded, _ = _loaded(board)
    assert loaded.earlier == ()
    (board / "settings.yaml").write_text("trends:\n  years: 1\n", encoding="utf-8")
    loaded, _ = _loaded(board)
    assert [e.label for e in loaded.earlier] == [EARLIER_LABEL]


def test_an_earlier_period_with_errors_gives_one_warning_and_the_build_goes_on(
    board: Path, tmp_path: Path
) -> None:
    (board / EARLIER / "cdop.yaml").write_text(
        "reviews_stated: many\nmodifiable_stated: -1\n", encoding="utf-8"
    )
    result = build_report(board, output=tmp_path / "out.docx")
    assert result.ok, result.errors
    earlier = [f for f in result.findings if f.code == "trends.earlier-period"]
    assert len(earlier) == 1
    assert EARLIER in earlier[0].message
    assert EARLIER in str(earlier[0].location)
    assert result.loaded is not None
    assert [e.label for e in result.loaded.earlier] == []


def test_previous_yaml_errors_are_located(board: Path) -> None:
    (board / EARLIER / "previous.yaml").write_text(
        "cdop.review: 33\ntraining.attendees: lots\n", encoding="utf-8"
    )
    with pytest.raises(LoadError) as caught:
        load_report(board, EARLIER)
    messages = [str(f) for f in caught.value.findings]
    assert any("previous.yaml:1:" in m and "did you mean 'cdop.reviews'" in m for m in messages)
    assert any("previous.yaml:2:" in m and "must be a number" in m for m in messages)


def test_checks_against_the_previous_period(board: Path) -> None:
    (board / "2020-07-to-2021-06" / "previous.yaml").write_text("cdop.reviews: 27\n", encoding="utf-8")
    findings = check_board(board).findings
    stated = [f for f in findings if f.code == "trends.previous-stated"]
    assert len(stated) == 1
    assert "as 27" in stated[0].message
    assert "gives 28" in stated[0].message
    assert "previous.yaml:1:" in str(stated[0].location)
    unexplained = {f.message.split(" rose")[0] for f in findings if f.code == "trends.unexplained-change"}
    # 37 to 55 sessions is not mentioned; attendance and child deaths are, by name, in the narrative.
    assert unexplained == {"training sessions run"}
    # The earlier period's own warnings are not repeated.
    assert not [f for f in findings if EARLIER in str(f.location) and f.code.startswith("coverage")]


def test_new_period_keeps_the_link(tmp_path: Path) -> None:
    board = make_board(tmp_path / "board")
    new_period(board, start_from="2015-16", period=None)
    text = (board / "2016-17" / "report.yaml").read_text(encoding="utf-8")
    assert "previous: 2015-16" in text
    loaded, _ = _loaded(board, "2016-17")
    assert loaded.report.previous == "2015-16"
    assert [e.label for e in loaded.earlier] == ["2015-16"]


def test_narrative_reaches_earlier_values(partnership: LoadedReport) -> None:
    from lscb_core._build.build import template_values

    pm = plugin_manager()
    for edition, expected in ((Edition.PUBLIC, "c"), (Edition.BOARD, "4")):
        values = template_values(make_view(partnership, edition).loaded, edition, pm)
        renderer = NarrativeRenderer(values)
        out = renderer.render(
            "{{ previous.cdop.reviews }} {{ previous.cdop.with_modifiable_factors }} {{ previous_period }} "
            "{{ cdop.reviews | change(previous.cdop.reviews) }} {{ earlier[0].figures.cdop.reviews }}"
        )
        assert out == f"28 {expected} July 2019 to June 2020 up 3 from 28 33"


# --- a second board --------------------------------------------------------------------------------------


def test_second_board_with_two_periods(tmp_path: Path) -> None:
    root = tmp_path / "board"
    make_board(root)
    make_board(
        root,
        {
            "cdop.yaml": "reviews_stated: 9\nmodifiable_stated: 1\n",
            "training.yaml": "courses: [{name: Neglect, attendees: 50, times_run: 4}]\n",
        },
        period="2016-17",
    )
    (root / "2016-17" / "report.yaml").write_text(
        (root / "2015-16" / "report.yaml")
        .read_text()
        .replace("2015-04-01", "2016-04-01")
        .replace("2016-03-31", "2017-03-31"),
        encoding="utf-8",
    )
    loaded, findings = _loaded(root)
    assert findings == []
    assert [e.label for e in loaded.earlier] == ["2015-16"]
    view = make_view(loaded, Edition.PUBLIC)
    assert view.problems == ()
    assert view.loaded.earlier[0].values["training.attendees"] == 20
    assert view.loaded.earlier[0].values["cdop.reviews"] == 2
    findings = run_checks(loaded, plugin_manager())
    assert any(f.code == "trends.unexplained-change" and "training" in f.message for f in findings)


# --- nothing hidden in any year can be worked out from what this report prints -------------------------


@pytest.fixture(scope="module")
def two_years(tmp_path_factory: pytest.TempPathFactory) -> LoadedReport:
    root = tmp_path_factory.mktemp("years") / "board"
    cdop = {"reviews_stated": 9, "modifiable_stated": 3}
    for start in (2023, 2024):
        board_folder(
            root,
            {"cdop.yaml": cdop, "settings.yaml": {"suppression": {"tables": ["cdop.figures"]}}},
            start=dt.date(start, 4, 1),
            end=dt.date(start + 1, 3, 31),
        )
    loaded, findings = _loaded(root)
    assert findings == []
    assert len(loaded.earlier) == 1
    return loaded


def _with(loaded: LoadedReport, now: tuple[int, int], before: tuple[int, int]) -> LoadedReport:
    def cdop(report: Any, counts: tuple[int, int]) -> Any:
        return attrs.evolve(
            report, cdop=ChildDeathOverview(reviews_stated=counts[0], modifiable_stated=counts[1])
        )

    earlier = loaded.earlier[0]
    assert earlier.loaded is not None
    old = attrs.evolve(earlier.loaded, report=cdop(earlier.loaded.report, before))
    values = {h.name: headline_value(old.report, h) for h in HEADLINES}
    values = {k: v for k, v in values.items() if v is not None}
    return attrs.evolve(
        loaded,
        report=cdop(loaded.report, now),
        earlier=(attrs.evolve(earlier, loaded=old, values=values),),
    )


def _printed(loaded: LoadedReport) -> tuple[str, ...] | None:
    """What this report prints of the child death figures in both years (None if the public edition refuses)."""
    view = make_view(loaded, Edition.PUBLIC)
    if view.problems:
        return None
    cdop = view.loaded.report.cdop
    assert cdop is not None
    old = view.loaded.earlier[0].values
    now_r, now_m = cdop.reviews, cdop.with_modifiable_factors
    old_r, old_m = old["cdop.reviews"], old["cdop.with_modifiable_factors"]
    return (
        number(now_r),
        number(now_m),
        percent(cdop.modifiable_percent),
        number(old_r),
        number(old_m),
        change_words(now_r, old_r),
        change_words(now_m, old_m),
    )


_COUNT = st.integers(min_value=0, max_value=9)
THRESHOLD = 5
"""The default suppression threshold: counts from 1 to 5 are hidden."""


@settings(max_examples=25)
@example(now=(6, 1), before=(0, 0))  # the old year's 0 of modifiable factors follows from its 0 reviews
@given(now=st.tuples(_COUNT, _COUNT), before=st.tuples(_COUNT, _COUNT))
def test_no_small_count_of_any_year_can_be_worked_out(
    two_years: LoadedReport, now: tuple[int, int], before: tuple[int, int]
) -> None:
    now = (max(now), min(now))
    before = (max(before), min(before))
    data = _with(two_years, now, before)
    printed = _printed(data)
    if printed is None:
        return
    values = (*now, *before)
    hidden = [i for i, shown in enumerate((printed[0], printed[1], printed[3], printed[4])) if shown == "c"]
    # The counts protected are the small ones (1 to the threshold). A figure hidden only so that a small
    # one cannot be worked out may itself follow from what is printed (a 0 of modifiable factors when the
    # year's reviews are printed as 0): that gives nothing away the rule would not print anyway.
    for i in (i for i in hidden if 1 <= values[i] <= THRESHOLD):
        # Another year's data that prints the same but differs in this hidden value: it cannot be worked out.
        witness = False
        for shift in itertools.product((-1, 0, 1), repeat=len(hidden)):
            other = list(values)
            for j, step in zip(hidden, shift, strict=True):
                other[j] += step
            if other[i] == values[i] or min(other) < 0 or other[1] > other[0] or other[3] > other[2]:
                continue
            if _printed(_with(two_years, (other[0], other[1]), (other[2], other[3]))) == printed:
                witness = True
                break
        assert witness, f"hidden value {i} of {values} follows from {printed}"


# --- board-defined sections -------------------------------------------------------------------------------

_FOSTERING = """title: Private fostering
appendix: true
figures:
  - name: notifications
    label: Private fostering notifications
    value: {notifications}
    headline: true
  - name: arrangements
    label: Children in private fostering arrangements
    value: {arrangements}
    people: true
"""


def test_board_defined_figures_get_earlier_values(tmp_path: Path) -> None:
    root = tmp_path / "board"
    make_board(root, {"sections/private-fostering.yaml": _FOSTERING.format(notifications=12, arrangements=3)})
    make_board(
        root,
        {
            "sections/private-fostering.yaml": _FOSTERING.format(notifications=20, arrangements=9),
            "narrative/private-fostering.md": "Notifications: {{ private_fostering.figures.notifications | "
            "change(previous.private_fostering.figures.notifications) }}; arrangements "
            "{{ previous.private_fostering.figures.arrangements }}.\n",
        },
        period="2016-17",
    )
    (root / "2016-17" / "report.yaml").write_text(
        (root / "2015-16" / "report.yaml")
        .read_text()
        .replace("2015-04-01", "2016-04-01")
        .replace("2016-03-31", "2017-03-31"),
        encoding="utf-8",
    )
    loaded, findings = _loaded(root)
    assert findings == []
    assert loaded.earlier[0].values["private_fostering.figures.notifications"] == 12
    for edition, arrangements in ((Edition.PUBLIC, "c"), (Edition.BOARD, "3")):
        result = build_report(root, output=tmp_path / f"{edition.value}.docx", edition=edition)
        assert result.ok, result.errors
        document = docx.Document(str(tmp_path / f"{edition.value}.docx"))
        text = "\n".join(p.text for p in document.paragraphs)
        assert "Private fostering notifications (▲ up 8 from 12 in 2015-16)" in text
        assert f"Notifications: up 8 from 12; arrangements {arrangements}." in text
        tables = [[[c.text for c in r.cells] for r in t.rows] for t in document.tables]
        trend = next(t for t in tables if t[0][:1] == ["Figure"] and "fostering" in t[1][0])
        assert trend[2][1:] == (
            [arrangements, "9", "c"] if edition is Edition.PUBLIC else ["3", "9", "▲ up 6 from 3"]
        )
    # Both figures changed a lot, and the section's narrative mentions both by name.
    findings = run_checks(loaded, plugin_manager())
    assert not [f for f in findings if f.code == "trends.unexplained-change" and "fostering" in f.message]
