"""Typed numbers used across the domain: counts of people or events, money and percentages.

Each is an ``Annotated`` type carrying a :class:`Quantity`: what it counts, the
range it may take and how it may be written. The loader reads a value by its
quantity, and the attrs field helpers (:func:`count_field`, :func:`money_field`,
:func:`signed_money_field`, :func:`percent_field`) validate with the same
quantity, so an object built directly is held to the same range as one read
from a board folder.
"""

from __future__ import annotations

import math
from typing import Annotated, Any, get_args, get_origin

import attrs

__all__ = [
    "COUNT",
    "MONEY",
    "PERCENT",
    "SAFE_SCHEMES",
    "SIGNED_MONEY",
    "Count",
    "Money",
    "Percent",
    "Quantity",
    "SignedMoney",
    "count_field",
    "money_field",
    "percent",
    "percent_field",
    "quantity_of",
    "signed_money_field",
]

SAFE_SCHEMES = ("http://", "https://", "mailto:")
"""The only kinds of link a report may carry: web pages and email addresses."""

MAX_COUNT = 1_000_000_000
MAX_MONEY = 1_000_000_000_000


@attrs.frozen
class Quantity:
    """What an ``Annotated[int, Quantity(...)]`` (or ``float``) holds, and how it may be written.

    ``written`` says what a value must look like ("a whole number of 0 or
    more"); ``prefix`` and ``suffix`` are signs a value may be written with
    (``£``, ``%``); ``range_text``, when given, is how a value out of range is
    told ("a percentage from 0 to 100"); ``label`` names the type in the data
    reference and the JSON Schemas, and ``example`` is a plausible value for
    the commented files ``lscb new`` writes.
    """

    unit: str
    minimum: int | float
    maximum: int | float
    written: str
    label: str
    whole: bool = True
    prefix: str = ""
    suffix: str = ""
    range_text: str | None = None
    example: int | float = 0

    def is_number(self, value: object) -> bool:
        """Whether ``value`` is a number of the right kind (whole or not), whatever its size."""
        if isinstance(value, bool):
            return False
        if self.whole:
            return isinstance(value, int)
        return isinstance(value, int | float) and math.isfinite(value)

    def out_of_range(self, number: float, shown: str) -> str | None:
        """Why ``number`` (written as ``shown``) is out of range; ``None`` when it is in range."""
        if self.minimum <= number <= self.maximum:
            return None
        if self.range_text is not None:
            return f"must be {self.range_text}, got {shown}"
        if number < self.minimum and self.minimum == 0:
            return f"must be 0 or more, got {number}"
        return f"is too large to be right: {number:,}"

    def validator(self) -> Any:
        """An attrs validator holding a field to this quantity."""

        def check(instance: object, attribute: attrs.Attribute[Any], value: Any) -> None:
            if not self.is_number(value):
                raise TypeError(f"{attribute.name} must be {self.written}, got {value!r}")
            problem = self.out_of_range(value, repr(value))
            if problem is not None:
                raise ValueError(f"{attribute.name} {problem}")

        return check

    def field(self, default: Any = attrs.NOTHING, metadata: dict[str, Any] | None = None) -> Any:
        """An attrs field holding this quantity (``None`` allowed when it is the default)."""
        check = self.validator()
        return attrs.field(
            default=default,
            validator=attrs.validators.optional(check) if default is None else check,
            metadata=metadata or {},
        )


COUNT = Quantity(
    "people or events",
    0,
    MAX_COUNT,
    "a whole number of 0 or more",
    "count (a whole number, 0 or more)",
    example=12,
)
MONEY = Quantity(
    "pounds", 0, MAX_MONEY, "a whole number of pounds", "money (whole pounds)", prefix="£", example=25000
)
SIGNED_MONEY = Quantity(
    "pounds",
    -MAX_MONEY,
    MAX_MONEY,
    "a whole number of pounds",
    "money (whole pounds, may be negative)",
    prefix="£",
    example=-1500,
)
PERCENT = Quantity(
    "percent",
    0,
    100,
    "a percentage such as 23 or 23%",
    "percentage (0 to 100)",
    whole=False,
    suffix="%",
    range_text="a percentage from 0 to 100",
    example=50,
)

Count = Annotated[int, COUNT]
"""A whole number of people, events, meetings or cases: never negative."""

Money = Annotated[int, MONEY]
"""An amount in whole pounds sterling: never negative (a variance is computed, or a :data:`SignedMoney`)."""

SignedMoney = Annotated[int, SIGNED_MONEY]
"""An amount in whole pounds that may be negative, such as a variance a report states."""

Percent = Annotated[float, PERCENT]
"""A stated percentage between 0 and 100 (for facts a report quotes, such as 23%)."""


def quantity_of(annotation: Any) -> Quantity | None:
    """The quantity an annotation such as :data:`Count` carries, or ``None``."""
    if get_origin(annotation) is not Annotated:
        return None
    return next((a for a in get_args(annotation)[1:] if isinstance(a, Quantity)), None)


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
    metadata: dict[str, Any] = {}
    if suppress is not None:
        metadata["lscb.suppress"] = suppress
        metadata["lscb.suppress_by_default"] = suppress_by_default
    if sum_of:
        metadata["lscb.sum_of"] = tuple(sum_of)
    return COUNT.field(default, metadata)


def money_field(*, default: int | attrs.NothingType | None = attrs.NOTHING) -> Any:
    """An attrs field holding :data:`Money` (``None`` allowed when it is the default)."""
    return MONEY.field(default)


def signed_money_field(*, default: int | attrs.NothingType | None = attrs.NOTHING) -> Any:
    """An attrs field holding :data:`SignedMoney` (``None`` allowed when it is the default)."""
    return SIGNED_MONEY.field(default)


def percent_field(*, default: float | attrs.NothingType | None = attrs.NOTHING) -> Any:
    """An attrs field holding a :data:`Percent` (``None`` allowed when it is the default)."""
    return PERCENT.field(default)


def percent(part: int, whole: int) -> float | None:
    """``part`` as a percentage of ``whole``; ``None`` when ``whole`` is zero."""
    return None if whole == 0 else 100.0 * part / whole
