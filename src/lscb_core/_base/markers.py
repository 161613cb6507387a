"""The pluggy markers of the ``lscb`` project: ``hookimpl`` for plugins, ``hookspec`` for lscb's own specifications."""

from __future__ import annotations

import pluggy

__all__ = ["PROJECT", "hookimpl", "hookspec"]

PROJECT = "lscb"
"""The pluggy project name, which is also the entry-point group plugins are installed under."""

hookspec = pluggy.HookspecMarker(PROJECT)
"""Marks lscb's own hook specifications (in ``lscb_core._hooks.specs``)."""

hookimpl = pluggy.HookimplMarker(PROJECT)
"""Marks a plugin's hook implementation: ``@hookimpl`` (or ``@hookimpl(tryfirst=True)``, ``@hookimpl(wrapper=True)``)."""
