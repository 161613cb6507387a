"""Building the report: a real Word document, deterministic, atomic, escaped and sandboxed."""

from __future__ import annotations

import hashlib
import io
import shutil
import zipfile
from pathlib import Path

import pytest
from docx import Document
from lxml import etree

from lscb_core._base.styles import heading
from lscb_core._build.build import BuildResult, build_report, default_output
from lscb_core._hooks.manager import make_plugin_manager
from lscb_core._model.editions import Edition

from .boardfactory import make_board
from .conftest import HERTFORDSHIRE

_PM = make_plugin_manager(entry_points=False)


def _text(path: Path) -> str:
    document = Document(str(path))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts.extend(cell.text for cell in row.cells)
    return "\n".join(parts)


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> BuildResult:
    out = tmp_path_factory.mktemp("built") / "report.docx"
    result = build_report(HERTFORDSHIRE, output=out)
    assert result.ok, [str(f) for f in result.errors]
    return result


def test_hertfordshire_builds_into_a_word_document(built: BuildResult) -> None:
    assert built.output is not None
    document = Document(str(built.output))
    headings = [
        p.text for p in document.paragraphs if p.style is not None and p.style.name == heading(1).shown
    ]
    assert headings[:3] == ["Essential information", "Foreword", "Local background and context"]
    assert "Appendix 1: Membership and attendance" in headings
    assert "Appendix 2: Training attendance" in headings
    properties = document.core_properties
    assert properties.title == "Hertfordshire Safeguarding Children Board Annual Report 2015-16"
    assert properties.author == "Hertfordshire Safeguarding Children Board"
    assert properties.language == "en-GB"
    assert "2015-16" in properties.keywords
    assert "April 2015 to March 2016" in properties.subject
    assert properties.last_modified_by == ""
    assert properties.comments == ""


def test_every_xml_part_parses_strictly(built: BuildResult) -> None:
    assert built.output is not None
    with zipfile.ZipFile(built.output) as package:
        for name in package.namelist():
            if name.endswith((".xml", ".rels")):
                etree.fromstring(package.read(name), parser=etree.XMLParser(recover=False))


def test_the_contents_page_is_a_toc_field_with_linked_entries(built: BuildResult) -> None:
    assert built.output is not None
    with zipfile.ZipFile(built.output) as package:
        xml = package.read("word/document.xml").decode()
    assert ' TOC \\o "1-1" \\h \\z \\u ' in xml
    assert xml.count("PAGEREF _Toc") == len(built.sections)
    assert '<w:hyperlink w:anchor="_Toc000001"' in xml
    assert '<w:bookmarkStart w:id="1" w:name="_Toc000001"/>' in xml


def test_tables_have_a_repeating_header_row(built: BuildResult) -> None:
    assert built.output is not None
    document = Document(str(built.output))
    assert len(document.tables) > 10
    for table in document.tables:
        first = table.rows[0]._tr
        assert first.trPr is not None
        assert (
            first.trPr.find("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}tblHeader")
            is not None
        )


def test_the_structure_chart_has_alt_text(built: BuildResult) -> None:
    assert built.output is not None
    with zipfile.ZipFile(built.output) as package:
        xml = package.read("word/document.xml").decode()
        assert any(n.startswith("word/media/") and n.endswith(".png") for n in package.namelist())
    assert 'descr="HSCB structure chart. HSCB Strategic Board is at the top of the structure.' in xml


def test_local_plugin_content_is_inside_its_priority(built: BuildResult) -> None:
    assert built.output is not None
    text = _text(built.output)
    assert "Chelsea's Choice" in text
    assert "8,392" in text
    assert (
        text.index("Child sexual exploitation")
        < text.index("Chelsea's Choice in 2015 in figures")
        < text.index("Domestic abuse")
    )
    assert "The Families First model" in text


def test_building_twice_gives_identical_bytes(tmp_path: Path) -> None:
    first = build_report(HERTFORDSHIRE, output=tmp_path / "a.docx")
    second = build_report(HERTFORDSHIRE, output=tmp_path / "b.docx")
    assert first.ok
    assert second.ok
    assert (
        hashlib.sha256((tmp_path / "a.docx").read_bytes()).digest()
        == hashlib.sha256((tmp_path / "b.docx").read_bytes()).digest()
    )


def test_source_date_epoch_sets_every_timestamp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1467331200")  # 1 July 2016
    assert build_report(make_board(tmp_path / "b"), output=tmp_path / "r.docx", pm=_PM).ok
    with zipfile.ZipFile(tmp_path / "r.docx") as package:
        assert {info.date_time[:3] for info in package.infolist()} == {(2016, 7, 1)}
    assert Document(str(tmp_path / "r.docx")).core_properties.modified.isoformat().startswith("2016-07-01")


def test_default_output_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    board = make_board(tmp_path / "b")
    monkeypatch.chdir(tmp_path)
    result = build_report(board, pm=_PM)
    assert result.ok
    assert result.loaded is not None
    assert result.output == Path("build/testshire-safeguarding-children-board-annual-report-2015-16.docx")
    assert default_output(result.loaded, Edition.BOARD).name.endswith("2015-16-board-edition.docx")
    assert (tmp_path / result.output).is_file()


