"""The domain as real boards have it: periods, titles, forewords, child death panels, inspection
frameworks, open vocabularies, appendices, and the wording and layout details boards found wrong."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from pathlib import Path

import attrs
import pytest
from docx import Document

from lscb_core._base.blocks import (
    Block,
    BulletList,
    Heading,
    KeyFigures,
    NumberedList,
    Paragraph,
    Quote,
    Signature,
    Table,
    Text,
)
from lscb_core._base.findings import Finding, Level
from lscb_core._build.build import build_report, compose_sections, default_output
from lscb_core._build.check import check_board
from lscb_core._build.session import load_report
from lscb_core._hooks.manager import make_plugin_manager
from lscb_core._loading.yamlfile import parse_yaml
from lscb_core._model.appendices import hand_number, without_hand_number
from lscb_core._model.audits import Audit, AuditKind
from lscb_core._model.cdop import ChildDeathOverview
from lscb_core._model.convert import structure
from lscb_core._model.editions import Edition
from lscb_core._model.formatting import on_date, plural
from lscb_core._model.period import PartialDate, ReportingPeriod
from lscb_core._render.furniture import FOOTER_TITLE_EMS, fit_footer_title, text_ems
from lscb_core._render.ooxml import WordWriter
from lscb_core._sections.compose import ComposedSection
from lscb_core._sections.helpers import prose, prune_empty_headings, table, text_column
from lscb_core._sections.priorities import audit_heading

from .boardfactory import REPORT_YAML, make_board

PARTNERSHIP_REPORT = """period:
  start: {start}
  end: {end}
