"""Fuzzing to a valid document: hostile text in every field, and the report is still a clean Word document.

Every text field of a generated report holds hostile text (XML and template
syntax, control characters, bidi controls, emoji, YAML, CSV and Markdown
specials, very long words ...). The report is written as a board folder,
loaded and built, and then:

- python-docx opens the document again and every XML part parses strictly;
- every data value the report shows comes out exactly as given, less only the
  characters XML cannot hold (a carriage return becomes a line break);
- nothing in the data was evaluated as a template.

Narrative Markdown is a template by design, so narrative with broken template
syntax may fail the build, but only with an error at its place.
"""

from __future__ import annotations

import datetime as dt
import io
import itertools
import os
import re
import tempfile
import zipfile
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

import attrs
import pytest
from docx import Document
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from lxml import etree
from pypdf import PdfReader

from lscb_core._base.errors import NarrativeError
from lscb_core._base.findings import Finding, LoadError
from lscb_core._base.limits import Limits, use_limits
from lscb_core._base.locations import Location
from lscb_core._build.build import BuildResult, build_report
from lscb_core._hooks.manager import make_plugin_manager
from lscb_core._loading.folder import load_report
from lscb_core._loading.guard import check_package
from lscb_core._loading.writing import write_board
from lscb_core._loading.yamlfile import parse_yaml
from lscb_core._model.audits import Audit, AuditFinding, AuditKind
from lscb_core._model.board import Area, AreaFact, Board
from lscb_core._model.budget import Budget, BudgetLine, Contribution
from lscb_core._model.editions import Edition, Visibility
from lscb_core._model.glossary import Glossary, Term
from lscb_core._model.inspection import Grade, Inspection, Judgement
from lscb_core._model.members import Member, MemberCategory, Membership, Organisation
from lscb_core._model.period import PartialDate, ReportingPeriod
from lscb_core._model.regime import Regime
from lscb_core._model.report import AnnualReport, CaseReviews
from lscb_core._model.reviews import CaseReview, ReviewKind, ReviewStatus
from lscb_core._model.text import Markdown
from lscb_core._model.training import AgencyAttendance, Course, Training
from lscb_core._render.furniture import fit_footer_title
from lscb_core._render.office import Office, office_available, run_office_job
from lscb_core._render.pdf import convert_to_pdf, find_soffice
from lscb_core._sections.markdown import MarkdownError, markdown_blocks
from lscb_core._sections.templating import NarrativeRenderer

from .strategies import (
    ASTRAL,
    BIDI,
    COMBINING,
    CONTROL_CHARACTERS,
    CSV_SPECIALS,
    DOCXTPL,
    JINJA,
    LONE_SURROGATES,
    MARKDOWN_SPECIALS,
    WHITESPACE,
    XML_SPECIALS,
    YAML_SPECIALS,
    alias_yaml,
    hostile_pieces,
    hostile_text,
    hostile_texts,
    identifiers,
    nested_markdown,
    reports,
    template_growth,
    zip_packages,
)
from .test_bad_input import assert_in_authors_terms

_PM = make_plugin_manager(entry_points=False)

# --- what a value should look like in the document ---------------------------------

_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def shown(value: str) -> str:
    """``value`` as the document must show it: XML-illegal characters gone, a carriage return a newline."""
    return _XML_ILLEGAL.sub("", value).replace("\r\n", "\n").replace("\r", "\n")


def fitted(value: str) -> str:
    """A document property as Word holds it: at most 255 characters, cut with an ellipsis."""
    return value if len(value) <= CORE_PROPERTY_LIMIT else value[: CORE_PROPERTY_LIMIT - 1] + "…"


EVALUATED = "lscb-evaluated"
"""What ``{{ 'lscb' ~ '-evaluated' }}`` (one of the hostile pieces) gives if anything ever runs it."""


def test_the_hostile_pieces_would_show_it_if_anything_ran_them() -> None:
    assert "{{ 'lscb' ~ '-evaluated' }}" in JINJA


CORE_PROPERTY_LIMIT = 255
"""Word holds at most this many characters in a document property (title, subject, author)."""


