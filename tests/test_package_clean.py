"""A board's template and plugins' Word fragments, cleaned on use: refused or cleaned, part by part."""

from __future__ import annotations

import io
import os
import zipfile
from collections.abc import Sequence
from pathlib import Path

import docx
import PIL.Image
import pytest
from pypdf import PdfReader

from lscb_core import Section, hookimpl
from lscb_core._accessibility.audit import audit_docx
from lscb_core._accessibility.hygiene import picture_metadata
from lscb_core._base import keep
from lscb_core._base.blocks import Block, BulletList, Image, Paragraph, Text, WordFragment
from lscb_core._base.findings import Finding, Level, LoadError
from lscb_core._build.build import BuildResult, build_report
from lscb_core._hooks.manager import make_plugin_manager
from lscb_core._loading.package_clean import clean_blocks, clean_package, load_template
from lscb_core._render.pdf import convert_to_pdf, find_soffice

from .boardfactory import make_board
from .dirty import (
    CT,
    DOCUMENT,
    DOCUMENT_RELS,
    KEPT,
    chain,
    default_type,
    dirty,
    fragment_template,
    in_body,
    jpeg_with_metadata,
    leaked,
    override,
    part_names,
    read_part,
    relate,
    template,
    zip_edit,
)

_MS_REL = "http://schemas.microsoft.com/office/2006/relationships"


def _refused(data: bytes, name: str = "house.docx", kind: str = "template") -> list[Finding]:
    with pytest.raises(LoadError) as caught:
        clean_package(data, name, kind=kind)
    assert all(f.level is Level.ERROR for f in caught.value.findings)
    assert all(f.location is not None and f.location.file == name for f in caught.value.findings)
    return caught.value.findings


def _field_run(instruction: str) -> str:
    """A complex field whose instruction is split across runs, as Word writes it."""
    half = len(instruction) // 2
    return (
        '<w:p><w:r><w:fldChar w:fldCharType="begin"/></w:r>'
        f'<w:r><w:instrText xml:space="preserve">{instruction[:half]}</w:instrText></w:r>'
        f'<w:r><w:instrText xml:space="preserve">{instruction[half:]}</w:instrText></w:r>'
        '<w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>result</w:t></w:r>'
        '<w:r><w:fldChar w:fldCharType="end"/></w:r></w:p>'
    )


def _nested_xlsx() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as inner:
        inner.writestr("xl/workbook.xml", "<workbook>ZQXNESTED</workbook>")
    return out.getvalue()


MACROS = {
    "word/vbaProject.bin": b"ZQX macro code",
    DOCUMENT_RELS: relate("rId90", "vbaProject", "vbaProject.bin", base=_MS_REL),
    CT: override("word/vbaProject.bin", "application/vnd.ms-office.vbaProject"),
}

