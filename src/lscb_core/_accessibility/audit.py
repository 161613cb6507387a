"""Accessibility audit of any Word .docx file against PSBAR 2018 / WCAG 2.1 AA expectations."""

from __future__ import annotations

import colorsys
import functools
import io
import posixpath
import re
import zipfile
import zlib
from collections.abc import Iterator, Mapping
from pathlib import Path
from urllib.parse import unquote

import attrs
from lxml import etree

from lscb_core._accessibility.hygiene import hygiene_findings
from lscb_core._base.findings import Finding, Level, LoadError
from lscb_core._base.locations import DataPath, Location

__all__ = ["audit_docx"]

_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_A = "http://schemas.openxmlformats.org/drawingml/2006/main"
_WP = "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"
_V = "urn:schemas-microsoft-com:vml"
_MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
_PKG_RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
_DC = "http://purl.org/dc/elements/1.1/"
_DECORATIVE = "http://schemas.microsoft.com/office/drawing/2017/decorative"

# Word can save "Strict Open XML", which is the same vocabulary under other
# namespace names; renaming them before parsing lets one code path read both.
_STRICT_NAMESPACES = (
    (b"http://purl.oclc.org/ooxml/wordprocessingml/main", _W.encode()),
    (b"http://purl.oclc.org/ooxml/officeDocument/relationships", _R.encode()),
    (b"http://purl.oclc.org/ooxml/drawingml/main", _A.encode()),
    (b"http://purl.oclc.org/ooxml/drawingml/wordprocessingDrawing", _WP.encode()),
)

# Parts this large are not Word documents anyone wrote; refusing them keeps a
# hostile zip (a "zip bomb") from exhausting memory.
_MAX_PART_BYTES = 256 * 1024 * 1024


def _w(local: str) -> str:
    return f"{{{_W}}}{local}"


W_DOCUMENT = _w("document")
W_BODY = _w("body")
W_BACKGROUND = _w("background")
W_P = _w("p")
W_PPR = _w("pPr")
W_PSTYLE = _w("pStyle")
W_OUTLINE = _w("outlineLvl")
W_NUMPR = _w("numPr")
W_NUMID = _w("numId")
W_R = _w("r")
W_RPR = _w("rPr")
W_RSTYLE = _w("rStyle")
W_T = _w("t")
W_TAB = _w("tab")
W_BR = _w("br")
W_CR = _w("cr")
W_NBHYPHEN = _w("noBreakHyphen")
W_B = _w("b")
W_VANISH = _w("vanish")
W_COLOR = _w("color")
W_SHD = _w("shd")
W_HIGHLIGHT = _w("highlight")
W_SZ = _w("sz")
W_LANG = _w("lang")
W_VAL = _w("val")
W_TBL = _w("tbl")
W_TBLPR = _w("tblPr")
W_TBLSTYLE = _w("tblStyle")
W_TBLLOOK = _w("tblLook")
W_TR = _w("tr")
W_TRPR = _w("trPr")
W_TBLHEADER = _w("tblHeader")
W_TC = _w("tc")
W_TCPR = _w("tcPr")
W_GRIDSPAN = _w("gridSpan")
W_VMERGE = _w("vMerge")
W_HMERGE = _w("hMerge")
W_SDT = _w("sdt")
W_SDTCONTENT = _w("sdtContent")
W_CUSTOMXML = _w("customXml")
W_HYPERLINK = _w("hyperlink")
W_FLDSIMPLE = _w("fldSimple")
W_FLDCHAR = _w("fldChar")
W_INSTRTEXT = _w("instrText")
W_TXBX = _w("txbxContent")
W_DEL = _w("del")
W_MOVEFROM = _w("moveFrom")
W_PICT = _w("pict")
W_SECTPR = _w("sectPr")
W_HEADERREF = _w("headerReference")
W_FOOTERREF = _w("footerReference")
W_STYLE = _w("style")
W_NAME = _w("name")
W_BASEDON = _w("basedOn")
W_TBLSTYLEPR = _w("tblStylePr")
W_DOCDEFAULTS = _w("docDefaults")
W_CLRSCHEMEMAPPING = _w("clrSchemeMapping")
R_ID = f"{{{_R}}}id"
WP_INLINE = f"{{{_WP}}}inline"
WP_ANCHOR = f"{{{_WP}}}anchor"
WP_DOCPR = f"{{{_WP}}}docPr"
A_GRAPHICDATA = f"{{{_A}}}graphicData"
V_IMAGEDATA = f"{{{_V}}}imagedata"
MC_FALLBACK = f"{{{_MC}}}Fallback"
DECORATIVE = f"{{{_DECORATIVE}}}decorative"

_TEXTBOX_TAGS = (
    W_TXBX,
    "{http://schemas.microsoft.com/office/word/2010/wordprocessingShape}txbx",
    f"{{{_V}}}textbox",
)

_HIGHLIGHTS = {
    "black": "000000",
    "blue": "0000FF",
    "cyan": "00FFFF",
    "green": "00FF00",
    "magenta": "FF00FF",
    "red": "FF0000",
    "yellow": "FFFF00",
    "white": "FFFFFF",
    "darkBlue": "000080",
    "darkCyan": "008080",
    "darkGreen": "008000",
    "darkMagenta": "800080",
    "darkRed": "800000",
    "darkYellow": "808000",
    "darkGray": "808080",
    "lightGray": "C0C0C0",
}

_SCHEME_SLOTS = {
    "dark1": "dk1",
    "light1": "lt1",
    "dark2": "dk2",
    "light2": "lt2",
    "accent1": "accent1",
    "accent2": "accent2",
    "accent3": "accent3",
    "accent4": "accent4",
    "accent5": "accent5",
    "accent6": "accent6",
    "hyperlink": "hlink",
    "followedHyperlink": "folHlink",
}

