"""Reading a .docx package for the audit: its parts, through their relationships, and the XML vocabulary in them."""

from __future__ import annotations

import posixpath
import zipfile
import zlib
from collections.abc import Iterator, Mapping
from urllib.parse import unquote

from lxml import etree

from lscb_core._base.namespaces import DECORATIVE_NS, MC, PKG_RELS, STRICT, WP, A, R, V, W

# Word can save "Strict Open XML", which is the same vocabulary under other
# namespace names; renaming them before parsing lets one code path read both.
_STRICT_NAMESPACES = tuple((strict.encode(), usual.encode()) for strict, usual in STRICT.items())


# Parts this large are not Word documents anyone wrote; refusing them keeps a
# hostile zip (a "zip bomb") from exhausting memory.
_MAX_PART_BYTES = 256 * 1024 * 1024


def _w(local: str) -> str:
    return f"{{{W}}}{local}"


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
R_ID = f"{{{R}}}id"
WP_INLINE = f"{{{WP}}}inline"
WP_ANCHOR = f"{{{WP}}}anchor"
WP_DOCPR = f"{{{WP}}}docPr"
A_GRAPHICDATA = f"{{{A}}}graphicData"
V_IMAGEDATA = f"{{{V}}}imagedata"
MC_FALLBACK = f"{{{MC}}}Fallback"
DECORATIVE = f"{{{DECORATIVE_NS}}}decorative"
_TEXTBOX_TAGS = (
    W_TXBX,
    "{http://schemas.microsoft.com/office/word/2010/wordprocessingShape}txbx",
    f"{{{V}}}textbox",
)


_Props = Mapping[str, etree._Element]
_EMPTY: _Props = {}


class UnreadableError(Exception):
    """The file cannot be audited; the message says why, for a person."""


class Package:
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
            raise UnreadableError(f"it has no {part} part")
        info = self._archive.getinfo(name)
        if info.file_size > _MAX_PART_BYTES:
            raise UnreadableError(f"its {part} part is too large to audit")
        try:
            data = self._archive.read(info)
        except (zipfile.BadZipFile, RuntimeError, NotImplementedError, zlib.error, EOFError, OSError) as e:
            raise UnreadableError(f"its {part} part cannot be unpacked ({e})") from None
        if b"purl.oclc.org/ooxml" in data:
            for strict, transitional in _STRICT_NAMESPACES:
                data = data.replace(strict, transitional)
        parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)
        try:
            root = etree.fromstring(data, parser)
        except etree.XMLSyntaxError as e:
            raise UnreadableError(f"its {part} part is not well-formed XML ({e})") from None
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
        for rel in self.xml(rels).iter(f"{{{PKG_RELS}}}Relationship"):
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


def _cell_pr(tc: etree._Element) -> dict[str, etree._Element]:
    return _children(tc.find(W_TCPR))
