"""Statistical disclosure control for published tables of counts: small numbers are shown as ``c``."""

# How a table is protected
# ------------------------
# A table has a body of counts (rows x columns) and, optionally, published row totals, column totals
# and a grand total. Every one of those numbers is an *entry*; each total is a sum of body entries.
#
# 1. Primary suppression: every entry (body cell or total) from 1 to ``rule.threshold`` is hidden.
#    Zero is a true zero and is shown.
# 2. Complementary suppression, repeated until nothing changes, over each *line*: a group of entries
#    that sum to a total in the table (a row and its row total, a column and its column total, the row
#    totals and the grand total, the column totals and the grand total, or the whole body and the grand
#    total when no row or column totals are published). A line must not have:
#    - a published total and exactly one hidden member (it is the total less the others);
#    - a hidden total and no hidden member (it is the sum of the members);
#    - a published total and hidden members that add up to 0 (an attacker knows counts are never
#      negative, so hidden members summing to 0 are each 0, and that unmasks whatever they protect).
#    When row and column totals are both published, the row totals and the column totals both add up to
#    the grand total, published or not, so one hidden total among them can be worked out from the rest:
#    that identity is checked as a line too.
#    The complement hidden is the smallest non-zero published member of the line (ties: the first in
#    order); failing that, a zero that is safe to hide (see ``_Layout.can_hide_zero``); failing that,
#    the line's own total.
# 3. An exact check: the suppressed body cells are unknowns, each published total is a linear equation
#    in them, and a hidden entry is *recoverable* when its value is a linear combination of published
#    figures (its vector lies in the row space of the equations, found by Gaussian elimination over
#    ``fractions.Fraction``). Patterns of several rows and columns can be recoverable even when every
#    line passes step 2; while anything is recoverable, one more entry next to it is hidden and step 2
#    is run again. Each round hides a new entry, so the loop ends; with every non-zero entry hidden
#    nothing is recoverable, so it always ends protected.
#
# The guarantee: no hidden entry, body cell or total, is determined exactly by linear equations from
# the published figures; no line with a published total has exactly one hidden member, nor hidden
# members adding up to 0. Not guaranteed: bounds. Knowing that counts are non-negative, an attacker can
# sometimes narrow a hidden cell to a range (and, in unusual patterns spanning several lines, to a
# single value); the sum of the hidden members of a line with a published total is always derivable and
# may itself be small. Full interval (linear programming) analysis is out of scope.

from __future__ import annotations

from collections.abc import Mapping, Sequence
from fractions import Fraction
from typing import Literal, Protocol

import attrs

from lscb_core._base.quantities import percent

__all__ = [
    "Cell",
    "Relations",
    "SuppressedTable",
    "SuppressionRule",
    "TotalKind",
    "determined",
    "protect",
    "recoverable_cells",
    "recoverable_totals",
    "shown_percent",
    "suppress",
    "suppress_column",
]

TotalKind = Literal["row", "column", "grand"]
"""Which kind of total :func:`recoverable_totals` names: a row's, a column's or the grand total (index 0)."""


def _positive_threshold(instance: object, attribute: attrs.Attribute[int], value: int) -> None:
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValueError(f"threshold must be a whole number, got {value!r}")
    if value < 1:
        raise ValueError(f"threshold must be 1 or more, got {value}")


def _visible_symbol(instance: object, attribute: attrs.Attribute[str], value: str) -> None:
    if not isinstance(value, str) or not value.strip():
        raise ValueError(f"symbol must be a non-empty string, got {value!r}")


@attrs.frozen
class SuppressionRule:
    """Which counts are too small to publish, and what is shown instead.

    The default follows the Department for Education: counts from 1 to 5 are shown as ``c``.
    """

    threshold: int = attrs.field(default=5, validator=_positive_threshold)
    """Counts from 1 up to and including this are suppressed (zero is shown)."""
    symbol: str = attrs.field(default="c", validator=_visible_symbol)
    """What a suppressed count is shown as."""