_VAGUE_LINK_TEXT = frozenset({"click here", "here", "link", "this link", "read more", "more"})
_URL_PREFIXES = ("http://", "https://", "www.")
_SENTENCE_END = tuple(".:;?!")
_BULLET_START = tuple("•◦▪▫■□●○‣⁃–—-*>·")
_HEX = re.compile(r"[0-9A-Fa-f]{6}")
_HEADING_NAME = re.compile(r"heading\s*([1-9])")
_SNIPPET_LENGTH = 30

_Props = Mapping[str, etree._Element]
_EMPTY: _Props = {}


class _UnreadableError(Exception):
    """The file cannot be audited; the message says why, for a person."""


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
            raise _UnreadableError(
                "it is not a .docx file (not a zip archive; old .doc files and password-protected documents are not zip archives either)"
            ) from None
        except (OSError, EOFError, ValueError) as e:
            raise _UnreadableError(f"it cannot be opened ({e})") from None
        with archive:
            return _Auditor(_Package(archive), where).run() + hygiene_findings(archive, where)
    except _UnreadableError as e:
        reason = str(e)
    raise LoadError(
        [
            Finding(
                level=Level.ERROR,
                code="audit.unreadable",
                message=f"cannot audit {where.file}: {reason}",
                location=where,
            )
        ]
    )


class _Package:
    """The parts of an Open Packaging Conventions zip, found through their relationships."""

    def __init__(self, archive: zipfile.ZipFile) -> None:
        self._archive = archive
        # Part names are case-insensitive in OPC but not in zip files.
        self._names = {name.lower(): name for name in archive.namelist()}

    def has(self, part: str) -> bool:
        return part.lower() in self._names

    def xml(self, part: str) -> etree._Element:
        name = self._names.get(part.lower())
        if name is None:
            raise _UnreadableError(f"it has no {part} part")
        info = self._archive.getinfo(name)
        if info.file_size > _MAX_PART_BYTES:
            raise _UnreadableError(f"its {part} part is too large to audit")
        try:
            data = self._archive.read(info)
        except (zipfile.BadZipFile, RuntimeError, NotImplementedError, zlib.error, EOFError, OSError) as e:
            raise _UnreadableError(f"its {part} part cannot be unpacked ({e})") from None
        if b"purl.oclc.org/ooxml" in data:
            for strict, transitional in _STRICT_NAMESPACES:
                data = data.replace(strict, transitional)
        parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)
        try:
            root = etree.fromstring(data, parser)
        except etree.XMLSyntaxError as e:
            raise _UnreadableError(f"its {part} part is not well-formed XML ({e})") from None
        # Fallback content repeats its mc:Choice sibling for older readers;
        # auditing both would report every text box and image twice.
        for fallback in list(root.iter(MC_FALLBACK)):
            parent = fallback.getparent()
            if parent is not None:
                parent.remove(fallback)
        return root

    def relationships(self, part: str) -> list[tuple[str, str, str]]:
        """``(type, id, target part)`` for each internal relationship of ``part`` ("" for the package)."""
        folder, name = posixpath.split(part)
        rels = posixpath.join(folder, "_rels", f"{name}.rels")
        if not self.has(rels):
            return []
        out = []
        for rel in self.xml(rels).iter(f"{{{_PKG_RELS}}}Relationship"):
            target = rel.get("Target")
            if not target or rel.get("TargetMode") == "External":
                continue
            target = unquote(target)
            resolved = target[1:] if target.startswith("/") else posixpath.join(folder, target)
            out.append((rel.get("Type", ""), rel.get("Id", ""), posixpath.normpath(resolved)))
        return out


def _on(el: etree._Element | None) -> bool:
    """An OOXML on/off property: present with no value means on."""
    if el is None:
        return False
    return el.get(W_VAL, "1").lower() not in ("0", "false", "off")


def _int(text: str | None, base: int = 10) -> int | None:
    try:
        return int(text, base) if text is not None else None
    except ValueError:
        return None


def _children(el: etree._Element | None) -> dict[str, etree._Element]:
    if el is None:
        return {}
    return {child.tag: child for child in el if isinstance(child.tag, str)}


def _luminance(colour: str) -> float:
    def channel(c: int) -> float:
        s = c / 255
        return s / 12.92 if s <= 0.04045 else ((s + 0.055) / 1.055) ** 2.4

    r, g, b = (int(colour[i : i + 2], 16) for i in (0, 2, 4))
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)


@functools.cache
def _contrast(a: str, b: str) -> float:
    la, lb = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def _mix(fore: str, back: str, share: float) -> str:
    parts = []
    for i in (0, 2, 4):
        f, b = int(fore[i : i + 2], 16), int(back[i : i + 2], 16)
        parts.append(round(f * share + b * (1 - share)))
    return "".join(f"{c:02X}" for c in parts)


def _tint_shade(colour: str, tint: int | None, shade: int | None) -> str:
    """Apply Word's themeTint/themeShade (ECMA-376 17.3.2.6): scale HSL lightness."""
    if tint is None and shade is None:
        return colour
    r, g, b = (int(colour[i : i + 2], 16) / 255 for i in (0, 2, 4))
    h, light, s = colorsys.rgb_to_hls(r, g, b)
    if shade is not None:
        light *= shade / 255
    if tint is not None:
        light = light * tint / 255 + (1 - tint / 255)
    rgb = colorsys.hls_to_rgb(h, min(max(light, 0.0), 1.0), s)
    return "".join(f"{round(c * 255):02X}" for c in rgb)


