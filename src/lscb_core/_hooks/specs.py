"""The hooks through which plugins extend lscb. Their docstrings are the plugin author's reference.

A plugin is a module or object with functions named after these hooks and
marked with ``@hookimpl`` (everything a plugin uses comes from
:mod:`lscb_core.plugin`). Install it as a distribution with an entry point in
the ``lscb`` group, give it by module name (``lscb build -p module``), or
register it on a plugin manager made by :func:`lscb_core.make_plugin_manager`.
The built-in checks and sections are plugins of exactly this kind.

Hooks are called as pluggy calls them: the plugin registered last first,
unless ``@hookimpl(tryfirst=True)`` or ``trylast=True`` moves it to the front
or the back; ``@hookimpl(wrapper=True)`` (or the older ``hookwrapper=True``)
wraps the call and may change the results. Whatever a plugin returns is
checked as it comes in; a plugin that raises, or returns something lscb
cannot use, is an error naming the plugin, its file and line (``--debug``
shows its traceback), and the other plugins' results still count.

When two plugins want the same thing, one rule decides: for a template value
or a Jinja filter of the same name, the plugin called first wins (so the one
registered last, or marked ``tryfirst``); a section key or a plugin data
folder claimed by two plugins is an error naming both.

Every hook that makes the report (sections, slots, template values, filters,
checks of the public edition) works with the edition's *view* of the board's
year, never with the data as loaded. In the public edition's view, items not
for publication are gone (or only their public identity and
``public_summary`` are left), hidden counts are ``Suppressed`` values that
print as the suppression symbol and hold no number, and ``::: board-only``
passages are gone. Only ``lscb_check`` sees everything, to check that the
data is consistent.

Hooks, by what they extend:

- data: ``lscb_data_schemas``
- checks: ``lscb_check``, ``lscb_check_public``, ``lscb_profiles``, ``lscb_glossary``
- sections: ``lscb_sections``, ``lscb_slot_content``
- templates and narrative: ``lscb_template_context``, ``lscb_jinja_filters``
- command line: ``lscb_register_commands``
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from lscb_core._base.markers import hookimpl, hookspec

if TYPE_CHECKING:
    import click

    from lscb_core._base.blocks import Block
    from lscb_core._base.findings import Finding
    from lscb_core._model.glossary import GlossaryWords
    from lscb_core._model.loaded import LoadedReport
    from lscb_core._model.plugin_data import DataSchema
    from lscb_core._model.profiles import Profile
    from lscb_core._sections.compose import Section, SectionContext

__all__ = ["hookimpl", "hookspec"]


# --- data a board folder may hold --------------------------------------------------


@hookspec
def lscb_data_schemas() -> Iterable[DataSchema]:
    """Declare the typed data this plugin reads from a board folder.

    Return :class:`~lscb_core.plugin.DataSchema` objects. Each names a folder
    under the period's ``plugins/`` folder and, for each YAML file in it, the
    attrs class its content is read as. The loader validates it with the same
    ``file:line:col`` errors as the core data, and hands the result to every
    hook as ``loaded.plugin_data[folder][file stem]``. Data under ``plugins/``
    that no installed plugin claims is a warning, and is left out (information
    only, when the plugin that reads it is blocked). Two plugins declaring the
    same folder is an error naming both.

    The public edition protects a plugin's data as it protects lscb's own:

    - a class that subclasses :class:`lscb_core.plugin.Publishable` gets
      ``visibility`` and ``public_summary`` fields; an item that is
      ``board-only`` or ``not-for-publication`` is left out of the public view
      (set ``withheld_keeps`` and ``summary_keeps`` on the class to keep its
      public identity, such as a title shown with the summary);
    - a count declared with ``count_field(suppress="myplugin.referrals")`` is
      hidden when small, once a board lists that name under
      ``suppression.tables`` (always, with ``suppress_by_default=True``);
      ``count_field(sum_of=("a", "b"))`` declares a total of sibling fields,
      so that a hidden member cannot be worked out from it;
    - every ``Markdown`` field has its ``::: board-only`` passages worked out.
    """
    raise NotImplementedError


# --- checks ------------------------------------------------------------------------


@hookspec
def lscb_check(loaded: LoadedReport) -> Iterable[Finding] | None:
    """Look at a loaded report and say what is wrong with it.

    ``loaded.report`` is the typed :class:`lscb_core.AnnualReport`;
    ``loaded.plugin_data`` the plugins' data; ``loaded.settings`` the board's
    settings. Return (or yield) :class:`~lscb_core.plugin.Finding` objects (or ``None``) with a
    stable ``code`` and the data ``path`` they concern; the location in the
    board folder is filled in from the path. Level ``ERROR`` only for data that
    is impossible; ``WARNING`` for what makes the report inconsistent or
    unpublishable; ``INFO`` for what is merely worth knowing.

    This hook sees the data as loaded, everything included: it is for the
    consistency of the data. Checks about what the public edition shows
    belong in ``lscb_check_public``.
    """
    raise NotImplementedError


@hookspec
def lscb_check_public(view: LoadedReport) -> Iterable[Finding] | None:
    """Check what the public edition will show: ``view`` is its view, as sections get it.

    Called by ``lscb check`` and before every public build. Return findings as
    for ``lscb_check``; an ``ERROR`` stops the public edition.
    """
    raise NotImplementedError


@hookspec
def lscb_profiles() -> Iterable[Profile]:
    """Contribute statutory profiles: what a report under a regime must or should contain.

    Return :class:`~lscb_core.plugin.Profile` objects; a plugin's profile is
    used in place of the built-in one for the regimes it lists. Each item maps
    to the data fields and the sections that satisfy it; ``lscb check``
    reports unmet required items as warnings and expected ones as information,
    and ``lscb build --annex coverage`` prints the assessment in the report.
    """
    raise NotImplementedError


@hookspec
def lscb_glossary(loaded: LoadedReport) -> GlossaryWords | None:
    """Say which words this plugin prints, for the glossary and its checks.

    Return :class:`lscb_core.plugin.GlossaryWords`: ``terms``, the
    abbreviations your text uses with their meanings (the report's glossary
    lists those the report uses, unless the board's own glossary already
    explains them), and ``text``, the text your sections print for this board
    (so "used but not explained" and "never used" count it). Called once per
    load, after the board's data is read; return ``None`` when the plugin has
    nothing to say for this board.
    """
    raise NotImplementedError


# --- the report's sections -----------------------------------------------------------


@hookspec
def lscb_sections() -> Iterable[Section]:
    """Contribute whole sections of the report.

    Return :class:`~lscb_core.plugin.Section` objects. Each has a ``key``
    (which a board's ``settings.yaml`` uses to switch it off, move it or
    replace it), a ``title`` (the section's heading, added by lscb), an
    ``order`` (built-in sections use 10, 20, ... 140; see ``lscb plugins``)
    and a ``build`` function that takes a
    :class:`~lscb_core.plugin.SectionContext` and returns a list of content
    blocks (from :mod:`lscb_core.plugin`), among them a
    :class:`~lscb_core.plugin.WordFragment` for content made from the
    plugin's own Word template. The blocks are checked field by field as
    they come in. A section whose build returns nothing is left out, heading
    and all. A key offered by two plugins is an error naming both: a board
    puts a plugin's section in a built-in one's place with ``use:`` in its
    settings instead.

    The same blocks make the Word document and the web edition. The web
    edition cannot show Word XML, so a ``WordFragment`` needs its HTML form:
    ``WordFragment(template, context, html=[...blocks...])``, the same content
    as ordinary blocks. Without it, building the web edition (``--to html``)
    fails with an error naming the plugin and the section.
    """
    raise NotImplementedError


@hookspec
def lscb_slot_content(slot: str, context: SectionContext) -> Sequence[Block] | None:
    """Add content *inside* a section, at a named place (a slot).

    Called for every slot as sections are built; return a list of blocks for
    the slots you want and ``None`` for the rest. Every section has ``<key>.start``
    (after its heading) and ``<key>.end``. Built-in sections add more:
    ``priorities.<priority id>.why``, ``priorities.<priority id>.progress``
    and ``priorities.<priority id>.end`` after each part of a priority,
    ``priorities.theme.<theme id>.end``, ``reviews.<reference>`` after each
    case review and ``cdop.figures`` after the child death figures.
    ``context.section`` is the key of the section being built; ``context.loaded``
    and ``context.report`` are the edition's view.
    """
    raise NotImplementedError


@hookspec
def lscb_template_context(view: LoadedReport, edition: str) -> Mapping[str, Any] | None:
    """Add to (or override) the values the Word template and the narrative can use.

    ``view`` is the edition's view of the board's year (``edition`` is
    ``"public"`` or ``"board"``): work the values out from it, so that the
    public edition's guarantee holds for them too. Return a mapping; its keys
    become template variables and narrative names (``{{ my_figure }}``).
    Values are escaped wherever they are shown. When two plugins give the same
    key, the plugin called first wins: the one registered last, unless
    ``tryfirst`` or ``trylast`` says otherwise.
    """
    raise NotImplementedError


@hookspec
def lscb_jinja_filters() -> Mapping[str, Callable[..., Any]] | None:
    """Add Jinja filters for narrative and templates: ``{"pounds_k": lambda v: ...}``.

    Filters run inside the sandbox; their results are escaped like any value.
    They are given the view's values: a hidden count is a ``Suppressed``, which
    prints as the suppression symbol and refuses to be compared or converted.
    When two plugins give a filter of the same name, the plugin called first
    wins, as for :func:`lscb_template_context`.
    """
    raise NotImplementedError


# --- the command line ----------------------------------------------------------------


@hookspec
def lscb_register_commands(cli: click.Group) -> None:
    """Add commands to ``lscb``: decorate functions with ``@cli.command()``.

    Called once, when the command line first needs its list of commands.
    """
    raise NotImplementedError