def _count(instance: object, attribute: attrs.Attribute[int], value: int) -> None:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise ValueError(f"{attribute.name} must be a whole number, 0 or more, got {value!r}")


@attrs.frozen
class Cell:
    """One published count: its true value, and whether it is hidden and why."""

    value: int = attrs.field(validator=_count)
    """The true count; never to be published when ``suppressed``."""
    suppressed: bool
    primary: bool
    """True when suppressed for being small; False when suppressed only to protect another count."""

    def __attrs_post_init__(self) -> None:
        if self.primary and not self.suppressed:
            raise ValueError("a cell can only be primary-suppressed if it is suppressed")

    def shown(self, rule: SuppressionRule) -> str:
        """What a report prints: the rule's symbol, or the count with thousands separators."""
        return rule.symbol if self.suppressed else f"{self.value:,}"


@attrs.frozen
class SuppressedTable:
    """A table of counts ready to publish: each count with whether it may be shown.

    ``cells`` is the body, rows by columns; a table with no rows has no columns either. Totals that were
    not asked for are ``None``; a total asked for is a :class:`Cell` and may itself be suppressed.
    """

    cells: tuple[tuple[Cell, ...], ...]
    row_totals: tuple[Cell, ...] | None
    column_totals: tuple[Cell, ...] | None
    grand_total: Cell | None
    rule: SuppressionRule

    def __attrs_post_init__(self) -> None:
        n_columns = self.n_columns
        if any(len(row) != n_columns for row in self.cells):
            raise ValueError("every row of a table must have the same number of cells")
        if self.row_totals is not None and len(self.row_totals) != len(self.cells):
            raise ValueError(f"a table with {len(self.cells)} rows needs {len(self.cells)} row totals")
        if self.column_totals is not None and len(self.column_totals) != n_columns:
            raise ValueError(f"a table with {n_columns} columns needs {n_columns} column totals")

    @property
    def n_columns(self) -> int:
        """How many columns the body has (0 when it has no rows)."""
        return len(self.cells[0]) if self.cells else 0

    @property
    def any_suppressed(self) -> bool:
        """Whether anything in the table, body or totals, is suppressed (so a footnote is needed)."""
        return any(cell.suppressed for cell in self._entries())

    def column(self, index: int = 0) -> tuple[Cell, ...]:
        """The body cells of one column, top to bottom (the whole body of a :func:`suppress_column`)."""
        return tuple(row[index] for row in self.cells)

    def _entries(self) -> list[Cell]:
        """Every entry in the order the layout numbers them: body, row totals, column totals, grand."""
        entries = [cell for row in self.cells for cell in row]
        entries.extend(self.row_totals or ())
        entries.extend(self.column_totals or ())
        if self.grand_total is not None:
            entries.append(self.grand_total)
        return entries


def shown_percent(part: Cell, whole: Cell) -> float | None:
    """``part`` as a percentage of ``whole``, or ``None`` when either is suppressed or ``whole`` is 0.

    A percentage of a suppressed count would give the count away, so a renderer prints the rule's symbol
    (or nothing) where this is ``None``.
    """
    if part.suppressed or whole.suppressed:
        return None
    return percent(part.value, whole.value)


@attrs.frozen
class _Line:
    """Entries that add up to ``total``; with ``total`` None, two sides that add up to the same thing."""

    members: tuple[int, ...]
    total: int | None


