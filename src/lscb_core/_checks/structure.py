"""The board's structure: group ids, reporting lines that lead somewhere, no circles."""

from __future__ import annotations

import difflib
from collections.abc import Iterator

from lscb_core._base.findings import Finding
from lscb_core._base.markers import hookimpl
from lscb_core._checks import error
from lscb_core._model.loaded import LoadedReport


@hookimpl
def lscb_check(loaded: LoadedReport) -> Iterator[Finding]:
    groups = loaded.report.structure.groups
    ids: dict[str, int] = {}
    for i, group in enumerate(groups):
        if group.id in ids:
            yield error(
                "structure.duplicate-id",
                f"the group id {group.id!r} is used twice",
                ("structure", "groups", i, "id"),
            )
        ids.setdefault(group.id, i)
    parents = {g.id: g.reports_to for g in groups}
    for i, group in enumerate(groups):
        if group.reports_to is not None and group.reports_to not in ids:
            close = difflib.get_close_matches(group.reports_to, list(ids), n=1)
            hint = f"; did you mean {close[0]!r}?" if close else ""
            yield error(
                "structure.unknown-group",
                f"{group.name!r} reports to {group.reports_to!r}, which is not a group id{hint}",
                ("structure", "groups", i, "reports_to"),
            )
    reported: set[str] = set()
    for i, group in enumerate(groups):
        seen = [group.id]
        current = parents.get(group.id)
        while current is not None and current in parents:
            if current in seen:
                cycle = frozenset(seen)
                if current == group.id and not cycle & reported:
                    reported |= cycle
                    yield error(
                        "structure.cycle",
                        f"the reporting lines go round in a circle: {' -> '.join([*seen, current])}",
                        ("structure", "groups", i, "reports_to"),
                    )
                break
            seen.append(current)
            current = parents.get(current)
