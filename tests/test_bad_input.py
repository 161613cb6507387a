"""The bad input corpus: a board folder per mistake, and the exact words the author is shown.

Each folder of ``tests/bad_boards/`` is a complete board with one problem (or,
for the cases that must just work, none), ``expected.txt`` with what
``lscb check . --quiet`` prints inside it, and ``expected_exit.txt`` when the
exit status is not 1. ``tests/bad_boards/generate.py`` writes them all.

A few bombs are held to small test-only limits (``limits.json``: fields of
``Limits``, ``seconds`` given as ``--timeout``), so that they need neither
large files nor long waits. No finding may leak Python's internals: an
exception's class name, a traceback, a memory address.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import docx
import pytest
from click.testing import CliRunner

from lscb_core._base.limits import Limits, use_limits
from lscb_core._cli.main import main

BAD_BOARDS = Path(__file__).resolve().parent / "bad_boards"
GENERATOR = BAD_BOARDS / "generate.py"
CASES = sorted(p.name for p in BAD_BOARDS.iterdir() if (p / "expected.txt").is_file())

# Every line is "place: level: message [code]"; a finding without a place starts with its level.
_LINE = re.compile(
    r"(?P<where>\S+): (?P<level>error|warning|info): (?P<message>.+) \[(?P<code>[a-z0-9.-]+)\]"
)


def _expected(case: str) -> tuple[str, int]:
    folder = BAD_BOARDS / case
    exit_file = folder / "expected_exit.txt"
    exit_code = int(exit_file.read_text(encoding="utf-8")) if exit_file.is_file() else 1
    return (folder / "expected.txt").read_text(encoding="utf-8"), exit_code


_INTERNALS = re.compile(
    r"Traceback|\b[A-Z][A-Za-z]*(?:Error|Exception)\b|0x[0-9a-fA-F]{6,}|set_int_max_str_digits"
    r"| object'|<[a-z_.]+ object|lscb_core\."
)
"""What no message to an author may contain: Python's exception class names, tracebacks, memory addresses."""


def assert_in_authors_terms(text: str) -> None:
    leaked = _INTERNALS.search(text)
    assert leaked is None, f"a message shows Python's internals ({leaked.group(0)!r}): {text}"


@contextlib.contextmanager
def _case_limits(case: str) -> Iterator[list[str]]:
    """The case's test-only limits in force; yields the extra command-line arguments (``--timeout``)."""
    file = BAD_BOARDS / case / "limits.json"
    given: dict[str, float] = json.loads(file.read_text(encoding="utf-8")) if file.is_file() else {}
    args = ["--timeout", str(given.pop("seconds"))] if "seconds" in given else []
    with use_limits(Limits().evolve(**given)):
        yield args


def _tree(root: Path) -> dict[str, bytes | str]:
    """Every file under ``root`` by its relative path: its bytes, or a symlink's target."""
    out: dict[str, bytes | str] = {}
    for folder, dirs, files in os.walk(root):
        for name in dirs + files:
            path = Path(folder) / name
            relative = path.relative_to(root).as_posix()
            if path.is_symlink():
                out[relative] = f"-> {path.readlink()}"
            elif path.is_file():
                out[relative] = path.read_bytes()
    return out


def _built(case: str) -> bool:
    """Whether a case is built too: not when every finding is the load's (a build loads the same way
    and stops there), nor for a time limit (the build's is tested in test_bounds)."""
    expected, exit_code = _expected(case)
    if exit_code == 0:
        return True
    codes = re.findall(r"\[([a-z0-9.-]+)\]$", expected, re.MULTILINE)
    timed = (
        "seconds" in json.loads((BAD_BOARDS / case / "limits.json").read_text(encoding="utf-8"))
        if (BAD_BOARDS / case / "limits.json").is_file()
        else False
    )
    return not timed and not all(code.startswith("load.") for code in codes)


BUILT_CASES = [case for case in CASES if _built(case)]


def test_there_are_cases_that_fail_and_cases_that_just_work() -> None:
    exits = [_expected(case)[1] for case in CASES]
    assert exits.count(0) >= 3
    assert exits.count(1) >= 25


@pytest.mark.parametrize("case", CASES)
def test_check_says_exactly_what_is_expected(case: str, monkeypatch: pytest.MonkeyPatch) -> None:
    expected, exit_code = _expected(case)
    monkeypatch.chdir(BAD_BOARDS / case)

    with _case_limits(case) as args:
        result = CliRunner().invoke(main, ["check", ".", "--quiet", *args])

    assert_in_authors_terms(result.output)
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    assert result.stdout == expected
    assert result.exit_code == exit_code, result.output
    for line in result.stdout.splitlines():
        found = _LINE.fullmatch(line)
        assert found, f"not a located finding: {line}"
        assert found["where"] not in (".", "error", "warning", "info"), line


@pytest.mark.parametrize("case", BUILT_CASES)
def test_build_writes_a_report_or_nothing_at_all(
    case: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    expected, exit_code = _expected(case)
    monkeypatch.chdir(BAD_BOARDS / case)
    before = _tree(Path())
    output = tmp_path / "r.docx"

    with _case_limits(case) as args:
        result = CliRunner().invoke(main, ["build", ".", "-o", str(output), "--quiet", *args])

    assert_in_authors_terms(result.output)
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    if exit_code == 0:
        assert result.exit_code == 0, result.output
        text = "\n".join(p.text for p in docx.Document(str(output)).paragraphs)
        assert "Local services are effective" in text
        assert "\ufeff" not in text
        assert "\r" not in text
    else:
        assert result.exit_code == 1, result.output
        assert result.stderr.splitlines()[:-1] == expected.splitlines(), "findings go to standard error"
        assert list(tmp_path.iterdir()) == []
    assert _tree(Path()) == before, "the build changed the board folder"


def test_the_generator_writes_exactly_the_committed_cases(tmp_path: Path) -> None:
    subprocess.run([sys.executable, str(GENERATOR), str(tmp_path)], check=True, timeout=60)
    written = _tree(tmp_path)
    # What the generator writes, and every case folder (so that one it no longer writes is noticed);
    # not generate.py itself, nor ruff.toml or caches.
    tops = {name.split("/", 1)[0] for name in written} | set(CASES)
    committed = {
        name: content for name, content in _tree(BAD_BOARDS).items() if name.split("/", 1)[0] in tops
    }
    assert sorted(written) == sorted(committed)
    for name, content in written.items():
        assert content == committed[name], f"{name} differs from what generate.py writes"
