"""Build the default house-style templates ``templates/default/report.docx`` and ``fragment.docx``.

Run ``.venv/bin/python templates/build_default.py`` from the repository root.
The output is byte-for-byte reproducible, so the committed ``.docx`` files can
be checked against a fresh build (``tests/test_template.py`` does exactly that).

The script starts from python-docx's blank document, which gives a valid
package, a theme and Word's latent style table, and then replaces the parts that
carry the house style (styles, numbering, settings, theme fonts and colours)
with XML written here. Everything a board's renderer depends on is named in
``docs/templates/contract.md``.
"""

from __future__ import annotations

import functools
import io
import zipfile
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Final

import docx
from docx.document import Document as DocxDocument
from docx.enum.section import WD_ORIENT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, nsmap, qn
from docx.shared import Twips
from lxml import etree

from lscb_core._accessibility.colour import contrast_ratio
from lscb_core._base import styles
from lscb_core._base.namespaces import CORE_PROPERTIES, A, W

__all__ = [
    "ACCENT",
    "COLOUR_PAIRS",
    "NOTICE_RED",
    "TEXT",
    "TINT",
    "build",
    "contrast_ratio",
    "main",
]

# docxcompose, when something imported it first, rebinds python-docx's "cp" prefix;
# the core properties below must be written in their own namespace.
nsmap["cp"] = CORE_PROPERTIES

# --- Colours ----------------------------------------------------------------
# Contrast ratios are WCAG 2.x figures; the build refuses to run if any pair
# that carries text drops below 4.5:1 (AA for normal-size text).
TEXT: Final = "1A1A1A"  # near-black body text: 17.4:1 on white, 15.0:1 on TINT
ACCENT: Final = "1D4F76"  # dark blue for headings, header rows, links: 8.6:1 on white
TINT: Final = "E8F2F9"  # ACCENT tinted to 8% (themeTint 14): total rows; ACCENT on it is 7.6:1
NOTICE_RED: Final = "8B0000"  # board-only edition notices: 10.0:1 on white
WHITE: Final = "FFFFFF"
# Chart series take the theme's accents in order; each has at least 4.5:1 on white, more
# than the 3:1 graphical objects need, and the first two differ in lightness as well as hue.
CHART_ACCENTS: Final = (ACCENT, "B3412E", "2D6A35", "6B4C9A", "8A5A00", "0F6C7A")
# Table rules are decoration, not information (the header row's shading carries
# the structure), so their 1.8:1 is not held to the 3:1 non-text threshold.
RULE_GREY: Final = "BFBFBF"
FONT: Final = "Arial"  # the theme's major (headings) and minor (body) font

# --- Theme references ------------------------------------------------------------
# Every colour above but the notice red is a theme colour, so that a new colour
# set (Word: Design > Colours) restyles the report: the styles name the theme
# slot (w:themeColor, w:themeFill, with a tint or shade) and keep the value it
# gives as w:val / w:fill, which LibreOffice 7.4 uses (it ignores the slot).
# lscb copies the slot's value from the template's theme into w:val on every
# build, so the two never disagree.
THEMED: Final[dict[str, tuple[str, str | None, str | None]]] = {
    TEXT: ("text1", None, None),  # dk1 in the theme
    ACCENT: ("accent1", None, None),
    WHITE: ("background1", None, None),  # lt1
    TINT: ("accent1", "14", None),
    RULE_GREY: ("background1", None, "BF"),
}
# Headings take the theme's major font and everything else its minor font
# (Word: Design > Fonts); w:ascii and w:hAnsi are the fallback LibreOffice shows.
HEADING_FONTS: Final = (
    f'<w:rFonts w:ascii="{FONT}" w:hAnsi="{FONT}" w:asciiTheme="majorHAnsi" w:hAnsiTheme="majorHAnsi"/>'
)
COLOUR_PAIRS: Final[tuple[tuple[str, str, str], ...]] = (
    ("body text on white", TEXT, WHITE),
    ("body text on tint", TEXT, TINT),
    ("headings and links on white", ACCENT, WHITE),
    ("accent text on tint", ACCENT, TINT),
    ("white text on accent (cover band, header row)", WHITE, ACCENT),
    ("notice text on white", NOTICE_RED, WHITE),
)
MIN_CONTRAST: Final = 4.5

# --- Page geometry (twentieths of a point) -----------------------------------
A4_WIDTH: Final = 11906
A4_HEIGHT: Final = 16838
MARGIN: Final = 1417  # 2.5 cm
HEADER_FOOTER_DISTANCE: Final = 709  # 1.25 cm
TEXT_WIDTH: Final = A4_WIDTH - 2 * MARGIN  # right tab stops sit exactly on the margin
LIST_INDENT: Final = 357  # 0.63 cm per list level, Word's own default step

# --- Numbering ids (the renderer refers to these) -----------------------------
BULLET_ABSTRACT_ID: Final = 0
DECIMAL_ABSTRACT_ID: Final = 1
BULLET_NUM_ID: Final = 1
DECIMAL_NUM_ID: Final = 2

FIXED_TIME: Final = datetime(2000, 1, 1, tzinfo=UTC)
ZIP_TIME: Final = (1980, 1, 1, 0, 0, 0)

