"""Every limit on what one build may read, make and use, in one place.

A board folder may come from anyone, so each build is bounded: the size of
each file, what a spreadsheet or template unpacks to, what a YAML file
expands to through its aliases, rows and cells per table, picture pixels,
Markdown nesting, what a narrative template makes, and the memory and time
of the build's worker. The defaults fit every real report (a 10,000-row
table, 150 boards in a batch); a board raises those it may legitimately need
more of in ``settings.yaml`` under ``limits:`` (see :data:`SETTINGS`), and
tests lower them with :func:`use_limits`.
"""

from __future__ import annotations

import contextlib
import contextvars
from collections.abc import Callable, Iterator, Mapping
from contextlib import AbstractContextManager

import attrs

from lscb_core._base.findings import Finding, Level
from lscb_core._base.locations import Location

__all__ = [
    "LIMITS",
    "SETTINGS",
    "LimitError",
    "Limits",
    "OutOfTime",
    "current_limits",
    "describe_size",
    "limit_finding",
    "limits_markdown",
    "outside_work",
    "set_outside_work",
    "use_limits",
]

MIB = 1024 * 1024


@attrs.frozen(kw_only=True)
class Limits:
    """What one build may read, make and use. See :data:`LIMITS` for what each means."""

    file_bytes: int = 20 * MIB
    unpacked_bytes: int = 100 * MIB
    unpacked_ratio: int = 100
    yaml_values: int = 200_000
    yaml_characters: int = 20_000_000
    value_characters: int = 1_000_000
    table_rows: int = 100_000
    table_cells: int = 2_000_000
    picture_pixels: int = 50_000_000
    markdown_depth: int = 100
    list_depth: int = 9
    quote_depth: int = 5
    narrative_characters: int = 2_000_000
    template_characters: int = 1_000_000
    memory_bytes: int = 2048 * MIB
    seconds: float = 120.0
    libreoffice_seconds: float = 300.0
    libreoffice_memory_bytes: int = 2048 * MIB

    def evolve(self, **changes: int | float) -> Limits:
        return attrs.evolve(self, **changes)  # type: ignore[arg-type]


@attrs.frozen
class LimitInfo:
    """What a limit bounds, how it is written in findings, and how a board or the command line raises it."""

    field: str
    what: str
    unit: str = ""
    setting: str | None = None
    scale: int = 1
    """How many of ``unit`` one of the setting's unit is (a setting in megabytes for a limit in bytes)."""
    option: str | None = None


LIMITS: tuple[LimitInfo, ...] = (
    LimitInfo("file_bytes", "the size of any one file read", "bytes", setting="file_megabytes", scale=MIB),
    LimitInfo(
        "unpacked_bytes",
        "what one part of a workbook or Word template unpacks to, and all its parts together",
        "bytes",
        setting="unpacked_megabytes",
        scale=MIB,
    ),
    LimitInfo(
        "unpacked_ratio",
        "how many times larger one part of a workbook or template unpacks than it is packed",
        "times",
    ),
    LimitInfo(
        "yaml_values",
        "the values one YAML file holds, each alias (*name) counted every time it is used",
        "values",
    ),
    LimitInfo(
        "yaml_characters",
        "the characters one YAML file holds, each alias counted every time it is used",
        "characters",
    ),
    LimitInfo(
        "value_characters", "the characters of one value: a YAML value, a CSV field or a cell", "characters"
    ),
    LimitInfo("table_rows", "the rows of one table (a CSV file or a sheet)", "rows", setting="table_rows"),
    LimitInfo("table_cells", "the cells of one table", "cells", setting="table_cells"),
    LimitInfo(
        "picture_pixels", "the pixels of one picture", "pixels", setting="picture_megapixels", scale=1_000_000
    ),
    LimitInfo(
        "markdown_depth", "how deep lists and quotes may nest in Markdown before it cannot be read", "levels"
    ),
    LimitInfo(
        "list_depth",
        "how deep lists nest in the document (Word has nine levels); deeper ones are flattened",
        "levels",
    ),
    LimitInfo("quote_depth", "how deep quotes nest in the document; deeper ones are flattened", "levels"),
    LimitInfo(
        "narrative_characters",
        "the characters one piece of narrative makes once its template is worked out",
        "characters",
        setting="narrative_characters",
    ),
    LimitInfo(
        "template_characters", "the characters of any one string a narrative template makes", "characters"
    ),
    LimitInfo(
        "memory_bytes", "the memory of one build's worker (LibreOffice apart)", "bytes", option="--memory"
    ),
    LimitInfo(
        "seconds", "the time one build or check may take (LibreOffice apart)", "seconds", option="--timeout"
    ),
    LimitInfo("libreoffice_seconds", "the time LibreOffice may take to convert a document to PDF", "seconds"),
    LimitInfo("libreoffice_memory_bytes", "the memory LibreOffice may take for its data", "bytes"),
)
"""Every limit, in the order the README lists them."""

