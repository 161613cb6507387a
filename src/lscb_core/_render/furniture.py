"""Page furniture: the title in every page's footer, short enough to leave the page number on its line."""

from __future__ import annotations

from collections.abc import Sequence

__all__ = ["FOOTER_TITLE_EMS", "fit_footer_title", "text_ems"]

# Advance widths of Arial (the house font) in thousandths of an em, for the characters titles use.
_WIDTHS: dict[str, int] = {
    **dict.fromkeys(" ftIij.,:;!'/[]\\", 278),
    **dict.fromkeys("l", 222),
    **dict.fromkeys("r-()", 333),
    **dict.fromkeys("abdeghnopqu0123456789–$£?#_", 556),
    **dict.fromkeys("cksvxyzJ", 500),
    **dict.fromkeys("ABEKPSVXY&", 667),
    **dict.fromkeys("CDHNRUw", 722),
    **dict.fromkeys("FTZ", 611),
    **dict.fromkeys("GOQ", 778),
    **dict.fromkeys("L", 556),
    **dict.fromkeys("mM", 833),
    **dict.fromkeys("W", 944),
    **dict.fromkeys("—%", 1000),
}
_OTHER = 800
"""Any other character is taken to be wide, so that an estimate errs on the short side."""

FOOTER_TITLE_EMS = 39.0
"""Ems of 10-point text that fit beside a right-tabbed "Page 999" across the default template's
16 cm of text width (45.4 ems), less the page number (4.3 ems) and a gap of two ems."""


def text_ems(text: str) -> float:
    """How wide ``text`` is in Arial, in ems."""
    return sum(_WIDTHS.get(ch, _OTHER) for ch in text) / 1000


def fit_footer_title(candidates: Sequence[str], ems: float = FOOTER_TITLE_EMS) -> str:
    """The first of ``candidates`` that fits in ``ems``; else the last, cut short with an ellipsis."""
    for candidate in candidates:
        if text_ems(candidate) <= ems:
            return candidate
    text = candidates[-1] if candidates else ""
    while text and text_ems(text + "…") > ems:
        text = text[:-1]
    return text.rstrip(" ,:;–-") + "…"
