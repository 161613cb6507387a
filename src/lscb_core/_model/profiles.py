"""Statutory profiles: what a report under each regime must or should contain, kept as data."""

from __future__ import annotations

import enum
from typing import Any

import attrs

from lscb_core._model.regime import Regime
from lscb_core._model.text import Markdown

__all__ = [
    "ItemLevel",
    "Profile",
    "ProfileItem",
    "field_value",
    "is_empty",
]


class ItemLevel(enum.Enum):
    """``required``: the law or statutory guidance asks for it (a warning when missing).
    ``expected``: guidance or common practice expects it (information when missing)."""

    REQUIRED = "required"
    EXPECTED = "expected"


@attrs.frozen(kw_only=True)
class ProfileItem:
    """Something a report must or should contain.

    It is satisfied when every data field in ``fields`` is filled, at least
    one of ``any_fields`` is (when given), the text of ``fields`` mentions
    every phrase in ``must_mention``, and a section that shows them is in the
    report (when ``sections`` names any).
    """

    id: str
    requirement: str
    level: ItemLevel = ItemLevel.REQUIRED
    basis: str | None = None
    fields: tuple[str, ...] = ()
    any_fields: tuple[str, ...] = ()
    sections: tuple[str, ...] = ()
    must_mention: tuple[str, ...] = ()


@attrs.frozen(kw_only=True)
class Profile:
    """What a regime asks of a report."""

    id: str
    title: str
    regimes: tuple[Regime, ...]
    items: tuple[ProfileItem, ...]


def field_value(obj: Any, dotted: str) -> Any:
    """The value at a dotted data path (``approval.date``), or ``None`` where any step is missing.

    A step over a list gathers the step from each item, so
    ``reviews.cases.recommendations`` is every review's recommendations (one
    list), and ``priorities.themes.priorities.next_steps`` every priority's
    next steps.
    """
    for step in dotted.split("."):
        if obj is None:
            return None
        if isinstance(obj, tuple | list):
            gathered: list[Any] = []
            for item in obj:
                value = _step(item, step)
                # A list inside a list is one list: themes.priorities is every theme's priorities.
                gathered.extend(value if isinstance(value, tuple | list) else (value,))
            obj = tuple(v for v in gathered if not is_empty(v))
        else:
            obj = _step(obj, step)
    return obj


def _step(obj: Any, step: str) -> Any:
    return obj.get(step) if isinstance(obj, dict) else getattr(obj, step, None)


def is_empty(value: Any) -> bool:
    """Whether a value counts as not given: nothing, empty text, an empty list or mapping."""
    if value is None:
        return True
    if isinstance(value, str | tuple | list | dict):
        return not (value.strip() if isinstance(value, str) else value)
    if isinstance(value, Markdown):
        return not value  # a narrative of nothing but comments is empty
    return False
