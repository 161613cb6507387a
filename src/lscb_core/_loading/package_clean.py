"""Word packages cleaned on use: a board's own template and plugins' Word fragments.

A Word file carries more than its text. Before lscb renders a report into a
board's template, or merges a plugin's Word fragment into it, the package is
checked part by part (the rules are :mod:`lscb_core._accessibility.hygiene`'s,
the same ones ``lscb audit`` reports):

* **refused**, so that the build stops and writes nothing: macros and
  ActiveX controls, embedded objects, fields that fetch content from
  elsewhere (``INCLUDEPICTURE``, ``INCLUDETEXT``, ``DDE``, ``DDEAUTO``,
  ``LINK``), relationships to anything outside the package other than http,
  https and mailto hyperlinks, and an attached template at an address;
* **removed**, each with a finding that says what went: comments with their
  anchors and authors, tracked changes (insertions accepted, deletions
  dropped, so their authors' names go too), custom document properties and
  document variables, hidden text, personal document properties (author,
  last modified by, last printed, comments, company, manager), metadata in
  pictures (see :mod:`lscb_core._loading.pictures`), and parts the document
  does not need or refer to (custom XML data, building blocks, the
  thumbnail, printer settings, unreferenced parts).

The cleaned package is checked again with the same rules; the renderer only
ever receives cleaned bytes.
"""

from __future__ import annotations

import hashlib
import io
import json
import posixpath
import zipfile
import zlib
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from urllib.parse import unquote

import attrs
from lxml import etree

from lscb_core._accessibility import hygiene
from lscb_core._accessibility.hygiene import Kind
from lscb_core._base import namespaces
from lscb_core._base.blocks import Block, BulletList, Image, NumberedList, Quote, WordFragment
from lscb_core._base.findings import Finding, Level, LoadError
from lscb_core._base.keep import kept
from lscb_core._base.locations import Location
from lscb_core._loading.paths import Place, place
from lscb_core._loading.pictures import PictureError, clean_picture
from lscb_core._render.document import default_template

__all__ = ["CleanPackage", "clean_blocks", "clean_package", "load_template"]

_MAX_PARTS = 5_000
_MAX_PART_BYTES = 64 * 1024 * 1024
_MAX_PACKAGE_BYTES = 256 * 1024 * 1024
_STAMP = (1980, 1, 1, 0, 0, 0)

_W = hygiene.W
_PKG_RELS = namespaces.PKG_RELS
_CT = namespaces.CONTENT_TYPES
_CP = namespaces.CORE_PROPERTIES
_DC = namespaces.DC
_EP = namespaces.EXTENDED_PROPERTIES
_R = namespaces.R


def _w(local: str) -> str:
    return f"{{{_W}}}{local}"


@attrs.frozen
class CleanPackage:
    """A Word package fit to render into: its bytes, its name for messages, and what was removed."""

    data: bytes = attrs.field(repr=False)
    name: str
    findings: tuple[Finding, ...] = ()


# --- where packages come from -----------------------------------------------------------


def load_template(name: str | None, board_dir: Path, *, where: Location | None = None) -> CleanPackage:
    """The master template, cleaned: the board's own (a file inside its folder), or lscb's default.

    A board's own template must hold every style and placeholder the renderer
    relies on (:func:`~lscb_core._loading.template_check.template_requirements`);
    one that does not is refused, each lack named, located at ``where`` (the
    ``template:`` line of settings.yaml) when given.
    """
    from lscb_core._loading.theme_sync import sync_theme

    if not name:
        path = default_template()
        # lscb's own template is generated with its plain values copied from its theme already.
        return clean_package(path.read_bytes(), str(path))
    shown = str(board_dir / name)
    path = (board_dir / name).resolve()
    if place(board_dir, board_dir / name) is not Place.INSIDE:
        raise _refusal(shown, "build.template", "the template must be inside the board folder")
    if not path.is_file():
        raise _refusal(shown, "build.template", "there is no template file here")
    if path.stat().st_size > _MAX_PACKAGE_BYTES:
        raise _refusal(shown, "build.template", "the template is too large to be a Word template")
    cleaned = clean_package(path.read_bytes(), shown)
    from lscb_core._loading.template_check import template_requirements

    lacking = template_requirements(cleaned.data, Location(shown))
    if lacking:
        raise LoadError(
            [
                attrs.evolve(f, message=f"the template {shown} cannot be used: {f.message}", location=where)
                if where is not None
                else f
                for f in lacking
            ]
        )
    return attrs.evolve(cleaned, data=sync_theme(cleaned.data))


