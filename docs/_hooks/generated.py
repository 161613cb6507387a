"""MkDocs hook: pages generated from lscb itself, so the site cannot drift from the code."""

from __future__ import annotations

from typing import Any

GENERATED = {
    "authors/data-reference.md": "lscb_core._loading.board_files:reference_markdown",
}


INSERTED = {
    "<!-- lscb:renderer-styles -->": "lscb_core._loading.template_check:styles_markdown",
}
"""Markers in a written page, each replaced by generated Markdown."""


def on_page_markdown(markdown: str, page: Any, **_: Any) -> str:
    import importlib

    for marker, source in INSERTED.items():
        if marker in markdown:
            module, _, name = source.partition(":")
            markdown = markdown.replace(marker, getattr(importlib.import_module(module), name)())
    target = GENERATED.get(page.file.src_uri)
    if target is None:
        return markdown

    module, _, name = target.partition(":")
    generated: str = getattr(importlib.import_module(module), name)()
    return generated
