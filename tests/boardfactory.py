"""Small board folders written by tests, one file at a time."""

from __future__ import annotations

from pathlib import Path

BOARD_YAML = "name: Testshire Safeguarding Children Board\nshort_name: TSCB\n"
REPORT_YAML = """period:
  start: 2015-04-01
  end: 2016-03-31
regime: lscb-wt2015
leadership:
  independent_chair:
    name: A Chair
approval:
  body: the Board
  date: 2016-07
submitted_to:
  - Chief Executive of Testshire County Council
  - Leader of the Council
  - Police and Crime Commissioner
  - Chair of the Health and Wellbeing Board
"""

# Enough for the statutory profile of a board's annual report to be met, so a
# test starts from a board with no findings and adds the one thing it is about.
COMPLETE = {
    "narrative/foreword.md": "Local services are effective, and the board knows where they must improve.\n",
    "priorities.yaml": (
        "themes:\n  - id: neglect\n    title: Neglect\n    priorities:\n      - id: neglect\n        title: Neglect\n"
        "        progress: A strategy was agreed.\n    next_steps: Put the strategy to work.\n"
        "business_plan:\n  priorities: [Tackle neglect]\n"
    ),
    "cdop.yaml": "reviews_stated: 2\nmodifiable_stated: 0\n",
    "budget.yaml": "contributions: [{partner: County Council, amount: 100}]\nlines: [{name: Staff, budget: 100, spend: 100}]\n",
    "inspections.yaml": "- {inspectorate: Ofsted, date: 2015-09, judgements: [{subject: The board, grade: good}]}\n",
    "training.yaml": "courses: [{name: Neglect, attendees: 20, times_run: 2}]\n",
    "members.yaml": "meetings_held: 4\nmembers: [{role: Independent chair, attended: 4, possible: 4}]\n",
}


def make_board(root: Path, files: dict[str, str | bytes] | None = None, *, period: str = "2015-16") -> Path:
    """A board folder at ``root`` with a valid, complete period; ``files`` adds or replaces period files.

    Keys of ``files`` are paths relative to the period folder; ``../board.yaml``
    replaces the board file.
    """
    board = root
    period_dir = board / period
    period_dir.mkdir(parents=True, exist_ok=True)
    (board / "board.yaml").write_text(BOARD_YAML, encoding="utf-8")
    (period_dir / "report.yaml").write_text(REPORT_YAML, encoding="utf-8")
    for name, content in {**COMPLETE, **(files or {})}.items():
        path = (period_dir / name).resolve() if name.startswith("..") else period_dir / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
    return board