def clean_blocks(blocks: Iterable[Block]) -> tuple[list[Block], list[Finding]]:
    """The blocks with every Word fragment's package and every picture cleaned.

    A fragment's package is read from its ``template`` file (or taken from
    ``package`` when a plugin set it) and cleaned; the renderer uses only the
    cleaned bytes. Pictures from anywhere (narrative, plugins, charts) are
    stripped of metadata. Raises :class:`LoadError` naming every refused part.
    """
    cleaned: dict[bytes, CleanPackage] = {}
    findings: list[Finding] = []
    errors: list[Finding] = []

    def fragment(block: WordFragment) -> WordFragment:
        shown = str(block.template)
        source = block.package if block.package is not None else _read_fragment(block.template)
        key = hashlib.sha256(source).digest()
        if key not in cleaned:
            cleaned[key] = clean_package(source, shown, kind="Word fragment")
            findings.extend(cleaned[key].findings)
        return attrs.evolve(block, package=cleaned[key].data)

    def picture(block: Image) -> Image:
        try:
            # A picture cleaned before (the structure chart, drawn the same again) is not cleaned again.
            clean = kept(
                "clean-picture",
                hashlib.sha256(block.data).hexdigest(),
                lambda: clean_picture(block.data).data,
                encode=bytes,
                decode=bytes,
                versions=("pillow",),
            )
        except PictureError as exc:
            raise _refusal(
                block.name, "picture.unreadable", f"the picture {block.name!r} cannot be used: {exc}"
            ) from None
        return attrs.evolve(block, data=clean) if clean != block.data else block

    def one(block: Block) -> Block:
        try:
            if isinstance(block, WordFragment):
                return fragment(block)
            if isinstance(block, Image):
                return picture(block)
        except LoadError as exc:
            errors.extend(exc.findings)
            return block
        if isinstance(block, BulletList | NumberedList):
            return attrs.evolve(block, items=tuple(tuple(one(b) for b in item) for item in block.items))
        if isinstance(block, Quote):
            return attrs.evolve(block, blocks=tuple(one(b) for b in block.blocks))
        return block

    out = [one(block) for block in blocks]
    if errors:
        raise LoadError(errors)
    return out, findings


def _read_fragment(path: Path) -> bytes:
    try:
        if path.stat().st_size > _MAX_PACKAGE_BYTES:
            raise _refusal(str(path), "template.unreadable", "the Word fragment is too large")
        return path.read_bytes()
    except OSError as exc:
        raise _refusal(
            str(path), "template.unreadable", f"the Word fragment cannot be read ({exc.strerror or exc})"
        ) from None


def _refusal(shown: str, code: str, message: str) -> LoadError:
    return LoadError([Finding(level=Level.ERROR, code=code, message=message, location=Location(shown))])


# --- cleaning a package -----------------------------------------------------------------

_REFUSED = {
    Kind.MACROS: "the {kind} holds macros ({what} in {part}); lscb does not use a file that can run code: save it in Word as a Word Document (.docx), not a macro-enabled one",
    Kind.ACTIVEX: "the {kind} holds {what} ({part}), which runs code; delete it from the {kind}",
    Kind.EMBEDDED_OBJECT: "the {kind} holds {what} ({part}); lscb does not publish files inside files: delete it, or paste it as a picture",
    Kind.REMOTE_FIELD: "the {kind} holds {what} in {part}, which fetches content from elsewhere when the document is opened or updated; delete the field (select it and press Ctrl+Shift+F9 to keep its result as text)",
    Kind.EXTERNAL_RELATIONSHIP: "the {kind} refers to something outside itself: {what} in {part}; a published report must be whole, and may link only to http, https and mailto addresses",
    Kind.ATTACHED_TEMPLATE: "the {kind} is attached to a template elsewhere ({what}, {part}); in Word, open Developer > Document Template, clear the attached template and save",
}


