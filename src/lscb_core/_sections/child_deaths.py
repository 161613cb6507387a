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
from lscb_core._base.charts import ChartKind
from lscb_core._base.suppressed import Suppressed, is_suppressed
from lscb_core._model.cdop import AgeBand, ChildDeathOverview, ChildDeathPanel, DeathCategory
from lscb_core._model.formatting import number, percent
from lscb_core._sections.charts import table_chart
from lscb_core._sections.compose import SectionContext, small_count_note
from lscb_core._sections.helpers import (
    bullets,
    join_words,
    number_column,
    prose,
    text_column,
    title_case_first,
)
from lscb_core._sections.trends import key_figure_change, trend_table

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


def _note(context: SectionContext) -> Paragraph:
    rule = context.loaded.settings.suppression
    return Paragraph((Text(small_count_note(rule.symbol, rule.threshold)),), "TableNote")


def _who(context: SectionContext, cdop: ChildDeathOverview) -> list[Block]:
    """Who reviews child deaths, how, and how often the panel met."""
    blocks: list[Block] = []
    period = context.report.period
    if cdop.review_partners:
        several = f"{_count_word(len(cdop.panels))} panels: {join_words([_the(p.name) for p in cdop.panels])}"
        if len(cdop.panels) > 1:
            panels = f" through {_the(cdop.name)}, {several}" if cdop.name else f" through {several}"
        else:
            panels = f" through {_the(cdop.name)}" if cdop.name else ""
        blocks.append(
            prose(
                f"The child death review partners, {join_words(list(cdop.review_partners))}, "
                f"review the death of every child normally resident in the area{panels}."
            )
        )
    elif len(cdop.panels) > 1:
        within = f" ({_the(cdop.name)})" if cdop.name else ""
        blocks.append(
            prose(
                f"{title_case_first(_count_word(len(cdop.panels)))} panels{within} review the deaths of children in the area: "
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
    # The view's figures: a hidden count (and a share worked out from one) is Suppressed.
    notified, previous = cdop.notified_total, cdop.notified_previous_total
    reviews, modifiable = cdop.reviews, cdop.with_modifiable_factors
    figures = []
    if notified is not None:
        span = context.report.period.span
        was = f" ({number(previous)} the {span} before)" if previous is not None else ""
        figures.append(KeyFigure(number(notified), f"child deaths notified{was}"))
    if reviews is not None:
        figures.append(
            KeyFigure(
                number(reviews), "child death reviews completed" + key_figure_change(context, "cdop.reviews")
            )
        )
    if modifiable is not None:
        share = cdop.modifiable_percent
        shown = share is not None and not is_suppressed(share)
        figures.append(
            KeyFigure(
                number(modifiable),
                "reviews found modifiable factors"
                + (f" ({percent(share)})" if shown else "")
                + key_figure_change(context, "cdop.with_modifiable_factors"),
            )
        )
    if not figures:
        return []
    blocks: list[Block] = [KeyFigures(tuple(figures))]
    if any(is_suppressed(v) for v in (notified, previous, reviews, modifiable)):
        blocks.append(_note(context))
    return blocks


Value = int | Suppressed | None


def _panels_table(context: SectionContext, cdop: ChildDeathOverview) -> list[Block]:
    """One row per panel: meetings, deaths notified, reviews completed and those with modifiable factors."""
    panels = cdop.panels
    if not panels:
        return []
    measures: list[tuple[str, list[Value], Value]] = [
        ("Meetings", [p.meetings for p in panels], cdop.panel_meetings),
        ("Deaths notified", [p.notified for p in panels], cdop.notified_total),
        (
            f"Notified the {context.report.period.span} before",
            [p.notified_previous for p in panels],
            cdop.notified_previous_total,
        ),
        ("Reviews completed", [p.reviews for p in panels], cdop.reviews),
        (
            "Reviews with modifiable factors",
            [p.with_modifiable_factors for p in panels],
            cdop.with_modifiable_factors,
        ),
    ]
    measures = [m for m in measures if any(v is not None for v in m[1])]
    if not measures:
        return []
    columns: list[Column] = [text_column("Panel", 0.34), *(number_column(m[0]) for m in measures)]
    rows = [
        Row(tuple(Cell.of(v) for v in (_panel_label(p), *(number(m[1][i]) for m in measures))))
        for i, p in enumerate(panels)
    ]
    # A measure some panels do not give has no total.
    totals = [number(total) if all(v is not None for v in values) else "–" for _, values, total in measures]
    rows.append(Row(tuple(Cell.of(v) for v in ("All panels", *totals)), total=True))
    hidden = any(is_suppressed(v) for _, values, total in measures for v in (*values, total))
    notes = (
        (
            small_count_note(
                context.loaded.settings.suppression.symbol, context.loaded.settings.suppression.threshold
            ),
        )
        if hidden
        else ()
    )
    period = context.report.period.label
    return [Table(tuple(columns), tuple(rows), f"Child death review panels, {period}", notes)]


def _panel_label(panel: ChildDeathPanel) -> str:
    return f"{panel.name} ({join_words(list(panel.covers))})" if panel.covers else panel.name


def _grid(
    context: SectionContext,
    first: Column,
    labels: Sequence[str],
    panels: Sequence[ChildDeathPanel],
    counts: Sequence[Sequence[Value]],
    row_totals: Sequence[Value],
    column_totals: Sequence[Value],
    grand: Value,
    caption: str,
) -> Table:
    """A table of the view's counts with a column per panel, a column for all panels and a total row."""
    columns = (first, *(number_column(p.name) for p in panels), number_column("All panels"))
    rows = [
        Row(tuple(Cell.of(v) for v in (label, *(number(n) for n in values), number(total))))
        for label, values, total in zip(labels, counts, row_totals, strict=True)
    ]
    rows.append(
        Row(
            tuple(Cell.of(v) for v in ("Total", *(number(n) for n in column_totals), number(grand))),
            total=True,
        )
    )
    hidden = any(
        is_suppressed(v) for v in (*(n for row in counts for n in row), *row_totals, *column_totals, grand)
    )
    rule = context.loaded.settings.suppression
    return Table(
        columns, tuple(rows), caption, (small_count_note(rule.symbol, rule.threshold),) if hidden else ()
    )


def _chart(
    context: SectionContext,
    table: Table,
    kind: ChartKind,
    title: str,
    panels: int,
    category_title: str | None = None,
) -> list[Block]:
    """The table drawn: one series, or one stacked series a panel (the "All panels" column left out)."""
    return table_chart(
        context,
        table,
        kind=kind,
        title=title,
        value_title="Reviews completed",
        category_title=category_title,
        columns=list(range(1, panels + 1)) if panels else None,
        stacked=bool(panels),
    )


def _categories(context: SectionContext, cdop: ChildDeathOverview) -> list[Block]:
    labels = [f"{c.number}. {c.label}" for c in DeathCategory]
    several = len(cdop.panels) > 1
    first = text_column("Category of death", 0.45 if several else 0.75)
    caption = "Reviews completed by category of death"
    if not cdop.has_categories:
        return []
    totals = cdop.by_category
    if several and all(p.has_categories for p in cdop.panels):
        counts = [[p.by_category[c] for p in cdop.panels] for c in DeathCategory]
        grid = _grid(
            context,
            first,
            labels,
            cdop.panels,
            counts,
            [totals[c] for c in DeathCategory],
            [p.categories_total for p in cdop.panels],
            cdop.categories_total,
            caption,
        )
        return [*_chart(context, grid, ChartKind.BAR, caption, len(cdop.panels)), grid]
    single = context.counts_table(
        "cdop.categories",
        [first, number_column("Reviews")],
        labels,
        [[n] for n in totals.values()],
        caption=caption,
        totals=[cdop.categories_total],
    )
    return [*_chart(context, single, ChartKind.BAR, caption, 0), single]


def _age_bands(context: SectionContext, cdop: ChildDeathOverview) -> list[Block]:
    labels = [band.value for band in AgeBand]
    several = len(cdop.panels) > 1
    first = text_column("Age", 0.45 if several else 0.75)
    caption = "Reviews completed by age of the child"
    if not cdop.has_age_bands:
        return []
    bands = cdop.by_age_band
    reviews = [p.reviews for p in cdop.panels]
    if several and all(p.has_age_bands for p in cdop.panels) and all(r is not None for r in reviews):
        counts = [[p.by_age_band[b] for p in cdop.panels] for b in AgeBand]
        grid = _grid(
            context,
            first,
            labels,
            cdop.panels,
            counts,
            [bands[b] for b in AgeBand],
            reviews,
            cdop.reviews,
            caption,
        )
        return [*_chart(context, grid, ChartKind.COLUMN, caption, len(cdop.panels), "Age of the child"), grid]
    single = context.counts_table(
        "cdop.age-bands",
        [first, number_column("Reviews")],
        labels,
        [[n] for n in bands.values()],
        caption=caption,
        totals=[cdop.reviews if cdop.reviews is not None else 0],
    )
    return [*_chart(context, single, ChartKind.COLUMN, caption, 0, "Age of the child"), single]


def _factors(context: SectionContext, cdop: ChildDeathOverview) -> list[Block]:
    blocks: list[Block] = []
    if cdop.frequent_factors:
        blocks += [prose("The most frequent modifiable factors were:"), bullets(list(cdop.frequent_factors))]
    counts = cdop.factor_counts
    # Counts the report states are shown; counts from case records only without a list of the most frequent.
    stated = any(f.factors_stated for f in (cdop, *cdop.panels))
    if not counts or (cdop.frequent_factors and not stated):
        return blocks
    return [
        *blocks,
        context.counts_table(
            "cdop.factors",
            [text_column("Modifiable factor", 0.75), number_column("Reviews")],
            [factor for factor, _ in counts],
            [[n] for _, n in counts],
            caption="Modifiable factors identified (a review may find several)",
            total=False,
        ),
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
    blocks += trend_table(
        context, ["cdop.reviews", "cdop.with_modifiable_factors"], "Child death reviews over the years"
    )
    blocks += context.slot("cdop.figures")
    blocks += _panels_table(context, cdop)
    blocks += _categories(context, cdop)
    blocks += _age_bands(context, cdop)
    blocks += _factors(context, cdop)
    blocks += _panel_notes(context, cdop)
    blocks += context.md(cdop.actions, level=2)
    return blocks
