"""Money and people: the budget, membership and attendance, training, and the glossary."""

from __future__ import annotations

from collections.abc import Sequence

from lscb_core._base.blocks import Block, BulletList, Heading, KeyFigure, KeyFigures, Paragraph, Text
from lscb_core._base.charts import ChartKind, ChartUnit
from lscb_core._base.markers import hookimpl
from lscb_core._model.budget import Funding
from lscb_core._model.formatting import date_text, money, percent
from lscb_core._model.glossary import abbreviations_in
from lscb_core._model.members import Member, MemberCategory
from lscb_core._model.walk import text_pieces
from lscb_core._publication.view import OTHER
from lscb_core._sections.charts import table_chart
from lscb_core._sections.compose import Section, SectionContext
from lscb_core._sections.helpers import number_column, prose, table, text_column, without_article
from lscb_core._sections.trends import key_figure_change, trend_table


def _budget(context: SectionContext) -> list[Block]:
    report = context.report
    budget = report.budget
    if budget is None:
        return []
    blocks = context.narrative("budget")
    span = report.period.span
    figures = []
    if budget.contributions_total is not None:
        figures.append(
            KeyFigure(
                money(budget.contributions_total),
                f"total partner contributions {report.period.label}"
                + key_figure_change(context, "budget.contributions_total"),
            )
        )
    if budget.carry_forward_in is not None:
        figures.append(KeyFigure(money(budget.carry_forward_in), f"carried forward into the {span}"))
    if figures:
        blocks.append(KeyFigures(tuple(figures)))
    blocks += trend_table(
        context,
        ["budget.contributions_total", "budget.budget_total", "budget.spend_total"],
        "The budget over the years",
    )
    contributions = context.shown(budget.contributions)
    if contributions:
        blocks.append(
            table(
                [text_column("Partner", 0.7), number_column("Contribution")],
                [[c.partner, money(c.amount)] for c in contributions],
                caption="Contributions by partner",
                total=["Total", money(sum(c.amount for c in contributions))],
                notes=_withheld_note(budget.contributions, contributions),
            )
        )
    lines = context.shown(budget.lines)
    if lines:
        rows = []
        for line in lines:
            set_at_start = (
                money(line.budget)
                if line.budget is not None
                else (line.funded_from.label if line.funded_from is not Funding.BUDGET else "–")
            )
            name = line.name + (f" ({line.note})" if line.note else "")
            rows.append(
                [
                    name,
                    set_at_start,
                    money(line.spend),
                    money(line.variance) if line.variance is not None else "–",
                ]
            )
        set_total = sum(line.budget for line in lines if line.budget is not None)
        spend_total = sum(line.spend for line in lines)
        spending = table(
            [
                text_column("Budget line", 0.43),
                number_column(f"Budget set at the start of the {span}"),
                number_column("Total spend"),
                number_column("Variance"),
            ],
            rows,
            caption=f"Budget and spending {report.period.label}",
            total=["Total", money(set_total), money(spend_total), money(spend_total - set_total)],
            notes=(
                "A negative variance means less was spent than the budget set.",
                *_withheld_note(budget.lines, lines),
            ),
        )
        blocks += table_chart(
            context,
            spending,
            kind=ChartKind.BAR,
            title=f"Budget against spend {report.period.label}",
            value_title="Amount (£)",
            columns=(1, 2),
            names=("Budget", "Spend"),
            labels=[line.name for line in lines],
            unit=ChartUnit.MONEY,
        )
        blocks.append(spending)
    income = context.shown(budget.other_income)
    if income:
        blocks.append(
            table(
                [text_column("Other income", 0.35), number_column("Amount"), text_column("Purpose", 0.4)],
                [[i.source, money(i.amount), i.purpose or ""] for i in income],
                caption="Income other than partner contributions",
                total=["Total", money(sum(i.amount for i in income)), ""],
                notes=_withheld_note(budget.other_income, income),
            )
        )
    # The carry forward is the whole budget's: with items withheld it would not add up in public.
    everything_shown = len(lines) == len(budget.lines) and len(income) == len(budget.other_income)
    if budget.carry_forward_out is not None and everything_shown:
        rows = [
            [f"Carried forward into the {span}", money(budget.carry_forward_in)],
            ["Partner contributions", money(budget.contributions_total)],
        ]
        if budget.other_income:
            rows.append(["Other income", money(budget.income_total)])
        rows.append([f"Spending in the {span}", money(-budget.spend_total)])
        blocks.append(
            table(
                [text_column("Money in and out", 0.7), number_column("Amount")],
                rows,
                caption=f"Carry forward to {report.coming_period.label}",
                total=[f"Carry forward to {report.coming_period.label}", money(budget.carry_forward_out)],
            )
        )
    for note in budget.notes:
        blocks += context.md(note, level=2)
    return blocks


def _withheld_note(everything: Sequence[object], shown: Sequence[object]) -> tuple[str, ...]:
    if any(getattr(item, name, None) == OTHER for item in shown for name in ("partner", "name", "source")):
        return (f"{OTHER} combines items that are not shown one by one.",)
    hidden = len(everything) - len(shown)
    if not hidden:
        return ()
    what = "1 item is" if hidden == 1 else f"{hidden} items are"
    return (f"{what} not for publication and not shown; the total is of the items shown.",)


