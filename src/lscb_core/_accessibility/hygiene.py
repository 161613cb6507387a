"""Document hygiene: what a Word package carries besides the text a reader sees.

Two kinds of thing make a published document unsafe:

* **active or remote content**, which runs code or fetches something when the
  document is opened or updated: macros, ActiveX controls, embedded objects,
  fields that pull in other files or addresses (``INCLUDEPICTURE``,
  ``INCLUDETEXT``, ``DDE``, ``DDEAUTO``, ``LINK``, and the older ``IMPORT`` and
  ``INCLUDE``), relationships to anything outside the package other than
  http, https or mailto hyperlinks, and an attached template at an address;
* **left-overs** that tell more than the author meant to: comments and their
  authors, tracked changes and who made them, custom document properties,
  hidden text, personal document properties (author, last modified by, last
  printed, company, manager) and metadata inside pictures (EXIF, GPS
  position, XMP, IPTC, text chunks, comments, thumbnails).

:func:`concerns` finds both in any package; the accessibility audit reports
them (:func:`hygiene_findings`) and the loader uses the same rules to refuse
or clean a board's template. :func:`jpeg_pieces` and :func:`png_pieces` split
a picture into what is kept and what is metadata, for the audit and for the
picture cleaner alike, so the two can never disagree.
"""

from __future__ import annotations

import enum
import io
import posixpath
import re
import struct
import zipfile
import zlib
from collections.abc import Iterator, Mapping, Sequence
from urllib.parse import unquote, urlsplit

import attrs
from lxml import etree

from lscb_core._base import namespaces
from lscb_core._base.findings import Finding, Level
from lscb_core._base.locations import Location

__all__ = [
    "LINK_SCHEMES",
    "Concern",
    "Kind",
    "PictureError",
    "Relationship",
    "ZipParts",
    "concerns",
    "hygiene_findings",
    "image_format",
    "jpeg_pieces",
    "parse_xml",
    "picture_metadata",
    "png_pieces",
    "relationships",
]

_STRICT_NAME = {usual: strict for strict, usual in namespaces.STRICT.items()}
W = namespaces.W
_W_STRICT = _STRICT_NAME[namespaces.W]
_R_STRICT = _STRICT_NAME[namespaces.R]
_R = namespaces.R
_PKG_RELS = namespaces.PKG_RELS
_CT = namespaces.CONTENT_TYPES
_CP = namespaces.CORE_PROPERTIES
_DC = namespaces.DC
_EP = namespaces.EXTENDED_PROPERTIES
_CUSTOM = namespaces.CUSTOM_PROPERTIES

LINK_SCHEMES = frozenset({"http", "https", "mailto"})
"""The only addresses a hyperlink in a published document may lead to."""

_MAX_PART_BYTES = 256 * 1024 * 1024
"""A part larger than this is not read (a hostile zip could otherwise exhaust memory)."""


def _w(local: str) -> str:
    return f"{{{W}}}{local}"


class Kind(enum.Enum):
    """What a concern is about; the value is the last part of its finding code."""

    MACROS = "macros"
    ACTIVEX = "activex"
    EMBEDDED_OBJECT = "embedded-object"
    REMOTE_FIELD = "remote-field"
    EXTERNAL_RELATIONSHIP = "external-relationship"
    ATTACHED_TEMPLATE = "attached-template"
    COMMENTS = "comments"
    TRACKED_CHANGES = "tracked-changes"
    CUSTOM_PROPERTIES = "custom-properties"
    HIDDEN_TEXT = "hidden-text"
    PERSONAL_PROPERTIES = "personal-properties"
    PICTURE_METADATA = "picture-metadata"

    @property
    def active(self) -> bool:
        """Active or remote content: a template holding it is refused."""
        return self in _ACTIVE


_ACTIVE = frozenset(
    {
        Kind.MACROS,
        Kind.ACTIVEX,
        Kind.EMBEDDED_OBJECT,
        Kind.REMOTE_FIELD,
        Kind.EXTERNAL_RELATIONSHIP,
        Kind.ATTACHED_TEMPLATE,
    }
)