REFUSALS: dict[str, tuple[dict[str, object], str, Sequence[str]]] = {
    "a macro project": (
        MACROS,
        "template.macros",
        ["the template holds macros", "word/vbaProject.bin", "save it in Word as a Word Document (.docx)"],
    ),
    "a macro-enabled document": (
        {
            CT: lambda c: c.replace(
                b"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
                b"application/vnd.ms-word.document.macroEnabled.main+xml",
            )
        },
        "template.macros",
        ["a macro-enabled document type in word/document.xml"],
    ),
    "an ActiveX control": (
        {
            "word/activeX/activeX1.xml": b'<ax:ocx xmlns:ax="http://schemas.microsoft.com/office/2006/activeX"/>',
            DOCUMENT_RELS: relate("rId90", "control", "activeX/activeX1.xml"),
            CT: override("word/activeX/activeX1.xml", "application/vnd.ms-office.activeX+xml"),
        },
        "template.activex",
        ["the template holds an ActiveX control (word/activeX/activeX1.xml), which runs code"],
    ),
    "an embedded object": (
        {
            "word/embeddings/oleObject1.bin": b"ZQX ole",
            DOCUMENT_RELS: relate("rId90", "oleObject", "embeddings/oleObject1.bin"),
            CT: default_type("bin", "application/vnd.openxmlformats-officedocument.oleObject"),
            DOCUMENT: in_body(
                '<w:p><w:r><w:object><o:OLEObject Type="Embed" ProgID="Package" r:id="rId90"/></w:object></w:r></w:p>'
            ),
        },
        "template.embedded-object",
        ["the template holds an embedded object (word/embeddings/oleObject1.bin)", "paste it as a picture"],
    ),
    "a package nested inside": (
        {
            "word/embeddings/Workbook1.xlsx": _nested_xlsx(),
            DOCUMENT_RELS: relate("rId90", "package", "embeddings/Workbook1.xlsx"),
        },
        "template.embedded-object",
        ["word/embeddings/Workbook1.xlsx"],
    ),
    "an INCLUDEPICTURE field": (
        {
            DOCUMENT: in_body(
                '<w:p><w:fldSimple w:instr=" INCLUDEPICTURE &quot;https://example.org/t.png&quot; \\d "/></w:p>'
            )
        },
        "template.remote-field",
        [
            'the field INCLUDEPICTURE "https://example.org/t.png" \\d in word/document.xml',
            "fetches content from elsewhere",
        ],
    ),
    "an INCLUDETEXT field": (
        {DOCUMENT: in_body(_field_run(' INCLUDETEXT "\\\\\\\\server\\\\share\\\\text.docx" '))},
        "template.remote-field",
        ["the field INCLUDETEXT", "in word/document.xml"],
    ),
    "a DDE field": (
        {DOCUMENT: in_body(_field_run(' DDE Excel "C:\\\\data.xlsx" "R1C1" '))},
        "template.remote-field",
        ["the field DDE Excel"],
    ),
    "a DDEAUTO field": (
        {DOCUMENT: in_body(_field_run(" ddeauto c:\\\\windows\\\\system32\\\\cmd.exe calc "))},
        "template.remote-field",
        ["the field DDEAUTO"],
    ),
    "a LINK field in a footer": (
        {
            "word/footer1.xml": lambda c: c.replace(
                b"</w:ftr>", _field_run(' LINK Excel.Sheet.12 "x.xlsx" "" ').encode() + b"</w:ftr>"
            )
        },
        "template.remote-field",
        ["the field LINK Excel.Sheet.12", "in word/footer1.xml"],
    ),
    "a remote field nested in an IF field": (
        {
            DOCUMENT: in_body(
                '<w:p><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText> IF 1 = 1 "</w:instrText></w:r>'
                + _field_run(' includePicture "http://example.org/x.png" ')[5:-6]
                + '<w:r><w:instrText>" "" </w:instrText></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r></w:p>'
            )
        },
        "template.remote-field",
        ['the field INCLUDEPICTURE "http://example.org/x.png"'],
    ),
    "a picture at an address": (
        {
            DOCUMENT_RELS: relate("rId90", "image", "http://example.org/tracker.png", external=True),
        },
        "template.external-relationship",
        [
            "the template refers to something outside itself: a picture at http://example.org/tracker.png (rId90) "
            "in word/_rels/document.xml.rels; a published report must be whole, and may link only to http, https and mailto addresses",
        ],
    ),
    "a hyperlink to a file": (
        {DOCUMENT_RELS: relate("rId90", "hyperlink", "file:///C:/Users/ZQX/secret.docx", external=True)},
        "template.external-relationship",
        ["a hyperlink to file:///C:/Users/ZQX/secret.docx (rId90) in word/_rels/document.xml.rels"],
    ),
    "an attached template at an address": (
        {
            "word/_rels/settings.xml.rels": (
                b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
                b'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"></Relationships>'
            ),
            "word/settings.xml": lambda c: c.replace(
                b'<w:zoom w:percent="100"/>', b'<w:zoom w:percent="100"/><w:attachedTemplate r:id="rId1"/>'
            ),
        },
        "template.attached-template",
        [
            "the template is attached to a template elsewhere (an attached template at https://templates.example.org/house.dotm, word/_rels/settings.xml.rels)",
            "Developer > Document Template",
        ],
    ),
}


