"""Child death review: the panel (boards) or the child death review partners and their panels (partnerships)."""

from __future__ import annotations

from collections.abc import Sequence

from lscb_core._base.blocks import (
    Block,
    Cell,
    Column,
    Heading,
    KeyFigure,
    KeyFigures,
    Paragraph,
    Row,
    Table,
    Text,
)
from lscb_core._model.cdop import AgeBand, ChildDeathOverview, ChildDeathPanel, DeathCategory
from lscb_core._model.editions import Edition
from lscb_core._model.formatting import number, percent
from lscb_core._publication.suppression import SuppressionRule, shown_percent, suppress
from lscb_core._sections.compose import SectionContext, small_count_note
from lscb_core._sections.helpers import (
    bullets,
    join_words,
    number_column,
    prose,
    text_column,
    title_case_first,
)

__all__ = ["child_deaths", "child_deaths_heading"]


def child_deaths_heading(context: SectionContext) -> str | None:
    """ "Child death review" for the child death review partners; the panel's name otherwise."""
    cdop = context.report.cdop
    if cdop is None:
        return None
    if context.report.regime.is_partnership and cdop.review_partners:
        return "Child death review"
    if len(cdop.panels) > 1:
        return "Child Death Overview Panels"
    return None


def _rule(context: SectionContext) -> SuppressionRule:
    settings = context.loaded.settings.suppression
    return SuppressionRule(settings.threshold, settings.symbol)


def _protects(context: SectionContext, key: str) -> bool:
    rule = context.loaded.settings.suppression
    return context.edition is Edition.PUBLIC and rule.protects(key)


def _figures_protected(context: SectionContext) -> bool:
    rule = context.loaded.settings.suppression
    return context.edition is Edition.PUBLIC and rule.enabled and "cdop.figures" in rule.tables


def _who(context: SectionContext, cdop: ChildDeathOverview) -> list[Block]:
    """Who reviews child deaths, how, and how often the panel met."""
    blocks: list[Block] = []
    period = context.report.period
    if cdop.review_partners:
        panels = (
            f" through {_count_word(len(cdop.panels))} panels: {join_words([_the(p.name) for p in cdop.panels])}"
            if len(cdop.panels) > 1
            else (f" through {_the(cdop.name)}" if cdop.name else "")
        )
        blocks.append(
            prose(
                f"The child death review partners, {join_words(list(cdop.review_partners))}, "
                f"review the death of every child normally resident in the area{panels}."
            )
        )
    elif len(cdop.panels) > 1:
        blocks.append(
            prose(
                f"{title_case_first(_count_word(len(cdop.panels)))} panels review the deaths of children in the area: "
                f"{join_words([_the(p.name) for p in cdop.panels])}."
            )
        )
    if not cdop.panels:
        who = title_case_first(_the(cdop.name)) if cdop.name else "The panel"
        if cdop.meetings is not None:
            blocks.append(prose(f"{who} met {_times(cdop.meetings)} during {period.label}."))
        elif cdop.meetings_per_year is not None:
            blocks.append(prose(f"{who} meets {_times(cdop.meetings_per_year)} a year."))
    return blocks


def _the(name: str) -> str:
    """``the Ashby panel``; a name that starts with "the" keeps its own."""
    return name if name.casefold().startswith("the ") else f"the {name}"


def _count_word(n: int) -> str:
    return (
        ("two", "three", "four", "five", "six", "seven", "eight", "nine")[n - 2] if 2 <= n <= 9 else f"{n:,}"
    )


def _times(n: int) -> str:
    return {1: "once", 2: "twice"}.get(n, f"{n:,} times")


def _key_figures(context: SectionContext, cdop: ChildDeathOverview) -> list[Block]:
    rule = _rule(context)
    notified, previous, reviews, modifiable = context.counts(
        "cdop.figures",
        cdop.notified_total,
        cdop.notified_previous_total,
        cdop.reviews,
        cdop.with_modifiable_factors,
    )
    figures = []
    if notified is not None:
        span = context.report.period.span
        was = f" ({previous.shown(rule)} the {span} before)" if previous is not None else ""
        figures.append(KeyFigure(notified.shown(rule), f"child deaths notified{was}"))
    if reviews is not None:
        figures.append(KeyFigure(reviews.shown(rule), "child death reviews completed"))
    if modifiable is not None:
        # No share is worked out from a count that is not shown.
        share = shown_percent(modifiable, reviews) if reviews is not None else None
        figures.append(
            KeyFigure(
                modifiable.shown(rule),
                "reviews found modifiable factors" + (f" ({percent(share)})" if share is not None else ""),
            )
        )
    if not figures:
        return []
    blocks: list[Block] = [KeyFigures(tuple(figures))]
    shown = [c for c in (notified, previous, reviews, modifiable) if c is not None]
    if any(c.suppressed for c in shown):
        blocks.append(Paragraph((Text(small_count_note(rule.symbol, rule.threshold)),), "TableNote"))
    return blocks


