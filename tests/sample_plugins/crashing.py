"""A plugin that takes its worker process down with it."""

from __future__ import annotations

import os

from lscb_core import SectionContext, hookimpl
from lscb_core._base.blocks import Block


@hookimpl
def lscb_slot_content(slot: str, context: SectionContext) -> list[Block] | None:
    if slot == "budget.start":
        os._exit(3)
    return None
