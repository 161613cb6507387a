"""The web edition without a browser: escaping, structure, the page skeleton, outputs and their paths."""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path

import lxml.html
import pytest
from click.testing import CliRunner
from docx import Document
from hypothesis import given

from lscb_core import Section, SectionContext, hookimpl
from lscb_core._base.blocks import (
    Align,
    Block,
    BulletList,
    Cell,
    Column,
    Heading,
    Image,
    KeyFigure,
    KeyFigures,
    Link,
    Paragraph,
    Quote,
    Row,
    Table,
    Text,
    WordFragment,
)
from lscb_core._build.build import build_report, output_paths
from lscb_core._cli.main import main
from lscb_core._hooks.manager import make_plugin_manager
from lscb_core._render.document import default_template
from lscb_core._render.html import WebPage, WebSection, WebStyle, default_skeleton, render_web, theme_style

from .boardfactory import make_board
from .conftest import HERTFORDSHIRE
from .strategies import hostile_text

FRAGMENT = default_template().with_name("fragment.docx")


def _page(blocks: Sequence[Block], **values: object) -> lxml.html.HtmlElement:
    files = render_web(
        [WebSection(key="s", blocks=tuple(blocks))],
        page=WebPage(
            title="T",
            values={
                "board_name": "B",
                "report_title": "R",
                "period_long": "P",
                "edition_notice": "",
                "full_title": "F",
                **values,
            },
        ),
        style=WebStyle(),
        skeleton=default_skeleton(),
    )
    return lxml.html.fromstring(files["index.html"])


def _no_markup_from_data(root: lxml.html.HtmlElement) -> None:
    assert not root.xpath("//script | //iframe | //object | //embed | //style")
    for element in root.iter():
        for name in element.attrib:
            assert not name.lower().startswith("on"), name


@given(hostile_text)
def test_nothing_from_the_data_is_read_as_html(text: str) -> None:
    root = _page(
        [
            Heading(text or "x", 1),
            Paragraph(
                (Text(text), Link(text, "javascript:alert(1)"), Link(text, "https://example.org/?a=<b>"))
            ),
            Table(
                (Column(text), Column("n", Align.RIGHT)), (Row((Cell.of(text), Cell.of("1"))),), caption=text
            ),
            Quote((Paragraph((Text(text),)),), text or None),
            KeyFigures((KeyFigure(text, text),)),
            BulletList(((Paragraph((Text(text),)),),)),
        ],
        board_name=text,
    )
    _no_markup_from_data(root)
    hrefs = root.xpath("//main//a/@href")
    assert hrefs == ["https://example.org/?a=<b>"]
    shown = root.xpath("string(//p[@class='cover-board'])")
    cleaned = re.sub("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff\ufffe\uffff]", "", text)
    assert shown.split() == cleaned.split()


def test_tables_have_captions_header_cells_with_scope_and_a_named_focusable_region() -> None:
    table = Table(
        (Column("Course"), Column("Attendees", Align.RIGHT)),
        (Row((Cell.of("Neglect"), Cell.of("c"))), Row((Cell.of("Total"), Cell.of("20")), total=True)),
        caption="Courses run",
        notes=("c: a count from 1 to 5 is not shown",),
    )
    root = _page([Heading("Training", 1), table])
    region = root.xpath("//div[@class='table-scroll']")[0]
    assert region.get("role") == "region"
    assert region.get("tabindex") == "0"
    caption = root.xpath("//caption")[0]
    assert region.get("aria-labelledby") == caption.get("id")
    assert caption.text == "Courses run"
    assert root.xpath("//thead/tr/th/@scope") == ["col", "col"]
    assert root.xpath("//tbody/tr/th/@scope") == ["row", "row"]
    notes = root.xpath("//table/@aria-describedby")[0]
    assert root.xpath(f"string(//*[@id='{notes}'])") == "c: a count from 1 to 5 is not shown"
    assert root.xpath("//tr[@class='total']")


def test_headings_nest_without_skipping_and_every_one_is_in_the_contents() -> None:
    root = _page([Heading("One", 1), Heading("Deep", 4), Heading("Two", 1), Heading("Two", 1)])
    assert [(h.tag, h.text) for h in root.xpath("//main//*[self::h2 or self::h3 or self::h4]")] == [
        ("h2", "One"),
        ("h3", "Deep"),
        ("h2", "Two"),
        ("h2", "Two"),
    ]
    ids = root.xpath("//main//*[self::h2 or self::h3]/@id")
    assert len(set(ids)) == 4
    assert root.xpath("//nav[@class='contents']//a/@href") == [f"#{i}" for i in ids]
    assert root.xpath("//a[@class='skip-link']/@href") == ["#main"]
    assert root.get("lang") == "en-GB"