def _parser() -> etree.XMLParser:
    """No entities, no DTD, no network: a part cannot reach outside the package or blow up."""
    return etree.XMLParser(
        resolve_entities=False, no_network=True, load_dtd=False, dtd_validation=False, huge_tree=False
    )


class _Package:
    """A package's parts, in their order, with the XML parts parsed when first asked for."""

    def __init__(self, parts: dict[str, bytes]) -> None:
        self.parts = parts
        self._trees: dict[str, etree._Element] = {}
        self.changed: set[str] = set()
        self._lower = {name.lower(): name for name in parts}

    def find(self, name: str) -> str | None:
        """The part's name as stored (part names do not depend on case)."""
        return self._lower.get(name.lower())

    def tree(self, name: str) -> etree._Element:
        if name not in self._trees:
            self._trees[name] = etree.fromstring(self.parts[name], _parser())
        return self._trees[name]

    def xml_parts(self) -> Iterator[tuple[str, etree._Element]]:
        for name in list(self.parts):
            if name.lower().endswith((".xml", ".rels")) and name in self.parts:
                yield name, self.tree(name)

    def drop(self, name: str) -> None:
        self.parts.pop(name, None)
        self._trees.pop(name, None)
        self.changed.discard(name)
        self._lower.pop(name.lower(), None)

    def rels_of(self, source: str) -> str | None:
        """The relationships part of ``source`` ("" for the package's own), if it has one."""
        if not source:
            return self.find("_rels/.rels")
        folder, base = posixpath.split(source)
        return self.find(posixpath.join(folder, "_rels", f"{base}.rels"))

    def relationships(self, source: str) -> Iterator[tuple[etree._Element, str | None]]:
        """Each relationship element of ``source`` ("" for the package) and the part it targets, if inside."""
        rels = self.rels_of(source)
        if rels is None:
            return
        folder = posixpath.dirname(source)
        for rel in list(self.tree(rels).iter(f"{{{_PKG_RELS}}}Relationship")):
            target = rel.get("Target") or ""
            if rel.get("TargetMode") == "External" or not target:
                yield rel, None
                continue
            decoded = unquote(target)
            joined = decoded[1:] if decoded.startswith("/") else posixpath.join(folder, decoded)
            yield rel, self.find(posixpath.normpath(joined))

    def sources(self) -> list[str]:
        """Every part that has relationships ("" for the package)."""
        out = []
        for name in self.parts:
            if name.lower() == "_rels/.rels":
                out.append("")
            elif name.lower().endswith(".rels"):
                folder, base = posixpath.split(name)
                if posixpath.basename(folder) == "_rels":
                    source = posixpath.join(posixpath.dirname(folder), base[: -len(".rels")])
                    if self.find(source):
                        out.append(source)
        return out

    def drop_related(self, type_endings: tuple[str, ...]) -> list[str]:
        """Remove every relationship of these types and the parts they point at; the parts' names."""
        dropped = []
        for source in self.sources():
            if source and source not in self.parts:
                continue
            for rel, part in self.relationships(source):
                if (rel.get("Type") or "").endswith(type_endings):
                    parent = rel.getparent()
                    rels = self.rels_of(source)
                    if parent is not None and rels is not None:
                        parent.remove(rel)
                        self.changed.add(rels)
                    if part is not None and part in self.parts:
                        dropped.append(part)
                        self.drop(part)
        return dropped

    def sweep(self) -> list[str]:
        """Remove every part that no relationship reaches from the package; their names."""
        reached = {"[Content_Types].xml"}
        queue = [""]
        while queue:
            source = queue.pop()
            rels = self.rels_of(source)
            if rels is None:
                continue
            reached.add(rels)
            for _rel, part in self.relationships(source):
                if part is not None and part not in reached:
                    reached.add(part)
                    queue.append(part)
        unreached = [name for name in self.parts if name not in reached]
        for name in unreached:
            self.drop(name)
        return unreached

    def write(self) -> bytes:
        types = self.find("[Content_Types].xml")
        if types is not None:
            root = self.tree(types)
            for override in list(root.iter(f"{{{_CT}}}Override")):
                if self.find((override.get("PartName") or "").lstrip("/")) is None:
                    root.remove(override)
                    self.changed.add(types)
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
            for name, content in self.parts.items():
                if name in self.changed:
                    content = etree.tostring(
                        self._trees[name], xml_declaration=True, encoding="UTF-8", standalone=True
                    )
                entry = zipfile.ZipInfo(name, date_time=_STAMP)
                entry.compress_type = zipfile.ZIP_DEFLATED
                entry.external_attr = 0o644 << 16
                target.writestr(entry, content)
        return out.getvalue()


