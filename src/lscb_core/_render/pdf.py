"""PDF output through LibreOffice's command line: the fallback where its scripting interface is missing."""

from __future__ import annotations

import io
import json
import os
import shutil
import subprocess
import tempfile
from collections.abc import Sequence
from pathlib import Path

from lscb_core._render.ooxml import ContentsEntry

__all__ = ["PdfError", "convert_to_pdf", "find_soffice", "heading_pages"]

TIMEOUT = 300

TAGGED_PDF_OPTIONS = json.dumps(
    {
        name: {"type": "boolean", "value": "true"}
        for name in ("UseTaggedPDF", "PDFUACompliance", "ExportBookmarks", "DisplayPDFDocumentTitle")
    },
    separators=(",", ":"),
)
"""LibreOffice's PDF export options (as JSON, which LibreOffice 7.4 and later read): tagged, PDF/UA, bookmarks."""


class PdfError(Exception):
    """LibreOffice is missing or could not convert the document."""


def find_soffice() -> str | None:
    """The LibreOffice command on the PATH (``LSCB_SOFFICE`` may name another)."""
    return os.environ.get("LSCB_SOFFICE") or shutil.which("soffice") or shutil.which("libreoffice")


def convert_to_pdf(docx: bytes, *, soffice: str | None = None) -> bytes:
    """The document as PDF, converted by a headless LibreOffice with a private profile."""
    command = soffice or find_soffice()
    if command is None:
        raise PdfError(
            "LibreOffice is not installed (no 'soffice' on the PATH), so no PDF can be made; install LibreOffice or leave pdf out of --to"
        )
    with tempfile.TemporaryDirectory(prefix="lscb-pdf-") as work:
        folder = Path(work)
        source = folder / "report.docx"
        source.write_bytes(docx)
        profile = (folder / "profile").as_uri()
        try:
            done = subprocess.run(
                [
                    command,
                    f"-env:UserInstallation={profile}",
                    "--headless",
                    "--norestore",
                    "--convert-to",
                    f"pdf:writer_pdf_Export:{TAGGED_PDF_OPTIONS}",
                    "--outdir",
                    str(folder),
                    str(source),
                ],
                capture_output=True,
                timeout=TIMEOUT,
                check=False,
            )
        except subprocess.TimeoutExpired:
            raise PdfError(
                f"LibreOffice took longer than {TIMEOUT} seconds to convert the document"
            ) from None
        except OSError as exc:
            raise PdfError(f"LibreOffice could not be started ({command}): {exc}") from None
        result = folder / "report.pdf"
        if done.returncode != 0 or not result.is_file():
            detail = (done.stderr or done.stdout).decode(errors="replace").strip()
            raise PdfError(f"LibreOffice could not convert the document: {detail or 'no PDF was written'}")
        return result.read_bytes()


def heading_pages(pdf: bytes, entries: Sequence[ContentsEntry]) -> dict[str, int]:
    """The page each contents entry's heading is on, read from the PDF's bookmarks.

    LibreOffice writes a bookmark for every heading, in document order; the
    contents entries are the headings of the top levels, in the same order.
    """
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(pdf))
    flat: list[tuple[int, str, int]] = []

    def walk(items: list[object], depth: int) -> None:
        for item in items:
            if isinstance(item, list):
                walk(item, depth + 1)
                continue
            title = str(getattr(item, "title", "")).strip()
            page = reader.get_destination_page_number(item)  # type: ignore[arg-type]
            if page is not None:
                flat.append((depth, " ".join(title.split()), page + 1))

    walk(list(reader.outline), 1)
    pages: dict[str, int] = {}
    cursor = 0
    for entry in entries:
        wanted = " ".join(entry.text.split())
        for i in range(cursor, len(flat)):
            depth, title, page = flat[i]
            if depth == entry.level and title == wanted:
                pages[entry.anchor] = page
                cursor = i + 1
                break
    return pages
