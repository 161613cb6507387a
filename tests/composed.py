"""The sections of a loaded report as content blocks, without writing a Word document (fast)."""

from __future__ import annotations

from collections.abc import Iterator

import attrs
import pluggy

from lscb_core._base.blocks import Block, Cell, Heading, KeyFigures, Paragraph, Signature, Table
from lscb_core._build.build import compose_sections
from lscb_core._model.editions import Edition
from lscb_core._model.loaded import LoadedReport
from lscb_core._sections.compose import ComposedSection


def composed(
    loaded: LoadedReport, pm: pluggy.PluginManager, edition: Edition = Edition.PUBLIC
) -> list[ComposedSection]:
    """Every section as ``edition`` shows it, made from the edition's view as in a build."""
    return compose_sections(loaded, pm, edition)


def texts(blocks: object) -> Iterator[str]:
    """Every piece of text in blocks (headings, paragraphs, list items, table cells, notes, key figures)."""
    if isinstance(blocks, list | tuple):
        for block in blocks:
            yield from texts(block)
    elif isinstance(blocks, Heading):
        yield blocks.text
    elif isinstance(blocks, Paragraph | Cell):
        yield "".join(inline.text for inline in blocks.inlines)
    elif isinstance(blocks, Table):
        yield from (c.heading for c in blocks.columns)
        if blocks.caption:
            yield blocks.caption
        yield from texts(blocks.rows)
        yield from blocks.notes
    elif isinstance(blocks, KeyFigures):
        for figure in blocks.figures:
            yield f"{figure.value} {figure.label}"
    elif isinstance(blocks, Signature):
        yield blocks.name
        yield from blocks.lines
    elif attrs.has(type(blocks)):
        for field in attrs.fields(type(blocks)):
            value = getattr(blocks, field.name)
            if isinstance(value, list | tuple):
                yield from texts(value)


def section_texts(sections: list[ComposedSection]) -> dict[str, list[str]]:
    """Each section's key and the texts in it."""
    return {s.section.key: list(texts(list(s.blocks))) for s in sections}


def all_blocks(sections: list[ComposedSection]) -> list[Block]:
    return [block for s in sections for block in s.blocks]
