"""lscb: a safeguarding board's year, written down once as data, made into its annual report.

The names here are the public API. They are imported when first used, so that
``import lscb_core`` stays quick for the command line.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from lscb_core.hookspecs import hookimpl

__version__ = "0.1.0"

__all__ = [
    "AnnualReport",
    "BuildResult",
    "CheckResult",
    "DataSchema",
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
    "AnnualReport": "lscb_core.report",
    "BuildResult": "lscb_core.build",
    "CheckResult": "lscb_core.checking",
    "DataSchema": "lscb_core.plugindata",
    "Edition": "lscb_core.editions",
    "Finding": "lscb_core.findings",
    "Level": "lscb_core.findings",
    "LoadError": "lscb_core.findings",
    "LoadedReport": "lscb_core.loading.folder",
    "Location": "lscb_core.source",
    "Markdown": "lscb_core.narrative",
    "PartialDate": "lscb_core.period",
    "ReportingPeriod": "lscb_core.period",
    "Section": "lscb_core.sections",
    "SectionContext": "lscb_core.sections",
    "build_report": "lscb_core.build",
    "check_board": "lscb_core.checking",
    "load_report": "lscb_core.loading.folder",
    "make_plugin_manager": "lscb_core.plugins",
}

if TYPE_CHECKING:
    from lscb_core.build import BuildResult, build_report
    from lscb_core.checking import CheckResult, check_board
    from lscb_core.editions import Edition
    from lscb_core.findings import Finding, Level, LoadError
    from lscb_core.loading.folder import LoadedReport, load_report
    from lscb_core.narrative import Markdown
    from lscb_core.period import PartialDate, ReportingPeriod
    from lscb_core.plugindata import DataSchema
    from lscb_core.plugins import make_plugin_manager
    from lscb_core.report import AnnualReport
    from lscb_core.sections import Section, SectionContext
    from lscb_core.source import Location


def __getattr__(name: str) -> Any:
    module = _WHERE.get(name)
    if module is None:
        raise AttributeError(f"module 'lscb_core' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value
