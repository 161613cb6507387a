"""Building a report: load, check, compose sections, render, audit, and write atomically."""

from __future__ import annotations

import contextlib
import os
import re
import tempfile
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import attrs
import pluggy

from lscb_core._accessibility.audit import audit_docx
from lscb_core._build.check import check_view, run_checks
from lscb_core._model.editions import Edition
from lscb_core._model.formatting import FILTERS
from lscb_core._base.findings import Finding, Level, LoadError, sort_findings
from lscb_core._model.loaded import LoadedReport
from lscb_core._loading.folder import load_report
from lscb_core._loading.package_clean import clean_blocks, load_template
from lscb_core._hooks.manager import PluginError, make_plugin_manager
from lscb_core._render.document import (
    DocumentProperties,
    RenderError,
    TemplateDocument,
    build_time,
)
from lscb_core._base.errors import NarrativeError
from lscb_core._sections.templating import NarrativeRenderer
from lscb_core._render.furniture import fit_footer_title
from lscb_core._render.pdf import PdfError, convert_to_pdf, heading_pages
from lscb_core._publication.view import View, make_view
from lscb_core._sections.compose import ComposedSection, SectionContext, SectionError, compose

__all__ = ["BuildResult", "build_report", "default_output", "write_atomically"]


@attrs.frozen
class BuildResult:
    """What a build made and found. Nothing is written unless ``ok``."""

    ok: bool
    findings: tuple[Finding, ...]
    output: Path | None = None
    pdf: Path | None = None
    loaded: LoadedReport | None = None
    sections: tuple[str, ...] = ()

    @property
    def errors(self) -> tuple[Finding, ...]:
        return tuple(f for f in self.findings if f.level is Level.ERROR)


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "board"


def default_output(loaded: LoadedReport, edition: Edition, root: Path | None = None) -> Path:
    """``build/<board-slug>-annual-report-<period>.docx`` (``-board-edition`` for the board's)."""
    report = loaded.report
    kind = slug(report.name)
    suffix = "" if edition is Edition.PUBLIC else "-board-edition"
    return (root or Path("build")) / f"{slug(report.board.name)}-{kind}-{report.period.slug}{suffix}.docx"


