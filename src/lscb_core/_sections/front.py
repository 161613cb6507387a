"""The front of the report: essential information about it, and the foreword."""

from __future__ import annotations

from collections.abc import Sequence

from lscb_core._base.blocks import Block, Link, Signature
from lscb_core._base.markers import hookimpl
from lscb_core._model.formatting import date_text
from lscb_core._sections.compose import Section, SectionContext
from lscb_core._sections.helpers import bullets, join_words, prose, table, text_column


def _about(context: SectionContext) -> list[Block]:
    report = context.report
    board = report.board
    blocks: list[Block] = []
    if report.authors:
        authors = join_words([", ".join(p for p in (a.name, a.role) if p) for a in report.authors])
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


def _foreword(context: SectionContext) -> list[Block]:
    report = context.report
    blocks = context.narrative("foreword")
    if not blocks:
        return []
    leadership = report.leadership
    signers = (
        [leadership.independent_chair] if leadership.independent_chair else list(leadership.lead_partners)
    )
    for person in signers:
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
