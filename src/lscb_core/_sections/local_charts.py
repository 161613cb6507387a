"""Charts a board declares for its own tables (``chart:`` in ``sections/<key>.yaml``), drawn after each table.

A declared chart is drawn by :func:`~lscb_core._sections.charts.table_chart`
from the :class:`Table` block the edition prints, so it plots the public
view's numbers: a withheld row is not a category, a suppressed cell is a gap
the chart notes, and the total row is left out. The table stays before it (a
chart alone is not accessible).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from lscb_core._base.blocks import Block, Table
from lscb_core._base.charts import ChartUnit
from lscb_core._model.local_sections import Column, LocalTable, TableChart, ValueKind
from lscb_core._sections.charts import table_chart
from lscb_core._sections.compose import SectionContext

__all__ = ["declared_charts", "value_title"]

_UNITS: Mapping[ValueKind, ChartUnit] = {
    ValueKind.COUNT: ChartUnit.COUNT,
    ValueKind.MONEY: ChartUnit.MONEY,
    ValueKind.PERCENT: ChartUnit.PERCENT,
}

_SEVERAL: Mapping[ValueKind, str] = {
    ValueKind.COUNT: "Number",
    ValueKind.MONEY: "Amount (£)",
    ValueKind.PERCENT: "Percentage (%)",
}


def value_title(chart: TableChart, series: Sequence[Column]) -> str:
    """The value axis's title: as declared, else the one column's heading (with its unit), else what they hold."""
    if chart.value_title:
        return chart.value_title
    kind = series[0].kind
    if len(series) > 1:
        return _SEVERAL[kind]
    suffix = {ValueKind.MONEY: " (£)", ValueKind.PERCENT: " (%)"}.get(kind, "")
    return series[0].title + suffix


def declared_charts(context: SectionContext, table: LocalTable, block: Table) -> list[Block]:
    """The charts declared for ``table``, each drawn from ``block`` (the table as this edition prints it)."""
    blocks: list[Block] = []
    index = {c.key: i for i, c in enumerate(table.columns)}
    rows = [row for row in block.rows if not row.total]
    for chart in table.charts:
        category = chart.category_column(table)
        series = chart.series_columns(table)
        if category is None or not series:  # refused when the section was read
            continue
        at = index[category.key]
        labels = [row.cells[at].text for row in rows]
        blocks += table_chart(
            context,
            block,
            kind=chart.kind,
            title=chart.title or table.caption,
            value_title=value_title(chart, series),
            columns=[index[c.key] for c in series],
            labels=labels,
            category_title=chart.category_title or category.title,
            unit=_UNITS[series[0].kind],
            stacked=chart.stacked,
        )
    return blocks
