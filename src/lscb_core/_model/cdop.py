"""The child death overview panel: reviews of child deaths, their categories and modifiable factors."""

from __future__ import annotations

import enum
from collections import Counter
from typing import TypeVar

import attrs

from lscb_core._base.quantities import Count, count_field
from lscb_core._model.text import Markdown

__all__ = [
    "AgeBand",
    "AgeBandCount",
    "CategoryCount",
    "ChildDeathFigures",
    "ChildDeathOverview",
    "ChildDeathPanel",
    "ChildDeathRecord",
    "DeathCategory",
    "FactorCount",
]


class DeathCategory(enum.Enum):
    """The standard hierarchical categories of child death (the most specific that applies)."""

    DELIBERATELY_INFLICTED = "deliberately-inflicted-injury-abuse-or-neglect"
    SUICIDE = "suicide-or-self-inflicted-harm"
    TRAUMA = "trauma-and-other-external-factors"
    MALIGNANCY = "malignancy"
    ACUTE = "acute-medical-or-surgical-condition"
    CHRONIC = "chronic-medical-condition"
    CONGENITAL = "chromosomal-genetic-and-congenital-anomalies"
    PERINATAL = "perinatal-or-neonatal-event"
    INFECTION = "infection"
    SUDDEN_UNEXPLAINED = "sudden-unexpected-unexplained-death"

    @property
    def number(self) -> int:
        """The category's number in the standard scheme, 1 to 10."""
        return list(DeathCategory).index(self) + 1

    @property
    def label(self) -> str:
        return _CATEGORY_LABELS[self]


_CATEGORY_LABELS = {
    DeathCategory.DELIBERATELY_INFLICTED: "Deliberately inflicted injury, abuse or neglect",
    DeathCategory.SUICIDE: "Suicide or deliberate self-inflicted harm",
    DeathCategory.TRAUMA: "Trauma and other external factors",
    DeathCategory.MALIGNANCY: "Malignancy",
    DeathCategory.ACUTE: "Acute medical or surgical condition",
    DeathCategory.CHRONIC: "Chronic medical condition",
    DeathCategory.CONGENITAL: "Chromosomal, genetic and congenital anomalies",
    DeathCategory.PERINATAL: "Perinatal/neonatal event",
    DeathCategory.INFECTION: "Infection",
    DeathCategory.SUDDEN_UNEXPLAINED: "Sudden unexpected, unexplained death",
}


class AgeBand(enum.Enum):
    """The age bands child death statistics use."""

    NEONATAL = "0-27 days"
    INFANT = "28-364 days"
    AGE_1_4 = "1-4 years"
    AGE_5_9 = "5-9 years"
    AGE_10_14 = "10-14 years"
    AGE_15_17 = "15-17 years"

    @property
    def label(self) -> str:
        """As a report writes it: ``1-4 years``."""
        return self.value


@attrs.frozen(kw_only=True)
class ChildDeathRecord:
    """One reviewed child death, anonymised: category, age band and modifiable factors."""

    id: str
    category: DeathCategory
    age_band: AgeBand
    modifiable: bool = False
    factors: tuple[str, ...] = ()

    def __attrs_post_init__(self) -> None:
        if self.factors and not self.modifiable:
            raise ValueError(f"record {self.id} lists modifiable factors but is not marked modifiable")


@attrs.frozen(kw_only=True)
class CategoryCount:
    """A count of reviews in one category, as a report states it."""

    category: DeathCategory
    reviews: Count = count_field()


@attrs.frozen(kw_only=True)
class AgeBandCount:
    """A count of reviews of children of one age band, as a report states it."""

    age_band: AgeBand
    reviews: Count = count_field()


@attrs.frozen(kw_only=True)
class FactorCount:
    """How many reviews found one modifiable factor, as a report states it."""

    factor: str
    reviews: Count = count_field()


@attrs.frozen(kw_only=True)
class ChildDeathFigures:
    """A year of child death reviews: by one panel, or by the whole arrangement when it has one panel.

    When ``records`` are given, every count is computed from them and the
    ``*_stated`` figures (if any) are checked against those counts. Without
    records the stated figures are the counts. ``notified`` counts the deaths
    notified in the period (reviews often follow a year or more later);
    ``notified_previous`` the deaths notified in the period before, for comparison.
    """

    meetings: Count | None = count_field(default=None)
    notified: Count | None = count_field(default=None)
    notified_previous: Count | None = count_field(default=None)
    reviews_stated: Count | None = count_field(default=None)
    modifiable_stated: Count | None = count_field(default=None)
    categories_stated: tuple[CategoryCount, ...] = ()
    age_bands_stated: tuple[AgeBandCount, ...] = ()
    factors_stated: tuple[FactorCount, ...] = ()
    frequent_factors: tuple[str, ...] = ()
    actions: Markdown | None = None
    records: tuple[ChildDeathRecord, ...] = ()

    def __attrs_post_init__(self) -> None:
        if (
            self.reviews_stated is not None
            and self.modifiable_stated is not None
            and self.modifiable_stated > self.reviews_stated
        ):
            raise ValueError(
                f"{self.modifiable_stated} reviews with modifiable factors is more than the {self.reviews_stated} reviews completed"
            )

    @property
    def has_records(self) -> bool:
        """Whether the counts come from case records (so that there are counts by age band and factor)."""
        return bool(self.records)

    @property
    def has_categories(self) -> bool:
        """Whether there are counts by category (from records, or as stated)."""
        return bool(self.records or self.categories_stated)

    @property
    def has_age_bands(self) -> bool:
        """Whether there are counts by age band (from records, or as stated)."""
        return bool(self.records or self.age_bands_stated)

    @property
    def reviews(self) -> int | None:
        """Reviews completed in the year."""
        return len(self.records) if self.records else self.reviews_stated

    @property
    def with_modifiable_factors(self) -> int | None:
        """Reviews in which modifiable factors were identified."""
        if self.records:
            return sum(1 for r in self.records if r.modifiable)
        return self.modifiable_stated

    @property
    def modifiable_percent(self) -> float | None:
        reviews, modifiable = self.reviews, self.with_modifiable_factors
        if not reviews or modifiable is None:
            return None
        return 100.0 * modifiable / reviews

    @property
    def by_category(self) -> dict[DeathCategory, int]:
        """Reviews in each of the ten categories (all ten, zeros included)."""
        counts = (
            Counter(r.category for r in self.records)
            if self.records
            else Counter({c.category: c.reviews for c in self.categories_stated})
        )
        return {category: counts.get(category, 0) for category in DeathCategory}

    @property
    def categories_total(self) -> int:
        """Reviews over all categories (the total of the table by category)."""
        return sum(self.by_category.values())

    @property
    def by_age_band(self) -> dict[AgeBand, int]:
        """Reviews in each age band (all six, zeros included), from the records or as stated."""
        counts = (
            Counter(r.age_band for r in self.records)
            if self.records
            else Counter({a.age_band: a.reviews for a in self.age_bands_stated})
        )
        return {band: counts.get(band, 0) for band in AgeBand}

    @property
    def factor_counts(self) -> list[tuple[str, int]]:
        """Modifiable factors by how many reviews found them, most frequent first."""
        counts = (
            Counter(f for r in self.records for f in r.factors)
            if self.records
            else Counter({f.factor: f.reviews for f in self.factors_stated})
        )
        return sorted(counts.items(), key=lambda item: (-item[1], item[0]))