class _Layout:
    """Numbers the entries of a table shape and lists its lines and what each entry sums.

    Body cells come first, row by row, then the row totals, the column totals and the grand total (each
    only when published).
    """

    def __init__(
        self, n_rows: int, n_columns: int, *, row_totals: bool, column_totals: bool, grand_total: bool
    ) -> None:
        self.n_rows = n_rows
        self.n_columns = n_columns
        self.body_size = n_rows * n_columns
        body = [[r * n_columns + c for c in range(n_columns)] for r in range(n_rows)]
        columns = [[body[r][c] for r in range(n_rows)] for c in range(n_columns)]
        next_id = self.body_size
        self.row_total_ids: list[int] = []
        self.column_total_ids: list[int] = []
        self.grand_id: int | None = None
        self.supports: list[tuple[int, ...]] = [(b,) for b in range(self.body_size)]
        if row_totals:
            self.row_total_ids = list(range(next_id, next_id + n_rows))
            next_id += n_rows
            self.supports.extend(tuple(row) for row in body)
        if column_totals:
            self.column_total_ids = list(range(next_id, next_id + n_columns))
            next_id += n_columns
            self.supports.extend(tuple(column) for column in columns)
        if grand_total:
            self.grand_id = next_id
            next_id += 1
            self.supports.append(tuple(range(self.body_size)))
        self.size = next_id

        lines: list[_Line] = []
        if row_totals:
            lines.extend(_Line(tuple(row), t) for row, t in zip(body, self.row_total_ids, strict=True))
        if column_totals:
            lines.extend(
                _Line(tuple(column), t) for column, t in zip(columns, self.column_total_ids, strict=True)
            )
        if self.grand_id is not None:
            if row_totals:
                lines.append(_Line(tuple(self.row_total_ids), self.grand_id))
            if column_totals:
                lines.append(_Line(tuple(self.column_total_ids), self.grand_id))
            if not row_totals and not column_totals:
                lines.append(_Line(tuple(range(self.body_size)), self.grand_id))
        if row_totals and column_totals:
            lines.append(_Line(tuple(self.row_total_ids + self.column_total_ids), None))
        self.lines = lines
        self.lines_through: list[list[_Line]] = [[] for _ in range(self.size)]
        for line in lines:
            for entry in (*line.members, *(() if line.total is None else (line.total,))):
                self.lines_through[entry].append(line)

    def recoverable(self, hidden: Sequence[bool]) -> set[int]:
        return _recoverable(self, hidden)

    @classmethod
    def of(cls, table: SuppressedTable) -> _Layout:
        return cls(
            len(table.cells),
            table.n_columns,
            row_totals=table.row_totals is not None,
            column_totals=table.column_totals is not None,
            grand_total=table.grand_total is not None,
        )

    def can_hide_zero(self, entry: int, values: Sequence[int]) -> bool:
        """Whether a zero entry may be hidden as a complement.

        A hidden zero protects a neighbour only while an attacker cannot tell it is zero. Any line with a
        published total of 0 tells them every member is 0 (counts are never negative), and a zero total
        is never hidden (0 is not small, and a total of 0 cannot protect anything). So a zero is hidden
        only when it is a body cell and every line through it has a total above 0; the rule that the
        hidden members of a published line never add up to 0 then makes sure some non-zero count is
        hidden beside it. Even then a zero is only a last resort: it adds nothing to the sum of the
        hidden cells of a line, which the attacker can derive, so a small count hidden beside a zero is
        known to within "one of these two cells holds all of it" (with a count of 1, that one of them is
        1 and the other 0). A non-zero complement widens the range the small count could lie in.
        """
        if entry >= self.body_size:
            return False
        return all(
            line.total is None or values[line.total] > 0
            for line in self.lines_through[entry]
            if entry in line.members
        )


class _Lines(Protocol):
    """What complementary suppression needs of a layout: its lines and the exact check."""

    size: int
    lines: list[_Line]
    lines_through: list[list[_Line]]

    def can_hide_zero(self, entry: int, values: Sequence[int]) -> bool: ...

    def recoverable(self, hidden: Sequence[bool]) -> set[int]: ...


