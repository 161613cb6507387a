"""The one cattrs converter: plain loaded values to typed objects, and back.

Scalars are read strictly (a count is never a fraction, a boolean or a
negative number) with messages a report author can act on; unknown keys are
errors with a "did you mean"; and every failure is mapped back to the file,
line and column (or spreadsheet cell) the value came from.
"""

from __future__ import annotations

import datetime as dt
import difflib
import enum
import functools
import math
import re
from collections.abc import Callable, Iterator, Mapping
from typing import Any, TypeVar, get_args, get_origin

import attrs
import cattrs
from cattrs.cols import homogenous_tuple_structure_factory, is_mapping, mapping_structure_factory
from cattrs.errors import ForbiddenExtraKeysError
from cattrs.gen import make_dict_structure_fn
from cattrs.v import format_exception as _cattrs_format_exception

from lscb_core._base.findings import Finding, Level, LoadError
from lscb_core._base.locations import CellText, DataPath, SourceMap, SourceText, format_path
from lscb_core._base.quantities import quantity_of
from lscb_core._model.local_sections import CellValue
from lscb_core._model.period import NotADateError, PartialDate
from lscb_core._model.text import Markdown
from lscb_core._model.vocabulary import OpenKind, fold_kind

__all__ = ["InvalidValueError", "converter", "describe", "quick_converter", "structure", "unstructure"]

T = TypeVar("T")


class InvalidValueError(ValueError):
    """A value of the wrong kind; the message reads after the field's name ("must be ...")."""


def describe(value: Any) -> str:
    """A value as an error message quotes it."""
    if isinstance(value, str):
        shown = value if len(value) <= 60 else value[:57] + "..."
        return f'"{shown}"'
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "nothing"
    if isinstance(value, list | tuple):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return str(value)


_THOUSANDS = re.compile(r"[+-]?\d{1,3}(,\d{3})+|[+-]?\d+")


def _whole(value: Any, what: str, prefix: str = "") -> int:
    """A whole number, perhaps written with thousands separators (and ``prefix``, such as ``-£2,855``)."""
    if isinstance(value, bool):
        raise InvalidValueError(f"must be {what}, got {describe(value)}")
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        if math.isfinite(value) and value.is_integer():
            return int(value)
        raise InvalidValueError(f"must be {what}, got {describe(value)}")
    if isinstance(value, str):
        text = value.strip()
        if prefix:
            # "-£2,855" is how lscb itself prints a negative amount.
            sign = "-" if text.startswith("-") else ""
            text = sign + text.lstrip("-").removeprefix(prefix)
        if _THOUSANDS.fullmatch(text):
            return int(text.replace(",", ""))
    raise InvalidValueError(f"must be {what}, got {describe(value)}")


def _structure_int(value: Any, _: type) -> int:
    return _whole(value, "a whole number")


def _structure_quantity(value: Any, cl: Any) -> int | float:
    quantity = quantity_of(cl)
    assert quantity is not None
    if quantity.whole:
        number: int | float = _whole(value, quantity.written, quantity.prefix)
    else:
        number = _fraction(value, quantity.written, quantity.suffix)
    problem = quantity.out_of_range(number, describe(value))
    if problem is not None:
        raise InvalidValueError(problem)
    return number


def _fraction(value: Any, what: str, suffix: str = "") -> float:
    """A number that need not be whole, perhaps written with ``suffix`` (``23%``)."""
    if isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value):
        return float(value)
    if isinstance(value, str):
        text = value.strip().removesuffix(suffix).strip() if suffix else value.strip()
        try:
            number = float(text)
        except ValueError:
            pass
        else:
            if math.isfinite(number):
                return number
    raise InvalidValueError(f"must be {what}, got {describe(value)}")


def _structure_float(value: Any, _: type) -> float:
    if isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value):
        return float(value)
    if isinstance(value, str):
        try:
            number = float(value.replace(",", ""))
        except ValueError:
            pass
        else:
            if math.isfinite(number):
                return number
    raise InvalidValueError(f"must be a number, got {describe(value)}")


