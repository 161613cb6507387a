"""A well-behaved plugin given by name (``-p``): a short section of its own."""

from __future__ import annotations

from lscb_core.plugin import Section, hookimpl, paragraph


@hookimpl
def lscb_sections() -> list[Section]:
    return [Section("hello", "Hello section", 15, lambda context: [paragraph("Hello from a module")])]
