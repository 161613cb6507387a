"""Open vocabularies: a kind of audit or activity that lscb does not know is accepted, and said to be new."""

from __future__ import annotations

import difflib
from collections.abc import Iterator, Sequence

from lscb_core._base.findings import Finding
from lscb_core._base.locations import DataPath
from lscb_core._base.markers import hookimpl
from lscb_core._checks import info, warning
from lscb_core._model.loaded import LoadedReport
from lscb_core._model.vocabulary import OpenKind


def _new_kind(kind: OpenKind, path: DataPath) -> Iterator[Finding]:
    if kind.known:
        return
    known = list(kind.KNOWN)
    close = difflib.get_close_matches(kind.value, known, n=1, cutoff=0.8)
    if close:
        yield warning(
            "vocabulary.near-kind",
            f"{kind.value!r} is not an {kind.WHAT} lscb knows; did you mean {close[0]!r}? "
            f"(a new kind is accepted, shown as {kind.label!r})",
            path,
        )
        return
    yield info(
        "vocabulary.new-kind",
        f"{kind.value!r} is a new {kind.WHAT}, shown as {kind.label!r}; the {kind.WHAT}s lscb knows are {', '.join(known)}",
        path,
    )


def _kinds(part: str, items: Sequence[object]) -> Iterator[Finding]:
    for i, item in enumerate(items):
        kind = getattr(item, "kind", None)
        if isinstance(kind, OpenKind):
            yield from _new_kind(kind, (part, i, "kind"))


@hookimpl
def lscb_check(loaded: LoadedReport) -> Iterator[Finding]:
    report = loaded.report
    yield from _kinds("audits", report.audits)
    yield from _kinds("activities", report.activities)