STYLES_WITH_EFFECTS: Final = "http://schemas.microsoft.com/office/2007/relationships/stylesWithEffects"


def _check_contrast() -> None:
    pairs = [*COLOUR_PAIRS, *((f"chart series {i}", c, WHITE) for i, c in enumerate(CHART_ACCENTS, start=1))]
    for purpose, foreground, background in pairs:
        ratio = contrast_ratio(foreground, background)
        if ratio < MIN_CONTRAST:
            raise ValueError(f"{purpose}: #{foreground} on #{background} is only {ratio:.2f}:1")


# --- Small XML builders ----------------------------------------------------------
def _size(points: float) -> str:
    half_points = round(points * 2)
    return f'<w:sz w:val="{half_points}"/><w:szCs w:val="{half_points}"/>'


def _theme_attributes(colour: str, prefix: str = "theme", *, slot: str | None = None) -> str:
    """``w:themeColor`` (or ``w:themeFill``) with its tint and shade, for a colour of the theme."""
    themed = THEMED.get(colour)
    if slot is not None:
        themed = (slot, None, None)
    if themed is None:
        return ""
    name, tint, shade = themed
    kind = "Fill" if prefix == "themeFill" else ""
    out = f' w:{prefix}{"" if kind else "Color"}="{name}"'
    if tint:
        out += f' w:theme{kind}Tint="{tint}"'
    if shade:
        out += f' w:theme{kind}Shade="{shade}"'
    return out


def _colour(colour: str, *, slot: str | None = None) -> str:
    return f'<w:color w:val="{colour}"{_theme_attributes(colour, slot=slot)}/>'


def _spacing(before: int, after: int, line: int = 276) -> str:
    """Spacing in twentieths of a point; ``line`` is in 240ths of a line (276 = 1.15)."""
    return f'<w:spacing w:before="{before}" w:after="{after}" w:line="{line}" w:lineRule="auto"/>'


def _border(side: str, colour: str, eighths: int, space: int) -> str:
    return (
        f'<w:{side} w:val="single" w:sz="{eighths}" w:space="{space}" w:color="{colour}"'
        f"{_theme_attributes(colour)}/>"
    )


def _shading(fill: str) -> str:
    return f'<w:shd w:val="clear" w:color="auto" w:fill="{fill}"{_theme_attributes(fill, "themeFill")}/>'


def _right_tab(leader: str = "none") -> str:
    return f'<w:tabs><w:tab w:val="right" w:leader="{leader}" w:pos="{TEXT_WIDTH}"/></w:tabs>'


def _style(
    kind: str,
    style_id: str,
    name: str,
    *,
    based_on: str | None = None,
    next_style: str | None = None,
    custom: bool = False,
    default: bool = False,
    priority: int | None = None,
    quick: bool = False,
    hidden: bool = False,
    ppr: str = "",
    rpr: str = "",
    extra: str = "",
) -> str:
    attributes = f'w:type="{kind}" w:styleId="{style_id}"'
    if default:
        attributes += ' w:default="1"'
    if custom:
        attributes += ' w:customStyle="1"'
    parts = [f'<w:name w:val="{name}"/>']
    if based_on:
        parts.append(f'<w:basedOn w:val="{based_on}"/>')
    if next_style:
        parts.append(f'<w:next w:val="{next_style}"/>')
    if priority is not None:
        parts.append(f'<w:uiPriority w:val="{priority}"/>')
    if hidden:
        # Only plumbing styles hide from the gallery: a board restyling its
        # copy in Word should see every style the renderer uses.
        parts.append("<w:semiHidden/><w:unhideWhenUsed/>")
    if quick:
        parts.append("<w:qFormat/>")
    if ppr:
        parts.append(f"<w:pPr>{ppr}</w:pPr>")
    if rpr:
        parts.append(f"<w:rPr>{rpr}</w:rPr>")
    parts.append(extra)
    return f"<w:style {attributes}>{''.join(parts)}</w:style>"


_paragraph_style: Final = functools.partial(_style, "paragraph")


def _heading(
    level: int, points: float, before: int, after: int, *, rule: bool = False, colour: str = ACCENT
) -> str:
    # Built-in names ("heading 1") keep Word, LibreOffice and screen readers
    # treating these as real headings; the renderer adds page breaks itself,
    # so pageBreakBefore is written off explicitly.
    rule_xml = f"<w:pBdr>{_border('bottom', ACCENT, 8, 4)}</w:pBdr>" if rule else ""
    style = styles.heading(level)
    return _paragraph_style(
        style.id,
        style.name,
        based_on="Normal",
        next_style="Normal",
        priority=9,
        quick=True,
        ppr=(
            '<w:keepNext/><w:keepLines/><w:pageBreakBefore w:val="0"/>'
            f'{rule_xml}{_spacing(before, after, 240)}<w:outlineLvl w:val="{level - 1}"/>'
        ),
        rpr=f"{HEADING_FONTS}<w:b/><w:bCs/>{_colour(colour)}{_size(points)}",
    )


