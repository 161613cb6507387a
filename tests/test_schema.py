"""JSON Schemas of the board files agree with what lscb reads; the data reference covers every field."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
import yaml
from click.testing import CliRunner

from lscb_core._cli.main import main
from lscb_core._loading.board_files import _file_classes, file_schema, known_files, reference_markdown
from lscb_core._model.schema import fields_of

from .conftest import HERTFORDSHIRE

ROOT = Path(__file__).resolve().parent.parent
BOARDS = [HERTFORDSHIRE, *sorted(p for p in (ROOT / "tests" / "boards").iterdir() if p.is_dir())]


def _documents(board: Path) -> list[tuple[str, Path]]:
    found = []
    for name in known_files():
        for path in [board / name, *board.glob(f"*/{name}")]:
            if path.is_file():
                found.append((name, path))
    return found


@pytest.mark.parametrize("board", BOARDS, ids=lambda p: p.name)
def test_every_file_of_the_test_boards_is_valid_against_its_schema(board: Path) -> None:
    documents = _documents(board)
    assert len(documents) >= 5
    for name, path in documents:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.BaseLoader)
        schema = file_schema(name)
        jsonschema.Draft202012Validator.check_schema(schema)
        # BaseLoader reads every scalar as text, as lscb's own reader can; the schema allows text for numbers.
        errors = list(jsonschema.Draft202012Validator(schema).iter_errors(_typed(data)))
        assert not errors, f"{path}: {errors[0].message} at {list(errors[0].absolute_path)}"


def _typed(value: object) -> object:
    """Scalars as YAML 1.2 core reads them (what an editor's YAML language server sees)."""
    if isinstance(value, dict):
        return {k: _typed(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_typed(v) for v in value]
    if isinstance(value, str):
        if value in ("true", "false"):
            return value == "true"
        if value in ("", "null", "~"):
            return None
        try:
            return int(value)
        except ValueError:
            pass
        try:
            return float(value)
        except ValueError:
            return value
    return value


def test_a_schema_finds_what_lscb_check_would() -> None:
    validator = jsonschema.Draft202012Validator(file_schema("budget.yaml"))
    good = {"contributions": [{"partner": "Council", "amount": "£48,311"}]}
    assert not list(validator.iter_errors(good))
    for bad in (
        {"contributions": [{"partner": "Council", "amount": "ten"}]},
        {"contributions": [{"partner": "Council", "amount": -3}]},
        {"contribution": []},
        {"lines": [{"name": "Staff", "spend": 1, "funded_from": "reserve fund"}]},
    ):
        assert list(validator.iter_errors(bad)), bad


def test_lscb_schema_prints_a_schema_and_names_the_files() -> None:
    runner = CliRunner()
    listed = runner.invoke(main, ["schema"])
    assert listed.exit_code == 0
    assert listed.output.split() == known_files()
    printed = runner.invoke(main, ["schema", "budget.yaml"])
    assert printed.exit_code == 0
    assert json.loads(printed.output)["title"] == "lscb budget.yaml"
    wrong = runner.invoke(main, ["schema", "budgt.yaml"])
    assert wrong.exit_code == 2
    assert "budgt.yaml is not a file lscb reads; did you mean budget.yaml?" in wrong.output


def test_the_data_reference_names_every_field_with_its_meaning() -> None:
    text = reference_markdown()
    for name in known_files():
        assert f"## `{name}`" in text
        for cls in _file_classes(name):
            for f in fields_of(cls):
                assert f.meaning, f"{f.key} has no meaning in lscb_core/data/reference.yaml"
                assert f"| `{f.name}` |" in text