def _build(changes: dict[str, object], base: bytes | None = None) -> bytes:
    data = zip_edit(base or template(), changes)  # type: ignore[arg-type]
    if "word/_rels/settings.xml.rels" in changes:
        data = zip_edit(
            data,
            {
                "word/_rels/settings.xml.rels": relate(
                    "rId1", "attachedTemplate", "https://templates.example.org/house.dotm", external=True
                )
            },
        )
    return data


@pytest.mark.parametrize("case", list(REFUSALS))
def test_active_and_remote_content_is_refused(case: str) -> None:
    changes, code, words = REFUSALS[case]
    findings = _refused(_build(changes))
    messages = [f.message for f in findings if f.code == code]
    assert any(all(word in message for word in words) for message in messages), [str(f) for f in findings]


def test_every_refused_part_is_named_at_once() -> None:
    data = _build(
        {
            **MACROS,
            DOCUMENT_RELS: chain(
                MACROS[DOCUMENT_RELS], relate("rId91", "image", "http://example.org/x.png", external=True)
            ),
        }
    )  # type: ignore[arg-type]
    codes = sorted(f.code for f in _refused(data))
    assert codes == ["template.external-relationship", "template.macros"]


def test_a_fragment_is_refused_in_the_same_words(tmp_path: Path) -> None:
    path = tmp_path / "events.docx"
    path.write_bytes(_build(MACROS, fragment_template()))
    with pytest.raises(LoadError) as caught:
        clean_blocks([Paragraph((Text("Intro"),)), WordFragment(path, {"title": "t", "text": "x"})])
    (finding,) = caught.value.findings
    assert finding.code == "template.macros"
    assert finding.message.startswith(
        "the Word fragment holds macros (a macro project in word/vbaProject.bin)"
    )
    assert finding.location is not None
    assert finding.location.file == str(path)


def test_web_and_email_links_are_allowed() -> None:
    data = _build(
        {
            DOCUMENT_RELS: chain(
                relate("rId90", "hyperlink", "https://www.gov.uk/", external=True),
                relate("rId91", "hyperlink", "mailto:board@example.org", external=True),
            )
        }
    )
    clean = clean_package(data, "house.docx")
    assert clean.findings == ()
    assert b"https://www.gov.uk/" in read_part(clean.data, DOCUMENT_RELS)


@pytest.mark.parametrize(
    ("data", "problem"),
    [
        (b"PK not really", "it is not a Word document"),
        (
            zip_edit(
                template(),
                {
                    DOCUMENT: lambda c: c.replace(
                        b"<w:document", b'<!DOCTYPE x [<!ENTITY e "ZQX">]><w:document', 1
                    )
                },
            ),
            "its part word/document.xml declares a document type",
        ),
        (
            zip_edit(template(), {"word/styles.xml": b"<w:styles"}),
            "its part word/styles.xml is not well-formed XML",
        ),
        (zip_edit(template(), {CT: None}), "it has no [Content_Types].xml"),
    ],
)
def test_a_package_that_cannot_be_read_is_refused(data: bytes, problem: str) -> None:
    (finding,) = _refused(data)
    assert finding.code == "template.unreadable"
    assert finding.message.startswith("the template cannot be used: ")
    assert problem in finding.message


# --- what is removed ------------------------------------------------------------------------


@pytest.fixture(scope="module")
def cleaned() -> tuple[bytes, dict[str, Finding]]:
    clean = clean_package(dirty(template()), "house.docx")
    return clean.data, {f.code: f for f in clean.findings}


def test_nothing_withheld_is_left_in_any_part(cleaned: tuple[bytes, dict[str, Finding]]) -> None:
    data, _ = cleaned
    assert leaked(data) == []
    assert leaked(data, KEPT) == list(KEPT)


