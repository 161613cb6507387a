"""Charts declared as data for a board's own tables (``chart:`` in sections/<key>.yaml).

Built on two boards (the two-panel partnership's early help section, and the
shipped LADO example on a small board), reopened with python-docx: each chart
comes right after its table, caches exactly the numbers the table prints (a
suppressed cell is not plotted), and its alternative text says what it shows.
Mistakes in a declaration are located errors, which ``lscb check`` reports.
"""

from __future__ import annotations

import io
import shutil
from pathlib import Path

import attrs
import openpyxl
import pytest
from click.testing import CliRunner
from docx import Document
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from lxml import etree

from lscb_core import load_report
from lscb_core._base.charts import ChartKind, Gap
from lscb_core._base.findings import Level, LoadError
from lscb_core._build.build import build_report
from lscb_core._build.check import check_board
from lscb_core._cli.main import main
from lscb_core._hooks.manager import make_plugin_manager
from lscb_core._loading.writing import write_board
from lscb_core._model.editions import Edition
from lscb_core._model.local_sections import Column, LocalTable, TableChart, TableRow, ValueKind
from lscb_core._sections.charts import cell_value

from .boardfactory import make_board
from .conftest import BOARDS, ROOT

_PM = make_plugin_manager(entry_points=False)
C = "http://schemas.openxmlformats.org/drawingml/2006/chart"
WP = "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R_ID = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
NS = {"c": C, "wp": WP, "w": W}
TWO_PANELS = BOARDS / "two-panels"
EXAMPLES = ROOT / "examples" / "sections"


@attrs.frozen
class Drawn:
    """A chart of a document as it was written: its texts, cached values, workbook, and the table before it."""

    title: str
    alt: str
    grouping: str
    categories: list[str]
    series: list[tuple[str, dict[int, float]]]
    sheet: list[list[object]]
    table: list[list[str]]
    caption: str


def _text(element: etree._Element) -> str:
    return "".join(t.text or "" for t in element.iter(f"{{{W}}}t"))


def _drawn(path: Path) -> list[Drawn]:
    document = Document(str(path))  # opens again in python-docx
    blocks = list(document.element.body.iterchildren(f"{{{W}}}p", f"{{{W}}}tbl"))
    out = []
    for i, block in enumerate(blocks):
        for inline in block.iter(f"{{{WP}}}inline"):
            reference = inline.find(".//c:chart", NS)
            if reference is None:
                continue
            rel = document.part.rels[reference.get(R_ID)]
            assert rel.reltype == RT.CHART
            chart = etree.fromstring(rel.target_part.blob)
            (book,) = [r.target_part.blob for r in rel.target_part.rels.values() if r.reltype == RT.PACKAGE]
            sheet = [
                list(row)
                for row in openpyxl.load_workbook(io.BytesIO(book)).active.iter_rows(values_only=True)
            ]
            series = chart.findall(".//c:ser", NS)
            categories = [
                pt.findtext("c:v", namespaces=NS) or "" for pt in series[0].findall("c:cat//c:pt", NS)
            ]
            cached = [
                (
                    ser.findtext("c:tx//c:v", namespaces=NS) or "",
                    {
                        int(pt.get("idx")): float(pt.findtext("c:v", namespaces=NS) or "nan")
                        for pt in ser.findall("c:val//c:pt", NS)
                    },
                )
                for ser in series
            ]
            before = [b for b in blocks[:i] if b.tag == f"{{{W}}}tbl"][-1]
            between = blocks[blocks.index(before) + 1 : i]
            # The chart comes right after its table: only the table's notes (and empty paragraphs) between.
            assert all(b.tag == f"{{{W}}}p" for b in between)
            grid = [[_text(tc) for tc in tr.iter(f"{{{W}}}tc")] for tr in before.iter(f"{{{W}}}tr")]
            caption = next(_text(b) for b in reversed(blocks[: blocks.index(before)]) if _text(b))
            out.append(
                Drawn(
                    title="".join(chart.find("c:chart/c:title", NS).itertext()),
                    alt=inline.find("wp:docPr", NS).get("descr"),
                    grouping=chart.find(".//c:grouping", NS).get("val"),
                    categories=categories,
                    series=cached,
                    sheet=sheet,
                    table=grid,
                    caption=caption,
                )
            )
    return out


