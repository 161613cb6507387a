"""``lscb serve``: the live preview, served on localhost, rebuilt when a file changes, stopped by Ctrl-C."""

from __future__ import annotations

import contextlib
import re
import shutil
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from .conftest import HERTFORDSHIRE

LSCB = str(Path(sys.executable).with_name("lscb"))


def _get(url: str) -> tuple[int, bytes, dict[str, str]]:
    try:
        with urllib.request.urlopen(url, timeout=10) as answer:
            return answer.status, answer.read(), dict(answer.headers)
    except urllib.error.HTTPError as error:
        return error.code, error.read(), dict(error.headers)


@pytest.fixture(scope="module")
def preview(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path, subprocess.Popen[str]]]:
    """One preview for the module's tests (the last one stops it with Ctrl-C)."""
    tmp_path = tmp_path_factory.mktemp("serve")
    board = tmp_path / "board"
    shutil.copytree(HERTFORDSHIRE, board)
    errors = (tmp_path / "stderr.txt").open("w")
    process = subprocess.Popen(
        [LSCB, "serve", str(board), "--port", "0"], stdout=subprocess.PIPE, stderr=errors, text=True
    )
    try:
        address = None
        assert process.stdout is not None
        for line in process.stdout:
            found = re.search(r"at (http://127\.0\.0\.1:\d+/)", line)
            if found:
                address = found.group(1)
                break
        assert address, (
            f"lscb serve did not say where it serves: {process.stderr.read() if process.stderr else ''}"
        )
        yield address, board, process
    finally:
        if process.poll() is None:
            process.kill()
        process.communicate()
        errors.close()


@pytest.mark.slow
@pytest.mark.browser
def test_editing_a_narrative_file_changes_the_page_within_five_seconds(
    browser: Any, preview: tuple[str, Path, subprocess.Popen[str]]
) -> None:
    from playwright.sync_api import Error as PlaywrightError

    address, board, _process = preview
    context = browser.new_context()
    try:
        page = context.new_page()
        page.goto(address)
        assert page.is_visible("text=lscb preview")
        foreword = board / "2015-16" / "narrative" / "foreword.md"
        # A new modification time even on file systems that keep whole seconds.
        time.sleep(0.05)
        foreword.write_text(foreword.read_text() + "\nThe preview shows this sentence straight away.\n")
        # Polled from here: the page itself reloads (its live reload script), under its strict policy.
        deadline = time.monotonic() + 5
        changed = False
        while not changed and time.monotonic() < deadline:
            time.sleep(0.1)
            with contextlib.suppress(PlaywrightError):  # the page may be reloading just then
                changed = "The preview shows this sentence straight away." in page.content()
        assert changed, "the page did not change within 5 seconds of the edit"
    finally:
        context.close()


@pytest.mark.slow
def test_the_preview_serves_generated_pages_only_and_stops_on_ctrl_c(
    preview: tuple[str, Path, subprocess.Popen[str]],
) -> None:
    address, _board, process = preview
    status, page, headers = _get(address)
    assert status == 200
    text = page.decode()
    assert "Hertfordshire Safeguarding Children Board" in text
    assert "What lscb check found" in text
    assert 'class="remarks"' in text, "findings are shown beside the sections they concern"
    assert re.findall(r"<script>", text) == ["<script>"], "the live reload is the only script"
    assert "script-src 'sha256-" in headers["Content-Security-Policy"]
    assert _get(address + "board/")[0] == 200
    picture = re.search(r'src="(pictures/[^"]+)"', text)
    assert picture is not None
    assert _get(address + picture.group(1))[0] == 200
    for data_file in ("2015-16/report.yaml", "board.yaml", "../board.yaml", "2015-16/narrative/foreword.md"):
        assert _get(address + data_file)[0] == 404, data_file
    process.send_signal(signal.SIGINT)
    out, _ = process.communicate(timeout=20)
    assert process.returncode == 0
    assert "Stopped." in out
