"""Loading board folders: every problem located at its file, line and column, never a traceback."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import Workbook

from lscb_core._base.findings import LoadError
from lscb_core._loading.folder import find_period, load_report

from .boardfactory import make_board


def _load_errors(board: Path) -> list[str]:
    with pytest.raises(LoadError) as info:
        load_report(board)
    return [str(f).replace(str(board) + "/", "") for f in info.value.findings]


def test_minimal_board_loads(tmp_path: Path) -> None:
    loaded = load_report(make_board(tmp_path))
    assert loaded.report.board.short_name == "TSCB"
    assert loaded.report.period.label == "2015-16"
    assert loaded.findings == ()


def test_the_latest_period_is_used_unless_one_is_named(tmp_path: Path) -> None:
    board = make_board(tmp_path)
    make_board(tmp_path, period="2014-15")
    assert find_period(board).name == "2015-16"
    assert find_period(board, "2014-15").name == "2014-15"
    with pytest.raises(LoadError, match="there is no period '2013-14'"):
        find_period(board, "2013-14")


def test_a_folder_without_periods_says_what_it_needs(tmp_path: Path) -> None:
    with pytest.raises(LoadError, match="a board folder needs a subfolder per period"):
        load_report(tmp_path)


def test_wrong_type_in_yaml_is_located(tmp_path: Path) -> None:
    board = make_board(
        tmp_path, {"budget.yaml": "lines:\n  - name: Staff\n    budget: 1000\n    spend: lots\n"}
    )
    assert _load_errors(board) == [
        '2015-16/budget.yaml:4:12: error: spend must be a whole number of pounds, got "lots" [load.invalid]'
    ]


def test_duplicate_keys_are_an_error(tmp_path: Path) -> None:
    board = make_board(tmp_path, {"cdop.yaml": "reviews_stated: 4\nreviews_stated: 5\n"})
    assert _load_errors(board) == [
        "2015-16/cdop.yaml:2:1: error: the key 'reviews_stated' is written twice (first at line 1); keep only one [load.yaml]"
    ]


def test_python_tags_are_refused(tmp_path: Path) -> None:
    board = make_board(tmp_path, {"cdop.yaml": "reviews_stated: !!python/object/apply:os.system ['true']\n"})
    assert _load_errors(board) == [
        "2015-16/cdop.yaml:1:17: error: the tag !!python/object/apply:os.system is not allowed: only plain values, lists and mappings are read; remove the tag [load.yaml]"
    ]


def test_alias_bombs_are_bounded(tmp_path: Path) -> None:
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    lines += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 10)}]" for i in range(1, 9)]
    board = make_board(tmp_path, {"cdop.yaml": "\n".join(lines) + "\n"})
    errors = _load_errors(board)
    assert len(errors) == 1
    assert "expands to more values than this" in errors[0]


def test_invalid_yaml_gives_one_located_line(tmp_path: Path) -> None:
    board = make_board(tmp_path, {"cdop.yaml": "reviews_stated: [1, 2\n"})
    errors = _load_errors(board)
    assert len(errors) == 1
    assert errors[0].startswith("2015-16/cdop.yaml:2:1: error: not valid YAML")


def test_non_utf8_files_are_refused_with_the_place(tmp_path: Path) -> None:
    board = make_board(tmp_path, {"narrative/foreword.md": "Caf\xe9 society\n".encode("latin-1")})
    assert _load_errors(board) == [
        "2015-16/narrative/foreword.md:1:4: error: the file is not UTF-8 text (byte 0xe9); save it with UTF-8 encoding [load.file]"
    ]


def test_bom_and_crlf_just_work(tmp_path: Path) -> None:
    board = make_board(
        tmp_path,
        {
            "cdop.yaml": "\ufeffreviews_stated: 4\r\nmodifiable_stated: 1\r\n".encode(),
            "narrative/foreword.md": "\ufeffFirst line\r\nSecond line\r\n".encode(),
            "members.yaml": "members:\r\n  rows_from: members.csv\r\n",
            "members.csv": "\ufeffrole,attended,possible\r\nChair,3,4\r\n".encode(),
        },
    )
    report = load_report(board).report
    assert report.cdop is not None
    assert report.cdop.reviews == 4
    assert report.narrative["foreword"].text == "First line\nSecond line\n"
    assert report.membership.members[0].attended == 3


def test_control_characters_are_removed_with_a_located_warning(tmp_path: Path) -> None:
    board = make_board(
        tmp_path,
        {
            "glossary.yaml": 'terms:\n  - abbreviation: "CSE\\x07"\n    meaning: "Child\\tSexual Exploitation"\n'
        },
    )
    loaded = load_report(board)
    assert loaded.report.glossary.terms[0].abbreviation == "CSE"
    assert loaded.report.glossary.terms[0].meaning == "Child\tSexual Exploitation"
    assert [str(f).replace(str(board) + "/", "") for f in loaded.findings] == [
        "2015-16/glossary.yaml:2:19: warning: removed 1 control character that a Word document cannot hold [text.control-characters]"
    ]


def test_csv_cells_are_located_by_line_and_column(tmp_path: Path) -> None:
    board = make_board(
        tmp_path,
        {
            "members.yaml": "members:\n  rows_from: members.csv\n",
            "members.csv": 'role,attended,possible\nChair,4,4\n"Lead, Police",three,4\n',
        },
    )
    assert _load_errors(board) == [
        '2015-16/members.csv:3:16: error: attended must be a whole number of 0 or more, got "three" [load.invalid]'
    ]


def test_unknown_csv_column_is_located_at_its_heading(tmp_path: Path) -> None:
    board = make_board(
        tmp_path,
        {"members.yaml": "members:\n  rows_from: members.csv\n", "members.csv": "role,atended\nChair,4\n"},
    )
    assert _load_errors(board) == [
        "2015-16/members.csv:1:6: error: unknown key 'atended' in membership.members[0]; did you mean 'attended'? [load.unknown-key]"
    ]


def test_a_list_in_a_spreadsheet_cell_is_written_with_semicolons(tmp_path: Path) -> None:
    board = make_board(
        tmp_path,
        {
            "cdop.yaml": "records:\n  rows_from: deaths.csv\n",
            "deaths.csv": "id,category,age_band,modifiable,factors\nD1,infection,1-4 years,yes,Smoking; Co-sleeping\n",
        },
    )
    cdop = load_report(board).report.cdop
    assert cdop is not None
    assert cdop.records[0].factors == ("Smoking", "Co-sleeping")


def _workbook(path: Path, rows: list[list[object]], sheet: str = "Courses") -> None:
    book = Workbook()
    ws = book.active
    assert ws is not None
    ws.title = sheet
    for row in rows:
        ws.append(row)
    book.save(path)


def test_xlsx_cells_are_located_by_sheet_and_cell(tmp_path: Path) -> None:
    board = make_board(
        tmp_path, {"training.yaml": "courses:\n  rows_from: training.xlsx\n  sheet: Courses\n"}
    )
    _workbook(
        board / "2015-16" / "training.xlsx", [["Name", "Attendees"], ["Neglect", 10], ["Bruising", "ten"]]
    )
    assert _load_errors(board) == [
        '2015-16/training.xlsx:Courses!B3: error: attendees must be a whole number of 0 or more, got "ten" [load.invalid]'
    ]


def test_xlsx_formula_errors_are_reported_at_the_cell(tmp_path: Path) -> None:
    board = make_board(tmp_path, {"training.yaml": "courses:\n  rows_from: training.xlsx\n"})
    _workbook(board / "2015-16" / "training.xlsx", [["Name", "Attendees"], ["Neglect", "#DIV/0!"]])
    assert _load_errors(board) == [
        "2015-16/training.xlsx:Courses!B2: error: the cell holds the formula error #DIV/0!; correct the formula in the workbook [load.table]"
    ]


def test_a_missing_sheet_suggests_the_sheets_there_are(tmp_path: Path) -> None:
    board = make_board(tmp_path, {"training.yaml": "courses:\n  rows_from: training.xlsx\n  sheet: Course\n"})
    _workbook(board / "2015-16" / "training.xlsx", [["Name", "Attendees"]])
    assert _load_errors(board) == [
        "2015-16/training.xlsx: error: there is no sheet 'Course'; did you mean 'Courses'? [load.table]"
    ]


def test_a_spreadsheet_that_is_really_something_else(tmp_path: Path) -> None:
    board = make_board(
        tmp_path,
        {"training.yaml": "courses:\n  rows_from: training.xlsx\n", "training.xlsx": b"not a zip file"},
    )
    assert _load_errors(board) == [
        "2015-16/training.xlsx: error: this is not an Excel workbook (.xlsx) that can be read; save it again from Excel as .xlsx [load.table]"
    ]


def test_tables_cannot_come_from_outside_the_board_folder(tmp_path: Path) -> None:
    (tmp_path / "secret.csv").write_text("role\nx\n", encoding="utf-8")
    board = make_board(tmp_path / "board", {"members.yaml": "members:\n  rows_from: ../../secret.csv\n"})
    errors = _load_errors(board)
    assert len(errors) == 1
    assert "is outside the board folder" in errors[0]
    assert errors[0].startswith("2015-16/members.yaml:2:14:")


def test_unknown_files_and_unclaimed_plugin_data_are_warnings(tmp_path: Path) -> None:
    board = make_board(
        tmp_path,
        {"budgets.yaml": "x: 1\n", "plugins/somewhere/data.yaml": "a: 1\n", "narrative/notes.txt": "x"},
    )
    messages = sorted(f.message for f in load_report(board).findings)
    assert messages == [
        "budgets.yaml is not a file lscb reads; did you mean budget.yaml?",
        "no installed plugin reads plugins/somewhere/; its data is left out of the report",
        "notes.txt is not read: narrative files are Markdown files ending .md",
    ]


def test_keys_that_belong_in_their_own_file_are_pointed_there(tmp_path: Path) -> None:
    board = make_board(tmp_path)
    report = board / "2015-16" / "report.yaml"
    report.write_text(report.read_text(encoding="utf-8") + "budget:\n  lines: []\n", encoding="utf-8")
    assert _load_errors(board) == [
        "2015-16/report.yaml:16:1: error: 'budget' does not belong in report.yaml: it is read from budget.yaml [load.misplaced-key]"
    ]


def test_several_errors_are_all_reported(tmp_path: Path) -> None:
    board = make_board(
        tmp_path, {"cdop.yaml": "reviews_stated: -1\n", "budget.yaml": "carry_forward_in: x\n"}
    )
    assert len(_load_errors(board)) == 2


def test_the_pure_python_yaml_parser_reads_the_same_as_libyaml() -> None:
    from lscb_core._loading import yamlfile

    text = "a: [1, 2.5, yes, null, 2015-07-28, '0o17', 0o17, ~]\nb: |\n  two\n  lines\n"
    fast = yamlfile.parse_yaml(text, "f.yaml")
    loader = yamlfile._Loader
    try:
        yamlfile._Loader = yamlfile._PureLoader
        pure = yamlfile.parse_yaml(text, "f.yaml")
    finally:
        yamlfile._Loader = loader
    assert pure.value == fast.value
    assert pure.value["a"] == [
        1,
        2.5,
        "yes",
        None,
        __import__("datetime").date(2015, 7, 28),
        "0o17",
        15,
        None,
    ]
    assert pure.sources.values == fast.sources.values


_BOARDS = Path(__file__).parent / "boards"


@pytest.mark.parametrize(
    ("board", "period", "files"),
    [
        ("older-board", "2012-13", ["members.yaml", "members.csv", "narrative/context.md"]),
        ("two-panels", "2019-04-to-2020-08", ["budget.yaml", "ashby-records.csv", "narrative/voice.md"]),
    ],
)
def test_a_data_file_that_is_a_pipe_is_refused_where_it_is_never_taken_as_missing(
    board: str, period: str, files: list[str], tmp_path: Path
) -> None:
    import os
    import shutil

    folder = tmp_path / board
    shutil.copytree(_BOARDS / board, folder)
    for name in files:
        path = folder / period / name
        path.unlink()
        os.mkfifo(path)
        with pytest.raises(LoadError) as info:
            load_report(folder, period)
        assert [str(f) for f in info.value.findings] == [
            f"{path}: error: this is not a file that can be read (a device, a pipe or a folder) [load.file]"
        ]
        path.unlink()
        shutil.copy(_BOARDS / board / period / name, path)
