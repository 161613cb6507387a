"""What a numbered contents page and a tagged PDF cost, against one plain LibreOffice conversion.

Run with ``make bench`` (or ``.venv/bin/python benchmarks/bench_pdf.py``); needs
LibreOffice and python3-uno. Measured in the same run, as whole processes:

- the baseline: ``soffice --convert-to pdf`` of the finished Hertfordshire
  document, with a fresh private profile, as lscb's command line used to run it;
- ``lscb build --to docx,pdf --page-numbers on``: the whole build, LibreOffice
  started while the report is composed, one LibreOffice pass for the page
  numbers and the PDF (the target: at most 1.5 times the baseline);
- a batch of boards with PDFs through one shared LibreOffice, against the
  baseline once per board.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _timing import ROOT, python, table, time_call, time_process

BOARDS = [ROOT / "examples" / "hertfordshire", ROOT / "tests" / "boards" / "partnership"]
TARGET = 1.5


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3, help="runs of each measurement (default 3)")
    parser.add_argument("--batch", type=int, default=4, help="boards in the batch (default 4)")
    args = parser.parse_args()

    from lscb_core._render.office import office_available
    from lscb_core._render.pdf import find_soffice

    soffice = find_soffice()
    if soffice is None or not office_available():
        print("LibreOffice or python3-uno is not installed: nothing to measure")
        return
    lscb = str(Path(python()).with_name("lscb"))
    with tempfile.TemporaryDirectory() as work:
        folder = Path(work)
        finished = folder / "finished.docx"
        subprocess.run(
            [lscb, "build", str(BOARDS[0]), "-q", "-o", str(finished), "--page-numbers", "on"],
            check=True,
            stderr=subprocess.DEVNULL,
        )

        def plain(source: Path, out: Path) -> list[str]:
            profile = out / "profile"
            return [
                soffice,
                f"-env:UserInstallation={profile.as_uri()}",
                "--headless",
                "--norestore",
                "--convert-to",
                "pdf",
                "--outdir",
                str(out),
                str(source),
            ]

        def fresh(source: Path) -> None:
            out = Path(tempfile.mkdtemp(dir=folder))
            subprocess.run(plain(source, out), check=False, capture_output=True)
            shutil.rmtree(out, ignore_errors=True)

        baseline = "soffice --convert-to pdf of the finished document (process)"
        rows = [
            (baseline, time_call(lambda: fresh(finished), args.repeat)),
            (
                "lscb build --to docx,pdf --page-numbers on (process)",
                time_process(
                    [
                        lscb,
                        "build",
                        str(BOARDS[0]),
                        "-q",
                        "--to",
                        "docx,pdf",
                        "--page-numbers",
                        "on",
                        "-o",
                        str(folder / "one"),
                    ],
                    args.repeat,
                ),
            ),
            (
                "lscb build --to docx (no LibreOffice, process)",
                time_process(
                    [
                        lscb,
                        "build",
                        str(BOARDS[0]),
                        "-q",
                        "--page-numbers",
                        "off",
                        "-o",
                        str(folder / "plain.docx"),
                    ],
                    args.repeat,
                ),
            ),
        ]
        print(table(rows, baseline=baseline))
        ratio = statistics.median(rows[1][1]) / statistics.median(rows[0][1])
        print(f"--to docx,pdf against one plain conversion: {ratio:.2f}x (target at most {TARGET}x)")
        print()

        boards = [BOARDS[i % len(BOARDS)] for i in range(args.batch)]
        copies = []
        for i, board in enumerate(boards):
            copy = folder / f"board{i}"
            shutil.copytree(board, copy)
            copies.append(copy)
        finished_each = []
        for i, board in enumerate(copies):
            target = folder / f"finished{i}.docx"
            subprocess.run(
                [lscb, "build", str(board), "-q", "-o", str(target)], check=True, stderr=subprocess.DEVNULL
            )
            finished_each.append(target)
        batch_rows = [
            (
                f"{len(boards)} plain conversions, one LibreOffice each",
                time_call(lambda: [fresh(f) for f in finished_each], 1),
            ),
            (
                f"lscb build of {len(boards)} boards --to docx,pdf -j 2, one LibreOffice",
                time_process(
                    [
                        lscb,
                        "build",
                        *map(str, copies),
                        "-q",
                        "-j",
                        "2",
                        "--to",
                        "docx,pdf",
                        "--page-numbers",
                        "on",
                    ],
                    1,
                    cwd=folder,
                ),
            ),
        ]
        print(table(batch_rows, baseline=batch_rows[0][0]))


if __name__ == "__main__":
    main()
