"""Work kept by what it was made from, so that a build does not redo what has not changed.

A build draws the structure chart, writes each chart's XML and workbook, and
reads each spreadsheet. When the same inputs come again (the author builds
once more after changing a sentence), :func:`kept` gives back what was made
before instead of making it again, which also spares importing the libraries
that make it (Pillow, python-pptx, openpyxl).

What was made is found first in this process's memory (a few dozen entries,
least recently used dropped), then in the folder a build names with
:func:`cache_in` (``build/.cache`` beside the default output; never the
board folder or a home directory). The key is a SHA-256 of the inputs'
``repr``, all of lscb's source, and the
versions of lscb and of the libraries named, so any change to what is made, or how, makes
it again. An entry that cannot be read back as a result is ignored and made
again: the cache only ever saves time. Each entry is sealed with an
HMAC-SHA256 under a key of this user's (kept in a folder of the system's
temporary folder that only the user can use), so a damaged entry, or one that
came from anyone else (a ``build/.cache`` in a shared board folder), is
ignored: what is kept cannot put into a report anything its inputs would not.

Results made during a build are not saved at once: :func:`made_here` hands
them over and :func:`save` writes them once the build has succeeded (a
build's worker process hands them to its parent, which writes the outputs).
"""

from __future__ import annotations

import collections
import contextlib
import contextvars
import hashlib
import hmac
import os
import secrets
import stat
import tempfile
from collections.abc import Callable, Iterator, Mapping, Sequence
from importlib import metadata
from pathlib import Path
from typing import Any, TypeVar

import attrs

__all__ = ["cache_in", "kept", "made_here", "save"]

T = TypeVar("T")

MAX_ENTRY_BYTES = 32 * 1024 * 1024
"""An entry larger than this is neither saved nor read."""
_MEMORY_ENTRIES = 64


@attrs.define
class _Place:
    folder: Path | None
    made: dict[str, bytes] = attrs.field(factory=dict)


_memory: collections.OrderedDict[str, Any] = collections.OrderedDict()
_place: contextvars.ContextVar[_Place | None] = contextvars.ContextVar("lscb_keep", default=None)


@contextlib.contextmanager
def cache_in(folder: Path | None) -> Iterator[None]:
    """Look for kept results in ``folder`` (``None``: in this process's memory only) while the block runs."""
    token = _place.set(_Place(folder))
    try:
        yield
    finally:
        _place.reset(token)


def kept(
    kind: str,
    inputs: object,
    make: Callable[[], T],
    *,
    encode: Callable[[T], bytes],
    decode: Callable[[bytes], T | None],
    versions: Sequence[str] = (),
) -> T:
    """What ``make()`` returns, or what it returned before for the same ``inputs``.

    ``kind`` names the sort of result (the entry's file name starts with it);
    ``inputs`` must have a ``repr`` that says everything the result depends on
    besides lscb's code (all of which goes into the key); ``versions`` names
    the distributions it uses (their versions go into the key too). ``encode`` turns a result
    into bytes to save; ``decode`` turns saved bytes back into a result, or
    ``None`` when they are not one. A result ``encode`` cannot save (it raises
    ``TypeError`` or ``ValueError``) is kept in memory only.
    """
    key = f"{kind}-{_key(kind, inputs, versions)}"
    place = _place.get()
    entry = place.folder / key if place is not None and place.folder is not None else None
    if key in _memory:
        _memory.move_to_end(key)
        known: T = _memory[key]
        # Known to this process (made before a build began, say) but not yet in this build's folder.
        if place is not None and entry is not None and not entry.exists():
            _hand_over(place, entry, known, encode)
        return known
    result: T | None = None
    if entry is not None:
        data = _read(entry)
        result = decode(data) if data is not None else None
    if result is None:
        result = make()
        if place is not None and entry is not None:
            _hand_over(place, entry, result, encode)
    _memory[key] = result
    while len(_memory) > _MEMORY_ENTRIES:
        _memory.popitem(last=False)
    return result


def _hand_over(place: _Place, entry: Path, result: T, encode: Callable[[T], bytes]) -> None:
    if _key_bytes() is None:  # nothing could be sealed, so nothing would be read back
        return
    with contextlib.suppress(TypeError, ValueError):
        data = encode(result)
        if len(data) <= MAX_ENTRY_BYTES:
            place.made[str(entry)] = _sealed(data, entry)


