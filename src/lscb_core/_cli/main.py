"""The ``lscb`` command line."""

from __future__ import annotations

import datetime as dt
import json
import sys
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from lscb_core import __version__
from lscb_core._base.findings import Finding, Level
from lscb_core._base.limits import MIB, Limits, current_limits
from lscb_core._hooks.manager import make_plugin_manager
from lscb_core._model.regime import Regime

if TYPE_CHECKING:
    from lscb_core._build.batch import BuildOutcome, BuildRequest, CheckOutcome

DEFAULT_TIMEOUT = Limits().seconds
DEFAULT_MEMORY_MB = Limits().memory_bytes // MIB

_timeout_option = click.option(
    "--timeout",
    type=click.FloatRange(min=1),
    default=DEFAULT_TIMEOUT,
    show_default=True,
    help="Seconds the work may take before it is stopped (LibreOffice has its own limit).",
)
_memory_option = click.option(
    "--memory",
    "memory_mb",
    type=click.IntRange(min=64),
    default=DEFAULT_MEMORY_MB,
    show_default=True,
    metavar="MB",
    help="Megabytes of memory the worker may use (LibreOffice apart).",
)


def _limits(timeout: float, memory_mb: int) -> Limits:
    return current_limits().evolve(seconds=timeout, memory_bytes=memory_mb * MIB)


EXIT_OK, EXIT_FINDINGS, EXIT_USAGE = 0, 1, 2

_format_option = click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="Output for people or for machines.",
)

_debug_option = click.option(
    "--debug",
    is_flag=True,
    help="Show the traceback of a plugin that fails, from its own code on.",
)

_plugin_option = click.option(
    "-p",
    "--plugin",
    "plugins",
    multiple=True,
    metavar="MODULE",
    help="Also use this Python module as a plugin (one under development; may be repeated).",
)

_COLOURS = {Level.ERROR: "red", Level.WARNING: "yellow", Level.INFO: "cyan"}


def _print_findings(
    findings: tuple[Finding, ...] | list[Finding],
    *,
    show_info: bool = True,
    debug: bool = False,
    err: bool = False,
) -> None:
    """Findings, one a line; with ``debug``, a failed plugin's traceback after its finding (on stderr)."""
    for finding in findings:
        if finding.level is Level.INFO and not show_info:
            continue
        where = f"{finding.location}: " if finding.location else ""
        level = click.style(finding.level.value, fg=_COLOURS[finding.level], bold=True)
        click.echo(f"{where}{level}: {finding.message} [{finding.code}]", err=err)
        if debug and finding.traceback:
            click.echo(finding.traceback.rstrip("\n"), err=True)


def _summary(result: CheckOutcome) -> str:
    def n(count: int, word: str) -> str:
        return f"{count} {word}{'' if count == 1 else 's'}"

    counts = ", ".join(
        [
            n(result.count(Level.ERROR), "error"),
            n(result.count(Level.WARNING), "warning"),
            n(result.count(Level.INFO), "note"),
        ]
    )
    if result.board is None:
        return f"could not load the board folder: {counts}"
    return f"{result.board}, {result.period}: {counts}"


class _Commands(click.Group):
    """The command group; plugins' commands are added the first time they are looked for."""

    _plugins_loaded = False

    def _load_plugin_commands(self) -> None:
        if self._plugins_loaded:
            return
        self._plugins_loaded = True
        from lscb_core._hooks.contributions import Plugins

        failures = Plugins(make_plugin_manager()).register_commands(self)
        _print_findings(failures, err=True)

    def list_commands(self, ctx: click.Context) -> list[str]:
        self._load_plugin_commands()
        return super().list_commands(ctx)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        command = super().get_command(ctx, cmd_name)
        if command is None:
            self._load_plugin_commands()
            command = super().get_command(ctx, cmd_name)
        return command


@click.group(
    cls=_Commands, context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100}
)
@click.version_option(__version__, prog_name="lscb")
def main() -> None:
    """Turn a safeguarding board's year, written down as data, into its annual report.

    A board folder holds board.yaml and one subfolder per reporting period
    (such as 2015-16/) with the year's data as YAML, Markdown, CSV and XLSX.
    Commands take the board folder and use its latest period unless --period
    names another.

    Exit codes: 0 fine (warnings allowed), 1 errors in the data or a failed
    build, 2 a mistake in the command itself.
    """


