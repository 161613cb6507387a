"""Inspection grades against the framework of the inspection's date (or the framework it names)."""

from __future__ import annotations

from collections.abc import Iterator

from lscb_core._base.findings import Finding
from lscb_core._base.markers import hookimpl
from lscb_core._checks import error, warning
from lscb_core._model.inspection import Grade
from lscb_core._model.loaded import LoadedReport

# The grade that took the place of another when the framework changed in November 2013.
_COUNTERPART = {Grade.ADEQUATE: Grade.REQUIRES_IMPROVEMENT, Grade.REQUIRES_IMPROVEMENT: Grade.ADEQUATE}


@hookimpl
def lscb_check(loaded: LoadedReport) -> Iterator[Finding]:
    for i, inspection in enumerate(loaded.report.inspections):
        frameworks = inspection.frameworks()
        if len(frameworks) == 1 and not frameworks[0].in_use(inspection.date):
            framework = frameworks[0]
            yield warning(
                "inspections.framework-date",
                f"the {framework.name} was not in use in {inspection.date}; check the date or the framework",
                ("inspections", i, "date"),
            )
        allowed = {grade for framework in frameworks for grade in framework.grades}
        names = " or the ".join(f.name for f in frameworks)
        for j, judgement in enumerate(inspection.judgements):
            grade = judgement.grade
            if grade in allowed:
                continue
            path = ("inspections", i, "judgements", j, "grade")
            if not allowed:
                yield error(
                    "inspections.no-grades",
                    f"a {names} gives no grades, but {judgement.subject!r} is graded {grade.value}; "
                    "record what the inspectors said as quotations instead",
                    path,
                )
                continue
            grades = ", ".join(g.value for g in frameworks[0].grades)
            counterpart = _COUNTERPART.get(grade)
            hint = f"; did you mean {counterpart.value!r}?" if counterpart in allowed else ""
            yield error(
                "inspections.grade-framework",
                f"{grade.value!r} is not a grade of the {names} (inspection of {inspection.date}), "
                f"whose grades are {grades}{hint}",
                path,
            )
