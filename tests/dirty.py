"""Word packages and pictures that carry what a published report must not, for the cleaning tests.

Every withheld string is a unique marker token (``ZQX…``) so that a test can
search every part of a package for it, packages nested inside it included.
"""

from __future__ import annotations

import functools
import io
import re
import zipfile
from collections.abc import Callable, Mapping

from PIL import Image, ImageCms
from PIL.PngImagePlugin import PngInfo

from lscb_core._render.document import default_template

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"

WITHHELD = (
    "ZQXCOMMENTTEXT",
    "ZQXCOMMENTAUTHOR",
    "ZQXINSAUTHOR",
    "ZQXDELAUTHOR",
    "ZQXDELETEDTEXT",
    "ZQXFORMATAUTHOR",
    "ZQXHIDDENTEXT",
    "ZQXHIDDENSTYLED",
    "ZQXCUSTOMNAME",
    "ZQXCUSTOMVALUE",
    "ZQXAUTHOR",
    "ZQXEDITOR",
    "ZQXDESCRIPTION",
    "ZQXCOMPANY",
    "ZQXMANAGER",
    "ZQXDOCVAR",
    "ZQXCUSTOMXML",
    "ZQXSTRAY",
    "ZQXGLOSSARY",
    "ZQXCAMERA",
    "ZQXSOFTWARE",
    "ZQXXMP",
    "ZQXJPEGCOMMENT",
    "ZQXPNGTEXT",
)
"""Tokens that must not survive cleaning anywhere in the package."""

KEPT = ("ZQXKEEPINSERTED", "ZQXKEEPVISIBLE")
"""Tokens that must survive: an accepted insertion and the visible text around hidden text."""

Changes = Mapping[str, "bytes | Callable[[bytes], bytes] | None"]


def zip_edit(data: bytes, changes: Changes) -> bytes:
    """The package with parts replaced, changed by a function, removed (``None``) or added."""
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        names = source.namelist()
        for name in names:
            change = changes.get(name, b"")
            if change is None:
                continue
            content = source.read(name)
            if callable(change):
                content = change(content)
            elif name in changes:
                content = change
            target.writestr(name, content)
        for name, change in changes.items():
            if name not in names and isinstance(change, bytes):
                target.writestr(name, change)
    return out.getvalue()


def read_part(data: bytes, name: str) -> bytes:
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        return package.read(name)


def part_names(data: bytes) -> list[str]:
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        return package.namelist()


def everything(data: bytes) -> bytes:
    """Every part's bytes, unpacked, with packages nested inside unpacked too."""
    out = [data]
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            for name in package.namelist():
                out.append(everything(package.read(name)))
    except zipfile.BadZipFile:
        pass
    return b"\n".join(out)


def leaked(data: bytes, tokens: tuple[str, ...] = WITHHELD) -> list[str]:
    """The withheld tokens found anywhere in a package (in any case)."""
    text = everything(data).lower()
    return [token for token in tokens if token.lower().encode() in text]


def relate(
    rid: str, kind: str, target: str, *, external: bool = False, base: str = REL
) -> Callable[[bytes], bytes]:
    """A change adding a relationship to a .rels part."""
    mode = ' TargetMode="External"' if external else ""
    element = f'<Relationship Id="{rid}" Type="{base}/{kind}" Target="{target}"{mode}/>'.encode()
    return lambda content: content.replace(b"</Relationships>", element + b"</Relationships>")


def override(part: str, content_type: str) -> Callable[[bytes], bytes]:
    element = f'<Override PartName="/{part}" ContentType="{content_type}"/>'.encode()
    return lambda content: content.replace(b"</Types>", element + b"</Types>")


def default_type(extension: str, content_type: str) -> Callable[[bytes], bytes]:
    element = f'<Default Extension="{extension}" ContentType="{content_type}"/>'.encode()
    return lambda content: re.sub(rb"(<Types[^>]*>)", lambda m: m.group(1) + element, content, count=1)


def in_body(xml: str) -> Callable[[bytes], bytes]:
    """A change adding paragraphs to word/document.xml just before the ``{{p body }}`` paragraph."""
    marker = b'<w:p><w:r><w:t xml:space="preserve">{{p body }}'
    return lambda content: content.replace(marker, xml.encode() + marker)