@main.command()
@click.argument("board_dir", type=click.Path(path_type=Path, file_okay=False))
@click.option("--period", metavar="NAME", help="The period folder to check (default: the latest).")
@_format_option
@click.option("--quiet", "-q", is_flag=True, help="Leave out information-level findings.")
@click.option(
    "--block",
    "block",
    multiple=True,
    metavar="PLUGIN",
    help="Do not use this plugin (may be repeated).",
)
@click.option(
    "--edition",
    type=click.Choice(["public"]),
    default=None,
    help="Also list what this edition withholds, hides and changes, each at its place in the data.",
)
@_plugin_option
@_debug_option
@_timeout_option
@_memory_option
def check(
    board_dir: Path,
    period: str | None,
    fmt: str,
    quiet: bool,
    block: tuple[str, ...],
    edition: str | None,
    plugins: tuple[str, ...],
    debug: bool,
    timeout: float,
    memory_mb: int,
) -> None:
    """Check a board folder and list what is wrong, inconsistent or missing.

    Each finding has a level (error, warning or info), the file and line it
    concerns and a stable code. Errors mean the data cannot be used and exit
    with status 1; warnings and information do not. Plugins the board's
    settings.yaml blocks are left out, as in a build. Narrative templates are
    worked out as a build would, so the check finds all a build would reject;
    it runs in a worker held to the same limits as a build's.

    With --edition public, the findings also list every item the public
    edition withholds (public.withheld), every count it hides
    (public.suppressed) and every figure it changes to protect them
    (public.changed), so that a board can sign off what it leaves out.
    """
    from lscb_core._build.batch import check_isolated
    from lscb_core._model.editions import Edition

    result = check_isolated(
        board_dir,
        period,
        block=block,
        plugins=plugins,
        edition=Edition(edition) if edition else None,
        limits=_limits(timeout, memory_mb),
    )
    if fmt == "json":
        payload = {
            "board": result.board,
            "period": result.period,
            "ok": result.ok,
            "counts": {level.value: result.count(level) for level in Level},
            "findings": [f.as_json() for f in result.findings if not (quiet and f.level is Level.INFO)],
        }
        click.echo(json.dumps(payload, indent=2, ensure_ascii=False))
    else:
        _print_findings(result.findings, show_info=not quiet, debug=debug)
        click.echo(_summary(result), err=True)
    sys.exit(EXIT_OK if result.ok else EXIT_FINDINGS)