def _snippet(text: str) -> str:
    text = " ".join(text.split())
    if not text:
        return "no text"
    if len(text) > _SNIPPET_LENGTH:
        text = text[:_SNIPPET_LENGTH].rstrip() + "…"
    return f'"{text}"'


def _raw_text(el: etree._Element) -> str:
    return " ".join("".join(t.text or "" for t in p.iter(W_T)) for p in el.iter(W_P))


def _blocks(container: etree._Element) -> Iterator[etree._Element]:
    """Paragraphs and tables of a body or cell, looking through content controls."""
    for child in container:
        tag = child.tag
        if tag in (W_P, W_TBL):
            yield child
        elif tag == W_SDT:
            content = child.find(W_SDTCONTENT)
            if content is not None:
                yield from _blocks(content)
        elif tag == W_CUSTOMXML:
            yield from _blocks(child)


def _wrapped(container: etree._Element, tag: str) -> Iterator[etree._Element]:
    """Children with ``tag`` (rows of a table, cells of a row), looking through content controls."""
    for child in container:
        if child.tag == tag:
            yield child
        elif child.tag == W_SDT:
            content = child.find(W_SDTCONTENT)
            if content is not None:
                yield from _wrapped(content, tag)
        elif child.tag == W_CUSTOMXML:
            yield from _wrapped(child, tag)


def _own_runs(p: etree._Element) -> list[etree._Element]:
    """The runs a paragraph shows: not deleted revisions, not text boxes' own paragraphs."""
    runs = list(p.iter(W_R))
    if next(p.iter(W_DEL, W_MOVEFROM, W_TXBX), None) is None:
        return runs

    def own(run: etree._Element) -> bool:
        for ancestor in run.iterancestors():
            if ancestor is p:
                return True
            if ancestor.tag in (W_DEL, W_MOVEFROM, W_TXBX):
                return False
        return True

    return [r for r in runs if own(r)]


def _run_text(run: etree._Element) -> str:
    parts = []
    for child in run:
        tag = child.tag
        if tag == W_T:
            parts.append(child.text or "")
        elif tag in (W_TAB, W_BR, W_CR):
            parts.append(" ")
        elif tag == W_NBHYPHEN:
            parts.append("-")
    return "".join(parts)


@attrs.frozen
class _Style:
    kind: str
    name: str
    based_on: str | None
    element: etree._Element


@attrs.frozen
class _Look:
    """Which of a table style's conditional formats a table uses (its w:tblLook)."""

    first_row: bool = False
    last_row: bool = False
    first_col: bool = False
    last_col: bool = False
    row_bands: bool = True
    col_bands: bool = True

    @classmethod
    def of(cls, tbl_pr: etree._Element | None) -> _Look:
        look = tbl_pr.find(W_TBLLOOK) if tbl_pr is not None else None
        if look is None:
            # Every flag is off when unstated, which leaves banding on: its flags say "no band".
            return cls()
        flags = {
            "firstRow": 0x20,
            "lastRow": 0x40,
            "firstColumn": 0x80,
            "lastColumn": 0x100,
            "noHBand": 0x200,
            "noVBand": 0x400,
        }
        # Word 2007 wrote a hex bitmask in w:val; later versions write one attribute per flag.
        mask = _int(look.get(W_VAL), 16) or 0
        on = {
            key: (look.get(_w(key), "0").lower() in ("1", "true", "on")) or bool(mask & bit)
            for key, bit in flags.items()
        }
        return cls(
            first_row=on["firstRow"],
            last_row=on["lastRow"],
            first_col=on["firstColumn"],
            last_col=on["lastColumn"],
            row_bands=not on["noHBand"],
            col_bands=not on["noVBand"],
        )


@attrs.frozen
class _Layer:
    """Run properties and cell shading one table-style condition contributes."""

    rpr: _Props = _EMPTY
    shd: etree._Element | None = None


