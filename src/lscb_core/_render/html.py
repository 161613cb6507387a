"""Content blocks as an accessible web page: the report's web edition.

The same blocks that become the Word document become HTML here: semantic
headings with link targets, a contents navigation, data tables with
captions and header cells, figures with their alternative text. Every piece
of text is escaped here and nowhere else, so nothing from the data is ever
read as HTML; links keep the report's scheme rule (http, https, mailto).

The page around the content (cover, metadata) comes from a Jinja page
skeleton, rendered in the sandbox with autoescaping, which a template
designer can replace. The result is a small folder: ``index.html``, one
stylesheet and the pictures the page shows. No scripts, no web fonts.
"""

from __future__ import annotations

import hashlib
import io
import re
import traceback
import zipfile
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

import attrs
from jinja2 import StrictUndefined, TemplateError
from lxml import etree
from markupsafe import Markup, escape

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
    WordFragment,
)
from lscb_core._base.colours import is_hex_colour, readable_on_white
from lscb_core._base.quantities import SAFE_SCHEMES
from lscb_core._render.sandbox import ReportSandbox
from lscb_core._render.svg_chart import svg_chart

__all__ = [
    "PREVIEW_MARKER",
    "HtmlError",
    "Remark",
    "WebPage",
    "WebSection",
    "WebStyle",
    "default_skeleton",
    "render_web",
    "stylesheet",
    "theme_style",
]

_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff\ufffe\uffff]")
_FONT = re.compile(r"[A-Za-z0-9][A-Za-z0-9 \-]{0,62}")
_RESERVED_IDS = frozenset({"main", "contents", "contents-heading", "top", "findings", "preview"})
PX_PER_CM = 96 / 2.54
_NUM = ' class="num"'
STYLESHEET = "style.css"
PREVIEW_MARKER = "<!--lscb-preview-->"
"""Where the preview (``lscb serve``) puts its bar; the skeleton shows it as ``{{ preview }}``."""
PICTURES = "pictures"