def at_end(xml: str) -> Callable[[bytes], bytes]:
    """A change adding paragraphs at the end of a document's body (before its last section properties)."""

    def change(content: bytes) -> bytes:
        at = content.rindex(b"<w:sectPr")
        return content[:at] + xml.encode() + content[at:]

    return change


def chain(*changes: Callable[[bytes], bytes]) -> Callable[[bytes], bytes]:
    def change(content: bytes) -> bytes:
        for one in changes:
            content = one(content)
        return content

    return change


def template() -> bytes:
    return default_template().read_bytes()


def fragment_template() -> bytes:
    return default_template().with_name("fragment.docx").read_bytes()


# --- pictures -----------------------------------------------------------------------------


@functools.cache
def srgb_profile() -> bytes:
    # Made once: a new profile carries the time it was made, so two would differ a second apart.
    return bytes(ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes())


def _exif(orientation: int | None) -> bytes:
    exif = Image.Exif()
    exif[0x010F] = "ZQXCAMERA"
    exif[0x0131] = "ZQXSOFTWARE"
    if orientation is not None:
        exif[0x0112] = orientation
    gps = exif.get_ifd(0x8825)
    gps[1] = "N"
    gps[2] = (51.0, 45.0, 12.5)
    return bytes(exif.tobytes())