# --- Schema order -------------------------------------------------------------
# Word rejects a file whose property elements are out of schema order, while
# LibreOffice silently accepts it, so a visual check would never catch the
# mistake; sorting here makes the order right by construction.
_SCHEMA_ORDER: Final = (
    (
        "pPr",
        "pStyle keepNext keepLines pageBreakBefore framePr widowControl numPr suppressLineNumbers pBdr shd "
        "tabs suppressAutoHyphens kinsoku wordWrap overflowPunct topLinePunct autoSpaceDE autoSpaceDN bidi "
        "adjustRightInd snapToGrid spacing ind contextualSpacing mirrorIndents suppressOverlap jc "
        "textDirection textAlignment textboxTightWrap outlineLvl divId cnfStyle rPr sectPr pPrChange",
    ),
    (
        "rPr",
        "ins del moveFrom moveTo rStyle rFonts b bCs i iCs caps smallCaps strike dstrike outline shadow "
        "emboss imprint noProof snapToGrid vanish webHidden color spacing w kern position sz szCs "
        "highlight u effect bdr shd fitText vertAlign rtl cs em lang eastAsianLayout specVanish oMath",
    ),
    (
        "tblPr",
        "tblStyle tblpPr tblOverlap bidiVisual tblStyleRowBandSize tblStyleColBandSize tblW jc "
        "tblCellSpacing tblInd tblBorders shd tblLayout tblCellMar tblLook",
    ),
    (
        "tcPr",
        "cnfStyle tcW gridSpan hMerge vMerge tcBorders shd noWrap tcMar textDirection tcFitText vAlign "
        "hideMark",
    ),
)
_ORDERS: Final = {qn(f"w:{tag}"): tuple(names.split()) for tag, names in _SCHEMA_ORDER}


def _sort_properties(root: etree._Element) -> None:
    for element in root.iter(*_ORDERS):
        order = _ORDERS[element.tag]
        children = list(element)
        children.sort(key=lambda child: order.index(etree.QName(child).localname))
        element[:] = children


