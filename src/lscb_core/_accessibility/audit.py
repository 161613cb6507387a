"""Accessibility audit of any Word .docx file against PSBAR 2018 / WCAG 2.1 AA expectations.

The audit is split by concern: :mod:`.package` reads the package, :mod:`.styles`
resolves styles, :mod:`.colour` works out contrast and :mod:`.rules` applies the
rules; :func:`audit_docx` is the one entry point.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

from lscb_core._accessibility.hygiene import hygiene_findings
from lscb_core._accessibility.package import Package, UnreadableError
from lscb_core._accessibility.rules import Auditor
from lscb_core._base.findings import Finding, LoadError, error
from lscb_core._base.locations import Location

__all__ = ["audit_docx"]


def audit_docx(path: Path | bytes, display: str | None = None) -> list[Finding]:
    """Audit the Word document at ``path`` (or given as bytes) for accessibility problems.

    Errors: ``audit.title-missing``, ``audit.language-missing``,
    ``audit.heading-skip``, ``audit.fake-heading``, ``audit.image-alt-missing``
    and ``audit.table-header-missing``. Warnings: ``audit.merged-cells``,
    ``audit.empty-header-cell``, ``audit.link-text`` and ``audit.contrast``.

    Each finding's ``path`` locates it, with every number 1-based:

    * ``("properties", "title")`` and ``("properties", "language")`` for the
      document as a whole;
    * ``("paragraph", n)``: the n-th paragraph of the main body in reading
      order, counting paragraphs inside content controls (such as a table of
      contents) but not those inside tables, text boxes, headers, footers,
      footnotes or comments;
    * ``("table", n)``: the n-th table of the body in document order, nested
      tables included (an inner table counts after the table that holds it);
    * ``("table", n, "row", r, "cell", c)``: the c-th cell (``w:tc``, not grid
      column) of the r-th row of that table, for findings about a paragraph
      or image inside it;
    * ``("header", n)`` / ``("footer", n)``: the n-th distinct header or
      footer part in the order the section properties refer to them (images
      are the only thing checked there).

    Headings: a paragraph's level comes from its w:outlineLvl, else its
    style's (through basedOn), else a style named "heading N"; Title-style
    paragraphs count as level 0, and the audit starts as if after a title, so
    the first heading must be level 1, as must a heading straight after a
    title. Headings in table cells take part; those in text boxes do not.

    Fake headings: a body paragraph outside tables of at most 100 characters,
    with a letter, all its visible text bold, not ending in . : ; ? !, not a
    list item (numbered, a "list" style, or typed bullet) nor a heading, title,
    TOC, caption or subtitle style, whose next non-empty paragraph reads as
    body text: not bold, and a sentence, a list item or over 100 characters
    (so a bold name over a job title in a signature is not one).

    Contrast uses WCAG's 3:1 minimum for large text (18pt, or 14pt bold) and
    4.5:1 otherwise, and takes table styles' shading and text colours into
    account.

    Findings come back with the document's properties first, then the body in
    reading order, then headers and footers. ``display`` names the file in
    locations (default: ``path``).
    A file that is not a readable .docx raises :class:`LoadError` with one
    ``audit.unreadable`` finding.
    """
    where = Location(display or ("document.docx" if isinstance(path, bytes) else str(path)))
    try:
        try:
            archive = zipfile.ZipFile(io.BytesIO(path) if isinstance(path, bytes) else path)
        except zipfile.BadZipFile:
            raise UnreadableError(
                "it is not a .docx file (not a zip archive; old .doc files and password-protected documents are not zip archives either)"
            ) from None
        except (OSError, EOFError, ValueError) as e:
            raise UnreadableError(f"it cannot be opened ({e})") from None
        with archive:
            return Auditor(Package(archive), where).run() + hygiene_findings(archive, where)
    except UnreadableError as e:
        reason = str(e)
    raise LoadError([error("audit.unreadable", f"cannot audit {where.file}: {reason}", location=where)])
