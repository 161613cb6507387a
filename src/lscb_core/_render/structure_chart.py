"""The structure chart: the board's groups and reporting lines drawn as a picture, with alt text.

The chart is a PNG drawn with Pillow in the template's colours and fonts
(:class:`ChartStyle`, read from the template's theme by the caller): the
accent colour for boxes and lines, the text colour for names, the theme's
body font for names and its heading font for panel labels, each mapped to a
TrueType font this machine has (Arial to Liberation Sans, Calibri to Carlito
and so on), else Pillow's own font. The alternative text describes every
group and reporting line in words.
"""

from __future__ import annotations

import functools
import io
import re
from collections.abc import Sequence
from typing import TYPE_CHECKING

import attrs

from lscb_core._base.blocks import Image as ImageBlock
from lscb_core._base.colours import contrast_ratio, is_hex_colour, readable_on_white

if TYPE_CHECKING:  # Pillow is imported only when a chart is drawn
    from PIL import ImageFont

__all__ = ["ChartStyle", "OrgUnit", "structure_alt_text", "structure_chart"]


@attrs.frozen
class ChartStyle:
    """The colours (``RRGGBB``) and font family names the chart is drawn in: the template theme's."""

    accent: str = "1D4F76"
    text: str = "1A1A1A"
    body_font: str | None = None
    heading_font: str | None = None


@attrs.frozen
class OrgUnit:
    """One box of the chart, as the section describes it (the renderer knows nothing of the model).

    ``label`` names the kind of group on the panel that holds it; ``strong``
    draws it filled (boards and executives); ``beside`` places it either side
    of its parent at the top (reference groups).
    """

    id: str
    name: str
    reports_to: str | None
    label: str
    strong: bool = False
    beside: bool = False


Structure = Sequence[OrgUnit]
Group = OrgUnit


def _top(structure: Structure) -> list[OrgUnit]:
    known = {g.id for g in structure}
    return [g for g in structure if g.reports_to is None or g.reports_to not in known]


WIDTH = 1800
MARGIN = 30
GAP = 24
COLUMNS = 4
FONT_SIZE = 30
LABEL_SIZE = 26
PAD = 16
LINE = 4

RULE = (191, 191, 191)
WHITE = (255, 255, 255)

Colour = tuple[int, int, int]


def _rgb(colour: str) -> Colour:
    colour = colour.lstrip("#")
    return (int(colour[0:2], 16), int(colour[2:4], 16), int(colour[4:6], 16))


def _mix(colour: Colour, share: float) -> Colour:
    """``colour`` with ``share`` of it kept and the rest white."""
    r, g, b = (round(c * share + 255 * (1 - share)) for c in colour)
    return (r, g, b)


@attrs.frozen
class _Palette:
    accent: Colour
    tint: Colour
    panel: Colour
    text: Colour

    @classmethod
    def of(cls, style: ChartStyle) -> _Palette:
        # White names on the accent and accent labels on white must stay readable.
        accent = readable_on_white(style.accent) if is_hex_colour(style.accent) else ChartStyle().accent
        text = style.text.lstrip("#") if is_hex_colour(style.text) else ChartStyle().text
        if contrast_ratio(text, "FFFFFF") < 4.5:
            text = ChartStyle().text
        return cls(_rgb(accent), _mix(_rgb(accent), 0.1), _mix(_rgb(accent), 0.04), _rgb(text))


# Fonts a template names, and the metric-compatible free fonts that stand in for them.
_STAND_INS: dict[str, tuple[str, ...]] = {
    "arial": ("LiberationSans-Regular.ttf",),
    "helvetica": ("LiberationSans-Regular.ttf",),
    "times new roman": ("LiberationSerif-Regular.ttf",),
    "courier new": ("LiberationMono-Regular.ttf",),
    "calibri": ("Carlito-Regular.ttf",),
    "cambria": ("Caladea-Regular.ttf",),
    "verdana": ("DejaVuSans.ttf",),
}


def _font_files(family: str) -> tuple[str, ...]:
    compact = re.sub(r"\s+", "", family)
    own = (f"{family}.ttf", f"{compact}.ttf", f"{compact}-Regular.ttf", f"{compact.lower()}.ttf")
    return (*own, *_STAND_INS.get(family.strip().lower(), ()))