class HtmlError(Exception):
    """The web edition could not be made: what went wrong, and in which file and line when known."""

    def __init__(self, message: str, *, file: str | None = None, line: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.file = file
        self.line = line


@attrs.frozen(kw_only=True)
class WebStyle:
    """The house style of the web edition: accent colour (``RRGGBB``) and font names."""

    accent: str = "1D4F76"
    font: str = "Arial"
    heading_font: str = "Arial"


@attrs.frozen(kw_only=True)
class WebSection:
    """One section of the report: its key (for its element id and remarks) and its blocks."""

    key: str
    blocks: tuple[Block, ...]
    page_break: bool = True


@attrs.frozen(kw_only=True)
class Remark:
    """A finding shown in the preview beside the content it concerns: level, place, message, code."""

    level: str
    where: str
    message: str
    code: str


@attrs.frozen(kw_only=True)
class WebPage:
    """What the page says about itself, and the values its skeleton may show."""

    title: str
    language: str = "en-GB"
    description: str = ""
    values: Mapping[str, Any] = attrs.field(factory=dict)


# --- style ------------------------------------------------------------------------------


def _safe_font(name: str | None, fallback: str) -> str:
    return name if name and _FONT.fullmatch(name) else fallback


def theme_style(
    template: Path | bytes | None, *, accent: str | None = None, font: str | None = None
) -> WebStyle:
    """The web style: ``accent`` and ``font`` when given, else the Word template's theme (its path or bytes).

    The theme's first accent colour is darkened if needed so that text of it
    on white reaches 4.5:1; font names are kept only if they are plain names.
    """
    theme_accent, body, heading = None, None, None
    if template is not None:
        theme_accent, body, heading = _read_theme(template)
    colour = accent or theme_accent or WebStyle().accent
    colour = readable_on_white(colour if is_hex_colour(colour) else WebStyle().accent)
    body_font = _safe_font(font or body, WebStyle().font)
    return WebStyle(accent=colour, font=body_font, heading_font=_safe_font(font or heading, body_font))


def _read_theme(template: Path | bytes) -> tuple[str | None, str | None, str | None]:
    """The first accent colour and the minor (body) and major (heading) latin fonts of a .docx theme."""
    ns = {"a": "http://schemas.openxmlformats.org/drawingml/2006/main"}
    try:
        with zipfile.ZipFile(io.BytesIO(template) if isinstance(template, bytes) else template) as package:
            names = [n for n in package.namelist() if re.fullmatch(r"word/theme/theme\d*\.xml", n)]
            if not names:
                return None, None, None
            parser = etree.XMLParser(resolve_entities=False, no_network=True)
            root = etree.fromstring(package.read(sorted(names)[0]), parser=parser)
    except (OSError, zipfile.BadZipFile, etree.XMLSyntaxError, KeyError):
        return None, None, None
    accent = root.xpath("string(.//a:clrScheme/a:accent1/a:srgbClr/@val)", namespaces=ns) or None
    minor = root.xpath("string(.//a:fontScheme/a:minorFont/a:latin/@typeface)", namespaces=ns) or None
    major = root.xpath("string(.//a:fontScheme/a:majorFont/a:latin/@typeface)", namespaces=ns) or None
    return (
        str(accent) if accent else None,
        str(minor) if minor else None,
        str(major) if major else None,
    )


def stylesheet(style: WebStyle) -> str:
    """The web edition's stylesheet in ``style``."""
    fallbacks = '"Liberation Sans", "Helvetica Neue", Helvetica, Arial, system-ui, sans-serif'
    variables = (
        ":root {\n"
        f"  --accent: #{style.accent.lower()};\n"
        f'  --font: "{style.font}", {fallbacks};\n'
        f'  --heading-font: "{style.heading_font}", {fallbacks};\n'
        "}\n"
    )
    return variables + (Path(__file__).parent / "web.css").read_text(encoding="utf-8")


# --- text ---------------------------------------------------------------------------------


def _text(text: str) -> str:
    """Text safe in HTML: specials escaped, characters HTML cannot hold dropped, line breaks kept."""
    cleaned = _ILLEGAL.sub("", text).replace("\t", " ")
    return "<br>".join(str(escape(part)) for part in cleaned.split("\n"))


def _attr(text: str) -> str:
    return str(escape(_ILLEGAL.sub("", text).replace("\n", " ").replace("\t", " ")))


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:60].strip("-") or "section"


class _Anchor:
    __slots__ = ("id", "level", "text")

    def __init__(self, text: str, level: int, id: str) -> None:
        self.text = text
        self.level = level
        self.id = id


