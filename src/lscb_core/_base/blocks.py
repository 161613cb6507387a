"""Content blocks: what sections produce and the Word renderer draws.

Sections describe content with these small frozen objects rather than with
Word XML, so that plugins need not know WordprocessingML, every value is
escaped in one place, and content can be tested without a document.
"""

from __future__ import annotations

import enum
import functools
import types
import typing
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any, TypeAlias, get_args, get_origin

import attrs

from lscb_core._base.charts import ChartSpec, Gap, alt_text, format_value

__all__ = [
    "Align",
    "Block",
    "BulletList",
    "Cell",
    "Chart",
    "Column",
    "Heading",
    "Image",
    "Inline",
    "KeyFigure",
    "KeyFigures",
    "Link",
    "NumberedList",
    "PageBreak",
    "Paragraph",
    "Quote",
    "Row",
    "Signature",
    "Table",
    "Text",
    "WordFragment",
    "blocks_problem",
    "chart_table",
    "paragraph",
]


@attrs.frozen
class Text:
    """A run of text, perhaps bold or italic."""

    text: str
    bold: bool = False
    italic: bool = False


@attrs.frozen
class Link:
    """A hyperlink. ``url`` must be http, https or mailto; ``text`` should say where it leads."""

    text: str
    url: str
    bold: bool = False
    italic: bool = False


Inline: TypeAlias = Text | Link


@attrs.frozen
class Paragraph:
    """A paragraph of inline text in a named paragraph style (``Normal`` when ``None``)."""

    inlines: tuple[Inline, ...]
    style: str | None = None


def paragraph(text: str, style: str | None = None, *, bold: bool = False) -> Paragraph:
    """A paragraph of plain text."""
    return Paragraph((Text(text, bold=bold),), style)


@attrs.frozen
class Heading:
    """A heading. Level 1 starts a section; the renderer keeps levels from skipping.

    ``anchor`` names a bookmark for links and the contents page (made when ``None``).
    """

    text: str
    level: int = attrs.field(validator=[attrs.validators.ge(1), attrs.validators.le(6)])
    page_break: bool = False
    anchor: str | None = None
    in_contents: bool = True


@attrs.frozen
class BulletList:
    """A list of items, each a sequence of blocks (usually one paragraph)."""

    items: tuple[tuple[Block, ...], ...]


@attrs.frozen
class NumberedList:
    """A numbered list that starts at ``start`` (each list restarts its numbering)."""

    items: tuple[tuple[Block, ...], ...]
    start: int = 1


@attrs.frozen
class Quote:
    """Words quoted from someone else, set apart, with their source when known."""

    blocks: tuple[Block, ...]
    source: str | None = None


class Align(enum.Enum):
    LEFT = "left"
    RIGHT = "right"


@attrs.frozen
class Column:
    """A table column: its heading, and how its cells align (numbers right)."""

    heading: str
    align: Align = Align.LEFT
    width: float | None = None


@attrs.frozen
class Cell:
    """A table cell: inline content, or plain text."""

    inlines: tuple[Inline, ...]

    @classmethod
    def of(cls, value: str | Sequence[Inline]) -> Cell:
        return cls((Text(value),) if isinstance(value, str) else tuple(value))

    @property
    def text(self) -> str:
        """The cell's text as printed, without its formatting."""
        return "".join(inline.text for inline in self.inlines)


@attrs.frozen
class Row:
    """A table row; ``total`` marks a total row, set apart at the foot of the table."""

    cells: tuple[Cell, ...]
    total: bool = False


@attrs.frozen
class Table:
    """A data table with a header row that repeats on every page.

    ``caption`` goes above the table (screen readers announce it); ``notes``
    go under it (for example what a suppressed count's symbol means).
    """

    columns: tuple[Column, ...]
    rows: tuple[Row, ...]
    caption: str | None = None
    notes: tuple[str, ...] = ()

    def __attrs_post_init__(self) -> None:
        for i, row in enumerate(self.rows):
            if len(row.cells) != len(self.columns):
                raise ValueError(
                    f"row {i + 1} has {len(row.cells)} cells but the table has {len(self.columns)} columns"
                )


@attrs.frozen
class KeyFigure:
    """A headline number with what it counts: ``56`` / ``child death reviews``."""

    value: str
    label: str


@attrs.frozen
class KeyFigures:
    """A row of headline numbers, drawn large."""

    figures: tuple[KeyFigure, ...]


