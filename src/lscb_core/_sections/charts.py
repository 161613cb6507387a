"""Charts of the report's tables: the numbers a table prints, drawn.

A chart is made from the :class:`Table` a section already shows, so it plots
exactly what the edition prints: a cell showing the suppression symbol is a
suppressed value and is not plotted, a dash or words are no figure. The chart
goes beside its table (a chart alone is not accessible). Charts can be turned
off with ``charts: false`` in ``settings.yaml``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from lscb_core._base.blocks import Block, Chart, Table
from lscb_core._base.charts import (
    MAX_CATEGORIES,
    ChartKind,
    ChartSpec,
    ChartUnit,
    Gap,
    Series,
    Value,
    left_out_note,
    without_partial_stacks,
)
from lscb_core._sections.compose import SectionContext

__all__ = ["cell_value", "table_chart"]

_NUMBER = re.compile(r"^(?P<minus>[-−])?£?(?P<digits>\d{1,3}(?:,\d{3})*|\d+)(?P<fraction>\.\d+)?%?$")


def cell_value(text: str, symbol: str) -> Value:
    """The value a printed cell shows: a number, the suppression symbol, or no figure."""
    text = text.strip()
    if text == symbol:
        return Gap.SUPPRESSED
    match = _NUMBER.match(text)
    if match is None:
        return Gap.UNAVAILABLE
    digits = match["digits"].replace(",", "")
    value: float = float(digits + match["fraction"]) if match["fraction"] else int(digits)
    return -value if match["minus"] else value


def table_chart(
    context: SectionContext,
    table: Table,
    *,
    kind: ChartKind,
    title: str,
    value_title: str,
    columns: Sequence[int] | None = None,
    names: Sequence[str] | None = None,
    labels: Sequence[str] | None = None,
    category_title: str | None = None,
    unit: ChartUnit = ChartUnit.COUNT,
    stacked: bool = False,
    over_time: bool = False,
) -> list[Block]:
    """A chart of ``table``'s rows (total rows left out): one series for each of ``columns``.

    The first column names the categories; ``columns`` are the indexes of the
    columns to plot (every column after the first when ``None``), ``names``
    their series names (their headings when ``None``); ``labels`` names the
    categories when the first column says more than a chart should. Nothing when the
    board's settings turn charts off, when fewer than two categories remain or
    too many to read, or when nothing above zero would be drawn.

    A stacked chart leaves out every category with a suppressed part (its
    bar's length, the sum of its parts, would give the part away beside the
    table's row total or its other parts), and says so under the chart; every
    caller of this function gets that rule.
    """
    settings = context.loaded.settings
    if not settings.charts:
        return []
    symbol = settings.suppression.symbol
    rows = [row for row in table.rows if not row.total]
    chosen = list(columns) if columns is not None else list(range(1, len(table.columns)))
    if not 2 <= len(rows) <= MAX_CATEGORIES or not chosen:
        return []
    if labels is not None and len(labels) != len(rows):
        raise ValueError(f"a chart of {len(rows)} rows needs {len(rows)} labels, not {len(labels)}")
    categories = list(labels) if labels is not None else [row.cells[0].text for row in rows]
    categories = [c.strip() or "–" for c in categories]
    series = []
    for n, column in enumerate(chosen):
        values = [cell_value(row.cells[column].text, symbol) for row in rows]
        name = names[n] if names is not None else table.columns[column].heading
        series.append(Series(name, values))
    fields: dict[str, Any] = {
        "kind": kind,
        "title": title,
        "category_title": category_title or table.columns[0].heading,
        "value_title": value_title,
        "categories": categories,
        "series": series,
        "unit": unit,
        "stacked": stacked,
        "over_time": over_time,
    }
    # A stacked bar's length is the sum of its parts: a bar with a part hidden is left out, and said so.
    fields, left_out = without_partial_stacks(fields)
    if len(fields["categories"]) < 2:
        return []
    spec = ChartSpec(**fields, note=left_out_note(left_out) if left_out else None)
    if not any(value > 0 for _, _, value in spec.plotted()):
        return []
    return [Chart(spec)]
