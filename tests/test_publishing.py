"""Publishing checks on the finished document: the accessibility gate, lscb audit, and metadata hygiene."""

from __future__ import annotations

import json
import zipfile
from collections.abc import Sequence
from pathlib import Path

import docx
import pytest
from click.testing import CliRunner

from lscb_core import Section, hookimpl
from lscb_core._base.blocks import Paragraph, Text
from lscb_core._build.build import build_report
from lscb_core._cli.main import main
from lscb_core._hooks.manager import make_plugin_manager
from lscb_core._render.document import default_template

from .boardfactory import make_board
from .conftest import HERTFORDSHIRE


@pytest.fixture(scope="module")
def hertfordshire_docx(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("audit") / "hertfordshire.docx"
    assert build_report(HERTFORDSHIRE, output=out).ok
    return out


def test_lscb_audit_finds_no_errors_in_the_hertfordshire_report(hertfordshire_docx: Path) -> None:
    result = CliRunner().invoke(main, ["audit", str(hertfordshire_docx)])
    assert result.exit_code == 0, result.output
    assert f"{hertfordshire_docx}: 0 errors, 0 warnings" in result.output


def test_lscb_audit_json(hertfordshire_docx: Path) -> None:
    result = CliRunner().invoke(main, ["audit", str(hertfordshire_docx), "--format", "json"])
    payload = json.loads(result.stdout)
    assert payload["ok"] is True
    assert payload["findings"] == []


def test_lscb_audit_reports_a_broken_document_and_exits_1(tmp_path: Path) -> None:
    document = docx.Document()
    document.add_paragraph("Heading skipped", style="Heading 2")
    document.save(str(tmp_path / "broken.docx"))
    result = CliRunner().invoke(main, ["audit", str(tmp_path / "broken.docx"), "--format", "json"])
    assert result.exit_code == 1
    codes = {f["code"] for f in json.loads(result.stdout)["findings"]}
    assert {"audit.title-missing", "audit.heading-skip"} <= codes


class FakeHeading:
    """A section whose bold line is made to look like a heading without being one."""

    @hookimpl
    def lscb_sections(self) -> Sequence[Section]:
        def build(context: object) -> list[Paragraph]:
            return [
                Paragraph((Text("Our approach", bold=True),)),
                Paragraph((Text("We work with schools, health services and the police across the county."),)),
            ]

        return [Section("approach", "Approach", 45, build)]


def test_the_build_fails_on_an_accessibility_error_unless_the_gate_is_off(tmp_path: Path) -> None:
    board = make_board(tmp_path / "b")
    pm = make_plugin_manager(entry_points=False, extra=[FakeHeading()])
    out = tmp_path / "r.docx"
    result = build_report(board, output=out, pm=pm)
    assert not result.ok
    assert [f.code for f in result.errors] == ["audit.fake-heading"]
    assert not out.exists()
    result = build_report(board, output=out, pm=pm, audit_gate=False)
    assert result.ok
    assert "audit.fake-heading" in {f.code for f in result.findings}
    assert out.exists()


def test_no_personal_metadata_from_the_template_reaches_the_report(tmp_path: Path) -> None:
    template = docx.Document(str(default_template()))
    properties = template.core_properties
    properties.author = "Jane Smith"
    properties.last_modified_by = "Jane Smith"
    properties.comments = "Draft for Jane's eyes only"
    properties.revision = 41
    paragraph = template.add_paragraph("A note")
    template.add_comment(paragraph.runs, text="Check this with legal", author="Jane Smith", initials="JS")
    board = make_board(tmp_path / "b", {"../settings.yaml": "template: house.docx\n"})
    template.save(str(board / "house.docx"))
    with zipfile.ZipFile(board / "house.docx") as package:
        assert "word/comments.xml" in package.namelist()
        app = package.read("docProps/app.xml")
    out = tmp_path / "r.docx"
    result = build_report(board, output=out, pm=make_plugin_manager(entry_points=False))
    assert result.ok, result.errors
    with zipfile.ZipFile(out) as package:
        names = package.namelist()
        everything = b"".join(package.read(n) for n in names)
    assert "word/comments.xml" not in names
    assert b"Jane" not in everything
    assert b"legal" not in everything
    assert b"<cp:revision>1</cp:revision>" in everything
    assert b"commentReference" not in everything
    assert b"commentRangeStart" not in everything
    assert app  # the template had an app.xml; the report's carries no company or template name
    assert b"<Company>" not in everything
    assert b"<Template>" not in everything
    report = docx.Document(str(out))
    assert report.core_properties.author == "Testshire Safeguarding Children Board"
