"""Sections a board declares as data (``sections/<key>.yaml``), built and placed like any other section.

Each has its narrative, then its figures (headline figures drawn large, the
others in a table), then its tables, each as the edition shows it (see
``_publication/local_sections.py``). The narrative reaches the section's
values by name: ``{{ lado.figures.referrals }}``,
``{{ lado.tables.by_sector.total.referrals }}``, or a loop over
``lado.tables.by_sector.rows``.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping
from typing import Any

from lscb_core._base.blocks import (
    Align,
    Block,
    Cell,
    Column,
    KeyFigure,
    KeyFigures,
    Paragraph,
    Row,
    Table,
    Text,
)
from lscb_core._base.markers import hookimpl
from lscb_core._model.editions import Edition
from lscb_core._model.loaded import LoadedReport
from lscb_core._model.local_sections import LocalSection, template_name
from lscb_core._model.settings import SectionChoice
from lscb_core._publication.local_sections import TableView, section_view
from lscb_core._sections.compose import Section, SectionContext, small_count_note
from lscb_core._sections.helpers import number_column, prose, table, text_column
from lscb_core._sections.local_charts import declared_charts
from lscb_core._sections.trends import key_figure_change, local_trends, trend_table

__all__ = ["APPENDIX_ORDER", "BOARD_PLUGIN", "DEFAULT_ORDER", "board_sections", "placements"]

BOARD_PLUGIN = "board"
"""The name board-defined sections go by where a plugin's name would be given."""

DEFAULT_ORDER = 99
"""Where a board-defined section goes when it names no place: before What's next (100)."""

APPENDIX_ORDER = 145
"""Where a board-defined appendix goes when it names no place: after the built-in appendices."""


def _withheld_note(count: int) -> tuple[str, ...]:
    if not count:
        return ()
    what = "1 row is" if count == 1 else f"{count} rows are"
    return (f"{what} not for publication and not shown; the totals are of the rows shown.",)


def _column_widths(view: TableView) -> tuple[float, ...]:
    """Each column's share of the table's width, from what it holds.

    Shared equally, a table with several count columns squeezes its text column and
    breaks a long heading inside a word ("Unsubstantiate-d"); a column is given room
    for its longest word (headings are bold: a little more) and, up to a point, for
    its longest text.
    """
    lines = [*view.rows, *([view.total] if view.total is not None else [])]
    needs = []
    for i, heading in enumerate(view.headings):
        texts = [line[i] for line in lines]
        word = max((len(w) for t in (heading, *texts) for w in t.split()), default=1)
        longest = max((len(t) for t in texts), default=0)
        needs.append(max(word * 1.15, min(longest, 32)) + 2)
    total = sum(needs)
    return tuple(n / total for n in needs)


def _table_block(view: TableView, notes: tuple[str, ...]) -> Table:
    columns = tuple(
        Column(heading, Align.RIGHT if numeric else Align.LEFT, width)
        for heading, numeric, width in zip(view.headings, view.numeric, _column_widths(view), strict=True)
    )
    rows = [Row(tuple(Cell.of(text) for text in line)) for line in view.rows]
    if view.total is not None:
        rows.append(Row(tuple(Cell.of(text) for text in view.total), total=True))
    return Table(columns, tuple(rows), view.table.caption, (*view.table.notes, *notes))


def _build(key: str, section: LocalSection) -> Callable[[SectionContext], list[Block]]:
    def build(context: SectionContext) -> list[Block]:
        settings = context.loaded.settings
        view = section_view(key, section, settings, context.edition)
        if not view.shown:
            return []
        note = small_count_note(settings.suppression.symbol, settings.suppression.threshold)
        blocks = context.narrative(section.narrative or key)
        trends = dict(local_trends(context, key, view.figures))
        changes = {
            item.name: key_figure_change(context, item.name, item, now) for item, now in trends.items()
        }
        headline = [
            KeyFigure(
                f.text, f.figure.label + changes.get(f"{key.replace('-', '_')}.figures.{f.figure.name}", "")
            )
            for f in view.figures
            if f.figure.headline
        ]
        if headline:
            blocks.append(KeyFigures(tuple(headline)))
        others = [f for f in view.figures if not f.figure.headline]
        if others:
            blocks.append(
                table(
                    [text_column("Measure", 0.7), number_column("Figure")],
                    [[f.figure.label, f.text] for f in others],
                    caption=f"{section.title} in figures",
                    notes=(note,) if any(f.suppressed for f in others) else (),
                )
            )
        elif any(f.suppressed for f in view.figures):
            blocks.append(Paragraph((Text(note),), "TableNote"))
        blocks += trend_table(context, [], f"{section.title} over the years", given=list(trends.items()))
        shown = {t.table.name: t for t in view.tables}
        for declared in section.tables:
            table_view = shown.get(declared.name)
            if table_view is None:
                if declared.public_summary:
                    blocks.append(prose(declared.public_summary))
                continue
            blocks += context.md(declared.description, level=2)
            summaries = tuple(
                row.public_summary
                for row in declared.rows
                if row.public_summary and not row.shown_in(context.edition)
            )
            notes = (
                *summaries,
                *_withheld_note(table_view.withheld_rows),
                *((note,) if table_view.suppressed else ()),
            )
            printed = _table_block(table_view, notes)
            blocks.append(printed)
            blocks += declared_charts(context, declared, printed)
        return blocks

    return build


def board_sections(loaded: LoadedReport, existing: Collection[str]) -> dict[str, tuple[Section, str]]:
    """The sections the board declares, as sections to compose (a key already taken is left to ``lscb check``)."""
    out: dict[str, tuple[Section, str]] = {}
    for key, section in loaded.report.sections.items():
        if key in existing:
            continue
        order = APPENDIX_ORDER if section.appendix else DEFAULT_ORDER
        out[key] = (
            Section(key, section.title, order, _build(key, section), appendix=section.appendix),
            BOARD_PLUGIN,
        )
    return out


def placements(loaded: LoadedReport, known: Collection[str]) -> list[SectionChoice]:
    """The places board-defined sections ask for, as choices applied before the board's settings.

    Sections placed after the same section follow it in the order of their
    files' names (each after the one before it).
    """
    out: list[SectionChoice] = []
    latest: dict[str, str] = {}
    for key, section in loaded.report.sections.items():
        if section.after is not None and section.after in known and section.after != key:
            out.append(SectionChoice(section=key, after=latest.get(section.after, section.after)))
            latest[section.after] = key
        elif section.before is not None and section.before in known and section.before != key:
            out.append(SectionChoice(section=key, before=section.before))
    return out


@hookimpl
def lscb_template_context(view: LoadedReport, edition: str) -> Mapping[str, Any]:
    """Each board-defined section by its name in templates (``private_fostering`` for ``private-fostering``)."""
    return {
        template_name(key): section_view(key, section, view.settings, Edition(edition)).namespace()
        for key, section in view.report.sections.items()
    }
