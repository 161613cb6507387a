"""YAML files read safely, with the location of every value kept.

Files are parsed by libyaml (through PyYAML's C parser when it is built in)
into nodes that carry their line and column; plain values are resolved by the
YAML 1.2 core schema, so ``yes`` and ``no`` stay words and ``0755`` a number.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml
from yaml.constructor import SafeConstructor
from yaml.error import MarkedYAMLError, YAMLError
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode
from yaml.resolver import BaseResolver

from lscb_core._base.findings import Finding, Level, LoadError, errors_at
from lscb_core._base.limits import current_limits, limit_finding
from lscb_core._base.locations import DataPath, Location, SourceMap, SourceText
from lscb_core._loading.text import clean_text, read_text, removed_warning

__all__ = ["CoreResolver", "YamlDocument", "load_yaml", "parse_yaml"]

# How many values and characters one YAML file may expand to is bounded
# (Limits.yaml_values, Limits.yaml_characters). Aliases count every time they are
# used, so a file of nested aliases (a "billion laughs") or an anchored long text
# used many times is refused instead of filling the memory.

_TAG = "tag:yaml.org,2002:"
_SCALAR_TAGS = {f"{_TAG}{name}" for name in ("str", "int", "float", "bool", "null", "timestamp")}


class CoreResolver(BaseResolver):
    """The YAML 1.2 core schema (plus dates, which reports are full of)."""


for _tag_name, _pattern, _first in (
    ("bool", r"^(?:true|True|TRUE|false|False|FALSE)$", "tTfF"),
    ("int", r"^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$", "-+0123456789"),
    (
        "float",
        r"^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$",
        "-+.0123456789",
    ),
    ("null", r"^(?:~|null|Null|NULL|)$", ["~", "n", "N", ""]),
    (
        "timestamp",
        r"^(?:[0-9]{4}-[0-9]{2}-[0-9]{2}|[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}(?:[Tt]|[ \t]+)[0-9]{1,2}:[0-9]{2}:[0-9]{2}(?:\.[0-9]*)?(?:[ \t]*(?:Z|[-+][0-9]{1,2}(?::[0-9]{2})?))?)$",
        "0123456789",
    ),
    ("merge", r"^<<$", "<"),
):
    CoreResolver.add_implicit_resolver(f"tag:yaml.org,2002:{_tag_name}", re.compile(_pattern), list(_first))


class _PureLoader(
    yaml.reader.Reader,
    yaml.scanner.Scanner,
    yaml.parser.Parser,
    yaml.composer.Composer,
    SafeConstructor,
    CoreResolver,
):
    """PyYAML's own parser and composer, for a PyYAML built without libyaml."""

    def __init__(self, stream: str) -> None:
        yaml.reader.Reader.__init__(self, stream)
        yaml.scanner.Scanner.__init__(self)
        yaml.parser.Parser.__init__(self)
        yaml.composer.Composer.__init__(self)
        SafeConstructor.__init__(self)
        CoreResolver.__init__(self)


def _loader_class() -> type[Any]:
    """libyaml's parser and composer (about thirty times faster) when PyYAML has them."""
    if not getattr(yaml, "__with_libyaml__", False):
        return _PureLoader
    from yaml.cyaml import CParser  # type: ignore[attr-defined]

    c_parser: Any = CParser

    class _CLoader(c_parser, SafeConstructor, CoreResolver):  # type: ignore[misc]
        def __init__(self, stream: str) -> None:
            c_parser.__init__(self, stream)
            SafeConstructor.__init__(self)
            CoreResolver.__init__(self)

    return _CLoader


_Loader = _loader_class()


class YamlDocument:
    """The plain values of one YAML file, its source map and its warnings."""

    def __init__(self, value: Any, sources: SourceMap, warnings: list[Finding]) -> None:
        self.value = value
        self.sources = sources
        self.warnings = warnings


def load_yaml(path: Path, display: str, base: DataPath = ()) -> YamlDocument:
    """Load a YAML file; its values are recorded in the source map under ``base``."""
    return parse_yaml(read_text(path, display), display, base)


