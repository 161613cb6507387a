"""What the plugins a board uses contribute, each hook's results checked as they come in.

Every hook is called through :func:`~lscb_core._hooks.calling.call_hook`, so
pluggy's order and wrappers hold, and whatever a plugin returns is checked
here, where it comes in, and blamed on that plugin. The rule for conflicts:

- template values (``lscb_template_context``) and Jinja filters
  (``lscb_jinja_filters``): when two plugins give the same name, the plugin
  called first wins: the one registered last, unless ``tryfirst`` or
  ``trylast`` moves a plugin to the front or the back;
- sections (``lscb_sections``) and plugin data folders
  (``lscb_data_schemas``): a key or folder claimed by two plugins is an error
  naming both, as neither can be chosen without guessing.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import TYPE_CHECKING, Any, TypeVar

import attrs
import pluggy

from lscb_core._base.blocks import Block, blocks_problem
from lscb_core._base.findings import Finding, Level
from lscb_core._hooks.calling import BadResultError, HookOutcome, call_hook
from lscb_core._hooks.manager import BUILT_IN, plugin_problems
from lscb_core._model.glossary import GlossaryWords
from lscb_core._model.loaded import LoadedReport
from lscb_core._model.plugin_data import DataSchema
from lscb_core._model.profiles import Profile
from lscb_core._sections.compose import Section, SectionContext, SectionError

if TYPE_CHECKING:
    import click

__all__ = ["Plugins", "receive_schemas"]

T = TypeVar("T")


def _kind(value: object) -> str:
    return type(value).__name__


def _items(value: Any, cl: type[T], what: str) -> tuple[T, ...]:
    """A plugin's iterable of ``cl`` objects, read out (a generator's errors are the plugin's)."""
    if isinstance(value, str | bytes | Mapping) or not isinstance(value, Iterable):
        raise BadResultError(f"returned {_kind(value)}, not a list of {what}")
    items = tuple(value)
    for i, item in enumerate(items, 1):
        if not isinstance(item, cl):
            raise BadResultError(f"returned a list whose item {i} is {_kind(item)}, not {cl.__name__}")
    return items


def _text(value: object) -> bool:
    return isinstance(value, str) and bool(value.strip())


def receive_schemas(value: Any, plugin: str) -> tuple[DataSchema, ...]:
    schemas = _items(value, DataSchema, "DataSchema objects")
    for schema in schemas:
        if not _text(schema.folder) or "/" in schema.folder or "\\" in schema.folder:
            raise BadResultError(f"declared data in the folder {schema.folder!r}, which is not a folder name")
        if not isinstance(schema.files, Mapping) or not all(
            isinstance(k, str) and attrs.has(v) for k, v in schema.files.items()
        ):
            raise BadResultError(
                f"declared the data in plugins/{schema.folder}/ with files that do not map file names to attrs classes"
            )
    return schemas


def _receive_findings(loaded: LoadedReport) -> Callable[[Any, str], tuple[Finding, ...]]:
    def receive(value: Any, plugin: str) -> tuple[Finding, ...]:
        findings = _items(value, Finding, "Finding objects")
        for finding in findings:
            if (
                not isinstance(finding.level, Level)
                or not _text(finding.code)
                or not isinstance(finding.message, str)
            ):
                raise BadResultError(
                    f"returned a Finding whose level is not a Level, or whose code or message is not text: {finding!r}"
                )
            if finding.path is not None and not isinstance(finding.path, tuple):
                raise BadResultError(f"returned a Finding whose path is {_kind(finding.path)}, not a tuple")
        return tuple(attrs.evolve(f.located(loaded.sources), plugin=f.plugin or plugin) for f in findings)

    return receive


def _receive_sections(value: Any, plugin: str) -> tuple[Section, ...]:
    sections = _items(value, Section, "Section objects")
    for s in sections:
        if not _text(s.key) or not isinstance(s.title, str):
            raise BadResultError(f"returned a Section whose key or title is not text: {s.key!r}, {s.title!r}")
        if isinstance(s.order, bool) or not isinstance(s.order, int):
            raise BadResultError(f"returned the section {s.key!r} with order {s.order!r}, not a whole number")
        if not callable(s.build):
            raise BadResultError(
                f"returned the section {s.key!r} whose build is {_kind(s.build)}, not a function"
            )
        if not isinstance(s.appendix, bool) or not isinstance(s.page_break, bool):
            raise BadResultError(
                f"returned the section {s.key!r} with appendix or page_break not true or false"
            )
    return sections


