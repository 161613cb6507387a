"""Two more boards of shapes unlike the first two: a partnership's 17-month first report with three
forewords and two child death panels, and an older board's 2012/13 report with appendices.

Each is checked (no errors, no warnings, only the notes it is meant to raise), built once in each
edition and opened again with python-docx; both public editions go through one LibreOffice run, and
their pages are read back: every page has something on it, and the footer's page number is on the
same line as the title.
"""

from __future__ import annotations

import io
import re
import subprocess

import pytest
from pypdf import PdfReader

from lscb_core._base.findings import Level
from lscb_core._build.build import BuildResult
from lscb_core._build.check import check_board
from lscb_core._build.session import load_report
from lscb_core._model.editions import Edition
from lscb_core._render.pdf import find_soffice

from .built import build_editions, document_text
from .conftest import BOARDS
from .test_libreoffice import require_libreoffice

TWO_PANELS = BOARDS / "two-panels"
OLDER = BOARDS / "older-board"


def _text(result: BuildResult) -> str:
    return document_text(result.output, footers=True)


@pytest.fixture(scope="module")
def two_panels(tmp_path_factory: pytest.TempPathFactory) -> dict[Edition, BuildResult]:
    out = tmp_path_factory.mktemp("two-panels")
    return build_editions(TWO_PANELS, out)


@pytest.fixture(scope="module")
def older(tmp_path_factory: pytest.TempPathFactory) -> dict[Edition, BuildResult]:
    out = tmp_path_factory.mktemp("older")
    return build_editions(OLDER, out)


def test_both_boards_check_without_errors_or_warnings() -> None:
    # Notes that output earlier versions of lscb left out is now shown are not about these boards.
    found = [f for f in check_board(TWO_PANELS).findings if not f.code.startswith("migration.")]
    assert found == []
    notes = [f for f in check_board(OLDER).findings if not f.code.startswith("migration.")]
    assert all(f.level is Level.INFO for f in notes), [str(f) for f in notes]
    assert sorted(f.code for f in notes) == [
        "settings.appendix-numbered",
        "vocabulary.new-kind",
        "vocabulary.new-kind",
    ]


def test_the_17_month_partnership_report(two_panels: dict[Edition, BuildResult]) -> None:
    report = load_report(TWO_PANELS).report
    assert report.period.months == 17
    assert report.coming_period.label == "September 2020 to August 2021"
    text = _text(two_panels[Edition.PUBLIC])
    # Three forewords, each with its own title and signature; the youth forum's is signed in its words.
    for title in (
        "Foreword from the safeguarding partners",
        "The independent scrutineer's view",
        "A word from the Youth Forum",
    ):
        assert title in text
    assert text.count("Frances Delaney") == 1
    assert "— The Ashby and Calder Youth Forum\nLocal background and context" in text  # no signature block
    # Child death review by the child death review partners, through two panels.
    assert "Child death review" in text
    assert "through two panels: the Ashby panel and the Calder panel" in text
    # A partnership is not a board: its inspection section says what inspections found.
    assert "What inspections found" in text
    assert "How good is the board at its work?" not in text
    assert "child deaths notified (40 the period before)" in text
    assert "Business plan and priorities for September 2020 to August 2021" in text
    assert "met 9 times in the period" in text
    # A long title is shortened in the footer, so the page number stays on its line.
    assert "ACSCP Yearly Report April 2019 to August 2020\tPage" in text
    # Small numbers are hidden in the public edition's panel tables, shown in the board's.
    assert "Total\n17\n12\n29" in text
    board = _text(two_panels[Edition.BOARD])
    assert "Board edition: not for publication" in board


