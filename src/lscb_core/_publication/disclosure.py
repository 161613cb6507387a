"""The proof that the public view gives nothing away: no withheld or hidden figure follows from what it shows.

The figures of the full report and of its public view are listed by
:func:`~lscb_core._publication.relations.figures_of`, with every relation lscb
knows between them. A figure the view shows as a number is *known*; every
other figure is unknown. A figure the view shows with a value other than the
full report's is a different figure (a total of what is shown, say), known
under a key of its own. The equations of both sides hold at once, so a total
that the view keeps true ties the view's items (an "Other (not itemised)" line
among them) to the full report's.

A figure is *worked out* when its value follows exactly from the known ones
by the equations (exact Gaussian elimination, as in
:mod:`~lscb_core._publication.suppression`), or from a printed share whose
denominator (or, for a share other than 0, whose numerator) is worked out.
The public view must leave every withheld figure and every hidden count
unworked out. Not covered: narrowing a value by bounds (counts are never
negative), and figures written as plain text.
"""

from __future__ import annotations

from collections.abc import Iterable

from lscb_core._base.suppressed import Suppressed
from lscb_core._publication.relations import Equation, Figure, FigureKey, Figures, Share
from lscb_core._publication.suppression import determined

__all__ = ["exposed", "printed", "worked_out"]


def printed(view: Figures) -> dict[FigureKey, int | float]:
    """The figures a view shows as numbers: all that a reader, a template or a plugin can know."""
    out: dict[FigureKey, int | float] = {}
    for key, figure in view.figures.items():
        number = figure.number
        if number is not None:
            out[key] = number
    return out


def worked_out(
    known: set[FigureKey],
    unknown: set[FigureKey],
    equations: Iterable[Equation],
    shares: Iterable[tuple[FigureKey, FigureKey, FigureKey, bool]],
) -> set[FigureKey]:
    """The unknown figures that follow from the known ones.

    ``shares`` are (result, numerator, denominator, result is 0) of printed
    shares; an unknown key in an equation that is neither known nor unknown is
    taken as unknown.
    """
    equations = list(equations)
    shares = list(shares)
    keys = sorted({key for eq in equations for key, _ in eq.terms} | known | unknown, key=repr)
    index = {key: i for i, key in enumerate(keys)}
    vectors = [{index[key]: c for key, c in eq.terms} for eq in equations]
    learnt = set(known)
    while True:
        hidden = [key not in learnt for key in keys]
        found = {keys[i] for i in determined(vectors, hidden)}
        everything = learnt | found
        more: set[FigureKey] = set()
        for result, numerator, denominator, zero in shares:
            if result not in everything:
                continue
            if denominator in everything and numerator not in everything:
                more.add(numerator)
            if numerator in everything and denominator not in everything and not zero:
                more.add(denominator)
        if not more:
            return (found | learnt) - known
        learnt |= found | more


def exposed(full: Figures, view: Figures) -> list[Figure]:
    """The withheld or hidden figures of ``full`` that could be worked out from what ``view`` shows."""
    shown = printed(view)
    renamed: dict[FigureKey, FigureKey] = {}
    for key, value in shown.items():
        before = full.figures.get(key)
        if before is not None and before.number is not None and before.number != value:
            renamed[key] = ("view", *key)
    known = {renamed.get(key, key) for key in shown}
    protected = [
        f
        for f in full.figures.values()
        if f.withheld or (f.key in view.figures and isinstance(view.figures[f.key].value, Suppressed))
    ]
    equations = list(full.equations)
    for eq in view.equations:
        equations.append(Equation(eq.relation, tuple((renamed.get(k, k), c) for k, c in eq.terms), eq.line))
    shares = []
    sides: list[tuple[Share, dict[FigureKey, FigureKey]]] = [(share, {}) for share in full.shares] + [
        (share, renamed) for share in view.shares
    ]
    for share, names in sides:
        result = names.get(share.result, share.result)
        if result not in known:
            continue
        ratio = shown.get(share.result)
        shares.append(
            (
                result,
                names.get(share.numerator, share.numerator),
                names.get(share.denominator, share.denominator),
                ratio == 0,
            )
        )
    unknown = {f.key for f in full.figures.values()} - known
    found = worked_out(known, unknown, equations, shares) | known
    return [f for f in protected if f.key in found]
