"""The Hertfordshire report through a real LibreOffice: everything the original carries is in the PDF.

These tests need LibreOffice (``soffice``) and its Python scripting interface
(``python3-uno``). They are skipped where it is not installed, except when
``LSCB_REQUIRE_LIBREOFFICE=1`` (CI sets it), where a missing LibreOffice is a
failure. They number the contents page (the only tests that do).
"""

from __future__ import annotations

import io
import os
import re
from pathlib import Path

import pytest
from docx import Document
from pypdf import PdfReader

from lscb_core._base import styles
from lscb_core._build.build import BuildResult, build_report
from lscb_core._model.editions import Edition
from lscb_core._model.formatting import money, number
from lscb_core._render.office import office_available

from .conftest import BOARDS, HERTFORDSHIRE

pytestmark = pytest.mark.libreoffice


def require_libreoffice() -> None:
    if not office_available():
        if os.environ.get("LSCB_REQUIRE_LIBREOFFICE") == "1":
            pytest.fail("LibreOffice (soffice) and python3-uno are required here but are not installed")
        pytest.skip("LibreOffice (soffice) or its Python scripting interface (python3-uno) is not installed")


def _flat(text: str) -> str:
    return re.sub(r"\s+", " ", text.replace("\u00ad", "")).strip()


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> BuildResult:
    require_libreoffice()
    out = tmp_path_factory.mktemp("lo") / "hertfordshire.docx"
    result = build_report(HERTFORDSHIRE, output=out, pdf=True, page_numbers=True, edition=Edition.BOARD)
    assert result.ok, [str(f) for f in result.errors]
    assert result.pdf is not None
    return result


@pytest.fixture(scope="module")
def pages(built: BuildResult) -> list[str]:
    assert built.pdf is not None
    reader = PdfReader(io.BytesIO(built.pdf.read_bytes()))
    return [_flat(page.extract_text()) for page in reader.pages]


@pytest.fixture(scope="module")
def text(pages: list[str]) -> str:
    return " ".join(pages)


def test_the_docx_opens_again_in_python_docx(built: BuildResult) -> None:
    assert built.output is not None
    assert Document(str(built.output)).core_properties.title.startswith("Hertfordshire")


def test_every_section_heading_is_in_the_pdf_and_on_the_contents_page_with_a_page_number(
    built: BuildResult, pages: list[str]
) -> None:
    assert built.output is not None
    document = Document(str(built.output))
    headings = [
        p.text for p in document.paragraphs if p.style is not None and p.style.name == styles.heading(1).shown
    ]
    assert len(headings) == len(built.sections)
    contents = pages[1]
    assert "Contents" in contents
    for heading in headings:
        match = re.search(re.escape(heading) + r" ?\.{3,} ?(\d+)", contents)
        assert match, f"{heading!r} is not on the contents page with a page number"
        page = int(match.group(1))
        assert pages[page - 1].find(heading) != -1, f"{heading!r} is not on page {page}"
    for expected in (
        "Foreword",
        "Local background and context",
        "Structure and governance",
        "HSCB structure chart",
        "How good is the board at its work?",
        "Highlights of sub-group work",
        "Progress against priorities",
        "What's next?",
        "Budget",
        "Appendix 1: Membership and attendance",
        "Appendix 2: Training attendance",
        "Glossary",
    ):
        assert expected in " ".join(pages[2:])


def test_every_training_course_and_agency_row(built: BuildResult, text: str) -> None:
    assert built.loaded is not None
    training = built.loaded.report.training
    assert training is not None
    for course in training.courses:
        assert _flat(f"{course.name} {number(course.attendees)} {number(course.times_run)}") in text, (
            course.name
        )
    for agency in training.by_agency:
        assert _flat(f"{agency.agency} {number(agency.attendees)}") in text, agency.agency
    assert "Total 693 36" in text


def test_every_member_role_with_its_attendance(built: BuildResult, text: str) -> None:
    assert built.loaded is not None
    for member in built.loaded.report.membership.members:
        assert _flat(member.title) in text, member.title
        assert re.search(
            re.escape(_flat(member.title))
            + r"[^.]*?(\. [^.]*\.)? ?"
            + f"{member.attended} of {member.possible}",
            text,
        ), member.title


def test_every_budget_line(built: BuildResult, text: str) -> None:
    assert built.loaded is not None
    budget = built.loaded.report.budget
    assert budget is not None
    for line in budget.lines:
        assert _flat(line.name) in text, line.name
        assert money(line.spend) in text
        if line.variance is not None:
            assert money(line.variance) in text


def test_key_figures_of_the_published_report(text: str) -> None:
    for figure in (
        "56",
        "child death reviews completed",
        "14",
        "reviews found modifiable factors",
        "£331,724",
        "£100,595",
        "693",
        "8,392",
    ):
        assert figure in text, figure
    assert "a total of 56 cases, and identified modifiable factors in 14 of them" in text


def test_the_board_edition_says_it_is_not_for_publication(pages: list[str]) -> None:
    assert "Board edition: not for publication" in pages[0]
    assert all("Board edition: not for publication" in page for page in pages[1:])


