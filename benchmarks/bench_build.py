"""How long ``lscb build`` takes on Hertfordshire, against docxtpl alone rendering the same content.

Run with ``make bench`` (or ``.venv/bin/python benchmarks/bench_build.py``).
Both are timed as whole processes in the same run, taking turns, so the ratio
says what lscb adds (loading with locations, checks, plugins, Markdown, the
structure chart, validation and a deterministic package) on top of a bare
render. Page numbers are off: no LibreOffice work. lscb writes its default
output (``build/`` in a temporary working folder), so a repeated build finds
its structure chart in ``build/.cache``; the "cold" row empties that cache
before each run. Each process is measured by its CPU time (user and system,
its children included), which a busy machine hardly changes, and by
wall-clock time.

The CPU ratios are compared with those recorded in ``benchmarks/baseline.json``:
the benchmark fails (exit status 1) when one is more than 10% worse. After a
deliberate change, record the new figures with
``.venv/bin/python benchmarks/bench_build.py --record``.
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _content import plain_content
from _timing import ROOT, process_times, python, table, time_call

BOARD = ROOT / "examples" / "hertfordshire"
BASELINE = Path(__file__).with_name("baseline.json")
KEYS = ("single_build_cpu_ratio", "single_build_cold_cpu_ratio")
TOLERANCE = 1.10
"""How much worse than the recorded ratio the single build may get before the benchmark fails."""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=15, help="runs of each measurement (default 15)")
    parser.add_argument(
        "--record",
        action="store_true",
        help=f"write this run's CPU ratios to {BASELINE.name} as the new figures",
    )
    parser.add_argument("--no-warm", action="store_true", help="leave out the in-process comparison")
    args = parser.parse_args()

    from lscb_core._render.document import default_template

    lscb = str(Path(python()).with_name("lscb"))
    with tempfile.TemporaryDirectory() as work:
        folder = Path(work)
        content = folder / "content.json"
        content.write_text(json.dumps(plain_content(BOARD)), encoding="utf-8")
        bare = [
            python(),
            str(Path(__file__).with_name("bare_docxtpl.py")),
            str(content),
            str(default_template()),
            str(folder / "bare.docx"),
        ]
        build = [lscb, "build", str(BOARD), "-q", "--page-numbers", "off"]
        ratios = _compare(bare, build, folder, args.repeat)
        if not args.no_warm:
            print()
            _warm(content, folder, args.repeat)
    print()
    sys.exit(_judge(ratios, record=args.record))


def _compare(bare: list[str], build: list[str], folder: Path, repeat: int) -> tuple[float, float]:
    """Times the processes, taking turns; prints the tables and returns the median CPU ratios
    of a build (its chart cached) and of a cold build."""
    cache = folder / "build" / ".cache"
    process_times(bare, folder)  # warm the file system cache (and write byte code) once
    process_times(build, folder)
    runs: dict[str, list[tuple[float, float]]] = {"bare": [], "build": [], "cold": []}
    for _ in range(repeat):
        runs["bare"].append(process_times(bare, folder))
        runs["build"].append(process_times(build, folder))
        shutil.rmtree(cache, ignore_errors=True)
        runs["cold"].append(process_times(build, folder))
    names = {
        "bare": "bare docxtpl render of the same content (process)",
        "build": "lscb build examples/hertfordshire (process)",
        "cold": "lscb build, nothing cached (process)",
    }
    for title, index in (("wall-clock time", 0), ("CPU time (user + system, child processes included)", 1)):
        print(title)
        rows = [(names[k], [run[index] for run in runs[k]]) for k in names]
        print(table(rows, baseline=names["bare"]))
        print()
    bare_cpu = statistics.median(c for _, c in runs["bare"])
    return (
        statistics.median(c for _, c in runs["build"]) / bare_cpu,
        statistics.median(c for _, c in runs["cold"]) / bare_cpu,
    )


def _warm(content: Path, folder: Path, repeat: int) -> None:
    """The same comparison inside one process, imports done: what lscb costs as a library."""
    import importlib.util

    from lscb_core._build.build import build_report
    from lscb_core._hooks.manager import make_plugin_manager
    from lscb_core._render.document import default_template

    spec = importlib.util.spec_from_file_location("bare_docxtpl", Path(__file__).with_name("bare_docxtpl.py"))
    assert spec is not None
    assert spec.loader is not None
    bare_module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bare_module)
    argv = [str(content), str(default_template()), str(folder / "bare.docx")]
    pm = make_plugin_manager()
    build_report(BOARD, output=folder / "warm.docx", pm=pm)
    warm = [
        ("bare docxtpl render (in process, warm)", time_call(lambda: bare_module.render(*argv), repeat)),
        (
            "build_report (in process, warm)",
            time_call(lambda: build_report(BOARD, output=folder / "warm.docx", pm=pm), repeat),
        ),
    ]
    print(table(warm, baseline="bare docxtpl render (in process, warm)"))


def _judge(ratios: tuple[float, float], *, record: bool) -> int:
    """Prints the single-build ratios against the recorded ones; 1 when one is more than 10% worse."""
    measured = dict(zip(KEYS, ratios, strict=True))
    if record:
        BASELINE.write_text(
            json.dumps({k: round(v, 2) for k, v in measured.items()}, indent=2) + "\n", "utf-8"
        )
    recorded = json.loads(BASELINE.read_text(encoding="utf-8")) if BASELINE.exists() else {}
    worse = []
    for key, ratio in measured.items():
        label = "single build" if key == KEYS[0] else "single build, nothing cached"
        if key not in recorded:
            print(f"{label}: {ratio:.2f}x the bare render (CPU time); none recorded yet (--record)")
            continue
        limit = recorded[key] * TOLERANCE
        verdict = "ok" if ratio <= limit else "WORSE"
        print(
            f"{label}: {ratio:.2f}x the bare render (CPU time); recorded {recorded[key]:.2f}x, "
            f"limit {limit:.2f}x: {verdict}"
        )
        if ratio > limit:
            worse.append(label)
    if record:
        print(f"recorded in {BASELINE.name}")
    if worse:
        print(
            f"{' and '.join(worse)} got more than 10% slower than recorded; if that is deliberate, "
            "record it with: .venv/bin/python benchmarks/bench_build.py --record",
            file=sys.stderr,
        )
        return 1
    return 0


if __name__ == "__main__":
    main()
