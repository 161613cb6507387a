"""Colours for the contrast rule: WCAG luminance and contrast, theme colours, tints and shades, highlights."""

from __future__ import annotations

import colorsys
import functools
import re

from lxml import etree

from lscb_core._accessibility.package import W_CLRSCHEMEMAPPING, _w
from lscb_core._base.namespaces import A

_HIGHLIGHTS = {
    "black": "000000",
    "blue": "0000FF",
    "cyan": "00FFFF",
    "green": "00FF00",
    "magenta": "FF00FF",
    "red": "FF0000",
    "yellow": "FFFF00",
    "white": "FFFFFF",
    "darkBlue": "000080",
    "darkCyan": "008080",
    "darkGreen": "008000",
    "darkMagenta": "800080",
    "darkRed": "800000",
    "darkYellow": "808000",
    "darkGray": "808080",
    "lightGray": "C0C0C0",
}


_SCHEME_SLOTS = {
    "dark1": "dk1",
    "light1": "lt1",
    "dark2": "dk2",
    "light2": "lt2",
    "accent1": "accent1",
    "accent2": "accent2",
    "accent3": "accent3",
    "accent4": "accent4",
    "accent5": "accent5",
    "accent6": "accent6",
    "hyperlink": "hlink",
    "followedHyperlink": "folHlink",
}


_HEX = re.compile(r"[0-9A-Fa-f]{6}")


def luminance(colour: str) -> float:
    def channel(c: int) -> float:
        s = c / 255
        return s / 12.92 if s <= 0.04045 else ((s + 0.055) / 1.055) ** 2.4

    r, g, b = (int(colour[i : i + 2], 16) for i in (0, 2, 4))
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)


@functools.cache
def contrast_ratio(a: str, b: str) -> float:
    la, lb = sorted((luminance(a), luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def mix(fore: str, back: str, share: float) -> str:
    parts = []
    for i in (0, 2, 4):
        f, b = int(fore[i : i + 2], 16), int(back[i : i + 2], 16)
        parts.append(round(f * share + b * (1 - share)))
    return "".join(f"{c:02X}" for c in parts)


def tint_shade(colour: str, tint: int | None, shade: int | None) -> str:
    """Apply Word's themeTint/themeShade (ECMA-376 17.3.2.6): scale HSL lightness."""
    if tint is None and shade is None:
        return colour
    r, g, b = (int(colour[i : i + 2], 16) / 255 for i in (0, 2, 4))
    h, light, s = colorsys.rgb_to_hls(r, g, b)
    if shade is not None:
        light *= shade / 255
    if tint is not None:
        light = light * tint / 255 + (1 - tint / 255)
    rgb = colorsys.hls_to_rgb(h, min(max(light, 0.0), 1.0), s)
    return "".join(f"{round(c * 255):02X}" for c in rgb)


def theme_colours(theme: etree._Element | None, settings: etree._Element | None) -> dict[str, str]:
    scheme = theme.find(f".//{{{A}}}clrScheme") if theme is not None else None
    slots: dict[str, str] = {}
    if scheme is not None:
        for slot_name in set(_SCHEME_SLOTS.values()):
            slot = scheme.find(f"{{{A}}}{slot_name}")
            if slot is None:
                continue
            srgb = slot.find(f"{{{A}}}srgbClr")
            system = slot.find(f"{{{A}}}sysClr")
            value = srgb.get("val") if srgb is not None else None
            if value is None and system is not None:
                value = system.get("lastClr") or {"window": "FFFFFF", "windowText": "000000"}.get(
                    system.get("val", "")
                )
            if value and _HEX.fullmatch(value):
                slots[slot_name] = value.upper()
    colours = {name: slots[slot] for name, slot in _SCHEME_SLOTS.items() if slot in slots}
    # Text and background colours go through the document's colour-scheme mapping.
    mapping = {"background1": "light1", "text1": "dark1", "background2": "light2", "text2": "dark2"}
    mapped = settings.find(W_CLRSCHEMEMAPPING) if settings is not None else None
    if mapped is not None:
        for name, attr in (("background1", "bg1"), ("text1", "t1"), ("background2", "bg2"), ("text2", "t2")):
            mapping[name] = mapped.get(_w(attr), mapping[name])
    for name, target in mapping.items():
        if target in colours:
            colours[name] = colours[target]
    return colours
