"""Names checked where the author wrote them, all at once, before any build.

- every section ``settings.yaml`` names (``section``, ``use``, ``after``,
  ``before``) exists, else an error at the entry listing the sections there are;
- a board-defined section's key is its own, and its place (``after``,
  ``before``) names a section that exists;
- every narrative file is read by some section, else a warning naming the
  nearest file that is and how to declare a section;
- every name a narrative template uses (``{{ cdop.reviews }}``) and every
  filter exists, else an error at the narrative's file and line with the
  nearest name that does: "`cdop.reveiws` is not a figure; did you mean
  `cdop.reviews`?".

Narrative names are checked against the values the board edition's narrative
gets (every name exists in both editions).
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Collection, Iterator, Mapping
from typing import Any

import attrs
from jinja2 import TemplateSyntaxError, nodes

from lscb_core._base.findings import Finding, Level
from lscb_core._base.locations import DataPath, Location
from lscb_core._model.formatting import FILTERS
from lscb_core._model.loaded import LoadedReport
from lscb_core._model.local_sections import Audience, template_name
from lscb_core._model.text import without_comments
from lscb_core._model.walk import TextPiece, text_pieces
from lscb_core._publication.local_sections import Names
from lscb_core._render.sandbox import ReportSandbox
from lscb_core._sections.compose import Section
from lscb_core._sections.narrative_only import NARRATIVE_SECTIONS

__all__ = ["BUILT_IN_NARRATIVE", "name_findings", "narrative_name_findings"]

BUILT_IN_NARRATIVE: Mapping[str, str] = {
    "foreword": "foreword",
    "context": "context",
    "governance": "governance",
    "inspection": "governance",
    "priorities": "priorities",
    "next": "next",
    "reviews": "reviews",
    "cdop": "cdop",
    "budget": "budget",
    **{key: key for key in NARRATIVE_SECTIONS},
}
"""The narrative files the built-in sections read, and the section that reads each.

