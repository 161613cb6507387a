"""A template's theme references made explicit, so that every program shows the theme's look.

Word styles can name a theme colour (``w:themeColor="accent1"``, with
``w:themeTint``/``w:themeShade``; ``w:themeFill`` for shading) or a theme font
(``w:asciiTheme="majorHAnsi"``) and keep a plain value beside it (``w:val``,
``w:fill``, ``w:ascii``). Word shows the theme's value; LibreOffice 7.4 shows
the plain one. A board that changes its theme (Word: Design > Colours or
Fonts, or by editing the theme) would otherwise see its new look in Word only.
:func:`sync_theme` writes the theme's values into the plain attributes of the
styles and the list numbering, so both agree with the theme.
"""

from __future__ import annotations

import io
import re
import zipfile

from lxml import etree

from lscb_core._accessibility.colour import theme_colours, tint_shade
from lscb_core._base.namespaces import A, W

__all__ = ["sync_theme"]

_PARTS = ("word/styles.xml", "word/numbering.xml")
_HEX = re.compile(r"[0-9A-Fa-f]{6}")


def _w(local: str) -> str:
    return f"{{{W}}}{local}"


def _parser() -> etree.XMLParser:
    return etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)


def _hex_int(text: str | None) -> int | None:
    if text is None:
        return None
    try:
        return int(text, 16)
    except ValueError:
        return None


def _theme_fonts(theme: etree._Element) -> dict[str, str]:
    """``majorHAnsi`` -> the major latin typeface, and so on for every theme font slot with a name."""
    fonts: dict[str, str] = {}
    for kind in ("major", "minor"):
        holder = theme.find(f".//{{{A}}}fontScheme/{{{A}}}{kind}Font")
        if holder is None:
            continue
        for script, names in (("latin", ("HAnsi", "Ascii")), ("ea", ("EastAsia",)), ("cs", ("Bidi",))):
            element = holder.find(f"{{{A}}}{script}")
            typeface = (element.get("typeface") or "").strip() if element is not None else ""
            if typeface:
                for name in names:
                    fonts[f"{kind}{name}"] = typeface
    return fonts


_FONT_ATTRIBUTES = (
    ("asciiTheme", "ascii"),
    ("hAnsiTheme", "hAnsi"),
    ("eastAsiaTheme", "eastAsia"),
    ("cstheme", "cs"),
)
_COLOUR_ATTRIBUTES = (
    ("themeColor", "themeTint", "themeShade", "val"),
    ("themeColor", "themeTint", "themeShade", "color"),
    ("themeFill", "themeFillTint", "themeFillShade", "fill"),
)


def _sync_part(root: etree._Element, colours: dict[str, str], fonts: dict[str, str]) -> bool:
    changed = False
    for element in root.iter(f"{{{W}}}*"):
        attributes = element.attrib
        if element.tag == _w("rFonts"):
            for theme_attribute, plain in _FONT_ATTRIBUTES:
                slot = attributes.get(_w(theme_attribute))
                font = fonts.get(slot) if slot else None
                if font and attributes.get(_w(plain)) != font:
                    attributes[_w(plain)] = font
                    changed = True
            continue
        for slot_attribute, tint, shade, plain in _COLOUR_ATTRIBUTES:
            slot = attributes.get(_w(slot_attribute))
            if slot is None or slot not in colours:
                continue
            # A w:color names its colour in w:val; w:shd and borders in w:color / w:fill.
            if plain == "val" and element.tag != _w("color"):
                continue
            if plain == "color" and element.tag == _w("color"):
                continue
            value = tint_shade(
                colours[slot], _hex_int(attributes.get(_w(tint))), _hex_int(attributes.get(_w(shade)))
            )
            if attributes.get(_w(plain), "").upper() != value:
                attributes[_w(plain)] = value
                changed = True
    return changed


def sync_theme(data: bytes) -> bytes:
    """The package with its styles' and numbering's plain colours and fonts copied from its theme.

    Returns ``data`` itself when nothing needed changing (or the package has no theme).
    """
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        names = archive.namelist()
        themes = sorted(n for n in names if re.fullmatch(r"word/theme/theme\d*\.xml", n))
        if not themes:
            return data
        try:
            theme = etree.fromstring(archive.read(themes[0]), _parser())
            settings = (
                etree.fromstring(archive.read("word/settings.xml"), _parser())
                if "word/settings.xml" in names
                else None
            )
        except etree.XMLSyntaxError:
            return data
        colours = {k: v for k, v in theme_colours(theme, settings).items() if _HEX.fullmatch(v)}
        fonts = _theme_fonts(theme)
        replaced: dict[str, bytes] = {}
        for name in _PARTS:
            if name not in names:
                continue
            try:
                root = etree.fromstring(archive.read(name), _parser())
            except etree.XMLSyntaxError:
                continue
            if _sync_part(root, colours, fonts):
                replaced[name] = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
        if not replaced:
            return data
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
            for info in archive.infolist():
                target.writestr(info, replaced.get(info.filename) or archive.read(info.filename))
    return out.getvalue()
