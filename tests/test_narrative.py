"""Narrative templates: figures from the data, in a sandbox, with located errors."""

from __future__ import annotations

import pytest

from lscb_core._base.locations import Location
from lscb_core._model.text import Markdown
from lscb_core._sections.markdown import markdown_blocks
from lscb_core._sections.templating import NarrativeError, NarrativeRenderer, escape_markdown


class _Cdop:
    reviews = 56
    name = "A *starred* {{ 7*7 }} name"


def _render(text: str) -> str:
    return NarrativeRenderer({"cdop": _Cdop(), "total": 331724}).render(
        Markdown(text, Location("narrative/cdop.md", 1, 1))
    )


def test_figures_come_from_the_data() -> None:
    assert (
        _render("A total of {{ cdop.reviews }} reviews; {{ total | money }}.")
        == "A total of 56 reviews; £331,724."
    )


def test_data_values_are_never_templates_and_keep_their_characters() -> None:
    rendered = _render("{{ cdop.name }}")
    (para,) = markdown_blocks(rendered)
    assert "".join(i.text for i in para.inlines) == "A *starred* {{ 7*7 }} name"  # type: ignore[union-attr]


def test_escape_markdown_round_trips_through_the_parser() -> None:
    tricky = "*a* _b_ [c](d) <e> #f `g` \\h 1. i &amp; j"
    (para,) = markdown_blocks(escape_markdown(tricky))
    assert "".join(i.text for i in para.inlines) == tricky  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        ("ok\n\n{{ cdop.missing }}", 3, "does not have"),
        ("ok\n{% if %}", 2, "malformed"),
        ("{{ cdop.__class__ }}", 1, "not allowed"),
        ("{{ cdop.reviews.__class__.__mro__ }}", 1, "not allowed"),
        ("{% include 'secret.txt' %}", 1, "failed"),
        ("{% import 'os' as os %}", 1, "failed"),
        ("big: {{ 'a' * 1000000000 }}", 1, "makes too much"),
        ("\n{{ 10 ** 1000000000 }}", 2, "makes too much"),
        ("{{ [1] * 10000000 }}", 1, "makes too much"),
    ],
)
def test_template_errors_are_located_and_nothing_unsafe_runs(text: str, line: int, message: str) -> None:
    with pytest.raises(NarrativeError) as info:
        _render(text)
    assert info.value.location is not None
    assert info.value.location.line == line
    assert message in info.value.message