def clean_package(data: bytes, name: str, *, kind: str = "template") -> CleanPackage:
    """The package cleaned for use, and findings saying what was removed.

    ``name`` names the package in findings; ``kind`` says what it is in
    messages ("template", "Word fragment"). Raises :class:`LoadError` with
    one error for each refused part, or for a package that cannot be read.
    The same package is cleaned once (many boards share a template).
    """
    return _cleaned(data, name, kind)


def _cleaned(data: bytes, name: str, kind: str) -> CleanPackage:
    where = Location(name)

    def error(code: str, message: str) -> Finding:
        return Finding(level=Level.ERROR, code=code, message=message, location=where)

    # The same package cleans to the same result: a build keeps it (see lscb_core._base.keep), so an
    # unchanged template is not taken apart, checked and put together again on every build.
    out, notes = kept(
        "clean-package",
        (hashlib.sha256(data).hexdigest(), kind),
        lambda: _clean(data, kind, error),
        encode=_encode_cleaned,
        decode=_decode_cleaned,
        versions=("lxml", "pillow"),
    )
    findings = tuple(
        Finding(level=level, code=f"template.{code}", message=message.format(kind=kind), location=where)
        for code, level, message in notes
    )
    return CleanPackage(out, name, findings)


def _clean(data: bytes, kind: str, error: Callable[[str, str], Finding]) -> tuple[bytes, tuple[_Note, ...]]:
    """The cleaned package's bytes and what was removed; raises :class:`LoadError` for what is refused."""
    parts = _read(data, kind, error)
    refused = [c for c in hygiene.concerns(parts) if c.kind.active]
    if refused:
        raise LoadError(
            error(
                f"template.{c.kind.value}",
                _REFUSED[c.kind].format(kind=kind, what=c.what, part=c.part),
            )
            for c in refused
        )
    package = _Package(dict(parts))
    try:
        notes = _Cleaner(package).run()
    except PictureError as exc:
        raise LoadError(
            [error("template.picture", f"a picture in the {kind} cannot be read: {exc}")]
        ) from None
    out = package.write()
    with zipfile.ZipFile(io.BytesIO(out)) as archive:
        left = hygiene.concerns(hygiene.ZipParts(archive))
    if left:
        raise LoadError(
            error(
                f"template.{c.kind.value}",
                f"the {kind} could not be cleaned of {c.what} in {c.part}; remove it in Word and try again",
            )
            for c in left
        )
    return out, tuple(notes)


def _encode_cleaned(cleaned: tuple[bytes, tuple[_Note, ...]]) -> bytes:
    out, notes = cleaned
    header = json.dumps([[code, level.value, message] for code, level, message in notes]).encode()
    return len(header).to_bytes(4, "big") + header + out


def _decode_cleaned(data: bytes) -> tuple[bytes, tuple[_Note, ...]] | None:
    size = int.from_bytes(data[:4], "big")
    try:
        listed = json.loads(data[4 : 4 + size])
        notes = tuple((str(code), Level(level), str(message)) for code, level, message in listed)
    except (ValueError, TypeError):
        return None
    return data[4 + size :], notes