def test_the_older_board_report(older: dict[Edition, BuildResult]) -> None:
    text = _text(older[Edition.PUBLIC])
    assert "Annual Report 2012/13" in text
    assert "Westmarsh Safeguarding Children Board Annual Report 2012/13\tPage" in text
    assert "Adequate" in text
    # A board's inspection section keeps its title; its area's figures are printed by its narrative.
    assert "How good is the board at its work?" in text
    assert "Westmarsh is home to 521,000 people, 112,000 of them children aged 0-17, in 3 districts" in text
    assert "Peer review of the board" in text
    assert "Section 11 audit 2012" in text
    assert "Section 11 audit: Section 11" not in text
    appendices = re.findall(r"Appendix (\d): ([^\n]+)", text)
    assert appendices[-6:] == [
        ("1", "Membership and attendance"),
        ("2", "Training attendance"),
        ("3", "Private fostering"),
        ("4", "Reports from the sub-groups"),
        ("5", "Income and expenditure"),
        ("6", "Glossary"),
    ]
    assert "Carry forward to 2013/14" in text
    assert "Approved by the Westmarsh Safeguarding Children Board on 18 September 2013." in text
    assert "The review made 1 recommendation:" in text
    assert "child deaths notified (41 the year before)" in text
    # The board's own sections: the LADO's year after the case reviews, private fostering as an appendix.
    assert text.index("Learning from case reviews") < text.index(
        "Managing allegations against people who work with children\nThe Local Authority Designated Officer"
    )
    assert "In 2012/13 the LADO received 158 referrals and a further 341 consultations" in text
    assert "Voluntary and faith groups\n18\n61%\nTotal\n158\n" in text
    assert "Under 5\nc\n5 to 9\nc\n10 to 15\n19\n16 and 17\n11\nTotal\n36" in text
    assert "People dismissed or no longer used\nc" in text
    board = _text(older[Edition.BOARD])
    assert "Board edition: not for publication" in board
    assert "Under 5\n2\n5 to 9\n4\n" in board
    assert "People dismissed or no longer used\n4" in board


@pytest.fixture(scope="module")
def pdfs(
    two_panels: dict[Edition, BuildResult],
    older: dict[Edition, BuildResult],
    tmp_path_factory: pytest.TempPathFactory,
) -> dict[str, bytes]:
    """Both public editions through one LibreOffice run (one start-up for both boards)."""
    require_libreoffice()
    soffice = find_soffice()
    assert soffice is not None
    work = tmp_path_factory.mktemp("pdf")
    sources = {
        name: built[Edition.PUBLIC].output for name, built in (("two_panels", two_panels), ("older", older))
    }
    command = [soffice, f"-env:UserInstallation={(work / 'profile').as_uri()}", "--headless", "--norestore"]
    command += ["--convert-to", "pdf", "--outdir", str(work), *(str(path) for path in sources.values())]
    subprocess.run(command, capture_output=True, timeout=300, check=True)
    return {
        name: (work / path.with_suffix(".pdf").name).read_bytes() for name, path in sources.items() if path
    }


@pytest.mark.libreoffice
@pytest.mark.parametrize("board", ["two_panels", "older"])
def test_every_page_has_content_and_the_footer_on_one_line(board: str, pdfs: dict[str, bytes]) -> None:
    reader = PdfReader(io.BytesIO(pdfs[board]))
    assert len(reader.pages) > 15
    for number, page in enumerate(reader.pages, start=1):
        lines = [line.strip() for line in page.extract_text().splitlines() if line.strip()]
        footer = [line for line in lines if line.endswith(f"Page {number}") and "Report" in line]
        if number > 1:
            assert footer, f"page {number}: the page number is not on the title's line: {lines[-2:]}"
            body = [line for line in lines if line not in footer]
            assert body, f"page {number} is blank"


@pytest.mark.libreoffice
def test_libreoffice_draws_the_declared_chart_of_a_boards_own_table(pdfs: dict[str, bytes]) -> None:
    from .pdfpages import page_picture, page_with, solid_boxes

    pdf = pdfs["two_panels"]
    page = page_with(pdf, "Requests for early help by who asked, in each area", "Who asked", "not plotted")
    columns: dict[int, list[int]] = {}
    for _, y0, _, y1 in solid_boxes(page_picture(pdf, page)):
        columns.setdefault(y1, []).append(y1 - y0)  # bars stand on the axis; the table's header cells do not
    heights = sorted(max(columns.values(), key=len), reverse=True)
    # Ashby's five requests (142, 96, 61, 41, 23) in the first accent colour, as long as their values.
    assert len(heights) == 5
    assert heights[0] / heights[-1] == pytest.approx(142 / 23, rel=0.1)
