"""Budget arithmetic: stated totals against computed ones, and the carry forward."""

from __future__ import annotations

from collections.abc import Iterator

from lscb_core._base.findings import Finding
from lscb_core._base.markers import hookimpl
from lscb_core._checks import stated_total, warning
from lscb_core._model.formatting import money
from lscb_core._model.loaded import LoadedReport


@hookimpl
def lscb_check(loaded: LoadedReport) -> Iterator[Finding]:
    budget = loaded.report.budget
    if budget is None:
        return
    if budget.contributions:
        yield from stated_total(
            "budget.contributions-total",
            ("budget", "contributions_stated"),
            sum(c.amount for c in budget.contributions),
            budget.contributions_stated,
            "partner contributions add up to {computed} but the stated total is {stated}",
            money,
        )
    if budget.lines:
        for code, field, computed_total, stated, says in (
            (
                "budget.budget-total",
                "budget_total_stated",
                budget.budget_total,
                budget.budget_total_stated,
                "the budget lines add up to {computed} but the stated budget total is {stated}",
            ),
            (
                "budget.spend-total",
                "spend_total_stated",
                budget.spend_total,
                budget.spend_total_stated,
                "spending on the budget lines adds up to {computed} but the stated total spend is {stated}",
            ),
            (
                "budget.variance-total",
                "variance_total_stated",
                budget.variance_total,
                budget.variance_total_stated,
                "total spend minus total budget is {computed} but the stated variance is {stated}",
            ),
        ):
            yield from stated_total(code, ("budget", field), computed_total, stated, says, money)
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
