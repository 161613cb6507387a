"""A fully populated board: every field of every part of the model holds a value that is not its default.

Text values are distinct words (``zeta007``) and numbers distinct where the
rules allow, so that a test can look for each one in a built report.
``tests/test_nothing_dropped.py`` proves the board is full (a field added to
the model must be filled here too) and that every value is shown or is
documented as not shown.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Iterator

from lscb_core._base.charts import ChartKind
from lscb_core._model.activities import Activity, ActivityKind, Metric
from lscb_core._model.audits import Audit, AuditFinding, AuditKind, AuditStatus
from lscb_core._model.board import Address, Approval, Area, AreaFact, Board, Leadership, Person
from lscb_core._model.budget import Budget, BudgetLine, Contribution, Funding, Income
from lscb_core._model.cdop import (
    AgeBand,
    AgeBandCount,
    CategoryCount,
    ChildDeathOverview,
    ChildDeathPanel,
    ChildDeathRecord,
    DeathCategory,
    FactorCount,
)
from lscb_core._model.editions import Visibility
from lscb_core._model.forewords import Foreword
from lscb_core._model.glossary import Glossary, Term
from lscb_core._model.inspection import Grade, Inspection, Judgement, Quotation
from lscb_core._model.local_sections import (
    Audience,
    Column,
    Figure,
    LocalSection,
    LocalTable,
    TableChart,
    TableRow,
    ValueKind,
)
from lscb_core._model.members import Member, MemberCategory, Membership, Organisation
from lscb_core._model.period import PartialDate, ReportingPeriod
from lscb_core._model.priorities import BusinessPlan, Priorities, Priority, StatedTraining, Theme
from lscb_core._model.regime import Regime
from lscb_core._model.report import AnnualReport, CaseReviews
from lscb_core._model.reviews import (
    ActionStatus,
    CaseReview,
    Publication,
    PublicationDecision,
    Recommendation,
    ReviewKind,
    ReviewStatus,
    StatedReviewCount,
)
from lscb_core._model.structure import Group, GroupKind, Structure
from lscb_core._model.text import Markdown
from lscb_core._model.training import AgencyAttendance, Course, Training

NARRATIVE_FILES = (
    "foreword",
    "context",
    "governance",
    "inspection",
    "priorities",
    "next",
    "reviews",
    "cdop",
    "budget",
    "effectiveness",
    "scrutiny",
    "impact",
    "voice",
    "weaknesses",
    "lado",
)


class _Words:
    """Distinct words and numbers, in order."""

    def __init__(self) -> None:
        self._words: Iterator[int] = itertools.count(1)
        self._numbers: Iterator[int] = itertools.count(7001)

    def __call__(self) -> str:
        return f"zeta{next(self._words):03d}"

    def md(self) -> Markdown:
        return Markdown(f"{self()} {self()}\n")

    def number(self) -> int:
        return next(self._numbers)


def full_report() -> AnnualReport:
    """Every field filled; every item that can be withheld is board-only (the board edition shows it all)."""
    return withheld(_full_report())


def _full_report() -> AnnualReport:
    w = _Words()

    def person() -> Person:
        return Person(name=w(), role=w(), organisation=w())

    def quotation() -> Quotation:
        return Quotation(text=w(), source=w(), public_summary=w())

    def recommendation() -> Recommendation:
        return Recommendation(text=w.md(), owner=w(), status=ActionStatus.IN_PROGRESS, public_summary=w())

    course = Course(name=w(), attendees=w.number(), times_run=w.number(), public_summary=w())
    signer = w()
    factor = w()
    panel_meetings, notified, notified_before = (
        (w.number(), w.number()),
        (w.number(), w.number()),
        (w.number(), w.number()),
    )
    return AnnualReport(
        board=Board(
            name=w(),
            short_name=w(),
            website="https://board.example.org/",
            email="office@board.example.org",
            phone=w(),
            address=Address(lines=(w(), w()), postcode=w()),
            established=PartialDate(2008, 4),
        ),
        period=ReportingPeriod(dt.date(2015, 4, 1), dt.date(2016, 3, 31), w()),
        regime=Regime.LSCB_2015,
        title=w(),
        previous="2014-15",
        report_name=w(),
        # Not a year, so that its label names its first and last months.
        next_period=ReportingPeriod(dt.date(2016, 5, 1), dt.date(2017, 3, 31)),
        leadership=Leadership(
            independent_chair=person(), lead_partners=(person(),), independent_scrutineer=person()
        ),
        forewords=(
            Foreword(title=w(), narrative="foreword", authors=(person(),)),
            # Signed in its own words, so without a signature block.
            Foreword(
                title=w(),
                text=Markdown(f"{w()} — {signer}\n"),
                authors=(Person(name=signer),),
                signature=False,
            ),
        ),
        authors=(person(),),
        compiled=PartialDate(2016, 6),
        approval=Approval(body=w(), date=PartialDate(2016, 7, 14)),
        submitted_to=(w(), w()),
        area=Area(
            name=w(),
            square_miles=w.number(),
            population=400_000,
            children=90_000,
            children_ages=w(),
            children_percent=22.5,
            minority_ethnic_children_percent=17.5,
            national_minority_ethnic_children_percent=31.5,
            districts=(w(), w()),
            facts=(AreaFact(label=w(), value=w(), source=w()),),
        ),
        narrative={name: w.md() for name in NARRATIVE_FILES},
        structure=Structure(
            groups=(
                Group(
                    id="main-board",
                    name=w(),
                    kind=GroupKind.EXECUTIVE,
                    chair=w(),
                    purpose=w.md(),
                    meetings_per_year=w.number(),
                    highlights=(w.md(),),
                    public_summary=w(),
                ),
                Group(id="sub", name=w(), kind=GroupKind.SUBGROUP, reports_to="main-board"),
            )
        ),
        membership=Membership(
            body=w(),
            meetings_held=9,
            organisations=(Organisation(name=w(), parts=(w(),)),),
            members=(
                Member(
                    role=w(),
                    agency=w(),
                    category=MemberCategory.ADVISER,
                    attended=7,
                    possible=8,
                    deputy_allowed=True,
                    joined=PartialDate(2015, 5),
                    left=PartialDate(2016, 2),
                    note=w(),
                    public_summary=w(),
                ),
            ),
        ),
        inspections=(
            Inspection(
                inspectorate=w(),
                date=PartialDate(2015, 11),
                framework=w(),
                judgements=(Judgement(subject=w(), grade=Grade.REQUIRES_IMPROVEMENT),),
                report_url="https://inspection.example.org/report",
                quotations=(quotation(),),
            ),
        ),
        priorities=Priorities(
            themes=(
                Theme(
                    id="theme",
                    title=w(),
                    priorities=(
                        Priority(
                            id="first",
                            title=w(),
                            why=w.md(),
                            progress=w.md(),
                            next_steps=w.md(),
                            training=(
                                StatedTraining(
                                    course=course.name, times_run=course.times_run, attendees=course.attendees
                                ),
                            ),
                            public_summary=w(),
                        ),
                    ),
                    next_steps=w.md(),
                ),
            ),
            business_plan=BusinessPlan(introduction=w.md(), priorities=(w.md(),)),
        ),
        reviews=CaseReviews(
            cases=(
                CaseReview(
                    reference=w(),
                    kind=ReviewKind.LEARNING_REVIEW,
                    status=ReviewStatus.PUBLISHED,
                    subject=w(),
                    notified=PartialDate(2015, 4, 20),
                    commissioned=PartialDate(2015, 5, 21),
                    completed=PartialDate(2015, 12, 22),
                    publication=Publication(
                        decision=PublicationDecision.SUMMARY,
                        reason=w(),
                        date=PartialDate(2016, 1, 23),
                        url="https://review.example.org/summary",
                    ),
                    learning=(w(),),
                    recommendations=(recommendation(),),
                    recommendations_stated=1,
                    response=w.md(),
                    quotations=(quotation(),),
                    public_summary=w(),
                ),
            ),
            stated_counts=(StatedReviewCount(kind=ReviewKind.LEARNING_REVIEW, completed=1, where=w()),),
            quotations=(quotation(),),
        ),
        audits=(
            Audit(
                id="audit",
                title=w(),
                kind=AuditKind.SINGLE_AGENCY,
                status=AuditStatus.IN_PROGRESS,
                date=PartialDate(2015, 10),
                purpose=w.md(),
                participants=(w(),),
                participants_stated=1,
                cases=w.number(),
                questions=w.number(),
                themes=(w(),),
                findings=(AuditFinding(text=w.md(), public_summary=w()),),
                recommendations=(recommendation(),),
                priority="first",
                public_summary=w(),
            ),
        ),
        activities=(
            Activity(
                id="activity",
                name=w(),
                kind=ActivityKind.CONFERENCE,
                date=PartialDate(2015, 9),
                description=w.md(),
                audience=w(),
                funded_by=(w(),),
                metrics=(Metric(label=w(), value=w.number(), approximate=True, public_summary=w()),),
                priority="first",
                public_summary=w(),
            ),
        ),
        cdop=ChildDeathOverview(
            name=w(),
            review_partners=(w(),),
            meetings_per_year=w.number(),
            # The whole's figures, as the report states them: the panels' sums.
            meetings=sum(panel_meetings),
            notified=sum(notified),
            notified_previous=sum(notified_before),
            reviews_stated=2,
            modifiable_stated=2,
            categories_stated=(
                CategoryCount(category=DeathCategory.SUICIDE, reviews=1),
                CategoryCount(category=DeathCategory.INFECTION, reviews=1),
            ),
            age_bands_stated=(
                AgeBandCount(age_band=AgeBand.AGE_15_17, reviews=1),
                AgeBandCount(age_band=AgeBand.AGE_1_4, reviews=1),
            ),
            factors_stated=(FactorCount(factor=factor, reviews=1),),
            frequent_factors=(w(),),
            actions=w.md(),
            panels=(
                ChildDeathPanel(
                    id=w(),
                    name=w(),
                    covers=(w(),),
                    meetings=panel_meetings[0],
                    notified=notified[0],
                    notified_previous=notified_before[0],
                    reviews_stated=1,
                    modifiable_stated=1,
                    categories_stated=(CategoryCount(category=DeathCategory.SUICIDE, reviews=1),),
                    frequent_factors=(w(),),
                    actions=w.md(),
                    records=(
                        ChildDeathRecord(
                            id=w(),
                            category=DeathCategory.SUICIDE,
                            age_band=AgeBand.AGE_15_17,
                            modifiable=True,
                            factors=(w(),),
                        ),
                    ),
                ),
                ChildDeathPanel(
                    id=w(),
                    name=w(),
                    meetings=panel_meetings[1],
                    notified=notified[1],
                    notified_previous=notified_before[1],
                    reviews_stated=1,
                    modifiable_stated=1,
                    categories_stated=(CategoryCount(category=DeathCategory.INFECTION, reviews=1),),
                    age_bands_stated=(AgeBandCount(age_band=AgeBand.AGE_1_4, reviews=1),),
                    factors_stated=(FactorCount(factor=factor, reviews=1),),
                ),
            ),
        ),
        budget=Budget(
            contributions=(Contribution(partner=w(), amount=w.number(), public_summary=w()),),
            contributions_stated=w.number(),
            carry_forward_in=w.number(),
            lines=(
                BudgetLine(name=w(), spend=w.number(), budget=w.number(), note=w(), public_summary=w()),
                BudgetLine(name=w(), spend=w.number(), funded_from=Funding.RESERVES),
            ),
            other_income=(Income(source=w(), amount=w.number(), purpose=w(), public_summary=w()),),
            budget_total_stated=w.number(),
            spend_total_stated=w.number(),
            variance_total_stated=w.number(),
            carry_forward_out_stated=w.number(),
            notes=(w.md(),),
        ),
        training=Training(
            courses=(course,),
            attendees_stated=w.number(),
            by_agency=(AgencyAttendance(agency=w(), attendees=w.number(), public_summary=w()),),
            by_agency_stated=w.number(),
            note=w.md(),
        ),
        glossary=Glossary(terms=(Term(abbreviation=w().upper(), meaning=w()),)),
        sections={
            "lado": LocalSection(
                title=w(),
                after="priorities",
                appendix=True,
                narrative="lado",
                covers=("effectiveness",),
                figures=(
                    Figure(
                        name="referrals",
                        label=w(),
                        total_of="by_sector.referrals",
                        value_stated=w.number(),
                        people=True,
                        headline=True,
                        public_summary=w(),
                    ),
                    Figure(name="spend", label=w(), kind=ValueKind.MONEY, value=w.number()),
                ),
                tables=(
                    LocalTable(
                        name="by_sector",
                        caption=w(),
                        columns=(
                            Column(key="sector", heading=w()),
                            Column(key="referrals", heading=w(), kind=ValueKind.COUNT),
                            Column(key="closed", heading=w(), kind=ValueKind.COUNT),
                        ),
                        rows=(
                            TableRow(
                                values={"sector": w(), "referrals": w.number(), "closed": w.number()},
                                public_summary=w(),
                            ),
                            TableRow(values={"sector": w(), "referrals": w.number(), "closed": w.number()}),
                        ),
                        total_row=True,
                        total_column=True,
                        people=True,
                        totals_stated={"referrals": w.number()},
                        description=w.md(),
                        notes=(w(),),
                        public_summary=w(),
                        charts=(
                            TableChart(
                                kind=ChartKind.COLUMN,
                                series=("referrals", "closed"),
                                categories="sector",
                                title=w(),
                                value_title=w(),
                                category_title=w(),
                                stacked=True,
                            ),
                        ),
                    ),
                ),
            ),
            "self-assessment": LocalSection(
                title=w(),
                before="budget",
                audience=Audience.BOARD,
                figures=(Figure(name="score", label=w(), value=1),),
            ),
        },
    )


def withheld(report: AnnualReport) -> AnnualReport:
    """``report`` with every item that can be withheld marked board-only (for the public edition's summaries)."""
    import attrs

    from lscb_core._model.editions import Publishable

    def mark(value: object) -> object:
        if isinstance(value, tuple):
            return tuple(mark(item) for item in value)
        if isinstance(value, dict):
            return {key: mark(item) for key, item in value.items()}
        if attrs.has(type(value)):
            fields = [f for f in attrs.fields(type(value)) if f.init]
            changes = {f.alias: mark(getattr(value, f.name)) for f in fields}
            if isinstance(value, Publishable):
                changes["visibility"] = Visibility.BOARD_ONLY
            return attrs.evolve(value, **changes)
        return value

    result = mark(report)
    assert isinstance(result, AnnualReport)
    return result
