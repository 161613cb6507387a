"""The front of the report: essential information about it, and the foreword."""

from __future__ import annotations

from collections.abc import Sequence

from lscb_core._base.blocks import Block, Heading, Link, Signature
from lscb_core._base.markers import hookimpl
from lscb_core._model.board import Person
from lscb_core._model.forewords import Foreword
from lscb_core._model.formatting import on_date
from lscb_core._sections.compose import Section, SectionContext
from lscb_core._sections.helpers import bullets, join_words, prose, table, text_column, without_article


def _about(context: SectionContext) -> list[Block]:
    report = context.report
    board = report.board
    blocks: list[Block] = []
    if report.authors:
        authors = join_words(
            [
                ", ".join(p for p in (a.name, a.role, a.organisation) if p and p != board.name)
                for a in report.authors
            ]
        )
        when = f" {on_date(report.compiled)}" if report.compiled else ""
        blocks.append(prose(f"{report.name} compiled{when} on behalf of {board.name} by {authors}."))
    address = [
        board.name,
        # An address that starts with the board's own name does not print it twice.
        *(
            line
            for line in (board.address.lines if board.address else ())
            if line.casefold() != board.name.casefold()
        ),
        *((board.address.postcode,) if board.address and board.address.postcode else ()),
    ]
    if len(address) > 1 or board.phone or board.email:
        lines = "\n".join(address)
        if board.phone:
            lines += f"\nTelephone: {board.phone}"
        blocks.append(prose(lines))
        if board.email:
            blocks.append(prose("Email: ", Link(board.email, f"mailto:{board.email}")))
    blocks += _leaders(context)
    if report.approval is not None:
        when = f" {on_date(report.approval.date)}" if report.approval.date else ""
        blocks.append(prose(f"Approved by the {without_article(report.approval.body)}{when}."))
    if board.website:
        shown = board.website.removeprefix("https://").removeprefix("http://").rstrip("/")
        blocks.append(
            prose(
                "This report is available on the ",
                Link(f"{board.short_name} website", board.website),
                f" ({shown}).",
            )
        )
    if report.submitted_to:
        blocks.append(prose(f"The {_lower_first(report.name)} is submitted to:"))
        blocks.append(bullets(list(report.submitted_to)))
    return blocks


def _lower_first(name: str) -> str:
    """``yearly report`` from ``Yearly Report``; words in capitals (``LSCB report``) keep them."""
    return " ".join(w if w.isupper() and len(w) > 1 else w.lower() for w in name.split(" "))


def _signing(context: SectionContext) -> list[Person]:
    """Who signs a foreword the report shows (in a signature block or in its own words)."""
    report = context.report
    out = []
    for i, foreword in enumerate(report.all_forewords):
        name = foreword.narrative_name(i == 0)
        source = foreword.text if foreword.text is not None else report.narrative.get(name or "")
        if source:
            out += [report.person(author) for author in foreword.authors]
    return out


def _leaders(context: SectionContext) -> list[Block]:
    """The leaders who do not sign a foreword, so that every one of them is named in the report."""
    leadership = context.report.leadership
    signing = {p.name.strip().casefold() for p in _signing(context)}
    lines = []
    for what, people in (
        ("Independent chair", [leadership.independent_chair] if leadership.independent_chair else []),
        ("Lead safeguarding partners", list(leadership.lead_partners)),
        (
            "Independent scrutineer",
            [leadership.independent_scrutineer] if leadership.independent_scrutineer else [],
        ),
    ):
        named = [
            ", ".join(p for p in (person.name, person.role, person.organisation) if p)
            for person in people
            if person.name.strip().casefold() not in signing
        ]
        if named:
            lines.append(f"{what}: {'; '.join(named)}.")
    return [prose(line) for line in lines]


def _signed_in_text(text: str, name: str) -> bool:
    """Whether the end of a foreword already names its signer (as a written signature does)."""
    return name.strip().casefold() in text[-600:].casefold()


def _foreword_blocks(context: SectionContext, foreword: Foreword, first: bool, level: int) -> list[Block]:
    report = context.report
    name = foreword.narrative_name(first)
    source = foreword.text if foreword.text is not None else report.narrative.get(name or "")
    blocks = context.md(source, level=level)
    if not blocks:
        return []
    if foreword.signature:
        written = str(source or "")
        for author in foreword.authors:
            person = report.person(author)
            if _signed_in_text(written, person.name):
                continue  # the foreword is signed in its own words
            lines = [line for line in (person.role, person.organisation or report.board.name) if line]
            blocks.append(Signature(person.name, tuple(lines)))
    return blocks


def _foreword_title(foreword: Foreword, context: SectionContext) -> str:
    if foreword.title:
        return foreword.title
    names = [context.report.person(a).name for a in foreword.authors]
    return f"Foreword from {join_words(names)}" if names else "Foreword"


def _foreword(context: SectionContext) -> list[Block]:
    forewords = context.report.all_forewords
    if len(forewords) == 1:
        return _foreword_blocks(context, forewords[0], True, 2)
    blocks: list[Block] = []
    for i, foreword in enumerate(forewords):
        own = _foreword_blocks(context, foreword, i == 0, 3)
        if own:
            # Each foreword after the first starts a page of its own.
            blocks.append(Heading(_foreword_title(foreword, context), 2, page_break=bool(blocks)))
            blocks += own
    return blocks


def _foreword_heading(context: SectionContext) -> str | None:
    """The heading of the foreword section: a single foreword's own title, or "Forewords"."""
    forewords = context.report.all_forewords
    if len(forewords) == 1:
        return forewords[0].title
    return "Forewords" if len(forewords) > 1 else None


def _context(context: SectionContext) -> list[Block]:
    blocks: list[Block] = []
    area = context.report.area
    if area is not None and area.facts:
        blocks.append(
            table(
                [text_column("Fact", 0.4), text_column(area.name)],
                [[f.label, f.value] for f in area.facts],
                caption=f"{area.name} at a glance",
                notes=tuple(f"Source ({f.label}): {f.source.rstrip('.')}." for f in area.facts if f.source),
            )
        )
    blocks += context.narrative("context")
    return blocks


@hookimpl
def lscb_sections() -> Sequence[Section]:
    return [
        Section("about", "Essential information", 10, _about),
        Section("foreword", "Foreword", 20, _foreword, heading=_foreword_heading),
        Section("context", "Local background and context", 30, _context),
    ]
