"""Board-defined sections in the publication-safety proof: their cells, totals and figures, across the report."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import attrs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lscb_core import load_report
from lscb_core._base.suppressed import Suppressed
from lscb_core._build.build import build_report
from lscb_core._build.check import check_board
from lscb_core._hooks.manager import make_plugin_manager
from lscb_core._model.editions import Edition, Visibility
from lscb_core._model.loaded import LoadedReport
from lscb_core._model.local_sections import (
    Column,
    Figure,
    LocalSection,
    LocalTable,
    TableRow,
    ValueKind,
)
from lscb_core._publication.disclosure import exposed
from lscb_core._publication.relations import (
    RELATIONS,
    Equation,
    Found,
    Relation,
    figures_of,
    register_relation,
)
from lscb_core._publication.view import make_view

from .boardfactory import make_board
from .composed import composed, section_texts, texts
from .conftest import ROOT

_PM = make_plugin_manager(entry_points=False)
EXAMPLES = ROOT / "examples" / "sections"
PARTNERSHIP = ROOT / "tests" / "boards" / "partnership"

SECTOR = """title: LADO
figures:
  - {name: referrals, label: Allegations referred, total_of: by_sector.referrals}
tables:
  - name: by_sector
    caption: Allegations by sector
    total_row: true
    columns:
      - {key: sector, heading: Sector}
      - {key: referrals, kind: count}
    rows:
      - {sector: Education, referrals: 20}
      - {sector: Health, referrals: 12}
      - {sector: Faith groups, referrals: 7, visibility: board-only}
"""

SUMMARY = """title: Service summary
figures:
  - {name: all_referrals, label: All allegations referred, value: 39}