# --- styles.xml ------------------------------------------------------------------
def _style_definitions() -> list[str]:
    table_text = _spacing(0, 0, 240)
    return [
        # Defaults every other style inherits from.
        _paragraph_style(
            styles.NORMAL.id,
            styles.NORMAL.name,
            default=True,
            quick=True,
            ppr="<w:widowControl/>",
            rpr=_colour(TEXT),
        ),
        _style(
            "character",
            "DefaultParagraphFont",
            "Default Paragraph Font",
            default=True,
            priority=1,
            hidden=True,
        ),
        _style(
            "table",
            "TableNormal",
            "Normal Table",
            default=True,
            priority=99,
            hidden=True,
            extra=(
                '<w:tblPr><w:tblInd w:w="0" w:type="dxa"/><w:tblCellMar>'
                '<w:top w:w="0" w:type="dxa"/><w:left w:w="108" w:type="dxa"/>'
                '<w:bottom w:w="0" w:type="dxa"/><w:right w:w="108" w:type="dxa"/>'
                "</w:tblCellMar></w:tblPr>"
            ),
        ),
        _style("numbering", "NoList", "No List", default=True, priority=99, hidden=True),
        # Cover.
        _paragraph_style(
            "CoverBoard",
            "Cover Board",
            custom=True,
            based_on="Normal",
            next_style="Title",
            priority=10,
            quick=True,
            # Same-colour borders pad the shaded band, so it reads as a block of
            # colour rather than a highlighted line, without a layout table.
            ppr=(
                "<w:keepNext/><w:pBdr>"
                f"{_border('top', ACCENT, 96, 24)}{_border('left', ACCENT, 96, 12)}"
                f"{_border('bottom', ACCENT, 96, 24)}{_border('right', ACCENT, 96, 12)}"
                f"</w:pBdr>{_shading(ACCENT)}{_spacing(0, 0, 240)}"
                '<w:ind w:left="480" w:right="480"/>'
            ),
            rpr=f"{HEADING_FONTS}<w:b/><w:bCs/>{_colour(WHITE)}{_size(28)}",
        ),
        _paragraph_style(
            "Title",
            "Title",
            based_on="Normal",
            next_style="Subtitle",
            priority=10,
            quick=True,
            ppr=f"<w:keepNext/>{_spacing(2160, 240, 240)}",
            rpr=f'{HEADING_FONTS}<w:b/><w:bCs/>{_colour(ACCENT)}<w:kern w:val="28"/>{_size(36)}',
        ),
        _paragraph_style(
            "Subtitle",
            "Subtitle",
            based_on="Normal",
            next_style="Normal",
            priority=11,
            quick=True,
            ppr=_spacing(0, 240, 240),
            rpr=_size(16),
        ),
        _paragraph_style(
            "CoverPeriod",
            "Cover Period",
            custom=True,
            based_on="Subtitle",
            next_style="Normal",
            priority=11,
            quick=True,
            ppr=f"<w:pBdr>{_border('bottom', ACCENT, 12, 12)}</w:pBdr>{_spacing(0, 600, 240)}",
            rpr=_size(18),
        ),
        _paragraph_style(
            "Notice",
            "Notice",
            custom=True,
            based_on="Normal",
            next_style="Normal",
            priority=12,
            quick=True,
            ppr=(
                "<w:keepLines/><w:pBdr>"
                f"{_border('top', NOTICE_RED, 12, 6)}{_border('left', NOTICE_RED, 12, 6)}"
                f"{_border('bottom', NOTICE_RED, 12, 6)}{_border('right', NOTICE_RED, 12, 6)}"
                f'</w:pBdr>{_spacing(240, 240)}<w:ind w:left="170" w:right="170"/>'
            ),
            rpr=f"<w:b/><w:bCs/>{_colour(NOTICE_RED)}",
        ),
        _paragraph_style(
            "EssentialInfo",
            "Essential Info",
            custom=True,
            based_on="Normal",
            priority=12,
            quick=True,
            ppr=_spacing(0, 120),
            rpr=_size(11),
        ),
        # Headings, and the contents page.
        _heading(1, 24, 240, 240, rule=True),
        _heading(2, 17, 360, 120),
        _heading(3, 15, 280, 80),
        _heading(4, 13, 240, 60),
        # Levels 5 and 6 carry content plugins add inside a priority's progress.
        _heading(5, 12, 200, 60),
        _heading(6, 12, 160, 40, colour=TEXT),
        _paragraph_style(
            "TOCHeading",
            "TOC Heading",
            based_on="Normal",
            next_style="Normal",
            priority=39,
            quick=True,
            # Heading 1's look without its outline level: "Contents" must not
            # list itself in the TOC or appear as a heading in the navigation.
            ppr=(
                f"<w:keepNext/><w:keepLines/><w:pBdr>{_border('bottom', ACCENT, 8, 4)}</w:pBdr>"
                f"{_spacing(240, 240, 240)}"
            ),
            rpr=f"{HEADING_FONTS}<w:b/><w:bCs/>{_colour(ACCENT)}{_size(24)}",
        ),
        _paragraph_style(
            styles.toc(1).id,
            styles.toc(1).name,
            based_on="Normal",
            next_style="Normal",
            priority=39,
            ppr=f"{_right_tab('dot')}{_spacing(120, 60)}",
            rpr="<w:b/><w:bCs/>",
        ),
        _paragraph_style(
            styles.toc(2).id,
            styles.toc(2).name,
            based_on="Normal",
            next_style="Normal",
            priority=39,
            ppr=f'{_right_tab("dot")}{_spacing(0, 60)}<w:ind w:left="425"/>',
        ),
        # Running text.
        _paragraph_style(
            styles.QUOTE.id,
            styles.QUOTE.name,
            based_on="Normal",
            next_style=styles.QUOTE_SOURCE.id,
            priority=29,
            quick=True,
            # Quote Source repeats these borders and indents, so Word and
            # LibreOffice join the two into one ruled block.
            ppr=(
                f"<w:keepNext/><w:pBdr>{_border('left', ACCENT, 24, 12)}</w:pBdr>"
                f'{_spacing(240, 60)}<w:ind w:left="567" w:right="567"/>'
            ),
        ),
        _paragraph_style(
            styles.QUOTE_SOURCE.id,
            styles.QUOTE_SOURCE.name,
            custom=True,
            based_on="Normal",
            next_style="Normal",
            priority=29,
            quick=True,
            ppr=(
                f"<w:pBdr>{_border('left', ACCENT, 24, 12)}</w:pBdr>"
                f'{_spacing(0, 240)}<w:ind w:left="567" w:right="567"/>'
            ),
            rpr=f"{_colour(ACCENT)}{_size(11)}",
        ),
        _paragraph_style(
            styles.CAPTION.id,
            styles.CAPTION.name,
            based_on="Normal",
            next_style="Normal",
            priority=35,
            quick=True,
            # Captions go above tables and figures, so they travel with them.
            ppr=f"<w:keepNext/>{_spacing(240, 120)}",
            rpr=f"<w:b/><w:bCs/>{_size(11)}",
        ),
        _paragraph_style(
            styles.LIST_BULLET.id,
            styles.LIST_BULLET.name,
            based_on="Normal",
            priority=99,
            ppr=f'<w:numPr><w:numId w:val="{BULLET_NUM_ID}"/></w:numPr>{_spacing(0, 80)}',
        ),
        _paragraph_style(
            styles.LIST_NUMBER.id,
            styles.LIST_NUMBER.name,
            based_on="Normal",
            priority=99,
            ppr=f'<w:numPr><w:numId w:val="{DECIMAL_NUM_ID}"/></w:numPr>{_spacing(0, 80)}',
        ),
        _paragraph_style(
            styles.KEY_FIGURE.id,
            styles.KEY_FIGURE.name,
            custom=True,
            based_on="Normal",
            next_style=styles.KEY_FIGURE_LABEL.id,
            priority=20,
            quick=True,
            ppr=f"<w:keepNext/>{_spacing(240, 0, 240)}",
            rpr=f"<w:b/><w:bCs/>{_colour(ACCENT)}{_size(28)}",
        ),
        _paragraph_style(
            styles.KEY_FIGURE_LABEL.id,
            styles.KEY_FIGURE_LABEL.name,
            custom=True,
            based_on="Normal",
            next_style="Normal",
            priority=20,
            quick=True,
            ppr=_spacing(0, 240),
        ),
        _paragraph_style(
            styles.SIGNATURE.id,
            styles.SIGNATURE.name,
            based_on="Normal",
            next_style=styles.SIGNATURE_ROLE.id,
            priority=99,
            ppr=f"<w:keepNext/>{_spacing(360, 0)}",
            rpr="<w:b/><w:bCs/>",
        ),
        _paragraph_style(
            styles.SIGNATURE_ROLE.id,
            styles.SIGNATURE_ROLE.name,
            custom=True,
            based_on="Normal",
            next_style="Normal",
            priority=99,
            # Role and organisation lines sit together under the name, as on a letter.
            ppr=_spacing(0, 0),
        ),
        # Tables.
        _paragraph_style(
            styles.TABLE_TEXT.id,
            styles.TABLE_TEXT.name,
            custom=True,
            based_on="Normal",
            priority=30,
            quick=True,
            ppr=table_text,
            rpr=_size(11),
        ),
        _paragraph_style(
            styles.TABLE_HEADING.id,
            styles.TABLE_HEADING.name,
            custom=True,
            based_on=styles.TABLE_TEXT.id,
            priority=30,
            quick=True,
            ppr="<w:keepNext/>",
            rpr=f"<w:b/><w:bCs/>{_colour(WHITE)}",
        ),
        _paragraph_style(
            styles.TABLE_NUMBER.id,
            styles.TABLE_NUMBER.name,
            custom=True,
            based_on=styles.TABLE_TEXT.id,
            priority=30,
            quick=True,
            ppr='<w:jc w:val="right"/>',
        ),
        _paragraph_style(
            styles.TABLE_NOTE.id,
            styles.TABLE_NOTE.name,
            custom=True,
            based_on="Normal",
            next_style="Normal",
            priority=30,
            quick=True,
            ppr=_spacing(80, 240, 240),
            rpr=_size(10),
        ),
        _style(
            styles.TABLE.kind,
            styles.TABLE.id,
            styles.TABLE.name,
            custom=True,
            based_on="TableNormal",
            priority=30,
            quick=True,
            ppr=table_text,
            rpr=_size(11),
            extra=(
                '<w:tblPr><w:tblStyleRowBandSize w:val="1"/><w:tblBorders>'
                + "".join(
                    _border(side, RULE_GREY, 4, 0)
                    for side in ("top", "left", "bottom", "right", "insideH", "insideV")
                )
                + "</w:tblBorders><w:tblCellMar>"
                '<w:top w:w="57" w:type="dxa"/><w:left w:w="85" w:type="dxa"/>'
                '<w:bottom w:w="57" w:type="dxa"/><w:right w:w="85" w:type="dxa"/>'
                "</w:tblCellMar></w:tblPr>"
                # Header row. Word ignores tblHeader in a style, so repeating it
                # on each page (and exposing it to screen readers as column
                # headers) is up to the renderer's own w:trPr.
                '<w:tblStylePr w:type="firstRow">'
                f"<w:rPr><w:b/><w:bCs/>{_colour(WHITE)}</w:rPr>"
                f"<w:tcPr>{_shading(ACCENT)}</w:tcPr></w:tblStylePr>"
                # Total row.
                '<w:tblStylePr w:type="lastRow"><w:rPr><w:b/><w:bCs/></w:rPr>'
                f"<w:tcPr><w:tcBorders>{_border('top', ACCENT, 12, 0)}</w:tcBorders>"
                f"{_shading(TINT)}</w:tcPr></w:tblStylePr>"
                f'<w:tblStylePr w:type="band2Horz"><w:tcPr>{_shading(TINT)}</w:tcPr></w:tblStylePr>'
            ),
        ),
        # Page furniture.
        _paragraph_style(
            "Header",
            "header",
            based_on="Normal",
            priority=99,
            ppr=f"{_right_tab()}{_spacing(0, 0, 240)}",
            rpr=_size(10),
        ),
        _paragraph_style(
            "Footer",
            "footer",
            based_on="Normal",
            priority=99,
            ppr=f"{_right_tab()}{_spacing(0, 0, 240)}",
            rpr=_size(10),
        ),
        _paragraph_style(
            "HeaderNotice",
            "Header Notice",
            custom=True,
            based_on="Header",
            priority=99,
            ppr='<w:jc w:val="right"/>',
            rpr=f"<w:b/><w:bCs/>{_colour(NOTICE_RED)}",
        ),
        # Links keep the accent colour (8.6:1) and an underline, so they are
        # not told apart by colour alone.
        _style(
            styles.HYPERLINK.kind,
            styles.HYPERLINK.id,
            styles.HYPERLINK.name,
            based_on="DefaultParagraphFont",
            priority=99,
            rpr=f'{_colour(ACCENT, slot="hyperlink")}<w:u w:val="single"/>',
        ),
        _style(
            "character",
            "FollowedHyperlink",
            "FollowedHyperlink",
            based_on="DefaultParagraphFont",
            priority=99,
            hidden=True,
            rpr=f'{_colour(ACCENT)}<w:u w:val="single"/>',
        ),
    ]


