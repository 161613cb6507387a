"""Charts as real Word charts: a DrawingML chart part with its data in an embedded workbook.

An author can click such a chart in Word, edit its data, and restyle it; it
takes its colours (``accent1`` to ``accent6``) and fonts (the theme's body
font) from the template's theme, so a board's own template restyles it.

The chart XML is python-pptx's: its chart XML writer makes the chart space from
the data and its chart objects set the titles, axes, labels and colours. The
workbook is written by XlsxWriter (through python-pptx's workbook layout) with
fixed dates and no author, so that the same data give the same bytes.
python-docx has no chart support, so the parts are added to the Word package by
:mod:`lscb_core._render.chart_parts`, and the ``w:drawing`` that places a chart
in the text is written by :mod:`lscb_core._render.ooxml` like every other piece
of the body.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import io
import re
from collections.abc import Iterator
from typing import Any, NamedTuple

from lxml import etree
from pptx.chart.chart import Chart as PptxChart
from pptx.chart.data import CategoryChartData
from pptx.chart.xlsx import CategoryWorkbookWriter
from pptx.chart.xmlwriter import ChartXmlWriter
from pptx.dml.color import ColorFormat
from pptx.enum.chart import XL_CHART_TYPE, XL_LABEL_POSITION, XL_LEGEND_POSITION, XL_MARKER_STYLE
from pptx.enum.dml import MSO_PATTERN, MSO_THEME_COLOR
from pptx.oxml import parse_xml
from pptx.util import Pt
from xlsxwriter import Workbook

from lscb_core._base.charts import ChartKind, ChartSpec, ChartUnit, Gap, Series, default_height_cm

__all__ = ["chart_xml", "number_format", "workbook"]

C_NS = "http://schemas.openxmlformats.org/drawingml/2006/chart"
A_NS = "http://schemas.openxmlformats.org/drawingml/2006/main"

_ACCENTS = (
    MSO_THEME_COLOR.ACCENT_1,
    MSO_THEME_COLOR.ACCENT_2,
    MSO_THEME_COLOR.ACCENT_3,
    MSO_THEME_COLOR.ACCENT_4,
    MSO_THEME_COLOR.ACCENT_5,
    MSO_THEME_COLOR.ACCENT_6,
)
# Colour is not the only cue: the first series is solid and the others hatched, each differently,
# and line series differ in their markers.
_PATTERNS = (
    None,
    MSO_PATTERN.WIDE_UPWARD_DIAGONAL,
    MSO_PATTERN.SMALL_GRID,
    MSO_PATTERN.WIDE_DOWNWARD_DIAGONAL,
    MSO_PATTERN.DARK_VERTICAL,
    MSO_PATTERN.SMALL_CHECKER_BOARD,
)
_MARKERS = (
    XL_MARKER_STYLE.CIRCLE,
    XL_MARKER_STYLE.SQUARE,
    XL_MARKER_STYLE.TRIANGLE,
    XL_MARKER_STYLE.DIAMOND,
    XL_MARKER_STYLE.X,
    XL_MARKER_STYLE.PLUS,
)
_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_LABELLED_CATEGORIES = 30
"""Bars carry their values as labels up to this many categories (beyond, the labels would crowd)."""


def number_format(unit: ChartUnit, values: Any = ()) -> str:
    """The Excel number format of a chart's values (and its axis and labels)."""
    whole = all(float(v).is_integer() for v in values if not isinstance(v, Gap))
    if unit is ChartUnit.MONEY:
        return '"£"#,##0' if whole else '"£"#,##0.00'
    if unit is ChartUnit.PERCENT:
        return '0"%"' if whole else '0.0"%"'
    return "#,##0" if whole else "#,##0.0"


def _chart_type(spec: ChartSpec) -> XL_CHART_TYPE:
    if spec.kind is ChartKind.LINE:
        return XL_CHART_TYPE.LINE_MARKERS
    if spec.kind is ChartKind.BAR:
        return XL_CHART_TYPE.BAR_STACKED if spec.stacked else XL_CHART_TYPE.BAR_CLUSTERED
    return XL_CHART_TYPE.COLUMN_STACKED if spec.stacked else XL_CHART_TYPE.COLUMN_CLUSTERED