"""


@pytest.fixture(scope="module")
def boards(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """A small board made here, and a copy of the partnership board, each with the example sections."""
    made = make_board(tmp_path_factory.mktemp("made") / "b")
    partnership = tmp_path_factory.mktemp("partnership") / "partnership"
    shutil.copytree(PARTNERSHIP, partnership)
    period = sorted(p for p in partnership.iterdir() if p.is_dir())[-1]
    for _board, folder in ((made, made / "2015-16"), (partnership, period)):
        for part in ("sections", "narrative"):
            shutil.copytree(EXAMPLES / part, folder / part, dirs_exist_ok=True)
    return {"made": made, "partnership": partnership}


def _period(board: Path) -> Path:
    return sorted(p for p in board.iterdir() if p.is_dir() and p.name[:1].isdigit())[-1]


# --- the example sections, on two boards ------------------------------------------------------------------


@pytest.mark.parametrize("which", ["made", "partnership"])
def test_the_sections_cells_totals_and_figures_are_in_the_proof(boards: dict[str, Path], which: str) -> None:
    loaded = load_report(boards[which], pm=_PM)
    view = make_view(loaded, Edition.PUBLIC)
    assert view.problems == ()
    full, shown = figures_of(loaded), figures_of(view.loaded)
    assert exposed(full, shown) == []
    keys = set(full.figures)
    # Cells, a column's total (of every row and of those shown), a row's total, the grand total, a figure.
    lado = ("sections", "lado", "tables", 1)
    assert (*lado, "rows", 0, "values", "unfounded") in keys
    assert (*lado, "total", "unfounded") in keys
    assert (*lado, "shown", "total", "unfounded") in keys
    assert (*lado, "rows", 0, "total") in keys
    assert (*lado, "shown", "total", "total") in keys
    assert (
        *lado,
        "totals_stated",
        "total",
    ) not in keys  # stated for the grand total only: no column of that key
    assert ("sections", "lado", "figures", 1, "value") in keys
    hidden = [k for k, f in shown.figures.items() if k[0] == "sections" and isinstance(f.value, Suppressed)]
    assert (*lado, "rows", 1, "values", "substantiated") in hidden
    withheld = [k for k, f in full.figures.items() if k[0] == "sections" and f.withheld]
    assert ("sections", "private-fostering", "tables", 0, "rows", 4, "values", "arrangements") in withheld
    assert ("sections", "lado", "figures", 3, "value") in withheld


@pytest.mark.parametrize("which", ["made", "partnership"])
def test_a_board_only_row_without_a_summary_is_reported_and_noted(
    boards: dict[str, Path], which: str
) -> None:
    board = boards[which]
    findings = check_board(board, pm=_PM, edition=Edition.PUBLIC).findings
    withheld = [
        f
        for f in findings
        if f.code == "public.withheld" and f.path and f.path[:2] == ("sections", "private-fostering")
    ]
    (row,) = withheld
    assert "row 5 of the table 'by_reason'" in row.message
    assert row.location is not None
    assert row.location.line
    suppressed = [f for f in findings if f.code == "public.suppressed" and f.path and f.path[0] == "sections"]
    assert suppressed
    assert all(f.location is not None for f in suppressed)
    texts = section_texts(composed(load_report(board, pm=_PM), _PM))["private-fostering"]
    assert "1 row is not for publication and not shown; the totals are of the rows shown." in texts
    board_texts = section_texts(composed(load_report(board, pm=_PM), _PM, Edition.BOARD))["private-fostering"]
    assert not any("not for publication and not shown" in t for t in board_texts)


# --- leaks the proof catches ------------------------------------------------------------------------------


def _leak_board(tmp_path: Path, files: dict[str, str]) -> Path:
    return make_board(tmp_path / "b", files)


def _disclosures(board: Path) -> list[str]:
    return [
        str(f).replace(f"{board}/2015-16/", "")
        for f in check_board(board, pm=_PM).findings
        if f.code == "publication.disclosure"
    ]


def _same_total(loaded: LoadedReport) -> Iterator[Found]:
    """A relation a feature could declare between sections: one section's figure is another's total."""
    if {"lado", "summary"} <= set(loaded.report.sections):
        yield Equation.total(
            "a figure in another section is a table's total",
            ("sections", "summary", "figures", 0, "value"),
            [("sections", "lado", "tables", 0, "total", "referrals")],
        )


def test_a_leak_through_a_cross_section_relation_is_caught(tmp_path: Path) -> None:
    board = _leak_board(tmp_path, {"sections/lado.yaml": SECTOR, "sections/summary.yaml": SUMMARY})
    assert _disclosures(board) == []  # no relation ties the two sections: 39 is just a figure
    before = list(RELATIONS)
    register_relation(
        Relation(
            "test: across sections", "a figure in one section is a table's total in another", _same_total
        )
    )
    try:
        # The summary prints 39, the table 32 (its rows shown): the board-only row is 39 - 32.
        (message,) = _disclosures(board)
        assert message.startswith("sections/lado.yaml:14:")
        assert "'Allegations by sector', row 3, 'Referrals'" in message
        assert "could be worked out from the figures the public edition shows" in message
        result = build_report(board, output=tmp_path / "p.docx", pm=_PM)
        assert "publication.disclosure" in {f.code for f in result.errors}
        assert not (tmp_path / "p.docx").exists()
        # With a second board-only row, 39 - 32 is the sum of two: neither follows.
        two = SECTOR + "      - {sector: Sport, referrals: 3, visibility: board-only}\n"
        board = _leak_board(
            tmp_path / "2", {"sections/lado.yaml": two, "sections/summary.yaml": SUMMARY.replace("39", "42")}
        )
        assert _disclosures(board) == []
    finally:
        RELATIONS[:] = before


def test_a_figure_totalling_a_withheld_table_of_one_row_is_caught(tmp_path: Path) -> None:
    text = SECTOR.replace(
        "    total_row: true\n", "    total_row: true\n    visibility: board-only\n"
    ).replace("      - {sector: Health, referrals: 12}\n", "")
    board = _leak_board(tmp_path, {"sections/lado.yaml": text})
    (message,) = _disclosures(board)
    assert "'Allegations by sector', row 1, 'Referrals'" in message
    text = text.replace(
        "      - {sector: Education, referrals: 20}\n",
        "      - {sector: Education, referrals: 20}\n      - {sector: Health, referrals: 12}\n",
    )
    board = _leak_board(tmp_path / "2", {"sections/lado.yaml": text})
    assert _disclosures(board) == []
    # The public edition prints the total of the withheld table's public rows: 32.
    texts = section_texts(composed(load_report(board, pm=_PM), _PM))["lado"]
    assert "32" in texts


def test_a_people_figure_hidden_while_its_table_prints_the_total_is_caught(tmp_path: Path) -> None:
    text = SECTOR.replace("total_of: by_sector.referrals}", "total_of: by_sector.referrals, people: true}")
    text = text.replace("referrals: 20}", "referrals: 1}").replace("referrals: 12}", "referrals: 2}")
    board = _leak_board(tmp_path, {"sections/lado.yaml": text})
    (message,) = _disclosures(board)
    assert "Allegations referred" in message


# --- any small board-defined table -------------------------------------------------------------------------


@st.composite
def _sections(draw: st.DrawFn) -> LocalSection:
    """A section of one to two small tables of counts (the first counts people), some rows and tables withheld."""
    tables = []
    for n in range(draw(st.integers(1, 2))):
        columns = [Column(key="label")]
        columns += [Column(key=f"c{i}", kind=ValueKind.COUNT) for i in range(draw(st.integers(1, 3)))]
        if draw(st.booleans()):
            columns.append(Column(key="spend", kind=ValueKind.MONEY))
        rows = tuple(
            TableRow(
                values={"label": f"Row {r}", **{c.key: draw(st.integers(0, 12)) for c in columns[1:]}},
                visibility=draw(st.sampled_from([Visibility.PUBLIC] * 3 + [Visibility.BOARD_ONLY])),
            )
            for r in range(draw(st.integers(1, 5)))
        )
        tables.append(
            LocalTable(
                name=f"t{n}",
                caption=f"Table {n}",
                columns=tuple(columns),
                rows=rows,
                total_row=draw(st.booleans()),
                total_column=draw(st.booleans()),
                people=n == 0 or draw(st.booleans()),
                visibility=Visibility.PUBLIC if n == 0 else draw(st.sampled_from(list(Visibility))),
            )
        )
    figures = [
        Figure(name=f"f{i}", label=f"Figure {i}", total_of=f"t0.c{i}", people=draw(st.booleans()))
        for i in range(draw(st.integers(0, 2)))
        if tables[0].column(f"c{i}") is not None
    ]
    figures.append(Figure(name="small", label="A small figure", value=draw(st.integers(0, 8)), people=True))
    return LocalSection(title="Own", figures=tuple(figures), tables=tuple(tables))


@pytest.fixture(scope="module")
def base(boards: dict[str, Path]) -> dict[str, LoadedReport]:
    return {which: load_report(board, pm=_PM) for which, board in boards.items()}


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(section=_sections(), which=st.sampled_from(["made", "partnership"]))
def test_no_suppressed_or_withheld_cell_follows_from_what_is_printed(
    base: dict[str, LoadedReport], section: LocalSection, which: str
) -> None:
    loaded = base[which]
    loaded = attrs.evolve(
        loaded, report=attrs.evolve(loaded.report, sections={**loaded.report.sections, "own": section})
    )
    view = make_view(loaded, Edition.PUBLIC)
    assert view.problems == ()
    full, shown = figures_of(loaded), figures_of(view.loaded)
    assert exposed(full, shown) == []
    own = {k: f for k, f in shown.figures.items() if k[:2] == ("sections", "own")}
    # No count of people from 1 to 5 is printed, in a cell, a total or a figure.
    people = {("sections", "own", "tables", 0), ("sections", "own", "figures")}
    small = [
        k
        for k, f in own.items()
        if k[:4] in people or k[:3] in people
        if isinstance(f.number, int) and 1 <= f.number <= 5 and "spend" not in k
    ]
    assert small == []
    # Every withheld cell is in the proof, and none is in the public view's data.
    for t, table in enumerate(section.tables):
        for r, row in enumerate(table.rows):
            if not (row.is_public and table.is_public):
                for key, value in row.values.items():
                    if isinstance(value, int) and key != "label":
                        assert full.figures[
                            ("sections", "own", "tables", t, "rows", r, "values", key)
                        ].withheld
    viewed = view.loaded.report.sections["own"]
    for table in viewed.tables:
        assert all(row.values == {} for row in table.rows if not row.is_public)


def test_a_board_audience_section_is_a_secret_of_the_proof_and_not_in_the_view(tmp_path: Path) -> None:
    board = _leak_board(tmp_path, {"sections/lado.yaml": SECTOR + "audience: board\n"})
    loaded = load_report(board, pm=_PM)
    view = make_view(loaded, Edition.PUBLIC)
    assert view.problems == ()
    full = figures_of(loaded)
    cells = [f for k, f in full.figures.items() if k[:2] == ("sections", "lado") and "values" in k]
    assert len(cells) == 3
    assert all(f.withheld for f in cells)
    assert exposed(full, figures_of(view.loaded)) == []
    (table,) = view.loaded.report.sections["lado"].tables
    assert table.rows == ()
    assert [f.value for f in view.loaded.report.sections["lado"].figures] == [None]
    listed = [
        f.message
        for f in check_board(board, pm=_PM, edition=Edition.PUBLIC).findings
        if f.code == "public.withheld"
    ]
    assert "the section 'lado' is for the board only: the public edition leaves it out" in listed


def test_the_older_boards_own_sections_are_in_the_proof() -> None:
    loaded = load_report(ROOT / "tests" / "boards" / "older-board", pm=_PM)
    assert loaded.report.sections
    view = make_view(loaded, Edition.PUBLIC)
    assert view.problems == ()
    full, shown = figures_of(loaded), figures_of(view.loaded)
    assert exposed(full, shown) == []
    own = [k for k in full.figures if k[0] == "sections"]
    assert own
    protected = [
        k
        for k in own
        if full.figures[k].withheld or isinstance(shown.figures.get(k, full.figures[k]).value, Suppressed)
    ]
    assert protected


# --- percentages worked out from hidden counts ------------------------------------------------------------

_SHARES = """title: Referrals
tables:
  - name: by_area
    caption: Referrals by area
    people: true
    total_row: true
    columns:
      - {key: area, heading: Area}
      - {key: north, kind: count}
      - {key: south, kind: count}
      - {key: share, heading: Share of all referrals, kind: percent}
    rows:
      - {area: Schools, north: 40, south: 3, share: 43}
      - {area: Health, north: 30, south: 12, share: 42}
      - {area: Police, north: 11, south: 4, share: 15}
