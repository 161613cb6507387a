"""Child death figures: stated counts against case-level records and against each other."""

from __future__ import annotations

from collections.abc import Iterator

from lscb_core._base.findings import Finding
from lscb_core._base.markers import hookimpl
from lscb_core._checks import warning
from lscb_core._model.loaded import LoadedReport


@hookimpl
def lscb_check(loaded: LoadedReport) -> Iterator[Finding]:
    cdop = loaded.report.cdop
    if cdop is None:
        return
    if cdop.records:
        if cdop.reviews_stated is not None and cdop.reviews_stated != len(cdop.records):
            yield warning(
                "cdop.reviews-stated",
                f"{cdop.reviews_stated} reviews are stated but there are {len(cdop.records)} case records",
                ("cdop", "reviews_stated"),
            )
        modifiable = cdop.with_modifiable_factors
        if cdop.modifiable_stated is not None and cdop.modifiable_stated != modifiable:
            yield warning(
                "cdop.modifiable-stated",
                f"{cdop.modifiable_stated} reviews with modifiable factors are stated but the case records have {modifiable}",
                ("cdop", "modifiable_stated"),
            )
        counted = cdop.by_category
        for i, stated in enumerate(cdop.categories_stated):
            if counted[stated.category] != stated.reviews:
                yield warning(
                    "cdop.category-stated",
                    f"{stated.reviews} reviews are stated in the category {stated.category.label!r} but the case records have {counted[stated.category]}",
                    ("cdop", "categories_stated", i, "reviews"),
                )
    elif cdop.categories_stated and cdop.reviews_stated is not None:
        total = sum(c.reviews for c in cdop.categories_stated)
        if total != cdop.reviews_stated:
            yield warning(
                "cdop.categories-total",
                f"reviews by category add up to {total} but {cdop.reviews_stated} reviews are stated",
                ("cdop", "categories_stated"),
            )
    seen: dict[str, int] = {}
    for i, record in enumerate(cdop.records):
        if record.id in seen:
            yield warning(
                "cdop.duplicate-record",
                f"the case record {record.id!r} appears twice (rows {seen[record.id] + 1} and {i + 1})",
                ("cdop", "records", i, "id"),
            )
        seen.setdefault(record.id, i)
