"""What a build made is kept by what it was made from: an unchanged input is not worked again.

The structure chart, each chart's XML and workbook, and each spreadsheet read
are kept in ``build/.cache`` once a build has written its outputs. The next
build of the same board makes the same document without drawing, charting or
reading a workbook again; a changed input is worked again; a damaged entry is
never trusted.
"""

from __future__ import annotations

import os
import shutil
import stat
from pathlib import Path

import openpyxl
import pytest
from hypothesis import given
from hypothesis import strategies as st

from lscb_core._base import keep
from lscb_core._base.blocks import Image
from lscb_core._build.build import build_report
from lscb_core._loading import package_clean, tables
from lscb_core._render import picture_cache
from lscb_core._render.structure_chart import OrgUnit

from .conftest import BOARDS, HERTFORDSHIRE

BOARDS_WITH_EVERYTHING = {
    # a county board: a structure chart, charts, two sheets of one workbook
    "hertfordshire": (HERTFORDSHIRE, None),
    # a partnership with earlier periods: trend charts, and a workbook of its own
    "partnership": (BOARDS / "partnership", "2020-07-to-2021-06"),
}


def _not_again(monkeypatch: pytest.MonkeyPatch, *, forget: bool = True) -> None:
    """Make drawing, charting and reading workbooks fail: only kept results can be used
    (with ``forget``, only those kept in the cache folder, not in this process's memory)."""
    if forget:
        keep.forget()

    def again(*args: object, **kwargs: object) -> None:
        pytest.fail("made again although nothing changed")

    monkeypatch.setattr("lscb_core._render.structure_chart.structure_chart", again)
    monkeypatch.setattr("lscb_core._render.word_chart.chart_xml", again)
    monkeypatch.setattr("lscb_core._render.word_chart.workbook", again)
    monkeypatch.setattr(openpyxl, "load_workbook", again)
    monkeypatch.setattr("lscb_core._loading.package_clean._clean", again)


