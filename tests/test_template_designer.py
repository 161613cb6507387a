"""For template designers: ``lscb template check``, refused templates, and a house style that follows the theme."""

from __future__ import annotations

import io
import json
import re
import shutil
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner
from lxml import etree
from PIL import Image

from lscb_core._base import styles
from lscb_core._base.findings import LoadError
from lscb_core._base.namespaces import A, W
from lscb_core._build.build import BuildResult, build_report
from lscb_core._cli.main import main
from lscb_core._loading.package_clean import load_template
from lscb_core._loading.template_check import check_template
from lscb_core._loading.template_theme import chart_style
from lscb_core._render.structure_chart import ChartStyle, OrgUnit, structure_chart

from .conftest import BOARDS, ROOT

DEFAULT = ROOT / "templates" / "default" / "report.docx"
PARTNERSHIP = BOARDS / "partnership"

NEW_ACCENT = "7A1F5C"  # plum: 9.6:1 on white
NEW_TEXT = "2B2B2B"
HEADING_FONT = "DejaVu Serif"
BODY_FONT = "DejaVu Sans"

NS = {"w": W, "a": A}


def _edited(data: bytes, part: str, edit: Callable[[bytes], bytes]) -> bytes:
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for info in source.infolist():
            blob = source.read(info.filename)
            target.writestr(info, edit(blob) if info.filename == part else blob)
    return out.getvalue()


def without_style(style_id: str, data: bytes | None = None) -> bytes:
    def drop(xml: bytes) -> bytes:
        pattern = rb'<w:style [^>]*w:styleId="' + style_id.encode() + rb'".*?</w:style>'
        edited, count = re.subn(pattern, b"", xml, flags=re.DOTALL)
        assert count == 1
        return edited

    return _edited(data or DEFAULT.read_bytes(), "word/styles.xml", drop)


def without_text(text: str) -> bytes:
    def drop(xml: bytes) -> bytes:
        assert text.encode() in xml
        return xml.replace(text.encode(), b"")

    return _edited(DEFAULT.read_bytes(), "word/document.xml", drop)


def rethemed(data: bytes | None = None) -> bytes:
    """The default template with a new colour set and new fonts in its theme only, as Word's Design tab gives."""

    def edit(xml: bytes) -> bytes:
        root = etree.fromstring(xml)
        for slot, colour in (("accent1", NEW_ACCENT), ("hlink", NEW_ACCENT), ("dk1", NEW_TEXT)):
            holder = root.find(f".//a:clrScheme/a:{slot}", NS)
            assert holder is not None
            holder[:] = [etree.Element(f"{{{A}}}srgbClr", val=colour)]
        for kind, font in (("major", HEADING_FONT), ("minor", BODY_FONT)):
            latin = root.find(f".//a:fontScheme/a:{kind}Font/a:latin", NS)
            assert latin is not None
            latin.set("typeface", font)
        return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)

    return _edited(data or DEFAULT.read_bytes(), "word/theme/theme1.xml", edit)


def _board_with(tmp_path: Path, template: bytes, source: Path = PARTNERSHIP) -> Path:
    board = tmp_path / source.name
    shutil.copytree(source, board)
    (board / "house.docx").write_bytes(template)
    (board / "settings.yaml").write_text(
        "# the board's own house style\ntemplate: house.docx\n", encoding="utf-8"
    )
    return board


def _check(data: bytes, tmp_path: Path, *args: str) -> tuple[int, str]:
    path = tmp_path / "house.docx"
    path.write_bytes(data)
    result = CliRunner().invoke(main, ["template", "check", str(path), *args])
    return result.exit_code, result.stdout + result.stderr


# --- required styles and placeholders ---------------------------------------------------------


def test_the_default_template_passes_the_check(tmp_path: Path) -> None:
    assert check_template(DEFAULT.read_bytes(), "report.docx") == []
    path = tmp_path / "report.docx"
    path.write_bytes(DEFAULT.read_bytes())
    result = CliRunner().invoke(main, ["template", "check", str(path), "--format", "json"])
    assert result.exit_code == 0
    assert json.loads(result.stdout) == {"template": str(path), "ok": True, "findings": []}


