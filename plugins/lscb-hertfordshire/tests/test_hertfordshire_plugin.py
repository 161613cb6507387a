"""The Hertfordshire plugin: installed, its data typed and located, its content inside its priorities."""

from __future__ import annotations

from importlib.metadata import entry_points, version
from pathlib import Path

import lscb_hertfordshire

from lscb_core import check_board, make_plugin_manager
from lscb_core._build.build import build_report

EXAMPLE = Path(__file__).resolve().parents[3] / "examples" / "hertfordshire"


def test_the_plugin_is_installed_under_the_lscb_entry_point() -> None:
    names = {ep.name: ep.value for ep in entry_points(group="lscb")}
    assert names.get("hertfordshire") == "lscb_hertfordshire"
    assert version("lscb-hertfordshire") == lscb_hertfordshire.__version__
    pm = make_plugin_manager()
    assert pm.get_plugin("hertfordshire") is lscb_hertfordshire


def test_its_data_loads_as_typed_objects() -> None:
    result = check_board(EXAMPLE)
    assert result.loaded is not None
    play = result.loaded.plugin_data["hertfordshire"]["chelseas-choice"]
    assert isinstance(play, lscb_hertfordshire.ChelseasChoice)
    assert (play.young_people, play.professionals, play.referrals) == (8392, 100, 1)
    assert "plugin.unclaimed-data" not in {f.code for f in result.findings}
    assert not [f for f in result.findings if f.code.startswith("hertfordshire.")]


def test_a_mistake_in_its_data_is_located(tmp_path: Path) -> None:
    import shutil

    board = tmp_path / "hertfordshire"
    shutil.copytree(EXAMPLE, board)
    data = board / "2015-16" / "plugins" / "hertfordshire" / "chelseas-choice.yaml"
    data.write_text(
        data.read_text(encoding="utf-8").replace("young_people: 8392", "young_people: lots"), encoding="utf-8"
    )
    (error,) = check_board(board).errors
    assert error.message == 'young_people must be a whole number of 0 or more, got "lots"'
    assert error.location is not None
    assert error.location.file.endswith("chelseas-choice.yaml")
    assert error.location.line == 9


def test_its_checks(tmp_path: Path) -> None:
    import shutil

    board = tmp_path / "hertfordshire"
    shutil.copytree(EXAMPLE, board)
    data = board / "2015-16" / "plugins" / "hertfordshire" / "chelseas-choice.yaml"
    text = (
        data.read_text(encoding="utf-8")
        .replace("priority: cse", "priority: cse-2")
        .replace("referrals: 1", "referrals: 31")
    )
    data.write_text(text, encoding="utf-8")
    codes = {f.code for f in check_board(board).findings}
    assert {"hertfordshire.priority", "hertfordshire.referrals"} <= codes


def test_its_content_is_in_the_report(tmp_path: Path) -> None:
    from docx import Document

    result = build_report(EXAMPLE, output=tmp_path / "r.docx")
    assert result.ok
    text = "\n".join(p.text for p in Document(str(tmp_path / "r.docx")).paragraphs)
    assert "Chelsea's Choice" in text
    assert "The Families First model" in text


def test_its_figures_are_in_the_narrative_and_protected_on_request(tmp_path: Path) -> None:
    import shutil

    from docx import Document

    from lscb_core import load_report
    from lscb_core._model.editions import Edition
    from lscb_core._publication.view import make_view

    board = tmp_path / "hertfordshire"
    shutil.copytree(EXAMPLE, board)
    view = make_view(load_report(board, pm=make_plugin_manager()), Edition.PUBLIC)
    assert view.loaded.plugin_data["hertfordshire"]["chelseas-choice"].referrals == 1
    foreword = board / "2015-16" / "narrative" / "foreword.md"
    foreword.write_text(
        foreword.read_text(encoding="utf-8") + "\n\n{{ chelseas_choice.referrals }} referral to HALO.\n",
        encoding="utf-8",
    )
    (board / "settings.yaml").write_text(
        "suppression:\n  tables: [hertfordshire.chelseas-choice]\n", encoding="utf-8"
    )
    result = build_report(board, output=tmp_path / "b.docx")
    assert result.ok, [str(f) for f in result.errors]
    text = "\n".join(p.text for p in Document(str(tmp_path / "b.docx")).paragraphs)
    assert "c referral to HALO." in text
    assert "1 referral to HALO." not in text
