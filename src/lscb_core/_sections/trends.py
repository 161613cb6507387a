"""Earlier values in sections: the change beside a key figure, and a table over the years kept.

Everything here is the edition's view: earlier values and changes hidden in
the public edition print as the suppression symbol.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from lscb_core._base.blocks import Block, Paragraph, Text
from lscb_core._base.suppressed import Suppressed
from lscb_core._model.formatting import money, number, percent
from lscb_core._model.trends import Headline, change_words, headline, headline_value
from lscb_core._sections.compose import SectionContext, small_count_note
from lscb_core._sections.helpers import number_column, table, text_column

__all__ = ["key_figure_change", "local_trends", "trend_note", "trend_table"]


def _shown(value: Any, item: Headline) -> str:
    if item.kind == "money":
        return money(value)
    if item.kind == "percent":
        return percent(value)
    return number(value)


def key_figure_change(
    context: SectionContext, name: str, item: Headline | None = None, now: Any = None
) -> str:
    """`` (▲ up 2 from 57 in 2019-20)`` for a key figure's label, or nothing without an earlier value.

    ``item`` and ``now`` are given for a figure that is not one of the built-in headlines (a board-defined one).
    """
    item = item or headline(name)
    earlier = context.loaded.earlier
    if item is None or not earlier:
        return ""
    latest = earlier[-1]
    before = latest.values.get(name)
    if now is None:
        now = headline_value(context.report, item)
    if before is None or now is None:
        return ""
    words = change_words(now, before, item.kind)
    if isinstance(now, Suppressed) or isinstance(before, Suppressed):
        return f" (change since {latest.label}: {words})"
    return f" ({words} in {latest.label})"


def trend_table(
    context: SectionContext,
    names: Sequence[str],
    caption: str,
    *,
    given: Sequence[tuple[Headline, Any]] = (),
) -> list[Block]:
    """A table of ``names`` over the earlier periods kept and this one, with the change since the latest.

    ``given`` adds figures that are not built-in headlines, each with its value in this edition.
    """
    earlier = context.loaded.earlier
    if not earlier:
        return []
    items = [(h, headline_value(context.report, h)) for h in (headline(n) for n in names) if h is not None]
    items += list(given)
    rows: list[list[str]] = []
    hidden = False
    for item, now in items:
        befores = [e.values.get(item.name) for e in earlier]
        if now is None or all(b is None for b in befores):
            continue
        hidden = hidden or any(isinstance(v, Suppressed) for v in (now, *befores))
        words = change_words(now, befores[-1], item.kind) if befores[-1] is not None else "–"
        rows.append(
            [
                item.label[:1].upper() + item.label[1:],
                *(_shown(b, item) for b in befores),
                _shown(now, item),
                words,
            ]
        )
    if not rows:
        return []
    this = context.report.period.label
    # The figures' names are long and their values short: the names get what the numbers do not need.
    periods = len(earlier) + 1
    each = min(0.13, max(0.094, 0.5 / periods))
    change = 0.22
    columns = [
        text_column("Figure", max(0.3, 1 - periods * each - change)),
        *(number_column(e.label, each) for e in earlier),
        number_column(this, each),
        text_column(f"Change since {earlier[-1].label}", change),
    ]
    settings = context.loaded.settings.suppression
    notes = [small_count_note(settings.symbol, settings.threshold)] if hidden else []
    return [table(columns, rows, caption=caption, notes=notes), *_trend_chart(context, items, caption)]


def _trend_chart(context: SectionContext, items: Sequence[tuple[Headline, Any]], title: str) -> list[Block]:
    """The figures of a trend table drawn over the periods, after the table (the same numbers).

    A hidden value, or one a period does not have, is not plotted and the chart
    says so. Nothing when charts are off, when the figures are of different
    kinds (counts and money), or when no figure has two values to plot.
    """
    from lscb_core._base.blocks import Chart
    from lscb_core._base.charts import ChartKind, ChartSpec, ChartUnit, Gap, Series

    earlier = context.loaded.earlier
    if not earlier or not context.loaded.settings.charts or len({i.kind for i, _ in items}) != 1:
        return []

    def plotted(value: Any) -> Any:
        if value is None:
            return Gap.UNAVAILABLE
        return Gap.SUPPRESSED if isinstance(value, Suppressed) else value

    series = []
    for item, now in items:
        values = [*(e.values.get(item.name) for e in earlier), now]
        if sum(1 for v in values if v is not None and not isinstance(v, Suppressed)) < 2:
            continue
        series.append(Series(item.label[:1].upper() + item.label[1:], tuple(plotted(v) for v in values)))
    if not series:
        return []
    kind = items[0][0].kind
    unit = {"money": ChartUnit.MONEY, "percent": ChartUnit.PERCENT}.get(kind, ChartUnit.COUNT)
    spec = ChartSpec(
        kind=ChartKind.LINE if len(earlier) >= 2 else ChartKind.COLUMN,
        title=title,
        category_title="Period",
        value_title={"money": "Pounds", "percent": "Per cent"}.get(kind, "Number"),
        categories=(*(e.label for e in earlier), context.report.period.label),
        series=tuple(series),
        unit=unit,
        over_time=True,
    )
    return [Chart(spec)]


def trend_note(context: SectionContext) -> list[Block]:
    """A line saying where the earlier figures come from, when any period is known only from ``previous.yaml``."""
    partial = [e.label for e in context.loaded.earlier if e.folder is None]
    if not partial:
        return []
    return [
        Paragraph(
            (Text(f"Figures for {', '.join(partial)} are as that year's report stated them."),), "TableNote"
        )
    ]


def local_trends(context: SectionContext, key: str, figures: Sequence[Any]) -> list[tuple[Headline, Any]]:
    """The numeric figures of a board-defined section (its :class:`FigureView` list) with their values in this edition."""
    out: list[tuple[Headline, Any]] = []
    symbol = context.loaded.settings.suppression.symbol
    for shown in figures:
        figure = shown.figure
        if figure.kind.value not in ("count", "money", "percent") or not figure.shown_in(context.edition):
            continue
        name = f"{key.replace('-', '_')}.figures.{figure.name}"
        item = Headline(name, figure.label, key, figure.kind.value)
        if shown.suppressed:
            out.append((item, Suppressed(name, symbol)))
        elif isinstance(shown.value, int | float) and not isinstance(shown.value, bool):
            out.append((item, float(shown.value) if isinstance(shown.value, float) else int(shown.value)))
    return out