class _Styles:
    """styles.xml and theme1.xml, resolved through basedOn chains and cached."""

    def __init__(
        self,
        styles: etree._Element | None,
        theme: etree._Element | None,
        settings: etree._Element | None,
    ) -> None:
        self._styles: dict[str, _Style] = {}
        self.default_paragraph: str | None = None
        self.default_character: str | None = None
        self.defaults: _Props = _EMPTY
        self.default_language = ""
        if styles is not None:
            for el in styles.iter(W_STYLE):
                sid = el.get(_w("styleId"))
                if sid is None:
                    continue
                kind = el.get(_w("type"), "paragraph")
                name_el = el.find(W_NAME)
                based = el.find(W_BASEDON)
                self._styles[sid] = _Style(
                    kind=kind,
                    name=(name_el.get(W_VAL, "") if name_el is not None else sid).strip().lower(),
                    based_on=based.get(W_VAL) if based is not None else None,
                    element=el,
                )
                if _on_attr(el.get(_w("default"))):
                    if kind == "paragraph":
                        self.default_paragraph = sid
                    elif kind == "character":
                        self.default_character = sid
            defaults = styles.find(f"{W_DOCDEFAULTS}/{_w('rPrDefault')}/{W_RPR}")
            self.defaults = _children(defaults)
            lang = self.defaults.get(W_LANG)
            self.default_language = (lang.get(W_VAL) or "").strip() if lang is not None else ""
        self._theme = _theme_colours(theme, settings)
        self._rpr: dict[str | None, _Props] = {}
        self._ppr: dict[str | None, _Props] = {}
        self._levels: dict[str | None, int | None] = {}
        self._names: dict[str | None, tuple[str, ...]] = {}
        self._table_layers: dict[str, dict[str, _Layer]] = {}
        self._cell_layers: dict[tuple[str, tuple[str, ...]], _Layer] = {}
        self._bands: dict[str, tuple[int, int]] = {}

    def _chain(self, sid: str | None) -> list[_Style]:
        """The style and its ancestors, nearest first."""
        out: list[_Style] = []
        seen: set[str] = set()
        while sid is not None and sid not in seen and sid in self._styles:
            seen.add(sid)
            style = self._styles[sid]
            out.append(style)
            sid = style.based_on
        return out

    def paragraph_style(self, sid: str | None) -> str | None:
        # Word shows a paragraph whose style id is undefined in the default style.
        if sid is not None and sid in self._styles and self._styles[sid].kind == "paragraph":
            return sid
        return self.default_paragraph

    def character_style(self, sid: str | None) -> str | None:
        if sid is not None and sid in self._styles and self._styles[sid].kind == "character":
            return sid
        return self.default_character

    def _merged(self, sid: str | None, path: str, cache: dict[str | None, _Props]) -> _Props:
        found = cache.get(sid)
        if found is None:
            merged: dict[str, etree._Element] = {}
            for style in reversed(self._chain(sid)):
                merged.update(_children(style.element.find(path)))
            found = cache[sid] = merged
        return found

    def rpr(self, sid: str | None) -> _Props:
        return self._merged(sid, W_RPR, self._rpr)

    def ppr(self, sid: str | None) -> _Props:
        return self._merged(sid, W_PPR, self._ppr)

    def names(self, sid: str | None) -> tuple[str, ...]:
        found = self._names.get(sid)
        if found is None:
            found = self._names[sid] = tuple(s.name for s in self._chain(sid))
        return found

    def heading_level(self, sid: str | None) -> int | None:
        """1-9 for a heading style, else None; outline level wins over the style's name."""
        if sid in self._levels:
            return self._levels[sid]
        level = None
        for style in self._chain(sid):
            ppr = style.element.find(W_PPR)
            outline = ppr.find(W_OUTLINE) if ppr is not None else None
            if outline is not None:
                level = _outline_level(outline)
                break
            match = _HEADING_NAME.fullmatch(style.name)
            if match:
                level = int(match.group(1))
                break
        self._levels[sid] = level
        return level

    def colour(self, el: etree._Element | None, value: str, theme: str, tint: str, shade: str) -> str | None:
        """The hex colour an element's attributes name, or None for auto or unknown."""
        if el is None:
            return None
        theme_name = el.get(_w(theme))
        if theme_name is not None:
            base = self._theme.get(theme_name)
            if base is not None:
                return _tint_shade(base, _int(el.get(_w(tint)), 16), _int(el.get(_w(shade)), 16))
        hex_value = el.get(_w(value), "")
        return hex_value.upper() if _HEX.fullmatch(hex_value) else None

    def text_colour(self, el: etree._Element | None) -> str | None:
        return self.colour(el, "val", "themeColor", "themeTint", "themeShade")

    def fill(self, shd: etree._Element | None) -> str | None:
        """The colour a w:shd paints, or None when it leaves what is underneath showing."""
        if shd is None:
            return None
        pattern = shd.get(W_VAL, "clear")
        if pattern == "nil":
            return None
        back = self.colour(shd, "fill", "themeFill", "themeFillTint", "themeFillShade")
        if pattern == "clear":
            return back
        fore = self.colour(shd, "color", "themeColor", "themeTint", "themeShade") or "000000"
        if pattern == "solid":
            return fore
        percent = _int(pattern[3:]) if pattern.startswith("pct") else None
        if percent is None:
            return back
        return _mix(fore, back or "FFFFFF", percent / 100)

    def table_cell_layer(
        self, sid: str | None, look: _Look, row: int, rows: int, col: int, span: int, cols: int
    ) -> _Layer:
        """What the table style gives a cell, conditional formats applied in ECMA-376's order."""
        if sid is None or sid not in self._styles:
            return _Layer()
        kinds = ["wholeTable"]
        first_row = look.first_row and row == 0
        last_row = look.last_row and row == rows - 1
        first_col = look.first_col and col == 0
        last_col = look.last_col and col + span >= cols
        band_rows, band_cols = self._band_sizes(sid)
        if look.col_bands and not first_col and not last_col:
            band = (col - (1 if look.first_col else 0)) // band_cols
            kinds.append("band1Vert" if band % 2 == 0 else "band2Vert")
        if look.row_bands and not first_row and not last_row:
            band = (row - (1 if look.first_row else 0)) // band_rows
            kinds.append("band1Horz" if band % 2 == 0 else "band2Horz")
        kinds += [k for k, on in (("firstRow", first_row), ("lastRow", last_row)) if on]
        kinds += [k for k, on in (("firstCol", first_col), ("lastCol", last_col)) if on]
        corners = {
            "nwCell": first_row and first_col,
            "neCell": first_row and last_col,
            "swCell": last_row and first_col,
            "seCell": last_row and last_col,
        }
        kinds += [k for k, on in corners.items() if on]
        key = (sid, tuple(kinds))
        found = self._cell_layers.get(key)
        if found is None:
            layers = self._layers(sid)
            rpr: dict[str, etree._Element] = {}
            shd = None
            for kind in kinds:
                layer = layers.get(kind)
                if layer is not None:
                    rpr.update(layer.rpr)
                    shd = layer.shd if layer.shd is not None else shd
            found = self._cell_layers[key] = _Layer(rpr, shd)
        return found

    def _band_sizes(self, sid: str) -> tuple[int, int]:
        found = self._bands.get(sid)
        if found is not None:
            return found
        rows = cols = 1
        for style in reversed(self._chain(sid)):
            tbl_pr = style.element.find(W_TBLPR)
            if tbl_pr is not None:
                rows = _int(_val(tbl_pr.find(_w("tblStyleRowBandSize")))) or rows
                cols = _int(_val(tbl_pr.find(_w("tblStyleColBandSize")))) or cols
        found = self._bands[sid] = (max(rows, 1), max(cols, 1))
        return found

    def _layers(self, sid: str) -> dict[str, _Layer]:
        found = self._table_layers.get(sid)
        if found is not None:
            return found
        layers: dict[str, _Layer] = {}

        def add(kind: str, holder: etree._Element) -> None:
            old = layers.get(kind, _Layer())
            rpr = {**old.rpr, **_children(holder.find(W_RPR))}
            shd = _first(holder, f"{W_TCPR}/{W_SHD}", f"{W_TBLPR}/{W_SHD}")
            layers[kind] = _Layer(rpr, shd if shd is not None else old.shd)

        for style in reversed(self._chain(sid)):
            add("wholeTable", style.element)
            for conditional in style.element.iter(W_TBLSTYLEPR):
                add(conditional.get(_w("type"), ""), conditional)
        self._table_layers[sid] = layers
        return layers


