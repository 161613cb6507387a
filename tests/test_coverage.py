"""Statutory coverage: each regime's profile, as data, against the report."""

from __future__ import annotations

from pathlib import Path

from docx import Document

from lscb_core._base.findings import Level
from lscb_core._base.styles import heading
from lscb_core._build.build import build_report
from lscb_core._build.check import check_board
from lscb_core._hooks.manager import make_plugin_manager
from lscb_core._model.profiles import ItemLevel
from lscb_core._model.regime import Regime
from lscb_core._publication.coverage import assess, builtin_profiles, profile_for

from .boardfactory import make_board
from .conftest import BOARDS, HERTFORDSHIRE

_PM = make_plugin_manager(entry_points=False)


def test_every_regime_has_a_profile_and_every_profile_loads() -> None:
    assert {p.id for p in builtin_profiles()} == {"lscb", "partnership"}
    for regime in Regime:
        profile = profile_for(regime)
        assert profile is not None
        assert any(item.level is ItemLevel.REQUIRED for item in profile.items)


def test_hertfordshire_against_the_2015_profile() -> None:
    result = check_board(HERTFORDSHIRE)
    assert result.loaded is not None
    profile, items = assess(result.loaded)
    assert profile is not None
    assert profile.id == "lscb"
    unmet = {i.item.id for i in items if not i.met}
    assert unmet == {"partner-contributions", "submitted-to", "approval"}
    coverage = {f.code: f for f in result.findings if f.code.startswith("coverage.")}
    assert set(coverage) == {"coverage.partner-contributions", "coverage.submitted-to", "coverage.approval"}
    assert all(f.level is Level.WARNING for f in coverage.values())


def test_the_partnership_board_against_the_2018_profile() -> None:
    result = check_board(BOARDS / "partnership")
    assert result.loaded is not None
    profile, items = assess(result.loaded)
    assert profile is not None
    assert profile.id == "partnership"
    assert all(i.met for i in items), [i.explain() for i in items if not i.met]
    assert "independent-scrutiny" in {i.item.id for i in items}


def test_a_section_switched_off_leaves_its_item_unmet(tmp_path: Path) -> None:
    board = make_board(
        tmp_path,
        {
            "training.yaml": "courses: [{name: Neglect, attendees: 3}]\n",
            "settings.yaml": "sections: [{section: training, enabled: false}]\n",
        },
    )
    findings = {f.code: f for f in check_board(board, pm=_PM).findings}
    assert findings["coverage.training"].level is Level.INFO
    assert "switched off: training" in findings["coverage.training"].message


def test_submission_must_name_each_body(tmp_path: Path) -> None:
    board = make_board(tmp_path)
    report = board / "2015-16" / "report.yaml"
    text = report.read_text(encoding="utf-8")
    report.write_text(
        text[: text.index("submitted_to:")]
        + "submitted_to:\n  - Chief Executive of the County Council\n  - Leader of the Council\n",
        encoding="utf-8",
    )
    (finding,) = [f for f in check_board(board, pm=_PM).findings if f.code == "coverage.submitted-to"]
    assert "does not mention: police and crime commissioner, health and wellbeing" in finding.message


def test_the_coverage_annex(tmp_path: Path) -> None:
    out = tmp_path / "r.docx"
    assert build_report(HERTFORDSHIRE, output=out, annexes=frozenset({"coverage"})).ok
    document = Document(str(out))
    headings = [
        p.text for p in document.paragraphs if p.style is not None and p.style.name == heading(1).shown
    ]
    assert headings[-1] == "Appendix 3: Statutory coverage"
    rows = {r.cells[0].text: r.cells[2].text for t in document.tables for r in t.rows if len(r.cells) == 3}
    assert rows["The contributions made by each partner agency"] == "Not met: missing: budget.contributions"
    assert rows["The report is published by the board's independent chair"] == "Met"
    assert build_report(HERTFORDSHIRE, output=tmp_path / "plain.docx").ok
    plain = [p.text for p in Document(str(tmp_path / "plain.docx")).paragraphs]
    assert "Appendix 3: Statutory coverage" not in plain
