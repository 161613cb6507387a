"""Budget arithmetic: stated totals against computed ones, and the carry forward."""

from __future__ import annotations

from collections.abc import Iterator

from lscb_core.checks import money, warning
from lscb_core.findings import Finding
from lscb_core.hookspecs import hookimpl
from lscb_core.loading.folder import LoadedReport


@hookimpl
def lscb_check(loaded: LoadedReport) -> Iterator[Finding]:
    budget = loaded.report.budget
    if budget is None:
        return
    if budget.contributions and budget.contributions_stated is not None:
        itemised = sum(c.amount for c in budget.contributions)
        if itemised != budget.contributions_stated:
            yield warning(
                "budget.contributions-total",
                f"partner contributions add up to {money(itemised)} but the stated total is {money(budget.contributions_stated)}",
                ("budget", "contributions_stated"),
            )
    if (
        budget.budget_total_stated is not None
        and budget.lines
        and budget.budget_total != budget.budget_total_stated
    ):
        yield warning(
            "budget.budget-total",
            f"the budget lines add up to {money(budget.budget_total)} but the stated budget total is {money(budget.budget_total_stated)}",
            ("budget", "budget_total_stated"),
        )
    if (
        budget.spend_total_stated is not None
        and budget.lines
        and budget.spend_total != budget.spend_total_stated
    ):
        yield warning(
            "budget.spend-total",
            f"spending on the budget lines adds up to {money(budget.spend_total)} but the stated total spend is {money(budget.spend_total_stated)}",
            ("budget", "spend_total_stated"),
        )
    if (
        budget.variance_total_stated is not None
        and budget.lines
        and budget.variance_total != budget.variance_total_stated
    ):
        yield warning(
            "budget.variance-total",
            f"total spend minus total budget is {money(budget.variance_total)} but the stated variance is {money(budget.variance_total_stated)}",
            ("budget", "variance_total_stated"),
        )
    computed = budget.carry_forward_out
    if (
        budget.carry_forward_out_stated is not None
        and computed is not None
        and computed != budget.carry_forward_out_stated
    ):
        parts = [
            f"carry forward in {money(budget.carry_forward_in or 0)}",
            f"contributions {money(budget.contributions_total or 0)}",
        ]
        if budget.other_income:
            parts.append(f"other income {money(budget.income_total)}")
        yield warning(
            "budget.carry-forward",
            f"the carry forward out is stated as {money(budget.carry_forward_out_stated)} but {' + '.join(parts)} - spend {money(budget.spend_total)} = {money(computed)}",
            ("budget", "carry_forward_out_stated"),
        )
    for i, line in enumerate(budget.lines):
        if line.budget is not None and line.funded_from.value == "reserves":
            yield warning(
                "budget.reserves-line-budget",
                f"the line {line.name!r} is funded from reserves but also has a budget set",
                ("budget", "lines", i, "budget"),
            )
