"""Walking a loaded report's text: once for each report, shared by the checks, the glossary and the narrative."""

from __future__ import annotations

from pathlib import Path

import attrs
import pytest

from lscb_core import load_report
from lscb_core._model.walk import iter_text, text_pieces

BOARDS = Path(__file__).parent / "boards"


@pytest.mark.parametrize("board", ["older-board", "two-panels"])
def test_a_reports_text_is_walked_once_and_the_walk_is_shared(board: str) -> None:
    report = load_report(BOARDS / board).report
    pieces = text_pieces(report)
    assert pieces == tuple(iter_text(report))
    assert any(piece.markdown for piece in pieces)
    assert text_pieces(report) is pieces
    changed = attrs.evolve(report, glossary=attrs.evolve(report.glossary, terms=()))
    assert text_pieces(changed) is not pieces
    assert text_pieces(changed) == tuple(iter_text(changed))
    assert not any(piece.path[:1] == ("glossary",) for piece in text_pieces(changed))


def test_values_that_cannot_be_referred_to_weakly_are_walked_each_time() -> None:
    value = {"a": "one", "b": ["two", 3]}
    assert [p.text for p in text_pieces(value)] == ["one", "two"]
    assert text_pieces(value) is not text_pieces(value)


def test_an_editions_view_of_a_report_is_made_once_and_shared() -> None:
    from lscb_core._model.editions import Edition
    from lscb_core._publication.view import make_view

    loaded = load_report(BOARDS / "two-panels")
    public = make_view(loaded, Edition.PUBLIC)
    assert make_view(loaded, Edition.PUBLIC) is public
    assert make_view(loaded, Edition.BOARD) is not public
    other = attrs.evolve(loaded)
    assert make_view(other, Edition.PUBLIC) is not public
    assert make_view(other, Edition.PUBLIC).listed == public.listed
