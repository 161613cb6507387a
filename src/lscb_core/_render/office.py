"""One LibreOffice session for page numbers and a tagged PDF, reused by many builds.

A headless LibreOffice is started once, listening on a private pipe with a
private profile. Each job is a short script run by the Python that has
LibreOffice's ``uno`` module (the system's ``python3`` with Debian's
``python3-uno``): it opens lscb's document hidden, updates the contents,
reads the page of each heading, and exports a tagged PDF if asked. lscb then
writes those page numbers into its own document; LibreOffice's re-saved
.docx is never kept. Jobs from several worker processes take turns.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import fcntl
import functools
import hashlib
import json
import os
import re
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from types import TracebackType

import attrs

from lscb_core._base.limits import current_limits
from lscb_core._base.processes import office_child
from lscb_core._render.pdf import PdfError, find_soffice

__all__ = [
    "Office",
    "OfficeJob",
    "OfficeResult",
    "find_uno_python",
    "normalise_pdf",
    "office_available",
    "run_office_job",
]

JOB_TIMEOUT = 300.0
"""Seconds one job may take (a start of LibreOffice included)."""

_JOB_SCRIPT = Path(__file__).with_name("_uno_job.py")
_UNO_PYTHONS = ("/usr/bin/python3", "/usr/lib/libreoffice/program/python", "/opt/libreoffice/program/python")


@functools.cache
def find_uno_python() -> str | None:
    """A Python that can import LibreOffice's ``uno`` module (``LSCB_UNO_PYTHON`` may name one)."""
    candidates = [os.environ.get("LSCB_UNO_PYTHON") or "", *_UNO_PYTHONS]
    for candidate in candidates:
        if not candidate or not Path(candidate).is_file():
            continue
        try:
            done = subprocess.run(
                [candidate, "-c", "import uno"], capture_output=True, timeout=30, check=False
            )
        except (OSError, subprocess.TimeoutExpired):
            continue
        if done.returncode == 0:
            return candidate
    return None


def office_available() -> bool:
    """Whether page numbers can be filled in here: LibreOffice and its Python scripting interface."""
    return find_soffice() is not None and find_uno_python() is not None


class Office:
    """A headless LibreOffice listening on a private pipe; close it (or use ``with``) when done."""

    def __init__(self, soffice: str | None = None) -> None:
        command = soffice or find_soffice()
        if command is None:
            raise PdfError("LibreOffice is not installed (no 'soffice' on the PATH)")
        self.folder = Path(tempfile.mkdtemp(prefix="lscb-office-"))
        self.pipe = f"lscb-{os.getpid()}-{secrets.token_hex(6)}"
        self.lock = self.folder / "lock"
        self.lock.touch()
        self.template = _profile_template(command)
        if self.template is not None and self.template.is_dir():
            # A profile LibreOffice made before starts faster than a new one.
            with contextlib.suppress(OSError):
                shutil.copytree(self.template, self.folder / "profile", symlinks=True)
        try:
            self.process: subprocess.Popen[bytes] | None = subprocess.Popen(
                [
                    command,
                    f"-env:UserInstallation={(self.folder / 'profile').as_uri()}",
                    "--headless",
                    "--invisible",
                    "--nologo",
                    "--norestore",
                    "--nodefault",
                    "--nolockcheck",
                    f"--accept=pipe,name={self.pipe};urp;StarOffice.ComponentContext",
                ],
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
                start_new_session=True,
                # Only resource limits and prctl, before exec.
                preexec_fn=office_child(current_limits().libreoffice_memory_bytes),
            )
        except OSError as exc:
            shutil.rmtree(self.folder, ignore_errors=True)
            raise PdfError(f"LibreOffice could not be started ({command}): {exc}") from None
        self.owner = os.getpid()
        self.guardian = _guard(self.process.pid)

    @property
    def address(self) -> OfficeAddress:
        return OfficeAddress(self.pipe, str(self.lock))

    def close(self) -> None:
        """Stop LibreOffice (and everything it started) and remove its private profile."""
        process, self.process = self.process, None
        if process is None or os.getpid() != self.owner:
            return
        _let_go(self.guardian)
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(10)
            clean = True
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGKILL)
            process.wait()
            clean = False
        if clean and self.template is not None and not self.template.exists():
            _keep_profile(self.folder / "profile", self.template)
        shutil.rmtree(self.folder, ignore_errors=True)

    def __enter__(self) -> Office:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, value: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()


_GUARDIAN = """
import os, signal, sys
if sys.stdin.buffer.read(1) != b"q":  # lscb ended without closing LibreOffice: it goes too
    try:
        os.killpg(int(sys.argv[1]), signal.SIGKILL)
    except OSError:
        pass
"""


