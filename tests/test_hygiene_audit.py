"""lscb audit reports active and remote content (errors) and left-overs (warnings) in any .docx."""

from __future__ import annotations

import io
import json
from collections.abc import Callable
from pathlib import Path

import docx
import pytest
from click.testing import CliRunner

from lscb_core._accessibility.audit import audit_docx
from lscb_core._base.findings import Finding, Level
from lscb_core._cli.main import main

from .dirty import (
    CT,
    CUSTOM_PROPERTIES,
    DOCUMENT,
    DOCUMENT_RELS,
    at_end,
    jpeg_with_metadata,
    override,
    png_with_metadata,
    relate,
    zip_edit,
)


def _document(change: Callable[[docx.document.Document], object] | None = None) -> bytes:
    """A plain accessible document, perhaps changed with python-docx."""
    document = docx.Document()
    properties = document.core_properties
    properties.title = "Annual report 2015-16"
    properties.language = "en-GB"
    properties.author = ""
    document.add_heading("Annual report 2015-16", 1)
    document.add_paragraph("Partners kept children safe.")
    if change is not None:
        change(document)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _hygiene(data: bytes) -> list[Finding]:
    return [f for f in audit_docx(data, "report.docx") if f.path is not None and f.path[0] == "part"]


def test_a_plain_document_has_nothing_to_report() -> None:
    assert audit_docx(_document(), "report.docx") == []


def _picture(document: docx.document.Document, data: bytes) -> None:
    shape = document.add_picture(io.BytesIO(data))
    shape._inline.docPr.set("descr", "A photograph of the partners")


def _comment(document: docx.document.Document) -> None:
    paragraph = document.add_paragraph("Noted.")
    document.add_comment(paragraph.runs, text="Check this", author="Jane Smith", initials="JS")


def _personal(document: docx.document.Document) -> None:
    document.core_properties.author = "Jane Smith"
    document.core_properties.last_modified_by = "John Smith"


def _field(instruction: str) -> str:
    return (
        '<w:p><w:r><w:fldChar w:fldCharType="begin"/></w:r>'
        f'<w:r><w:instrText xml:space="preserve">{instruction}</w:instrText></w:r>'
        '<w:r><w:fldChar w:fldCharType="end"/></w:r></w:p>'
    )


