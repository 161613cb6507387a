"""What charts cost: a build with ten Word charts against the same board with charts turned off.

Run with ``make bench`` (or ``.venv/bin/python benchmarks/bench_charts.py``).
The board is the partnership test board: its four built-in charts (child
deaths by category and by age, budget against spend, training by agency) and
six more that a small plugin adds, each a five-year series beside its table,
as trends over the years will be. The same board with ``charts: false`` in
its settings is the baseline: the same tables, no charts. Both are measured as
whole processes (python-pptx is imported only by a build with charts) and in
one process, warm; in wall-clock time, and in processor time, which other work
on a shared machine disturbs less.

Target: ten charts cost at most 1.25 times the build without them.
"""

from __future__ import annotations

import argparse
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import zipfile
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _timing import ROOT, python, table, time_call, time_process

BOARD = ROOT / "tests" / "boards" / "partnership"
TARGET = 1.25
YEARS = ("2016-17", "2017-18", "2018-19", "2019-20", "2020-21")
TRENDS = (
    ("Child death reviews completed", "Reviews", (24, 29, 27, 33, 31)),
    ("Referrals to children's social care", "Referrals", (4210, 4385, 4102, 3977, 4450)),
    ("Children subject to a child protection plan", "Children", (312, 298, 341, 356, 330)),
    ("Multi-agency training places taken up", "Attendees", (1180, 1245, 1302, 860, 1410)),
    ("Case reviews commissioned", "Reviews", (2, 3, 1, 2, 3)),
    ("Partner contributions", "Amount (£)", (301000, 305500, 309000, 312500, 318000)),
)


class TrendCharts:
    """Adds six five-year trend charts, each with its table, at the end of the CDOP section."""

    from lscb_core.plugin import hookimpl

    @hookimpl
    def lscb_slot_content(self, slot: str, context: Any) -> list[Any] | None:
        from lscb_core._base.blocks import Chart
        from lscb_core._base.charts import ChartKind, ChartSpec, ChartUnit, Series
        from lscb_core.plugin import number_column, table, text_column

        if slot != "cdop.end":
            return None
        blocks: list[Any] = []
        for title, measure, values in TRENDS:
            unit = ChartUnit.MONEY if measure.startswith("Amount") else ChartUnit.COUNT
            if context.loaded.settings.charts:
                spec = ChartSpec(
                    kind=ChartKind.LINE,
                    title=f"{title}, five years",
                    category_title="Year",
                    value_title=measure,
                    categories=YEARS,
                    series=[Series(title, values)],
                    unit=unit,
                    over_time=True,
                )
                blocks.append(Chart(spec))
            shown = [f"£{v:,}" if unit is ChartUnit.MONEY else f"{v:,}" for v in values]
            blocks.append(
                table(
                    [text_column("Year"), number_column(measure)],
                    list(zip(YEARS, shown, strict=True)),
                    caption=f"{title}, five years",
                )
            )
        return blocks


def _boards(work: Path) -> tuple[Path, Path]:
    with_charts = work / "with-charts"
    without = work / "without-charts"
    shutil.copytree(BOARD, with_charts)
    shutil.copytree(BOARD, without)
    for period in without.iterdir():
        if period.is_dir():
            (period / "settings.yaml").write_text("charts: false\n", encoding="utf-8")
    return with_charts, without


def _build(board: Path, out: Path, pm: Any = None) -> None:
    from lscb_core._build.build import build_report
    from lscb_core._hooks.manager import make_plugin_manager

    if pm is None:
        pm = make_plugin_manager()
        pm.register(TrendCharts(), name="bench-trend-charts")
    result = build_report(board, output=out, pm=pm)
    if not result.ok:
        raise SystemExit("\n".join(str(f) for f in result.errors))


def _cpu_process(argv: Sequence[str], repeat: int) -> list[float]:
    """Processor seconds (user and system) of a whole process, start-up included."""

    def used() -> float:
        usage = resource.getrusage(resource.RUSAGE_CHILDREN)
        return usage.ru_utime + usage.ru_stime

    times = []
    subprocess.run(list(argv), check=True, stdout=subprocess.DEVNULL)
    for _ in range(repeat):
        before = used()
        subprocess.run(list(argv), check=True, stdout=subprocess.DEVNULL)
        times.append(used() - before)
    return times


def _cpu_call(fn: Callable[[], object], repeat: int) -> list[float]:
    times = []
    for _ in range(repeat):
        start = time.process_time()
        fn()
        times.append(time.process_time() - start)
    return times


def _charts_in(path: Path) -> int:
    with zipfile.ZipFile(path) as package:
        return sum(1 for name in package.namelist() if name.startswith("word/charts/chart"))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=7, help="runs of each measurement (default 7)")
    parser.add_argument("--one", nargs=2, metavar=("BOARD", "OUT"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        _build(Path(args.one[0]), Path(args.one[1]))
        return

    from lscb_core._hooks.manager import make_plugin_manager

    with tempfile.TemporaryDirectory() as work:
        folder = Path(work)
        with_charts, without = _boards(folder)
        charted, plain = folder / "charts.docx", folder / "plain.docx"
        _build(with_charts, charted)
        _build(without, plain)
        print(f"charts in the document: {_charts_in(charted)} with charts, {_charts_in(plain)} without")
        here = str(Path(__file__).resolve())
        runs = {
            "charts off": [python(), here, "--one", str(without), str(plain)],
            "ten charts": [python(), here, "--one", str(with_charts), str(charted)],
        }
        pm = make_plugin_manager()
        pm.register(TrendCharts(), name="bench-trend-charts")
        calls = {
            "charts off": lambda: _build(without, plain, pm),
            "ten charts": lambda: _build(with_charts, charted, pm),
        }
        measured = {
            "process, wall clock": {k: time_process(v, args.repeat) for k, v in runs.items()},
            "process, processor time": {k: _cpu_process(v, args.repeat) for k, v in runs.items()},
            "in process, warm, wall clock": {k: time_call(v, args.repeat) for k, v in calls.items()},
            "in process, warm, processor time": {k: _cpu_call(v, args.repeat) for k, v in calls.items()},
        }
        for label, rows in measured.items():
            named = [(f"build, {k} ({label})", v) for k, v in rows.items()]
            print(table(named, baseline=named[0][0]))
            print()
        for label, rows in measured.items():
            ratio = statistics.median(rows["ten charts"]) / statistics.median(rows["charts off"])
            verdict = "within" if ratio <= TARGET else "OVER"
            print(f"ten charts / no charts ({label}): {ratio:.2f}x, {verdict} the {TARGET}x target")


if __name__ == "__main__":
    main()