def _receive_mapping(what: str, check: Callable[[Any], bool]) -> Callable[[Any, str], dict[str, Any]]:
    def receive(value: Any, plugin: str) -> dict[str, Any]:
        if not isinstance(value, Mapping):
            raise BadResultError(f"returned {_kind(value)}, not a mapping of names to {what}")
        for key, item in value.items():
            if not isinstance(key, str) or not key.isidentifier():
                raise BadResultError(f"returned the name {key!r}, which cannot be used in a template")
            if not check(item):
                raise BadResultError(f"returned {_kind(item)} for {key!r}, not {what}")
        return dict(value)

    return receive


def _receive_blocks(value: Any, plugin: str) -> tuple[Block, ...]:
    # lscb's own plugins are held to the block types by the type checker; others are checked here.
    problem = None if plugin in BUILT_IN else blocks_problem(value)
    if problem is not None:
        raise BadResultError(problem)
    if not isinstance(value, list | tuple):
        raise BadResultError(f"returned {_kind(value)}, not a list of blocks")
    return tuple(value)


def _conflict(message: str, *plugins: str) -> Finding:
    return Finding(level=Level.ERROR, code="plugin.conflict", message=message, plugin=plugins[0])


def _board(loaded: LoadedReport) -> str:
    report = loaded.report
    return f"board {report.board.short_name} {report.period.label}"


