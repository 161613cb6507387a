"""Writing a board folder from typed objects: the inverse of loading, for generators, tests and scaffolding."""

from __future__ import annotations

import io
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import attrs
import yaml
from yaml.representer import SafeRepresenter

from lscb_core._loading.folder import (
    BOARD_FILE,
    NARRATIVE_DIR,
    PERIOD_FILES,
    PLUGINS_DIR,
    REPORT_FILE,
    SETTINGS_FILE,
)
from lscb_core._loading.local_sections import SECTIONS_DIR
from lscb_core._loading.text import clean_text
from lscb_core._loading.yamlfile import CoreResolver
from lscb_core._model.convert import unstructure
from lscb_core._model.report import AnnualReport
from lscb_core._model.settings import Settings

__all__ = ["dump_yaml", "write_board"]

_EMPTY: tuple[Any, ...] = (None, (), [], {}, "")


def _compact(value: Any) -> Any:
    """Plain values without the keys that only repeat a default of nothing.

    Text loses the characters no board folder can carry (as the loader would
    remove them), so that what is written reads back as it will be shown.
    """
    if isinstance(value, dict):
        return {k: _compact(v) for k, v in value.items() if v is not None}
    if isinstance(value, list | tuple):
        return [_compact(v) for v in value]
    if isinstance(value, str):
        return clean_text(value)[0]
    return value


_LINE_BREAKS = ("\x85", "\u2028", "\u2029")


class _Dumper(yaml.emitter.Emitter, yaml.serializer.Serializer, SafeRepresenter, CoreResolver):
    """PyYAML's safe dumper, quoting whatever the loader's YAML 1.2 rules would not read back as text."""

    def represent_str(self, data: str) -> yaml.ScalarNode:
        # Characters YAML reads as line breaks are only safe escaped, inside double quotes.
        style = '"' if any(c in data for c in _LINE_BREAKS) else None
        return self.represent_scalar("tag:yaml.org,2002:str", data, style=style)

    def __init__(self, stream: Any, **options: Any) -> None:
        yaml.emitter.Emitter.__init__(self, stream, allow_unicode=True, width=4096)
        yaml.serializer.Serializer.__init__(self)
        SafeRepresenter.__init__(self, default_flow_style=False, sort_keys=False)
        CoreResolver.__init__(self)


_Dumper.add_representer(str, _Dumper.represent_str)


def dump_yaml(value: Any) -> str:
    """YAML text for plain values; any string, however odd, is written so that it reads back the same."""
    out = io.StringIO()
    yaml.dump(value, out, Dumper=_Dumper)
    return out.getvalue()


def write_board(
    report: AnnualReport,
    board_dir: Path,
    *,
    period_name: str | None = None,
    settings: Settings | None = None,
    plugin_data: Mapping[str, Mapping[str, Any]] | None = None,
) -> Path:
    """Write ``report`` as a board folder (``board.yaml`` and a period folder); returns the period folder."""
    plain = unstructure(report)
    period_dir = board_dir / (period_name or report.period.slug)
    period_dir.mkdir(parents=True, exist_ok=True)
    (board_dir / BOARD_FILE).write_text(dump_yaml(_compact(plain.pop("board"))), encoding="utf-8")
    narrative = plain.pop("narrative")
    sections = plain.pop("sections", None) or {}
    for name, key in PERIOD_FILES.items():
        part = plain.pop(key)
        if part in _EMPTY or part == unstructure(_default(key)):
            continue
        (period_dir / name).write_text(dump_yaml(_compact(part)), encoding="utf-8")
    (period_dir / REPORT_FILE).write_text(dump_yaml(_compact(plain)), encoding="utf-8")
    if narrative:
        folder = period_dir / NARRATIVE_DIR
        folder.mkdir(exist_ok=True)
        for name, text in narrative.items():
            (folder / f"{name}.md").write_text(clean_text(text)[0], encoding="utf-8")
    for key, section in sections.items():
        folder = period_dir / SECTIONS_DIR
        folder.mkdir(exist_ok=True)
        (folder / f"{key}.yaml").write_text(dump_yaml(_compact(_section_file(section))), encoding="utf-8")
    if settings is not None and settings != Settings():
        (period_dir / SETTINGS_FILE).write_text(dump_yaml(_compact(unstructure(settings))), encoding="utf-8")
    for plugin, files in (plugin_data or {}).items():
        folder = period_dir / PLUGINS_DIR / plugin
        folder.mkdir(parents=True, exist_ok=True)
        for stem, data in files.items():
            (folder / f"{stem}.yaml").write_text(dump_yaml(_compact(unstructure(data))), encoding="utf-8")
    return period_dir


def _section_file(section: dict[str, Any]) -> dict[str, Any]:
    """A board-defined section as its author writes it: each row's values beside its visibility."""
    for table in section.get("tables", ()):
        rows = []
        for row in table.get("rows", ()):
            flat = {key: unstructure(value) for key, value in row.pop("values", {}).items()}
            flat.update(
                {key: value for key, value in row.items() if key != "visibility" or value != "public"}
            )
            rows.append(flat)
        table["rows"] = rows
    return section


def _default(key: str) -> Any:
    default: Any = attrs.fields_dict(AnnualReport)[key].default
    return default.factory() if isinstance(default, attrs.Factory) else default  # type: ignore[arg-type]
