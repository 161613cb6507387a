"""Public and board editions: what is not for publication stays out of the public one."""

from __future__ import annotations

from pathlib import Path

import pytest
from docx import Document

from lscb_core._build.build import build_report
from lscb_core._build.check import check_board
from lscb_core._hooks.manager import make_plugin_manager
from lscb_core._model.editions import Edition

from .boardfactory import make_board
from .built import document_text
from .conftest import BOARDS, HERTFORDSHIRE

_PM = make_plugin_manager(entry_points=False)


def _text(path: Path) -> str:
    return document_text(path)


@pytest.fixture(scope="module")
def editions(tmp_path_factory: pytest.TempPathFactory) -> dict[Edition, str]:
    folder = tmp_path_factory.mktemp("editions")
    out = {}
    for edition in Edition:
        result = build_report(HERTFORDSHIRE, output=folder / f"{edition.value}.docx", edition=edition)
        assert result.ok, [str(f) for f in result.errors]
        out[edition] = _text(folder / f"{edition.value}.docx")
    return out


IDENTIFYING = (
    "An adult care leaver who died while living outside Hertfordshire",
    "a care leaver who was 19 at the time of his death in a neighbouring authority area",
    "convene a senior manager review",
)


def test_the_public_edition_leaves_out_the_review_not_for_publication(editions: dict[Edition, str]) -> None:
    public = editions[Edition.PUBLIC]
    for detail in IDENTIFYING:
        assert detail.lower() not in public.lower(), detail
    assert "PCR 2014: Partnership case review" in public
    assert "Its report is not for publication." in public


def test_the_board_edition_keeps_it(editions: dict[Edition, str]) -> None:
    board = editions[Edition.BOARD]
    for detail in IDENTIFYING:
        assert detail.lower() in board.lower(), detail


def test_published_reviews_appear_in_both(editions: dict[Edition, str]) -> None:
    for text in editions.values():
        assert "SCR 2013 relates to a disabled child" in text


BOARD_ONLY_NARRATIVE = """The panel met six times.

::: board-only
The panel discussed the death of a child at school X.
:::

It agreed three actions.
"""


def test_board_only_passages_in_markdown(tmp_path: Path) -> None:
    board = make_board(
        tmp_path / "b", {"narrative/cdop.md": BOARD_ONLY_NARRATIVE, "cdop.yaml": "reviews_stated: 2\n"}
    )
    for edition, shown in ((Edition.PUBLIC, False), (Edition.BOARD, True)):
        out = tmp_path / f"{edition.value}.docx"
        assert build_report(board, output=out, edition=edition, pm=_PM).ok
        text = _text(out)
        assert "The panel met six times." in text
        assert "It agreed three actions." in text
        assert ("school X" in text) == shown


def test_a_withheld_budget_line_is_combined_with_the_smallest_visible_one(tmp_path: Path) -> None:
    board = make_board(
        tmp_path / "b",
        {
            "budget.yaml": "lines:\n  - {name: Staff, budget: 100, spend: 90}\n  - {name: Training, budget: 300, spend: 320}\n  - {name: Legal advice on case X, budget: 50, spend: 50, visibility: board-only}\n"
        },
    )
    assert build_report(board, output=tmp_path / "p.docx", pm=_PM).ok
    public = _text(tmp_path / "p.docx")
    assert "Legal advice on case X" not in public
    assert "Staff" not in public  # the smallest visible line joins it, so neither can be worked out
    assert "Other (not itemised)\n£150\n£140\n-£10" in public
    assert "Total\n£450\n£460\n£10" in public  # the totals stay true
    assert "Other (not itemised) combines items that are not shown one by one." in public
    assert build_report(board, output=tmp_path / "b.docx", edition=Edition.BOARD, pm=_PM).ok
    assert "Legal advice on case X" in _text(tmp_path / "b.docx")
    listed = check_board(board, pm=_PM, edition=Edition.PUBLIC).findings
    changed = [f for f in listed if f.code == "public.changed"]
    assert len(changed) == 1
    assert "'Staff' is shown inside 'Other (not itemised)'" in changed[0].message
    assert changed[0].location is not None
    assert changed[0].location.line == 2


