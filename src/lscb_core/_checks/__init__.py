"""The built-in checks, each module a default plugin implementing ``lscb_check``."""

from __future__ import annotations

from collections.abc import Callable, Iterator

from lscb_core._base.findings import Finding, error, info, warning
from lscb_core._base.locations import DataPath

__all__ = ["error", "info", "literal", "stated_total", "warning"]


def literal(text: str) -> str:
    """Text from the data, safe inside the words of :func:`stated_total` (its braces doubled)."""
    return text.replace("{", "{{").replace("}", "}}")


def stated_total(
    code: str,
    path: DataPath,
    computed: int | None,
    stated: int | None,
    says: str,
    show: Callable[[int], str] = lambda n: f"{n:,}",
) -> Iterator[Finding]:
    """A warning when a figure the report states differs from the one worked out from its parts.

    ``says`` words the finding, with ``{computed}`` and ``{stated}`` where the
    two figures go (written by ``show``); text from the data in it goes
    through :func:`literal`.
    """
    if computed is not None and stated is not None and computed != stated:
        yield warning(code, says.format(computed=show(computed), stated=show(stated)), path)
