"""Sections of a board's own, declared as data in sections/<key>.yaml: loading, checks, places, editions, narrative."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

import attrs
import pytest
from docx import Document
from hypothesis import HealthCheck, given, settings

from lscb_core import Section, hookimpl, load_report
from lscb_core._base.blocks import KeyFigures, Table
from lscb_core._base.findings import Level, LoadError
from lscb_core._build.build import build_report
from lscb_core._build.check import check_board
from lscb_core._hooks.manager import make_plugin_manager
from lscb_core._loading.writing import write_board
from lscb_core._model.editions import Edition, Visibility
from lscb_core._model.local_sections import (
    Column,
    Figure,
    LocalSection,
    LocalTable,
    SumRelation,
    TableRow,
    ValueKind,
    all_relations,
    relations,
)
from lscb_core._model.period import PartialDate
from lscb_core._publication.coverage import assess
from lscb_core._publication.local_sections import Hidden, section_view

from .boardfactory import make_board
from .composed import composed, section_texts
from .conftest import ROOT
from .strategies import local_sections

_PM = make_plugin_manager(entry_points=False)
EXAMPLES = ROOT / "examples" / "sections"

LADO = """title: LADO
after: priorities
figures:
  - {name: referrals, label: Allegations referred, total_of: by_sector.referrals}
  - {name: contacts, label: Contacts, value: "1,204"}
  - {name: spend, label: Spent on training, kind: money, value: "£4,500"}
  - {name: in_time, label: Resolved within a month, kind: percent, value: 62.5%}
  - {name: since, label: Service began, kind: date, value: 2014-09}
tables:
  - name: by_sector
    caption: Allegations by sector
    total_row: true
    columns:
      - {key: sector, heading: Sector}
      - {key: referrals, kind: count}
    rows:
      - {sector: Education, referrals: 20}
      - {sector: Health, referrals: 12}