def _styles_element(latent_styles: etree._Element | None) -> etree._Element:
    doc_defaults = (
        "<w:docDefaults><w:rPrDefault><w:rPr>"
        f'<w:rFonts w:ascii="{FONT}" w:eastAsia="{FONT}" w:hAnsi="{FONT}" w:cs="{FONT}" '
        'w:asciiTheme="minorHAnsi" w:hAnsiTheme="minorHAnsi"/>'
        f"{_size(12)}"
        '<w:lang w:val="en-GB" w:eastAsia="en-GB" w:bidi="ar-SA"/>'
        "</w:rPr></w:rPrDefault><w:pPrDefault><w:pPr>"
        f"{_spacing(0, 160)}"
        "</w:pPr></w:pPrDefault></w:docDefaults>"
    )
    root = parse_xml(f"<w:styles {nsdecls('w')}>{doc_defaults}{''.join(_style_definitions())}</w:styles>")
    if latent_styles is not None:
        # Word's latent table lets a board still pick built-ins (Heading 5...)
        # that this template does not define.
        root.insert(1, latent_styles)
    _sort_properties(root)
    return root


# --- numbering.xml ----------------------------------------------------------------
def _level(level: int, number_format: str, text: str, *, style_id: str | None, colour: str | None) -> str:
    # No font: a bullet or number takes its paragraph's (the list style's, so
    # the theme's body font). Bullets take the theme's accent colour, numbers
    # the paragraph's own.
    left = LIST_INDENT * (level + 1)
    pstyle = f'<w:pStyle w:val="{style_id}"/>' if style_id else ""
    rpr = f"<w:rPr>{_colour(colour)}</w:rPr>" if colour else ""
    return (
        f'<w:lvl w:ilvl="{level}"><w:start w:val="1"/><w:numFmt w:val="{number_format}"/>{pstyle}'
        f'<w:lvlText w:val="{text}"/><w:lvlJc w:val="left"/>'
        f'<w:pPr><w:ind w:left="{left}" w:hanging="{LIST_INDENT}"/></w:pPr>{rpr}</w:lvl>'
    )


