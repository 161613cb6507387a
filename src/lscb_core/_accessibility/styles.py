"""Word styles as the audit sees them: basedOn chains, heading levels and what table styles give each cell."""

from __future__ import annotations

import attrs
from lxml import etree

from lscb_core._accessibility.colour import _HEX, mix, theme_colours, tint_shade
from lscb_core._accessibility.package import (
    _EMPTY,
    W_BASEDON,
    W_DOCDEFAULTS,
    W_LANG,
    W_NAME,
    W_OUTLINE,
    W_PPR,
    W_RPR,
    W_SHD,
    W_STYLE,
    W_TBLLOOK,
    W_TBLPR,
    W_TBLSTYLEPR,
    W_TCPR,
    W_VAL,
    _children,
    _first,
    _int,
    _on_attr,
    _Props,
    _val,
    _w,
)
from lscb_core._base.styles import heading_level


@attrs.frozen
class _Style:
    kind: str
    name: str
    based_on: str | None
    element: etree._Element


@attrs.frozen
class _Look:
    """Which of a table style's conditional formats a table uses (its w:tblLook)."""

    first_row: bool = False
    last_row: bool = False
    first_col: bool = False
    last_col: bool = False
    row_bands: bool = True
    col_bands: bool = True

    @classmethod
    def of(cls, tbl_pr: etree._Element | None) -> _Look:
        look = tbl_pr.find(W_TBLLOOK) if tbl_pr is not None else None
        if look is None:
            # Every flag is off when unstated, which leaves banding on: its flags say "no band".
            return cls()
        flags = {
            "firstRow": 0x20,
            "lastRow": 0x40,
            "firstColumn": 0x80,
            "lastColumn": 0x100,
            "noHBand": 0x200,
            "noVBand": 0x400,
        }
        # Word 2007 wrote a hex bitmask in w:val; later versions write one attribute per flag.
        mask = _int(look.get(W_VAL), 16) or 0
        on = {
            key: (look.get(_w(key), "0").lower() in ("1", "true", "on")) or bool(mask & bit)
            for key, bit in flags.items()
        }
        return cls(
            first_row=on["firstRow"],
            last_row=on["lastRow"],
            first_col=on["firstColumn"],
            last_col=on["lastColumn"],
            row_bands=not on["noHBand"],
            col_bands=not on["noVBand"],
        )


@attrs.frozen
class _Layer:
    """Run properties and cell shading one table-style condition contributes."""

    rpr: _Props = _EMPTY
    shd: etree._Element | None = None