@pytest.mark.parametrize("style", styles.RENDERER_STYLES, ids=lambda s: s.id)
def test_a_template_missing_a_required_style_is_named(style: styles.Style, tmp_path: Path) -> None:
    data = without_style(style.id)
    code, out = _check(data, tmp_path)
    assert code == 1
    assert f'no style "{style.shown}" (style id {style.id}' in out
    assert "[template.missing-style]" in out
    # What lscb build does with the board's template.
    board = _board_with(tmp_path, data)
    with pytest.raises(LoadError) as raised:
        load_template("house.docx", board)
    assert any(
        f'"{style.shown}"' in f.message and f.code == "template.missing-style" for f in raised.value.findings
    )


def test_lscb_build_refuses_the_template_at_the_settings_line(tmp_path: Path) -> None:
    board = _board_with(tmp_path, without_style(styles.heading(3).id))
    out = tmp_path / "report.docx"
    result = CliRunner().invoke(main, ["build", str(board), "-o", str(out)])
    assert result.exit_code == 1
    assert re.search(
        r'settings\.yaml:2:\d+: error: the template .*house\.docx cannot be used: the template has no style "Heading 3"',
        result.stderr,
    ), result.stderr
    assert not out.exists()


@pytest.mark.parametrize(("name", "placeholder"), [("body", "{{p body }}"), ("contents", "{{p contents }}")])
def test_a_template_missing_a_placeholder_is_named(name: str, placeholder: str, tmp_path: Path) -> None:
    data = without_text(placeholder)
    code, out = _check(data, tmp_path)
    assert code == 1
    assert f"no {placeholder} paragraph" in out
    with pytest.raises(LoadError) as raised:
        load_template("house.docx", _board_with(tmp_path, data))
    assert [f.code for f in raised.value.findings] == ["template.missing-placeholder"]


def test_a_placeholder_must_be_alone_in_its_paragraph(tmp_path: Path) -> None:
    def edit(xml: bytes) -> bytes:
        return xml.replace(b"{{p contents }}", b"Here: {{p contents }}")

    code, out = _check(_edited(DEFAULT.read_bytes(), "word/document.xml", edit), tmp_path)
    assert code == 1
    assert "{{p contents }} must be alone in its paragraph" in out


def test_a_list_style_without_its_numbering_is_named(tmp_path: Path) -> None:
    def edit(xml: bytes) -> bytes:
        return re.sub(rb'<w:num w:numId="1">.*?</w:num>', b"", xml, flags=re.DOTALL)

    code, out = _check(_edited(DEFAULT.read_bytes(), "word/numbering.xml", edit), tmp_path)
    assert code == 1
    assert 'no list numbering 1 for "List Bullet"' in out


def test_risky_content_is_reported_by_the_check(tmp_path: Path) -> None:
    def edit(xml: bytes) -> bytes:
        field = (
            b'<w:p><w:r><w:fldChar w:fldCharType="begin"/></w:r>'
            b'<w:r><w:instrText xml:space="preserve"> INCLUDETEXT "http://example.org/x.docx" </w:instrText></w:r>'
            b'<w:r><w:fldChar w:fldCharType="end"/></w:r></w:p>'
        )
        return xml.replace(b"<w:sectPr", field + b"<w:sectPr", 1)

    code, out = _check(_edited(DEFAULT.read_bytes(), "word/document.xml", edit), tmp_path)
    assert code == 1
    assert "[template.remote-field]" in out


# --- contrast, once per style ------------------------------------------------------------------


def _unshaded_header_row(xml: bytes) -> bytes:
    """The header row loses its shading: white Table Heading text on white, in every table."""
    edited, count = re.subn(
        rb'(<w:tblStylePr w:type="firstRow">.*?)<w:tcPr>.*?</w:tcPr>', rb"\1", xml, count=1, flags=re.DOTALL
    )
    assert count == 1
    return edited


def test_contrast_is_reported_once_per_style(tmp_path: Path) -> None:
    findings = check_template(
        _edited(DEFAULT.read_bytes(), "word/styles.xml", _unshaded_header_row), "house.docx"
    )
    contrast = [f for f in findings if f.code == "template.contrast"]
    assert len(contrast) == 1, [str(f) for f in contrast]
    assert 'the style "Table Heading" in the header row of "lscb Table"' in contrast[0].message
    assert "#FFFFFF on #FFFFFF" in contrast[0].message


