"""The board's money: partner contributions, budget lines, spend, reserves and carry forward."""

from __future__ import annotations

import enum

import attrs

from lscb_core._base.quantities import Money, SignedMoney, money_field, signed_money_field
from lscb_core._model.editions import Publishable
from lscb_core._model.text import Markdown

__all__ = ["Budget", "BudgetLine", "Contribution", "Funding", "Income"]


class Funding(enum.Enum):
    """Where the money for a budget line came from."""

    BUDGET = "budget"
    RESERVES = "reserves"
    OTHER = "other"

    @property
    def label(self) -> str:
        return {
            "budget": "The year's budget",
            "reserves": "Funded from previous underspend",
            "other": "Other funding",
        }[self.value]


@attrs.frozen(kw_only=True)
class Contribution(Publishable):
    """What one partner paid into the board's budget."""

    partner: str
    amount: Money = money_field()


@attrs.frozen(kw_only=True)
class Income(Publishable):
    """Money received other than partner contributions, and what it was for."""

    source: str
    amount: Money = money_field()
    purpose: str | None = None


@attrs.frozen(kw_only=True)
class BudgetLine(Publishable):
    """A line of the budget: what was set at the start of the year and what was spent.

    A line funded from reserves has no budget set; its variance is ``None``.
    """

    name: str
    spend: Money = money_field()
    budget: Money | None = money_field(default=None)
    funded_from: Funding = Funding.BUDGET
    note: str | None = None

    @property
    def variance(self) -> int | None:
        """Spend minus budget: negative when less was spent than set."""
        return None if self.budget is None else self.spend - self.budget


@attrs.frozen(kw_only=True)
class Budget:
    """The year's budget and spending.

    Totals, variances and the carry forward are computed. The ``*_stated``
    figures are the ones the report prints, so that checks can say where the
    report and its own sums disagree.
    """

    contributions: tuple[Contribution, ...] = ()
    contributions_stated: Money | None = money_field(default=None)
    carry_forward_in: Money | None = money_field(default=None)
    lines: tuple[BudgetLine, ...] = ()
    other_income: tuple[Income, ...] = ()
    budget_total_stated: Money | None = money_field(default=None)
    spend_total_stated: Money | None = money_field(default=None)
    variance_total_stated: SignedMoney | None = signed_money_field(default=None)
    carry_forward_out_stated: Money | None = money_field(default=None)
    notes: tuple[Markdown, ...] = ()

    @property
    def contributions_total(self) -> int | None:
        """The sum of contributions by partner, or the stated total when none are itemised."""
        if self.contributions:
            return sum(c.amount for c in self.contributions)
        return self.contributions_stated

    @property
    def budget_total(self) -> int:
        return sum(line.budget for line in self.lines if line.budget is not None)

    @property
    def spend_total(self) -> int:
        return sum(line.spend for line in self.lines)

    @property
    def variance_total(self) -> int:
        """Total spend minus the total budget set."""
        return self.spend_total - self.budget_total

    @property
    def income_total(self) -> int:
        return sum(i.amount for i in self.other_income)

    @property
    def carry_forward_out(self) -> int | None:
        """Carry forward in, plus contributions and other income, minus spend."""
        if self.carry_forward_in is None or self.contributions_total is None:
            return None
        return self.carry_forward_in + self.contributions_total + self.income_total - self.spend_total
