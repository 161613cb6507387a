"""Narrative: the Markdown text of a report, with where each piece was written."""

from __future__ import annotations

import re

import attrs

from lscb_core._base.locations import Location

__all__ = ["Markdown", "without_comments"]

_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)


def without_comments(text: str) -> str:
    """Narrative without its ``<!-- comments -->``, each kept as its line breaks so line numbers hold."""
    return _COMMENT.sub(lambda m: "\n" * m.group(0).count("\n"), text)


@attrs.frozen
class Markdown:
    """A piece of narrative in Markdown.

    The narrative is itself a template: ``{{ cdop.reviews }}`` inside it is
    replaced by the figure from the data when the report is built, and
    ``<!-- comments -->`` are for the author only. ``origin`` is where its
    first line was written (not part of equality).
    """

    text: str
    origin: Location | None = attrs.field(default=None, eq=False, repr=False)

    def __bool__(self) -> bool:
        return bool(without_comments(self.text).strip())

    def __str__(self) -> str:
        return self.text