def _structure_str(value: Any, _: type) -> str:
    if isinstance(value, str):
        return str(value)
    if isinstance(value, bool) or value is None or isinstance(value, list | dict):
        raise InvalidValueError(f"must be text, got {describe(value)}")
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


_TRUE = {"true", "yes", "y", "1"}
_FALSE = {"false", "no", "n", "0"}


def _structure_bool(value: Any, _: type) -> bool:
    if isinstance(value, bool):
        return value
    if isinstance(value, int) and value in (0, 1):
        return bool(value)
    if isinstance(value, str):
        folded = value.strip().casefold()
        if folded in _TRUE:
            return True
        if folded in _FALSE:
            return False
    raise InvalidValueError(f"must be yes or no, got {describe(value)}")


_YEAR = re.compile(r"\d{4}")


def _parse_date(text: str) -> PartialDate | None:
    """The date ``text`` writes; ``None`` if it is not written as a date at all.

    A date written correctly that does not exist (2015-02-30, 2015-13) is an
    :class:`InvalidValueError`.
    """
    try:
        return PartialDate.parse(text)
    except NotADateError:  # neither 2015-07-28 nor 28 July 2015
        return None
    except ValueError:  # written as a date, but no such date
        pass
    year = _YEAR.search(text)
    if year and not 1900 <= int(year.group()) <= 2200:
        raise InvalidValueError(f"must be a date from 1900 to 2200, got {describe(text)}")
    raise InvalidValueError(f"must be a date that exists, got {describe(text)}")


def _structure_date(value: Any, _: type) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        partial = _parse_date(value)
        if partial is not None and partial.day is not None:
            return partial.first_day
    raise InvalidValueError(f"must be a date like 2015-07-28, got {describe(value)}")


def _structure_partial_date(value: Any, _: type) -> PartialDate:
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        return PartialDate.of(value)
    if isinstance(value, int) and not isinstance(value, bool):
        value = str(value)
    if isinstance(value, str):
        partial = _parse_date(value)
        if partial is not None:
            return partial
    raise InvalidValueError(f"must be a date like 2015-07-28, 2015-09 or 2015, got {describe(value)}")


def _fold(text: str) -> str:
    return re.sub(r"[\s_-]+", "-", text.strip().casefold())


def _structure_enum(value: Any, cl: type[enum.Enum]) -> enum.Enum:
    if isinstance(value, cl):
        return value
    if isinstance(value, str | int) and not isinstance(value, bool):
        wanted = _fold(str(value))
        for member in cl:
            if _fold(str(member.value)) == wanted or _fold(member.name) == wanted:
                return member
    options = [str(m.value) for m in cl]
    # A looser match than for keys: the options are few, and all of them are listed anyway.
    close = difflib.get_close_matches(str(value), options, n=1, cutoff=0.5) if isinstance(value, str) else []
    hint = f"; did you mean {close[0]!r}?" if close else ""
    raise InvalidValueError(f"must be one of {', '.join(options)}; got {describe(value)}{hint}")


def _structure_open_kind(value: Any, cl: type[OpenKind]) -> OpenKind:
    if isinstance(value, cl):
        return value
    if isinstance(value, str) and fold_kind(value):
        folded = fold_kind(value)
        for known in cl.KNOWN:
            if fold_kind(known) == folded:
                return cl(known)
        return cl(folded)
    raise InvalidValueError(f"must be a word or words such as {', '.join(cl.KNOWN)}; got {describe(value)}")


def _structure_markdown(value: Any, _: type) -> Markdown:
    if isinstance(value, str):
        return Markdown(str(value), value.location if isinstance(value, SourceText) else None)
    raise InvalidValueError(f"must be text, got {describe(value)}")


def _is_quantity(cl: Any) -> bool:
    return quantity_of(cl) is not None


def _is_tuple(cl: Any) -> bool:
    args = get_args(cl)
    return get_origin(cl) is tuple and len(args) == 2 and args[1] is Ellipsis


