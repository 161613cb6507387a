"""Bombs: the time and peak memory of ``lscb check`` on each hostile board, against the limit that stops it.

Run with ``make bench`` (or ``.venv/bin/python benchmarks/bench_bombs.py``).
Each bomb is a board folder built from the minimal valid board with one
hostile file, at full size and under the default limits (the tests use small
test-only limits instead): a YAML alias bomb and an anchored text used
thousands of times, a CSV line of ten million commas, a zip bomb and a
"billion laughs" inside a workbook, template strings that would take
gigabytes, Markdown nested a thousand deep, a narrative that fills the memory
(under a 512 MB ceiling) and one that never ends (under a 5 second limit).

Each row gives the limit that stops the bomb, the wall-clock seconds of the
whole ``lscb check`` process and its peak resident memory (with its worker),
and says whether the check refused it at its place. Targets: each bomb is
refused in a few seconds (the endless loop at its limit), and none goes above
the memory ceiling.
"""

from __future__ import annotations

import argparse
import io
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from _timing import ROOT, python
from tests.bad_boards.generate import (
    _COURSES,
    MEMBERS_FROM_CSV,
    TRAINING_FROM_XLSX,
    Case,
    _rezipped,
    _sheet_with_prolog,
    _workbook,
    write_case,
)

PERIOD = "2015-16"


def _narrative(text: str) -> dict[str, str | bytes | None]:
    return {f"{PERIOD}/narrative/context.md": f"Testshire.\n\n{text}\n"}


def _bombs() -> list[tuple[str, str, dict[str, str | bytes | None], list[str]]]:
    """Each bomb: its name, the limit that stops it, the files of its board, and extra arguments."""
    billion = "\n".join(
        ["a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
        + [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 10)}]" for i in range(1, 10)]
    )
    anchored = "note: &long " + "a" * 100_000 + "\nnotes: [" + ", ".join(["*long"] * 5_000) + "]\n"
    laughs = '<!DOCTYPE l [<!ENTITY l "lol">' + "".join(
        f'<!ENTITY l{i} "{"&l;" * 10 if i == 0 else f"&l{i - 1};" * 10}">' for i in range(9)
    )
    return [
        ("YAML alias bomb (10^10 values)", "yaml_values", {f"{PERIOD}/cdop.yaml": billion + "\n"}, []),
        ("anchored text used 5,000 times", "yaml_characters", {f"{PERIOD}/cdop.yaml": anchored}, []),
        (
            "CSV line of 10,000,000 commas",
            "table_cells",
            {
                f"{PERIOD}/members.yaml": MEMBERS_FROM_CSV,
                f"{PERIOD}/members.csv": "role,attended,possible\n" + "," * 10_000_000 + "\n",
            },
            [],
        ),
        (
            "workbook part unpacking to 1 GB",
            "unpacked_bytes",
            {
                f"{PERIOD}/training.yaml": TRAINING_FROM_XLSX,
                f"{PERIOD}/training.xlsx": _zip_bomb(),
            },
            [],
        ),
        (
            "billion laughs in a worksheet",
            "(no DTD)",
            {
                f"{PERIOD}/training.yaml": TRAINING_FROM_XLSX,
                f"{PERIOD}/training.xlsx": _sheet_with_prolog(laughs + "]>", "&l8;"),
            },
            [],
        ),
        ("'a'.ljust(10**10)", "template_characters", _narrative("{{ 'a'.ljust(10**10) }}"), []),
        (
            "'%0999999999d' | format(1)",
            "template_characters",
            _narrative("{{ '%0999999999d' | format(1) }}"),
            [],
        ),
        ("center(3000000000)", "template_characters", _narrative("{{ 'x' | center(3000000000) }}"), []),
        (
            "a string doubled 64 times",
            "template_characters",
            _narrative(
                "{% set ns = namespace(s='ab') %}{% for i in range(64) %}{% set ns.s = ns.s ~ ns.s %}{% endfor %}"
            ),
            [],
        ),
        (
            "Markdown list nested 1,000 deep",
            "markdown_depth",
            _narrative("".join("  " * i + f"- item {i}\n" for i in range(1_000))),
            [],
        ),
        (
            "a list of strings filling the memory",
            "memory_bytes (512 MB)",
            _narrative(
                "{% set l = [] %}{% for i in range(100000) %}{% set _ = l.append('x' * 900000) %}{% endfor %}"
            ),
            ["--memory", "512"],
        ),
        (
            "a narrative loop that never ends",
            "seconds (5 s)",
            _narrative("{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}"),
            ["--timeout", "5"],
        ),
    ]


def _zip_bomb() -> bytes:
    """The minimal workbook with a part of 1 GB of zeros, packed about a thousand times smaller."""
    packer = zipfile.ZipInfo("xl/media/image1.bin", date_time=(2016, 4, 1, 9, 0, 0))
    packer.compress_type = zipfile.ZIP_DEFLATED
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(_rezipped(_workbook(_COURSES), {}))) as source,
        zipfile.ZipFile(out, "w") as target,
    ):
        for info in source.infolist():
            target.writestr(info, source.read(info))
        with target.open(packer, "w", force_zip64=True) as part:
            block = bytes(16 * 1024 * 1024)
            for _ in range(64):
                part.write(block)
    return out.getvalue()


def _measure(argv: list[str]) -> tuple[float, float, str]:
    """Seconds, peak resident memory (MB, the process and its worker) and the first line it printed."""
    probe = (
        "import resource, subprocess, sys, time; "
        "start = time.perf_counter(); "
        f"done = subprocess.run({argv!r}, capture_output=True, text=True); "
        "seconds = time.perf_counter() - start; "
        "peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss; "
        "first = (done.stdout.splitlines() or [''])[0]; "
        "print(seconds); print(peak); print(first)"
    )
    done = subprocess.run([python(), "-c", probe], cwd=ROOT, check=True, capture_output=True, text=True)
    seconds, peak, first = [*done.stdout.split("\n", 2), "", ""][:3]
    return float(seconds), int(peak) / 1024, first.strip()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.parse_args()
    lscb = str(Path(python()).with_name("lscb"))
    rows = []
    with tempfile.TemporaryDirectory() as work:
        for name, limit, files, extra in _bombs():
            folder = Path(work) / f"bomb-{len(rows)}"
            folder.mkdir()
            write_case(folder, Case(expected=[], files=files))
            seconds, peak, first = _measure([lscb, "check", str(folder), "-q", *extra])
            refused = "error:" in first and any(
                w in first for w in ("the limit is", "DTD", "--timeout", "--memory")
            )
            rows.append((name, limit, seconds, peak, "yes" if refused else f"NO: {first[:60]}"))
    width = max(len(r[0]) for r in rows)
    limit_width = max(len(r[1]) for r in rows)
    print(
        f"{'bomb'.ljust(width)}  {'stopped by'.ljust(limit_width)}  {'seconds':>8}  {'peak MB':>8}  refused at its place"
    )
    for name, limit, seconds, peak, refused in rows:
        print(f"{name.ljust(width)}  {limit.ljust(limit_width)}  {seconds:>8.2f}  {peak:>8.0f}  {refused}")
    ceiling = 2048
    worst = max(r[3] for r in rows)
    print(f"highest peak memory {worst:.0f} MB (the worker's ceiling is {ceiling:,} MB, --memory)")


if __name__ == "__main__":
    main()