def _pick(
    candidates: Sequence[int],
    values: Sequence[int],
    hidden: Sequence[bool],
    *,
    nonzero: bool,
    layout: _Lines,
) -> int | None:
    """The complement to hide among ``candidates``, or ``None`` if none will do.

    That is the smallest non-zero published one (the first of equals) or else, unless ``nonzero``, the
    first published zero that is safe to hide.
    """
    published = [entry for entry in candidates if not hidden[entry]]
    non_zero = [entry for entry in published if values[entry] > 0]
    if non_zero:
        return min(non_zero, key=lambda entry: values[entry])  # min keeps the first of equals
    if nonzero:
        return None
    return next((entry for entry in published if layout.can_hide_zero(entry, values)), None)


def _repair(line: _Line, layout: _Lines, values: Sequence[int], hidden: Sequence[bool]) -> int | None:
    """The entry to hide next so ``line`` gives nothing away on its own, or ``None`` if it is fine."""
    hidden_members = [entry for entry in line.members if hidden[entry]]
    if line.total is None:
        if len(hidden_members) == 1:
            return _pick(line.members, values, hidden, nonzero=False, layout=layout)
        return None
    if hidden[line.total]:
        if not hidden_members:
            return _pick(line.members, values, hidden, nonzero=False, layout=layout)
        return None
    if not hidden_members:
        return None
    if sum(values[entry] for entry in hidden_members) == 0:
        choice = _pick(line.members, values, hidden, nonzero=True, layout=layout)
    elif len(hidden_members) == 1:
        choice = _pick(line.members, values, hidden, nonzero=False, layout=layout)
    else:
        return None
    return line.total if choice is None else choice


def _stabilise(layout: _Lines, values: Sequence[int], hidden: list[bool]) -> None:
    """Hide complements, line by line in order, until no line gives anything away on its own."""
    changed = True
    while changed:
        changed = False
        for line in layout.lines:
            choice = _repair(line, layout, values, hidden)
            if choice is not None and not hidden[choice]:
                hidden[choice] = True
                changed = True


_Vector = dict[int, Fraction]


def _reduce(vector: _Vector, basis: Sequence[tuple[int, _Vector]]) -> _Vector:
    """``vector`` less its components along the pivots of ``basis`` (an echelon basis, in order)."""
    remainder = dict(vector)
    for pivot, row in basis:
        factor = remainder.get(pivot)
        if factor:
            for key, coefficient in row.items():
                value = remainder.get(key, Fraction(0)) - factor * coefficient
                if value:
                    remainder[key] = value
                else:
                    remainder.pop(key, None)
    return remainder


def _echelon(vectors: Sequence[_Vector]) -> list[tuple[int, _Vector]]:
    """An echelon basis (pivot, row) of the space ``vectors`` span, by exact Gaussian elimination."""
    basis: list[tuple[int, _Vector]] = []
    for vector in vectors:
        remainder = _reduce(vector, basis)
        if remainder:
            pivot = min(remainder)
            scale = remainder[pivot]
            basis.append((pivot, {key: value / scale for key, value in remainder.items()}))
    return basis


def determined(equations: Sequence[Mapping[int, Fraction | int]], hidden: Sequence[bool]) -> set[int]:
    """The hidden entries whose values follow exactly from the others and the equations.

    Each equation says that the sum of its coefficients times the entries is 0;
    entries not hidden are known. A hidden entry is determined when its unit
    vector lies in the row space of the equations restricted to the hidden
    entries (exact elimination over fractions).
    """
    vectors = [
        {entry: Fraction(c) for entry, c in equation.items() if c and hidden[entry]} for equation in equations
    ]
    basis = _echelon([vector for vector in vectors if vector])
    return {
        entry for entry in range(len(hidden)) if hidden[entry] and not _reduce({entry: Fraction(1)}, basis)
    }


