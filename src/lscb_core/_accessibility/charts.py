"""Accessibility rules for charts in any Word document.

A chart is a picture of numbers: a screen reader gets its alternative text and
nothing else, so a chart needs alternative text and a title, and its numbers
need to be in a table a reader can reach.

* ``audit.chart-alt-missing`` (error): a chart with no alternative text
  (``wp:docPr/@descr``), unless the author marked it decorative.
* ``audit.chart-title-missing`` (error): a chart with no title of its own
  (``c:title`` with text) and none in its alternative text's title
  (``wp:docPr/@title``).
* ``audit.chart-axis-title-missing`` (warning): a bar, column or line chart
  with an axis that has no title.
* ``audit.chart-data-table`` (warning): no table with the chart's numbers near
  it. A table is near when it is in the same part of the document as the chart
  (between the same two headings), or in the part that a link beside the chart
  (within two paragraphs of it) leads to. A table holds the numbers when, for
  every category the chart plots, a row (or a column) names the category and
  holds each of its plotted values, as printed (``£1,234``, ``12%``).

Each finding's path is ``("chart", n)``: the n-th chart of the main body in
document order, counting charts in tables.
"""

from __future__ import annotations

import posixpath
import re
import zipfile
from collections.abc import Iterator, Mapping, Sequence
from urllib.parse import unquote

from lxml import etree

from lscb_core._base.findings import Finding, Level
from lscb_core._base.locations import Location

__all__ = ["audit_charts"]

_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_A = "http://schemas.openxmlformats.org/drawingml/2006/main"
_C = "http://schemas.openxmlformats.org/drawingml/2006/chart"
_WP = "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"
_MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
_PKG_RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
_DECORATIVE = "{http://schemas.microsoft.com/office/drawing/2017/decorative}decorative"
_STRICT = (
    (b"http://purl.oclc.org/ooxml/wordprocessingml/main", _W.encode()),
    (b"http://purl.oclc.org/ooxml/officeDocument/relationships", _R.encode()),
    (b"http://purl.oclc.org/ooxml/drawingml/main", _A.encode()),
    (b"http://purl.oclc.org/ooxml/drawingml/chart", _C.encode()),
    (b"http://purl.oclc.org/ooxml/drawingml/wordprocessingDrawing", _WP.encode()),
)
_MAX_PART_BYTES = 256 * 1024 * 1024
_NEAR = 2
"""A link this many paragraphs or tables before or after a chart counts as beside it."""
_AXES = ("catAx", "valAx", "dateAx", "serAx")
_NUMBER = re.compile(r"^[-−]?\d[\d,]*(\.\d+)?$")


def _w(local: str) -> str:
    return f"{{{_W}}}{local}"


def _c(local: str) -> str:
    return f"{{{_C}}}{local}"


W_P, W_TBL, W_TR, W_TC, W_T = _w("p"), _w("tbl"), _w("tr"), _w("tc"), _w("t")
W_PPR, W_PSTYLE, W_OUTLINE, W_VAL = _w("pPr"), _w("pStyle"), _w("outlineLvl"), _w("val")
W_SDT, W_SDTCONTENT, W_CUSTOMXML = _w("sdt"), _w("sdtContent"), _w("customXml")
W_BOOKMARK, W_NAME, W_HYPERLINK, W_ANCHOR = _w("bookmarkStart"), _w("name"), _w("hyperlink"), _w("anchor")
WP_INLINE, WP_ANCHOR = f"{{{_WP}}}inline", f"{{{_WP}}}anchor"


class _UnreadableError(Exception):
    pass


def _read(archive: zipfile.ZipFile, names: Mapping[str, str], part: str) -> etree._Element | None:
    name = names.get(part.lower())
    if name is None:
        return None
    info = archive.getinfo(name)
    if info.file_size > _MAX_PART_BYTES:
        raise _UnreadableError(part)
    try:
        data = archive.read(info)
    except Exception:  # a damaged part: the main audit reports an unreadable document
        raise _UnreadableError(part) from None
    if b"purl.oclc.org/ooxml" in data:
        for strict, transitional in _STRICT:
            data = data.replace(strict, transitional)
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError:
        raise _UnreadableError(part) from None
    for fallback in list(root.iter(f"{{{_MC}}}Fallback")):
        parent = fallback.getparent()
        if parent is not None:
            parent.remove(fallback)
    return root