def test_pictures_are_files_beside_the_page_with_their_alternative_text() -> None:
    from lscb_core._render.structure_chart import OrgUnit, structure_chart

    chart = structure_chart([OrgUnit("b", "The Board", None, "Board", strong=True)])
    assert chart is not None
    files = render_web(
        [WebSection(key="s", blocks=(Image(chart.data, "A chart of the groups"),))],
        page=WebPage(
            title="T",
            values={
                "board_name": "B",
                "report_title": "R",
                "period_long": "P",
                "edition_notice": "",
                "full_title": "F",
            },
        ),
        style=WebStyle(),
        skeleton=default_skeleton(),
    )
    root = lxml.html.fromstring(files["index.html"])
    [image] = root.xpath("//figure/img")
    assert image.get("alt") == "A chart of the groups"
    assert image.get("src") in files


def test_the_stylesheet_uses_the_theme_and_fetches_nothing() -> None:
    style = theme_style(default_template())
    assert style.accent == "1D4F76"
    assert style.font == "Arial"
    css = render_web(
        [],
        page=WebPage(
            title="T",
            values={
                "board_name": "",
                "report_title": "",
                "period_long": "",
                "edition_notice": "",
                "full_title": "",
            },
        ),
        style=theme_style(None, accent="FFCC00", font="Georgia"),
        skeleton=default_skeleton(),
    )["style.css"].decode()
    assert "@font-face" not in css
    assert "url(" not in css
    assert "@import" not in css
    assert '--font: "Georgia"' in css
    # A pale accent is darkened until text in it can be read on white.
    accent = re.search(r"--accent: #([0-9a-f]{6})", css)
    assert accent is not None
    from lscb_core._base.colours import contrast_ratio

    assert contrast_ratio(accent.group(1), "FFFFFF") >= 4.5


def test_the_hertfordshire_web_edition(tmp_path: Path) -> None:
    target = tmp_path / "report"
    result = build_report(HERTFORDSHIRE, output=target, outputs=("docx", "html"))
    assert result.ok, [str(f) for f in result.errors]
    assert result.output == tmp_path / "report.docx"
    assert result.html == tmp_path / "report-html"
    root = lxml.html.parse(str(result.html / "index.html")).getroot()
    _no_markup_from_data(root)
    assert root.xpath("string(//title)") == result.loaded.report.full_title  # type: ignore[union-attr]
    docx_headings = [
        p.text for p in Document(str(result.output)).paragraphs if p.style and p.style.name == "Heading 1"
    ]
    assert root.xpath("//main/section/h2/text()") == docx_headings
    for image in root.xpath("//img"):
        assert image.get("alt")
        assert (result.html / image.get("src")).is_file()
    assert "£331,724" in root.text_content()
    assert not list(tmp_path.glob(".*")), "no staging folder is left behind"


def test_suppressed_counts_are_hidden_in_the_public_web_edition_too(tmp_path: Path) -> None:
    board = make_board(
        tmp_path / "b",
        {
            "cdop.yaml": (
                "reviews_stated: 12\nmodifiable_stated: 1\ncategories_stated:\n"
                "  - {category: perinatal-or-neonatal-event, reviews: 3}\n"
                "  - {category: chromosomal-genetic-and-congenital-anomalies, reviews: 9}\n"
            )
        },
    )
    result = build_report(board, output=tmp_path / "web", outputs=("html",))
    assert result.ok, [str(f) for f in result.errors]
    text = (tmp_path / "web" / "index.html").read_text()
    assert "Perinatal" in text
    assert "a count from 1 to 5 is not shown" in text


class _FragmentPlugin:
    def __init__(self, html: Sequence[Block] | None) -> None:
        self.html = html

    @hookimpl
    def lscb_sections(self) -> Sequence[Section]:
        return [Section("local", "Local work", 105, self.build)]

    def build(self, context: SectionContext) -> list[Block]:
        return [WordFragment(FRAGMENT, {"title": "Ours", "text": "Our work."}, html=self.html)]


def test_a_word_fragment_without_an_html_form_stops_the_web_edition_naming_plugin_and_section(
    tmp_path: Path,
) -> None:
    pm = make_plugin_manager()
    pm.register(_FragmentPlugin(None), name="localwork")
    board = make_board(tmp_path / "b")
    result = build_report(board, output=tmp_path / "r", outputs=("docx", "html"), pm=pm)
    assert not result.ok
    [error] = result.errors
    assert error.code == "build.web-fragment"
    assert "the plugin 'localwork'" in error.message
    assert "section 'local'" in error.message
    assert list(tmp_path.iterdir()) == [tmp_path / "b"], "nothing is written"
    # The Word document alone is still fine.
    assert build_report(board, output=tmp_path / "r.docx", pm=pm).ok


def test_a_word_fragment_shows_its_html_form_in_the_web_edition(tmp_path: Path) -> None:
    pm = make_plugin_manager()
    pm.register(_FragmentPlugin([Paragraph((Text("Our work, on the web."),))]), name="localwork")
    result = build_report(make_board(tmp_path / "b"), output=tmp_path / "web", outputs=("html",), pm=pm)
    assert result.ok, [str(f) for f in result.errors]
    assert "Our work, on the web." in (tmp_path / "web" / "index.html").read_text()