@pytest.mark.parametrize(
    ("code", "level", "message"),
    [
        (
            "template.comments",
            Level.WARNING,
            "removed 1 comment and the names of their authors from the template (word/comments.xml)",
        ),
        (
            "template.tracked-changes",
            Level.WARNING,
            "accepted the tracked changes in the template (word/document.xml): 1 insertion kept, 1 deletion made, "
            "1 formatting change kept as they are now; the names of those who made them are gone",
        ),
        (
            "template.hidden-text",
            Level.WARNING,
            "removed 2 runs of hidden text from the template (word/document.xml), and made 1 style of the template "
            "that hid text show it (ZqxHidden in word/styles.xml)",
        ),
        (
            "template.custom-properties",
            Level.WARNING,
            "removed 1 custom document property from the template (docProps/custom.xml)",
        ),
        (
            "template.document-variables",
            Level.WARNING,
            "removed 1 document variable from the template (word/settings.xml)",
        ),
        (
            "template.personal-properties",
            Level.INFO,
            "removed personal document properties from the template: author, last modified by, comments, company, manager",
        ),
        (
            "template.picture-metadata",
            Level.INFO,
            "removed from the picture word/media/image1.jpg in the template: EXIF with GPS position, XMP, a comment",
        ),
        (
            "template.custom-xml",
            Level.INFO,
            "removed custom XML data from the template (customXml/item1.xml)",
        ),
        (
            "template.building-blocks",
            Level.INFO,
            "removed building blocks (Quick Parts) from the template (word/glossary/document.xml)",
        ),
        (
            "template.unused-parts",
            Level.INFO,
            "removed from the template 1 part that nothing in it refers to (word/stray.xml)",
        ),
    ],
)
def test_each_removal_is_reported(
    cleaned: tuple[bytes, dict[str, Finding]], code: str, level: Level, message: str
) -> None:
    _, findings = cleaned
    assert findings[code].level is level
    assert findings[code].message == message
    assert str(findings[code]).startswith("house.docx: ")


def test_the_cleaned_template_is_whole(cleaned: tuple[bytes, dict[str, Finding]]) -> None:
    data, findings = cleaned
    assert len(findings) == 10
    names = part_names(data)
    for gone in (
        "word/comments.xml",
        "docProps/custom.xml",
        "customXml/item1.xml",
        "word/stray.xml",
        "word/glossary/document.xml",
    ):
        assert gone not in names
    for reference in (b"comments", b"custom.xml", b"customXml", b"glossary"):
        assert reference not in read_part(data, CT) + read_part(data, DOCUMENT_RELS) + read_part(
            data, "_rels/.rels"
        )
    document = docx.Document(io.BytesIO(data))
    texts = [p.text for p in document.paragraphs]
    assert "Partners agreed ZQXKEEPINSERTED the plan." in texts
    assert "ZQXKEEPVISIBLE " in texts
    assert document.core_properties.author == ""
    assert picture_metadata(read_part(data, "word/media/image1.jpg")) == []
    # Nothing the audit would flag is left.
    assert not [f for f in audit_docx(data) if f.code.split(".")[1] in _HYGIENE_CODES]


_HYGIENE_CODES = {
    "macros",
    "activex",
    "embedded-object",
    "remote-field",
    "external-relationship",
    "attached-template",
    "comments",
    "tracked-changes",
    "custom-properties",
    "hidden-text",
    "personal-properties",
    "picture-metadata",
}


def test_cleaning_is_deterministic_and_idempotent(cleaned: tuple[bytes, dict[str, Finding]]) -> None:
    data, _ = cleaned
    keep.forget()  # clean it again, not from what this process kept
    assert clean_package(dirty(template()), "house.docx").data == data
    again = clean_package(data, "house.docx")
    assert again.findings == ()
    assert again.data == data


def test_the_default_template_needs_no_cleaning(tmp_path: Path) -> None:
    default = load_template(None, tmp_path)
    assert default.findings == ()
    assert read_part(default.data, DOCUMENT) == read_part(template(), DOCUMENT)


