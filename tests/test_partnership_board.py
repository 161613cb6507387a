"""The fictional Northvale partnership: a modern board folder with a July to June year.

``tests/boards/partnership`` is a complete safeguarding children partnership
folder (Working Together 2018) whose reporting period is not a financial year,
with case-level child death records from a CSV file, training tables from an
.xlsx workbook, and a budget whose carry forward adds up. It must load and
check without a single error or warning.
"""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

import pytest

from lscb_core._base.findings import Level
from lscb_core._build.check import check_board
from lscb_core._loading.folder import load_report
from lscb_core._model.cdop import AgeBand, DeathCategory
from lscb_core._model.loaded import LoadedReport
from lscb_core._model.regime import Regime
from lscb_core._model.reviews import PublicationDecision, ReviewKind

BOARD = Path(__file__).parent / "boards" / "partnership"
PERIOD = "2020-07-to-2021-06"
RECORDS_CSV = BOARD / PERIOD / "cdop-records.csv"


@pytest.fixture(scope="module")
def loaded() -> LoadedReport:
    return load_report(BOARD)


def _csv_rows() -> list[dict[str, str]]:
    with RECORDS_CSV.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def test_the_latest_period_is_the_july_to_june_year(loaded: LoadedReport) -> None:
    assert loaded.period_dir.name == PERIOD
    assert loaded.findings == ()


def test_period_is_july_to_june_not_a_financial_year(loaded: LoadedReport) -> None:
    period = loaded.report.period
    assert period.start == dt.date(2020, 7, 1)
    assert period.end == dt.date(2021, 6, 30)
    assert not period.is_financial_year
    assert period.label == "July 2020 to June 2021"
    assert period.slug == PERIOD
    assert period.months == 12
    assert loaded.report.full_title == (
        "Northvale Safeguarding Children Partnership Yearly Report July 2020 to June 2021"
    )


def test_regime_is_a_partnership_led_by_three_safeguarding_partners(loaded: LoadedReport) -> None:
    report = loaded.report
    assert report.regime is Regime.PARTNERSHIP_2018
    assert report.regime.is_partnership
    assert report.leadership.independent_chair is None
    assert report.leadership.independent_scrutineer is not None
    organisations = [p.organisation for p in report.leadership.lead_partners]
    assert organisations == [
        "Northvale Council",
        "Northvale Constabulary",
        "NHS Northvale Clinical Commissioning Group",
    ]
    assert report.approval is not None
    assert report.approval.date is not None
    assert report.approval.date.first_day > report.period.end


def test_cdop_counts_come_from_the_case_records(loaded: LoadedReport) -> None:
    cdop = loaded.report.cdop
    assert cdop is not None
    rows = _csv_rows()
    assert len(rows) == 31
    assert cdop.reviews == len(rows) == len(cdop.records)
    modifiable_rows = sum(1 for row in rows if row["modifiable"] == "yes")
    assert cdop.with_modifiable_factors == modifiable_rows == 10
    by_category = cdop.by_category
    assert sum(by_category.values()) == cdop.reviews
    assert by_category[DeathCategory.PERINATAL] == 11
    assert by_category[DeathCategory.CONGENITAL] == 7
    # Small counts (1 to 5) and empty categories, for small-number suppression to act on.
    assert {c for c, n in by_category.items() if 1 <= n <= 5} == {
        DeathCategory.SUICIDE,
        DeathCategory.TRAUMA,
        DeathCategory.MALIGNANCY,
        DeathCategory.ACUTE,
        DeathCategory.INFECTION,
        DeathCategory.SUDDEN_UNEXPLAINED,
    }
    assert {c for c, n in by_category.items() if n == 0} == {
        DeathCategory.DELIBERATELY_INFLICTED,
        DeathCategory.CHRONIC,
    }
    assert sum(cdop.by_age_band.values()) == cdop.reviews
    assert cdop.by_age_band[AgeBand.NEONATAL] == 13


def test_cdop_factors_are_read_from_semicolon_separated_cells(loaded: LoadedReport) -> None:
    cdop = loaded.report.cdop
    assert cdop is not None
    first = cdop.records[0]
    assert first.factors == ("smoking in pregnancy", "late booking for antenatal care")
    assert all(record.modifiable for record in cdop.records if record.factors)
    assert cdop.factor_counts[0] == ("smoking in pregnancy", 3)


def test_budget_carry_forward_adds_up(loaded: LoadedReport) -> None:
    budget = loaded.report.budget
    assert budget is not None
    assert budget.contributions_total == budget.contributions_stated == 358_000
    assert budget.budget_total == budget.budget_total_stated
    assert budget.spend_total == budget.spend_total_stated
    assert budget.variance_total == budget.variance_total_stated == -2_855
    assert budget.carry_forward_out is not None
    assert budget.carry_forward_out == budget.carry_forward_out_stated == 47_955
    assert budget.carry_forward_out == (
        (budget.carry_forward_in or 0)
        + (budget.contributions_total or 0)
        + budget.income_total
        - budget.spend_total
    )


def test_training_tables_from_the_workbook_agree(loaded: LoadedReport) -> None:
    training = loaded.report.training
    assert training is not None
    assert training.attendees == training.attendees_by_agency == training.attendees_stated == 1174
    stated = [s for p in loaded.report.priorities.all for s in p.training]
    assert stated
    for figures in stated:
        course = training.course(figures.course)
        assert course is not None
        assert figures.attendees == course.attendees


def test_reviews_move_through_their_lifecycle(loaded: LoadedReport) -> None:
    cases = loaded.report.reviews.cases
    kinds = {r.kind for r in cases}
    assert kinds == {ReviewKind.RAPID_REVIEW, ReviewKind.PRACTICE_REVIEW}
    published = [r for r in cases if r.publication.decision is PublicationDecision.FULL]
    assert [r.reference for r in published] == ["LCSPR Child K"]
    assert published[0].publication.url
    withheld = [
        r
        for r in cases
        if r.kind is ReviewKind.PRACTICE_REVIEW
        and r.publication.decision is PublicationDecision.NOT_FOR_PUBLICATION
    ]
    assert [r.reference for r in withheld] == ["LCSPR Child H"]
    assert withheld[0].publication.reason


def test_dated_activities_fall_inside_the_period(loaded: LoadedReport) -> None:
    report = loaded.report
    for activity in report.activities:
        assert activity.date is not None
        assert report.period.contains(activity.date)


def test_check_finds_no_errors_and_no_warnings() -> None:
    result = check_board(BOARD)
    assert result.loaded is not None
    problems = [str(f) for f in result.findings if f.level in (Level.ERROR, Level.WARNING)]
    assert problems == []
    assert result.ok