@attrs.frozen(kw_only=True)
class ChildDeathPanel(ChildDeathFigures):
    """One child death overview panel of several: its name, the areas it covers and its year's figures."""

    id: str
    name: str
    covers: tuple[str, ...] = ()


@attrs.frozen(kw_only=True)
class ChildDeathOverview(ChildDeathFigures):
    """Child death review in the period: the panel (boards), or the child death review partners'
    arrangements with one or more panels (partnerships).

    ``review_partners`` names the child death review partners (since Working
    Together 2018, the local authority and the health bodies; the report is
    then titled "Child death review"). With ``panels``, each panel has its own
    figures and the overall figures are their sums; the ``*_stated`` figures
    given here are then the report's overall figures, checked against those
    sums. Without panels, the figures here are the one panel's.
    ``meetings_per_year`` is the older name for how often the one panel meets.
    """

    name: str | None = None
    review_partners: tuple[str, ...] = ()
    meetings_per_year: Count | None = count_field(default=None)
    panels: tuple[ChildDeathPanel, ...] = ()

    @property
    def has_records(self) -> bool:
        return bool(self.records) or any(p.has_records for p in self.panels)

    @property
    def has_categories(self) -> bool:
        return bool(self.records or self.categories_stated) or any(p.has_categories for p in self.panels)

    @property
    def has_age_bands(self) -> bool:
        return bool(self.records or self.age_bands_stated) or any(p.has_age_bands for p in self.panels)

    @property
    def figures(self) -> tuple[ChildDeathFigures, ...]:
        """Where the figures come from: each panel, or this one set of figures."""
        return self.panels if self.panels else (self,)

    def _total(self, values: list[int | None], stated: int | None) -> int | None:
        """The panels' figures added up when every panel has one; else the figure stated overall."""
        if self.panels and all(v is not None for v in values):
            return sum(v for v in values if v is not None)
        return stated

    @property
    def panel_meetings(self) -> int | None:
        """Meetings held in the period: the one panel's, or the panels' together."""
        stated = self.meetings if self.meetings is not None else self.meetings_per_year
        return self._total([p.meetings for p in self.panels], stated)

    @property
    def notified_total(self) -> int | None:
        """Deaths notified in the period (the panels' added up when each has its own figure)."""
        return self._total([p.notified for p in self.panels], self.notified)

    @property
    def notified_previous_total(self) -> int | None:
        """Deaths notified in the period before."""
        return self._total([p.notified_previous for p in self.panels], self.notified_previous)

    @property
    def reviews(self) -> int | None:
        if self.panels:
            return self._total([p.reviews for p in self.panels], self.reviews_stated)
        return super().reviews

    @property
    def with_modifiable_factors(self) -> int | None:
        if self.panels:
            return self._total([p.with_modifiable_factors for p in self.panels], self.modifiable_stated)
        return super().with_modifiable_factors

    @property
    def by_category(self) -> dict[DeathCategory, int]:
        """Reviews by category: the panels' added up when they give them, else as stated here."""
        if any(p.has_categories for p in self.panels):
            return _summed([p.by_category for p in self.panels], list(DeathCategory))
        return super().by_category

    @property
    def by_age_band(self) -> dict[AgeBand, int]:
        if any(p.has_age_bands for p in self.panels):
            return _summed([p.by_age_band for p in self.panels], list(AgeBand))
        return super().by_age_band

    @property
    def factor_counts(self) -> list[tuple[str, int]]:
        if any(p.records or p.factors_stated for p in self.panels):
            counts: Counter[str] = Counter()
            for panel in self.panels:
                counts.update(dict(panel.factor_counts))
            return sorted(counts.items(), key=lambda item: (-item[1], item[0]))
        return super().factor_counts

    @property
    def all_records(self) -> tuple[ChildDeathRecord, ...]:
        return tuple(r for f in self.figures for r in f.records)


K = TypeVar("K")


def _summed(tables: list[dict[K, int]], keys: list[K]) -> dict[K, int]:
    return {key: sum(t.get(key, 0) for t in tables) for key in keys}
