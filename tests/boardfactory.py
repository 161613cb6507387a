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
"""


def make_board(root: Path, files: dict[str, str | bytes] | None = None, *, period: str = "2015-16") -> Path:
    """A board folder at ``root`` with a valid minimal period; ``files`` adds or replaces period files.

    Keys of ``files`` are paths relative to the period folder; ``../board.yaml``
    replaces the board file.
    """
    board = root
    period_dir = board / period
    period_dir.mkdir(parents=True, exist_ok=True)
    (board / "board.yaml").write_text(BOARD_YAML, encoding="utf-8")
    (period_dir / "report.yaml").write_text(REPORT_YAML, encoding="utf-8")
    for name, content in (files or {}).items():
        path = (period_dir / name).resolve() if name.startswith("..") else period_dir / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
    return board
