"""Hypothesis strategies for the domain model: valid objects of every class, in one place.

``text`` is a parameter throughout so that the same strategies can generate
ordinary text or hostile text (XML specials, Jinja syntax, control characters).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from hypothesis import strategies as st

from lscb_core._base.charts import ChartKind
from lscb_core._model.activities import Activity, ActivityKind, Metric
from lscb_core._model.audits import Audit, AuditFinding, AuditKind, AuditStatus
from lscb_core._model.board import Address, Approval, Area, AreaFact, Board, Leadership, Person
from lscb_core._model.budget import Budget, BudgetLine, Contribution, Funding, Income
from lscb_core._model.cdop import AgeBand, CategoryCount, ChildDeathOverview, ChildDeathRecord, DeathCategory
from lscb_core._model.editions import Visibility
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

plain_text = st.text(
    alphabet=st.characters(codec="utf-8", categories=("L", "N", "Zs", "P")),
    min_size=1,
    max_size=40,
).filter(lambda s: s.strip() != "")

counts = st.integers(min_value=0, max_value=100_000)
small_counts = st.integers(min_value=0, max_value=60)
money = st.integers(min_value=0, max_value=5_000_000)
identifiers = st.from_regex(r"[a-z][a-z0-9-]{0,15}", fullmatch=True)
percents = st.floats(min_value=0, max_value=100, allow_nan=False, allow_infinity=False)


def partial_dates() -> st.SearchStrategy[PartialDate]:
    return st.dates(dt.date(1990, 1, 1), dt.date(2100, 12, 31)).flatmap(
        lambda d: st.sampled_from([PartialDate(d.year), PartialDate(d.year, d.month), PartialDate.of(d)])
    )


@st.composite
def periods(draw: st.DrawFn) -> ReportingPeriod:
    start = draw(st.dates(dt.date(2006, 1, 1), dt.date(2090, 1, 1)))
    days = draw(st.integers(min_value=0, max_value=800))
    return ReportingPeriod(start, start + dt.timedelta(days=days))


def markdown(text: st.SearchStrategy[str]) -> st.SearchStrategy[Markdown]:
    return st.builds(Markdown, text)


def optional(strategy: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    return st.none() | strategy


def tuples(strategy: st.SearchStrategy[Any], max_size: int = 3) -> st.SearchStrategy[tuple[Any, ...]]:
    return st.lists(strategy, max_size=max_size).map(tuple)


def boards(text: st.SearchStrategy[str] = plain_text) -> st.SearchStrategy[Board]:
    # A board's names must show something: hostile text either side of a word.
    named = st.tuples(text, text).map(lambda pair: f"{pair[0]}Board{pair[1]}")
    return st.builds(
        Board,
        name=named,
        short_name=named,
        website=optional(st.just("https://example.org/")),
        email=optional(text),
        phone=optional(text),
        address=optional(st.builds(Address, lines=tuples(text), postcode=optional(text))),
    )


def people(text: st.SearchStrategy[str] = plain_text) -> st.SearchStrategy[Person]:
    return st.builds(Person, name=text, role=optional(text), organisation=optional(text))


@st.composite
def members(draw: st.DrawFn, text: st.SearchStrategy[str] = plain_text) -> Member:
    possible = draw(optional(small_counts))
    attended = draw(optional(st.integers(0, possible) if possible is not None else small_counts))
    joined = draw(optional(partial_dates()))
    left = draw(optional(partial_dates()))
    if joined is not None and left is not None and left.before(joined):
        joined, left = left, joined
    return Member(
        role=draw(text),
        agency=draw(optional(text)),
        category=draw(st.sampled_from(MemberCategory)),
        attended=attended,
        possible=possible,
        deputy_allowed=draw(st.booleans()),
        joined=joined,
        left=left,
        note=draw(optional(text)),
    )


def recommendations(text: st.SearchStrategy[str] = plain_text) -> st.SearchStrategy[Recommendation]:
    return st.builds(
        Recommendation,
        text=markdown(text),
        owner=optional(text),
        status=optional(st.sampled_from(ActionStatus)),
    )


@st.composite
def case_reviews(draw: st.DrawFn, text: st.SearchStrategy[str] = plain_text) -> CaseReview:
    commissioned = draw(optional(partial_dates()))
    completed = draw(optional(partial_dates()))
    if commissioned is not None and completed is not None and completed.before(commissioned):
        commissioned, completed = completed, commissioned
    return CaseReview(
        visibility=draw(st.sampled_from(Visibility)),
        public_summary=draw(optional(text)),
        reference=draw(text),
        kind=draw(st.sampled_from(ReviewKind)),
        status=draw(st.sampled_from(ReviewStatus)),
        subject=draw(optional(text)),
        notified=draw(optional(partial_dates())),
        commissioned=commissioned,
        completed=completed,
        publication=draw(
            st.builds(
                Publication,
                decision=st.sampled_from(PublicationDecision),
                reason=optional(text),
                date=optional(partial_dates()),
                url=optional(st.just("https://example.org/review")),
            )
        ),
        learning=draw(tuples(text)),
        recommendations=draw(tuples(recommendations(text))),
        recommendations_stated=draw(optional(small_counts)),
        response=draw(optional(markdown(text))),
        quotations=draw(tuples(st.builds(Quotation, text=text, source=text))),
    )


@st.composite
def cdops(draw: st.DrawFn, text: st.SearchStrategy[str] = plain_text) -> ChildDeathOverview:
    reviews = draw(optional(small_counts))
    modifiable = draw(optional(st.integers(0, reviews) if reviews is not None else small_counts))

    @st.composite
    def record(d: st.DrawFn) -> ChildDeathRecord:
        modifiable_record = d(st.booleans())
        return ChildDeathRecord(
            id=d(identifiers),
            category=d(st.sampled_from(DeathCategory)),
            age_band=d(st.sampled_from(AgeBand)),
            modifiable=modifiable_record,
            factors=d(tuples(text)) if modifiable_record else (),
        )

    return ChildDeathOverview(
        meetings_per_year=draw(optional(small_counts)),
        reviews_stated=reviews,
        modifiable_stated=modifiable,
        categories_stated=draw(
            tuples(st.builds(CategoryCount, category=st.sampled_from(DeathCategory), reviews=small_counts))
        ),
        frequent_factors=draw(tuples(text)),
        actions=draw(optional(markdown(text))),
        records=draw(tuples(record(), max_size=12)),
    )


def budgets(text: st.SearchStrategy[str] = plain_text) -> st.SearchStrategy[Budget]:
    return st.builds(
        Budget,
        contributions=tuples(st.builds(Contribution, partner=text, amount=money)),
        contributions_stated=optional(money),
        carry_forward_in=optional(money),
        lines=tuples(
            st.builds(
                BudgetLine,
                name=text,
                spend=money,
                budget=optional(money),
                funded_from=st.sampled_from(Funding),
                note=optional(text),
            ),
            max_size=6,
        ),
        other_income=tuples(st.builds(Income, source=text, amount=money, purpose=optional(text))),
        budget_total_stated=optional(money),
        spend_total_stated=optional(money),
        variance_total_stated=optional(st.integers(-5_000_000, 5_000_000)),
        carry_forward_out_stated=optional(money),
        notes=tuples(markdown(text)),
    )


def trainings(text: st.SearchStrategy[str] = plain_text) -> st.SearchStrategy[Training]:
    return st.builds(
        Training,
        courses=tuples(
            st.builds(Course, name=text, attendees=counts, times_run=optional(small_counts)), max_size=8
        ),
        attendees_stated=optional(counts),
        by_agency=tuples(st.builds(AgencyAttendance, agency=text, attendees=counts), max_size=8),
        by_agency_stated=optional(counts),
        note=optional(markdown(text)),
    )


def structures(text: st.SearchStrategy[str] = plain_text) -> st.SearchStrategy[Structure]:
    @st.composite
    def build(draw: st.DrawFn) -> Structure:
        ids = draw(st.lists(identifiers, unique=True, max_size=6))
        groups = []
        for i, group_id in enumerate(ids):
            parent = draw(st.none() | st.sampled_from(ids[:i])) if i else None
            groups.append(
                Group(
                    id=group_id,
                    name=draw(text),
                    kind=draw(st.sampled_from(GroupKind)),
                    reports_to=parent,
                    chair=draw(optional(text)),
                    purpose=draw(optional(markdown(text))),
                    meetings_per_year=draw(optional(small_counts)),
                    highlights=draw(tuples(markdown(text))),
                )
            )
        return Structure(groups=tuple(groups))

    return build()


def priorities(text: st.SearchStrategy[str] = plain_text) -> st.SearchStrategy[Priorities]:
    priority = st.builds(
        Priority,
        id=identifiers,
        title=text,
        why=optional(markdown(text)),
        progress=optional(markdown(text)),
        next_steps=optional(markdown(text)),
        training=tuples(
            st.builds(
                StatedTraining, course=text, times_run=optional(small_counts), attendees=optional(counts)
            )
        ),
    )
    theme = st.builds(
        Theme, id=identifiers, title=text, priorities=tuples(priority), next_steps=optional(markdown(text))
    )
    plan = st.builds(BusinessPlan, introduction=optional(markdown(text)), priorities=tuples(markdown(text)))
    return st.builds(Priorities, themes=tuples(theme), business_plan=optional(plan))


def reports(text: st.SearchStrategy[str] = plain_text) -> st.SearchStrategy[AnnualReport]:
    """Whole, valid annual reports."""
    return st.builds(
        AnnualReport,
        board=boards(text),
        period=periods(),
        regime=st.sampled_from(Regime),
        title=optional(text),
        leadership=st.builds(
            Leadership,
            independent_chair=optional(people(text)),
            lead_partners=tuples(people(text)),
            independent_scrutineer=optional(people(text)),
        ),
        authors=tuples(people(text)),
        compiled=optional(partial_dates()),
        approval=optional(st.builds(Approval, body=text, date=optional(partial_dates()))),
        submitted_to=tuples(text),
        area=optional(
            st.builds(
                Area,
                name=text,
                square_miles=optional(counts),
                population=optional(counts),
                children=optional(counts),
                children_ages=text,
                children_percent=optional(percents),
                districts=tuples(text),
                facts=tuples(st.builds(AreaFact, label=text, value=text, source=optional(text))),
            )
        ),
        narrative=st.dictionaries(identifiers, markdown(text), max_size=3),
        structure=structures(text),
        membership=st.builds(
            Membership,
            body=text,
            meetings_held=optional(small_counts),
            organisations=tuples(st.builds(Organisation, name=text, parts=tuples(text))),
            members=tuples(members(text), max_size=6),
        ),
        inspections=tuples(
            st.builds(
                Inspection,
                inspectorate=text,
                date=partial_dates(),
                framework=optional(text),
                # Grades every graded framework has (adequate and requires improvement depend on the date).
                judgements=tuples(
                    st.builds(
                        Judgement,
                        subject=text,
                        grade=st.sampled_from([Grade.OUTSTANDING, Grade.GOOD, Grade.INADEQUATE]),
                    )
                ),
                report_url=optional(st.just("https://example.org/inspection")),
                quotations=tuples(st.builds(Quotation, text=text, source=text)),
            )
        ),
        priorities=priorities(text),
        reviews=st.builds(
            CaseReviews,
            cases=tuples(case_reviews(text)),
            stated_counts=tuples(
                st.builds(
                    StatedReviewCount,
                    kind=st.sampled_from(ReviewKind),
                    completed=small_counts,
                    where=optional(text),
                )
            ),
            quotations=tuples(st.builds(Quotation, text=text, source=text)),
        ),
        audits=tuples(
            st.builds(
                Audit,
                id=identifiers,
                title=text,
                kind=st.sampled_from(AuditKind.known_kinds()),
                status=st.sampled_from(AuditStatus),
                date=optional(partial_dates()),
                purpose=optional(markdown(text)),
                participants=tuples(text),
                participants_stated=optional(small_counts),
                cases=optional(small_counts),
                questions=optional(small_counts),
                themes=tuples(text),
                findings=tuples(
                    st.builds(
                        AuditFinding,
                        text=markdown(text),
                        visibility=st.sampled_from(Visibility),
                        public_summary=optional(text),
                    )
                ),
                recommendations=tuples(recommendations(text)),
                priority=optional(identifiers),
            )
        ),
        activities=tuples(
            st.builds(
                Activity,
                id=identifiers,
                name=text,
                kind=st.sampled_from(ActivityKind.known_kinds()),
                date=optional(partial_dates()),
                description=optional(markdown(text)),
                audience=optional(text),
                funded_by=tuples(text),
                metrics=tuples(st.builds(Metric, label=text, value=counts, approximate=st.booleans())),
                priority=optional(identifiers),
            )
        ),
        cdop=optional(cdops(text)),
        budget=optional(budgets(text)),
        training=optional(trainings(text)),
        glossary=st.builds(
            Glossary, terms=tuples(st.builds(Term, abbreviation=text, meaning=text), max_size=6)
        ),
    )


# --- hostile text -------------------------------------------------------------------
#
# Text an author, a spreadsheet or an attacker could put in any field, meant to
# break the YAML, the Word XML, the templates or the Markdown on the way to the
# document: every piece here must come out of a build exactly as given (less the
# characters XML cannot hold) or be refused at its place.

XML_SPECIALS = (
    "&",
    "<",
    ">",
    '"',
    "'",
    "]]>",
    "&amp;",
    "&lt;w:p&gt;",
    "&#0;",
    "<w:p>",
    "</w:t></w:r></w:p>",
    "<![CDATA[x]]>",
    "<!-- c -->",
    '<?xml version="1.0"?>',
    '<!DOCTYPE x [<!ENTITY e "e">]>&e;',
)
CONTROL_CHARACTERS = (*(chr(c) for c in range(0x20)), "\x7f", "\ufffe", "\uffff")
"""Every C0 control (tab, newline and carriage return among them), DEL and the two non-characters."""
LONE_SURROGATES = ("\ud800", "\udbff", "\udc00", "\udfff")
JINJA = (
    "{{ 7*7 }}",
    "{{7*7}}",
    "{% for x in y %}",
    "{% endfor %}",
    "{# c #}",
    "{{",
    "}}",
    "{%",
    "%}",
    "{#",
    "#}",
    "{{ board.name }}",
    "{{ ''.__class__.__mro__ }}",
    "{{ 'lscb' ~ '-evaluated' }}",
    "{% raw %}",
)
DOCXTPL = (
    "{%p if x %}",
    "{%tr for r in rows %}",
    "{%tc x %}",
    "{{r x }}",
    "{{p x }}",
    "{_{",
    "}_}",
    "{_%",
    "%_}",
)
"""docxtpl's own markers: paragraph, row and cell tags, rich text, and its escaped braces."""
BIDI = (
    "\u202e",
    "\u202d",
    "\u202a",
    "\u202b",
    "\u202c",
    "\u200e",
    "\u200f",
    "\u2066",
    "\u2067",
    "\u2068",
    "\u2069",
    "\u061c",
    "مجلس حماية الأطفال",
    "ועדת הגנה על ילדים",
    "abc\u202edcba",
)
ASTRAL = ("😀", "👩\u200d👩\u200d👧", "🏳️\u200d🌈", "👍🏽", "𝔘𝔫𝔦𝔠𝔬𝔡𝔢", "𠜎𠜱", "\U0010fffd", "🇬🇧")
COMBINING = (
    "e\u0301",
    "\u0301",
    "Z\u0364\u0351a\u0308\u0316l\u036eg\u030co\u0319",
    "\u0e01\u0e34\u0e4a",
    "\u20dd",
)
MARKDOWN_SPECIALS = (
    "*",
    "_",
    "#",
    ">",
    "**bold**",
    "_i_",
    "# Heading",
    "> quote",
    "- item",
    "1. item",
    "`code`",
    "```",
    "---",
    "===",
    "|a|b|\n|-|-|",
    "[x](javascript:alert(1))",
    "<script>alert(1)</script>",
    "![i](http://example.org/i.png)",
    "\\",
    "a ::: board-only",
    "b :::",
)
YAML_SPECIALS = (
    ": ",
    "- ",
    "? ",
    "!!python/object:os.system",
    "!!binary aGk=",
    "&anchor",
    "*alias",
    "<<",
    "---",
    "...",
    "%YAML 1.2",
    "%TAG ! tag:x,2000:",
    "|",
    ">-",
    "~",
    "null",
    "yes",
    "no",
    "1e3",
    "0x1f",
    "2015-04-01",
    "{a: b}",
    "[a, b]",
    "@",
    "`",
    "#",
)
CSV_SPECIALS = (",", '"', '""', '"a","b"', "\n", "\r\n", "\r", ";", "=1+1", "@SUM(A1)", "+1", "-1")
WHITESPACE = (
    "",
    " ",
    "   ",
    "\t",
    "\n",
    "\u00a0",
    "\u2007",
    "\u3000",
    "\x85",
    "\u2028",
    "\u2029",
    "\u200b",
    "\ufeff",
)
"""Empty and blank text, and the characters YAML (NEL, LS, PS) or Word might read as a break or a space."""