class Relations:
    """Entries numbered ``0 .. size-1`` tied by lines (a total and its members) and other equations.

    The general layout for :func:`protect`: figures anywhere in a report, such
    as a count published in a table and again as a headline figure. An entry
    that is the total of some line is never hidden as a zero.
    """

    def __init__(
        self,
        size: int,
        lines: Sequence[tuple[int, Sequence[int]]],
        equations: Sequence[Mapping[int, Fraction | int]] = (),
    ) -> None:
        self.size = size
        self.lines = [_Line(tuple(members), total) for total, members in lines]
        self.equations: list[Mapping[int, Fraction | int]] = [
            {total: -1, **dict.fromkeys(members, 1)} for total, members in lines if total not in members
        ]
        self.equations.extend(equations)
        self.totals = {total for total, _ in lines}
        self.lines_through: list[list[_Line]] = [[] for _ in range(size)]
        for line in self.lines:
            for entry in {*line.members, *(() if line.total is None else (line.total,))}:
                self.lines_through[entry].append(line)

    def can_hide_zero(self, entry: int, values: Sequence[int]) -> bool:
        if entry in self.totals:
            return False
        return all(
            line.total is None or values[line.total] > 0
            for line in self.lines_through[entry]
            if entry in line.members
        )

    def recoverable(self, hidden: Sequence[bool]) -> set[int]:
        return determined(self.equations, hidden)


def protect(
    relations: Relations, values: Sequence[int], threshold: int, primary: Sequence[bool]
) -> tuple[list[bool], list[bool]]:
    """Complementary suppression over any :class:`Relations`: which entries to hide, and which are primary.

    ``primary`` marks the entries hidden from the start (small counts, and
    counts of items not for publication); more are hidden, by the same rules
    as a table's, until no hidden entry is determined by the rest.
    """
    if len(values) != relations.size or len(primary) != relations.size:
        raise ValueError("one value and one primary flag are needed for every entry")
    return _protect(relations, values, threshold, primary)


def _recoverable(layout: _Layout, hidden: Sequence[bool]) -> set[int]:
    """The hidden entries whose values follow exactly, by linear algebra, from the published ones."""
    unknown = {entry: k for k, entry in enumerate(e for e in range(layout.body_size) if hidden[e])}

    def vector(entry: int) -> _Vector:
        return {unknown[b]: Fraction(1) for b in layout.supports[entry] if hidden[b]}

    basis: list[tuple[int, _Vector]] = []
    for entry in range(layout.body_size, layout.size):
        if not hidden[entry]:
            remainder = _reduce(vector(entry), basis)
            if remainder:
                pivot = min(remainder)
                scale = remainder[pivot]
                basis.append((pivot, {key: value / scale for key, value in remainder.items()}))
    return {entry for entry in range(layout.size) if hidden[entry] and not _reduce(vector(entry), basis)}


def _protect(
    layout: _Lines, values: Sequence[int], threshold: int, primary: Sequence[bool] | None = None
) -> tuple[list[bool], list[bool]]:
    """Which entries are hidden, and which of those are primary, for a table with these true values.

    ``primary`` says which entries must be hidden from the start (by default the small ones).
    """
    primary = [1 <= value <= threshold for value in values] if primary is None else list(primary)
    hidden = list(primary)
    while True:
        _stabilise(layout, values, hidden)
        recoverable = layout.recoverable(hidden)
        if not recoverable:
            return hidden, primary
        target = min(recoverable)
        choice: int | None = None
        for line in layout.lines_through[target]:
            choice = _pick(line.members, values, hidden, nonzero=False, layout=layout)
            if choice is None and line.total is not None and not hidden[line.total] and values[line.total]:
                choice = line.total
            if choice is not None:
                break
        if choice is None:
            published = [e for e in range(layout.size) if not hidden[e] and values[e] > 0]
            if not published:
                # In a table this cannot happen (with every non-zero entry hidden nothing is recoverable).
                # Over general relations a count withheld as 0 among zeros can stay recoverable: the
                # caller's exact check reports it.
                return hidden, primary
            choice = min(published, key=lambda entry: values[entry])
        hidden[choice] = True


