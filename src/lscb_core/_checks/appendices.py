"""Appendices numbered by hand in the settings: lscb numbers them itself, in order."""

from __future__ import annotations

from collections.abc import Iterator

from lscb_core._base.findings import Finding
from lscb_core._base.markers import hookimpl
from lscb_core._checks import info
from lscb_core._model.appendices import hand_number, without_hand_number
from lscb_core._model.loaded import LoadedReport


@hookimpl
def lscb_check(loaded: LoadedReport) -> Iterator[Finding]:
    for i, choice in enumerate(loaded.settings.sections):
        number = hand_number(choice.title or "")
        if choice.title is None or number is None:
            continue
        made = "" if choice.appendix is not None else "; it is made an appendix, as if it said appendix: true"
        yield info(
            "settings.appendix-numbered",
            f"the title {choice.title!r} numbers an appendix by hand; appendices are numbered in order "
            f"automatically, so it is shown as {without_hand_number(choice.title)!r} with its number{made}",
            ("settings", "sections", i, "title"),
        )