def _list_guard(base: Callable[[Any, Any], Any]) -> Callable[[Any, Any], Any]:
    def hook(value: Any, cl: Any) -> Any:
        if isinstance(value, CellText):
            value = value.items()
        if value is None:
            value = []  # a key left empty (its entries commented out) holds nothing
        if not isinstance(value, list | tuple):
            hint = (
                "; write each item on a line of its own after '- ' (in brackets, a comma starts a new item)"
                if isinstance(value, str)
                else ""
            )
            raise InvalidValueError(f"must be a list, got {describe(value)}{hint}")
        return base(value, cl)

    return hook


def _mapping_guard(base: Callable[[Any, Any], Any]) -> Callable[[Any, Any], Any]:
    def hook(value: Any, cl: Any) -> Any:
        if value is None:
            value = {}  # a key left empty: its own keys' defaults apply, or say what is missing
        if not isinstance(value, Mapping):
            raise InvalidValueError(f"must be a mapping of names to values, got {describe(value)}")
        return base(value, cl)

    return hook


def _attrs_factory(cl: type, conv: cattrs.Converter) -> Callable[[Any, Any], Any]:
    if cl is Markdown:
        return _structure_markdown
    if cl is PartialDate:
        return _structure_partial_date
    base = _mapping_guard(make_dict_structure_fn(cl, conv))
    required = [a.name for a in attrs.fields(cl) if a.default is attrs.NOTHING]
    # A record that is mostly its text (a recommendation, an audit finding) may be written as just the
    # text; a class may name another field that a plain string fills (a person by their name).
    shorthand = getattr(cl, "WRITTEN_AS", None) or ("text" if required == ["text"] else None)
    if shorthand is not None:
        field = str(shorthand)

        def text_or_record(value: Any, target: Any) -> Any:
            return base({field: value} if isinstance(value, str) else value, target)

        return text_or_record
    return base


def converter() -> cattrs.Converter:
    """The converter shared by the loader, tests and plugins (configured once, never changed).

    Its validation is detailed: a failure is an exception group with every
    problem and where it is, which :func:`structure` turns into findings.
    """
    return _converter(detailed=True)


def quick_converter() -> cattrs.Converter:
    """The same converter without detailed validation, which :func:`structure` tries first.

    The code cattrs generates for it is about half as long, and generating it
    is a good part of a single build's time; it stops at the first problem,
    so a value it refuses is structured again by :func:`converter`, which
    finds every problem and where it is.
    """
    return _converter(detailed=False)


@functools.cache
def _converter(*, detailed: bool) -> cattrs.Converter:
    conv = cattrs.Converter(forbid_extra_keys=True, detailed_validation=detailed)
    conv.register_structure_hook(int, _structure_int)
    conv.register_structure_hook(float, _structure_float)
    conv.register_structure_hook(str, _structure_str)
    conv.register_structure_hook(bool, _structure_bool)
    conv.register_structure_hook(dt.date, _structure_date)
    conv.register_structure_hook_func(_is_quantity, _structure_quantity)
    conv.register_structure_hook_func(
        lambda cl: isinstance(cl, type) and issubclass(cl, enum.Enum), _structure_enum
    )
    conv.register_structure_hook_factory(
        _is_tuple, lambda cl, c: _list_guard(homogenous_tuple_structure_factory(cl, c))
    )
    conv.register_structure_hook_factory(
        lambda cl: is_mapping(cl) and not attrs.has(cl),
        lambda cl, c: _mapping_guard(mapping_structure_factory(cl, c)),
    )
    conv.register_structure_hook_factory(attrs.has, _attrs_factory)
    # After the attrs hook, so that it wins for these attrs classes: a kind is written as a word.
    conv.register_structure_hook_func(
        lambda cl: isinstance(cl, type) and issubclass(cl, OpenKind), _structure_open_kind
    )
    # A board-defined figure or cell is typed by its kind, another field: its loader reads it.
    conv.register_structure_hook_func(lambda cl: cl in (CellValue, CellValue | None), lambda value, _: value)
    conv.register_unstructure_hook(dt.date, lambda d: d.isoformat())
    conv.register_unstructure_hook(PartialDate, lambda d: d.iso())
    conv.register_unstructure_hook(Markdown, lambda m: m.text)
    conv.register_unstructure_hook(enum.Enum, lambda e: e.value)
    conv.register_unstructure_hook(OpenKind, lambda k: k.value)
    return conv


