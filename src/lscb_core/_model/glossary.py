"""The glossary of abbreviations a report uses."""

from __future__ import annotations

import attrs

__all__ = ["Glossary", "Term"]


@attrs.frozen(kw_only=True)
class Term:
    """An abbreviation and what it stands for."""

    abbreviation: str
    meaning: str


@attrs.frozen(kw_only=True)
class Glossary:
    terms: tuple[Term, ...] = ()

    def meaning(self, abbreviation: str) -> str | None:
        return next((t.meaning for t in self.terms if t.abbreviation == abbreviation), None)

    @property
    def sorted_terms(self) -> tuple[Term, ...]:
        """Terms in alphabetical order, each abbreviation once (the first meaning given)."""
        seen: dict[str, Term] = {}
        for term in self.terms:
            seen.setdefault(term.abbreviation, term)
        return tuple(sorted(seen.values(), key=lambda t: t.abbreviation.casefold()))
