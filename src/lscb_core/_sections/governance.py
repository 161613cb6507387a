"""How the board works: structure and governance with the structure chart, inspection, and sub-group highlights."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from lscb_core._base.blocks import Block, BulletList, Heading, Link, Paragraph, Quote, Text
from lscb_core._base.markers import hookimpl
from lscb_core._base.styles import CAPTION
from lscb_core._model.formatting import date_text, number
from lscb_core._model.structure import GroupKind, Structure
from lscb_core._sections.compose import Section, SectionContext
from lscb_core._sections.helpers import (
    flatten_paragraphs,
    join_words,
    prose,
    table,
    text_column,
    within_sentence,
)

if TYPE_CHECKING:
    from lscb_core._render.structure_chart import OrgUnit


def org_units(structure: Structure) -> list[OrgUnit]:
    """The structure as the chart draws it: each group's box, its panel label and emphasis."""
    from lscb_core._render.structure_chart import OrgUnit

    return [
        OrgUnit(
            id=g.id,
            name=g.name,
            reports_to=g.reports_to,
            label=g.kind.label,
            strong=g.kind in (GroupKind.BOARD, GroupKind.EXECUTIVE, GroupKind.PARTNERSHIP),
            beside=g.kind is GroupKind.REFERENCE_GROUP,
        )
        for g in structure.groups
    ]


def _governance(context: SectionContext) -> list[Block]:
    report = context.report
    from lscb_core._loading.template_theme import template_chart_style
    from lscb_core._render.picture_cache import cached

    blocks = context.narrative("governance")
    # The chart is drawn in the template theme's colours and fonts, and only when the structure or the
    # style changed (Pillow is imported only then).
    style = template_chart_style(context.loaded.settings.template, context.loaded.board_dir)
    chart = cached(
        "lscb_core._render.structure_chart",
        "structure_chart",
        org_units(report.structure),
        title=f"{report.board.short_name} structure chart",
        style=style,
    )
    if chart is not None:
        blocks.append(Heading(f"{report.board.short_name} structure chart", 2))
        blocks.append(chart)
        blocks.append(
            Paragraph((Text("The chart shows each group and the group it reports to."),), CAPTION.id)
        )
    groups = [g for g in context.shown(report.structure.groups) if g.chair or g.meetings_per_year is not None]
    if groups:
        blocks.append(
            table(
                [text_column("Group", 0.45), text_column("Chair", 0.35), text_column("Meetings a year")],
                [
                    [
                        g.name,
                        g.chair or "",
                        "" if g.meetings_per_year is None else number(g.meetings_per_year),
                    ]
                    for g in groups
                ],
                caption=f"{report.board.short_name} groups, their chairs and meetings",
            )
        )
    return blocks


def _inspection(context: SectionContext) -> list[Block]:
    report = context.report
    blocks: list[Block] = []
    for inspection in report.inspections:
        if len(report.inspections) > 1:
            blocks.append(Heading(f"{inspection.inspectorate}, {date_text(inspection.date)}", 2))
        framework = f" under the {within_sentence(inspection.framework)}" if inspection.framework else ""
        if inspection.judgements:
            judged = join_words([f"{j.subject} as {j.grade.label}" for j in inspection.judgements])
            blocks.append(
                prose(
                    f"During an inspection by {inspection.inspectorate} in {date_text(inspection.date)}{framework}, the inspectors judged {judged}."
                )
            )
            blocks.append(
                table(
                    [text_column("Service or body inspected", 0.65), text_column("Judgement")],
                    [[j.subject, j.grade.label] for j in inspection.judgements],
                    caption=f"{inspection.inspectorate} judgements, {date_text(inspection.date)}",
                )
            )
        else:
            blocks.append(
                prose(f"{inspection.inspectorate} inspected in {date_text(inspection.date)}{framework}.")
            )
        for quotation in context.shown(inspection.quotations):
            blocks.append(
                Quote((Paragraph((Text(f"“{quotation.text.strip(chr(34))}”"),)),), quotation.source)
            )
        if inspection.report_url:
            blocks.append(
                prose(Link(f"Read the full {inspection.inspectorate} report", inspection.report_url), ".")
            )
    blocks += context.narrative("inspection")
    return blocks


def _inspection_heading(context: SectionContext) -> str:
    """A partnership is not a board, and its inspections judge the services it oversees."""
    if context.report.regime.is_partnership:
        return "What inspections found"
    return "How good is the board at its work?"


def _highlights(context: SectionContext) -> list[Block]:
    blocks: list[Block] = []
    for group in context.shown(context.report.structure.groups):
        if not group.highlights and not group.purpose:
            continue
        blocks.append(Heading(group.name, 2))
        if group.purpose:
            blocks += context.md(group.purpose, level=3)
        items = [flatten_paragraphs(context.md(h)) for h in group.highlights]
        if any(items):
            blocks.append(BulletList(tuple((Paragraph(i),) for i in items if i)))
    return blocks


@hookimpl
def lscb_sections() -> Sequence[Section]:
    return [
        Section("governance", "Structure and governance", 40, _governance),
        Section(
            "inspection", "How good is the board at its work?", 50, _inspection, heading=_inspection_heading
        ),
        Section("highlights", "Highlights of sub-group work", 60, _highlights),
    ]
