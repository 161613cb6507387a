"""MkDocs hook: pages generated from lscb itself, so the site cannot drift from the code."""

from __future__ import annotations

from typing import Any

GENERATED = {
    "authors/data-reference.md": "lscb_core._loading.board_files:reference_markdown",
}


def on_page_markdown(markdown: str, page: Any, **_: Any) -> str:
    target = GENERATED.get(page.file.src_uri)
    if target is None:
        return markdown
    import importlib

    module, _, name = target.partition(":")
    generated: str = getattr(importlib.import_module(module), name)()
    return generated
