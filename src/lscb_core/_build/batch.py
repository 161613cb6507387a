"""Builds in worker processes: a build that hangs is stopped, and many boards build in parallel.

Each build runs in a child process of its own. The child reports what it is
doing as it goes (the step, the plugin and the section), so that when a build
takes longer than the time allowed it can be stopped and reported by what it
was working on. Nothing is written by a build that is stopped or fails.
"""

from __future__ import annotations

import multiprocessing
import multiprocessing.connection
import os
import sys
import time
import traceback
from collections.abc import Callable, Iterable
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

import attrs

from lscb_core._model.editions import Edition
from lscb_core._base.findings import Finding, Level, error

__all__ = ["DEFAULT_TIMEOUT", "BuildOutcome", "BuildRequest", "build_isolated", "build_many"]

DEFAULT_TIMEOUT = 600.0
"""Seconds a build may take before it is stopped (the command line's default too)."""


@attrs.frozen
class BuildRequest:
    """One report to build, with the options of ``lscb build``."""

    board_dir: Path
    period: str | None = None
    output: Path | None = None
    edition: Edition = Edition.PUBLIC
    pdf: bool = False
    block: tuple[str, ...] = ()
    audit_gate: bool = True
    annexes: frozenset[str] = frozenset()
    plugins: tuple[str, ...] = ()
    outputs: tuple[str, ...] = ("docx",)
    page_numbers: bool = False
    preview: bool = False


@attrs.frozen
class BuildOutcome:
    """How one build went. ``output`` is set only when the report was written."""

    request: BuildRequest
    ok: bool
    findings: tuple[Finding, ...]
    seconds: float
    output: Path | None = None
    pdf: Path | None = None
    board: str | None = None
    period: str | None = None
    html: Path | None = None

    @property
    def errors(self) -> tuple[Finding, ...]:
        return tuple(f for f in self.findings if f.level is Level.ERROR)

    @property
    def warnings(self) -> tuple[Finding, ...]:
        return tuple(f for f in self.findings if f.level is Level.WARNING)

    @property
    def name(self) -> str:
        return self.board or str(self.request.board_dir)


def _context() -> Any:
    # fork starts a worker in milliseconds with lscb already imported; elsewhere spawn is the safe default.
    method = "fork" if sys.platform.startswith("linux") else "spawn"
    return multiprocessing.get_context(method)


def _child(request: BuildRequest, conn: Connection, office: Any = None) -> None:
    """The worker: build, telling the parent what it is doing, then send the outcome."""
    from lscb_core._build.build import build_report

    started = time.perf_counter()
    try:
        result = build_report(
            request.board_dir,
            request.period,
            output=request.output,
            edition=request.edition,
            pdf=request.pdf,
            block=request.block,
            plugins=request.plugins,
            audit_gate=request.audit_gate,
            annexes=request.annexes,
            outputs=request.outputs,
            page_numbers=request.page_numbers,
            preview=request.preview,
            office=office,
            progress=lambda message: conn.send(("progress", message)),
        )
        report = result.loaded.report if result.loaded else None
        conn.send(
            (
                "done",
                BuildOutcome(
                    request,
                    result.ok,
                    result.findings,
                    time.perf_counter() - started,
                    result.output,
                    result.pdf,
                    report.board.name if report else None,
                    report.period.label if report else None,
                    result.html,
                ),
            )
        )
    except BaseException as exc:  # the parent reports any crash; the worker must not die silently
        conn.send(("crash", f"{type(exc).__name__}: {exc}\n{traceback.format_exc(limit=6)}"))
    finally:
        conn.close()


class _Running:
    def __init__(self, request: BuildRequest, timeout: float, office: Any = None) -> None:
        parent, child = _context().Pipe(duplex=False)
        self.request = request
        self.conn = parent
        self.process = _context().Process(target=_child, args=(request, child, office), daemon=True)
        self.started = time.monotonic()
        self.deadline = self.started + timeout
        self.timeout = timeout
        self.doing = "starting"
        self.outcome: BuildOutcome | None = None
        self.process.start()
        child.close()

    def failure(self, code: str, message: str) -> BuildOutcome:
        return BuildOutcome(self.request, False, (error(code, message),), time.monotonic() - self.started)

    def receive(self, on_progress: Callable[[BuildRequest, str], None] | None = None) -> None:
        """Read what the worker has said; sets ``outcome`` when it has finished."""
        try:
            while self.conn.poll():
                kind, payload = self.conn.recv()
                if kind == "progress":
                    self.doing = str(payload)
                    if on_progress is not None:
                        on_progress(self.request, self.doing)
                elif kind == "done":
                    self.outcome = payload
                else:
                    self.outcome = self.failure(
                        "build.crashed",
                        f"the build of {self.request.board_dir} crashed while {self.doing}: {payload}",
                    )
        except (EOFError, OSError):
            if self.outcome is None:
                self.process.join(1)
                code = self.process.exitcode
                self.outcome = self.failure(
                    "build.crashed",
                    f"the build of {self.request.board_dir} stopped unexpectedly (exit code {code}) while {self.doing}",
                )

    def stop(self) -> None:
        self.process.terminate()
        self.process.join(5)
        if self.process.is_alive():
            self.process.kill()
            self.process.join()
        self.outcome = self.failure(
            "build.timeout",
            f"the build of {self.request.board_dir} took longer than {self.timeout:g} seconds and was stopped while {self.doing}; nothing was written",
        )

    def close(self) -> None:
        self.conn.close()
        if self.process.is_alive():
            self.process.join(5)


