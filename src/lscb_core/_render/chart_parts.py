"""The charts of one Word document: a chart part for each, related to its embedded workbook.

The chart XML and the workbook are made by :mod:`lscb_core._render.word_chart`
(python-pptx and XlsxWriter), through :func:`lscb_core._base.keep.kept`: a
chart whose data, size and build date have not changed since the last build is
not made again, and python-pptx is not even imported.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part

from lscb_core._base.charts import ChartSpec
from lscb_core._base.keep import kept

__all__ = ["CHART_CONTENT_TYPE", "ChartParts", "chart_part", "workbook_part"]

CHART_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.drawingml.chart+xml"
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
_CHART_NAME = re.compile(r"/word/charts/chart(\d+)\.xml", re.IGNORECASE)
_BOOK_NAME = re.compile(r"/word/embeddings/Microsoft_Excel_Worksheet(\d+)\.xlsx", re.IGNORECASE)
_LIBRARIES = ("python-pptx", "XlsxWriter", "lxml")


def _same(data: bytes) -> bytes:
    return data


def chart_part(spec: ChartSpec, workbook_rid: str, width_cm: float, height_cm: float | None) -> bytes:
    """The chart XML for ``spec`` (see :func:`lscb_core._render.word_chart.chart_xml`), made once."""

    def make() -> bytes:
        from lscb_core._render.word_chart import chart_xml

        return chart_xml(spec, workbook_rid, width_cm=width_cm, height_cm=height_cm)

    return kept(
        "chart",
        (spec, workbook_rid, width_cm, height_cm),
        make,
        encode=_same,
        decode=_same,
        versions=_LIBRARIES,
    )


def workbook_part(spec: ChartSpec, when: dt.datetime) -> bytes:
    """The embedded workbook for ``spec`` (see :func:`lscb_core._render.word_chart.workbook`), made once."""

    def make() -> bytes:
        from lscb_core._render.word_chart import workbook

        return workbook(spec, when)

    return kept("workbook", (spec, when), make, encode=_same, decode=_same, versions=_LIBRARIES)


class _LatePart(Part):
    """A part whose bytes are given after it is related (its name and id go into other parts first)."""

    def __init__(self, partname: PackURI, content_type: str, package: Any) -> None:
        super().__init__(partname, content_type, b"", package)
        self._data = b""

    @property
    def blob(self) -> bytes:
        return self._data

    def set_blob(self, data: bytes) -> None:
        self._data = data


class ChartParts:
    """The charts of one Word document: a chart part for each, related to its embedded workbook.

    :meth:`add` makes the parts and returns the document's relationship id for
    the chart; the workbooks are written by :meth:`finish`, with the build's
    time, when the package is saved.
    """

    def __init__(self, document_part: Any) -> None:
        self._part = document_part
        self._pending: list[tuple[_LatePart, ChartSpec]] = []
        # Part names are numbered past those the template has (python-docx's next_partname walks
        # every part of the package each time, which adds up over many charts).
        names = [str(part.partname) for part in document_part.package.iter_parts()]
        self._next = {
            kind: 1 + max((int(m[1]) for m in map(pattern.fullmatch, names) if m), default=0)
            for kind, pattern in (("chart", _CHART_NAME), ("book", _BOOK_NAME))
        }

    def _name(self, kind: str, template: str) -> PackURI:
        number = self._next[kind]
        self._next[kind] = number + 1
        return PackURI(template % number)

    def add(self, spec: ChartSpec, width_cm: float = 16.0, height_cm: float | None = None) -> str:
        package = self._part.package
        chart = _LatePart(self._name("chart", "/word/charts/chart%d.xml"), CHART_CONTENT_TYPE, package)
        rid = self._part.relate_to(chart, RT.CHART)
        book = _LatePart(
            self._name("book", "/word/embeddings/Microsoft_Excel_Worksheet%d.xlsx"),
            XLSX_CONTENT_TYPE,
            package,
        )
        book_rid = chart.relate_to(book, RT.PACKAGE)
        chart.set_blob(chart_part(spec, book_rid, width_cm, height_cm))
        self._pending.append((book, spec))
        return str(rid)

    def finish(self, when: dt.datetime) -> None:
        for book, spec in self._pending:
            book.set_blob(workbook_part(spec, when))
        self._pending.clear()