_INFO = {info.field: info for info in LIMITS}

SETTINGS: Mapping[str, tuple[str, int]] = {
    info.setting: (info.field, info.scale) for info in LIMITS if info.setting is not None
}
"""The keys a board may give under ``limits:`` in settings.yaml: each limit's field and the unit of the key."""

_CURRENT: contextvars.ContextVar[Limits] = contextvars.ContextVar("lscb_limits", default=Limits())  # noqa: B039 - frozen


def current_limits() -> Limits:
    """The limits in force: the defaults, unless :func:`use_limits` set others."""
    return _CURRENT.get()


@contextlib.contextmanager
def use_limits(limits: Limits) -> Iterator[Limits]:
    """Use ``limits`` for everything done inside the ``with`` block (and in workers it starts)."""
    token = _CURRENT.set(limits)
    try:
        yield limits
    finally:
        _CURRENT.reset(token)


def with_settings(limits: Limits, settings: Mapping[str, float]) -> Limits:
    """``limits`` raised (or lowered) by a board's ``limits:`` settings, each in the unit of its key."""
    changes: dict[str, int | float] = {}
    for key, value in settings.items():
        field, unit = SETTINGS[key]
        changes[field] = max(1, int(value * unit))
    return limits.evolve(**changes) if changes else limits


def seconds(value: float) -> str:
    """``1 second``, ``120 seconds``."""
    return f"{value:g} second{'' if value == 1 else 's'}"


def describe_size(count: int, unit: str) -> str:
    """``12,345 bytes`` or ``20 MB``: a size as a person reads it."""
    if unit == "bytes" and count >= MIB and count % MIB == 0:
        return f"{count // MIB:,} MB"
    if unit == "bytes" and count >= 10 * MIB:
        return f"{count / MIB:,.0f} MB"
    return f"{count:,} {unit}".rstrip()


def how_to_raise(field: str) -> str:
    """Where the limit ``field`` is set, for the end of a finding: ``(limits.table_rows in settings.yaml)``."""
    info = _INFO[field]
    if info.setting is not None:
        return f" (limits.{info.setting} in settings.yaml)"
    if info.option is not None:
        return f" ({info.option})"
    return ""


def limit_text(field: str, limits: Limits) -> str:
    """``the limit is 100,000 rows (limits.table_rows in settings.yaml)``."""
    info = _INFO[field]
    value = getattr(limits, field)
    shown = seconds(value) if info.unit == "seconds" else describe_size(value, info.unit)
    return f"the limit is {shown}{how_to_raise(field)}"


def limit_finding(location: Location | None, field: str, problem: str, limits: Limits, code: str) -> Finding:
    """An error for ``problem`` (what is too large) at ``location``, naming the limit and how to raise it."""
    return Finding(
        level=Level.ERROR, code=code, message=f"{problem}; {limit_text(field, limits)}", location=location
    )


