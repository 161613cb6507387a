"""Shared fixtures and hypothesis profiles."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

ROOT = Path(__file__).resolve().parent.parent
HERTFORDSHIRE = ROOT / "examples" / "hertfordshire"
BOARDS = Path(__file__).resolve().parent / "boards"

# "ci" keeps runs short and bounded; "thorough" is for a long local run:
#   HYPOTHESIS_PROFILE=thorough make pytest
settings.register_profile("ci", max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.register_profile(
    "thorough", max_examples=2000, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))


@pytest.fixture
def hertfordshire(tmp_path: Path) -> Path:
    """A copy of the Hertfordshire board folder that a test may change."""
    target = tmp_path / "hertfordshire"
    shutil.copytree(HERTFORDSHIRE, target)
    return target


# --- a real browser, shared by the whole session -------------------------------------------

ARTEFACTS = ROOT / "build" / "test-artefacts"
"""Screenshots and reports the browser tests keep for people to look at."""

CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def chromium_path() -> str | None:
    """The system's Chromium (``LSCB_CHROMIUM`` may name another); browsers are never downloaded."""
    return (
        os.environ.get("LSCB_CHROMIUM")
        or shutil.which("chromium")
        or shutil.which("chromium-browser")
        or shutil.which("google-chrome")
    )


def _no_browser(why: str) -> None:
    if os.environ.get("LSCB_REQUIRE_BROWSER") == "1":
        pytest.fail(f"a browser is required here (LSCB_REQUIRE_BROWSER=1) but {why}")
    pytest.skip(why)


@pytest.fixture(scope="session")
def browser():  # type: ignore[no-untyped-def]
    """One headless Chromium for every browser test, driven by Playwright."""
    try:
        from playwright.sync_api import Error, sync_playwright
    except ImportError:
        _no_browser("Playwright is not installed")
    executable = chromium_path()
    if executable is None:
        _no_browser("Chromium is not installed")
    with sync_playwright() as playwright:
        try:
            launched = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        except Error as exc:
            _no_browser(f"Chromium could not be started: {exc}")
        yield launched
        launched.close()


# The command line numbers the contents page through LibreOffice when it can; the tests do
# not (it takes seconds a build), except those marked libreoffice, which ask for it.
os.environ.setdefault("LSCB_PAGE_NUMBERS", "off")
