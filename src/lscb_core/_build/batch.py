"""Builds and checks in worker processes, bounded in memory and time; many boards in parallel.

Each build runs in a worker process of its own (see :mod:`lscb_core._build.worker`):
with a memory ceiling, a time limit, in a process group of its own, dying
with its parent. The worker reports what it is doing as it goes (the step,
the plugin and section, the narrative), so that a build that runs out of time
or memory is reported by what it was working on. The worker never writes the
report: it sends the document back, and this process writes it once the
result is checked. Nothing is written by a build that is stopped or fails.
"""

from __future__ import annotations

import functools
import gc
import multiprocessing
import multiprocessing.connection
import os
import sys
import time
import warnings
from collections.abc import Callable, Iterable, Mapping
from multiprocessing.connection import Connection
from pathlib import Path
from typing import TYPE_CHECKING, Any

import attrs
import pluggy

from lscb_core._base.errors import in_words
from lscb_core._base.findings import Finding, Level
from lscb_core._base.limits import Limits, OutOfTime, current_limits, limit_text, seconds, use_limits
from lscb_core._build.output import OutputError, write_made
from lscb_core._build.worker import GRACE_SECONDS, Doing, enter_worker, kill_group, quiet_alarm, stop_clock
from lscb_core._model.editions import Edition

if TYPE_CHECKING:
    from lscb_core._render.office import Office, OfficeAddress

__all__ = [
    "DEFAULT_TIMEOUT",
    "BuildOutcome",
    "BuildRequest",
    "CheckOutcome",
    "build_isolated",
    "build_many",
    "check_isolated",
]

DEFAULT_TIMEOUT = Limits().seconds
"""Seconds a build may take before it is stopped (the command line's default too)."""


@attrs.frozen
class BuildRequest:
    """One report to build, with the options of ``lscb build``.

    ``to_stdout`` builds without writing: the document comes back in the
    outcome's ``data`` or ``pdf_data`` (``lscb build -o -`` writes it to standard output).
    """

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
    to_stdout: bool = False


@attrs.frozen
class BuildOutcome:
    """How one build went. ``output``, ``pdf`` and ``html`` are set only when they were written."""

    request: BuildRequest
    ok: bool
    findings: tuple[Finding, ...]
    seconds: float
    output: Path | None = None
    pdf: Path | None = None
    board: str | None = None
    period: str | None = None
    html: Path | None = None
    data: bytes | None = attrs.field(default=None, repr=False)
    pdf_data: bytes | None = attrs.field(default=None, repr=False)
    web: Mapping[str, bytes] | None = attrs.field(default=None, repr=False)
    paths: Mapping[str, Path] = attrs.field(factory=dict)
    """Where each output goes, once the worker has built it (the parent writes them there)."""
    made: Mapping[str, bytes] = attrs.field(factory=dict, repr=False)
    """What the worker made that the next build can reuse (the parent saves it with the outputs)."""

    @property
    def errors(self) -> tuple[Finding, ...]:
        return tuple(f for f in self.findings if f.level is Level.ERROR)

    @property
    def warnings(self) -> tuple[Finding, ...]:
        return tuple(f for f in self.findings if f.level is Level.WARNING)

    @property
    def name(self) -> str:
        return self.board or str(self.request.board_dir)


@attrs.frozen
class CheckOutcome:
    """What checking a board folder in a worker found; ``board`` and ``period`` once it loaded."""

    findings: tuple[Finding, ...]
    board: str | None = None
    period: str | None = None

    @property
    def errors(self) -> tuple[Finding, ...]:
        return tuple(f for f in self.findings if f.level is Level.ERROR)

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def loaded(self) -> bool:
        return self.board is not None

    def count(self, level: Level) -> int:
        return sum(1 for f in self.findings if f.level is level)


def _context() -> Any:
    # fork starts a worker in milliseconds with lscb already imported; elsewhere spawn is the safe default.
    method = "fork" if sys.platform.startswith("linux") else "spawn"
    return multiprocessing.get_context(method)