def _on_attr(value: str | None) -> bool:
    return value is not None and value.lower() in ("1", "true", "on")


def _val(el: etree._Element | None) -> str | None:
    return el.get(W_VAL) if el is not None else None


def _first(el: etree._Element, *paths: str) -> etree._Element | None:
    for path in paths:
        found = el.find(path)
        if found is not None:
            return found
    return None


def _outline_level(el: etree._Element) -> int | None:
    """Heading level 1-9 from a w:outlineLvl (0-8); 9 and above mean body text."""
    value = _int(el.get(W_VAL))
    return value + 1 if value is not None and 0 <= value <= 8 else None


def _theme_colours(theme: etree._Element | None, settings: etree._Element | None) -> dict[str, str]:
    scheme = theme.find(f".//{{{_A}}}clrScheme") if theme is not None else None
    slots: dict[str, str] = {}
    if scheme is not None:
        for slot_name in set(_SCHEME_SLOTS.values()):
            slot = scheme.find(f"{{{_A}}}{slot_name}")
            if slot is None:
                continue
            srgb = slot.find(f"{{{_A}}}srgbClr")
            system = slot.find(f"{{{_A}}}sysClr")
            value = srgb.get("val") if srgb is not None else None
            if value is None and system is not None:
                value = system.get("lastClr") or {"window": "FFFFFF", "windowText": "000000"}.get(
                    system.get("val", "")
                )
            if value and _HEX.fullmatch(value):
                slots[slot_name] = value.upper()
    colours = {name: slots[slot] for name, slot in _SCHEME_SLOTS.items() if slot in slots}
    # Text and background colours go through the document's colour-scheme mapping.
    mapping = {"background1": "light1", "text1": "dark1", "background2": "light2", "text2": "dark2"}
    mapped = settings.find(W_CLRSCHEMEMAPPING) if settings is not None else None
    if mapped is not None:
        for name, attr in (("background1", "bg1"), ("text1", "t1"), ("background2", "bg2"), ("text2", "t2")):
            mapping[name] = mapped.get(_w(attr), mapping[name])
    for name, target in mapping.items():
        if target in colours:
            colours[name] = colours[target]
    return colours


@attrs.frozen
class _Where:
    """Where a paragraph sits: its data path, its name for people, and what lies beneath it."""

    path: DataPath
    place: str
    background: str
    table_rpr: _Props = _EMPTY


@attrs.frozen
class _Para:
    """What the fake-heading rule needs to know about a body paragraph."""

    ordinal: int
    path: DataPath
    place: str
    text: str
    all_bold: bool
    structural: bool
    listed: bool


@attrs.define
class _Field:
    instruction: str = ""
    in_result: bool = False
    result: str = ""


