"""Drawn pictures kept by what they were drawn from (see :mod:`lscb_core._base.keep`).

:func:`cached` calls a drawing function (the structure chart) only when no
picture drawn from the same arguments by the same code is known; the module
that draws is imported only then (Pillow is slow to import).
"""

from __future__ import annotations

import base64
import importlib
import json
from typing import Any

from lscb_core._base.blocks import Image
from lscb_core._base.keep import kept

__all__ = ["cached"]

_PNG = b"\x89PNG\r\n\x1a\n"


def cached(module: str, function: str, *args: Any, **kwargs: Any) -> Image | None:
    """``module.function(*args, **kwargs)``, or the picture it drew before from the same arguments."""

    def draw() -> Image | None:
        picture = getattr(importlib.import_module(module), function)(*args, **kwargs)
        if picture is not None and not isinstance(picture, Image):
            raise TypeError(f"{module}.{function} drew {type(picture).__name__}, not an image block")
        return picture

    found: list[Image] | None = kept(
        "picture",
        (module, function, args, sorted(kwargs.items())),
        lambda: _listed(draw()),
        encode=_encode,
        decode=_decode,
        versions=("pillow",),
    )
    return found[0] if found else None


def _listed(picture: Image | None) -> list[Image]:
    # No picture is kept too, as an empty list (None is what the cache gives for "not kept").
    return [picture] if picture is not None else []


def _encode(pictures: list[Image]) -> bytes:
    return json.dumps(
        [
            {
                "alt": picture.alt,
                "width_cm": picture.width_cm,
                "name": picture.name,
                "data": base64.b64encode(picture.data).decode("ascii"),
            }
            for picture in pictures
        ]
    ).encode()


def _decode(data: bytes) -> list[Image] | None:
    """The pictures saved as ``data``; ``None`` when they are not what :func:`_encode` saves."""
    try:
        entries = json.loads(data)
        if not isinstance(entries, list) or len(entries) > 1:
            return None
        pictures = []
        for entry in entries:
            picture = base64.b64decode(entry["data"], validate=True)
            alt, width, name = entry["alt"], entry["width_cm"], entry["name"]
            if not (isinstance(alt, str) and isinstance(name, str) and isinstance(width, int | float)):
                return None
            if not picture.startswith(_PNG):
                return None
            pictures.append(Image(picture, alt, width_cm=float(width), name=name))
    except (ValueError, KeyError, TypeError):
        return None
    return pictures
