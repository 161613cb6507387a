"""The documentation site builds with warnings as errors, and every hook and public name has its page."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import lscb_core
import lscb_core.plugin
from lscb_core._hooks import specs

ROOT = Path(__file__).resolve().parent.parent

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    out = tmp_path_factory.mktemp("site")
    config = load_config(str(ROOT / "mkdocs.yml"), site_dir=str(out), strict=True)
    build(config)
    return out


def _anchors(page: Path) -> set[str]:
    return set(re.findall(r'id="([^"]+)"', page.read_text(encoding="utf-8")))


def test_every_hook_has_its_entry(site: Path) -> None:
    anchors = _anchors(site / "plugins" / "hooks" / "index.html")
    hooks = [name for name in vars(specs) if name.startswith("lscb_")]
    assert hooks
    missing = [h for h in hooks if f"lscb_core._hooks.specs.{h}" not in anchors]
    assert not missing


def test_every_plugin_api_name_has_its_entry(site: Path) -> None:
    anchors = _anchors(site / "plugins" / "api" / "index.html")
    missing = [n for n in lscb_core.plugin.__all__ if f"lscb_core.plugin.{n}" not in anchors]
    assert not missing


def test_every_library_name_has_its_entry(site: Path) -> None:
    anchors = _anchors(site / "reference" / "library" / "index.html")
    missing = [n for n in lscb_core.__all__ if n != "__version__" and f"lscb_core.{n}" not in anchors]
    assert not missing


def test_the_data_reference_page_is_generated_from_the_model(site: Path) -> None:
    page = (site / "authors" / "data-reference" / "index.html").read_text(encoding="utf-8")
    assert "budget.yaml" in page
    assert "carry_forward_out_stated" in page


def test_the_template_contract_lists_every_style_the_renderer_writes(site: Path) -> None:
    from lscb_core._base.styles import RENDERER_STYLES

    page = (site / "templates" / "contract" / "index.html").read_text(encoding="utf-8")
    missing = [s.id for s in RENDERER_STYLES if f"<code>{s.id}</code>" not in page]
    assert not missing
    assert (site / "templates" / "tutorial" / "index.html").is_file()
