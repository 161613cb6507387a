"""Passages for the board only: ``::: board-only`` ... ``:::`` in narrative, read one way everywhere.

The renderer drops these passages from the public edition and the publication
check ignores them when it looks for names that must not be published; both
read them with the same Markdown container rule, so they can never disagree
about where a passage starts and ends (inside a code block, say, or without
its closing ``:::``).
"""

from __future__ import annotations

import functools

from markdown_it import MarkdownIt
from mdit_py_plugins.container import container_plugin

__all__ = ["BOARD_ONLY", "CLOSE", "OPEN", "board_only_passages", "public_text"]

BOARD_ONLY = "board-only"
"""The container name: ``::: board-only``."""

OPEN = f"container_{BOARD_ONLY}_open"
CLOSE = f"container_{BOARD_ONLY}_close"
"""The Markdown tokens that start and end a passage for the board only."""


def board_only_passages(md: MarkdownIt) -> MarkdownIt:
    """``md`` reading ``::: board-only`` passages (as :data:`OPEN` ... :data:`CLOSE` tokens)."""
    return md.use(container_plugin, BOARD_ONLY)


@functools.cache
def _reader() -> MarkdownIt:
    return board_only_passages(MarkdownIt("commonmark"))


def public_text(text: str) -> str:
    """``text`` with its board-only passages blanked out, every other character where it was."""
    if ":::" not in text:
        return text
    lines = text.splitlines(keepends=True)
    for token in _reader().parse(text):
        if token.type == OPEN and token.level == 0 and token.map is not None:
            start, end = token.map
            for i in range(start, min(end, len(lines))):
                body = lines[i].rstrip("\r\n")
                lines[i] = " " * len(body) + lines[i][len(body) :]
    return "".join(lines)
