"""One job for a running LibreOffice, run by the Python that has LibreOffice's ``uno`` module.

This file is not imported by lscb: :mod:`lscb_core._render.office` runs it as
a script with the system's Python (Debian's ``python3-uno``), because the
``uno`` module lives there and not in lscb's environment. It connects to the
LibreOffice listening on the pipe it is given, opens the document hidden and
does what the request asks: update the contents, read the page of each named
bookmark, export a tagged PDF. It writes one JSON line with the result.

Usage: python3 _uno_job.py PIPE SECONDS. It connects first (waiting up to
SECONDS for LibreOffice to be ready), so that lscb can start it early, then
reads one JSON request line from standard input (an empty line: nothing to do).
"""

from __future__ import annotations

import json
import sys
import time
import zipfile
from typing import Any
from xml.etree import ElementTree

import uno
from com.sun.star.beans import PropertyValue
from com.sun.star.connection import NoConnectException


def _property(name: str, value: Any) -> Any:
    prop = PropertyValue()
    prop.Name = name
    prop.Value = value
    return prop


def _connect(pipe: str, deadline: float) -> Any:
    local = uno.getComponentContext()
    resolver = local.ServiceManager.createInstanceWithContext("com.sun.star.bridge.UnoUrlResolver", local)
    while True:
        try:
            return resolver.resolve(f"uno:pipe,name={pipe};urp;StarOffice.ComponentContext")
        except NoConnectException:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.05)


def _pdf_options(request: dict[str, Any]) -> Any:
    options = (
        _property("UseTaggedPDF", True),
        _property("PDFUACompliance", True),
        _property("ExportBookmarks", True),
        _property("ExportBookmarksToPDFDestination", False),
        _property("DisplayPDFDocumentTitle", True),
        _property("ExportNotes", False),
        _property("ExportFormFields", False),
        _property("UseLosslessCompression", True),
        _property("DocumentTitle", request.get("title") or ""),
    )
    return uno.Any("[]com.sun.star.beans.PropertyValue", options)


_WP = "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}"
_A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"


def _chart_alt_text(document: Any, docx: str) -> None:
    """Give each chart its alternative text again before the PDF is made.

    LibreOffice 7.4 does not read a DOCX chart's alternative text (its
    ``wp:docPr`` title and description) when it opens the document, so the
    PDF's figure for the chart would have none. Each chart object is matched
    to its drawing by the chart's title, in document order.
    """
    with zipfile.ZipFile(docx) as package:
        root = ElementTree.fromstring(package.read("word/document.xml"))
    wanted: dict[str, list[tuple[str, str]]] = {}
    for drawing in (*root.iter(f"{_WP}inline"), *root.iter(f"{_WP}anchor")):
        data = drawing.find(f".//{_A}graphicData")
        properties = drawing.find(f"{_WP}docPr")
        if data is None or properties is None or not data.get("uri", "").endswith("/chart"):
            continue
        title, alt = properties.get("title") or "", properties.get("descr") or ""
        if alt:
            wanted.setdefault(" ".join(title.split()), []).append((title, alt))
    if not wanted:
        return
    objects = document.getEmbeddedObjects()
    for name in objects.getElementNames():
        frame = objects.getByName(name)
        model = frame.getEmbeddedObject()
        if model is None or not model.supportsService("com.sun.star.chart2.ChartDocument"):
            continue
        heading = model.getTitleObject()
        text = "".join(piece.getString() for piece in heading.getText()) if heading is not None else ""
        found = wanted.get(" ".join(text.split()))
        if found:
            title, alt = found.pop(0)
            frame.Title = title
            frame.Description = alt


def run(context: Any, request: dict[str, Any]) -> dict[str, Any]:
    started = time.monotonic()
    timings: dict[str, float] = {}

    def lap(name: str) -> None:
        timings[name] = round(time.monotonic() - started - sum(timings.values()), 3)

    desktop = context.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", context)
    document = desktop.loadComponentFromURL(
        uno.systemPathToFileUrl(request["docx"]),
        "_blank",
        0,
        (_property("Hidden", True), _property("ReadOnly", False), _property("UpdateDocMode", 0)),
    )
    if document is None:
        raise RuntimeError("LibreOffice could not open the document")
    lap("load")
    try:
        pages: dict[str, int] = {}
        anchors = request.get("anchors") or []
        if request.get("update_contents"):
            indexes = document.getDocumentIndexes()
            for i in range(indexes.getCount()):
                indexes.getByIndex(i).update()
            lap("contents")
        if anchors:
            cursor = document.getCurrentController().getViewCursor()
            bookmarks = document.getBookmarks()
            for name in anchors:
                if bookmarks.hasByName(name):
                    cursor.gotoRange(bookmarks.getByName(name).getAnchor(), False)
                    pages[name] = int(cursor.getPage())
            lap("pages")
        if request.get("pdf"):
            _chart_alt_text(document, request["docx"])
            document.storeToURL(
                uno.systemPathToFileUrl(request["pdf"]),
                (
                    _property("FilterName", "writer_pdf_Export"),
                    _property("FilterData", _pdf_options(request)),
                ),
            )
            lap("pdf")
        return {"ok": True, "pages": pages, "seconds": timings}
    finally:
        document.close(True)


def main() -> None:
    started = time.monotonic()
    try:
        context = _connect(sys.argv[1], started + float(sys.argv[2]))
        connected = round(time.monotonic() - started, 3)
        line = sys.stdin.readline()
        if not line.strip():
            return
        result = run(context, json.loads(line))
        result["seconds"]["connect"] = connected
    except Exception as exc:  # reported to lscb as a message, never a traceback on the terminal
        result = {"ok": False, "error": f"{type(exc).__name__}: {exc}"}
    sys.stdout.write(json.dumps(result) + "\n")


if __name__ == "__main__":
    main()
