"""A plugin that takes far too long in the essential information section."""

from __future__ import annotations

import time

from lscb_core import SectionContext, hookimpl
from lscb_core._base.blocks import Block


@hookimpl
def lscb_slot_content(slot: str, context: SectionContext) -> list[Block] | None:
    if slot == "about.start":
        time.sleep(60)
    return None