@pytest.mark.parametrize(
    ("xml", "expected"),
    [
        (
            # A deleted paragraph mark joins the paragraph to the next one.
            '<w:p><w:pPr><w:rPr><w:del w:id="1" w:author="ZQXDELAUTHOR"/></w:rPr></w:pPr><w:r><w:t xml:space="preserve">Joined </w:t></w:r></w:p>'
            "<w:p><w:r><w:t>together</w:t></w:r></w:p>",
            ["Joined together"],
        ),
        (
            # A moved passage ends where it was moved to, once.
            '<w:p><w:moveFrom w:id="2" w:author="ZQXDELAUTHOR"><w:r><w:t>moved</w:t></w:r></w:moveFrom><w:r><w:t>Stays</w:t></w:r></w:p>'
            '<w:p><w:moveTo w:id="3" w:author="ZQXINSAUTHOR"><w:r><w:t>moved</w:t></w:r></w:moveTo></w:p>',
            ["Stays", "moved"],
        ),
        (
            # A paragraph whose text and mark are hidden goes altogether.
            "<w:p><w:pPr><w:rPr><w:vanish/></w:rPr></w:pPr><w:r><w:rPr><w:vanish/></w:rPr><w:t>ZQXHIDDENTEXT</w:t></w:r></w:p>"
            '<w:p><w:r><w:rPr><w:vanish w:val="0"/></w:rPr><w:t>Shown</w:t></w:r></w:p>',
            ["Shown"],
        ),
    ],
)
def test_tracked_changes_are_accepted_and_hidden_text_removed(xml: str, expected: list[str]) -> None:
    base = zip_edit(
        fragment_template(), {DOCUMENT: lambda c: c.replace(b"<w:body>", b"<w:body>" + xml.encode())}
    )
    clean = clean_package(base, "events.docx", kind="Word fragment")
    document = docx.Document(io.BytesIO(clean.data))
    assert [p.text for p in document.paragraphs][: len(expected)] == expected
    assert leaked(clean.data) == []
    assert all("Word fragment" in f.message for f in clean.findings)


def test_clean_blocks_cleans_fragments_once_and_pictures_everywhere(tmp_path: Path) -> None:
    path = tmp_path / "events.docx"
    path.write_bytes(dirty(fragment_template(), picture=False))
    fragment = WordFragment(path, {"title": "Events", "text": "Two events."})
    picture = Image(jpeg_with_metadata(), "A chart of events")
    blocks: list[Block] = [fragment, BulletList(((picture,), (fragment,)))]
    out, findings = clean_blocks(blocks)
    first, listed = out
    assert isinstance(first, WordFragment)
    assert first.package is not None
    assert leaked(first.package) == []
    assert isinstance(listed, BulletList)
    (inner_picture,), (inner_fragment,) = listed.items
    assert isinstance(inner_picture, Image)
    assert picture_metadata(inner_picture.data) == []
    assert isinstance(inner_fragment, WordFragment)
    assert inner_fragment.package == first.package
    # Each fragment file is reported once, wherever it is used.
    assert len([f for f in findings if f.code == "template.comments"]) == 1
    assert all(f.location is not None and f.location.file == str(path) for f in findings)


def test_a_plugin_cannot_skip_cleaning_by_giving_the_package(tmp_path: Path) -> None:
    fragment = WordFragment(tmp_path / "missing.docx", package=dirty(fragment_template(), picture=False))
    (out,), _ = clean_blocks([fragment])
    assert isinstance(out, WordFragment)
    assert out.package is not None
    assert leaked(out.package) == []


# --- in a build -----------------------------------------------------------------------------


class DirtyFragment:
    """A plugin whose section is a Word fragment carrying comments, tracked changes and hidden text."""

    def __init__(self, path: Path) -> None:
        self.path = path

    @hookimpl
    def lscb_sections(self) -> Sequence[Section]:
        def build(context: object) -> list[Block]:
            return [WordFragment(self.path, {"title": "Our events", "text": "Two events, 100 people."})]

        return [Section("events", "Events", 55, build)]


