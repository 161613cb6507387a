"""What a process lscb starts needs from the operating system: dying with its parent, memory limits of its own."""

from __future__ import annotations

import contextlib
import signal
import sys
from collections.abc import Callable

__all__ = ["die_with_parent", "office_child", "office_memory"]

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


def office_memory(data_bytes: int) -> None:
    """Memory limits for LibreOffice, run in its process before it starts.

    A worker's ceiling on its address space (``RLIMIT_AS``) is lifted to its
    hard limit, because LibreOffice reserves far more address space than it
    uses. Its data (heap and private memory, ``RLIMIT_DATA``) is held to
    ``data_bytes`` instead, so that a document that makes LibreOffice grow
    without end stops it rather than the machine.
    """
    with contextlib.suppress(ImportError, ValueError, OSError):
        import resource

        _soft, hard = resource.getrlimit(resource.RLIMIT_AS)
        resource.setrlimit(resource.RLIMIT_AS, (hard, hard))
        _soft, hard = resource.getrlimit(resource.RLIMIT_DATA)
        if hard == resource.RLIM_INFINITY or data_bytes < hard:
            resource.setrlimit(resource.RLIMIT_DATA, (data_bytes, hard))


def office_child(data_bytes: int) -> Callable[[], None]:
    """What runs in LibreOffice's process before it starts (a ``preexec_fn``, so only system calls):
    its memory limits (see :func:`office_memory`), and dying with the process that started it."""

    def prepare() -> None:
        office_memory(data_bytes)
        die_with_parent()

    return prepare