# --- the worker's side ---------------------------------------------------------------------


def _build_job(
    request: BuildRequest, tell: Callable[[str], None], office: OfficeAddress | None = None
) -> BuildOutcome:
    from lscb_core._build.build import build_report

    _settle()
    started = time.perf_counter()
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
        progress=tell,
        write=False,
    )
    report = result.loaded.report if result.loaded else None
    return BuildOutcome(
        request,
        result.ok,
        result.findings,
        time.perf_counter() - started,
        board=report.board.name if report else None,
        period=report.period.label if report else None,
        data=result.data,
        pdf_data=result.pdf_data,
        web=result.web,
        paths=result.paths,
        made=result.made,
    )


def _settle() -> None:
    """In a worker, once lscb is imported: what the imports made lives as long as the worker does, so
    the cyclic garbage collector (paused while they ran, see :func:`_child`) is started again without
    it, and looks at the rest a little less often.

    A worker does one build or check and ends (within its memory ceiling), so
    this costs no memory that matters, and saves a noticeable share of a
    single build's time.
    """
    gc.freeze()
    gc.set_threshold(_GC_FIRST_GENERATION, *gc.get_threshold()[1:])
    gc.enable()


_GC_FIRST_GENERATION = 10_000
"""Allocations between a worker's collections of its youngest objects (Python's default is 700)."""


@attrs.frozen
class _CheckRequest:
    board_dir: Path
    period: str | None
    block: tuple[str, ...]
    plugins: tuple[str, ...]
    pm: pluggy.PluginManager | None = None
    """The caller's plugin manager, for a forked worker (one started afresh makes its own)."""
    edition: Edition | None = None


def _check_job(request: _CheckRequest, tell: Callable[[str], None]) -> CheckOutcome:
    from lscb_core._build.check import check_board

    _settle()
    tell("loading the board folder")
    result = check_board(
        request.board_dir,
        request.period,
        pm=request.pm,
        block=request.block,
        plugins=request.plugins,
        edition=request.edition,
        progress=tell,
    )
    report = result.loaded.report if result.loaded else None
    return CheckOutcome(
        result.findings, report.board.name if report else None, report.period.label if report else None
    )


def _child(
    job: Callable[[Any, Callable[[str], None]], Any],
    request: Any,
    limits: Limits,
    conn: Connection,
    parent: int,
    lifeline: int | None,
    close: tuple[int, ...],
) -> None:
    """The worker: bound itself, do the job telling the parent what it is doing, send the outcome."""

    def send(kind: str, payload: Any) -> None:
        # The time limit's alarm must not cut a message to the parent in two.
        with quiet_alarm():
            conn.send((kind, payload))

    leave = enter_worker(
        limits,
        parent=parent,
        lifeline=lifeline,
        close=close,
        extend=lambda seconds: send("extend", seconds),
    )
    doing = Doing("getting ready (loading lscb and its plugins)")
    gc.disable()  # while the job imports what it needs; started again by _settle()

    def tell(message: str) -> None:
        doing.hear(message)
        send("progress", message)

    try:
        with use_limits(limits), warnings.catch_warnings(record=True) as caught:
            # What the libraries lscb uses warn about is told to the author as findings, not printed raw.
            warnings.simplefilter("always")
            warnings.simplefilter("ignore", DeprecationWarning)
            warnings.simplefilter("ignore", PendingDeprecationWarning)
            warnings.simplefilter("ignore", ResourceWarning)
            outcome = job(request, tell)
        stop_clock()
        conn.send(("done", _with_warnings(outcome, caught)))
    except OutOfTime as exc:
        stop_clock()
        if exc.doing is None:
            exc.doing = str(doing)
        conn.send(("failed", exc.finding(limits)))
    except MemoryError:
        stop_clock()
        what = "check" if job is _check_job else "build"
        message = f"the {what} needed more memory than it may use while {doing}; {limit_text('memory_bytes', limits)}"
        conn.send(("failed", Finding(level=Level.ERROR, code="build.memory", message=message)))
    except BaseException as exc:  # the parent reports any crash; the worker must not die silently
        stop_clock()
        conn.send(("crash", in_words(exc)))
    finally:
        conn.close()
        leave()