class Styles:
    """styles.xml and theme1.xml, resolved through basedOn chains and cached."""

    def __init__(
        self,
        styles: etree._Element | None,
        theme: etree._Element | None,
        settings: etree._Element | None,
    ) -> None:
        self._styles: dict[str, _Style] = {}
        self.default_paragraph: str | None = None
        self.default_character: str | None = None
        self.defaults: _Props = _EMPTY
        self.default_language = ""
        if styles is not None:
            for el in styles.iter(W_STYLE):
                sid = el.get(_w("styleId"))
                if sid is None:
                    continue
                kind = el.get(_w("type"), "paragraph")
                name_el = el.find(W_NAME)
                based = el.find(W_BASEDON)
                self._styles[sid] = _Style(
                    kind=kind,
                    name=(name_el.get(W_VAL, "") if name_el is not None else sid).strip().lower(),
                    based_on=based.get(W_VAL) if based is not None else None,
                    element=el,
                )
                if _on_attr(el.get(_w("default"))):
                    if kind == "paragraph":
                        self.default_paragraph = sid
                    elif kind == "character":
                        self.default_character = sid
            defaults = styles.find(f"{W_DOCDEFAULTS}/{_w('rPrDefault')}/{W_RPR}")
            self.defaults = _children(defaults)
            lang = self.defaults.get(W_LANG)
            self.default_language = (lang.get(W_VAL) or "").strip() if lang is not None else ""
        self._theme = theme_colours(theme, settings)
        self._rpr: dict[str | None, _Props] = {}
        self._ppr: dict[str | None, _Props] = {}
        self._levels: dict[str | None, int | None] = {}
        self._names: dict[str | None, tuple[str, ...]] = {}
        self._table_layers: dict[str, dict[str, _Layer]] = {}
        self._cell_layers: dict[tuple[str, tuple[str, ...]], _Layer] = {}
        self._bands: dict[str, tuple[int, int]] = {}

    def _chain(self, sid: str | None) -> list[_Style]:
        """The style and its ancestors, nearest first."""
        out: list[_Style] = []
        seen: set[str] = set()
        while sid is not None and sid not in seen and sid in self._styles:
            seen.add(sid)
            style = self._styles[sid]
            out.append(style)
            sid = style.based_on
        return out

    def paragraph_style(self, sid: str | None) -> str | None:
        # Word shows a paragraph whose style id is undefined in the default style.
        if sid is not None and sid in self._styles and self._styles[sid].kind == "paragraph":
            return sid
        return self.default_paragraph

    def character_style(self, sid: str | None) -> str | None:
        if sid is not None and sid in self._styles and self._styles[sid].kind == "character":
            return sid
        return self.default_character

    def _merged(self, sid: str | None, path: str, cache: dict[str | None, _Props]) -> _Props:
        found = cache.get(sid)
        if found is None:
            merged: dict[str, etree._Element] = {}
            for style in reversed(self._chain(sid)):
                merged.update(_children(style.element.find(path)))
            found = cache[sid] = merged
        return found

    def rpr(self, sid: str | None) -> _Props:
        return self._merged(sid, W_RPR, self._rpr)

    def ppr(self, sid: str | None) -> _Props:
        return self._merged(sid, W_PPR, self._ppr)

    def names(self, sid: str | None) -> tuple[str, ...]:
        found = self._names.get(sid)
        if found is None:
            found = self._names[sid] = tuple(s.name for s in self._chain(sid))
        return found

    def heading_level(self, sid: str | None) -> int | None:
        """1-9 for a heading style, else None; outline level wins over the style's name."""
        if sid in self._levels:
            return self._levels[sid]
        level = None
        for style in self._chain(sid):
            ppr = style.element.find(W_PPR)
            outline = ppr.find(W_OUTLINE) if ppr is not None else None
            if outline is not None:
                level = _outline_level(outline)
                break
            level = heading_level(style.name)
            if level is not None:
                break
        self._levels[sid] = level
        return level

    def colour(self, el: etree._Element | None, value: str, theme: str, tint: str, shade: str) -> str | None:
        """The hex colour an element's attributes name, or None for auto or unknown."""
        if el is None:
            return None
        theme_name = el.get(_w(theme))
        if theme_name is not None:
            base = self._theme.get(theme_name)
            if base is not None:
                return tint_shade(base, _int(el.get(_w(tint)), 16), _int(el.get(_w(shade)), 16))
        hex_value = el.get(_w(value), "")
        return hex_value.upper() if _HEX.fullmatch(hex_value) else None

    def text_colour(self, el: etree._Element | None) -> str | None:
        return self.colour(el, "val", "themeColor", "themeTint", "themeShade")

    def fill(self, shd: etree._Element | None) -> str | None:
        """The colour a w:shd paints, or None when it leaves what is underneath showing."""
        if shd is None:
            return None
        pattern = shd.get(W_VAL, "clear")
        if pattern == "nil":
            return None
        back = self.colour(shd, "fill", "themeFill", "themeFillTint", "themeFillShade")
        if pattern == "clear":
            return back
        fore = self.colour(shd, "color", "themeColor", "themeTint", "themeShade") or "000000"
        if pattern == "solid":
            return fore
        percent = _int(pattern[3:]) if pattern.startswith("pct") else None
        if percent is None:
            return back
        return mix(fore, back or "FFFFFF", percent / 100)

    def table_cell_layer(
        self, sid: str | None, look: _Look, row: int, rows: int, col: int, span: int, cols: int
    ) -> _Layer:
        """What the table style gives a cell, conditional formats applied in ECMA-376's order."""
        if sid is None or sid not in self._styles:
            return _Layer()
        kinds = ["wholeTable"]
        first_row = look.first_row and row == 0
        last_row = look.last_row and row == rows - 1
        first_col = look.first_col and col == 0
        last_col = look.last_col and col + span >= cols
        band_rows, band_cols = self._band_sizes(sid)
        if look.col_bands and not first_col and not last_col:
            band = (col - (1 if look.first_col else 0)) // band_cols
            kinds.append("band1Vert" if band % 2 == 0 else "band2Vert")
        if look.row_bands and not first_row and not last_row:
            band = (row - (1 if look.first_row else 0)) // band_rows
            kinds.append("band1Horz" if band % 2 == 0 else "band2Horz")
        kinds += [k for k, on in (("firstRow", first_row), ("lastRow", last_row)) if on]
        kinds += [k for k, on in (("firstCol", first_col), ("lastCol", last_col)) if on]
        corners = {
            "nwCell": first_row and first_col,
            "neCell": first_row and last_col,
            "swCell": last_row and first_col,
            "seCell": last_row and last_col,
        }
        kinds += [k for k, on in corners.items() if on]
        key = (sid, tuple(kinds))
        found = self._cell_layers.get(key)
        if found is None:
            layers = self._layers(sid)
            rpr: dict[str, etree._Element] = {}
            shd = None
            for kind in kinds:
                layer = layers.get(kind)
                if layer is not None:
                    rpr.update(layer.rpr)
                    shd = layer.shd if layer.shd is not None else shd
            found = self._cell_layers[key] = _Layer(rpr, shd)
        return found

    def style_kind(self, sid: str) -> str | None:
        """The type of the style with id ``sid`` ("paragraph", "character", "table"...), or None if undefined."""
        style = self._styles.get(sid)
        return style.kind if style is not None else None

    def style_ids(self) -> tuple[str, ...]:
        """The ids of every style defined, in document order."""
        return tuple(self._styles)

    def display_name(self, sid: str) -> str:
        """The style's name as written in styles.xml (lower case)."""
        style = self._styles.get(sid)
        return style.name if style is not None else sid

    def table_layer(self, sid: str, kind: str) -> _Layer:
        """What one conditional format (``firstRow``, ``wholeTable``...) of a table style gives, ancestors merged."""
        return self._layers(sid).get(kind, _Layer()) if sid in self._styles else _Layer()

    def _band_sizes(self, sid: str) -> tuple[int, int]:
        found = self._bands.get(sid)
        if found is not None:
            return found
        rows = cols = 1
        for style in reversed(self._chain(sid)):
            tbl_pr = style.element.find(W_TBLPR)
            if tbl_pr is not None:
                rows = _int(_val(tbl_pr.find(_w("tblStyleRowBandSize")))) or rows
                cols = _int(_val(tbl_pr.find(_w("tblStyleColBandSize")))) or cols
        found = self._bands[sid] = (max(rows, 1), max(cols, 1))
        return found

    def _layers(self, sid: str) -> dict[str, _Layer]:
        found = self._table_layers.get(sid)
        if found is not None:
            return found
        layers: dict[str, _Layer] = {}

        def add(kind: str, holder: etree._Element) -> None:
            old = layers.get(kind, _Layer())
            rpr = {**old.rpr, **_children(holder.find(W_RPR))}
            shd = _first(holder, f"{W_TCPR}/{W_SHD}", f"{W_TBLPR}/{W_SHD}")
            layers[kind] = _Layer(rpr, shd if shd is not None else old.shd)

        for style in reversed(self._chain(sid)):
            add("wholeTable", style.element)
            for conditional in style.element.iter(W_TBLSTYLEPR):
                add(conditional.get(_w("type"), ""), conditional)
        self._table_layers[sid] = layers
        return layers


def _outline_level(el: etree._Element) -> int | None:
    """Heading level 1-9 from a w:outlineLvl (0-8); 9 and above mean body text."""
    value = _int(el.get(W_VAL))
    return value + 1 if value is not None and 0 <= value <= 8 else None
