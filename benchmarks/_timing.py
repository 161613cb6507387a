"""Timing helpers shared by the benchmark scripts: medians of repeated runs, and a printed table."""

from __future__ import annotations

import os
import resource
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def time_call(fn: Callable[[], object], repeat: int) -> list[float]:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return times


def time_process(argv: Sequence[str], repeat: int, cwd: Path = ROOT) -> list[float]:
    """Wall-clock seconds of a whole process, start-up included."""

    def run() -> None:
        subprocess.run(list(argv), cwd=cwd, check=False, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

    run()  # warm the file system cache once
    return time_call(run, repeat)


def process_times(argv: Sequence[str], cwd: Path = ROOT) -> tuple[float, float]:
    """One run of a whole process: its wall-clock seconds, and the CPU seconds (user and system) of it
    and every process it started. CPU time hardly changes with the load on the machine; wall time does."""
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)  # compiled byte code, as an installed lscb has
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(
        list(argv), cwd=cwd, env=env, check=False, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


def python() -> str:
    return sys.executable


def table(rows: Sequence[tuple[str, list[float]]], baseline: str) -> str:
    """Medians and their ratio to the baseline row, measured in the same run."""
    medians = {name: statistics.median(times) for name, times in rows}
    base = medians[baseline]
    width = max(len(name) for name, _ in rows)
    lines = [f"{'measurement'.ljust(width)}  {'median':>10}  {'min':>10}  {'runs':>4}  {'ratio':>6}"]
    for name, times in rows:
        ratio = medians[name] / base if base else float("nan")
        lines.append(
            f"{name.ljust(width)}  {medians[name] * 1000:>8.1f}ms  {min(times) * 1000:>8.1f}ms  {len(times):>4}  {ratio:>5.2f}x"
        )
    return "\n".join(lines)