def parse_yaml(text: str, display: str, base: DataPath = ()) -> YamlDocument:
    """Parse YAML text. Raises :class:`LoadError` with a located message on any problem.

    Only the YAML 1.2 core types are accepted (strings, numbers, booleans,
    null and dates); a tag that would construct an object is an error, as are
    duplicate keys and merge keys.
    """
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
    except MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = Location(display, mark.line + 1, mark.column + 1) if mark else Location(display)
        problem = exc.problem or exc.context or "not valid YAML"
        if "'\\t'" in problem or (mark is not None and _char_at(text, mark.line, mark.column) == "\t"):
            problem = "a tab cannot indent a line; indent with spaces instead"
        raise LoadError([_error(where, f"not valid YAML: {problem}")]) from None
    except YAMLError as exc:
        raise LoadError([_error(Location(display), f"not valid YAML: {exc}")]) from None
    finally:
        loader.dispose()
    sources = SourceMap()
    warnings: list[Finding] = []
    if node is None:
        return YamlDocument(None, sources, warnings)
    walker = _Walker(display, sources, warnings, _construct)
    value = walker.walk(node, base)
    return YamlDocument(value, sources, warnings)


_TIMESTAMPS = SafeConstructor()


def _construct(node: ScalarNode, deep: bool = True) -> Any:
    """The value of a plain scalar, as the YAML 1.2 core schema reads it."""
    tag = node.tag[len(_TAG) :] if node.tag else "str"
    text = str(node.value)
    if tag == "null":
        return None
    if tag == "bool":
        return text.lower() == "true"
    if tag == "int":
        if text.startswith("0o"):
            return int(text[2:], 8)
        if text.startswith("0x"):
            return int(text[2:], 16)
        return int(text)
    if tag == "float":
        lowered = text.lower()
        if lowered.endswith(".nan"):
            return math.nan
        if lowered.endswith(".inf"):
            return -math.inf if text.startswith("-") else math.inf
        return float(text)
    if tag == "timestamp":
        return _TIMESTAMPS.construct_yaml_timestamp(node)
    return text


def _char_at(text: str, line: int, column: int) -> str:
    lines = text.split("\n")
    return lines[line][column] if line < len(lines) and column < len(lines[line]) else ""


_error = errors_at("load.yaml")


def _location(display: str, node: Node) -> Location:
    mark = node.start_mark
    return Location(display, mark.line + 1, mark.column + 1)