def _read(data: bytes, kind: str, error: Callable[[str, str], Finding]) -> dict[str, bytes]:
    """The package's parts; every XML part is checked to be well-formed and free of a DTD."""

    def unreadable(reason: str) -> LoadError:
        return LoadError([error("template.unreadable", f"the {kind} cannot be used: {reason}")])

    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, OSError, ValueError):
        raise unreadable(
            "it is not a Word document (.docx files are zip archives; this is not one)"
        ) from None
    parts: dict[str, bytes] = {}
    with archive:
        infos = [info for info in archive.infolist() if not info.is_dir()]
        if len(infos) > _MAX_PARTS or sum(info.file_size for info in infos) > _MAX_PACKAGE_BYTES:
            raise unreadable("it is too large to be a Word document")
        seen: set[str] = set()
        for info in infos:
            if info.filename.lower() in seen:
                raise unreadable(f"it holds two parts named {info.filename}")
            seen.add(info.filename.lower())
            if info.file_size > _MAX_PART_BYTES:
                raise unreadable(f"its part {info.filename} is too large")
            try:
                parts[info.filename] = archive.read(info)
            except (
                zipfile.BadZipFile,
                RuntimeError,
                NotImplementedError,
                zlib.error,
                EOFError,
                OSError,
            ) as exc:
                raise unreadable(f"its part {info.filename} cannot be unpacked ({exc})") from None
    if "[Content_Types].xml" not in parts:
        raise unreadable("it has no [Content_Types].xml, so it is not a Word document")
    for part, content in parts.items():
        if part.lower().endswith((".xml", ".rels")):
            try:
                root = etree.fromstring(content, _parser())
            except etree.XMLSyntaxError as exc:
                raise unreadable(f"its part {part} is not well-formed XML ({exc})") from None
            if getattr(root.getroottree().docinfo, "doctype", ""):
                raise unreadable(f"its part {part} declares a document type, which Word documents never do")
    return parts


# --- what is removed ----------------------------------------------------------------------