@pytest.fixture(scope="module")
def dirty_build(tmp_path_factory: pytest.TempPathFactory) -> tuple[BuildResult, Path]:
    """One build with a dirty house template, a dirty plugin fragment and a photograph with metadata."""
    tmp_path = tmp_path_factory.mktemp("dirty")
    board = make_board(
        tmp_path / "b",
        {
            "../settings.yaml": "template: house.docx\n",
            "narrative/context.md": "Partners met.\n\n![Partners at the annual conference](images/day.jpg)\n",
            "images/day.jpg": jpeg_with_metadata(orientation=6, size=(300, 200)),
        },
    )
    (board / "house.docx").write_bytes(dirty(template()))
    fragment = tmp_path / "plugin" / "events.docx"
    fragment.parent.mkdir()
    fragment.write_bytes(dirty(fragment_template(), picture=False))
    out = tmp_path / "r.docx"
    pm = make_plugin_manager(entry_points=False, extra=[DirtyFragment(fragment)])
    result = build_report(board, output=out, pm=pm)
    assert result.ok, [str(f) for f in result.errors]
    return result, out


def test_a_build_with_a_dirty_template_fragment_and_picture_publishes_them_clean(
    dirty_build: tuple[BuildResult, Path],
) -> None:
    result, out = dirty_build
    data = out.read_bytes()
    assert leaked(data) == []
    assert leaked(data, KEPT) == list(KEPT)
    located = {(f.code, Path(f.location.file).name) for f in result.findings if f.location is not None}
    for code in ("comments", "tracked-changes", "hidden-text", "custom-properties", "picture-metadata"):
        assert (f"template.{code}", "house.docx") in located
    for code in ("comments", "tracked-changes", "hidden-text", "custom-properties"):
        assert (f"template.{code}", "events.docx") in located
    assert not [f for f in result.findings if f.code.startswith("audit.")]
    with zipfile.ZipFile(out) as package:
        pictures = [package.read(n) for n in package.namelist() if n.startswith("word/media/")]
    assert len(pictures) >= 2
    assert all(picture_metadata(p) == [] for p in pictures)
    sizes = {PIL.Image.open(io.BytesIO(p)).size for p in pictures}
    assert (200, 300) in sizes  # the photograph, turned as the camera meant
    document = docx.Document(str(out))
    text = "\n".join(p.text for p in document.paragraphs)
    assert "Two events, 100 people." in text
    assert "Partners agreed ZQXKEEPINSERTED the plan." in text


@pytest.mark.libreoffice
def test_the_cleaned_report_converts_in_libreoffice(dirty_build: tuple[BuildResult, Path]) -> None:
    if find_soffice() is None:
        if os.environ.get("LSCB_REQUIRE_LIBREOFFICE") == "1":
            pytest.fail("LibreOffice (soffice) is required here but is not installed")
        pytest.skip("LibreOffice (soffice) is not installed")
    _, out = dirty_build
    pdf = convert_to_pdf(out.read_bytes())
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    assert "ZQXKEEPINSERTED" in text
    assert "Two events, 100 people." in text
    assert leaked(text.encode()) == []


def test_a_build_with_a_refused_template_stops_and_writes_nothing(tmp_path: Path) -> None:
    board = make_board(tmp_path / "b", {"../settings.yaml": "template: house.docx\n"})
    (board / "house.docx").write_bytes(_build(REFUSALS["an INCLUDEPICTURE field"][0]))
    out = tmp_path / "r.docx"
    result = build_report(board, output=out, pm=make_plugin_manager(entry_points=False))
    assert not result.ok
    (error,) = result.errors
    assert error.code == "template.remote-field"
    assert str(error).startswith(
        f"{board / 'house.docx'}: error: the template holds the field INCLUDEPICTURE"
    )
    assert not out.exists()
