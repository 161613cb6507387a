"""The built-in checks, one by one, on small board folders that break one thing each."""

from __future__ import annotations

from pathlib import Path

import pytest

from lscb_core._base.findings import Level
from lscb_core._build.check import check_board
from lscb_core._loading.folder import list_periods

from .boardfactory import make_board


def _codes(board: Path, level: Level | None = None) -> list[str]:
    result = check_board(board)
    return sorted(f.code for f in result.findings if level is None or f.level is level)


@pytest.mark.parametrize(
    ("files", "code"),
    [
        (
            {"budget.yaml": "contributions: [{partner: A, amount: 10}]\ncontributions_stated: 11\n"},
            "budget.contributions-total",
        ),
        (
            {"budget.yaml": "lines: [{name: A, budget: 10, spend: 5}]\nbudget_total_stated: 11\n"},
            "budget.budget-total",
        ),
        (
            {"budget.yaml": "lines: [{name: A, budget: 10, spend: 5}]\nspend_total_stated: 6\n"},
            "budget.spend-total",
        ),
        (
            {"budget.yaml": "lines: [{name: A, budget: 10, spend: 5}]\nvariance_total_stated: 5\n"},
            "budget.variance-total",
        ),
        (
            {
                "budget.yaml": "contributions_stated: 100\ncarry_forward_in: 10\nlines: [{name: A, budget: 100, spend: 90}]\ncarry_forward_out_stated: 21\n"
            },
            "budget.carry-forward",
        ),
        (
            {"training.yaml": "courses: [{name: A, attendees: 3}]\nattendees_stated: 4\n"},
            "training.course-total",
        ),
        (
            {"training.yaml": "by_agency: [{agency: A, attendees: 3}]\nby_agency_stated: 4\n"},
            "training.agency-total",
        ),
        (
            {"training.yaml": "courses: [{name: A, attendees: 3}]\nby_agency: [{agency: X, attendees: 4}]\n"},
            "training.tables-disagree",
        ),
        (
            {
                "training.yaml": "courses: [{name: Neglect, attendees: 3, times_run: 1}]\n",
                "priorities.yaml": "themes: [{id: t, title: T, priorities: [{id: p, title: P, training: [{course: Neglect, attendees: 4}]}]}]\n",
            },
            "training.stated-figures",
        ),
        (
            {
                "priorities.yaml": "themes: [{id: t, title: T, priorities: [{id: p, title: P, training: [{course: Neglekt}]}]}]\n"
            },
            "training.unknown-course",
        ),
        (
            {"cdop.yaml": "categories_stated: [{category: infection, reviews: 2}]\nreviews_stated: 3\n"},
            "cdop.categories-total",
        ),
        (
            {
                "cdop.yaml": "reviews_stated: 3\nrecords: [{id: a, category: infection, age_band: 1-4 years}]\n"
            },
            "cdop.reviews-stated",
        ),
        (
            {
                "cdop.yaml": "modifiable_stated: 1\nrecords: [{id: a, category: infection, age_band: 1-4 years}]\n"
            },
            "cdop.modifiable-stated",
        ),
        (
            {
                "cdop.yaml": "categories_stated: [{category: malignancy, reviews: 1}]\nrecords: [{id: a, category: infection, age_band: 1-4 years}]\n"
            },
            "cdop.category-stated",
        ),
        (
            {"activities.yaml": "- {id: a, name: Summit, kind: event, date: 2014-05}\n"},
            "dates.outside-period",
        ),
        ({"members.yaml": "members: [{role: Chair, joined: 2016-05}]\n"}, "dates.after-period"),
        (
            {"glossary.yaml": "terms: [{abbreviation: CSE, meaning: a}, {abbreviation: CSE, meaning: b}]\n"},
            "glossary.duplicate",
        ),
        ({"narrative/foreword.md": "The MASH met.\n"}, "glossary.undefined"),
        (
            {
                "narrative/foreword.md": "The CAHMS met.\n",
                "glossary.yaml": "terms: [{abbreviation: CAMHS, meaning: m}]\n",
            },
            "glossary.near-miss",
        ),
        (
            {"reviews.yaml": "stated_counts: [{kind: serious-case-review, completed: 1}]\n"},
            "reviews.stated-count",
        ),
        (
            {
                "reviews.yaml": "cases: [{reference: R1, kind: local-child-safeguarding-practice-review, status: completed, commissioned: 2015}]\n"
            },
            "reviews.kind-era",
        ),
        (
            {
                "reviews.yaml": "cases: [{reference: R1, kind: serious-case-review, status: completed, publication: {decision: not-for-publication}}]\n"
            },
            "reviews.unpublished-reason",
        ),
        (
            {
                "reviews.yaml": "cases: [{reference: R1, kind: serious-case-review, status: published, publication: {decision: full}}]\n"
            },
            "reviews.published-address",
        ),
        (
            {
                "reviews.yaml": "cases: [{reference: R1, kind: serious-case-review, status: completed}, {reference: R1, kind: serious-case-review, status: completed}]\n"
            },
            "reviews.duplicate-reference",
        ),
        (
            {
                "audits.yaml": "- {id: s11, title: S11, kind: section-11, participants: [A, B], participants_stated: 3}\n"
            },
            "audits.participants",
        ),
        (
            {"activities.yaml": "- {id: a, name: Summit, kind: event, priority: cse}\n"},
            "links.unknown-priority",
        ),
        (
            {
                "reviews.yaml": "cases: [{reference: R1, kind: serious-case-review, status: published, publication: {decision: pending}}]\n"
            },
            "reviews.status-publication",
        ),
    ],
)
def test_each_check_finds_what_it_is_for(tmp_path: Path, files: dict[str, str], code: str) -> None:
    board = make_board(tmp_path, files)
    assert code in _codes(board), check_board(board).findings


