"""Suppression of small counts in published tables: primary, complementary and the exact check."""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction
from typing import Any

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from lscb_core._publication.suppression import (
    Cell,
    SuppressedTable,
    SuppressionRule,
    recoverable_cells,
    recoverable_totals,
    shown_percent,
    suppress,
    suppress_column,
)

# --- Strategies ---------------------------------------------------------------------------------------

counts = st.one_of(
    st.just(0),
    st.integers(min_value=1, max_value=5),
    st.integers(min_value=1, max_value=10),
    st.integers(min_value=0, max_value=40),
    st.integers(min_value=0, max_value=100_000),
)
"""A count, biased towards 0 and small numbers (the ones suppression is about), with some large ones."""

rules = st.builds(SuppressionRule, threshold=st.integers(min_value=1, max_value=10))

totals = st.fixed_dictionaries(
    {"row_totals": st.booleans(), "column_totals": st.booleans(), "grand_total": st.booleans()}
)
"""Which totals are published with the table, as keyword arguments to ``suppress``."""


@st.composite
def tables(draw: st.DrawFn) -> list[list[int]]:
    """A rectangular table body: 0 to 8 rows of 1 to 8 counts."""
    n_rows = draw(st.integers(min_value=0, max_value=8))
    n_columns = draw(st.integers(min_value=1, max_value=8))
    row = st.lists(counts, min_size=n_columns, max_size=n_columns)
    return draw(st.lists(row, min_size=n_rows, max_size=n_rows))


@st.composite
def hidden_patterns(draw: st.DrawFn) -> SuppressedTable:
    """A table with an arbitrary choice of hidden entries (not one ``suppress`` would make)."""
    body = draw(tables())
    flags = draw(totals)
    hide = st.booleans()

    def cell(value: int) -> Cell:
        return Cell(value, draw(hide), False)

    n_columns = len(body[0]) if body else 0
    return SuppressedTable(
        cells=tuple(tuple(cell(v) for v in row) for row in body),
        row_totals=tuple(cell(sum(row)) for row in body) if flags["row_totals"] else None,
        column_totals=(
            tuple(cell(sum(row[c] for row in body)) for c in range(n_columns))
            if flags["column_totals"]
            else None
        ),
        grand_total=cell(sum(map(sum, body))) if flags["grand_total"] else None,
        rule=SuppressionRule(),
    )


# --- An attacker, written independently of the module -------------------------------------------------
#
# Every body cell is an unknown. Each published body cell and each published total is an equation.
# A hidden entry is worked out exactly when its vector of coefficients lies in the row space of those
# equations, decided here with a dense reduced row echelon form over fractions.


def _rref(matrix: list[list[Fraction]], n_unknowns: int) -> list[tuple[int, list[Fraction]]]:
    rows = [list(row) for row in matrix]
    pivots: list[tuple[int, list[Fraction]]] = []
    top = 0
    for column in range(n_unknowns):
        found = next((i for i in range(top, len(rows)) if rows[i][column] != 0), None)
        if found is None:
            continue
        rows[top], rows[found] = rows[found], rows[top]
        lead = rows[top][column]
        rows[top] = [x / lead for x in rows[top]]
        for i, row in enumerate(rows):
            if i != top and row[column] != 0:
                factor = row[column]
                rows[i] = [a - factor * b for a, b in zip(row, rows[top], strict=True)]
        pivots.append((column, rows[top]))
        top += 1
    return pivots


def _in_row_space(vector: list[Fraction], pivots: list[tuple[int, list[Fraction]]]) -> bool:
    remainder = list(vector)
    for column, row in pivots:
        factor = remainder[column]
        if factor != 0:
            remainder = [a - factor * b for a, b in zip(remainder, row, strict=True)]
    return not any(remainder)


@attrs.frozen
class _Entry:
    name: str
    cell: Cell
    support: frozenset[tuple[int, int]]
    """The body cells the entry adds up."""


def _entries(table: SuppressedTable) -> list[_Entry]:
    n_rows, n_columns = len(table.cells), table.n_columns
    everything = frozenset((r, c) for r in range(n_rows) for c in range(n_columns))
    entries = [
        _Entry(f"cell {r},{c}", cell, frozenset({(r, c)}))
        for r, row in enumerate(table.cells)
        for c, cell in enumerate(row)
    ]
    for r, cell in enumerate(table.row_totals or ()):
        entries.append(_Entry(f"row total {r}", cell, frozenset((r, c) for c in range(n_columns))))
    for c, cell in enumerate(table.column_totals or ()):
        entries.append(_Entry(f"column total {c}", cell, frozenset((r, c) for r in range(n_rows))))
    if table.grand_total is not None:
        entries.append(_Entry("grand total", table.grand_total, everything))
    return entries


