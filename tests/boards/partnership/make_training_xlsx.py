"""Write 2020-07-to-2021-06/training.xlsx, the training workbook of the fictional Northvale partnership.

The workbook is kept in the test board folder so that the loader's reading of
.xlsx sheets (with ``sheet`` and ``columns``) is exercised; this script is how
it was made. Run it from anywhere after changing the figures below::

    .venv/bin/python tests/boards/partnership/make_training_xlsx.py

The two tables count the same 1,174 attendances, once by course and once by
agency; training.yaml states both totals and priorities.yaml quotes two of the
courses, so keep all three in step. (openpyxl stamps the time of saving into
the workbook, so each run gives different bytes with the same content.)
"""

from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Font

COURSES: list[tuple[str, int, int]] = [
    # Course, times run, attendees
    ("Working together to safeguard children: an introduction", 12, 284),
    ("Graded Care Profile 2", 14, 236),
    ("Child exploitation: recognising and responding", 8, 167),
    ("Designated safeguarding lead refresher", 5, 142),
    ("Domestic abuse and its impact on children", 6, 131),
    ("Safer sleep for babies", 6, 118),
    ("Learning from reviews: seven-minute briefings", 4, 96),
]

AGENCIES: list[tuple[str, int]] = [
    ("Northvale Council children's services", 298),
    ("Schools and colleges", 276),
    ("Health (hospital, community health and GPs)", 254),
    ("Northvale Constabulary", 118),
    ("Early years and childcare providers", 97),
    ("Voluntary and community sector", 83),
    ("Probation and youth justice", 29),
    ("Fire and rescue", 19),
]

TARGET = Path(__file__).parent / "2020-07-to-2021-06" / "training.xlsx"


def main() -> None:
    assert sum(a for _, _, a in COURSES) == sum(a for _, a in AGENCIES), "the two tables must agree"
    book = Workbook()
    courses = book.active
    assert courses is not None
    courses.title = "Courses"
    courses.append(["Course", "Times run", "Attendees"])
    for row in COURSES:
        courses.append(list(row))
    agencies = book.create_sheet("By agency")
    agencies.append(["Agency", "People trained"])
    for row in AGENCIES:
        agencies.append(list(row))
    for sheet in (courses, agencies):
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        sheet.column_dimensions["A"].width = 55
    book.save(TARGET)


if __name__ == "__main__":
    main()