def _plots_what_the_table_prints(
    drawn: Drawn, columns: list[int], *, names: int = 0, symbol: str = "c"
) -> list[tuple[int, int]]:
    """Assert the chart's cached values and workbook are the table's printed numbers; the cells not plotted."""
    rows = [row for row in drawn.table[1:] if row[0] != "Total"]
    assert drawn.categories == [row[names] for row in rows]
    assert [name for name, _ in drawn.series] == [drawn.table[0][c] for c in columns]
    assert drawn.sheet[0][1:] == [name for name, _ in drawn.series]
    gaps = []
    for s, (column, (_, values)) in enumerate(zip(columns, drawn.series, strict=True)):
        for r, row in enumerate(rows):
            printed = cell_value(row[column], symbol)
            if isinstance(printed, Gap):
                assert r not in values
                assert drawn.sheet[r + 1][s + 1] is None
                gaps.append((r, column))
            else:
                assert values[r] == printed
                assert drawn.sheet[r + 1][s + 1] == printed
    return gaps


# --- the two-panel partnership's early help section, in both editions --------------------------------


@pytest.fixture(scope="module")
def two_panels(tmp_path_factory: pytest.TempPathFactory) -> dict[Edition, list[Drawn]]:
    out = tmp_path_factory.mktemp("two-panels-charts")
    drawn = {}
    for edition in Edition:
        result = build_report(TWO_PANELS, output=out / f"{edition.value}.docx", edition=edition)
        assert result.ok, [str(f) for f in result.errors]
        assert result.output is not None
        drawn[edition] = [d for d in _drawn(result.output) if "early help" in d.title]
    return drawn


def test_a_declared_chart_plots_the_public_tables_numbers_and_not_its_suppressed_cells(
    two_panels: dict[Edition, list[Drawn]],
) -> None:
    (chart,) = two_panels[Edition.PUBLIC]
    assert chart.title == "Requests for early help by who asked, in each area"
    assert chart.caption == "Requests for early help by who asked"
    assert chart.grouping == "clustered"
    gaps = _plots_what_the_table_prints(chart, [1, 2])
    # Calder's "Families themselves" (4) is suppressed, and one more cell with it; neither is plotted.
    assert (3, 2) in gaps
    assert len(gaps) == 2
    assert 4.0 not in chart.series[1][1].values()
    alt = chart.alt
    assert alt.startswith("Column chart of requests for early help by who asked, in each area")
    assert "Schools and colleges" in alt
    assert "Ashby and Calder" in alt
    assert "2 values are hidden to protect children and families, and not plotted" in alt
    assert "also given in a table" in alt


def test_the_board_edition_plots_every_value(two_panels: dict[Edition, list[Drawn]]) -> None:
    (chart,) = two_panels[Edition.BOARD]
    assert _plots_what_the_table_prints(chart, [1, 2]) == []
    assert chart.series == [
        ("Ashby", {0: 142, 1: 96, 2: 41, 3: 23, 4: 61}),
        ("Calder", {0: 118, 1: 88, 2: 37, 3: 4, 4: 57}),
    ]
    assert "not plotted" not in chart.alt


# --- the shipped LADO example, on a small board ---------------------------------------------------------


def test_the_lado_example_charts_allegations_by_sector(tmp_path: Path) -> None:
    board = make_board(tmp_path / "b")
    for folder in ("sections", "narrative"):
        shutil.copytree(EXAMPLES / folder, board / "2015-16" / folder, dirs_exist_ok=True)
    result = build_report(board, output=tmp_path / "r.docx", pm=_PM)
    assert result.ok, [str(f) for f in result.errors]
    assert result.output is not None
    (chart,) = _drawn(result.output)
    assert chart.title == "Allegations by employment sector, this year and last"
    assert chart.caption == "Allegations by employment sector"
    assert _plots_what_the_table_prints(chart, [1, 2]) == []
    assert chart.categories[:2] == ["Education", "Early years"]
    assert chart.alt.startswith("Bar chart of allegations by employment sector, this year and last")
    assert "Largest Allegations: Education, with 71." in chart.alt


