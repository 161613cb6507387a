"""What a board's data may say, described from the model itself: JSON Schema and a field-by-field reference.

The schema follows what the converter accepts (``48,311`` and ``£48,311`` for
money, ``2015-09`` for a date known to the month, a list written as
``{rows_from: file.csv}``), so an editor that validates with it agrees with
``lscb check``. Meanings of fields are kept as data in
``lscb_core/data/reference.yaml``; a test keeps it complete.
"""

from __future__ import annotations

import datetime as dt
import enum
import functools
import types
import typing
from collections.abc import Iterator, Mapping
from importlib import resources
from typing import Any, Union, get_args, get_origin

import attrs
import yaml

from lscb_core._base.quantities import Quantity, quantity_of
from lscb_core._model.period import PartialDate
from lscb_core._model.text import Markdown
from lscb_core._model.vocabulary import OpenKind

__all__ = ["FieldInfo", "field_meanings", "fields_of", "json_schema", "type_label"]

JSON_SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"

_THOUSANDS = r"^\s*[+-]?£?\s*\d{1,3}(,\d{3})*\s*$|^\s*[+-]?£?\s*\d+\s*$"
_PARTIAL_DATE = (
    r"^\s*(\d{4}(-\d{2}(-\d{2})?)?"
    r"|(\d{1,2}\s+)?(January|February|March|April|May|June|July|August|September|October|November|December)\s+\d{4})\s*$"
)


@functools.cache
def field_meanings() -> Mapping[str, str]:
    """``Class.field`` to what the field means, from the reference kept as data."""
    text = (resources.files("lscb_core") / "data" / "reference.yaml").read_text(encoding="utf-8")
    loaded = yaml.safe_load(text) or {}
    return {str(k): str(v).strip() for k, v in loaded.items()}


@attrs.frozen
class FieldInfo:
    """One field of a data class, as the reference describes it."""

    owner: type
    name: str
    type: Any
    required: bool
    default: Any

    @property
    def key(self) -> str:
        return f"{self.owner.__name__}.{self.name}"

    @property
    def meaning(self) -> str:
        """What the field means, from the class that declares it or any class it inherits from."""
        meanings = field_meanings()
        for base in self.owner.__mro__:
            found = meanings.get(f"{base.__name__}.{self.name}")
            if found:
                return found
        return ""


def fields_of(cls: type) -> list[FieldInfo]:
    """The fields a data file may give for ``cls``, in the order the class declares them."""
    hints = typing.get_type_hints(cls, include_extras=True)
    out = []
    for a in attrs.fields(cls):
        if not a.init:
            continue
        default = a.default
        if isinstance(default, attrs.Factory):  # type: ignore[arg-type]
            default = None
        out.append(
            FieldInfo(
                owner=cls,
                name=a.alias or a.name,
                type=hints[a.name],
                required=a.default is attrs.NOTHING,
                default=None if default is attrs.NOTHING else default,
            )
        )
    return out


def _strip_optional(tp: Any) -> tuple[Any, bool]:
    origin = get_origin(tp)
    if origin in (Union, types.UnionType):
        args = [a for a in get_args(tp) if a is not type(None)]
        optional = len(args) < len(get_args(tp))
        if len(args) == 1:
            return args[0], optional
        return Union[tuple(args)], optional  # noqa: UP007 - rebuilt from parts
    return tp, False


def _quantity(tp: Any) -> Quantity | None:
    return quantity_of(tp)


def type_label(tp: Any) -> str:
    """How the reference names a type: ``count``, ``money (whole pounds)``, ``list of course``."""
    tp, _ = _strip_optional(tp)
    quantity = _quantity(tp)
    if quantity is not None:
        return quantity.label
    origin = get_origin(tp)
    if origin is tuple or origin is list:
        return f"list of {type_label(get_args(tp)[0])}"
    if origin is dict or (origin is not None and origin.__name__ == "Mapping"):
        return f"mapping of names to {type_label(get_args(tp)[1])}"
    if origin in (Union, types.UnionType):
        return " or ".join(type_label(a) for a in get_args(tp))
    if tp is Markdown:
        return "Markdown text"
    if tp is PartialDate:
        return "date (2015-07-28, 2015-07 or 2015)"
    if tp is dt.date:
        return "date (2015-07-28)"
    if tp is bool:
        return "yes or no"
    if tp is int:
        return "whole number"
    if tp is float:
        return "number"
    if tp is str:
        return "text"
    if isinstance(tp, type) and issubclass(tp, enum.Enum):
        return "one of " + ", ".join(f"`{m.value}`" for m in tp)
    if isinstance(tp, type) and issubclass(tp, OpenKind):
        return "words such as " + ", ".join(f"`{k}`" for k in tp.KNOWN) + ", or a kind of the board's own"
    if isinstance(tp, type) and attrs.has(tp):
        return _title(tp)
    return getattr(tp, "__name__", str(tp))


def _title(cls: type) -> str:
    """``BudgetLine`` -> ``budget line``."""
    out = ""
    for i, ch in enumerate(cls.__name__):
        out += (" " if i and ch.isupper() else "") + ch.lower()
    return out


def _doc(cls: type) -> str:
    return (cls.__doc__ or "").strip().split("\n\n")[0].replace("\n", " ")