def write_atomically(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` so that readers see the old file or the new one, never a part."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        # mkstemp makes the file private; give it the mode a new file would have.
        mask = os.umask(0)
        os.umask(mask)
        Path(temporary).chmod(0o666 & ~mask)
        Path(temporary).replace(path)
    except BaseException:
        with contextlib.suppress(OSError):
            Path(temporary).unlink()
        raise


def _error(code: str, message: str, **extra: Any) -> Finding:
    return Finding(level=Level.ERROR, code=code, message=message, **extra)


def template_values(view: LoadedReport, edition: Edition, pm: pluggy.PluginManager) -> dict[str, Any]:
    """The values the master template and the narrative can use: the edition's view, never the data as loaded."""
    report = view.report
    values: dict[str, Any] = {field.name: getattr(report, field.name) for field in attrs.fields(type(report))}
    values.update(
        report=report,
        plugins=view.plugin_data,
        board_name=report.board.name,
        report_title=report.report_title,
        full_title=report.full_title,
        child_death_review=report.cdop,
        footer_title=fit_footer_title([report.full_title, f"{report.board.short_name} {report.report_title}"]),
        report_name=report.name,
        period_long=report.period.long_label,
        period_label=report.period.label,
        edition=edition.value,
        edition_notice=edition.notice,
        header_notice=edition.notice,
    )
    for extra in pm.hook.lscb_template_context(view=view, edition=edition.value):
        if extra:
            values.update(extra)
    return values


def _filters(pm: pluggy.PluginManager) -> dict[str, Callable[..., Any]]:
    filters: dict[str, Callable[..., Any]] = {}
    for extra in reversed(pm.hook.lscb_jinja_filters()):
        filters.update(extra or {})
    return filters


def _section_context(
    loaded: LoadedReport,
    pm: pluggy.PluginManager,
    edition: Edition,
    values: Mapping[str, Any],
    filters: Mapping[str, Callable[..., Any]],
    *,
    annexes: frozenset[str] = frozenset(),
    progress: Callable[[str], None] | None = None,
) -> SectionContext:
    return SectionContext(
        loaded=loaded,
        edition=edition,
        pm=pm,
        renderer=NarrativeRenderer(values, filters),
        annexes=annexes,
        progress=progress,
    )


def compose_sections(
    loaded: LoadedReport, pm: pluggy.PluginManager, edition: Edition = Edition.PUBLIC
) -> list[ComposedSection]:
    """Every section of the report as ``edition`` shows it, in order, without rendering a document.

    The sections are made from the edition's view of ``loaded``, as in a build.
    """
    shown = make_view(loaded, edition).loaded
    values = template_values(shown, edition, pm)
    return compose(_section_context(shown, pm, edition, values, _filters(pm)))


def render_document(
    loaded: LoadedReport,
    pm: pluggy.PluginManager,
    edition: Edition = Edition.PUBLIC,
    *,
    pages: Mapping[str, int] | None = None,
    annexes: frozenset[str] = frozenset(),
    progress: Callable[[str], None] | None = None,
    view: View | None = None,
) -> tuple[bytes, list[Any], list[Finding], tuple[str, ...]]:
    """The .docx bytes of a loaded report, its contents entries, warnings and section keys.

    Everything in the document is made from ``view`` (by default the
    edition's view of ``loaded``): sections, templates and plugins never see
    the data as loaded.
    """
    if view is None:
        view = make_view(loaded, edition)
    shown = view.loaded
    template = load_template(shown.settings.template, shown.board_dir)
    values = template_values(shown, edition, pm)
    filters = _filters(pm)
    context = _section_context(shown, pm, edition, values, filters, annexes=annexes, progress=progress)
    composed = compose(context)
    blocks, cleaned = clean_blocks(block for section in composed for block in section.blocks)
    settings = shown.settings
    document = TemplateDocument(template.data, {**FILTERS, **filters}, name=template.name)
    entries = document.render(blocks, context=values, contents_levels=settings.contents_levels, pages=pages)
    report = shown.report
    properties = DocumentProperties(
        title=report.full_title,
        subject=f"{report.name} of the {report.board.name} for {report.period.long_label}",
        author=report.board.name,
        keywords=f"safeguarding children; {report.name.lower()}; {report.period.label}",
        category=report.name,
        status="Public edition" if edition is Edition.PUBLIC else edition.notice,
    )
    data = document.save(properties, build_time(report.period.end))
    return (
        data,
        entries,
        [*template.findings, *cleaned, *(f.located(loaded.sources) for f in context.findings)],
        tuple(s.section.key for s in composed),
    )


def build_report(
    board_dir: Path | str,
    period: str | None = None,
    *,
    output: Path | None = None,
    edition: Edition = Edition.PUBLIC,
    pm: pluggy.PluginManager | None = None,
    pdf: bool = False,
    block: tuple[str, ...] = (),
    audit_gate: bool = True,
    annexes: frozenset[str] = frozenset(),
    progress: Callable[[str], None] | None = None,
) -> BuildResult:
    """Build one board's report. Writes nothing unless everything succeeded.

    The document is audited for accessibility before it is written; an audit
    error fails the build unless ``audit_gate`` is off (then it is a warning).
    ``annexes`` adds annexes (``coverage``). Plugins the board's settings
    block are left out as if ``block`` named them. ``progress`` is told what
    the build is doing as it goes (the step, and the plugin and section).
    """
    tell = progress or (lambda message: None)
    tell("loading the board folder")
    pm = pm or make_plugin_manager(block=block)
    try:
        loaded = load_report(board_dir, period, pm=pm)
        blocked = tuple(name for name in loaded.settings.block_plugins if pm.get_plugin(name) is not None)
        if blocked:
            pm = make_plugin_manager(block=(*block, *blocked))
            loaded = load_report(board_dir, period, pm=pm)
    except LoadError as exc:
        return BuildResult(False, tuple(exc.findings))
    except PluginError as exc:
        return BuildResult(False, (_error("plugin.failed", str(exc)),))
    findings = run_checks(loaded, pm, progress)
    if any(f.level is Level.ERROR for f in findings):
        return BuildResult(False, tuple(findings), loaded=loaded)

    def failed(finding: Finding) -> BuildResult:
        return BuildResult(False, tuple(sort_findings([*findings, finding])), loaded=loaded)

    try:
        tell(f"making the {edition.value} view of the report")
        view = make_view(loaded, edition)
    except NarrativeError as exc:
        return failed(_error("build.narrative", exc.message, location=exc.location))
    if edition is Edition.PUBLIC:
        findings = sort_findings([*findings, *check_view(view, pm)])
        if any(f.level is Level.ERROR for f in findings):
            return BuildResult(False, tuple(findings), loaded=loaded)
    try:
        data, entries, warnings, keys = render_document(
            loaded, pm, edition, annexes=annexes, progress=progress, view=view
        )
        findings += warnings
        pdf_data = None
        if pdf:
            pages = heading_pages(convert_to_pdf(data), entries)
            data, entries, _, keys = render_document(
                loaded, pm, edition, pages=pages, annexes=annexes, view=view
            )
            pdf_data = convert_to_pdf(data)
    except SectionError as exc:
        return failed(exc.finding)
    except LoadError as exc:  # a template or Word fragment refused
        return BuildResult(False, tuple(sort_findings([*findings, *exc.findings])), loaded=loaded)
    except NarrativeError as exc:
        return failed(_error("build.narrative", exc.message, location=exc.location))
    except RenderError as exc:
        return failed(_error("build.template", str(exc)))
    except PdfError as exc:
        return failed(_error("build.pdf", str(exc)))
    target = output or default_output(loaded, edition)
    tell("auditing the document for accessibility")
    audit = audit_docx(data, str(target))
    if not audit_gate:
        audit = [attrs.evolve(f, level=Level.WARNING) if f.level is Level.ERROR else f for f in audit]
    findings += audit
    if any(f.level is Level.ERROR for f in audit):
        return BuildResult(False, tuple(sort_findings(findings)), loaded=loaded)
    write_atomically(target, data)
    pdf_path = None
    if pdf_data is not None:
        pdf_path = target.with_suffix(".pdf")
        write_atomically(pdf_path, pdf_data)
    return BuildResult(True, tuple(sort_findings(findings)), target, pdf_path, loaded, keys)
