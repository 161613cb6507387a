"""Hertfordshire's own report content: the Chelsea's Choice production and the Families First model."""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from typing import Any

import attrs

from lscb_core.plugin import (
    Block,
    Column,
    Count,
    DataSchema,
    Finding,
    Heading,
    KeyFigure,
    KeyFigures,
    Level,
    LoadedReport,
    Markdown,
    Paragraph,
    PartialDate,
    Row,
    SectionContext,
    Table,
    Text,
    bullets,
    count_field,
    hookimpl,
    number,
)
from lscb_core.plugin import Cell as TableCell

__all__ = ["ChelseasChoice", "FamiliesFirst", "__version__"]
__version__ = "0.1.0"

FOLDER = "hertfordshire"


@attrs.frozen(kw_only=True)
class ChelseasChoice:
    """The Chelsea's Choice production in the year, and what came of it."""

    priority: str = "cse"
    year: PartialDate | None = None
    description: Markdown
    running_time_minutes: Count | None = count_field(default=None)
    plenary_minutes: str | None = None
    funded_by: tuple[str, ...] = ()
    young_people: Count = count_field()
    professionals: Count | None = count_field(default=None)
    sought_clarification: Count | None = count_field(default=None, suppress="hertfordshire.chelseas-choice")
    sought_clarification_approximate: bool = False
    referrals: Count | None = count_field(default=None, suppress="hertfordshire.chelseas-choice")
    referred_to: str | None = None
    outcomes: tuple[str, ...] = ()
    budget_line: str | None = None


@attrs.frozen(kw_only=True)
class FamiliesFirst:
    """Hertfordshire's early help model."""

    priority: str = "early-help"
    description: Markdown
    elements: tuple[str, ...] = ()


@hookimpl
def lscb_data_schemas() -> Sequence[DataSchema]:
    return [
        DataSchema(FOLDER, {"chelseas-choice.yaml": ChelseasChoice, "families-first.yaml": FamiliesFirst})
    ]


def _data(loaded: LoadedReport) -> tuple[ChelseasChoice | None, FamiliesFirst | None]:
    """The plugin's data in ``loaded``: the full data in a check, the edition's view anywhere else."""
    data = loaded.plugin_data.get(FOLDER, {})
    play = data.get("chelseas-choice")
    model = data.get("families-first")
    return (
        play if isinstance(play, ChelseasChoice) else None,
        model if isinstance(model, FamiliesFirst) else None,
    )


def _play(context: SectionContext, play: ChelseasChoice) -> list[Block]:
    blocks: list[Block] = [Heading("Chelsea's Choice", 5)]
    blocks += context.md(play.description, level=6)
    if play.outcomes:
        blocks.append(
            Paragraph(
                (Text("The analysis of the production showed that young people became more aware of:"),)
            )
        )
        blocks.append(bullets(play.outcomes))
    when = f" in {play.year}" if play.year else ""
    figures = [KeyFigure(number(play.young_people), f"young people saw the production{when}")]
    rows = [["Young people who saw the production", number(play.young_people)]]
    if play.professionals is not None:
        rows.append(["Professionals who saw the production", number(play.professionals)])
    if play.sought_clarification is not None:
        about = "around " if play.sought_clarification_approximate else ""
        rows.append(
            [
                "Young people who sought further clarification about CSE afterwards",
                about + number(play.sought_clarification),
            ]
        )
    if play.referrals is not None:
        to = f" to {play.referred_to}" if play.referred_to else ""
        rows.append([f"Referrals{to} as a direct result of the play", number(play.referrals)])
    blocks.append(KeyFigures(tuple(figures)))
    blocks.append(
        Table(
            (Column("Chelsea's Choice"), Column("Number", width=0.2)),
            tuple(Row((TableCell.of(a), TableCell.of(b))) for a, b in rows),
            caption=f"Chelsea's Choice{when} in figures",
        )
    )
    return blocks


def _model(context: SectionContext, model: FamiliesFirst) -> list[Block]:
    blocks: list[Block] = [Heading("The Families First model", 5)]
    blocks += context.md(model.description, level=6)
    if model.elements:
        blocks.append(bullets(model.elements))
    return blocks


@hookimpl
def lscb_slot_content(slot: str, context: SectionContext) -> list[Block] | None:
    play, model = _data(context.loaded)
    if play is not None and slot == f"priorities.{play.priority}.progress":
        return _play(context, play)
    if model is not None and slot == f"priorities.{model.priority}.progress":
        return _model(context, model)
    return None


@hookimpl
def lscb_template_context(view: LoadedReport, edition: str) -> Mapping[str, Any] | None:
    """``{{ chelseas_choice.young_people }}`` in narrative: the production's figures, from the edition's view."""
    play, _model = _data(view)
    return None if play is None else {"chelseas_choice": play}


@hookimpl
def lscb_check(loaded: LoadedReport) -> Iterator[Finding]:
    play, model = _data(loaded)
    report = loaded.report
    for name, item in (("chelseas-choice", play), ("families-first", model)):
        if item is not None and report.priorities.get(item.priority) is None:
            yield Finding(
                level=Level.WARNING,
                code="hertfordshire.priority",
                message=f"{name}.yaml belongs in the priority {item.priority!r}, which the report does not have, so it is left out",
                path=("plugins", FOLDER, name, "priority"),
            )
    if play is None:
        return
    lines = {line.name for line in report.budget.lines} if report.budget else set()
    if play.budget_line and play.budget_line not in lines:
        yield Finding(
            level=Level.WARNING,
            code="hertfordshire.budget-line",
            message=f"the budget has no line {play.budget_line!r} for Chelsea's Choice",
            path=("plugins", FOLDER, "chelseas-choice", "budget_line"),
        )
    if (
        play.referrals is not None
        and play.sought_clarification is not None
        and play.referrals > play.sought_clarification
    ):
        yield Finding(
            level=Level.WARNING,
            code="hertfordshire.referrals",
            message=f"{play.referrals} referrals is more than the {play.sought_clarification} young people who sought help",
            path=("plugins", FOLDER, "chelseas-choice", "referrals"),
        )
