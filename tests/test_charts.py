"""Charts: the description and its alternative text, Word chart parts with their workbooks, SVG, audit rules."""

from __future__ import annotations

import datetime as dt
import io
import math
import re
import zipfile
from collections.abc import Sequence
from pathlib import Path

import openpyxl
import pytest
from docx import Document
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree

from lscb_core._accessibility.audit import audit_docx
from lscb_core._base.blocks import Block, Chart, Heading, Table, chart_table, paragraph
from lscb_core._base.charts import (
    MAX_SERIES,
    ChartKind,
    ChartSpec,
    ChartUnit,
    Gap,
    PrintedTotal,
    Series,
    alt_text,
    format_value,
    left_out_note,
    without_partial_stacks,
)
from lscb_core._build.build import BuildResult, build_report
from lscb_core._hooks.manager import make_plugin_manager
from lscb_core._render.document import DocumentProperties, TemplateDocument, default_template
from lscb_core._render.svg_chart import DEFAULT_PALETTE, contrast_ratio, svg_chart
from lscb_core._render.word_chart import chart_xml, workbook
from lscb_core._sections.charts import cell_value

from .boardfactory import make_board
from .conftest import BOARDS, HERTFORDSHIRE

C = "http://schemas.openxmlformats.org/drawingml/2006/chart"
A = "http://schemas.openxmlformats.org/drawingml/2006/main"
WP = "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = {"c": C, "a": A, "wp": WP, "w": W}
WHEN = dt.datetime(2016, 3, 31)

DEATHS = ChartSpec(
    kind=ChartKind.BAR,
    title="Reviews completed by category of death",
    category_title="Category of death",
    value_title="Reviews",
    categories=["1. Deliberately inflicted injury", "2. Suicide", "3. Trauma", "4. Malignancy"],
    series=[Series("Reviews", [Gap.SUPPRESSED, 0, 12, 7])],
)
BUDGET = ChartSpec(
    kind=ChartKind.COLUMN,
    title="Budget against spend 2015-16",
    category_title="Budget line",
    value_title="Amount (£)",
    unit=ChartUnit.MONEY,
    categories=["Staffing", "Training", "Reviews"],
    series=[Series("Budget", [250000, 30000, Gap.UNAVAILABLE]), Series("Spend", [240000, 35000, 52000])],
)
TREND = ChartSpec(
    kind=ChartKind.LINE,
    title="Child death reviews",
    category_title="Year",
    value_title="Reviews",
    over_time=True,
    categories=["2013-14", "2014-15", "2015-16"],
    series=[Series("Reviews completed", [57, 61, 59]), Series("With modifiable factors", [15, 12, 9])],
)
STACKED = ChartSpec(
    kind=ChartKind.BAR,
    title="Attendance by agency and course type",
    category_title="Agency",
    value_title="Attendees",
    stacked=True,
    categories=["Health", "Police"],
    series=[Series("Face to face", [120, Gap.SUPPRESSED]), Series("E-learning", [80, Gap.SUPPRESSED])],
)


# --- the description ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"categories": []}, "at least one category"),
        ({"series": []}, "at least one series"),
        ({"series": [Series("A", [1])]}, "has 1 values but the chart has 4 categories"),
        ({"series": [Series(str(i), [1, 2, 3, 4]) for i in range(MAX_SERIES + 1)]}, "at most 6 series"),
        ({"kind": ChartKind.LINE, "stacked": True}, "cannot be stacked"),
        ({"title": " "}, "title must not be empty"),
        ({"value_title": ""}, "value title must not be empty"),
        ({"categories": ["a", "", "c", "d"]}, "every category of a chart needs a name"),
    ],
)
def test_a_chart_description_that_cannot_be_drawn_is_refused(
    changes: dict[str, object], message: str
) -> None:
    fields = {
        "kind": DEATHS.kind,
        "title": DEATHS.title,
        "category_title": DEATHS.category_title,
        "value_title": DEATHS.value_title,
        "categories": DEATHS.categories,
        "series": DEATHS.series,
        **changes,
    }
    with pytest.raises(ValueError, match=message):
        ChartSpec(**fields)  # type: ignore[arg-type]


