"""The template theme's colours and fonts, as plain values for what lscb draws itself (the structure chart)."""

from __future__ import annotations

import functools
import io
import re
import zipfile
from pathlib import Path

from lxml import etree

from lscb_core._accessibility.colour import theme_colours
from lscb_core._base.namespaces import A
from lscb_core._loading.paths import Place, place
from lscb_core._render.document import RenderError, default_template
from lscb_core._render.structure_chart import ChartStyle

__all__ = ["chart_style", "template_chart_style"]

_MAX_THEME_BYTES = 4 * 1024 * 1024


def _parser() -> etree.XMLParser:
    return etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)


def chart_style(data: bytes) -> ChartStyle:
    """The chart style of a Word package's theme: accent 1, text 1, the heading and body latin fonts.

    What the theme does not say (or a package that cannot be read) keeps lscb's house style.
    """
    default = ChartStyle()
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = archive.namelist()
            themes = sorted(n for n in names if re.fullmatch(r"word/theme/theme\d*\.xml", n))
            if not themes or archive.getinfo(themes[0]).file_size > _MAX_THEME_BYTES:
                return default
            theme = etree.fromstring(archive.read(themes[0]), _parser())
            settings = None
            if (
                "word/settings.xml" in names
                and archive.getinfo("word/settings.xml").file_size < _MAX_THEME_BYTES
            ):
                settings = etree.fromstring(archive.read("word/settings.xml"), _parser())
    except (OSError, zipfile.BadZipFile, KeyError, ValueError, etree.XMLSyntaxError):
        return default
    colours = theme_colours(theme, settings)

    def font(kind: str) -> str | None:
        latin = theme.find(f".//{{{A}}}fontScheme/{{{A}}}{kind}Font/{{{A}}}latin")
        typeface = (latin.get("typeface") or "").strip() if latin is not None else ""
        return typeface or None

    return ChartStyle(
        accent=colours.get("accent1", default.accent),
        text=colours.get("text1", default.text),
        body_font=font("minor"),
        heading_font=font("major"),
    )


def template_chart_style(name: str | None, board_dir: Path) -> ChartStyle:
    """The chart style of the board's template (``settings.yaml`` ``template:``), or of lscb's default."""
    try:
        if not name:
            path = default_template()
        else:
            if place(board_dir, board_dir / name) is not Place.INSIDE:
                return ChartStyle()
            path = (board_dir / name).resolve()
        stat = path.stat()
    except (OSError, RenderError):
        return ChartStyle()
    return _cached(str(path), stat.st_mtime_ns, stat.st_size)


@functools.lru_cache(maxsize=16)
def _cached(path: str, mtime: int, size: int) -> ChartStyle:
    try:
        return chart_style(Path(path).read_bytes())
    except OSError:
        return ChartStyle()
