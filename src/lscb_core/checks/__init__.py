"""The built-in checks, each module a default plugin implementing ``lscb_check``."""

from __future__ import annotations

from lscb_core.findings import Finding, Level
from lscb_core.source import DataPath

__all__ = ["error", "info", "money", "warning"]


def error(code: str, message: str, path: DataPath | None = None) -> Finding:
    return Finding(level=Level.ERROR, code=code, message=message, path=path)


def warning(code: str, message: str, path: DataPath | None = None) -> Finding:
    return Finding(level=Level.WARNING, code=code, message=message, path=path)


def info(code: str, message: str, path: DataPath | None = None) -> Finding:
    return Finding(level=Level.INFO, code=code, message=message, path=path)


def money(amount: int) -> str:
    """``£331,724``; ``-£23,274`` for a negative amount."""
    return f"-£{-amount:,}" if amount < 0 else f"£{amount:,}"
