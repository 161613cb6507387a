"""Checks against earlier periods: large changes the narrative does not mention, and stated figures that disagree.

- A headline figure that changed by at least 25% and at least 5 since the
  previous period, while its section's narrative refers neither to it (by
  name, as ``{{ cdop.reviews }}``), to its earlier value nor to its change, is
  an info finding: readers will want to know why. A section with no narrative
  of its own (training, membership) is judged by the whole narrative.
- A figure ``previous.yaml`` states for the previous period that disagrees
  with that period's own data is a warning.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from lscb_core._base.findings import Finding
from lscb_core._base.markers import hookimpl
from lscb_core._checks import info, warning
from lscb_core._model.loaded import LoadedReport
from lscb_core._model.trends import (
    HEADLINES,
    Headline,
    headline,
    headline_value,
    local_headlines,
    local_values,
)

__all__ = ["lscb_check"]

_MIN_CHANGE = 5
_MIN_SHARE = 0.25


def _spellings(value: int | float) -> set[str]:
    """How a number may be written: ``1174``, ``1,174``, ``£1,174``."""
    if isinstance(value, float) and not value.is_integer():
        return {f"{value:g}", f"{value:,.1f}"}
    n = int(value)
    return {str(n), f"{n:,}"}


def _mentions(text: str, item: Headline, numbers: list[int | float]) -> bool:
    if item.name in text:
        return True
    for value in numbers:
        for written in _spellings(value):
            if re.search(rf"(?<![\d,.]){re.escape(written)}(?![\d,]|\.\d)", text):
                return True
    return False


def _narrative(loaded: LoadedReport, item: Headline) -> str:
    narrative = loaded.report.narrative
    section = loaded.report.sections.get(item.section)
    own = narrative.get((section.narrative or item.section) if section is not None else item.section)
    texts: list[Any] = [own] if own is not None else list(narrative.values())
    if item.section == "training" and loaded.report.training is not None:
        texts.append(loaded.report.training.note)
    return "\n".join(t.text for t in texts if t is not None)


@hookimpl
def lscb_check(loaded: LoadedReport) -> Iterator[Finding]:
    latest = loaded.earlier[-1] if loaded.earlier else None
    if latest is not None:
        local = local_values(loaded.report)
        for item in (*HEADLINES, *local_headlines(loaded.report)):
            now = local.get(item.name) if item.name in local else headline_value(loaded.report, item)
            before = latest.values.get(item.name)
            if not isinstance(now, int | float) or not isinstance(before, int | float):
                continue
            change = now - before
            if abs(change) < _MIN_CHANGE or (before and abs(change) < _MIN_SHARE * abs(before)):
                continue
            if _mentions(_narrative(loaded, item), item, [now, before, abs(change)]):
                continue
            share = f" ({abs(change) / before:.0%})" if before else ""
            direction = "rose" if change > 0 else "fell"
            yield info(
                "trends.unexplained-change",
                f"{item.label} {direction} from {before:,} in {latest.label} to {now:,}{share}, "
                f"but the {item.section} narrative does not mention it; say why "
                f"(for example with {{{{ {item.name} | change(previous.{item.name}) }}}})",
                tuple(item.path),
            )
    stated = loaded.previous_figures
    read = next((e for e in reversed(loaded.earlier) if e.loaded is not None), None)
    if stated is None or read is None or read is not latest:
        return
    for name, value in stated.figures.items():
        actual = read.values.get(name)
        if headline(name) is None or not isinstance(actual, int | float) or actual == value:
            continue
        yield warning(
            "trends.previous-stated",
            f"previous.yaml states {name} for {read.label} as {value:,}, but that period's own data gives {actual:,}",
            ("previous", name),
        )
