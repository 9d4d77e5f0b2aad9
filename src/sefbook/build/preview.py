"""`sefbook preview`: the report rebuilt on every save and shown on localhost, reloading itself.

    build(edition)                                   # cached: only the parts whose inputs changed
    serve output/<edition>/ on 127.0.0.1             # the page polls /__sefbook/state and reloads
    for changes in watchfiles.watch(edition, data, notebooks):
        build(edition) with the same warm kernels    # a paragraph is in place in a second or two

The report on disk is the real one (no script in it); the server adds the few lines that reload
the page, and a banner with the message when the last save could not be built (the last good
report stays on screen underneath).

The server answers only requests addressed to 127.0.0.1, localhost or [::1] (a page of another
site reaching it by DNS rebinding is refused, 421), with no-store and same-origin headers, and
serves only files inside the report's folder (a bad path is a 400 or 404, never a traceback).
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
import threading
import time
from collections.abc import Callable
from functools import partial
from html import escape
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote

from sefbook.build.freshness import REPORT_FILE, output_root
from sefbook.build.kernels import KernelPool
from sefbook.build.pipeline import build
from sefbook.errors import SefbookError
from sefbook.paths import EDITION_FILE, notebooks_folder, resolve

STATE_PATH = "/__sefbook/state"
RELOAD_CODE = f"""
(function () {{
  var seen = null;
  setInterval(function () {{
    fetch("{STATE_PATH}", {{cache: "no-store"}}).then(function (r) {{ return r.json(); }}).then(function (state) {{
      if (seen !== null && state.version !== seen) {{ location.reload(); }}
      seen = state.version;
    }}).catch(function () {{}});
  }}, 700);
}})();
"""
RELOAD = f"<script>{RELOAD_CODE}</script>"


class PreviewState:
    """What the page asks for: a version that changes with every build, and the last error."""

    def __init__(self) -> None:
        self.version = 0
        self.error = ""
        self.lock = threading.Lock()

    def built(self, error: str = "") -> None:
        with self.lock:
            self.version += 1
            self.error = error

    def as_json(self) -> bytes:
        with self.lock:
            return json.dumps({"version": self.version, "error": self.error}).encode("utf-8")


LOCAL_HOSTS = ("localhost", "127.0.0.1", "[::1]")
LONGEST_PATH = 2048
# The reload script is the only script a page may run (by its digest), and only this origin may
# be fetched, framed or send it anything: another site's page learns nothing of the draft
CONTENT_POLICY = (
    "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; font-src 'self' data:; "
    f"script-src 'sha256-{base64.b64encode(hashlib.sha256(RELOAD_CODE.encode()).digest()).decode()}'; "
    "connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'"
)
HEADERS = {
    "Cache-Control": "no-store",
    "Cross-Origin-Resource-Policy": "same-origin",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Referrer-Policy": "no-referrer",
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Content-Security-Policy": CONTENT_POLICY,
}


class _Handler(SimpleHTTPRequestHandler):
    """Answers only a request addressed to this machine by name (a page of another site that got
    a browser here by DNS rebinding names its own host), and serves only the report's folder."""

    state: PreviewState

    def log_message(self, format: str, *args: object) -> None:
        pass  # a request a second is not news

    def end_headers(self) -> None:
        for name, value in HEADERS.items():
            self.send_header(name, value)
        super().end_headers()

    def do_GET(self) -> None:
        self._answer(body=True)

    def do_HEAD(self) -> None:
        self._answer(body=False)

    def _answer(self, body: bool) -> None:
        try:
            if not self._addressed_here():
                return
            path = self._path()
            if path is None:
                return self._plain(400, "Bad request", body)
            if path == STATE_PATH:
                return self._send(self.state.as_json(), "application/json", body)
            if path in ("/", f"/{REPORT_FILE}"):
                return self._send(self._page(), "text/html; charset=utf-8", body)
            file = self._file(path)
            if file is None:
                return self._plain(404, "Not found", body)
            return self._send(file.read_bytes(), self.guess_type(str(file)), body)
        except (ConnectionError, TimeoutError):
            pass  # the browser went away
        except OSError:
            self._plain(404, "Not found", body)

    def _addressed_here(self) -> bool:
        hosts = self.headers.get_all("Host") or []
        address = self.server.server_address
        port = address[1] if isinstance(address, tuple) else ""  # an IP server's address is (host, port)
        allowed = {f"{host}{suffix}" for host in LOCAL_HOSTS for suffix in ("", f":{port}")}
        if len(hosts) != 1:
            self._plain(403, "A request to the preview must name its host", True)
            return False
        if hosts[0].strip().lower() not in allowed:
            self._plain(421, "The preview answers only http://127.0.0.1 and http://localhost", True)
            return False
        return True

    def _path(self) -> str | None:
        """The request's path, decoded; None if it is not a plain one (too long, badly encoded,
        a control character, a step up or an absolute URL)."""
        raw = self.path.split("?", 1)[0].split("#", 1)[0]
        if len(self.path) > LONGEST_PATH or not raw.startswith("/") or re.search("%(?![0-9A-Fa-f]{2})", raw):
            return None
        try:
            path = unquote(raw, errors="strict")
        except UnicodeDecodeError:
            return None
        if any(ord(c) < 32 or ord(c) == 127 for c in path) or "\\" in path or ".." in path.split("/"):
            return None
        return path

    def _file(self, path: str) -> Path | None:
        """The file a path names inside the report's folder (after following links), if it is one."""
        folder = Path(self.directory).resolve()
        parts = [p for p in path.split("/") if p]
        if not parts or any(p.startswith(".") for p in parts):
            return None
        file = folder.joinpath(*parts).resolve()
        return file if file.is_relative_to(folder) and file.is_file() else None

    def _page(self) -> bytes:
        report = Path(self.directory) / REPORT_FILE
        page = report.read_text(encoding="utf-8") if report.exists() else "<html><body></body></html>"
        banner = ""
        if self.state.error:
            banner = (
                '<div role="alert" style="background:#942514;color:#fff;padding:1rem;font-family:sans-serif">'
                f"<strong>Not rebuilt:</strong> {escape(self.state.error)}</div>"
            )
        page = page.replace("<body>", "<body>" + banner, 1) if "<body>" in page else banner + page
        page = page.replace("</body>", RELOAD + "</body>", 1) if "</body>" in page else page + RELOAD
        return page.encode("utf-8")

    def _plain(self, status: int, text: str, body: bool) -> None:
        self._send(f"{text}\n".encode(), "text/plain; charset=utf-8", body, status)

    def _send(self, content: bytes, content_type: str, body: bool = True, status: int = 200) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(content)))
        self.end_headers()
        if body:
            self.wfile.write(content)