@attrs.frozen
class Concern:
    """One kind of thing found in one part: ``what`` says what, for a person (``3 comments``)."""

    kind: Kind
    part: str
    what: str


# --- reading a package ------------------------------------------------------------------


class ZipParts(Mapping[str, bytes]):
    """The parts of a zip archive, read when asked for; parts too large or broken read as empty."""

    def __init__(self, archive: zipfile.ZipFile) -> None:
        self._archive = archive
        self._names = [info.filename for info in archive.infolist() if not info.is_dir()]

    def __getitem__(self, name: str) -> bytes:
        info = self._archive.getinfo(name)
        if info.file_size > _MAX_PART_BYTES:
            return b""
        try:
            return self._archive.read(info)
        except (zipfile.BadZipFile, RuntimeError, NotImplementedError, zlib.error, EOFError, OSError):
            return b""

    def __iter__(self) -> Iterator[str]:
        return iter(self._names)

    def __len__(self) -> int:
        return len(self._names)


_STRICT = (
    (_W_STRICT.encode(), W.encode()),
    (_R_STRICT.encode(), _R.encode()),
)


def parse_xml(data: bytes) -> etree._Element | None:
    """A part's XML, parsed without entities, DTDs or the network; ``None`` if it is not well-formed.

    Strict Open XML namespaces are read as the transitional ones, so one set of
    rules covers both.
    """
    if b"purl.oclc.org/ooxml" in data:
        for strict, transitional in _STRICT:
            data = data.replace(strict, transitional)
    parser = etree.XMLParser(
        resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False, dtd_validation=False
    )
    try:
        return etree.fromstring(data, parser)
    except etree.XMLSyntaxError:
        return None


@attrs.frozen
class Relationship:
    """One relationship of a part: its id, type, target as written, and the part it names (if inside)."""

    source: str
    rels_part: str
    id: str
    type: str
    target: str
    external: bool
    part: str | None


def _source_of(rels_part: str) -> str | None:
    """``word/document.xml`` for ``word/_rels/document.xml.rels``; ``""`` for the package's own."""
    folder, name = posixpath.split(rels_part)
    if posixpath.basename(folder) != "_rels" or not name.endswith(".rels"):
        return None
    return posixpath.join(posixpath.dirname(folder), name[: -len(".rels")])


def _looks_external(target: str) -> bool:
    return "://" in target or target.startswith(("\\\\", "//")) or bool(re.match(r"^[A-Za-z]:[\\/]", target))


def relationships(parts: Mapping[str, bytes]) -> list[Relationship]:
    """Every relationship in the package, in part order."""
    out = []
    for rels_part in parts:
        source = _source_of(rels_part)
        if source is None:
            continue
        root = parse_xml(parts[rels_part])
        if root is None:
            continue
        folder = posixpath.dirname(source)
        for rel in root.iter(f"{{{_PKG_RELS}}}Relationship"):
            target = rel.get("Target") or ""
            external = rel.get("TargetMode", "Internal") == "External" or _looks_external(target)
            part = None
            if not external and target:
                decoded = unquote(target)
                joined = decoded[1:] if decoded.startswith("/") else posixpath.join(folder, decoded)
                part = posixpath.normpath(joined)
            out.append(
                Relationship(
                    source, rels_part, rel.get("Id", ""), rel.get("Type", ""), target, external, part
                )
            )
    return out