@attrs.frozen
class Plugins:
    """The plugins a board uses: one manager, less the plugins the board's settings block.

    ``left_out`` names plugins registered on ``pm`` that are not to be called
    (a manager given from Python, before the board's settings were read).
    """

    pm: pluggy.PluginManager
    left_out: frozenset[str] = frozenset()

    @property
    def problems(self) -> tuple[Finding, ...]:
        """The plugins that could not be used (failed to import, not valid), as findings."""
        return plugin_problems(self.pm)

    def call(
        self,
        name: str,
        kwargs: Mapping[str, Any],
        receive: Callable[[Any, str], T],
        *,
        context: str = "",
        on_call: Callable[[str], None] | None = None,
    ) -> HookOutcome[T]:
        return call_hook(
            self.pm, name, kwargs, receive=receive, leave_out=self.left_out, context=context, on_call=on_call
        )

    def names(self) -> list[str]:
        """The plugins in use, by name."""
        return [
            name
            for name, plugin in self.pm.list_name_plugin()
            if plugin is not None and name not in self.left_out
        ]

    # --- before the board folder is loaded ----------------------------------------

    def schemas(self) -> tuple[dict[str, DataSchema], list[Finding]]:
        """The data each plugin reads, by folder; two plugins reading one folder is an error."""
        outcome = self.call("lscb_data_schemas", {}, receive_schemas)
        findings = list(outcome.failures)
        out: dict[str, DataSchema] = {}
        owner: dict[str, str] = {}
        for returned in outcome.returned:
            for schema in returned.value:
                first = owner.get(schema.folder)
                if first is None:
                    out[schema.folder] = schema
                    owner[schema.folder] = returned.plugin
                    continue
                findings.append(
                    _conflict(
                        f"the plugins {first!r} and {returned.plugin!r} both read plugins/{schema.folder}/; a data folder belongs to one plugin, so block one of them"
                        if first != returned.plugin
                        else f"the plugin {first!r} declares plugins/{schema.folder}/ twice",
                        first,
                        returned.plugin,
                    )
                )
        return out, findings

    def profiles(self) -> tuple[tuple[Profile, ...], list[Finding]]:
        outcome = self.call("lscb_profiles", {}, lambda value, _: _items(value, Profile, "Profile objects"))
        return tuple(p for batch in outcome.values for p in batch), list(outcome.failures)

    def glossary_words(
        self, loaded: LoadedReport
    ) -> tuple[tuple[tuple[str, GlossaryWords], ...], list[Finding]]:
        """What each plugin says of the words it prints for this board, with the plugin's name."""

        def receive(value: Any, plugin: str) -> GlossaryWords:
            if not isinstance(value, GlossaryWords):
                raise BadResultError(f"returned {_kind(value)} from lscb_glossary, not GlossaryWords")
            return value

        outcome = self.call(
            "lscb_glossary",
            {"loaded": loaded},
            receive,
            context=f" ({_board(loaded)}, saying which words it prints)",
        )
        return tuple((r.plugin, r.value) for r in outcome.returned), list(outcome.failures)

    # --- checking -------------------------------------------------------------------

    def check(self, loaded: LoadedReport, progress: Callable[[str], None] | None = None) -> list[Finding]:
        """Every plugin's findings about a loaded report; a plugin that fails is an error naming it."""
        outcome = self.call(
            "lscb_check",
            {"loaded": loaded},
            _receive_findings(loaded),
            context=f" ({_board(loaded)}, checking the data)",
            on_call=None
            if progress is None
            else lambda name: progress(f"checking the data (plugin {name!r})"),
        )
        return [*outcome.failures, *(f for batch in outcome.values for f in batch)]

    def check_public(self, view: LoadedReport) -> list[Finding]:
        """Every plugin's findings about the public edition's view; a plugin that fails is an error naming it."""
        outcome = self.call(
            "lscb_check_public",
            {"view": view},
            _receive_findings(view),
            context=f" ({_board(view)}, checking the public edition)",
        )
        return [*outcome.failures, *(f for batch in outcome.values for f in batch)]

    # --- building -------------------------------------------------------------------

    def sections(self) -> tuple[dict[str, tuple[Section, str]], list[Finding]]:
        """Every section the plugins offer, by key, with the plugin offering it; one key twice is an error."""
        outcome = self.call("lscb_sections", {}, _receive_sections)
        findings = list(outcome.failures)
        out: dict[str, tuple[Section, str]] = {}
        for returned in outcome.returned:
            for section in returned.value:
                if section.key not in out:
                    out[section.key] = (section, returned.plugin)
                    continue
                first = out[section.key][1]
                findings.append(
                    _conflict(
                        f"the plugins {first!r} and {returned.plugin!r} both offer a section with the key {section.key!r}; a key names one section, so block one of them or have one use another key"
                        if first != returned.plugin
                        else f"the plugin {first!r} offers two sections with the key {section.key!r}",
                        first,
                        returned.plugin,
                    )
                )
        return out, findings

    def template_context(self, view: LoadedReport, edition: str) -> tuple[dict[str, Any], list[Finding]]:
        """The template values plugins add from the edition's view; for a name two plugins give, the one called first wins."""
        outcome = self.call(
            "lscb_template_context",
            {"view": view, "edition": edition},
            _receive_mapping("values", lambda value: True),
            context=f" ({_board(view)}, adding template values)",
        )
        values: dict[str, Any] = {}
        for extra in reversed(outcome.values):
            values.update(extra)
        return values, list(outcome.failures)

    def filters(self) -> tuple[dict[str, Callable[..., Any]], list[Finding]]:
        """The Jinja filters plugins add; for a name two plugins give, the one called first wins."""
        outcome = self.call("lscb_jinja_filters", {}, _receive_mapping("functions", callable))
        filters: dict[str, Callable[..., Any]] = {}
        for extra in reversed(outcome.values):
            filters.update(extra)
        return filters, list(outcome.failures)

    def slot(self, name: str, context: SectionContext) -> list[Block]:
        """What plugins add at the slot ``name``; a plugin that fails stops the build, named."""
        report = context.report
        outcome = self.call(
            "lscb_slot_content",
            {"slot": name, "context": context},
            _receive_blocks,
            context=f" for the slot {name!r} (board {report.board.short_name} {report.period.label}, section {context.section or '-'!r})",
            on_call=lambda plugin: context._tell(plugin, f"filling the slot {name!r}"),
        )
        if outcome.failures:
            raise SectionError(outcome.failures[0])
        return [block for blocks in outcome.values for block in blocks]

    # --- the command line -----------------------------------------------------------

    def register_commands(self, cli: click.Group) -> list[Finding]:
        return list(self.call("lscb_register_commands", {"cli": cli}, lambda value, _: value).failures)

    def describe(self) -> tuple[list[dict[str, Any]], list[Finding]]:
        """Each plugin in use: name, version, where it comes from, its hooks and the sections it adds."""
        from lscb_core import __version__

        offered, findings = self.sections()
        by_plugin: dict[str, list[Section]] = {}
        for section, offering in offered.values():
            by_plugin.setdefault(offering, []).append(section)
        distributions: Mapping[str, tuple[str, str]] = getattr(self.pm, "distributions", {})
        out: list[dict[str, Any]] = []
        for name in sorted(self.names(), key=lambda n: (n not in BUILT_IN, n)):
            plugin = self.pm.get_plugin(name)
            dist = distributions.get(name)
            hooks = sorted(caller.name for caller in self.pm.get_hookcallers(plugin) or ())
            out.append(
                {
                    "name": name,
                    "version": dist[1] if dist is not None else __version__,
                    "source": f"installed: {dist[0]}"
                    if dist is not None
                    else ("built in" if name in BUILT_IN else "registered"),
                    "hooks": hooks,
                    "sections": [
                        {"key": s.key, "title": s.title, "order": s.order} for s in by_plugin.get(name, [])
                    ],
                }
            )
        return out, [*self.problems, *findings]
