"""Building a report: load, check, compose sections, render, audit, and write atomically."""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, ParamSpec

import attrs
import pluggy

from lscb_core._accessibility.audit import audit_docx
from lscb_core._base.errors import FindingError, NarrativeError
from lscb_core._base.findings import Finding, Level, LoadError, error, sort_findings
from lscb_core._base.keep import cache_in, made_here
from lscb_core._base.limits import current_limits, outside_work, use_limits
from lscb_core._base.locations import Location
from lscb_core._build.check import check_view, run_checks
from lscb_core._build.earlier import with_earlier
from lscb_core._build.narrative_check import check_narrative, not_named_already
from lscb_core._build.output import (
    DEFAULT_FOLDER,
    KEPT_FOLDER,
    OUTPUTS,
    OutputError,
    output_paths,
    write_atomically,
    write_folder_atomically,
    write_made,
)
from lscb_core._build.session import open_board
from lscb_core._build.values import template_values
from lscb_core._hooks.contributions import Plugins
from lscb_core._hooks.manager import BUILT_IN
from lscb_core._loading.package_clean import CleanPackage, clean_blocks, load_template
from lscb_core._model.editions import Edition
from lscb_core._model.formatting import FILTERS
from lscb_core._model.loaded import LoadedReport
from lscb_core._publication.view import View, make_view
from lscb_core._render.contents import fill_contents_pages
from lscb_core._render.document import (
    DocumentProperties,
    RenderError,
    TemplateDocument,
    build_time,
)
from lscb_core._render.ooxml import ContentsEntry
from lscb_core._render.pdf import PdfError, convert_to_pdf, find_soffice
from lscb_core._sections.compose import ComposedSection, Section, SectionContext, compose
from lscb_core._sections.templating import NarrativeRenderer

if TYPE_CHECKING:  # LibreOffice's helpers are imported when a build uses LibreOffice
    from lscb_core._render.office import Office, OfficeAddress, OfficeJob

P = ParamSpec("P")

__all__ = [
    "OUTPUTS",
    "BuildResult",
    "Composition",
    "build_report",
    "compose_report",
    "default_output",
    "output_paths",
    "write_atomically",
    "write_folder_atomically",
    "write_outputs",
]


@attrs.frozen
class BuildResult:
    """What a build made and found. Nothing is written unless ``ok``."""

    ok: bool
    findings: tuple[Finding, ...]
    output: Path | None = None
    pdf: Path | None = None
    loaded: LoadedReport | None = None
    sections: tuple[str, ...] = ()
    html: Path | None = None
    data: bytes | None = attrs.field(default=None, repr=False)
    """The Word document, when the build made one (written to ``output`` unless the build was asked not to write)."""
    pdf_data: bytes | None = attrs.field(default=None, repr=False)
    web: Mapping[str, bytes] | None = attrs.field(default=None, repr=False)
    """The web edition's files by name, when the build made it."""
    paths: Mapping[str, Path] = attrs.field(factory=dict)
    """Where each output goes (``docx``, ``pdf``, ``html``), written or not."""
    made: Mapping[str, bytes] = attrs.field(factory=dict, repr=False)
    """What the build made that the next one can reuse, saved when the outputs are written."""

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
    return (root or DEFAULT_FOLDER) / f"{slug(report.board.name)}-{kind}-{report.period.slug}{suffix}.docx"


def _uses(plugins: Plugins | pluggy.PluginManager) -> Plugins:
    return plugins if isinstance(plugins, Plugins) else Plugins(plugins)


def _first_error(findings: Iterable[Finding]) -> None:
    for finding in findings:
        if finding.level is Level.ERROR:
            raise FindingError(finding)


def _template_line(loaded: LoadedReport) -> Location | None:
    """Where settings.yaml names the template (for a refused template's findings)."""
    name = loaded.settings.template
    return getattr(name, "location", None) or loaded.locate(("settings", "template"))


