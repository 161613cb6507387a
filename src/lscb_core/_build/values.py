"""The values the master template and the narrative can use (kept apart from the renderer, so checks stay light)."""

from __future__ import annotations

from typing import Any

import attrs
import pluggy

from lscb_core._base.errors import FindingError
from lscb_core._base.findings import Level
from lscb_core._hooks.contributions import Plugins
from lscb_core._model.editions import Edition
from lscb_core._model.loaded import LoadedReport
from lscb_core._render.furniture import fit_footer_title

__all__ = ["template_values"]


def template_values(
    view: LoadedReport, edition: Edition, plugins: Plugins | pluggy.PluginManager
) -> dict[str, Any]:
    """The values the master template and the narrative can use: the edition's view, never the data as loaded.

    Raises :class:`FindingError` when a plugin fails.
    """
    report = view.report
    values: dict[str, Any] = {field.name: getattr(report, field.name) for field in attrs.fields(type(report))}
    values.update(
        report=report,
        plugins=view.plugin_data,
        board_name=report.board.name,
        report_title=report.report_title,
        full_title=report.full_title,
        footer_title=fit_footer_title([report.full_title, f"{report.board.short_name} {report.report_title}"]),
        report_name=report.name,
        child_death_review=report.cdop,
        period_long=report.period.long_label,
        period_label=report.period.label,
        edition=edition.value,
        edition_notice=edition.notice,
        header_notice=edition.notice,
    )
    uses = plugins if isinstance(plugins, Plugins) else Plugins(plugins)
    extra, problems = uses.template_context(view, edition.value)
    for finding in problems:
        if finding.level is Level.ERROR:
            raise FindingError(finding)
    values.update(extra)
    return values