def content_types(parts: Mapping[str, bytes]) -> dict[str, str]:
    """Each part's content type (lower-cased names), from ``[Content_Types].xml``."""
    root = parse_xml(parts["[Content_Types].xml"]) if "[Content_Types].xml" in parts else None
    defaults: dict[str, str] = {}
    overrides: dict[str, str] = {}
    if root is not None:
        for default in root.iter(f"{{{_CT}}}Default"):
            defaults[(default.get("Extension") or "").lower()] = default.get("ContentType") or ""
        for override in root.iter(f"{{{_CT}}}Override"):
            overrides[(override.get("PartName") or "").lstrip("/").lower()] = (
                override.get("ContentType") or ""
            )
    out = {}
    for name in parts:
        low = name.lower()
        extension = low.rsplit(".", 1)[-1] if "." in posixpath.basename(low) else ""
        out[low] = overrides.get(low, defaults.get(extension, ""))
    return out


# --- the rules --------------------------------------------------------------------------

_REMOTE_FIELDS = frozenset({"INCLUDEPICTURE", "INCLUDETEXT", "INCLUDE", "IMPORT", "DDE", "DDEAUTO", "LINK"})
_FIELD_NAME = re.compile(r"\s*([A-Za-z]+)(.*)", re.DOTALL)

_TRACKED = frozenset(
    _w(name)
    for name in (
        "ins",
        "del",
        "moveFrom",
        "moveTo",
        "rPrChange",
        "pPrChange",
        "sectPrChange",
        "tblPrChange",
        "trPrChange",
        "tcPrChange",
        "tblGridChange",
        "tblPrExChange",
        "numberingChange",
        "cellIns",
        "cellDel",
        "cellMerge",
    )
)
_OFF = frozenset({"0", "false", "off"})


def _on(el: etree._Element) -> bool:
    return (el.get(_w("val")) or "true").lower() not in _OFF