def test_narrative_that_names_a_restricted_review_is_pointed_out(tmp_path: Path) -> None:
    board = make_board(
        tmp_path / "b",
        {
            "reviews.yaml": "cases:\n  - {reference: LCSPR Child Q, kind: partnership-review, status: completed, publication: {decision: not-for-publication, reason: family wishes}}\n",
            "narrative/foreword.md": "We learned a lot.\n\nThe LCSPR Child Q review changed practice.\n\n::: board-only\nLCSPR Child Q in detail.\n:::\n",
        },
    )
    findings = [f for f in check_board(board, pm=_PM).findings if f.code == "publication.mention"]
    assert len(findings) == 1
    assert findings[0].location is not None
    assert findings[0].location.line == 3
    assert "LCSPR Child Q" in findings[0].message


def test_partnership_public_edition_suppresses_small_child_death_counts(tmp_path: Path) -> None:
    board = BOARDS / "partnership"
    public = tmp_path / "public.docx"
    assert build_report(board, output=public).ok
    document = Document(str(public))
    tables = {t.rows[0].cells[0].text: [[c.text for c in r.cells] for r in t.rows] for t in document.tables}
    categories = tables["Category of death"]
    shown = [row[1] for row in categories[1:-1]]
    assert "c" in shown
    assert all(value == "c" or value == "0" or int(value) > 5 for value in shown)
    assert categories[-1] == ["Total", "31"]
    text = _text(public)
    assert "c: a count from 1 to 5 is not shown, to protect children and families" in text
    board_out = tmp_path / "board.docx"
    assert build_report(board, output=board_out, edition=Edition.BOARD).ok
    board_tables = {
        t.rows[0].cells[0].text: [[c.text for c in r.cells] for r in t.rows]
        for t in Document(str(board_out)).tables
    }
    assert "c" not in [row[1] for row in board_tables["Category of death"]]


def test_suppression_threshold_and_symbol_are_settings(tmp_path: Path) -> None:
    board = make_board(
        tmp_path / "b",
        {
            "cdop.yaml": "categories_stated:\n  - {category: infection, reviews: 7}\n  - {category: malignancy, reviews: 9}\n  - {category: trauma-and-other-external-factors, reviews: 12}\n",
            "settings.yaml": "suppression:\n  threshold: 8\n  symbol: '*'\n",
        },
    )
    assert build_report(board, output=tmp_path / "r.docx", pm=_PM).ok
    rows = {
        r.cells[0].text: r.cells[1].text for t in Document(str(tmp_path / "r.docx")).tables for r in t.rows
    }
    assert rows["9. Infection"] == "*"
    assert rows["4. Malignancy"] == "*"  # the complement, so 7 cannot be worked out from the total
    assert rows["3. Trauma and other external factors"] == "12"


def test_headline_child_death_figures_can_be_protected_too(tmp_path: Path) -> None:
    board = make_board(
        tmp_path / "b",
        {
            "cdop.yaml": "reviews_stated: 9\nmodifiable_stated: 3\n",
            "settings.yaml": "suppression:\n  tables: [cdop.figures]\n",
        },
    )
    assert build_report(board, output=tmp_path / "p.docx", pm=_PM).ok
    public = _text(tmp_path / "p.docx")
    assert "reviews found modifiable factors\n" in public or public.endswith(
        "reviews found modifiable factors"
    )
    assert "(33%)" not in public
    assert "c: a count from 1 to 5 is not shown" in public
    assert build_report(board, output=tmp_path / "b.docx", edition=Edition.BOARD, pm=_PM).ok
    assert "reviews found modifiable factors (33%)" in _text(tmp_path / "b.docx")


def test_the_editions_differ_only_where_something_is_withheld(editions: dict[Edition, str]) -> None:
    """Hertfordshire withholds one review: everything else in the two editions is the same."""
    public, board = editions[Edition.PUBLIC].split("\n"), editions[Edition.BOARD].split("\n")
    only_public = [line for line in public if line not in board]
    assert len(only_public) == 1
    assert only_public[0].startswith("A partnership case review was completed and agreed by the Board.")
    only_board = [line for line in board if line and line not in public]
    assert only_board[0] == "Board edition: not for publication"
    assert all(
        "PCR" in line
        or line
        in (
            "About the review",
            "Status",
            "Completed",
            "Commissioned",
            "2014",
            "Publication",
            "Not for publication",
        )
        or "care leaver" in line
        or "recommendations" in line
        or "lessons of this review" in line
        for line in only_board[1:]
    ), only_board
