"""``lscb plugin new``: a complete, installable plugin whose own tests pass as generated."""

from __future__ import annotations

import re
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path

from lscb_core import __version__

__all__ = ["PluginScaffoldError", "new_plugin"]

_NAME = re.compile(r"[a-z][a-z0-9]*(-[a-z0-9]+)*")


class PluginScaffoldError(Exception):
    """The plugin cannot be written (a bad name, or the folder is in use)."""


def _abbreviation(title: str) -> str:
    words = [w for w in re.split(r"[\s-]+", title) if w]
    if len(words) >= 2:
        return "".join(w[0] for w in words).upper()
    return words[0][:3].upper() if words else "PLG"


def new_plugin(
    name: str, parent: Path, *, title: str | None = None, abbreviation: str | None = None
) -> list[Path]:
    """Write ``lscb-<name>/`` under ``parent``; returns the files written."""
    if not _NAME.fullmatch(name):
        raise PluginScaffoldError(
            f"{name!r} is not a plugin name: use lower-case letters, digits and hyphens, starting with a letter (helpline, lado-referrals)"
        )
    target = parent / f"lscb-{name}"
    if target.exists() and any(target.iterdir()):
        raise PluginScaffoldError(f"{target} already exists and is not empty; choose another name or folder")
    title = title or name.replace("-", " ").capitalize()
    abbreviation = abbreviation or _abbreviation(title)
    if not re.fullmatch(r"[A-Z][A-Za-z]*[A-Z][A-Za-z]*", abbreviation):
        raise PluginScaffoldError(f"{abbreviation!r} is not an abbreviation: use two or more capital letters")
    module = name.replace("-", "_")
    values = {
        "name": name,
        "module": module,
        "cls": "".join(part.capitalize() for part in name.split("-")) + "Data",
        "folder": name,
        "file": f"{name}.yaml",
        "stem": name,
        "title": title.replace('"', "'"),
        "abbreviation": abbreviation,
        "lscb_version": __version__,
    }
    source = resources.files("lscb_core") / "data" / "plugin_template"

    def fill(entry: Traversable) -> str:
        return entry.read_text(encoding="utf-8").format(**values)

    example = fill(source / "example" / "data.yaml.tmpl")
    values["example"] = "\n".join(line for line in example.splitlines() if not line.startswith("#"))
    files = {
        target / "pyproject.toml": fill(source / "pyproject.toml.tmpl"),
        target / "README.md": fill(source / "README.md.tmpl"),
        target / "src" / f"lscb_{module}" / "__init__.py": fill(source / "src" / "__init__.py.tmpl"),
        target / "src" / f"lscb_{module}" / "py.typed": "",
        target / "tests" / f"test_{module}.py": fill(source / "tests" / "test_plugin.py.tmpl"),
        target / "example" / "plugins" / name / f"{name}.yaml": example,
    }
    try:
        for path, text in files.items():
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
    except OSError as exc:
        raise PluginScaffoldError(f"{target} could not be written: {exc.strerror or exc}") from None
    return list(files)
