"""The fields a report does not print as they are given, each with the reason.

Everything else a board folder accepts appears in the board edition: a test
builds a board with every field filled and finds each value in the document.
A field is named ``Class.field``; ``*.field`` names it in every class and
``Class.*`` every field of a class. A new field of the model must be shown, or
be listed here with its reason.
"""

from __future__ import annotations

import enum
import fnmatch
from collections.abc import Mapping

__all__ = ["NOT_SHOWN", "Why", "why_not_shown"]


class Why(enum.Enum):
    """Why a field is not printed as it is given."""

    CHECK_ONLY = "check-only"
    """A figure or fact the published report states, checked against what lscb works out; the worked-out one is printed."""
    EDITION = "edition"
    """Decides what the public edition shows, or is shown there in place of a withheld item."""
    LINK = "link"
    """Connects one item to another; shown by where the item is placed."""
    COUNTED = "counted"
    """Counted into figures and tables, never listed one by one."""
    NARRATIVE = "narrative"
    """A figure for the narrative to use by name (``{{ area.population }}``), and for the checks."""
    ARRANGES = "arranges"
    """Decides where or under which heading an item is shown, not what it says."""
    DECLARATION = "declaration"
    """Declares a board-defined section: its place, audience, names and the kinds of its values."""


NOT_SHOWN: Mapping[str, tuple[Why, str]] = {
    "*.*_stated": (
        Why.CHECK_ONLY,
        "a figure the published report states, checked against the one worked out from its parts; the report prints the worked-out one",
    ),
    "StatedReviewCount.*": (
        Why.CHECK_ONLY,
        "a count of reviews the report states in words, and where; checked against the reviews listed",
    ),
    "*.visibility": (
        Why.EDITION,
        "who may read the item: the board edition shows it, the public edition leaves it out",
    ),
    "*.public_summary": (
        Why.EDITION,
        "shown in the public edition in place of an item that is not for publication",
    ),
    "AnnualReport.previous": (
        Why.LINK,
        "names the period folder of the year before; its figures are shown beside this year's, not its folder name",
    ),
    "Board.established": (
        Why.CHECK_ONLY,
        "when the board was established, so that lscb check can point out a period that starts before it",
    ),
    "Theme.id": (Why.LINK, "names the theme for plugins' slots"),
    "Priority.id": (Why.LINK, "names the priority that audits and activities belong to, and plugins' slots"),
    "Audit.id": (Why.LINK, "names the audit in the data"),
    "Audit.priority": (Why.LINK, "the audit is shown under this priority"),
    "Activity.id": (Why.LINK, "names the activity in the data"),
    "Activity.priority": (Why.LINK, "the activity is shown under this priority"),
    "Group.id": (Why.LINK, "names the group that other groups report to"),
    "Group.reports_to": (
        Why.LINK,
        "the group it reports to: a line on the structure chart, and a sentence of the chart's alternative text",
    ),
    "ChildDeathRecord.*": (
        Why.COUNTED,
        "each reviewed death is counted into the figures and the tables by category, age band and modifiable factor, never shown on its own",
    ),
    "Audit.participants": (
        Why.COUNTED,
        "the agencies taking part are counted ('Taking part: 5'); the list checks a stated count",
    ),
    "Area.square_miles": (Why.NARRATIVE, "for the narrative: {{ area.square_miles }}"),
    "Area.population": (Why.NARRATIVE, "for the narrative and the check of children_percent"),
    "Area.children": (Why.NARRATIVE, "for the narrative and the check of children_percent"),
    "Area.children_ages": (Why.NARRATIVE, "for the narrative: {{ area.children_ages }}"),
    "Area.children_percent": (Why.NARRATIVE, "for the narrative; checked against children and population"),
    "Area.minority_ethnic_children_percent": (Why.NARRATIVE, "for the narrative, with the percent filter"),
    "Area.national_minority_ethnic_children_percent": (
        Why.NARRATIVE,
        "for the narrative, with the percent filter",
    ),
    "Area.districts": (Why.NARRATIVE, "for the narrative: {{ area.districts | length }} or a list"),
    "AnnualReport.regime": (
        Why.CHECK_ONLY,
        "the statutory regime the report is written under: lscb checks the report against it, and it names the report (Annual or Yearly Report) unless the title or report_name does",
    ),
    "ActivityKind.value": (
        Why.ARRANGES,
        "files the activity (campaign, event ...); the report shows it by its name",
    ),
    "ChildDeathPanel.id": (Why.LINK, "names the panel in the data; the report shows it by its name"),
    "Foreword.narrative": (Why.LINK, "the narrative file the foreword's text is read from"),
    "Foreword.signature": (
        Why.ARRANGES,
        "whether a signature block follows the foreword (`no` for one signed in its own words)",
    ),
    "ChildDeathOverview.meetings_per_year": (
        Why.NARRATIVE,
        "for the narrative: {{ cdop.meetings_per_year }}",
    ),
    "Member.category": (
        Why.ARRANGES,
        "the business unit is listed apart from the members; advisers and lay members sit with the members",
    ),
    "Group.kind": (Why.ARRANGES, "places the group's box on the structure chart"),
    "Activity.kind": (
        Why.ARRANGES,
        "files the activity (campaign, event ...); the report shows it by its name",
    ),
    "LocalSection.after": (Why.DECLARATION, "the section it follows"),
    "LocalSection.before": (Why.DECLARATION, "the section it precedes"),
    "LocalSection.appendix": (Why.DECLARATION, "makes it an appendix, numbered with the others"),
    "LocalSection.audience": (Why.DECLARATION, "whether the public edition has it"),
    "LocalSection.narrative": (Why.DECLARATION, "the narrative file it shows"),
    "LocalSection.covers": (Why.DECLARATION, "the statutory items it meets (in the coverage annex)"),
    "Figure.name": (Why.DECLARATION, "the name the narrative uses for it"),
    "Figure.kind": (Why.DECLARATION, "how its value is read and printed"),
    "Figure.total_of": (Why.DECLARATION, "the column it is the total of (its value is worked out)"),
    "Figure.people": (Why.DECLARATION, "small values are suppressed in the public edition"),
    "Figure.headline": (Why.DECLARATION, "drawn large at the top of the section"),
    "LocalTable.name": (Why.DECLARATION, "the name the narrative uses for it"),
    "LocalTable.total_row": (Why.DECLARATION, "adds a total row"),
    "LocalTable.total_column": (Why.DECLARATION, "adds a total column"),
    "LocalTable.people": (Why.DECLARATION, "small counts are suppressed in the public edition"),
    "Column.key": (Why.DECLARATION, "the name rows and the narrative use for the column"),
    "Column.kind": (Why.DECLARATION, "how the column's values are read and printed"),
    "TableChart.kind": (Why.DECLARATION, "the kind of chart drawn (bars across, bars up or lines)"),
    "TableChart.series": (Why.DECLARATION, "the columns the chart plots; their headings name its series"),
    "TableChart.categories": (Why.DECLARATION, "the column naming the chart's bars; its values label them"),
    "TableChart.stacked": (Why.DECLARATION, "stacks the chart's series in each bar"),
}
"""Every field not printed as given, by ``Class.field`` pattern, with why."""


def why_not_shown(class_name: str, field: str) -> tuple[Why, str] | None:
    """Why ``class_name.field`` is not printed as given, or ``None`` when it is printed."""
    name = f"{class_name}.{field}"
    for pattern, reason in NOT_SHOWN.items():
        if fnmatch.fnmatchcase(name, pattern):
            return reason
    return None
