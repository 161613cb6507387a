"""The board or partnership: who it is, where, who leads it and who wrote the report."""

from __future__ import annotations

from typing import ClassVar

import attrs

from lscb_core._base.quantities import Count, Percent, count_field, percent_field
from lscb_core._model.period import PartialDate

__all__ = ["Address", "Approval", "Area", "AreaFact", "Board", "Leadership", "Person"]


@attrs.frozen(kw_only=True)
class Address:
    """A postal address: its lines, then the postcode."""

    lines: tuple[str, ...]
    postcode: str | None = None


def _has_text(attribute: attrs.Attribute[str], value: str) -> None:
    if not value.strip():
        raise ValueError(f"the board's {attribute.name.replace('_', ' ')} cannot be empty")


@attrs.frozen(kw_only=True)
class Board:
    """The board or partnership itself; facts that hold from one year to the next."""

    name: str = attrs.field(validator=lambda _, a, v: _has_text(a, v))
    short_name: str = attrs.field(validator=lambda _, a, v: _has_text(a, v))
    website: str | None = None
    email: str | None = None
    phone: str | None = None
    address: Address | None = None
    established: PartialDate | None = None
    """When the board or partnership was set up: no report covers a time before it."""


@attrs.frozen(kw_only=True)
class AreaFact:
    """Any other fact about the area a report quotes, in its own words."""

    label: str
    value: str
    source: str | None = None


@attrs.frozen(kw_only=True)
class Area:
    """The area a board covers, with the facts the report's local context gives."""

    name: str
    square_miles: Count | None = count_field(default=None)
    population: Count | None = count_field(default=None)
    children: Count | None = count_field(default=None)
    children_ages: str = "0-17"
    children_percent: Percent | None = percent_field(default=None)
    minority_ethnic_children_percent: Percent | None = percent_field(default=None)
    national_minority_ethnic_children_percent: Percent | None = percent_field(default=None)
    districts: tuple[str, ...] = ()
    facts: tuple[AreaFact, ...] = ()

    @property
    def children_share(self) -> float | None:
        """Children as a percentage of the population, computed from the two counts."""
        if self.children is None or not self.population:
            return None
        return 100.0 * self.children / self.population


@attrs.frozen(kw_only=True)
class Person:
    """Someone named in the report, with their role and organisation.

    Written as just a name, a person named elsewhere in the report (in
    ``leadership`` or ``authors``) is the same person, with their role.
    """

    WRITTEN_AS: ClassVar[str] = "name"

    name: str
    role: str | None = None
    organisation: str | None = None


@attrs.frozen(kw_only=True)
class Leadership:
    """Who leads: an independent chair (boards), lead safeguarding partners (partnerships)."""

    independent_chair: Person | None = None
    lead_partners: tuple[Person, ...] = ()
    independent_scrutineer: Person | None = None

    @property
    def people(self) -> tuple[Person, ...]:
        """Everyone named here: the chair, the lead partners and the scrutineer."""
        return tuple(
            p
            for p in (self.independent_chair, *self.lead_partners, self.independent_scrutineer)
            if p is not None
        )


@attrs.frozen(kw_only=True)
class Approval:
    """Which body approved the report, and when."""

    body: str
    date: PartialDate | None = None
