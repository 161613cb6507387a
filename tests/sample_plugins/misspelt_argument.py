"""A plugin whose hook asks for an argument the hook does not have."""

from __future__ import annotations

from lscb_core.plugin import Finding, hookimpl


@hookimpl
def lscb_check(loadded: object) -> list[Finding]:
    return []