def _numbering_element() -> etree._Element:
    bullets = "".join(
        _level(level, "bullet", char, style_id=styles.LIST_BULLET.id if level == 0 else None, colour=ACCENT)
        # Glyphs from WGL4, so Arial and Liberation Sans both have them.
        for level, char in enumerate(("\u2022", "\u25e6", "\u25aa"))
    )
    decimals = "".join(
        _level(
            level, fmt, f"%{level + 1}.", style_id=styles.LIST_NUMBER.id if level == 0 else None, colour=None
        )
        for level, fmt in enumerate(("decimal", "lowerLetter", "lowerRoman"))
    )
    xml = (
        f"<w:numbering {nsdecls('w')}>"
        f'<w:abstractNum w:abstractNumId="{BULLET_ABSTRACT_ID}"><w:nsid w:val="4C534201"/>'
        '<w:multiLevelType w:val="multilevel"/><w:tmpl w:val="4C534281"/>'
        f'<w:name w:val="lscb bullets"/>{bullets}</w:abstractNum>'
        f'<w:abstractNum w:abstractNumId="{DECIMAL_ABSTRACT_ID}"><w:nsid w:val="4C534202"/>'
        '<w:multiLevelType w:val="multilevel"/><w:tmpl w:val="4C534282"/>'
        f'<w:name w:val="lscb numbers"/>{decimals}</w:abstractNum>'
        f'<w:num w:numId="{BULLET_NUM_ID}"><w:abstractNumId w:val="{BULLET_ABSTRACT_ID}"/></w:num>'
        f'<w:num w:numId="{DECIMAL_NUM_ID}"><w:abstractNumId w:val="{DECIMAL_ABSTRACT_ID}"/></w:num>'
        "</w:numbering>"
    )
    root = parse_xml(xml)
    _sort_properties(root)
    return root


# --- settings.xml ------------------------------------------------------------------
def _settings_element() -> etree._Element:
    # No w:updateFields: Word would ask on every opening whether to update the
    # TOC. No rsids: they change on every Word save and only add noise here.
    compat = "".join(
        f'<w:compatSetting w:name="{name}" w:uri="http://schemas.microsoft.com/office/word" w:val="{value}"/>'
        for name, value in (
            ("compatibilityMode", "15"),
            ("overrideTableStyleFontSizeAndJustification", "1"),
            ("enableOpenTypeFeatures", "1"),
            ("doNotFlipMirrorIndents", "1"),
            ("differentiateMultirowTableHeaders", "1"),
        )
    )
    xml = (
        f"<w:settings {nsdecls('w')}>"
        '<w:zoom w:percent="100"/>'
        '<w:proofState w:spelling="clean" w:grammar="clean"/>'
        '<w:defaultTabStop w:val="720"/>'
        # New tables a board inserts in Word pick up the house table style.
        f'<w:defaultTableStyle w:val="{styles.TABLE.id}"/>'
        '<w:evenAndOddHeaders w:val="0"/>'
        '<w:characterSpacingControl w:val="doNotCompress"/>'
        f"<w:compat>{compat}</w:compat>"
        '<w:themeFontLang w:val="en-GB"/>'
        '<w:clrSchemeMapping w:bg1="light1" w:t1="dark1" w:bg2="light2" w:t2="dark2" '
        'w:accent1="accent1" w:accent2="accent2" w:accent3="accent3" w:accent4="accent4" '
        'w:accent5="accent5" w:accent6="accent6" w:hyperlink="hyperlink" '
        'w:followedHyperlink="followedHyperlink"/>'
        '<w:decimalSymbol w:val="."/>'
        '<w:listSeparator w:val=","/>'
        "</w:settings>"
    )
    return parse_xml(xml)


