"""Publishing safely: the public edition must not mention what is not for publication.

This check reads the data as loaded (it needs the names of the items withheld)
and looks for them in the narrative as the public edition has it, with its
``::: board-only`` passages worked out.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping

import attrs

from lscb_core._base.errors import NarrativeError
from lscb_core._base.findings import Finding
from lscb_core._base.locations import DataPath
from lscb_core._base.markers import hookimpl
from lscb_core._checks import info, warning
from lscb_core._model.editions import Edition, Publishable
from lscb_core._model.fences import resolve_fences
from lscb_core._model.loaded import LoadedReport
from lscb_core._model.walk import text_pieces


def _restricted(obj: object, path: DataPath = ()) -> Iterator[tuple[DataPath, Publishable]]:
    """Every item kept out of the public edition, with its path."""
    if isinstance(obj, Publishable) and not obj.is_public:
        yield path, obj
        return
    if attrs.has(type(obj)):
        for field in attrs.fields(type(obj)):  # type: ignore[arg-type]
            yield from _restricted(getattr(obj, field.name), (*path, field.name))
    elif isinstance(obj, tuple):
        for i, item in enumerate(obj):
            yield from _restricted(item, (*path, i))
    elif isinstance(obj, Mapping):
        for key, item in obj.items():
            yield from _restricted(item, (*path, str(key)))


def _names(item: Publishable) -> list[str]:
    """What a restricted item is called, as the narrative would name it."""
    names = [getattr(item, attribute, None) for attribute in ("reference", "title", "name")]
    return [n for n in names if isinstance(n, str) and len(n.strip()) >= 4]


@hookimpl
def lscb_check(loaded: LoadedReport) -> Iterator[Finding]:
    report = loaded.report
    restricted = list(_restricted(report))
    hidden_paths = [path for path, _ in restricted]
    for path, item in restricted:
        if not item.public_summary and "reference" not in attrs.fields_dict(type(item)):
            yield info(
                "publication.left-out",
                f"{' / '.join(_names(item)) or 'an item'} is left out of the public edition; a public_summary would say something neutral in its place",
                (*path, "visibility"),
            )
    names = {name: path for path, item in restricted for name in _names(item)}
    if not names:
        return
    pattern = re.compile(
        r"(?<![\w-])(" + "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True)) + r")(?![\w-])"
    )
    reported: set[tuple[str, DataPath]] = set()
    for piece in text_pieces(report):
        if any(piece.path[: len(hidden)] == hidden for hidden in hidden_paths):
            continue
        if piece.path[-1:] in (("public_summary",),):
            pass
        try:
            text = resolve_fences(piece.text, Edition.PUBLIC)
        except NarrativeError:
            continue  # a fence that is not well formed is an error of its own (narrative.fence)
        for match in pattern.finditer(text):
            name = match.group(1)
            if (name, piece.path) in reported:
                continue
            reported.add((name, piece.path))
            finding = warning(
                "publication.mention",
                f"the public edition mentions {name}, which is not for publication; move the passage into a '::: board-only' block or reword it",
                piece.path,
            )
            location = piece.location_of(match.start())
            yield finding if location is None else attrs.evolve(finding, location=location)