A plugin's section reads ``narrative/<its key>.md`` and the files its
``Section.narrative`` names; a board-defined section reads the file it names
(``<key>.md`` by default).
"""

_MISSING = object()
_LISTED = 16
"""How many names a message lists at most."""


def _error(
    code: str, message: str, *, path: DataPath | None = None, location: Location | None = None
) -> Finding:
    return Finding(level=Level.ERROR, code=code, message=message, path=path, location=location)


def _close(word: str, options: Collection[str]) -> str | None:
    found = difflib.get_close_matches(word, list(options), n=1, cutoff=0.6)
    return found[0] if found else None


def _listing(options: Collection[str], most: int | None = _LISTED) -> str:
    names = sorted(options)
    if most is None or len(names) <= most:
        return ", ".join(names)
    return ", ".join(names[:most]) + f" and {len(names) - most} more"


# --- sections named in settings and in board-defined sections ------------------------------


def _section_names(loaded: LoadedReport, sections: Mapping[str, tuple[Section, str]]) -> Iterator[Finding]:
    known = set(sections)
    listing = _listing(known, None)
    for i, choice in enumerate(loaded.settings.sections):
        for name, field in (
            (choice.section, "section"),
            (choice.use, "use"),
            (choice.after, "after"),
            (choice.before, "before"),
        ):
            if name is None or name in known:
                continue
            close = _close(name, known)
            hint = f"did you mean {close!r}? The" if close else "the"
            yield _error(
                "settings.unknown-section",
                f"there is no section {name!r}; {hint} sections are {listing}",
                path=("settings", "sections", i, field),
            )
    for key, section in loaded.report.sections.items():
        for name, field in ((section.after, "after"), (section.before, "before")):
            if name is None or name in known:
                continue
            close = _close(name, known)
            hint = f"did you mean {close!r}? The" if close else "the"
            yield _error(
                "sections.unknown-section",
                f"there is no section {name!r} for this one to go {field}; {hint} sections are {listing}",
                path=("sections", key, field),
            )


def _own_keys(
    loaded: LoadedReport, built_in: Mapping[str, tuple[Section, str]], values: Mapping[str, Any]
) -> Iterator[Finding]:
    for key in loaded.report.sections:
        if key in built_in:
            _, plugin = built_in[key]
            yield _error(
                "sections.taken",
                f"there is already a section {key!r} (from {plugin}); give the board's own section another key (rename sections/{key}.yaml), and to put it in that section's place add {{section: {key}, use: NEW-KEY}} to settings.yaml",
                path=("sections", key),
            )
        elif template_name(key) in values and not isinstance(values[template_name(key)], Names):
            yield _error(
                "sections.taken",
                f"the narrative already uses the name {template_name(key)!r} for something else; rename sections/{key}.yaml",
                path=("sections", key),
            )


# --- narrative files -------------------------------------------------------------------


def _narrative_files(loaded: LoadedReport, sections: Mapping[str, tuple[Section, str]]) -> Iterator[Finding]:
    read = set(BUILT_IN_NARRATIVE) | set(sections)
    read |= {name for section, _ in sections.values() for name in section.narrative}
    read |= {section.narrative or key for key, section in loaded.report.sections.items()}
    # Forewords read the files report.yaml names for them (checked in lscb_core._checks.forewords).
    forewords = loaded.report.forewords
    read |= {name for i, f in enumerate(forewords) if (name := f.narrative_name(i == 0)) is not None}
    for name in loaded.report.narrative:
        if name in read:
            continue
        close = _close(name, read)
        hint = f"did you mean {close}.md? If not, " if close else ""
        yield Finding(
            level=Level.WARNING,
            code="narrative.unknown-file",
            message=f"no section reads narrative/{name}.md; {hint}to make it a section of the board's own, declare it in sections/{name}.yaml with a title and a place (see the README)",
            path=("narrative", name),
        )


# --- names in narrative templates ---------------------------------------------------------


def _bound(tree: nodes.Template) -> set[str]:
    """Names the template binds itself (loop variables, set, macros): not looked up in the data."""
    bound = {"loop", "caller", "varargs", "kwargs", "self", "super"}
    for node in tree.find_all(nodes.Name):
        if node.ctx in ("store", "param"):
            bound.add(node.name)
    for macro in tree.find_all(nodes.Macro):
        bound.add(macro.name)
    return bound


def _chains(node: nodes.Node) -> Iterator[tuple[str, list[str], int, nodes.Node]]:
    """Every ``name.attr.attr`` the template reads: its root name, attributes and line."""
    if isinstance(node, nodes.Getattr | nodes.Name):
        attributes: list[str] = []
        current: nodes.Node = node
        while isinstance(current, nodes.Getattr):
            attributes.insert(0, current.attr)
            current = current.node
        if isinstance(current, nodes.Name):
            if current.ctx == "load":
                yield current.name, attributes, current.lineno, node
            return
        yield from _chains(current)
        return
    for child in node.iter_child_nodes():
        yield from _chains(child)


def _options(value: Any) -> list[str]:
    if isinstance(value, Names):
        return value._names()
    if isinstance(value, Mapping):
        return [str(k) for k in value]
    if attrs.has(type(value)):
        fields = [f.name for f in attrs.fields(type(value))]
        extra = [
            name
            for name in dir(type(value))
            if not name.startswith("_") and isinstance(getattr(type(value), name, None), property)
        ]
        return fields + [name for name in extra if name not in fields]
    return []


def _lookup(value: Any, name: str) -> Any:
    """What Jinja finds for ``value.name`` (an attribute, else an item), or ``_MISSING``."""
    if isinstance(value, Names):
        return value[name] if name in value._names() else _MISSING
    try:
        return getattr(value, name)
    except AttributeError:
        pass
    except Exception:  # a property that fails is not the author's misspelling
        return None
    try:
        return value[name]
    except (KeyError, TypeError, IndexError, AttributeError):
        return _MISSING
    except Exception:
        return None


def _is_figure(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _problem(
    root: str, attributes: list[str], values: Mapping[str, Any], bound: set[str], globals_: Collection[str]
) -> str | None:
    if root in bound or root in globals_:
        return None
    if root not in values:
        options = [name for name in values if not name.startswith("_")]
        close = _close(root, options)
        hint = f"; did you mean `{close}`?" if close else f"; the names it can use are {_listing(options)}"
        return f"`{root}` is not a name the narrative can use{hint}"
    value = values[root]
    walked = [root]
    for name in attributes:
        if value is None or name.startswith("_"):
            return None
        found = _lookup(value, name)
        if found is _MISSING:
            written = ".".join([*walked, name])
            options = _options(value)
            close = _close(name, options)
            suggestion = _lookup(value, close) if close else None
            what = "a figure" if close and _is_figure(suggestion) else "in the data"
            if close:
                return f"`{written}` is not {what}; did you mean `{'.'.join([*walked, close])}`?"
            if isinstance(value, tuple | list):
                return f"`{written}` is not in the data: `{'.'.join(walked)}` is a list; go through it with {{% for item in {'.'.join(walked)} %}}"
            listed = f"; `{'.'.join(walked)}` has {_listing(options)}" if options else ""
            return f"`{written}` is not in the data{listed}"
        value = found
        walked.append(name)
    return None


def _column(text: str, line: int, written: str) -> int | None:
    lines = text.split("\n")
    if not 1 <= line <= len(lines):
        return None
    found = re.search(rf"(?<![\w.]){re.escape(written)}(?!\w)", lines[line - 1])
    return found.start() + 1 if found else None


_FENCE = re.compile(r"^:::\s*board-only\s*$.*?^:::\s*$", re.MULTILINE | re.DOTALL)


def _fenced_lines(text: str) -> set[int]:
    """The lines inside ``::: board-only`` passages (which the public edition leaves out)."""
    lines: set[int] = set()
    for match in _FENCE.finditer(text):
        first = text.count("\n", 0, match.start()) + 1
        lines.update(range(first, first + match.group(0).count("\n") + 1))
    return lines


def _board_sections(loaded: LoadedReport) -> dict[str, str]:
    """Board-defined sections only the board edition has: their name in templates, and their key."""
    return {
        template_name(key): key
        for key, section in loaded.report.sections.items()
        if section.audience is Audience.BOARD
    }


def _own_narrative(loaded: LoadedReport, key: str, path: DataPath) -> bool:
    """Whether ``path`` is the section's own narrative, or Markdown inside the section."""
    section = loaded.report.sections[key]
    return path[:2] == ("sections", key) or path == ("narrative", section.narrative or key)