class PreviewServer(ThreadingHTTPServer):
    """The preview's server on 127.0.0.1: a request that fails is no traceback on the writer's terminal."""

    daemon_threads = True

    def handle_error(self, request: object, client_address: object) -> None:
        pass  # the handler answers every request it can; what is left is a connection gone


def serve(folder: Path, state: PreviewState, port: int = 0) -> PreviewServer:
    """A server for the report in `folder` on 127.0.0.1 (`port` 0: any free one), not yet serving."""
    handler = type("Handler", (_Handler,), {"state": state})
    return PreviewServer(("127.0.0.1", port), partial(handler, directory=str(folder)))


def preview(
    edition_dir: str | Path,
    *,
    data_dir: str | Path,
    output_dir: str | Path | None = None,
    notebooks_dir: str | Path | None = None,
    port: int = 8000,
    ready: Callable[[str], None] = print,
    progress: Callable[[str], None] = lambda message: None,
    stop: threading.Event | None = None,
) -> None:
    """Build, serve and rebuild on every change until `stop` is set (or Ctrl-C)."""
    import logging

    import watchfiles

    logging.getLogger("watchfiles").setLevel(logging.WARNING)  # its own notices are not the writer's business
    edition, data = resolve(edition_dir), resolve(data_dir)
    notebooks = notebooks_folder(notebooks_dir)
    folder = output_root(output_dir) / edition.name
    state, stop = PreviewState(), stop or threading.Event()
    kernels = KernelPool(cwd=notebooks, keep=True)  # warm across rebuilds: a save costs its part alone

    def rebuild() -> None:
        started = time.perf_counter()
        try:
            build(
                edition,
                data_dir=data,
                output_dir=output_dir,
                notebooks_dir=notebooks_dir,
                kernels=kernels,
                progress=progress,
            )
        except SefbookError as exc:
            state.built(str(exc))  # before it is said: whoever reads the line finds the state it tells of
            progress(f"not rebuilt: {exc}")
            return
        state.built()
        progress(f"Rebuilt in {time.perf_counter() - started:.1f} s")

    server = serve(folder, state, port)
    serving = threading.Thread(target=server.serve_forever, name="sefbook-preview-server", daemon=True)
    try:
        rebuild()
        folder.mkdir(parents=True, exist_ok=True)
        serving.start()
        ready(f"http://127.0.0.1:{server.server_address[1]}/")
        watched = [p for p in dict.fromkeys([edition, edition.parent, data, notebooks]) if p.is_dir()]
        for _ in watchfiles.watch(
            *watched,
            watch_filter=partial(_relevant, output=output_root(output_dir)),
            stop_event=stop,
            debounce=200,
            step=50,
            raise_interrupt=False,
        ):
            rebuild()
    finally:
        server.shutdown()
        server.server_close()
        kernels.shutdown()


def _relevant(change: object, path: str, *, output: Path) -> bool:
    """A save in the edition, last year's edition, the data or the notebooks; not the report
    being written, nor an editor's swap or backup file."""
    name = Path(path).name
    if Path(path).is_relative_to(output) or name.startswith((".", "~")) or name.endswith(("~", ".swp", ".tmp")):
        return False
    return ".ipynb_checkpoints" not in path and "__pycache__" not in path and name != EDITION_FILE + ".lock"