def _clean(text: str) -> str:
    """Text as a chart holds it: on one line, without characters XML cannot hold."""
    return " ".join(_ILLEGAL.sub("", text).split()) or "–"


def _chart_data(spec: ChartSpec) -> CategoryChartData:
    values = [v for s in spec.series for v in s.values]
    data = CategoryChartData(number_format=number_format(spec.unit, values))
    data.categories = [_clean(c) for c in spec.categories]
    for series in spec.series:
        # A gap is no value at all: no cell in the workbook, no point in the chart's cache.
        data.add_series(_clean(series.name), [None if isinstance(v, Gap) else v for v in series.values])
    return data


def _theme_colour(colour: ColorFormat, accent: MSO_THEME_COLOR) -> None:
    colour.theme_color = accent


def _grey(colour: ColorFormat, brightness: float) -> None:
    # A tint of the theme's text colour, so a dark theme keeps its contrast.
    colour.theme_color = MSO_THEME_COLOR.TEXT_1
    colour.brightness = brightness


def _text(frame: Any, text: str, *, size: float, bold: bool = False) -> None:
    frame.text = text
    for paragraph in frame.paragraphs:
        paragraph.font.size = Pt(size)
        paragraph.font.bold = bold
        _grey(paragraph.font.color, 0.0)


def _labels(labels: Any, fmt: str) -> None:
    labels.number_format = fmt
    labels.number_format_is_linked = False
    labels.show_value = True
    labels.font.size = Pt(8)
    _grey(labels.font.color, 0.0)


class _Style(NamedTuple):
    """What a chart's look depends on; charts of one style differ only in their data and words."""

    kind: ChartKind
    stacked: bool
    series: int
    labelled: bool
    number_format: str
    negative: bool


def _style(spec: ChartSpec) -> _Style:
    values = [v for s in spec.series for v in s.values]
    labelled = len(spec.categories) <= _LABELLED_CATEGORIES and (
        spec.kind is not ChartKind.LINE or len(spec.series) <= 2
    )
    negative = any(v < 0 for _, _, v in spec.plotted())
    return _Style(
        spec.kind, spec.stacked, len(spec.series), labelled, number_format(spec.unit, values), negative
    )


