"""The Wrenford board: a city partnership's April-to-March year, written from the documentation alone.

Its shape follows a published partnership report (see ``tests/boards/wrenford/README.md``): three
forewords, sections of the board's own (one read from a CSV, with charts), last year's headline
figures from a ``previous.yaml``, small counts that the public edition hides, an appendix of its
own and a glossary. It is checked once and built once in each edition (no LibreOffice), and each
document is opened again with python-docx.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from docx import Document
from docx.table import Table

from lscb_core._base.findings import Level
from lscb_core._build.build import BuildResult
from lscb_core._build.check import check_board
from lscb_core._build.session import load_report
from lscb_core._model.editions import Edition
from lscb_core._publication.coverage import assess
from lscb_core._sections.helpers import within_sentence, without_article

from .built import build_editions, document_text
from .conftest import BOARDS

WRENFORD = BOARDS / "wrenford"


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> dict[Edition, BuildResult]:
    return build_editions(WRENFORD, tmp_path_factory.mktemp("wrenford"))


def _document(result: BuildResult) -> Document:
    assert result.output is not None
    return Document(str(result.output))


def _text(result: BuildResult) -> str:
    return document_text(result.output)


def _table(result: BuildResult, first_heading: str) -> Table:
    document = _document(result)
    return next(t for t in document.tables if t.rows[0].cells[0].text == first_heading)


def _rows(table: Table) -> list[list[str]]:
    return [[cell.text for cell in row.cells] for row in table.rows]


def test_the_board_checks_with_only_the_notes_it_means() -> None:
    checked = check_board(WRENFORD)
    assert checked.errors == ()
    found = [f for f in checked.findings if not f.code.startswith("migration.")]
    assert all(f.level is Level.INFO for f in found), [str(f) for f in found]
    # The glossary explains two abbreviations the report writes out in full.
    assert sorted(f.code for f in found) == ["glossary.unused", "glossary.unused"]


def test_the_public_edition(built: dict[Edition, BuildResult]) -> None:
    text = _text(built[Edition.PUBLIC])
    assert "Annual Report 2021-2022" in text
    for title in (
        "Introduction from the Independent Chair",
        "A message from the safeguarding partners",
        "What young people told us",
    ):
        assert title in text
    # The address starts with the partnership's name: printed once.
    assert "Wrenford Safeguarding Children Partnership\nCivic Centre" in text
    assert "Approved by the Safeguarding Partners Executive on 12 October 2022." in text
    # The area's figures, printed by the context narrative.
    assert "371,400 people over 38 square miles, in 4 districts" in text
    # A partnership's inspections; an abbreviation keeps its capitals after "the".
    assert "What inspections found" in text
    assert "under the ILACS focused visit." in text
    # The members' body is written with its article; the sentence does not double it.
    assert "The Safeguarding Partners Executive met 6 times" in text
    assert "The the" not in text
    # Last year's figures from previous.yaml, and the LADO's from its own table.
    assert "Training reached 1,440 practitioners, up 228 from 1,212 in 2020-21." in text
    assert "▲ up 3 from 21 in 2020-21" in text
    assert "203 met the threshold for LADO involvement (up 33 from 170 in 2020-21)" in text
    assert "Appendix 3: Outcomes for Wrenford children" in text
    assert "Appendix 4: Glossary" in text
    # Withheld in public: the board-only passage and the board-only review.
    assert "police investigation" not in text
    assert "Support for parents with learning disabilities" not in text
    assert "A rapid review concluded that no further review was needed." in text


def test_an_audits_findings_are_a_list(built: dict[Edition, BuildResult]) -> None:
    document = _document(built[Edition.PUBLIC])
    styles = {p.text: p.style.name for p in document.paragraphs if p.style is not None}
    assert styles["What the audit found:"] != "List Bullet"
    assert styles["Chronologies were used well in most cases."] == "List Bullet"
    assert styles["Fathers were rarely seen by health practitioners."] == "List Bullet"


def test_small_counts_are_hidden_in_public_and_shown_to_the_board(built: dict[Edition, BuildResult]) -> None:
    public = _rows(_table(built[Edition.PUBLIC], "Category of harm"))
    board = _rows(_table(built[Edition.BOARD], "Category of harm"))
    assert public[2] == ["Emotional", "c", "14", "c", "27"]
    assert board[2] == ["Emotional", "9", "14", "4", "27"]
    assert public[-1] == board[-1] == ["Total", "43", "66", "24", "133"]
    missing = _rows(_table(built[Edition.PUBLIC], "Age"))
    assert missing[1] == ["Under 11", "c", "c"]
    assert _rows(_table(built[Edition.BOARD], "Age"))[1] == ["Under 11", "4", "1"]
    board_text = _text(built[Edition.BOARD])
    assert "police investigation" in board_text
    assert "Support for parents with learning disabilities" in board_text


def test_a_section_table_gives_its_columns_room(built: dict[Edition, BuildResult]) -> None:
    table = _table(built[Edition.PUBLIC], "Category of harm")
    widths = [column.width for column in table.columns]
    headings = [cell.text for cell in table.rows[0].cells]
    assert all(w is not None for w in widths)
    # "Unsubstantiated" is the longest word: its column is the widest of the counts.
    assert widths[headings.index("Unsubstantiated")] == max(widths[1:])
    assert widths[headings.index("Unsubstantiated")] > widths[headings.index("Total")]


def test_a_table_over_the_years_gives_the_names_of_its_figures_room(
    built: dict[Edition, BuildResult],
) -> None:
    table = _table(built[Edition.PUBLIC], "Figure")
    assert _rows(table)[1][:3] == ["Child death reviews completed", "21", "24"]
    widths = [column.width for column in table.columns]
    assert all(w is not None for w in widths)
    assert widths[0] > 2 * widths[1]
    assert widths[1] == widths[2]


def test_the_charts_declared_on_tables(built: dict[Edition, BuildResult]) -> None:
    for edition in Edition:
        package = _document(built[edition]).part.package
        charts = [
            p.blob.decode("utf-8") for p in package.iter_parts() if p.partname.startswith("/word/charts/")
        ]
        titles = "\n".join(charts)
        assert "Allegations by employment sector, 2021-22 and 2020-21" in titles
        assert "Key indicators at 31 March" in titles


def test_unprinted_area_figures_and_missing_earlier_values_are_noted(tmp_path: Path) -> None:
    board = tmp_path / "wrenford"
    shutil.copytree(WRENFORD, board)
    period = board / "2021-22"
    (period / "narrative" / "context.md").write_text("Wrenford is a young city.\n", encoding="utf-8")
    lado = period / "narrative" / "lado.md"
    lado.write_text(
        lado.read_text(encoding="utf-8") + "\nLast year: {{ previous.lado.figures.referrals }}.\n",
        encoding="utf-8",
    )
    found = check_board(board).findings
    unprinted = [f for f in found if f.code == "area.not-printed"]
    assert sorted(f.message.split(" ", 1)[0] for f in unprinted) == [
        "area.children",
        "area.children_percent",
        "area.districts",
        "area.minority_ethnic_children_percent",
        "area.national_minority_ethnic_children_percent",
        "area.population",
        "area.square_miles",
    ]
    assert all(f.location is not None and f.location.file.endswith("report.yaml") for f in unprinted)
    [earlier] = [f for f in found if f.code == "trends.no-earlier-value"]
    assert earlier.level is Level.INFO
    assert earlier.location is not None
    assert earlier.location.file.endswith("narrative/lado.md")
    assert earlier.location.line == 13
    assert "`previous.lado.figures.referrals` has no value: 2020-21 does not give it" in earlier.message


@pytest.mark.parametrize(
    ("written", "in_sentence"),
    [
        ("ILACS focused visit", "ILACS focused visit"),
        ("Single inspection framework", "single inspection framework"),
        ("the single inspection framework", "single inspection framework"),
        ("JTAI", "JTAI"),
    ],
)
def test_a_phrase_within_a_sentence(written: str, in_sentence: str) -> None:
    assert within_sentence(written) == in_sentence


def test_a_name_without_its_article() -> None:
    assert without_article("the Board") == "Board"
    assert without_article("The Safeguarding Partners Executive") == "Safeguarding Partners Executive"
    assert without_article("Theatre group") == "Theatre group"
    assert without_article("the") == "the"


def test_previous_yaml_says_why_a_sections_figure_cannot_be_stated_there(tmp_path: Path) -> None:
    board = tmp_path / "wrenford"
    shutil.copytree(WRENFORD, board)
    previous = board / "2021-22" / "previous.yaml"
    previous.write_text(
        previous.read_text(encoding="utf-8") + "lado.figures.referrals: 170\n", encoding="utf-8"
    )
    [error] = check_board(board).errors
    assert error.location is not None
    assert (error.location.line, error.location.column) == (8, 25)
    assert error.message.startswith(
        "'lado.figures.referrals' is a figure of the board's own section 'lado': previous.yaml states only"
    )
    assert error.message.endswith("compared with the same section of an earlier period's folder")


def test_a_section_that_covers_what_the_report_already_meets_is_credited_as_well() -> None:
    """The LADO's section says it covers effectiveness, which the effectiveness narrative meets already."""
    (item,) = [i for i in assess(load_report(WRENFORD))[1] if i.item.id == "effectiveness"]
    assert item.covered_by == ("lado",)
    assert item.met
    assert item.met_by_the_data
