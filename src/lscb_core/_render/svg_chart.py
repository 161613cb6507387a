"""Charts as inline SVG for the web edition, drawn from the same :class:`ChartSpec` as the Word chart.

The picture is one ``<svg role="img">`` labelled by its ``<title>`` (the
chart's title) and ``<desc>`` (the alternative text); it has no script, no
event attributes and no external references. Every colour has at least 3:1
contrast with the background, as WCAG asks of graphical objects, and colour is
never the only cue: the second and later series are hatched, each with its own
pattern, lines have their own markers and dashes, and values are written on
the bars. Values that are suppressed or have no figure are not drawn; a note
under the chart says so. The same data give the same text, byte for byte.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from xml.sax.saxutils import escape as _escape

from lscb_core._base.charts import ChartKind, ChartSpec, Gap, alt_text, format_value

__all__ = ["DEFAULT_PALETTE", "contrast_ratio", "svg_chart"]

DEFAULT_PALETTE = ("1D4F76", "B3412E", "2D6A35", "6B4C9A", "8A5A00", "0F6C7A")
"""Series colours, each at least 4.5:1 on white: dark blue, brick red, green, purple, ochre, teal.

The default template's theme has the same accents, so a report's Word and web charts match.
"""
_BACKGROUND = "FFFFFF"
_TEXT = "1A1A1A"
_GRID = "BFBFBF"
_AXIS = "595959"
_MIN_CONTRAST = 3.0
_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")

_WIDTH = 640
_FONT = 12
_CHAR = 0.56 * _FONT
"""An estimate of the width of one character of label text, for layout."""


def _x(text: str) -> str:
    return _escape(_ILLEGAL.sub("", text), {'"': "&quot;"})


def _channel(value: int) -> float:
    c = value / 255
    return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4


def _luminance(colour: str) -> float:
    r, g, b = (_channel(int(colour[i : i + 2], 16)) for i in (0, 2, 4))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast_ratio(a: str, b: str) -> float:
    """The WCAG contrast ratio of two ``RRGGBB`` colours."""
    high, low = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def _palette(given: Sequence[str] | None) -> list[str]:
    """The given colours that have enough contrast on the background, then the default ones."""
    out: list[str] = []
    for colour in (*(given or ()), *DEFAULT_PALETTE):
        colour = colour.strip().lstrip("#").upper()
        if (
            re.fullmatch(r"[0-9A-F]{6}", colour)
            and colour not in out
            and contrast_ratio(colour, _BACKGROUND) >= _MIN_CONTRAST
        ):
            out.append(colour)
    return out


def _nice_step(span: float, ticks: int = 5, *, whole: bool = False) -> float:
    """A round step between ticks: 1, 2, 2.5 or 5 times a power of ten (not 2.5 for whole numbers)."""
    if span <= 0:
        return 1.0
    raw = span / ticks
    power: float = 10.0 ** math.floor(math.log10(raw))
    for factor in (1, 2, 5, 10) if whole and power < 10 else (1, 2, 2.5, 5, 10):
        if raw <= factor * power:
            return factor * power
    return 10 * power  # pragma: no cover - the loop always returns


def _scale(spec: ChartSpec) -> tuple[float, float, float]:
    """The value axis: lowest, highest and step between ticks."""
    if spec.stacked:
        positive: dict[int, float] = {}
        for _, c, v in spec.plotted():
            positive[c] = positive.get(c, 0.0) + v
        values = list(positive.values())
    else:
        values = [v for _, _, v in spec.plotted()]
    high = max([0.0, *values])
    low = min([0.0, *values])
    whole = all(float(v).is_integer() for _, _, v in spec.plotted())
    step = _nice_step(high - low, whole=whole)
    if whole:
        step = max(1.0, step)
    top = math.ceil(high / step) * step if high > 0 else 0.0
    if high > 0 and top - high < 0.06 * (top - low):
        top += step  # room above the tallest bar for its label
    bottom = math.floor(low / step) * step if low < 0 else 0.0
    if top == bottom:
        top = bottom + step
    return bottom, top, step


def _wrap(text: str, width: int) -> list[str]:
    """Words in lines of at most ``width`` characters (a longer word on its own line)."""
    lines: list[str] = []
    for word in text.split():
        if lines and len(lines[-1]) + 1 + len(word) <= width:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return lines or [""]


def _inside(x: float, y: float, label: str, fill: str) -> str:
    """A value written inside a bar: white on a dark solid fill, else dark with a white outline."""
    if fill.startswith("#") and contrast_ratio(fill[1:], _BACKGROUND) >= 4.5:
        return _text(x, y, label, anchor="middle", size=10, colour=_BACKGROUND)
    return _text(x, y, label, anchor="middle", size=10, halo=True)


def _text(
    x: float,
    y: float,
    text: str | Sequence[str],
    *,
    anchor: str = "start",
    size: int = _FONT,
    bold: bool = False,
    halo: bool = False,
    rotate: bool = False,
    colour: str | None = None,
) -> str:
    lines = [text] if isinstance(text, str) else list(text)
    attrs = f'x="{x:.1f}" y="{y:.1f}" font-size="{size}" text-anchor="{anchor}"'
    if colour is not None:
        attrs += f' fill="#{colour}"'
    if bold:
        attrs += ' font-weight="bold"'
    if halo:
        # A white outline behind the letters keeps a label readable over a bar or a pattern.
        attrs += f' stroke="#{_BACKGROUND}" stroke-width="3" stroke-linejoin="round" paint-order="stroke"'
    if rotate:
        attrs += f' transform="rotate(-90 {x:.1f} {y:.1f})"'
    if len(lines) == 1:
        return f"<text {attrs}>{_x(lines[0])}</text>"
    spans = "".join(
        f'<tspan x="{x:.1f}" dy="{0 if i == 0 else size * 1.15:.1f}">{_x(line)}</tspan>'
        for i, line in enumerate(lines)
    )
    return f"<text {attrs}>{spans}</text>"


def _patterns(prefix: str, colours: Sequence[str], count: int) -> tuple[str, list[str]]:
    """Defs for the series fills: solid for the first, a different hatching for each other."""
    shapes = (
        None,
        '<path d="M0 6L6 0M-1 1L1 -1M5 7L7 5" stroke="#{c}" stroke-width="2"/>',
        '<path d="M0 0H6M0 0V6" stroke="#{c}" stroke-width="2.2"/>',
        '<path d="M0 0L6 6M-1 5L1 7M5 -1L7 1" stroke="#{c}" stroke-width="2"/>',
        '<circle cx="3" cy="3" r="1.8" fill="#{c}"/>',
        '<path d="M0 0V6" stroke="#{c}" stroke-width="3"/>',
    )
    defs = []
    fills = []
    for i in range(count):
        colour = colours[i % len(colours)]
        shape = shapes[i % len(shapes)]
        if shape is None:
            fills.append(f"#{colour}")
            continue
        pid = f"{prefix}-fill{i + 1}"
        defs.append(
            f'<pattern id="{pid}" width="6" height="6" patternUnits="userSpaceOnUse">'
            f'<rect width="6" height="6" fill="#{_BACKGROUND}"/>{shape.format(c=colour)}</pattern>'
        )
        fills.append(f"url(#{pid})")
    return "".join(defs), fills


_MARKERS = ("circle", "square", "triangle", "diamond", "cross", "plus")
_DASHES = ("", "6 3", "2 3", "8 3 2 3", "1 2", "10 4")


def _marker(kind: str, x: float, y: float, colour: str) -> str:
    r = 4.5
    if kind == "circle":
        return f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{r}" fill="#{colour}"/>'
    if kind == "square":
        return f'<rect x="{x - r:.1f}" y="{y - r:.1f}" width="{2 * r}" height="{2 * r}" fill="#{colour}"/>'
    if kind == "triangle":
        return f'<path d="M{x:.1f} {y - r - 1:.1f}L{x + r + 1:.1f} {y + r:.1f}H{x - r - 1:.1f}Z" fill="#{colour}"/>'
    if kind == "diamond":
        return f'<path d="M{x:.1f} {y - r - 1:.1f}L{x + r + 1:.1f} {y:.1f}L{x:.1f} {y + r + 1:.1f}L{x - r - 1:.1f} {y:.1f}Z" fill="#{colour}"/>'
    if kind == "cross":
        return f'<path d="M{x - r:.1f} {y - r:.1f}L{x + r:.1f} {y + r:.1f}M{x + r:.1f} {y - r:.1f}L{x - r:.1f} {y + r:.1f}" stroke="#{colour}" stroke-width="2.5"/>'
    return f'<path d="M{x - r:.1f} {y:.1f}H{x + r:.1f}M{x:.1f} {y - r:.1f}V{y + r:.1f}" stroke="#{colour}" stroke-width="2.5"/>'


def svg_chart(
    spec: ChartSpec,
    *,
    alt: str | None = None,
    palette: Sequence[str] | None = None,
    font_family: str = "system-ui, -apple-system, 'Segoe UI', Arial, sans-serif",
    id_prefix: str = "chart",
    notes: bool = True,
) -> str:
    """The chart as an accessible inline SVG element.

    ``alt`` is the description (written from the data when ``None``);
    ``palette`` the series colours to use first (``RRGGBB``, such as a
    theme's accents), each kept only if it has 3:1 contrast on white;
    ``id_prefix`` keeps the ids of several charts on one page apart;
    ``notes`` draws the chart's note, and that hidden values are not plotted,
    under it (leave them out when the page writes them as text).
    """
    prefix = re.sub(r"[^A-Za-z0-9_-]", "-", id_prefix) or "chart"
    colours = _palette(palette)
    description = alt if alt is not None else alt_text(spec)
    defs, fills = _patterns(prefix, colours, len(spec.series))
    if spec.kind is ChartKind.BAR:
        height, body = _horizontal(spec, colours, fills)
    else:
        height, body = _vertical(spec, colours, fills)
    legend = ""
    if len(spec.series) > 1:
        legend_height, legend = _legend(spec, colours, fills, height)
        height += legend_height
    written = [spec.note] if spec.note else []
    if spec.suppressed:
        written.append("Values hidden to protect children and families are not plotted.")
    note_text = ""
    for note in written if notes else []:
        lines = _wrap(note, int((_WIDTH - 20) / (_CHAR * 0.92)))
        note_text += _text(10, height + 14, lines, size=11)
        height += 14 * len(lines) + 6
    height += 8
    font = _x(font_family)
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" viewBox="0 0 {_WIDTH} {height:.0f}" '
        f'aria-labelledby="{prefix}-title {prefix}-desc" font-family="{font}" fill="#{_TEXT}" '
        f'style="max-width:100%;height:auto">'
        f'<title id="{prefix}-title">{_x(spec.title)}</title><desc id="{prefix}-desc">{_x(description)}</desc>'
        f"<defs>{defs}</defs>"
        f'<rect width="{_WIDTH}" height="{height:.0f}" fill="#{_BACKGROUND}"/>'
        f"{_text(_WIDTH / 2, 22, _wrap(spec.title, 70), anchor='middle', size=15, bold=True)}"
        f"{body}{legend}{note_text}</svg>"
    )


def _title_height(spec: ChartSpec) -> float:
    return 22 + 17 * (len(_wrap(spec.title, 70)) - 1) + 16


def _ticks(bottom: float, top: float, step: float) -> list[float]:
    count = round((top - bottom) / step)
    return [bottom + i * step for i in range(count + 1)]


def _horizontal(spec: ChartSpec, colours: Sequence[str], fills: Sequence[str]) -> tuple[float, str]:
    n_series = len(spec.series)
    label_chars = 30
    wrapped = [_wrap(c, label_chars) for c in spec.categories]
    label_width = min(_WIDTH * 0.4, max(len(line) for lines in wrapped for line in lines) * _CHAR) + 8
    left = 30 + label_width
    right = _WIDTH - 60
    top = _title_height(spec)
    bar = 16.0 if spec.stacked or n_series == 1 else 12.0
    bars = 1 if spec.stacked else n_series
    rows = [max(len(lines) * 14 + 8, bars * bar + 10) for lines in wrapped]
    plot_height = sum(rows)
    bottom_value, top_value, step = _scale(spec)

    def at(value: float) -> float:
        return left + (value - bottom_value) / (top_value - bottom_value) * (right - left)

    out = []
    for tick in _ticks(bottom_value, top_value, step):
        x = at(tick)
        out.append(
            f'<path d="M{x:.1f} {top:.1f}V{top + plot_height:.1f}" stroke="#{_GRID}" stroke-width="1"/>'
        )
        out.append(_text(x, top + plot_height + 16, format_value(tick, spec.unit), anchor="middle", size=11))
    y = top
    for c, lines in enumerate(wrapped):
        height = rows[c]
        centre = y + height / 2
        out.append(_text(left - 8, centre + 4 - (len(lines) - 1) * 7, lines, anchor="end"))
        start = centre - bars * bar / 2
        offset = 0.0
        for s, series in enumerate(spec.series):
            value = series.values[c]
            if isinstance(value, Gap):
                continue
            y0 = start if spec.stacked else start + s * bar
            x0 = at(offset if spec.stacked else min(0.0, value))
            x1 = at(offset + value if spec.stacked else max(0.0, value))
            out.append(
                f'<rect x="{x0:.1f}" y="{y0:.1f}" width="{max(0.0, x1 - x0):.1f}" height="{bar - 2:.1f}" '
                f'fill="{fills[s]}" stroke="#{colours[s % len(colours)]}" stroke-width="1"/>'
            )
            label = format_value(value, spec.unit)
            if spec.stacked:
                if x1 - x0 > len(label) * _CHAR * 0.85 + 4:
                    out.append(_inside((x0 + x1) / 2, y0 + bar / 2 + 2, label, fills[s]))
                offset += value
            elif len(spec.categories) <= 30:
                x_label = x1 + 4 if value >= 0 else x0 - 4
                out.append(
                    _text(x_label, y0 + bar / 2 + 2, label, anchor="start" if value >= 0 else "end", size=10)
                )
        y += height
    zero = at(0.0)
    out.append(
        f'<path d="M{zero:.1f} {top:.1f}V{top + plot_height:.1f}" stroke="#{_AXIS}" stroke-width="1.5"/>'
    )
    out.append(
        _text((left + right) / 2, top + plot_height + 36, spec.value_title, anchor="middle", bold=True)
    )
    out.append(_text(14, top + plot_height / 2, spec.category_title, anchor="middle", bold=True, rotate=True))
    return top + plot_height + 46, "".join(out)


def _vertical(spec: ChartSpec, colours: Sequence[str], fills: Sequence[str]) -> tuple[float, str]:
    n_series = len(spec.series)
    n = len(spec.categories)
    bottom_value, top_value, step = _scale(spec)
    widest = max(len(format_value(t, spec.unit)) for t in _ticks(bottom_value, top_value, step))
    left, right = 36.0 + widest * _CHAR * 0.92, _WIDTH - 16.0
    top = _title_height(spec)
    plot_height = 260.0
    slot = (right - left) / n
    label_chars = max(4, int(slot / (_CHAR * 0.92)))
    wrapped = [_wrap(c, label_chars) for c in spec.categories]
    label_lines = min(4, max(len(lines) for lines in wrapped))

    def at(value: float) -> float:
        return top + plot_height - (value - bottom_value) / (top_value - bottom_value) * plot_height

    out = []
    for tick in _ticks(bottom_value, top_value, step):
        y = at(tick)
        out.append(f'<path d="M{left:.1f} {y:.1f}H{right:.1f}" stroke="#{_GRID}" stroke-width="1"/>')
        out.append(_text(left - 6, y + 4, format_value(tick, spec.unit), anchor="end", size=11))
    base = top + plot_height
    for c, lines in enumerate(wrapped):
        out.append(_text(left + slot * (c + 0.5), base + 16, lines[:4], anchor="middle", size=11))
    labelled = n <= 30 and (spec.kind is not ChartKind.LINE or n_series <= 2)
    if spec.kind is ChartKind.LINE:
        for s, series in enumerate(spec.series):
            colour = colours[s % len(colours)]
            runs: list[list[tuple[float, float, float]]] = [[]]
            for c, value in enumerate(series.values):
                if isinstance(value, Gap):
                    runs.append([])
                else:
                    runs[-1].append((left + slot * (c + 0.5), at(value), value))
            dash = _DASHES[s % len(_DASHES)]
            for run in runs:
                if len(run) > 1:
                    points = " ".join(f"{x:.1f},{y:.1f}" for x, y, _ in run)
                    dashed = f' stroke-dasharray="{dash}"' if dash else ""
                    out.append(
                        f'<polyline points="{points}" fill="none" stroke="#{colour}" stroke-width="2.5"{dashed}/>'
                    )
                for x, y, value in run:
                    out.append(_marker(_MARKERS[s % len(_MARKERS)], x, y, colour))
                    if labelled:
                        out.append(
                            _text(
                                x, y - 9, format_value(value, spec.unit), anchor="middle", size=10, halo=True
                            )
                        )
    else:
        bars = 1 if spec.stacked else n_series
        width = min(48.0, slot * 0.7 / bars)
        for c in range(n):
            start = left + slot * (c + 0.5) - bars * width / 2
            offset = 0.0
            for s, series in enumerate(spec.series):
                value = series.values[c]
                if isinstance(value, Gap):
                    continue
                x0 = start if spec.stacked else start + s * width
                low = offset if spec.stacked else min(0.0, value)
                high = offset + value if spec.stacked else max(0.0, value)
                out.append(
                    f'<rect x="{x0:.1f}" y="{at(high):.1f}" width="{width - 2:.1f}" height="{max(0.0, at(low) - at(high)):.1f}" '
                    f'fill="{fills[s]}" stroke="#{colours[s % len(colours)]}" stroke-width="1"/>'
                )
                label = format_value(value, spec.unit)
                if spec.stacked:
                    if at(low) - at(high) > 14:
                        out.append(_inside(x0 + width / 2 - 1, (at(low) + at(high)) / 2 + 4, label, fills[s]))
                    offset += value
                elif labelled and len(label) * _CHAR * 0.8 <= slot:
                    y_label = at(high) - 4 if value >= 0 else at(low) + 12
                    out.append(_text(x0 + width / 2 - 1, y_label, label, anchor="middle", size=10))
    zero = at(0.0)
    out.append(f'<path d="M{left:.1f} {zero:.1f}H{right:.1f}" stroke="#{_AXIS}" stroke-width="1.5"/>')
    below = base + 16 + 13 * label_lines + 10
    out.append(_text((left + right) / 2, below, spec.category_title, anchor="middle", bold=True))
    out.append(_text(16, top + plot_height / 2, spec.value_title, anchor="middle", bold=True, rotate=True))
    return below + 12, "".join(out)


def _legend(spec: ChartSpec, colours: Sequence[str], fills: Sequence[str], y: float) -> tuple[float, str]:
    out = []
    x = 20.0
    row = y + 6
    for s, series in enumerate(spec.series):
        colour = colours[s % len(colours)]
        width = 28 + len(series.name) * _CHAR + 16
        if x + width > _WIDTH - 10 and x > 20:
            x = 20.0
            row += 20
        if spec.kind is ChartKind.LINE:
            dash = _DASHES[s % len(_DASHES)]
            dashed = f' stroke-dasharray="{dash}"' if dash else ""
            out.append(
                f'<path d="M{x:.1f} {row + 6:.1f}H{x + 22:.1f}" stroke="#{colour}" stroke-width="2.5"{dashed}/>'
            )
            out.append(_marker(_MARKERS[s % len(_MARKERS)], x + 11, row + 6, colour))
        else:
            out.append(
                f'<rect x="{x:.1f}" y="{row:.1f}" width="18" height="12" fill="{fills[s]}" stroke="#{colour}" stroke-width="1"/>'
            )
        out.append(_text(x + 28, row + 11, series.name))
        x += width
    return row - y + 26, "".join(out)
