"""The values and filters narrative templates and the master template see (light: no rendering imports)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import attrs
import pluggy

from lscb_core._model.editions import Edition
from lscb_core._model.loaded import LoadedReport

__all__ = ["narrative_filters", "template_values"]


def template_values(loaded: LoadedReport, edition: Edition, pm: pluggy.PluginManager) -> dict[str, Any]:
    """The values the master template and the narrative can use."""
    report = loaded.report
    values: dict[str, Any] = {field.name: getattr(report, field.name) for field in attrs.fields(type(report))}
    values.update(
        report=report,
        plugins=loaded.plugin_data,
        board_name=report.board.name,
        report_title=report.report_title,
        full_title=report.full_title,
        period_long=report.period.long_label,
        period_label=report.period.label,
        edition=edition.value,
        edition_notice=edition.notice,
        header_notice=edition.notice,
    )
    for extra in pm.hook.lscb_template_context(loaded=loaded, edition=edition.value):
        if extra:
            values.update(extra)
    return values


def narrative_filters(pm: pluggy.PluginManager) -> dict[str, Callable[..., Any]]:
    filters: dict[str, Callable[..., Any]] = {}
    for extra in reversed(pm.hook.lscb_jinja_filters()):
        filters.update(extra or {})
    return filters