def made_here() -> dict[str, bytes]:
    """The results made since :func:`cache_in` began, by the file each is to be saved in; handed over once."""
    place = _place.get()
    if place is None:
        return {}
    made = dict(place.made)
    place.made.clear()
    return made


def save(made: Mapping[str, bytes]) -> None:
    """Save results handed over by :func:`made_here`; a folder that cannot be written is left alone."""
    for name, data in made.items():
        path = Path(name)
        with contextlib.suppress(OSError):
            path.parent.mkdir(parents=True, exist_ok=True)
            if _BY_FOLDER:
                _save_in(path.parent, path.name, data)
                continue
            if not _own_folder(path.parent):
                continue
            handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".", suffix=".tmp")
            try:
                with os.fdopen(handle, "wb") as out:
                    out.write(data)
                Path(temporary).replace(path)
            except OSError:
                Path(temporary).unlink(missing_ok=True)
                raise


_BY_FOLDER = (
    os.open in os.supports_dir_fd
    and os.replace in os.supports_dir_fd
    and bool(getattr(os, "O_NOFOLLOW", 0) and getattr(os, "O_DIRECTORY", 0))
)
"""Whether an entry can be written through the open folder itself (not its name, which could be swapped)."""


def _save_in(folder: Path, name: str, data: bytes) -> None:
    """Write ``name`` in ``folder`` through the folder opened once: not through a link, and only if the
    user owns it, with no moment between the check and the writing for the folder to be swapped."""
    fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW)
    try:
        facts = os.fstat(fd)
        if not stat.S_ISDIR(facts.st_mode) or facts.st_uid != os.getuid():
            return
        temporary = f".{name}.{secrets.token_hex(8)}.tmp"
        handle = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o600, dir_fd=fd)
        try:
            with os.fdopen(handle, "wb") as out:
                out.write(data)
            os.replace(temporary, name, src_dir_fd=fd, dst_dir_fd=fd)
        except OSError:
            with contextlib.suppress(OSError):
                os.unlink(temporary, dir_fd=fd)
            raise
    finally:
        os.close(fd)


def forget() -> None:
    """Empty this process's memory of kept results (for tests and benchmarks)."""
    _memory.clear()


def _key(kind: str, inputs: object, versions: Sequence[str]) -> str:
    digest = hashlib.sha256()
    digest.update(repr((kind, _versions(tuple(versions)), inputs)).encode())
    digest.update(_lscb_source())
    return digest.hexdigest()


_source_digest: list[bytes] = []


def _lscb_source() -> bytes:
    """A digest of all of lscb's source files, taken once a process: each file's place, size and time of change.

    A result depends on more than the module that makes it (a picture's
    cleaning on the module that finds its metadata, a chart on the modules
    that describe it), so a change to any of lscb's code (a stricter cleaning,
    say) makes every result again, even where the version is unchanged. A
    file's size and time of change tell that it changed, as they tell Python
    to compile a module again, without reading every file on every build.
    """
    if not _source_digest:
        digest = hashlib.sha256()
        package = Path(__file__).resolve().parent.parent
        for place, found in _source_files(package, ""):
            digest.update(f"{place}\0{found.st_size}\0{found.st_mtime_ns}\0".encode())
        _source_digest.append(digest.digest())
    return _source_digest[0]


def _source_files(folder: Path | str, place: str) -> Iterator[tuple[str, os.stat_result]]:
    """Each Python file under ``folder``, by its place in the package, in a fixed order."""
    try:
        with os.scandir(folder) as listing:
            entries = sorted(listing, key=lambda entry: entry.name)
    except OSError:
        return
    for entry in entries:
        try:
            if entry.is_dir(follow_symlinks=False):
                yield from _source_files(entry.path, f"{place}{entry.name}/")
            elif entry.name.endswith(".py"):
                yield f"{place}{entry.name}", entry.stat()
        except OSError:
            continue


_known_versions: dict[tuple[str, ...], tuple[str, ...]] = {}


def _versions(names: tuple[str, ...]) -> tuple[str, ...]:
    if names not in _known_versions:
        from lscb_core import __version__

        found = [__version__]
        for name in names:
            try:
                found.append(metadata.version(name))
            except metadata.PackageNotFoundError:
                found.append("?")
        _known_versions[names] = tuple(found)
    return _known_versions[names]


