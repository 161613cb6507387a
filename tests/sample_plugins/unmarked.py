"""A plugin with a section hook that lacks the @hookimpl marker, so lscb would never call it."""

from __future__ import annotations

from lscb_core.plugin import Paragraph, Section, Text


def lscb_sections() -> list[Section]:
    return [Section("helpline", "Our helpline", 95, lambda context: [Paragraph((Text("Calls"),))])]