@pytest.mark.parametrize(
    ("files", "code"),
    [
        (
            {"members.yaml": "meetings_held: 4\nmembers: [{role: Chair, attended: 5, possible: 5}]\n"},
            "members.possible-exceeds-held",
        ),
        (
            {"members.yaml": "meetings_held: 4\nmembers: [{role: Chair, attended: 5}]\n"},
            "members.attended-exceeds-held",
        ),
        (
            {"structure.yaml": "groups: [{id: a, name: A, kind: board, reports_to: b}]\n"},
            "structure.unknown-group",
        ),
        (
            {
                "structure.yaml": "groups: [{id: a, name: A, kind: board}, {id: a, name: B, kind: executive}]\n"
            },
            "structure.duplicate-id",
        ),
        (
            {
                "structure.yaml": "groups: [{id: a, name: A, kind: board, reports_to: b}, {id: b, name: B, kind: executive, reports_to: a}]\n"
            },
            "structure.cycle",
        ),
        (
            {
                "reviews.yaml": "cases: [{reference: R1, kind: serious-case-review, status: published, commissioned: 2015-06, publication: {decision: full, url: 'https://x.org', date: 2015-01}}]\n"
            },
            "reviews.date-order",
        ),
        (
            {
                "inspections.yaml": "- {inspectorate: Ofsted, date: 2015-09, report_url: 'javascript:alert(1)'}\n"
            },
            "links.url-scheme",
        ),
    ],
)
def test_impossible_data_is_an_error(tmp_path: Path, files: dict[str, str], code: str) -> None:
    board = make_board(tmp_path, files)
    result = check_board(board)
    assert [f.code for f in result.errors] == [code]
    assert not result.ok


def test_a_clean_board_has_no_findings(tmp_path: Path) -> None:
    assert check_board(make_board(tmp_path)).findings == ()


def test_low_attendance_is_information_with_a_configurable_threshold(tmp_path: Path) -> None:
    board = make_board(
        tmp_path,
        {"members.yaml": "meetings_held: 4\nmembers: [{role: Lay member, attended: 2, possible: 4}]\n"},
    )
    assert _codes(board) == []
    (board / "settings.yaml").write_text("low_attendance_percent: 60\n", encoding="utf-8")
    assert _codes(board, Level.INFO) == ["members.low-attendance"]


def test_missing_approval_date_is_a_warning_from_the_regime_profile(tmp_path: Path) -> None:
    board = make_board(tmp_path)
    report = board / "2015-16" / "report.yaml"
    report.write_text(report.read_text(encoding="utf-8").replace("  date: 2016-07\n", ""), encoding="utf-8")
    result = check_board(board)
    assert [(f.level, f.code) for f in result.findings] == [(Level.WARNING, "coverage.approval")]
    assert result.findings[0].location is not None
    assert result.findings[0].location.file.endswith("report.yaml")


def test_abbreviations_defined_where_first_used_need_no_glossary_entry(tmp_path: Path) -> None:
    board = make_board(
        tmp_path,
        {"narrative/foreword.md": "The Multi-Agency Safeguarding Hub (MASH) met. The MASH is new.\n"},
    )
    assert _codes(board) == []


def test_a_period_folder_named_for_another_period_is_pointed_out(tmp_path: Path) -> None:
    board = make_board(tmp_path, period="2019-20")
    assert _codes(board) == ["links.period-folder"]


def test_period_folders_sort_by_when_they_start(tmp_path: Path) -> None:
    for name in ("2020-21", "2020-07-to-2021-06", "2019-20"):
        make_board(tmp_path, period=name)
    assert [p.name for p in list_periods(tmp_path)] == ["2019-20", "2020-21", "2020-07-to-2021-06"]


def test_a_malformed_narrative_template_is_an_error_at_its_line(tmp_path: Path) -> None:
    board = make_board(
        tmp_path, {"narrative/context.md": "Fine.\n\nThe panel met {{ cdop.meetings_per_year times.\n"}
    )
    result = check_board(board)
    (finding,) = result.errors
    assert finding.code == "narrative.template"
    assert finding.location is not None
    assert str(finding.location).endswith("narrative/context.md:3:1")
