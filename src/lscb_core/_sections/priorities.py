"""Progress against priorities, audits and campaigns, and what comes next."""

from __future__ import annotations

from collections.abc import Sequence

from lscb_core._base.blocks import Block, BulletList, Heading, NumberedList, Paragraph
from lscb_core._base.markers import hookimpl
from lscb_core._model.activities import Activity
from lscb_core._model.audits import Audit, AuditStatus
from lscb_core._model.editions import Publishable
from lscb_core._model.formatting import date_text, number
from lscb_core._model.reviews import Recommendation
from lscb_core._sections.compose import Section, SectionContext
from lscb_core._sections.helpers import bullets, flatten_paragraphs, number_column, prose, table, text_column


def recommendation_list(context: SectionContext, recommendations: Sequence[Recommendation]) -> NumberedList:
    items = []
    for rec in recommendations:
        if not rec.shown_in(context.edition):
            if rec.public_summary:
                items.append((prose(rec.public_summary),))
            continue
        inlines = list(flatten_paragraphs(context.md(rec.text)))
        extra = [
            x
            for x in (
                f"Owner: {rec.owner}" if rec.owner else "",
                f"Status: {rec.status.value.replace('-', ' ')}" if rec.status else "",
            )
            if x
        ]
        if extra:
            inlines.append(prose(f" ({'; '.join(extra)})").inlines[0])
        items.append((Paragraph(tuple(inlines)),))
    return NumberedList(tuple(items))


def withheld(context: SectionContext, item: Publishable, heading: str, level: int) -> list[Block]:
    """What the public edition shows of a restricted item: its heading and neutral summary, or nothing."""
    if not item.public_summary:
        return []
    return [Heading(heading, level), prose(item.public_summary)]


def audit_heading(audit: Audit) -> str:
    """``Multi-agency audit: Neglect``; the title alone when it already says its kind (``Section 11 audit 2019``)."""
    kind = audit.kind.label
    if audit.title.casefold().startswith(kind.casefold().removesuffix(" audit")):
        return audit.title
    return f"{kind}: {audit.title}"


def audit_blocks(context: SectionContext, audit: Audit, level: int) -> list[Block]:
    title = audit_heading(audit)
    if not audit.shown_in(context.edition):
        return withheld(context, audit, title, level)
    blocks: list[Block] = [Heading(title, level)]
    facts = []
    if audit.status is not AuditStatus.COMPLETED:
        facts.append(f"Status: {audit.status.value.replace('-', ' ')}")
    if audit.date:
        facts.append(f"Date: {date_text(audit.date)}")
    if audit.cases is not None:
        facts.append(f"Cases audited: {number(audit.cases)}")
    if audit.questions is not None:
        facts.append(f"Questions asked of each case: {number(audit.questions)}")
    participants = len(audit.participants) or audit.participants_stated
    if participants:
        facts.append(f"Taking part: {number(participants)}")
    if audit.themes:
        facts.append(f"Themes: {', '.join(audit.themes)}")
    if facts:
        blocks.append(prose("; ".join(facts) + "."))
    blocks += context.md(audit.purpose, level=level + 1)
    shown = [f for f in audit.findings if f.shown_in(context.edition) or f.public_summary]
    if shown:
        blocks.append(prose("What the audit found:"))
        # A public summary is data, shown as written; only the finding itself is narrative.
        found = [
            context.md(finding.text, level=level + 1)
            if finding.shown_in(context.edition)
            else [prose(finding.public_summary or "")]
            for finding in shown
        ]
        if all(b and all(isinstance(x, Paragraph) for x in b) for b in found):
            # One finding each: a list, as "What the audit found:" announces.
            blocks.append(BulletList(tuple(tuple(b) for b in found)))
        else:
            blocks += [x for b in found for x in b]
    if context.shown(audit.recommendations) or any(r.public_summary for r in audit.recommendations):
        blocks.append(prose("Recommendations:"))
        blocks.append(recommendation_list(context, audit.recommendations))
    return blocks


def audit_group(context: SectionContext, audits: Sequence[Audit], level: int) -> list[Block]:
    """Each audit under its own heading, except that those known only by their title are listed together.

    A title with nothing under it reads better as one line of a list than as a bare heading.
    """
    blocks: list[Block] = []
    listed: list[str] = []
    for audit in audits:
        own = audit_blocks(context, audit, level)
        if len(own) == 1 and isinstance(own[0], Heading):
            listed.append(own[0].text)
        else:
            blocks += own
    if listed:
        blocks += [Heading("Other audits" if blocks else "Audits", level), bullets(listed)]
    return blocks


