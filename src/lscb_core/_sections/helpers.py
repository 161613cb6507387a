"""Small helpers the built-in sections share."""

from __future__ import annotations

from collections.abc import Sequence

from lscb_core._base.blocks import (
    Align,
    Block,
    BulletList,
    Cell,
    Column,
    Heading,
    Inline,
    Paragraph,
    Row,
    Table,
    Text,
)

__all__ = [
    "bullets",
    "flatten_paragraphs",
    "join_words",
    "number_column",
    "plain_rows",
    "prose",
    "prune_empty_headings",
    "table",
    "text_column",
    "title_case_first",
    "within_sentence",
    "without_article",
]


def without_article(name: str) -> str:
    """``Board`` from ``the Board``: for a sentence that puts its own "the" before a name."""
    first, _, rest = name.strip().partition(" ")
    return rest.strip() if first.casefold() == "the" and rest.strip() else name.strip()


def within_sentence(phrase: str) -> str:
    """A phrase written on its own, as it reads after "the" in a sentence.

    ``Single inspection framework`` becomes ``single inspection framework``; a leading
    "the" is dropped (the sentence has its own), and a phrase that starts with an
    abbreviation or a name in capitals (``ILACS focused visit``, ``JTAI``) keeps them.
    """
    phrase = without_article(phrase)
    first = phrase.split(" ", 1)[0]
    if sum(c.isupper() for c in first) > 1:
        return phrase
    return phrase[:1].lower() + phrase[1:]


def text_column(heading: str, width: float | None = None) -> Column:
    return Column(heading, Align.LEFT, width)


def number_column(heading: str, width: float | None = None) -> Column:
    return Column(heading, Align.RIGHT, width)


def plain_rows(rows: Sequence[Sequence[str]], *, total: Sequence[str] | None = None) -> tuple[Row, ...]:
    out = [Row(tuple(Cell.of(v) for v in row)) for row in rows]
    if total is not None:
        out.append(Row(tuple(Cell.of(v) for v in total), total=True))
    return tuple(out)


def table(
    columns: Sequence[Column],
    rows: Sequence[Sequence[str]],
    *,
    caption: str | None = None,
    total: Sequence[str] | None = None,
    notes: Sequence[str] = (),
) -> Table:
    return Table(tuple(columns), plain_rows(rows, total=total), caption, tuple(notes))


def bullets(items: Sequence[str | Sequence[Inline]]) -> BulletList:
    return BulletList(tuple((Paragraph((Text(i),) if isinstance(i, str) else tuple(i)),) for i in items))


def prose(*parts: str | Inline) -> Paragraph:
    return Paragraph(tuple(Text(p) if isinstance(p, str) else p for p in parts))


def flatten_paragraphs(blocks: Sequence[Block]) -> tuple[Inline, ...]:
    """The inline content of blocks that are single paragraphs (for list items and cells)."""
    out: list[Inline] = []
    for block in blocks:
        if isinstance(block, Paragraph):
            if out:
                out.append(Text(" "))
            out.extend(block.inlines)
    return tuple(out)


def title_case_first(text: str) -> str:
    return text[:1].upper() + text[1:]


def join_words(items: Sequence[str]) -> str:
    """``a``, ``a and b``, ``a, b and c``."""
    items = [i for i in items if i]
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def prune_empty_headings(blocks: Sequence[Block]) -> list[Block]:
    """``blocks`` without the headings that have nothing under them.

    A heading has nothing under it when the next block is a heading of the
    same or a higher level (or there is no next block): a sub-heading for
    campaigns when there are none reads as a mistake.
    """
    kept: list[Block] = []
    # From the end: the level of the nearest kept heading below, or None when content follows.
    next_heading: int | None = 0
    for block in reversed(blocks):
        if isinstance(block, Heading):
            if next_heading is not None and next_heading <= block.level:
                continue
            next_heading = block.level
        else:
            next_heading = None
        kept.append(block)
    kept.reverse()
    return kept
