"""``lscb serve``: a live preview of a board's web edition, rebuilt whenever the board folder changes.

The preview serves, on localhost by default, the web edition of the board's
report (the public edition, with a link to the board's own) with the findings
of ``lscb check`` shown beside what they concern and listed in full. Each
rebuild runs in a build worker, like ``lscb build``. Only the generated pages
and the pictures they show are served, from memory: never a file of the board
folder. The only script is the preview's live reload, which asks every half
second whether a newer build is ready.
"""

from __future__ import annotations

import base64
import hashlib
import http.server
import re
import signal
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from markupsafe import escape

from lscb_core._base.findings import Finding, Level
from lscb_core._build.batch import BuildOutcome, BuildRequest, build_many, warm_up
from lscb_core._model.editions import Edition
from lscb_core._render.html import PREVIEW_MARKER, STYLESHEET, WebStyle, stylesheet

__all__ = ["Preview", "serve"]

POLL_SECONDS = 0.25
"""How often the board folder is looked at for changes."""

_RELOAD = """(function () {
  var seen = null;
  function ask() {
    var edition = location.pathname.indexOf("/board/") === 0 ? "board" : "public";
    fetch("/__lscb/version/" + edition, {cache: "no-store"}).then(function (r) { return r.text(); }).then(function (v) {
      if (seen === null) { seen = v; } else if (v !== seen) { location.reload(); return; }
      setTimeout(ask, 500);
    }).catch(function () { setTimeout(ask, 1000); });
  }
  ask();
})();"""
_RELOAD_HASH = base64.b64encode(hashlib.sha256(_RELOAD.encode()).digest()).decode()
_POLICY = (
    "default-src 'none'; img-src 'self'; style-src 'self'; connect-src 'self'; "
    f"script-src 'sha256-{_RELOAD_HASH}'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
)
_TYPES = {
    ".html": "text/html; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".png": "image/png",
    ".jpg": "image/jpeg",
}
_EDITIONS = {Edition.PUBLIC: "/", Edition.BOARD: "/board/"}
_SKIPPED_DIRS = {".git", "__pycache__", ".hypothesis", ".mypy_cache"}


def _bar(edition: Edition, status: str, findings: int | None) -> str:
    links = []
    for each, prefix in _EDITIONS.items():
        name = "Public edition" if each is Edition.PUBLIC else "Board edition"
        current = ' aria-current="page"' if each is edition else ""
        links.append(f'<a href="{prefix}"{current}>{name}</a>')
    if findings is not None:
        links.append(f'<a href="#findings">What lscb check found ({findings})</a>')
    return (
        '<div class="preview-bar" role="region" aria-label="Preview">'
        f"<p><strong>lscb preview</strong> ({escape(status)}): {' | '.join(links)}</p></div>\n"
    )


def _inject(page: bytes, edition: Edition, status: str, findings: int | None) -> bytes:
    """The page with the preview's bar (after the skip link) and its live reload script."""
    text = page.decode("utf-8")
    bar = _bar(edition, status, findings)
    if PREVIEW_MARKER in text:
        text = text.replace(PREVIEW_MARKER, bar, 1)
    else:
        text = re.sub(r"(<body[^>]*>)", lambda m: m.group(1) + bar, text, count=1)
    script = f"<script>{_RELOAD}</script>"
    text = text.replace("</body>", f"{script}</body>", 1) if "</body>" in text else text + script
    return text.encode("utf-8")


def _failure_page(edition: Edition, findings: tuple[Finding, ...]) -> bytes:
    items = "".join(
        f"<li><strong>{escape(f.level.value)}</strong>: {escape(f.message)} "
        f'<span class="remark-where">{escape(str(f.location or ""))} [{escape(f.code)}]</span></li>\n'
        for f in findings
        if f.level is Level.ERROR
    )
    return (
        '<!DOCTYPE html><html lang="en-GB"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        '<title>The report could not be built</title><link rel="stylesheet" href="/style.css"></head><body>'
        f"{PREVIEW_MARKER}"
        '<main id="main" class="layout"><section class="all-remarks">'
        "<h1>The report could not be built</h1><p>Fix these, and the preview will show the report again:</p>"
        f"<ul>{items}</ul></section></main></body></html>"
    ).encode()