@attrs.frozen
class Image:
    """A picture (PNG or JPEG bytes) with the alternative text a screen reader reads out."""

    data: bytes = attrs.field(repr=False)
    alt: str
    width_cm: float = 16.0
    name: str = "image"

    def __attrs_post_init__(self) -> None:
        if not self.alt.strip():
            raise ValueError("an image needs alternative text")


def _chart_alt(chart: Chart) -> str:
    return alt_text(chart.spec)


@attrs.frozen
class Chart:
    """A chart drawn from ``spec``: an editable chart in Word, a picture on the web.

    A chart alone is not accessible: a section puts a :class:`Table` of the
    same numbers beside it, or names the bookmark of the heading above that
    table in ``table_anchor`` (an appendix, say), and the chart links to it.
    ``alt`` is written from the data unless given. ``height_cm`` is chosen
    from the number of bars when not given.
    """

    spec: ChartSpec
    alt: str = attrs.field(default=attrs.Factory(_chart_alt, takes_self=True))
    width_cm: float = attrs.field(default=16.0, validator=[attrs.validators.gt(2), attrs.validators.le(30)])
    height_cm: float | None = attrs.field(
        default=None, validator=attrs.validators.optional([attrs.validators.gt(2), attrs.validators.le(30)])
    )
    table_anchor: str | None = None

    def __attrs_post_init__(self) -> None:
        if not self.alt.strip():
            raise ValueError("a chart needs alternative text")


def chart_table(spec: ChartSpec, *, symbol: str = "c", caption: str | None = None) -> Table:
    """The numbers of a chart as a table: a row for each category, a column for each series.

    Suppressed values are shown as ``symbol``, values with no figure as a dash.
    """
    columns = (Column(spec.category_title), *(Column(s.name, Align.RIGHT) for s in spec.series))
    rows = []
    for c, category in enumerate(spec.categories):
        cells = [Cell.of(category)]
        for series in spec.series:
            value = series.values[c]
            if value is Gap.SUPPRESSED:
                cells.append(Cell.of(symbol))
            elif isinstance(value, Gap):
                cells.append(Cell.of("–"))
            else:
                cells.append(Cell.of(format_value(value, spec.unit)))
        rows.append(Row(tuple(cells)))
    notes = (spec.note,) if spec.note else ()
    return Table(columns, tuple(rows), caption if caption is not None else spec.title, notes)


@attrs.frozen
class Signature:
    """A signature block: name, then role lines."""

    name: str
    lines: tuple[str, ...] = ()


@attrs.frozen
class PageBreak:
    """Start a new page."""


def _blocks_or_none(value: Sequence[Block] | None) -> tuple[Block, ...] | None:
    if value is None:
        return None
    blocks = tuple(value)
    if any(isinstance(block, WordFragment) for block in blocks):
        raise ValueError("the HTML form of a Word fragment cannot hold another Word fragment")
    return blocks


@attrs.frozen
class WordFragment:
    """A piece of Word document made from a docxtpl template file and its context.

    Its styles, numbering and pictures are merged into the report. Data values
    in ``context`` are escaped; the template itself is rendered in the sandbox.
    Before that, lscb cleans the file as it does a board's template (refusing
    macros and remote content, removing comments, tracked changes, hidden
    text and personal metadata) and puts the cleaned package in ``package``;
    the renderer uses only that. A plugin leaves ``package`` unset (if it sets
    it, those bytes are cleaned instead of the file).

    ``html`` is the same content as ordinary blocks, for the web edition (which
    cannot show Word XML). Without it, building the web edition fails with an
    error naming the plugin and section.
    """

    template: Path
    context: Mapping[str, Any] = attrs.field(factory=dict)
    package: bytes | None = attrs.field(default=None, repr=False)
    html: tuple[Block, ...] | None = attrs.field(default=None, converter=_blocks_or_none)


Block: TypeAlias = (
    Paragraph
    | Heading
    | BulletList
    | NumberedList
    | Quote
    | Table
    | KeyFigures
    | Image
    | Chart
    | Signature
    | PageBreak
    | WordFragment
)


# --- checking what a plugin returns, against the types above -------------------------


def blocks_problem(value: object) -> str | None:
    """What is wrong with ``value`` as a list of blocks, or ``None`` when nothing is.

    Every field of every block, down to the last run of text, is checked
    against its declared type, so that a wrong value is caught where a plugin
    hands it over rather than when the document is drawn.
    """
    if isinstance(value, str | bytes) or not isinstance(value, list | tuple):
        return f"returned {_kind(value)}, not a list of blocks"
    fits = _fits(Block)
    for i, block in enumerate(value, 1):
        if fits(block):
            continue
        problem = _problem(block, Block, f"item {i}")
        if problem is not None:
            return f"returned a list whose {problem}"
    return None


