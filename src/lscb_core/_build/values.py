"""The values the master template and the narrative can use (kept apart from the renderer, so checks stay light)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import attrs
import pluggy

from lscb_core._base.errors import FindingError
from lscb_core._base.findings import Level
from lscb_core._hooks.contributions import Plugins
from lscb_core._model.editions import Edition
from lscb_core._model.loaded import LoadedReport
from lscb_core._model.trends import HEADLINES, local_headlines
from lscb_core._render.furniture import fit_footer_title

__all__ = ["earlier_values", "template_values"]


def earlier_values(view: LoadedReport) -> dict[str, Any]:
    """``previous``, ``previous_period`` and ``earlier``: the earlier periods' headline figures by name.

    ``previous`` is the latest earlier period's figures (``previous.cdop.reviews``),
    ``previous_period`` its label, and ``earlier`` every earlier period, oldest
    first, as ``label`` and ``figures``. A figure the earlier period does not
    have is None (it prints as nothing); a hidden one is a ``Suppressed``.
    """

    def tree(values: Mapping[str, Any]) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for item in (*HEADLINES, *local_headlines(view.report)):
            node = out
            *parents, last = item.path
            for part in parents:
                node = node.setdefault(part, {})
            node[last] = values.get(item.name)
        return out

    latest = view.earlier[-1] if view.earlier else None
    return {
        "previous": tree(latest.values if latest is not None else {}),
        "previous_period": latest.label if latest is not None else None,
        "earlier": [{"label": e.label, "figures": tree(e.values)} for e in view.earlier],
    }


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
        footer_title=fit_footer_title(
            [report.full_title, f"{report.board.short_name} {report.report_title}"]
        ),
        report_name=report.name,
        child_death_review=report.cdop,
        period_long=report.period.long_label,
        period_label=report.period.label,
        edition=edition.value,
        edition_notice=edition.notice,
        header_notice=edition.notice,
        **earlier_values(view),
    )
    uses = plugins if isinstance(plugins, Plugins) else Plugins(plugins)
    extra, problems = uses.template_context(view, edition.value)
    for finding in problems:
        if finding.level is Level.ERROR:
            raise FindingError(finding)
    values.update(extra)
    return values