def _attack(table: SuppressedTable) -> set[str]:
    """The names of the hidden entries an attacker can compute exactly from the published ones."""
    unknowns = [(r, c) for r in range(len(table.cells)) for c in range(table.n_columns)]

    def vector(entry: _Entry) -> list[Fraction]:
        return [Fraction(1 if cell in entry.support else 0) for cell in unknowns]

    entries = _entries(table)
    pivots = _rref([vector(e) for e in entries if not e.cell.suppressed], len(unknowns))
    return {e.name for e in entries if e.cell.suppressed and _in_row_space(vector(e), pivots)}


def _lines(table: SuppressedTable) -> list[tuple[list[Cell], Cell]]:
    """Each group of cells published with its sum, as (members, total)."""
    lines: list[tuple[list[Cell], Cell]] = []
    if table.row_totals is not None:
        lines.extend((list(row), total) for row, total in zip(table.cells, table.row_totals, strict=True))
    if table.column_totals is not None:
        lines.extend((list(table.column(c)), total) for c, total in enumerate(table.column_totals))
    if table.grand_total is not None:
        if table.row_totals is not None:
            lines.append((list(table.row_totals), table.grand_total))
        if table.column_totals is not None:
            lines.append((list(table.column_totals), table.grand_total))
        if table.row_totals is None and table.column_totals is None:
            lines.append(([cell for row in table.cells for cell in row], table.grand_total))
    return lines


def _everything(table: SuppressedTable) -> list[Cell]:
    return [e.cell for e in _entries(table)]


# --- Properties ---------------------------------------------------------------------------------------


@given(body=tables(), rule=rules, flags=totals)
def test_small_counts_are_suppressed_and_zeros_shown(
    body: list[list[int]], rule: SuppressionRule, flags: dict[str, bool]
) -> None:
    table = suppress(body, rule, **flags)
    for cell in _everything(table):
        small = 1 <= cell.value <= rule.threshold
        assert cell.primary == small
        if small:
            assert cell.suppressed
            assert cell.shown(rule) == rule.symbol
        elif not cell.suppressed:
            assert cell.shown(rule) == f"{cell.value:,}"
        if cell.value == 0 and not cell.suppressed:
            assert cell.shown(rule) == "0"
    assert [[cell.value for cell in row] for row in table.cells] == body


@given(body=tables(), rule=rules, flags=totals)
def test_no_suppressed_count_can_be_worked_out(
    body: list[list[int]], rule: SuppressionRule, flags: dict[str, bool]
) -> None:
    table = suppress(body, rule, **flags)
    assert _attack(table) == set()
    assert recoverable_cells(table) == set()
    assert recoverable_totals(table) == set()


@given(table=hidden_patterns())
def test_recoverable_cells_and_totals_agree_with_an_independent_attacker(table: SuppressedTable) -> None:
    found = _attack(table)
    assert {f"cell {r},{c}" for r, c in recoverable_cells(table)} == {
        name for name in found if name.startswith("cell ")
    }
    names = {"row": "row total {}", "column": "column total {}", "grand": "grand total"}
    assert {names[kind].format(i) for kind, i in recoverable_totals(table)} == {
        name for name in found if not name.startswith("cell ")
    }


@given(body=tables(), rule=rules, flags=totals)
def test_no_published_line_gives_a_hidden_count_away_on_its_own(
    body: list[list[int]], rule: SuppressionRule, flags: dict[str, bool]
) -> None:
    table = suppress(body, rule, **flags)
    for members, total in _lines(table):
        hidden = [cell for cell in members if cell.suppressed]
        if total.suppressed:
            assert hidden, "a hidden total would be the sum of its published members"
            continue
        assert len(hidden) != 1
        if hidden:
            # Counts are never negative, so hidden members adding up to 0 would all be known to be 0.
            assert sum(cell.value for cell in hidden) > 0
        if total.value == 0:
            assert not hidden, "a published total of 0 shows every member is 0"


@given(body=tables(), rule=rules, flags=totals)
def test_totals_are_the_true_sums(
    body: list[list[int]], rule: SuppressionRule, flags: dict[str, bool]
) -> None:
    table = suppress(body, rule, **flags)
    n_columns = table.n_columns
    assert (table.row_totals is not None) == flags["row_totals"]
    assert (table.column_totals is not None) == flags["column_totals"]
    assert (table.grand_total is not None) == flags["grand_total"]
    if table.row_totals is not None:
        assert [t.value for t in table.row_totals] == [sum(row) for row in body]
    if table.column_totals is not None:
        assert [t.value for t in table.column_totals] == [
            sum(row[c] for row in body) for c in range(n_columns)
        ]
    if table.grand_total is not None:
        assert table.grand_total.value == sum(map(sum, body))