def _checked_counts(counts: Sequence[Sequence[int]]) -> list[list[int]]:
    rows = [list(row) for row in counts]
    n_columns = len(rows[0]) if rows else 0
    for r, row in enumerate(rows):
        if len(row) != n_columns:
            raise ValueError(
                f"row {r + 1} has {len(row)} counts but row 1 has {n_columns}: every row needs one count per column"
            )
        for c, value in enumerate(row):
            if isinstance(value, bool) or not isinstance(value, int):
                raise ValueError(
                    f"the count in row {r + 1}, column {c + 1} must be a whole number, got {value!r}"
                )
            if value < 0:
                raise ValueError(f"the count in row {r + 1}, column {c + 1} must be 0 or more, got {value}")
    return rows


def suppress(
    counts: Sequence[Sequence[int]],
    rule: SuppressionRule = SuppressionRule(),
    *,
    row_totals: bool = False,
    column_totals: bool = False,
    grand_total: bool = False,
) -> SuppressedTable:
    """Decide which counts of a table, and of the totals to be published with it, may be shown.

    ``counts`` is the body, a list of rows of non-negative whole numbers (``ValueError`` otherwise, or if
    the rows differ in length). The result is the same for the same input, every time.
    """
    rows = _checked_counts(counts)
    n_rows, n_columns = len(rows), (len(rows[0]) if rows else 0)
    layout = _Layout(
        n_rows, n_columns, row_totals=row_totals, column_totals=column_totals, grand_total=grand_total
    )
    body = [value for row in rows for value in row]
    values = [sum(body[b] for b in support) for support in layout.supports]
    hidden, primary = _protect(layout, values, rule.threshold)
    entries = [Cell(values[e], hidden[e], primary[e]) for e in range(layout.size)]

    def cells(ids: Sequence[int]) -> tuple[Cell, ...]:
        return tuple(entries[e] for e in ids)

    return SuppressedTable(
        cells=tuple(cells(range(r * n_columns, (r + 1) * n_columns)) for r in range(n_rows)),
        row_totals=cells(layout.row_total_ids) if row_totals else None,
        column_totals=cells(layout.column_total_ids) if column_totals else None,
        grand_total=None if layout.grand_id is None else entries[layout.grand_id],
        rule=rule,
    )


def suppress_column(
    counts: Sequence[int], rule: SuppressionRule = SuppressionRule(), *, total: bool = True
) -> SuppressedTable:
    """Suppress a single column of counts, such as deaths by category, published with its total.

    The body is one cell per count (see :meth:`SuppressedTable.column`); the total, when asked for, is
    ``column_totals[0]``.
    """
    return suppress([[value] for value in counts], rule, column_totals=total)


def _hidden(table: SuppressedTable) -> list[bool]:
    return [cell.suppressed for cell in table._entries()]


def recoverable_cells(table: SuppressedTable) -> set[tuple[int, int]]:
    """The suppressed body cells, as (row, column), that could be worked out exactly from what is shown.

    Empty for every table :func:`suppress` makes. Values play no part: only which entries are published.
    """
    layout = _Layout.of(table)
    return {
        divmod(entry, layout.n_columns)
        for entry in _recoverable(layout, _hidden(table))
        if entry < layout.body_size
    }


def recoverable_totals(table: SuppressedTable) -> set[tuple[TotalKind, int]]:
    """The suppressed totals that could be worked out exactly from what is shown, such as ``("row", 2)``.

    The grand total is ``("grand", 0)``. Empty for every table :func:`suppress` makes.
    """
    layout = _Layout.of(table)
    names: dict[int, tuple[TotalKind, int]] = {}
    names.update((entry, ("row", i)) for i, entry in enumerate(layout.row_total_ids))
    names.update((entry, ("column", j)) for j, entry in enumerate(layout.column_total_ids))
    if layout.grand_id is not None:
        names[layout.grand_id] = ("grand", 0)
    return {names[entry] for entry in _recoverable(layout, _hidden(table)) if entry >= layout.body_size}
