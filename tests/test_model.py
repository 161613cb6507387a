"""Computed figures of the model, against sums worked out independently."""

from __future__ import annotations

import datetime as dt
import importlib
import pkgutil
import types
import typing
from collections.abc import Callable, Iterator
from pathlib import Path

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

import lscb_core._model
from lscb_core._base.quantities import quantity_of
from lscb_core._model.board import Area
from lscb_core._model.budget import Budget, BudgetLine
from lscb_core._model.cdop import ChildDeathOverview, DeathCategory
from lscb_core._model.members import Member, Membership
from lscb_core._model.period import PartialDate, ReportingPeriod
from lscb_core._model.settings import Settings
from lscb_core._model.training import Training

from .strategies import budgets, cdops, members, periods, trainings


@given(budgets())
def test_budget_totals_are_the_sums_of_their_lines(budget: Budget) -> None:
    budget_total = 0
    spend_total = 0
    for line in budget.lines:
        spend_total += line.spend
        if line.budget is not None:
            budget_total += line.budget
            assert line.variance == line.spend - line.budget
        else:
            assert line.variance is None
    assert budget.budget_total == budget_total
    assert budget.spend_total == spend_total
    assert budget.variance_total == spend_total - budget_total
    contributions = (
        sum(c.amount for c in budget.contributions) if budget.contributions else budget.contributions_stated
    )
    assert budget.contributions_total == contributions
    if budget.carry_forward_in is None or contributions is None:
        assert budget.carry_forward_out is None
    else:
        income = sum(i.amount for i in budget.other_income)
        assert budget.carry_forward_out == budget.carry_forward_in + contributions + income - spend_total


@given(trainings())
def test_training_totals_are_sums(training: Training) -> None:
    assert training.attendees == sum(c.attendees for c in training.courses)
    assert training.attendees_by_agency == sum(a.attendees for a in training.by_agency)
    assert training.sessions == sum(c.times_run or 0 for c in training.courses)


@given(st.lists(members(), max_size=8))
def test_attendance_rate_is_attended_over_possible(people: list[Member]) -> None:
    membership = Membership(members=tuple(people))
    counted = [m for m in people if m.attended is not None and m.possible is not None]
    possible = sum(m.possible or 0 for m in counted)
    if possible == 0:
        assert membership.attendance_rate is None
    else:
        assert membership.attendance_rate == pytest.approx(
            100 * sum(m.attended or 0 for m in counted) / possible
        )


@given(cdops())
def test_child_death_counts_come_from_records_when_there_are_records(cdop: ChildDeathOverview) -> None:
    by_category = cdop.by_category
    assert set(by_category) == set(DeathCategory)
    if cdop.records:
        assert cdop.reviews == len(cdop.records)
        assert sum(by_category.values()) == len(cdop.records)
        assert cdop.with_modifiable_factors == len([r for r in cdop.records if r.modifiable])
        assert sum(cdop.by_age_band.values()) == len(cdop.records)
    else:
        assert cdop.reviews == cdop.reviews_stated
        assert cdop.with_modifiable_factors == cdop.modifiable_stated


def test_modifiable_reviews_cannot_outnumber_reviews() -> None:
    with pytest.raises(ValueError, match="more than the 3 reviews"):
        ChildDeathOverview(reviews_stated=3, modifiable_stated=4)


def test_negative_money_is_refused_when_built_in_code() -> None:
    with pytest.raises(ValueError, match="spend must be 0 or more"):
        BudgetLine(name="x", spend=-1)


@given(periods())
def test_period_labels(period: ReportingPeriod) -> None:
    if period.is_financial_year:
        assert period.label == f"{period.start.year}-{str(period.end.year)[2:]}"
    else:
        assert " to " in period.label or period.months == 1
    assert period.contains(period.start)
    assert period.contains(period.end)
    assert not period.contains(period.end + dt.timedelta(days=1))


def test_financial_year_and_other_periods() -> None:
    assert ReportingPeriod.financial_year(2015).label == "2015-16"
    assert ReportingPeriod.financial_year(2015).long_label == "April 2015 to March 2016"
    july = ReportingPeriod(dt.date(2019, 7, 1), dt.date(2020, 6, 30))
    assert july.label == "July 2019 to June 2020"
    assert july.slug == "2019-07-to-2020-06"
    assert july.months == 12
    assert ReportingPeriod(dt.date(2019, 9, 29), dt.date(2021, 3, 31)).months == 19
    with pytest.raises(ValueError, match="ends"):
        ReportingPeriod(dt.date(2020, 1, 2), dt.date(2020, 1, 1))
    assert ReportingPeriod.financial_year(2015).contains(PartialDate(2016, 3))
    assert not ReportingPeriod.financial_year(2015).contains(PartialDate(2015, 3))


@pytest.mark.parametrize(
    ("build", "message"),
    [
        (lambda: Area(name="x", children_percent=150), "children_percent must be a percentage from 0 to 100"),
        (
            lambda: Area(name="x", children_percent=-1.5),
            "children_percent must be a percentage from 0 to 100",
        ),
        (lambda: Settings(low_attendance_percent=101), "low_attendance_percent must be a percentage from 0"),
        (lambda: Budget(variance_total_stated=10**13), "variance_total_stated is too large to be right"),
        (lambda: Budget(variance_total_stated=-(10**13)), "variance_total_stated is too large to be right"),
    ],
)
def test_percentages_and_signed_money_are_held_to_their_range_when_built_in_code(
    build: Callable[[], object], message: str
) -> None:
    with pytest.raises(ValueError, match=message):
        build()
    with pytest.raises(TypeError, match="must be a whole number of pounds"):
        Budget(variance_total_stated="-£5")  # type: ignore[arg-type]
    assert Budget(variance_total_stated=-5).variance_total_stated == -5


def _model_classes() -> Iterator[type]:
    package = Path(lscb_core._model.__file__).parent
    for module_info in pkgutil.iter_modules([str(package)]):
        module = importlib.import_module(f"lscb_core._model.{module_info.name}")
        for value in vars(module).values():
            if isinstance(value, type) and attrs.has(value) and value.__module__ == module.__name__:
                yield value


def test_every_quantity_field_of_the_model_is_validated_by_its_type() -> None:
    checked = 0
    for cl in _model_classes():
        hints = typing.get_type_hints(cl, include_extras=True)
        for field in attrs.fields(cl):
            hint = hints[field.name]
            options = (
                typing.get_args(hint)
                if typing.get_origin(hint) in (typing.Union, types.UnionType)
                else (hint,)
            )
            if any(quantity_of(option) is not None for option in options):
                checked += 1
                assert field.validator is not None, (
                    f"{cl.__name__}.{field.name} needs its quantity's field helper"
                )
    assert checked >= 38
