"""The one rule for files a board's data names: they stay inside the board folder.

Tables (``rows_from``), pictures in narrative and the board's own Word
template are all files named by the board's authors. Each is read only if it
is inside the board folder: no ``..``, no absolute paths, and no symbolic links
that lead out of it.
"""

from __future__ import annotations

import enum
import os
from pathlib import Path

__all__ = ["Place", "place"]


class Place(enum.Enum):
    """Where a named file is, with respect to the board folder."""

    INSIDE = "inside"
    LINK_OUT = "a link out"
    OUTSIDE = "outside"


def place(board_dir: Path, path: Path) -> Place:
    """Whether ``path`` is inside ``board_dir`` once every link is followed, or how it leaves it."""
    root = board_dir.resolve()
    try:
        resolved = path.resolve()
    except OSError:
        resolved = path
    if resolved == root or root in resolved.parents:
        return Place.INSIDE
    plain_root = Path(os.path.normpath(board_dir.absolute()))
    if plain_root in Path(os.path.normpath(path.absolute())).parents:
        return Place.LINK_OUT
    return Place.OUTSIDE
