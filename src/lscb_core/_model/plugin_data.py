"""Typed data that plugins read from their own place in a board folder."""

from __future__ import annotations

from collections.abc import Mapping

import attrs

__all__ = ["DataSchema"]


@attrs.frozen
class DataSchema:
    """The data a plugin reads: ``plugins/<folder>/<file>`` as an attrs class.

    ``files`` maps a file name (``chelseas-choice.yaml``) to the attrs class
    its content is structured into. ``required`` files must be present when
    the folder is.
    """

    folder: str
    files: Mapping[str, type]
    required: tuple[str, ...] = ()