def _with_warnings(outcome: Any, caught: list[warnings.WarningMessage]) -> Any:
    """The outcome with a warning finding for each distinct warning a library gave."""
    seen: dict[str, Finding] = {}
    for message in caught:
        text = str(message.message).strip()
        if text and text not in seen:
            seen[text] = Finding(
                level=Level.WARNING, code="library.warning", message=f"a library lscb uses warned: {text}"
            )
    if not seen or not hasattr(outcome, "findings"):
        return outcome
    return attrs.evolve(outcome, findings=(*outcome.findings, *seen.values()))


# --- the parent's side ---------------------------------------------------------------------


class _Running:
    def __init__(
        self,
        job: Callable[[Any, Callable[[str], None]], Any],
        request: Any,
        limits: Limits,
        others: Iterable[_Running],
        name: str,
    ) -> None:
        context = _context()
        parent, child = context.Pipe(duplex=False)
        lifeline_read, self.lifeline = os.pipe()
        forked = context.get_start_method() == "fork"
        # A forked worker inherits every descriptor of this process: it closes the pipes of the
        # others and this side of its own, so that each pipe closes when its own holder goes.
        close: tuple[int, ...] = ()
        if forked:
            close = (self.lifeline, parent.fileno())
            for other in others:
                close += (other.lifeline, other.conn.fileno())
        self.request = request
        self.what = "check" if job is _check_job else "build"
        self.name = name
        self.limits = limits
        self.conn: Connection = parent
        self.process = context.Process(
            target=_child,
            args=(job, request, limits, child, os.getpid(), lifeline_read if forked else None, close),
            daemon=True,
        )
        self.started = time.monotonic()
        self.deadline = self.started + limits.seconds + GRACE_SECONDS
        self.doing = Doing("getting ready (loading lscb and its plugins)")
        self.outcome: Any = None
        self.failed: Finding | None = None
        if forked:
            # What this process has made so far is moved out of the collector's reach, so that the
            # worker's collections do not touch (and so copy) every page it shares with this process.
            # This process takes it back once the worker is started: a long run (serve, a batch of
            # boards) must still be able to free what it no longer uses.
            gc.freeze()
        try:
            self.process.start()
        finally:
            if forked:
                gc.unfreeze()
        child.close()
        os.close(lifeline_read)

    def fail(self, code: str, message: str) -> None:
        self.failed = Finding(level=Level.ERROR, code=code, message=message)

    def receive(self, on_progress: Callable[[str], None] | None = None) -> None:
        """Read what the worker has said; sets ``outcome`` or ``failed`` when it has finished."""
        try:
            while self.conn.poll():
                kind, payload = self.conn.recv()
                if kind == "progress":
                    self.doing.hear(str(payload))
                    if on_progress is not None and payload:
                        on_progress(str(self.doing))
                elif kind == "extend":
                    self.deadline += float(payload)
                elif kind == "done":
                    self.outcome = payload
                elif kind == "failed":
                    self.failed = payload
                else:
                    self.fail(
                        "build.crashed",
                        f"the {self.what} of {self.name} failed while {self.doing}: {payload}",
                    )
        except Exception:  # the pipe closed (EOFError, OSError) or a message came broken: the worker is gone
            if self.outcome is None and self.failed is None:
                self.process.join(1)
                self.fail("build.crashed", self._death())

    def _death(self) -> str:
        code = self.process.exitcode
        how = f"exit code {code}" if code is not None and code >= 0 else f"signal {-(code or 0)}"
        return (
            f"the {self.what} of {self.name} stopped unexpectedly ({how}) while {self.doing}; "
            f"it may have needed more memory than it may use ({limit_text('memory_bytes', self.limits)})"
        )

    def check_alive(self) -> None:
        if self.outcome is None and self.failed is None and not self.process.is_alive():
            self.receive()
            if self.outcome is None and self.failed is None:
                self.fail("build.crashed", self._death())

    def stop(self) -> None:
        """Stop the worker and all it started, past its time limit."""
        kill_group(self.process.pid or 0)
        self.process.join(5)
        self.fail(
            "build.timeout",
            f"the {self.what} of {self.name} took longer than {seconds(self.limits.seconds)} and was stopped while "
            f"{self.doing}{'; nothing was written' if self.what == 'build' else ''} (--timeout)",
        )

    def close(self) -> None:
        self.conn.close()
        os.close(self.lifeline)
        self.process.join(5)
        # Whatever the worker started and left (a LibreOffice still closing) goes with it.
        if self.process.pid:
            kill_group(self.process.pid)


