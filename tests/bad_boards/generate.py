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
import json
import re
import shutil
import struct
import sys
import zipfile
import zlib
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
    limits: dict[str, float] = field(default_factory=dict)
    """Test-only limits (``limits.json``), for bombs that would otherwise need large files or long waits:
    fields of ``Limits``; ``seconds`` is given to the command as ``--timeout``."""


def _crlf(text: str) -> bytes:
    return text.replace("\n", "\r\n").encode("utf-8")


def _bom(text: str) -> bytes:
    return b"\xef\xbb\xbf" + text.encode("utf-8")


_ALIAS_BOMB = "\n".join(
    ["a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    + [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 10)}]" for i in range(1, 9)]
)


def _settings(**limits: float) -> str:
    """A settings.yaml giving the board's own limits."""
    return "limits:\n" + "".join(f"  {key}: {value}\n" for key, value in limits.items())


def _rezipped(data: bytes, change: dict[str, bytes | None], deflate: frozenset[str] = frozenset()) -> bytes:
    """A zip package with some parts replaced, added or (``None``) removed; ``deflate`` names parts to compress."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as target:
        names = [i.filename for i in source.infolist()]
        for name in names + [n for n in change if n not in names]:
            content = change.get(name, source.read(name) if name in names else None)
            if content is None:
                continue
            info = zipfile.ZipInfo(name, date_time=_FIXED_TIME.timetuple()[:6])
            info.create_system = 3
            info.external_attr = 0o644 << 16
            info.compress_type = zipfile.ZIP_DEFLATED if name in deflate else zipfile.ZIP_STORED
            target.writestr(info, content)
    return out.getvalue()


def _png(width: int, height: int) -> bytes:
    """A grey PNG picture, stored without compression so that its bytes never change."""
    raw = b"".join(b"\x00" + b"\x80" * width for _ in range(height))

    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))

    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(raw, 0))
        + chunk(b"IEND", b"")
    )


_COURSES = [["Name", "Attendees", "Times run"], ["Neglect", 20, 2]]
_SHEET = "xl/worksheets/sheet1.xml"


def _sheet_with_prolog(prolog: str, body_entity: str) -> bytes:
    """The one-sheet workbook with a DOCTYPE before its sheet's root and an entity used in a cell."""
    book = _workbook(_COURSES)
    with zipfile.ZipFile(io.BytesIO(book)) as package:
        sheet = package.read(_SHEET).decode()
    sheet = sheet.replace("?>", "?>" + prolog, 1) if sheet.startswith("<?xml") else prolog + sheet
    sheet = sheet.replace("<v>20</v>", f"<v>{body_entity}</v>", 1)
    return _rezipped(book, {_SHEET: sheet.encode()})


def _template_with_doctype() -> bytes:
    """The default Word template with a DTD declaring an entity in front of its document part."""
    template = (HERE.parent.parent / "templates" / "default" / "report.docx").read_bytes()
    with zipfile.ZipFile(io.BytesIO(template)) as package:
        document = package.read("word/document.xml").decode()
    prolog = '<!DOCTYPE w:document [<!ENTITY board "Testshire">]>'
    document = document.replace("?>", "?>" + prolog, 1) if document.startswith("<?xml") else prolog + document
    return _rezipped(template, {"word/document.xml": document.encode()})


