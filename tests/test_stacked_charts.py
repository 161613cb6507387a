"""Stacked charts and suppression: a stacked bar's length is a printed total, so no bar has a hidden part."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lscb_core import load_report
from lscb_core._base.blocks import Align, Cell, Chart, Column, Row, Table
from lscb_core._base.charts import ChartKind, Gap
from lscb_core._model.settings import Settings
from lscb_core._publication.disclosure import worked_out
from lscb_core._publication.relations import Equation, FigureKey
from lscb_core._publication.suppression import SuppressionRule, suppress
from lscb_core._sections.charts import table_chart

from .conftest import BOARDS


def _context(settings: Settings | None = None) -> Any:
    """What ``table_chart`` reads of a section's context: the settings."""
    return SimpleNamespace(loaded=SimpleNamespace(settings=settings or Settings()))


def _table(rows: list[list[str]], headings: list[str]) -> Table:
    columns = (Column(headings[0]), *(Column(h, Align.RIGHT) for h in headings[1:]))
    return Table(columns, tuple(Row(tuple(Cell.of(t) for t in row)) for row in rows), "A table")


def test_a_stacked_chart_leaves_out_a_bar_with_a_suppressed_part_and_says_so() -> None:
    table = _table(
        [
            ["Health", "120", "80", "200"],
            ["Police", "40", "c", "c"],
            ["Schools", "9", "c", "c"],
            ["Sport", "30", "10", "40"],
        ],
        ["Agency", "Face to face", "E-learning", "Total"],
    )
    (chart,) = table_chart(
        _context(),
        table,
        kind=ChartKind.BAR,
        title="Attendance",
        value_title="Attendees",
        columns=[1, 2],
        stacked=True,
    )
    assert isinstance(chart, Chart)
    assert chart.spec.categories == ("Health", "Sport")
    assert chart.spec.note is not None
    assert chart.spec.note.startswith(
        "The bars for Police and Schools are not drawn: a part of each is hidden"
    )
    assert chart.spec.partly_suppressed() == ()
    # Side by side, each bar is a single value: the suppressed one is a gap, the others are drawn.
    (side,) = table_chart(
        _context(), table, kind=ChartKind.BAR, title="Attendance", value_title="Attendees", columns=[1, 2]
    )
    assert isinstance(side, Chart)
    assert len(side.spec.categories) == 4
    assert side.spec.note is None
    # Fewer than two bars left: no chart.
    few = _table(
        [["Health", "120", "80"], ["Police", "40", "c"], ["Schools", "9", "c"]], ["Agency", "A", "B"]
    )
    assert table_chart(_context(), few, kind=ChartKind.BAR, title="T", value_title="V", stacked=True) == []


_GRIDS = st.integers(2, 6).flatmap(
    lambda rows: st.integers(2, 4).flatmap(
        lambda columns: st.lists(
            st.lists(st.integers(0, 15), min_size=columns, max_size=columns), min_size=rows, max_size=rows
        )
    )
)