@main.command()
@click.argument(
    "board_dirs",
    metavar="BOARD_DIR...",
    nargs=-1,
    required=True,
    type=click.Path(path_type=Path, file_okay=False),
)
@click.option("--period", metavar="NAME", help="The period folder to build (default: the latest).")
@click.option(
    "--to",
    "to",
    default="docx",
    show_default=True,
    metavar="OUTPUTS",
    help="What to write, separated by commas: docx, html (the web edition, a folder) and pdf (a tagged PDF, through LibreOffice).",
)
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path, allow_dash=True),
    help="Where to write, building one board: the file (or folder) of one output, or the stem of several "
    "(report gives report.docx, report.pdf and report-html/); '-' writes one .docx or .pdf to standard output. "
    "Default: build/<board>-annual-report-<period>.docx and beside it.",
)
@click.option(
    "--edition",
    type=click.Choice(["public", "board"]),
    default="public",
    show_default=True,
    help="The public edition, or the board's own that carries everything.",
)
@click.option("--pdf", is_flag=True, help="Also write a PDF: the same as adding pdf to --to.")
@click.option(
    "--page-numbers",
    type=click.Choice(["auto", "on", "off"]),
    default="auto",
    show_default=True,
    envvar="LSCB_PAGE_NUMBERS",
    help="Number the contents page through LibreOffice (auto: when LibreOffice and python3-uno are installed).",
)
@click.option(
    "--annex",
    "annexes",
    multiple=True,
    type=click.Choice(["coverage"]),
    help="Add an annex: 'coverage' sets the report against its statutory profile.",
)
@click.option(
    "--block", "block", multiple=True, metavar="PLUGIN", help="Do not use this plugin (may be repeated)."
)
@click.option(
    "--no-audit-gate",
    is_flag=True,
    help="Write the document even if the accessibility audit finds errors (they become warnings).",
)
@click.option(
    "-j",
    "--jobs",
    type=click.IntRange(min=1),
    default=None,
    help="Boards to build at once, each in its own process (default: one per processor).",
)
@_timeout_option
@_memory_option
@_plugin_option
@click.option("--quiet", "-q", is_flag=True, help="Leave out information-level findings.")
@_debug_option
def build(
    board_dirs: tuple[Path, ...],
    period: str | None,
    to: str,
    output: Path | None,
    edition: str,
    pdf: bool,
    page_numbers: str,
    annexes: tuple[str, ...],
    block: tuple[str, ...],
    no_audit_gate: bool,
    jobs: int | None,
    timeout: float,
    memory_mb: int,
    plugins: tuple[str, ...],
    quiet: bool,
    debug: bool,
) -> None:
    """Build the annual report of one or more board folders: Word, web edition, tagged PDF.

    The data is checked first: warnings are printed and the build goes on;
    errors stop it. The document is then audited for accessibility, and an
    audit error stops it too unless --no-audit-gate is given. Each build runs
    in a worker process of its own, held to --memory and stopped if it takes
    longer than --timeout; it dies with lscb. Nothing is written unless the
    whole build succeeds, and an earlier report at the same path is left
    untouched when it fails. The report is written as a regular file: a
    device, a pipe or a folder at the output path is refused. With -o -, the
    document goes to standard output and everything else to standard error.

    Given several board folders, lscb builds them in parallel (--jobs), shows
    its progress, and ends with a summary of what was built and what failed.
    """
    from lscb_core._build.batch import BuildRequest, default_jobs
    from lscb_core._build.output import OutputError, check_output_path
    from lscb_core._model.editions import Edition

    outputs = _outputs(to, pdf)
    if output is not None and len(board_dirs) > 1:
        raise click.UsageError("-o/--output names one file, so it can only be used with one board folder")
    to_stdout = output is not None and str(output) == "-"
    if to_stdout and (len(outputs) > 1 or outputs[0] == "html"):
        raise click.UsageError(
            "-o - writes one file to standard output: use it with --to docx or --to pdf alone"
        )
    if to_stdout and sys.stdout.isatty():
        raise click.UsageError(
            f"-o - writes a {'PDF' if outputs[0] == 'pdf' else 'Word document'} to standard output: send it to a file or a program"
        )
    if output is not None and not to_stdout:
        from lscb_core._build.output import output_paths

        for kind, path in output_paths(output, outputs).items():
            if kind == "html":
                continue  # the web edition is a folder, replaced as a whole
            try:
                check_output_path(path)
            except OutputError as exc:
                raise click.ClickException(str(exc)) from None
    numbered = _page_numbers(page_numbers, outputs)
    limits = _limits(timeout, memory_mb)
    requests = [
        BuildRequest(
            board_dir,
            period,
            output=None if to_stdout else output,
            to_stdout=to_stdout,
            edition=Edition(edition),
            block=block,
            audit_gate=not no_audit_gate,
            annexes=frozenset(annexes),
            plugins=plugins,
            outputs=outputs,
            page_numbers=numbered,
        )
        for board_dir in board_dirs
    ]
    if len(requests) == 1:
        outcome = _build_one_with_status(requests[0], limits)
        _print_findings(outcome.findings, show_info=not quiet, debug=debug, err=True)
        data = outcome.pdf_data if outputs[0] == "pdf" else outcome.data
        if to_stdout and outcome.ok and data is not None:
            sys.stdout.buffer.write(data)
            sys.stdout.buffer.flush()
        _report_outcome(outcome, shown=not to_stdout)
        sys.exit(EXIT_OK if outcome.ok else EXIT_FINDINGS)
    outcomes = _build_with_progress(requests, jobs or default_jobs(), limits)
    for outcome in outcomes:
        if not outcome.ok:
            click.echo(f"\n{outcome.name}:", err=True)
            _print_findings(outcome.errors, debug=debug, err=True)
    _summary_table(outcomes)
    sys.exit(EXIT_OK if all(o.ok for o in outcomes) else EXIT_FINDINGS)


def _outputs(to: str, pdf: bool) -> tuple[str, ...]:
    """The outputs --to names (and --pdf adds), in their usual order; a usage error for anything else."""
    from lscb_core._build.output import OUTPUTS

    named = [part.strip().lower() for part in to.split(",") if part.strip()]
    unknown = [name for name in named if name not in OUTPUTS]
    if unknown or not named:
        raise click.BadParameter(
            f"{', '.join(unknown) or 'nothing'} is not an output; choose from {', '.join(OUTPUTS)}",
            param_hint="--to",
        )
    return tuple(kind for kind in OUTPUTS if kind in named or (kind == "pdf" and pdf))


