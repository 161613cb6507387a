"""Write the bad input corpus: one board folder per case, each with exactly one problem.

Run from the repository root to (re)create every case folder here::

    .venv/bin/python tests/bad_boards/generate.py

or give another folder to write into (``tests/test_bad_input.py`` does, to
check that the committed folders are exactly what this script writes)::

    .venv/bin/python tests/bad_boards/generate.py /tmp/bad_boards

Each case is the minimal, complete board that ``tests/boardfactory.py`` writes,
with one file changed, added or removed, plus ``expected.txt``: the exact
lines ``lscb check . --quiet`` prints on stdout, run inside the case folder.
Cases whose exit status is not 1 also get ``expected_exit.txt``.

The output is deterministic: the same bytes every run (workbooks carry fixed
timestamps, symlinks have relative targets).
"""

from __future__ import annotations

import datetime as dt
import io
import shutil
import sys
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from openpyxl import Workbook
from openpyxl.xml.functions import tostring

HERE = Path(__file__).resolve().parent
PERIOD = "2015-16"

# --- the minimal valid board (as tests/boardfactory.py writes it) -------------------

BOARD_YAML = "name: Testshire Safeguarding Children Board\nshort_name: TSCB\n"
REPORT_YAML = """period:
  start: 2015-04-01
  end: 2016-03-31
regime: lscb-wt2015
leadership:
  independent_chair:
    name: A Chair
approval:
  body: the Board
  date: 2016-07
submitted_to:
  - Chief Executive of Testshire County Council
  - Leader of the Council
  - Police and Crime Commissioner
  - Chair of the Health and Wellbeing Board
"""
PERIOD_FILES: dict[str, str] = {
    "narrative/foreword.md": "Local services are effective, and the board knows where they must improve.\n",
    "priorities.yaml": (
        "themes:\n  - id: neglect\n    title: Neglect\n    priorities:\n      - id: neglect\n        title: Neglect\n"
        "        progress: A strategy was agreed.\n    next_steps: Put the strategy to work.\n"
        "business_plan:\n  priorities: [Tackle neglect]\n"
    ),
    "cdop.yaml": "reviews_stated: 2\nmodifiable_stated: 0\n",
    "budget.yaml": "contributions: [{partner: County Council, amount: 100}]\nlines: [{name: Staff, budget: 100, spend: 100}]\n",
    "inspections.yaml": "- {inspectorate: Ofsted, date: 2015-09, judgements: [{subject: The board, grade: good}]}\n",
    "training.yaml": "courses: [{name: Neglect, attendees: 20, times_run: 2}]\n",
    "members.yaml": "meetings_held: 4\nmembers: [{role: Independent chair, attended: 4, possible: 4}]\n",
}


def _base_files() -> dict[str, str | bytes]:
    """Every file of the valid board, by its path inside the board folder."""
    files: dict[str, str | bytes] = {"board.yaml": BOARD_YAML, f"{PERIOD}/report.yaml": REPORT_YAML}
    files.update({f"{PERIOD}/{name}": text for name, text in PERIOD_FILES.items()})
    return files


def _replaced(name: str, old: str, new: str) -> str:
    """A file of the valid board with one piece of it changed."""
    text = {"board.yaml": BOARD_YAML, "report.yaml": REPORT_YAML, **PERIOD_FILES}[name]
    assert old in text, (name, old)
    return text.replace(old, new, 1)


# --- workbooks -----------------------------------------------------------------------

_FIXED_TIME = dt.datetime(2016, 4, 1, 9, 0, 0)


def _workbook(rows: list[list[object]], sheet: str = "Courses") -> bytes:
    """An .xlsx workbook of one sheet, the same bytes every time."""
    book = Workbook()
    ws = book.active
    assert ws is not None
    ws.title = sheet
    for row in rows:
        ws.append(row)
    saved = io.BytesIO()
    book.save(saved)
    # Saving stamps the time into docProps/core.xml and onto every part of the zip: write the
    # parts again with a fixed time, and uncompressed, so that no zlib version changes a byte.
    book.properties.created = book.properties.modified = _FIXED_TIME
    out = io.BytesIO()
    with zipfile.ZipFile(saved) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as target:
        for part in source.infolist():
            data = source.read(part)
            if part.filename == "docProps/core.xml":
                data = tostring(book.properties.to_tree())
            info = zipfile.ZipInfo(part.filename, date_time=_FIXED_TIME.timetuple()[:6])
            info.create_system = 3
            info.external_attr = 0o644 << 16
            target.writestr(info, data)
    return out.getvalue()


# --- the cases -----------------------------------------------------------------------


