"""Sections of the report: what they are, what they get to work with, and how they are put in order.

Every section, built-in or a plugin's, comes through the ``lscb_sections``
hook. A board's settings switch sections off, move them, rename them or put a
plugin's section in a built-in one's place.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Any, TypeVar

import attrs

from lscb_core._base.blame import bad_result, homes_of, plugin_failed
from lscb_core._base.blocks import (
    Block,
    Cell,
    Column,
    Heading,
    Image,
    Paragraph,
    Row,
    Table,
    Text,
    blocks_problem,
)
from lscb_core._base.errors import FindingError, NarrativeError
from lscb_core._base.findings import Finding, error, warning
from lscb_core._base.locations import Location
from lscb_core._base.suppressed import Suppressed
from lscb_core._loading.pictures import PictureRefusedError, read_picture
from lscb_core._model.appendices import APPENDIX_PLACE, appendix_choices, without_hand_number
from lscb_core._model.editions import Edition, Publishable
from lscb_core._model.fences import resolve_markdown
from lscb_core._model.formatting import number
from lscb_core._model.loaded import LoadedReport
from lscb_core._model.report import AnnualReport
from lscb_core._model.settings import SectionChoice
from lscb_core._model.text import Markdown
from lscb_core._publication.suppression import SuppressionRule, suppress

if TYPE_CHECKING:
    from lscb_core._sections.templating import NarrativeRenderer

from lscb_core._sections.helpers import prune_empty_headings

T = TypeVar("T")

__all__ = ["ComposedSection", "Section", "SectionContext", "SectionError", "compose", "small_count_note"]


@attrs.frozen
class Section:
    """A section of the report.

    ``build`` returns the section's content; lscb adds the heading (``title``,
    or what ``heading`` returns for the report when it returns a title;
    numbered "Appendix N:" when ``appendix`` or the board's settings make it
    an appendix) and starts it on a new page when
    ``page_break``. ``order`` places it among the others (built-in sections
    use 10 to 140). ``narrative`` names the files of ``narrative/`` it reads
    besides ``<key>.md`` (``lscb check`` points out files no section reads).
    """

    key: str
    title: str
    order: int
    build: Callable[[SectionContext], Sequence[Block]]
    appendix: bool = False
    page_break: bool = True
    narrative: tuple[str, ...] = ()
    heading: Callable[[SectionContext], str | None] | None = None


class SectionError(FindingError):
    """A section or plugin failed; ``finding`` says which, for which board and section."""


def _no_slots(name: str, context: SectionContext) -> Sequence[Block]:
    return ()


@attrs.define
class SectionContext:
    """What a section's ``build`` works with.

    ``loaded`` is the edition's *view* of the board's year, never the data as
    loaded: in the public edition, items not for publication are gone (or only
    their public identity and ``public_summary`` are left), hidden counts are
    :class:`~lscb_core._base.suppressed.Suppressed` values that print as the
    suppression symbol, and ``::: board-only`` passages are gone.
    ``report`` is its typed report, ``plugin_data`` the plugins' data,
    ``edition`` the edition being built; ``annexes`` the annexes asked for
    (``coverage``). :meth:`md` turns Markdown narrative
    (a template itself) into blocks; :meth:`narrative` does that for a file in
    ``narrative/``; :meth:`slot` collects what plugins add at a named place.
    Warnings said with :meth:`warn` are reported with the build's findings.
    ``fill_slot`` is how the build asks the plugins for a slot's content.
    """

    loaded: LoadedReport
    edition: Edition
    renderer: NarrativeRenderer
    fill_slot: Callable[[str, SectionContext], Sequence[Block]] = _no_slots
    section: str = ""
    findings: list[Finding] = attrs.field(factory=list)
    annexes: frozenset[str] = frozenset()
    progress: Callable[[str], None] | None = None

    def _tell(self, plugin: str, what: str) -> None:
        if self.progress is not None:
            self.progress(f"{what} (plugin {plugin!r}, section {self.section!r})")

    @property
    def report(self) -> AnnualReport:
        return self.loaded.report

    @property
    def plugin_data(self) -> Mapping[str, Mapping[str, Any]]:
        return self.loaded.plugin_data

    def warn(self, code: str, message: str, path: tuple[str | int, ...] | None = None) -> None:
        self.findings.append(warning(code, message, path))

    def md(self, text: Markdown | str | None, *, level: int = 2) -> list[Block]:
        """Blocks for a piece of narrative; its own headings start at ``level``."""
        if text is None:
            return []
        origin = text.origin if isinstance(text, Markdown) else None
        source = text if isinstance(text, Markdown) else Markdown(str(text))
        rendered = self.renderer.render(resolve_markdown(source, self.edition))

        def located(line: int | None) -> Location | None:
            return origin.shifted(line - 1) if origin is not None and line is not None else origin

        def warn(line: int | None, code: str, message: str) -> None:
            self.findings.append(warning(code, message, location=located(line)))

        from lscb_core._sections.markdown import MarkdownError, markdown_blocks

        try:
            blocks = markdown_blocks(
                rendered,
                base_level=level,
                on_warning=warn,
                on_image=lambda src, alt: self.picture(src, alt, origin),
            )
        except MarkdownError as exc:
            raise NarrativeError(located(exc.line), exc.message) from None
        symbol = self.renderer.suppressed
        if symbol is not None:
            rule = self.loaded.settings.suppression
            blocks.append(Paragraph((Text(small_count_note(symbol, rule.threshold)),), "TableNote"))
        return blocks

    def picture(self, src: str, alt: str, origin: Location | None = None) -> Image:
        """A picture from the board folder (PNG or JPEG), for ``![alternative text](path)`` in narrative.

        The path is relative to the period folder and may not leave the board
        folder (no ``..``, absolute paths or links out); the alternative text
        is required, as a screen reader reads it out.
        """

        if not alt.strip():
            raise NarrativeError(
                origin,
                f"the picture {src!r} needs alternative text that says what it shows: write ![what it shows](path)",
            )
        try:
            picture = read_picture(
                self.loaded.board_dir, self.loaded.period_dir, src, where=origin, warned=self.findings
            )
        except PictureRefusedError as refused:
            raise NarrativeError(origin, f"the picture {src!r} {refused}") from None
        return Image(
            picture.data, alt.strip(), width_cm=min(16.0, picture.width_px / 96 * 2.54), name=picture.name
        )

    def shown(self, items: Sequence[T]) -> list[T]:
        """The items whose detail this edition shows (all of them in the board edition)."""
        return [item for item in items if not isinstance(item, Publishable) or item.shown_in(self.edition)]

    def counts_table(
        self,
        key: str,
        columns: Sequence[Column],
        labels: Sequence[str],
        counts: Sequence[Sequence[int | Suppressed]],
        *,
        caption: str | None = None,
        notes: Sequence[str] = (),
        total: bool = True,
        totals: Sequence[int | Suppressed] | None = None,
    ) -> Table:
        """A table of counts with a total row; in the public edition, small counts are suppressed.

        Counts from the view are shown as they are: a hidden one as the
        suppression symbol, with a note. ``totals`` gives the total row (the
        view's totals); without it the columns are added up. Counts a plugin
        works out itself are protected here when ``key`` names a table the
        board protects (tables counting children or families are by default).
        """
        rule = self.loaded.settings.suppression
        plain = [[value for value in row if not isinstance(value, Suppressed)] for row in counts]
        hidden = any(len(row) != len(values) for row, values in zip(plain, counts, strict=True)) or any(
            isinstance(value, Suppressed) for value in totals or ()
        )
        protect = (
            self.edition is Edition.PUBLIC
            and rule.protects(key)
            and bool(counts)
            and not hidden
            and totals is None
        )
        notes = list(notes)
        if protect:
            values = [[int(value) for value in row] for row in plain]
            table = suppress(values, SuppressionRule(rule.threshold, rule.symbol), column_totals=total)
            body = [[cell.shown(table.rule) for cell in row] for row in table.cells]
            if table.any_suppressed:
                notes.append(small_count_note(rule.symbol, rule.threshold))
            shown_totals = (
                [cell.shown(table.rule) for cell in table.column_totals] if table.column_totals else None
            )
        else:
            body = [[number(n) for n in row] for row in counts]
            if totals is not None:
                shown_totals = [number(n) for n in totals] if total else None
            else:
                shown_totals = (
                    [number(sum(column)) for column in zip(*counts, strict=True)]
                    if total and counts
                    else None
                )
            if hidden:
                notes.append(small_count_note(rule.symbol, rule.threshold))
        rows = [
            Row(tuple(Cell.of(v) for v in (label, *values)))
            for label, values in zip(labels, body, strict=True)
        ]
        if shown_totals is not None:
            rows.append(Row(tuple(Cell.of(v) for v in ("Total", *shown_totals)), total=True))
        return Table(tuple(columns), tuple(rows), caption, tuple(notes))

    def narrative(self, name: str, *, level: int = 2) -> list[Block]:
        """Blocks for ``narrative/<name>.md``, or nothing when the board has not written it."""
        return self.md(self.report.narrative.get(name), level=level)

    def slot(self, name: str) -> list[Block]:
        """What plugins add at the slot ``name`` (see the ``lscb_slot_content`` hook)."""
        return list(self.fill_slot(name, self))


@attrs.frozen
class ComposedSection:
    section: Section
    title: str
    blocks: tuple[Block, ...]
    plugin: str


def small_count_note(symbol: str, threshold: int) -> str:
    return (
        f"{symbol}: a count from 1 to {threshold} is not shown, to protect children and families; "
        "other figures may be hidden too, so that no hidden count can be worked out from the totals."
    )


def _context(context: SectionContext) -> str:
    report = context.report
    return f" (board {report.board.short_name} {report.period.label}, section {context.section or '-'!r})"


def _build(section: Section, plugin: str, context: SectionContext, checked: bool) -> list[Block]:
    """A section's blocks; a build that fails or returns something else stops the build, blamed."""
    try:
        built = section.build(context)
    except (FindingError, NarrativeError):
        raise
    except Exception as exc:  # reported with the plugin, file and line, board and section; never a traceback
        raise SectionError(plugin_failed(plugin, exc, homes_of(section.build), _context(context))) from None
    problem = blocks_problem(built) if checked else None
    if problem is None and not isinstance(built, list | tuple):
        problem = f"returned {type(built).__name__}, not a list of blocks"
    if problem is not None:
        raise SectionError(bad_result(plugin, problem, section.build, _context(context)))
    return list(built)


def _order(
    sections: dict[str, tuple[Section, str]],
    choices: Sequence[SectionChoice],
    placed: Sequence[SectionChoice] = (),
) -> tuple[list[str], list[Finding]]:
    """Keys in report order, after the board's choices; findings for choices that name no section.

    ``placed`` are the places board-defined sections ask for, applied first
    (their names are checked where they are declared).
    """
    findings: list[Finding] = []
    appendices = appendix_choices(choices)
    anchored = {c.section for c in (*choices, *placed) if c.after or c.before}

    def place(key: str) -> float:
        section = sections[key][0]
        moved = appendices.get(key) and not section.appendix and key not in anchored
        return APPENDIX_PLACE + section.order / 1000 if moved else section.order

    keys = sorted((k for k, (s, _) in sections.items() if s.order >= 0), key=lambda k: (place(k), k))
    replaced: dict[str, str] = {}
    numbered: list[tuple[int | None, SectionChoice]] = [(None, c) for c in placed]
    numbered += enumerate(choices)
    for i, choice in numbered:
        path = ("settings", "sections", i or 0)
        named = (
            (choice.section, "section"),
            (choice.use, "use"),
            (choice.after, "after"),
            (choice.before, "before"),
        )
        for name, field in named if i is not None else ():
            if name is not None and name not in sections:
                close = difflib.get_close_matches(name, list(sections), n=1)
                hint = f"; did you mean {close[0]!r}?" if close else ""
                findings.append(
                    error("settings.unknown-section", f"there is no section {name!r}{hint}", (*path, field))
                )
        if choice.section not in sections:
            continue
        if choice.use is not None and choice.use in sections:
            replaced[choice.section] = choice.use
        if not choice.enabled and choice.section in keys:
            keys.remove(choice.section)
        anchor = choice.after or choice.before
        if choice.enabled and anchor in sections and anchor != choice.section:
            if choice.section in keys:
                keys.remove(choice.section)
            if anchor not in keys:
                keys.append(anchor)
            at = keys.index(anchor) + (1 if choice.after else 0)
            keys.insert(at, choice.section)
    result = []
    for key in keys:
        target = replaced.get(key, key)
        if target not in result:
            result.append(target)
    return result, findings


def compose(
    context: SectionContext,
    sections: Mapping[str, tuple[Section, str]],
    *,
    trusted: frozenset[str] = frozenset(),
) -> list[ComposedSection]:
    """Build every section in order; raises :class:`SectionError` when one fails.

    ``sections`` are the sections on offer by key, each with the plugin
    offering it, to which the board's own sections (declared as data) are
    added. What a section returns is checked block by block, except for the
    ``trusted`` plugins (lscb's own, held to the types by the type checker).
    """
    # Imported here: board-defined sections are built with this module's Section.
    from lscb_core._sections.local import board_sections, placements

    offered = dict(sections)
    offered.update(board_sections(context.loaded, offered))
    choices = context.loaded.settings.sections
    keys, problems = _order(offered, choices, placements(context.loaded, offered))
    if problems:
        raise SectionError(problems[0].located(context.loaded.sources))
    titles = {c.section: without_hand_number(c.title) for c in choices if c.title}
    appendices = appendix_choices(choices)
    composed: list[ComposedSection] = []
    appendix = 0
    for key in keys:
        section, plugin = offered[key]
        context.section = key
        context._tell(plugin, "building the section")
        blocks: list[Block] = []
        blocks += context.slot(f"{key}.start")
        blocks += _build(section, plugin, context, plugin not in trusted)
        blocks += context.slot(f"{key}.end")
        blocks = prune_empty_headings(blocks)
        if not blocks:
            continue
        title = titles.get(key) or (section.heading(context) if section.heading else None) or section.title
        if appendices.get(key, section.appendix):
            appendix += 1
            title = f"Appendix {appendix}: {title}"
        heading = Heading(title, 1, page_break=section.page_break)
        composed.append(ComposedSection(section, title, (heading, *blocks), plugin))
    return composed
