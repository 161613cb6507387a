"""``lscb new``: a new board folder to fill in, with a comment on every file saying what goes there."""

from __future__ import annotations

import datetime as dt
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path

from lscb_core._model.period import ReportingPeriod
from lscb_core._model.regime import Regime

__all__ = ["ScaffoldError", "latest_financial_year", "new_board"]


class ScaffoldError(Exception):
    """The folder cannot be made (it exists and is not empty, or cannot be written)."""


def latest_financial_year(today: dt.date) -> ReportingPeriod:
    """The financial year that ended most recently: the one a report is written about."""
    first_year = today.year - 1 if today.month >= 4 else today.year - 2
    return ReportingPeriod.financial_year(first_year)


def new_board(
    board_dir: Path, *, name: str, short_name: str, regime: Regime, period: ReportingPeriod
) -> list[Path]:
    """Write a new board folder for ``period``; returns the files written."""
    if board_dir.exists() and (not board_dir.is_dir() or any(board_dir.iterdir())):
        raise ScaffoldError(f"{board_dir} already exists and is not empty; choose a new folder")
    compiled = period.end + dt.timedelta(days=92)
    tokens = {
        "__NAME__": name,
        "__SHORT__": short_name,
        "__START__": period.start.isoformat(),
        "__END__": period.end.isoformat(),
        "__REGIME__": regime.value,
        "__COMPILED__": f"{compiled:%Y-%m}",
    }
    written: list[Path] = []

    def copy(source: Traversable, target: Path) -> None:
        for entry in sorted(source.iterdir(), key=lambda e: e.name):
            destination = target / (period.slug if entry.name == "period" else entry.name)
            if entry.is_dir():
                destination.mkdir(parents=True, exist_ok=True)
                copy(entry, destination)
                continue
            text = entry.read_text(encoding="utf-8")
            for token, value in tokens.items():
                text = text.replace(token, value)
            destination.write_text(text, encoding="utf-8")
            written.append(destination)

    try:
        board_dir.mkdir(parents=True, exist_ok=True)
        copy(resources.files("lscb_core") / "data" / "scaffold", board_dir)
    except OSError as exc:
        raise ScaffoldError(f"{board_dir} could not be written: {exc.strerror or exc}") from None
    return written