def _relationships(archive: zipfile.ZipFile, names: Mapping[str, str], part: str) -> dict[str, str]:
    folder, name = posixpath.split(part)
    rels = _read(archive, names, posixpath.join(folder, "_rels", f"{name}.rels"))
    out: dict[str, str] = {}
    if rels is None:
        return out
    for rel in rels.iter(f"{{{_PKG_RELS}}}Relationship"):
        target = rel.get("Target")
        if not target or rel.get("TargetMode") == "External":
            continue
        target = unquote(target)
        resolved = target[1:] if target.startswith("/") else posixpath.join(folder, target)
        out[rel.get("Id", "")] = posixpath.normpath(resolved)
        out.setdefault("type:" + rel.get("Type", "").rsplit("/", 1)[-1], posixpath.normpath(resolved))
    return out


def audit_charts(
    archive: zipfile.ZipFile, where: Location, document: etree._Element | None = None
) -> list[Finding]:
    """Findings about the charts in the main body of a .docx (nothing when it has no chart part).

    ``document`` is the main part, when the caller has parsed it already.
    """
    names = {name.lower(): name for name in archive.namelist()}
    if not any("/charts/" in name for name in names):
        return []
    try:
        package = _relationships(archive, names, "")
        main = package.get("type:officeDocument", "word/document.xml")
        if document is None:
            document = _read(archive, names, main)
        if document is None:
            return []
        rels = _relationships(archive, names, main)
        styles = _read(archive, names, rels["type:styles"]) if "type:styles" in rels else None
        return _Charts(archive, names, document, rels, _heading_styles(styles), where).run()
    except _UnreadableError:
        return []


def _heading_styles(styles: etree._Element | None) -> set[str]:
    """Ids of paragraph styles that are headings (an outline level, or named "heading N" or "Title")."""
    out: set[str] = set()
    if styles is None:
        return out
    found: dict[str, tuple[str, str | None, bool]] = {}
    for style in styles.iter(_w("style")):
        sid = style.get(_w("styleId")) or ""
        name = style.find(_w("name"))
        based = style.find(_w("basedOn"))
        outline = style.find(f"{_w('pPr')}/{_w('outlineLvl')}")
        level = outline.get(_w("val")) if outline is not None else None
        heading = (level is not None and level.isdigit() and int(level) < 9) or bool(
            re.fullmatch(r"(?i)heading [1-9]|title", (name.get(_w("val")) or "") if name is not None else "")
        )
        found[sid] = (sid, based.get(_w("val")) if based is not None else None, heading)
    for sid in found:
        seen: set[str] = set()
        current: str | None = sid
        while current is not None and current in found and current not in seen:
            seen.add(current)
            _, parent, heading = found[current]
            if heading:
                out.add(sid)
                break
            current = parent
    return out


def _blocks(container: etree._Element) -> Iterator[etree._Element]:
    for child in container:
        if child.tag in (W_P, W_TBL):
            yield child
        elif child.tag == W_SDT:
            content = child.find(W_SDTCONTENT)
            if content is not None:
                yield from _blocks(content)
        elif child.tag == W_CUSTOMXML:
            yield from _blocks(child)


def _text(element: etree._Element) -> str:
    return " ".join("".join(t.text or "" for t in element.iter(W_T)).split())


class _ChartData:
    """What a chart part says: its title, axis titles, kind, categories and plotted values."""

    def __init__(self, space: etree._Element | None) -> None:
        self.title = ""
        self.plots_axes = False
        self.untitled_axes = 0
        self.categories: list[str] = []
        self.series: list[dict[int, float]] = []
        if space is None:
            return
        chart = space.find(_c("chart"))
        if chart is None:
            return
        title = chart.find(_c("title"))
        if title is not None:
            self.title = " ".join("".join(t.text or "" for t in title.iter(f"{{{_A}}}t", _c("v"))).split())
        plot_area = chart.find(_c("plotArea"))
        if plot_area is None:
            return
        axes = [axis for tag in _AXES for axis in plot_area.iter(_c(tag))]
        self.plots_axes = bool(axes)
        for axis in axes:
            deleted = axis.find(_c("delete"))
            if deleted is not None and deleted.get("val") in ("1", "true"):
                continue
            axis_title = axis.find(_c("title"))
            if (
                axis_title is None
                or not "".join(t.text or "" for t in axis_title.iter(f"{{{_A}}}t", _c("v"))).strip()
            ):
                self.untitled_axes += 1
        for ser in plot_area.iter(_c("ser")):
            if not self.categories:
                cat = ser.find(_c("cat"))
                if cat is not None:
                    self.categories = _points(cat)
            values: dict[int, float] = {}
            val = ser.find(_c("val"))
            if val is not None:
                for idx, text in _indexed(val):
                    try:
                        values[idx] = float(text)
                    except ValueError:
                        continue
            self.series.append(values)