def activity_blocks(context: SectionContext, activity: Activity, level: int) -> list[Block]:
    if not activity.shown_in(context.edition):
        return withheld(context, activity, activity.name, level)
    blocks: list[Block] = [Heading(activity.name, level)]
    blocks += context.md(activity.description, level=level + 1)
    facts = []
    if activity.date:
        facts.append(f"When: {date_text(activity.date)}")
    if activity.audience:
        facts.append(f"For: {activity.audience}")
    if activity.funded_by:
        facts.append(f"Funded by: {', '.join(activity.funded_by)}")
    if facts:
        blocks.append(prose("; ".join(facts) + "."))
    metrics = context.shown(activity.metrics)
    if metrics:
        blocks.append(
            table(
                [text_column("Measure", 0.7), number_column("Figure")],
                [[m.label, ("around " if m.approximate else "") + number(m.value)] for m in metrics],
                caption=f"{activity.name} in figures",
            )
        )
    return blocks


def _priorities(context: SectionContext) -> list[Block]:
    report = context.report
    blocks = context.narrative("priorities")
    for theme in report.priorities.themes:
        blocks.append(Heading(theme.title, 2))
        for priority in theme.priorities:
            if not priority.shown_in(context.edition):
                blocks += withheld(context, priority, priority.title, 3)
                continue
            if len(theme.priorities) > 1 or priority.title != theme.title:
                blocks.append(Heading(priority.title, 3))
            base = f"priorities.{priority.id}"
            if priority.why:
                blocks.append(Heading("Why this is a priority", 4))
                blocks += context.md(priority.why, level=5)
            blocks += context.slot(f"{base}.why")
            if priority.progress:
                blocks.append(Heading("Progress and outcomes", 4))
                blocks += context.md(priority.progress, level=5)
            blocks += context.slot(f"{base}.progress")
            if priority.next_steps:
                blocks.append(Heading("What happens next", 4))
                blocks += context.md(priority.next_steps, level=5)
            blocks += audit_group(context, [a for a in report.audits if a.priority == priority.id], 4)
            for activity in report.activities:
                if activity.priority == priority.id:
                    blocks += activity_blocks(context, activity, 4)
            blocks += context.slot(f"{base}.end")
        blocks += context.slot(f"priorities.theme.{theme.id}.end")
    return blocks


def _audits(context: SectionContext) -> list[Block]:
    report = context.report
    linked = {p.id for p in report.priorities.all}
    blocks = audit_group(context, [a for a in report.audits if a.priority not in linked], 2)
    events = [a for a in report.activities if a.priority not in linked]
    if events and blocks:
        blocks.append(Heading("Campaigns, events and publications", 2))
        for activity in events:
            blocks += activity_blocks(context, activity, 3)
    else:
        # The section's own title says these are campaigns and events.
        for activity in events:
            blocks += activity_blocks(context, activity, 2)
    return blocks


def _audits_heading(context: SectionContext) -> str | None:
    """The section says what it holds: audits, campaigns and events, or both."""
    report = context.report
    linked = {p.id for p in report.priorities.all}
    audits = any(a.priority not in linked for a in report.audits)
    events = any(a.priority not in linked for a in report.activities)
    if audits and not events:
        return "Audits"
    if events and not audits:
        return "Campaigns, events and publications"
    return None


def _next(context: SectionContext) -> list[Block]:
    report = context.report
    blocks = context.narrative("next")
    for theme in report.priorities.themes:
        if theme.next_steps:
            blocks.append(Heading(theme.title, 2))
            blocks += context.md(theme.next_steps, level=3)
    plan = report.priorities.business_plan
    if plan is not None and (plan.introduction or plan.priorities):
        blocks.append(Heading(f"Business plan and priorities for {report.coming_period.label}", 2))
        blocks += context.md(plan.introduction, level=3)
        if plan.priorities:
            blocks.append(
                NumberedList(tuple((Paragraph(flatten_paragraphs(context.md(p))),) for p in plan.priorities))
            )
    return blocks


@hookimpl
def lscb_sections() -> Sequence[Section]:
    return [
        Section("priorities", "Progress against priorities", 70, _priorities),
        Section("audits", "Audit, campaigns and events", 75, _audits, heading=_audits_heading),
        Section("next", "What's next?", 100, _next),
    ]
