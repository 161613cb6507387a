"""Content blocks to WordprocessingML, written directly for speed and control.

Every piece of text passes through :func:`escape` here and nowhere else, so
no value can break the XML. Hyperlinks, pictures and restarted numbering are
registered with the document part they will live in.
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable, Iterable, Sequence
from typing import Any, Protocol

from lscb_core._base.blocks import (
    Align,
    Block,
    BulletList,
    Cell,
    Chart,
    Heading,
    Image,
    Inline,
    KeyFigures,
    Link,
    NumberedList,
    PageBreak,
    Paragraph,
    Quote,
    Signature,
    Table,
    Text,
    WordFragment,
)
from lscb_core._base.charts import ChartSpec, default_height_cm
from lscb_core._base.namespaces import PIC, A, C
from lscb_core._base.quantities import SAFE_SCHEMES
from lscb_core._base.styles import (
    CAPTION,
    HYPERLINK,
    KEY_FIGURE,
    KEY_FIGURE_LABEL,
    LIST_BULLET,
    LIST_NUMBER,
    QUOTE,
    QUOTE_SOURCE,
    SIGNATURE,
    SIGNATURE_ROLE,
    TABLE,
    TABLE_HEADING,
    TABLE_NOTE,
    TABLE_NUMBER,
    TABLE_TEXT,
    heading,
)

__all__ = ["TEXT_WIDTH", "ContentsEntry", "DocumentParts", "WordWriter", "escape"]

TEXT_WIDTH = 9072
"""Width of the text column in twentieths of a point (A4 less 2.5 cm margins)."""

EMU_PER_CM = 360000
KEEP_TOGETHER_ROWS = 12
KEEP_TOGETHER_CHARACTERS = 2000
"""Tables with at most this many rows and this much text are kept on one page."""
UNSPLIT_ROW_CHARACTERS = 600
"""Rows with at most this much text do not break across pages."""
_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


# Braces and percent signs are written as character references: docxtpl rewrites
# "{_{" and similar in the rendered XML, and data must come out exactly as given.
_ENTITIES = {"{": "&#123;", "}": "&#125;", "%": "&#37;"}
_TEXT = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", **_ENTITIES})
_ATTRIBUTE = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", **_ENTITIES})
# (str.translate rather than xml.sax.saxutils, whose import pulls in urllib.request, http and ssl.)


def escape(text: str) -> str:
    """Text safe inside an XML element: specials escaped, characters XML cannot hold dropped."""
    return _ILLEGAL.sub("", text).translate(_TEXT)


def _attr(text: str) -> str:
    return _ILLEGAL.sub("", text).translate(_ATTRIBUTE)


class DocumentParts(Protocol):
    """What the writer needs from the document it writes into."""

    def hyperlink(self, url: str) -> str:
        """The relationship id of an external hyperlink."""

    def image(self, data: bytes) -> str:
        """The relationship id of a picture."""

    def chart(self, spec: ChartSpec, width_cm: float, height_cm: float) -> str:
        """The relationship id of a chart part (with its workbook) drawing ``spec`` at this size."""

    def restart_numbering(self, start: int) -> int:
        """A new numbering instance of the decimal list, starting at ``start``."""

    def fragment(self, block: WordFragment) -> str:
        """The body XML of a rendered Word fragment."""

    @property
    def bullet_num_id(self) -> int: ...


class ContentsEntry:
    """A heading that belongs in the contents: its text, level and bookmark."""

    __slots__ = ("anchor", "level", "text")

    def __init__(self, text: str, level: int, anchor: str) -> None:
        self.text = text
        self.level = level
        self.anchor = anchor


class WordWriter:
    """Writes blocks as body XML, keeping heading levels in order and collecting contents entries."""

    def __init__(self, parts: DocumentParts, *, contents_levels: int = 1) -> None:
        self.parts = parts
        self.contents_levels = contents_levels
        self.contents: list[ContentsEntry] = []
        self._level = 0
        self._bookmark = 0
        # docxtpl numbers the template's own pictures from 1000; ours stay clear of them.
        self._drawing = 100_000

    # --- blocks -----------------------------------------------------------------

    def write(self, blocks: Iterable[Block]) -> str:
        out = []
        items = list(blocks)
        for i, block in enumerate(items):
            following = items[i + 1] if i + 1 < len(items) else None
            if isinstance(block, Table) and isinstance(following, Heading) and following.page_break:
                # No empty paragraph after a table that ends a page: it would push on to a blank page.
                out.append(self._table(block, spacer=False))
            else:
                out.append(self.block(block))
        return "".join(out)

    def block(self, block: Block, *, list_style: tuple[str, int, int] | None = None) -> str:
        method: Callable[[Any], str] = getattr(self, f"_{type(block).__name__.lower()}")
        if list_style is not None and isinstance(block, Paragraph):
            return self._paragraph(block, list_style=list_style)
        return method(block)

    def _paragraph(self, block: Paragraph, *, list_style: tuple[str, int, int] | None = None) -> str:
        props = ""
        if list_style is not None:
            style, num_id, level = list_style
            props = f'<w:pStyle w:val="{style}"/><w:numPr><w:ilvl w:val="{level}"/><w:numId w:val="{num_id}"/></w:numPr>'
        elif block.style:
            props = f'<w:pStyle w:val="{_attr(block.style)}"/>'
        return f"<w:p>{f'<w:pPr>{props}</w:pPr>' if props else ''}{self.inlines(block.inlines)}</w:p>"

    def _heading(self, block: Heading) -> str:
        # A heading may go one level deeper than the one before it, never more.
        level = min(block.level, self._level + 1)
        self._level = level
        self._bookmark += 1
        anchor = block.anchor or f"_Toc{self._bookmark:06d}"
        if block.in_contents and level <= self.contents_levels:
            self.contents.append(ContentsEntry(block.text, level, anchor))
        breaks = "<w:pageBreakBefore/>" if block.page_break else ""
        return (
            f'<w:p><w:pPr><w:pStyle w:val="{heading(level).id}"/>{breaks}</w:pPr>'
            f'<w:bookmarkStart w:id="{self._bookmark}" w:name="{_attr(anchor)}"/>'
            f"{self._run(Text(block.text))}"
            f'<w:bookmarkEnd w:id="{self._bookmark}"/></w:p>'
        )

    def _bulletlist(self, block: BulletList, depth: int = 0) -> str:
        return self._list(block.items, LIST_BULLET.id, self.parts.bullet_num_id, depth)

    def _numberedlist(self, block: NumberedList, depth: int = 0) -> str:
        return self._list(block.items, LIST_NUMBER.id, self.parts.restart_numbering(block.start), depth)

    def _list(self, items: Sequence[Sequence[Block]], style: str, num_id: int, depth: int) -> str:
        out = []
        level = min(depth, 2)
        for item in items:
            first = True
            for block in item:
                if isinstance(block, BulletList):
                    out.append(self._bulletlist(block, depth + 1))
                elif isinstance(block, NumberedList):
                    out.append(self._numberedlist(block, depth + 1))
                elif isinstance(block, Paragraph) and first:
                    out.append(self._paragraph(block, list_style=(style, num_id, level)))
                    first = False
                elif isinstance(block, Paragraph):
                    # Further paragraphs of an item line up with its text, without a new number.
                    indent = 357 * (level + 1)
                    out.append(
                        f'<w:p><w:pPr><w:ind w:left="{indent}"/></w:pPr>{self.inlines(block.inlines)}</w:p>'
                    )
                else:
                    out.append(self.block(block))
        return "".join(out)

    def _quote(self, block: Quote) -> str:
        out = []
        for inner in block.blocks:
            if isinstance(inner, Paragraph):
                out.append(self._paragraph(Paragraph(inner.inlines, QUOTE.id)))
            else:
                out.append(self.block(inner))
        if block.source:
            out.append(self._paragraph(Paragraph((Text(f"— {block.source}"),), QUOTE_SOURCE.id)))
        return "".join(out)

    def _table(self, block: Table, *, spacer: bool = True) -> str:
        columns = block.columns
        total = bool(block.rows) and block.rows[-1].total
        widths = _column_widths([c.width for c in columns])
        out = []
        if block.caption:
            out.append(self._paragraph(Paragraph((Text(block.caption),), CAPTION.id)))
        grid = "".join(f'<w:gridCol w:w="{w}"/>' for w in widths)
        out.append(
            f'<w:tbl><w:tblPr><w:tblStyle w:val="{TABLE.id}"/><w:tblW w:w="5000" w:type="pct"/>'
            f'<w:tblLook w:val="0420" w:firstRow="1" w:lastRow="{1 if total else 0}" w:firstColumn="0" '
            'w:lastColumn="0" w:noHBand="1" w:noVBand="1"/></w:tblPr>'
            f"<w:tblGrid>{grid}</w:tblGrid>"
        )
        header = "".join(
            self._cell(Cell((Text(c.heading),)), TABLE_HEADING.id, c.align, w)
            for c, w in zip(columns, widths, strict=True)
        )
        out.append(f"<w:tr><w:trPr><w:cantSplit/><w:tblHeader/></w:trPr>{header}</w:tr>")
        styles = [TABLE_NUMBER.id if c.align is Align.RIGHT else TABLE_TEXT.id for c in columns]
        aligns = [c.align for c in columns]
        # A short table stays on one page: every row but the last keeps with the next.
        lengths = [sum(len(i.text) for cell in row.cells for i in cell.inlines) for row in block.rows]
        keep = len(block.rows) <= KEEP_TOGETHER_ROWS and sum(lengths) <= KEEP_TOGETHER_CHARACTERS
        last = len(block.rows) - 1
        for i, row in enumerate(block.rows):
            cells = "".join(
                self._cell(cell, style, align, width, bold=row.total, keep=keep and i < last)
                for cell, style, align, width in zip(row.cells, styles, aligns, widths, strict=True)
            )
            # A row too long to fit on a page must be free to break across pages.
            row_props = "<w:trPr><w:cantSplit/></w:trPr>" if lengths[i] <= UNSPLIT_ROW_CHARACTERS else ""
            out.append(f"<w:tr>{row_props}{cells}</w:tr>")
        out.append("</w:tbl>")
        for note in block.notes:
            out.append(self._paragraph(Paragraph((Text(note),), TABLE_NOTE.id)))
        if not block.notes and spacer:
            # Word needs a paragraph between two tables, and a little air after one.
            out.append('<w:p><w:pPr><w:spacing w:after="0"/></w:pPr></w:p>')
        return "".join(out)

    def _cell(
        self, cell: Cell, style: str, align: Align, width: int, *, bold: bool = False, keep: bool = True
    ) -> str:
        jc = '<w:jc w:val="right"/>' if align is Align.RIGHT and style == TABLE_HEADING.id else ""
        if keep:
            jc = "<w:keepNext/>" + jc
        inlines = cell.inlines
        if bold:
            inlines = tuple(Text(i.text, True, i.italic) if isinstance(i, Text) else i for i in inlines)
        return (
            f'<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/></w:tcPr>'
            f'<w:p><w:pPr><w:pStyle w:val="{style}"/>{jc}</w:pPr>{self.inlines(inlines)}</w:p></w:tc>'
        )

    def _keyfigures(self, block: KeyFigures) -> str:
        out = []
        for figure in block.figures:
            out.append(self._paragraph(Paragraph((Text(figure.value),), KEY_FIGURE.id)))
            out.append(self._paragraph(Paragraph((Text(figure.label),), KEY_FIGURE_LABEL.id)))
        return "".join(out)

    def _image(self, block: Image) -> str:
        rid = self.parts.image(block.data)
        width_px, height_px = _picture_size(block.data)
        cx = int(block.width_cm * EMU_PER_CM)
        cy = int(cx * height_px / width_px) if width_px else cx
        self._drawing += 1
        n = self._drawing
        name = _attr(block.name)
        alt = _attr(block.alt)
        return (
            "<w:p><w:pPr><w:keepNext/></w:pPr><w:r><w:drawing>"
            '<wp:inline distT="0" distB="0" distL="0" distR="0">'
            f'<wp:extent cx="{cx}" cy="{cy}"/><wp:docPr id="{n}" name="{name}" descr="{alt}"/>'
            f'<wp:cNvGraphicFramePr><a:graphicFrameLocks xmlns:a="{A}" noChangeAspect="1"/></wp:cNvGraphicFramePr>'
            f'<a:graphic xmlns:a="{A}">'
            f'<a:graphicData uri="{PIC}">'
            f'<pic:pic xmlns:pic="{PIC}">'
            f'<pic:nvPicPr><pic:cNvPr id="{n}" name="{name}.png" descr="{alt}"/><pic:cNvPicPr/></pic:nvPicPr>'
            f'<pic:blipFill><a:blip r:embed="{rid}"/><a:stretch><a:fillRect/></a:stretch></pic:blipFill>'
            f'<pic:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="{cx}" cy="{cy}"/></a:xfrm>'
            '<a:prstGeom prst="rect"><a:avLst/></a:prstGeom></pic:spPr>'
            "</pic:pic></a:graphicData></a:graphic></wp:inline></w:drawing></w:r></w:p>"
        )

    def _chart(self, block: Chart) -> str:
        spec = block.spec
        height = block.height_cm or default_height_cm(spec, block.width_cm)
        rid = self.parts.chart(spec, block.width_cm, height)
        cx = int(block.width_cm * EMU_PER_CM)
        cy = int(height * EMU_PER_CM)
        self._drawing += 1
        n = self._drawing
        # The title attribute is what Word shows as the alt text's title; descr is read out.
        out = [
            "<w:p><w:pPr><w:keepNext/></w:pPr><w:r><w:drawing>"
            '<wp:inline distT="0" distB="0" distL="0" distR="0">'
            f'<wp:extent cx="{cx}" cy="{cy}"/><wp:effectExtent l="0" t="0" r="0" b="0"/>'
            f'<wp:docPr id="{n}" name="Chart {n}" title="{_attr(spec.title)}" descr="{_attr(block.alt)}"/>'
            "<wp:cNvGraphicFramePr/>"
            f'<a:graphic xmlns:a="{A}"><a:graphicData uri="{C}">'
            f'<c:chart xmlns:c="{C}" r:id="{rid}"/>'
            "</a:graphicData></a:graphic></wp:inline></w:drawing></w:r></w:p>"
        ]
        notes = [spec.note] if spec.note else []
        if spec.suppressed:
            notes.append("Values hidden to protect children and families are not plotted.")
        if block.table_anchor:
            link = (
                f'<w:hyperlink w:anchor="{_attr(block.table_anchor)}" w:history="1">'
                f"{self._run(Text(f'The figures in this chart: {spec.title}'), style=HYPERLINK.id)}</w:hyperlink>"
            )
            out.append(f'<w:p><w:pPr><w:pStyle w:val="{TABLE_NOTE.id}"/></w:pPr>{link}</w:p>')
        out.extend(self._paragraph(Paragraph((Text(note),), TABLE_NOTE.id)) for note in notes)
        return "".join(out)

    def _signature(self, block: Signature) -> str:
        out = [self._paragraph(Paragraph((Text(block.name),), SIGNATURE.id))]
        out.extend(self._paragraph(Paragraph((Text(line),), SIGNATURE_ROLE.id)) for line in block.lines)
        return "".join(out)

    def _pagebreak(self, block: PageBreak) -> str:
        return '<w:p><w:r><w:br w:type="page"/></w:r></w:p>'

    def _wordfragment(self, block: WordFragment) -> str:
        return self.parts.fragment(block)

    # --- inline content -----------------------------------------------------------

    def inlines(self, inlines: Sequence[Inline]) -> str:
        out = []
        for inline in inlines:
            if isinstance(inline, Link) and not inline.url.lower().startswith(SAFE_SCHEMES):
                # Only web and email links: anything else (file:, javascript:) is shown as its text.
                out.append(self._run(Text(inline.text, inline.bold, inline.italic)))
            elif isinstance(inline, Link):
                rid = self.parts.hyperlink(inline.url)
                run = self._run(Text(inline.text, inline.bold, inline.italic), style=HYPERLINK.id)
                out.append(f'<w:hyperlink r:id="{rid}" w:history="1">{run}</w:hyperlink>')
            else:
                out.append(self._run(inline))
        return "".join(out)

    def _run(self, text: Text, *, style: str | None = None) -> str:
        props = ""
        if style:
            props += f'<w:rStyle w:val="{style}"/>'
        if text.bold:
            props += "<w:b/>"
        if text.italic:
            props += "<w:i/>"
        rpr = f"<w:rPr>{props}</w:rPr>" if props else ""
        pieces = re.split(r"(\n|\t)", text.text)
        body = []
        for piece in pieces:
            if piece == "\n":
                body.append("<w:br/>")
            elif piece == "\t":
                body.append("<w:tab/>")
            elif piece:
                body.append(f'<w:t xml:space="preserve">{escape(piece)}</w:t>')
        return f"<w:r>{rpr}{''.join(body)}</w:r>" if body else ""


def _column_widths(requested: Sequence[float | None]) -> list[int]:
    """Column widths in twips: given fractions honoured, the rest shared equally."""
    given = sum(w for w in requested if w)
    free = [w for w in requested if not w]
    rest = max(0.0, 1.0 - given)
    share = rest / len(free) if free else 0.0
    fractions = [w if w else share for w in requested]
    total = sum(fractions) or 1.0
    return [max(400, int(TEXT_WIDTH * f / total)) for f in fractions]


def _picture_size(png: bytes) -> tuple[int, int]:
    """Width and height of a picture (read from a PNG's header without decoding it)."""
    if png[:8] == b"\x89PNG\r\n\x1a\n" and len(png) >= 24:
        return int.from_bytes(png[16:20], "big"), int.from_bytes(png[20:24], "big")
    from PIL import Image as PILImage

    with PILImage.open(io.BytesIO(png)) as picture:
        return picture.size