def test_a_board_can_replace_the_page_skeleton(tmp_path: Path) -> None:
    board = make_board(
        tmp_path / "b",
        {
            "settings.yaml": "web: {template: page.html.j2, accent: '005A30'}\n",
            "../page.html.j2": (
                '<!DOCTYPE html><html lang="{{ lang }}"><head><title>{{ title }}</title>'
                '<link rel="stylesheet" href="{{ stylesheet }}"></head><body><header>Our own cover: {{ board.name }}'
                "</header><nav>{{ contents }}</nav><main id=main>{{ body }}</main></body></html>"
            ),
        },
    )
    result = build_report(board, output=tmp_path / "web", outputs=("html",))
    assert result.ok, [str(f) for f in result.errors]
    assert "Our own cover: Testshire" in (tmp_path / "web" / "index.html").read_text()
    assert "--accent: #005a30" in (tmp_path / "web" / "style.css").read_text()


def test_a_skeleton_cannot_include_files_and_errors_are_located(tmp_path: Path) -> None:
    board = make_board(
        tmp_path / "b",
        {
            "settings.yaml": "web: {template: page.html.j2}\n",
            "../page.html.j2": "line one\n{% include 'board.yaml' %}\n",
        },
    )
    result = build_report(board, output=tmp_path / "web", outputs=("html",))
    assert not result.ok
    assert str(result.errors[0]) == (
        f"{board}/page.html.j2:2: error: the page skeleton failed: "
        "a page skeleton cannot include or import other files [build.web]"
    )


def test_a_pale_accent_colour_is_a_located_error(tmp_path: Path) -> None:
    board = make_board(tmp_path / "b", {"settings.yaml": "web:\n  accent: FFDD00\n"})
    result = build_report(board, output=tmp_path / "web", outputs=("html",))
    assert not result.ok
    [error] = result.errors
    assert "settings.yaml:2:" in str(error.location)
    assert "contrast of 1.3:1 on white" in error.message


def test_output_paths() -> None:
    assert output_paths(Path("out/r.docx"), ("docx",)) == {"docx": Path("out/r.docx")}
    assert output_paths(Path("out/r"), ("html",)) == {"html": Path("out/r")}
    assert output_paths(Path("out/r.docx"), ("docx", "html", "pdf")) == {
        "docx": Path("out/r.docx"),
        "html": Path("out/r-html"),
        "pdf": Path("out/r.pdf"),
    }


def test_the_web_folder_is_replaced_whole(tmp_path: Path) -> None:
    target = tmp_path / "web"
    target.mkdir()
    (target / "stale.html").write_text("old")
    assert build_report(make_board(tmp_path / "b"), output=target, outputs=("html",)).ok
    assert not (target / "stale.html").exists()
    assert (target / "index.html").is_file()
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


def test_lscb_build_to_several_outputs_names_a_stem(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        main, ["build", str(make_board(tmp_path / "b")), "--to", "docx,html", "-o", str(tmp_path / "r"), "-q"]
    )
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    assert f"Wrote {tmp_path / 'r.docx'}" in result.stderr
    assert f"Wrote {tmp_path / 'r-html'}" in result.stderr
    assert (tmp_path / "r-html" / "index.html").is_file()


def test_lscb_build_writes_one_file_to_standard_output(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["build", str(make_board(tmp_path / "b")), "-o", "-", "-q"])
    assert result.exit_code == 0, result.stderr
    assert result.stdout_bytes[:2] == b"PK"
    assert "Wrote" not in result.stderr


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--to", "html", "-o", "-"], "-o - writes one file to standard output"),
        (["--to", "docx,pdf", "-o", "-"], "-o - writes one file to standard output"),
        (["--to", "docx,epub"], "epub is not an output"),
    ],
)
def test_lscb_build_refuses_impossible_outputs(tmp_path: Path, args: list[str], message: str) -> None:
    result = CliRunner().invoke(main, ["build", str(tmp_path), *args])
    assert result.exit_code == 2
    assert message in result.output


def test_a_fixed_hostile_board_as_a_web_page(tmp_path: Path) -> None:
    """Every nasty string of the fuzz tests' hostile board, in the web edition: shown as text, never run."""
    from .strategies import XML_SPECIALS
    from .test_fuzz import _PM, EVALUATED, NASTY, nasty_report, write_board

    write_board(nasty_report(), tmp_path / "board")
    result = build_report(
        tmp_path / "board", output=tmp_path / "web", outputs=("html",), pm=_PM, audit_gate=False
    )
    assert result.ok, [str(f) for f in result.errors]
    root = lxml.html.parse(str(tmp_path / "web" / "index.html")).getroot()
    _no_markup_from_data(root)
    text = root.text_content()
    assert EVALUATED not in text, "something in the data was run as a template"
    for special in XML_SPECIALS:
        if special in NASTY and special.strip():
            assert special in text, special
    assert not [
        href
        for href in root.xpath("//a/@href")
        if not href.startswith(("#", "http://", "https://", "mailto:"))
    ]
