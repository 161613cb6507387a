"""The XML namespaces of Office Open XML that the renderer, the auditor and the template generator share."""

from __future__ import annotations

__all__ = [
    "CORE_PROPERTIES",
    "DC",
    "DECORATIVE_NS",
    "MC",
    "PIC",
    "PKG_RELS",
    "WP",
    "A",
    "C",
    "R",
    "V",
    "W",
    "qname",
]

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
"""WordprocessingML: paragraphs, runs, tables, styles."""
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
"""Relationship ids inside a part (``r:id``, ``r:embed``)."""
A = "http://schemas.openxmlformats.org/drawingml/2006/main"
"""DrawingML: pictures' graphic frames and the theme's colours and fonts."""
WP = "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"
"""Drawings placed in a Word document (inline or anchored), with their alternative text."""
PIC = "http://schemas.openxmlformats.org/drawingml/2006/picture"
"""A picture inside a drawing."""
C = "http://schemas.openxmlformats.org/drawingml/2006/chart"
"""A chart inside a drawing, and the chart parts themselves."""
V = "urn:schemas-microsoft-com:vml"
"""VML, the older drawing vocabulary (pictures and text boxes)."""
MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
"""Markup compatibility: mc:AlternateContent and its Choice and Fallback."""
PKG_RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
"""The package's relationship parts (``_rels/*.rels``)."""
CORE_PROPERTIES = "http://schemas.openxmlformats.org/package/2006/metadata/core-properties"
"""The core document properties (title, subject, keywords ...)."""
EXTENDED_PROPERTIES = "http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"
"""The application's properties (company, manager, template ...)."""
CUSTOM_PROPERTIES = "http://schemas.openxmlformats.org/officeDocument/2006/custom-properties"
"""Properties an author or a program added."""
CONTENT_TYPES = "http://schemas.openxmlformats.org/package/2006/content-types"
"""``[Content_Types].xml``: what each part of the package is."""
DC = "http://purl.org/dc/elements/1.1/"
"""Dublin Core elements inside the core properties."""
DECORATIVE_NS = "http://schemas.microsoft.com/office/drawing/2017/decorative"
"""Word's mark for a decorative picture, which needs no alternative text."""


STRICT = {
    "http://purl.oclc.org/ooxml/wordprocessingml/main": W,
    "http://purl.oclc.org/ooxml/officeDocument/relationships": R,
    "http://purl.oclc.org/ooxml/drawingml/main": A,
    "http://purl.oclc.org/ooxml/drawingml/wordprocessingDrawing": WP,
}
"""Word's "Strict Open XML" names for the same vocabularies, with their usual (transitional) names."""


def qname(namespace: str, local: str) -> str:
    """A tag or attribute name in Clark notation: ``{namespace}local``."""
    return f"{{{namespace}}}{local}"
