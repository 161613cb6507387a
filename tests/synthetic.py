"""Synthetic but realistic board folders, made deterministically from a seed, for tests and benchmarks.

Every figure is consistent with every other (totals add up, attendance never
exceeds the meetings held), so a synthetic board checks without errors; the
names are invented and belong to no real board.
"""

from __future__ import annotations

import datetime as dt
import random
from pathlib import Path

from lscb_core._loading.writing import write_board
from lscb_core._model.board import Address, Approval, Area, Board, Leadership, Person
from lscb_core._model.budget import Budget, BudgetLine, Contribution, Funding
from lscb_core._model.cdop import AgeBand, ChildDeathOverview, ChildDeathRecord, DeathCategory
from lscb_core._model.glossary import Glossary, Term
from lscb_core._model.inspection import Grade, Inspection, Judgement, Quotation
from lscb_core._model.members import Member, MemberCategory, Membership
from lscb_core._model.period import PartialDate, ReportingPeriod
from lscb_core._model.priorities import BusinessPlan, Priorities, Priority, Theme
from lscb_core._model.regime import Regime
from lscb_core._model.report import AnnualReport, CaseReviews
from lscb_core._model.reviews import (
    CaseReview,
    Publication,
    PublicationDecision,
    Recommendation,
    ReviewKind,
    ReviewStatus,
)
from lscb_core._model.structure import Group, GroupKind, Structure
from lscb_core._model.text import Markdown
from lscb_core._model.training import AgencyAttendance, Course, Training

__all__ = ["synthetic_board", "write_synthetic_boards"]

_PLACES = [
    "Ashford",
    "Brackley",
    "Calder",
    "Dunmore",
    "Elmbridge",
    "Fernhill",
    "Glenfield",
    "Harwood",
    "Ivybridge",
    "Kingsmere",
    "Larkfield",
    "Marston",
    "Northvale",
    "Oakdene",
    "Pennington",
    "Queensbury",
    "Redmarsh",
    "Southwold",
    "Thornbury",
    "Upton",
    "Westmere",
    "Yarrow",
]
_SUFFIXES = ["shire", "vale", " and District", " Borough", " County"]
_SUBGROUPS = [
    "Audit",
    "Case Review",
    "Child Death Overview Panel",
    "Learning and Development",
    "Performance",
    "Policy and Procedure",
    "Exploitation",
    "Neglect",
    "Early Help",
    "Health Forum",
]
_ROLES = [
    ("Director of Children's Services", "the County Council"),
    ("Assistant Chief Constable", "the Constabulary"),
    ("Director of Nursing", "the Clinical Commissioning Group"),
    ("Designated Doctor for Safeguarding Children", "the health service"),
    ("Head of Service", "Probation"),
    ("Service Manager", "Cafcass"),
    ("Headteacher", "Primary schools"),
    ("Principal", "Further education"),
    ("Chief Executive", "District councils"),
    ("Lay member", None),
    ("Director of Public Health", "the County Council"),
    ("Head of Safeguarding", "the Community Health Trust"),
    ("Chief Nurse", "the Hospitals Trust"),
    ("Head of Housing", "District councils"),
    ("Youth Justice Manager", "the Youth Justice Service"),
]
_COURSES = [
    "Safeguarding children: foundation",
    "Understanding neglect",
    "Child sexual exploitation awareness",
    "Domestic abuse and children",
    "Working with parental mental health",
    "Safeguarding disabled children",
    "Graded Care Profile",
    "Self-harm awareness",
    "Serious case review findings",
    "Substance misuse and parenting",
    "Online safety",
    "Female genital mutilation awareness",
    "Safer sleep",
    "Contextual safeguarding",
    "Neglect toolkit",
]
_AGENCIES = [
    "Children's Services",
    "Schools",
    "Health visiting",
    "Hospitals Trust",
    "Community Health",
    "Police",
    "Probation",
    "Early years",
    "Voluntary sector",
    "District councils",
    "Housing",
    "Youth service",
    "Colleges",
    "Mental health services",
    "Drug and alcohol services",
    "General practice",
    "Children's centres",
    "Fostering services",
    "Residential care",
    "Faith groups",
]
_THEMES = [
    ("early-help", "Early help", ["Early help assessments", "The continuum of need"]),
    ("exploitation", "Child exploitation", ["Child sexual exploitation", "Children missing from home"]),
    ("neglect", "Neglect", ["A shared approach to neglect", "Use of the Graded Care Profile"]),
    ("learning", "Learning from reviews", ["Embedding learning from reviews"]),
    ("voice", "The voice of the child", ["Hearing children in assessments"]),
]
_OPENINGS = ["During the year", "Over the last twelve months", "This year", "Throughout the period"]
_ACTORS = [
    "the partnership",
    "partner agencies",
    "the board",
    "practitioners",
    "the sub-group",
    "schools and health services",
]
_VERBS = ["reviewed", "strengthened", "audited", "improved", "agreed", "launched", "monitored", "developed"]
_OBJECTS = [
    "its approach to neglect",
    "the quality of referrals",
    "multi-agency training",
    "information sharing",
    "the early help offer",
    "the response to exploitation",
    "its performance data",
    "how children's voices are heard",
]
_ENDINGS = [
    "and reported progress to the board.",
    "with the support of every partner.",
    "and the results are set out below.",
    "and will keep this under review next year.",
    "so that children get help sooner.",
]


