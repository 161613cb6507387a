"""Walking a loaded report: every piece of text in it, with its data path."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

import attrs

from lscb_core._base.identity import PerObject
from lscb_core._base.locations import DataPath, Location
from lscb_core._model.text import Markdown, without_comments

__all__ = ["TextPiece", "iter_text", "text_pieces"]


@attrs.frozen
class TextPiece:
    """A string or Markdown value found in the report; ``markdown`` tells which."""

    path: DataPath
    text: str
    origin: Location | None
    markdown: bool = False

    def location_of(self, index: int) -> Location | None:
        """Where the character at ``index`` of the text was written, when known."""
        if self.origin is None:
            return None
        return self.origin.shifted(self.text.count("\n", 0, index))


_FIELDS: dict[type, tuple[str, ...] | None] = {}


def _field_names(cls: type) -> tuple[str, ...] | None:
    """The fields of an attrs class (``None`` for any other class); the walk asks for each object."""
    try:
        return _FIELDS[cls]
    except KeyError:
        names = tuple(field.name for field in attrs.fields(cls)) if attrs.has(cls) else None
        _FIELDS[cls] = names
        return names


def iter_text(obj: Any, path: DataPath = ()) -> Iterator[TextPiece]:
    """Every text value inside ``obj`` (attrs objects, tuples, mappings), depth first."""
    if isinstance(obj, Markdown):
        yield TextPiece(path, without_comments(obj.text), obj.origin, markdown=True)
    elif isinstance(obj, str):
        yield TextPiece(path, obj, None)
    elif (names := _field_names(type(obj))) is not None:
        for name in names:
            yield from iter_text(getattr(obj, name), (*path, name))
    elif obj is None or isinstance(obj, int | float):
        return
    elif isinstance(obj, tuple | list):
        for i, item in enumerate(obj):
            yield from iter_text(item, (*path, i))
    elif isinstance(obj, Mapping):
        for key, value in obj.items():
            yield from iter_text(value, (*path, str(key)))


_WALKED: PerObject[tuple[TextPiece, ...]] = PerObject()


def text_pieces(obj: Any) -> tuple[TextPiece, ...]:
    """Every text value inside ``obj``, as :func:`iter_text` gives them, worked out once for each object.

    A loaded report is frozen, and the checks, the glossary and the narrative
    each read all its text: the walk is done once and shared. Objects that
    cannot be referred to weakly are walked each time.
    """
    return _WALKED.get(obj, None, lambda: tuple(iter_text(obj)))
