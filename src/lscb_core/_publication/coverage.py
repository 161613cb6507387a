"""Statutory coverage: how a report measures up to its regime's profile."""

from __future__ import annotations

import functools
from collections.abc import Iterable, Sequence
from importlib import resources

import attrs

from lscb_core._loading.yamlfile import parse_yaml
from lscb_core._model.convert import structure
from lscb_core._model.loaded import LoadedReport
from lscb_core._model.local_sections import Audience
from lscb_core._model.profiles import ItemLevel, Profile, ProfileItem, field_value, is_empty
from lscb_core._model.regime import Regime
from lscb_core._model.walk import iter_text

__all__ = ["ItemCoverage", "assess", "shown_sections"]


@attrs.frozen
class ItemCoverage:
    """Whether one profile item is met, and if not, what is missing."""

    item: ProfileItem
    missing_fields: tuple[str, ...] = ()
    missing_mentions: tuple[str, ...] = ()
    sections_off: tuple[str, ...] = ()
    covered_by: tuple[str, ...] = ()
    """Board-defined sections that say they cover the item (``covers:``), which meets it."""

    @property
    def met(self) -> bool:
        return bool(self.covered_by) or self.met_by_the_data

    @property
    def met_by_the_data(self) -> bool:
        """Met by the data and built-in sections alone, whatever a board's own section says it covers."""
        return not (self.missing_fields or self.missing_mentions or self.sections_off)

    @property
    def required(self) -> bool:
        return self.item.level is ItemLevel.REQUIRED

    def explain(self) -> str:
        parts = []
        if self.missing_fields:
            parts.append(f"missing: {', '.join(self.missing_fields)}")
        if self.missing_mentions:
            parts.append(f"does not mention: {', '.join(self.missing_mentions)}")
        if self.sections_off:
            parts.append(f"the section that shows it is switched off: {', '.join(self.sections_off)}")
        return "; ".join(parts)


def shown_sections(loaded: LoadedReport) -> tuple[set[str], set[str]]:
    """Section keys the board switched off or replaced, and the keys put in their place."""
    off: set[str] = set()
    added: set[str] = set()
    for choice in loaded.settings.sections:
        if not choice.enabled or choice.use:
            off.add(choice.section)
        if choice.use:
            added.add(choice.use)
    return off, added


def _text(value: object) -> str:
    return " ".join(piece.text for piece in iter_text(value)).casefold()


def assess_item(loaded: LoadedReport, item: ProfileItem, off: Iterable[str]) -> ItemCoverage:
    report = loaded.report
    covering = tuple(
        key
        for key, section in report.sections.items()
        if item.id in section.covers and section.audience is Audience.PUBLIC and key not in set(off)
    )
    missing = [f for f in item.fields if is_empty(field_value(report, f))]
    if item.any_fields and all(is_empty(field_value(report, f)) for f in item.any_fields):
        missing.append(" or ".join(item.any_fields))
    text = " ".join(_text(field_value(report, f)) for f in item.fields)
    mentions = [m for m in item.must_mention if not missing and m.casefold() not in text]
    sections_off = (
        [s for s in item.sections if s in set(off)]
        if item.sections and all(s in set(off) for s in item.sections)
        else []
    )
    return ItemCoverage(item, tuple(missing), tuple(mentions), tuple(sections_off), covered_by=covering)


def assess(loaded: LoadedReport, extra: Sequence[Profile] = ()) -> tuple[Profile | None, list[ItemCoverage]]:
    """The profile for the report's regime (a plugin's first), and each of its items assessed."""
    profile = profile_for(loaded.report.regime, (*extra, *loaded.profiles))
    if profile is None:
        return None, []
    off, _added = shown_sections(loaded)
    return profile, [assess_item(loaded, item, off) for item in profile.items]


@functools.cache
def builtin_profiles() -> tuple[Profile, ...]:
    """The profiles that ship with lscb (one per family of regimes)."""
    folder = resources.files("lscb_core") / "data" / "profiles"
    profiles = []
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if entry.name.endswith(".yaml"):
            doc = parse_yaml(entry.read_text(encoding="utf-8"), f"lscb_core/data/profiles/{entry.name}")
            profiles.append(structure(doc.value, Profile, doc.sources))
    return tuple(profiles)


def profile_for(regime: Regime, extra: Iterable[Profile] = ()) -> Profile | None:
    """The profile that covers ``regime``; plugin profiles (``extra``) take precedence."""
    for profile in (*extra, *builtin_profiles()):
        if regime in profile.regimes:
            return profile
    return None
