"""Forewords: what the chair, the safeguarding partners or the independent scrutineer say first."""

from __future__ import annotations

import attrs

from lscb_core._model.board import Person
from lscb_core._model.text import Markdown

__all__ = ["DEFAULT_FOREWORD", "Foreword"]

DEFAULT_FOREWORD = "foreword"
"""The narrative file (``narrative/foreword.md``) of a report's one foreword."""


@attrs.frozen(kw_only=True)
class Foreword:
    """One foreword, with its own title, authors and signature.

    The text is ``text`` (Markdown), or the narrative file named by
    ``narrative`` (``foreword-partners`` reads ``narrative/foreword-partners.md``);
    the first foreword with neither reads ``narrative/foreword.md``. ``authors``
    sign it (a name alone stands for the person of that name in the report's
    leadership or authors); ``signature: false`` leaves the signature block
    out, for a foreword that is signed in its own text.
    """

    title: str | None = None
    narrative: str | None = None
    text: Markdown | None = None
    authors: tuple[Person, ...] = ()
    signature: bool = True

    def narrative_name(self, first: bool) -> str | None:
        """The narrative file this foreword reads, if any (``first``: it is the report's first foreword)."""
        if self.narrative is not None:
            return self.narrative.strip().removesuffix(".md").removeprefix("narrative/")
        if self.text is None and first:
            return DEFAULT_FOREWORD
        return None