"""


def _board(tmp_path: Path, files: dict[str, str | bytes]) -> Path:
    return make_board(tmp_path / "b", files)


def _errors(board: Path) -> list[str]:
    with pytest.raises(LoadError) as info:
        load_report(board, pm=_PM)
    return [str(f).replace(str(board) + "/2015-16/", "") for f in info.value.findings]


def _findings(board: Path, code: str) -> list[str]:
    result = check_board(board, pm=_PM)
    return [str(f).replace(str(board) + "/2015-16/", "") for f in result.findings if f.code == code]


# --- loading: typed values, located errors ----------------------------------------------------


def test_values_are_read_as_their_kind_says(tmp_path: Path) -> None:
    section = load_report(_board(tmp_path, {"sections/lado.yaml": LADO})).report.sections["lado"]
    figures = {f.name: f for f in section.figures}
    assert figures["contacts"].value == 1204
    assert figures["spend"].value == 4500
    assert figures["in_time"].value == 62.5
    assert figures["since"].value == PartialDate(2014, 9)
    assert section.value(figures["referrals"]) == 32
    assert section.narrative is None  # narrative/lado.md
    (table,) = section.tables
    assert [row.values for row in table.rows] == [
        {"sector": "Education", "referrals": 20},
        {"sector": "Health", "referrals": 12},
    ]


def test_rows_from_a_csv_file_beside_the_section(tmp_path: Path) -> None:
    board = _board(
        tmp_path,
        {
            "sections/lado.yaml": LADO.replace(
                "    rows:\n      - {sector: Education, referrals: 20}\n      - {sector: Health, referrals: 12}\n",
                "    rows: {rows_from: sectors.csv}\n",
            ),
            "sections/sectors.csv": "Sector,Referrals\nEducation,20\nHealth,ten\n",
        },
    )
    assert _errors(board) == [
        'sections/sectors.csv:3:8: error: referrals must be a whole number of 0 or more, got "ten" [load.invalid]'
    ]


def test_a_misspelt_row_key_is_reported_with_a_mistake_in_the_columns_not_after_it(tmp_path: Path) -> None:
    board = _board(
        tmp_path,
        {
            "sections/lado.yaml": LADO.replace(
                "{key: referrals, kind: count}", "{key: referrals, kind: cuont}"
            ).replace("{sector: Health, referrals: 12}", "{sector: Health, refferals: 12}")
        },
    )
    assert _errors(board) == [
        "sections/lado.yaml:15:32: error: kind must be one of count, money, percent, text, date; got \"cuont\"; did you mean 'count'? [load.invalid]",
        "sections/lado.yaml:18:26: error: the table 'by_sector' has no column 'refferals' (did you mean 'referrals'?); its columns are sector, referrals [sections.invalid]",
    ]


def test_on_another_board_the_row_keys_of_every_table_are_checked_when_the_section_cannot_be_read(
    tmp_path: Path,
) -> None:
    board = tmp_path / "wrenford"
    shutil.copytree(ROOT / "tests" / "boards" / "wrenford", board)
    lado = board / "2021-22" / "sections" / "lado.yaml"
    text = lado.read_text(encoding="utf-8")
    text = text.replace("heading: Allegations, kind: count}", "heading: Allegations, kind: cuont}")
    text = text.replace("{harm: Physical, substantiated: 24,", "{harm: Physical, substantiatd: 24,")
    lado.write_text(text, encoding="utf-8")
    with pytest.raises(LoadError) as info:
        load_report(board)
    messages = [f"{f.location.line}: {f.message}" for f in info.value.findings if f.location is not None]
    assert any(m.startswith("24: kind must be one of") for m in messages), messages
    assert any(
        m.startswith("43: the table 'outcomes' has no column 'substantiatd' (did you mean 'substantiated'?)")
        for m in messages
    ), messages


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (
            ("{sector: Health, referrals: 12}", "{sector: Health, refferals: 12}"),
            [
                "sections/lado.yaml:18:9: error: this row has no referrals; the table adds it up, so write 0 if there were none [sections.invalid]",
                "sections/lado.yaml:18:26: error: the table 'by_sector' has no column 'refferals' (did you mean 'referrals'?); its columns are sector, referrals [sections.invalid]",
            ],
        ),
        (
            ("total_of: by_sector.referrals", "total_of: by_sectors.referrals"),
            [
                "sections/lado.yaml:4:62: error: total_of names the table 'by_sectors', which this section does not have (did you mean 'by_sector'?); its tables are by_sector [sections.invalid]"
            ],
        ),
        (
            ("total_of: by_sector.referrals}", "total_of: by_sector.referrals, value: 3}"),
            [
                "sections/lado.yaml:4:83: error: the figure 'referrals' is the total of by_sector.referrals, so it is worked out; a figure the report states goes in value_stated [sections.invalid]"
            ],
        ),
        (
            ("after: priorities", "after: priorities\nbefore: budget"),
            [
                "sections/lado.yaml:3:1: error: a section goes after one section or before another, not both; remove 'after' or 'before' [sections.invalid]"
            ],
        ),
        (
            ("kind: percent, value: 62.5%", "kind: percent, value: 162%"),
            [
                'sections/lado.yaml:7:75: error: value must be a percentage from 0 to 100, got "162%" [load.invalid]'
            ],
        ),
        (
            ("{name: contacts,", "{name: Contacts,"),
            [
                "sections/lado.yaml:5:12: error: the figure name 'Contacts' must be lower-case letters, digits and underscores, starting with a letter (such as referrals_by_sector): the narrative uses it as {{ lado.figures.NAME }} [sections.invalid]"
            ],
        ),
        (
            ("title: LADO", "titel: LADO"),
            [
                "sections/lado.yaml:1:1: error: unknown key 'titel' in sections.lado; did you mean 'title'? [load.unknown-key]"
            ],
        ),
    ],
    ids=["unknown-column", "unknown-table", "value-and-total", "after-and-before", "percent", "name", "key"],
)
def test_mistakes_are_located_where_they_are_written(
    tmp_path: Path, change: tuple[str, str], expected: list[str]
) -> None:
    assert LADO.count(change[0]) == 1
    assert _errors(_board(tmp_path, {"sections/lado.yaml": LADO.replace(*change)})) == expected


def test_files_in_the_sections_folder(tmp_path: Path) -> None:
    assert _errors(_board(tmp_path, {"sections/LADO report.yaml": "title: LADO\n"})) == [
        "sections/LADO report.yaml: error: a section's file name is its key: lower-case letters, digits and hyphens, such as lado.yaml or private-fostering.yaml; rename LADO report.yaml [load.folder]"
    ]
    assert _errors(_board(tmp_path / "2", {"sections/training.yaml": "title: More training\n"})) == [
        "sections/training.yaml: error: training is already the name of a part of every report; give the board's own section another key by renaming training.yaml [load.folder]"
    ]
    assert _errors(_board(tmp_path / "3", {"sections/empty.yaml": ""})) == [
        "sections/empty.yaml:1:1: error: this section's file is empty: a section needs at least a title, and a place (after, before or appendix) [sections.invalid]"
    ]
    assert _errors(
        _board(tmp_path / "4", {"sections/lado.yaml": "title: LADO\nnarrative: lado-report.md\n"})
    ) == [
        "sections/lado.yaml:2:12: error: there is no narrative file narrative/lado-report.md [sections.invalid]"
    ]
    board = _board(
        tmp_path / "5",
        {"sections/lado.yaml": "title: LADO\n", "sections/old.csv": "a\n1\n", "sections/notes.txt": "x"},
    )
    messages = sorted(f.message for f in load_report(board).findings)
    assert messages == [
        "notes.txt is not read: a section of the board's own is declared in sections/<key>.yaml (see the README), and its tables may be .csv or .xlsx files beside it",
        "old.csv is not read: no section's file refers to it with rows_from",
    ]


# --- unknown files and keys say how to declare a section -----------------------------------------


def test_unknown_files_and_keys_say_how_to_declare_a_section(tmp_path: Path) -> None:
    board = _board(tmp_path, {"covid.yaml": "title: COVID-19\n", "section/lado.yaml": "title: LADO\n"})
    messages = sorted(f.message for f in load_report(board).findings)
    assert messages == [
        "covid.yaml is not a file lscb reads; if it is a section of the board's own, move it to sections/covid.yaml and give it a title and a place (see the README)",
        "the folder section/ is not read: did you mean sections/?; a section of the board's own is declared in sections/<key>.yaml (see the README)",
    ]
    report = board / "2015-16" / "report.yaml"
    report.write_text(report.read_text(encoding="utf-8") + "covid:\n  title: COVID-19\n", encoding="utf-8")
    (error,) = _errors(board)
    assert error.startswith(
        "report.yaml:16:1: error: unknown key 'covid' in this file; did you mean 'compiled'?"
    )
    assert error.endswith(
        "; for a section of the board's own, declare it in sections/covid.yaml with a title and a place (see the README) [load.unknown-key]"
    )


def test_a_narrative_file_no_section_reads_is_a_warning_naming_the_nearest(tmp_path: Path) -> None:
    board = _board(tmp_path, {"narrative/covid.md": "The pandemic.\n", "narrative/scrutny.md": "Scrutiny.\n"})
    assert _findings(board, "narrative.unknown-file") == [
        "narrative/covid.md:1:1: warning: no section reads narrative/covid.md; to make it a section of the board's own, declare it in sections/covid.yaml with a title and a place (see the README) [narrative.unknown-file]",
        "narrative/scrutny.md:1:1: warning: no section reads narrative/scrutny.md; did you mean scrutiny.md? If not, to make it a section of the board's own, declare it in sections/scrutny.yaml with a title and a place (see the README) [narrative.unknown-file]",
    ]
    declared = _board(
        tmp_path / "2", {"narrative/covid.md": "x\n", "sections/covid.yaml": "title: COVID-19\n"}
    )
    assert _findings(declared, "narrative.unknown-file") == []


# --- checks --------------------------------------------------------------------------------------


def test_stated_totals_are_checked_against_the_rows(tmp_path: Path) -> None:
    text = LADO.replace("total_of: by_sector.referrals}", "total_of: by_sector.referrals, value_stated: 31}")
    text += "    totals_stated: {referrals: 33}\n"
    assert _findings(_board(tmp_path, {"sections/lado.yaml": text}), "sections.stated-total") == [
        "sections/lado.yaml:4:97: warning: the report states 'Allegations referred' as 31, but 'Allegations by sector' adds up to 32 [sections.stated-total]",
        "sections/lado.yaml:19:32: warning: the report states the total of referrals in 'Allegations by sector' as 33, but its rows add up to 32 [sections.stated-total]",
    ]


def test_a_section_covers_a_statutory_item_it_names(tmp_path: Path) -> None:
    files: dict[str, str | bytes] = {"narrative/foreword.md": "Welcome.\n", "narrative/effectiveness.md": ""}
    plain = load_report(_board(tmp_path, files))
    unmet = {i.item.id for i in assess(plain)[1] if not i.met}
    assert "effectiveness" not in unmet  # the foreword is enough without the section
    files["narrative/foreword.md"] = ""
    files["sections/self-assessment.yaml"] = "title: Self-assessment\ncovers: [effectiveness]\n"
    loaded = load_report(_board(tmp_path / "2", files))
    (item,) = [i for i in assess(loaded)[1] if i.item.id == "effectiveness"]
    assert item.met
    assert not item.met_by_the_data
    assert item.covered_by == ("self-assessment",)
    files["narrative/self-assessment.md"] = "We assessed ourselves.\n"
    out = tmp_path / "annex.docx"
    result = build_report(_board(tmp_path / "2b", files), output=out, pm=_PM, annexes=frozenset({"coverage"}))
    assert result.ok, [str(f) for f in result.errors]
    rows = {
        r.cells[0].text: r.cells[2].text
        for t in Document(str(out)).tables
        for r in t.rows
        if len(r.cells) == 3
    }
    assert rows[item.item.requirement] == "Met in Self-assessment"
    files["sections/self-assessment.yaml"] += "audience: board\n"
    loaded = load_report(_board(tmp_path / "3", files))
    (item,) = [i for i in assess(loaded)[1] if i.item.id == "effectiveness"]
    assert not item.met  # a section the public never reads does not meet what the report must say
    files["sections/self-assessment.yaml"] = "title: Self-assessment\ncovers: [efectiveness]\n"
    (message,) = _findings(_board(tmp_path / "4", files), "sections.covers")
    assert message.startswith(
        "sections/self-assessment.yaml:2:10: error: the statutory profile for lscb-wt2015 has no item 'efectiveness'; did you mean 'effectiveness'? its items are published-by-chair, "
    )


def test_places_and_keys_are_checked_against_the_sections_there_are(tmp_path: Path) -> None:
    board = _board(
        tmp_path,
        {
            "sections/lado.yaml": "title: LADO\nafter: reveiws\n",
            "sections/scrutiny.yaml": "title: Our scrutiny\n",
            "settings.yaml": "sections:\n  - {section: lado, before: nowhere}\n",
        },
    )
    result = check_board(board, pm=_PM)
    errors = {f.code: str(f).replace(str(board) + "/2015-16/", "") for f in result.errors}
    assert errors["sections.unknown-section"].startswith(
        "sections/lado.yaml:2:8: error: there is no section 'reveiws' for this one to go after; did you mean 'reviews'? The sections are about, audits, budget, cdop, context, coverage, effectiveness, foreword, glossary, governance, highlights, impact, inspection, lado, membership, next, priorities, reviews, scrutiny, training, voice, weaknesses [sections.unknown-section]"
    )
    assert errors["settings.unknown-section"].startswith(
        "settings.yaml:2:29: error: there is no section 'nowhere'; the sections are about, "
    )
    assert errors["sections.taken"].startswith(
        "sections/scrutiny.yaml:1:1: error: there is already a section 'scrutiny' (from sections.narrative_only); give the board's own section another key"
    )


# --- places among the other sections ----------------------------------------------------------------


def _keys(board: Path, edition: Edition = Edition.PUBLIC) -> list[str]:
    return [s.section.key for s in composed(load_report(board, pm=_PM), _PM, edition)]


def test_sections_go_where_they_ask_in_the_order_of_their_files(tmp_path: Path) -> None:
    board = _board(
        tmp_path,
        {
            "sections/a-first.yaml": "title: First\nafter: priorities\n",
            "sections/b-second.yaml": "title: Second\nafter: priorities\n",
            "sections/c-before.yaml": "title: Before\nbefore: cdop\n",
            "sections/d-appendix.yaml": "title: Annex\nappendix: true\n",
            "sections/e-anywhere.yaml": "title: Anywhere\n",
            "narrative/a-first.md": "One.\n",
            "narrative/b-second.md": "Two.\n",
            "narrative/c-before.md": "Three.\n",
            "narrative/d-appendix.md": "Four.\n",
            "narrative/e-anywhere.md": "Five.\n",
        },
    )
    keys = _keys(board)
    assert keys[keys.index("priorities") :][:3] == ["priorities", "a-first", "b-second"]
    assert keys[keys.index("c-before") + 1] == "cdop"
    assert keys[keys.index("e-anywhere") + 1] == "next"
    sections = composed(load_report(board, pm=_PM), _PM)
    titles = [s.title for s in sections]
    assert titles[-1] == "Appendix 3: Annex"  # after membership and training
    (board / "2015-16" / "settings.yaml").write_text(
        "sections:\n  - {section: a-first, after: about}\n  - {section: b-second, enabled: false}\n"
        "  - {section: c-before, title: Renamed}\n",
        encoding="utf-8",
    )
    sections = composed(load_report(board, pm=_PM), _PM)
    keys = [s.section.key for s in sections]
    assert keys[:2] == ["about", "a-first"]
    assert "b-second" not in keys
    assert "Renamed" in [s.title for s in sections]


def test_a_section_with_nothing_to_show_has_no_heading(tmp_path: Path) -> None:
    assert "empty" not in _keys(_board(tmp_path, {"sections/empty.yaml": "title: Nothing here\n"}))


def test_a_board_audience_section_is_only_in_the_board_edition(tmp_path: Path) -> None:
    board = _board(tmp_path, {"sections/lado.yaml": LADO + "audience: board\n", "narrative/lado.md": "Hi.\n"})
    assert "lado" not in _keys(board)
    assert "lado" in _keys(board, Edition.BOARD)


# --- what each edition shows -------------------------------------------------------------------------


def test_figures_and_tables_as_the_board_edition_shows_them(tmp_path: Path) -> None:
    text = LADO.replace("{name: referrals,", "{headline: true, name: referrals,")
    board = _board(tmp_path, {"sections/lado.yaml": text})
    sections = composed(load_report(board, pm=_PM), _PM, Edition.BOARD)
    (lado,) = [s for s in sections if s.section.key == "lado"]
    (headline,) = [b for b in lado.blocks if isinstance(b, KeyFigures)]
    assert [(f.value, f.label) for f in headline.figures] == [("32", "Allegations referred")]
    figures, sectors = [b for b in lado.blocks if isinstance(b, Table)]
    assert figures.caption == "LADO in figures"
    rows = [[c.inlines[0].text for c in r.cells] for r in figures.rows]
    assert rows == [
        ["Contacts", "1,204"],
        ["Spent on training", "£4,500"],
        ["Resolved within a month", "62.5%"],
        ["Service began", "September 2014"],
    ]
    assert [c.heading for c in sectors.columns] == ["Sector", "Referrals"]
    rows = [[c.inlines[0].text for c in r.cells] for r in sectors.rows]
    assert rows == [["Education", "20"], ["Health", "12"], ["Total", "32"]]
    assert sectors.rows[-1].total


PEOPLE = """title: Private fostering
appendix: true
figures:
  - {name: notified, label: Arrangements notified, total_of: by_age.children}
  - {name: open, label: Open at the end of the year, value: 3, people: true}
  - {name: secret, label: Under investigation, value: 2, visibility: board-only}