def _short(text: str, limit: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _plural(n: int, one: str, many: str | None = None) -> str:
    return f"{n} {one if n == 1 else (many or one + 's')}"


def field_instructions(root: etree._Element) -> Iterator[str]:
    """The instruction of every field in a part: simple fields and complex ones (nested too)."""
    stack: list[list[str]] = []
    for el in root.iter(_w("fldSimple"), _w("fldChar"), _w("instrText")):
        if el.tag == _w("fldSimple"):
            yield el.get(_w("instr")) or ""
        elif el.tag == _w("fldChar"):
            kind = el.get(_w("fldCharType"))
            if kind == "begin":
                stack.append([])
            elif kind == "end" and stack:
                yield "".join(stack.pop())
        elif stack:
            stack[-1].append(el.text or "")
        else:
            yield el.text or ""
    for rest in stack:
        yield "".join(rest)


def remote_field(instruction: str) -> str | None:
    """``INCLUDEPICTURE "http://…"`` when the field fetches content from elsewhere, else ``None``."""
    match = _FIELD_NAME.match(instruction)
    if match is None or match.group(1).upper() not in _REMOTE_FIELDS:
        return None
    return _short(f"{match.group(1).upper()} {match.group(2).strip()}".strip())


def _kind_of_part(name: str, content_type: str) -> tuple[Kind, str] | None:
    low = name.lower()
    ct = content_type.lower()
    if "macroenabled" in ct:
        return Kind.MACROS, "a macro-enabled document type"
    if low.endswith(("vbaproject.bin", "vbadata.xml")) or "vba" in ct:
        return Kind.MACROS, "a macro project"
    if "/activex/" in f"/{low}" or "activex" in ct:
        return Kind.ACTIVEX, "an ActiveX control"
    if "/embeddings/" in f"/{low}" or "oleobject" in ct:
        return Kind.EMBEDDED_OBJECT, "an embedded object"
    return None


_REL_KINDS = (
    (("/vbaProject", "/wordVbaData", "/keyMapCustomizations"), Kind.MACROS, "a macro project"),
    (("/control",), Kind.ACTIVEX, "an ActiveX control"),
    (("/oleObject", "/package", "/aFChunk"), Kind.EMBEDDED_OBJECT, "an embedded object"),
)


_EXTERNAL_NOUNS = {
    "image": "a picture",
    "oleObject": "a linked object",
    "subDocument": "a subdocument",
    "frame": "a frame",
    "package": "a linked file",
    "aFChunk": "an imported file",
}


def _chart_workbooks(rels: Sequence[Relationship], types: Mapping[str, str]) -> set[str]:
    """Workbooks that hold a chart's data (a chart part's package relationship to a plain .xlsx).

    They are the chart's own figures, which Word edits with the chart: not a file inside the file.
    """
    return {
        rel.part.lower()
        for rel in rels
        if rel.part
        and not rel.external
        and rel.type.endswith("/package")
        and types.get(rel.source.lower(), "") == _CHART_TYPE
        and types.get(rel.part.lower(), "") == _SHEET_TYPE
    }


_CHART_TYPE = "application/vnd.openxmlformats-officedocument.drawingml.chart+xml"
_SHEET_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _relationship_concerns(rels: Sequence[Relationship]) -> Iterator[Concern]:
    for rel in rels:
        if rel.external:
            short_type = rel.type.rsplit("/", 1)[-1]
            target = _short(rel.target)
            if short_type == "attachedTemplate":
                yield Concern(Kind.ATTACHED_TEMPLATE, rel.rels_part, f"an attached template at {target}")
            elif short_type == "hyperlink":
                scheme = urlsplit(rel.target.strip()).scheme.lower()
                if scheme not in LINK_SCHEMES:
                    yield Concern(
                        Kind.EXTERNAL_RELATIONSHIP, rel.rels_part, f"a hyperlink to {target} ({rel.id})"
                    )
            else:
                noun = _EXTERNAL_NOUNS.get(short_type, f"a {short_type}")
                yield Concern(Kind.EXTERNAL_RELATIONSHIP, rel.rels_part, f"{noun} at {target} ({rel.id})")
            continue
        for endings, kind, what in _REL_KINDS:
            if rel.type.endswith(endings):
                yield Concern(kind, rel.part or rel.rels_part, what)


def _core_personal(core: etree._Element | None, app: etree._Element | None) -> list[str]:
    """The personal properties set: the author (unless the title names it, as a board's does), and others."""
    found = []
    if core is not None:

        def text(ns: str, tag: str) -> str:
            el = core.find(f"{{{ns}}}{tag}")
            return (el.text or "").strip() if el is not None else ""

        author = text(_DC, "creator")
        if author and author.lower() not in text(_DC, "title").lower():
            found.append("author")
        if text(_CP, "lastModifiedBy"):
            found.append("last modified by")
        if text(_CP, "lastPrinted"):
            found.append("last printed")
    if app is not None:
        for tag, label in (("Company", "company"), ("Manager", "manager")):
            el = app.find(f"{{{_EP}}}{tag}")
            if el is not None and (el.text or "").strip():
                found.append(label)
    return found


def hidden_runs(root: etree._Element) -> int:
    """Runs, styles and defaults in a part that hide text (``w:vanish``; paragraph marks aside)."""
    count = 0
    for vanish in root.iter(_w("vanish")):
        rpr = vanish.getparent()
        holder = rpr.getparent() if rpr is not None else None
        if holder is not None and holder.tag in (_w("r"), _w("style"), _w("rPrDefault")) and _on(vanish):
            count += 1
    return count


def _xml_concerns(name: str, root: etree._Element) -> Iterator[Concern]:
    if root.tag in (_w("comments"),):
        n = len(root.findall(_w("comment")))
        if n:
            yield Concern(Kind.COMMENTS, name, _plural(n, "comment"))
        return
    if root.tag == "{http://schemas.microsoft.com/office/word/2012/wordml}people":
        yield Concern(Kind.COMMENTS, name, "the names of the comments' authors")
        return
    if root.tag == f"{{{_CUSTOM}}}Properties":
        n = len(root)
        if n:
            yield Concern(
                Kind.CUSTOM_PROPERTIES,
                name,
                _plural(n, "custom document property", "custom document properties"),
            )
        return
    if not isinstance(root.tag, str) or not root.tag.startswith(f"{{{W}}}"):
        return
    tracked = sum(1 for el in root.iter() if el.tag in _TRACKED)
    if tracked:
        yield Concern(Kind.TRACKED_CHANGES, name, _plural(tracked, "tracked change"))
    hidden = hidden_runs(root)
    if hidden:
        yield Concern(Kind.HIDDEN_TEXT, name, _plural(hidden, "place", "places") + " where text is hidden")
    for instruction in field_instructions(root):
        field = remote_field(instruction)
        if field:
            yield Concern(Kind.REMOTE_FIELD, name, f"the field {field}")
    for el in root.iter(_w("object"), _w("altChunk"), _w("control")):
        if el.tag == _w("control"):
            yield Concern(Kind.ACTIVEX, name, "an ActiveX control")
        elif el.find(f".//{_w('control')}") is None:  # an ActiveX control sits in a w:object of its own
            yield Concern(Kind.EMBEDDED_OBJECT, name, "an embedded object")


def _is_xml(name: str, content_type: str) -> bool:
    return name.endswith(".xml") or content_type.endswith(("+xml", "/xml"))


def concerns(parts: Mapping[str, bytes]) -> list[Concern]:
    """Everything in the package that makes it unsafe to publish, one concern per kind and part."""
    found: list[Concern] = []
    types = content_types(parts)
    rels = relationships(parts)
    charts = _chart_workbooks(rels, types)
    for name in parts:
        kind = _kind_of_part(name, types.get(name.lower(), ""))
        if kind is not None and name.lower() not in charts:
            found.append(Concern(kind[0], name, kind[1]))
    found.extend(_relationship_concerns([r for r in rels if (r.part or "").lower() not in charts]))
    core_name = next(
        (r.part for r in rels if r.type.endswith("/core-properties") and r.part), "docProps/core.xml"
    )
    app_name = next(
        (r.part for r in rels if r.type.endswith("/extended-properties") and r.part), "docProps/app.xml"
    )
    by_lower = {name.lower(): name for name in parts}
    core = app = None
    for name in parts:
        low = name.lower()
        if low.endswith(".rels") or name == "[Content_Types].xml":
            continue
        if _is_xml(low, types.get(low, "")):
            root = parse_xml(parts[name])
            if root is None:
                continue
            if low == core_name.lower():
                core = root
            elif low == app_name.lower():
                app = root
            else:
                found.extend(_xml_concerns(name, root))
        elif not low.startswith("docprops/"):
            metadata = picture_metadata(parts[name])
            if metadata:
                found.append(Concern(Kind.PICTURE_METADATA, name, ", ".join(metadata)))
    personal = _core_personal(core, app)
    if personal:
        part = by_lower.get(core_name.lower(), core_name) if core is not None else app_name
        found.append(Concern(Kind.PERSONAL_PROPERTIES, part, ", ".join(personal)))
    return _merged(found)


def _merged(found: Sequence[Concern]) -> list[Concern]:
    """One concern per kind and part, its descriptions joined; in the order first found."""
    merged: dict[tuple[Kind, str], list[str]] = {}
    for concern in found:
        whats = merged.setdefault((concern.kind, concern.part), [])
        if concern.what not in whats:
            whats.append(concern.what)
    return [
        Concern(kind, part, "; ".join(whats[:3]) + (f"; and {len(whats) - 3} more" if len(whats) > 3 else ""))
        for (kind, part), whats in merged.items()
    ]


# --- the audit's findings ---------------------------------------------------------------

_AUDIT = {
    Kind.MACROS: (
        Level.ERROR,
        "the document holds macros ({what} in {part}); save it as a Word Document (.docx), not a macro-enabled one",
    ),
    Kind.ACTIVEX: (
        Level.ERROR,
        "the document holds {what} ({part}), which runs code when it is opened; remove it",
    ),
    Kind.EMBEDDED_OBJECT: (
        Level.WARNING,
        "the document holds {what} ({part}) whose contents readers cannot see or check; paste it as a picture or a table instead",
    ),
    Kind.REMOTE_FIELD: (
        Level.ERROR,
        "{what} in {part} fetches content from elsewhere when the document is opened or updated; replace it with the content itself",
    ),
    Kind.EXTERNAL_RELATIONSHIP: (
        Level.ERROR,
        "the document refers to something outside itself: {what} in {part}; a published document must be whole, and may link only to http, https and mailto addresses",
    ),
    Kind.ATTACHED_TEMPLATE: (
        Level.ERROR,
        "the document is attached to a template elsewhere ({what}, {part}); detach it (Developer > Document Template) before publishing",
    ),
    Kind.COMMENTS: (
        Level.WARNING,
        "the document holds comments ({what} in {part}); delete them before publishing (Review > Delete > Delete All Comments in Document)",
    ),
    Kind.TRACKED_CHANGES: (
        Level.WARNING,
        "the document holds tracked changes with their authors' names ({what} in {part}); accept or reject them before publishing",
    ),
    Kind.CUSTOM_PROPERTIES: (
        Level.WARNING,
        "the document holds {what} ({part}); remove them before publishing (File > Info > Properties > Advanced Properties > Custom)",
    ),
    Kind.HIDDEN_TEXT: (
        Level.WARNING,
        "the document holds hidden text ({what}, {part}) that a reader can reveal; delete it before publishing",
    ),
    Kind.PERSONAL_PROPERTIES: (
        Level.WARNING,
        "the document's properties name people or their organisation ({what}, {part}); clear them before publishing (File > Info > Inspect Document)",
    ),
    Kind.PICTURE_METADATA: (
        Level.WARNING,
        "the picture {part} carries metadata ({what}); remove it before publishing",
    ),
}


def hygiene_findings(archive: zipfile.ZipFile, where: Location) -> list[Finding]:
    """The audit's findings about active content, remote content and left-overs in a .docx.

    Errors (``audit.macros``, ``audit.activex``, ``audit.remote-field``,
    ``audit.external-relationship``, ``audit.attached-template``) for what runs
    code or fetches content; warnings for the rest. Each finding's path is
    ``("part", name)``.
    """
    out = []
    for concern in concerns(ZipParts(archive)):
        level, message = _AUDIT[concern.kind]
        out.append(
            Finding(
                level=level,
                code=f"audit.{concern.kind.value}",
                message=message.format(what=concern.what, part=concern.part),
                path=("part", concern.part),
                location=where,
            )
        )
    return out


# --- pictures ---------------------------------------------------------------------------


class PictureError(ValueError):
    """A picture's structure cannot be read; the message says how, for a person."""


def image_format(data: bytes) -> str | None:
    """``PNG``, ``JPEG``, ``GIF``, ``TIFF``, ``BMP`` or ``WEBP`` from the first bytes; ``None`` otherwise."""
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "PNG"
    if data.startswith(b"\xff\xd8\xff"):
        return "JPEG"
    if data.startswith((b"GIF87a", b"GIF89a")):
        return "GIF"
    if data.startswith((b"II*\x00", b"MM\x00*")):
        return "TIFF"
    if data.startswith(b"BM"):
        return "BMP"
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "WEBP"
    return None


def _exif_label(tiff: bytes) -> str:
    """``EXIF``, or ``EXIF with GPS position`` when the first directory points at GPS data."""
    try:
        order = {b"II": "<", b"MM": ">"}[tiff[:2]]
        (offset,) = struct.unpack(f"{order}I", tiff[4:8])
        (count,) = struct.unpack(f"{order}H", tiff[offset : offset + 2])
        for i in range(count):
            start = offset + 2 + 12 * i
            (tag,) = struct.unpack(f"{order}H", tiff[start : start + 2])
            if tag == 0x8825:
                return "EXIF with GPS position"
    except (KeyError, struct.error):
        pass
    return "EXIF"


_JFIF = b"JFIF\x00"
_ICC = b"ICC_PROFILE\x00"
_ADOBE = b"Adobe"


def _app_segment(marker: int, payload: bytes) -> tuple[bytes | None, str | None]:
    """What to keep of an APPn segment's payload (``None``: nothing) and what it held that is metadata."""
    n = marker - 0xE0
    if n == 0 and payload.startswith(_JFIF) and len(payload) >= 14:
        # The JFIF header without its thumbnail (width and height 0).
        kept = payload[:12] + b"\x00\x00"
        return kept, ("a thumbnail" if len(payload) > 14 else None)
    if n == 2 and payload.startswith(_ICC):
        return payload, None
    if n == 14 and payload.startswith(_ADOBE) and len(payload) >= 12:
        # How the colours are coded (needed to decode the picture), no metadata.
        return payload[:12], None
    if n == 0:
        return None, "a thumbnail"
    if n == 1 and payload.startswith(b"Exif\x00"):
        return None, _exif_label(payload[6:])
    if n == 1 and payload.startswith(
        (b"http://ns.adobe.com/xap/1.0/\x00", b"http://ns.adobe.com/xmp/extension/\x00")
    ):
        return None, "XMP"
    if n == 13 and payload.startswith(b"Photoshop 3.0\x00"):
        return None, "IPTC"
    if n == 2 and payload.startswith(b"MPF\x00"):
        return None, "further pictures (MPF)"
    return None, f"APP{n} data"


def jpeg_pieces(data: bytes) -> Iterator[tuple[bytes, str | None]]:
    """A JPEG file as pieces: the bytes to keep and, for each piece, the metadata taken out of it.

    Kept: the frame, tables, scans, a JFIF header without thumbnail, ICC
    colour profile segments and Adobe's colour coding segment. Taken out:
    every other APPn segment (EXIF, XMP, IPTC, thumbnails, maker data),
    comments, and anything after the end of the picture. Joining the kept
    bytes gives the same picture, pixel for pixel.
    """
    n = len(data)
    if not data.startswith(b"\xff\xd8"):
        raise PictureError("it does not start as a JPEG picture does")
    yield b"\xff\xd8", None
    i = 2
    while i < n:
        if data[i] != 0xFF:
            raise PictureError(f"its structure is broken at byte {i}")
        while i < n and data[i] == 0xFF:
            i += 1
        if i >= n:
            break
        marker = data[i]
        i += 1
        if marker == 0xD9:
            yield b"\xff\xd9", None
            if data[i:].strip(b"\x00"):
                yield b"", "data after the end of the picture"
            return
        if 0xD0 <= marker <= 0xD7 or marker in (0x01, 0x00):
            yield bytes((0xFF, marker)), None
            continue
        if i + 2 > n:
            raise PictureError("it ends inside a segment")
        length = int.from_bytes(data[i : i + 2], "big")
        if length < 2 or i + length > n:
            raise PictureError(f"a segment at byte {i - 2} has a length that does not fit")
        payload = data[i + 2 : i + length]
        i += length
        if 0xE0 <= marker <= 0xEF:
            kept, label = _app_segment(marker, payload)
            piece = b"" if kept is None else bytes((0xFF, marker)) + (len(kept) + 2).to_bytes(2, "big") + kept
            yield piece, label
        elif marker == 0xFE:
            yield b"", "a comment"
        else:
            yield bytes((0xFF, marker)) + data[i - length : i], None
        if marker == 0xDA:
            # Entropy-coded data runs to the next marker that is not a stuffed byte or a restart.
            j = i
            while True:
                j = data.find(b"\xff", j)
                if j < 0 or j + 1 >= n:
                    j = n
                    break
                follower = data[j + 1]
                if follower == 0x00 or 0xD0 <= follower <= 0xD7:
                    j += 2
                    continue
                break
            yield data[i:j], None
            i = j
    # No end marker: the picture is cut short; ending it keeps what there is.
    yield b"\xff\xd9", None


_PNG_KEEP = frozenset(
    {
        b"IHDR",
        b"PLTE",
        b"IDAT",
        b"IEND",
        b"tRNS",
        b"cHRM",
        b"gAMA",
        b"iCCP",
        b"sBIT",
        b"sRGB",
        b"cICP",
        b"mDCV",
        b"cLLI",
        b"bKGD",
        b"hIST",
        b"pHYs",
        b"acTL",
        b"fcTL",
        b"fdAT",
    }
)


def _png_label(kind: bytes, body: bytes) -> str:
    if kind in (b"tEXt", b"zTXt", b"iTXt"):
        keyword = body.split(b"\x00", 1)[0]
        if keyword == b"XML:com.adobe.xmp":
            return "XMP"
        if keyword.startswith(b"Raw profile type exif") or keyword.startswith(b"Raw profile type APP1"):
            return "EXIF"
        if keyword.startswith(b"Raw profile type iptc"):
            return "IPTC"
        return "text chunks"
    if kind == b"eXIf":
        return _exif_label(body)
    if kind == b"tIME":
        return "a time stamp"
    return f"a {kind.decode('latin-1')} chunk"


def png_pieces(data: bytes) -> Iterator[tuple[bytes, str | None]]:
    """A PNG file as pieces, as :func:`jpeg_pieces` does for JPEG.

    Kept: the image chunks and those that say how to show it (transparency,
    colour profile and space, gamma, background, pixel size, animation).
    Taken out: text chunks (tEXt, zTXt, iTXt, among them XMP), eXIf, tIME,
    every other chunk and anything after the end of the picture.
    """
    if not data.startswith(b"\x89PNG\r\n\x1a\n"):
        raise PictureError("it does not start as a PNG picture does")
    yield data[:8], None
    i = 8
    n = len(data)
    while i + 8 <= n:
        length = int.from_bytes(data[i : i + 4], "big")
        kind = data[i + 4 : i + 8]
        end = i + 12 + length
        if end > n:
            raise PictureError(f"a chunk at byte {i} has a length that does not fit")
        if kind in _PNG_KEEP:
            yield data[i:end], None
        else:
            yield b"", _png_label(kind, data[i + 8 : i + 8 + length])
        i = end
        if kind == b"IEND":
            if data[i:].strip(b"\x00"):
                yield b"", "data after the end of the picture"
            return
    raise PictureError("it ends before its last chunk")


_TIFF_METADATA_TAGS = {
    270: "a description",
    271: "the camera",
    272: "the camera",
    305: "the software",
    306: "a time stamp",
    315: "the artist",
    33432: "a copyright notice",
    34665: "EXIF",
    34853: "EXIF with GPS position",
    700: "XMP",
    33723: "IPTC",
    34377: "Photoshop data",
}


def picture_metadata(data: bytes) -> list[str]:
    """What metadata a picture carries (``["EXIF with GPS position", "XMP"]``); ``[]`` for none.

    A colour profile is not metadata: it says how to show the colours.
    """
    kind = image_format(data)
    try:
        if kind == "JPEG":
            labels = [label for _, label in jpeg_pieces(data) if label]
        elif kind == "PNG":
            labels = [label for _, label in png_pieces(data) if label]
        elif kind in ("GIF", "TIFF", "WEBP"):
            labels = _pillow_metadata(data)
        else:
            return []
    except PictureError:
        return []
    return list(dict.fromkeys(labels))


def _pillow_metadata(data: bytes) -> list[str]:
    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(io.BytesIO(data)) as picture:
            labels: list[str] = []
            if picture.format == "TIFF":
                tags = picture.getexif()
                labels.extend(label for tag, label in _TIFF_METADATA_TAGS.items() if tag in tags)
            elif picture.getexif():
                labels.append("EXIF")
            if "xmp" in picture.info or "XML:com.adobe.xmp" in picture.info:
                labels.append("XMP")
            if picture.info.get("comment"):
                labels.append("a comment")
            return labels
    except (OSError, UnidentifiedImageError, ValueError, SyntaxError, Image.DecompressionBombError):
        return []