"""


def _table_rows(board: Path, caption: str, edition: Edition) -> list[list[str]]:
    from lscb_core._base.blocks import Table

    for section in composed(load_report(board, pm=_PM), _PM, edition):
        for block in section.blocks:
            if isinstance(block, Table) and block.caption == caption:
                return [list(texts(row.cells)) for row in block.rows]
    raise AssertionError(f"no table {caption!r}")


@pytest.mark.parametrize(
    ("which", "caption", "rows"),
    [
        (
            "made",
            "Referrals by area",
            [["Schools", "40", "c", "c"], ["Health", "30", "12", "42%"], ["Police", "11", "c", "c"]],
        ),
        (
            "two-panels",
            "Requests for early help by who asked",
            [
                ["Schools and colleges", "142", "118", "38.6%"],
                ["Health visitors", "96", "88", "27.3%"],
                ["Police", "41", "c", "c"],
                ["Families themselves", "23", "c", "c"],
                ["Voluntary groups", "61", "57", "17.5%"],
            ],
        ),
    ],
)
def test_a_percentage_in_a_row_with_hidden_counts_is_hidden_with_them(
    tmp_path: Path, which: str, caption: str, rows: list[list[str]]
) -> None:
    """A row's share of the whole, printed beside the row's other counts, would give a hidden one back."""
    if which == "made":
        board = make_board(tmp_path / "b", {"sections/referrals.yaml": _SHARES})
    else:
        board = ROOT / "tests" / "boards" / "two-panels"
    public = _table_rows(board, caption, Edition.PUBLIC)
    assert public[: len(rows)] == rows
    board_edition = _table_rows(board, caption, Edition.BOARD)
    assert "c" not in {cell for row in board_edition for cell in row}