def warm_up() -> None:
    """Import and prepare in this process what every build needs, so that forked workers start ready."""
    import lscb_core._build.build  # noqa: F401 - docxtpl, python-docx, Jinja, Pillow
    from lscb_core._hooks.manager import make_plugin_manager
    from lscb_core._model.convert import quick_converter
    from lscb_core._model.report import AnnualReport
    from lscb_core._model.settings import Settings

    quick_converter().get_structure_hook(AnnualReport)
    quick_converter().get_structure_hook(Settings)
    make_plugin_manager()
    import openpyxl  # noqa: F401 - read only for boards with spreadsheets, but slow to import in each worker


def _run(
    jobs: list[tuple[Callable[[Any, Callable[[str], None]], Any], Any, str]],
    *,
    parallel: int,
    limits: Limits,
    finish: Callable[[int, _Running], Any],
    on_start: Callable[[int], None] | None = None,
    on_done: Callable[[Any], None] | None = None,
    on_progress: Callable[[int, str], None] | None = None,
) -> list[Any]:
    """Run every job, ``parallel`` at a time, each in a bounded worker; ``finish`` makes each outcome."""
    pending = list(enumerate(jobs))
    pending.reverse()
    outcomes: dict[int, Any] = {}
    running: dict[int, _Running] = {}
    parallel = max(1, parallel)
    try:
        while pending or running:
            while pending and len(running) < parallel:
                index, (job, request, name) = pending.pop()
                if on_start is not None:
                    on_start(index)
                running[index] = _Running(job, request, limits, running.values(), name)
            waits: list[Any] = [r.conn for r in running.values()] + [
                r.process.sentinel for r in running.values()
            ]
            soonest = min(r.deadline for r in running.values())
            multiprocessing.connection.wait(waits, timeout=max(0.0, soonest - time.monotonic()))
            for index, job_running in list(running.items()):
                listen = None if on_progress is None else (lambda doing, i=index: on_progress(i, doing))
                job_running.receive(listen)
                job_running.check_alive()
                done = job_running.outcome is not None or job_running.failed is not None
                if not done and time.monotonic() >= job_running.deadline:
                    job_running.stop()
                    done = True
                if done:
                    job_running.close()
                    outcomes[index] = finish(index, job_running)
                    del running[index]
                    if on_done is not None:
                        on_done(outcomes[index])
    finally:
        for job_running in running.values():  # interrupted (Ctrl-C): stop every worker and what it started
            kill_group(job_running.process.pid or 0)
    return [outcomes[i] for i in sorted(outcomes)]


def _finish_build(job: _Running) -> BuildOutcome:
    """The outcome of a finished build; the outputs are written here, by the parent, once they are checked."""
    request: BuildRequest = job.request
    seconds = time.monotonic() - job.started
    outcome: BuildOutcome | None = job.outcome
    if outcome is None:
        finding = job.failed or Finding(level=Level.ERROR, code="build.crashed", message="the build failed")
        return BuildOutcome(request, False, (finding,), seconds)
    if not outcome.ok or request.to_stdout or not outcome.paths:
        return outcome
    try:
        write_made(
            outcome.paths, data=outcome.data, pdf_data=outcome.pdf_data, web=outcome.web, made=outcome.made
        )
    except OutputError as exc:
        failed = Finding(level=Level.ERROR, code="build.output", message=str(exc))
        return attrs.evolve(
            outcome, ok=False, findings=(*outcome.findings, failed), data=None, pdf_data=None, web=None
        )
    paths = outcome.paths
    return attrs.evolve(
        outcome,
        output=paths.get("docx") or next(iter(paths.values())),
        pdf=paths.get("pdf"),
        html=paths.get("html"),
        data=None,
        pdf_data=None,
        web=None,
        made={},
    )