CASES: dict[str, tuple[Callable[[], bytes], str, Level, str]] = {
    "macros": (
        lambda: zip_edit(
            _document(),
            {
                "word/vbaProject.bin": b"code",
                DOCUMENT_RELS: relate(
                    "rId90",
                    "vbaProject",
                    "vbaProject.bin",
                    base="http://schemas.microsoft.com/office/2006/relationships",
                ),
                CT: override("word/vbaProject.bin", "application/vnd.ms-office.vbaProject"),
            },
        ),
        "audit.macros",
        Level.ERROR,
        "the document holds macros (a macro project in word/vbaProject.bin); save it as a Word Document (.docx), not a macro-enabled one",
    ),
    "activex": (
        lambda: zip_edit(
            _document(),
            {DOCUMENT: at_end('<w:p><w:r><w:object><w:control r:id="rId99"/></w:object></w:r></w:p>')},
        ),
        "audit.activex",
        Level.ERROR,
        "the document holds an ActiveX control (word/document.xml), which runs code when it is opened; remove it",
    ),
    "embedded object": (
        lambda: zip_edit(_document(), {"word/embeddings/oleObject1.bin": b"ole"}),
        "audit.embedded-object",
        Level.WARNING,
        "the document holds an embedded object (word/embeddings/oleObject1.bin) whose contents readers cannot see or check; paste it as a picture or a table instead",
    ),
    "remote field": (
        lambda: zip_edit(
            _document(), {DOCUMENT: at_end(_field(' INCLUDEPICTURE "http://example.org/p.png" '))}
        ),
        "audit.remote-field",
        Level.ERROR,
        'the field INCLUDEPICTURE "http://example.org/p.png" in word/document.xml fetches content from elsewhere when the document is opened or updated; replace it with the content itself',
    ),
    "simple DDEAUTO field": (
        lambda: zip_edit(
            _document(), {DOCUMENT: at_end('<w:p><w:fldSimple w:instr="DDEAUTO cmd calc"/></w:p>')}
        ),
        "audit.remote-field",
        Level.ERROR,
        "the field DDEAUTO cmd calc in word/document.xml fetches content",
    ),
    "external relationship": (
        lambda: zip_edit(
            _document(), {DOCUMENT_RELS: relate("rId90", "image", "https://example.org/t.png", external=True)}
        ),
        "audit.external-relationship",
        Level.ERROR,
        "the document refers to something outside itself: a picture at https://example.org/t.png (rId90) in word/_rels/document.xml.rels",
    ),
    "hyperlink to a file": (
        lambda: zip_edit(
            _document(), {DOCUMENT_RELS: relate("rId90", "hyperlink", "file:///etc/passwd", external=True)}
        ),
        "audit.external-relationship",
        Level.ERROR,
        "a hyperlink to file:///etc/passwd (rId90)",
    ),
    "attached template": (
        lambda: zip_edit(
            _document(),
            {
                "word/_rels/settings.xml.rels": (
                    b'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
                    b'<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/attachedTemplate" '
                    b'Target="file:///C:/Users/jsmith/Templates/House.dotm" TargetMode="External"/></Relationships>'
                )
            },
        ),
        "audit.attached-template",
        Level.ERROR,
        "the document is attached to a template elsewhere (an attached template at file:///C:/Users/jsmith/Templates/House.dotm, word/_rels/settings.xml.rels)",
    ),
    "comments": (
        lambda: _document(_comment),
        "audit.comments",
        Level.WARNING,
        "the document holds comments (1 comment in word/comments.xml); delete them before publishing",
    ),
    "tracked changes": (
        lambda: zip_edit(
            _document(),
            {
                DOCUMENT: at_end(
                    '<w:p><w:ins w:id="1" w:author="Jane Smith"><w:r><w:t>new</w:t></w:r></w:ins>'
                    '<w:del w:id="2" w:author="Jane Smith"><w:r><w:delText>old</w:delText></w:r></w:del></w:p>'
                )
            },
        ),
        "audit.tracked-changes",
        Level.WARNING,
        "the document holds tracked changes with their authors' names (2 tracked changes in word/document.xml)",
    ),
    "custom properties": (
        lambda: zip_edit(
            _document(),
            {
                "docProps/custom.xml": CUSTOM_PROPERTIES,
                CT: override(
                    "docProps/custom.xml",
                    "application/vnd.openxmlformats-officedocument.custom-properties+xml",
                ),
            },
        ),
        "audit.custom-properties",
        Level.WARNING,
        "the document holds 1 custom document property (docProps/custom.xml)",
    ),
    "hidden text": (
        lambda: zip_edit(
            _document(),
            {DOCUMENT: at_end("<w:p><w:r><w:rPr><w:vanish/></w:rPr><w:t>secret</w:t></w:r></w:p>")},
        ),
        "audit.hidden-text",
        Level.WARNING,
        "the document holds hidden text (1 place where text is hidden, word/document.xml) that a reader can reveal",
    ),
    "personal properties": (
        lambda: _document(_personal),
        "audit.personal-properties",
        Level.WARNING,
        "the document's properties name people or their organisation (author, last modified by, docProps/core.xml)",
    ),
    "JPEG metadata": (
        lambda: _document(lambda d: _picture(d, jpeg_with_metadata())),
        "audit.picture-metadata",
        Level.WARNING,
        "the picture word/media/image1.jpg carries metadata (EXIF with GPS position, XMP, a comment); remove it before publishing",
    ),
    "PNG metadata": (
        lambda: _document(lambda d: _picture(d, png_with_metadata())),
        "audit.picture-metadata",
        Level.WARNING,
        "the picture word/media/image1.png carries metadata (text chunks, XMP, a time stamp, EXIF with GPS position)",
    ),
}


@pytest.mark.parametrize("case", list(CASES))
def test_each_concern_is_reported(case: str) -> None:
    make, code, level, words = CASES[case]
    findings = _hygiene(make())
    assert [f.code for f in findings] == [code], [str(f) for f in findings]
    (finding,) = findings
    assert finding.level is level
    assert words in finding.message
    assert finding.location is not None
    assert finding.location.file == "report.docx"


def test_a_board_named_in_the_title_is_not_a_personal_author() -> None:
    def board(document: docx.document.Document) -> None:
        document.core_properties.title = "Testshire Safeguarding Children Board Annual Report 2015-16"
        document.core_properties.author = "Testshire Safeguarding Children Board"

    assert _hygiene(_document(board)) == []


def test_web_and_email_links_are_not_reported() -> None:
    data = zip_edit(
        _document(),
        {
            DOCUMENT_RELS: lambda c: relate("rId91", "hyperlink", "mailto:board@example.org", external=True)(
                relate("rId90", "hyperlink", "https://www.gov.uk/", external=True)(c)
            )
        },
    )
    assert _hygiene(data) == []


def test_lscb_audit_fails_on_remote_content_and_warns_on_left_overs(tmp_path: Path) -> None:
    remote = tmp_path / "remote.docx"
    remote.write_bytes(CASES["remote field"][0]())
    result = CliRunner().invoke(main, ["audit", str(remote), "--format", "json"])
    assert result.exit_code == 1
    assert [f["code"] for f in json.loads(result.stdout)["findings"]] == ["audit.remote-field"]
    commented = tmp_path / "commented.docx"
    commented.write_bytes(CASES["comments"][0]())
    result = CliRunner().invoke(main, ["audit", str(commented)])
    assert result.exit_code == 0, result.output
    assert f"{commented}: 0 errors, 1 warning" in result.output