def test_a_failed_build_leaves_the_earlier_output_untouched(tmp_path: Path) -> None:
    board = make_board(tmp_path / "b", {"narrative/foreword.md": "Hello {{ board.name }}.\n"})
    out = tmp_path / "report.docx"
    assert build_report(board, output=out, pm=_PM).ok
    before = out.read_bytes()
    (board / "2015-16" / "narrative" / "foreword.md").write_text(
        "Hello {{ board.nmae }}.\n", encoding="utf-8"
    )
    result = build_report(board, output=out, pm=_PM)
    assert not result.ok
    (error,) = result.errors
    assert error.code == "narrative.unknown-name"
    assert error.location is not None
    assert str(error.location).endswith("2015-16/narrative/foreword.md:1:10")
    assert out.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["b", "report.docx"]


def test_data_errors_stop_the_build_and_write_nothing(tmp_path: Path) -> None:
    board = make_board(tmp_path / "b", {"cdop.yaml": "reviews_stated: -1\n"})
    result = build_report(board, output=tmp_path / "r.docx", pm=_PM)
    assert not result.ok
    assert [f.code for f in result.errors] == ["load.invalid"]
    assert not (tmp_path / "r.docx").exists()


HOSTILE = 'A & B <c> "d" {{ 7*7 }} {% raw %} {_{ %} \u202eRTL 😀 \x07bell'


def test_data_values_are_escaped_and_never_evaluated(tmp_path: Path) -> None:
    board = make_board(
        tmp_path / "b",
        {
            "glossary.yaml": f"terms:\n  - abbreviation: XYZ\n    meaning: {HOSTILE!r}\n".replace(
                "\\x07", "\\a"
            ),
            "narrative/foreword.md": "The XYZ glossary entry.\n",
        },
    )
    # A YAML single-quoted string cannot hold the bell character; write it double-quoted.
    (board / "2015-16" / "glossary.yaml").write_text(
        'terms:\n  - abbreviation: XYZ\n    meaning: "A & B <c> \\"d\\" {{ 7*7 }} {% raw %} {_{ %} \\u202eRTL 😀 \\abell"\n',
        encoding="utf-8",
    )
    result = build_report(board, output=tmp_path / "r.docx", pm=_PM)
    assert result.ok, result.errors
    assert "text.control-characters" in {f.code for f in result.findings}
    text = _text(tmp_path / "r.docx")
    assert HOSTILE.replace("\x07", "") in text
    assert "49" not in text


def test_narrative_figures_come_from_the_data(built: BuildResult) -> None:
    assert built.output is not None
    text = _text(built.output)
    assert (
        "During 2015-16 the panel reviewed a total of 56 cases, and identified modifiable factors in 14 of them."
        in text
    )
    assert "The carry forward to 2016-17 is £124,356." in text


def test_a_board_template_with_a_mistake_names_the_template(tmp_path: Path) -> None:
    board = make_board(tmp_path / "b", {"settings.yaml": "template: house.docx\n"})
    template = board / "2015-16" / "house.docx"
    from lscb_core._render.document import default_template

    data = io.BytesIO()
    with zipfile.ZipFile(default_template()) as source, zipfile.ZipFile(data, "w") as target:
        for info in source.infolist():
            content = source.read(info.filename)
            if info.filename == "word/document.xml":
                content = content.replace(b"{{ report_title }}", b"{{ report_titel }}")
            target.writestr(info, content)
    template.write_bytes(data.getvalue())
    shutil.move(str(template), str(board / "house.docx"))
    result = build_report(board, output=tmp_path / "r.docx", pm=_PM)
    assert not result.ok
    (error,) = result.errors
    assert error.code == "build.template"
    assert "house.docx" in error.message
    assert "report_titel" in error.message
    assert not (tmp_path / "r.docx").exists()


def test_a_template_outside_the_board_folder_is_refused(tmp_path: Path) -> None:
    board = make_board(tmp_path / "b", {"../settings.yaml": "template: ../elsewhere.docx\n"})
    result = build_report(board, output=tmp_path / "r.docx", pm=_PM)
    assert not result.ok
    assert "inside the board folder" in result.errors[0].message


@pytest.mark.parametrize(
    ("tag", "problem"),
    [
        (b"{{ board.__class__.__mro__ }}", "tried something that is not allowed"),
        (b"{% include '/etc/passwd' %}", "templates cannot include or import other files"),
        (b"{{ 'x' * 100000000 }}", "tried something that is not allowed"),
    ],
)
def test_a_board_template_cannot_run_code_or_reach_outside(tmp_path: Path, tag: bytes, problem: str) -> None:
    from lscb_core._render.document import default_template

    board = make_board(tmp_path / "b", {"../settings.yaml": "template: house.docx\n"})
    data = io.BytesIO()
    with zipfile.ZipFile(default_template()) as source, zipfile.ZipFile(data, "w") as target:
        for info in source.infolist():
            content = source.read(info.filename)
            if info.filename == "word/document.xml":
                content = content.replace(b"{{ report_title }}", tag)
            target.writestr(info, content)
    (board / "house.docx").write_bytes(data.getvalue())
    result = build_report(board, output=tmp_path / "r.docx", pm=_PM)
    assert not result.ok
    (error,) = result.errors
    assert error.message.startswith(f"{board / 'house.docx'}: the template")
    assert problem in error.message
    assert f'in word/document.xml, near "{tag.decode()}' in error.message
    assert not (tmp_path / "r.docx").exists()