def _grades(year: int) -> list[Grade]:
    """Ofsted's four grades in the year given: "adequate" until 2013, "requires improvement" after."""
    middle = Grade.ADEQUATE if year < 2013 else Grade.REQUIRES_IMPROVEMENT
    return [Grade.OUTSTANDING, Grade.GOOD, middle, Grade.INADEQUATE]


def _sentence(rng: random.Random) -> str:
    return f"{rng.choice(_OPENINGS)} {rng.choice(_ACTORS)} {rng.choice(_VERBS)} {rng.choice(_OBJECTS)} {rng.choice(_ENDINGS)}"


def _paragraphs(rng: random.Random, count: int) -> str:
    return (
        "\n\n".join(" ".join(_sentence(rng) for _ in range(rng.randint(2, 4))) for _ in range(count)) + "\n"
    )


def synthetic_board(seed: int, *, courses: int | None = None) -> AnnualReport:
    """A realistic, consistent board year; the same seed always gives the same board.

    ``courses`` sets the number of training courses (for large-table tests).
    """
    rng = random.Random(seed)
    place = f"{rng.choice(_PLACES)}{rng.choice(_SUFFIXES)}"
    partnership = rng.random() < 0.5
    year = rng.randint(2020, 2024) if partnership else rng.randint(2008, 2018)
    if rng.random() < 0.7:
        period = ReportingPeriod.financial_year(year)
    else:
        start = dt.date(year, rng.choice([1, 7, 9]), 1)
        period = ReportingPeriod(start, start.replace(year=start.year + 1) - dt.timedelta(days=1))
    kind = "Safeguarding Children Partnership" if partnership else "Safeguarding Children Board"
    short = "".join(w[0] for w in place.replace(" and ", " ").split()).upper() + (
        "SCP" if partnership else "SCB"
    )
    regime = (
        rng.choice([Regime.PARTNERSHIP_2018, Regime.PARTNERSHIP_2023]) if partnership else Regime.LSCB_2015
    )
    board = Board(
        name=f"{place} {kind}",
        short_name=short,
        website=f"https://{place.lower().replace(' ', '')}.example/safeguarding",
        phone="01632 960" + f"{rng.randint(0, 999):03d}",
        address=Address(
            lines=("County Hall", "High Street", place),
            postcode=f"ZZ{rng.randint(1, 99)} {rng.randint(1, 9)}AA",
        ),
    )
    chair = Person(
        name=f"{rng.choice(['Alex', 'Sam', 'Jo', 'Chris', 'Pat'])} {rng.choice(['Morgan', 'Reed', 'Hale', 'Carter', 'Lane'])}",
        role="Independent Chair",
    )
    leadership = (
        Leadership(
            lead_partners=(
                Person(name="A Director", role="Director of Children's Services"),
                Person(name="B Constable", role="Chief Constable"),
                Person(name="C Nurse", role="Director of Nursing"),
            ),
            independent_scrutineer=chair,
        )
        if partnership
        else Leadership(independent_chair=chair)
    )
    meetings = rng.choice([4, 5, 6])
    members = []
    for role, agency in rng.sample(_ROLES, rng.randint(10, len(_ROLES))):
        attended = rng.randint(max(0, meetings - 3), meetings)
        members.append(
            Member(
                role=role,
                agency=agency,
                attended=attended,
                possible=meetings,
                category=MemberCategory.LAY_MEMBER if agency is None else MemberCategory.MEMBER,
            )
        )
    groups = [
        Group(
            id="board",
            name=f"{short} {'Executive' if partnership else 'Board'}",
            kind=GroupKind.BOARD,
            meetings_per_year=meetings,
        )
    ]
    for name in rng.sample(_SUBGROUPS, rng.randint(5, 9)):
        gid = name.lower().replace(" ", "-")
        groups.append(
            Group(
                id=gid,
                name=name,
                kind=GroupKind.SUBGROUP,
                reports_to="board",
                highlights=(Markdown(_sentence(rng)), Markdown(_sentence(rng))),
            )
        )
    themes = []
    for tid, title, priority_titles in rng.sample(_THEMES, rng.randint(3, 4)):
        priorities = tuple(
            Priority(
                id=f"{tid}-{i}",
                title=p,
                why=Markdown(_paragraphs(rng, 1)),
                progress=Markdown(_paragraphs(rng, rng.randint(2, 4))),
            )
            for i, p in enumerate(priority_titles)
        )
        themes.append(
            Theme(id=tid, title=title, priorities=priorities, next_steps=Markdown(_paragraphs(rng, 1)))
        )
    course_count = courses if courses is not None else rng.randint(8, 15)
    course_list = tuple(
        Course(
            name=_COURSES[i % len(_COURSES)] + ("" if i < len(_COURSES) else f" ({i // len(_COURSES) + 1})"),
            attendees=rng.randint(10, 180),
            times_run=rng.randint(1, 8),
        )
        for i in range(course_count)
    )
    total = sum(c.attendees for c in course_list)
    agencies = rng.sample(_AGENCIES, rng.randint(10, len(_AGENCIES)))
    cuts = sorted(rng.sample(range(1, total), len(agencies) - 1)) if total > len(agencies) else []
    shares = (
        [b - a for a, b in zip([0, *cuts], [*cuts, total], strict=True)]
        if cuts
        else [total] + [0] * (len(agencies) - 1)
    )
    training = Training(
        courses=course_list,
        attendees_stated=total,
        by_agency=tuple(
            AgencyAttendance(agency=a, attendees=n) for a, n in zip(agencies, shares, strict=True)
        ),
        by_agency_stated=total,
    )
    partners = [
        ("County Council", rng.randint(150, 300) * 1000),
        ("Police", rng.randint(40, 90) * 1000),
        ("Health", rng.randint(60, 120) * 1000),
        ("District councils", rng.randint(5, 30) * 1000),
    ]
    income = sum(a for _, a in partners)
    staff = int(income * rng.uniform(0.6, 0.75))
    other = int(income * rng.uniform(0.1, 0.25))
    lines = (
        BudgetLine(
            name="Staff and independent chair", budget=staff, spend=staff + rng.randint(-20000, 20000)
        ),
        BudgetLine(name="Training and events", budget=other, spend=other + rng.randint(-5000, 5000)),
        BudgetLine(name="Case reviews", funded_from=Funding.RESERVES, spend=rng.randint(0, 40000)),
    )
    spend = sum(line.spend for line in lines)
    carry_in = max(0, spend - income) + rng.randint(10, 120) * 1000
    budget = Budget(
        contributions=tuple(Contribution(partner=p, amount=a) for p, a in partners),
        contributions_stated=income,
        carry_forward_in=carry_in,
        lines=lines,
        spend_total_stated=spend,
        carry_forward_out_stated=carry_in + income - spend,
    )
    records = tuple(
        ChildDeathRecord(
            id=f"D{seed}-{i:03d}",
            category=rng.choice(list(DeathCategory)),
            age_band=rng.choice(list(AgeBand)),
            modifiable=(m := rng.random() < 0.25),
            factors=(rng.choice(["Smoking in pregnancy", "Unsafe sleeping", "Road safety"]),) if m else (),
        )
        for i in range(rng.randint(15, 60))
    )
    review_kind = ReviewKind.PRACTICE_REVIEW if partnership else ReviewKind.SERIOUS_CASE_REVIEW
    reviews = tuple(
        CaseReview(
            reference=f"{review_kind.abbreviation} {year}-{i + 1}",
            kind=review_kind,
            status=ReviewStatus.COMPLETED,
            commissioned=PartialDate(year, rng.randint(1, 12)),
            subject="A child known to several agencies.",
            publication=Publication(decision=PublicationDecision.PENDING),
            learning=("Information sharing between agencies", "Hearing the voice of the child"),
            recommendations=(
                Recommendation(
                    text=Markdown("Agencies should share information sooner."), owner="All partners"
                ),
            ),
            response=Markdown(_paragraphs(rng, 1)),
        )
        for i in range(rng.randint(1, 3))
    )
    narrative = {
        name: Markdown(_paragraphs(rng, rng.randint(3, 6)))
        for name in ("foreword", "context", "governance", "cdop")
    }
    if partnership:
        narrative.update({name: Markdown(_paragraphs(rng, 2)) for name in ("impact", "voice", "scrutiny")})
    return AnnualReport(
        board=board,
        period=period,
        regime=regime,
        leadership=leadership,
        authors=(Person(name="D Manager", role="Business Manager"),),
        compiled=PartialDate(period.end.year, min(12, period.end.month + 2))
        if period.end.month <= 10
        else PartialDate(period.end.year + 1, 1),
        approval=Approval(
            body="the Board",
            date=PartialDate(period.end.year + 1, 1)
            if period.end.month >= 10
            else PartialDate(period.end.year, period.end.month + 2),
        ),
        submitted_to=(
            "Chief Executive of the Council",
            "Leader of the Council",
            "Police and Crime Commissioner",
            "Chair of the Health and Wellbeing Board",
        ),
        area=Area(
            name=place,
            population=rng.randint(200, 1500) * 1000,
            districts=tuple(f"{p} district" for p in rng.sample(_PLACES, 4)),
        ),
        narrative=narrative,
        structure=Structure(groups=tuple(groups)),
        membership=Membership(body="Board", meetings_held=meetings, members=tuple(members)),
        inspections=(
            Inspection(
                inspectorate="Ofsted",
                date=PartialDate(period.start.year, rng.randint(1, 12)),
                judgements=(Judgement(subject=board.name, grade=rng.choice(_grades(period.start.year))),),
                quotations=(
                    Quotation(text="Partners work well together.", source=f"Ofsted {period.start.year}"),
                ),
            ),
        ),
        priorities=Priorities(
            themes=tuple(themes),
            business_plan=BusinessPlan(priorities=tuple(Markdown(t.title) for t in themes)),
        ),
        reviews=CaseReviews(cases=reviews),
        cdop=ChildDeathOverview(meetings_per_year=6, actions=Markdown(_sentence(rng)), records=records),
        budget=budget,
        training=training,
        glossary=Glossary(
            terms=(
                Term(abbreviation=short, meaning=board.name),
                Term(abbreviation=review_kind.abbreviation, meaning=review_kind.label),
            )
        ),
    )


def write_synthetic_boards(
    folder: Path, count: int, *, seed: int = 2016, courses: int | None = None
) -> list[Path]:
    """Write ``count`` synthetic board folders into ``folder``; returns the board folders."""
    boards = []
    for i in range(count):
        report = synthetic_board(seed * 100_003 + i, courses=courses)
        board_dir = folder / f"board-{i:04d}"
        write_board(report, board_dir)
        boards.append(board_dir)
    return boards