def _indexed(element: etree._Element) -> Iterator[tuple[int, str]]:
    for pt in element.iter(_c("pt")):
        v = pt.find(_c("v"))
        idx = pt.get("idx", "")
        if v is not None and idx.isdigit():
            yield int(idx), v.text or ""


def _points(element: etree._Element) -> list[str]:
    found = dict(_indexed(element))
    size = max(found, default=-1) + 1
    return [" ".join(found.get(i, "").split()) for i in range(size)]


def _number(text: str) -> tuple[float, float] | None:
    """The number a cell prints and how exactly (half its last decimal place), or None."""
    text = text.strip().replace("£", "").replace("$", "").replace("€", "").replace("%", "").strip()
    text = text.replace("\u2212", "-").replace(" ", "")
    if not _NUMBER.match(text):
        return None
    _, _, decimals = text.partition(".")
    return float(text.replace(",", "")), 0.5 * 10 ** -len(decimals) + 1e-9


def _names(label: str, cell: str) -> bool:
    return cell == label or (cell.startswith(label) and not cell[len(label)].isalnum())


class _Grid:
    """A table's lines (its rows, then its columns): the text of each cell, and the numbers printed."""

    def __init__(self, table: etree._Element) -> None:
        rows = [[_text(cell) for cell in row.iter(W_TC)] for row in table.iter(W_TR)]
        width = max((len(row) for row in rows), default=0)
        rows = [row + [""] * (width - len(row)) for row in rows]
        self._lines = [*rows, *([list(column) for column in zip(*rows, strict=True)])]
        self._names = [[cell.casefold() for cell in line] for line in self._lines]
        self._numbers: dict[int, list[tuple[float, float]]] = {}

    def _printed(self, line: int) -> list[tuple[float, float]]:
        found = self._numbers.get(line)
        if found is None:
            found = self._numbers[line] = [n for n in map(_number, self._lines[line]) if n is not None]
        return found

    def holds(self, categories: Sequence[str], series: Sequence[dict[int, float]]) -> bool:
        """Whether each plotted category has a row or a column naming it and holding its values."""
        checked = 0
        for index, label in enumerate(categories):
            wanted = [values[index] for values in series if index in values]
            if not wanted or not label:
                continue
            checked += 1
            label = label.casefold()
            if not any(
                any(_names(label, cell) for cell in cells)
                and all(any(abs(n - value) <= close for n, close in self._printed(line)) for value in wanted)
                for line, cells in enumerate(self._names)
            ):
                return False
        return checked > 0