@given(body=tables(), rule=rules, flags=totals)
def test_the_same_table_is_always_suppressed_the_same_way(
    body: list[list[int]], rule: SuppressionRule, flags: dict[str, bool]
) -> None:
    first = suppress(body, rule, **flags)
    again = suppress(tuple(tuple(row) for row in body), SuppressionRule(rule.threshold, rule.symbol), **flags)
    assert first == again


@given(body=tables(), rule=rules, flags=totals)
def test_a_table_with_nothing_small_is_published_whole(
    body: list[list[int]], rule: SuppressionRule, flags: dict[str, bool]
) -> None:
    table = suppress(body, rule, **flags)
    if not any(cell.primary for cell in _everything(table)):
        assert not table.any_suppressed
    assert table.any_suppressed == any(cell.suppressed for cell in _everything(table))


@given(column=st.lists(counts, max_size=12), rule=rules, total=st.booleans())
def test_a_column_is_a_table_of_one_column(column: list[int], rule: SuppressionRule, total: bool) -> None:
    table = suppress_column(column, rule, total=total)
    assert table == suppress([[v] for v in column], rule, column_totals=total)
    assert [cell.value for cell in table.column()] == column
    assert _attack(table) == set()


# Idempotence is not tested: suppressing the published figures again makes no sense (the hidden ones are
# unknown), and suppressing the true values again is the determinism property above.


# --- Examples -----------------------------------------------------------------------------------------


def _shown(cells: Sequence[Cell] | None, rule: SuppressionRule) -> list[str]:
    assert cells is not None
    return [cell.shown(rule) for cell in cells]


def test_child_deaths_by_category_with_a_total() -> None:
    table = suppress_column([0, 3, 12, 7, 0, 2, 9, 4, 1, 18])
    assert _shown(table.column(), table.rule) == ["0", "c", "12", "7", "0", "c", "9", "c", "c", "18"]
    assert _shown(table.column_totals, table.rule) == ["56"]
    assert all(cell.primary for cell in table.column() if cell.suppressed)
    assert table.any_suppressed


def test_a_single_small_count_takes_the_smallest_other_count_with_it() -> None:
    table = suppress_column([14, 3, 9, 0, 25])
    assert _shown(table.column(), table.rule) == ["14", "c", "c", "0", "25"]
    assert [cell.primary for cell in table.column()] == [False, True, False, False, False]
    assert _shown(table.column_totals, table.rule) == ["51"]


def test_ties_take_the_first_count() -> None:
    table = suppress_column([9, 2, 9])
    assert _shown(table.column(), table.rule) == ["c", "c", "9"]


def test_a_table_of_large_counts_is_shown_in_full() -> None:
    table = suppress([[10, 2_400], [31, 0]], row_totals=True, column_totals=True, grand_total=True)
    assert not table.any_suppressed
    assert [_shown(row, table.rule) for row in table.cells] == [["10", "2,400"], ["31", "0"]]
    assert _shown(table.row_totals, table.rule) == ["2,410", "31"]
    assert _shown(table.column_totals, table.rule) == ["41", "2,400"]
    assert table.grand_total == Cell(2_441, suppressed=False, primary=False)


def test_a_small_total_is_suppressed_too() -> None:
    table = suppress_column([2, 0, 1])
    assert _shown(table.column(), table.rule) == ["c", "0", "c"]
    assert table.column_totals == (Cell(3, suppressed=True, primary=True),)

    table = suppress_column([3, 0, 0])
    assert _shown(table.column(), table.rule) == ["c", "0", "0"]
    assert _shown(table.column_totals, table.rule) == ["c"]


def test_complements_in_a_two_way_table() -> None:
    table = suppress([[3, 10, 20], [8, 9, 30]], row_totals=True, column_totals=True, grand_total=True)
    assert [_shown(row, table.rule) for row in table.cells] == [["c", "c", "20"], ["c", "c", "30"]]
    assert _shown(table.row_totals, table.rule) == ["33", "47"]
    assert _shown(table.column_totals, table.rule) == ["11", "19", "50"]
    assert _attack(table) == set()


