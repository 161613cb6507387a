"""The glossary of abbreviations a report uses."""

from __future__ import annotations

import re
from collections.abc import Iterable

import attrs

__all__ = ["ABBREVIATION", "Glossary", "GlossaryWords", "Term", "abbreviations_in"]

ABBREVIATION = re.compile(r"(?<![\w/.@-])([A-Z][a-z]?[A-Z][A-Za-z]*)(?:'?s)?(?![\w@/])")
"""Two or more capitals, perhaps with lower-case letters between (CiN, BeNCH, EoE), and a plural ``s``."""


def abbreviations_in(texts: Iterable[str]) -> set[str]:
    """The abbreviations that ``texts`` use (a word in capitals longer than seven letters is not one)."""
    found: set[str] = set()
    for text in texts:
        for match in ABBREVIATION.finditer(text):
            word = match.group(1)
            if not (word.isupper() and len(word) > 7):
                found.add(word)
    return found


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


@attrs.frozen(kw_only=True)
class GlossaryWords:
    """What a plugin says about the words it prints (the ``lscb_glossary`` hook).

    ``terms`` are abbreviations the plugin's text uses, with their meanings:
    the report's glossary explains those the report uses. ``text`` is the text
    the plugin prints for this board, so that the glossary checks count the
    abbreviations in it as used, and find those nobody explains.
    """

    terms: tuple[Term, ...] = ()
    text: tuple[str, ...] = ()