tables:
  - name: by_age
    caption: Children by age
    total_row: true
    people: true
    columns:
      - {key: age, heading: Age}
      - {key: children, kind: count}
    rows:
      - {age: Under 10, children: 2}
      - {age: 10 to 15, children: 9}
      - {age: 16 and over, children: 14}
      - {age: Not recorded, children: 1, visibility: board-only, public_summary: One child's age is not given.}
"""


def test_the_public_edition_suppresses_small_counts_and_leaves_out_withheld_rows(tmp_path: Path) -> None:
    board = _board(tmp_path, {"sections/private-fostering.yaml": PEOPLE})
    loaded = load_report(board, pm=_PM)
    section = loaded.report.sections["private-fostering"]
    public = section_view("private-fostering", section, loaded.settings, Edition.PUBLIC)
    (table,) = public.tables
    assert table.rows == (("Under 10", "c"), ("10 to 15", "c"), ("16 and over", "14"))
    assert table.total == ("Total", "25")
    assert table.withheld_rows == 1
    assert [(f.figure.name, f.text) for f in public.figures] == [("notified", "25"), ("open", "c")]
    board_view = section_view("private-fostering", section, loaded.settings, Edition.BOARD)
    assert [r[1] for r in board_view.tables[0].rows] == ["2", "9", "14", "1"]
    assert [f.text for f in board_view.figures] == ["26", "3", "2"]
    texts = section_texts(composed(loaded, _PM))["private-fostering"]
    assert "One child's age is not given." in texts
    assert "1 row is not for publication and not shown; the totals are of the rows shown." in texts
    assert any(t.startswith("c: a count from 1 to 5 is not shown") for t in texts)


def test_a_table_named_in_the_suppression_settings_is_protected(tmp_path: Path) -> None:
    board = _board(
        tmp_path, {"sections/lado.yaml": LADO, "settings.yaml": "suppression: {tables: [lado.by_sector]}\n"}
    )
    loaded = load_report(board, pm=_PM)
    public = section_view("lado", loaded.report.sections["lado"], loaded.settings, Edition.PUBLIC)
    assert public.tables[0].rows == (("Education", "20"), ("Health", "12"))
    loaded = load_report(_board(tmp_path / "2", {"sections/lado.yaml": LADO.replace("20}", "4}")}), pm=_PM)
    public = section_view("lado", loaded.report.sections["lado"], loaded.settings, Edition.PUBLIC)
    assert public.tables[0].rows == (("Education", "4"), ("Health", "12"))  # not people, not named


# --- the narrative uses the section's values by name ----------------------------------------------


def test_the_narrative_uses_the_sections_values_by_name(tmp_path: Path) -> None:
    narrative = (
        "{{ lado.figures.referrals }} referrals, {{ lado.figures.contacts }} contacts, "
        "{{ lado.figures.spend }} spent ({{ lado.figures.spend | money }}), {{ lado.figures.in_time }} in time, "
        "since {{ lado.figures.since }}; {{ lado.tables.by_sector.total.referrals + 1 }}. "
        "{% for row in lado.tables.by_sector.rows %}{{ row.sector }}: {{ row.referrals }}. {% endfor %}"
        "{{ private_fostering.figures.notified }} {{ private_fostering.figures.secret }}\n"
    )
    board = _board(
        tmp_path,
        {
            "sections/lado.yaml": LADO,
            "sections/private-fostering.yaml": PEOPLE,
            "narrative/lado.md": narrative,
        },
    )
    loaded = load_report(board, pm=_PM)
    expected = (
        "32 referrals, 1,204 contacts, £4,500 spent (£4,500), 62.5% in time, since September 2014; 33. "
        "Education: 20. Health: 12. "
    )
    board_texts = section_texts(composed(loaded, _PM, Edition.BOARD))["lado"]
    assert board_texts[1] == expected + "26 2"
    public_texts = section_texts(composed(loaded, _PM))["lado"]
    assert public_texts[1] == expected + "25 (not published)"


def test_a_hidden_value_cannot_be_tested_or_added(tmp_path: Path) -> None:
    hidden = Hidden("pf.figures.open", "c")
    assert str(hidden) == "c"
    with pytest.raises(TypeError, match="not shown in the public edition"):
        bool(hidden)
    board = _board(
        tmp_path,
        {
            "sections/private-fostering.yaml": PEOPLE,
            "narrative/private-fostering.md": "Text.\n\n{{ private_fostering.figures.open + 1 }}\n",
        },
    )
    result = build_report(board, output=tmp_path / "r.docx", pm=_PM)
    assert not result.ok
    (error,) = result.errors
    assert error.code == "build.narrative"
    assert str(error.location).endswith("narrative/private-fostering.md:3:1")


@pytest.mark.parametrize(
    "expression",
    [
        "private_fostering.figures.secret | change(3)",
        "private_fostering.figures.secret - 1",
        "private_fostering.figures.secret > 1",
        "2 * private_fostering.figures.secret",
    ],
)
def test_a_withheld_figure_in_arithmetic_or_a_change_is_refused_in_words_naming_it(
    tmp_path: Path, expression: str
) -> None:
    """A board-only figure is an error where the narrative works with it, naming the figure (not Python's class)."""
    board = _board(
        tmp_path,
        {
            "sections/private-fostering.yaml": PEOPLE,
            "narrative/private-fostering.md": f"Text.\n\n{{{{ {expression} }}}}\n",
        },
    )
    result = build_report(board, output=tmp_path / "r.docx", pm=_PM)
    assert not result.ok
    (error,) = result.errors
    assert error.code == "build.narrative"
    assert str(error.location).endswith("narrative/private-fostering.md:3:1")
    assert "private_fostering.figures.secret is not shown in the public edition" in error.message
    assert "Hidden" not in error.message
    assert not (tmp_path / "r.docx").exists()


def test_a_misspelt_name_in_the_narrative_is_reported_in_the_authors_terms(tmp_path: Path) -> None:
    board = _board(
        tmp_path,
        {
            "sections/lado.yaml": LADO,
            "narrative/lado.md": "Intro.\n\nWe had {{ lado.figures.referals }} and {{ cdop.reveiws }}.\n",
        },
    )
    assert _findings(board, "narrative.unknown-name") == [
        "narrative/lado.md:3:11: error: `lado.figures.referals` is not a figure; did you mean `lado.figures.referrals`? [narrative.unknown-name]",
        "narrative/lado.md:3:43: error: `cdop.reveiws` is not a figure; did you mean `cdop.reviews`? [narrative.unknown-name]",
    ]


# --- relations, for the public view's disclosure checks -------------------------------------------


def test_each_table_says_which_sums_it_publishes() -> None:
    table = LocalTable(
        name="t",
        caption="T",
        columns=(
            Column(key="a"),
            Column(key="x", kind=ValueKind.COUNT),
            Column(key="y", kind=ValueKind.COUNT),
        ),
        rows=(TableRow(values={"a": "one", "x": 1, "y": 2}), TableRow(values={"a": "two", "x": 3, "y": 4})),
        total_row=True,
        total_column=True,
        totals_stated={"x": 4},
    )
    section = LocalSection(
        title="S", tables=(table,), figures=(Figure(name="f", label="F", total_of="t.y", value_stated=6),)
    )
    found = relations("s", section)
    base = ("sections", "s", "tables", 0)
    assert (
        SumRelation(
            (*base, "total", "x"), ((*base, "rows", 0, "values", "x"), (*base, "rows", 1, "values", "x"))
        )
        in found
    )
    assert SumRelation((*base, "totals_stated", "x"), ((*base, "total", "x"),)) in found
    assert (
        SumRelation(
            (*base, "rows", 1, "total"),
            ((*base, "rows", 1, "values", "x"), (*base, "rows", 1, "values", "y")),
        )
        in found
    )
    assert (
        SumRelation((*base, "total", "total"), ((*base, "rows", 0, "total"), (*base, "rows", 1, "total")))
        in found
    )
    assert SumRelation(("sections", "s", "figures", 0, "value"), ((*base, "total", "y"),)) in found
    assert all_relations({"s": section}) == found
    assert table.total("x") == 4
    assert table.grand_total() == 10
    assert section.value(section.figures[0]) == 6


def test_a_board_with_its_own_sections_goes_through_a_board_folder_and_back(tmp_path: Path) -> None:
    loaded = load_report(
        _board(tmp_path, {"sections/lado.yaml": LADO, "sections/private-fostering.yaml": PEOPLE})
    )
    write_board(loaded.report, tmp_path / "copy")
    again = load_report(tmp_path / "copy")
    assert again.report.sections == loaded.report.sections
    rows = again.report.sections["private-fostering"].tables[0].rows
    assert rows[-1].visibility is Visibility.BOARD_ONLY


# --- the shipped examples, built in both editions --------------------------------------------------


@pytest.fixture(scope="module")
def example_board(tmp_path_factory: pytest.TempPathFactory) -> Path:
    board = make_board(tmp_path_factory.mktemp("examples") / "b")
    for folder in ("sections", "narrative"):
        shutil.copytree(EXAMPLES / folder, board / "2015-16" / folder, dirs_exist_ok=True)
    return board


def test_the_examples_check_without_findings(example_board: Path) -> None:
    result = check_board(example_board, pm=_PM)
    assert [str(f) for f in result.findings if f.level is not Level.INFO] == []


@pytest.mark.parametrize("edition", [Edition.PUBLIC, Edition.BOARD])
def test_the_lado_and_private_fostering_examples_build(
    example_board: Path, tmp_path: Path, edition: Edition
) -> None:
    out = tmp_path / "report.docx"
    result = build_report(example_board, output=out, pm=_PM, edition=edition)
    assert result.ok, [str(f) for f in result.errors]
    document = Document(str(out))
    headings = [p.text for p in document.paragraphs if p.style is not None and p.style.name == "Heading 1"]
    lado = headings.index("Allegations against people who work with children")
    assert headings[lado - 1] == "Progress against priorities"  # after reviews, which this board has none of
    assert headings[-1] == "Appendix 3: Private fostering"
    text = "\n".join(p.text for p in document.paragraphs)
    assert "The LADO received 612 contacts in 2015-16, of which 187 met the threshold" in text
    tables = {t.rows[0].cells[0].text: t for t in document.tables}
    outcomes = [[c.text for c in r.cells] for r in tables["Category of harm"].rows]
    reasons = [[c.text for c in r.cells] for r in tables["Reason for the arrangement"].rows]
    if edition is Edition.BOARD:
        assert "14 allegations led to a police investigation." in text
        assert outcomes[2] == ["Sexual", "9", "17", "8", "0", "34"]
        assert reasons[-2] == ["Arrangement under review by the police", "1", "Police"]
        assert "told of 29 new" in text
    else:
        assert "police investigation." not in text.replace(
            "Some allegations led to a police investigation.", ""
        )
        assert outcomes[2] == ["Sexual", "c", "17", "c", "0", "34"]
        assert "Arrangement under review by the police" not in [r[0] for r in reasons]
        assert reasons[-1][:2] == ["Total", "28"]
        assert "told of 28 new" in text


def test_the_readme_example_loads_and_checks(tmp_path: Path) -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    start = readme.index("`sections/lado.yaml`:\n\n```yaml\n") + len("`sections/lado.yaml`:\n\n```yaml\n")
    declaration = readme[start : readme.index("```", start)]
    start = readme.index("```markdown\nThe LADO received") + len("```markdown\n")
    narrative = readme[start : readme.index("```", start)]
    board = _board(
        tmp_path,
        {
            "sections/lado.yaml": declaration,
            "sections/lado-referrals.csv": (EXAMPLES / "sections" / "lado-referrals.csv").read_bytes(),
            "narrative/lado.md": narrative,
        },
    )
    result = check_board(board, pm=_PM)
    problems = [f for f in result.findings if f.level is not Level.INFO and f.code != "glossary.undefined"]
    assert problems == []
    texts = section_texts(composed(load_report(board, pm=_PM), _PM))["lado"]
    assert texts[1].startswith("The LADO received 612 contacts, of which 187 met the threshold, against 187")
    assert "Physical: 21." in texts[1]
    assert "Sexual" not in texts[1]  # a board-only row


def test_public_narrative_that_uses_what_only_the_board_may_read_is_a_warning(tmp_path: Path) -> None:
    board = _board(
        tmp_path,
        {
            "sections/private-fostering.yaml": PEOPLE,
            "sections/self-assessment.yaml": "title: Self-assessment\naudience: board\nfigures: [{name: score, label: Score, value: 3}]\n",
            "narrative/self-assessment.md": "Our score was {{ self_assessment.figures.score }}.\n",
            "narrative/context.md": (
                "Score {{ self_assessment.figures.score }}; {{ private_fostering.figures.secret }}.\n\n"
                "::: board-only\nScore {{ self_assessment.figures.score }}.\n:::\n"
            ),
        },
    )
    findings = [
        str(f).replace(f"{board}/2015-16/", "")
        for f in check_board(board, pm=_PM).findings
        if f.code.startswith("publication.")
    ]
    assert findings == [
        "narrative/context.md:1:1: warning: the public edition mentions secret, which is not for publication; move the passage into a '::: board-only' block or reword it [publication.mention]",
        "narrative/context.md:1:10: warning: `self_assessment.figures.score` is from the section 'self-assessment', which only the board edition has, so the public edition prints it as (not published); move the passage into a '::: board-only' block [publication.board-section]",
        "sections/private-fostering.yaml:6:70: info: secret is left out of the public edition; a public_summary would say something neutral in its place [publication.left-out]",
    ]


# --- any section: through a board folder and back, and no small count of people in public ----------


@settings(
    max_examples=15,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(section=local_sections())
def test_any_section_goes_through_a_board_folder_and_keeps_small_counts_out_of_public(
    tmp_path: Path, section: LocalSection
) -> None:
    report = load_report(make_board(tmp_path / "base")).report
    folder = Path(tempfile.mkdtemp(dir=tmp_path))
    write_board(attrs.evolve(report, sections={"own": section}), folder / "board")
    loaded = load_report(folder / "board")
    assert loaded.report.sections == {"own": section}
    view = section_view("own", section, loaded.settings, Edition.PUBLIC)
    small = {str(n) for n in range(1, 6)}
    for table in view.tables:
        if table.table.people:
            counted = [i for i, c in enumerate(table.table.columns) if c.kind is ValueKind.COUNT]
            assert not any(row[i] in small for row in table.rows for i in counted)
        shown = [row for row in table.table.rows if row.visibility is Visibility.PUBLIC]
        assert len(table.rows) == len(shown)
    for figure in view.figures:
        assert figure.figure.visibility is Visibility.PUBLIC or figure.figure.public_summary
        if figure.figure.people:
            assert figure.text not in small


def test_the_example_sections_are_valid_against_the_section_schema() -> None:
    import jsonschema
    import yaml

    from lscb_core._loading.board_files import SECTION_FILE, file_schema, reference_markdown

    schema = file_schema(SECTION_FILE)
    jsonschema.Draft202012Validator.check_schema(schema)
    validator = jsonschema.Draft202012Validator(schema)
    for path in sorted((EXAMPLES / "sections").glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        data = {k: (v.isoformat() if hasattr(v, "isoformat") else v) for k, v in data.items()}
        errors = list(validator.iter_errors(data))
        assert not errors, f"{path.name}: {errors[0].message} at {list(errors[0].absolute_path)}"
    assert list(
        validator.iter_errors(
            {"title": "LADO", "tables": [{"name": "t", "caption": "T", "columns": [], "rows": [{"a": [1]}]}]}
        )
    )
    assert "## `section.yaml`" in reference_markdown()
    assert "| `total_of` |" in reference_markdown()


def test_the_narrative_files_lscb_new_writes_are_the_ones_the_sections_read() -> None:
    from lscb_core._cli.scaffold import NARRATIVE_PURPOSES
    from lscb_core._sections.names import BUILT_IN_NARRATIVE

    assert set(NARRATIVE_PURPOSES) == set(BUILT_IN_NARRATIVE)


def test_a_misspelt_name_in_markdown_inside_yaml_is_reported_at_its_line(tmp_path: Path) -> None:
    priorities = (
        "themes:\n  - id: n\n    title: N\n    priorities:\n      - id: n\n        title: N\n"
        "        why: The panel {{ cdop.reveiws }} x.\n"
        "        progress: |\n          Line one.\n          Line {{ board.nmae }} two.\n"
    )
    assert _findings(_board(tmp_path, {"priorities.yaml": priorities}), "narrative.unknown-name") == [
        "priorities.yaml:7:27: error: `cdop.reveiws` is not a figure; did you mean `cdop.reviews`? [narrative.unknown-name]",
        "priorities.yaml:10: error: `board.nmae` is not in the data; did you mean `board.name`? [narrative.unknown-name]",
    ]


class ReadsNarrative:
    @hookimpl
    def lscb_sections(self) -> list[Section]:
        return [
            Section(
                "helpline", "Helpline", 95, lambda context: context.narrative("calls"), narrative=("calls",)
            )
        ]


def test_a_plugins_section_declares_the_narrative_files_it_reads(tmp_path: Path) -> None:
    board = _board(tmp_path, {"narrative/calls.md": "Calls.\n", "narrative/helpline.md": "Hi.\n"})
    assert [f for f in check_board(board, pm=_PM).findings if f.code == "narrative.unknown-file"] != []
    pm = make_plugin_manager(entry_points=False, extra=[ReadsNarrative()])
    assert [f for f in check_board(board, pm=pm).findings if f.code == "narrative.unknown-file"] == []