@functools.cache
def _font_file(family: str | None) -> str | None:
    """The file name Pillow finds for ``family`` (it searches the system's font folders), or None."""
    if not family or not re.fullmatch(r"[\w .-]{1,64}", family):
        return None
    from PIL import ImageFont

    for name in _font_files(family):
        try:
            ImageFont.truetype(name, 12)
        except OSError:
            continue
        return name
    return None


def _font(size: int, family: str | None = None) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    from PIL import ImageFont

    found = _font_file(family)
    if found is not None:
        return ImageFont.truetype(found, size)
    return ImageFont.load_default(size=size)


@attrs.define
class _Box:
    group: Group
    x: int
    y: int
    w: int
    h: int
    lines: list[str]

    @property
    def bottom(self) -> int:
        return self.y + self.h

    @property
    def centre(self) -> int:
        return self.x + self.w // 2


class _Canvas:
    """Collects what to draw (measured first, drawn once the height is known)."""

    def __init__(self, style: ChartStyle) -> None:
        from PIL import Image, ImageDraw

        self.font = _font(FONT_SIZE, style.body_font)
        self.label_font = _font(LABEL_SIZE, style.heading_font or style.body_font)
        self.boxes: list[tuple[_Box, bool]] = []
        self.lines: list[tuple[int, int, int, int]] = []
        self.panels: list[tuple[int, int, int, int, str]] = []
        self._measure = ImageDraw.Draw(Image.new("RGB", (1, 1)))

    def wrap(self, text: str, width: int) -> list[str]:
        words = text.split()
        lines: list[str] = []
        current = ""
        for word in words:
            trial = f"{current} {word}".strip()
            if self._measure.textlength(trial, font=self.font) <= width - 2 * PAD or not current:
                current = trial
            else:
                lines.append(current)
                current = word
        if current:
            lines.append(current)
        return lines or [""]

    def box_height(self, lines: Sequence[str]) -> int:
        return len(lines) * (FONT_SIZE + 8) + 2 * PAD

    def add_box(
        self, group: Group, x: int, y: int, w: int, h: int | None = None, *, strong: bool = False
    ) -> _Box:
        lines = self.wrap(group.name, w)
        box = _Box(group, x, y, w, h or self.box_height(lines), lines)
        self.boxes.append((box, strong))
        return box


def _children(structure: Structure, group: Group) -> list[Group]:
    return [g for g in structure if g.reports_to == group.id and g.id != group.id]