def narrative_name_findings(
    loaded: LoadedReport, values: Mapping[str, Any], filters: Mapping[str, Callable[..., Any]]
) -> Iterator[Finding]:
    """Errors for every name and filter a narrative template uses that does not exist, at its line.

    A warning too where public narrative uses a section that only the board edition has.
    """
    environment = ReportSandbox()
    environment.filters.update(FILTERS)
    environment.filters.update(filters)
    globals_ = set(environment.globals)
    board_only = _board_sections(loaded)
    for piece in text_pieces(loaded.report):
        if not piece.markdown or "{" not in piece.text:
            continue
        source = without_comments(piece.text)
        try:
            tree = environment.parse(source)
        except (TemplateSyntaxError, RecursionError):
            continue  # reported by the template syntax check
        bound = _bound(tree)
        fenced = _fenced_lines(source) if board_only else set()
        reported: set[tuple[str, int]] = set()
        for root, attributes, line, _node in _chains(tree):
            problem = _problem(root, attributes, values, bound, globals_)
            written = ".".join([root, *attributes])
            if (written, line) in reported:
                continue
            if problem is not None:
                reported.add((written, line))
                yield _at(piece, line, problem, _column(source, line, written))
            elif (
                root in board_only
                and root not in bound
                and line not in fenced
                and not _own_narrative(loaded, board_only[root], piece.path)
            ):
                reported.add((written, line))
                finding = _at(
                    piece,
                    line,
                    f"`{written}` is from the section {board_only[root]!r}, which only the board edition has, so the public edition prints it as (not published); move the passage into a '::: board-only' block",
                    _column(source, line, written),
                )
                yield attrs.evolve(finding, level=Level.WARNING, code="publication.board-section")
            elif (
                root == "previous"
                and root not in bound
                and attributes
                and _walked(values, root, attributes) is None
            ):
                reported.add((written, line))
                finding = _at(piece, line, _no_earlier_value(written, values), _column(source, line, written))
                yield attrs.evolve(finding, level=Level.INFO, code="trends.no-earlier-value")
        for node in tree.find_all((nodes.Filter, nodes.Test)):
            known = environment.filters if isinstance(node, nodes.Filter) else environment.tests
            if node.name in known:
                continue
            what = "filter" if isinstance(node, nodes.Filter) else "test"
            close = _close(node.name, known)
            hint = f"did you mean `{close}`?" if close else f"the {what}s are {_listing(known)}"
            yield _at(
                piece,
                node.lineno,
                f"`{node.name}` is not a {what}; {hint}",
                _column(source, node.lineno, node.name),
            )


