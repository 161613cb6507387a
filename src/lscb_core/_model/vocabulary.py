"""Open vocabularies: kinds that lscb knows and treats in their own way, and any other a board uses.

An audit may be a peer review or a practice-learning audit as well as a
multi-agency or section 11 audit; an activity may be a podcast as well as a
campaign. A kind lscb does not know is kept as written (folded to lower case
words joined by hyphens) and shown by its words; ``lscb check`` says it is new.
"""

from __future__ import annotations

import re
from typing import ClassVar, Self

import attrs

__all__ = ["OpenKind", "fold_kind"]


def fold_kind(text: str) -> str:
    """``Peer Review`` and ``peer_review`` are both ``peer-review``."""
    return re.sub(r"[\s_-]+", "-", text.strip().casefold()).strip("-")


@attrs.frozen
class OpenKind:
    """A kind from an open vocabulary: one of ``KNOWN`` (value to label), or any other word."""

    KNOWN: ClassVar[dict[str, str]] = {}
    WHAT: ClassVar[str] = "kind"
    """What the vocabulary is of, for messages (``audit kind``)."""

    value: str = attrs.field(converter=fold_kind)

    @value.validator
    def _not_empty(self, attribute: attrs.Attribute[str], value: str) -> None:
        if not value:
            raise ValueError(f"a {self.WHAT} cannot be empty")

    @property
    def known(self) -> bool:
        """Whether lscb knows this kind (and may treat it in its own way)."""
        return self.value in self.KNOWN

    @property
    def label(self) -> str:
        """``Multi-agency audit`` for a known kind; ``Peer review`` (its words) for another."""
        return self.KNOWN.get(self.value) or self.value.replace("-", " ").capitalize()

    @classmethod
    def known_kinds(cls) -> tuple[Self, ...]:
        """Every kind lscb knows, in the order it lists them."""
        return tuple(cls(value) for value in cls.KNOWN)

    def __str__(self) -> str:
        return self.value
