"""Board-defined sections' figures in the disclosure proof: what their public edition prints, and their sums.

A board-defined section does its own small-number suppression when it is
shown (see :mod:`~lscb_core._publication.local_sections`); this module puts
the result into the relations list, so that the exact-elimination proof of
:mod:`~lscb_core._publication.disclosure` covers it together with every other
figure of the report.

Every numeric cell of every table is a figure, keyed by its data path
(``("sections", "lado", "tables", 0, "rows", 3, "values", "referrals")``:
rows keep their place in the public view, where a row not for publication is
kept empty). A cell of a row, table or section the public edition does not
show is *withheld*; a cell, total or figure it shows as the suppression symbol
carries a :class:`~lscb_core._base.suppressed.Suppressed`. Everything else
carries the value the public edition prints, or nothing when it prints
nothing; a withheld one carries nothing either (the public view may hold an
empty stand-in for it, which must not count as printed). The equations are:

- each column's total over every row (``tables.0.total.referrals``), each
  stated total equal to it, and each ``value_stated`` equal to it: true of
  the data, never printed;
- each column's total over the rows the public edition shows
  (``tables.0.shown.total.referrals``: the total row and the narrative's
  ``total``), each shown row's total and the grand total;
- a figure that is a table's total equals the shown total it prints.

The figures carry what the public edition prints whichever data they are
found in (the loaded report or its public view), so a withheld or hidden cell
is known to the proof only through what is printed and these sums. A table
with no rows gives no sums: in the public view, a table not for publication
has none left, and its sums are known from the loaded report's side.

Suppression itself is the section's own (each protected table with all its
totals, see ``local_sections.py``), as for earlier periods; the complementary
suppression over the whole report leaves these figures alone, and a leak the
proof finds is an error (``publication.disclosure``) at the cell's place.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, Literal

from lscb_core._base.locations import DataPath
from lscb_core._base.suppressed import Suppressed
from lscb_core._model.editions import Edition
from lscb_core._model.loaded import LoadedReport
from lscb_core._model.local_sections import LocalSection, LocalTable, ValueKind, template_name
from lscb_core._model.settings import Settings
from lscb_core._publication.local_sections import Hidden, Names, section_view
from lscb_core._publication.relations import Equation, Figure, FigureKey, Found, Relation, register_relation

__all__ = ["RELATION", "section_figures"]

_KINDS: dict[ValueKind, Literal["count", "money", "percent"]] = {
    ValueKind.COUNT: "count",
    ValueKind.MONEY: "money",
    ValueKind.PERCENT: "percent",
}


def _printed(value: Any, name: str, symbol: str) -> Any:
    """What the public edition prints of a narrative value: a number, a ``Suppressed``, or nothing."""
    if isinstance(value, Hidden | Suppressed):
        return Suppressed(name, symbol)
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return float(value) if isinstance(value, float) else int(value)


def _get(names: Names, key: str) -> Any:
    try:
        return names[key]
    except KeyError:
        return None


def section_figures(key: str, section: LocalSection, settings: Settings) -> Iterator[Found]:
    """The figures of one board-defined section and the sums between them (see the module documentation)."""
    symbol = settings.suppression.symbol
    view = section_view(key, section, settings, Edition.PUBLIC)
    shown = {t.table.name: t for t in view.tables} if view.shown else {}
    base: DataPath = ("sections", key)
    name = template_name(key)
    shown_totals: dict[tuple[int, str], FigureKey] = {}
    for t, table in enumerate(section.tables):
        yield from _table(base, t, table, shown.get(table.name), symbol, f"{name}.tables.{table.name}")
        for column in table.summed:
            shown_totals[(t, column.key)] = (*base, "tables", t, "shown", "total", column.key)
    printed = {f.figure.name: f for f in view.figures} if view.shown else {}
    for f, figure in enumerate(section.figures):
        if figure.kind not in _KINDS:
            continue
        path: DataPath = (*base, "figures", f, "value")
        label = f"the figure {figure.label!r} of {section.title!r}"
        shown_figure = printed.get(figure.name)
        if shown_figure is not None and figure.shown_in(Edition.PUBLIC):
            value = _printed(shown_figure.value, f"{name}.figures.{figure.name}", symbol)
            yield Figure(path, value, label, path, _KINDS[figure.kind])
        else:
            yield Figure(path, None, label, path, _KINDS[figure.kind], withheld=True)
        totalled = section.totalled(figure)
        if totalled is None or (section.tables.index(totalled[0]), totalled[1].key) not in shown_totals:
            continue
        t = section.tables.index(totalled[0])
        column_key = totalled[1].key
        yield Equation.total("a figure that is a table's total", path, [shown_totals[(t, column_key)]])
        if figure.value_stated is not None:
            stated: DataPath = (*base, "figures", f, "value_stated")
            yield Figure(stated, None, f"{label} as stated", stated)
            yield Equation.total("stated figure", stated, [(*base, "tables", t, "total", column_key)])


def _table(base: DataPath, t: int, table: LocalTable, view: Any, symbol: str, name: str) -> Iterator[Found]:
    at: DataPath = (*base, "tables", t)
    public = [r for r, row in enumerate(table.rows) if row.shown_in(Edition.PUBLIC)]
    position = {r: i for i, r in enumerate(public)} if view is not None else {}
    rows: tuple[Names, ...] = view.narrative["rows"] if view is not None else ()
    totals: Names | None = view.narrative["total"] if view is not None else None
    kinds = {c.key: _KINDS[c.kind] for c in table.columns if c.kind in _KINDS}
    members: dict[tuple[int, str], FigureKey] = {}
    for r in range(len(table.rows)):
        for key, kind in kinds.items():
            path: DataPath = (*at, "rows", r, "values", key)
            column = table.column(key)
            label = f"{table.caption!r}, row {r + 1}, {column.title if column else key!r}"
            if r in position:
                value = _printed(_get(rows[position[r]], key), f"{name}.rows", symbol)
                yield Figure(path, value, label, path, kind)
                if value is None:
                    continue  # no value: it counts as 0 in every total
            else:
                yield Figure(path, None, label, path, kind, withheld=True)
            members[(r, key)] = path
    if not table.rows:
        # No rows: none to add up, or (a table not for publication, in the public view) none given.
        return
    for summed in table.summed:
        title = f"{summed.title!r} in {table.caption!r}"
        every = [members[(r, summed.key)] for r in range(len(table.rows)) if (r, summed.key) in members]
        total: DataPath = (*at, "total", summed.key)
        yield Figure(total, None, f"the total of {title} over every row", at)
        yield Equation.total("a board-defined table's column total", total, every)
        if summed.key in table.totals_stated:
            stated: DataPath = (*at, "totals_stated", summed.key)
            yield Figure(stated, None, f"the stated total of {title}", stated)
            yield Equation.total("stated figure", stated, [total])
        shown_total: DataPath = (*at, "shown", "total", summed.key)
        value = _printed(_get(totals, summed.key), f"{name}.total", symbol) if totals is not None else None
        yield Figure(shown_total, value, f"the total of {title}", at)
        yield Equation.total(
            "a board-defined table's column total",
            shown_total,
            [members[(r, summed.key)] for r in public if (r, summed.key) in members],
        )
    if not table.total_column:
        return
    keys = [c.key for c in table.row_summed]
    row_totals = []
    for r in public:
        row_total: DataPath = (*at, "rows", r, "total")
        row_totals.append(row_total)
        value = _printed(_get(rows[position[r]], "total"), f"{name}.rows", symbol) if r in position else None
        yield Figure(row_total, value, f"the total of row {r + 1} of {table.caption!r}", (*at, "rows", r))
        yield Equation.total(
            "a board-defined table's row total",
            row_total,
            [members[(r, k)] for k in keys if (r, k) in members],
        )
    grand: DataPath = (*at, "shown", "total", "total")
    value = _printed(_get(totals, "total"), f"{name}.total", symbol) if totals is not None else None
    yield Figure(grand, value, f"the grand total of {table.caption!r}", at)
    yield Equation.total("a board-defined table's grand total", grand, row_totals)
    yield Equation.total(
        "a board-defined table's grand total", grand, [(*at, "shown", "total", k) for k in keys]
    )


def _sections(loaded: LoadedReport) -> Iterator[Found]:
    for key, section in loaded.report.sections.items():
        yield from section_figures(key, section, loaded.settings)


RELATION = Relation(
    "board-defined sections",
    "a board-defined table's totals (of every row, and of the rows shown) are the sums of its cells; "
    "a figure that is a table's total equals it; stated totals equal the totals of every row",
    _sections,
)
register_relation(RELATION)
