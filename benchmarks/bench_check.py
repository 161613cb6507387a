"""How long ``lscb check`` takes on the Hertfordshire board folder.

Run with ``make bench`` (or ``.venv/bin/python benchmarks/bench_check.py``).
The baseline is a bare process that only parses the same YAML files, so the
ratio says what locations, typing and checks cost on top of reading.
Absolute figures are for orientation; compare ratios between machines.
"""

from __future__ import annotations

import argparse
import statistics
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _timing import ROOT, python, table, time_call, time_process

BOARD = ROOT / "examples" / "hertfordshire"

BARE_PARSE = """
import pathlib, sys
import yaml
for path in sorted(pathlib.Path(sys.argv[1]).rglob("*.yaml")):
    yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=15, help="runs of each measurement (default 15)")
    args = parser.parse_args()

    from lscb_core._build.check import check_board
    from lscb_core._hooks.manager import make_plugin_manager

    lscb = str(Path(python()).with_name("lscb"))
    rows = [
        (
            "bare process: parse the YAML files",
            time_process([python(), "-c", BARE_PARSE, str(BOARD)], args.repeat),
        ),
        (
            "lscb check examples/hertfordshire (process)",
            time_process([lscb, "check", str(BOARD)], args.repeat),
        ),
    ]
    pm = make_plugin_manager()
    first = time_call(lambda: check_board(BOARD, pm=pm), 1)
    rows.append(("check_board, first call in a process", first))
    rows.append(
        ("check_board, warm (library use)", time_call(lambda: check_board(BOARD, pm=pm), args.repeat))
    )
    print(table(rows, baseline="bare process: parse the YAML files"))
    whole = statistics.median(rows[1][1])
    verdict = "within" if whole < 1.0 else "OVER"
    print(
        f"lscb check of the example, narrative worked out in its bounded worker: {whole:.2f} s ({verdict} the target of 1 s)"
    )


if __name__ == "__main__":
    main()
