"""The accessibility audit finds each problem in a Word document, and nothing in an accessible one."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import docx
import pytest
from docx.enum.dml import MSO_THEME_COLOR
from docx.enum.style import WD_STYLE_TYPE
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt, RGBColor
from lxml import etree
from PIL import Image

from lscb_core._accessibility.audit import audit_docx
from lscb_core._base.findings import Finding, Level, LoadError

DECORATIVE_NS = "http://schemas.microsoft.com/office/drawing/2017/decorative"
A_NS = "http://schemas.openxmlformats.org/drawingml/2006/main"


def png() -> io.BytesIO:
    data = io.BytesIO()
    Image.new("RGB", (4, 4), "navy").save(data, "PNG")
    data.seek(0)
    return data


@dataclass
class Clean:
    """An accessible document, with handles on the parts tests break."""

    doc: Any
    heading1: Any
    intro: Any
    heading2: Any
    table: Any
    picture: Any
    link: Any
    link_run: Any


def mark_header(row: Any) -> None:
    row._tr.get_or_add_trPr().append(OxmlElement("w:tblHeader"))


def add_hyperlink(paragraph: Any, text: str, url: str) -> tuple[Any, Any]:
    rid = paragraph.part.relate_to(url, RT.HYPERLINK, is_external=True)
    link = OxmlElement("w:hyperlink")
    link.set(qn("r:id"), rid)
    run = paragraph.add_run(text)
    run.font.color.rgb = RGBColor(0x05, 0x63, 0xC1)
    run.font.underline = True
    link.append(run._r)
    paragraph._p.append(link)
    return link, run


def clean() -> Clean:
    doc = docx.Document()
    doc.core_properties.title = "Annual report 2015-16"
    doc.core_properties.language = "en-GB"
    doc.core_properties.author = ""  # python-docx's own name would count as a personal property
    # The template's Heading 2 is accent-blue at 4.0:1, which fails WCAG AA.
    doc.styles["Heading 2"].font.color.rgb = RGBColor(0x1F, 0x3A, 0x60)
    doc.add_heading("Annual report 2015-16", 0)
    heading1 = doc.add_heading("Our year", 1)
    intro = doc.add_paragraph()
    intro.add_run("This report sets out how partners kept children safe.").font.color.rgb = RGBColor(
        0x1F, 0x1F, 0x1F
    )
    heading2 = doc.add_heading("Budget", 2)
    doc.add_paragraph("Partners paid for the board's work as follows.")
    table = doc.add_table(rows=3, cols=2)
    table.style = "Table Grid"
    for r, (label, value) in enumerate(
        [("Partner", "Contribution"), ("Council", "£120,000"), ("Police", "£40,000")]
    ):
        table.cell(r, 0).text = label
        table.cell(r, 1).text = value
    mark_header(table.rows[0])
    doc.add_paragraph("How referrals changed over the year:")
    picture = doc.add_picture(png())._inline.docPr
    picture.set("descr", "Bar chart: referrals rose from 900 to 1,200")
    source = doc.add_paragraph("The statutory guidance is ")
    link, link_run = add_hyperlink(source, "Working Together to Safeguard Children", "https://www.gov.uk/")
    source.add_run(".")
    return Clean(doc, heading1, intro, heading2, table, picture, link, link_run)


def save(doc: Any, tmp_path: Path, name: str = "report.docx") -> Path:
    path = tmp_path / name
    doc.save(str(path))
    return path


def codes(path: Path) -> set[str]:
    return {f.code for f in audit_docx(path)}


def only(tmp_path: Path, c: Clean) -> set[str]:
    return codes(save(c.doc, tmp_path))


def set_style(paragraph: Any, style_id: str) -> None:
    paragraph._p.get_or_add_pPr().get_or_add_pStyle().set(qn("w:val"), style_id)


def add_paragraph_style(doc: Any, xml: str) -> None:
    w = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    doc.styles.element.append(etree.fromstring(f'<w:style xmlns:w="{w}" w:type="paragraph" {xml}</w:style>'))


def test_clean_document_has_no_findings(tmp_path: Path) -> None:
    assert audit_docx(save(clean().doc, tmp_path)) == []


# Errors -------------------------------------------------------------------


def test_missing_title(tmp_path: Path) -> None:
    c = clean()
    c.doc.core_properties.title = ""
    assert only(tmp_path, c) == {"audit.title-missing"}


def test_missing_language(tmp_path: Path) -> None:
    c = clean()
    c.doc.core_properties.language = ""
    lang = c.doc.styles.element.find(
        f"{qn('w:docDefaults')}/{qn('w:rPrDefault')}/{qn('w:rPr')}/{qn('w:lang')}"
    )
    lang.getparent().remove(lang)
    assert only(tmp_path, c) == {"audit.language-missing"}


@pytest.mark.parametrize("where", ["core", "styles"])
def test_language_from_either_place_is_enough(tmp_path: Path, where: str) -> None:
    c = clean()
    if where == "styles":
        c.doc.core_properties.language = ""
    else:
        lang = c.doc.styles.element.find(f".//{qn('w:docDefaults')}//{qn('w:lang')}")
        lang.getparent().remove(lang)
    assert only(tmp_path, c) == set()


def test_heading_skip_names_the_paragraph(tmp_path: Path) -> None:
    c = clean()
    set_style(c.heading2, "Heading3")
    c.doc.styles["Heading 3"].font.color.rgb = RGBColor(0x1F, 0x3A, 0x60)
    [finding] = audit_docx(save(c.doc, tmp_path), display="board/report.docx")
    assert finding.code == "audit.heading-skip"
    assert finding.level is Level.ERROR
    assert finding.path == ("paragraph", 4)
    assert finding.message == 'paragraph 4 ("Budget"): heading level 3 follows level 1 (skips level 2)'
    assert str(finding.location) == "board/report.docx"


def test_first_heading_must_be_level_1(tmp_path: Path) -> None:
    c = clean()
    set_style(c.heading1, "Heading2")
    assert only(tmp_path, c) == {"audit.heading-skip"}


def test_outline_level_makes_a_heading_whatever_the_style_is_called(tmp_path: Path) -> None:
    c = clean()
    add_paragraph_style(
        c.doc,
        'w:customStyle="1" w:styleId="Sectionhead"><w:name w:val="Section head"/>'
        '<w:basedOn w:val="Normal"/><w:pPr><w:outlineLvl w:val="2"/></w:pPr>',
    )
    set_style(c.heading2, "Sectionhead")
    assert only(tmp_path, c) == {"audit.heading-skip"}


def test_localised_style_id_is_resolved_by_name(tmp_path: Path) -> None:
    c = clean()
    add_paragraph_style(
        c.doc,
        'w:styleId="berschrift3"><w:name w:val="heading 3"/><w:basedOn w:val="Normal"/>',
    )
    set_style(c.heading2, "berschrift3")
    assert only(tmp_path, c) == {"audit.heading-skip"}


def test_direct_outline_level_overrides_the_style(tmp_path: Path) -> None:
    c = clean()
    set_style(c.heading2, "Heading3")
    c.doc.styles["Heading 3"].font.color.rgb = RGBColor(0x1F, 0x3A, 0x60)
    outline = OxmlElement("w:outlineLvl")
    outline.set(qn("w:val"), "1")
    c.heading2._p.get_or_add_pPr().append(outline)
    assert only(tmp_path, c) == set()


def make_bold_paragraph(c: Clean, text: str = "Key achievements") -> Any:
    paragraph = c.intro.insert_paragraph_before()
    paragraph.add_run(text).bold = True
    return paragraph


def test_fake_heading(tmp_path: Path) -> None:
    c = clean()
    make_bold_paragraph(c)
    [finding] = audit_docx(save(c.doc, tmp_path))
    assert finding.code == "audit.fake-heading"
    assert finding.path == ("paragraph", 3)
    assert finding.message.startswith('paragraph 3 ("Key achievements"): ')


def test_fake_heading_before_a_list(tmp_path: Path) -> None:
    c = clean()
    make_bold_paragraph(c)
    c.intro.insert_paragraph_before("Early help", style="List Bullet")
    assert only(tmp_path, c) == {"audit.fake-heading"}


def test_fake_heading_bold_from_paragraph_style(tmp_path: Path) -> None:
    c = clean()
    style = c.doc.styles.add_style("Lead in", WD_STYLE_TYPE.PARAGRAPH)
    style.base_style = c.doc.styles["Normal"]
    style.font.bold = True
    c.intro.insert_paragraph_before("Key achievements", style="Lead in")
    assert only(tmp_path, c) == {"audit.fake-heading"}


def test_fake_heading_bold_from_character_style(tmp_path: Path) -> None:
    c = clean()
    style = c.doc.styles.add_style("Loud", WD_STYLE_TYPE.CHARACTER)
    style.font.bold = True
    c.intro.insert_paragraph_before().add_run("Key achievements", style="Loud")
    assert only(tmp_path, c) == {"audit.fake-heading"}


@pytest.mark.parametrize(
    "change",
    [
        pytest.param(lambda c: make_bold_paragraph(c, "Key achievements:"), id="ends-with-colon"),
        pytest.param(lambda c: make_bold_paragraph(c, "Did we do enough?"), id="question"),
        pytest.param(lambda c: make_bold_paragraph(c).__setattr__("style", "List Bullet"), id="list-item"),
        pytest.param(lambda c: make_bold_paragraph(c, "• Key achievements"), id="typed-bullet"),
        pytest.param(lambda c: make_bold_paragraph(c, "x" * 101), id="long"),
        pytest.param(
            lambda c: c.intro.runs[0].__setattr__("bold", True) or make_bold_paragraph(c),
            id="followed-by-bold",
        ),
        pytest.param(
            lambda c: [
                make_bold_paragraph(c),
                c.intro.insert_paragraph_before("Our year", style="Heading 2"),
            ],
            id="followed-by-heading",
        ),
        pytest.param(
            lambda c: c.table.cell(1, 0).paragraphs[0].runs[0].__setattr__("bold", True), id="in-a-table"
        ),
        pytest.param(lambda c: c.intro.runs[0].__setattr__("bold", True), id="bold-sentence"),
        pytest.param(
            lambda c: [
                make_bold_paragraph(c, "Jane Smith"),
                c.intro.insert_paragraph_before(
                    "Independent Chair, Hertfordshire Safeguarding Children Board"
                ),
            ],
            id="signature",
        ),
    ],
)
def test_not_a_fake_heading(tmp_path: Path, change: Callable[[Clean], object]) -> None:
    c = clean()
    change(c)
    assert only(tmp_path, c) == set()


def test_image_without_alt_text(tmp_path: Path) -> None:
    c = clean()
    del c.picture.attrib["descr"]
    [finding] = audit_docx(save(c.doc, tmp_path))
    assert finding.code == "audit.image-alt-missing"
    assert finding.path[0] == "paragraph"
    assert "picture" in finding.message


def test_blank_alt_text_is_missing(tmp_path: Path) -> None:
    c = clean()
    c.picture.set("descr", "   ")
    assert only(tmp_path, c) == {"audit.image-alt-missing"}


def test_decorative_image_needs_no_alt_text(tmp_path: Path) -> None:
    c = clean()
    del c.picture.attrib["descr"]
    ext_list = etree.SubElement(c.picture, f"{{{A_NS}}}extLst")
    ext = etree.SubElement(ext_list, f"{{{A_NS}}}ext", uri="{C183D7F6-B498-43B3-948B-1728B52AA6E4}")
    etree.SubElement(ext, f"{{{DECORATIVE_NS}}}decorative", val="1")
    assert only(tmp_path, c) == set()


def vml_picture(alt: str | None) -> Any:
    alt_attr = f' alt="{alt}"' if alt is not None else ""
    xml = (
        '<w:r xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
        ' xmlns:v="urn:schemas-microsoft-com:vml"'
        ' xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
        f'<w:pict><v:shape id="Logo" style="width:40pt;height:40pt"{alt_attr}>'
        '<v:imagedata r:id="rId999"/></v:shape></w:pict></w:r>'
    )
    return etree.fromstring(xml)


@pytest.mark.parametrize(("alt", "expected"), [(None, {"audit.image-alt-missing"}), ("Board logo", set())])
def test_vml_image(tmp_path: Path, alt: str | None, expected: set[str]) -> None:
    c = clean()
    c.intro._p.append(vml_picture(alt))
    assert only(tmp_path, c) == expected


def test_header_image_without_alt_text(tmp_path: Path) -> None:
    c = clean()
    c.doc.sections[0].header.paragraphs[0].add_run().add_picture(png())
    [finding] = audit_docx(save(c.doc, tmp_path))
    assert finding.code == "audit.image-alt-missing"
    assert finding.path == ("header", 1)


def test_table_header_missing(tmp_path: Path) -> None:
    c = clean()
    c.table.rows[0]._tr.trPr.remove(c.table.rows[0]._tr.trPr.find(qn("w:tblHeader")))
    [finding] = audit_docx(save(c.doc, tmp_path))
    assert finding.code == "audit.table-header-missing"
    assert finding.path == ("table", 1)
    assert finding.message.startswith('table 1 ("Partner Contribution"): ')


def test_single_column_table_is_not_a_data_table(tmp_path: Path) -> None:
    c = clean()
    c.doc.add_table(rows=3, cols=1).cell(0, 0).text = "A note in a box"
    assert only(tmp_path, c) == set()


# Warnings -----------------------------------------------------------------


def test_merged_cells(tmp_path: Path) -> None:
    c = clean()
    c.table.cell(2, 0).merge(c.table.cell(2, 1))
    [finding] = audit_docx(save(c.doc, tmp_path))
    assert finding.code == "audit.merged-cells"
    assert finding.level is Level.WARNING
    assert finding.path == ("table", 1)


def test_vertically_merged_cells(tmp_path: Path) -> None:
    c = clean()
    c.table.cell(1, 0).merge(c.table.cell(2, 0))
    assert only(tmp_path, c) == {"audit.merged-cells"}


def test_empty_header_cell(tmp_path: Path) -> None:
    c = clean()
    c.table.cell(0, 0).text = ""
    [finding] = audit_docx(save(c.doc, tmp_path))
    assert finding.code == "audit.empty-header-cell"
    assert finding.path == ("table", 1, "row", 1, "cell", 1)


@pytest.mark.parametrize(
    "text", ["click here", "Here.", " Read more… ", "https://www.gov.uk/", "www.gov.uk", "LINK"]
)
def test_link_text(tmp_path: Path, text: str) -> None:
    c = clean()
    c.link_run.text = text
    assert only(tmp_path, c) == {"audit.link-text"}


def field_run(**children: str) -> Any:
    run = OxmlElement("w:r")
    for tag, value in children.items():
        child = OxmlElement(f"w:{tag}")
        if tag == "fldChar":
            child.set(qn("w:fldCharType"), value)
        else:
            child.text = value
            child.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
        run.append(child)
    return run


def test_link_text_in_a_hyperlink_field(tmp_path: Path) -> None:
    c = clean()
    paragraph = c.doc.add_paragraph("For the full figures ")
    for run in [
        field_run(fldChar="begin"),
        field_run(instrText=' HYPERLINK "https://example.org/figures" '),
        field_run(fldChar="separate"),
        field_run(t="click here"),
        field_run(fldChar="end"),
    ]:
        paragraph._p.append(run)
    assert only(tmp_path, c) == {"audit.link-text"}


def test_low_contrast_text(tmp_path: Path) -> None:
    c = clean()
    c.intro.runs[0].font.color.rgb = RGBColor(0xAA, 0xAA, 0xAA)
    [finding] = audit_docx(save(c.doc, tmp_path))
    assert finding.code == "audit.contrast"
    assert finding.path == ("paragraph", 3)
    assert "#AAAAAA on #FFFFFF" in finding.message


def test_contrast_is_reported_once_per_colour_and_paragraph(tmp_path: Path) -> None:
    c = clean()
    c.intro.runs[0].font.color.rgb = RGBColor(0xAA, 0xAA, 0xAA)
    c.intro.add_run(" More grey words.").font.color.rgb = RGBColor(0xAA, 0xAA, 0xAA)
    assert [f.code for f in audit_docx(save(c.doc, tmp_path))] == ["audit.contrast"]


@pytest.mark.parametrize(
    ("theme_colour", "tint", "expected"),
    [
        (MSO_THEME_COLOR.ACCENT_3, None, {"audit.contrast"}),  # 9BBB59
        (MSO_THEME_COLOR.TEXT_1, None, set()),  # dark 1, black
        (MSO_THEME_COLOR.BACKGROUND_1, None, {"audit.contrast"}),  # light 1: white on white
        (MSO_THEME_COLOR.TEXT_2, "66", {"audit.contrast"}),  # 1F497D lightened by 60%
        (MSO_THEME_COLOR.ACCENT_1, None, {"audit.contrast"}),  # 4F81BD is 4.0:1
    ],
)
def test_theme_colours_are_resolved(
    tmp_path: Path, theme_colour: MSO_THEME_COLOR, tint: str | None, expected: set[str]
) -> None:
    c = clean()
    c.intro.runs[0].font.color.theme_color = theme_colour
    if tint is not None:
        c.intro.runs[0]._r.rPr.find(qn("w:color")).set(qn("w:themeTint"), tint)
    assert only(tmp_path, c) == expected


def test_theme_shade_darkens(tmp_path: Path) -> None:
    c = clean()
    c.intro.runs[0].font.color.theme_color = MSO_THEME_COLOR.ACCENT_1
    c.intro.runs[0]._r.rPr.find(qn("w:color")).set(qn("w:themeShade"), "BF")
    assert only(tmp_path, c) == set()


def test_large_text_needs_only_3_to_1(tmp_path: Path) -> None:
    c = clean()
    run = c.intro.runs[0]
    run.font.color.rgb = RGBColor(0x80, 0x80, 0x80)  # 3.9:1
    run.font.size = Pt(18)
    assert only(tmp_path, c) == set()


def test_colour_from_paragraph_style(tmp_path: Path) -> None:
    c = clean()
    style = c.doc.styles.add_style("Faint", WD_STYLE_TYPE.PARAGRAPH)
    style.base_style = c.doc.styles["Normal"]
    style.font.color.rgb = RGBColor(0xBB, 0xBB, 0xBB)
    c.doc.add_paragraph("A faint aside.", style="Faint")
    assert only(tmp_path, c) == {"audit.contrast"}


def shade(cell_or_run_pr: Any, fill: str) -> None:
    shd = OxmlElement("w:shd")
    shd.set(qn("w:val"), "clear")
    shd.set(qn("w:color"), "auto")
    shd.set(qn("w:fill"), fill)
    cell_or_run_pr.append(shd)


@pytest.mark.parametrize(("text_colour", "expected"), [("1F1F1F", {"audit.contrast"}), ("FFFFFF", set())])
def test_cell_shading_is_the_background(tmp_path: Path, text_colour: str, expected: set[str]) -> None:
    c = clean()
    cell = c.table.cell(1, 1)
    shade(cell._tc.get_or_add_tcPr(), "1F3A60")
    cell.paragraphs[0].runs[0].font.color.rgb = RGBColor.from_string(text_colour)
    assert only(tmp_path, c) == expected


def test_run_shading_is_the_background(tmp_path: Path) -> None:
    c = clean()
    shade(c.intro.runs[0]._r.get_or_add_rPr(), "000000")
    assert only(tmp_path, c) == {"audit.contrast"}


def test_page_background(tmp_path: Path) -> None:
    c = clean()
    background = OxmlElement("w:background")
    background.set(qn("w:color"), "000000")
    c.doc.element.insert(0, background)
    findings = audit_docx(save(c.doc, tmp_path))
    # Every explicitly dark colour (title, headings, body text, link) is now dark on black.
    assert {f.code for f in findings} == {"audit.contrast"}
    assert ("paragraph", 3) in {f.path for f in findings}
    assert all("on #000000" in f.message for f in findings)


def test_table_style_shading_is_the_background(tmp_path: Path) -> None:
    c = clean()
    # The template's Medium Shading 1 Accent 1 fills the header row with 4F81BD
    # and writes white on it: 4.0:1.
    c.table.style = "Medium Shading 1 Accent 1"
    findings = audit_docx(save(c.doc, tmp_path))
    assert {f.code for f in findings} == {"audit.contrast"}
    assert all(f.path is not None and f.path[2:4] == ("row", 1) for f in findings)


# Unreadable files ---------------------------------------------------------


def unreadable(path: Path) -> Finding:
    with pytest.raises(LoadError) as raised:
        audit_docx(path, display="shown.docx")
    [finding] = raised.value.findings
    assert finding.code == "audit.unreadable"
    assert finding.level is Level.ERROR
    assert str(finding.location) == "shown.docx"
    return finding


def test_text_file_is_unreadable(tmp_path: Path) -> None:
    path = tmp_path / "notes.docx"
    path.write_text("Not a Word document.\n", encoding="utf-8")
    assert "not a zip archive" in unreadable(path).message


def test_zip_without_document_is_unreadable(tmp_path: Path) -> None:
    path = tmp_path / "empty.docx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("readme.txt", "hello")
    assert "word/document.xml" in unreadable(path).message


def test_broken_xml_is_unreadable(tmp_path: Path) -> None:
    good = save(clean().doc, tmp_path, "good.docx")
    path = tmp_path / "broken.docx"
    with zipfile.ZipFile(good) as source, zipfile.ZipFile(path, "w") as target:
        for item in source.infolist():
            data = source.read(item)
            target.writestr(item, data[:-20] if item.filename == "word/document.xml" else data)
    assert "not well-formed" in unreadable(path).message


def test_missing_file_is_unreadable(tmp_path: Path) -> None:
    unreadable(tmp_path / "nowhere.docx")