_SEAL = b"lscb kept "


def _sealed(data: bytes, entry: Path) -> bytes:
    """``data`` behind a line that holds its seal (see :func:`_seal`)."""
    return _SEAL + _seal(data, entry.name).encode() + b"\n" + data


def _seal(data: bytes, name: str) -> str:
    """An HMAC-SHA256 of the entry's name and data under this user's key.

    An entry is trusted only if this user's lscb wrote it: a ``build/.cache``
    that came with a board folder from someone else (in a zip or a
    repository) is ignored, not used, so it cannot put anything into a report
    that the report's own inputs would not. Without a key, nothing is sealed.
    """
    key = _key_bytes()
    if key is None:
        return ""
    return hmac.new(key, name.encode() + b"\0" + data, hashlib.sha256).hexdigest()


def _read(path: Path) -> bytes | None:
    """The data saved at ``path``; ``None`` when there is none, or it is damaged, not an entry, or not ours."""
    try:
        # Not through a link, and only a file: a planted link to /dev/zero or a named pipe would
        # otherwise be read without end, or wait for ever. At most one byte past the largest entry
        # is read, whatever the file's size says (it may grow while it is read).
        handle = os.open(path, os.O_RDONLY | _NOFOLLOW | getattr(os, "O_NONBLOCK", 0))
    except OSError:
        return None
    try:
        with os.fdopen(handle, "rb") as source:
            if not stat.S_ISREG(os.fstat(source.fileno()).st_mode):
                return None
            saved = source.read(_MAX_SAVED + 1)
    except OSError:
        return None
    if len(saved) > _MAX_SAVED:
        return None
    seal, _, data = saved.partition(b"\n")
    expected = _seal(data, path.name)
    if not expected or not hmac.compare_digest(seal, _SEAL + expected.encode()):
        return None
    return data


_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_MAX_SAVED = MAX_ENTRY_BYTES + len(_SEAL) + 65
"""The most an entry's file holds: its data, behind the seal's line."""


def _own_folder(folder: Path) -> bool:
    """Whether ``folder`` is a folder itself (not a link to one elsewhere) that this user owns.

    A ``build/.cache`` that is a link (one that came with a board folder, say,
    pointing into the user's home) is not written to: saving would put files
    wherever it points.
    """
    try:
        facts = folder.lstat()
    except OSError:
        return False
    getuid = getattr(os, "getuid", None)
    owned = getuid is None or facts.st_uid == getuid()
    return stat.S_ISDIR(facts.st_mode) and owned


_KEY_BYTES = 32
_user_key: list[bytes | None] = []


def _key_bytes() -> bytes | None:
    """This user's key for sealing entries, kept in a folder of the system's temporary folder that only
    the user can use (made when missing); ``None`` where there is none to be had (then results are
    kept in memory only). The key is never in a board folder or a home directory."""
    if not _user_key:
        _user_key.append(_load_key())
    return _user_key[0]


def _load_key() -> bytes | None:
    getuid = getattr(os, "getuid", None)
    if getuid is None:  # no owner to check the folder against: keep results in memory only
        return None
    folder = Path(tempfile.gettempdir()) / f"lscb-{getuid()}"
    try:
        folder.mkdir(mode=0o700, exist_ok=True)
        facts = folder.lstat()
        if not stat.S_ISDIR(facts.st_mode) or facts.st_uid != getuid() or facts.st_mode & 0o077:
            return None  # someone else's, or open to others: not to be trusted
        path = folder / "cache-key"
        try:
            handle = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | _NOFOLLOW, 0o600)
        except FileExistsError:
            pass
        else:
            with os.fdopen(handle, "wb") as out:
                out.write(secrets.token_bytes(_KEY_BYTES))
        handle = os.open(path, os.O_RDONLY | _NOFOLLOW)
        with os.fdopen(handle, "rb") as source:
            facts = os.fstat(source.fileno())
            if facts.st_uid != getuid() or facts.st_mode & 0o077:
                return None
            key = source.read(_KEY_BYTES + 1)
    except OSError:
        return None
    return key if len(key) == _KEY_BYTES else None