def _kind(value: object) -> str:
    shown = repr(value)
    shown = shown if len(shown) <= 40 else shown[:37] + "..."
    return f"{type(value).__name__} {shown}" if not attrs.has(type(value)) else type(value).__name__


def _wanted(hint: Any) -> str:
    if hint is type(None):
        return "None"
    if get_origin(hint) in (typing.Union, types.UnionType):
        return " or ".join(_wanted(h) for h in get_args(hint))
    if get_origin(hint) is tuple:
        return "a tuple"
    if get_origin(hint) is not None:
        return str(get_origin(hint).__name__)
    name = str(hint.__name__)
    return {"str": "text", "bool": "true or false", "int": "a whole number", "float": "a number"}.get(
        name, name
    )


@functools.cache
def _fits(hint: Any) -> Callable[[object], bool]:
    """A quick yes-or-no test of a value against a type; :func:`_problem` then says what is wrong."""
    origin = get_origin(hint)
    if hint is Any:
        return lambda value: True
    if origin in (typing.Union, types.UnionType):
        options = {get_origin(o) or o: o for o in get_args(hint)}
        tests: dict[type, Callable[[object], bool]] = {}

        def union(value: object) -> bool:
            test = tests.get(type(value))
            if test is None:
                option = options.get(type(value))
                if option is None:
                    return any(isinstance(value, cl) and _fits(o)(value) for cl, o in options.items())
                test = tests[type(value)] = _fits(option)
            return test(value)

        return union
    if origin is tuple:
        item = get_args(hint)[0]
        element: list[Callable[[object], bool]] = []

        def sequence(value: object) -> bool:
            if not isinstance(value, tuple | list):
                return False
            if not element:
                element.append(_fits(item))
            return all(map(element[0], value))

        return sequence
    if origin is not None:
        return lambda value: isinstance(value, origin) and all(isinstance(k, str) for k in value)
    if hint is float:
        return lambda value: isinstance(value, int | float) and not isinstance(value, bool)
    if hint is int:
        return lambda value: isinstance(value, int) and not isinstance(value, bool)
    if attrs.has(hint):
        fields: list[tuple[str, Callable[[object], bool]]] = []

        def record(value: object) -> bool:
            if not isinstance(value, hint):
                return False
            if not fields:
                fields.extend((name, _fits(h)) for name, h in _hints(hint))
            return all(test(getattr(value, name)) for name, test in fields)

        return record
    return lambda value: isinstance(value, hint)


@functools.cache
def _hints(cl: type) -> tuple[tuple[str, Any], ...]:
    hints = typing.get_type_hints(cl)
    return tuple((a.name, hints[a.name]) for a in attrs.fields(cl))


def _problem(value: object, hint: Any, where: str) -> str | None:
    origin = get_origin(hint)
    if hint is Any:
        return None
    if origin in (typing.Union, types.UnionType):
        options = get_args(hint)
        for option in options:
            if isinstance(value, get_origin(option) or option):
                return _problem(value, option, where)
        if any(attrs.has(o) for o in options) and not attrs.has(type(value)):
            return (
                f"{where} is {_kind(value)}, not a block"
                if hint is Block
                else f"{where} is {_kind(value)}, not {_wanted(hint)}"
            )
        return f"{where} is {_kind(value)}, not {_wanted(hint)}"
    if origin is tuple:
        if isinstance(value, str | bytes) or not isinstance(value, list | tuple):
            return f"{where} is {_kind(value)}, not a tuple"
        item = get_args(hint)[0]
        for i, element in enumerate(value):
            problem = _problem(element, item, f"{where}[{i}]")
            if problem is not None:
                return problem
        return None
    if origin is not None:  # Mapping[str, Any]
        if not isinstance(value, origin):
            return f"{where} is {_kind(value)}, not a mapping"
        bad = next((k for k in value if not isinstance(k, str)), None) if isinstance(value, Mapping) else None
        return None if bad is None else f"{where} has the key {bad!r}, which is not text"
    if hint is float:
        ok = isinstance(value, int | float) and not isinstance(value, bool)
    elif hint is int:
        ok = isinstance(value, int) and not isinstance(value, bool)
    else:
        ok = isinstance(value, hint)
    if not ok:
        return f"{where} is {_kind(value)}, not {_wanted(hint)}"
    if attrs.has(hint):
        for name, field_hint in _hints(hint):
            problem = _problem(getattr(value, name), field_hint, f"{where} ({hint.__name__}) {name}")
            if problem is not None:
                return problem
    return None