def _snapshot(folder: Path) -> dict[str, tuple[int, int]]:
    """Every file under ``folder`` with its modification time and size."""
    seen: dict[str, tuple[int, int]] = {}
    stack = [folder]
    while stack:
        current = stack.pop()
        try:
            entries = list(current.iterdir())
        except OSError:
            continue
        for entry in entries:
            try:
                if entry.is_dir() and not entry.is_symlink():
                    if entry.name not in _SKIPPED_DIRS:
                        stack.append(entry)
                    continue
                info = entry.stat()
            except OSError:
                continue
            seen[str(entry.relative_to(folder))] = (info.st_mtime_ns, info.st_size)
    return seen


class Preview:
    """The preview's pages in memory, rebuilt from the board folder when it changes."""

    def __init__(
        self,
        board_dir: Path,
        period: str | None = None,
        *,
        block: tuple[str, ...] = (),
        plugins: tuple[str, ...] = (),
        timeout: float = 600.0,
        work: Path,
        on_built: Callable[[list[BuildOutcome]], None] | None = None,
    ) -> None:
        self.board_dir = board_dir
        self.period = period
        self.block = block
        self.plugins = plugins
        self.timeout = timeout
        self.work = work
        self.on_built = on_built
        self.files: dict[Edition, dict[str, bytes]] = {}
        self.findings: dict[Edition, int | None] = {}
        self.versions: dict[Edition, int] = {}
        self.watched: dict[Edition, float] = {}
        self.lock = threading.Lock()
        self.stopping = threading.Event()

    def build(self) -> list[BuildOutcome]:
        """Build both editions' web pages in worker processes and put them in place."""
        requests = [
            BuildRequest(
                self.board_dir,
                self.period,
                output=self.work / edition.value,
                edition=edition,
                block=self.block,
                plugins=self.plugins,
                outputs=("html",),
                preview=True,
            )
            for edition in self._order()
        ]
        # One at a time, the edition being read first, each put in place as soon as it is built.
        outcomes = build_many(requests, jobs=1, timeout=self.timeout, warm=False, on_done=self._put)
        outcomes.sort(key=lambda o: list(_EDITIONS).index(o.request.edition))
        if self.on_built is not None:
            self.on_built(outcomes)
        return outcomes

    def _put(self, outcome: BuildOutcome) -> None:
        edition = outcome.request.edition
        files: dict[str, bytes] = {}
        if outcome.ok and outcome.html is not None:
            for path in sorted(outcome.html.rglob("*")):
                if path.is_file():
                    files[path.relative_to(outcome.html).as_posix()] = path.read_bytes()
        else:
            files["index.html"] = _failure_page(edition, outcome.findings)
        with self.lock:
            self.files[edition] = files
            self.findings[edition] = len(outcome.findings) if outcome.ok else None
            self.versions[edition] = self.versions.get(edition, 0) + 1

    def _order(self) -> list[Edition]:
        """The editions, the one a browser asked about last first."""
        with self.lock:
            watched = dict(self.watched)
        return sorted(_EDITIONS, key=lambda e: -watched.get(e, 0.0 if e is Edition.PUBLIC else -1.0))

    def version(self, edition: Edition) -> int:
        """The edition's build number (asked by the live reload, which says the edition is being read)."""
        with self.lock:
            self.watched[edition] = time.monotonic()
            return self.versions.get(edition, 0)

    def page(self, path: str) -> tuple[bytes, str] | None:
        """What the preview serves at ``path``: generated pages and pictures only."""
        edition = Edition.BOARD if path == "/board" or path.startswith("/board/") else Edition.PUBLIC
        name = path.removeprefix(_EDITIONS[edition].rstrip("/")).lstrip("/") or "index.html"
        if name.endswith("/"):
            name += "index.html"
        with self.lock:
            data = self.files.get(edition, {}).get(name)
            version = self.versions.get(edition, 0)
            findings = self.findings.get(edition)
        if data is None and name == STYLESHEET:
            data = stylesheet(WebStyle()).encode()
        if data is None:
            return None
        suffix = Path(name).suffix
        if suffix == ".html":
            data = _inject(data, edition, f"build {version}", findings)
        return data, _TYPES.get(suffix, "application/octet-stream")

    def watch(self) -> None:
        """Rebuild whenever a file in the board folder changes, until stopped."""
        before = _snapshot(self.board_dir)
        while not self.stopping.wait(POLL_SECONDS):
            now = _snapshot(self.board_dir)
            if now == before:
                continue
            # Let an editor finish writing before building.
            while not self.stopping.wait(0.1):
                settled = _snapshot(self.board_dir)
                if settled == now:
                    break
                now = settled
            before = now
            if not self.stopping.is_set():
                self.build()


