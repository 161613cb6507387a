"""Child death figures: stated counts against case-level records, against each other, and panels against the whole."""

from __future__ import annotations

from collections.abc import Iterator

from lscb_core._base.findings import Finding
from lscb_core._base.locations import DataPath
from lscb_core._base.markers import hookimpl
from lscb_core._checks import error, warning
from lscb_core._model.cdop import ChildDeathFigures, ChildDeathOverview
from lscb_core._model.loaded import LoadedReport


def _figures(figures: ChildDeathFigures, base: DataPath, who: str) -> Iterator[Finding]:
    """One set of figures (the panel's, or one panel's of several) against itself."""
    if figures.records:
        if figures.reviews_stated is not None and figures.reviews_stated != len(figures.records):
            yield warning(
                "cdop.reviews-stated",
                f"{figures.reviews_stated} reviews are stated{who} but there are {len(figures.records)} case records",
                (*base, "reviews_stated"),
            )
        modifiable = figures.with_modifiable_factors
        if figures.modifiable_stated is not None and figures.modifiable_stated != modifiable:
            yield warning(
                "cdop.modifiable-stated",
                f"{figures.modifiable_stated} reviews with modifiable factors are stated{who} but the case records have {modifiable}",
                (*base, "modifiable_stated"),
            )
        counted = figures.by_category
        for i, stated in enumerate(figures.categories_stated):
            if counted[stated.category] != stated.reviews:
                yield warning(
                    "cdop.category-stated",
                    f"{stated.reviews} reviews are stated{who} in the category {stated.category.label!r} but the case records have {counted[stated.category]}",
                    (*base, "categories_stated", i, "reviews"),
                )
        bands = figures.by_age_band
        for i, band in enumerate(figures.age_bands_stated):
            if bands[band.age_band] != band.reviews:
                yield warning(
                    "cdop.age-band-stated",
                    f"{band.reviews} reviews are stated{who} for children aged {band.age_band.value} but the case records have {bands[band.age_band]}",
                    (*base, "age_bands_stated", i, "reviews"),
                )
    elif figures.reviews_stated is not None:
        for field, parts, what in (
            ("categories_stated", [c.reviews for c in figures.categories_stated], "by category"),
            ("age_bands_stated", [a.reviews for a in figures.age_bands_stated], "by age band"),
        ):
            if parts and sum(parts) != figures.reviews_stated:
                yield warning(
                    "cdop.categories-total" if field == "categories_stated" else "cdop.age-bands-total",
                    f"reviews {what} add up to {sum(parts)} but {figures.reviews_stated} reviews are stated{who}",
                    (*base, field),
                )
    reviews = figures.reviews
    for i, factor in enumerate(figures.factors_stated):
        if reviews is not None and factor.reviews > reviews:
            yield warning(
                "cdop.factor-stated",
                f"{factor.reviews} reviews are stated{who} to have found {factor.factor!r}, more than the {reviews} reviews completed",
                (*base, "factors_stated", i, "reviews"),
            )


def _panels(cdop: ChildDeathOverview) -> Iterator[Finding]:
    """Several panels: each one's figures, and the overall figures stated against their sums."""
    ids: dict[str, int] = {}
    for i, panel in enumerate(cdop.panels):
        if panel.id in ids:
            yield error(
                "cdop.duplicate-panel",
                f"two panels have the id {panel.id!r} (panels {ids[panel.id] + 1} and {i + 1})",
                ("cdop", "panels", i, "id"),
            )
        ids.setdefault(panel.id, i)
        yield from _figures(panel, ("cdop", "panels", i), f" for the {panel.name}")
    if cdop.records:
        yield error(
            "cdop.records-outside-panels",
            "with panels, each panel's case records go under that panel (panels: - records: ...), not here",
            ("cdop", "records"),
        )
    panels = cdop.panels
    for field, stated, parts, what in (
        ("reviews_stated", cdop.reviews_stated, [p.reviews for p in panels], "reviews completed"),
        (
            "modifiable_stated",
            cdop.modifiable_stated,
            [p.with_modifiable_factors for p in panels],
            "reviews with modifiable factors",
        ),
        ("notified", cdop.notified, [p.notified for p in panels], "deaths notified"),
        (
            "notified_previous",
            cdop.notified_previous,
            [p.notified_previous for p in panels],
            "deaths notified the year before",
        ),
        ("meetings", cdop.meetings, [p.meetings for p in panels], "meetings"),
    ):
        known = [n for n in parts if n is not None]
        if stated is not None and len(known) == len(parts) and sum(known) != stated:
            yield warning(
                "cdop.panels-total",
                f"the panels' {what} add up to {sum(known):,} but {stated:,} are stated for all panels",
                ("cdop", field),
            )
    counted = cdop.by_category
    if any(p.records or p.categories_stated for p in panels):
        for i, category in enumerate(cdop.categories_stated):
            if counted[category.category] != category.reviews:
                yield warning(
                    "cdop.panels-total",
                    f"the panels' reviews in the category {category.category.label!r} add up to {counted[category.category]} but {category.reviews} are stated for all panels",
                    ("cdop", "categories_stated", i, "reviews"),
                )


@hookimpl
def lscb_check(loaded: LoadedReport) -> Iterator[Finding]:
    cdop = loaded.report.cdop
    if cdop is None:
        return
    if cdop.panels:
        yield from _panels(cdop)
    else:
        yield from _figures(cdop, ("cdop",), "")
    if cdop.meetings is not None and cdop.meetings_per_year is not None and not cdop.panels:
        yield warning(
            "cdop.meetings-twice",
            "meetings and meetings_per_year both say how often the panel met; keep one",
            ("cdop", "meetings_per_year"),
        )
    seen: dict[str, tuple[DataPath, int]] = {}
    sources: list[tuple[DataPath, ChildDeathFigures]] = [
        (("cdop", "panels", p), panel) for p, panel in enumerate(cdop.panels)
    ]
    for base, figures in sources or [(("cdop",), cdop)]:
        for i, record in enumerate(figures.records):
            if record.id in seen:
                _, first = seen[record.id]
                yield warning(
                    "cdop.duplicate-record",
                    f"the case record {record.id!r} appears twice (rows {first + 1} and {i + 1})",
                    (*base, "records", i, "id"),
                )
            seen.setdefault(record.id, (base, i))
