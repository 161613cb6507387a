"""Learning from case reviews, and the child death overview panel."""

from __future__ import annotations

import re
from collections.abc import Sequence

from lscb_core._base.blocks import Block, Heading, Link, Paragraph, Quote, Text
from lscb_core._base.markers import hookimpl
from lscb_core._model.formatting import date_text, plural
from lscb_core._model.reviews import CaseReview, PublicationDecision
from lscb_core._sections.child_deaths import child_deaths, child_deaths_heading
from lscb_core._sections.compose import Section, SectionContext
from lscb_core._sections.helpers import bullets, prose, table, text_column
from lscb_core._sections.priorities import recommendation_list

_PUBLICATION = {
    PublicationDecision.PENDING: "Awaiting publication",
    PublicationDecision.FULL: "Published in full",
    PublicationDecision.SUMMARY: "Summary published",
    PublicationDecision.NOT_FOR_PUBLICATION: "Not for publication",
}


def _quote(text: str, source: str) -> Quote:
    return Quote((Paragraph((Text(f"“{text.strip(chr(34))}”"),)),), source)


_NAMED = re.compile(
    r"(?:Child|Children|Family|Baby|Sibling|Young [Pp]erson|Adult)s?\s+[A-Z]{1,3}\b|[A-Z]{2,}"
)


def _lower_first(subject: str) -> str:
    """``a 15-year-old`` from ``A 15-year-old``; a name (``Child A``, ``RR 2020-05``) keeps its capital."""
    if _NAMED.match(subject):
        return subject
    return subject[:1].lower() + subject[1:]


def review_blocks(context: SectionContext, review: CaseReview) -> list[Block]:
    heading = f"{review.reference}: {review.kind.label}"
    if not review.shown_in(context.edition):
        # The public edition carries nothing that could identify the child or family.
        summary = review.public_summary or f"The report of {review.reference} is not for publication."
        return [Heading(heading, 2), prose(summary), *context.slot(f"reviews.{review.reference}")]
    blocks: list[Block] = [Heading(heading, 2)]
    rows = [["Status", review.status.value.replace("-", " ").capitalize()]]
    for label, when in (
        ("Notified", review.notified),
        ("Commissioned", review.commissioned),
        ("Completed", review.completed),
    ):
        if when is not None:
            rows.append([label, date_text(when)])
    publication = _PUBLICATION[review.publication.decision]
    if review.publication.date:
        publication += f", {date_text(review.publication.date)}"
    if review.publication.reason:
        publication += f" ({review.publication.reason.rstrip('.')})"
    rows.append(["Publication", publication])
    blocks.append(
        table(
            [text_column("About the review", 0.35), text_column(review.reference)],
            rows,
            caption=f"{review.reference} at a glance",
        )
    )
    if review.subject:
        blocks.append(prose(f"{review.reference} relates to {_lower_first(review.subject)}"))
    if review.learning:
        blocks.append(prose(f"The review identified {plural(len(review.learning), 'area')} of learning:"))
        blocks.append(bullets(list(review.learning)))
    if review.recommendations:
        blocks.append(prose(f"The review made {plural(len(review.recommendations), 'recommendation')}:"))
        blocks.append(recommendation_list(context, review.recommendations))
    blocks += context.md(review.response, level=3)
    blocks.extend(_quote(q.text, q.source) for q in context.shown(review.quotations))
    if review.publication.url:
        blocks.append(prose(Link(f"Read the {review.reference} report", review.publication.url), "."))
    blocks += context.slot(f"reviews.{review.reference}")
    return blocks


def _reviews(context: SectionContext) -> list[Block]:
    reviews = context.report.reviews
    if not reviews.cases and not reviews.quotations:
        return []
    blocks = context.narrative("reviews")
    if reviews.cases:
        blocks.append(
            table(
                [
                    text_column("Review", 0.25),
                    text_column("Kind"),
                    text_column("Status"),
                    text_column("Publication"),
                ],
                [
                    [
                        r.reference,
                        r.kind.label,
                        r.status.value.replace("-", " ").capitalize(),
                        _PUBLICATION[r.publication.decision],
                    ]
                    for r in reviews.cases
                ],
                caption=f"Case reviews in the {context.report.period.span}",
            )
        )
    blocks.extend(_quote(q.text, q.source) for q in context.shown(reviews.quotations))
    for review in reviews.cases:
        blocks += review_blocks(context, review)
    return blocks


@hookimpl
def lscb_sections() -> Sequence[Section]:
    return [
        Section("reviews", "Learning from case reviews", 80, _reviews),
        Section("cdop", "Child Death Overview Panel", 90, child_deaths, heading=child_deaths_heading),
    ]