def json_schema(root: Any, *, title: str | None = None, description: str | None = None) -> dict[str, Any]:
    """A JSON Schema (2020-12) for data that structures into ``root``."""
    defs: dict[str, Any] = {}
    body = _schema(root, defs)
    out: dict[str, Any] = {"$schema": JSON_SCHEMA_DIALECT}
    if title:
        out["title"] = title
    if description:
        out["description"] = description
    out.update(body)
    if defs:
        out["$defs"] = dict(sorted(defs.items()))
    return out


def _rows_from() -> dict[str, Any]:
    return {
        "type": "object",
        "description": "The list's rows from a spreadsheet: one row a record, column headings as field names.",
        "properties": {
            "rows_from": {"type": "string", "description": "A .csv or .xlsx file in the same folder."},
            "sheet": {
                "type": "string",
                "description": "The worksheet of an .xlsx file (default: the first).",
            },
            "columns": {
                "type": "object",
                "description": "Column headings mapped to field names, where they differ.",
                "additionalProperties": {"type": "string"},
            },
        },
        "required": ["rows_from"],
        "additionalProperties": False,
    }


def _schema(tp: Any, defs: dict[str, Any]) -> dict[str, Any]:
    tp, optional = _strip_optional(tp)
    inner = _schema_of(tp, defs)
    if optional:
        return {"anyOf": [inner, {"type": "null"}]}
    return inner


def _schema_of(tp: Any, defs: dict[str, Any]) -> dict[str, Any]:
    quantity = _quantity(tp)
    if quantity is not None:
        if not quantity.whole:
            return {
                "anyOf": [
                    {"type": "number", "minimum": quantity.minimum, "maximum": quantity.maximum},
                    {"type": "string", "pattern": r"^\s*\d+(\.\d+)?\s*%?\s*$"},
                ],
                "description": "A percentage: 23 or 23%.",
            }
        return {
            "anyOf": [
                {"type": "integer", "minimum": quantity.minimum, "maximum": quantity.maximum},
                {"type": "string", "pattern": _THOUSANDS},
            ],
            "description": type_label(tp),
        }
    origin = get_origin(tp)
    if origin is tuple or origin is list:
        items = _schema(get_args(tp)[0], defs)
        return {"anyOf": [{"type": "array", "items": items}, _rows_from(), {"type": "null"}]}
    if origin is dict or (origin is not None and getattr(origin, "__name__", "") == "Mapping"):
        return {"type": "object", "additionalProperties": _schema(get_args(tp)[1], defs)}
    if origin in (Union, types.UnionType):
        return {"anyOf": [_schema(a, defs) for a in get_args(tp)]}
    if tp is Markdown or tp is str:
        return {"type": ["string", "number"]}
    if tp is PartialDate:
        return {"anyOf": [{"type": "string", "pattern": _PARTIAL_DATE}, {"type": "integer"}]}
    if tp is dt.date:
        return {"type": "string", "format": "date"}
    if tp is bool:
        return {"anyOf": [{"type": "boolean"}, {"enum": ["yes", "no", "Yes", "No"]}]}
    if tp is int:
        return {"anyOf": [{"type": "integer"}, {"type": "string", "pattern": _THOUSANDS}]}
    if tp is float:
        return {"type": "number"}
    if isinstance(tp, type) and issubclass(tp, enum.Enum):
        return {"type": "string", "enum": [str(m.value) for m in tp]}
    if isinstance(tp, type) and issubclass(tp, OpenKind):
        # An open vocabulary: the known kinds for completion, any other words accepted.
        return {"anyOf": [{"type": "string", "enum": list(tp.KNOWN)}, {"type": "string", "minLength": 1}]}
    if isinstance(tp, type) and attrs.has(tp):
        name = tp.__name__
        if name not in defs:
            defs[name] = {}  # placeholder against recursion
            defs[name] = _object(tp, defs)
        return {"$ref": f"#/$defs/{name}"}
    return {}


def _object(cls: type, defs: dict[str, Any]) -> dict[str, Any]:
    properties: dict[str, Any] = {}
    required: list[str] = []
    for f in fields_of(cls):
        prop = _schema(f.type, defs)
        described = dict(prop)
        if f.meaning:
            described["description"] = f.meaning
        properties[f.name] = described
        if f.required:
            required.append(f.name)
    out: dict[str, Any] = {
        "type": "object",
        "title": _title(cls),
        "properties": properties,
        "additionalProperties": False,
    }
    if _doc(cls):
        out["description"] = _doc(cls)
    if required:
        out["required"] = required
        text_only = required == ["text"] or getattr(cls, "WRITTEN_AS", None) is not None
        if text_only:  # a record that is mostly its text (or a person's name) may be written as just that
            return {"anyOf": [{"type": "string"}, out]}
    return out


def walk_classes(root: Any) -> Iterator[type]:
    """Every data class reachable from ``root``, each once, parents before children."""
    seen: set[type] = set()

    def visit(tp: Any) -> Iterator[type]:
        tp, _ = _strip_optional(tp)
        if _quantity(tp) is not None:
            return
        for arg in get_args(tp):
            yield from visit(arg)
        if (
            isinstance(tp, type)
            and attrs.has(tp)
            and tp not in (Markdown, PartialDate)
            and not issubclass(tp, OpenKind)
            and tp not in seen
        ):
            seen.add(tp)
            yield tp
            for f in fields_of(tp):
                yield from visit(f.type)

    yield from visit(root)