def _page_numbers(choice: str, outputs: tuple[str, ...]) -> bool:
    """Whether to number the contents page: ``auto`` does when LibreOffice can, for a .docx or PDF."""
    if choice == "off" or not {"docx", "pdf"} & set(outputs):
        return False
    from lscb_core._render.office import office_available

    available = office_available()
    if choice == "on" and not available:
        raise click.UsageError(
            "--page-numbers on needs LibreOffice and its Python scripting interface "
            "(Debian: apt-get install libreoffice-writer-nogui python3-uno)"
        )
    return available


def _build_one_with_status(request: BuildRequest, limits: Limits) -> BuildOutcome:
    """One build; on a terminal, a spinner says what it is doing (LibreOffice can take a while)."""
    from lscb_core._build.batch import build_isolated

    if not sys.stderr.isatty():
        return build_isolated(request, limits=limits)
    from rich.console import Console

    with Console(stderr=True).status("Building the report") as status:
        return build_isolated(
            request,
            limits=limits,
            on_progress=lambda _, doing: status.update(f"Building the report: {doing}"),
        )


def _report_outcome(outcome: BuildOutcome, *, shown: bool = True) -> None:
    if not outcome.ok:
        errors = len(outcome.errors)
        click.echo(
            f"lscb: the report was not built ({errors} error{'' if errors == 1 else 's'}); nothing was written",
            err=True,
        )
        return
    if not shown:
        return
    for path in dict.fromkeys(p for p in (outcome.output, outcome.html, outcome.pdf) if p is not None):
        click.echo(f"Wrote {path}", err=True)