@settings(max_examples=40, deadline=None)
@given(grid=_GRIDS, row_totals=st.booleans())
def test_no_hidden_cell_follows_from_a_stacked_chart_and_its_table(
    grid: list[list[int]], row_totals: bool
) -> None:
    """The table with its totals, suppressed; the chart drawn from it; the bars' lengths as printed totals."""
    table = suppress(
        grid, SuppressionRule(), row_totals=row_totals, column_totals=True, grand_total=row_totals
    )
    n = len(grid[0])
    texts = [
        [
            f"Row {r}",
            *(cell.shown(table.rule) for cell in row),
            *([table.row_totals[r].shown(table.rule)] if table.row_totals else []),
        ]
        for r, row in enumerate(table.cells)
    ]
    block = _table(texts, ["Row", *(f"C{c}" for c in range(n)), *(["Total"] if row_totals else [])])
    charts = table_chart(
        _context(),
        block,
        kind=ChartKind.COLUMN,
        title="T",
        value_title="V",
        columns=list(range(1, n + 1)),
        stacked=True,
    )
    # Each figure of the table: its cells, and the totals it prints.
    known: set[FigureKey] = set()
    hidden: set[FigureKey] = set()
    equations = []
    for r, row in enumerate(table.cells):
        for c, cell in enumerate(row):
            (hidden if cell.suppressed else known).add(("cell", r, c))
    for c, cell in enumerate(table.column_totals or ()):
        (hidden if cell.suppressed else known).add(("column", c))
        equations.append(Equation.total("column", ("column", c), [("cell", r, c) for r in range(len(grid))]))
    for r, cell in enumerate(table.row_totals or ()):
        (hidden if cell.suppressed else known).add(("row", r))
        equations.append(Equation.total("row", ("row", r), [("cell", r, c) for c in range(n)]))
    # Each bar the chart draws prints its length: the sum of its segments, which are the table's cells.
    for chart in charts:
        assert isinstance(chart, Chart)
        spec = chart.spec
        rows = {f"Row {r}": r for r in range(len(grid))}
        for total in spec.printed_totals():
            r = rows[spec.categories[total.category]]
            segments = [spec.series[s].values[total.category] for s in total.series]
            assert Gap.SUPPRESSED not in segments
            known.add(("bar", r))
            equations.append(Equation.total("bar", ("bar", r), [("cell", r, s) for s in total.series]))
        # What is drawn is what the table prints.
        for s, c, value in spec.plotted():
            assert value == grid[rows[spec.categories[c]]][s]
    assert worked_out(known, hidden, equations, []) & hidden == set()


def test_the_two_panel_boards_stacked_chart_of_deaths_draws_no_bar_with_a_hidden_part(tmp_path: Path) -> None:
    from lscb_core._hooks.manager import make_plugin_manager
    from lscb_core._model.editions import Edition

    from .composed import composed

    pm = make_plugin_manager(entry_points=False)
    loaded = load_report(BOARDS / "two-panels", pm=pm)
    stacked = [
        block.spec
        for section in composed(loaded, pm, Edition.PUBLIC)
        for block in section.blocks
        if isinstance(block, Chart) and block.spec.stacked
    ]
    if not stacked:
        pytest.skip("the board draws no stacked chart")
    for spec in stacked:
        assert spec.partly_suppressed() == ()


OUTCOMES = """title: LADO
tables:
  - name: outcomes
    caption: Outcomes by category of harm
    people: true
    total_row: true
    chart: {kind: bar, series: [substantiated, unfounded], stacked: true}
    columns:
      - {key: harm, heading: Category of harm}
      - {key: substantiated, kind: count}
      - {key: unfounded, kind: count}
    rows:
      - {harm: Physical, substantiated: 21, unfounded: 14}
      - {harm: Sexual, substantiated: 29, unfounded: 3}
      - {harm: Emotional, substantiated: 16, unfounded: 7}
      - {harm: Neglect, substantiated: 12, unfounded: 16}
"""


@pytest.mark.parametrize("edition", ["public", "board"])
def test_a_chart_declared_as_data_leaves_out_a_bar_with_a_hidden_part(tmp_path: Path, edition: str) -> None:
    from lscb_core._hooks.manager import make_plugin_manager
    from lscb_core._model.editions import Edition

    from .boardfactory import make_board
    from .composed import composed

    pm = make_plugin_manager(entry_points=False)
    board = make_board(tmp_path / "b", {"sections/lado.yaml": OUTCOMES})
    (section,) = [
        s for s in composed(load_report(board, pm=pm), pm, Edition(edition)) if s.section.key == "lado"
    ]
    (chart,) = [b for b in section.blocks if isinstance(b, Chart)]
    if edition == "board":
        assert chart.spec.categories == ("Physical", "Sexual", "Emotional", "Neglect")
        assert chart.spec.note is None
        return
    # Sexual's unfounded count (3) is hidden, and a neighbour with it: their bars are not drawn.
    assert "Sexual" not in chart.spec.categories
    assert chart.spec.note is not None
    assert chart.spec.note.startswith("The bars for Sexual and ")
    assert len(chart.spec.categories) == 2
    assert chart.spec.partly_suppressed() == ()
    assert Gap.SUPPRESSED not in [v for s in chart.spec.series for v in s.values]
