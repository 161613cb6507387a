"""The content of a board's report as plain strings: what the bare docxtpl baseline renders."""

from __future__ import annotations

from pathlib import Path
from typing import Any


def plain_content(board: Path) -> dict[str, Any]:
    """A board's report content as plain strings, from the same sections lscb builds."""
    from lscb_core._base import blocks as b
    from lscb_core._build.build import template_values
    from lscb_core._build.session import open_board
    from lscb_core._model.editions import Edition
    from lscb_core._publication.view import make_view
    from lscb_core._sections.compose import SectionContext, compose
    from lscb_core._sections.templating import NarrativeRenderer

    plugins, loaded = open_board(board)
    loaded = make_view(loaded, Edition.PUBLIC).loaded
    values = template_values(loaded, Edition.PUBLIC, plugins)
    sections, _ = plugins.sections()
    context = SectionContext(
        loaded=loaded, edition=Edition.PUBLIC, renderer=NarrativeRenderer(values), fill_slot=plugins.slot
    )

    def text(inlines: Any) -> str:
        return "".join(i.text for i in inlines)

    out: list[dict[str, Any]] = []

    def add(block: Any) -> None:
        if isinstance(block, b.Heading):
            out.append({"type": "heading", "text": block.text, "level": block.level})
        elif isinstance(block, b.Paragraph):
            out.append({"type": "paragraph", "text": text(block.inlines), "style": block.style})
        elif isinstance(block, b.BulletList | b.NumberedList):
            items = [text(p.inlines) for item in block.items for p in item if isinstance(p, b.Paragraph)]
            out.append({"type": "list", "numbered": isinstance(block, b.NumberedList), "items": items})
        elif isinstance(block, b.Quote):
            for inner in block.blocks:
                add(inner)
        elif isinstance(block, b.Table):
            out.append(
                {
                    "type": "table",
                    "columns": [c.heading for c in block.columns],
                    "rows": [[text(c.inlines) for c in r.cells] for r in block.rows],
                }
            )
        elif isinstance(block, b.KeyFigures):
            for figure in block.figures:
                out.append({"type": "paragraph", "text": f"{figure.value} {figure.label}", "style": None})
        elif isinstance(block, b.Signature):
            out.append({"type": "paragraph", "text": block.name, "style": None})

    for section in compose(context, sections):
        for block in section.blocks:
            add(block)
    plain = {k: v for k, v in values.items() if isinstance(v, str)}
    return {"values": plain, "blocks": out}