def _replace_children(target: etree._Element, source: etree._Element) -> None:
    """Give ``target`` the children of ``source`` (keeps the part's own root element)."""
    for child in list(target):
        target.remove(child)
    for child in list(source):
        target.append(child)


# --- Document body ----------------------------------------------------------------
def _paragraph(text: str = "", style_id: str | None = None) -> str:
    ppr = f'<w:pPr><w:pStyle w:val="{style_id}"/></w:pPr>' if style_id else ""
    run = f'<w:r><w:t xml:space="preserve">{text}</w:t></w:r>' if text else ""
    return f"<w:p>{ppr}{run}</w:p>"


# Each placeholder sits whole in one run, so docxtpl finds it without having
# to stitch runs together.
PAGE_BREAK: Final = '<w:p><w:r><w:br w:type="page"/></w:r></w:p>'

REPORT_BODY: Final = (
    _paragraph("{{ board_name }}", "CoverBoard"),
    _paragraph("{{ report_title }}", "Title"),
    _paragraph("{{ period_long }}", "CoverPeriod"),
    # docxtpl drops a {%p ... %} paragraph entirely, so the public edition
    # (edition_notice == "") keeps no empty Notice paragraph.
    _paragraph("{%p if edition_notice %}"),
    _paragraph("{{ edition_notice }}", "Notice"),
    _paragraph("{%p endif %}"),
    PAGE_BREAK,
    _paragraph("Contents", "TOCHeading"),
    _paragraph("{{p contents }}"),
    PAGE_BREAK,
    _paragraph("{{p body }}"),
)

FRAGMENT_BODY: Final = (
    _paragraph("{{ title }}", "Heading2"),
    _paragraph("{{ text }}"),
)

FOOTER: Final = (
    '<w:p><w:pPr><w:pStyle w:val="Footer"/></w:pPr>'
    '<w:r><w:t xml:space="preserve">{{ footer_title }}</w:t></w:r>'
    '<w:r><w:tab/><w:t xml:space="preserve">Page </w:t></w:r>'
    '<w:r><w:fldChar w:fldCharType="begin"/></w:r>'
    '<w:r><w:instrText xml:space="preserve"> PAGE </w:instrText></w:r>'
    '<w:r><w:fldChar w:fldCharType="separate"/></w:r>'
    "<w:r><w:t>2</w:t></w:r>"
    '<w:r><w:fldChar w:fldCharType="end"/></w:r></w:p>'
)
# The public edition renders an empty run here; an empty paragraph in the
# header band takes no space from the body, so it is harmless.
HEADER: Final = _paragraph("{{ header_notice }}", "HeaderNotice")


def _parse_blocks(blocks: tuple[str, ...] | str) -> list[etree._Element]:
    xml = "".join(blocks) if isinstance(blocks, tuple) else blocks
    return list(parse_xml(f"<w:body {nsdecls('w', 'r')}>{xml}</w:body>"))


def _set_story(story: etree._Element, blocks: tuple[str, ...] | str) -> None:
    """Replace the paragraphs of a header, footer or body, keeping a body's sectPr."""
    for child in list(story):
        if child.tag != qn("w:sectPr"):
            story.remove(child)
    section_properties = story.find(qn("w:sectPr"))
    for element in _parse_blocks(blocks):
        if section_properties is None:
            story.append(element)
        else:
            section_properties.addprevious(element)


def _base_document(title: str) -> DocxDocument:
    """Return python-docx's blank document carrying the house styles, A4 and clean metadata."""
    document = docx.Document()
    package = document.part.package

    # Parts a fresh Word document does not need: Word 2010's duplicate style
    # sheet (it would show the old Calibri styles to Word 2010), an empty
    # bibliography store, and a thumbnail of someone else's page.
    for rel_id, rel in list(document.part.rels.items()):
        if rel.reltype in (STYLES_WITH_EFFECTS, RT.CUSTOM_XML):
            del document.part.rels[rel_id]
    for rel_id, rel in list(package.rels.items()):
        if rel.reltype == RT.THUMBNAIL:
            del package.rels[rel_id]

    styles_root = document.styles.element
    _replace_children(styles_root, _styles_element(styles_root.find(qn("w:latentStyles"))))
    _replace_children(document.part.numbering_part.element, _numbering_element())
    _replace_children(document.settings.element, _settings_element())

    section = document.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width = Twips(A4_WIDTH)
    section.page_height = Twips(A4_HEIGHT)
    for side in ("top_margin", "bottom_margin", "left_margin", "right_margin"):
        setattr(section, side, Twips(MARGIN))
    section.header_distance = Twips(HEADER_FOOTER_DISTANCE)
    section.footer_distance = Twips(HEADER_FOOTER_DISTANCE)
    section.gutter = Twips(0)
    section_properties = document.element.body.find(qn("w:sectPr"))
    for attribute in list(section_properties.attrib):
        del section_properties.attrib[attribute]  # rsids from python-docx's sample file

    properties = document.core_properties
    properties.title = title
    properties.language = "en-GB"
    properties.author = ""
    properties.last_modified_by = ""
    properties.comments = ""
    properties.subject = ""
    properties.keywords = ""
    properties.category = ""
    properties.revision = 1
    properties.created = FIXED_TIME
    properties.modified = FIXED_TIME
    return document


