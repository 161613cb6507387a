"""Earlier periods as data: the headline figures a report compares with earlier years, and how.

A build reads the earlier periods of the board folder (each through the same
loader and checks, viewed with its own settings and edition rules), or, for a
board new to lscb, the small ``previous.yaml`` file of a period folder, which
states last year's headline figures by name::

    period: 2019-20          # optional: the period the figures are from
    cdop.reviews: 57
    training.attendees: 1210

Each :class:`Headline` names a figure the way a template does
(``cdop.reviews``); :func:`change_words` says how a figure changed, in words
as well as symbols (``▲ up 2 from 57``).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Literal

import attrs

from lscb_core._base.suppressed import Suppressed

__all__ = [
    "HEADLINES",
    "PREVIOUS_FILE",
    "Headline",
    "PreviousFigures",
    "Trends",
    "change_of",
    "change_words",
    "headline",
    "headline_value",
    "local_headlines",
    "local_values",
]

PREVIOUS_FILE = "previous.yaml"
"""The file of a period folder that states the previous period's headline figures."""


@attrs.frozen(kw_only=True)
class Trends:
    """How a report compares its figures with earlier periods (``trends:`` in ``settings.yaml``).

    ``enabled: false`` (or ``trends: false``) leaves earlier periods out;
    ``years`` is how many earlier periods are read (the latest first).
    """

    enabled: bool = True
    years: int = attrs.field(default=5, validator=[attrs.validators.ge(1), attrs.validators.le(20)])


@attrs.frozen
class Headline:
    """A figure compared with earlier years: its template name, what it counts, and its section."""

    name: str
    label: str
    section: str
    kind: Literal["count", "money", "percent"] = "count"
    protect: str | None = None
    """The suppression table (``cdop.figures``) under which a small value of it is hidden."""

    @property
    def path(self) -> tuple[str, ...]:
        return tuple(self.name.split("."))


HEADLINES: tuple[Headline, ...] = (
    Headline("cdop.reviews", "child death reviews completed", "cdop", protect="cdop.figures"),
    Headline(
        "cdop.with_modifiable_factors",
        "reviews that found modifiable factors",
        "cdop",
        protect="cdop.figures",
    ),
    Headline("training.attendees", "people attending training", "training"),
    Headline("training.sessions", "training sessions run", "training"),
    Headline("budget.contributions_total", "partner contributions", "budget", "money"),
    Headline("budget.budget_total", "total budget", "budget", "money"),
    Headline("budget.spend_total", "total spend", "budget", "money"),
    Headline("membership.meetings_held", "board meetings held", "membership"),
)
"""The figures every report compares with earlier years, when both years have them."""


def headline(name: str) -> Headline | None:
    return next((h for h in HEADLINES if h.name == name), None)


def local_headlines(report: Any) -> tuple[Headline, ...]:
    """The numeric figures of the board's own sections, named as the narrative names them (``lado.figures.referrals``)."""
    out: list[Headline] = []
    for key, section in getattr(report, "sections", {}).items():
        for figure in section.figures:
            if figure.kind.value in ("count", "money", "percent"):
                name = f"{key.replace('-', '_')}.figures.{figure.name}"
                out.append(Headline(name, figure.label, key, figure.kind.value))
    return tuple(out)


def local_values(report: Any) -> dict[str, int | float]:
    """The values of the board's own sections' numeric figures in the data as loaded, by name."""
    out: dict[str, int | float] = {}
    for key, section in getattr(report, "sections", {}).items():
        for figure in section.figures:
            value = section.value(figure)
            if (
                figure.kind.value in ("count", "money", "percent")
                and isinstance(value, int | float)
                and not isinstance(value, bool)
            ):
                out[f"{key.replace('-', '_')}.figures.{figure.name}"] = value
    return out


def headline_value(report: Any, item: Headline) -> Any:
    """The value of ``item`` in a report (or its view): a number, a ``Suppressed``, or None."""
    value: Any = report
    for part in item.path:
        value = getattr(value, part, None)
        if value is None:
            return None
    if isinstance(value, bool):
        return None
    return value


@attrs.frozen(kw_only=True)
class PreviousFigures:
    """What ``previous.yaml`` states of the previous period's figures, by headline name."""

    period: str | None = None
    figures: Mapping[str, int | float] = attrs.field(factory=dict)


def change_of(current: Any, previous: Any) -> Any:
    """``current − previous``: None when either is missing, hidden when either is hidden."""
    if current is None or previous is None:
        return None
    if isinstance(current, Suppressed) or isinstance(previous, Suppressed):
        hidden = current if isinstance(current, Suppressed) else previous
        return Suppressed(f"the change in {hidden.name}", hidden.symbol, derived=True)
    return current - previous


def _plain(value: int | float, kind: str) -> str:
    if kind == "money":
        return f"£{value:,}" if value >= 0 else f"-£{-value:,}"
    if kind == "percent":
        return f"{value:.0f}%"
    if isinstance(value, float) and not value.is_integer():
        return f"{value:,.1f}"
    return f"{int(value):,}"


def change_words(current: Any, previous: Any, kind: str = "count", *, symbols: bool = True) -> str:
    """``▲ up 2 from 57``, ``▼ down 3 from 12``, ``no change from 40``; the symbol alone if either is hidden."""
    if current is None or previous is None:
        return ""
    if isinstance(current, Suppressed) or isinstance(previous, Suppressed):
        hidden = current if isinstance(current, Suppressed) else previous
        return hidden.symbol
    difference = current - previous
    before = _plain(previous, kind)
    if difference == 0:
        return f"no change from {before}"
    amount = _plain(abs(difference), kind)
    if difference > 0:
        return ("▲ " if symbols else "") + f"up {amount} from {before}"
    return ("▼ " if symbols else "") + f"down {amount} from {before}"
