"""Scale: a single build, a batch of 150 boards, a 10,000-row table and peak memory, against bare docxtpl.

Run with ``make bench`` (or ``.venv/bin/python benchmarks/bench_scale.py``).
Everything is measured in one run, as whole processes, so that the ratios
compare like with like on the same machine at the same moment:

- single: ``lscb build`` on Hertfordshire against a bare script that renders
  the same content into the same template with docxtpl alone;
- batch: ``lscb build -j2`` on 150 synthetic boards against the bare script
  run once per board, two at a time;
- large table: a board whose training table has 10,000 rows, and the same at
  1,000 rows (the ratio should be at most 10: growth no faster than linear);
- memory: the peak resident memory of one ``lscb build`` process tree.

Targets, as ratios in this run: single at most 1.5x, batch at most 1.25x,
10,000 rows under 5 seconds, peak memory under 200 MB.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

# The synthetic boards' generator is in tests/.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from _content import plain_content
from _timing import ROOT, python, table, time_process

HERTFORDSHIRE = ROOT / "examples" / "hertfordshire"
BARE = str(Path(__file__).with_name("bare_docxtpl.py"))


def _run(argv: list[str]) -> None:
    subprocess.run(argv, cwd=ROOT, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def _batch_bare(contents: list[Path], template: str, out: Path, workers: int) -> float:
    start = time.perf_counter()
    with ThreadPoolExecutor(workers) as pool:
        list(
            pool.map(
                lambda c: _run([python(), BARE, str(c), template, str(out / f"{c.stem}.docx")]), contents
            )
        )
    return time.perf_counter() - start


def _peak_memory_mb(argv: list[str]) -> float:
    """Peak resident memory of a command and its children, measured in a fresh process."""
    probe = (
        "import resource, subprocess, sys; "
        f"subprocess.run({argv!r}, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL); "
        "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)"
    )
    done = subprocess.run([python(), "-c", probe], cwd=ROOT, check=True, capture_output=True, text=True)
    return int(done.stdout.strip()) / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=7, help="runs of each single measurement (default 7)")
    parser.add_argument("--boards", type=int, default=150, help="boards in the batch (default 150)")
    args = parser.parse_args()

    from tests.synthetic import write_synthetic_boards

    from lscb_core._render.document import default_template

    template = str(default_template())
    lscb = str(Path(python()).with_name("lscb"))
    with tempfile.TemporaryDirectory() as work:
        folder = Path(work)
        herts = folder / "herts.json"
        herts.write_text(json.dumps(plain_content(HERTFORDSHIRE)), encoding="utf-8")

        single = [
            (
                "bare docxtpl, Hertfordshire content (process)",
                time_process([python(), BARE, str(herts), template, str(folder / "bare.docx")], args.repeat),
            ),
            (
                "lscb build Hertfordshire (process)",
                time_process(
                    [lscb, "build", str(HERTFORDSHIRE), "-q", "-o", str(folder / "h.docx")], args.repeat
                ),
            ),
        ]
        print(table(single, baseline=single[0][0]))
        print()

        boards = write_synthetic_boards(folder / "boards", args.boards)
        contents = []
        for board in boards:
            path = folder / "content" / f"{board.name}.json"
            path.parent.mkdir(exist_ok=True)
            path.write_text(json.dumps(plain_content(board)), encoding="utf-8")
            contents.append(path)
        (folder / "bare-out").mkdir()
        bare_batch = _batch_bare(contents, template, folder / "bare-out", 2)
        start = time.perf_counter()
        subprocess.run(
            [lscb, "build", *map(str, boards), "-j", "2", "-q"],
            cwd=folder,
            check=True,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        lscb_batch = time.perf_counter() - start
        print(
            table(
                [
                    (f"bare docxtpl, {args.boards} boards, 2 at a time", [bare_batch]),
                    (f"lscb build -j2, {args.boards} boards", [lscb_batch]),
                ],
                baseline=f"bare docxtpl, {args.boards} boards, 2 at a time",
            )
        )
        print()

        large = []
        for rows in (1000, 10000):
            (board,) = write_synthetic_boards(folder / f"rows-{rows}", 1, courses=rows)
            large.append(
                (
                    f"lscb build, {rows:,}-row training table (process)",
                    time_process(
                        [
                            lscb,
                            "build",
                            str(board),
                            "-q",
                            "-o",
                            str(folder / f"rows-{rows}.docx"),
                            "--timeout",
                            "120",
                        ],
                        max(3, args.repeat // 2),
                    ),
                )
            )
        print(table(large, baseline=large[0][0]))
        growth = statistics.median(large[1][1]) / statistics.median(large[0][1])
        print(f"10x the rows takes {growth:.2f}x the time (linear growth or better: at most 10x)")
        print()

        memory = _peak_memory_mb([lscb, "build", str(HERTFORDSHIRE), "-q", "-o", str(folder / "m.docx")])
        memory_large = _peak_memory_mb(
            [lscb, "build", str(folder / "rows-10000" / "board-0000"), "-q", "-o", str(folder / "m2.docx")]
        )
        print(
            f"peak memory of one build: Hertfordshire {memory:.0f} MB; 10,000-row board {memory_large:.0f} MB (target under 200 MB)"
        )


if __name__ == "__main__":
    main()