def _build_with_progress(requests: list[BuildRequest], jobs: int, limits: Limits) -> list[BuildOutcome]:
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    console = Console(stderr=True)
    columns = (
        TextColumn("[bold]Building[/bold]"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("{task.fields[failed]} failed"),
        TimeElapsedColumn(),
    )
    with Progress(*columns, console=console, transient=False) as progress:
        task = progress.add_task("build", total=len(requests), failed=0)
        failed = 0

        def done(outcome: BuildOutcome) -> None:
            nonlocal failed
            failed += 0 if outcome.ok else 1
            progress.update(task, advance=1, failed=failed)

        from lscb_core._build.batch import build_many

        return build_many(requests, jobs=jobs, limits=limits, on_done=done)


def _summary_table(outcomes: list[BuildOutcome]) -> None:
    from rich.console import Console
    from rich.table import Table

    table = Table(title="Summary", title_justify="left")
    for heading, justify in (
        ("Board", "left"),
        ("Period", "left"),
        ("Result", "left"),
        ("Warnings", "right"),
        ("Seconds", "right"),
        ("Report, or why it failed", "left"),
    ):
        table.add_column(heading, justify=justify)  # type: ignore[arg-type]
    for outcome in outcomes:
        result = "[green]built[/green]" if outcome.ok else "[red]failed[/red]"
        detail = str(outcome.output) if outcome.ok else (outcome.errors[0].message if outcome.errors else "")
        table.add_row(
            outcome.name,
            outcome.period or "",
            result,
            str(len(outcome.warnings)),
            f"{outcome.seconds:.1f}",
            detail,
        )
    console = Console(stderr=True, width=None if sys.stderr.isatty() else 160)
    console.print(table)
    built = sum(1 for o in outcomes if o.ok)
    console.print(f"{built} of {len(outcomes)} reports built; {len(outcomes) - built} failed.")


@main.command()
@click.argument("board_dir", type=click.Path(path_type=Path, file_okay=False, exists=True))
@click.option("--period", metavar="NAME", help="The period folder to preview (default: the latest).")
@click.option(
    "--port",
    type=click.IntRange(0, 65535),
    default=8000,
    show_default=True,
    help="The port to serve on (0: any free one).",
)
@click.option(
    "--host",
    default="127.0.0.1",
    show_default=True,
    help="The address to serve on. The default is this computer only; the preview shows the board's own edition too.",
)
@click.option(
    "--block", "block", multiple=True, metavar="PLUGIN", help="Do not use this plugin (may be repeated)."
)
@click.option(
    "-p",
    "--plugin",
    "plugins",
    multiple=True,
    metavar="MODULE",
    help="Also use this Python module as a plugin (one under development; may be repeated).",
)
@click.option(
    "--timeout",
    type=click.FloatRange(min=1),
    default=DEFAULT_TIMEOUT,
    show_default=True,
    help="Seconds a build may take before it is stopped.",
)
def serve(
    board_dir: Path,
    period: str | None,
    port: int,
    host: str,
    block: tuple[str, ...],
    plugins: tuple[str, ...],
    timeout: float,
) -> None:
    """Preview the web edition of a board's report, rebuilt whenever a file in the folder changes.

    Serves the public edition (with a link to the board's own) on this
    computer, with what lscb check finds shown beside the content it concerns
    and listed in full. Only the report's pages and pictures are served, never
    the board's data files. Stop it with Ctrl-C.
    """
    from lscb_core._cli.serve import serve as run

    def say(message: str) -> None:
        click.echo(message)
        sys.stdout.flush()

    def built(outcomes: list[Any]) -> None:
        public = outcomes[0]
        if not public.ok:
            click.echo(
                f"The report could not be built: {len(public.errors)} error(s), shown in the preview",
                err=True,
            )
            _print_findings(public.errors, err=True)
        else:
            click.echo(f"Built: {len(public.warnings)} warning(s), shown in the preview", err=True)

    with tempfile.TemporaryDirectory(prefix="lscb-serve-") as work:
        try:
            run(
                board_dir,
                period=period,
                host=host,
                port=port,
                block=block,
                plugins=plugins,
                timeout=timeout,
                say=say,
                work=Path(work),
                report=built,
            )
        except KeyboardInterrupt:
            say("Stopped.")
        except OSError as exc:
            raise click.ClickException(
                f"the preview could not be served on {host}:{port}: {exc.strerror or exc}"
            ) from None


@main.group("plugin")
def plugin_group() -> None:
    """Tools for plugin authors."""


@plugin_group.command("new")
@click.argument("name")
@click.option("--title", help="The section's title (default: the name, capitalised).")
@click.option("--abbreviation", help="An abbreviation the plugin's text uses (default: from the title).")
@click.option(
    "-o",
    "--output",
    "parent",
    type=click.Path(path_type=Path, file_okay=False),
    default=Path(),
    show_default=True,
    help="The folder to write lscb-NAME/ in.",
)
def plugin_new(name: str, title: str | None, abbreviation: str | None, parent: Path) -> None:
    """Write lscb-NAME/: a complete plugin whose own tests pass as generated.

    It has a section, a data schema with an example data file, a check, the
    abbreviations its text uses, tests and a README. Install it with
    `pip install -e lscb-NAME` and run its tests with pytest.
    """
    from lscb_core._cli.plugin_scaffold import PluginScaffoldError, new_plugin

    try:
        written = new_plugin(name, parent, title=title, abbreviation=abbreviation)
    except PluginScaffoldError as exc:
        raise click.ClickException(str(exc)) from None
    for path in written:
        click.echo(f"wrote {path}")
    click.echo(
        f"Next: python -m pip install -e {parent / f'lscb-{name}'}, then run its tests with pytest", err=True
    )


@main.group("template")
def template_group() -> None:
    """Tools for template designers."""


@template_group.command("check")
@click.argument("template", type=click.Path(path_type=Path, dir_okay=False, exists=True))
@_format_option
def template_check(template: Path, fmt: str) -> None:
    """Check a Word template (.docx) before a board uses it.

    Errors for every style, list numbering or placeholder ({{p body }},
    {{p contents }}) the renderer relies on and the template lacks, for text
    too faint against its background (once per style), and for content lscb
    refuses (macros, embedded objects, remote fields and links); warnings for
    what lscb would remove (comments, tracked changes, personal properties...).
    Exits with status 1 when there are errors.
    """
    from lscb_core._loading.template_check import check_template

    try:
        data = template.read_bytes()
    except OSError as exc:
        raise click.ClickException(f"{template}: {exc.strerror or exc}") from None
    findings = check_template(data, str(template))
    errors = sum(1 for f in findings if f.level is Level.ERROR)
    if fmt == "json":
        click.echo(
            json.dumps(
                {"template": str(template), "ok": errors == 0, "findings": [f.as_json() for f in findings]},
                indent=2,
                ensure_ascii=False,
            )
        )
    else:
        _print_findings(findings)
        warnings = sum(1 for f in findings if f.level is Level.WARNING)
        click.echo(
            f"{template}: {errors} error{'' if errors == 1 else 's'}, {warnings} warning{'' if warnings == 1 else 's'}",
            err=True,
        )
    sys.exit(EXIT_FINDINGS if errors else EXIT_OK)


@main.command("plugins")
@_format_option
@_plugin_option
@_debug_option
def list_plugins(fmt: str, plugins: tuple[str, ...], debug: bool) -> None:
    """List the plugins in use: built-in and installed, their versions, hooks and sections.

    Plugins that cannot be used (one that fails to import, a misspelt hook, a
    function named like a hook without the @hookimpl marker) are named on
    standard error; exits with status 1 if one given with -p cannot be used.
    """
    from lscb_core._hooks.contributions import Plugins

    described, problems = Plugins(make_plugin_manager(modules=plugins)).describe()
    if fmt == "json":
        click.echo(json.dumps(described, indent=2))
    else:
        for plugin in described:
            click.echo(f"{plugin['name']} {plugin['version']} ({plugin['source']})")
            click.echo(f"  hooks: {', '.join(plugin['hooks'])}")
            if plugin["sections"]:
                sections = ", ".join(f"{s['key']} ({s['order']})" for s in plugin["sections"])
                click.echo(f"  sections: {sections}")
    _print_findings(problems, debug=debug, err=True)
    sys.exit(EXIT_FINDINGS if any(p.level is Level.ERROR for p in problems) else EXIT_OK)


@main.command()
@click.argument("document", type=click.Path(path_type=Path, dir_okay=False))
@_format_option
def audit(document: Path, fmt: str) -> None:
    """Audit a Word document or a PDF for accessibility, as UK public bodies must publish.

    Word: errors for no title or language, headings that skip a level or are
    faked with bold text, images without alternative text, data tables
    without a marked header row; warnings for merged cells, empty header
    cells, non-descriptive link text, text colours below 4.5:1 contrast.
    PDF: errors for no tags (structure tree), language or title, figures
    without alternative text; warnings for no headings in the structure,
    tables without header cells, no bookmarks, a title not shown in the
    window; and a line saying what the PDF declares.
    Exits with status 1 when there are errors.
    """
    from lscb_core._accessibility.audit import audit_docx
    from lscb_core._base.findings import LoadError

    try:
        if document.suffix.lower() == ".pdf" or _starts_with(document, b"%PDF-"):
            from lscb_core._accessibility.pdf import audit_pdf

            findings = audit_pdf(document, str(document))
        else:
            findings = audit_docx(document, str(document))
    except LoadError as exc:
        findings = exc.findings
    errors = sum(1 for f in findings if f.level is Level.ERROR)
    if fmt == "json":
        counts = {level.value: sum(1 for f in findings if f.level is level) for level in Level}
        click.echo(
            json.dumps(
                {
                    "document": str(document),
                    "ok": errors == 0,
                    "counts": counts,
                    "findings": [f.as_json() for f in findings],
                },
                indent=2,
                ensure_ascii=False,
            )
        )
    else:
        _print_findings(findings)
        warnings = sum(1 for f in findings if f.level is Level.WARNING)
        click.echo(
            f"{document}: {errors} error{'' if errors == 1 else 's'}, {warnings} warning{'' if warnings == 1 else 's'}",
            err=True,
        )
    sys.exit(EXIT_FINDINGS if errors else EXIT_OK)


def _starts_with(path: Path, prefix: bytes) -> bool:
    try:
        with path.open("rb") as handle:
            return handle.read(len(prefix)) == prefix
    except OSError:
        return False


@main.command()
@click.argument("board_dir", type=click.Path(path_type=Path, file_okay=False))
@click.option(
    "--name",
    default="Your Safeguarding Children Partnership",
    show_default=True,
    help="The board's or partnership's full name (a new board folder only).",
)
@click.option(
    "--short-name",
    default="YSCP",
    show_default=True,
    help="The short name the report uses (HSCB, LSCP ...) (a new board folder only).",
)
@click.option(
    "--regime",
    type=click.Choice([r.value for r in Regime]),
    default=Regime.PARTNERSHIP_2023.value,
    show_default=True,
    help="The statutory regime the report is written under.",
)
@click.option(
    "--year",
    type=click.IntRange(2006, 2100),
    metavar="YEAR",
    help="The financial year (April to March) that starts in YEAR.",
)
@click.option(
    "--july-june",
    type=click.IntRange(2006, 2100),
    metavar="YEAR",
    help="The year from July of YEAR to June of the next, as many partnerships report.",
)
@click.option(
    "--start", type=click.DateTime(["%Y-%m-%d"]), help="The first day of any other period (with --end)."
)
@click.option("--end", type=click.DateTime(["%Y-%m-%d"]), help="The last day of the period (with --start).")
@click.option(
    "--from",
    "start_from",
    metavar="PERIOD",
    help="Add the next period to an existing board folder, starting from this period's folder "
    "(default: the latest). Structure, members, glossary and settings carry over.",
)
def new(
    board_dir: Path,
    name: str,
    short_name: str,
    regime: str,
    year: int | None,
    july_june: int | None,
    start: dt.datetime | None,
    end: dt.datetime | None,
    start_from: str | None,
) -> None:
    """Make a board folder, or next year's period folder, to fill in.

    A new folder gets every file of a period, each with every field it may
    hold commented out with what it means, and the JSON Schemas that let a
    YAML editor check the files as you type. In an existing board folder,
    `lscb new BOARD --from 2015-16` starts the next period from that one.
    Without a period option, a new board gets the last financial year to end;
    the next period follows the earlier one by the calendar.
    """
    from lscb_core._cli.scaffold import ScaffoldError, latest_financial_year, new_board, new_period
    from lscb_core._model.period import ReportingPeriod

    given = [x for x in (year, july_june, start or end) if x is not None]
    if len(given) > 1:
        raise click.UsageError("give one of --year, --july-june, or --start with --end")
    if (start is None) != (end is None):
        raise click.UsageError("--start and --end go together")
    period: ReportingPeriod | None = None
    try:
        if year is not None:
            period = ReportingPeriod.financial_year(year)
        elif july_june is not None:
            period = ReportingPeriod(dt.date(july_june, 7, 1), dt.date(july_june + 1, 6, 30))
        elif start is not None and end is not None:
            period = ReportingPeriod(start.date(), end.date())
    except ValueError as exc:
        raise click.UsageError(str(exc)) from None
    existing = (board_dir / "board.yaml").is_file()
    try:
        if existing or start_from is not None:
            written = new_period(board_dir, start_from=start_from, period=period)
        else:
            written = new_board(
                board_dir,
                name=name,
                short_name=short_name,
                regime=Regime(regime),
                period=period or latest_financial_year(dt.date.today()),
            )
    except ScaffoldError as exc:
        raise click.ClickException(str(exc)) from None
    for path in written:
        click.echo(f"wrote {path}")
    click.echo(f"Next: fill in the files, then run: lscb check {board_dir}", err=True)


@main.command()
@click.argument("file", required=False, metavar="[FILE]")
@click.option(
    "--write",
    "write_dir",
    type=click.Path(path_type=Path, file_okay=False),
    metavar="BOARD_DIR",
    help="Write the schema of every file into BOARD_DIR/.lscb-schema/ instead of printing one.",
)
@click.option(
    "--reference", is_flag=True, help="Print the data reference (every file and field) as Markdown."
)
def schema(file: str | None, write_dir: Path | None, reference: bool) -> None:
    """Print the JSON Schema of a board-folder file (budget.yaml, report.yaml ...).

    YAML editors use the schema to check and complete a file as you type: put
    `# yaml-language-server: $schema=PATH` on the file's first line (files
    `lscb new` writes have it). Without FILE, lists the files there are.
    """
    import json

    from lscb_core._loading.board_files import file_schema, known_files, reference_markdown

    if reference:
        click.echo(reference_markdown(), nl=False)
        return
    if write_dir is not None:
        from lscb_core._cli.scaffold import write_schemas

        for path in write_schemas(write_dir):
            click.echo(f"wrote {path}")
        return
    names = known_files()
    if file is None:
        for name in names:
            click.echo(name)
        return
    wanted = Path(file).name
    if wanted not in names:
        import difflib

        close = difflib.get_close_matches(wanted, names, n=1)
        hint = f"; did you mean {close[0]}?" if close else ""
        raise click.UsageError(f"{wanted} is not a file lscb reads{hint} (lscb schema lists them)")
    click.echo(json.dumps(file_schema(wanted), indent=2, ensure_ascii=False))