def _layout(canvas: _Canvas, structure: Structure, group: Group, y: int, seen: set[str], *, top: bool) -> int:
    """Lay out ``group`` and everything under it from ``y``; returns the y below it."""
    seen.add(group.id)
    children = [c for c in _children(structure, group) if c.id not in seen]
    side = [c for c in children if c.beside] if top else []
    below = [c for c in children if c not in side]
    width = (WIDTH - 2 * MARGIN - (COLUMNS - 1) * GAP) // COLUMNS
    centre_w = width + GAP
    x = (WIDTH - centre_w) // 2
    strong = group.strong
    lines = canvas.wrap(group.name, centre_w)
    side_lines = [canvas.wrap(s.name, width) for s in side]
    height = max([canvas.box_height(lines), *(canvas.box_height(s) for s in side_lines)])
    box = canvas.add_box(group, x, y, centre_w, height, strong=strong)
    # Reference groups sit either side of the board, joined to it.
    for i, other in enumerate(side[:2]):
        sx = MARGIN if i == 0 else WIDTH - MARGIN - width
        seen.add(other.id)
        canvas.add_box(other, sx, y, width, height)
        edge = x if i == 0 else x + centre_w
        canvas.lines.append((sx + width if i == 0 else sx, y + height // 2, edge, y + height // 2))
    y = box.bottom
    if not below:
        return y
    if len(below) == 1 and _children(structure, below[0]):
        canvas.lines.append((box.centre, y, box.centre, y + 2 * GAP))
        return _layout(canvas, structure, below[0], y + 2 * GAP, seen, top=False)
    leaves = [c for c in below if not _children(structure, c)]
    parents = [c for c in below if _children(structure, c)]
    panel_top = y + 2 * GAP
    canvas.lines.append((box.centre, y, box.centre, panel_top))
    kinds = {g.label for g in below}
    label = next(iter(kinds)) if len(kinds) == 1 else f"Reporting to {group.name}"
    return _panel(
        canvas, structure, [*_rows(leaves), *([parents] if parents else [])], panel_top, label, seen
    )


def _rows(groups: Sequence[Group]) -> list[list[Group]]:
    """Groups in rows of four (five fit in one row, which reads better than four and one)."""
    per_row = COLUMNS + 1 if len(groups) == COLUMNS + 1 else COLUMNS
    return [list(groups[i : i + per_row]) for i in range(0, len(groups), per_row)]


def _panel(
    canvas: _Canvas,
    structure: Structure,
    rows: Sequence[Sequence[Group]],
    top: int,
    label: str,
    seen: set[str],
) -> int:
    """A labelled panel of boxes, row by row, then the groups reporting to any of them below it."""
    inner_y = top + LABEL_SIZE + 2 * PAD
    parents: list[_Box] = []
    for row in rows:
        columns = max(COLUMNS, len(row))
        width = (WIDTH - 2 * MARGIN - (columns - 1) * GAP) // columns
        height = max(canvas.box_height(canvas.wrap(g.name, width)) for g in row)
        x = (WIDTH - (len(row) * width + (len(row) - 1) * GAP)) // 2
        for g in row:
            seen.add(g.id)
            placed = canvas.add_box(g, x, inner_y, width, height)
            if _children(structure, g):
                parents.append(placed)
            x += width + GAP
        inner_y += height + GAP
    canvas.panels.append((MARGIN // 2, top, WIDTH - MARGIN // 2, inner_y, label))
    for parent in parents:
        below = inner_y + 2 * GAP
        canvas.lines.append((parent.centre, parent.bottom, parent.centre, below))
        children = [c for c in _children(structure, parent.group) if c.id not in seen]
        inner_y = _panel(canvas, structure, _rows(children), below, f"Reporting to {parent.group.name}", seen)
    return inner_y


def structure_chart(
    structure: Structure, *, title: str = "Structure chart", style: ChartStyle | None = None
) -> ImageBlock | None:
    """The chart as an image block in ``style`` (lscb's house style when not given), or ``None`` when there are no groups."""
    if not structure:
        return None
    style = style or ChartStyle()
    palette = _Palette.of(style)
    canvas = _Canvas(style)
    seen: set[str] = set()
    y = MARGIN
    for top in _top(structure):
        if top.id in seen:
            continue
        y = _layout(canvas, structure, top, y, seen, top=True) + 2 * GAP
    # Groups in a circle of reporting lines have no top; draw them anyway.
    for group in structure:
        if group.id not in seen:
            y = _layout(canvas, structure, group, y, seen, top=False) + 2 * GAP
    height = y - GAP
    from PIL import Image, ImageDraw

    picture = Image.new("RGB", (WIDTH, height), WHITE)
    draw = ImageDraw.Draw(picture)
    for x0, y0, x1, y1, label in canvas.panels:
        draw.rounded_rectangle((x0, y0, x1, y1), radius=14, fill=palette.panel, outline=RULE, width=2)
        draw.text((x0 + PAD + 6, y0 + PAD - 4), label.upper(), font=canvas.label_font, fill=palette.accent)
    for x0, y0, x1, y1 in canvas.lines:
        draw.line((x0, y0, x1, y1), fill=palette.accent, width=LINE)
    for box, strong in canvas.boxes:
        fill, ink = (palette.accent, WHITE) if strong else (palette.tint, palette.text)
        draw.rounded_rectangle(
            (box.x, box.y, box.x + box.w, box.bottom), radius=10, fill=fill, outline=palette.accent, width=2
        )
        text_h = len(box.lines) * (FONT_SIZE + 8) - 8
        ty = box.y + (box.h - text_h) // 2
        for line in box.lines:
            lw = draw.textlength(line, font=canvas.font)
            draw.text((box.x + (box.w - lw) / 2, ty), line, font=canvas.font, fill=ink)
            ty += FONT_SIZE + 8
    out = io.BytesIO()
    picture.save(out, format="PNG", compress_level=3)
    return ImageBlock(
        out.getvalue(), structure_alt_text(structure, title=title), width_cm=16.0, name="structure-chart"
    )


def structure_alt_text(structure: Structure, *, title: str = "Structure chart") -> str:
    """Every group and reporting line, in words."""
    sentences = [f"{title}."]
    known = {g.id for g in structure}
    for group in structure:
        children = [g.name for g in structure if g.reports_to == group.id]
        if group.reports_to is None or group.reports_to not in known:
            sentences.append(f"{group.name} is at the top of the structure.")
        if children:
            sentences.append(f"Reporting to {group.name}: {'; '.join(children)}.")
    return " ".join(sentences)
