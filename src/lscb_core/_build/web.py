"""The web edition of a report: its composed sections through the HTML renderer, and the preview's remarks."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path, PurePath
from typing import TYPE_CHECKING, Any

from lscb_core._base.blocks import Block, BulletList, NumberedList, Quote, WordFragment
from lscb_core._base.findings import Finding, Level
from lscb_core._base.locations import Location, format_path
from lscb_core._loading.package_clean import CleanPackage, clean_blocks
from lscb_core._model.loaded import LoadedReport
from lscb_core._render.html import (
    HtmlError,
    Remark,
    WebPage,
    WebSection,
    WebStyle,
    default_skeleton,
    render_web,
    theme_style,
)
from lscb_core._sections.compose import ComposedSection

if TYPE_CHECKING:
    from lscb_core._build.build import Composition

__all__ = ["WebError", "remarks_by_section", "web_files"]


class WebError(Exception):
    """The web edition cannot be made; ``finding`` says why and where."""

    def __init__(self, finding: Finding) -> None:
        self.finding = finding
        super().__init__(finding.message)


# Where findings about a part of the data are shown, when no section has that part's name.
_DATA_SECTIONS = {
    "activities": "audits",
    "audits": "audits",
    "inspections": "inspection",
    "structure": "governance",
    "submitted_to": "about",
    "approval": "about",
    "authors": "about",
    "board": "about",
    "area": "context",
    "leadership": "foreword",
}


def _fragments(blocks: Iterable[Block]) -> Iterable[WordFragment]:
    for block in blocks:
        if isinstance(block, WordFragment):
            yield block
        elif isinstance(block, BulletList | NumberedList):
            for item in block.items:
                yield from _fragments(item)
        elif isinstance(block, Quote):
            yield from _fragments(block.blocks)


def _check_fragments(loaded: LoadedReport, composed: Sequence[ComposedSection]) -> None:
    """Every Word fragment needs its HTML form; the error names the plugin and the section."""
    report = loaded.report
    for section in composed:
        for fragment in _fragments(section.blocks):
            if fragment.html is None:
                raise WebError(
                    Finding(
                        level=Level.ERROR,
                        code="build.web-fragment",
                        message=(
                            f"the plugin {section.plugin!r} gave a Word fragment ({fragment.template.name}) "
                            "with no HTML form, so the web edition cannot show it "
                            f"(board {report.board.short_name} {report.period.label}, section {section.section.key!r}); "
                            "the plugin can give WordFragment(..., html=[blocks]) or the board can leave out the web edition"
                        ),
                        plugin=section.plugin,
                    )
                )


def remarks_by_section(
    findings: Sequence[Finding], keys: Sequence[str]
) -> tuple[dict[str, list[Remark]], list[Remark]]:
    """The findings as remarks: by the section each concerns (where one can be told), and all of them."""
    known = set(keys)
    placed: dict[str, list[Remark]] = {}
    everything: list[Remark] = []
    for finding in findings:
        where = (
            str(finding.location) if finding.location else (format_path(finding.path) if finding.path else "")
        )
        remark = Remark(level=finding.level.value, where=where, message=finding.message, code=finding.code)
        everything.append(remark)
        key = _section_of(finding, known)
        if key is not None:
            placed.setdefault(key, []).append(remark)
    return placed, everything


def _section_of(finding: Finding, known: set[str]) -> str | None:
    if finding.location is not None:
        file = PurePath(finding.location.file)
        if file.parent.name == "narrative" and file.stem in known:
            return file.stem
    if finding.path:
        root = str(finding.path[0])
        if root == "structure" and "highlights" in finding.path and "highlights" in known:
            return "highlights"
        for candidate in (root, _DATA_SECTIONS.get(root)):
            if candidate in known:
                return candidate
    return None


def web_files(
    composition: Composition,
    template: CleanPackage,
    filters: Mapping[str, Callable[..., Any]],
    *,
    findings: Sequence[Finding] | None = None,
    banner: str = "",
) -> tuple[dict[str, bytes], list[Finding]]:
    """The web edition's files by relative path, and what cleaning its pictures removed.

    ``findings`` (for the preview) are shown with the content they concern.
    """
    shown = composition.view
    _check_fragments(shown, composition.sections)
    web = shown.settings.web
    report = shown.report
    try:
        skeleton = _skeleton(web.template, shown.board_dir)
    except HtmlError as exc:
        where = Location(exc.file) if exc.file else None
        raise WebError(
            Finding(level=Level.ERROR, code="build.web-template", message=exc.message, location=where)
        ) from None
    style = theme_style(template.data, accent=web.accent, font=web.font)
    if web.heading_font:
        style = WebStyle(accent=style.accent, font=style.font, heading_font=web.heading_font)
    page = WebPage(
        title=report.full_title,
        language="en-GB",
        description=f"{report.name} of the {report.board.name} for {report.period.long_label}",
        values=composition.values,
    )
    sections = []
    removed: list[Finding] = []
    for section in composition.sections:
        # Pictures are cleaned of their metadata as they are for the Word document.
        blocks, cleaned = clean_blocks(_web_blocks(section.blocks))
        removed += cleaned
        sections.append(
            WebSection(key=section.section.key, blocks=tuple(blocks), page_break=section.section.page_break)
        )
    placed: dict[str, list[Remark]] | None = None
    everything: list[Remark] | None = None
    if findings is not None:
        placed, everything = remarks_by_section(findings, [s.key for s in sections])
    try:
        files = render_web(
            sections,
            page=page,
            style=style,
            skeleton=skeleton,
            filters=filters,
            remarks=placed,
            all_remarks=everything,
            banner=banner,
        )
    except HtmlError as exc:
        where = Location(exc.file, exc.line) if exc.file else None
        raise WebError(
            Finding(level=Level.ERROR, code="build.web", message=exc.message, location=where)
        ) from None
    return files, removed


def _web_blocks(blocks: Iterable[Block]) -> list[Block]:
    """The blocks with each Word fragment replaced by its HTML form (checked to be there)."""
    out: list[Block] = []
    for block in blocks:
        if isinstance(block, WordFragment) and block.html is not None:
            out.extend(block.html)
        else:
            out.append(block)
    return out


def _skeleton(name: str | None, board_dir: Path) -> Path:
    if not name:
        return default_skeleton()
    path = (board_dir / name).resolve()
    if board_dir.resolve() not in path.parents:
        raise HtmlError("the page skeleton must be inside the board folder", file=str(board_dir / name))
    if not path.is_file():
        raise HtmlError("there is no page skeleton file here", file=str(board_dir / name))
    return path
