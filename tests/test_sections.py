"""Sections as plugins: switching off, moving, replacing, plugin sections with their own data and Word fragment."""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from pathlib import Path

import attrs
import pytest
from docx import Document

from lscb_core import DataSchema, Section, SectionContext, hookimpl
from lscb_core._base.blocks import Block, Paragraph, Text, WordFragment
from lscb_core._base.quantities import Count, count_field
from lscb_core._base.styles import LIST_BULLET, heading
from lscb_core._build.build import build_report
from lscb_core._hooks.manager import make_plugin_manager
from lscb_core._render.document import default_template

from .boardfactory import make_board
from .conftest import HERTFORDSHIRE

FRAGMENT = default_template().with_name("fragment.docx")

PRIORITIES = """themes:
  - id: risk
    title: Risk to children
    priorities:
      - id: cse
        title: Child sexual exploitation
        progress: The plan was completed.
"""


@attrs.frozen(kw_only=True)
class LocalEvent:
    name: str
    attendees: Count = count_field()


@attrs.frozen(kw_only=True)
class LocalEvents:
    title: str
    events: tuple[LocalEvent, ...] = ()


class LocalPlugin:
    """A board's own plugin: typed data, a section from a Word fragment, and content inside a priority."""

    @hookimpl
    def lscb_data_schemas(self) -> Sequence[DataSchema]:
        return [DataSchema("local", {"events.yaml": LocalEvents})]

    @hookimpl
    def lscb_sections(self) -> Sequence[Section]:
        return [Section("local-events", "Local events", 105, self.build)]

    def build(self, context: SectionContext) -> list[Block]:
        data = context.plugin_data.get("local", {}).get("events")
        if not isinstance(data, LocalEvents):
            return []
        total = sum(e.attendees for e in data.events)
        return [
            WordFragment(
                FRAGMENT, {"title": data.title, "text": f"{len(data.events)} events, {total} people in all."}
            )
        ]

    @hookimpl
    def lscb_slot_content(self, slot: str, context: SectionContext) -> list[Block] | None:
        if slot == "priorities.cse.progress":
            return [Paragraph((Text("The local theatre programme reached every secondary school."),))]
        return None


def _board(tmp_path: Path, settings: str = "") -> Path:
    return make_board(
        tmp_path / "b",
        {
            "priorities.yaml": PRIORITIES,
            "cdop.yaml": "reviews_stated: 3\nmodifiable_stated: 1\n",
            "glossary.yaml": "terms: [{abbreviation: CSE, meaning: Child sexual exploitation}]\n",
            "plugins/local/events.yaml": "title: Our events\nevents:\n  - {name: Summit, attendees: 40}\n  - {name: Fair, attendees: 60}\n",
            "settings.yaml": settings,
        },
    )


def _headings(path: Path) -> list[str]:
    document = Document(str(path))
    return [p.text for p in document.paragraphs if p.style is not None and p.style.name.startswith("Heading")]


def _build(board: Path, out: Path, *plugins: object) -> list[str]:
    result = build_report(board, output=out, pm=make_plugin_manager(entry_points=False, extra=plugins))
    assert result.ok, [str(f) for f in result.errors]
    return _headings(out)


def test_plugin_section_with_its_own_data_and_word_fragment(tmp_path: Path) -> None:
    headings = _build(_board(tmp_path), tmp_path / "r.docx", LocalPlugin())
    where = headings.index("Local events")
    assert where == headings.index("Child Death Overview Panel") + 1
    assert headings[where + 1] == "Our events"  # the heading inside the plugin's Word fragment
    text = "\n".join(p.text for p in Document(str(tmp_path / "r.docx")).paragraphs)
    assert "2 events, 100 people in all." in text
    assert text.index("The plan was completed.") < text.index(
        "The local theatre programme reached every secondary school."
    )


def test_the_board_moves_a_section(tmp_path: Path) -> None:
    board = _board(tmp_path, "sections:\n  - section: local-events\n    after: about\n")
    headings = _build(board, tmp_path / "r.docx", LocalPlugin())
    assert headings[:2] == ["Essential information", "Local events"]


def test_the_board_switches_a_built_in_section_off_and_renames_another(tmp_path: Path) -> None:
    board = _board(
        tmp_path,
        "sections:\n  - {section: cdop, enabled: false}\n  - {section: glossary, title: Abbreviations}\n",
    )
    headings = _build(board, tmp_path / "r.docx")
    assert "Child Death Overview Panel" not in headings
    assert "Abbreviations" in headings
    assert "Glossary" not in headings


def test_the_board_replaces_a_built_in_section_with_a_plugins(tmp_path: Path) -> None:
    board = _board(tmp_path, "sections:\n  - {section: cdop, use: local-events}\n")
    headings = _build(board, tmp_path / "r.docx", LocalPlugin())
    assert "Child Death Overview Panel" not in headings
    assert headings.index("Local events") < headings.index("Glossary")


def test_a_setting_that_names_no_section_is_a_located_error(tmp_path: Path) -> None:
    board = _board(tmp_path, "sections:\n  - {section: cdopp, enabled: false}\n")
    result = build_report(board, output=tmp_path / "r.docx", pm=make_plugin_manager(entry_points=False))
    assert not result.ok
    (error,) = result.errors
    assert error.message.startswith(
        "there is no section 'cdopp'; did you mean 'cdop'? The sections are about, "
    )
    assert error.location is not None
    assert error.location.file.endswith("settings.yaml")