def _guard(group: int) -> subprocess.Popen[bytes] | None:
    """A small process that stops LibreOffice's whole process group when lscb ends without closing it.

    LibreOffice runs in a session of its own (so that a Ctrl-C reaches lscb
    first), and the parent-death signal reaches only the process lscb started,
    not the office processes that one starts; the guardian holds a pipe from
    lscb, and when it closes without a word (lscb was killed), kills the group.
    """
    try:
        return subprocess.Popen(
            [sys.executable, "-c", _GUARDIAN, str(group)],
            stdin=subprocess.PIPE,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
    except OSError:
        return None


def _let_go(guardian: subprocess.Popen[bytes] | None) -> None:
    """Tell the guardian that LibreOffice is being closed as it should be, and wait for it."""
    if guardian is None or guardian.stdin is None:
        return
    with contextlib.suppress(OSError):
        guardian.stdin.write(b"q")
        guardian.stdin.close()
    try:
        guardian.wait(5)
    except subprocess.TimeoutExpired:
        guardian.kill()
        guardian.wait()


def _profile_template(soffice: str) -> Path | None:
    """Where a LibreOffice profile is kept for new sessions to start from (one per LibreOffice)."""
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    try:
        where = Path(soffice).resolve()
        stamp = f"{where}:{where.stat().st_mtime_ns}"
    except OSError:
        return None
    return Path(base) / "lscb" / f"libreoffice-profile-{hashlib.sha256(stamp.encode()).hexdigest()[:16]}"


def _keep_profile(profile: Path, template: Path) -> None:
    """Keep a copy of a profile LibreOffice has set up, for sessions to start from; best effort."""
    if not (profile / "user").is_dir():
        return
    try:
        template.parent.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(dir=template.parent, prefix=".profile-"))
    except OSError:
        return
    try:
        shutil.copytree(profile, staging / "profile", symlinks=True)
        (staging / "profile").rename(template)
    except OSError:
        pass  # another session kept one first, or the cache cannot be written: start from a new profile
    finally:
        shutil.rmtree(staging, ignore_errors=True)


@attrs.frozen
class OfficeAddress:
    """How a job reaches a running LibreOffice (plain strings, so it passes to worker processes)."""

    pipe: str
    lock: str


@attrs.frozen
class OfficeResult:
    """What a job found: each asked-for bookmark's page, and the PDF if one was asked for."""

    pages: dict[str, int]
    pdf: bytes | None


