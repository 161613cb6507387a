"""The hooks through which plugins extend lscb. Their docstrings are the plugin author's reference.

A plugin is a module or object with functions named after these hooks and
marked with :data:`lscb_core.hookimpl`. Install it as a distribution with an
entry point in the ``lscb`` group, or register it on a plugin manager made by
:func:`lscb_core.make_plugin_manager`. The built-in checks are plugins of
exactly this kind.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

import pluggy

if TYPE_CHECKING:
    from lscb_core.findings import Finding
    from lscb_core.loading.folder import LoadedReport
    from lscb_core.plugindata import DataSchema

__all__ = ["hookimpl", "hookspec"]

hookspec = pluggy.HookspecMarker("lscb")
hookimpl = pluggy.HookimplMarker("lscb")


# --- data a board folder may hold --------------------------------------------------


@hookspec
def lscb_data_schemas() -> Iterable[DataSchema]:
    """Declare the typed data this plugin reads from a board folder.

    Return :class:`lscb_core.DataSchema` objects. Each names a folder under
    the period's ``plugins/`` folder and, for each YAML file in it, the attrs
    class its content is read as. The loader validates it with the same
    ``file:line:col`` errors as the core data, and hands the result to every
    hook as ``loaded.plugin_data[folder][file stem]``. Data under ``plugins/``
    that no installed plugin claims is a warning, and is left out.
    """
    raise NotImplementedError


# --- checks ------------------------------------------------------------------------


@hookspec
def lscb_check(loaded: LoadedReport) -> Iterable[Finding] | None:
    """Look at a loaded report and say what is wrong with it.

    ``loaded.report`` is the typed :class:`lscb_core.AnnualReport`;
    ``loaded.plugin_data`` the plugins' data; ``loaded.settings`` the board's
    settings. Return :class:`lscb_core.Finding` objects (or ``None``) with a
    stable ``code`` and the data ``path`` they concern; the location in the
    board folder is filled in from the path. Level ``ERROR`` only for data that
    is impossible; ``WARNING`` for what makes the report inconsistent or
    unpublishable; ``INFO`` for what is merely worth knowing.
    """
    raise NotImplementedError
