"""Annexes a build can ask for: the statutory coverage of the report."""

from __future__ import annotations

from collections.abc import Sequence

from lscb_core._base.blocks import Block
from lscb_core._base.markers import hookimpl
from lscb_core._publication.coverage import ItemCoverage, assess
from lscb_core._sections.compose import Section, SectionContext
from lscb_core._sections.helpers import join_words, prose, table, text_column


def _coverage(context: SectionContext) -> list[Block]:
    if "coverage" not in context.annexes:
        return []
    profile, items = assess(context.loaded)
    if profile is None:
        return [prose(f"lscb has no statutory profile for the regime {context.report.regime.value}.")]
    met = sum(1 for i in items if i.met)
    blocks: list[Block] = [
        prose(
            f"This annex sets the report against what the {profile.title} must contain (required) and what it is "
            f"expected to contain. {met} of {len(items)} items are met."
        )
    ]
    sections = context.report.sections

    def shown(item: ItemCoverage) -> str:
        if item.covered_by:
            titles = join_words([sections[key].title for key in item.covered_by if key in sections])
            # A board's own section that covers what the report already says is met in as well, not instead.
            return f"Met, also in {titles}" if item.met_by_the_data else f"Met in {titles}"
        return "Met" if item.met else f"Not met: {item.explain()}"

    rows = [[i.item.requirement, i.item.level.value.capitalize(), shown(i)] for i in items]
    blocks.append(
        table(
            [
                text_column("What the report should contain", 0.5),
                text_column("Level", 0.14),
                text_column("In this report"),
            ],
            rows,
            caption=f"Coverage of the {profile.title}",
        )
    )
    return blocks


@hookimpl
def lscb_sections() -> Sequence[Section]:
    return [Section("coverage", "Statutory coverage", 150, _coverage, appendix=True)]