def photo(size: tuple[int, int] = (64, 32)) -> Image.Image:
    """A small picture whose halves differ, so that turning it shows."""
    picture = Image.new("RGB", size, (30, 80, 160))
    picture.paste((220, 120, 20), (0, 0, size[0] // 2, size[1]))
    return picture


def jpeg_with_metadata(*, orientation: int | None = None, size: tuple[int, int] = (64, 32)) -> bytes:
    """A JPEG with EXIF (camera, software, GPS position), XMP, a comment and an sRGB profile."""
    out = io.BytesIO()
    photo(size).save(
        out,
        "JPEG",
        quality=90,
        exif=_exif(orientation),
        comment=b"ZQXJPEGCOMMENT",
        icc_profile=srgb_profile(),
        xmp=b'<x:xmpmeta xmlns:x="adobe:ns:meta/">ZQXXMP</x:xmpmeta>',
    )
    return out.getvalue()


def png_with_metadata(*, orientation: int | None = None) -> bytes:
    """A PNG with text chunks (tEXt, zTXt, iTXt with XMP), eXIf, tIME and an sRGB profile."""
    info = PngInfo()
    info.add_text("Author", "ZQXPNGTEXT")
    info.add_text("Comment", "ZQXPNGTEXT compressed", zip=True)
    info.add_itxt("XML:com.adobe.xmp", "<x:xmpmeta>ZQXXMP</x:xmpmeta>")
    info.add(b"tIME", bytes((7, 224, 3, 31, 12, 0, 0)))
    out = io.BytesIO()
    photo().save(out, "PNG", pnginfo=info, exif=_exif(orientation), icc_profile=srgb_profile())
    return out.getvalue()


# --- a dirty template ---------------------------------------------------------------------

CT = "[Content_Types].xml"
DOCUMENT = "word/document.xml"
DOCUMENT_RELS = "word/_rels/document.xml.rels"

TRACKED_AND_HIDDEN = (
    '<w:p><w:r><w:t xml:space="preserve">Partners agreed </w:t></w:r>'
    '<w:ins w:id="901" w:author="ZQXINSAUTHOR" w:date="2016-01-01T00:00:00Z">'
    '<w:r><w:t xml:space="preserve">ZQXKEEPINSERTED </w:t></w:r></w:ins>'
    '<w:del w:id="902" w:author="ZQXDELAUTHOR" w:date="2016-01-01T00:00:00Z">'
    "<w:r><w:delText>ZQXDELETEDTEXT</w:delText></w:r></w:del>"
    '<w:r><w:rPr><w:i/><w:rPrChange w:id="903" w:author="ZQXFORMATAUTHOR"><w:rPr/></w:rPrChange></w:rPr>'
    "<w:t>the plan.</w:t></w:r></w:p>"
    '<w:p><w:r><w:t xml:space="preserve">ZQXKEEPVISIBLE </w:t></w:r>'
    "<w:r><w:rPr><w:vanish/></w:rPr><w:t>ZQXHIDDENTEXT</w:t></w:r>"
    '<w:r><w:rPr><w:rStyle w:val="ZqxHidden"/></w:rPr><w:t>ZQXHIDDENSTYLED</w:t></w:r></w:p>'
)
HIDDEN_STYLE = (
    '<w:style w:type="character" w:customStyle="1" w:styleId="ZqxHidden">'
    '<w:name w:val="Zqx Hidden"/><w:rPr><w:vanish/></w:rPr></w:style>'
)
CUSTOM_PROPERTIES = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    b'<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/custom-properties" '
    b'xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">'
    b'<property fmtid="{D5CDD505-2E9C-101B-9397-08002B2CF9AE}" pid="2" name="ZQXCUSTOMNAME">'
    b"<vt:lpwstr>ZQXCUSTOMVALUE</vt:lpwstr></property></Properties>"
)
GLOSSARY = (
    f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:glossaryDocument xmlns:w="{W}">'
    "<w:docParts><w:docPart><w:docPartBody><w:p><w:r><w:t>ZQXGLOSSARY</w:t></w:r></w:p>"
    "</w:docPartBody></w:docPart></w:docParts></w:glossaryDocument>"
).encode()


def _with_python_docx(data: bytes, picture: bool) -> bytes:
    """Personal properties, a comment with its author, and a picture with metadata, the way Word adds them."""
    import docx

    document = docx.Document(io.BytesIO(data))
    properties = document.core_properties
    properties.author = "ZQXAUTHOR"
    properties.last_modified_by = "ZQXEDITOR"
    properties.comments = "ZQXDESCRIPTION"
    noted = document.add_paragraph("The board thanks its partners.")
    document.add_comment(noted.runs, text="ZQXCOMMENTTEXT", author="ZQXCOMMENTAUTHOR", initials="ZQ")
    if picture:
        shape = document.add_picture(io.BytesIO(jpeg_with_metadata()))
        shape._inline.docPr.set("descr", "The board's partners at their annual conference")
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def dirty(data: bytes, *, picture: bool = True) -> bytes:
    """The package with every left-over a published report must not carry (none refused)."""
    data = _with_python_docx(data, picture)
    return zip_edit(
        data,
        {
            DOCUMENT: at_end(TRACKED_AND_HIDDEN),
            "word/styles.xml": lambda c: c.replace(b"</w:styles>", HIDDEN_STYLE.encode() + b"</w:styles>"),
            "docProps/app.xml": lambda c: c.replace(
                b"<Company></Company>", b"<Company>ZQXCOMPANY</Company><Manager>ZQXMANAGER</Manager>"
            ),
            "word/settings.xml": lambda c: c.replace(
                b"</w:settings>",
                b'<w:docVars><w:docVar w:name="ZQXDOCVAR" w:val="ZQXDOCVAR"/></w:docVars></w:settings>',
            ),
            "docProps/custom.xml": CUSTOM_PROPERTIES,
            "customXml/item1.xml": b"<data>ZQXCUSTOMXML</data>",
            "word/glossary/document.xml": GLOSSARY,
            "word/stray.xml": b"<stray>ZQXSTRAY</stray>",
            "_rels/.rels": relate(
                "rId90",
                "custom-properties",
                "docProps/custom.xml",
            ),
            DOCUMENT_RELS: chain(
                relate("rId90", "customXml", "../customXml/item1.xml"),
                relate("rId91", "glossaryDocument", "glossary/document.xml"),
            ),
            CT: chain(
                override(
                    "docProps/custom.xml",
                    "application/vnd.openxmlformats-officedocument.custom-properties+xml",
                ),
                override(
                    "word/glossary/document.xml",
                    "application/vnd.openxmlformats-officedocument.wordprocessingml.document.glossary+xml",
                ),
            ),
        },
    )