def _member_name(member: Member) -> str:
    name = member.title
    if member.deputy_allowed:
        name += " (or representative)"
    if member.joined:
        name += f" (from {date_text(member.joined)})"
    if member.left:
        name += f" (until {date_text(member.left)})"
    if member.note:
        name += f". {member.note.rstrip('.')}."
    return name


def _attendance(member: Member) -> str:
    if member.attended is None:
        return "–"
    return f"{member.attended} of {member.possible}" if member.possible is not None else str(member.attended)


def _membership(context: SectionContext) -> list[Block]:
    membership = context.report.membership
    if not membership.members and not membership.organisations:
        return []
    blocks: list[Block] = []
    if membership.organisations:
        board = context.report.board.name
        last = board.split()[-1].casefold() if board.split() else ""
        whole = board if last in ("partnership", "board") else f"{board} partnership"
        blocks.append(prose(f"The members of the {whole} are:"))
        items = []
        for org in membership.organisations:
            inner: tuple[Block, ...] = (Paragraph((Text(org.name),)),)
            if org.parts:
                inner += (BulletList(tuple((Paragraph((Text(p),)),) for p in org.parts)),)
            items.append(inner)
        blocks.append(BulletList(tuple(items)))
    members = [m for m in membership.members if m.category is not MemberCategory.BUSINESS_UNIT]
    staff = [m for m in membership.members if m.category is MemberCategory.BUSINESS_UNIT]
    body = membership.body
    if membership.members:
        blocks.append(Heading(f"Attendance at {body} meetings {context.report.period.label}", 2))
        held = (
            f"The {without_article(body)} met {membership.meetings_held} times in the {context.report.period.span}"
            f"{key_figure_change(context, 'membership.meetings_held').replace(' (', ' (meetings ', 1)}. "
            if membership.meetings_held
            else ""
        )
        rate = membership.attendance_rate
        overall = (
            f"Members attended {percent(rate)} of the meetings they could attend." if rate is not None else ""
        )
        if held or overall:
            blocks.append(prose(held + overall))
    for group, caption in (
        (members, f"Attendance at {body} meetings"),
        (staff, "Business unit, in attendance"),
    ):
        if group:
            blocks.append(
                table(
                    [text_column("Member, agency or organisation", 0.78), number_column("Meetings attended")],
                    [[_member_name(m), _attendance(m)] for m in group],
                    caption=caption,
                )
            )
    return blocks


def _training(context: SectionContext) -> list[Block]:
    training = context.report.training
    if training is None or not (training.courses or training.by_agency):
        return []
    period = context.report.period
    # The note is about the training as a whole, so it comes before either table.
    blocks: list[Block] = context.md(training.note, level=2)
    courses = context.shown(training.courses)
    if courses:
        blocks.append(Heading(f"Attendance by course, {period.long_label}", 2))
        blocks.append(
            context.counts_table(
                "training.courses",
                [
                    text_column("Name of course", 0.6),
                    number_column("Total number of attendees"),
                    number_column("Times the course ran"),
                ],
                [c.name for c in courses],
                [[c.attendees, 0 if c.times_run is None else c.times_run] for c in courses],
                caption="Total number of attendees by course",
                notes=_withheld_note(training.courses, courses),
                totals=[training.attendees, training.sessions],
            )
        )
    blocks += trend_table(context, ["training.attendees", "training.sessions"], "Training over the years")
    agencies = context.shown(training.by_agency)
    if agencies:
        blocks.append(Heading("Attendance by agency", 2))
        by_agency = context.counts_table(
            "training.agencies",
            [text_column("Agency", 0.7), number_column("Total number of attendees")],
            [a.agency for a in agencies],
            [[a.attendees] for a in agencies],
            caption="Total number of attendees by agency",
            notes=_withheld_note(training.by_agency, agencies),
            totals=[training.attendees_by_agency],
        )
        blocks += table_chart(
            context,
            by_agency,
            kind=ChartKind.BAR,
            title=f"Training attendance by agency, {period.label}",
            value_title="Attendees",
        )
        blocks.append(by_agency)
    return blocks


def _glossary(context: SectionContext) -> list[Block]:
    loaded = context.loaded
    terms = context.report.glossary.sorted_terms
    if loaded.plugin_terms:
        texts = [piece.text for piece in text_pieces(context.report)]
        texts += [text for _, words in loaded.plugin_words for text in words.text]
        used = abbreviations_in(texts)
        extra = [t for t in loaded.plugin_terms if t.abbreviation in used]
        terms = tuple(sorted((*terms, *extra), key=lambda t: t.abbreviation.casefold()))
    if not terms:
        return []
    return [
        table(
            [text_column("Abbreviation", 0.25), text_column("Meaning")],
            [[t.abbreviation, t.meaning] for t in terms],
            caption="Abbreviations used in this report",
        )
    ]


@hookimpl
def lscb_sections() -> Sequence[Section]:
    return [
        Section("budget", "Budget", 110, _budget),
        Section("membership", "Membership and attendance", 120, _membership, appendix=True),
        Section("training", "Training attendance", 130, _training, appendix=True),
        Section("glossary", "Glossary", 140, _glossary),
    ]