class _Charts:
    def __init__(
        self,
        archive: zipfile.ZipFile,
        names: Mapping[str, str],
        document: etree._Element,
        rels: Mapping[str, str],
        headings: set[str],
        where: Location,
    ) -> None:
        self._archive = archive
        self._names = names
        self._document = document
        self._rels = rels
        self._headings = headings
        self._where = where
        self._findings: list[Finding] = []
        self._grids: dict[etree._Element, _Grid] = {}

    def _grid(self, table: etree._Element) -> _Grid:
        found = self._grids.get(table)
        if found is None:
            found = self._grids[table] = _Grid(table)
        return found

    def _is_heading(self, block: etree._Element) -> bool:
        if block.tag != W_P:
            return False
        ppr = block.find(W_PPR)
        if ppr is None:
            return False
        outline = ppr.find(W_OUTLINE)
        if outline is not None:
            level = outline.get(W_VAL) or ""
            return level.isdigit() and int(level) < 9
        style = ppr.find(W_PSTYLE)
        return style is not None and style.get(W_VAL) in self._headings

    def run(self) -> list[Finding]:
        body = self._document.find(_w("body"))
        if body is None:
            return []
        blocks = list(_blocks(body))
        region: list[int] = []
        current = 0
        for block in blocks:
            if self._is_heading(block):
                current += 1
            region.append(current)
        tables: dict[int, list[etree._Element]] = {}
        position: dict[etree._Element, int] = {}
        for i, block in enumerate(blocks):
            if block.tag == W_TBL:
                for table in block.iter(W_TBL):
                    tables.setdefault(region[i], []).append(table)
                    position[table] = i
        index = {block: i for i, block in enumerate(blocks)}

        def block_of(element: etree._Element) -> int | None:
            for ancestor in element.iterancestors():
                if ancestor in index:
                    return index[ancestor]
            return None

        bookmarks: dict[str, int] = {}
        anchors: list[tuple[int, str]] = []
        drawings: list[tuple[int, etree._Element]] = []
        for element in body.iter(W_BOOKMARK, W_HYPERLINK, WP_INLINE, WP_ANCHOR):
            at = block_of(element)
            if at is None:
                continue
            if element.tag == W_BOOKMARK:
                bookmarks.setdefault(element.get(W_NAME) or "", region[at])
            elif element.tag == W_HYPERLINK:
                if element.get(W_ANCHOR):
                    anchors.append((at, element.get(W_ANCHOR) or ""))
            else:
                drawings.append((at, element))
        links: dict[int, set[int]] = {}
        for at, name in anchors:
            if name in bookmarks:
                links.setdefault(at, set()).add(bookmarks[name])
        n = 0
        for at, drawing in drawings:
            data = drawing.find(f".//{{{_A}}}graphicData")
            if data is None or not data.get("uri", "").endswith("/chart"):
                continue
            n += 1
            regions = {region[at]}
            for near in range(max(0, at - _NEAR), at + _NEAR + 1):
                regions |= links.get(near, set())
            # The tables nearest the chart first (after it before before it): the one beside it is usually the one.
            nearby = sorted(
                (table for r in regions for table in tables.get(r, [])),
                key=lambda table: (abs(position[table] - at), position[table] < at),
            )
            self._chart(n, drawing, data, nearby)
        return self._findings

    def _report(self, level: Level, code: str, n: int, message: str) -> None:
        self._findings.append(
            Finding(level=level, code=code, message=message, path=("chart", n), location=self._where)
        )

    def _chart(
        self, n: int, drawing: etree._Element, data: etree._Element, nearby: list[etree._Element]
    ) -> None:
        doc_pr = drawing.find(f"{{{_WP}}}docPr")
        alt = (doc_pr.get("descr") or "").strip() if doc_pr is not None else ""
        decorative = doc_pr is not None and any(
            (mark.get("val") or "") in ("1", "true") for mark in doc_pr.iter(_DECORATIVE)
        )
        reference = next(data.iter(_c("chart")), None)
        rid = reference.get(f"{{{_R}}}id") if reference is not None else None
        part = self._rels.get(rid or "")
        try:
            chart = _ChartData(_read(self._archive, self._names, part) if part else None)
        except _UnreadableError:
            chart = _ChartData(None)
        title = chart.title or ((doc_pr.get("title") or "").strip() if doc_pr is not None else "")
        name = title or ((doc_pr.get("name") or "") if doc_pr is not None else "")
        what = f'chart {n} "{name}"' if name else f"chart {n}"
        if not alt and not decorative:
            self._report(
                Level.ERROR,
                "audit.chart-alt-missing",
                n,
                f"{what} has no alt text; say what it shows and its main finding (Word: right-click > View Alt Text)",
            )
        if not title:
            self._report(
                Level.ERROR,
                "audit.chart-title-missing",
                n,
                f"{what} has no title; give the chart a title that says what it shows",
            )
        if chart.untitled_axes:
            self._report(
                Level.WARNING,
                "audit.chart-axis-title-missing",
                n,
                f"{what} has {chart.untitled_axes} {'axis' if chart.untitled_axes == 1 else 'axes'} without a title; say what each axis measures",
            )
        plotted = any(chart.series) and chart.categories
        if plotted and not any(self._grid(table).holds(chart.categories, chart.series) for table in nearby):
            self._report(
                Level.WARNING,
                "audit.chart-data-table",
                n,
                f"{what} has no table of its figures near it; a chart alone is not accessible, so put its numbers in a table beside it or link to one",
            )
