"""Sections that are narrative only: effectiveness, independent scrutiny, impact, the voice of children."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from lscb_core._base.blocks import Block
from lscb_core._base.markers import hookimpl
from lscb_core._sections.compose import Section, SectionContext

NARRATIVE_SECTIONS: dict[str, tuple[str, int]] = {
    "effectiveness": ("Effectiveness of the safeguarding arrangements", 25),
    "scrutiny": ("Independent scrutiny", 55),
    "impact": ("Impact on children and families", 85),
    "voice": ("Listening to children and families", 87),
    "weaknesses": ("What needs to improve", 95),
}
"""Narrative files (``narrative/<key>.md``) that make a section of their own: title and usual place."""


def _story(name: str) -> Callable[[SectionContext], list[Block]]:
    def build(context: SectionContext) -> list[Block]:
        return context.narrative(name)

    return build


@hookimpl
def lscb_sections() -> Sequence[Section]:
    return [Section(key, title, order, _story(key)) for key, (title, order) in NARRATIVE_SECTIONS.items()]
