"""What a process lscb starts needs from the operating system: dying with its parent, no memory ceiling."""

from __future__ import annotations

import contextlib
import signal
import sys

__all__ = ["die_with_parent", "lift_memory_ceiling"]

_PR_SET_PDEATHSIG = 1


def die_with_parent() -> None:
    """Ask Linux to send this process ``SIGKILL`` when its parent dies (elsewhere, nothing happens).

    ``prctl`` is looked up among the symbols already loaded into Python (the C
    library it runs on), not found by name: ``ctypes.util.find_library``
    starts ``ldconfig`` each time, which costs a single build more than the
    call itself.
    """
    if not sys.platform.startswith("linux"):
        return
    with contextlib.suppress(OSError, AttributeError, ImportError):
        import ctypes

        ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)


def lift_memory_ceiling() -> None:
    """Raise this process's memory ceiling (``RLIMIT_AS``) to its hard limit (a worker's child, LibreOffice)."""
    with contextlib.suppress(ImportError, ValueError, OSError):
        import resource

        _soft, hard = resource.getrlimit(resource.RLIMIT_AS)
        resource.setrlimit(resource.RLIMIT_AS, (hard, hard))