# --- defaults, stacking, editions and settings ----------------------------------------------------------

COSTS = """title: Costs
after: priorities
tables:
  - name: spend
    caption: Spending by team
    visibility: {visibility}
    columns:
      - {{key: code, kind: count}}
      - {{key: team, heading: Team}}
      - {{key: staff, heading: Staff costs, kind: money}}
      - {{key: other, heading: Other costs, kind: money}}
    rows:
      - {{code: 1, team: Safeguarding, staff: "£41,000", other: 9000}}
      - {{code: 2, team: Training, staff: 12000, other: 3500}}
      - {{code: 3, team: Reviews, staff: 20000, other: 0}}
    chart: {{kind: bar, series: [staff, other], stacked: true}}
"""


def _build(board: Path, out: Path, edition: Edition) -> list[Drawn]:
    result = build_report(board, output=out, pm=_PM, edition=edition)
    assert result.ok, [str(f) for f in result.errors]
    assert result.output is not None
    return _drawn(result.output)


def test_a_stacked_chart_of_money_with_default_titles_and_a_board_only_table(tmp_path: Path) -> None:
    board = make_board(tmp_path / "b", {"sections/costs.yaml": COSTS.format(visibility="board-only")})
    (chart,) = _build(board, tmp_path / "board.docx", Edition.BOARD)
    assert chart.title == "Spending by team"  # the caption
    assert chart.grouping == "stacked"
    assert chart.categories == ["Safeguarding", "Training", "Reviews"]  # the first text column, not the first
    assert _plots_what_the_table_prints(chart, [2, 3], names=1) == []
    assert chart.alt.startswith("Stacked bar chart of spending by team, showing Staff costs and Other costs")
    assert "Largest: Safeguarding, with £50,000 in all." in chart.alt
    # A table only the board may read has no chart in the public edition.
    assert _build(board, tmp_path / "public.docx", Edition.PUBLIC) == []
    # charts: false in the settings turns these charts off too.
    public = make_board(tmp_path / "p", {"sections/costs.yaml": COSTS.format(visibility="public")})
    assert len(_build(public, tmp_path / "on.docx", Edition.PUBLIC)) == 1
    (public / "2015-16" / "settings.yaml").write_text("charts: false\n", encoding="utf-8")
    assert _build(public, tmp_path / "off.docx", Edition.PUBLIC) == []


def test_declared_charts_go_through_a_board_folder_and_back(tmp_path: Path) -> None:
    board = make_board(tmp_path / "b", {"sections/costs.yaml": COSTS.format(visibility="public")})
    loaded = load_report(board, pm=_PM)
    (table,) = loaded.report.sections["costs"].tables
    assert table.charts == (TableChart(kind=ChartKind.BAR, series=("staff", "other"), stacked=True),)
    write_board(loaded.report, tmp_path / "copy")
    assert load_report(tmp_path / "copy", pm=_PM).report.sections == loaded.report.sections


def test_a_chart_may_be_written_as_its_kind_and_a_table_may_have_several() -> None:
    table = LocalTable(
        name="t",
        caption="T",
        columns=(Column(key="area"), Column(key="open", kind=ValueKind.COUNT)),
        rows=(TableRow(values={"area": "A", "open": 1}), TableRow(values={"area": "B", "open": 2})),
    )
    chart = TableChart(kind=ChartKind.LINE)
    assert chart.category_column(table) == table.columns[0]
    assert chart.series_columns(table) == (table.columns[1],)
    with pytest.raises(ValueError, match="a line chart cannot be stacked"):
        attrs.evolve(table, charts=(TableChart(kind=ChartKind.LINE, stacked=True),))


# --- mistakes, located where they are written -------------------------------------------------------------

