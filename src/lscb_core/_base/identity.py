"""Results worked out once for each object that never changes (a frozen report), and forgotten with it."""

from __future__ import annotations

import weakref
from collections.abc import Callable, Hashable
from typing import Any, Generic, TypeVar

__all__ = ["PerObject"]

V = TypeVar("V")


class PerObject(Generic[V]):
    """What :meth:`get` makes for an object (and a hashable detail), kept while the object lives.

    Objects are told apart by identity, not equality: comparing or hashing a
    whole report would cost more than working the result out again. An object
    that cannot be referred to weakly gets a fresh result each time.
    """

    def __init__(self) -> None:
        self._known: dict[tuple[int, Hashable], tuple[weakref.ref[Any], V]] = {}

    def get(self, obj: object, detail: Hashable, make: Callable[[], V]) -> V:
        key = (id(obj), detail)
        known = self._known.get(key)
        if known is not None and known[0]() is obj:
            return known[1]
        value = make()
        try:
            ref = weakref.ref(obj, lambda _gone: self._known.pop(key, None))
        except TypeError:
            return value
        self._known[key] = (ref, value)
        return value
