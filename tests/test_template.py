"""The default house-style template holds what the renderer relies on, renders, and rebuilds identically."""

from __future__ import annotations

import importlib.util
import zipfile
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from types import ModuleType

import docx
import jinja2
import pytest
from docx.document import Document as DocxDocument
from docx.enum.style import WD_STYLE_TYPE
from docx.oxml.ns import qn
from docx.shared import Twips
from docxtpl import DocxTemplate

import lscb_core._render._docx_compat  # noqa: F401 - docxtpl's docxcompose rebinds python-docx's 'cp' prefix
from lscb_core._base import styles
from lscb_core._base.namespaces import W
from lscb_core._base.styles import heading

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"
REPORT = TEMPLATES / "default" / "report.docx"
FRAGMENT = TEMPLATES / "default" / "fragment.docx"

NS = {"w": W}

_KINDS = {
    "paragraph": WD_STYLE_TYPE.PARAGRAPH,
    "table": WD_STYLE_TYPE.TABLE,
    "character": WD_STYLE_TYPE.CHARACTER,
}

# (name as python-docx reports it, styleId, type): every style the renderer writes, then the template's own.
STYLES = [
    *((style.shown, style.id, _KINDS[style.kind]) for style in styles.RENDERER_STYLES),
    ("Title", "Title", WD_STYLE_TYPE.PARAGRAPH),
    ("Subtitle", "Subtitle", WD_STYLE_TYPE.PARAGRAPH),
    ("TOC Heading", "TOCHeading", WD_STYLE_TYPE.PARAGRAPH),
    ("Notice", "Notice", WD_STYLE_TYPE.PARAGRAPH),
    ("Cover Board", "CoverBoard", WD_STYLE_TYPE.PARAGRAPH),
    ("Cover Period", "CoverPeriod", WD_STYLE_TYPE.PARAGRAPH),
    ("Essential Info", "EssentialInfo", WD_STYLE_TYPE.PARAGRAPH),
    ("Header", "Header", WD_STYLE_TYPE.PARAGRAPH),
    ("Footer", "Footer", WD_STYLE_TYPE.PARAGRAPH),
    ("Header Notice", "HeaderNotice", WD_STYLE_TYPE.PARAGRAPH),
]


class Raw:
    """Markup for a ``{{p ... }}`` placeholder: autoescape leaves objects with ``__html__`` alone."""

    def __init__(self, xml: str) -> None:
        self.xml = xml

    def __html__(self) -> str:
        return self.xml


def _paragraph(text: str, style_id: str = "Normal") -> str:
    return f'<w:p><w:pPr><w:pStyle w:val="{style_id}"/></w:pPr><w:r><w:t>{text}</w:t></w:r></w:p>'


def _cell(text: str, style_id: str) -> str:
    return f'<w:tc><w:tcPr><w:tcW w:w="4536" w:type="dxa"/></w:tcPr>{_paragraph(text, style_id)}</w:tc>'


SAMPLE_TABLE = (
    '<w:tbl><w:tblPr><w:tblStyle w:val="lscbTable"/><w:tblW w:w="5000" w:type="pct"/>'
    '<w:tblLook w:val="0260" w:firstRow="1" w:lastRow="1" w:firstColumn="0" w:lastColumn="0" '
    'w:noHBand="1" w:noVBand="1"/></w:tblPr>'
    '<w:tblGrid><w:gridCol w:w="4536"/><w:gridCol w:w="4536"/></w:tblGrid>'
    f"<w:tr><w:trPr><w:tblHeader/></w:trPr>{_cell('Partner', 'TableHeading')}{_cell('Contribution (£)', 'TableHeading')}</w:tr>"
    f"<w:tr>{_cell('County council', 'TableText')}{_cell('218,000', 'TableNumber')}</w:tr>"
    f"<w:tr>{_cell('Total', 'TableText')}{_cell('218,000', 'TableNumber')}</w:tr>"
    "</w:tbl>"
)


def _context(edition_notice: str = "", header_notice: str = "") -> dict[str, object]:
    return {
        "board_name": "Hertfordshire Safeguarding Children Board",
        "report_title": "Annual Report 2015-16",
        "period_long": "April 2015 to March 2016",
        "edition_notice": edition_notice,
        "contents": Raw(_paragraph("Foreword<w:tab/>3", "TOC1").replace("<w:tab/>", "</w:t><w:tab/><w:t>")),
        "body": Raw(
            _paragraph("Foreword", "Heading1")
            + _paragraph("The board &amp; its partners kept children safe.")
            + _paragraph("Budget", "Heading2")
            + SAMPLE_TABLE
            + _paragraph("Figures are rounded.", "TableNote")
        ),
        "full_title": "Hertfordshire Safeguarding Children Board Annual Report 2015-16",
        "footer_title": "Hertfordshire Safeguarding Children Board Annual Report 2015-16",
        "header_notice": header_notice,
    }


