"""The hidden count: it holds no number, prints as its symbol, and refuses everything that would tell one."""

from __future__ import annotations

import copy
import math
import pickle
from collections.abc import Callable
from decimal import Decimal
from fractions import Fraction
from typing import Any

import pytest

from lscb_core._base.suppressed import Suppressed, SuppressedValueError, is_suppressed
from lscb_core._model.formatting import money, number, percent


def hidden() -> Suppressed:
    return Suppressed("cdop.with_modifiable_factors", "c")


def test_it_holds_nothing_but_its_name_and_symbol() -> None:
    value = hidden()
    assert set(Suppressed.__slots__) == {"figure", "symbol", "derived"}
    assert not hasattr(value, "__dict__")
    assert (value.figure, value.symbol, value.derived) == ("cdop.with_modifiable_factors", "c", False)
    with pytest.raises(AttributeError):
        value.figure = "x"  # type: ignore[misc]
    with pytest.raises(AttributeError):
        value.value = 3  # type: ignore[attr-defined]


def test_it_prints_as_its_symbol() -> None:
    value = hidden()
    assert str(value) == "c"
    assert f"{value}" == "c"
    assert format(value) == "c"
    assert "%s" % value == "c"  # noqa: UP031 - %-formatting as text is allowed
    assert "{}".format(value) == "c"  # noqa: UP032
    assert number(value) == money(value) == percent(value) == "c"
    assert repr(value) == "Suppressed('cdop.with_modifiable_factors')"
    assert is_suppressed(value)
    assert not is_suppressed(3)


ARITHMETIC: list[Callable[[Any], Any]] = [
    lambda x: x + 1,
    lambda x: 1 + x,
    lambda x: x - 1,
    lambda x: 10 - x,
    lambda x: x * 2,
    lambda x: 2 * x,
    lambda x: x / 2,
    lambda x: 100 / x,
    lambda x: x // 2,
    lambda x: 7 // x,
    lambda x: x % 2,
    lambda x: x**2,
    lambda x: 2**x,
    lambda x: -x,
    lambda x: +x,
    lambda x: abs(x),
    lambda x: x + 1.5,
    lambda x: x + Fraction(1, 3),
    lambda x: x + Decimal("1.5"),
    lambda x: x + hidden(),
    lambda x: sum([1, 2, x]),
    lambda x: 100.0 * x / 31,
    lambda x: divmod(x, 3)[0],
]


@pytest.mark.parametrize("operation", ARITHMETIC, ids=[f"arithmetic-{i}" for i in range(len(ARITHMETIC))])
def test_arithmetic_gives_another_hidden_value(operation: Callable[[Any], Any]) -> None:
    result = operation(hidden())
    assert isinstance(result, Suppressed)
    assert str(result) == "c"
    assert result.derived
    assert result.name == "a figure worked out from cdop.with_modifiable_factors"


def test_arithmetic_with_text_is_not_arithmetic() -> None:
    with pytest.raises(TypeError):
        hidden() + "a"  # type: ignore[operator]


REFUSED: dict[str, tuple[Callable[[Any], Any], str]] = {
    "if": (lambda x: bool(x), "tested as true or false"),
    "not": (lambda x: not x, "tested as true or false"),
    "and": (lambda x: x and 1, "tested as true or false"),
    "equal": (lambda x: x == 3, "compared"),
    "not-equal": (lambda x: x != 3, "compared"),
    "less": (lambda x: x < 3, "compared"),
    "less-or-equal": (lambda x: x <= 3, "compared"),
    "greater": (lambda x: x > 3, "compared"),
    "greater-or-equal": (lambda x: x >= 3, "compared"),
    "reflected-compare": (lambda x: x > 3, "compared"),
    "min": (lambda x: min(x, 3), "compared"),
    "max": (lambda x: max(x, 3), "compared"),
    "sorted": (lambda x: sorted([x, 3]), "compared"),
    "in-list": (lambda x: 3 in [x], "compared"),
    "int": (lambda x: int(x), "converted to a whole number"),
    "float": (lambda x: float(x), "converted to a number"),
    "complex": (lambda x: complex(x), "converted to a number"),
    "round": (lambda x: round(x), "rounded"),
    "round-places": (lambda x: round(x, 1), "rounded"),
    "trunc": (lambda x: math.trunc(x), "rounded"),
    "floor": (lambda x: math.floor(x), "rounded"),
    "ceil": (lambda x: math.ceil(x), "rounded"),
    "iterate": (lambda x: list(x), "looped over"),
    "for": (lambda x: [i for i in x], "looped over"),  # noqa: C416
    "reversed": (lambda x: reversed(x), "looped over"),
    "len": (lambda x: len(x), "measured"),
    "contains": (lambda x: 1 in x, "searched"),
    "index": (lambda x: x[0], "indexed"),
    "range": (lambda x: range(x), "used as a whole number"),
    "list-index": (lambda x: [1, 2, 3][x], "used as a whole number"),
    "hex": (lambda x: hex(x), "used as a whole number"),
    "hash": (lambda x: hash(x), "used as a key"),
    "dict-key": (lambda x: {x: 1}, "used as a key"),
    "set": (lambda x: {x}, "used as a key"),
    "format-spec": (lambda x: f"{x:,}", "formatted as a number"),
    "format-method": (lambda x: "{:.1f}".format(x), "formatted as a number"),  # noqa: UP032
    "percent-d": (lambda x: "%d" % x, "number"),  # noqa: UP031
    "percent-f": (lambda x: "%.1f" % x, "converted to a number"),  # noqa: UP031
    "math": (lambda x: math.sqrt(x), "converted to a number"),
}


@pytest.mark.parametrize("name", sorted(REFUSED))
def test_what_would_tell_its_number_is_an_error_naming_the_figure(name: str) -> None:
    operation, says = REFUSED[name]
    with pytest.raises(SuppressedValueError) as caught:
        operation(hidden())
    assert caught.value.figure == "cdop.with_modifiable_factors"
    assert "cdop.with_modifiable_factors is hidden in the public edition" in str(caught.value)
    assert says in str(caught.value)


def test_the_error_is_not_one_that_filters_swallow() -> None:
    """Jinja's int and float filters turn a TypeError or ValueError into 0; this is neither."""
    assert not issubclass(SuppressedValueError, TypeError | ValueError)
    from jinja2.filters import do_float, do_int

    with pytest.raises(SuppressedValueError):
        do_int(hidden())
    with pytest.raises(SuppressedValueError):
        do_float(hidden())


def test_it_survives_copying_and_pickling_as_it_is() -> None:
    for again in (copy.copy(hidden()), copy.deepcopy(hidden()), pickle.loads(pickle.dumps(hidden()))):
        assert isinstance(again, Suppressed)
        assert (again.figure, again.symbol) == ("cdop.with_modifiable_factors", "c")