def warm_up() -> None:
    """Import and prepare in this process what every build needs, so that forked workers start ready."""
    import lscb_core._build.build  # noqa: F401 - docxtpl, python-docx, Jinja, Pillow
    from lscb_core._model.convert import converter
    from lscb_core._hooks.manager import make_plugin_manager
    from lscb_core._model.report import AnnualReport
    from lscb_core._model.settings import Settings

    converter().get_structure_hook(AnnualReport)
    converter().get_structure_hook(Settings)
    make_plugin_manager()
    import openpyxl  # noqa: F401 - read only for boards with spreadsheets, but slow to import in each worker


def build_many(
    requests: Iterable[BuildRequest],
    *,
    jobs: int = 2,
    timeout: float = DEFAULT_TIMEOUT,
    on_start: Callable[[BuildRequest], None] | None = None,
    on_done: Callable[[BuildOutcome], None] | None = None,
    on_progress: Callable[[BuildRequest, str], None] | None = None,
    warm: bool = True,
) -> list[BuildOutcome]:
    """Build every request, ``jobs`` at a time, each in its own worker process.

    A build that takes longer than ``timeout`` seconds is stopped and reported
    by what it was working on. Outcomes come back in the order of ``requests``.
    With ``warm``, what every build needs is imported once, before the workers
    are forked from this process. ``on_progress`` hears what each worker is
    doing as it goes.
    """
    if warm and _context().get_start_method() == "fork":
        warm_up()
    pending = list(enumerate(requests))
    # One LibreOffice for every build that needs it, started now so it is ready when they are.
    office = _start_office([r for _, r in pending])
    try:
        return _run(pending, jobs, timeout, office, on_start, on_done, on_progress)
    finally:
        if office is not None:
            office.close()


def _start_office(requests: list[BuildRequest]) -> Any:
    from lscb_core._render.office import Office, office_available

    if any(r.page_numbers or "pdf" in r.outputs or r.pdf for r in requests) and office_available():
        return Office()
    return None


def _run(
    pending: list[tuple[int, BuildRequest]],
    jobs: int,
    timeout: float,
    office: Any,
    on_start: Callable[[BuildRequest], None] | None,
    on_done: Callable[[BuildOutcome], None] | None,
    on_progress: Callable[[BuildRequest, str], None] | None,
) -> list[BuildOutcome]:
    address = office.address if office is not None else None
    pending.reverse()
    outcomes: dict[int, BuildOutcome] = {}
    running: dict[int, _Running] = {}
    jobs = max(1, jobs)
    while pending or running:
        while pending and len(running) < jobs:
            index, request = pending.pop()
            if on_start is not None:
                on_start(request)
            running[index] = _Running(request, timeout, address)
        waits: list[Any] = [r.conn for r in running.values()] + [r.process.sentinel for r in running.values()]
        soonest = min(r.deadline for r in running.values())
        multiprocessing.connection.wait(waits, timeout=max(0.0, soonest - time.monotonic()))
        for index, job in list(running.items()):
            job.receive(on_progress)
            if job.outcome is None and not job.process.is_alive():
                job.receive()
                if job.outcome is None:
                    job.outcome = job.failure(
                        "build.crashed",
                        f"the build of {job.request.board_dir} stopped unexpectedly while {job.doing}",
                    )
            if job.outcome is None and time.monotonic() >= job.deadline:
                job.stop()
            if job.outcome is not None:
                job.close()
                outcomes[index] = job.outcome
                del running[index]
                if on_done is not None:
                    on_done(job.outcome)
    return [outcomes[i] for i in sorted(outcomes)]


def build_isolated(
    request: BuildRequest,
    *,
    timeout: float = DEFAULT_TIMEOUT,
    on_progress: Callable[[BuildRequest, str], None] | None = None,
) -> BuildOutcome:
    """Build one report in a worker process that is stopped after ``timeout`` seconds."""
    return build_many([request], jobs=1, timeout=timeout, on_progress=on_progress, warm=False)[0]


def default_jobs() -> int:
    """Worker processes to use: one per processor."""
    return max(1, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1))