def test_the_structure_chart_is_in_the_pdf(built: BuildResult) -> None:
    assert built.pdf is not None
    reader = PdfReader(io.BytesIO(built.pdf.read_bytes()))
    # Picture objects on the pages, found without decoding them.
    images = [
        name
        for page in reader.pages
        for name, xobject in (page.get("/Resources", {}).get("/XObject") or {}).items()
        if xobject.get_object().get("/Subtype") == "/Image"
    ]
    assert images, "no picture in the PDF"


def test_pdf_written_beside_the_docx(built: BuildResult) -> None:
    assert built.pdf is not None
    assert built.output is not None
    assert built.pdf == Path(built.output).with_suffix(".pdf")


def test_the_training_chart_is_drawn_with_bars_as_long_as_their_values(built: BuildResult) -> None:
    from .pdfpages import page_picture, page_with, solid_boxes

    assert built.pdf is not None
    assert built.loaded is not None
    training = built.loaded.report.training
    assert training is not None
    pdf = built.pdf.read_bytes()
    page = page_with(pdf, "Training attendance by agency, 2015-16", "Attendees")
    boxes = solid_boxes(page_picture(pdf, page))
    axis = min(x0 for x0, *_ in boxes)
    bars = sorted((x1 - x0 for x0, _, x1, _ in boxes if x0 == axis), reverse=True)
    first, second = sorted((a.attendees for a in training.by_agency), reverse=True)[:2]
    assert bars[0] / bars[1] == pytest.approx(first / second, rel=0.05)


def test_the_docx_carries_the_same_contents_page_numbers_as_the_pdf(
    built: BuildResult, pages: list[str]
) -> None:
    assert built.output is not None
    document = Document(str(built.output))
    entries = [p.text for p in document.paragraphs if p.style is not None and p.style.name == "toc 1"]
    assert entries, "no contents entries"
    for entry in entries:
        heading, number = re.fullmatch(r"(.+)\t(\d+)", entry).groups()  # type: ignore[union-attr]
        assert heading in pages[int(number) - 1], f"{heading!r} is not on page {number}"
    text = "\n".join(p.text for p in document.paragraphs)
    assert "Update Field" not in text, "a numbered contents page needs no hint"


def test_the_pdf_is_tagged_for_screen_readers(built: BuildResult) -> None:
    from lscb_core._accessibility.pdf import audit_pdf, pdf_properties

    assert built.pdf is not None
    data = built.pdf.read_bytes()
    reader = PdfReader(io.BytesIO(data))
    root = reader.trailer["/Root"]
    assert bool(root["/MarkInfo"]["/Marked"])
    assert root["/Lang"] == "en-GB"
    assert bool(root["/ViewerPreferences"]["/DisplayDocTitle"])
    assert reader.metadata is not None
    assert reader.metadata.title == "Hertfordshire Safeguarding Children Board Annual Report 2015-16"
    properties = pdf_properties(data)
    assert properties.tagged
    assert properties.structure
    assert properties.roles["H1"] == len(built.sections)
    assert properties.roles["H2"] > 0
    assert properties.tables >= 10
    assert properties.header_cells > 0, "LibreOffice marks repeated header rows as TH"
    assert properties.figures >= 1
    assert properties.figures_with_alt == properties.figures
    outline = [item.title for item in reader.outline if not isinstance(item, list)]
    assert outline[: len(built.sections)] == [
        p.text
        for p in Document(str(built.output)).paragraphs
        if p.style is not None and p.style.name == "Heading 1"
    ]
    assert [f for f in audit_pdf(data) if f.level.value != "info"] == []


def test_many_builds_share_one_libreoffice_and_give_the_same_bytes(tmp_path: Path) -> None:
    require_libreoffice()
    from lscb_core._render.office import Office

    with Office() as office:
        first = build_report(
            BOARDS / "partnership",
            output=tmp_path / "a",
            outputs=("docx", "pdf"),
            page_numbers=True,
            office=office.address,
        )
        second = build_report(
            BOARDS / "partnership",
            output=tmp_path / "b",
            outputs=("docx", "pdf"),
            page_numbers=True,
            office=office.address,
        )
    assert first.ok, [str(f) for f in first.errors]
    assert second.ok
    assert (tmp_path / "a.docx").read_bytes() == (tmp_path / "b.docx").read_bytes()
    assert (tmp_path / "a.pdf").read_bytes() == (tmp_path / "b.pdf").read_bytes()


def test_libreoffice_runs_with_a_memory_limit_of_its_own_and_still_converts(tmp_path: Path) -> None:
    require_libreoffice()
    from lscb_core._base.limits import MIB, Limits, use_limits
    from lscb_core._render.office import Office

    limit = 768 * MIB
    with use_limits(Limits(libreoffice_memory_bytes=limit)), Office() as office:
        assert office.process is not None
        table = Path(f"/proc/{office.process.pid}/limits").read_text(encoding="utf-8")
        built = build_report(
            BOARDS / "older-board",
            output=tmp_path / "older",
            outputs=("docx", "pdf"),
            page_numbers=True,
            office=office.address,
        )
    (row,) = [line for line in table.splitlines() if line.startswith("Max data size")]
    assert row.split()[3] == str(limit)
    (row,) = [line for line in table.splitlines() if line.startswith("Max address space")]
    assert row.split()[3] == "unlimited"
    assert built.ok, [str(f) for f in built.errors]
    assert (tmp_path / "older.pdf").read_bytes().startswith(b"%PDF")
