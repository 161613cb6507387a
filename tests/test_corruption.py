"""Random damage to a valid board folder always gives located errors, never a traceback."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from lscb_core._build.check import check_board
from lscb_core._cli.main import main
from lscb_core._hooks.manager import make_plugin_manager

from .conftest import HERTFORDSHIRE

TEXT_FILES = sorted(
    str(p.relative_to(HERTFORDSHIRE))
    for p in HERTFORDSHIRE.rglob("*")
    if p.suffix in (".yaml", ".csv", ".md") and p.is_file()
)

_PM = make_plugin_manager()

NOISE = st.text(alphabet=":{}[]-&*!|>'\"#%@`,\t\n x1é\\", min_size=1, max_size=6)


@st.composite
def damage(draw: st.DrawFn, text: str) -> str:
    lines = text.split("\n")
    kind = draw(
        st.sampled_from(["truncate", "insert", "delete-line", "wrong-type", "unknown-key", "duplicate-line"])
    )
    if kind == "truncate":
        return text[: draw(st.integers(0, len(text)))]
    if kind == "insert":
        at = draw(st.integers(0, len(text)))
        return text[:at] + draw(NOISE) + text[at:]
    i = draw(st.integers(0, max(len(lines) - 1, 0)))
    line = lines[i] if lines else ""
    indent = line[: len(line) - len(line.lstrip())]
    if kind == "delete-line":
        del lines[i]
    elif kind == "duplicate-line":
        lines.insert(i, line)
    elif kind == "wrong-type":
        replacement = draw(
            st.sampled_from(["[1, 2]", "{a: 1}", "-5", "many", "2015-13-45", "1e400", "99999999999999999999"])
        )
        if ": " in line:
            lines[i] = line.split(": ", 1)[0] + ": " + replacement
        elif "," in line:
            cells = line.split(",")
            cells[draw(st.integers(0, len(cells) - 1))] = replacement.replace(",", ";")
            lines[i] = ",".join(cells)
        else:
            lines[i] = indent + replacement
    else:
        lines.insert(i, f"{indent}{draw(st.sampled_from(['zzz_unknown', 'atended', 'spnd', 'name']))}: 1")
    return "\n".join(lines)


@settings(max_examples=max(20, settings.default.max_examples // 2))  # each example checks a whole board twice
@given(st.sampled_from(TEXT_FILES), st.data())
def test_damaged_folders_give_located_errors(relative: str, data: st.DataObject) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        board = Path(tmp) / "board"
        shutil.copytree(HERTFORDSHIRE, board)
        target = board / relative
        target.write_text(data.draw(damage(target.read_text(encoding="utf-8"))), encoding="utf-8")

        result = check_board(board, pm=_PM)
        for finding in result.errors:
            assert finding.location is not None, finding
            assert finding.location.file.startswith(str(board)), finding

        cli = CliRunner().invoke(main, ["check", str(board), "--quiet"])
        assert cli.exit_code in (0, 1), cli.output
        assert cli.exception is None or isinstance(cli.exception, SystemExit), cli.output
        assert (cli.exit_code == 1) == bool(result.errors)
