"""The child death overview panel: reviews of child deaths, their categories and modifiable factors."""

from __future__ import annotations

import enum
from collections import Counter

import attrs

from lscb_core._base.quantities import Count, count_field
from lscb_core._model.text import Markdown

__all__ = ["AgeBand", "CategoryCount", "ChildDeathOverview", "ChildDeathRecord", "DeathCategory"]


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
class ChildDeathOverview:
    """What the panel did in the year.

    When ``records`` are given, every count is computed from them and the
    ``*_stated`` figures (if any) are checked against those counts. Without
    records the stated figures are the counts.
    """

    meetings_per_year: Count | None = count_field(default=None)
    reviews_stated: Count | None = count_field(default=None)
    modifiable_stated: Count | None = count_field(default=None)
    categories_stated: tuple[CategoryCount, ...] = ()
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
        counts = Counter(r.age_band for r in self.records)
        return {band: counts.get(band, 0) for band in AgeBand}

    @property
    def factor_counts(self) -> list[tuple[str, int]]:
        """Modifiable factors by how many reviews found them, most frequent first."""
        counts = Counter(f for r in self.records for f in r.factors)
        return sorted(counts.items(), key=lambda item: (-item[1], item[0]))
