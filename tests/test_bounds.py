"""Bounded under hostile input: the limits, the worker, the output file, and check finding what build would.

Bombs here are held to small test-only limits, so that each finishes in
seconds; ``tests/bad_boards/`` has a board folder per limit with the exact
message, and ``benchmarks/bench_bombs.py`` measures each bomb against its limit.
"""

from __future__ import annotations

import errno
import io
import os
import signal
import stat
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import attrs
import pytest
from click.testing import CliRunner
from docx import Document

from lscb_core._base.errors import NarrativeError
from lscb_core._base.limits import LIMITS, SETTINGS, Limits
from lscb_core._base.locations import Location
from lscb_core._build.batch import BuildRequest, build_isolated, check_isolated
from lscb_core._cli.main import main
from lscb_core._model.settings import LimitSettings
from lscb_core._model.text import Markdown
from lscb_core._sections.markdown import markdown_blocks
from lscb_core._sections.templating import NarrativeRenderer

from .boardfactory import make_board
from .conftest import ROOT
from .test_bad_input import assert_in_authors_terms

LSCB = str(Path(sys.executable).with_name("lscb"))


# --- one place for the limits, each in the README with its setting ---------------------


def test_every_limit_a_board_may_raise_is_a_setting_and_in_the_readme() -> None:
    assert set(SETTINGS) == {a.name for a in attrs.fields(LimitSettings)}
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("## Safe with any input") :]
    for info in LIMITS:
        row = next(
            (
                line
                for line in section.splitlines()
                if line.startswith(f"| {info.what[0].upper()}{info.what[1:]}")
            ),
            None,
        )
        assert row is not None, f"the README does not list {info.field}"
        if info.setting:
            assert f"`limits.{info.setting}`" in row, row
        if info.option:
            assert f"`{info.option}`" in row, row


# --- templates cannot make giant strings ----------------------------------------------------

_BOMBS = [
    "{{ 'a'.ljust(10**10) }}",
    "{{ '%0999999999d' | format(1) }}",
    "{{ 'x' | center(3000000000) }}",
    "{{ '{:>999999999}'.format(1) }}",
    "{{ '{:{}}'.format(1, 10**9) }}",
    "{{ ('ab' * 1000) | replace('a', 'b' * 10000) }}",
    "{{ 'x' | indent(10**9) }}",
    "{{ (1).to_bytes(10**9, 'big') }}",
    "{% set ns = namespace(s='ab') %}{% for i in range(64) %}{% set ns.s = ns.s ~ ns.s %}{% endfor %}",
    "{% set ns = namespace(s='ab') %}{% for i in range(64) %}{% set ns.s = ns.s + ns.s %}{% endfor %}",
    "{% set ns = namespace(n=3) %}{% for i in range(64) %}{% set ns.n = ns.n * ns.n %}{% endfor %}",
    "{% set l = ['ab'] %}{% for i in range(64) %}{% set _ = l.append(l[-1] ~ l[-1]) %}{% endfor %}",
]


@pytest.mark.parametrize("bomb", _BOMBS)
def test_a_template_cannot_make_a_giant_string_however_it_tries(bomb: str) -> None:
    renderer = NarrativeRenderer({}, limits=Limits(template_characters=10_000))
    with pytest.raises(NarrativeError) as info:
        renderer.render(Markdown(f"Intro.\n\n{bomb}\n", Location("narrative/x.md", 1, 1)))
    assert info.value.location == Location("narrative/x.md", 3, 1)
    assert "makes too much" in info.value.message
    assert_in_authors_terms(info.value.message)


def test_ordinary_formatting_is_left_alone() -> None:
    renderer = NarrativeRenderer({"n": 1234567})
    text = "{{ '{:,}'.format(n) }} {{ '%05.1f' | format(3.14159) }} {{ 'a' ~ 'b' | center(5) }}"
    assert renderer.render(text) == "1,234,567 003\\.1 a  b  "  # escaped for Markdown


def test_a_narrative_that_makes_too_much_stops_at_its_line() -> None:
    renderer = NarrativeRenderer({}, limits=Limits(narrative_characters=500))
    text = "Intro.\n{% for i in range(1000) %}\nDistrict {{ i }}.\n{% endfor %}\n"
    with pytest.raises(NarrativeError) as info:
        renderer.render(Markdown(text, Location("narrative/x.md", 1, 1)))
    assert info.value.location is not None
    assert info.value.location.line == 3
    assert "limits.narrative_characters in settings.yaml" in info.value.message


# --- Markdown nests as deep as written ------------------------------------------------------


