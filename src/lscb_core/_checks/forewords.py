"""Forewords: each has its text, and names narrative files that exist."""

from __future__ import annotations

import difflib
from collections.abc import Iterator

from lscb_core._base.findings import Finding
from lscb_core._base.markers import hookimpl
from lscb_core._checks import error, info
from lscb_core._model.loaded import LoadedReport


@hookimpl
def lscb_check(loaded: LoadedReport) -> Iterator[Finding]:
    report = loaded.report
    narrative = sorted(report.narrative)
    for i, foreword in enumerate(report.forewords):
        name = foreword.narrative_name(i == 0)
        if foreword.text is not None and foreword.narrative is not None:
            yield error(
                "forewords.text-twice",
                "a foreword takes its text from text: or from a narrative file, not both",
                ("forewords", i, "narrative"),
            )
        elif name is None and foreword.text is None:
            yield error(
                "forewords.no-text",
                "this foreword has no text: name its narrative file (narrative: foreword-partners reads "
                "narrative/foreword-partners.md) or write it under text:",
                ("forewords", i),
            )
        elif name is not None and foreword.text is None and name not in report.narrative:
            close = difflib.get_close_matches(name, narrative, n=1, cutoff=0.6)
            hint = f"; did you mean {close[0]!r}?" if close else ""
            yield error(
                "forewords.no-narrative",
                f"there is no narrative/{name}.md for this foreword{hint}",
                ("forewords", i, "narrative") if foreword.narrative is not None else ("forewords", i),
            )
        for j, author in enumerate(foreword.authors if foreword.signature else ()):
            person = report.person(author)
            if person.role is None and person.organisation is None:
                yield info(
                    "forewords.author-role",
                    f"{author.name} signs a foreword without a role; give their role, or name them as "
                    "leadership or authors names them",
                    ("forewords", i, "authors", j),
                )
