"""Case reviews: counts stated in words, kinds that did not exist in the period, references used twice."""

from __future__ import annotations

import itertools
from collections import Counter
from collections.abc import Iterator

from lscb_core._base.findings import Finding
from lscb_core._base.markers import hookimpl
from lscb_core._checks import error, literal, stated_total, warning
from lscb_core._model.loaded import LoadedReport
from lscb_core._model.reviews import PublicationDecision, ReviewStatus

_WORDS = {
    1: "one",
    2: "two",
    3: "three",
    4: "four",
    5: "five",
    6: "six",
    7: "seven",
    8: "eight",
    9: "nine",
}


def _n(count: int) -> str:
    return _WORDS.get(count, str(count))


@hookimpl
def lscb_check(loaded: LoadedReport) -> Iterator[Finding]:
    report = loaded.report
    cases = report.reviews.cases
    completed = Counter(r.kind for r in cases if r.status.is_completed)
    for i, stated in enumerate(report.reviews.stated_counts):
        have = completed.get(stated.kind, 0)
        if have != stated.completed:
            where = f" ({stated.where})" if stated.where else ""
            yield warning(
                "reviews.stated-count",
                f"the report says {_n(stated.completed)} {stated.kind.label.lower()}s were completed{where}, but the review data has {_n(have)}",
                ("reviews", "stated_counts", i, "completed"),
            )
    seen: set[str] = set()
    year = report.period.start.year
    for i, review in enumerate(cases):
        path = ("reviews", "cases", i)
        if review.reference in seen:
            yield warning(
                "reviews.duplicate-reference",
                f"the reference {review.reference!r} is used by two reviews",
                (*path, "reference"),
            )
        seen.add(review.reference)
        started = review.commissioned or review.notified
        start_year = started.year if started else year
        last = review.kind.last_year
        if start_year < review.kind.first_year or (last is not None and start_year > last):
            era = f"{review.kind.first_year} to {last}" if last else f"from {review.kind.first_year}"
            yield warning(
                "reviews.kind-era",
                f"{review.reference} is a {review.kind.label.lower()}, a kind of review that could be started {era}, but it dates from {start_year}",
                (*path, "kind"),
            )
        if review.recommendations:
            yield from stated_total(
                "reviews.recommendation-count",
                (*path, "recommendations_stated"),
                len(review.recommendations),
                review.recommendations_stated,
                f"{literal(review.reference)} lists {{computed}} recommendations but states {{stated}}",
            )
        steps = [
            ("notified", review.notified),
            ("commissioned", review.commissioned),
            ("completed", review.completed),
            ("published", review.publication.date),
        ]
        known = [(name, when) for name, when in steps if when is not None]
        for (first, earlier), (then, later) in itertools.pairwise(known):
            if later.before(earlier):
                yield error(
                    "reviews.date-order",
                    f"{review.reference} is dated {then} {later}, before it was {first} ({earlier})",
                    (*path, "publication", "date") if then == "published" else (*path, then),
                )
        publication = review.publication
        if review.status is ReviewStatus.PUBLISHED and publication.decision not in (
            PublicationDecision.FULL,
            PublicationDecision.SUMMARY,
        ):
            yield warning(
                "reviews.status-publication",
                f"{review.reference} has the status published but its publication decision is {publication.decision.value}",
                (*path, "status"),
            )
        if publication.decision is PublicationDecision.NOT_FOR_PUBLICATION and not publication.reason:
            yield warning(
                "reviews.unpublished-reason",
                f"{review.reference} is not for publication but no reason is recorded",
                (*path, "publication", "decision"),
            )
        if (
            publication.decision in (PublicationDecision.FULL, PublicationDecision.SUMMARY)
            and publication.url is None
        ):
            yield warning(
                "reviews.published-address",
                f"{review.reference} is published but the data gives no web address for it",
                (*path, "publication"),
            )
