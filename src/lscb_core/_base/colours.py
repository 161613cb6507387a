"""Colours as ``RRGGBB`` hex and their WCAG contrast, for the house style of every output."""

from __future__ import annotations

import re

__all__ = ["MIN_TEXT_CONTRAST", "contrast_ratio", "is_hex_colour", "readable_on_white"]

MIN_TEXT_CONTRAST = 4.5
"""WCAG 2.x AA for normal-size text."""

_HEX = re.compile(r"#?[0-9A-Fa-f]{6}")


def is_hex_colour(text: str) -> bool:
    """Whether ``text`` is a colour written ``RRGGBB`` (a leading ``#`` allowed)."""
    return _HEX.fullmatch(text) is not None


def _linear(channel: int) -> float:
    value = channel / 255
    return value / 12.92 if value <= 0.04045 else ((value + 0.055) / 1.055) ** 2.4


def _luminance(colour: str) -> float:
    colour = colour.lstrip("#")
    red, green, blue = (_linear(int(colour[i : i + 2], 16)) for i in (0, 2, 4))
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


def contrast_ratio(first: str, second: str) -> float:
    """The WCAG contrast ratio of two ``RRGGBB`` colours (1.0 to 21.0)."""
    high, low = sorted((_luminance(first), _luminance(second)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def readable_on_white(colour: str) -> str:
    """``colour`` (``RRGGBB``), darkened just enough for text of it on white to reach 4.5:1."""
    colour = colour.lstrip("#").upper()
    channels = [int(colour[i : i + 2], 16) for i in (0, 2, 4)]
    while contrast_ratio("".join(f"{c:02X}" for c in channels), "FFFFFF") < MIN_TEXT_CONTRAST:
        channels = [int(c * 0.92) for c in channels]
    return "".join(f"{c:02X}" for c in channels)