@pytest.mark.parametrize("name", sorted(BOARDS_WITH_EVERYTHING))
def test_a_second_build_makes_the_same_document_from_what_was_kept(
    name: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    source, period = BOARDS_WITH_EVERYTHING[name]
    board = tmp_path / name
    shutil.copytree(source, board)
    monkeypatch.chdir(tmp_path)
    keep.forget()
    first = build_report(board, period)
    assert first.ok, first.findings
    cache = tmp_path / "build" / ".cache"
    names = [entry.name for entry in cache.iterdir()]
    for kind in ("picture-", "chart-", "workbook-sheet-", "clean-package-"):
        assert any(n.startswith(kind) for n in names), (kind, names)
    assert first.output is not None
    made = first.output.read_bytes()

    with monkeypatch.context() as patched:
        _not_again(patched)
        second = build_report(board, period)
        assert second.ok, second.findings
        assert second.output is not None
        assert second.output.read_bytes() == made

    # A damaged entry is made again, never trusted: the document is still the same.
    for entry in cache.iterdir():
        entry.write_bytes(b"\x00{not what was saved")
    keep.forget()
    third = build_report(board, period)
    assert third.ok
    assert third.output is not None
    assert third.output.read_bytes() == made


def test_a_changed_workbook_is_read_again(
    hertfordshire: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    keep.forget()
    assert build_report(hertfordshire).ok
    path = hertfordshire / "2015-16" / "training.xlsx"
    book = openpyxl.load_workbook(path)
    sheet = book.worksheets[0]
    sheet.cell(row=2, column=1).value = "A course renamed since the last build"
    book.save(path)
    keep.forget()
    result = build_report(hertfordshire)
    assert result.ok, result.findings
    assert result.loaded is not None
    names = [course.name for course in result.loaded.report.training.courses]
    assert "A course renamed since the last build" in names


def test_a_failed_build_keeps_nothing_and_an_output_elsewhere_keeps_only_in_memory(
    hertfordshire: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    keep.forget()
    assert build_report(hertfordshire, output=tmp_path / "elsewhere" / "report.docx").ok
    assert not (tmp_path / "build").exists()
    with monkeypatch.context() as patched:  # what it made is in this process's memory
        _not_again(patched, forget=False)
        assert build_report(hertfordshire, output=tmp_path / "elsewhere" / "again.docx").ok
    assert not (tmp_path / "build").exists()
    foreword = hertfordshire / "2015-16" / "narrative" / "foreword.md"
    foreword.write_text("{{ no_such_name }}\n", encoding="utf-8")
    keep.forget()
    assert not build_report(hertfordshire).ok
    assert not (tmp_path / "build" / ".cache").exists()


UNITS = [
    OrgUnit("board", "The Board", None, "Board", strong=True),
    OrgUnit("sub", "Sub-group", "board", "Sub-group"),
]


def _draw(units: list[OrgUnit]) -> Image | None:
    return picture_cache.cached("lscb_core._render.structure_chart", "structure_chart", units, title="Chart")


def test_a_changed_structure_is_drawn_again() -> None:
    keep.forget()
    first = _draw(UNITS)
    renamed = _draw([UNITS[0], OrgUnit("sub", "Renamed group", "board", "Sub-group")])
    assert first is not None
    assert renamed is not None
    assert renamed.data != first.data
    assert "Renamed group" in renamed.alt
    assert _draw(UNITS) is first


_CELLS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=False, allow_infinity=False),
    st.text(max_size=20),
    st.dates(),
    st.datetimes(),
    st.times(),
    st.timedeltas(),
)


@given(
    st.text(min_size=1, max_size=31),
    st.lists(st.lists(_CELLS, max_size=6).map(tuple), max_size=6).map(tuple),
    st.lists(st.text(max_size=30), max_size=2).map(tuple),
)
def test_a_kept_sheet_reads_back_as_the_same_values_of_the_same_types(
    sheet: str, rows: tuple[tuple[object, ...], ...], warned: tuple[str, ...]
) -> None:
    read = tables._Sheet(sheet, rows, warned)
    again = tables._decode_sheet(tables._encode_sheet(read))
    assert again == read
    assert again is not None
    assert [[type(v) for v in row] for row in again.rows] == [[type(v) for v in row] for row in rows]


@pytest.mark.parametrize(
    "data",
    [
        b"",
        b"[]",
        b'{"sheet": 1, "rows": [], "warnings": []}',
        b'{"sheet": "A", "rows": [[{"tag": 1}]], "warnings": []}',
    ],
)
def test_a_damaged_kept_sheet_is_not_used(data: bytes) -> None:
    assert tables._decode_sheet(data) is None


def test_an_entry_lscb_did_not_write_is_never_used(
    hertfordshire: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A build/.cache that came with a board folder from someone else cannot put anything into a report."""
    monkeypatch.chdir(tmp_path)
    keep.forget()
    first = build_report(hertfordshire)
    assert first.ok
    assert first.output is not None
    made = first.output.read_bytes()
    cache = tmp_path / "build" / ".cache"
    # Someone else's lscb (another key) wrote entries of the same names, each well formed and sealed.
    monkeypatch.setattr(keep, "_user_key", [b"k" * 32])
    for entry in cache.iterdir():
        entry.write_bytes(keep._sealed(b"planted", entry))
    monkeypatch.setattr(keep, "_user_key", [])
    keep.forget()
    again = build_report(hertfordshire)
    assert again.ok, again.findings
    assert again.output is not None
    assert again.output.read_bytes() == made


def test_the_key_lives_where_only_its_user_can_reach_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(keep.tempfile, "gettempdir", lambda: str(tmp_path))
    key = keep._load_key()
    assert key is not None
    assert len(key) == 32
    assert keep._load_key() == key  # the same key each time
    folder = tmp_path / f"lscb-{os.getuid()}"
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    assert stat.S_IMODE((folder / "cache-key").stat().st_mode) == 0o600
    folder.chmod(0o777)  # a folder others can write to is not trusted: results stay in memory
    assert keep._load_key() is None


def test_a_check_after_a_build_uses_the_sheets_it_kept_and_saves_nothing(
    hertfordshire: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from lscb_core._build.check import check_board

    monkeypatch.chdir(tmp_path)
    keep.forget()
    expected = check_board(hertfordshire).findings
    assert not (tmp_path / "build").exists(), "a check writes nothing"
    assert build_report(hertfordshire).ok
    with monkeypatch.context() as patched:
        _not_again(patched)
        assert check_board(hertfordshire).findings == expected


def test_an_entry_that_is_a_link_or_a_pipe_is_not_read(tmp_path: Path) -> None:
    """A planted entry that is a link to an endless file, or a named pipe, is ignored at once (not read for ever)."""
    endless = tmp_path / "chart-endless"
    endless.symlink_to("/dev/zero")
    assert keep._read(endless) is None
    pipe = tmp_path / "chart-pipe"
    os.mkfifo(pipe)
    assert keep._read(pipe) is None
    sealed = tmp_path / "chart-ours"
    sealed.write_bytes(keep._sealed(b"data", sealed))
    linked = tmp_path / "chart-linked"
    linked.symlink_to(sealed)
    assert keep._read(sealed) == b"data"
    assert keep._read(linked) is None


def test_an_entry_larger_than_any_saved_is_not_read(tmp_path: Path) -> None:
    big = tmp_path / "chart-big"
    big.write_bytes(keep._sealed(b"x" * (keep.MAX_ENTRY_BYTES + 1), big))
    assert keep._read(big) is None


def test_a_cache_folder_that_is_a_link_is_not_written_to(tmp_path: Path) -> None:
    """build/.cache as a link (say one that came with a board folder) does not put files where it points."""
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (tmp_path / "build").mkdir()
    cache = tmp_path / "build" / ".cache"
    cache.symlink_to(elsewhere, target_is_directory=True)
    keep.save({str(cache / "chart-1"): b"data"})
    assert list(elsewhere.iterdir()) == []
    # A cache folder that is a file is left alone too.
    cache.unlink()
    cache.write_bytes(b"not a folder")
    keep.save({str(cache / "chart-1"): b"data"})
    assert cache.read_bytes() == b"not a folder"


def test_a_change_to_any_of_lscbs_code_makes_results_again(monkeypatch: pytest.MonkeyPatch) -> None:
    """A cleaned picture kept by older code (a cleaning since made stricter) is not used."""
    before = keep._key("clean-picture", "inputs", ())
    monkeypatch.setattr(keep, "_source_digest", [b"other code"])
    assert keep._key("clean-picture", "inputs", ()) != before


def test_a_cache_folder_of_someone_elses_is_not_written_to(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cache = tmp_path / "build" / ".cache"
    cache.mkdir(parents=True)
    owner = cache.stat().st_uid
    monkeypatch.setattr(keep.os, "getuid", lambda: owner + 1)
    keep.save({str(cache / "chart-1"): b"data"})
    assert list(cache.iterdir()) == []
    monkeypatch.setattr(keep.os, "getuid", lambda: owner)
    keep.save({str(cache / "chart-1"): b"data"})
    assert [p.name for p in cache.iterdir()] == ["chart-1"]


def test_a_kept_template_cleaning_gives_back_what_was_removed_named_after_the_new_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from .test_package_clean import dirty, template

    data = dirty(template())
    keep.forget()
    with keep.cache_in(tmp_path):
        first = package_clean.clean_package(data, "house.docx")
        keep.save(keep.made_here())
    assert first.findings
    assert any(entry.name.startswith("clean-package-") for entry in tmp_path.iterdir())
    with monkeypatch.context() as patched:
        _not_again(patched)
        with keep.cache_in(tmp_path):
            second = package_clean.clean_package(data, "other.docx")
    assert second.data == first.data
    assert [(f.code, f.level, f.message) for f in second.findings] == [
        (f.code, f.level, f.message) for f in first.findings
    ]
    assert all(str(f).startswith("other.docx: ") for f in second.findings)