def _nested(depth: int, line: str) -> str:
    return "".join("  " * i + f"- {line} {i + 1}\n" for i in range(depth))


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
    "board-name-of-control-characters": Case(
        files={
            "board.yaml": _replaced(
                "board.yaml", "name: Testshire Safeguarding Children Board", 'name: "\\x00\\x07"'
            )
        },
        expected=["board.yaml:1:1: error: the board's name cannot be empty [load.invalid]"],
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
            "2015-16/cdop.yaml:3:40: error: the file expands to more values than this: each alias (*name) counts every time it is used, and long tables belong in a .csv or .xlsx file; the limit is 200,000 values [load.yaml]",
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
    # -- limits: what one file may hold or unpack to --
    "file-too-large": Case(
        files={
            f"{PERIOD}/settings.yaml": _settings(file_megabytes=0.001),
            f"{PERIOD}/narrative/context.md": "Testshire is large. " * 100 + "\n",
        },
        expected=[
            "2015-16/narrative/context.md: error: the file is 2,001 bytes; the limit is 1,048 bytes (limits.file_megabytes in settings.yaml) [load.file]",
        ],
    ),
    "yaml-alias-long-text": Case(
        files={
            f"{PERIOD}/cdop.yaml": PERIOD_FILES["cdop.yaml"]
            + "note: &long "
            + "a" * 10_000
            + "\nnotes: ["
            + ", ".join(["*long"] * 2_100)
            + "]\n"
        },
        expected=[
            "2015-16/cdop.yaml:3:7: error: the file expands to more characters than this: each alias (*name) counts every time it is used; the limit is 20,000,000 characters [load.yaml]",
        ],
    ),
    "yaml-value-too-long": Case(
        files={f"{PERIOD}/cdop.yaml": PERIOD_FILES["cdop.yaml"] + "note: " + "a" * 2_000 + "\n"},
        limits={"value_characters": 1_000},
        expected=[
            "2015-16/cdop.yaml:3:7: error: this value is 2,000 characters long; the limit is 1,000 characters [load.yaml]",
        ],
    ),
    "xlsx-unpacks-too-large": Case(
        files={
            f"{PERIOD}/settings.yaml": _settings(unpacked_megabytes=0.05),
            f"{PERIOD}/training.yaml": TRAINING_FROM_XLSX,
            f"{PERIOD}/training.xlsx": _workbook(
                [_COURSES[0], *[[f"Course {i}", 20, 2] for i in range(600)]]
            ),
        },
        expected=[
            "2015-16/training.xlsx: error: the part xl/worksheets/sheet1.xml of this workbook unpacks to 81,699 bytes; the limit is 52,428 bytes (limits.unpacked_megabytes in settings.yaml) [load.table]",
        ],
    ),
    "xlsx-zip-bomb": Case(
        files={
            f"{PERIOD}/training.yaml": TRAINING_FROM_XLSX,
            f"{PERIOD}/training.xlsx": _rezipped(
                _workbook(_COURSES),
                {"xl/media/image1.bin": bytes(4 * 1024 * 1024)},
                frozenset({"xl/media/image1.bin"}),
            ),
        },
        expected=[
            "2015-16/training.xlsx: error: the part xl/media/image1.bin of this workbook unpacks to 1,028 times its packed size, as only a deliberately harmful file does; the limit is 100 times [load.table]",
        ],
    ),
    "xlsx-doctype-entities": Case(
        files={
            f"{PERIOD}/training.yaml": TRAINING_FROM_XLSX,
            f"{PERIOD}/training.xlsx": _sheet_with_prolog(
                '<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;">]>', "&lol2;"
            ),
        },
        expected=[
            "2015-16/training.xlsx: error: the part xl/worksheets/sheet1.xml of this workbook declares a document type (DTD), which can define entities or fetch other files; save the file again from Office [load.table]",
        ],
    ),
    "xlsx-external-entity": Case(
        files={
            f"{PERIOD}/training.yaml": TRAINING_FROM_XLSX,
            f"{PERIOD}/training.xlsx": _sheet_with_prolog(
                '<!DOCTYPE x [<!ENTITY secret SYSTEM "file:///etc/passwd">]>', "&secret;"
            ),
        },
        expected=[
            "2015-16/training.xlsx: error: the part xl/worksheets/sheet1.xml of this workbook declares a document type (DTD), which can define entities or fetch other files; save the file again from Office [load.table]",
        ],
    ),
    "template-doctype": Case(
        files={
            f"{PERIOD}/settings.yaml": "template: house.docx\n",
            "house.docx": _template_with_doctype(),
        },
        expected=[
            "house.docx: error: the part word/document.xml of this Word template declares a document type (DTD), which can define entities or fetch other files; save the file again from Office [load.template]",
        ],
    ),
    "xlsx-library-warning": Case(
        files={
            f"{PERIOD}/training.yaml": TRAINING_FROM_XLSX,
            f"{PERIOD}/training.xlsx": _rezipped(
                _workbook(_COURSES),
                {
                    "xl/workbook.xml": re.sub(
                        rb"</workbook>",
                        b'<definedNames><definedName name="Old" localSheetId="5">Courses!$A$1</definedName></definedNames></workbook>',
                        zipfile.ZipFile(io.BytesIO(_workbook(_COURSES))).read("xl/workbook.xml"),
                    )
                },
            ),
        },
        expected=[
            "2015-16/training.xlsx: warning: reading the workbook: Defined names for sheet index 5 cannot be located [load.table-warning]",
        ],
        exit_code=0,
    ),
    # -- limits: tables --
    "table-too-many-rows": Case(
        files={
            f"{PERIOD}/settings.yaml": _settings(table_rows=3),
            f"{PERIOD}/members.yaml": MEMBERS_FROM_CSV,
            f"{PERIOD}/members.csv": "role,attended,possible\n"
            + "".join(f"Member {i},4,4\n" for i in range(5)),
        },
        expected=[
            "2015-16/members.csv:5: error: the table has more rows than this; the limit is 3 rows (limits.table_rows in settings.yaml) [load.table]",
        ],
    ),
    "csv-line-of-separators": Case(
        files={
            f"{PERIOD}/settings.yaml": _settings(table_cells=1_000),
            f"{PERIOD}/members.yaml": MEMBERS_FROM_CSV,
            f"{PERIOD}/members.csv": "role,attended,possible\nIndependent chair,4,4\n" + "," * 5_000 + "\n",
        },
        expected=[
            "2015-16/members.csv:3: error: the table has more cells than this; the limit is 1,000 cells (limits.table_cells in settings.yaml) [load.table]",
        ],
    ),
    "csv-field-too-long": Case(
        files={
            f"{PERIOD}/members.yaml": MEMBERS_FROM_CSV,
            f"{PERIOD}/members.csv": "role,attended,possible\nIndependent chair,4,4\n"
            + "x" * 2_000
            + ",4,4\n",
        },
        limits={"value_characters": 1_000},
        expected=[
            "2015-16/members.csv:3: error: a field of the row starting on this line is longer than this; the limit is 1,000 characters [load.table]",
        ],
    ),
    # -- limits: pictures and Markdown --
    "picture-too-many-pixels": Case(
        files={
            f"{PERIOD}/settings.yaml": _settings(picture_megapixels=0.0001),
            f"{PERIOD}/images/chart.png": _png(20, 20),
            f"{PERIOD}/narrative/context.md": "Testshire in a picture:\n\n![A grey square](images/chart.png)\n",
        },
        expected=[
            "2015-16/narrative/context.md:3:1: error: the picture 'images/chart.png' has more pixels than this (20 by 20); the limit is 100 pixels (limits.picture_megapixels in settings.yaml) [build.narrative]",
        ],
    ),
    "markdown-nested-too-deep": Case(
        files={f"{PERIOD}/narrative/context.md": "Lists in lists:\n\n" + _nested(101, "level")},
        expected=[
            "2015-16/narrative/context.md:103:1: error: the lists and quotes here nest deeper than can be read; the limit is 100 levels [build.narrative]",
        ],
    ),
    "markdown-list-40-deep": Case(
        files={
            f"{PERIOD}/narrative/context.md": "Lists in lists:\n\n"
            + _nested(40, "level")
            + "\nAfter the list.\n"
        },
        expected=[
            "2015-16/narrative/context.md:12:1: warning: lists nest more than 9 deep here, deeper than a Word document shows; the deeper ones are shown at level 9 [narrative.nesting]",
        ],
        exit_code=0,
    ),
    "markdown-quotes-30-deep": Case(
        files={f"{PERIOD}/narrative/context.md": "> " * 30 + "A deep quote.\n\nAfter the quote.\n"},
        expected=[
            "2015-16/narrative/context.md:1:1: warning: quotes nest more than 5 deep here, deeper than the document shows; the deeper ones are shown at level 5 [narrative.nesting]",
        ],
        exit_code=0,
    ),
    "markdown-link-scheme": Case(
        files={
            f"{PERIOD}/narrative/context.md": "Testshire has ten districts.\n\nSee [the map](file:///etc/passwd)\nfor where they are.\n"
        },
        expected=[
            "2015-16/narrative/context.md:3:1: warning: the link to 'file:///etc/passwd' is not http, https or mailto, so it is shown as plain text [narrative.link-scheme]",
        ],
        exit_code=0,
    ),
    # -- limits: what narrative templates make --
    "template-ljust": Case(
        files={f"{PERIOD}/narrative/context.md": "Testshire.\n\n{{ 'a'.ljust(10**10) }}\n"},
        expected=[
            "2015-16/narrative/context.md:3:1: error: the narrative template makes too much: padding would make a string of 10,000,000,000 characters; the limit is 1,000,000 characters [build.narrative]",
        ],
    ),
    "template-format-width": Case(
        files={f"{PERIOD}/narrative/context.md": "Testshire.\n\n{{ '%0999999999d' | format(1) }}\n"},
        expected=[
            "2015-16/narrative/context.md:3:1: error: the narrative template makes too much: formatting would make a string of 999,999,999 characters; the limit is 1,000,000 characters [build.narrative]",
        ],
    ),
    "template-center": Case(
        files={f"{PERIOD}/narrative/context.md": "Testshire.\n{{ 'x' | center(3000000000) }}\n"},
        expected=[
            "2015-16/narrative/context.md:2:1: error: the narrative template makes too much: centring would make a string of 3,000,000,000 characters; the limit is 1,000,000 characters [build.narrative]",
        ],
    ),
    "template-doubling-loop": Case(
        files={
            f"{PERIOD}/narrative/context.md": "Testshire.\n\n{% set ns = namespace(text='ab') %}\n"
            "{% for i in range(64) %}{% set ns.text = ns.text ~ ns.text %}{% endfor %}\n{{ ns.text }}\n"
        },
        expected=[
            "2015-16/narrative/context.md:4:1: error: the narrative template makes too much: it makes a string of 1,048,576 characters; the limit is 1,000,000 characters [build.narrative]",
        ],
    ),
    "narrative-too-long": Case(
        files={
            f"{PERIOD}/settings.yaml": _settings(narrative_characters=1_000),
            f"{PERIOD}/narrative/context.md": "Testshire.\n\n{% for i in range(100) %}\nDistrict {{ i }} has a team.\n{% endfor %}\n",
        },
        expected=[
            "2015-16/narrative/context.md:4:1: error: the narrative template makes more than a piece of narrative may hold; the limit is 1,000 characters (limits.narrative_characters in settings.yaml) [build.narrative]",
        ],
    ),
    "narrative-endless-loop": Case(
        files={
            f"{PERIOD}/narrative/context.md": "Testshire.\n\n{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}\n"
        },
        limits={"seconds": 4},
        expected=[
            "2015-16/narrative/context.md:3:1: error: lscb took longer than 4 seconds and was stopped while working out this narrative template, which may have a loop that never ends (--timeout) [build.timeout]",
        ],
    ),
    "narrative-errors-all-at-once": Case(
        files={
            f"{PERIOD}/narrative/context.md": "Testshire has {{ area.districts | length }} districts.\n\n{{ cdop.reviews / 0 }}\n",
            f"{PERIOD}/narrative/foreword.md": "Local services are effective, and the board knows where they must improve.\n\n"
            "{{ board.nmae }}\n",
            f"{PERIOD}/narrative/summary.md": "{{ int('9' * 5000) }} and {{ 10 ** 4000 }}\n",
        },
        expected=[
            "2015-16/narrative/context.md:1:1: error: the narrative template uses something the data does not have: there is no 'districts': what comes before it is not given [build.narrative]",
            "2015-16/narrative/foreword.md:3:4: error: `board.nmae` is not in the data; did you mean `board.name`? [narrative.unknown-name]",
            "2015-16/narrative/summary.md:1:4: error: `int` is not a name the narrative can use; the names it can use are activities, approval, area, audits, authors, board, board_name, budget, cdop, child_death_review, compiled, earlier, edition, edition_notice, footer_title, forewords and 25 more [narrative.unknown-name]",
            "2015-16/narrative/summary.md:1:1: warning: no section reads narrative/summary.md; to make it a section of the board's own, declare it in sections/summary.yaml with a title and a place (see the README) [narrative.unknown-file]",
        ],
    ),
    # -- dates that cannot be right --
    "period-before-boards": Case(
        files={
            f"{PERIOD}/report.yaml": _replaced(
                "report.yaml", "start: 2015-04-01", "start: 2005-04-01"
            ).replace("end: 2016-03-31", "end: 2006-03-31")
        },
        expected=[
            "2015-16/report.yaml:2:3: warning: the folder 2015-16/ holds the report for April 2005 to March 2006; name it 2005-06/ so that periods sort in order [links.period-folder]",
            "2015-16/report.yaml:2:10: warning: the period starts on 2005-04-01, but safeguarding children boards began on 1 April 2006; check the year [dates.period-too-early]",
        ],
        exit_code=0,
    ),
    "period-ends-in-9999": Case(
        files={f"{PERIOD}/report.yaml": _replaced("report.yaml", "end: 2016-03-31", "end: 9999-12-31")},
        expected=[
            "2015-16/report.yaml:2:3: warning: the folder 2015-16/ holds the report for April 2015 to December 9999; name it 2015-04-to-9999-12/ so that periods sort in order [links.period-folder]",
            "2015-16/report.yaml:3:8: warning: the period ends on 9999-12-31, more than 2 years after the report is built; check the year [dates.period-too-late]",
            "2015-16/report.yaml:10:9: warning: the report is dated as approved in July 2016, before the year it covers ended [dates.approved-early]",
        ],
        exit_code=0,
    ),
    "period-before-established": Case(
        files={"board.yaml": BOARD_YAML + "established: 2019-09\n"},
        expected=[
            "2015-16/report.yaml:2:10: warning: the period starts on 2015-04-01, but the board was established in September 2019; check the year [dates.period-too-early]",
        ],
        exit_code=0,
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
    if case.limits:
        (folder / "limits.json").write_bytes((json.dumps(case.limits, sort_keys=True) + "\n").encode())
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