@dataclass(frozen=True)
class Case:
    """One board folder: what differs from the valid board, and what ``lscb check`` says."""

    expected: list[str]
    files: dict[str, str | bytes | None] = field(default_factory=dict)
    """Files to add or replace (by path inside the board folder); ``None`` removes one."""
    symlinks: dict[str, str] = field(default_factory=dict)
    """Symbolic links to create: path inside the board folder -> relative target."""
    exit_code: int = 1


def _crlf(text: str) -> bytes:
    return text.replace("\n", "\r\n").encode("utf-8")


def _bom(text: str) -> bytes:
    return b"\xef\xbb\xbf" + text.encode("utf-8")


_ALIAS_BOMB = "\n".join(
    ["a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    + [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 10)}]" for i in range(1, 9)]
)

MEMBERS_FROM_CSV = "meetings_held: 4\nmembers:\n  rows_from: members.csv\n"
TRAINING_FROM_XLSX = "courses:\n  rows_from: training.xlsx\n  sheet: Courses\n"

CASES: dict[str, Case] = {
    # -- the board folder itself --
    "missing-board-yaml": Case(
        files={"board.yaml": None},
        expected=[
            "board.yaml: error: board.yaml is missing: every board folder needs one [load.folder]",
        ],
    ),
    "missing-report-yaml": Case(
        files={f"{PERIOD}/report.yaml": None},
        expected=[
            "2015-16/report.yaml: error: the period folder 2015-16 has no report.yaml; add one giving the dates of the period, the regime and the leadership [load.folder]",
        ],
    ),
    # -- values of the wrong kind --
    "wrong-type": Case(
        files={f"{PERIOD}/training.yaml": _replaced("training.yaml", "attendees: 20", "attendees: twenty")},
        expected=[
            '2015-16/training.yaml:1:38: error: attendees must be a whole number of 0 or more, got "twenty" [load.invalid]',
        ],
    ),
    "negative-count": Case(
        files={f"{PERIOD}/cdop.yaml": _replaced("cdop.yaml", "reviews_stated: 2", "reviews_stated: -2")},
        expected=[
            "2015-16/cdop.yaml:1:17: error: reviews_stated must be 0 or more, got -2 [load.invalid]",
        ],
    ),
    "impossible-date": Case(
        files={f"{PERIOD}/report.yaml": _replaced("report.yaml", "start: 2015-04-01", "start: 2015-02-30")},
        expected=[
            '2015-16/report.yaml:2:10: error: start must be a date that exists, got "2015-02-30" [load.invalid]',
        ],
    ),
    "period-ends-before-start": Case(
        files={f"{PERIOD}/report.yaml": _replaced("report.yaml", "end: 2016-03-31", "end: 2015-03-31")},
        expected=[
            "2015-16/report.yaml:2:3: error: the period ends (2015-03-31) before it starts (2015-04-01) [load.invalid]",
        ],
    ),
    "attended-more-than-possible": Case(
        files={
            f"{PERIOD}/members.yaml": _replaced(
                "members.yaml", "attended: 4, possible: 4", "attended: 5, possible: 4"
            )
        },
        expected=[
            "2015-16/members.yaml:2:11: error: 'Independent chair' attended 5 meetings but could attend only 4 [load.invalid]",
        ],
    ),
    "misspelled-enum": Case(
        files={f"{PERIOD}/inspections.yaml": _replaced("inspections.yaml", "grade: good", "grade: gud")},
        expected=[
            "2015-16/inspections.yaml:1:82: error: grade must be one of outstanding, good, adequate, requires-improvement, inadequate; got \"gud\"; did you mean 'good'? [load.invalid]",
        ],
    ),
    "huge-count": Case(
        files={
            f"{PERIOD}/cdop.yaml": _replaced("cdop.yaml", "reviews_stated: 2", f"reviews_stated: {10**30}")
        },
        expected=[
            "2015-16/cdop.yaml:1:17: error: reviews_stated is too large to be right: 1,000,000,000,000,000,000,000,000,000,000 [load.invalid]",
        ],
    ),
    "huge-float": Case(
        files={f"{PERIOD}/cdop.yaml": _replaced("cdop.yaml", "reviews_stated: 2", "reviews_stated: 1e400")},
        expected=[
            "2015-16/cdop.yaml:1:17: error: the number 1e400 is too large to be right; correct it [load.yaml]",
        ],
    ),
    # -- YAML --
    "duplicate-keys": Case(
        files={f"{PERIOD}/cdop.yaml": "reviews_stated: 2\nmodifiable_stated: 0\nreviews_stated: 3\n"},
        expected=[
            "2015-16/cdop.yaml:3:1: error: the key 'reviews_stated' is written twice (first at line 1); keep only one [load.yaml]",
        ],
    ),
    "unknown-key-near-miss": Case(
        files={f"{PERIOD}/training.yaml": _replaced("training.yaml", "attendees: 20", "atendees: 20")},
        expected=[
            "2015-16/training.yaml:1:27: error: unknown key 'atendees' in training.courses[0]; did you mean 'attendees'? [load.unknown-key]",
        ],
    ),
    "yaml-alias-bomb": Case(
        files={f"{PERIOD}/cdop.yaml": PERIOD_FILES["cdop.yaml"] + _ALIAS_BOMB + "\n"},
        expected=[
            "2015-16/cdop.yaml:3:40: error: the file expands to more than 200,000 values; do not nest aliases (*name), and put long tables in a .csv or .xlsx file [load.yaml]",
        ],
    ),
    "yaml-python-tag": Case(
        files={
            f"{PERIOD}/cdop.yaml": _replaced(
                "cdop.yaml",
                "reviews_stated: 2",
                "reviews_stated: !!python/object/apply:os.system ['echo hello']",
            )
        },
        expected=[
            "2015-16/cdop.yaml:1:17: error: the tag !!python/object/apply:os.system is not allowed: only plain values, lists and mappings are read; remove the tag [load.yaml]",
        ],
    ),
    "yaml-list-not-mapping": Case(
        files={f"{PERIOD}/cdop.yaml": "- reviews_stated: 2\n- modifiable_stated: 0\n"},
        expected=[
            "2015-16/cdop.yaml:1:1: error: cdop must be a mapping of names to values, got a list [load.invalid]",
        ],
    ),
    "report-yaml-list": Case(
        files={f"{PERIOD}/report.yaml": "- " + REPORT_YAML.replace("\n", "\n  ").rstrip() + "\n"},
        expected=[
            "2015-16/report.yaml:1:1: error: report.yaml must be a mapping of keys to values, got a list [load.folder]",
        ],
    ),
    "empty-report-yaml": Case(
        files={f"{PERIOD}/report.yaml": ""},
        expected=[
            "2015-16/report.yaml:1:1: error: this file needs the key 'period' [load.missing-key]",
            "2015-16/report.yaml:1:1: error: this file needs the key 'regime' [load.missing-key]",
        ],
    ),
    "yaml-tab-indentation": Case(
        files={
            f"{PERIOD}/report.yaml": _replaced("report.yaml", "  start: 2015-04-01", "\tstart: 2015-04-01")
        },
        expected=[
            "2015-16/report.yaml:2:1: error: not valid YAML: a tab cannot indent a line; indent with spaces instead [load.yaml]",
        ],
    ),
    # -- text files --
    "latin1-markdown": Case(
        files={
            f"{PERIOD}/narrative/foreword.md": "The caf\xe9 drop-in reached 40 young people.\n".encode(
                "latin-1"
            )
        },
        expected=[
            "2015-16/narrative/foreword.md:1:8: error: the file is not UTF-8 text (byte 0xe9); save it with UTF-8 encoding [load.file]",
        ],
    ),
    "latin1-yaml": Case(
        files={
            f"{PERIOD}/training.yaml": _replaced(
                "training.yaml", "name: Neglect", "name: Caf\xe9 workers"
            ).encode("latin-1")
        },
        expected=[
            "2015-16/training.yaml:1:21: error: the file is not UTF-8 text (byte 0xe9); save it with UTF-8 encoding [load.file]",
        ],
    ),
    "binary-markdown": Case(
        files={
            f"{PERIOD}/narrative/foreword.md": b"PK\x03\x04\x14\x00\x06\x00\x08\x00\x00\x00!\x00word/document.xml"
        },
        expected=[
            "2015-16/narrative/foreword.md:1:6: error: this is a binary file, not text; save it as plain UTF-8 text [load.file]",
        ],
    ),
    # -- spreadsheets and CSV files --
    "xlsx-not-a-workbook": Case(
        files={
            f"{PERIOD}/training.yaml": TRAINING_FROM_XLSX,
            f"{PERIOD}/training.xlsx": "Name,Attendees\nNeglect,20\n",
        },
        expected=[
            "2015-16/training.xlsx: error: this is not an Excel workbook (.xlsx) that can be read; save it again from Excel as .xlsx [load.table]",
        ],
    ),
    "xlsx-formula-error": Case(
        files={
            f"{PERIOD}/training.yaml": TRAINING_FROM_XLSX,
            f"{PERIOD}/training.xlsx": _workbook(
                [["Name", "Attendees", "Times run"], ["Neglect", 20, 2], ["Bruising", "#DIV/0!", 1]]
            ),
        },
        expected=[
            "2015-16/training.xlsx:Courses!B3: error: the cell holds the formula error #DIV/0!; correct the formula in the workbook [load.table]",
        ],
    ),
    "csv-unterminated-quote": Case(
        files={
            f"{PERIOD}/members.yaml": MEMBERS_FROM_CSV,
            f"{PERIOD}/members.csv": 'role,attended,possible\nIndependent chair,4,4\n"Police,3,4\nHealth,2,4\n',
        },
        expected=[
            '2015-16/members.csv:3: error: the row starting on this line has a quotation mark (") that is never closed; close the quotes or remove them [load.table]',
        ],
    ),
    "csv-cell-without-heading": Case(
        files={
            f"{PERIOD}/members.yaml": MEMBERS_FROM_CSV,
            f"{PERIOD}/members.csv": "role,attended,possible\nIndependent chair,4,4,sent apologies once\n",
        },
        expected=[
            "2015-16/members.csv:2:23: error: this cell has a value but its column has no heading; give the column a heading or clear the cell [load.table]",
        ],
    ),
    "rows-from-missing-file": Case(
        files={f"{PERIOD}/members.yaml": MEMBERS_FROM_CSV},
        expected=[
            "2015-16/members.yaml:3:14: error: the table file 'members.csv' does not exist in 2015-16 [load.folder]",
        ],
    ),
    "rows-from-outside": Case(
        files={f"{PERIOD}/members.yaml": MEMBERS_FROM_CSV.replace("members.csv", "../../x.csv")},
        expected=[
            "2015-16/members.yaml:3:14: error: the table file '../../x.csv' is outside the board folder; copy it into the board folder [load.folder]",
        ],
    ),
    "symlink-outside": Case(
        files={f"{PERIOD}/members.yaml": MEMBERS_FROM_CSV},
        symlinks={f"{PERIOD}/members.csv": "../../outside.csv"},
        expected=[
            "2015-16/members.yaml:3:14: error: 2015-16/members.csv is a link to a file outside the board folder; put the file itself in the board folder instead [load.folder]",
        ],
    ),
    # -- what must just work --
    "utf8-bom": Case(
        files={
            "board.yaml": _bom(BOARD_YAML),
            f"{PERIOD}/report.yaml": _bom(REPORT_YAML),
            **{f"{PERIOD}/{name}": _bom(text) for name, text in PERIOD_FILES.items()},
        },
        expected=[],
        exit_code=0,
    ),
    "crlf-line-endings": Case(
        files={
            "board.yaml": _crlf(BOARD_YAML),
            f"{PERIOD}/report.yaml": _crlf(REPORT_YAML),
            **{f"{PERIOD}/{name}": _crlf(text) for name, text in PERIOD_FILES.items()},
            f"{PERIOD}/narrative/context.md": _crlf(
                "Testshire has:\n\n- 250,000 children\n- ten districts\n\n> Quoted text\n> over two lines\n"
            ),
            f"{PERIOD}/members.yaml": _crlf(MEMBERS_FROM_CSV),
            f"{PERIOD}/members.csv": _crlf(
                'role,attended,possible\nIndependent chair,4,4\n"Police, Testshire Constabulary",3,4\n'
            ),
        },
        expected=[],
        exit_code=0,
    ),
    "excel-csv-bom-crlf": Case(
        files={
            f"{PERIOD}/members.yaml": MEMBERS_FROM_CSV,
            # What Excel writes for "CSV UTF-8 (Comma delimited)": a BOM, CRLF, quotes only where needed.
            f"{PERIOD}/members.csv": _bom(
                "role,attended,possible\r\nIndependent chair,4,4\r\n"
                '"Police, Testshire Constabulary",3,4\r\nDirector of Children\'s Services,4,4\r\n'
            ),
        },
        expected=[],
        exit_code=0,
    ),
}