@functools.lru_cache(maxsize=64)
def _styled(style: _Style) -> bytes:
    """A chart of ``style`` with stand-in data, styled through python-pptx's chart objects.

    Styling through those objects takes a few milliseconds a chart, so it is done
    once for each style; :func:`chart_xml` puts a chart's own data and words in.
    """
    spec = ChartSpec(
        kind=style.kind,
        title="title",
        category_title="categories",
        value_title="values",
        categories=("a", "b"),
        series=[Series(f"s{i}", (-1 if style.negative else 1, 2)) for i in range(style.series)],
        stacked=style.stacked,
    )
    data = _chart_data(spec)
    chart_space = parse_xml(ChartXmlWriter(_chart_type(spec), data).xml.encode("utf-8"))
    chart = PptxChart(chart_space, None)
    fmt = style.number_format

    chart.font.name = "+mn-lt"  # the theme's body font
    chart.font.size = Pt(9)
    _grey(chart.font.color, 0.0)
    chart.has_title = True
    _text(chart.chart_title.text_frame, spec.title, size=12, bold=True)

    category_axis = chart.category_axis
    category_axis.has_title = True
    _text(category_axis.axis_title.text_frame, spec.category_title, size=9, bold=True)
    category_axis.format.line.width = Pt(0.75)
    _grey(category_axis.format.line.color, 0.35)
    value_axis = chart.value_axis
    value_axis.has_title = True
    _text(value_axis.axis_title.text_frame, spec.value_title, size=9, bold=True)
    value_axis.tick_labels.number_format = fmt
    value_axis.tick_labels.number_format_is_linked = False
    value_axis.has_major_gridlines = True
    value_axis.major_gridlines.format.line.width = Pt(0.5)
    _grey(value_axis.major_gridlines.format.line.color, 0.75)
    value_axis.format.line.fill.background()  # the gridlines are enough; no line along the axis
    if not style.negative:
        value_axis.minimum_scale = 0

    if spec.kind is ChartKind.BAR:
        # Horizontal bars read from the top, in the order given, with the values along the bottom.
        category_axis.reverse_order = True
        _set_crosses_at_maximum(chart_space)

    plot = chart.plots[0]
    if spec.kind is not ChartKind.LINE:
        plot.gap_width = 60 if len(spec.series) == 1 else 50
        if spec.stacked:
            plot.overlap = 100
        plot.vary_by_categories = False
    labelled = style.labelled
    if labelled and not spec.stacked:
        plot.has_data_labels = True
        _labels(plot.data_labels, fmt)
        plot.data_labels.position = (
            XL_LABEL_POSITION.ABOVE if spec.kind is ChartKind.LINE else XL_LABEL_POSITION.OUTSIDE_END
        )
    elif labelled:
        # Labels sit inside stacked segments: light on the solid first series, dark on the hatched ones.
        for index, series in enumerate(plot.series):
            _labels(series.data_labels, fmt)
            series.data_labels.position = XL_LABEL_POSITION.CENTER
            if _PATTERNS[index % len(_PATTERNS)] is None:
                series.data_labels.font.color.theme_color = MSO_THEME_COLOR.BACKGROUND_1
            else:
                series.data_labels.font.bold = True

    for index, series in enumerate(plot.series):
        accent = _ACCENTS[index % len(_ACCENTS)]
        if spec.kind is ChartKind.LINE:
            series.smooth = False
            series.format.line.width = Pt(2.25)
            _theme_colour(series.format.line.color, accent)
            series.marker.style = _MARKERS[index % len(_MARKERS)]
            series.marker.size = 7
            series.marker.format.fill.solid()
            _theme_colour(series.marker.format.fill.fore_color, accent)
            _theme_colour(series.marker.format.line.color, accent)
            continue
        pattern = _PATTERNS[index % len(_PATTERNS)]
        fill = series.format.fill
        if pattern is None:
            fill.solid()
            _theme_colour(fill.fore_color, accent)
        else:
            fill.patterned()
            fill.pattern = pattern
            _theme_colour(fill.fore_color, accent)
            fill.back_color.theme_color = MSO_THEME_COLOR.BACKGROUND_1
        series.format.line.width = Pt(0.75)
        _theme_colour(series.format.line.color, accent)
        series.invert_if_negative = False

    if len(spec.series) > 1:
        chart.has_legend = True
        chart.legend.position = XL_LEGEND_POSITION.BOTTOM
        chart.legend.include_in_layout = False
        chart.legend.font.size = Pt(9)
    else:
        chart.has_legend = False

    _plain_chart_area(chart_space)
    return bytes(etree.tostring(chart_space))


def chart_xml(
    spec: ChartSpec,
    workbook_rid: str | None = None,
    *,
    width_cm: float = 16.0,
    height_cm: float | None = None,
) -> bytes:
    """The chart part (``c:chartSpace``) for ``spec``, its data linked to the workbook ``workbook_rid``.

    ``width_cm`` and ``height_cm`` are the size the chart is drawn at (the
    height chosen from the bars when ``None``).
    """
    chart_space = parse_xml(_styled(_style(spec)))
    data = _chart_data(spec)
    fresh = parse_xml(ChartXmlWriter(_chart_type(spec), data).xml.encode("utf-8"))
    for styled, plain in zip(chart_space.iter(_c("ser")), fresh.iter(_c("ser")), strict=True):
        for tag in ("tx", "cat", "val"):
            old, new = styled.find(_c(tag)), plain.find(_c(tag))
            if old is not None and new is not None:
                styled.replace(old, new)
    for path, text in (
        (f"{_c('chart')}/{_c('title')}", spec.title),
        (f"{_c('chart')}/{_c('plotArea')}/{_c('catAx')}/{_c('title')}", spec.category_title),
        (f"{_c('chart')}/{_c('plotArea')}/{_c('valAx')}/{_c('title')}", spec.value_title),
    ):
        (run,) = chart_space.find(path).iter(f"{{{A_NS}}}t")
        run.text = _clean(text)
    if spec.kind is ChartKind.BAR:
        _bar_layout(chart_space, spec, width_cm, height_cm or default_height_cm(spec, width_cm))
    if workbook_rid is not None:
        chart_space.get_or_add_externalData().rId = workbook_rid
    return bytes(etree.tostring(chart_space, xml_declaration=True, encoding="UTF-8", standalone=True))