class _Auditor:
    def __init__(self, package: _Package, where: Location) -> None:
        self._package = package
        self._where = where
        self._found: list[tuple[int, int, Finding]] = []
        self._ordinal = 0
        self._paragraphs = 0
        self._tables = 0
        self._previous_level = 0
        self._seen_heading = False
        self._contrast_seen: set[tuple[str, str, DataPath]] = set()
        self._styles: _Styles

    def run(self) -> list[Finding]:
        package = self._package
        package_rels = package.relationships("")
        main = next(
            (t for kind, _, t in package_rels if kind.endswith("/officeDocument")), "word/document.xml"
        )
        document = package.xml(main)
        body = document.find(W_BODY)
        if document.tag != W_DOCUMENT or body is None:
            raise _UnreadableError(f"its main part {main} is not a Word document body")
        rels = package.relationships(main)
        by_kind = {kind.rsplit("/", 1)[-1]: target for kind, _, target in reversed(rels)}

        def optional(part: str | None) -> etree._Element | None:
            return package.xml(part) if part is not None and package.has(part) else None

        self._styles = _Styles(
            optional(by_kind.get("styles")), optional(by_kind.get("theme")), optional(by_kind.get("settings"))
        )
        core_part = next((t for kind, _, t in package_rels if kind.endswith("/core-properties")), None)
        self._properties(optional(core_part or "docProps/core.xml"))

        page_colour = document.find(W_BACKGROUND)
        page = self._styles.colour(page_colour, "color", "themeColor", "themeTint", "themeShade") or "FFFFFF"
        top: list[_Para | None] = []
        for block in _blocks(body):
            if block.tag == W_P:
                self._paragraphs += 1
                n = self._paragraphs
                top.append(self._paragraph(block, _Where(("paragraph", n), f"paragraph {n}", page)))
            else:
                self._table(block, page)
                top.append(None)
        self._fake_headings(top)
        self._headers_and_footers(document, {rid: target for _, rid, target in rels})
        return [finding for _, _, finding in sorted(self._found, key=lambda item: item[:2])]

    def _report(self, level: Level, code: str, message: str, path: DataPath, ordinal: int) -> None:
        finding = Finding(level=level, code=code, message=message, path=path, location=self._where)
        self._found.append((ordinal, len(self._found), finding))

    def _next_ordinal(self) -> int:
        self._ordinal += 1
        return self._ordinal

    def _properties(self, core: etree._Element | None) -> None:
        def text(tag: str) -> str:
            el = core.find(f"{{{_DC}}}{tag}") if core is not None else None
            return (el.text or "").strip() if el is not None else ""

        if not text("title"):
            self._report(
                Level.ERROR,
                "audit.title-missing",
                "the document has no title (set it in File > Info > Properties > Title); screen readers announce it",
                ("properties", "title"),
                0,
            )
        if not text("language") and not self._styles.default_language:
            self._report(
                Level.ERROR,
                "audit.language-missing",
                "the document does not say what language it is in (neither the Language property nor a default language in its styles is set)",
                ("properties", "language"),
                0,
            )

    # Paragraphs -----------------------------------------------------------

    def _paragraph(self, p: etree._Element, where: _Where) -> _Para:
        ordinal = self._next_ordinal()
        styles = self._styles
        ppr = _children(p.find(W_PPR))
        sid = styles.paragraph_style(_val(ppr.get(W_PSTYLE)))
        para_rpr = styles.rpr(sid)
        para_ppr = styles.ppr(sid)
        table_rpr = where.table_rpr

        texts: dict[etree._Element, str] = {}
        visible: list[tuple[str, tuple[_Props, ...]]] = []
        for run in _own_runs(p):
            text = _run_text(run)
            if not text:
                continue
            direct = _children(run.find(W_RPR))
            char_rpr = styles.rpr(styles.character_style(_val(direct.get(W_RSTYLE))))
            levels = (direct, char_rpr, para_rpr, table_rpr)
            if self._toggle(W_VANISH, levels):
                continue
            texts[run] = text
            visible.append((text, levels))
        text = "".join(texts.values())
        place = f"{where.place} ({_snippet(text)})"

        outline = ppr.get(W_OUTLINE)
        level = _outline_level(outline) if outline is not None else styles.heading_level(sid)
        names = styles.names(sid)
        title = level is None and any(name == "title" for name in names)
        if text.strip():
            self._heading_order(level, title, place, where.path, ordinal)

        self._images(p, place, where.path, ordinal)
        self._links(p, texts, place, where.path, ordinal)

        background = styles.fill(ppr.get(W_SHD) if W_SHD in ppr else para_ppr.get(W_SHD)) or where.background
        bold_runs = []
        for run_text, run_levels in visible:
            if not run_text.strip():
                continue
            bold = self._toggle(W_B, run_levels)
            bold_runs.append(bold)
            self._run_contrast(run_text, run_levels, bold, background, place, where.path, ordinal)

        structural = level is not None or title or any(_structural_name(name) for name in names)
        numbered = ppr.get(W_NUMPR) if W_NUMPR in ppr else para_ppr.get(W_NUMPR)
        listed = (
            (numbered is not None and _val(numbered.find(W_NUMID)) not in (None, "0"))
            or any("list" in name for name in names)
            or text.lstrip().startswith(_BULLET_START)
        )
        return _Para(
            ordinal=ordinal,
            path=where.path,
            place=place,
            text=text.strip(),
            all_bold=bool(bold_runs) and all(bold_runs),
            structural=structural,
            listed=listed,
        )

    def _toggle(self, tag: str, levels: tuple[_Props, ...]) -> bool:
        """Bold, hidden and the like: direct formatting decides, else styles' settings cancel in pairs."""
        direct, *styled = levels
        if tag in direct:
            return _on(direct[tag])
        found = [_on(props[tag]) for props in styled if tag in props]
        if not found:
            return _on(self._styles.defaults.get(tag))
        return sum(found) % 2 == 1

    def _lookup(self, tag: str, levels: tuple[_Props, ...]) -> etree._Element | None:
        for props in (*levels, self._styles.defaults):
            found = props.get(tag)
            if found is not None:
                return found
        return None

    def _heading_order(
        self, level: int | None, title: bool, place: str, path: DataPath, ordinal: int
    ) -> None:
        if title:
            self._previous_level = 0
            self._seen_heading = True
            return
        if level is None:
            return
        previous = self._previous_level
        if level > previous + 1:
            skipped = (
                f"level {previous + 1}" if level == previous + 2 else f"levels {previous + 1}-{level - 1}"
            )
            if not self._seen_heading:
                message = f"{place}: the first heading is level {level}; start with level 1"
            elif previous == 0:
                message = f"{place}: heading level {level} follows the title (skips {skipped})"
            else:
                message = f"{place}: heading level {level} follows level {previous} (skips {skipped})"
            self._report(Level.ERROR, "audit.heading-skip", message, path, ordinal)
        self._previous_level = level
        self._seen_heading = True

    def _images(self, holder: etree._Element, place: str, path: DataPath, ordinal: int) -> None:
        for drawing in holder.iter(WP_INLINE, WP_ANCHOR):
            doc_pr = drawing.find(WP_DOCPR)
            if doc_pr is None or _on_attr(doc_pr.get("hidden")):
                continue
            if (doc_pr.get("descr") or "").strip():
                continue
            if any(_on_attr(mark.get("val")) for mark in doc_pr.iter(DECORATIVE)):
                continue
            data = drawing.find(f".//{A_GRAPHICDATA}")
            uri = data.get("uri", "") if data is not None else ""
            # A text box's words are read out; it needs no description of its own.
            if next(drawing.iter(*_TEXTBOX_TAGS), None) is not None and uri.endswith("wordprocessingShape"):
                continue
            kind = _drawing_kind(uri)
            name = doc_pr.get("name") or ""
            named = f' "{name}"' if name else ""
            self._report(
                Level.ERROR,
                "audit.image-alt-missing",
                f"{place}: {kind}{named} has no alt text and is not marked as decorative",
                path,
                ordinal,
            )
        for image in holder.iter(V_IMAGEDATA):
            shape = image.getparent()
            if shape is None or (shape.get("alt") or "").strip():
                continue
            inside_object = any(a.tag == _w("object") for a in image.iterancestors())
            kind = "embedded object" if inside_object else "picture"
            name = shape.get("id") or ""
            named = f' "{name}"' if name else ""
            self._report(
                Level.ERROR,
                "audit.image-alt-missing",
                f"{place}: {kind}{named} (an old-style VML image) has no alt text",
                path,
                ordinal,
            )

    def _links(
        self, p: etree._Element, texts: Mapping[etree._Element, str], place: str, path: DataPath, ordinal: int
    ) -> None:
        def text_of(el: etree._Element) -> str:
            return "".join(texts.get(run, "") for run in el.iter(W_R))

        for link in p.iter(W_HYPERLINK):
            self._link_text(text_of(link), place, path, ordinal)
        for simple in p.iter(W_FLDSIMPLE):
            if _is_hyperlink_field(simple.get(_w("instr"), "")):
                self._link_text(text_of(simple), place, path, ordinal)
        # Links pasted from the web or made by older tools are often HYPERLINK field codes instead.
        fields: list[_Field] = []
        for run in p.iter(W_R):
            for child in run:
                if child.tag == W_FLDCHAR:
                    kind = child.get(_w("fldCharType"))
                    if kind == "begin":
                        fields.append(_Field())
                    elif kind == "separate" and fields:
                        fields[-1].in_result = True
                    elif kind == "end" and fields:
                        field = fields.pop()
                        if _is_hyperlink_field(field.instruction):
                            self._link_text(field.result, place, path, ordinal)
                elif child.tag == W_INSTRTEXT and fields and not fields[-1].in_result:
                    fields[-1].instruction += child.text or ""
            shown = texts.get(run, "")
            if shown:
                for field in fields:
                    if field.in_result:
                        field.result += shown

    def _link_text(self, text: str, place: str, path: DataPath, ordinal: int) -> None:
        stripped = " ".join(text.split())
        if not stripped:
            return
        words = " ".join(re.sub(r"[^\w\s]", " ", stripped.lower()).split())
        if stripped.lower().startswith(_URL_PREFIXES):
            problem = "is a bare web address; say where the link goes instead"
        elif words in _VAGUE_LINK_TEXT:
            problem = "does not say where the link goes"
        else:
            return
        self._report(
            Level.WARNING,
            "audit.link-text",
            f"{place}: link text {_snippet(stripped)} {problem}",
            path,
            ordinal,
        )

    def _run_contrast(
        self,
        text: str,
        levels: tuple[_Props, ...],
        bold: bool,
        background: str,
        place: str,
        path: DataPath,
        ordinal: int,
    ) -> None:
        styles = self._styles
        colour = styles.text_colour(self._lookup(W_COLOR, levels))
        if colour is None:
            return
        highlight = _val(self._lookup(W_HIGHLIGHT, levels))
        behind = _HIGHLIGHTS.get(highlight or "") or styles.fill(self._lookup(W_SHD, levels)) or background
        key = (colour, behind, path)
        if key in self._contrast_seen:
            return
        size = _int(_val(self._lookup(W_SZ, levels))) or 20
        # WCAG's large text: 18pt, or 14pt bold (sizes are in half-points).
        large = size >= 36 or (bold and size >= 28)
        needed = 3.0 if large else 4.5
        ratio = _contrast(colour, behind)
        if ratio >= needed:
            return
        self._contrast_seen.add(key)
        shown = int(ratio * 100) / 100
        self._report(
            Level.WARNING,
            "audit.contrast",
            f"{place}: text {_snippet(text)} is #{colour} on #{behind}, contrast {shown:.2f}:1 (needs {needed:g}:1)",
            path,
            ordinal,
        )

    def _fake_headings(self, top: list[_Para | None]) -> None:
        for i, para in enumerate(top):
            if para is None or not _looks_like_heading(para):
                continue
            following = next((b for b in top[i + 1 :] if b is None or b.text), None)
            if following is None or not _reads_as_body_text(following):
                continue
            self._report(
                Level.ERROR,
                "audit.fake-heading",
                f"{para.place}: bold text that looks like a heading but has no heading style",
                para.path,
                para.ordinal,
            )

    # Tables ---------------------------------------------------------------

    def _table(self, tbl: etree._Element, outer: str) -> None:
        self._tables += 1
        n = self._tables
        ordinal = self._next_ordinal()
        path: DataPath = ("table", n)
        rows = list(_wrapped(tbl, W_TR))
        cells = [list(_wrapped(row, W_TC)) for row in rows]
        spans = [[_int(_val(_cell_pr(tc).get(W_GRIDSPAN))) or 1 for tc in row] for row in cells]
        width = max((sum(row) for row in spans), default=0)
        first = _raw_text(rows[0]) if rows else ""
        place = f"table {n} ({_snippet(first)})"
        if len(rows) >= 2 and width >= 2:
            self._data_table(rows, cells, spans, place, path, ordinal)

        styles = self._styles
        tbl_pr = tbl.find(W_TBLPR)
        style_id = _val(tbl_pr.find(W_TBLSTYLE)) if tbl_pr is not None else None
        look = _Look.of(tbl_pr)
        table_fill = styles.fill(tbl_pr.find(W_SHD) if tbl_pr is not None else None) or outer
        for r, row in enumerate(cells):
            col = 0
            for c, cell in enumerate(row):
                span = spans[r][c]
                layer = styles.table_cell_layer(style_id, look, r, len(rows), col, span, width)
                col += span
                fill = styles.fill(_cell_pr(cell).get(W_SHD)) or styles.fill(layer.shd)
                where = _Where(
                    path=("table", n, "row", r + 1, "cell", c + 1),
                    place=f"table {n}, row {r + 1}, cell {c + 1}",
                    background=fill or table_fill,
                    table_rpr=layer.rpr,
                )
                for block in _blocks(cell):
                    if block.tag == W_P:
                        self._paragraph(block, where)
                    else:
                        self._table(block, where.background)

    def _data_table(
        self,
        rows: list[etree._Element],
        cells: list[list[etree._Element]],
        spans: list[list[int]],
        place: str,
        path: DataPath,
        ordinal: int,
    ) -> None:
        headers = 0
        for row in rows:
            row_pr = row.find(W_TRPR)
            if row_pr is None or not _on(row_pr.find(W_TBLHEADER)):
                break
            headers += 1
        if headers == 0:
            self._report(
                Level.ERROR,
                "audit.table-header-missing",
                f"{place}: the first row is not marked as a header row (Table Properties > Row > Repeat as header row)",
                path,
                ordinal,
            )
        merged = next(
            (
                (r, c)
                for r, row in enumerate(cells)
                for c, cell in enumerate(row)
                if spans[r][c] > 1 or W_VMERGE in _cell_pr(cell) or W_HMERGE in _cell_pr(cell)
            ),
            None,
        )
        if merged is not None:
            self._report(
                Level.WARNING,
                "audit.merged-cells",
                f"{place}: has merged cells (first at row {merged[0] + 1}, cell {merged[1] + 1}), which screen readers announce unreliably",
                path,
                ordinal,
            )
        # An unmarked table is reported above as if its first row were its header; check that row too.
        for r in range(max(headers, 1)):
            for c, cell in enumerate(cells[r]):
                merge = _cell_pr(cell).get(W_VMERGE)
                if merge is not None and merge.get(W_VAL) != "restart":
                    continue
                if _raw_text(cell).strip():
                    continue
                self._report(
                    Level.WARNING,
                    "audit.empty-header-cell",
                    f"{place}, row {r + 1}, cell {c + 1}: header cell is empty",
                    ("table", path[1], "row", r + 1, "cell", c + 1),
                    ordinal,
                )

    # Headers and footers ----------------------------------------------------

    def _headers_and_footers(self, document: etree._Element, targets: Mapping[str, str]) -> None:
        parts: dict[str, tuple[str, int]] = {}
        counts = {"header": 0, "footer": 0}
        for section in document.iter(W_SECTPR):
            for ref in section:
                if ref.tag not in (W_HEADERREF, W_FOOTERREF):
                    continue
                target = targets.get(ref.get(R_ID) or "")
                if target is None or target in parts or not self._package.has(target):
                    continue
                kind = "header" if ref.tag == W_HEADERREF else "footer"
                counts[kind] += 1
                parts[target] = (kind, counts[kind])
        for target, (kind, n) in parts.items():
            root = self._package.xml(target)
            place = f"{kind} {n} ({_snippet(_raw_text(root))})"
            self._images(root, place, (kind, n), self._next_ordinal())