@contextlib.contextmanager
def _turn(lock: str) -> Iterator[None]:
    """One job at a time in a LibreOffice (it works through documents one after another anyway)."""
    with Path(lock).open("a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


class OfficeJob:
    """One job for the LibreOffice at ``address``, started early: it connects while lscb works.

    :meth:`run` gives it the document; :meth:`cancel` ends it unused.
    """

    def __init__(self, address: OfficeAddress, *, timeout: float = JOB_TIMEOUT) -> None:
        python = find_uno_python()
        if python is None:
            raise PdfError(
                "LibreOffice's Python scripting interface is not installed (Debian: apt-get install python3-uno)"
            )
        self.address = address
        self.timeout = timeout
        self.started = time.monotonic()
        try:
            self.process: subprocess.Popen[bytes] | None = subprocess.Popen(
                [python, str(_JOB_SCRIPT), address.pipe, str(timeout)],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                # The job runs in the system's Python, not lscb's environment.
                env={k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONHOME")},
            )
        except OSError as exc:
            raise PdfError(f"LibreOffice's Python could not be started ({python}): {exc}") from None

    def cancel(self) -> None:
        process, self.process = self.process, None
        if process is not None and process.poll() is None:
            with contextlib.suppress(OSError, subprocess.TimeoutExpired):
                process.communicate(b"\n", timeout=5)
            if process.poll() is None:
                process.kill()
                process.wait()

    def run(
        self,
        docx: bytes,
        *,
        anchors: Sequence[str] = (),
        update_contents: bool = False,
        pdf: bool = False,
        title: str = "",
        meanwhile: Callable[[], object] | None = None,
    ) -> OfficeResult:
        """Open ``docx``; read the pages of ``anchors``; export a tagged PDF. ``meanwhile`` runs while LibreOffice works."""
        process, self.process = self.process, None
        if process is None:
            raise PdfError("this LibreOffice job has already run")
        with tempfile.TemporaryDirectory(prefix="lscb-job-") as work:
            folder = Path(work)
            source = folder / "report.docx"
            source.write_bytes(docx)
            target = folder / "report.pdf"
            request = {
                "docx": str(source),
                "pdf": str(target) if pdf else None,
                "anchors": list(anchors),
                "update_contents": update_contents,
                "title": title,
            }
            with _turn(self.address.lock):
                try:
                    assert process.stdin is not None
                    process.stdin.write((json.dumps(request) + "\n").encode())
                    process.stdin.flush()
                except OSError:
                    pass  # the job has ended already; what it said is read below
                if meanwhile is not None:
                    meanwhile()
                try:
                    remaining = max(1.0, self.timeout - (time.monotonic() - self.started))
                    out, err = process.communicate(timeout=remaining)
                except subprocess.TimeoutExpired:
                    process.kill()
                    process.wait()
                    raise PdfError(
                        f"LibreOffice took longer than {self.timeout:g} seconds with the document"
                    ) from None
            lines = out.decode(errors="replace").strip().splitlines()
            try:
                result = json.loads(lines[-1]) if lines else {}
            except json.JSONDecodeError:
                result = {}
            if not result.get("ok"):
                detail = result.get("error") or err.decode(errors="replace").strip()[-500:]
                raise PdfError(f"LibreOffice could not work on the document: {detail or 'no answer'}")
            if os.environ.get("LSCB_OFFICE_TIMINGS"):
                print(f"LibreOffice job seconds: {result.get('seconds')}", file=sys.stderr)
            pages = {str(k): int(v) for k, v in result.get("pages", {}).items()}
            data = target.read_bytes() if pdf else None
            if pdf and not data:
                raise PdfError("LibreOffice wrote no PDF")
            return OfficeResult(pages, data)


def run_office_job(
    address: OfficeAddress,
    docx: bytes,
    *,
    anchors: Sequence[str] = (),
    update_contents: bool = False,
    pdf: bool = False,
    title: str = "",
    timeout: float = JOB_TIMEOUT,
) -> OfficeResult:
    """Open ``docx`` in the LibreOffice at ``address``; read pages of ``anchors``; export a tagged PDF."""
    job = OfficeJob(address, timeout=timeout)
    try:
        return job.run(docx, anchors=anchors, update_contents=update_contents, pdf=pdf, title=title)
    finally:
        job.cancel()


_PDF_DATE = re.compile(rb"(/(?:CreationDate|ModDate)\s*\(D:)(\d{14})")
_XMP_DATE = re.compile(rb"(<xmp:(?:CreateDate|ModifyDate|MetadataDate)>)(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)")
_XMP_UUID = re.compile(rb"(uuid:)([0-9a-fA-F-]{36})")
_CHECKSUM = re.compile(rb"(/DocChecksum\s*/)([0-9A-Fa-f]+)")
_PDF_ID = re.compile(rb"/ID\s*\[\s*<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*\]")


def normalise_pdf(data: bytes, when: dt.datetime) -> bytes:
    """The same PDF with its dates set to ``when`` and its identifiers and checksum derived from its content.

    Every replacement keeps the length of what it replaces, so the PDF's
    cross-reference offsets stay right. The same document then gives the
    same bytes with the same LibreOffice and fonts.
    """
    stamp = when.strftime("%Y%m%d%H%M%S").encode()
    xmp_stamp = when.strftime("%Y-%m-%dT%H:%M:%S").encode()
    data = _PDF_DATE.sub(lambda m: m.group(1) + stamp, data)
    data = _XMP_DATE.sub(lambda m: m.group(1) + xmp_stamp, data)
    blank = _PDF_ID.sub(lambda m: b"/ID[]" + b" " * (len(m.group(0)) - 5), data)
    blank = _XMP_UUID.sub(lambda m: m.group(1) + b"0" * 36, blank)
    blank = _CHECKSUM.sub(lambda m: m.group(1) + b"0" * len(m.group(2)), blank)
    digest = hashlib.sha256(blank).hexdigest()

    def uuid(match: re.Match[bytes]) -> bytes:
        text = f"{digest[:8]}-{digest[8:12]}-{digest[12:16]}-{digest[16:20]}-{digest[20:32]}"
        return match.group(1) + text.encode()

    def identifier(match: re.Match[bytes]) -> bytes:
        first = digest[: len(match.group(1))].upper().encode()
        second = digest[: len(match.group(2))].upper().encode()
        return match.group(0).replace(match.group(1), first).replace(match.group(2), second)

    data = _XMP_UUID.sub(uuid, data)
    data = _CHECKSUM.sub(lambda m: m.group(1) + digest[-len(m.group(2)) :].upper().encode(), data)
    return _PDF_ID.sub(identifier, data)