def limits_markdown() -> str:
    """The "Safe with any input" page of the documentation: every limit, its default and what raises it."""
    defaults = Limits()
    rows = []
    for info in LIMITS:
        value = getattr(defaults, info.field)
        shown = seconds(value) if info.unit == "seconds" else describe_size(value, info.unit)
        if info.setting is not None:
            how = f"`limits.{info.setting}` in settings.yaml"
        elif info.option is not None:
            how = f"`{info.option}`"
        else:
            how = "fixed"
        rows.append(f"| {info.what[0].upper()}{info.what[1:]} | {shown} | {how} |")
    return "\n".join(
        [
            "# Safe with any input",
            "",
            "Board folders come from many hands, and builds may run unattended for a whole region,",
            "so everything a build reads is untrusted and everything it does is bounded. Each limit",
            "below is an error at the file (and sheet, cell or line) that passes it, naming the limit",
            "and, where a board may legitimately need more, the setting that raises it (under",
            "`limits:` in `settings.yaml`) or the option of `lscb build` and `lscb check`.",
            "",
            "| What is limited | Default | Raised by |",
            "| --- | --- | --- |",
            *rows,
            "",
            "Each build and each `lscb check` runs in a worker process held to the memory and time",
            "limits, in a process group of its own that dies with lscb; LibreOffice runs outside the",
            "memory ceiling, under its own time limit, in the same group. Running out of time or memory",
            "is reported by what was being done: the narrative file and line, or the plugin and section.",
            "The worker never writes the report: lscb writes it once the result is checked, as a regular",
            "file or not at all.",
            "",
            "Workbooks and Word templates are checked part by part before they are opened, and no XML",
            "part may declare a DTD (defusedxml's hardened parser refuses it), so no entity expands and",
            "no outside file is read. Narrative templates cannot make a string longer than their limit,",
            "however they try: padding, formatting, joining, replacing, concatenating or doubling in a loop.",
            "",
        ]
    )


class LimitError(Exception):
    """Something went over a limit; ``field`` names the limit and ``problem`` says what was too large."""

    def __init__(self, field: str, problem: str) -> None:
        self.field = field
        self.problem = problem
        super().__init__(problem)

    def message(self, limits: Limits) -> str:
        return f"{self.problem}; {limit_text(self.field, limits)}"


class OutOfTime(BaseException):
    """Raised in a worker when its build has used up its time (``Limits.seconds``).

    A ``BaseException``, so that no ``except Exception`` on the way (a plugin's)
    swallows it. The innermost place that knows what was being done (the
    narrative renderer, a section) fills in ``doing`` and ``location`` and lets
    it go on; the worker turns it into a finding naming that.
    """

    def __init__(self, doing: str | None = None, location: Location | None = None) -> None:
        super().__init__(doing or "out of time")
        self.doing = doing
        self.location = location

    def finding(self, limits: Limits) -> Finding:
        doing = f" while {self.doing}" if self.doing else ""
        return Finding(
            level=Level.ERROR,
            code="build.timeout",
            message=f"lscb took longer than {seconds(limits.seconds)} and was stopped{doing}{how_to_raise('seconds')}",
            location=self.location,
        )


_Outside = Callable[[float], AbstractContextManager[Callable[[], None] | None]]


@contextlib.contextmanager
def _not_bounded(_seconds: float) -> Iterator[None]:
    yield None


_OUTSIDE: list[_Outside] = [_not_bounded]


def set_outside_work(how: _Outside) -> None:
    """How this process does work outside its limits (a worker pauses its clock and lifts its ceiling)."""
    _OUTSIDE[0] = how


def outside_work(seconds: float) -> AbstractContextManager[Callable[[], None] | None]:
    """Do up to ``seconds`` of work outside this process's limits (LibreOffice converting a document).

    Gives the function a child process must run before it starts (it lifts the
    memory ceiling and ties the child's life to this process), or ``None``.
    """
    return _OUTSIDE[0](seconds)
