"""lscb: a safeguarding board's year, written down once as data, made into its annual report.

The names here are the public API. They are imported when first used, so that
``import lscb_core`` stays quick for the command line.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from lscb_core._base.markers import hookimpl

__version__ = "0.1.0"

__all__ = [
    "AnnualReport",
    "BuildResult",
    "CheckResult",
    "DataSchema",
    "Earlier",
    "Edition",
    "Finding",
    "Level",
    "LoadError",
    "LoadedReport",
    "Location",
    "Markdown",
    "PartialDate",
    "ReportingPeriod",
    "Section",
    "SectionContext",
    "__version__",
    "build_report",
    "check_board",
    "hookimpl",
    "load_report",
    "make_plugin_manager",
]

_WHERE = {
    "AnnualReport": "lscb_core._model.report",
    "BuildResult": "lscb_core._build.build",
    "CheckResult": "lscb_core._build.check",
    "DataSchema": "lscb_core._model.plugin_data",
    "Earlier": "lscb_core._model.loaded",
    "Edition": "lscb_core._model.editions",
    "Finding": "lscb_core._base.findings",
    "Level": "lscb_core._base.findings",
    "LoadError": "lscb_core._base.findings",
    "LoadedReport": "lscb_core._model.loaded",
    "Location": "lscb_core._base.locations",
    "Markdown": "lscb_core._model.text",
    "PartialDate": "lscb_core._model.period",
    "ReportingPeriod": "lscb_core._model.period",
    "Section": "lscb_core._sections.compose",
    "SectionContext": "lscb_core._sections.compose",
    "build_report": "lscb_core._build.build",
    "check_board": "lscb_core._build.check",
    "load_report": "lscb_core._build.session",
    "make_plugin_manager": "lscb_core._hooks.manager",
}

if TYPE_CHECKING:
    from lscb_core._base.findings import Finding, Level, LoadError
    from lscb_core._base.locations import Location
    from lscb_core._build.build import BuildResult, build_report
    from lscb_core._build.check import CheckResult, check_board
    from lscb_core._build.session import load_report
    from lscb_core._hooks.manager import make_plugin_manager
    from lscb_core._model.editions import Edition
    from lscb_core._model.loaded import Earlier, LoadedReport
    from lscb_core._model.period import PartialDate, ReportingPeriod
    from lscb_core._model.plugin_data import DataSchema
    from lscb_core._model.report import AnnualReport
    from lscb_core._model.text import Markdown
    from lscb_core._sections.compose import Section, SectionContext


def __getattr__(name: str) -> Any:
    module = _WHERE.get(name)
    if module is None:
        raise AttributeError(f"module 'lscb_core' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value