HOSTILE_PIECES = (
    *XML_SPECIALS,
    *CONTROL_CHARACTERS,
    *LONE_SURROGATES,
    *JINJA,
    *DOCXTPL,
    *BIDI,
    *ASTRAL,
    *COMBINING,
    *MARKDOWN_SPECIALS,
    *YAML_SPECIALS,
    *CSV_SPECIALS,
    *WHITESPACE,
)

ordinary_text = st.text(
    alphabet=st.characters(codec="utf-8", categories=("L", "N", "Zs", "P", "S")), max_size=30
)
"""Ordinary printable text in any script (no controls, no surrogates)."""


def long_words(length: int = 600) -> st.SearchStrategy[str]:
    """A word of up to ``length`` characters (at least a sixth of it) with no space to break it."""
    return st.builds(
        lambda piece, n: piece * n,
        st.sampled_from(("x", "é", "W", "\u0645", "😀", "&", "{", "e\u0301")),
        st.integers(min_value=length // 6, max_value=length),
    )


def long_paragraphs(words: int = 120) -> st.SearchStrategy[str]:
    """A paragraph of up to ``words`` repetitions of a few words (at least a sixth of it)."""
    return st.builds(
        lambda chosen, n: " ".join(chosen * n),
        st.lists(
            st.sampled_from(("safeguarding", "children", "{{", "&", "<w:p>", "\u202e", "😀")),
            min_size=1,
            max_size=8,
        ),
        st.integers(min_value=words // 6, max_value=words),
    )


def hostile_pieces(*, without: str = "", long: bool = True) -> st.SearchStrategy[str]:
    """One piece of hostile text: a known troublemaker, ordinary text, any character or a long run.

    Characters in ``without`` never appear in what it gives. Long runs are
    hundreds of characters or words; with ``long`` off, a few dozen.
    """
    pieces = st.one_of(
        st.sampled_from(HOSTILE_PIECES),
        ordinary_text,
        st.characters(codec=None),
        long_words(600 if long else 60),
        long_paragraphs(120 if long else 12),
    )
    if without:
        table = {ord(c): None for c in without}
        return pieces.map(lambda s: s.translate(table))
    return pieces


def hostile_texts(*, without: str = "", long: bool = True, max_pieces: int = 6) -> st.SearchStrategy[str]:
    """Hostile text: a mixture of pieces from :func:`hostile_pieces` (sometimes just one, or none)."""
    return st.lists(hostile_pieces(without=without, long=long), max_size=max_pieces).map("".join)


hostile_text = hostile_texts()
"""Hostile text for any field: XML, YAML, CSV, Markdown and template syntax, controls, bidi, emoji ..."""


# --- expansion and depth: what grows when it is read or worked out ------------------------------


@st.composite
def alias_yaml(draw: st.DrawFn) -> str:
    """A YAML file whose anchors are used many times over: nested lists of aliases, long anchored texts."""
    levels = draw(st.integers(min_value=1, max_value=8))
    width = draw(st.integers(min_value=1, max_value=12))
    text = draw(st.integers(min_value=1, max_value=50_000))
    lines = [f"t: &t {'a' * text}", f"a0: &a0 [{', '.join(['*t'] * width)}]"]
    lines += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * width)}]" for i in range(1, levels)]
    return "\n".join(lines) + "\n"