def test_values_must_be_finite_numbers_or_gaps() -> None:
    with pytest.raises(ValueError, match="finite"):
        Series("A", [math.nan])
    with pytest.raises(TypeError, match="number or a Gap"):
        Series("A", ["12"])  # type: ignore[list-item]
    with pytest.raises(ValueError, match="cannot be negative"):
        ChartSpec(
            kind=ChartKind.BAR,
            title="t",
            category_title="c",
            value_title="v",
            categories=["a", "b"],
            series=[Series("x", [1, -1]), Series("y", [1, 1])],
            stacked=True,
        )


def test_alternative_text_says_what_the_chart_shows_and_its_main_finding() -> None:
    text = alt_text(DEATHS)
    assert text.startswith("Bar chart of reviews completed by category of death.")
    assert "Largest: 3. Trauma, with 12." in text
    assert "Smallest: 2. Suicide, with 0." in text
    assert (
        "1 value is hidden to protect children and families, and not plotted (1. Deliberately inflicted injury)."
        in text
    )
    budget = alt_text(BUDGET)
    assert "showing Budget and Spend for each budget line" in budget
    assert "Spend is higher than Budget for 1 of the 2 budget lines with both: Training." in budget
    assert "1 value is not available, and not plotted (Budget, Reviews)." in budget
    trend = alt_text(TREND)
    assert "Reviews completed rose from 57 in 2013-14 to 59 in 2015-16, peaking at 61 in 2014-15." in trend
    assert "With modifiable factors fell from 15 in 2013-14 to 9 in 2015-16." in trend
    stacked = alt_text(STACKED)
    assert stacked.startswith("Stacked bar chart of attendance by agency and course type")
    # A bar with a hidden segment is not its category's whole, so it is not compared.
    assert "Health: 200 in all." in stacked


def test_a_stacked_chart_prints_the_total_of_each_bar() -> None:
    assert STACKED.printed_totals() == (PrintedTotal(0, (0, 1)),)  # Police's parts are all hidden: no bar
    assert BUDGET.printed_totals() == ()
    assert STACKED.suppressed
    assert STACKED.gaps() == [(0, 1, Gap.SUPPRESSED), (1, 1, Gap.SUPPRESSED)]
    assert STACKED.partly_suppressed() == ()


def test_a_stacked_bar_with_a_suppressed_part_is_refused_or_left_out() -> None:
    fields = {
        "kind": ChartKind.BAR,
        "title": "Attendance",
        "category_title": "Agency",
        "value_title": "Attendees",
        "stacked": True,
        "categories": ["Health", "Police", "Schools"],
        "series": [Series("Face to face", [120, 40, 9]), Series("E-learning", [80, Gap.SUPPRESSED, 3])],
    }
    with pytest.raises(ValueError, match=r"a bar with a suppressed part cannot be drawn \(Police\)"):
        ChartSpec(**fields)
    kept, left_out = without_partial_stacks(fields)
    assert left_out == ("Police",)
    spec = ChartSpec(**kept)
    assert spec.categories == ("Health", "Schools")
    assert [s.values for s in spec.series] == [(120, 9), (80, 3)]
    # Side by side, a bar is a single value: nothing is left out.
    assert ChartSpec(**{**fields, "stacked": False}).partly_suppressed() == (1,)
    assert without_partial_stacks({**fields, "stacked": False})[1] == ()
    assert left_out_note(left_out).startswith("The bar for Police is not drawn: a part of it is hidden")


def test_the_table_of_a_chart_has_its_numbers() -> None:
    table = chart_table(BUDGET)
    assert [c.heading for c in table.columns] == ["Budget line", "Budget", "Spend"]
    rows = [["".join(i.text for i in cell.inlines) for cell in row.cells] for row in table.rows]
    assert rows == [
        ["Staffing", "£250,000", "£240,000"],
        ["Training", "£30,000", "£35,000"],
        ["Reviews", "–", "£52,000"],
    ]
    assert next(["".join(i.text for i in c.inlines) for c in r.cells] for r in chart_table(DEATHS).rows) == [
        "1. Deliberately inflicted injury",
        "c",
    ]


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("1,234", 1234),
        ("£331,724", 331724),
        ("-£23,274", -23274),
        ("12.5%", 12.5),
        ("0", 0),
        ("c", Gap.SUPPRESSED),
        ("–", Gap.UNAVAILABLE),
        ("Funded from reserves", Gap.UNAVAILABLE),
    ],
)
def test_a_printed_cell_is_read_back_as_the_value_it_shows(text: str, value: object) -> None:
    assert cell_value(text, "c") == value