regime: partnership-wt2018
leadership:
  lead_partners:
    - {{name: Ann Lead, role: Director of Children's Services, organisation: Testshire Council}}
    - {{name: Bob Police, role: Chief Superintendent, organisation: Testshire Police}}
approval:
  body: Safeguarding Partners' Executive
  date: 2020-07-18
"""


# --- helpers --------------------------------------------------------------------------------


def _board(tmp_path: Path, files: dict[str, str | bytes] | None = None, **report: str) -> Path:
    """A complete board; ``report`` adds lines to (or, with ``yaml``, replaces) its report.yaml."""
    text = report.pop("yaml", REPORT_YAML) + "".join(f"{line}\n" for line in report.values())
    return make_board(tmp_path / "b", {"report.yaml": text, **(files or {})})


def _compose(board: Path, edition: Edition = Edition.PUBLIC) -> list[ComposedSection]:
    """The report's sections as ``edition`` shows them (made from the edition's view, as in a build)."""
    pm = make_plugin_manager()
    return compose_sections(load_report(board, pm=pm), pm, edition)


def _lines(blocks: Iterable[Block]) -> list[str]:
    out: list[str] = []
    for block in blocks:
        if isinstance(block, Paragraph):
            out.append("".join(i.text for i in block.inlines))
        elif isinstance(block, Heading):
            out.append(block.text)
        elif isinstance(block, BulletList | NumberedList):
            for item in block.items:
                out += _lines(item)
        elif isinstance(block, Quote):
            out += _lines(block.blocks)
        elif isinstance(block, Table):
            out += [block.caption or ""]
            out += [" | ".join("".join(i.text for i in c.inlines) for c in row.cells) for row in block.rows]
        elif isinstance(block, KeyFigures):
            out += [f"{f.value} {f.label}" for f in block.figures]
        elif isinstance(block, Signature):
            out += [f"SIGNED {block.name}", *block.lines]
    return out


def _section(composed: Sequence[ComposedSection], key: str) -> ComposedSection:
    return next(s for s in composed if s.section.key == key)


def _findings(board: Path, code: str) -> list[Finding]:
    return [f for f in check_board(board).findings if f.code == code]


def _where(finding: Finding) -> str:
    assert finding.location is not None, finding
    return f"{Path(finding.location.file).name}:{finding.location.line}"


# --- periods: the next one by the calendar, labels and titles ----------------------------------


@pytest.mark.parametrize(
    ("start", "end", "label", "next_start", "next_end", "next_label"),
    [
        # A 17-month period is followed by a year, not by another 17 months.
        ("2019-04-01", "2020-08-31", "", "2020-09-01", "2021-08-31", "September 2020 to August 2021"),
        # A July to June year stays July to June, leap day or not.
        ("2019-07-01", "2020-06-30", "", "2020-07-01", "2021-06-30", "July 2020 to June 2021"),
        ("2020-07-01", "2021-06-30", "", "2021-07-01", "2022-06-30", "July 2021 to June 2022"),
        # A 7-month interim report to March is followed by a financial year.
        ("2019-09-01", "2020-03-31", "", "2020-04-01", "2021-03-31", "2020-21"),
        ("2015-04-01", "2016-03-31", "", "2016-04-01", "2017-03-31", "2016-17"),
        # A label in the board's own style carries on.
        ("2019-04-01", "2020-03-31", "2019/20", "2020-04-01", "2021-03-31", "2020/21"),
        ("2019-04-01", "2020-03-31", "Year 2019 to 2020", "2020-04-01", "2021-03-31", "Year 2020 to 2021"),
        # A period that does not start on the first of a month keeps its day.
        ("2019-09-16", "2020-09-15", "", "2020-09-16", "2021-09-15", "September 2020 to September 2021"),
    ],
)
def test_the_next_period_follows_the_calendar(
    start: str, end: str, label: str, next_start: str, next_end: str, next_label: str
) -> None:
    period = ReportingPeriod(dt.date.fromisoformat(start), dt.date.fromisoformat(end), label)
    following = period.following()
    assert (following.start.isoformat(), following.end.isoformat()) == (next_start, next_end)
    assert following.label == next_label
    assert period.next_label() == next_label


def test_a_label_the_board_gives_is_used_everywhere_and_the_slug_stays_safe(tmp_path: Path) -> None:
    board = _board(
        tmp_path, yaml=REPORT_YAML.replace("  end: 2016-03-31\n", "  end: 2016-03-31\n  label: 2015/16\n")
    )
    report = load_report(board).report
    assert report.period.label == "2015/16"
    assert report.period.slug == "2015-16"
    assert report.report_title == "Annual Report 2015/16"
    composed = _compose(board)
    assert "Budget and spending 2015/16" in _lines(_section(composed, "budget").blocks)
    assert "Business plan and priorities for 2016/17" in _lines(_section(composed, "next").blocks)


def test_a_next_period_the_board_gives_is_used_and_checked(tmp_path: Path) -> None:
    given = "next_period: {start: 2016-04-01, end: 2016-12-31, label: the nine months to December 2016}"
    board = _board(tmp_path, next=given)
    assert "Business plan and priorities for the nine months to December 2016" in _lines(
        _section(_compose(board), "next").blocks
    )
    overlapping = _board(tmp_path / "x", next="next_period: {start: 2016-03-01, end: 2017-02-28}")
    (finding,) = _findings(overlapping, "period.next-overlaps")
    assert finding.level is Level.WARNING
    assert _where(finding) == "report.yaml:16"
    assert "starts on 1 March 2016, before this one ends on 31 March 2016" in finding.message


def test_an_interim_report_is_called_what_its_title_says_everywhere(tmp_path: Path) -> None:
    report_yaml = PARTNERSHIP_REPORT.format(start="2019-09-01", end="2020-03-31") + "title: Interim report\n"
    board = _board(
        tmp_path,
        {"narrative/foreword.md": "The partners' first months.\n"},
        yaml=report_yaml,
        authors="authors: [{name: Cara Writer, role: Business Manager}]\ncompiled: 2020-06",
        submitted="submitted_to: [Health and Wellbeing Board]",
    )
    report = load_report(board).report
    assert (report.name, report.report_title) == ("Interim report", "Interim report")
    assert report.full_title == "Testshire Safeguarding Children Board Interim report"
    result = build_report(board, output=tmp_path / "interim.docx")
    assert result.ok, [str(f) for f in result.errors]
    assert result.loaded is not None
    assert default_output(result.loaded, Edition.PUBLIC).name.startswith(
        "testshire-safeguarding-children-board-interim-report-2019-09-to-2020-03"
    )
    document = Document(str(tmp_path / "interim.docx"))
    text = "\n".join(p.text for p in document.paragraphs)
    footer = document.sections[0].footer.paragraphs[0].text
    properties = document.core_properties
    assert "Interim report compiled in June 2020 on behalf of" in text
    assert "The interim report is submitted to:" in text
    assert "Interim report\nSeptember 2019 to March 2020" in text  # the cover
    assert footer.startswith("Testshire Safeguarding Children Board Interim report\t")
    assert properties.title == "Testshire Safeguarding Children Board Interim report"
    assert properties.category == "Interim report"
    assert properties.subject.startswith("Interim report of the")
    assert "Yearly Report" not in text + footer + properties.subject + properties.keywords
    # The title used to be followed by the period; a title with no year says so, where it is written.
    (note,) = _findings(board, "report.title-as-written")
    assert note.level is Level.INFO
    assert _where(note) == "report.yaml:12"


@pytest.mark.parametrize(
    ("title", "name"),
    [
        ("Annual Report 2019/20", "Annual Report"),
        ("Yearly Report 2019-2020", "Yearly Report"),
        ("Testshire Safeguarding Children Board Annual Report (2019-20)", "Annual Report"),
        ("Safeguarding Annual Report 2019 to 2020", "Safeguarding Annual Report"),
    ],
)
def test_a_title_gives_the_report_its_name(tmp_path: Path, title: str, name: str) -> None:
    board = _board(
        tmp_path,
        yaml=PARTNERSHIP_REPORT.format(start="2019-04-01", end="2020-03-31"),
        title=f"title: {title}",
    )
    report = load_report(board).report
    assert report.name == name
    assert report.report_title == title
    assert report.full_title.count("Testshire Safeguarding Children Board") == 1
    assert _findings(board, "report.title-as-written") == []
    assert report.regime.report_name == "Yearly Report"


def test_a_long_title_is_shortened_in_the_footer_so_the_page_number_never_wraps() -> None:
    full = "The Royal Borough of Kensington and Chelsea and Westminster Safeguarding Children Partnership Yearly Report April 2019 to August 2020"
    short = "RBKCW Yearly Report April 2019 to August 2020"
    assert fit_footer_title([full, short]) == short
    cut = fit_footer_title([full, full])
    assert cut.endswith("…")
    assert text_ems(cut) <= FOOTER_TITLE_EMS
    fitting = "Hertfordshire Safeguarding Children Board Annual Report 2015-16"
    assert fit_footer_title([fitting, "HSCB"]) == fitting


# --- forewords ----------------------------------------------------------------------------------

FOREWORDS = """forewords:
  - title: Foreword from the safeguarding partners
    authors: [Ann Lead, Bob Police]
  - title: The independent scrutineer's view
    narrative: foreword-scrutineer
    authors: [{name: Sam Scrutineer, role: Independent Scrutineer}]
  - title: From our young people
    text: We told the partners what we think.
    signature: false
    authors: [Youth Forum]
"""


def test_several_forewords_each_with_its_own_title_authors_and_signature(tmp_path: Path) -> None:
    board = _board(
        tmp_path,
        {
            "narrative/foreword.md": "The partners' year.\n",
            "narrative/foreword-scrutineer.md": "My view of the year.\n",
        },
        yaml=PARTNERSHIP_REPORT.format(start="2019-04-01", end="2020-03-31") + FOREWORDS,
    )
    assert [str(f) for f in check_board(board).findings if f.code.startswith("forewords")] == []
    section = _section(_compose(board), "foreword")
    assert section.title == "Forewords"
    lines = _lines(section.blocks)
    assert lines == [
        "Forewords",
        "Foreword from the safeguarding partners",
        "The partners' year.",
        "SIGNED Ann Lead",
        "Director of Children's Services",
        "Testshire Council",
        "SIGNED Bob Police",
        "Chief Superintendent",
        "Testshire Police",
        "The independent scrutineer's view",
        "My view of the year.",
        "SIGNED Sam Scrutineer",
        "Independent Scrutineer",
        "Testshire Safeguarding Children Board",
        "From our young people",
        "We told the partners what we think.",
    ]
    headings = [b for b in section.blocks if isinstance(b, Heading)]
    assert [h.page_break for h in headings[1:]] == [False, True, True]


def test_one_foreword_with_a_title_is_the_sections_heading(tmp_path: Path) -> None:
    board = _board(
        tmp_path,
        forewords="forewords: [{title: Foreword by the Independent Chair, authors: [A Chair]}]",
    )
    section = _section(_compose(board), "foreword")
    assert section.title == "Foreword by the Independent Chair"
    assert _lines(section.blocks)[1:] == [
        "Local services are effective, and the board knows where they must improve.",
        "SIGNED A Chair",
        "Testshire Safeguarding Children Board",
    ]


def test_without_forewords_the_foreword_is_signed_by_the_leadership_once(tmp_path: Path) -> None:
    signed = "We did well.\n\n**Ann Lead**, Director of Children's Services\n"
    board = _board(
        tmp_path,
        {"narrative/foreword.md": signed},
        yaml=PARTNERSHIP_REPORT.format(start="2019-04-01", end="2020-03-31"),
    )
    lines = _lines(_section(_compose(board), "foreword").blocks)
    # Ann Lead signs in the text itself, so only Bob Police gets a signature block.
    assert [line for line in lines if line.startswith("SIGNED")] == ["SIGNED Bob Police"]
    chair = _lines(_section(_compose(_board(tmp_path / "c")), "foreword").blocks)
    assert [line for line in chair if line.startswith("SIGNED")] == ["SIGNED A Chair"]


@pytest.mark.parametrize(
    ("forewords", "code", "message"),
    [
        (
            "[{title: Chair, narrative: foreward-chair}, {narrative: foreword-chair}]",
            "forewords.no-narrative",
            "there is no narrative/foreward-chair.md for this foreword; did you mean 'foreword-chair'?",
        ),
        ("[{title: A}, {title: B}]", "forewords.no-text", "this foreword has no text"),
        ("[{text: Hello., narrative: foreword}]", "forewords.text-twice", "not both"),
    ],
)
def test_a_foreword_without_its_text_is_a_located_error(
    tmp_path: Path, forewords: str, code: str, message: str
) -> None:
    board = _board(tmp_path, {"narrative/foreword-chair.md": "Text.\n"}, forewords=f"forewords: {forewords}")
    (finding,) = _findings(board, code)
    assert finding.level is Level.ERROR
    assert message in finding.message
    assert _where(finding) == "report.yaml:16"


# --- child death review: panels, deaths notified, both regimes' names ----------------------------

PANELS = """review_partners: [Testshire Council, NHS Testshire]
notified: 30
reviews_stated: 21
panels:
  - id: north
    name: North panel
    meetings: 6
    notified: 18
    notified_previous: 15
    reviews_stated: 12
    modifiable_stated: 3
    categories_stated:
      - {category: perinatal-or-neonatal-event, reviews: 8}
      - {category: infection, reviews: 4}
  - id: south
    name: South panel
    meetings: 4
    notified: 12
    notified_previous: 10
    reviews_stated: 9
    modifiable_stated: 2
    categories_stated:
      - {category: perinatal-or-neonatal-event, reviews: 6}
      - {category: infection, reviews: 3}
    frequent_factors: [Smoking in pregnancy]
"""


def test_child_death_review_with_two_panels(tmp_path: Path) -> None:
    board = _board(
        tmp_path,
        {"cdop.yaml": PANELS},
        yaml=PARTNERSHIP_REPORT.format(start="2019-04-01", end="2020-03-31"),
    )
    cdop = load_report(board).report.cdop
    assert cdop is not None
    assert (cdop.reviews, cdop.with_modifiable_factors, cdop.notified_total) == (21, 5, 30)
    assert cdop.notified_previous_total == 25
    assert cdop.panel_meetings == 10
    assert [c for c in check_board(board).findings if c.code.startswith("cdop")] == []
    public = _section(_compose(board), "cdop")
    assert public.title == "Child death review"
    lines = _lines(public.blocks)
    assert (
        "The child death review partners, Testshire Council and NHS Testshire, review the death of every "
        "child normally resident in the area through two panels: the North panel and the South panel."
    ) in lines
    assert "30 child deaths notified (25 the year before)" in lines
    assert "North panel | 6 | 18 | 15 | 12 | 3" in lines
    assert "All panels | 10 | 30 | 25 | 21 | 5" in lines
    assert (
        "8. Perinatal/neonatal event | c | c | 14" in lines
    )  # hidden so that no small count can be worked out
    assert "9. Infection | c | c | 7" in lines
    assert "South panel" in lines
    assert "Smoking in pregnancy" in lines
    board_edition = _lines(_section(_compose(board, Edition.BOARD), "cdop").blocks)
    assert "8. Perinatal/neonatal event | 8 | 6 | 14" in board_edition
    assert "9. Infection | 4 | 3 | 7" in board_edition


@pytest.mark.parametrize(
    ("cdop", "code", "level", "where"),
    [
        (
            PANELS.replace("reviews_stated: 21", "reviews_stated: 22"),
            "cdop.panels-total",
            Level.WARNING,
            "cdop.yaml:3",
        ),
        (PANELS.replace("notified: 30", "notified: 31"), "cdop.panels-total", Level.WARNING, "cdop.yaml:2"),
        (PANELS.replace("id: south", "id: north"), "cdop.duplicate-panel", Level.ERROR, "cdop.yaml:15"),
        (
            PANELS + "records: [{id: X1, category: infection, age_band: 1-4 years}]\n",
            "cdop.records-outside-panels",
            Level.ERROR,
            "cdop.yaml:26",
        ),
        (
            PANELS.replace(
                "      - {category: infection, reviews: 4}", "      - {category: infection, reviews: 5}"
            ),
            "cdop.categories-total",
            Level.WARNING,
            "cdop.yaml:13",
        ),
    ],
)
def test_panels_are_checked_against_their_own_and_the_overall_figures(
    tmp_path: Path, cdop: str, code: str, level: Level, where: str
) -> None:
    board = _board(tmp_path, {"cdop.yaml": cdop})
    found = _findings(board, code)
    assert found, [str(f) for f in check_board(board).findings]
    assert found[0].level is level
    assert _where(found[0]) == where


def test_narrative_names_the_figures_under_either_regimes_name(tmp_path: Path) -> None:
    narrative = "The panel reviewed {{ cdop.reviews }} deaths ({{ child_death_review.reviews }}).\n"
    board = _board(tmp_path, {"narrative/cdop.md": narrative})
    assert _lines(_section(_compose(board), "cdop").blocks)[1] == "The panel reviewed 2 deaths (2)."


def test_the_single_panel_format_still_loads_with_deaths_notified(tmp_path: Path) -> None:
    cdop = "meetings_per_year: 6\nnotified: 40\nreviews_stated: 33\nmodifiable_stated: 7\n"
    board = _board(tmp_path, {"cdop.yaml": cdop})
    section = _section(_compose(board), "cdop")
    assert section.title == "Child Death Overview Panel"
    assert _lines(section.blocks) == [
        "Child Death Overview Panel",
        "The panel meets 6 times a year.",
        "40 child deaths notified",
        "33 child death reviews completed",
        "7 reviews found modifiable factors (21%)",
    ]
    assert [f for f in check_board(board).findings if f.code.startswith("cdop")] == []


def test_stated_age_bands_and_factors_are_tables_and_are_checked(tmp_path: Path) -> None:
    cdop = (
        "reviews_stated: 9\n"
        "age_bands_stated: [{age_band: 0-27 days, reviews: 6}, {age_band: 1-4 years, reviews: 2}]\n"
        "factors_stated: [{factor: Unsafe sleep, reviews: 10}]\n"
    )
    board = _board(tmp_path, {"cdop.yaml": cdop})
    (total,) = _findings(board, "cdop.age-bands-total")
    assert "add up to 8 but 9 reviews are stated" in total.message
    (factor,) = _findings(board, "cdop.factor-stated")
    assert _where(factor) == "cdop.yaml:3"
    lines = _lines(_section(_compose(board, Edition.BOARD), "cdop").blocks)
    assert "Reviews completed by age of the child" in lines
    assert "0-27 days | 6" in lines
    assert "Unsafe sleep | 10" in lines


# --- inspection grades against the framework of the inspection's date ---------------------------


@pytest.mark.parametrize(
    ("date", "framework", "grade", "code"),
    [
        ("2011-10", "Inspection of safeguarding and looked after children services", "adequate", None),
        ("2012-06", "", "requires improvement", "inspections.grade-framework"),
        ("2015-09", "Single inspection framework", "adequate", "inspections.grade-framework"),
        ("2015-09", "", "requires improvement", None),
        ("2019-03", "ILACS", "adequate", "inspections.grade-framework"),
        ("2013", "", "adequate", None),  # the year the framework changed: either scale
        ("2013", "", "requires improvement", None),
        ("2017-05", "Joint targeted area inspection", "good", "inspections.no-grades"),
        ("2012-05", "Single inspection framework", "good", "inspections.framework-date"),
    ],
)
def test_grades_are_checked_against_the_framework_of_the_date(
    tmp_path: Path, date: str, framework: str, grade: str, code: str | None
) -> None:
    named = f", framework: {framework}" if framework else ""
    inspections = f"- {{inspectorate: Ofsted, date: {date}{named}, judgements: [{{subject: The board, grade: {grade}}}]}}\n"
    board = _board(tmp_path, {"inspections.yaml": inspections})
    found = [f for f in check_board(board).findings if f.code.startswith("inspections")]
    assert [f.code for f in found] == ([code] if code else [])


def test_adequate_after_2013_suggests_requires_improvement_not_inadequate(tmp_path: Path) -> None:
    inspections = (
        "- {inspectorate: Ofsted, date: 2015-09, judgements: [{subject: The board, grade: adequate}]}\n"
    )
    (finding,) = _findings(_board(tmp_path, {"inspections.yaml": inspections}), "inspections.grade-framework")
    assert finding.level is Level.ERROR
    assert finding.message == (
        "'adequate' is not a grade of the single inspection framework (inspection of September 2015), "
        "whose grades are outstanding, good, requires-improvement, inadequate; did you mean 'requires-improvement'?"
    )
    assert _where(finding) == "inspections.yaml:1"


# --- open vocabularies --------------------------------------------------------------------------


def test_a_new_audit_or_activity_kind_is_accepted_with_a_note(tmp_path: Path) -> None:
    board = _board(
        tmp_path,
        {
            "audits.yaml": "- {id: pr, title: Peer review of the board, kind: peer-review}\n"
            "- {id: s11, title: S11, kind: Section 11}\n",
            "activities.yaml": "- {id: r, name: Roadshow, kind: roadshow}\n- {id: c, name: Fair, kind: campain}\n",
        },
    )
    report = load_report(board).report
    assert report.audits[0].kind.label == "Peer review"
    assert report.audits[1].kind == AuditKind.SECTION_11
    new = _findings(board, "vocabulary.new-kind")
    assert sorted((_where(f), f.level.value) for f in new) == [
        ("activities.yaml:1", "info"),
        ("audits.yaml:1", "info"),
    ]
    (near,) = _findings(board, "vocabulary.near-kind")
    assert near.level is Level.WARNING
    assert "did you mean 'campaign'?" in near.message
    lines = _lines(_section(_compose(board), "audits").blocks)
    assert "Peer review of the board" in lines


def test_a_kind_must_be_a_word() -> None:
    with pytest.raises(Exception, match="must be a word or words such as multi-agency"):
        structure({"id": "a", "title": "A", "kind": ["x"]}, Audit)


# --- appendices -----------------------------------------------------------------------------------


def test_any_section_can_be_an_appendix_numbered_in_order(tmp_path: Path) -> None:
    settings = (
        "sections:\n"
        "  - {section: budget, appendix: true}\n"
        "  - {section: training, appendix: false}\n"
        "  - {section: glossary, title: 'Appendix 7: Abbreviations'}\n"
    )
    board = _board(
        tmp_path,
        {"settings.yaml": settings, "glossary.yaml": "terms: [{abbreviation: TSCB, meaning: The board}]\n"},
    )
    titles = [s.title for s in _compose(board)]
    assert titles[-4:] == [
        "Appendix 1: Membership and attendance",
        "Training attendance",
        "Appendix 2: Budget",
        "Appendix 3: Abbreviations",
    ]
    (note,) = _findings(board, "settings.appendix-numbered")
    assert note.level is Level.INFO
    assert _where(note) == "settings.yaml:4"


@pytest.mark.parametrize(
    ("title", "number", "rest"),
    [
        ("Appendix 4: Glossary", "4", "Glossary"),
        ("appendix C - Budget", "C", "Budget"),
        ("Appendix iv. Training", "iv", "Training"),
        ("Appendices explained", None, "Appendices explained"),
    ],
)
def test_hand_numbers_are_recognised(title: str, number: str | None, rest: str) -> None:
    assert hand_number(title) == number
    assert without_hand_number(title) == rest


# --- smaller wording and layout details ------------------------------------------------------------


def test_a_bracketed_yaml_list_keeps_a_number_with_a_comma_as_one_item() -> None:
    doc = parse_yaml("highlights: [Trained 4,980 practitioners., Ran 3 events]\ncounts: [1, 2,3]\n", "s.yaml")
    assert doc.value["highlights"] == ["Trained 4,980 practitioners.", "Ran 3 events"]
    assert doc.value["counts"] == [1, 2, 3]
    (warning,) = doc.warnings
    assert warning.code == "load.comma-in-list"
    assert str(warning.location) == "s.yaml:1:14"
    assert "'Trained 4,980 practitioners.'" in warning.message


def test_surnames_and_case_pseudonyms_are_not_abbreviations(tmp_path: Path) -> None:
    narrative = (
        "Margaret McAllister chaired the board. The review of Child LB and SCR Family AB changed practice. "
        "The DeSouza family agreed. The XQZ met.\n"
    )
    board = _board(
        tmp_path,
        {
            "narrative/foreword.md": narrative,
            "reviews.yaml": "cases: [{reference: SCR JT, kind: serious-case-review, status: completed, "
            "completed: 2016-01, publication: {decision: not-for-publication, reason: Siblings}}]\n",
            "glossary.yaml": "terms: [{abbreviation: SCR, meaning: Serious case review}]\n",
        },
    )
    undefined = sorted(f.message.split()[0] for f in _findings(board, "glossary.undefined"))
    assert undefined == ["XQZ"]


@pytest.mark.parametrize(
    ("when", "text"),
    [
        (PartialDate(2020, 11, 18), "on 18 November 2020"),
        (PartialDate(2020, 11), "in November 2020"),
        (PartialDate(2020), "in 2020"),
    ],
)
def test_dates_read_on_a_day_and_in_a_month(when: PartialDate, text: str) -> None:
    assert on_date(when) == text


def test_counts_agree_with_their_nouns() -> None:
    assert plural(1, "recommendation") == "1 recommendation"
    assert plural(2, "recommendation") == "2 recommendations"
    assert plural(1_200, "child", "children") == "1,200 children"


@pytest.mark.parametrize(
    ("kind", "title", "heading"),
    [
        ("section-11", "Section 11 audit 2019", "Section 11 audit 2019"),
        ("section-11", "Section 11 self-assessment", "Section 11 self-assessment"),
        ("multi-agency", "Neglect", "Multi-agency audit: Neglect"),
        ("multi-agency", "Multi-agency audit of neglect", "Multi-agency audit of neglect"),
        ("peer-review", "Peer review of the board", "Peer review of the board"),
    ],
)
def test_an_audit_heading_names_its_kind_once(kind: str, title: str, heading: str) -> None:
    assert audit_heading(structure({"id": "a", "title": title, "kind": kind}, Audit)) == heading


def test_a_heading_with_nothing_under_it_is_left_out() -> None:
    blocks: list[Block] = [
        Heading("Campaigns", 2),
        Heading("Audits", 2),
        Heading("Neglect", 3),
        prose("Found neglect."),
        Heading("Empty", 3),
        Heading("Next", 2),
        Heading("Inner", 3),
    ]
    assert [b.text if isinstance(b, Heading) else "text" for b in prune_empty_headings(blocks)] == [
        "Audits",
        "Neglect",
        "text",
    ]


def test_a_section_of_audits_only_is_titled_audits_and_of_campaigns_only_campaigns(tmp_path: Path) -> None:
    audits = _board(
        tmp_path / "a", {"audits.yaml": "- {id: a, title: Neglect, kind: multi-agency, purpose: P.}\n"}
    )
    assert _section(_compose(audits), "audits").title == "Audits"
    events = _board(
        tmp_path / "e", {"activities.yaml": "- {id: f, name: Fun day, kind: event, description: D.}\n"}
    )
    section = _section(_compose(events), "audits")
    assert section.title == "Campaigns, events and publications"
    assert _lines(section.blocks)[1:] == ["Fun day", "D."]


def test_the_training_note_comes_before_the_tables(tmp_path: Path) -> None:
    training = (
        "courses: [{name: Neglect, attendees: 20, times_run: 2}]\n"
        "by_agency: [{agency: Council, attendees: 20}]\nnote: All training moved online.\n"
    )
    lines = _lines(
        _section(_compose(_board(tmp_path, {"training.yaml": training}), Edition.BOARD), "training").blocks
    )
    assert lines[1] == "All training moved online."
    assert lines.index("All training moved online.") < lines.index("Attendance by agency")


class _Parts:
    bullet_num_id = 1

    def hyperlink(self, url: str) -> str:
        return "rId1"

    def image(self, data: bytes) -> str:
        return "rId2"

    def restart_numbering(self, start: int) -> int:
        return 2

    def fragment(self, block: object) -> str:
        return ""


def test_no_empty_paragraph_between_a_table_and_a_heading_on_a_new_page() -> None:
    grid = table([text_column("A")], [["1"]])
    spacer = '<w:p><w:pPr><w:spacing w:after="0"/></w:pPr></w:p>'
    before_appendix = WordWriter(_Parts()).write(
        [grid, Heading("Appendix 1: Membership", 1, page_break=True)]
    )
    assert spacer not in before_appendix
    before_text = WordWriter(_Parts()).write([grid, Paragraph((Text("More."),))])
    assert spacer in before_text


def test_the_membership_sentence_does_not_say_partnership_twice(tmp_path: Path) -> None:
    board = _board(
        tmp_path,
        {
            "../board.yaml": "name: Testshire Safeguarding Children Partnership\nshort_name: TSCP\n",
            "members.yaml": "organisations: [{name: Testshire Council}]\n",
        },
    )
    lines = _lines(_section(_compose(board), "membership").blocks)
    assert "The members of the Testshire Safeguarding Children Partnership are:" in lines


def test_periods_that_are_not_a_year_are_not_called_one(tmp_path: Path) -> None:
    budget = (
        "contributions: [{partner: Council, amount: 100}]\ncarry_forward_in: 10\n"
        "lines: [{name: Staff, budget: 100, spend: 90}]\n"
    )
    board = _board(
        tmp_path,
        {"budget.yaml": budget},
        yaml=PARTNERSHIP_REPORT.format(start="2019-04-01", end="2020-08-31"),
    )
    composed = _compose(board)
    budget_lines = _lines(_section(composed, "budget").blocks)
    assert "£10 carried forward into the period" in budget_lines
    assert "Spending in the period | -£90" in budget_lines
    assert not [line for line in budget_lines if "the year" in line]
    assert "The Board met 4 times in the period. " in _lines(_section(composed, "membership").blocks)[2]


def test_the_period_label_is_worked_out_when_not_given() -> None:
    period = ReportingPeriod(dt.date(2015, 4, 1), dt.date(2016, 3, 31))
    assert attrs.evolve(period, label="").label == "2015-16"
    assert period == ReportingPeriod(dt.date(2015, 4, 1), dt.date(2016, 3, 31), "2015-16")
    assert ChildDeathOverview().figures[0].reviews is None