def _report_document() -> DocxDocument:
    document = _base_document("lscb default template")
    section = document.sections[0]
    # The cover (first page) gets its own, empty header and footer.
    section.different_first_page_header_footer = True
    _set_story(section.header.part.element, HEADER)
    _set_story(section.footer.part.element, FOOTER)
    _set_story(section.first_page_header.part.element, _paragraph(style_id="Header"))
    _set_story(section.first_page_footer.part.element, _paragraph(style_id="Footer"))
    _set_story(document.element.body, REPORT_BODY)
    return document


def _fragment_document() -> DocxDocument:
    document = _base_document("lscb fragment template")
    _set_story(document.element.body, FRAGMENT_BODY)
    return document


# --- Package finishing --------------------------------------------------------------
FONT_TABLE: Final = (
    "<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"
    f'<w:fonts xmlns:w="{W}">'
    '<w:font w:name="Arial"><w:panose1 w:val="020B0604020202020204"/><w:charset w:val="00"/>'
    '<w:family w:val="swiss"/><w:pitch w:val="variable"/></w:font>'
    "</w:fonts>"
).encode()

APP_PROPERTIES: Final = (
    b"<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"
    b'<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties" '
    b'xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">'
    b"<Template>Normal.dotm</Template><TotalTime>0</TotalTime><Application>lscb</Application>"
    b"<DocSecurity>0</DocSecurity><ScaleCrop>false</ScaleCrop><Company></Company>"
    b"<LinksUpToDate>false</LinksUpToDate><SharedDoc>false</SharedDoc>"
    b"<HyperlinksChanged>false</HyperlinksChanged></Properties>"
)


def _theme(blob: bytes) -> bytes:
    """Point the theme's fonts and accents at the house style (charts use the accents in order).

    Styles a board adds in Word (Heading 5, Intense Quote...) use theme fonts
    and colours, so they then match the ones defined here.
    """
    root = etree.fromstring(blob)
    ns = {"a": A}
    root.set("name", "lscb")
    for scheme in root.iterfind(".//a:clrScheme", ns):
        scheme.set("name", "lscb")
    for scheme in root.iterfind(".//a:fontScheme", ns):
        scheme.set("name", "lscb")
    slots = [(f"accent{i}", colour) for i, colour in enumerate(CHART_ACCENTS, start=1)]
    for slot, colour in (("dk1", TEXT), *slots, ("hlink", ACCENT), ("dk2", TEXT)):
        for holder in root.iterfind(f".//a:clrScheme/a:{slot}", ns):
            for child in list(holder):
                holder.remove(child)
            etree.SubElement(holder, f"{{{A}}}srgbClr", val=colour)
    for latin in root.iterfind(".//a:fontScheme/*/a:latin", ns):
        latin.set("typeface", FONT)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def _font_table(blob: bytes) -> bytes:
    # python-docx's sample lists Calibri, Cambria and Japanese fonts; Word
    # rebuilds the table on save, so listing the one font used is enough.
    return FONT_TABLE


def _app_properties(blob: bytes) -> bytes:
    # The sample claims to come from "Microsoft Macintosh Word" 14.
    return APP_PROPERTIES


_REPLACEMENTS: Final[dict[str, Callable[[bytes], bytes]]] = {
    "word/fontTable.xml": _font_table,
    "docProps/app.xml": _app_properties,
    "word/theme/theme1.xml": _theme,
}


def _member_order(name: str) -> tuple[int, str]:
    # Content types and package relationships first, as Word writes them;
    # some zip-streaming readers expect that.
    first = {"[Content_Types].xml": 0, "_rels/.rels": 1}
    return (first.get(name, 2), name)


def _package_bytes(document: DocxDocument) -> bytes:
    """Save ``document`` and rewrite the zip so that identical input gives identical bytes."""
    saved = io.BytesIO()
    document.save(saved)
    with zipfile.ZipFile(saved) as source:
        members = {name: source.read(name) for name in source.namelist()}
    output = io.BytesIO()
    with zipfile.ZipFile(output, "w") as target:
        for name in sorted(members, key=_member_order):
            blob = members[name]
            replace = _REPLACEMENTS.get(name)
            if replace is not None:
                blob = replace(blob)
            info = zipfile.ZipInfo(name, date_time=ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 0  # otherwise the host OS is recorded
            info.external_attr = 0
            target.writestr(info, blob, compresslevel=6)
    return output.getvalue()


def build(out_dir: Path) -> None:
    """Write ``report.docx`` and ``fragment.docx`` into ``out_dir`` (created if missing)."""
    _check_contrast()
    out_dir.mkdir(parents=True, exist_ok=True)
    (out_dir / "report.docx").write_bytes(_package_bytes(_report_document()))
    (out_dir / "fragment.docx").write_bytes(_package_bytes(_fragment_document()))


def main() -> None:
    """Rebuild the committed templates next to this script."""
    out_dir = Path(__file__).resolve().parent / "default"
    build(out_dir)
    for name in ("report.docx", "fragment.docx"):
        print(out_dir / name)


if __name__ == "__main__":
    main()