@pytest.fixture(scope="module")
def builder() -> ModuleType:
    """``templates/build_default.py``, imported from its path (it is a script, not a package)."""
    spec = importlib.util.spec_from_file_location("build_default", TEMPLATES / "build_default.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def report() -> DocxDocument:
    return docx.Document(str(REPORT))


def _parts(path: Path, prefix: str) -> Iterator[str]:
    with zipfile.ZipFile(path) as package:
        for name in sorted(package.namelist()):
            if name.startswith(prefix):
                yield package.read(name).decode("utf-8")


def _render(tmp_path: Path, template: Path, context: dict[str, object]) -> Path:
    rendered = tmp_path / f"rendered-{template.name}"
    document = DocxTemplate(str(template))
    document.render(context, jinja_env=jinja2.Environment(autoescape=True))
    document.save(str(rendered))
    return rendered


# --- The committed files are what the script builds ---------------------------------------
def test_rebuild_gives_identical_bytes(builder: ModuleType, tmp_path: Path) -> None:
    builder.build(tmp_path)
    assert (tmp_path / "report.docx").read_bytes() == REPORT.read_bytes()
    assert (tmp_path / "fragment.docx").read_bytes() == FRAGMENT.read_bytes()


def test_package_has_fixed_timestamps_and_order() -> None:
    with zipfile.ZipFile(REPORT) as package:
        infos = package.infolist()
    assert {info.date_time for info in infos} == {(1980, 1, 1, 0, 0, 0)}
    names = [info.filename for info in infos]
    assert names[:2] == ["[Content_Types].xml", "_rels/.rels"]
    assert names[2:] == sorted(names[2:])
    # Leftovers of python-docx's sample document are gone.
    assert not any(name.startswith(("customXml/", "docProps/thumbnail")) for name in names)
    assert "word/stylesWithEffects.xml" not in names


def test_core_properties_are_plain(report: DocxDocument) -> None:
    properties = report.core_properties
    assert properties.title == "lscb default template"
    assert properties.language == "en-GB"
    assert properties.author == ""
    assert properties.last_modified_by == ""
    assert properties.comments == ""
    assert properties.revision == 1
    assert properties.created == datetime(2000, 1, 1, tzinfo=UTC)
    assert properties.modified == properties.created


def test_colours_meet_contrast(builder: ModuleType) -> None:
    for purpose, foreground, background in builder.COLOUR_PAIRS:
        assert builder.contrast_ratio(foreground, background) >= 4.5, purpose
    assert builder.contrast_ratio("000000", "FFFFFF") == pytest.approx(21.0)


# --- Styles ------------------------------------------------------------------------------
@pytest.mark.parametrize(("name", "style_id", "style_type"), STYLES)
def test_style_exists(report: DocxDocument, name: str, style_id: str, style_type: WD_STYLE_TYPE) -> None:
    by_id = {style.style_id: style for style in report.styles}
    assert style_id in by_id
    style = by_id[style_id]
    assert style.name == name
    assert style.type == style_type


def _outline_level(document: DocxDocument, style_id: str) -> str | None:
    levels = document.styles.element.xpath(
        f'w:style[@w:styleId="{style_id}"]/w:pPr/w:outlineLvl/@w:val',
    )
    return str(levels[0]) if levels else None


@pytest.mark.parametrize("level", [1, 2, 3, 4])
def test_headings_have_outline_levels(report: DocxDocument, level: int) -> None:
    assert _outline_level(report, f"Heading{level}") == str(level - 1)
    assert report.styles[f"Heading {level}"].paragraph_format.page_break_before is False


def test_toc_heading_is_not_a_heading(report: DocxDocument) -> None:
    style = report.styles["TOC Heading"]
    assert _outline_level(report, "TOCHeading") is None
    assert style.base_style is not None
    assert style.base_style.name == "Normal"


def test_document_language_is_british_english(report: DocxDocument) -> None:
    lang = report.styles.element.find("w:docDefaults/w:rPrDefault/w:rPr/w:lang", NS)
    assert lang is not None
    assert lang.get(qn("w:val")) == "en-GB"
    assert lang.get(qn("w:eastAsia")) == "en-GB"
    fonts = report.styles.element.find("w:docDefaults/w:rPrDefault/w:rPr/w:rFonts", NS)
    assert fonts is not None
    assert {fonts.get(qn(f"w:{slot}")) for slot in ("ascii", "hAnsi", "cs")} == {"Arial"}


def test_list_styles_point_at_their_numbering(report: DocxDocument) -> None:
    numbering = report.part.numbering_part.element
    expected = {styles.LIST_BULLET.id: ("1", "0", "bullet"), styles.LIST_NUMBER.id: ("2", "1", "decimal")}
    for style_id, (num_id, abstract_id, number_format) in expected.items():
        assert report.styles.element.xpath(
            f'w:style[@w:styleId="{style_id}"]/w:pPr/w:numPr/w:numId/@w:val',
        ) == [num_id]
        assert numbering.xpath(f'w:num[@w:numId="{num_id}"]/w:abstractNumId/@w:val') == [abstract_id]
        levels = numbering.xpath(f'w:abstractNum[@w:abstractNumId="{abstract_id}"]/w:lvl')
        assert len(levels) == 3
        assert levels[0].find("w:numFmt", NS).get(qn("w:val")) == number_format
        indents = [level.find("w:pPr/w:ind", NS).get(qn("w:left")) for level in levels]
        assert indents == ["357", "714", "1071"]  # 0.63 cm a level


def test_table_style_shades_header_row(report: DocxDocument) -> None:
    shading = report.styles.element.xpath(
        f'w:style[@w:styleId="{styles.TABLE.id}"]/w:tblStylePr[@w:type="firstRow"]/w:tcPr/w:shd/@w:fill',
    )
    assert shading == ["1D4F76"]


# --- Page, settings and placeholders ------------------------------------------------------
def test_page_is_a4_with_house_margins(report: DocxDocument) -> None:
    section = report.sections[0]
    assert (section.page_width, section.page_height) == (Twips(11906), Twips(16838))
    margins = (section.top_margin, section.bottom_margin, section.left_margin, section.right_margin)
    assert margins == (Twips(1417),) * 4
    assert section.header_distance == section.footer_distance == Twips(709)
    assert section.different_first_page_header_footer


def test_settings(report: DocxDocument) -> None:
    settings = report.settings.element
    assert settings.find("w:updateFields", NS) is None
    assert settings.xpath('w:compat/w:compatSetting[@w:name="compatibilityMode"]/@w:val') == ["15"]
    assert settings.xpath("w:themeFontLang/@w:val") == ["en-GB"]
    assert settings.xpath("w:evenAndOddHeaders/@w:val") == ["0"]
    assert report.settings.odd_and_even_pages_header_footer is False


def test_placeholders_are_present() -> None:
    (body,) = _parts(REPORT, "word/document.xml")
    for placeholder in ("{{ board_name }}", "{{ report_title }}", "{{ period_long }}", "{{p contents }}"):
        assert placeholder in body
    assert "{{p body }}" in body
    assert "{%p if edition_notice %}" in body
    assert any("{{ footer_title }}" in footer for footer in _parts(REPORT, "word/footer"))
    assert any("{{ header_notice }}" in header for header in _parts(REPORT, "word/header"))


# --- Rendering ---------------------------------------------------------------------------
def test_public_edition_renders(tmp_path: Path) -> None:
    rendered = _render(tmp_path, REPORT, _context())
    document = docx.Document(str(rendered))
    names = [paragraph.style.name for paragraph in document.paragraphs if paragraph.style is not None]
    texts = [paragraph.text for paragraph in document.paragraphs]
    assert texts[0] == "Hertfordshire Safeguarding Children Board"
    assert "Notice" not in names
    assert heading(1).shown in names
    assert "The board & its partners kept children safe." in texts
    (table,) = document.tables
    assert table.style is not None
    assert table.style.name == styles.TABLE.shown
    assert table.rows[0].cells[0].text == "Partner"
    for part in (
        *_parts(rendered, "word/document.xml"),
        *_parts(rendered, "word/header"),
        *_parts(rendered, "word/footer"),
    ):
        assert "{{" not in part
        assert "{%" not in part
    assert any(
        "Hertfordshire Safeguarding Children Board Annual Report 2015-16" in footer
        for footer in _parts(rendered, "word/footer")
    )


def test_board_edition_keeps_its_notice(tmp_path: Path) -> None:
    rendered = _render(tmp_path, REPORT, _context("Board members only", "BOARD ONLY"))
    document = docx.Document(str(rendered))
    notices = [
        paragraph.text
        for paragraph in document.paragraphs
        if paragraph.style is not None and paragraph.style.name == "Notice"
    ]
    assert notices == ["Board members only"]
    assert document.sections[0].header.paragraphs[0].text == "BOARD ONLY"


def test_fragment_has_same_styles_and_renders(report: DocxDocument, tmp_path: Path) -> None:
    fragment = docx.Document(str(FRAGMENT))
    assert {style.style_id for style in fragment.styles} == {style.style_id for style in report.styles}
    rendered = docx.Document(
        str(_render(tmp_path, FRAGMENT, {"title": "Child death reviews", "text": "Text."}))
    )
    assert [(p.style.name if p.style else None, p.text) for p in rendered.paragraphs] == [
        ("Heading 2", "Child death reviews"),
        ("Normal", "Text."),
    ]