def _map_text(value: Any, change: Callable[[str], str]) -> Any:
    """``value`` with every string and Markdown inside it changed by ``change``."""
    if isinstance(value, str):
        return change(value)
    if isinstance(value, Markdown):
        return Markdown(change(value.text))
    return _map_fields(value, lambda item: _map_text(item, change))


def _map_markdown(value: Any, change: Callable[[Markdown], Markdown]) -> Any:
    """``value`` with every Markdown inside it replaced by ``change(markdown)``."""
    if isinstance(value, Markdown):
        return change(value)
    return _map_fields(value, lambda item: _map_markdown(item, change))


def _map_fields(value: Any, change: Callable[[Any], Any]) -> Any:
    """A tuple, dict or attrs object with ``change`` applied to each of its items (other values as they are)."""
    if isinstance(value, tuple):
        return tuple(change(item) for item in value)
    if isinstance(value, dict):
        return {key: change(item) for key, item in value.items()}
    if attrs.has(type(value)):
        fields = [f for f in attrs.fields(type(value)) if f.init]
        return attrs.evolve(value, **{f.alias: change(getattr(value, f.name)) for f in fields})
    return value


def _strings(value: Any) -> Iterator[str]:
    """Every string inside ``value``, Markdown text included."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, Markdown):
        yield value.text
    elif isinstance(value, tuple | list):
        for item in value:
            yield from _strings(item)
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif attrs.has(type(value)):
        for field in attrs.fields(type(value)):
            yield from _strings(getattr(value, field.name))


# --- narrative: a template by design --------------------------------------------------

NARRATIVE_TEMPLATES = (
    "{{ board.name }}",
    "{{ board.short_name }}",
    "{{ period.label }}",
    "{{ glossary.terms | length }}",
    "{% for t in glossary.terms %}{{ t.abbreviation }} means {{ t.meaning }}. {% endfor %}",
    "{% if training %}{% for c in training.courses %}{{ c.name }}; {% endfor %}{% endif %}",
    "{{ '{{ 7*7 }}' }}",
    "{# a comment #}",
    "{% raw %}{{ 7*7 }}{% endraw %}",
)
"""Narrative template syntax that works: it fills in data values, which are never run themselves."""

BROKEN_TEMPLATES = (
    "{{",
    "{%",
    "{#",
    "{{ 7*7 }",
    "{{ board.nmae }}",
    "{% for x in y %}",
    "{% endfor %}",
    "{{ ''.__class__.__mro__ }}",
    "{{ board.name | no_such_filter }}",
    "{{ board.name.format() }}",
)
"""Narrative template syntax that fails: the build must stop with an error at the narrative."""

NARRATIVE_ERRORS = frozenset({"narrative.template", "narrative.unknown-name", "build.narrative"})
"""The codes of errors in narrative templates: found by the checks, or when the narrative is rendered."""

_NOT_IN_A_FILE = ""
"""Characters kept out of narrative files (none: write_board drops what no file can hold)."""


@attrs.frozen
class Narrative:
    text: str
    broken: bool


def narratives(*, broken: bool, without: str = "", long: bool = True) -> st.SearchStrategy[Narrative]:
    """Narrative Markdown: hostile text without braces, template syntax that works and, if ``broken``, some that fails."""
    pieces = [
        hostile_pieces(without="{" + without, long=long).map(lambda s: Narrative(s, broken=False)),
        st.sampled_from(NARRATIVE_TEMPLATES).map(lambda s: Narrative(s, broken=False)),
    ]
    if broken:
        pieces.append(st.sampled_from(BROKEN_TEMPLATES).map(lambda s: Narrative(s, broken=True)))
    return st.lists(st.one_of(pieces), max_size=5).map(
        lambda drawn: Narrative("".join(p.text for p in drawn), any(p.broken for p in drawn))
    )


NARRATIVE_FILES = (
    "foreword",
    "context",
    "governance",
    "inspection",
    "reviews",
    "cdop",
    "priorities",
    "budget",
    "next",
    "effectiveness",
    "scrutiny",
    "impact",
    "voice",
    "weaknesses",
)
"""The narrative files the built-in sections show."""


def consistent(report: AnnualReport) -> AnnualReport:
    """``report`` without what the checks rightly call impossible (the strategies do not keep to these rules).

    A member cannot attend more meetings than were held, and a case review is
    notified, commissioned, completed and published in that order.
    """
    membership = report.membership
    held = membership.meetings_held
    if held is not None and any(
        (m.possible or 0) > held or (m.attended or 0) > held for m in membership.members
    ):
        membership = attrs.evolve(membership, meetings_held=None)
    cases = []
    for review in report.reviews.cases:
        steps = [
            when
            for when in (review.notified, review.commissioned, review.completed, review.publication.date)
            if when is not None
        ]
        if any(later.before(earlier) for earlier, later in itertools.pairwise(steps)):
            review = attrs.evolve(
                review, notified=None, publication=attrs.evolve(review.publication, date=None)
            )
        cases.append(review)
    return attrs.evolve(
        report, membership=membership, reviews=attrs.evolve(report.reviews, cases=tuple(cases))
    )


@attrs.frozen
class Case:
    """A generated report, the edition to build, and whether its narrative has template syntax that must fail."""

    report: AnnualReport
    edition: Edition
    broken_narrative: bool


@st.composite
def hostile_cases(draw: st.DrawFn, *, may_break: bool | None = None, long: bool = True) -> Case:
    """A whole, valid report with hostile text in every field, narrative included.

    One report in five (or every one, or none, as ``may_break`` says) has
    narrative with template syntax that fails. With ``long`` off, long words
    and paragraphs are a few dozen characters and words, not hundreds.
    """
    report = consistent(draw(reports(text=hostile_text if long else hostile_texts(long=False))))
    if may_break is None:
        may_break = draw(st.integers(min_value=0, max_value=4)) == 4
    broken = False

    def narrative(*, without: str = "") -> Markdown:
        nonlocal broken
        drawn = draw(narratives(broken=may_break, without=without, long=long))
        broken |= drawn.broken
        return Markdown(drawn.text)

    report = _map_markdown(attrs.evolve(report, narrative={}), lambda _: narrative())
    files = draw(st.lists(st.sampled_from(NARRATIVE_FILES) | identifiers, unique=True, max_size=4))
    report = attrs.evolve(report, narrative={name: narrative(without=_NOT_IN_A_FILE) for name in files})
    return Case(report, draw(st.sampled_from(Edition)), broken)


# --- the document's text, as python-docx reads it ----------------------------------------


@attrs.frozen
class DocumentText:
    """The text of a built document: body paragraphs, tables (rows of cells) and page headers and footers."""

    body: tuple[str, ...]
    tables: tuple[tuple[tuple[str, ...], ...], ...]
    margins: tuple[str, ...]
    title: str
    author: str

    @property
    def everything(self) -> str:
        cells = (cell for table in self.tables for row in table for cell in row)
        return "\n".join((*self.body, *cells, *self.margins, self.title, self.author))

    def rows_under(self, header: Sequence[str]) -> list[tuple[str, ...]]:
        """The rows below the header row of every table whose header row is ``header``."""
        return [row for table in self.tables if table and table[0] == tuple(header) for row in table[1:]]


def read_document(path: Path) -> DocumentText:
    document = Document(str(path))  # (a) python-docx opens it again
    margins: list[str] = []
    for section in document.sections:
        for part in (
            section.header,
            section.footer,
            section.first_page_header,
            section.first_page_footer,
            section.even_page_header,
            section.even_page_footer,
        ):
            if not part.is_linked_to_previous:
                margins.extend(p.text for p in part.paragraphs)
    return DocumentText(
        body=tuple(p.text for p in document.paragraphs),
        tables=tuple(
            tuple(tuple(cell.text for cell in row.cells) for row in table.rows) for table in document.tables
        ),
        margins=tuple(margins),
        title=document.core_properties.title,
        author=document.core_properties.author,
    )


def assert_parts_parse_strictly(path: Path) -> None:
    """(b) Every XML part of the package parses with a strict parser."""
    parser = etree.XMLParser(recover=False, resolve_entities=False, no_network=True, huge_tree=True)
    with zipfile.ZipFile(path) as package:
        for name in package.namelist():
            if name.endswith((".xml", ".rels")):
                etree.fromstring(package.read(name), parser=parser)


# --- (c) every data value the report shows, exactly as given ------------------------------


def _without_total(rows: list[tuple[str, ...]]) -> list[tuple[str, ...]]:
    return rows[:-1] if rows and rows[-1][0] == "Total" else rows


def assert_values_shown(report: AnnualReport, text: DocumentText) -> None:
    """Each checked data value is in the document exactly as given (less what XML cannot hold)."""
    board = shown(report.board.name)
    report_title = shown(report.report_title)
    full_title = shown(report.full_title)
    # The footer's title is fitted to its line from the text the document can hold.
    footer = fit_footer_title(
        [shown(report.full_title), shown(f"{report.board.short_name} {report.report_title}")]
    )
    # The cover, the footer of every page (shortened to fit beside the page number) and the document's title.
    assert board in text.body, "the board's name is not on the cover"
    assert report_title in text.body, "the report's title is not on the cover"
    assert any(m.lstrip().startswith(footer.lstrip()) for m in text.margins), "the title is not in the footer"
    assert text.title == fitted(full_title)
    assert text.author == fitted(board)

    terms: dict[str, str] = {}
    for term in report.glossary.terms:
        terms.setdefault(shown(term.abbreviation), shown(term.meaning))
    assert sorted(text.rows_under(["Abbreviation", "Meaning"])) == sorted(terms.items())

    training = report.training
    if training is not None and (training.courses or training.by_agency):
        courses = _without_total(
            text.rows_under(["Name of course", "Total number of attendees", "Times the course ran"])
        )
        assert [row[0] for row in courses] == [shown(c.name) for c in training.courses]
        agencies = _without_total(text.rows_under(["Agency", "Total number of attendees"]))
        assert [row[0] for row in agencies] == [shown(a.agency) for a in training.by_agency]

    membership = report.membership
    if membership.members or membership.organisations:
        seats = [row[0] for row in text.rows_under(["Member, agency or organisation", "Meetings attended"])]
        members = [m for m in membership.members if m.category is not MemberCategory.BUSINESS_UNIT]
        staff = [m for m in membership.members if m.category is MemberCategory.BUSINESS_UNIT]
        assert len(seats) == len(membership.members)
        for seat, member in zip(seats, [*members, *staff], strict=True):
            role, agency = shown(member.role), shown(member.agency or "")
            assert seat.startswith(f"{role}, {agency}" if agency else role), (seat, member)
        for organisation in membership.organisations:
            assert shown(organisation.name) in text.body
            for part in organisation.parts:
                assert shown(part) in text.body

    budget = report.budget
    if budget is not None:
        partners = _without_total(text.rows_under(["Partner", "Contribution"]))
        assert [row[0] for row in partners] == [shown(c.partner) for c in budget.contributions]
        lines = _without_total(
            text.rows_under(
                [
                    "Budget line",
                    f"Budget set at the start of the {report.period.span}",
                    "Total spend",
                    "Variance",
                ]
            )
        )
        expected = []
        for line in budget.lines:
            note = shown(line.note or "")
            expected.append(shown(line.name) + (f" ({note})" if note else ""))
        assert [row[0] for row in lines] == expected

    cases = report.reviews.cases
    if cases:
        rows = text.rows_under(["Review", "Kind", "Status", "Publication"])
        assert [row[:2] for row in rows] == [(shown(r.reference), r.kind.label) for r in cases]
        for review in cases:
            assert f"{shown(review.reference)}: {review.kind.label}" in text.body

    area = report.area
    if area is not None and area.facts:
        facts = text.rows_under(["Fact", shown(area.name)])
        assert facts == [(shown(f.label), shown(f.value)) for f in area.facts]

    judged = text.rows_under(["Service or body inspected", "Judgement"])
    assert judged == [
        (shown(j.subject), j.grade.label) for inspection in report.inspections for j in inspection.judgements
    ]


def build(report: AnnualReport, folder: Path, edition: Edition = Edition.PUBLIC) -> BuildResult:
    """Write ``report`` as a board folder in ``folder`` and build it (with the accessibility audit only warning)."""
    write_board(report, folder / "board")
    return build_report(
        folder / "board", output=folder / "report.docx", edition=edition, pm=_PM, audit_gate=False
    )


def assert_valid_document(report: AnnualReport, result: BuildResult) -> DocumentText:
    """(a) to (d) for a successful build."""
    assert result.output is not None
    assert_parts_parse_strictly(result.output)
    text = read_document(result.output)
    assert_values_shown(report, text)
    assert EVALUATED not in text.everything, "something in the data was run as a template"
    return text


def assert_failed_at_its_place(case: Case, result: BuildResult) -> None:
    """A failed build is allowed only for narrative template syntax or a picture from the web, and says where."""
    assert result.errors, "a failed build must say why"
    for error in result.errors:
        assert error.code in NARRATIVE_ERRORS, str(error)
        assert error.location is not None, str(error)
        assert error.location.file, str(error)
        assert error.location.line is not None, str(error)
    # A picture from a web address in any Markdown is refused where it is written (pictures stay in the folder).
    remote_pictures = all("the picture" in e.message and "board folder" in e.message for e in result.errors)
    assert case.broken_narrative or remote_pictures, [str(e) for e in result.errors]


# --- the property ---------------------------------------------------------------------


def scaled(fraction: float, minimum: int) -> settings:
    """Settings running ``fraction`` of the profile's examples (the ci profile stays quick, "thorough" goes far)."""
    return settings(
        max_examples=max(minimum, int(settings.default.max_examples * fraction)),
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )


@pytest.mark.slow
@scaled(0.2, minimum=8)  # each example is a whole build; "thorough" runs 400
@given(hostile_cases())
def test_a_hostile_report_builds_into_a_valid_document_showing_every_value_as_given(case: Case) -> None:
    report = case.report
    with tempfile.TemporaryDirectory() as work:
        result = build(report, Path(work), case.edition)
        if result.ok:
            assert_valid_document(report, result)
        else:
            assert_failed_at_its_place(case, result)


def require_libreoffice() -> None:
    if find_soffice() is None:
        if os.environ.get("LSCB_REQUIRE_LIBREOFFICE") == "1":
            pytest.fail("LibreOffice (soffice) is required here but is not installed")
        pytest.skip("LibreOffice (soffice) is not installed")


@pytest.fixture(scope="module")
def office() -> Iterator[Office | None]:
    """One LibreOffice for the module's conversions (none without its scripting interface)."""
    if not office_available():
        yield None
        return
    with Office() as running:
        yield running


@pytest.mark.slow
@pytest.mark.libreoffice
@settings(
    max_examples=3,
    derandomize=True,
    database=None,
    phases=[Phase.explicit, Phase.generate],
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(
    hostile_cases(may_break=False, long=False).filter(lambda case: len("".join(_strings(case.report))) > 500)
)
def test_libreoffice_converts_hostile_documents(office: Office | None, case: Case) -> None:
    """Three generated hostile reports (the same three each run) go through a real LibreOffice.

    Their long words and paragraphs are kept to a few dozen characters, so that
    each conversion takes seconds: a report full of paragraphs of hundreds of
    emoji-laden words takes LibreOffice up to a minute to lay out. The three
    share one running LibreOffice, as a batch of builds does.
    """
    require_libreoffice()
    with tempfile.TemporaryDirectory() as work:
        result = build(case.report, Path(work), case.edition)
        assert result.ok, [str(f) for f in result.errors]
        assert result.output is not None
        data = result.output.read_bytes()
        pdf = convert_to_pdf(data) if office is None else run_office_job(office.address, data, pdf=True).pdf
    assert pdf is not None
    assert pdf.startswith(b"%PDF-")
    assert len(PdfReader(io.BytesIO(pdf)).pages) >= 1


# --- one fixed hostile board: each nasty string in each checked field ------------------------

NASTY: tuple[str, ...] = tuple(
    dict.fromkeys(
        (
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
            "W" * 400,
            "😀" * 300,
            " ".join(["safeguarding", "{{", "&", "<w:p>", "\u202e", "children"] * 80),
            "Ordinary text, as a board would write it.",
            "a\r\nb\rc\nd\te",
            "  leading and trailing  ",
            "{{ 7*7 }}{% for x in y %}<w:p>&amp;\x00\u202e😀e\u0301*_#>: - !!python/object,\"'",
        )
    )
)
"""One of each hostile piece, and some mixtures."""

BOARD_NAME = (
    "&<>\"' ]]> <w:p> \x00\x01\x0b\x0c\x1f\x7f\ufffe\uffff\r\n\t{{ 7*7 }} {%p {# \u202eمجلس ועדת "
    '😀👩\u200d👧 e\u0301 [x](javascript:1) !!python/object &a *a --- ,"'
)
"""Every kind of hostile text in the one name the cover, footer and properties show."""
TITLE = "{{ 'lscb' ~ '-evaluated' }} <w:t> \u202e😀 ~ null yes # > |a|"


def _nth(i: int) -> str:
    return NASTY[(i + 1) % len(NASTY)]


def nasty_report() -> AnnualReport:
    kinds = list(ReviewKind)
    return AnnualReport(
        board=Board(name=BOARD_NAME, short_name=BOARD_NAME[:12]),
        period=ReportingPeriod(dt.date(2015, 4, 1), dt.date(2016, 3, 31)),
        regime=Regime.LSCB_2015,
        title=TITLE,
        narrative={"foreword": Markdown("The board is {{ board.name }}; its title {{ report.title }}.\n")},
        area=Area(name=_nth(7), facts=tuple(AreaFact(label=n, value=_nth(i)) for i, n in enumerate(NASTY))),
        membership=Membership(
            organisations=tuple(Organisation(name=n, parts=(_nth(i),)) for i, n in enumerate(NASTY)),
            members=tuple(
                Member(
                    role=n,
                    agency=_nth(i) if i % 2 else None,
                    category=MemberCategory.BUSINESS_UNIT if i % 5 == 0 else MemberCategory.MEMBER,
                )
                for i, n in enumerate(NASTY)
            ),
        ),
        inspections=(
            Inspection(
                inspectorate="Ofsted",
                date=PartialDate(2015, 9),
                judgements=tuple(Judgement(subject=n, grade=Grade.GOOD) for n in NASTY),
            ),
        ),
        reviews=CaseReviews(
            cases=tuple(
                CaseReview(reference=n, kind=kinds[i % len(kinds)], status=ReviewStatus.COMPLETED)
                for i, n in enumerate(NASTY)
            )
        ),
        budget=Budget(
            contributions=tuple(Contribution(partner=n, amount=i) for i, n in enumerate(NASTY)),
            lines=tuple(
                BudgetLine(name=n, spend=i, note=_nth(i) if i % 3 == 0 else None) for i, n in enumerate(NASTY)
            ),
        ),
        training=Training(
            courses=tuple(Course(name=n, attendees=i, times_run=1) for i, n in enumerate(NASTY)),
            by_agency=tuple(AgencyAttendance(agency=n, attendees=i) for i, n in enumerate(NASTY)),
        ),
        glossary=Glossary(terms=tuple(Term(abbreviation=n, meaning=_nth(i)) for i, n in enumerate(NASTY))),
    )


@pytest.fixture(scope="module")
def nasty_document(tmp_path_factory: pytest.TempPathFactory) -> tuple[AnnualReport, DocumentText]:
    report = nasty_report()
    result = build(report, tmp_path_factory.mktemp("nasty"))
    assert result.ok, [str(f) for f in result.errors]
    return report, assert_valid_document(report, result)


def test_a_fixed_hostile_board_shows_each_nasty_string_exactly(
    nasty_document: tuple[AnnualReport, DocumentText],
) -> None:
    _, text = nasty_document
    # assert_valid_document has checked every field; here each nasty string is named once more.
    abbreviations = dict(text.rows_under(["Abbreviation", "Meaning"]))
    courses = [
        row[0]
        for row in text.rows_under(["Name of course", "Total number of attendees", "Times the course ran"])
    ]
    references = [row[0] for row in text.rows_under(["Review", "Kind", "Status", "Publication"])]
    for nasty in NASTY:
        assert shown(nasty) in abbreviations, nasty
        assert shown(nasty) in courses, nasty
        assert shown(nasty) in references, nasty
    assert abbreviations["{{ 7*7 }}"] == _nth(NASTY.index("{{ 7*7 }}"))
    assert "{_{" in courses
    assert "%_}" in references
    assert "W" * 400 in courses
    assert "a\nb\nc\nd\te" in courses
    assert "  leading and trailing  " in courses


def test_a_fixed_hostile_board_keeps_its_name_on_the_cover_and_in_the_narrative(
    nasty_document: tuple[AnnualReport, DocumentText],
) -> None:
    report, text = nasty_document
    name = shown(BOARD_NAME)
    assert "\x00" not in name
    assert "\n" in name
    assert "\t" in name
    assert name in text.body
    # A title is printed as written, without the period after it.
    assert report.title == TITLE
    assert text.title == fitted(shown(report.full_title))
    assert text.title.startswith(name)
    # Narrative fills in data values as text: {{ board.name }} gives the name, never runs it.
    assert any(p.startswith("The board is ") and "{{ 7*7 }}" in p for p in text.body)
    assert not any(p.startswith("The board is ") and "49" in p for p in text.body)
    assert EVALUATED not in text.everything


# --- bugs the fuzzing found, each at its smallest --------------------------------------------


def _build_one(tmp_path: Path, report: AnnualReport) -> BuildResult:
    return build(report, tmp_path)


def _simple(**changes: Any) -> AnnualReport:
    report = AnnualReport(
        board=Board(name="Testshire Safeguarding Children Board", short_name="TSCB"),
        period=ReportingPeriod(dt.date(2015, 4, 1), dt.date(2016, 3, 31)),
        regime=Regime.LSCB_2015,
    )
    return attrs.evolve(report, **changes)


def test_docxtpl_escapes_in_the_board_name_stay_as_given(tmp_path: Path) -> None:
    name = "A {_{ b }_} c {_% d %_} e"
    result = _build_one(tmp_path, _simple(board=Board(name=name, short_name="T")))
    assert result.ok
    assert result.output is not None
    text = read_document(result.output)
    assert name in text.body  # the cover shows "A {{ b }} c {% d %} e"
    assert any(m.startswith(name) for m in text.margins)


def test_a_board_name_of_300_characters_builds(tmp_path: Path) -> None:
    name = "W" * 300
    result = _build_one(tmp_path, _simple(board=Board(name=name, short_name="T")))
    assert result.ok
    assert result.output is not None
    assert name in read_document(result.output).body


def test_next_line_round_trips_through_a_board_folder(tmp_path: Path) -> None:
    report = _simple(board=Board(name="Next\x85line", short_name="T"))
    write_board(report, tmp_path / "board")
    assert load_report(tmp_path / "board").report.board.name == "Next\x85line"


def test_a_lone_surrogate_is_dropped_on_the_way_through_a_board_folder(tmp_path: Path) -> None:
    report = _simple(board=Board(name="Lone\ud800surrogate", short_name="T"))
    write_board(report, tmp_path / "board")
    assert load_report(tmp_path / "board").report.board.name == "Lonesurrogate"


def test_the_public_summary_of_a_withheld_audit_finding_is_not_run(tmp_path: Path) -> None:
    summary = "Summary {{ 7*7 }} *as given*"
    audit = Audit(
        id="a",
        title="Neglect audit",
        kind=AuditKind.MULTI_AGENCY,
        findings=(
            AuditFinding(text=Markdown("Secret."), visibility=Visibility.BOARD_ONLY, public_summary=summary),
        ),
    )
    result = _build_one(tmp_path, _simple(audits=(audit,)))
    assert result.ok, [str(f) for f in result.errors]
    assert result.output is not None
    assert summary in read_document(result.output).body  # the document says "Summary 49 as given"


def test_a_deeply_nested_narrative_expression_fails_at_its_place(tmp_path: Path) -> None:
    report = _simple(narrative={"foreword": Markdown("Hello.\n\n{{ " + "(" * 2000 + "1 }}\n")})
    result = _build_one(tmp_path, report)
    assert not result.ok
    assert result.errors
    for error in result.errors:
        assert error.code in NARRATIVE_ERRORS, str(error)
        assert error.location is not None, str(error)
        assert error.location.file.endswith("foreword.md"), str(error)
        assert error.location.line == 3, str(error)


@pytest.mark.parametrize("nasty", ["\ud800", "\x00"], ids=["lone-surrogate", "nul"])
def test_narrative_with_characters_no_file_can_hold_goes_through_a_board_folder(
    tmp_path: Path, nasty: str
) -> None:
    """As in the YAML files, what no file can hold is left out of the narrative files (and the rest read back)."""
    report = _simple(narrative={"foreword": Markdown(f"Before{nasty}after.\n")})
    write_board(report, tmp_path / "board")
    loaded = load_report(tmp_path / "board")
    assert loaded.report.narrative["foreword"].text == "Beforeafter.\n"


# --- expansion and depth: bounded, and refused at their place in words -----------------------------

SMALL_LIMITS = Limits(
    yaml_values=5_000,
    yaml_characters=200_000,
    unpacked_bytes=1024 * 1024,
    template_characters=10_000,
    narrative_characters=50_000,
)
"""Test-only limits, small enough that every generated bomb passes them in milliseconds."""


def _refused_at_its_place(findings: Sequence[Finding], file: str) -> None:
    (finding,) = findings
    assert finding.location is not None
    assert finding.location.file == file
    assert_in_authors_terms(finding.message)


@scaled(0.3, minimum=8)
@given(alias_yaml())
def test_aliases_expand_within_the_limits_or_are_refused_at_their_place(text: str) -> None:
    refused: list[Finding] = []
    with use_limits(SMALL_LIMITS):
        try:
            parse_yaml(text, "cdop.yaml")
        except LoadError as exc:
            refused = exc.findings
    if refused:
        _refused_at_its_place(refused, "cdop.yaml")
        assert refused[0].location is not None
        assert refused[0].location.line is not None
        assert "the limit is" in refused[0].message


@scaled(0.2, minimum=6)
@given(zip_packages())
def test_packed_parts_unpack_within_the_limits_or_are_refused(data: bytes) -> None:
    with tempfile.TemporaryDirectory() as work, use_limits(SMALL_LIMITS):
        path = Path(work) / "t.xlsx"
        path.write_bytes(data)
        try:
            check_package(path, "t.xlsx", "load.table", kind="workbook", unreadable="not a workbook")
        except LoadError as exc:
            _refused_at_its_place(exc.findings, "t.xlsx")
            return
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        parts = package.infolist()
    assert sum(p.file_size for p in parts) <= SMALL_LIMITS.unpacked_bytes
    for part in parts:
        assert part.file_size <= 1024 * 1024 or part.file_size <= 100 * part.compress_size


@scaled(0.3, minimum=8)
@given(template_growth())
def test_growing_templates_stay_within_the_limits_or_fail_at_their_line(text: str) -> None:
    renderer = NarrativeRenderer({}, limits=SMALL_LIMITS)
    failure: NarrativeError | None = None
    try:
        rendered = renderer.render(Markdown(text, Location("narrative/x.md", 1, 1)))
    except NarrativeError as exc:
        failure = exc
    if failure is None:
        assert len(rendered) <= SMALL_LIMITS.narrative_characters
        return
    assert failure.location is not None
    assert failure.location.file == "narrative/x.md"
    assert failure.location.line is not None
    assert failure.location.line >= 3
    assert_in_authors_terms(failure.message)


@scaled(0.3, minimum=8)
@given(nested_markdown())
def test_markdown_nests_to_any_depth_and_drops_nothing(case: tuple[str, list[str]]) -> None:
    text, words = case
    warned: list[tuple[int | None, str, str]] = []
    failure: MarkdownError | None = None
    try:
        blocks = markdown_blocks(text, on_warning=lambda *w: warned.append(w))
    except MarkdownError as exc:
        failure = exc
    if failure is not None:
        assert len(words) > Limits().markdown_depth
        assert failure.line is not None
        assert_in_authors_terms(failure.message)
        return
    shown = repr(blocks)
    for word in words:
        assert f"{word}'" in shown or f"{word} " in shown, word
    assert "After." in shown
    for line, code, message in warned:
        assert line is not None
        assert code == "narrative.nesting"
        assert_in_authors_terms(message)