def _filters(plugins: Plugins | pluggy.PluginManager) -> dict[str, Callable[..., Any]]:
    """The filters plugins add for templates (raises :class:`FindingError` when a plugin fails)."""
    filters, problems = _uses(plugins).filters()
    _first_error(problems)
    return filters


def _section_context(
    loaded: LoadedReport,
    uses: Plugins,
    edition: Edition,
    values: Mapping[str, Any],
    filters: Mapping[str, Callable[..., Any]],
    *,
    annexes: frozenset[str] = frozenset(),
    progress: Callable[[str], None] | None = None,
) -> tuple[SectionContext, dict[str, tuple[Section, str]]]:
    """What sections work with, and the sections on offer (raises :class:`FindingError`)."""
    sections, problems = uses.sections()
    _first_error(problems)
    context = SectionContext(
        loaded=loaded,
        edition=edition,
        renderer=NarrativeRenderer(values, filters, limits=loaded.limits, progress=progress),
        fill_slot=uses.slot,
        annexes=annexes,
        progress=progress,
    )
    return context, sections


def compose_sections(
    loaded: LoadedReport, plugins: Plugins | pluggy.PluginManager, edition: Edition = Edition.PUBLIC
) -> list[ComposedSection]:
    """Every section of the report as ``edition`` shows it, in order, without rendering a document.

    The sections are made from the edition's view of ``loaded``, as in a build.
    """
    uses = _uses(plugins)
    shown = make_view(loaded, edition).loaded
    values = template_values(shown, edition, uses)
    context, sections = _section_context(shown, uses, edition, values, _filters(uses))
    return compose(context, sections, trusted=BUILT_IN)


@attrs.frozen
class Composition:
    """A report's sections composed once, for every output: sections, template values and filters."""

    view: LoadedReport
    sections: tuple[ComposedSection, ...]
    values: Mapping[str, Any]
    filters: Mapping[str, Callable[..., Any]]
    findings: tuple[Finding, ...]

    @property
    def keys(self) -> tuple[str, ...]:
        return tuple(s.section.key for s in self.sections)


def compose_report(
    loaded: LoadedReport,
    plugins: Plugins | pluggy.PluginManager,
    edition: Edition = Edition.PUBLIC,
    *,
    annexes: frozenset[str] = frozenset(),
    progress: Callable[[str], None] | None = None,
    view: View | None = None,
) -> Composition:
    """Every section of the report in order, made from ``view`` (by default the edition's view of ``loaded``)."""
    if view is None:
        view = make_view(loaded, edition)
    uses = _uses(plugins)
    shown = view.loaded
    values = template_values(shown, edition, uses)
    filters = _filters(uses)
    context, sections = _section_context(
        shown, uses, edition, values, filters, annexes=annexes, progress=progress
    )
    composed = compose(context, sections, trusted=BUILT_IN)
    return Composition(
        shown, tuple(composed), values, filters, tuple(f.located(loaded.sources) for f in context.findings)
    )


def docx_bytes(
    composition: Composition,
    template: CleanPackage,
    edition: Edition = Edition.PUBLIC,
    *,
    pages: Mapping[str, int] | None = None,
    hint: bool = False,
) -> tuple[bytes, list[ContentsEntry], list[Finding]]:
    """The .docx bytes of a composed report, its contents entries, and what cleaning its parts removed.

    ``hint`` says under the contents how to number its pages in Word.
    """
    shown = composition.view
    blocks, cleaned = clean_blocks(block for section in composition.sections for block in section.blocks)
    document = TemplateDocument(template.data, {**FILTERS, **composition.filters}, name=template.name)
    entries = document.render(
        blocks,
        context=composition.values,
        contents_levels=shown.settings.contents_levels,
        pages=pages,
        hint=hint,
    )
    report = shown.report
    properties = DocumentProperties(
        title=report.full_title,
        subject=f"{report.name} of the {report.board.name} for {report.period.long_label}",
        author=report.board.name,
        keywords=f"safeguarding children; {report.name.lower()}; {report.period.label}",
        category=report.name,
        status="Public edition" if edition is Edition.PUBLIC else edition.notice,
    )
    return document.save(properties, build_time(report.period.end)), entries, cleaned


