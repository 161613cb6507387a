"""The built-in checks, each module a default plugin implementing ``lscb_check``."""

from __future__ import annotations

from collections.abc import Callable, Iterator

from lscb_core._base.findings import Finding, Level
from lscb_core._base.locations import DataPath

__all__ = ["error", "info", "money", "stated_total", "warning"]


def error(code: str, message: str, path: DataPath | None = None) -> Finding:
    return Finding(level=Level.ERROR, code=code, message=message, path=path)


def warning(code: str, message: str, path: DataPath | None = None) -> Finding:
    return Finding(level=Level.WARNING, code=code, message=message, path=path)


def info(code: str, message: str, path: DataPath | None = None) -> Finding:
    return Finding(level=Level.INFO, code=code, message=message, path=path)


def money(amount: int) -> str:
    """``£331,724``; ``-£23,274`` for a negative amount."""
    return f"-£{-amount:,}" if amount < 0 else f"£{amount:,}"


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
    two figures go (written by ``show``).
    """
    if computed is not None and stated is not None and computed != stated:
        yield warning(code, says.format(computed=show(computed), stated=show(stated)), path)
