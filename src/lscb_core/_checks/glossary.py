"""The glossary: duplicates, abbreviations used but not explained, near misses, unused entries."""

from __future__ import annotations

import re
from collections.abc import Iterator

import attrs

from lscb_core._base.findings import Finding
from lscb_core._base.markers import hookimpl
from lscb_core._checks import info, warning
from lscb_core._model.glossary import ABBREVIATION
from lscb_core._model.loaded import LoadedReport
from lscb_core._model.report import AnnualReport
from lscb_core._model.walk import TextPiece, text_pieces

WELL_KNOWN = frozenset({"UK", "NHS", "GP", "GPs", "BBC", "OK", "TV", "PDF", "URL", "COVID"})
"""Abbreviations so widely known that a report need not explain them."""

_DEFINED_INLINE = re.compile(r"\(([A-Z][A-Za-z]*[A-Z][A-Za-z]*)\)")
# Contact details are not prose: a postal code or phone number is not an abbreviation to explain.
_NOT_PROSE = frozenset({("board", "address"), ("board", "phone"), ("board", "email"), ("board", "website")})
_LINK = re.compile(r"https?://\S+|\]\([^)]*\)|\{\{.*?\}\}|\{%.*?%\}")
# Surnames with a capital inside them (McAllister, MacLeod, DeSouza) are names, not abbreviations.
_SURNAME = re.compile(r"(?:Mc|Mac|Fitz|De|Di|Da|Du|Le|La|Van|Von|St)[A-Z][a-z]{2,}")
# Case reviews name children and families by letters (Child LB, Family AB): pseudonyms, not abbreviations.
_PSEUDONYM = re.compile(
    r"\b(?:Child|Children|Family|Families|Baby|Babies|Infant|Sibling|Siblings|Young [Pp]erson|"
    r"Adult|Case|Mother|Father|Mr|Mrs|Ms|Miss|Dr)\.?\s+$"
)


def _names(report: AnnualReport) -> set[str]:
    """Words that name someone or a case: people's names, and case review references after their first word."""
    people = [
        *report.leadership.people,
        *report.authors,
        *(author for foreword in report.forewords for author in foreword.authors),
    ]
    words = {w for person in people for w in re.findall(r"[\w'-]+", person.name)}
    for review in report.reviews.cases:
        words.update(re.findall(r"[A-Za-z]+", review.reference)[1:])
    return words


def _close(a: str, b: str) -> bool:
    """Two neighbouring letters swapped (CAHMS and CAMHS), or one letter different in a long one.

    One different letter in a short abbreviation is usually another abbreviation
    (LSCB and HSCB), so only long ones count as near misses that way.
    """
    if len(a) != len(b) or a == b:
        return False
    diffs = [i for i in range(len(a)) if a[i] != b[i]]
    if len(diffs) == 1:
        return len(a) >= 6
    return (
        len(diffs) == 2
        and diffs[1] == diffs[0] + 1
        and a[diffs[0]] == b[diffs[1]]
        and a[diffs[1]] == b[diffs[0]]
    )


@hookimpl
def lscb_check(loaded: LoadedReport) -> Iterator[Finding]:
    report = loaded.report
    terms = report.glossary.terms
    first: dict[str, int] = {}
    for i, term in enumerate(terms):
        if term.abbreviation in first:
            j = first[term.abbreviation]
            same = "with the same meaning" if terms[j].meaning == term.meaning else "with a different meaning"
            yield warning(
                "glossary.duplicate",
                f"{term.abbreviation} is in the glossary twice ({same}: entries {j + 1} and {i + 1})",
                ("glossary", "terms", i, "abbreviation"),
            )
        first.setdefault(term.abbreviation, i)
    # The board's own short name is explained by its full name on the cover; plugins explain their own words.
    defined = set(first) | {report.board.short_name} | {t.abbreviation for t in loaded.plugin_terms}

    pieces = [p for p in text_pieces(report) if p.path[:1] != ("glossary",) and p.path[:2] not in _NOT_PROSE]
    pieces += [
        TextPiece(path=("plugins", name, "text", i), text=text, origin=None)
        for name, words in loaded.plugin_words
        for i, text in enumerate(words.text)
    ]
    inline = {m.group(1) for p in pieces for m in _DEFINED_INLINE.finditer(p.text)}
    used: dict[str, tuple[TextPiece, int, int]] = {}
    names = _names(report)
    for piece in pieces:
        text = _LINK.sub(lambda m: " " * len(m.group(0)), piece.text)
        for match in ABBREVIATION.finditer(text):
            word = match.group(1)
            if word.isupper() and len(word) > 7:
                continue  # a word in capitals, not an abbreviation
            if (
                word in names
                or _SURNAME.fullmatch(word)
                or _PSEUDONYM.search(text, max(0, match.start(1) - 20), match.start(1))
            ):
                continue  # a person's name or a case's pseudonym
            if word in used:
                p, start, n = used[word]
                used[word] = (p, start, n + 1)
            else:
                used[word] = (piece, match.start(1), 1)

    for word, (piece, start, n) in sorted(used.items()):
        if word in defined or word in WELL_KNOWN or word in inline:
            continue
        singular = word[:-1] if word.endswith("s") else None
        if singular and (singular in defined or singular in inline):
            continue
        times = "once" if n == 1 else f"{n} times"
        near = next((d for d in sorted(defined) if _close(word, d)), None)
        if near is not None:
            finding = warning(
                "glossary.near-miss",
                f"{word} (used {times}) looks like a misspelling of {near}, which the glossary defines",
                piece.path,
            )
        else:
            finding = warning(
                "glossary.undefined",
                f"{word} is used {times} but not explained in the glossary or where it is first used",
                piece.path,
            )
        yield _at(finding, piece, start)

    for i, term in enumerate(terms):
        plural = term.abbreviation + "s"
        if first.get(term.abbreviation) == i and term.abbreviation not in used and plural not in used:
            yield info(
                "glossary.unused",
                f"{term.abbreviation} is in the glossary but the report never uses it",
                ("glossary", "terms", i, "abbreviation"),
            )


def _at(finding: Finding, piece: TextPiece, index: int) -> Finding:
    location = piece.location_of(index)
    return finding if location is None else attrs.evolve(finding, location=location)
