"""Nothing a board folder accepts is dropped: every field is shown in the board edition, or is check-only."""

from __future__ import annotations

from pathlib import Path

from lscb_core._build.check import check_board
from lscb_core._hooks.manager import make_plugin_manager
from lscb_core._loading.folder import load_report

from .boardfactory import make_board
from .composed import composed, section_texts

_PM = make_plugin_manager(entry_points=False)

NEXT_STEPS_ONLY = """themes:
  - id: neglect
    title: Neglect
    priorities:
      - id: neglect
        title: Neglect
        progress: A strategy was agreed.
        next_steps: Train every health visitor in the new assessment.
"""


def test_a_prioritys_next_steps_are_shown_under_it(tmp_path: Path) -> None:
    board = make_board(tmp_path, {"priorities.yaml": NEXT_STEPS_ONLY})
    texts = section_texts(composed(load_report(board, pm=_PM), _PM))["priorities"]
    at = texts.index("What happens next")
    assert texts[at - 1] == "A strategy was agreed."
    assert texts[at + 1] == "Train every health visitor in the new assessment."


def test_a_prioritys_next_steps_count_as_the_plans_for_next_year(tmp_path: Path) -> None:
    board = make_board(tmp_path, {"priorities.yaml": NEXT_STEPS_ONLY})
    codes = {f.code for f in check_board(board, pm=_PM).findings}
    assert "coverage.business-plan" not in codes
    bare = NEXT_STEPS_ONLY.replace(
        "        next_steps: Train every health visitor in the new assessment.\n", ""
    )
    codes = {
        f.code for f in check_board(make_board(tmp_path / "bare", {"priorities.yaml": bare}), pm=_PM).findings
    }
    assert "coverage.business-plan" in codes
