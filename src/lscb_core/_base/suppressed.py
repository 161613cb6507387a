"""A count hidden in the public edition: a value that holds no number at all.

The public view of a report puts a :class:`Suppressed` wherever a small count
(or a figure hidden to protect one) would be. It holds the figure's name and
the symbol a report prints for it, and nothing else: not the count, not even
in a private attribute, because plugins and templates see it too.

It prints as its symbol (``c``). Arithmetic with it gives another
:class:`Suppressed`, so a total or a share worked out from a hidden count is
hidden too. Everything that would let a template or a plugin learn something
about the hidden number is an error that names the figure: comparing it,
testing it in an ``if``, converting it to a number, rounding it, looping over
it, using it in ``range()`` or as a dictionary key, and formatting it as a
number (``f"{x:,}"``, ``"%d" % x``).
"""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction
from typing import Any, NoReturn

__all__ = ["Suppressed", "SuppressedValueError", "is_suppressed"]

_NUMBERS = (int, float, Fraction, Decimal)


class SuppressedValueError(Exception):
    """Something tried to learn about a suppressed figure; ``figure`` names it.

    Not a ``TypeError`` or ``ValueError`` on purpose: template filters that
    swallow those (Jinja's ``int`` and ``float`` fall back to 0) must not turn
    a hidden count into a silent default.
    """

    def __init__(self, figure: str, action: str) -> None:
        self.figure = figure
        self.action = action
        super().__init__(
            f"{figure} is hidden in the public edition (a small count, or one that would give a small count away), "
            f"so it cannot be {action}; print it as it is (it shows as the suppression symbol) "
            "or leave it out of the public edition in a '::: board-only' passage"
        )


class Suppressed:
    """A figure hidden in the public edition; see the module documentation.

    ``figure`` names it (``cdop.with_modifiable_factors``); ``symbol`` is what
    is printed (``c``); ``derived`` is true for a value worked out from a
    hidden one (``cdop.reviews + 1``).
    """

    __slots__ = ("derived", "figure", "symbol")
    figure: str
    symbol: str
    derived: bool

    def __init__(self, figure: str, symbol: str = "c", *, derived: bool = False) -> None:
        object.__setattr__(self, "figure", str(figure))
        object.__setattr__(self, "symbol", str(symbol))
        object.__setattr__(self, "derived", bool(derived))

    def __setattr__(self, name: str, value: object) -> NoReturn:
        raise AttributeError("a suppressed figure cannot be changed")

    def __delattr__(self, name: str) -> NoReturn:
        raise AttributeError("a suppressed figure cannot be changed")

    def __reduce__(self) -> tuple[Any, ...]:
        return (_rebuild, (self.figure, self.symbol, self.derived))

    # --- what it shows ------------------------------------------------------------------

    def __str__(self) -> str:
        return self.symbol

    def __repr__(self) -> str:
        return f"Suppressed({self.figure!r})"

    def __format__(self, spec: str) -> str:
        if spec:
            self._refuse(f"formatted as a number ({spec!r})")
        return self.symbol

    @property
    def name(self) -> str:
        """How an error message names it: ``a figure worked out from X`` for a derived one."""
        return f"a figure worked out from {self.figure}" if self.derived else self.figure

    def _refuse(self, action: str) -> NoReturn:
        raise SuppressedValueError(self.name, action)

    def _derive(self, other: object) -> Suppressed | Any:
        if isinstance(other, Suppressed) or (isinstance(other, _NUMBERS) and not isinstance(other, bool)):
            return Suppressed(self.figure, self.symbol, derived=True)
        return NotImplemented

    # --- arithmetic gives another hidden value ----------------------------------------------

    __add__ = __radd__ = __sub__ = __rsub__ = _derive
    __mul__ = __rmul__ = __truediv__ = __rtruediv__ = _derive
    __floordiv__ = __rfloordiv__ = __mod__ = __rmod__ = _derive
    __pow__ = __rpow__ = _derive

    def __divmod__(self, other: object) -> tuple[Suppressed, Suppressed] | Any:
        derived = self._derive(other)
        return NotImplemented if derived is NotImplemented else (derived, derived)

    __rdivmod__ = __divmod__

    def __neg__(self) -> Suppressed:
        return Suppressed(self.figure, self.symbol, derived=True)

    __pos__ = __abs__ = __neg__

    # --- everything that would tell something about the number is refused ---------------------

    def __bool__(self) -> NoReturn:
        self._refuse("tested as true or false (in an 'if')")

    def __eq__(self, other: object) -> NoReturn:
        self._refuse("compared")

    def __ne__(self, other: object) -> NoReturn:
        self._refuse("compared")

    def __lt__(self, other: object) -> NoReturn:
        self._refuse("compared")

    __le__ = __gt__ = __ge__ = __lt__

    def __hash__(self) -> NoReturn:
        self._refuse("used as a key or in a set")

    def __int__(self) -> NoReturn:
        self._refuse("converted to a whole number")

    def __index__(self) -> NoReturn:
        self._refuse("used as a whole number (an index, a range or a count)")

    def __float__(self) -> NoReturn:
        self._refuse("converted to a number")

    def __complex__(self) -> NoReturn:
        self._refuse("converted to a number")

    def __round__(self, ndigits: int | None = None) -> NoReturn:
        self._refuse("rounded")

    def __trunc__(self) -> NoReturn:
        self._refuse("rounded")

    __floor__ = __ceil__ = __trunc__

    def __iter__(self) -> NoReturn:
        self._refuse("looped over")

    def __reversed__(self) -> NoReturn:
        self._refuse("looped over")

    def __len__(self) -> NoReturn:
        self._refuse("measured")

    def __contains__(self, item: object) -> NoReturn:
        self._refuse("searched")

    def __getitem__(self, item: object) -> NoReturn:
        self._refuse("indexed")


def _rebuild(figure: str, symbol: str, derived: bool) -> Suppressed:
    return Suppressed(figure, symbol, derived=derived)


def is_suppressed(value: object) -> bool:
    """Whether ``value`` is a hidden figure (the only safe test: comparing one is an error)."""
    return isinstance(value, Suppressed)