_STORIES = frozenset(_w(tag) for tag in ("document", "hdr", "ftr", "footnotes", "endnotes"))
_FORMAT_CHANGES = tuple(
    _w(tag)
    for tag in (
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
_RANGES = tuple(
    _w(tag)
    for tag in (
        "moveFromRangeStart",
        "moveFromRangeEnd",
        "moveToRangeStart",
        "moveToRangeEnd",
        "customXmlInsRangeStart",
        "customXmlInsRangeEnd",
        "customXmlDelRangeStart",
        "customXmlDelRangeEnd",
        "customXmlMoveFromRangeStart",
        "customXmlMoveFromRangeEnd",
        "customXmlMoveToRangeStart",
        "customXmlMoveToRangeEnd",
    )
)
_OFF = frozenset({"0", "false", "off"})

_Note = tuple[str, Level, str]


def _listed(names: Iterable[str]) -> str:
    names = list(dict.fromkeys(names))
    shown = ", ".join(names[:4])
    return shown + (f" and {len(names) - 4} more" if len(names) > 4 else "")


def _plural(n: int, one: str, many: str | None = None) -> str:
    return f"{n} {one if n == 1 else (many or one + 's')}"


def _on(el: etree._Element | None) -> bool | None:
    if el is None:
        return None
    return (el.get(_w("val")) or "true").lower() not in _OFF


def _remove(el: etree._Element) -> None:
    parent = el.getparent()
    if parent is not None:
        parent.remove(el)


def _unwrap(el: etree._Element) -> None:
    parent = el.getparent()
    if parent is None:
        return
    index = parent.index(el)
    for offset, child in enumerate(list(el)):
        parent.insert(index + offset, child)
    parent.remove(el)


class _Cleaner:
    def __init__(self, package: _Package) -> None:
        self.package = package
        self.notes: list[_Note] = []

    def note(self, code: str, level: Level, message: str) -> None:
        self.notes.append((code, level, message))

    def run(self) -> list[_Note]:
        self._comments()
        self._parts()
        self._custom_properties()
        unused = self.package.sweep()
        if unused:
            self.note(
                "unused-parts",
                Level.INFO,
                f"removed from the {{kind}} {_plural(len(unused), 'part')} that nothing in it refers to ({_listed(unused)})",
            )
        self._stories()
        self._settings()
        self._personal_properties()
        self._pictures()
        return self.notes

    # Parts ---------------------------------------------------------------------------

    def _comments(self) -> None:
        package = self.package
        count = 0
        for name in list(package.parts):
            if name.lower().endswith(".xml") and not name.lower().endswith(".rels"):
                root = package.tree(name)
                if root.tag == _w("comments"):
                    count += len(root.findall(_w("comment")))
        dropped = package.drop_related(
            ("/comments", "/commentsExtended", "/commentsIds", "/commentsExtensible", "/people")
        )
        anchors = 0
        for name, root in list(package.xml_parts()):
            if root.tag not in _STORIES:
                continue
            for el in list(root.iter(_w("commentRangeStart"), _w("commentRangeEnd"), _w("commentReference"))):
                anchors += 1
                run = el.getparent()
                if (
                    el.tag == _w("commentReference")
                    and run is not None
                    and run.tag == _w("r")
                    and all(child.tag in (_w("rPr"), _w("commentReference")) for child in run)
                ):
                    _remove(run)
                else:
                    _remove(el)
                package.changed.add(name)
        if count or dropped:
            self.note(
                "comments",
                Level.WARNING,
                f"removed {_plural(count, 'comment')} and the names of their authors from the {{kind}} ({_listed(dropped)})",
            )
        elif anchors:
            self.note(
                "comments", Level.WARNING, f"removed {_plural(anchors, 'comment mark')} from the {{kind}}"
            )

    def _parts(self) -> None:
        """Parts a report does not need that can hold anything: custom XML, building blocks, thumbnail, printer settings."""
        package = self.package
        for endings, code, what in (
            (("/customXml",), "custom-xml", "custom XML data"),
            (("/glossaryDocument",), "building-blocks", "building blocks (Quick Parts)"),
            (("/thumbnail",), "thumbnail", "a picture of its first page"),
            (("/printerSettings",), "printer-settings", "printer settings"),
        ):
            dropped = package.drop_related(endings)
            if dropped:
                self.note(code, Level.INFO, f"removed {what} from the {{kind}} ({_listed(dropped)})")

    def _custom_properties(self) -> None:
        package = self.package
        names = [
            name
            for name in package.parts
            if name.lower().endswith(".xml")
            and package.tree(name).tag.endswith("custom-properties}Properties")
        ]
        count = sum(len(package.tree(name)) for name in names)
        dropped = package.drop_related(("/custom-properties",))
        for name in names:
            package.drop(name)
        if count or dropped:
            self.note(
                "custom-properties",
                Level.WARNING,
                f"removed {_plural(count, 'custom document property', 'custom document properties')} from the {{kind}} ({_listed(dropped or names)})",
            )

    # Text ----------------------------------------------------------------------------

    def _stories(self) -> None:
        package = self.package
        hidden_styles, default_hidden, paragraph_default = self._hidden_styles()
        inserted = deleted = formatting = hidden = 0
        changed: list[str] = []
        hidden_in: list[str] = []
        for name, root in list(package.xml_parts()):
            if not isinstance(root.tag, str) or not root.tag.startswith(f"{{{_W}}}"):
                continue
            counts = _accept_changes(root)
            if any(counts):
                inserted += counts[0]
                deleted += counts[1]
                formatting += counts[2]
                changed.append(name)
                package.changed.add(name)
            if root.tag in _STORIES:
                runs, marks = _remove_hidden(root, hidden_styles, default_hidden, paragraph_default)
                for el in list(root.iter(_w("printerSettings"), _w("dataBinding"))):
                    _remove(el)
                    package.changed.add(name)
                if runs or marks:
                    package.changed.add(name)
                if runs:
                    hidden += runs
                    hidden_in.append(name)
        if changed:
            self.note(
                "tracked-changes",
                Level.WARNING,
                f"accepted the tracked changes in the {{kind}} ({_listed(changed)}): "
                f"{_plural(inserted, 'insertion')} kept, {_plural(deleted, 'deletion')} made, "
                f"{_plural(formatting, 'formatting change')} kept as they are now; the names of those who made them are gone",
            )
        styles = self._unhide_styles()
        said = []
        if hidden:
            said.append(
                f"removed {_plural(hidden, 'run')} of hidden text from the {{kind}} ({_listed(hidden_in)})"
            )
        if styles:
            said.append(
                f"made {_plural(len(styles), 'style')} of the {{kind}} that hid text show it ({_listed(styles)})"
            )
        if said:
            self.note("hidden-text", Level.WARNING, ", and ".join(said))

    def _styles_part(self) -> str | None:
        for name, root in self.package.xml_parts():
            if root.tag == _w("styles") and "glossary" not in name.lower():
                return name
        return None

    def _hidden_styles(self) -> tuple[set[str], bool, str | None]:
        """Style ids whose text is hidden (through their base styles), the default, and the default paragraph style."""
        name = self._styles_part()
        if name is None:
            return set(), False, None
        root = self.package.tree(name)
        default = (
            _on(root.find(f"{_w('docDefaults')}/{_w('rPrDefault')}/{_w('rPr')}/{_w('vanish')}")) or False
        )
        own: dict[str, bool | None] = {}
        based: dict[str, str] = {}
        paragraph_default = None
        for style in root.iter(_w("style")):
            sid = style.get(_w("styleId")) or ""
            own[sid] = _on(style.find(f"{_w('rPr')}/{_w('vanish')}"))
            base = style.find(_w("basedOn"))
            if base is not None:
                based[sid] = base.get(_w("val")) or ""
            if style.get(_w("type")) == "paragraph" and _on_attr(style.get(_w("default"))):
                paragraph_default = sid
        hidden = set()
        for sid in own:
            seen = set()
            current: str | None = sid
            value = None
            while current is not None and current not in seen:
                seen.add(current)
                value = own.get(current)
                if value is not None:
                    break
                current = based.get(current)
            if value:
                hidden.add(sid)
        return hidden, default, paragraph_default

    def _unhide_styles(self) -> list[str]:
        name = self._styles_part()
        if name is None:
            return []
        root = self.package.tree(name)
        unhidden = []
        for vanish in list(root.iter(_w("vanish"))):
            rpr = vanish.getparent()
            holder = rpr.getparent() if rpr is not None else None
            if holder is None or holder.tag not in (_w("style"), _w("rPrDefault")):
                continue
            if _on(vanish):
                sid = holder.get(_w("styleId")) if holder.tag == _w("style") else "the default"
                unhidden.append(f"{sid} in {name}")
            _remove(vanish)
            self.package.changed.add(name)
        return unhidden

    def _settings(self) -> None:
        package = self.package
        for name, root in list(package.xml_parts()):
            if root.tag != _w("settings"):
                continue
            variables = root.find(_w("docVars"))
            if variables is not None:
                n = len(variables)
                _remove(variables)
                package.changed.add(name)
                if n:
                    self.note(
                        "document-variables",
                        Level.WARNING,
                        f"removed {_plural(n, 'document variable')} from the {{kind}} ({name})",
                    )
            for el in list(root.iter(_w("trackRevisions"), _w("rsids"), _w("printerSettings"))):
                _remove(el)
                package.changed.add(name)

    def _personal_properties(self) -> None:
        package = self.package
        found: list[str] = []
        for name, root in list(package.xml_parts()):
            tags: tuple[tuple[str, str], ...]
            if root.tag == f"{{{_CP}}}coreProperties":
                tags = (
                    (f"{{{_DC}}}creator", "author"),
                    (f"{{{_CP}}}lastModifiedBy", "last modified by"),
                    (f"{{{_CP}}}lastPrinted", "last printed"),
                    (f"{{{_DC}}}description", "comments"),
                )
            elif root.tag == f"{{{_EP}}}Properties":
                tags = ((f"{{{_EP}}}Company", "company"), (f"{{{_EP}}}Manager", "manager"))
            else:
                continue
            for tag, label in tags:
                for el in list(root.iter(tag)):
                    if (el.text or "").strip():
                        found.append(label)
                    _remove(el)
                    package.changed.add(name)
        if found:
            self.note(
                "personal-properties",
                Level.INFO,
                f"removed personal document properties from the {{kind}}: {', '.join(dict.fromkeys(found))}",
            )

    def _pictures(self) -> None:
        package = self.package
        for name in list(package.parts):
            data = package.parts[name]
            if hygiene.image_format(data) is None or name.lower().startswith("docprops/"):
                continue
            clean = clean_picture(data)
            if clean.data != data:
                package.parts[name] = clean.data
                if clean.removed:
                    self.note(
                        "picture-metadata",
                        Level.INFO,
                        f"removed from the picture {name} in the {{kind}}: {', '.join(clean.removed)}",
                    )


def _on_attr(value: str | None) -> bool:
    return value is not None and value.lower() not in _OFF


def _accept_changes(root: etree._Element) -> tuple[int, int, int]:
    """Accept every tracked change in a part: (insertions kept, deletions made, formatting changes)."""
    inserted = deleted = formatting = 0
    merged: list[etree._Element] = []
    for el in list(root.iter(_w("del"), _w("moveFrom"))):
        parent = el.getparent()
        if parent is None:
            continue
        deleted += 1
        if parent.tag == _w("rPr"):
            holder = parent.getparent()
            if holder is not None and holder.tag == _w("pPr"):
                paragraph = holder.getparent()
                if paragraph is not None:
                    merged.append(paragraph)
            parent.remove(el)
        elif parent.tag == _w("trPr"):
            row = parent.getparent()
            if row is not None:
                _remove(row)
        else:
            parent.remove(el)
    for el in list(root.iter(*_RANGES, _w("delText"), _w("delInstrText"))):
        _remove(el)
    for el in list(root.iter(_w("ins"), _w("moveTo"))):
        parent = el.getparent()
        if parent is None:
            continue
        inserted += 1
        if parent.tag in (_w("rPr"), _w("trPr")):
            parent.remove(el)
        else:
            _unwrap(el)
    for el in list(root.iter(*_FORMAT_CHANGES)):
        formatting += 1
        _remove(el)
    for paragraph in merged:
        _join_next(paragraph)
    return inserted, deleted, formatting


def _join_next(paragraph: etree._Element) -> None:
    """A deleted paragraph mark: the paragraph's content joins the next paragraph."""
    if paragraph.getparent() is None or paragraph.find(f"{_w('pPr')}/{_w('sectPr')}") is not None:
        return
    following = paragraph.getnext()
    if following is None or following.tag != _w("p"):
        return
    at = 1 if following.find(_w("pPr")) is not None else 0
    for child in [c for c in paragraph if c.tag != _w("pPr")]:
        following.insert(at, child)
        at += 1
    _remove(paragraph)


def _remove_hidden(
    root: etree._Element, hidden_styles: set[str], default_hidden: bool, paragraph_default: str | None
) -> tuple[int, int]:
    """Remove runs of hidden text, and paragraphs left empty whose mark was hidden; how many runs and marks."""

    def style_of(el: etree._Element | None, prop: str) -> str | None:
        found = el.find(f"{_w(prop)}") if el is not None else None
        return found.get(_w("val")) if found is not None else None

    def paragraph_style(p: etree._Element | None) -> str | None:
        return (style_of(p.find(_w("pPr")), "pStyle") if p is not None else None) or paragraph_default

    removed = marks = 0
    for run in list(root.iter(_w("r"))):
        rpr = run.find(_w("rPr"))
        direct = _on(rpr.find(_w("vanish")) if rpr is not None else None)
        if direct is None:
            character = style_of(rpr, "rStyle")
            paragraph = next(run.iterancestors(_w("p")), None)
            direct = (
                (character is not None and character in hidden_styles)
                or paragraph_style(paragraph) in hidden_styles
                or default_hidden
            )
        if direct:
            _remove(run)
            removed += 1
    for paragraph in list(root.iter(_w("p"))):
        ppr = paragraph.find(_w("pPr"))
        mark = ppr.find(f"{_w('rPr')}/{_w('vanish')}") if ppr is not None else None
        hidden_mark = _on(mark)
        if hidden_mark is None:
            hidden_mark = paragraph_style(paragraph) in hidden_styles or default_hidden
        if mark is not None:
            _remove(mark)
            marks += 1
        if not hidden_mark:
            continue
        parent = paragraph.getparent()
        empty = next(paragraph.iter(_w("r")), None) is None
        keeps_section = ppr is not None and ppr.find(_w("sectPr")) is not None
        siblings = parent is not None and sum(1 for c in parent if c.tag == _w("p")) > 1
        if empty and not keeps_section and siblings:
            _remove(paragraph)
            marks += 1
    return removed, marks