def _walked(values: Mapping[str, Any], root: str, attributes: list[str]) -> Any:
    """What ``root.a.b`` is in ``values`` (``_MISSING`` when any step is not there)."""
    value = values.get(root, _MISSING)
    for name in attributes:
        if value is None or value is _MISSING:
            return _MISSING
        value = _lookup(value, name)
    return value


def _no_earlier_value(written: str, values: Mapping[str, Any]) -> str:
    """Why ``previous.<figure>`` prints as nothing: no earlier period, or one without that figure."""
    period = values.get("previous_period")
    if period is None:
        why = "there is no earlier period to compare with (a period folder before this one, or previous.yaml)"
    else:
        why = (
            f"{period} does not give it (previous.yaml states only lscb's built-in figures; "
            "a figure of the board's own sections comes only from an earlier period's folder)"
        )
    return f"`{written}` has no value: {why}, so it prints as nothing"


def _at(piece: TextPiece, line: int, message: str, column: int | None) -> Finding:
    finding = _error("narrative.unknown-name", message, path=piece.path)
    if piece.origin is None or piece.origin.line is None:
        return finding
    location = piece.origin.shifted(line - 1)
    if column is not None and line == 1 and piece.origin.column is not None:
        column += piece.origin.column - 1
    elif not piece.origin.file.endswith(".md"):
        column = None  # a YAML block's lines are indented by an amount its text no longer shows
    return attrs.evolve(finding, location=location._replace(column=column))


# --- all of them ----------------------------------------------------------------------------


def name_findings(
    loaded: LoadedReport,
    on_offer: Mapping[str, tuple[Section, str]],
    values: Mapping[str, Any] | None,
    filters: Mapping[str, Callable[..., Any]],
) -> list[Finding]:
    """Every name the board wrote that names nothing: sections, narrative files, narrative names.

    ``values`` are the narrative's values (``None`` when a plugin failed to
    give its own, which the build reports; names are then not checked).
    """
    built_in = dict(on_offer)
    sections = dict(built_in)
    for key in loaded.report.sections:
        sections.setdefault(key, (built_in[key][0] if key in built_in else _placeholder(key), "board"))
    findings = [
        *_own_keys(loaded, built_in, values or {}),
        *_section_names(loaded, sections),
        *_narrative_files(loaded, sections),
    ]
    if values is not None:
        findings += narrative_name_findings(loaded, values, filters)
    return [f.located(loaded.sources) for f in findings]


def _placeholder(key: str) -> Section:
    return Section(key, key, -1, lambda context: [])