def build_many(
    requests: Iterable[BuildRequest],
    *,
    jobs: int = 2,
    timeout: float | None = None,
    limits: Limits | None = None,
    on_start: Callable[[BuildRequest], None] | None = None,
    on_done: Callable[[BuildOutcome], None] | None = None,
    on_progress: Callable[[BuildRequest, str], None] | None = None,
    warm: bool = True,
) -> list[BuildOutcome]:
    """Build every request, ``jobs`` at a time, each in its own bounded worker process.

    Each worker is held to ``limits`` (by default those in force; ``timeout``
    sets its time limit in seconds). A build that runs out of time or memory is
    stopped and reported by what it was working on. Outcomes come back in the
    order of ``requests``. With ``warm``, what every build needs is imported
    once, before the workers are forked from this process. ``on_progress``
    hears what each worker is doing as it goes.
    """
    limits = limits or current_limits()
    if timeout is not None:
        limits = limits.evolve(seconds=timeout)
    if warm and _context().get_start_method() == "fork":
        warm_up()
    listed = list(requests)
    # One LibreOffice for every build that needs it, started now so it is ready when they are.
    office = _start_office(listed)
    build = _build_job if office is None else functools.partial(_build_job, office=office.address)
    try:
        return _run(
            [(build, request, str(request.board_dir)) for request in listed],
            parallel=jobs,
            limits=limits,
            finish=lambda _i, job: _finish_build(job),
            on_start=None if on_start is None else (lambda i: on_start(listed[i])),
            on_done=on_done,
            on_progress=None if on_progress is None else (lambda i, doing: on_progress(listed[i], doing)),
        )
    finally:
        if office is not None:
            office.close()


def _start_office(requests: list[BuildRequest]) -> Office | None:
    if not any(r.page_numbers or "pdf" in r.outputs or r.pdf for r in requests):
        return None
    from lscb_core._render.office import Office, office_available

    return Office() if office_available() else None


def build_isolated(
    request: BuildRequest,
    *,
    timeout: float | None = None,
    limits: Limits | None = None,
    on_progress: Callable[[BuildRequest, str], None] | None = None,
) -> BuildOutcome:
    """Build one report in a bounded worker process (see :func:`build_many`)."""
    return build_many([request], jobs=1, timeout=timeout, limits=limits, on_progress=on_progress, warm=False)[
        0
    ]


def check_isolated(
    board_dir: Path,
    period: str | None = None,
    *,
    block: tuple[str, ...] = (),
    plugins: tuple[str, ...] = (),
    edition: Edition | None = None,
    limits: Limits | None = None,
    pm: pluggy.PluginManager | None = None,
) -> CheckOutcome:
    """Check a board folder (narrative templates worked out too) in a worker held to the same limits as a build.

    ``pm`` is used as it is by a forked worker (one started afresh makes its own from ``block`` and ``plugins``).
    """

    def finish(_index: int, job: _Running) -> CheckOutcome:
        if isinstance(job.outcome, CheckOutcome):
            return job.outcome
        failed = job.failed or Finding(level=Level.ERROR, code="check.crashed", message="the check failed")
        return CheckOutcome((failed,))

    forked = _context().get_start_method() == "fork"
    request = _CheckRequest(board_dir, period, block, plugins, pm if forked else None, edition)
    outcomes: list[CheckOutcome] = _run(
        [(_check_job, request, str(board_dir))],
        parallel=1,
        limits=limits or current_limits(),
        finish=finish,
    )
    return outcomes[0]


def default_jobs() -> int:
    """Worker processes to use: one per processor."""
    return max(1, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1))