OUTSIDE_CSV = "role,attended,possible\nIndependent chair,4,4\n"
"""A table beside the case folders, that ``symlink-outside`` points to from inside its board."""


# --- writing -------------------------------------------------------------------------


def write_case(folder: Path, case: Case) -> None:
    files: dict[str, str | bytes | None] = {**_base_files(), **case.files}
    for name, content in sorted(files.items()):
        if content is None:
            continue
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
    for name, target in sorted(case.symlinks.items()):
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.symlink_to(target)
    (folder / "expected.txt").write_bytes("".join(f"{line}\n" for line in case.expected).encode("utf-8"))
    if case.exit_code != 1:
        (folder / "expected_exit.txt").write_bytes(f"{case.exit_code}\n".encode())


def generate(out: Path) -> None:
    """(Re)create every case folder under ``out``; folders of earlier cases are removed first."""
    out.mkdir(parents=True, exist_ok=True)
    for old in sorted(out.iterdir()):
        if old.is_dir() and not old.is_symlink() and (old / "expected.txt").is_file():
            shutil.rmtree(old)
    for name, case in CASES.items():
        folder = out / name
        folder.mkdir()
        write_case(folder, case)
    (out / "outside.csv").write_bytes(OUTSIDE_CSV.encode("utf-8"))


if __name__ == "__main__":
    generate(Path(sys.argv[1]) if len(sys.argv) > 1 else HERE)
