"""Auditing a PDF for what screen readers need: tags, structure, language, title, alternative text.

The checks read the PDF's catalogue and structure tree (PDF/UA's vocabulary):
the document is marked as tagged and has a structure tree; it says its
language and shows its title in the window; headings, tables with header
cells and figures with alternative text are in the tree; headings are
bookmarked. It is a check of what the file declares, not of how well the
tags match what is on the page.
"""

from __future__ import annotations

import io
from collections import Counter
from pathlib import Path
from typing import Any

import attrs

from lscb_core._base.findings import Finding, Level, LoadError
from lscb_core._base.locations import Location

__all__ = ["PdfProperties", "audit_pdf", "pdf_properties"]

_HEADINGS = ("/H", "/H1", "/H2", "/H3", "/H4", "/H5", "/H6")


@attrs.frozen
class PdfProperties:
    """What a PDF declares about its accessibility."""

    tagged: bool
    structure: bool
    language: str | None
    title: str | None
    shows_title: bool
    headings: int
    tables: int
    header_cells: int
    figures: int
    figures_with_alt: int
    bookmarks: int
    pages: int
    roles: dict[str, int] = attrs.field(factory=dict)


def _resolve(value: Any) -> Any:
    return value.get_object() if hasattr(value, "get_object") else value


def pdf_properties(data: bytes) -> PdfProperties:
    """Read what the PDF declares: tags, structure tree, language, title, bookmarks."""
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(data))
    root = _resolve(reader.trailer["/Root"])
    mark = _resolve(root.get("/MarkInfo")) or {}
    tree = _resolve(root.get("/StructTreeRoot"))
    role_map = {str(k): str(v) for k, v in (_resolve(tree.get("/RoleMap")) or {}).items()} if tree else {}
    roles: Counter[str] = Counter()
    alts = 0
    seen: set[int] = set()
    stack = [tree] if tree is not None else []
    while stack:
        node = _resolve(stack.pop())
        if not isinstance(node, dict) or id(node) in seen:
            continue
        seen.add(id(node))
        if "/S" in node:
            role = str(node["/S"])
            role = role_map.get(role, role)
            roles[role] += 1
            if role == "/Figure" and str(node.get("/Alt") or "").strip():
                alts += 1
        kids = node.get("/K")
        if kids is None:
            continue
        kids = _resolve(kids)
        stack.extend(kids if isinstance(kids, list) else [kids])
    preferences = _resolve(root.get("/ViewerPreferences")) or {}
    metadata = reader.metadata
    title = str(metadata.title).strip() if metadata and metadata.title else None

    def count(items: list[Any]) -> int:
        return sum(count(i) if isinstance(i, list) else 1 for i in items)

    return PdfProperties(
        tagged=bool(mark.get("/Marked")),
        structure=tree is not None,
        language=str(root["/Lang"]) if root.get("/Lang") else None,
        title=title or None,
        shows_title=bool(preferences.get("/DisplayDocTitle")),
        headings=sum(roles[h] for h in _HEADINGS),
        tables=roles["/Table"],
        header_cells=roles["/TH"],
        figures=roles["/Figure"],
        figures_with_alt=alts,
        bookmarks=count(list(reader.outline)),
        pages=len(reader.pages),
        roles={k.lstrip("/"): v for k, v in sorted(roles.items())},
    )


def audit_pdf(source: Path | bytes, name: str | None = None) -> list[Finding]:
    """Findings for a PDF: errors for what makes it unusable with a screen reader, warnings for gaps."""
    label = name or (str(source) if isinstance(source, Path) else "document.pdf")
    where = Location(label)
    try:
        data = source.read_bytes() if isinstance(source, Path) else source
        properties = pdf_properties(data)
    except Exception as exc:  # pypdf raises many kinds for a file that is not a PDF
        raise LoadError(
            [
                Finding(
                    level=Level.ERROR,
                    code="audit.unreadable",
                    message=f"this is not a PDF that can be read ({type(exc).__name__}: {exc})",
                    location=where,
                )
            ]
        ) from None

    def finding(level: Level, code: str, message: str) -> Finding:
        return Finding(level=level, code=code, message=message, location=where)

    out: list[Finding] = []
    p = properties
    if not p.tagged or not p.structure:
        out.append(
            finding(
                Level.ERROR,
                "audit.pdf-untagged",
                "the PDF is not tagged: screen readers get no headings, tables or alternative text",
            )
        )
    if not p.language:
        out.append(finding(Level.ERROR, "audit.pdf-language", "the PDF does not say what language it is in"))
    if not p.title:
        out.append(finding(Level.ERROR, "audit.pdf-title", "the PDF has no title"))
    elif not p.shows_title:
        out.append(
            finding(
                Level.WARNING,
                "audit.pdf-show-title",
                "the PDF does not ask viewers to show its title (rather than its file name) in the window",
            )
        )
    if p.structure and p.headings == 0 and p.pages > 2:
        out.append(finding(Level.WARNING, "audit.pdf-headings", "the PDF's structure has no headings"))
    if p.tables and not p.header_cells:
        out.append(
            finding(Level.WARNING, "audit.pdf-table-headers", "the PDF's tables have no header cells (TH)")
        )
    if p.figures > p.figures_with_alt:
        missing = p.figures - p.figures_with_alt
        out.append(
            finding(
                Level.ERROR,
                "audit.pdf-alt-text",
                f"{missing} figure{'' if missing == 1 else 's'} in the PDF ha{'s' if missing == 1 else 've'} no alternative text",
            )
        )
    if p.headings and not p.bookmarks:
        out.append(finding(Level.WARNING, "audit.pdf-bookmarks", "the PDF has headings but no bookmarks"))
    out.append(
        finding(
            Level.INFO,
            "audit.pdf-properties",
            f"{'tagged' if p.tagged else 'untagged'} PDF of {p.pages} pages; language {p.language or 'not set'}; "
            f"title {'shown' if p.shows_title else 'not shown'} in the window; {p.headings} headings, "
            f"{p.tables} tables with {p.header_cells} header cells, {p.figures_with_alt} of {p.figures} figures "
            f"with alternative text, {p.bookmarks} bookmarks",
        )
    )
    return out