class HtmlWriter:
    """Writes blocks as HTML, keeping heading levels in order and collecting the contents."""

    def __init__(self) -> None:
        self.headings: list[_Anchor] = []
        self.pictures: dict[str, bytes] = {}
        self._ids: set[str] = set(_RESERVED_IDS)
        self._level = 1  # the page's <h1> is the report's title
        self._tables = 0
        self._charts = 0
        self._last_heading = ""

    def unique_id(self, base: str) -> str:
        candidate, n = base, 1
        while candidate in self._ids:
            n += 1
            candidate = f"{base}-{n}"
        self._ids.add(candidate)
        return candidate

    def write(self, blocks: Iterable[Block]) -> str:
        return "".join(self.block(b) for b in blocks)

    def block(self, block: Block) -> str:
        """One block as HTML, by the method named after its class (``Table`` -> ``_table``).

        A new kind of block needs its method here. A chart is drawn as inline
        SVG from the same description as the Word chart, with a title and
        description for screen readers and no script; its table is the block
        beside it.
        """
        method: Callable[[Any], str] | None = getattr(self, f"_{type(block).__name__.lower()}", None)
        if method is None:
            raise HtmlError(f"the web edition cannot show a {type(block).__name__} block")
        return method(block)

    # --- blocks ------------------------------------------------------------------------------

    def _paragraph(self, block: Paragraph) -> str:
        css = f' class="{_slug(block.style)}"' if block.style else ""
        return f"<p{css}>{self.inlines(block.inlines)}</p>\n"

    def _heading(self, block: Heading) -> str:
        # A heading may go one level deeper than the one before it, never more; <h1> is the title.
        level = min(block.level + 1, self._level + 1, 6)
        self._level = level
        anchor = self.unique_id(_slug(block.anchor or block.text))
        self.headings.append(_Anchor(block.text, level, anchor))
        self._last_heading = block.text
        return f'<h{level} id="{anchor}">{_text(block.text)}</h{level}>\n'

    def _items(self, items: Sequence[Sequence[Block]]) -> str:
        return "".join(f"<li>{self.write(item)}</li>\n" for item in items)

    def _bulletlist(self, block: BulletList) -> str:
        return f"<ul>\n{self._items(block.items)}</ul>\n"

    def _numberedlist(self, block: NumberedList) -> str:
        start = f' start="{block.start}"' if block.start != 1 else ""
        return f"<ol{start}>\n{self._items(block.items)}</ol>\n"

    def _quote(self, block: Quote) -> str:
        inner = self.write(block.blocks)
        if not block.source:
            return f"<blockquote>\n{inner}</blockquote>\n"
        return (
            f'<figure class="quote">\n<blockquote>\n{inner}</blockquote>\n'
            f"<figcaption>— {_text(block.source)}</figcaption>\n</figure>\n"
        )

    def _table(self, block: Table) -> str:
        self._tables += 1
        base = f"table-{self._tables}"
        columns = block.columns
        # The first column names what each row counts when the others hold numbers.
        row_headers = columns[0].align is Align.LEFT and any(c.align is Align.RIGHT for c in columns[1:])
        if block.caption:
            label = f'aria-labelledby="{base}-caption"'
            caption = f'<caption id="{base}-caption">{_text(block.caption)}</caption>\n'
        else:
            shown = f"Table: {self._last_heading}" if self._last_heading else f"Table {self._tables}"
            label = f'aria-label="{_attr(shown)}"'
            caption = ""
        described = f' aria-describedby="{base}-notes"' if block.notes else ""
        head = "".join(
            f'<th scope="col"{_NUM if c.align is Align.RIGHT else ""}>{_text(c.heading)}</th>'
            for c in columns
        )
        rows = []
        for row in block.rows:
            cells = []
            for i, (cell, column) in enumerate(zip(row.cells, columns, strict=True)):
                cells.append(self._cell(cell, column.align, header=row_headers and i == 0))
            css = ' class="total"' if row.total else ""
            rows.append(f"<tr{css}>{''.join(cells)}</tr>\n")
        out = [
            f'<div class="table-scroll" role="region" tabindex="0" {label}>\n',
            f"<table{described}>\n{caption}<thead><tr>{head}</tr></thead>\n",
            f"<tbody>\n{''.join(rows)}</tbody>\n</table>\n</div>\n",
        ]
        if block.notes:
            notes = "".join(f"<p>{_text(note)}</p>" for note in block.notes)
            out.append(f'<div class="table-notes" id="{base}-notes">{notes}</div>\n')
        return "".join(out)

    def _cell(self, cell: Cell, align: Align, *, header: bool) -> str:
        css = _NUM if align is Align.RIGHT else ""
        if header:
            return f'<th scope="row"{css}>{self.inlines(cell.inlines)}</th>'
        return f"<td{css}>{self.inlines(cell.inlines)}</td>"

    def _keyfigures(self, block: KeyFigures) -> str:
        items = "".join(
            f'<li><span class="figure">{_text(f.value)}</span> <span class="figure-label">{_text(f.label)}</span></li>\n'
            for f in block.figures
        )
        return f'<ul class="key-figures">\n{items}</ul>\n'

    def _image(self, block: Image) -> str:
        kind = "png" if block.data[:8] == b"\x89PNG\r\n\x1a\n" else "jpg"
        digest = hashlib.sha256(block.data).hexdigest()[:12]
        name = f"{PICTURES}/{_slug(block.name)}-{digest}.{kind}"
        self.pictures[name] = block.data
        width_px, height_px = _picture_size(block.data)
        width = max(1, round(block.width_cm * PX_PER_CM))
        height = max(1, round(width * height_px / width_px)) if width_px else width
        return (
            f'<figure class="picture"><img src="{name}" alt="{_attr(block.alt)}" '
            f'width="{width}" height="{height}"></figure>\n'
        )

    def _chart(self, block: Chart) -> str:
        # The chart's table is a block of its own beside it (or in an appendix, linked).
        self._charts += 1
        anchor = self.unique_id(f"chart-{self._charts}")
        notes = [block.spec.note] if block.spec.note else []
        if block.spec.suppressed:
            notes.append("Values hidden to protect children and families are not plotted.")
        caption = "".join(f"<p>{_text(note)}</p>" for note in notes)
        if block.table_anchor:
            caption += f'<p><a href="#{_attr(_slug(block.table_anchor))}">The figures in this chart</a></p>'
        figcaption = f"<figcaption>{caption}</figcaption>" if caption else ""
        svg = svg_chart(block.spec, alt=block.alt, id_prefix=anchor, notes=False)
        return f'<figure class="chart" id="{anchor}">{svg}{figcaption}</figure>\n'

    def _signature(self, block: Signature) -> str:
        lines = "".join(f"<br>{_text(line)}" for line in block.lines)
        return f'<p class="signature"><span class="signature-name">{_text(block.name)}</span>{lines}</p>\n'

    def _pagebreak(self, block: PageBreak) -> str:
        return '<div class="page-break"></div>\n'

    def _wordfragment(self, block: WordFragment) -> str:
        if block.html is None:
            raise HtmlError(f"the Word fragment {block.template.name} has no HTML form")
        return self.write(block.html)

    # --- inline content ------------------------------------------------------------------------

    def inlines(self, inlines: Sequence[Inline]) -> str:
        out = []
        for inline in inlines:
            text = _text(inline.text)
            if inline.bold:
                text = f"<strong>{text}</strong>"
            if inline.italic:
                text = f"<em>{text}</em>"
            if isinstance(inline, Link) and inline.url.strip().lower().startswith(SAFE_SCHEMES):
                text = f'<a href="{_attr(inline.url.strip())}">{text}</a>'
            out.append(text)
        return "".join(out)


