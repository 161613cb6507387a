"""``lscb plugin new``: the generated plugin installs, its own tests pass, and it shows in lscb."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest
from click.testing import CliRunner

from lscb_core._cli.main import main
from lscb_core.testing import board_folder


def _environment(tmp_path: Path) -> Path:
    """A virtual environment that sees this one's packages (no downloads, no build isolation)."""
    env = tmp_path / "env"
    subprocess.run(
        [sys.executable, "-m", "venv", "--system-site-packages", "--without-pip", str(env)], check=True
    )
    purelib = Path(sysconfig.get_paths()["purelib"])
    (site,) = env.glob("lib/python3*/site-packages")
    # addsitedir, not a bare path, so this environment's own .pth files (editable installs) are honoured.
    (site / "lscb-parent.pth").write_text(
        f"import site; site.addsitedir({str(purelib)!r})\n", encoding="utf-8"
    )
    return env / "bin" / "python"


@pytest.mark.slow
def test_a_generated_plugin_installs_and_its_tests_pass(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        main,
        [
            "plugin",
            "new",
            "lado-referrals",
            "--title",
            "LADO referrals",
            "--abbreviation",
            "LADO",
            "-o",
            str(tmp_path),
        ],
    )
    assert result.exit_code == 0, result.output
    plugin = tmp_path / "lscb-lado-referrals"
    python = _environment(tmp_path)
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("PYTEST", "COV_"))}
    subprocess.run(
        [
            str(python),
            "-m",
            "pip",
            "install",
            "-q",
            "--no-build-isolation",
            "--no-deps",
            "--no-index",
            str(plugin),
        ],
        check=True,
        env=clean,
    )
    tests = subprocess.run(
        [str(python), "-m", "pytest", "-q", "-p", "no:cacheprovider"],
        cwd=plugin,
        capture_output=True,
        text=True,
        env=clean,
    )
    assert tests.returncode == 0, tests.stdout + tests.stderr
    assert "5 passed" in tests.stdout

    listed = subprocess.run(
        [str(python), "-m", "lscb_core", "plugins"], capture_output=True, text=True, env=clean
    )
    assert listed.returncode == 0, listed.stderr
    assert "lado-referrals" in listed.stdout

    board = board_folder(tmp_path / "board")
    period = next(p for p in board.iterdir() if p.is_dir())
    shutil.copytree(plugin / "example" / "plugins", period / "plugins")
    out = tmp_path / "report.docx"
    built = subprocess.run(
        [str(python), "-m", "lscb_core", "build", str(board), "-o", str(out), "-q"],
        capture_output=True,
        text=True,
        env=clean,
    )
    assert built.returncode == 0, built.stdout + built.stderr
    from docx import Document

    words = "\n".join(p.text for p in Document(str(out)).paragraphs)
    assert "The LADO received 120 referrals this year" in words


def test_a_plugin_name_is_checked(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["plugin", "new", "My Plugin", "-o", str(tmp_path)])
    assert result.exit_code == 1
    assert "'My Plugin' is not a plugin name" in result.output
    (tmp_path / "lscb-taken").mkdir()
    (tmp_path / "lscb-taken" / "x").write_text("x", encoding="utf-8")
    taken = CliRunner().invoke(main, ["plugin", "new", "taken", "-o", str(tmp_path)])
    assert taken.exit_code == 1
    assert "already exists and is not empty" in taken.output