def structure(raw: Any, cl: type[T], sources: SourceMap | None = None, base: DataPath = ()) -> T:
    """Build a ``cl`` from loaded values, or raise :class:`LoadError` with located findings."""
    try:
        return quick_converter().structure(raw, cl)
    except MemoryError:
        raise
    except Exception:  # structured again below, to find every problem and where it is
        pass
    try:
        return converter().structure(raw, cl)
    except Exception as exc:  # cattrs raises exception groups of anything a hook raised
        findings = list(_findings(exc, cl, raw, base, sources or SourceMap()))
        if not findings:
            raise
        raise LoadError(findings) from None


def unstructure(obj: Any) -> Any:
    """Plain values (dicts, lists, strings, numbers) that :func:`structure` reads back."""
    return converter().unstructure(obj)


# --- mapping cattrs' errors back to the board folder -----------------------------


def _leaves(exc: BaseException, path: DataPath) -> Iterator[tuple[DataPath, BaseException]]:
    if isinstance(exc, BaseExceptionGroup):
        for sub in exc.exceptions:
            step: DataPath = ()
            for note in getattr(sub, "__notes__", []):
                name = getattr(note, "name", None)
                if isinstance(name, str):
                    step = (name,)
                index = getattr(note, "index", None)
                if isinstance(index, int) and not callable(index):
                    step = (index,)
            yield from _leaves(sub, path + step)
    else:
        yield path, exc


def _fields(leaf: ForbiddenExtraKeysError) -> list[str]:
    return [a.alias or a.name for a in attrs.fields(leaf.cl)]


def _close_key(key: str, fields: list[str]) -> str | None:
    close = difflib.get_close_matches(key, fields, n=1, cutoff=0.6)
    return close[0] if close else None


def _findings(exc: BaseException, cl: Any, raw: Any, base: DataPath, sources: SourceMap) -> Iterator[Finding]:
    leaves = list(_leaves(exc, ()))
    # A misspelt required key is also missing: it is reported once, where it is misspelt.
    misspelt = {
        (base + relative, _close_key(key, _fields(leaf)))
        for relative, leaf in leaves
        if isinstance(leaf, ForbiddenExtraKeysError)
        for key in leaf.extra_fields
    }
    for relative, leaf in leaves:
        path = base + relative
        where = sources.locate(path)
        if isinstance(leaf, ForbiddenExtraKeysError):
            fields = _fields(leaf)
            for key in sorted(leaf.extra_fields):
                close = _close_key(key, fields)
                hint = f"; did you mean {close!r}?" if close else f"; the keys here are {', '.join(fields)}"
                yield Finding(
                    level=Level.ERROR,
                    code="load.unknown-key",
                    message=f"unknown key {key!r} in {_where(path)}{hint}",
                    path=(*path, key),
                    location=sources.locate_key((*path, key)),
                )
        elif isinstance(leaf, KeyError):
            key = leaf.args[0] if leaf.args else "?"
            if path and path[-1] == key:
                path = path[:-1]
                where = sources.locate(path)
            if (path, key) in misspelt:
                continue
            yield Finding(
                level=Level.ERROR,
                code="load.missing-key",
                message=f"{_where(path)} needs the key {key!r}",
                path=path,
                location=where,
            )
        else:
            yield Finding(
                level=Level.ERROR,
                code="load.invalid",
                message=_message(path, leaf),
                path=path,
                location=where,
            )


def _where(path: DataPath) -> str:
    return format_path(path) if path else "this file"


def _message(path: DataPath, leaf: BaseException) -> str:
    name = next((p for p in reversed(path) if isinstance(p, str)), None)
    if isinstance(leaf, InvalidValueError):
        subject = name or "the value"
        if path and isinstance(path[-1], int):
            subject = f"each item of {name}" if name else "each item"
        return f"{subject} {leaf}"
    if isinstance(leaf, ValueError | TypeError):
        return str(leaf)
    return _cattrs_format_exception(leaf, None)
