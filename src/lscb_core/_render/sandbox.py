"""The sandbox every template runs in: no Python internals, no files, and no giant results."""

from __future__ import annotations

from typing import Any

from jinja2.exceptions import SecurityError
from jinja2.runtime import Context
from jinja2.sandbox import SandboxedEnvironment

__all__ = ["MAX_RESULT", "ReportSandbox"]

MAX_RESULT = 1_000_000
"""The most characters or items one ``*`` in a template may make, and the largest power ``**`` may raise to."""


class ReportSandbox(SandboxedEnvironment):
    """Jinja's sandbox, also refusing ``'a' * 10**9`` and ``10 ** 10**9``, which would exhaust memory or time."""

    intercepted_binops = frozenset({"*", "**"})

    def call_binop(self, context: Context, operator: str, left: Any, right: Any) -> Any:
        if operator == "*":
            for sequence, times in ((left, right), (right, left)):
                if (
                    isinstance(sequence, str | bytes | list | tuple)
                    and isinstance(times, int)
                    and len(sequence) * times > MAX_RESULT
                ):
                    raise SecurityError(
                        f"repeating something {times:,} times would make a result too large for a report"
                    )
        if (
            operator == "**"
            and isinstance(right, int)
            and isinstance(left, int)
            and abs(left) > 1
            and right > 1000
        ):
            raise SecurityError(f"raising to the power {right:,} would make a number too large for a report")
        return super().call_binop(context, operator, left, right)
