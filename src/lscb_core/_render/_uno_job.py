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
from typing import Any

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
