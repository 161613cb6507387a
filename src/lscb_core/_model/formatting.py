"""How numbers, money, percentages and dates are written in a report."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from lscb_core._base.suppressed import Suppressed
from lscb_core._model.period import PartialDate, format_date

__all__ = ["FILTERS", "date_text", "money", "number", "on_date", "percent", "plural"]


def number(value: int | float | Suppressed | None) -> str:
    """``1,234``; a dash when there is no figure; the suppression symbol for a hidden one."""
    if value is None:
        return "–"
    if isinstance(value, Suppressed):
        return value.symbol
    if isinstance(value, float) and not value.is_integer():
        return f"{value:,.1f}"
    return f"{int(value):,}"


def money(value: int | Suppressed | None) -> str:
    """``£331,724``; ``-£23,274`` with a minus sign, never only a colour."""
    if value is None:
        return "–"
    if isinstance(value, Suppressed):
        return value.symbol
    return f"-£{-value:,}" if value < 0 else f"£{value:,}"


def percent(value: float | Suppressed | None, places: int = 0) -> str:
    """``23%``; a dash when there is no figure; the suppression symbol for a share of a hidden one."""
    if value is None:
        return "–"
    if isinstance(value, Suppressed):
        return value.symbol
    return f"{value:.{places}f}%"


def date_text(value: dt.date | PartialDate | None) -> str:
    """``28 July 2015``, ``September 2015`` or ``2015``."""
    if value is None:
        return ""
    if isinstance(value, PartialDate):
        return value.text
    return format_date(value)


def on_date(value: dt.date | PartialDate) -> str:
    """``on 28 July 2015`` for a day; ``in September 2015`` or ``in 2015`` for a month or a year."""
    if isinstance(value, PartialDate) and value.day is None:
        return f"in {value.text}"
    return f"on {date_text(value)}"


def plural(count: int, singular: str, plural_form: str | None = None) -> str:
    """``1 recommendation``, ``2 recommendations``; ``plural_form`` for words that do not take an s."""
    word = singular if count == 1 else (plural_form or f"{singular}s")
    return f"{count:,} {word}"


def change(current: Any, previous: Any, kind: str = "count") -> str:
    """``up 2 from 57``, ``down 3 from 12``, ``no change from 40``: ``{{ cdop.reviews | change(previous.cdop.reviews) }}``.

    Nothing when either figure is missing; the suppression symbol when either is hidden.
    ``kind`` is ``money`` for amounts (``up £1,200 from £30,000``).
    """
    from lscb_core._model.trends import change_words

    return change_words(current, previous, kind, symbols=False)


FILTERS: dict[str, Callable[..., Any]] = {
    "change": change,
    "number": number,
    "money": money,
    "percent": percent,
    "date": date_text,
}
"""Filters available in narrative and templates: ``{{ budget.spend_total | money }}``."""
