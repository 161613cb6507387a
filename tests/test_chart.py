"""The structure chart: a picture for any structure, and alternative text naming every group."""

from __future__ import annotations

import io

from hypothesis import given
from PIL import Image

from lscb_core._model.structure import Group, GroupKind, Structure
from lscb_core._render.structure_chart import structure_chart
from lscb_core._sections.governance import org_units

from .strategies import structures


@given(structures())
def test_any_structure_draws_and_its_alt_text_names_every_group(structure: Structure) -> None:
    chart = structure_chart(org_units(structure))
    if not structure.groups:
        assert chart is None
        return
    assert chart is not None
    with Image.open(io.BytesIO(chart.data)) as picture:
        assert picture.format == "PNG"
        assert picture.width == 1800
    for group in structure.groups:
        assert group.name in chart.alt


def test_groups_in_a_circle_are_still_drawn() -> None:
    circle = Structure(
        groups=(
            Group(id="a", name="Alpha", kind=GroupKind.BOARD, reports_to="b"),
            Group(id="b", name="Beta", kind=GroupKind.EXECUTIVE, reports_to="a"),
            Group(id="c", name="Gamma", kind=GroupKind.SUBGROUP, reports_to="nowhere"),
        )
    )
    chart = structure_chart(org_units(circle))
    assert chart is not None
    assert "Gamma is at the top of the structure." in chart.alt
    assert "Reporting to Alpha: Beta." in chart.alt