class Exploding:
    @hookimpl
    def lscb_slot_content(self, slot: str, context: SectionContext) -> list[Block] | None:
        if slot == "budget.start":
            raise KeyError("oops")
        return None


def test_a_plugin_that_raises_is_named_with_board_and_section_and_nothing_is_written(tmp_path: Path) -> None:
    board = make_board(tmp_path / "b", {"budget.yaml": "lines: [{name: Staff, budget: 10, spend: 9}]\n"})
    pm = make_plugin_manager(entry_points=False)
    pm.register(Exploding(), name="exploding")
    result = build_report(board, output=tmp_path / "r.docx", pm=pm)
    assert not result.ok
    (error,) = result.errors
    assert error.code == "plugin.failed"
    line = (
        Path(__file__).read_text(encoding="utf-8").splitlines().index('            raise KeyError("oops")')
        + 1
    )
    assert error.message == (
        f"the plugin 'exploding' failed at tests/test_sections.py:{line}: KeyError: 'oops'"
        " for the slot 'budget.start' (board TSCB 2015-16, section 'budget')"
    )
    assert error.traceback is not None
    assert error.traceback.startswith("Traceback (most recent call last):\n  File ")
    assert "test_sections.py" in error.traceback.splitlines()[1]  # the plugin's own frame comes first
    assert not (tmp_path / "r.docx").exists()


class WrongType:
    @hookimpl
    def lscb_sections(self) -> Sequence[Section]:
        return [Section("wrong", "Wrong", 5, lambda context: "not blocks")]  # type: ignore[arg-type, return-value]


def test_a_section_that_returns_the_wrong_type_is_reported(tmp_path: Path) -> None:
    pm = make_plugin_manager(entry_points=False, extra=[WrongType()])
    result = build_report(make_board(tmp_path / "b"), output=tmp_path / "r.docx", pm=pm)
    assert not result.ok
    (error,) = result.errors
    assert error.code == "plugin.bad-result"
    assert error.message.startswith("the plugin 'WrongType' (tests/test_sections.py:")
    assert error.message.endswith(
        "returned str 'not blocks', not a list of blocks (board TSCB 2015-16, section 'wrong')"
    )


def test_hertfordshire_without_its_plugin_builds_without_local_content(tmp_path: Path) -> None:
    result = build_report(HERTFORDSHIRE, output=tmp_path / "r.docx", block=("hertfordshire",))
    assert result.ok, [str(f) for f in result.errors]
    (left_out,) = [f for f in result.findings if f.code.startswith("plugin.")]
    assert left_out.code == "plugin.blocked-data"
    assert left_out.message == (
        "plugins/hertfordshire/ is read by the plugin 'hertfordshire', which is blocked; its data is left out of the report"
    )
    document = Document(str(tmp_path / "r.docx"))
    text = "\n".join(p.text for p in document.paragraphs)
    assert "Chelsea's Choice in 2015 in figures" not in text
    assert "The Families First model" not in text
    # No heading is left without content after it.
    paragraphs = [p for p in document.paragraphs if p.text.strip()]
    for here, after in itertools.pairwise(paragraphs):
        if here.style is not None and here.style.name == heading(1).shown:
            assert after.style is None or after.style.name != heading(1).shown, here.text


@pytest.mark.parametrize("edition", ["public", "board"])
def test_the_board_edition_says_so_on_the_cover_and_in_the_header(tmp_path: Path, edition: str) -> None:
    from lscb_core._model.editions import Edition

    result = build_report(
        make_board(tmp_path / "b"),
        output=tmp_path / "r.docx",
        pm=make_plugin_manager(entry_points=False),
        edition=Edition(edition),
    )
    assert result.ok
    document = Document(str(tmp_path / "r.docx"))
    cover = "\n".join(p.text for p in document.paragraphs[:6])
    header = "\n".join(p.text for p in document.sections[0].header.paragraphs)
    notice = "Board edition: not for publication"
    assert (notice in cover) == (edition == "board")
    assert (notice in header) == (edition == "board")


def test_audits_known_only_by_title_are_listed_not_left_as_bare_headings(tmp_path: Path) -> None:
    audits = (
        "- {id: gcp, title: Graded Care Profile, kind: multi-agency, purpose: Neglect in practice.}\n"
        "- {id: scrutiny, title: Scrutiny of agency audits, kind: single-agency}\n"
        "- {id: cse-files, title: CSE case files, kind: multi-agency, priority: cse}\n"
    )
    out = tmp_path / "r.docx"
    headings = _build(make_board(tmp_path / "b", {"audits.yaml": audits, "priorities.yaml": PRIORITIES}), out)
    assert "Multi-agency audit: Graded Care Profile" in headings
    assert not any("Scrutiny" in h or "CSE case files" in h for h in headings)
    paragraphs = [(p.style.name if p.style else "", p.text) for p in Document(str(out)).paragraphs]
    # Beside an audit with detail the list is "Other audits"; under a priority with none, just "Audits".
    at = paragraphs.index((heading(2).shown, "Other audits"))
    assert paragraphs[at + 1] == (LIST_BULLET.shown, "Single-agency audit: Scrutiny of agency audits")
    cse = paragraphs.index((heading(3).shown, "Child sexual exploitation"))
    at = next(i for i, (style, text) in enumerate(paragraphs) if i > cse and text == "Audits")
    assert paragraphs[at][0] == heading(4).shown
    assert paragraphs[at + 1] == (LIST_BULLET.shown, "Multi-agency audit: CSE case files")
