"""Typed numbers used across the domain: counts of people or events, and money."""

from __future__ import annotations

from typing import Annotated, Any

import attrs

__all__ = ["SAFE_SCHEMES", "Count", "Money", "Percent", "Quantity", "count_field", "money_field", "percent"]

SAFE_SCHEMES = ("http://", "https://", "mailto:")
"""The only kinds of link a report may carry: web pages and email addresses."""

MAX_COUNT = 1_000_000_000
MAX_MONEY = 1_000_000_000_000


@attrs.frozen
class Quantity:
    """What an ``Annotated[int, Quantity(...)]`` holds; the loader reads it accordingly."""

    unit: str
    maximum: int


Count = Annotated[int, Quantity("count", MAX_COUNT)]
"""A whole number of people, events, meetings or cases: never negative."""

Money = Annotated[int, Quantity("pounds", MAX_MONEY)]
"""An amount in whole pounds sterling: never negative (a variance is computed, not stored)."""


def _non_negative(unit: str, maximum: int) -> Any:
    def check(instance: object, attribute: attrs.Attribute[int], value: int) -> None:
        if isinstance(value, bool) or not isinstance(value, int):
            raise TypeError(f"{attribute.name} must be a whole number of {unit}, got {value!r}")
        if value < 0:
            raise ValueError(f"{attribute.name} must be 0 or more, got {value}")
        if value > maximum:
            raise ValueError(f"{attribute.name} is too large: {value:,}")

    return check


def count_field(
    *,
    default: int | attrs.NothingType | None = attrs.NOTHING,
    suppress: str | None = None,
    suppress_by_default: bool = False,
    sum_of: tuple[str, ...] = (),
) -> Any:
    """An attrs field holding a :data:`Count` (``None`` allowed when it is the default).

    ``suppress`` names the count for small-number suppression in the public
    edition (``"myplugin.referrals"``): a small value is hidden when a board
    lists the name in its ``suppression.tables`` setting, or always (while
    suppression is on) with ``suppress_by_default``. ``sum_of`` names the
    sibling fields this count is the total of, so that hiding one of them
    hides enough others that it cannot be worked out.
    """
    check = _non_negative("people or events", MAX_COUNT)
    validator = attrs.validators.optional(check) if default is None else check
    metadata: dict[str, Any] = {}
    if suppress is not None:
        metadata["lscb.suppress"] = suppress
        metadata["lscb.suppress_by_default"] = suppress_by_default
    if sum_of:
        metadata["lscb.sum_of"] = tuple(sum_of)
    return attrs.field(default=default, validator=validator, metadata=metadata)


def money_field(*, default: int | attrs.NothingType | None = attrs.NOTHING) -> Any:
    """An attrs field holding :data:`Money` (``None`` allowed when it is the default)."""
    check = _non_negative("pounds", MAX_MONEY)
    validator = attrs.validators.optional(check) if default is None else check
    return attrs.field(default=default, validator=validator)


def percent(part: int, whole: int) -> float | None:
    """``part`` as a percentage of ``whole``; ``None`` when ``whole`` is zero."""
    return None if whole == 0 else 100.0 * part / whole


Percent = Annotated[float, Quantity("percent", 100)]
"""A stated percentage between 0 and 100 (for facts a report quotes, such as 23%)."""