def _panels_table(context: SectionContext, cdop: ChildDeathOverview) -> list[Block]:
    """One row per panel: meetings, deaths notified, reviews completed and those with modifiable factors."""
    panels = cdop.panels
    if not panels:
        return []
    measures = [
        ("Deaths notified", [p.notified for p in panels]),
        ("Reviews completed", [p.reviews for p in panels]),
        ("Reviews with modifiable factors", [p.with_modifiable_factors for p in panels]),
    ]
    measures = [(h, v) for h, v in measures if any(x is not None for x in v)]
    meetings = [p.meetings for p in panels]
    show_meetings = any(m is not None for m in meetings)
    if not measures and not show_meetings:
        return []
    complete = [(h, [x or 0 for x in v]) for h, v in measures if all(x is not None for x in v)]
    partial = [(h, v) for h, v in measures if not all(x is not None for x in v)]
    rule = _rule(context)
    protect = _figures_protected(context) or _protects(context, "cdop.panels")
    body: list[list[str]] = [[] for _ in panels]
    totals: list[str] = []
    notes: list[str] = []
    if complete:
        counts = [[values[i] for _, values in complete] for i in range(len(panels))]
        if protect:
            protected = suppress(counts, rule, column_totals=True)
            for i, cells in enumerate(protected.cells):
                body[i] += [cell.shown(rule) for cell in cells]
            totals += [cell.shown(rule) for cell in protected.column_totals or ()]
            if protected.any_suppressed:
                notes.append(small_count_note(rule.symbol, rule.threshold))
        else:
            for i, values in enumerate(counts):
                body[i] += [number(n) for n in values]
            totals += [number(sum(column)) for column in zip(*counts, strict=True)]
    for _, given in partial:
        # A measure some panels do not give has no total, and is not protected by totals.
        shown = context.counts("cdop.figures" if _figures_protected(context) else "cdop.panels", *given)
        for i, one in enumerate(shown):
            body[i].append("–" if one is None else one.shown(rule))
        totals.append("–")
    headings = [h for h, _ in complete] + [h for h, _ in partial]
    columns: list[Column] = [text_column("Panel", 0.34)]
    if show_meetings:
        columns.append(number_column("Meetings"))
        for i, m in enumerate(meetings):
            body[i].insert(0, number(m) if m is not None else "–")
        known = [m for m in meetings if m is not None]
        totals.insert(0, number(sum(known)) if len(known) == len(meetings) else "–")
    columns += [number_column(h) for h in headings]
    rows = [
        Row(tuple(Cell.of(v) for v in (_panel_label(p), *values)))
        for p, values in zip(panels, body, strict=True)
    ]
    rows.append(Row(tuple(Cell.of(v) for v in ("All panels", *totals)), total=True))
    period = context.report.period.label
    return [Table(tuple(columns), tuple(rows), f"Child death review panels, {period}", tuple(notes))]


def _panel_label(panel: ChildDeathPanel) -> str:
    return f"{panel.name} ({join_words(list(panel.covers))})" if panel.covers else panel.name