# --- Word chart parts ----------------------------------------------------------------------


def _cache(chart: etree._Element) -> tuple[list[str], list[tuple[str, dict[int, float]]]]:
    series = chart.findall(".//c:ser", NS)
    categories = {
        int(pt.get("idx")): pt.findtext("c:v", namespaces=NS) for pt in series[0].findall("c:cat//c:pt", NS)
    }
    out = []
    for ser in series:
        name = ser.findtext("c:tx//c:v", namespaces=NS) or ""
        values = {
            int(pt.get("idx")): float(pt.findtext("c:v", namespaces=NS))
            for pt in ser.findall("c:val//c:pt", NS)
        }
        out.append((name, values))
    return [categories[i] for i in sorted(categories)], out


def _expected(spec: ChartSpec) -> list[tuple[str, dict[int, float]]]:
    return [
        (s.name, {i: float(v) for i, v in enumerate(s.values) if not isinstance(v, Gap)}) for s in spec.series
    ]


def _sheet(data: bytes) -> list[list[object]]:
    book = openpyxl.load_workbook(io.BytesIO(data))
    return [list(row) for row in book.active.iter_rows(values_only=True)]


def _expected_sheet(spec: ChartSpec) -> list[list[object]]:
    rows: list[list[object]] = [[None, *(s.name for s in spec.series)]]
    for c, category in enumerate(spec.categories):
        rows.append([category, *(None if isinstance(s.values[c], Gap) else s.values[c] for s in spec.series)])
    return rows


@pytest.mark.parametrize("spec", [DEATHS, BUDGET, TREND, STACKED], ids=lambda s: s.kind.value)
def test_the_chart_part_caches_exactly_the_values_given_and_styles_with_the_theme(spec: ChartSpec) -> None:
    chart = etree.fromstring(chart_xml(spec, "rId1"))
    categories, series = _cache(chart)
    assert categories == list(spec.categories)
    assert series == _expected(spec)
    assert chart.find("c:chart/c:title", NS) is not None
    assert "".join(chart.find("c:chart/c:title", NS).itertext()) == spec.title
    axis_titles = ["".join(t.itertext()) for t in chart.findall("c:chart/c:plotArea/*/c:title", NS)]
    assert sorted(axis_titles) == sorted([spec.category_title, spec.value_title])
    # Colours come from the theme (accent1..6 and its text colour), never fixed RGB; text in the theme's font.
    assert chart.findall(".//a:srgbClr", NS) == []
    assert {e.get("val") for e in chart.iterfind(".//a:schemeClr", NS)} <= {
        f"accent{i}" for i in range(1, 7)
    } | {"tx1", "bg1"}
    assert chart.find(".//a:latin", NS).get("typeface") == "+mn-lt"
    assert (
        chart.find("c:externalData", NS).get(
            f"{{{'http://schemas.openxmlformats.org/officeDocument/2006/relationships'}}}id"
        )
        == "rId1"
    )


@pytest.mark.parametrize("spec", [DEATHS, BUDGET, TREND, STACKED], ids=lambda s: s.kind.value)
def test_the_embedded_workbook_holds_the_values_given_with_fixed_dates_and_no_author(spec: ChartSpec) -> None:
    data = workbook(spec, WHEN)
    assert data == workbook(spec, WHEN)
    assert _sheet(data) == _expected_sheet(spec)
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        assert {info.date_time for info in package.infolist()} == {(1980, 1, 1, 0, 0, 0)}
        core = package.read("docProps/core.xml").decode()
        app = package.read("docProps/app.xml").decode()
    assert "<dcterms:created" in core
    assert "2016-03-31T00:00:00Z" in core
    assert re.search(r"<dc:creator>[^<]+</dc:creator>", core) is None
    assert re.search(r"<cp:lastModifiedBy>[^<]+</cp:lastModifiedBy>", core) is None
    assert re.search(r"<(Company|Manager)>[^<]+<", app) is None


