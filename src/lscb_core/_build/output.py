"""Writing the report: a regular file or nothing.

The output path must be a regular file or not exist yet. A device, a pipe, a
socket or a folder at that path is refused before anything is built, as is a
place that cannot be written; a disk that fills up while writing is a clear
error, and nothing is left behind (no partial file, no folder made for it).
A new report replaces the old one in a single step, so that a reader sees one
or the other, never a part.
"""

from __future__ import annotations

import contextlib
import errno
import io
import os
import shutil
import stat
import tempfile
import zipfile
from collections.abc import Mapping, Sequence
from pathlib import Path

from lscb_core._base.keep import save

__all__ = [
    "DEFAULT_FOLDER",
    "KEPT_FOLDER",
    "OUTPUTS",
    "OutputError",
    "check_document",
    "check_output_path",
    "output_paths",
    "write_atomically",
    "write_folder_atomically",
    "write_made",
    "write_output",
]

DEFAULT_FOLDER = Path("build")
"""Where a build writes when it is not told where."""
KEPT_FOLDER = DEFAULT_FOLDER / ".cache"
"""Where builds keep what they made for the next build to reuse (see :mod:`lscb_core._base.keep`)."""


class OutputError(Exception):
    """The report cannot be written where it was asked for; the message says why, in words."""


def check_output_path(path: Path) -> None:
    """Refuse, before building, an output path that is not a regular file or a new file in a writable folder."""
    try:
        mode = path.stat().st_mode
    except (FileNotFoundError, NotADirectoryError):
        mode = None
    except OSError as exc:
        raise OutputError(f"{path}: cannot be written: {_reason(exc)}") from None
    if mode is not None and not stat.S_ISREG(mode):
        raise OutputError(f"{path}: {_kind(mode)} is there, not a file; give a file name for the report")
    folder = _existing_parent(path.parent)
    if not folder.is_dir():
        raise OutputError(f"{path}: {folder} is not a folder, so the report cannot be written inside it")
    if not os.access(folder, os.W_OK | os.X_OK):
        raise OutputError(f"{path}: the folder {folder} cannot be written to")


def _existing_parent(folder: Path) -> Path:
    while not folder.exists() and folder != folder.parent:
        folder = folder.parent
    return folder


def _kind(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISFIFO(mode):
        return "a pipe"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "something other than a file"


def _reason(exc: OSError) -> str:
    if exc.errno in (errno.ENOSPC, errno.EDQUOT):
        return "the disk is full"
    if exc.errno == errno.EFBIG:
        return "the file would be larger than this place allows"
    if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return "permission denied"
    return (exc.strerror or "it failed").lower()


def check_document(data: bytes) -> None:
    """Refuse bytes that are not a complete Word document (a worker's result is checked before it is written)."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            names = set(package.namelist())
    except (zipfile.BadZipFile, ValueError):
        names = set()
    if "[Content_Types].xml" not in names or "word/document.xml" not in names:
        raise OutputError("the build did not produce a complete Word document, so nothing was written")


def write_atomically(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` so that readers see the old file or the new one, never a part.

    Raises :class:`OSError` as it comes; :func:`write_output` says it in words.
    """
    made = _make_folders(path.parent)
    temporary: str | None = None
    try:
        handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
        with os.fdopen(handle, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        # mkstemp makes the file private; give it the mode a new file would have.
        mask = os.umask(0)
        os.umask(mask)
        Path(temporary).chmod(0o666 & ~mask)
        check_output_path(path)  # nothing has become a device or a folder there meanwhile
        Path(temporary).replace(path)
    except BaseException:
        if temporary is not None:
            with contextlib.suppress(OSError):
                Path(temporary).unlink()
        for folder in reversed(made):
            with contextlib.suppress(OSError):
                folder.rmdir()
        raise


def _make_folders(folder: Path) -> list[Path]:
    """Make ``folder`` and any missing parents; the ones made, outermost first."""
    missing: list[Path] = []
    while not folder.exists() and folder != folder.parent:
        missing.append(folder)
        folder = folder.parent
    made: list[Path] = []
    try:
        for new in reversed(missing):
            new.mkdir()
            made.append(new)
    except OSError:
        for new in reversed(made):
            with contextlib.suppress(OSError):
                new.rmdir()
        raise
    return made


def write_output(path: Path, data: bytes) -> None:
    """Write the report to ``path``; raises :class:`OutputError` in words (and leaves nothing) if it cannot."""
    check_output_path(path)
    try:
        write_atomically(path, data)
    except OutputError:
        raise
    except OSError as exc:
        raise OutputError(
            f"{path}: the report could not be written: {_reason(exc)}; nothing was written"
        ) from None


OUTPUTS = ("docx", "html", "pdf")
"""What a build can write: the Word document, the web edition (a folder) and a tagged PDF."""


def output_paths(target: Path, outputs: Sequence[str]) -> dict[str, Path]:
    """Where each output goes. One output: ``target`` itself; several: ``target`` names a stem.

    With several outputs, ``report`` (or ``report.docx``) gives ``report.docx``,
    ``report.pdf`` and the folder ``report-html/``.
    """
    if len(outputs) == 1:
        return {outputs[0]: target}
    stem = target.with_suffix("") if target.suffix.lower() in (".docx", ".pdf", ".html") else target
    suffixes = {"docx": ".docx", "pdf": ".pdf", "html": "-html"}
    return {kind: stem.with_name(stem.name + suffixes[kind]) for kind in outputs}


def write_folder_atomically(path: Path, files: Mapping[str, bytes]) -> None:
    """Write a folder of files beside ``path`` and rename it into place, replacing an earlier one."""
    path.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp"))
    old: Path | None = None
    try:
        mask = os.umask(0)
        os.umask(mask)
        staging.chmod(0o777 & ~mask)
        for name, data in sorted(files.items()):
            target = staging / name
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
        if path.is_dir() and not path.is_symlink():
            old = Path(tempfile.mkdtemp(dir=path.parent, prefix=f".{path.name}.", suffix=".old"))
            old.rmdir()
            path.rename(old)
        elif path.exists() or path.is_symlink():
            path.unlink()
        staging.rename(path)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        if old is not None and not path.exists():
            old.rename(path)
        raise
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


def write_made(
    paths: Mapping[str, Path],
    *,
    data: bytes | None = None,
    pdf_data: bytes | None = None,
    web: Mapping[str, bytes] | None = None,
    made: Mapping[str, bytes] | None = None,
) -> None:
    """Write what a build made to its ``paths``; raises :class:`OutputError` in words, leaving nothing.

    The Word document is checked to be complete before it is written. What
    the build made for the next one to reuse (``made``) is saved once the
    outputs are. Everything here is light to import: the process that starts
    a build's worker writes its outputs without loading what builds them.
    """
    if data is not None:
        check_document(data)
        write_output(paths["docx"], data)
    if pdf_data is not None:
        write_output(paths["pdf"], pdf_data)
    if web is not None:
        target = paths["html"]
        try:
            write_folder_atomically(target, web)
        except OSError as exc:
            raise OutputError(
                f"{target}: the web edition could not be written: {(exc.strerror or str(exc)).lower()}; nothing was written"
            ) from None
    save(made or {})