def _cell_pr(tc: etree._Element) -> dict[str, etree._Element]:
    return _children(tc.find(W_TCPR))


def _structural_name(name: str) -> bool:
    return name.startswith(("heading", "toc", "table of figures", "caption", "title", "subtitle"))


def _is_hyperlink_field(instruction: str) -> bool:
    return instruction.strip().upper().startswith("HYPERLINK")


def _drawing_kind(uri: str) -> str:
    for suffix, kind in (
        ("/picture", "picture"),
        ("/chart", "chart"),
        ("/diagram", "SmartArt graphic"),
        ("wordprocessingShape", "shape"),
        ("wordprocessingGroup", "group of shapes"),
        ("wordprocessingCanvas", "drawing canvas"),
    ):
        if uri.endswith(suffix):
            return kind
    return "image" if uri else "drawing"


def _reads_as_body_text(para: _Para) -> bool:
    """Prose or a list, not a bold line or a signature's role line after a bold name."""
    if para.all_bold or para.structural:
        return False
    return para.listed or len(para.text) > 100 or para.text.rstrip("\"'”’)]").endswith((*_SENTENCE_END, "…"))


def _looks_like_heading(para: _Para) -> bool:
    """Short, all bold, not a sentence, not a list item, and not already styled as something."""
    text = para.text
    return (
        0 < len(text) <= 100
        and para.all_bold
        and not para.structural
        and not para.listed
        and not text.endswith(_SENTENCE_END)
        and any(ch.isalpha() for ch in text)
    )
