"""The bad input corpus: a board folder per mistake, and the exact words the author is shown.

Each folder of ``tests/bad_boards/`` is a complete board with one problem (or,
for the cases that must just work, none), ``expected.txt`` with what
``lscb check . --quiet`` prints inside it, and ``expected_exit.txt`` when the
exit status is not 1. ``tests/bad_boards/generate.py`` writes them all.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import docx
import pytest
from click.testing import CliRunner

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


def test_there_are_cases_that_fail_and_cases_that_just_work() -> None:
    exits = [_expected(case)[1] for case in CASES]
    assert exits.count(0) >= 3
    assert exits.count(1) >= 25


@pytest.mark.parametrize("case", CASES)
def test_check_says_exactly_what_is_expected(case: str, monkeypatch: pytest.MonkeyPatch) -> None:
    expected, exit_code = _expected(case)
    monkeypatch.chdir(BAD_BOARDS / case)

    result = CliRunner().invoke(main, ["check", ".", "--quiet"])

    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    assert result.stdout == expected
    assert result.exit_code == exit_code, result.output
    for line in result.stdout.splitlines():
        found = _LINE.fullmatch(line)
        assert found, f"not a located finding: {line}"
        assert found["where"] not in (".", "error", "warning", "info"), line


@pytest.mark.parametrize("case", CASES)
def test_build_writes_a_report_or_nothing_at_all(
    case: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    expected, exit_code = _expected(case)
    monkeypatch.chdir(BAD_BOARDS / case)
    before = _tree(Path())
    output = tmp_path / "r.docx"

    result = CliRunner().invoke(main, ["build", ".", "-o", str(output), "--quiet"])

    assert "Traceback" not in result.output
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