def test_a_build_reports_the_template_contrast_once_not_per_cell(tmp_path: Path) -> None:
    board = _board_with(tmp_path, _edited(DEFAULT.read_bytes(), "word/styles.xml", _unshaded_header_row))
    result = build_report(board, output=tmp_path / "report.docx")
    assert result.ok, [str(f) for f in result.errors]
    contrast = [f for f in result.findings if "contrast" in f.code]
    assert [f.code for f in contrast] == ["template.contrast"], [str(f) for f in contrast]
    assert re.search(
        r'"Table Heading" in the header row .* \(\d+ places in the report\)', contrast[0].message
    )


def test_faint_heading_colour_is_reported_once(tmp_path: Path) -> None:
    def edit(xml: bytes) -> bytes:
        return xml.replace(b'<a:srgbClr val="1D4F76"/>', b'<a:srgbClr val="C8D8E4"/>')

    # The theme's pale accent reaches every heading; each style is named once.
    findings = check_template(_edited(DEFAULT.read_bytes(), "word/theme/theme1.xml", edit), "house.docx")
    named = [re.search(r'the style "([^"]+)"', f.message) for f in findings if f.code == "template.contrast"]
    names = [m.group(1) for m in named if m]
    assert "Heading 1" in names
    assert len(names) == len(set(names))


# --- the house style follows the theme ----------------------------------------------------------


def _styles_of(data: bytes) -> etree._Element:
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        return etree.fromstring(package.read("word/styles.xml"))


def _numbering_of(data: bytes) -> etree._Element:
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        return etree.fromstring(package.read("word/numbering.xml"))


def _style(root: etree._Element, style_id: str) -> etree._Element:
    found = root.find(f"w:style[@w:styleId='{style_id}']", NS)
    assert found is not None, style_id
    return found


def _w(element: etree._Element, local: str) -> str | None:
    return element.get(f"{{{W}}}{local}")


def test_the_default_styles_name_the_theme_colours_and_fonts() -> None:
    root = _styles_of(DEFAULT.read_bytes())
    for level in range(1, 7):
        fonts = _style(root, f"Heading{level}").find("w:rPr/w:rFonts", NS)
        assert fonts is not None
        assert _w(fonts, "asciiTheme") == "majorHAnsi"
    colour = _style(root, "Heading1").find("w:rPr/w:color", NS)
    assert colour is not None
    assert (_w(colour, "themeColor"), _w(colour, "val")) == ("accent1", "1D4F76")
    shading = _style(root, styles.TABLE.id).find("w:tblStylePr[@w:type='firstRow']/w:tcPr/w:shd", NS)
    assert shading is not None
    assert _w(shading, "themeFill") == "accent1"
    defaults = root.find("w:docDefaults/w:rPrDefault/w:rPr/w:rFonts", NS)
    assert defaults is not None
    assert _w(defaults, "asciiTheme") == "minorHAnsi"
    # Numbering takes its font from the paragraph, and bullets their colour from the theme.
    numbering = _numbering_of(DEFAULT.read_bytes())
    assert numbering.find(".//w:lvl/w:rPr/w:rFonts", NS) is None
    for colour in numbering.iterfind(".//w:lvl/w:rPr/w:color", NS):
        assert _w(colour, "themeColor") is not None


def test_the_default_template_is_in_step_with_its_theme() -> None:
    from lscb_core._loading.theme_sync import sync_theme

    # lscb uses its own template as generated, without copying the theme's values again.
    data = DEFAULT.read_bytes()
    assert sync_theme(data) is data
    assert sync_theme(rethemed()) != rethemed()


@pytest.fixture(scope="module")
def rethemed_build(tmp_path_factory: pytest.TempPathFactory) -> tuple[BuildResult, bytes]:
    tmp_path = tmp_path_factory.mktemp("rethemed")
    board = _board_with(tmp_path, rethemed())
    out = tmp_path / "report.docx"
    result = build_report(board, output=out)
    assert result.ok, [str(f) for f in result.errors]
    return result, out.read_bytes()


