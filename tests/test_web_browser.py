"""The web edition of every test board, both editions, in a real browser (Chromium through Playwright).

axe-core checks the WCAG 2.0, 2.1 and 2.2 A and AA rules it can test
automatically: no violations are allowed; what it cannot decide (results for
manual review) is listed in ``build/test-artefacts/`` and not failed. The
keyboard reaches every heading from the contents; the page reflows at 320
CSS pixels. These tests are skipped without a browser, except when
``LSCB_REQUIRE_BROWSER=1`` (CI sets it), where a missing browser fails.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from lscb_core._build.build import build_report
from lscb_core._model.editions import Edition

from .conftest import ARTEFACTS, BOARDS, HERTFORDSHIRE

pytestmark = pytest.mark.browser

AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
BOARD_DIRS = {"hertfordshire": HERTFORDSHIRE} | {
    p.name: p for p in sorted(BOARDS.iterdir()) if (p / "board.yaml").is_file()
}
CASES = [(board, edition) for board in BOARD_DIRS for edition in Edition]


@pytest.fixture(scope="module")
def editions(tmp_path_factory: pytest.TempPathFactory) -> dict[tuple[str, Edition], Path]:
    out = tmp_path_factory.mktemp("web")
    built = {}
    for board, edition in CASES:
        target = out / f"{board}-{edition.value}"
        result = build_report(BOARD_DIRS[board], output=target, outputs=("html",), edition=edition)
        assert result.ok, [str(f) for f in result.errors]
        assert result.html == target
        built[board, edition] = target / "index.html"
    return built


def _open(page: Any, path: Path) -> None:
    page.goto(path.as_uri())
    page.wait_for_load_state("load")


def _axe(page: Any, name: str) -> list[str]:
    """axe-core's violations on the page; what it leaves for manual review is written to the artefacts."""
    from axe_playwright_python.sync_playwright import Axe

    results = (
        Axe()
        .run(
            page,
            options={
                "runOnly": {"type": "tag", "values": AXE_TAGS},
                "resultTypes": ["violations", "incomplete"],
            },
        )
        .response
    )
    version = tuple(int(p) for p in results["testEngine"]["version"].split(".")[:2])
    assert version >= (4, 8), results["testEngine"]["version"]
    review = [
        {"rule": item["id"], "help": item["help"], "targets": [n["target"] for n in item["nodes"]]}
        for item in results["incomplete"]
    ]
    ARTEFACTS.mkdir(parents=True, exist_ok=True)
    (ARTEFACTS / f"axe-{name}.json").write_text(
        json.dumps(
            {
                "axe": results["testEngine"]["version"],
                "rules": AXE_TAGS,
                "violations": results["violations"],
                "for manual review": review,
            },
            indent=2,
        ),
        encoding="utf-8",
    )
    return [
        f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes']][:5]}"
        for v in results["violations"]
    ]


def _keyboard(page: Any) -> None:
    """From the skip link, Tab goes through a link to every heading; Enter on one brings it into view."""
    headings = page.eval_on_selector_all("main :is(h2,h3,h4,h5,h6)", "els => els.map(e => e.id)")
    assert headings
    assert all(headings), "every heading has an id to link to"
    # The test (not the page) listens for focus, so that many Tabs cost one look at the result.
    page.evaluate(
        "window.__focused = []; document.addEventListener('focusin', e => window.__focused.push("
        "[e.target.closest('nav.contents') !== null, e.target.getAttribute('href'), e.target.className]))"
    )
    for _ in range(len(headings) + 2):
        page.keyboard.press("Tab")
    focused = page.evaluate("window.__focused")
    assert focused[0][2] == "skip-link", "the first Tab stop is the skip link"
    reached = [href for in_contents, href, _ in focused[1:] if in_contents]
    assert [f"#{h}" for h in headings] == reached[: len(headings)]
    for target in (headings[0], headings[len(headings) // 2], headings[-1]):
        page.focus(f'nav.contents a[href="#{target}"]')
        page.keyboard.press("Enter")
        assert page.evaluate("location.hash") == f"#{target}"
        top = page.eval_on_selector(f"#{target}", "e => e.getBoundingClientRect().top")
        assert -2 <= top < 600, f"#{target} is not in view after following its link"


def _reflow(page: Any) -> None:
    """At 320 CSS pixels nothing scrolls sideways but a wide table, in a focusable, named region."""
    page.set_viewport_size({"width": 320, "height": 640})
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 320, f"the page scrolls sideways at 320 pixels ({width} wide)"
    regions = page.eval_on_selector_all(
        ".table-scroll",
        """els => els.map(e => ({tabindex: e.getAttribute('tabindex'), role: e.getAttribute('role'),
            named: Boolean(e.getAttribute('aria-labelledby') || e.getAttribute('aria-label'))}))""",
    )
    for region in regions:
        assert region == {"tabindex": "0", "role": "region", "named": True}


@pytest.mark.parametrize(("board", "edition"), CASES, ids=[f"{b}-{e.value}" for b, e in CASES])
def test_the_web_edition_in_a_browser(
    browser: Any, editions: dict[Any, Path], board: str, edition: Edition
) -> None:
    """axe finds no violations; the keyboard reaches every heading; the page reflows at 320 pixels."""
    context = browser.new_context(viewport={"width": 1280, "height": 1000})
    try:
        page = context.new_page()
        _open(page, editions[board, edition])
        name = f"{board}-{edition.value}"
        problems = _axe(page, name)
        assert not problems, "\n".join(problems)
        if edition is Edition.BOARD:
            assert page.is_visible("text=Board edition: not for publication")
        if board == "hertfordshire" and edition is Edition.PUBLIC:
            # The first screens, kept for people to look at.
            page.set_viewport_size({"width": 1280, "height": 2000})
            page.screenshot(path=str(ARTEFACTS / "web-hertfordshire-1280.png"))
            page.set_viewport_size({"width": 1280, "height": 1000})
        _keyboard(page)
        page.evaluate("window.scrollTo(0, 0)")
        _reflow(page)
        if board == "hertfordshire" and edition is Edition.PUBLIC:
            page.evaluate("window.scrollTo(0, 0)")
            page.screenshot(path=str(ARTEFACTS / "web-hertfordshire-320.png"))
    finally:
        context.close()