def _bar_layout(chart_space: Any, spec: ChartSpec, width_cm: float, height_cm: float) -> None:
    """Room for the names of horizontal bars: the plot area placed by hand (``c:manualLayout``).

    Left to itself, a chart gives long category names all the room they want
    on one line, and the bars get what is left; placed by hand, the names wrap
    in the room left of the plot. python-pptx has no setting for the plot
    area's layout, so the element is written here.
    """
    longest = max(len(c) for c in spec.categories)
    left = min(0.42 * width_cm, max(3.0, 1.2 + 0.16 * min(longest, 40)))
    title_lines = 1 + len(spec.title) * 0.24 // max(1.0, width_cm - 1.0)
    top = 0.9 + 0.5 * title_lines
    bottom = 1.5 + (0.8 if len(spec.series) > 1 else 0.0)
    height = max(1.0, height_cm - top - bottom)
    layout = etree.Element(_c("layout"))
    manual = etree.SubElement(layout, _c("manualLayout"))
    for tag, value in (
        ("layoutTarget", "inner"),
        ("xMode", "edge"),
        ("yMode", "edge"),
        ("x", f"{left / width_cm:.4f}"),
        ("y", f"{top / height_cm:.4f}"),
        ("w", f"{(width_cm - left - 1.4) / width_cm:.4f}"),
        ("h", f"{height / height_cm:.4f}"),
    ):
        etree.SubElement(manual, _c(tag)).set("val", value)
    plot_area = chart_space.find(f"{_c('chart')}/{_c('plotArea')}")
    existing = plot_area.find(_c("layout"))
    if existing is not None:
        plot_area.remove(existing)
    plot_area.insert(0, layout)


def _c(local: str) -> str:
    return f"{{{C_NS}}}{local}"


def _set_crosses_at_maximum(chart_space: Any) -> None:
    # python-pptx sets where the category axis crosses the value axis, not the reverse, which
    # a reversed category axis needs to keep the values along the bottom: set on the value axis.
    for crosses in chart_space.iter(_c("valAx")):
        element = crosses.find(_c("crosses"))
        if element is not None:
            element.set("val", "max")


def _plain_chart_area(chart_space: Any) -> None:
    """No rounded corners and no border around the chart: it sits in the text like a table.

    python-pptx has no setting for the chart area, so these two elements are
    written here: ``c:roundedCorners`` (Word rounds the corners when it is
    absent) and a ``c:spPr`` with no line, both in their schema positions.
    """
    rounded = etree.Element(_c("roundedCorners"))
    rounded.set("val", "0")
    date1904 = chart_space.find(_c("date1904"))
    if date1904 is not None:
        date1904.addnext(rounded)
    else:
        chart_space.insert(0, rounded)
    shape = etree.Element(_c("spPr"))
    etree.SubElement(shape, f"{{{A_NS}}}noFill")
    line = etree.SubElement(shape, f"{{{A_NS}}}ln")
    etree.SubElement(line, f"{{{A_NS}}}noFill")
    text = chart_space.find(_c("txPr"))
    if text is not None:
        text.addprevious(shape)
    else:
        chart_space.find(_c("chart")).addnext(shape)


class _Workbook(CategoryWorkbookWriter):  # type: ignore[misc]
    """python-pptx's workbook layout, with fixed dates and no author (XlsxWriter stamps the time)."""

    def __init__(self, data: CategoryChartData, when: dt.datetime) -> None:
        super().__init__(data)
        self._when = when

    @contextlib.contextmanager
    def _open_worksheet(self, xlsx_file: io.BytesIO) -> Iterator[tuple[Any, Any]]:
        # XlsxWriter fixes the zip entries' dates itself (1 January 1980); the document properties
        # take the build's time, and name no author, company or manager.
        book = Workbook(xlsx_file, {"in_memory": True})
        book.set_properties({"created": self._when, "author": "", "company": "", "manager": ""})
        sheet = book.add_worksheet()
        yield book, sheet
        book.close()


def workbook(spec: ChartSpec, when: dt.datetime) -> bytes:
    """The embedded workbook: the categories down column A and a column for each series."""
    stamp = when.replace(tzinfo=dt.UTC) if when.tzinfo is None else when
    return bytes(_Workbook(_chart_data(spec), stamp).xlsx_blob)