def test_a_new_theme_changes_headings_tables_and_bullets(rethemed_build: tuple[BuildResult, bytes]) -> None:
    _result, data = rethemed_build
    root = _styles_of(data)
    for level in (1, 2, 3):
        rpr = _style(root, f"Heading{level}").find("w:rPr", NS)
        assert rpr is not None
        colour, fonts = rpr.find("w:color", NS), rpr.find("w:rFonts", NS)
        # Word reads the theme slot; LibreOffice the value beside it, which now agrees.
        assert colour is not None
        assert _w(colour, "val") == NEW_ACCENT
        assert fonts is not None
        assert (_w(fonts, "ascii"), _w(fonts, "hAnsi")) == (HEADING_FONT, HEADING_FONT)
    header = _style(root, styles.TABLE.id).find("w:tblStylePr[@w:type='firstRow']/w:tcPr/w:shd", NS)
    assert header is not None
    assert _w(header, "fill") == NEW_ACCENT
    normal = _style(root, "Normal").find("w:rPr/w:color", NS)
    assert normal is not None
    assert _w(normal, "val") == NEW_TEXT
    body = root.find("w:docDefaults/w:rPrDefault/w:rPr/w:rFonts", NS)
    assert body is not None
    assert _w(body, "ascii") == BODY_FONT
    bullet = _numbering_of(data).find("w:abstractNum[@w:abstractNumId='0']/w:lvl/w:rPr/w:color", NS)
    assert bullet is not None
    assert _w(bullet, "val") == NEW_ACCENT


def _chart_pixels(data: bytes) -> Image.Image:
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        pictures = [n for n in package.namelist() if n.startswith("word/media/") and n.endswith(".png")]
        charts = [Image.open(io.BytesIO(package.read(n))).convert("RGB") for n in pictures]
    # The structure chart is the widest picture lscb draws.
    return max(charts, key=lambda picture: picture.width)


def _has_colour(picture: Image.Image, colour: str) -> int:
    wanted = tuple(int(colour[i : i + 2], 16) for i in (0, 2, 4))
    counts = picture.getcolors(maxcolors=1 << 20) or []
    return sum(n for n, rgb in counts if rgb == wanted)


def test_a_new_theme_changes_the_structure_chart(rethemed_build: tuple[BuildResult, bytes]) -> None:
    chart = _chart_pixels(rethemed_build[1])
    assert _has_colour(chart, NEW_ACCENT) > 1000
    assert _has_colour(chart, "1D4F76") == 0


def test_the_chart_reads_the_theme_colours_and_fonts() -> None:
    style = chart_style(rethemed())
    assert style == ChartStyle(
        accent=NEW_ACCENT, text=NEW_TEXT, body_font=BODY_FONT, heading_font=HEADING_FONT
    )
    assert chart_style(DEFAULT.read_bytes()) == ChartStyle(
        accent="1D4F76", text="1A1A1A", body_font="Arial", heading_font="Arial"
    )
    units = [
        OrgUnit("b", "The Board", None, "Board", strong=True),
        OrgUnit("s", "A sub-group", "b", "Sub-group"),
    ]

    def pixels(chart_style: ChartStyle) -> bytes:
        block = structure_chart(units, style=chart_style)
        assert block is not None
        return Image.open(io.BytesIO(block.data)).convert("RGB").tobytes()

    plain = pixels(ChartStyle(body_font=None, heading_font=None))
    # Another font (where the machine has it) draws other letters; a font it lacks falls back to Pillow's.
    assert pixels(ChartStyle(body_font="No Such Font 123")) == plain
    from lscb_core._render.structure_chart import _font_file

    if _font_file(BODY_FONT) is not None:
        assert pixels(ChartStyle(body_font=BODY_FONT)) != plain


@pytest.mark.libreoffice
def test_libreoffice_shows_the_new_theme_in_the_headings(rethemed_build: tuple[BuildResult, bytes]) -> None:
    from pypdf import PdfReader

    from lscb_core._render.pdf import convert_to_pdf

    from .test_libreoffice import require_libreoffice

    require_libreoffice()
    pdf = convert_to_pdf(rethemed_build[1])
    reader = PdfReader(io.BytesIO(pdf))
    fonts: set[str] = set()
    colours = ""
    for page in reader.pages[:6]:
        resources = page.get("/Resources") or {}
        for font in (resources.get("/Font") or {}).values():
            fonts.add(str(font.get_object().get("/BaseFont")))
        contents = page.get_contents()
        colours += contents.get_data().decode("latin-1") if contents is not None else ""
    assert any("DejaVuSerif" in name for name in fonts), fonts
    wanted = [int(NEW_ACCENT[i : i + 2], 16) / 255 for i in (0, 2, 4)]
    fills = [[float(x) for x in m] for m in re.findall(r"([\d.]+) ([\d.]+) ([\d.]+) rg", colours)]
    assert any(all(abs(a - b) < 0.005 for a, b in zip(fill, wanted, strict=True)) for fill in fills), (
        "the headings are not in the theme's new accent colour"
    )
