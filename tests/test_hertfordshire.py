"""The Hertfordshire Safeguarding Children Board annual report 2015-16, as data."""

from __future__ import annotations

from collections import Counter

import pytest

from lscb_core._base.findings import Level
from lscb_core._build.check import CheckResult, check_board
from lscb_core._model.loaded import LoadedReport

from .conftest import HERTFORDSHIRE


@pytest.fixture(scope="module")
def result() -> CheckResult:
    return check_board(HERTFORDSHIRE)


@pytest.fixture(scope="module")
def loaded(result: CheckResult) -> LoadedReport:
    assert result.loaded is not None
    return result.loaded


def test_it_loads_without_errors(result: CheckResult) -> None:
    assert result.errors == ()


def test_key_figures_of_the_published_report(loaded: LoadedReport) -> None:
    report = loaded.report
    assert report.period.label == "2015-16"
    assert report.full_title == "Hertfordshire Safeguarding Children Board Annual Report 2015-16"
    assert report.cdop is not None
    assert (report.cdop.reviews, report.cdop.with_modifiable_factors) == (56, 14)
    assert report.training is not None
    assert report.training.attendees == 693
    assert len(report.training.courses) == 11
    assert len(report.training.by_agency) == 25
    assert report.budget is not None
    assert report.budget.contributions_total == 331_724
    assert report.budget.carry_forward_in == 100_595
    assert report.budget.spend_total == 373_751
    assert [line.variance for line in report.budget.lines] == [-23_274, 13_731, None, None]
    assert len(report.membership.members) == 29
    assert report.membership.meetings_held == 4
    assert len(report.glossary.terms) == 29
    assert [r.reference for r in report.reviews.cases] == ["SCR 2013", "SCR 2014", "PCR 2014"]
    assert [g.grade.label for g in report.inspections[0].judgements] == ["Good", "Good"]
    assert len(report.priorities.themes) == 4
    assert len(report.priorities.all) == 8
    assert len(report.priorities.business_plan.priorities if report.priorities.business_plan else ()) == 5


def test_the_originals_inconsistencies_are_warnings(result: CheckResult) -> None:
    warnings = Counter(f.code for f in result.findings if f.level is Level.WARNING)
    assert {
        "budget.budget-total",
        "budget.variance-total",
        "budget.carry-forward",
        "training.tables-disagree",
        "training.stated-figures",
        "glossary.duplicate",
        "glossary.near-miss",
        "reviews.stated-count",
        "coverage.approval",
        "dates.outside-period",
    } <= set(warnings)
    assert warnings["training.stated-figures"] == 3


def test_every_finding_is_located_in_the_board_folder(result: CheckResult) -> None:
    for finding in result.findings:
        assert finding.location is not None, finding
        assert finding.location.file.startswith(str(HERTFORDSHIRE)), finding


def test_carry_forward_message_shows_the_arithmetic(result: CheckResult) -> None:
    (finding,) = [f for f in result.findings if f.code == "budget.carry-forward"]
    assert "£124,356" in finding.message
    assert "£134,568" in finding.message
    assert finding.location is not None
    assert finding.location.file.endswith("budget.yaml")