def render_document(
    loaded: LoadedReport,
    plugins: Plugins | pluggy.PluginManager,
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
    template = load_template(
        view.loaded.settings.template, view.loaded.board_dir, where=_template_line(view.loaded)
    )
    composition = compose_report(loaded, plugins, edition, annexes=annexes, progress=progress, view=view)
    data, entries, cleaned = docx_bytes(composition, template, edition, pages=pages)
    return data, entries, [*template.findings, *cleaned, *composition.findings], composition.keys


def _keeping(build: Callable[P, BuildResult]) -> Callable[P, BuildResult]:
    """Run ``build`` with what earlier builds made kept in the build folder (see :func:`_cache_folder`)."""

    @functools.wraps(build)
    def run(*args: P.args, **kwargs: P.kwargs) -> BuildResult:
        output = kwargs.get("output")
        with cache_in(_cache_folder(output if isinstance(output, Path) else None)):
            return build(*args, **kwargs)

    return run


@_keeping
def build_report(
    board_dir: Path | str,
    period: str | None = None,
    *,
    output: Path | None = None,
    edition: Edition = Edition.PUBLIC,
    pm: pluggy.PluginManager | None = None,
    pdf: bool = False,
    outputs: Sequence[str] = ("docx",),
    page_numbers: bool = False,
    block: Iterable[str] = (),
    plugins: Iterable[str] = (),
    audit_gate: bool = True,
    annexes: frozenset[str] = frozenset(),
    progress: Callable[[str], None] | None = None,
    preview: bool = False,
    office: OfficeAddress | None = None,
    write: bool = True,
) -> BuildResult:
    """Build one board's report. Writes nothing unless everything succeeded.

    ``outputs`` names what to write: ``docx``, ``html`` (the web edition, a
    folder) and ``pdf`` (``pdf=True`` adds it). With one output, ``output`` is
    its path; with several, ``output`` names a stem (see :func:`output_paths`).
    ``page_numbers`` fills in the contents page's numbers through LibreOffice
    (else a line under the contents says how to in Word). LibreOffice runs
    once, for the numbers and the PDF together: the one at ``office`` when
    given (many builds share one), else one started for this build.
    With ``write`` off, nothing is written at all: the outputs come back in
    ``data``, ``pdf_data`` and ``web`` (their places in ``paths``), for a
    worker's parent to write (:func:`write_outputs`).
    The document is audited for accessibility before it is written; an audit
    error fails the build unless ``audit_gate`` is off (then it is a warning).
    ``annexes`` adds annexes (``coverage``). The board's settings are read
    first: plugins they block are left out, as are those ``block`` names;
    ``plugins`` names further modules to use as plugins (``-p``). Without
    ``pm``, the installed plugins are used. ``progress`` is told what the
    build is doing as it goes (the step, and the plugin and section).
    ``preview`` shows the findings in the web edition, beside what they concern.
    """
    wanted = tuple(kind for kind in OUTPUTS if kind in outputs or (kind == "pdf" and pdf))
    unknown = sorted(set(outputs) - set(OUTPUTS))
    if unknown or not wanted:
        raise ValueError(f"outputs must be some of {', '.join(OUTPUTS)}, got {', '.join(outputs) or 'none'}")
    tell = progress or (lambda message: None)
    tell("loading the board folder")
    try:
        uses, loaded = open_board(board_dir, period, pm=pm, block=block, plugins=plugins)
    except LoadError as exc:
        return BuildResult(False, tuple(exc.findings))
    tell("reading the earlier periods")
    loaded, earlier_findings = with_earlier(loaded, uses, run_checks)
    findings = sort_findings([*run_checks(loaded, uses, progress), *earlier_findings])
    # Every narrative template is worked out first, so that all their errors come at once.
    try:
        findings += not_named_already(findings, check_narrative(loaded, uses, progress, warnings=False))
    except FindingError as exc:
        findings.append(exc.finding)
    if any(f.level is Level.ERROR for f in findings):
        return BuildResult(False, tuple(sort_findings(findings)), loaded=loaded)

    def failed(finding: Finding) -> BuildResult:
        return BuildResult(False, tuple(sort_findings([*findings, finding])), loaded=loaded)

    try:
        tell(f"making the {edition.value} view of the report")
        view = make_view(loaded, edition)
    except NarrativeError as exc:
        return failed(error("build.narrative", exc.message, location=exc.location))
    if edition is Edition.PUBLIC:
        findings = sort_findings([*findings, *check_view(view, uses)])
        if any(f.level is Level.ERROR for f in findings):
            return BuildResult(False, tuple(findings), loaded=loaded)
    default = default_output(loaded, edition)
    single = default if len(wanted) > 1 or wanted == ("docx",) else _default_for(default, wanted[0])
    paths = output_paths(output or single, wanted)
    data: bytes | None = None
    pdf_data: bytes | None = None
    web: dict[str, bytes] | None = None
    own_office: Office | None = None
    job: OfficeJob | None = None
    audit: list[Finding] | None = None
    template: CleanPackage | None = None
    audited_as = str(paths.get("docx", paths.get("pdf", default)))

    def audit_now() -> None:
        nonlocal audit
        if data is not None and audit is None:
            tell("auditing the document for accessibility")
            audit = audit_docx(data, audited_as)

    try:
        with use_limits(loaded.limits):
            if (page_numbers or "pdf" in wanted) and _scriptable_office():
                from lscb_core._render.office import Office, OfficeJob

                if office is None:
                    own_office = Office()
                    office = own_office.address
                # LibreOffice starts, and the job connects to it, while the report is composed.
                job = OfficeJob(office, timeout=current_limits().libreoffice_seconds)
            shown = view.loaded
            template = load_template(shown.settings.template, shown.board_dir, where=_template_line(shown))
            findings += template.findings
            composition = compose_report(loaded, uses, edition, annexes=annexes, progress=progress, view=view)
            keys = composition.keys
            findings += composition.findings
            if "html" in wanted:
                tell("writing the web edition")
                from lscb_core._build.web import web_files
                from lscb_core._render.html import PREVIEW_MARKER

                web, cleaned = web_files(
                    composition,
                    template,
                    {**FILTERS, **composition.filters},
                    findings=sort_findings(findings) if preview else None,
                    banner=PREVIEW_MARKER if preview else "",
                )
                findings += cleaned
            if "docx" in wanted or "pdf" in wanted:
                tell("writing the Word document")
                data, entries, cleaned = docx_bytes(composition, template, edition, hint=not page_numbers)
                if "html" not in wanted:
                    findings += cleaned
                if page_numbers or "pdf" in wanted:
                    data, pdf_data = _through_office(
                        data,
                        entries,
                        job,
                        page_numbers=page_numbers,
                        pdf="pdf" in wanted,
                        loaded=loaded,
                        tell=tell,
                        meanwhile=audit_now,
                    )
                    job = None
    except FindingError as exc:
        return failed(exc.finding)
    except LoadError as exc:  # a template or Word fragment refused
        return BuildResult(False, tuple(sort_findings([*findings, *exc.findings])), loaded=loaded)
    except NarrativeError as exc:
        return failed(error("build.narrative", exc.message, location=exc.location))
    except RenderError as exc:
        return failed(error("build.template", str(exc)))
    except PdfError as exc:
        return failed(error("build.pdf", str(exc)))
    except Exception as exc:
        from lscb_core._build.web import WebError

        if isinstance(exc, WebError):
            return failed(exc.finding)
        raise
    finally:
        if job is not None:
            job.cancel()
        if own_office is not None:
            own_office.close()
    if data is not None:
        audit_now()
        assert audit is not None
        if not audit_gate:
            audit = [attrs.evolve(f, level=Level.WARNING) if f.level is Level.ERROR else f for f in audit]
        if template is not None:
            from lscb_core._loading.template_check import fold_contrast

            audit = fold_contrast(audit, template.data, template.name)
        findings += audit
        if any(f.level is Level.ERROR for f in audit):
            return BuildResult(False, tuple(sort_findings(findings)), loaded=loaded)
    result = BuildResult(
        True,
        tuple(sort_findings(findings)),
        paths.get("docx") or paths[wanted[0]],
        paths.get("pdf"),
        loaded,
        keys,
        html=paths.get("html"),
        data=data if "docx" in paths else None,
        pdf_data=pdf_data,
        web=web,
        paths=paths,
        made=made_here(),
    )
    if not write:
        return result
    try:
        write_outputs(result)
    except OutputError as exc:
        return failed(error("build.output", str(exc)))
    return result


def write_outputs(result: BuildResult) -> None:
    """Write what a build made to its places; raises :class:`OutputError` in words, leaving nothing.

    The Word document is checked to be complete before it is written. What
    the build made for the next one to reuse is saved once the outputs are.
    """
    write_made(result.paths, data=result.data, pdf_data=result.pdf_data, web=result.web, made=result.made)


def _cache_folder(output: Path | None) -> Path | None:
    """``build/.cache`` when the outputs go into the default build folder: what a build made there
    (drawn pictures, charts, spreadsheets read) is not made again while its inputs are unchanged.
    Elsewhere (``-o``), only this process remembers them."""
    if output is None or output.parent == DEFAULT_FOLDER:
        return KEPT_FOLDER
    return None


def _scriptable_office() -> bool:
    from lscb_core._render.office import find_uno_python

    return find_soffice() is not None and find_uno_python() is not None


def _through_office(
    data: bytes,
    entries: Sequence[ContentsEntry],
    job: OfficeJob | None,
    *,
    page_numbers: bool,
    pdf: bool,
    loaded: LoadedReport,
    tell: Callable[[str], None],
    meanwhile: Callable[[], None],
) -> tuple[bytes, bytes | None]:
    """One LibreOffice pass: the contents' page numbers written into ``data``, and the tagged PDF.

    ``meanwhile`` runs while LibreOffice works (the accessibility audit).
    """
    from lscb_core._render.office import normalise_pdf

    when = build_time(loaded.report.period.end)
    if job is None:
        if page_numbers:
            raise PdfError(
                "page numbers need LibreOffice and its Python scripting interface "
                "(Debian: apt-get install libreoffice-writer-nogui python3-uno); or build with --page-numbers off"
            )
        meanwhile()
        tell("converting to PDF with LibreOffice")
        return data, normalise_pdf(convert_to_pdf(data), when)
    tell(
        "numbering the contents and making the PDF with LibreOffice"
        if pdf and page_numbers
        else "numbering the contents with LibreOffice"
        if page_numbers
        else "making the PDF with LibreOffice"
    )
    # LibreOffice's time is its own (a job has its own time limit), not the worker's.
    with outside_work(current_limits().libreoffice_seconds):
        result = job.run(
            data,
            anchors=[entry.anchor for entry in entries] if page_numbers else (),
            update_contents=page_numbers and pdf,
            pdf=pdf,
            title=loaded.report.full_title,
            meanwhile=meanwhile,
        )
    if page_numbers:
        data = fill_contents_pages(data, result.pages)
    return data, normalise_pdf(result.pdf, when) if result.pdf is not None else None


def _default_for(docx: Path, kind: str) -> Path:
    """The default path of a single output other than the Word document."""
    if kind == "html":
        return docx.with_name(docx.stem + "-html")
    return docx.with_suffix(f".{kind}")
