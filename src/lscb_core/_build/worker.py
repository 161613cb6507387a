"""A worker process that cannot outlive or outgrow its build.

Each build (and each check) runs in a worker process of its own, which:

- leads a process group of its own, so that stopping the group stops
  everything the build started (LibreOffice with it);
- dies with its parent: on Linux the kernel sends it ``SIGKILL`` when the
  parent dies (``PR_SET_PDEATHSIG``), and everywhere a small guardian process
  in the group waits on a pipe from the parent and, when the pipe closes
  because the parent has gone, kills the whole group;
- has a memory ceiling (``RLIMIT_AS``), so that running out of memory is a
  ``MemoryError`` at the place that asked for too much, not a machine
  brought to its knees; LibreOffice is started outside it;
- has a time limit: an alarm raises :class:`OutOfTime` in the build itself,
  so that the place that was running (a narrative template, a section) is
  named. The parent also stops the group a little after the limit, for a
  worker stuck where the alarm cannot reach.

The parent hears what the worker is doing as it goes, and the worker never
writes the report: it sends the document back, and the parent writes it.
"""

from __future__ import annotations

import contextlib
import os
import select
import signal
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from lscb_core._base.limits import Limits, OutOfTime, current_limits, set_outside_work
from lscb_core._base.processes import die_with_parent, office_child

__all__ = ["GRACE_SECONDS", "Doing", "enter_worker", "kill_group"]

GRACE_SECONDS = 5.0
"""How long after its time limit the parent waits for a worker to stop itself before stopping it."""


class Doing:
    """What a build is doing, from its progress messages: the step, plugin and section, or the narrative.

    A message starting ``working out the narrative`` is a detail within the
    current step; an empty message ends the detail.
    """

    def __init__(self, start: str = "starting") -> None:
        self.step = start
        self.detail: str | None = None

    def hear(self, message: str) -> None:
        if not message:
            self.detail = None
        elif message.startswith("working out the narrative"):
            self.detail = message
        else:
            self.step, self.detail = message, None

    def __str__(self) -> str:
        return self.detail or self.step


def _die_with_parent(parent: int) -> None:
    """Ask Linux to kill this process when its parent dies (best effort elsewhere: the guardian)."""
    die_with_parent()
    if os.getppid() != parent:  # the parent died before the request took effect
        os._exit(1)


def _start_guardian(lifeline: int) -> Callable[[], None]:
    """Fork a guardian that kills this process group when the parent's lifeline pipe closes.

    It also ends, quietly, when the worker ends (its own pipe from the worker
    closes). Gives what the worker calls as it ends: it lets the guardian go
    and waits for it, so that no orphan is left.
    """
    worker_alive, worker_end = os.pipe()
    group = os.getpgid(0)
    guardian = os.fork()
    if guardian == 0:  # the guardian
        try:
            os.close(worker_end)
            for fd in _open_fds():
                if fd not in (lifeline, worker_alive, 0, 1, 2):
                    with contextlib.suppress(OSError):
                        os.close(fd)
            while True:
                ready, _, _ = select.select([lifeline, worker_alive], [], [])
                if worker_alive in ready and not os.read(worker_alive, 1):
                    os._exit(0)  # the worker has ended: nothing to guard
                if lifeline in ready and not os.read(lifeline, 1):
                    os.killpg(group, signal.SIGKILL)  # the parent has gone: stop the whole build
                    os._exit(0)
        finally:
            os._exit(0)
    os.close(worker_alive)

    def let_go() -> None:
        with contextlib.suppress(OSError):
            os.close(worker_end)
        deadline = time.monotonic() + 2
        while time.monotonic() < deadline:
            try:
                if os.waitpid(guardian, os.WNOHANG)[0]:
                    return
            except ChildProcessError:
                return
            time.sleep(0.005)

    return let_go


def _open_fds() -> list[int]:
    try:
        return [int(entry.name) for entry in Path("/proc/self/fd").iterdir()]
    except OSError:
        return list(range(3, 256))


def _memory_ceiling(limit: int) -> None:
    """Set the worker's memory ceiling; the hard limit stays, so LibreOffice can be started above it."""
    with contextlib.suppress(ImportError, ValueError, OSError):
        import resource

        _soft, hard = resource.getrlimit(resource.RLIMIT_AS)
        if hard == resource.RLIM_INFINITY or limit < hard:
            resource.setrlimit(resource.RLIMIT_AS, (limit, hard))


def _on_alarm(_signum: int, _frame: Any) -> None:
    raise OutOfTime()


def enter_worker(
    limits: Limits,
    *,
    parent: int,
    lifeline: int | None,
    close: tuple[int, ...],
    extend: Callable[[float], None],
) -> Callable[[], None]:
    """Make this freshly started process a bounded worker (see the module's documentation).

    ``lifeline`` is the reading end of a pipe the parent holds open; ``close``
    lists descriptors inherited from the parent that this worker must not
    hold (other workers' pipes). ``extend`` tells the parent that the worker
    is about to spend up to so many seconds outside its time limit (in LibreOffice).
    Gives what the worker calls as it ends.
    """
    for fd in close:
        with contextlib.suppress(OSError):
            os.close(fd)
    if hasattr(os, "setpgid"):
        with contextlib.suppress(OSError):
            os.setpgid(0, 0)
    _die_with_parent(parent)
    leave: Callable[[], None] = lambda: None  # noqa: E731
    if lifeline is not None:
        leave = _start_guardian(lifeline)
        os.close(lifeline)
    _memory_ceiling(limits.memory_bytes)
    if hasattr(signal, "setitimer"):  # elsewhere the parent's deadline alone stops a worker that runs on
        signal.signal(signal.SIGALRM, _on_alarm)
        signal.setitimer(signal.ITIMER_REAL, limits.seconds)
    set_outside_work(_outside(extend))
    return leave


def stop_clock() -> None:
    """Stop the worker's time limit (its work is done)."""
    if hasattr(signal, "setitimer"):
        signal.setitimer(signal.ITIMER_REAL, 0)


@contextlib.contextmanager
def quiet_alarm() -> Iterator[None]:
    """Hold back the time limit's alarm for a moment (it is raised as soon as this ends)."""
    if not hasattr(signal, "pthread_sigmask"):
        yield
        return
    signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGALRM})
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGALRM})


def _outside(
    extend: Callable[[float], None],
) -> Callable[[float], contextlib.AbstractContextManager[Callable[[], None] | None]]:
    """Work done outside the worker's limits (LibreOffice): the clock paused, the parent told, no ceiling."""

    @contextlib.contextmanager
    def outside(seconds: float) -> Iterator[Callable[[], None] | None]:
        if not hasattr(signal, "setitimer"):
            yield None
            return
        left, _interval = signal.setitimer(signal.ITIMER_REAL, 0)
        extend(seconds)
        started = time.monotonic()
        try:
            yield office_child(current_limits().libreoffice_memory_bytes)
        finally:
            extend(-(seconds - (time.monotonic() - started)))
            signal.setitimer(signal.ITIMER_REAL, max(left, 0.001))

    return outside


def kill_group(pid: int) -> None:
    """Stop a worker and everything it started (its process group)."""
    if not pid:
        return
    if hasattr(os, "killpg"):
        with contextlib.suppress(OSError):
            os.killpg(pid, signal.SIGKILL)
    with contextlib.suppress(OSError):
        os.kill(pid, getattr(signal, "SIGKILL", signal.SIGTERM))