def _picture_size(data: bytes) -> tuple[int, int]:
    if data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) >= 24:
        return int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")
    from PIL import Image as PILImage

    with PILImage.open(io.BytesIO(data)) as picture:
        return picture.size


# --- the page -------------------------------------------------------------------------------


def _contents(headings: Sequence[_Anchor]) -> str:
    """Nested lists of links, one to every heading."""
    out: list[str] = []
    depth = 0
    base = min((h.level for h in headings), default=2)
    for heading in headings:
        level = heading.level - base + 1
        if level > depth:
            out.append("<ol>\n" * (level - depth))
            depth = level
        else:
            out.append("</li>\n")
            while depth > level:
                out.append("</ol>\n</li>\n")
                depth -= 1
        out.append(f'<li><a href="#{heading.id}">{_text(heading.text)}</a>')
    if depth:
        out.append("</li>\n")
        while depth > 1:
            out.append("</ol>\n</li>\n")
            depth -= 1
        out.append("</ol>\n")
    return "".join(out)


_LEVEL_WORDS = {"error": "Error", "warning": "Warning", "info": "Note"}


def _remarks(remarks: Sequence[Remark], heading_id: str | None = None) -> str:
    items = "".join(
        f'<li class="remark remark-{_slug(r.level)}"><strong>{_text(_LEVEL_WORDS.get(r.level, r.level))}:</strong> '
        f'{_text(r.message)} <span class="remark-where">{_text(r.where)} [{_text(r.code)}]</span></li>\n'
        for r in remarks
    )
    return f"<ul>\n{items}</ul>\n"


def _section_remarks(remarks: Sequence[Remark]) -> str:
    count = len(remarks)
    return (
        '<aside class="remarks" aria-label="What lscb check says about this section">\n'
        f"<p><strong>lscb check: {count} finding{'' if count == 1 else 's'} about this section</strong></p>\n"
        f"{_remarks(remarks)}</aside>\n"
    )