# Any text, control characters included: what a chart cannot hold is dropped, the rest kept.
_LABEL = st.text(st.characters(exclude_categories=("Cs",)), min_size=1, max_size=20).filter(
    lambda s: bool(s.strip())
)
_VALUE = st.one_of(
    st.integers(min_value=0, max_value=10**9),
    st.floats(min_value=0, max_value=1e9, allow_nan=False, allow_infinity=False),
    st.sampled_from([Gap.SUPPRESSED, Gap.UNAVAILABLE]),
)


@st.composite
def chart_specs(draw: st.DrawFn) -> ChartSpec:
    n = draw(st.integers(min_value=1, max_value=8))
    kind = draw(st.sampled_from(list(ChartKind)))
    series = [
        Series(draw(_LABEL), draw(st.lists(_VALUE, min_size=n, max_size=n)))
        for _ in range(draw(st.integers(min_value=1, max_value=MAX_SERIES)))
    ]
    fields = {
        "kind": kind,
        "title": draw(_LABEL),
        "category_title": draw(_LABEL),
        "value_title": draw(_LABEL),
        "categories": draw(st.lists(_LABEL, min_size=n, max_size=n)),
        "series": series,
        "unit": draw(st.sampled_from(list(ChartUnit))),
        "stacked": kind is not ChartKind.LINE and draw(st.booleans()),
        "over_time": draw(st.booleans()),
    }
    # A stacked bar with a suppressed part is refused: such categories are left out.
    fields, _ = without_partial_stacks(fields)
    if not fields["categories"]:
        fields = {**fields, "categories": ["Only"], "series": [Series("A", [1])]}
    return ChartSpec(**fields)