def _grid(
    context: SectionContext,
    key: str,
    first: Column,
    labels: Sequence[str],
    panels: Sequence[ChildDeathPanel],
    counts: Sequence[Sequence[int]],
    caption: str,
) -> Table:
    """A table of counts with a column per panel, a column for all panels and a total row."""
    rule = _rule(context)
    columns = (first, *(number_column(p.name) for p in panels), number_column("All panels"))
    notes: list[str] = []
    if _protects(context, key):
        table = suppress(counts, rule, row_totals=True, column_totals=True, grand_total=True)
        body = [[c.shown(rule) for c in row] for row in table.cells]
        row_totals = [c.shown(rule) for c in table.row_totals or ()]
        column_totals = [c.shown(rule) for c in table.column_totals or ()]
        grand = table.grand_total.shown(rule) if table.grand_total is not None else ""
        if table.any_suppressed:
            notes.append(small_count_note(rule.symbol, rule.threshold))
    else:
        body = [[number(n) for n in row] for row in counts]
        row_totals = [number(sum(row)) for row in counts]
        column_totals = [number(sum(column)) for column in zip(*counts, strict=True)]
        grand = number(sum(sum(row) for row in counts))
    rows = [
        Row(tuple(Cell.of(v) for v in (label, *values, total)))
        for label, values, total in zip(labels, body, row_totals, strict=True)
    ]
    rows.append(Row(tuple(Cell.of(v) for v in ("Total", *column_totals, grand)), total=True))
    return Table(columns, tuple(rows), caption, tuple(notes))


def _categories(context: SectionContext, cdop: ChildDeathOverview) -> list[Block]:
    labels = [f"{c.number}. {c.label}" for c in DeathCategory]
    first = text_column("Category of death", 0.45 if len(cdop.panels) > 1 else 0.75)
    caption = "Reviews completed by category of death"
    panels = [p for p in cdop.panels if p.records or p.categories_stated]
    if len(cdop.panels) > 1 and len(panels) == len(cdop.panels):
        counts = [[p.by_category[c] for p in panels] for c in DeathCategory]
        if not any(any(row) for row in counts):
            return []
        return [_grid(context, "cdop.categories", first, labels, panels, counts, caption)]
    totals = cdop.by_category
    if not any(totals.values()):
        return []
    return [
        context.counts_table(
            "cdop.categories",
            [first, number_column("Reviews")],
            labels,
            [[n] for n in totals.values()],
            caption=caption,
        )
    ]


def _age_bands(context: SectionContext, cdop: ChildDeathOverview) -> list[Block]:
    labels = [band.value for band in AgeBand]
    first = text_column("Age", 0.45 if len(cdop.panels) > 1 else 0.75)
    caption = "Reviews completed by age of the child"
    panels = [p for p in cdop.panels if p.records or p.age_bands_stated]
    if len(cdop.panels) > 1 and len(panels) == len(cdop.panels):
        counts = [[p.by_age_band[b] for p in panels] for b in AgeBand]
        if not any(any(row) for row in counts):
            return []
        return [_grid(context, "cdop.age-bands", first, labels, panels, counts, caption)]
    bands = cdop.by_age_band
    if not any(bands.values()):
        return []
    return [
        context.counts_table(
            "cdop.age-bands",
            [first, number_column("Reviews")],
            labels,
            [[n] for n in bands.values()],
            caption=caption,
        )
    ]


def _factors(context: SectionContext, cdop: ChildDeathOverview) -> list[Block]:
    if cdop.frequent_factors:
        return [prose("The most frequent modifiable factors were:"), bullets(list(cdop.frequent_factors))]
    counts = cdop.factor_counts
    if not counts:
        return []
    return [
        context.counts_table(
            "cdop.factors",
            [text_column("Modifiable factor", 0.75), number_column("Reviews")],
            [factor for factor, _ in counts],
            [[n] for _, n in counts],
            caption="Modifiable factors identified (a review may find several)",
            total=False,
        )
    ]


def _panel_notes(context: SectionContext, cdop: ChildDeathOverview) -> list[Block]:
    """What each panel found most often and did about it, under the panel's name."""
    blocks: list[Block] = []
    for panel in cdop.panels:
        own: list[Block] = []
        if panel.frequent_factors:
            own += [
                prose("The most frequent modifiable factors were:"),
                bullets(list(panel.frequent_factors)),
            ]
        own += context.md(panel.actions, level=3)
        if own:
            blocks += [Heading(panel.name, 2), *own]
    return blocks


def child_deaths(context: SectionContext) -> list[Block]:
    """The child death section: who reviews, the headline figures, the tables and what was done."""
    cdop = context.report.cdop
    if cdop is None:
        return []
    blocks = context.narrative("cdop")
    blocks += _who(context, cdop)
    blocks += _key_figures(context, cdop)
    blocks += context.slot("cdop.figures")
    blocks += _panels_table(context, cdop)
    blocks += _categories(context, cdop)
    blocks += _age_bands(context, cdop)
    blocks += _factors(context, cdop)
    blocks += _panel_notes(context, cdop)
    blocks += context.md(cdop.actions, level=2)
    return blocks