class _Walker:
    def __init__(
        self,
        display: str,
        sources: SourceMap,
        warnings: list[Finding],
        construct: Callable[..., Any],
    ) -> None:
        self.display = display
        self.sources = sources
        self.warnings = warnings
        self.construct = construct
        self.count = 0
        self.characters = 0
        self.limits = current_limits()

    def _over(self, where: Location, field: str, problem: str) -> LoadError:
        return LoadError([limit_finding(where, field, problem, self.limits, "load.yaml")])

    def walk(self, node: Node, path: DataPath, key_location: Location | None = None) -> Any:
        self.count += 1
        where = _location(self.display, node)
        if self.count > self.limits.yaml_values:
            raise self._over(
                where,
                "yaml_values",
                "the file expands to more values than this: each alias (*name) counts every time it is used, and long tables belong in a .csv or .xlsx file",
            )
        if isinstance(node, ScalarNode):
            size = len(node.value)
            if size > self.limits.value_characters:
                raise self._over(where, "value_characters", f"this value is {size:,} characters long")
            self.characters += size
            if self.characters > self.limits.yaml_characters:
                raise self._over(
                    where,
                    "yaml_characters",
                    "the file expands to more characters than this: each alias (*name) counts every time it is used",
                )
        self.sources.add(path, where, key=key_location)
        if isinstance(node, MappingNode):
            return self._mapping(node, path, where)
        if isinstance(node, SequenceNode):
            if node.tag != f"{_TAG}seq":
                raise LoadError([_tag_error(where, node.tag)])
            items = self._rejoin_numbers(node) if node.flow_style else node.value
            return [self.walk(item, (*path, i)) for i, item in enumerate(items)]
        assert isinstance(node, ScalarNode)
        return self._scalar(node, where)

    def _rejoin_numbers(self, node: SequenceNode) -> list[Node]:
        """A list in brackets split at the comma of a number (``[Trained 4,980 practitioners.]``), joined again.

        In a list written in brackets a comma separates items, so YAML reads
        ``4,980`` as the end of one item and the start of another. Where an
        item ending in a digit is followed, with no space, by one starting with
        exactly three digits, the author meant a number: the two are one item,
        with a warning saying how to write it so that no guess is needed.
        """
        items: list[Node] = []
        for item in node.value:
            previous = items[-1] if items else None
            if (
                isinstance(previous, ScalarNode)
                and isinstance(item, ScalarNode)
                and not previous.style
                and not item.style
                and previous.end_mark.index + 1 == item.start_mark.index
                and re.search(r"\d$", str(previous.value))
                and re.match(r"\d{3}(?!\d)", str(item.value))
            ):
                joined = f"{previous.value},{item.value}"
                items[-1] = ScalarNode(f"{_TAG}str", joined, previous.start_mark, item.end_mark, style=None)
                continue
            items.append(item)
        written = {id(item) for item in node.value}
        for item in items:
            if isinstance(item, ScalarNode) and id(item) not in written:
                self.warnings.append(
                    Finding(
                        level=Level.WARNING,
                        code="load.comma-in-list",
                        message=(
                            f"in a list written in brackets a comma starts a new item, so {item.value!r} "
                            "would be split at the comma of its number; it is read as one item. Write "
                            "each item on its own line after '- ', or put it in quotes"
                        ),
                        location=_location(self.display, item),
                    )
                )
        return items

    def _mapping(self, node: MappingNode, path: DataPath, where: Location) -> dict[str, Any]:
        if node.tag != f"{_TAG}map":
            raise LoadError([_tag_error(where, node.tag)])
        out: dict[str, Any] = {}
        first_seen: dict[str, Location] = {}
        for key_node, value_node in node.value:
            key_where = _location(self.display, key_node)
            if key_node.tag == f"{_TAG}merge":
                raise LoadError([_error(key_where, "merge keys (<<) are not supported; write the keys out")])
            if not isinstance(key_node, ScalarNode) or key_node.tag not in _SCALAR_TAGS:
                raise LoadError([_error(key_where, "a key must be a plain word, not a list or mapping")])
            key = str(key_node.value)
            if key in first_seen:
                first = first_seen[key]
                raise LoadError(
                    [
                        _error(
                            key_where,
                            f"the key {key!r} is written twice (first at line {first.line}); keep only one",
                        )
                    ]
                )
            first_seen[key] = key_where
            out[key] = self.walk(value_node, (*path, key), key_where)
        return out

    def _scalar(self, node: ScalarNode, where: Location) -> Any:
        if node.tag not in _SCALAR_TAGS:
            raise LoadError([_tag_error(where, node.tag)])
        try:
            value = self.construct(node, deep=True)
        except (YAMLError, ValueError, OverflowError) as exc:
            if node.tag == f"{_TAG}timestamp":
                # A date that does not exist (2015-02-30) is read as the text written, so that
                # the field it is for can say what it must be.
                return SourceText(str(node.value), where)
            if node.tag == f"{_TAG}int" and str(node.value).lstrip("+-").isdigit():
                raise LoadError([_too_large(where, str(node.value))]) from None
            raise LoadError([_error(where, f"cannot read this value: {exc}")]) from None
        if isinstance(value, float) and math.isinf(value) and str(node.value).lstrip("+-").lower() != ".inf":
            raise LoadError([_too_large(where, str(node.value))])
        if isinstance(value, dt.datetime):
            value = value.date() if value.time() == dt.time() and value.tzinfo is None else value
        if isinstance(value, str):
            cleaned, removed = clean_text(value)
            if removed:
                self.warnings.append(removed_warning(where, removed))
            # Text in a block scalar (| or >) starts on the line after the indicator.
            text_start = where.shifted(1) if node.style in ("|", ">") else where
            return SourceText(cleaned, text_start)
        return value


def _tag_error(where: Location, tag: str | None) -> Finding:
    return _error(
        where,
        f"the tag {_tag(tag)} is not allowed: only plain values, lists and mappings are read; remove the tag",
    )


def _too_large(where: Location, written: str) -> Finding:
    shown = written if len(written) <= 30 else written[:27] + "..."
    return _error(where, f"the number {shown} is too large to be right; correct it")


def _tag(tag: str | None) -> str:
    tag = tag or ""
    return "!!" + tag[len(_TAG) :] if tag.startswith(_TAG) else tag