def test_a_small_row_total_is_protected_from_the_column_totals() -> None:
    # Row totals and column totals both add up to the grand total, even unpublished: with only the
    # first row total hidden it would be (12 + 20) - 30 = 2.
    table = suppress([[2, 0], [10, 20]], row_totals=True, column_totals=True)
    assert _shown(table.row_totals, table.rule) == ["c", "30"]
    assert table.column_totals is not None
    assert sum(cell.suppressed for cell in table.column_totals) == 1
    assert _attack(table) == set()


def test_a_hidden_zero_must_not_be_knowably_zero() -> None:
    # Column 2's only partner for the 10 is the 0 below it, but row 2 adds up to 0, so hiding that 0
    # would hide nothing: the column total is hidden instead.
    table = suppress([[3, 10], [0, 0]], row_totals=True, column_totals=True)
    assert [_shown(row, table.rule) for row in table.cells] == [["c", "c"], ["0", "0"]]
    assert _shown(table.row_totals, table.rule) == ["13", "0"]
    assert _shown(table.column_totals, table.rule) == ["c", "c"]
    assert _attack(table) == set()


def test_the_exact_check_catches_what_lines_alone_miss() -> None:
    # After line-by-line complements, the hidden 0 in row 2 could be found from rows 2 and 3 and
    # columns 3 and 4 together; the exact check hides more.
    body = [[1, 4, 4, 0], [0, 0, 2, 23], [0, 0, 1, 5]]
    table = suppress(body, SuppressionRule(threshold=1), row_totals=True, column_totals=True)
    assert _attack(table) == set()
    assert recoverable_cells(table) == set()
    assert table.cells[1][0].suppressed


def test_recoverable_cells_finds_a_cell_left_alone_in_its_row() -> None:
    shown, hidden = Cell(10, False, False), Cell(3, True, True)
    table = SuppressedTable(
        cells=((hidden, shown), (shown, shown)),
        row_totals=(Cell(13, False, False), Cell(20, False, False)),
        column_totals=None,
        grand_total=None,
        rule=SuppressionRule(),
    )
    assert recoverable_cells(table) == {(0, 0)}
    assert recoverable_totals(table) == set()


def test_shown_percent_is_none_for_anything_suppressed() -> None:
    table = suppress_column([0, 3, 12, 7, 0, 2, 9, 4, 1, 18])
    assert table.column_totals is not None
    total = table.column_totals[0]
    cells = table.column()
    assert shown_percent(cells[1], total) is None
    assert shown_percent(cells[2], total) == pytest.approx(100 * 12 / 56)
    assert shown_percent(cells[0], total) == 0.0
    assert shown_percent(cells[2], Cell(4, suppressed=True, primary=True)) is None
    assert shown_percent(cells[0], Cell(0, suppressed=False, primary=False)) is None


def test_an_empty_table() -> None:
    table = suppress([], row_totals=True, column_totals=True, grand_total=True)
    assert table.cells == ()
    assert table.row_totals == ()
    assert table.column_totals == ()
    assert table.grand_total == Cell(0, suppressed=False, primary=False)
    assert not table.any_suppressed


def test_a_custom_rule() -> None:
    rule = SuppressionRule(threshold=9, symbol="[c]")
    table = suppress_column([10, 9, 30], rule)
    assert _shown(table.column(), rule) == ["[c]", "[c]", "30"]


# --- Rejected input -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ([[1, 2], [3]], "row 2 has 1 counts but row 1 has 2"),
        ([[1, -1]], "row 1, column 2 must be 0 or more, got -1"),
        ([[1.5]], "row 1, column 1 must be a whole number, got 1.5"),
        ([[True]], "must be a whole number, got True"),
        ([["3"]], "must be a whole number, got '3'"),
    ],
)
def test_bad_counts_are_rejected(body: Any, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        suppress(body)


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        ({"threshold": 0}, "threshold must be 1 or more"),
        ({"threshold": True}, "threshold must be a whole number"),
        ({"symbol": ""}, "symbol must be a non-empty string"),
        ({"symbol": " "}, "symbol must be a non-empty string"),
    ],
)
def test_bad_rules_are_rejected(arguments: dict[str, Any], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        SuppressionRule(**arguments)


def test_a_cell_cannot_be_primary_without_being_suppressed() -> None:
    with pytest.raises(ValueError, match="primary"):
        Cell(3, suppressed=False, primary=True)
    with pytest.raises(ValueError, match="value must be a whole number, 0 or more"):
        Cell(-1, suppressed=False, primary=False)


def test_a_table_needs_one_total_per_line() -> None:
    cell = Cell(10, False, False)
    with pytest.raises(ValueError, match="needs 1 row totals"):
        SuppressedTable(
            ((cell,),), row_totals=(), column_totals=None, grand_total=None, rule=SuppressionRule()
        )