TABLE = """title: LADO
after: priorities
tables:
  - name: by_sector
    caption: Allegations by sector
    columns:
      - {key: sector, heading: Sector}
      - {key: referrals, kind: count}
      - {key: closed, kind: count}
      - {key: cost, kind: money}
    rows:
      - {sector: Education, referrals: 20, closed: 4, cost: 100}
      - {sector: Health, referrals: 12, closed: 7, cost: 200}
"""


def _errors(tmp_path: Path, chart: str) -> list[str]:
    board = make_board(tmp_path / "b", {"sections/lado.yaml": TABLE + chart})
    with pytest.raises(LoadError) as info:
        load_report(board, pm=_PM)
    return [str(f).replace(f"{board}/2015-16/", "") for f in info.value.findings]


@pytest.mark.parametrize(
    ("chart", "expected"),
    [
        (
            "    chart: {kind: pie}\n",
            "sections/lado.yaml:14:19: error: kind must be one of bar, column, line; got \"pie\"; did you mean 'line'? [load.invalid]",
        ),
        (
            "    chart: {series: [referals]}\n",
            "sections/lado.yaml:14:22: error: the table 'by_sector' has no column 'referals' (did you mean 'referrals'?); the columns a chart can plot are referrals, closed, cost [sections.invalid]",
        ),
        (
            "    chart:\n      series: [referrals, sector]\n",
            "sections/lado.yaml:15:27: error: the column 'sector' holds text, which a chart cannot plot; it plots counts, money or percentages: referrals, closed, cost [sections.invalid]",
        ),
        (
            "    chart: {kind: line, series: referrals, stacked: true}\n",
            "sections/lado.yaml:14:53: error: a line chart cannot be stacked; stack a bar or column chart to show parts of a whole [sections.invalid]",
        ),
        (
            "    chart: {kind: column}\n",
            "sections/lado.yaml:14:12: error: the chart would plot counts (referrals, closed) and money (cost) against one axis; name columns of one kind in series [sections.invalid]",
        ),
        (
            "    charts:\n      - {series: [referrals]}\n      - {series: [referrals, cost]}\n",
            "sections/lado.yaml:16:18: error: the chart would plot counts (referrals) and money (cost) against one axis; name columns of one kind in series [sections.invalid]",
        ),
        (
            "    chart: {series: cost, categories: referrals}\n",
            "sections/lado.yaml:14:39: error: the column 'referrals' holds counts; the categories of a chart are named by a column of text (or dates) [sections.invalid]",
        ),
        (
            "    chart: {series: cost, categories: sectr}\n",
            "sections/lado.yaml:14:39: error: the table 'by_sector' has no column 'sectr' (did you mean 'sector'?); its columns are sector, referrals, closed, cost [sections.invalid]",
        ),
    ],
    ids=[
        "kind",
        "unknown-series",
        "text-series",
        "line-stacked",
        "mixed-default",
        "mixed",
        "numeric-categories",
        "unknown-categories",
    ],
)
def test_a_chart_that_cannot_be_drawn_is_an_error_where_it_is_written(
    tmp_path: Path, chart: str, expected: str
) -> None:
    assert _errors(tmp_path, chart) == [expected]


def test_an_unknown_key_in_a_chart_is_a_warning_with_the_nearest_key(tmp_path: Path) -> None:
    board = make_board(
        tmp_path / "b", {"sections/lado.yaml": TABLE + "    chart: {series: [cost], stackd: true}\n"}
    )
    loaded = load_report(board, pm=_PM)
    (warning,) = [f for f in loaded.findings if f.code == "sections.unknown-key"]
    assert warning.level is Level.WARNING
    assert str(warning).replace(f"{board}/2015-16/", "") == (
        "sections/lado.yaml:14:29: warning: a chart has no key 'stackd', so it is ignored; did you mean 'stacked'? [sections.unknown-key]"
    )
    (chart,) = loaded.report.sections["lado"].tables[0].charts
    assert chart.series == ("cost",)
    assert not chart.stacked


