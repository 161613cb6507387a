"""The front of the report: essential information about it, and the foreword."""

from __future__ import annotations

from collections.abc import Sequence

from lscb_core._base.blocks import Block, Link, Signature
from lscb_core._base.markers import hookimpl
from lscb_core._model.board import Person
from lscb_core._model.formatting import date_text
from lscb_core._sections.compose import Section, SectionContext
from lscb_core._sections.helpers import bullets, join_words, prose, table, text_column


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
        when = f" in {date_text(report.compiled)}" if report.compiled else ""
        blocks.append(
            prose(f"{report.regime.report_name} compiled{when} on behalf of {board.name} by {authors}.")
        )
    address = [
        board.name,
        *(board.address.lines if board.address else ()),
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
        when = f" in {date_text(report.approval.date)}" if report.approval.date else ""
        blocks.append(prose(f"Approved by the {report.approval.body.removeprefix('the ')}{when}."))
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
        blocks.append(prose(f"The {report.regime.report_name.lower()} is submitted to:"))
        blocks.append(bullets(list(report.submitted_to)))
    return blocks


def _signers(context: SectionContext) -> list[Person]:
    """Who signs the foreword: the independent chair, else the lead safeguarding partners."""
    leadership = context.report.leadership
    return [leadership.independent_chair] if leadership.independent_chair else list(leadership.lead_partners)


def _leaders(context: SectionContext) -> list[Block]:
    """The leaders who do not sign a foreword, so that every one of them is named in the report."""
    leadership = context.report.leadership
    signing = _signers(context) if context.report.narrative.get("foreword") else []
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
            if person not in signing
        ]
        if named:
            lines.append(f"{what}: {'; '.join(named)}.")
    return [prose(line) for line in lines]


def _foreword(context: SectionContext) -> list[Block]:
    report = context.report
    blocks = context.narrative("foreword")
    if not blocks:
        return []
    for person in _signers(context):
        lines = [line for line in (person.role, person.organisation or report.board.name) if line]
        blocks.append(Signature(person.name, tuple(lines)))
    return blocks


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
        Section("foreword", "Foreword", 20, _foreword),
        Section("context", "Local background and context", 30, _context),
    ]