@settings(max_examples=20)
@given(chart_specs())
def test_any_chart_caches_its_values_and_describes_itself(spec: ChartSpec) -> None:
    chart = etree.fromstring(chart_xml(spec, "rId1"))
    categories, series = _cache(chart)
    clean = [
        " ".join(re.sub(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]", "", c).split()) or "–"
        for c in spec.categories
    ]
    assert categories == clean
    assert [values for _, values in series] == [values for _, values in _expected(spec)]
    text = alt_text(spec)
    assert text.strip()
    assert text != "chart"
    hidden = sum(1 for _, _, gap in spec.gaps() if gap is Gap.SUPPRESSED)
    if hidden:
        assert ("1 value is hidden" if hidden == 1 else f"{hidden} values are hidden") in text
    svg = etree.fromstring(svg_chart(spec).encode())
    assert svg.get("role") == "img"


def test_format_value_writes_numbers_as_the_report_does() -> None:
    assert format_value(1234, ChartUnit.COUNT) == "1,234"
    assert format_value(-23274, ChartUnit.MONEY) == "-£23,274"
    assert format_value(12.5, ChartUnit.PERCENT) == "12.5%"


# --- charts in built reports ---------------------------------------------------------------


@pytest.fixture(scope="module")
def reports(tmp_path_factory: pytest.TempPathFactory) -> dict[str, BuildResult]:
    out = tmp_path_factory.mktemp("charts")
    built = {}
    for name, board in (("hertfordshire", HERTFORDSHIRE), ("partnership", BOARDS / "partnership")):
        result = build_report(board, output=out / f"{name}.docx")
        assert result.ok, [str(f) for f in result.errors]
        built[name] = result
    return built


def _charts(path: Path) -> list[tuple[etree._Element, etree._Element, bytes, list[list[str]]]]:
    """Each chart of a document: its drawing, its chart part, its workbook, and the table after it."""
    document = Document(str(path))
    part = document.part
    body = document.element.body
    tables = {}
    out = []
    blocks = list(body.iterchildren(f"{{{W}}}p", f"{{{W}}}tbl"))
    for i, block in enumerate(blocks):
        for inline in block.iter(f"{{{WP}}}inline"):
            reference = inline.find(".//c:chart", NS)
            if reference is None:
                continue
            rid = reference.get("{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id")
            rel = part.rels[rid]
            assert rel.reltype == RT.CHART
            chart_part = rel.target_part
            books = [r.target_part for r in chart_part.rels.values() if r.reltype == RT.PACKAGE]
            assert len(books) == 1
            table = next(b for b in blocks[i + 1 :] if b.tag == f"{{{W}}}tbl")
            tables[rid] = table
            grid = [
                ["".join(t.text or "" for t in tc.iter(f"{{{W}}}t")) for tc in tr.iter(f"{{{W}}}tc")]
                for tr in table.iter(f"{{{W}}}tr")
            ]
            out.append((inline, etree.fromstring(chart_part.blob), books[0].blob, grid))
    return out


@pytest.mark.parametrize("board", ["hertfordshire", "partnership"])
def test_each_chart_has_alt_text_a_title_and_a_table_beside_it_with_the_same_numbers(
    reports: dict[str, BuildResult], board: str
) -> None:
    result = reports[board]
    assert result.output is not None
    charts = [c for c in _charts(result.output) if not _over_the_years(c[1])]
    assert len(charts) == (2 if board == "hertfordshire" else 4)
    for inline, chart, book, grid in charts:
        doc_pr = inline.find("wp:docPr", NS)
        title = "".join(chart.find("c:chart/c:title", NS).itertext())
        assert doc_pr.get("title") == title
        assert len(doc_pr.get("descr")) > len(title) + 20
        assert title.lower()[:20] in doc_pr.get("descr").lower()
        categories, series = _cache(chart)
        rows = [row for row in grid[1:] if row[0] != "Total"]
        assert len(rows) == len(categories)
        for c, (label, row) in enumerate(zip(categories, rows, strict=True)):
            assert row[0].startswith(label)
            printed = [cell_value(cell, "c") for cell in row[1:]]
            for _, values in series:
                if c in values:
                    assert values[c] in printed, (label, values[c], row)
                else:
                    assert any(isinstance(p, Gap) for p in printed), (label, row)
        sheet = _sheet(book)
        assert sheet[0][1:] == [name for name, _ in series]
        for c, row in enumerate(sheet[1:]):
            assert row[0] == categories[c]
            assert row[1:] == [values.get(c) for _, values in series]
    # The workbooks are the charts' own data, not files inside the file.
    assert [f for f in audit_docx(result.output) if "chart" in f.code or "embedded" in f.code] == []


def test_the_public_edition_plots_no_suppressed_count(reports: dict[str, BuildResult]) -> None:
    output = reports["partnership"].output
    assert output is not None
    (deaths, *_) = [c for c in _charts(output) if not _over_the_years(c[1])]
    _, chart, book, grid = deaths
    hidden = [i for i, row in enumerate(grid[1:-1]) if row[1] == "c"]
    assert hidden
    _, [(_, values)] = _cache(chart)
    assert not set(hidden) & set(values)
    assert all(_sheet(book)[i + 1][1] is None for i in hidden)
    assert "not plotted" in deaths[0].find("wp:docPr", NS).get("descr")


def test_charts_can_be_turned_off(tmp_path: Path) -> None:
    board = make_board(
        tmp_path / "b",
        {
            "budget.yaml": "lines: [{name: Staff, budget: 100, spend: 90}, {name: Training, budget: 50, spend: 60}]\n",
        },
    )
    pm = make_plugin_manager(entry_points=False)
    assert build_report(board, output=tmp_path / "on.docx", pm=pm).ok
    (board / "2015-16" / "settings.yaml").write_text("charts: false\n", encoding="utf-8")
    assert build_report(board, output=tmp_path / "off.docx", pm=pm).ok
    with zipfile.ZipFile(tmp_path / "on.docx") as on, zipfile.ZipFile(tmp_path / "off.docx") as off:
        assert "word/charts/chart1.xml" in on.namelist()
        assert "word/embeddings/Microsoft_Excel_Worksheet1.xlsx" in on.namelist()
        assert not any("chart" in name or "embeddings" in name for name in off.namelist())


# --- the audit ---------------------------------------------------------------------------


def _document(blocks: Sequence[Block]) -> bytes:
    document = TemplateDocument(default_template())
    context = dict.fromkeys(
        (
            "board_name",
            "report_title",
            "full_title",
            "period_long",
            "period_label",
            "edition",
            "edition_notice",
            "header_notice",
            "footer_title",
        ),
        "x",
    )
    document.render(blocks, context=context)
    properties = DocumentProperties(
        title="t", subject="s", author="a", keywords="k", category="c", status="s"
    )
    return document.save(properties, WHEN)


def _codes(data: bytes) -> list[str]:
    return [f.code for f in audit_docx(data) if "chart" in f.code]


def test_the_audit_wants_a_table_of_the_chart_figures_beside_it_or_linked() -> None:
    table = chart_table(BUDGET)
    assert _codes(_document([Heading("A", 1), Chart(BUDGET), table])) == []
    assert _codes(_document([Heading("A", 1), Chart(BUDGET), Heading("B", 1), table])) == [
        "audit.chart-data-table"
    ]
    linked = [
        Heading("A", 1),
        Chart(BUDGET, table_anchor="figures"),
        Heading("B", 1),
        Heading("Figures", 2, anchor="figures"),
        table,
    ]
    assert _codes(_document(linked)) == []
    other = Table(table.columns, table.rows[:1])
    assert _codes(_document([Heading("A", 1), Chart(BUDGET), other])) == ["audit.chart-data-table"]


def test_the_audit_finds_a_chart_without_alt_text_or_title() -> None:
    data = _document([Heading("A", 1), Chart(DEATHS), chart_table(DEATHS), paragraph("after")])
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w") as target:
        for name in source.namelist():
            content = source.read(name)
            if name == "word/document.xml":
                content = re.sub(rb' (descr|title)="[^"]*"', b"", content)
            if name == "word/charts/chart1.xml":
                content = re.sub(rb"<c:title>.*?</c:title>", b"", content, flags=re.DOTALL)
            target.writestr(name, content)
    findings = [f for f in audit_docx(out.getvalue()) if "chart" in f.code]
    assert [(f.level.value, f.code, f.path) for f in findings] == [
        ("error", "audit.chart-alt-missing", ("chart", 1)),
        ("error", "audit.chart-title-missing", ("chart", 1)),
        ("warning", "audit.chart-axis-title-missing", ("chart", 1)),
    ]
    assert "has no alt text" in findings[0].message


# --- SVG ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("spec", [DEATHS, BUDGET, TREND, STACKED], ids=lambda s: s.kind.value)
def test_the_svg_chart_is_an_accessible_picture_with_no_script(spec: ChartSpec) -> None:
    text = svg_chart(spec, id_prefix="c1")
    assert text == svg_chart(spec, id_prefix="c1")
    svg = etree.fromstring(text.encode())
    ns = {"s": "http://www.w3.org/2000/svg"}
    assert svg.get("role") == "img"
    assert svg.get("aria-labelledby") == "c1-title c1-desc"
    assert svg.findtext("s:title", namespaces=ns) == spec.title
    assert svg.findtext("s:desc", namespaces=ns) == alt_text(spec)
    assert not list(svg.iter("{http://www.w3.org/2000/svg}script"))
    assert not [a for e in svg.iter() for a in e.attrib if a.lower().startswith("on") or "href" in a]
    fills = {e.get("fill") for e in svg.iter() if (e.get("fill") or "").startswith("#")}
    strokes = {e.get("stroke") for e in svg.iter() if (e.get("stroke") or "").startswith("#")}
    series = {f"#{c}" for c in DEFAULT_PALETTE[: len(spec.series)]}
    assert series <= fills | strokes
    if len(spec.series) > 1 and spec.kind is not ChartKind.LINE:
        assert len(svg.findall(".//s:pattern", ns)) == len(spec.series) - 1
    for _, _, value in spec.plotted():
        if len(spec.categories) <= 30:
            assert format_value(value, spec.unit) in "".join(svg.itertext())


def test_svg_colours_without_enough_contrast_are_replaced() -> None:
    text = svg_chart(BUDGET, palette=["#FFFF00", "4BACC6", "C0504D"])
    assert "FFFF00" not in text.upper()
    assert "#4BACC6" not in text.upper()
    assert "#C0504D" in text.upper()
    assert all(contrast_ratio(c, "FFFFFF") >= 3 for c in DEFAULT_PALETTE)


def test_svg_text_from_the_data_is_escaped() -> None:
    spec = ChartSpec(
        kind=ChartKind.COLUMN,
        title="<script>alert(1)</script> & more",
        category_title="A & B",
        value_title='"quoted"',
        categories=["<b>", "x]]>"],
        series=[Series("s<", [1, 2])],
    )
    svg = etree.fromstring(svg_chart(spec).encode())
    assert not list(svg.iter("{http://www.w3.org/2000/svg}script"))
    assert "<script>alert(1)</script> & more" in "".join(svg.itertext())


# --- through LibreOffice ---------------------------------------------------------------------


def _bars(boxes: list[tuple[int, int, int, int]], *, horizontal: bool) -> list[int]:
    """Lengths of the bars among solid boxes: those standing on one axis line, longest first."""
    lengths: dict[int, list[int]] = {}
    for x0, y0, x1, y1 in boxes:
        base, length, thickness = (x0, x1 - x0, y1 - y0) if horizontal else (y1, y1 - y0, x1 - x0)
        if length > thickness:
            lengths.setdefault(base, []).append(length)
    return sorted(max(lengths.values(), key=len), reverse=True)


@pytest.mark.libreoffice
def test_libreoffice_draws_the_charts_with_bars_as_long_as_their_values(
    reports: dict[str, BuildResult],
) -> None:
    from lscb_core._render.pdf import convert_to_pdf

    from .pdfpages import page_picture, page_with, require_pdftoppm, solid_boxes
    from .test_libreoffice import require_libreoffice

    require_libreoffice()
    require_pdftoppm()
    output = reports["partnership"].output
    assert output is not None
    pdf = convert_to_pdf(output.read_bytes())
    for title, axis, horizontal in (
        ("Reviews completed by category of death", "Category of death", True),
        ("Reviews completed by age of the child", "Age of the child", False),
    ):
        chart = next(
            c for _, c, _, _ in _charts(output) if "".join(c.find("c:chart/c:title", NS).itertext()) == title
        )
        _, [(_, values)] = _cache(chart)
        plotted = sorted((v for v in values.values() if v > 0), reverse=True)
        page = page_with(pdf, title, axis, "not plotted")
        bars = _bars(solid_boxes(page_picture(pdf, page)), horizontal=horizontal)
        assert len(bars) == len(plotted), (title, bars, plotted)
        assert bars[0] / bars[-1] == pytest.approx(plotted[0] / plotted[-1], rel=0.06), (title, bars, plotted)


def test_the_web_edition_draws_a_chart_as_inline_svg_with_its_note_once() -> None:
    from lscb_core._render.html import HtmlWriter

    html = HtmlWriter().write([Chart(DEATHS), chart_table(DEATHS)])
    assert html.count('<svg xmlns="http://www.w3.org/2000/svg" role="img"') == 1
    assert html.count("are not plotted.") == 1
    assert "<script" not in html
    assert "<table" in html


def _over_the_years(chart: etree._Element) -> bool:
    return "".join(chart.find("c:chart/c:title", NS).itertext()).endswith("over the years")


def test_figures_over_the_years_are_drawn_after_their_table_with_the_same_numbers(
    reports: dict[str, BuildResult],
) -> None:
    output = reports["partnership"].output
    assert output is not None
    document = Document(str(output))
    body = list(document.element.body.iterchildren(f"{{{W}}}p", f"{{{W}}}tbl"))
    found = 0
    for i, block in enumerate(body):
        for inline in block.iter(f"{{{WP}}}inline"):
            reference = inline.find(".//c:chart", NS)
            if reference is None:
                continue
            rid = reference.get("{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id")
            chart = etree.fromstring(document.part.rels[rid].target_part.blob)
            if not _over_the_years(chart):
                continue
            found += 1
            table = next(b for b in reversed(body[:i]) if b.tag == f"{{{W}}}tbl")
            grid = [
                ["".join(t.text or "" for t in tc.iter(f"{{{W}}}t")) for tc in tr.iter(f"{{{W}}}tc")]
                for tr in table.iter(f"{{{W}}}tr")
            ]
            categories, series = _cache(chart)
            assert grid[0][1 : 1 + len(categories)] == categories
            for name, values in series:
                row = next(r for r in grid[1:] if r[0] == name)
                printed = [cell_value(cell, "c") for cell in row[1 : 1 + len(categories)]]
                for c, value in values.items():
                    assert printed[c] == value, (name, c, row)
                for c in set(range(len(categories))) - set(values):
                    assert isinstance(printed[c], Gap) or row[1 + c] in ("–", ""), (name, c, row)
            assert "over the years" in inline.find("wp:docPr", NS).get("descr")
    assert found >= 2