def test_lscb_check_reports_a_bad_chart_at_its_line(tmp_path: Path) -> None:
    board = make_board(
        tmp_path / "b", {"sections/lado.yaml": TABLE + "    chart: {kind: barr, series: [closd]}\n"}
    )
    result = CliRunner().invoke(main, ["check", str(board)])
    assert result.exit_code != 0
    assert (
        "sections/lado.yaml:14:19: error: kind must be one of bar, column, line; got \"barr\"; did you mean 'bar'?"
        in result.output
    )
    board = make_board(tmp_path / "c", {"sections/lado.yaml": TABLE + "    chart: {series: [closd]}\n"})
    result = CliRunner().invoke(main, ["check", str(board)])
    assert result.exit_code != 0
    assert (
        "sections/lado.yaml:14:22: error: the table 'by_sector' has no column 'closd' (did you mean 'closed'?)"
        in result.output
    )


def test_a_chart_title_too_long_to_lay_out_and_too_many_charts_are_errors(tmp_path: Path) -> None:
    """Bounded for LibreOffice, which takes minutes over a chart with a very long title or thousands of charts."""
    long = "x" * 201
    assert _errors(tmp_path / "title", f"    chart: {{series: referrals, title: {long}}}\n") == [
        "sections/lado.yaml:14:39: error: a chart's title can be at most 200 characters, not 201 [sections.invalid]"
    ]
    many = "    charts:\n" + "      - {series: referrals}\n" * 7
    assert _errors(tmp_path / "many", many) == [
        "sections/lado.yaml:15:7: error: a table can have at most 6 charts, not 7 [sections.invalid]"
    ]
    named = TABLE.replace("{sector: Health,", "{sector: " + "H" * 201 + ",")
    board = make_board(
        tmp_path / "named" / "b", {"sections/lado.yaml": named + "    chart: {series: referrals}\n"}
    )
    with pytest.raises(LoadError) as info:
        load_report(board, pm=_PM)
    (finding,) = info.value.findings
    assert "row 2's 'Sector' (201 characters) is too long to name a bar of a chart" in finding.message
    assert finding.location is not None


def test_a_line_chart_over_categories_that_are_not_times_is_a_warning(tmp_path: Path) -> None:
    board = make_board(
        tmp_path / "b", {"sections/lado.yaml": TABLE + "    chart: {kind: line, series: [referrals]}\n"}
    )
    loaded = load_report(board, pm=_PM)
    (warning,) = [f for f in loaded.findings if f.code == "sections.line-chart"]
    assert str(warning).replace(f"{board}/2015-16/", "") == (
        "sections/lado.yaml:14:19: warning: a line chart joins its points in order, which suits times "
        "(years, quarters, months); the categories of 'by_sector' (Education, Health) are not times, "
        "so write kind: bar or kind: column [sections.line-chart]"
    )
    (chart,) = loaded.report.sections["lado"].tables[0].charts  # still drawn as written
    assert chart.kind is ChartKind.LINE


@pytest.mark.parametrize(
    "years", [("2019-20", "2020-21"), ("Q1", "Q2"), ("April", "May"), ("Year 1", "Year 2")]
)
def test_a_line_chart_over_times_is_not(tmp_path: Path, years: tuple[str, str]) -> None:
    over_time = TABLE.replace("sector: Education", f"sector: {years[0]}").replace(
        "sector: Health", f"sector: {years[1]}"
    )
    board = make_board(
        tmp_path / "b", {"sections/lado.yaml": over_time + "    chart: {kind: line, series: [referrals]}\n"}
    )
    assert not [f for f in load_report(board, pm=_PM).findings if f.code == "sections.line-chart"]


def test_on_another_board_a_line_chart_of_who_asked_is_a_warning_at_its_kind(tmp_path: Path) -> None:
    board = tmp_path / "two-panels"
    shutil.copytree(TWO_PANELS, board)
    section = board / "2019-04-to-2020-08" / "sections" / "early-help.yaml"
    section.write_text(section.read_text(encoding="utf-8").replace("kind: column", "kind: line"), "utf-8")
    findings = [f for f in check_board(board).findings if f.code == "sections.line-chart"]
    assert [(f.level, f.location.line if f.location else None) for f in findings] == [(Level.WARNING, 28)]
    assert "(Schools and colleges, Health visitors, Police ...)" in findings[0].message