def _texts(blocks: object) -> str:
    return repr(blocks)


def test_a_list_40_deep_keeps_every_item_and_what_follows() -> None:
    text = "".join("  " * i + f"- item {i}\n" for i in range(40)) + "\nAfter the list.\n"
    heard: list[tuple[int | None, str, str]] = []
    blocks = markdown_blocks(text, on_warning=lambda *w: heard.append(w))
    shown = _texts(blocks)
    assert all(f"item {i}'" in shown for i in range(40))
    assert "After the list." in shown
    assert heard == [
        (
            10,
            "narrative.nesting",
            "lists nest more than 9 deep here, deeper than a Word document shows; the deeper ones are shown at level 9",
        )
    ]


def test_30_nested_quotes_keep_their_text_and_what_follows() -> None:
    blocks = markdown_blocks("> " * 30 + "Deep.\n\nAfter.\n", on_warning=lambda *w: None)
    shown = _texts(blocks)
    assert "Deep." in shown
    assert "After." in shown


# --- the output file: a regular file or nothing -----------------------------------------------


@pytest.fixture(scope="module")
def board(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_board(tmp_path_factory.mktemp("board") / "b")


def _build(board: Path, output: str, *extra: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["build", str(board), "-o", output, "-q", *extra])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    assert_in_authors_terms(result.output)
    return result.exit_code, result.output


def test_a_device_at_the_output_path_is_refused(board: Path) -> None:
    code, output = _build(board, os.devnull)
    assert code == 1
    assert f"{os.devnull}: a device is there, not a file; give a file name for the report" in output
    assert stat.S_ISCHR(Path(os.devnull).stat().st_mode)


def test_a_pipe_at_the_output_path_is_refused_and_left_alone(board: Path, tmp_path: Path) -> None:
    pipe = tmp_path / "report.docx"
    os.mkfifo(pipe)
    code, output = _build(board, str(pipe))
    assert code == 1
    assert "a pipe is there, not a file" in output
    assert stat.S_ISFIFO(pipe.stat().st_mode)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report.docx"]


def test_a_folder_or_a_file_in_the_way_is_refused(board: Path, tmp_path: Path) -> None:
    (tmp_path / "folder.docx").mkdir()
    code, output = _build(board, str(tmp_path / "folder.docx"))
    assert code != 0
    assert "folder.docx" in output
    (tmp_path / "plain").write_text("x", encoding="utf-8")
    code, output = _build(board, str(tmp_path / "plain" / "r.docx"))
    assert code == 1
    assert "is not a folder, so the report cannot be written inside it" in output


def test_a_place_that_cannot_be_written_is_refused_before_building(
    board: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # (Tests may run as root, who may write anywhere: the folder is made unwritable by pretence.)
    monkeypatch.setattr(os, "access", lambda path, mode: Path(path) != tmp_path)
    code, output = _build(board, str(tmp_path / "r.docx"))
    assert code == 1
    assert f"{tmp_path / 'r.docx'}: the folder {tmp_path} cannot be written to" in output
    assert list(tmp_path.iterdir()) == []


def test_a_full_disk_is_a_clear_error_and_leaves_nothing(
    board: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real_fdopen = os.fdopen

    class _Full(io.RawIOBase):
        def __init__(self, fd: int) -> None:
            self.fd = fd

        def writable(self) -> bool:
            return True

        def write(self, data: object) -> int:
            raise OSError(errno.ENOSPC, "No space left on device")

        def close(self) -> None:
            os.close(self.fd)
            super().close()

    monkeypatch.setattr(
        os, "fdopen", lambda fd, *a, **k: _Full(fd) if "wb" in a else real_fdopen(fd, *a, **k)
    )
    target = tmp_path / "new" / "deeper" / "r.docx"
    code, output = _build(board, str(target))
    assert code == 1
    assert f"{target}: the report could not be written: the disk is full; nothing was written" in output
    assert list(tmp_path.iterdir()) == []


def test_dash_writes_the_document_to_standard_output_and_the_rest_to_standard_error(board: Path) -> None:
    done = subprocess.run(
        [LSCB, "build", str(board), "-o", "-"], capture_output=True, check=False, timeout=120
    )
    assert done.returncode == 0, done.stderr.decode()
    Document(io.BytesIO(done.stdout))
    assert "Wrote" not in done.stderr.decode()
    with zipfile.ZipFile(io.BytesIO(done.stdout)) as package:
        assert "word/document.xml" in package.namelist()


# --- the worker: time, memory, and its parent's death ------------------------------------------


def test_a_narrative_that_fills_the_memory_is_stopped_at_its_line(tmp_path: Path) -> None:
    grow = "{% set l = [] %}{% for i in range(100000) %}{% set _ = l.append('x' * 900000) %}{% endfor %}"
    board = make_board(tmp_path / "b", {"narrative/context.md": f"Testshire.\n\n{grow}\n"})
    done = subprocess.run(
        [LSCB, "check", str(board), "-q", "--memory", "256"],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 1
    assert done.stdout.splitlines() == [
        f"{board}/2015-16/narrative/context.md:3:1: error: the narrative template needed more memory than a build may use; "
        "the limit is 256 MB (--memory) [build.narrative]"
    ]


def _children(pid: int) -> list[int]:
    out = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid:
                out.append(int(entry.name))
    return out


def _group_alive(group: int) -> bool:
    try:
        os.killpg(group, 0)
    except ProcessLookupError:
        return False
    return True


def _running(command: str) -> bool:
    return bool(subprocess.run(["pgrep", "-f", command], capture_output=True, check=False).stdout.split())


def _fake_soffice(tmp_path: Path, seconds: int = 300) -> Path:
    """A LibreOffice that, like the real one, starts its program as a child, and never finishes."""
    script = tmp_path / "soffice"
    script.write_text(f"#!/bin/sh\nsleep {seconds} &\nwait\n", encoding="utf-8")
    script.chmod(0o755)
    return script


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_killing_lscb_stops_its_worker_and_libreoffice_and_nothing_is_written(
    board: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out" / "r.docx"
    env = {**os.environ, "LSCB_SOFFICE": str(_fake_soffice(tmp_path, 299))}
    command = subprocess.Popen(
        [LSCB, "build", str(board), "--pdf", "-o", str(out), "-q"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 60
        worker = None
        while time.monotonic() < deadline:
            workers = _children(command.pid)
            if workers and any(_children(w) for w in workers):  # the worker has started LibreOffice
                worker = workers[0]
                break
            time.sleep(0.1)
        assert worker is not None, "the worker never started LibreOffice"
        os.kill(command.pid, signal.SIGKILL)
        command.wait(10)
        deadline = time.monotonic() + 10
        while _group_alive(worker) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert not _group_alive(worker), "the worker or LibreOffice outlived lscb"
        # The LibreOffice lscb started for its builds to share goes too.
        while time.monotonic() < deadline and _running("sleep 299"):
            time.sleep(0.1)
        assert not _running("sleep 299"), "the shared LibreOffice outlived lscb"
        time.sleep(1)
        assert not out.exists()
        assert not out.parent.exists() or list(out.parent.iterdir()) == []
    finally:
        if command.poll() is None:
            command.kill()


def test_libreoffice_runs_under_its_own_time_limit_and_goes_with_the_build(
    board: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("LSCB_SOFFICE", str(_fake_soffice(tmp_path, 317)))
    # LibreOffice's command line, as where its scripting interface is missing (the shared one is below).
    monkeypatch.setattr("lscb_core._build.build._scriptable_office", lambda: False)
    monkeypatch.setattr("lscb_core._render.office.office_available", lambda: False)
    out = tmp_path / "r.docx"
    outcome = build_isolated(
        BuildRequest(board, output=out, pdf=True), limits=Limits(seconds=60, libreoffice_seconds=1)
    )
    (error,) = outcome.errors
    assert error.code == "build.pdf"
    assert error.message == "LibreOffice took longer than 1 seconds to convert the document"
    assert not out.exists()
    # Its program (the sleep) went with the worker's process group.
    sleeping = subprocess.run(["pgrep", "-f", "sleep 317"], capture_output=True, text=True, check=False)
    assert sleeping.stdout.split() == []


# --- check finds what build would reject -----------------------------------------------------


def test_check_works_out_every_narrative_template_and_says_all_at_once(tmp_path: Path) -> None:
    board = make_board(
        tmp_path / "b",
        {
            "narrative/context.md": "Testshire.\n\n{{ 1 / 0 }}\n",
            "narrative/foreword.md": "Local services.\n{{ board.nmae }}\n",
        },
    )
    outcome = check_isolated(board)
    found = sorted((str(f.location).split("2015-16/")[1], f.message) for f in outcome.errors)
    assert found == [
        ("narrative/context.md:3:1", "the narrative template failed: it divides by zero"),
        (
            "narrative/foreword.md:2:4",
            "`board.nmae` is not in the data; did you mean `board.name`?",
        ),
    ]
    build = build_isolated(BuildRequest(board, output=tmp_path / "r.docx"))
    assert sorted(f.message for f in build.errors) == sorted(m for _, m in found)