@st.composite
def zip_packages(draw: st.DrawFn) -> bytes:
    """A zip package of parts of any size, packed or not, some of them packing a thousand times smaller."""
    import io
    import zipfile

    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as package:
        for i in range(draw(st.integers(min_value=1, max_value=4))):
            size = draw(st.integers(min_value=0, max_value=3 * 1024 * 1024))
            fill = draw(st.sampled_from([b"\0", b"<a/>", b"lscb "]))
            packed = draw(st.booleans())
            kind = zipfile.ZIP_DEFLATED if packed else zipfile.ZIP_STORED
            name = draw(st.sampled_from(["xl/worksheets/sheet{}.xml", "xl/media/image{}.bin", "part{}.rels"]))
            package.writestr(name.format(i), (fill * (size // len(fill) + 1))[:size], compress_type=kind)
    return out.getvalue()


_GROWTH = (
    "{{{{ 'ab'.ljust({n}) }}}}",
    "{{{{ 'ab' | center({n}) }}}}",
    "{{{{ 'ab' * {n} }}}}",
    "{{{{ '%0{n}d' | format(1) }}}}",
    "{{{{ '{{:>{n}}}'.format(1) }}}}",
    "{{{{ ('ab' * 100) | replace('a', 'b' * {small}) }}}}",
    "{{{{ 'a\\nb' | indent({n}) }}}}",
    "{{% set ns = namespace(s='ab') %}}{{% for i in range({small}) %}}{{% set ns.s = ns.s ~ ns.s %}}{{% endfor %}}{{{{ ns.s | length }}}}",
    "{{% set l = ['ab'] %}}{{% for i in range({small}) %}}{{% set _ = l.append(l[-1] + l[-1]) %}}{{% endfor %}}{{{{ l | length }}}}",
    "{{{{ [{small}] * {n} | length }}}}",
    "{{% for i in range({small}) %}}{{{{ 'x' * {small} }}}}{{% endfor %}}",
)


@st.composite
def template_growth(draw: st.DrawFn) -> str:
    """A narrative template that grows a string or a list, by a little or without bound."""
    pieces = []
    for _ in range(draw(st.integers(min_value=1, max_value=3))):
        form = draw(st.sampled_from(_GROWTH))
        n = draw(st.one_of(st.integers(0, 2_000), st.integers(0, 10**12)))
        small = draw(st.integers(0, 70))
        pieces.append(form.format(n=n, small=small))
    return "Intro.\n\n" + "\n".join(pieces) + "\n"


@st.composite
def nested_markdown(draw: st.DrawFn) -> tuple[str, list[str]]:
    """Markdown nesting lists and quotes to any depth; with the words each level says."""
    depth = draw(st.integers(min_value=1, max_value=130))
    kinds = draw(st.lists(st.sampled_from(["- ", "1. ", "> "]), min_size=depth, max_size=depth))
    lines: list[str] = []
    words: list[str] = []
    prefix = ""
    for level, kind in enumerate(kinds):
        word = f"level{level}"
        words.append(word)
        lines.append(f"{prefix}{kind}{word}")
        prefix += "> " if kind == "> " else " " * len(kind)
    return "\n".join(lines) + "\n\nAfter.\n", words


# --- sections of a board's own -------------------------------------------------------------


@st.composite
def local_sections(draw: st.DrawFn, text: st.SearchStrategy[str] = plain_text) -> LocalSection:
    """A valid board-defined section: typed figures, tables of every kind of column, some rows withheld."""
    kinds = list(ValueKind)
    values = {
        ValueKind.COUNT: small_counts,
        ValueKind.MONEY: money,
        ValueKind.PERCENT: percents,
        ValueKind.TEXT: text,
        ValueKind.DATE: partial_dates(),
    }
    names = draw(
        st.lists(st.from_regex(r"[a-z][a-z0-9_]{0,10}", fullmatch=True), min_size=2, max_size=5, unique=True)
    )
    tables = []
    for name in names[: draw(st.integers(0, 2))]:
        columns = [Column(key="label", heading=draw(optional(text)))]
        for i in range(draw(st.integers(1, 3))):
            columns.append(
                Column(key=f"c{i}", heading=draw(optional(text)), kind=draw(st.sampled_from(kinds)))
            )
        summed = [c for c in columns if c.kind.summed]
        plotted = [c.key for c in columns if c.kind is columns[-1].kind and c.kind.numeric]
        charts: tuple[TableChart, ...] = ()
        if plotted and draw(st.booleans()):
            stacked = draw(st.booleans())
            kinds_drawn = [ChartKind.BAR, ChartKind.COLUMN] if stacked else list(ChartKind)
            charts = (
                TableChart(
                    kind=draw(st.sampled_from(kinds_drawn)),
                    series=tuple(draw(st.lists(st.sampled_from(plotted), min_size=1, unique=True))),
                    categories=draw(st.sampled_from([None, "label"])),
                    title=draw(optional(text)),
                    stacked=stacked,
                ),
            )
        rows = tuple(
            TableRow(
                values={c.key: draw(values[c.kind]) for c in columns},
                visibility=draw(st.sampled_from(Visibility)),
            )
            for _ in range(draw(st.integers(0, 5)))
        )
        tables.append(
            LocalTable(
                name=name,
                caption=draw(text),
                columns=tuple(columns),
                rows=rows,
                total_row=bool(summed) and draw(st.booleans()),
                total_column=bool(summed) and draw(st.booleans()),
                people=any(c.kind is ValueKind.COUNT for c in columns) and draw(st.booleans()),
                notes=draw(tuples(text, max_size=2)),
                charts=charts,
            )
        )
    figures = []
    for name in names[len(tables) :]:
        kind = draw(st.sampled_from(kinds))
        figures.append(
            Figure(
                name=name,
                label=draw(text),
                kind=kind,
                value=draw(values[kind]),
                people=kind is ValueKind.COUNT and draw(st.booleans()),
                headline=draw(st.booleans()),
                visibility=draw(st.sampled_from(Visibility)),
            )
        )
    return LocalSection(
        title=draw(text),
        appendix=draw(st.booleans()),
        audience=draw(st.sampled_from(Audience)),
        figures=tuple(figures),
        tables=tuple(tables),
    )