def render_web(
    sections: Sequence[WebSection],
    *,
    page: WebPage,
    style: WebStyle,
    skeleton: Path,
    filters: Mapping[str, Callable[..., Any]] | None = None,
    remarks: Mapping[str, Sequence[Remark]] | None = None,
    all_remarks: Sequence[Remark] | None = None,
    banner: str = "",
) -> dict[str, bytes]:
    """The web edition's files by relative path: ``index.html``, the stylesheet, the pictures.

    ``remarks`` (by section key) are shown at the start of their section and
    ``all_remarks`` listed in full before the report: for the preview only.
    ``banner`` is preview markup put first in the page (lscb's own, never data).
    """
    writer = HtmlWriter()
    body: list[str] = []
    for section in sections:
        ident = writer.unique_id(f"section-{_slug(section.key)}")
        css = ' class="new-page"' if section.page_break else ""
        body.append(f'<section id="{ident}"{css}>\n')
        blocks = list(section.blocks)
        if blocks and isinstance(blocks[0], Heading):
            body.append(writer.block(blocks.pop(0)))
        if remarks and remarks.get(section.key):
            body.append(_section_remarks(remarks[section.key]))
        body.append(writer.write(blocks))
        body.append("</section>\n")
    findings = ""
    if all_remarks is not None:
        count = len(all_remarks)
        listed = _remarks(all_remarks) if all_remarks else "<p>Nothing to report.</p>\n"
        findings = (
            '<section class="all-remarks" aria-labelledby="findings">\n'
            f'<h2 id="findings" tabindex="-1">What lscb check found ({count})</h2>\n{listed}</section>\n'
        )
    values = dict(page.values)
    values.update(
        lang=page.language,
        title=page.title,
        description=page.description,
        stylesheet=STYLESHEET,
        contents=Markup(_contents(writer.headings)),
        body=Markup("".join(body)),
        findings=Markup(findings),
        preview=Markup(banner),
    )
    html = _fill_skeleton(skeleton, values, filters or {})
    files = {"index.html": html.encode("utf-8"), STYLESHEET: stylesheet(style).encode("utf-8")}
    files.update(writer.pictures)
    return files


def _finalize(value: Any) -> Any:
    """A value as the skeleton shows it: lscb's own markup as it is, anything else cleaned (and then escaped)."""
    if hasattr(value, "__html__"):
        return value
    return _ILLEGAL.sub("", str(value))


def _fill_skeleton(
    skeleton: Path, values: Mapping[str, Any], filters: Mapping[str, Callable[..., Any]]
) -> str:
    try:
        source = skeleton.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise HtmlError(f"the page skeleton could not be read ({exc})", file=str(skeleton)) from None
    # No loader: a skeleton cannot include or import other files.
    env = ReportSandbox(
        autoescape=True, undefined=StrictUndefined, keep_trailing_newline=True, finalize=_finalize
    )
    env.filters.update(filters)
    try:
        return env.from_string(source).render(values)
    except (TemplateError, TypeError, ValueError, AttributeError, LookupError, ArithmeticError) as exc:
        line = getattr(exc, "lineno", None)
        if line is None:
            frames = [f.lineno for f in traceback.extract_tb(exc.__traceback__) if f.filename == "<template>"]
            line = frames[-1] if frames else None
        message = getattr(exc, "message", None) or str(exc)
        if isinstance(exc, TypeError) and "no loader" in message:
            message = "a page skeleton cannot include or import other files"
        raise HtmlError(f"the page skeleton failed: {message}", file=str(skeleton), line=line) from None


def default_skeleton() -> Path:
    """The page skeleton shipped with lscb (inside the wheel, or the repository's ``templates/``)."""
    here = Path(__file__).resolve().parent.parent
    for candidate in (
        here / "templates" / "default" / "page.html.j2",
        here.parent.parent / "templates" / "default" / "page.html.j2",
    ):
        if candidate.is_file():
            return candidate
    raise HtmlError("the default page skeleton is missing from this installation of lscb")