def _handler(preview: Preview) -> type[http.server.BaseHTTPRequestHandler]:
    class Handler(http.server.BaseHTTPRequestHandler):
        server_version = "lscb-preview"
        sys_version = ""

        def do_GET(self) -> None:
            self._answer(body=True)

        def do_HEAD(self) -> None:
            self._answer(body=False)

        def _answer(self, *, body: bool) -> None:
            path = urlsplit(self.path).path
            if path.startswith("/__lscb/version/"):
                edition = Edition.BOARD if path.endswith("/board") else Edition.PUBLIC
                self._send(200, str(preview.version(edition)).encode(), "text/plain; charset=utf-8", body)
                return
            if path == "/board":
                self.send_response(301)
                self.send_header("Location", "/board/")
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            found = preview.page(path)
            if found is None:
                self._send(
                    404,
                    b"Not found: the preview serves only the report's pages and pictures.\n",
                    "text/plain; charset=utf-8",
                    body,
                )
                return
            self._send(200, found[0], found[1], body)

        def _send(self, status: int, data: bytes, kind: str, body: bool) -> None:
            self.send_response(status)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(data)))
            self.send_header("Cache-Control", "no-store")
            self.send_header("X-Content-Type-Options", "nosniff")
            self.send_header("Referrer-Policy", "no-referrer")
            self.send_header("Content-Security-Policy", _POLICY)
            self.end_headers()
            if body:
                self.wfile.write(data)

        def log_message(self, format: str, *args: Any) -> None:
            return  # the preview says what it builds, not every request

    return Handler


def _interrupt(signum: int, frame: Any) -> None:
    raise KeyboardInterrupt


def serve(
    board_dir: Path,
    *,
    period: str | None,
    host: str,
    port: int,
    block: tuple[str, ...],
    plugins: tuple[str, ...],
    timeout: float,
    say: Callable[[str], None],
    work: Path,
    report: Callable[[list[BuildOutcome]], None] | None = None,
) -> None:
    """Build, then serve until interrupted (Ctrl-C), rebuilding when the board folder changes."""
    warm_up()
    preview = Preview(
        board_dir, period, block=block, plugins=plugins, timeout=timeout, work=work, on_built=report
    )
    server = http.server.ThreadingHTTPServer((host, port), _handler(preview))
    server.daemon_threads = True
    shown_host = f"[{host}]" if ":" in host else host
    say(f"Building the preview of {board_dir} ...")
    started = time.perf_counter()
    preview.build()
    say(f"Built in {time.perf_counter() - started:.1f} s")
    say(f"Serving the preview at http://{shown_host}:{server.server_address[1]}/ (Ctrl-C to stop)")
    watcher = threading.Thread(target=preview.watch, name="lscb-preview-watch", daemon=True)
    watcher.start()
    # Ctrl-C (and a polite kill) stop the preview cleanly, even when started with SIGINT ignored.
    signal.signal(signal.SIGINT, signal.default_int_handler)
    signal.signal(signal.SIGTERM, _interrupt)
    try:
        server.serve_forever(poll_interval=0.25)
    finally:
        preview.stopping.set()
        server.server_close()
        watcher.join(timeout=5)
