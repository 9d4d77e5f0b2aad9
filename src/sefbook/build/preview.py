"""`sefbook preview`: the report rebuilt on every save and shown on localhost, reloading itself.

    build(edition)                                   # cached: only the parts whose inputs changed
    serve output/<edition>/ on 127.0.0.1             # the page polls /__sefbook/state and reloads
    for changes in watchfiles.watch(edition, data, notebooks):
        build(edition) with the same warm kernels    # a paragraph is in place in a second or two

The report on disk is the real one (no script in it); the server adds the few lines that reload
the page, and a banner with the message when the last save could not be built (the last good
report stays on screen underneath).
"""

from __future__ import annotations

import json
import threading
import time
from functools import partial
from html import escape
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Callable

from sefbook.build.freshness import REPORT_FILE, output_root
from sefbook.build.kernels import KernelPool
from sefbook.build.pipeline import build
from sefbook.errors import SefbookError
from sefbook.paths import EDITION_FILE
from sefbook.paths import notebooks_folder, resolve

STATE_PATH = "/__sefbook/state"
RELOAD = """<script>
(function () {
  var seen = null;
  setInterval(function () {
    fetch("%s", {cache: "no-store"}).then(function (r) { return r.json(); }).then(function (state) {
      if (seen !== null && state.version !== seen) { location.reload(); }
      seen = state.version;
    }).catch(function () {});
  }, 700);
})();
</script>""" % STATE_PATH


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


class _Handler(SimpleHTTPRequestHandler):
    state: PreviewState

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - the base class's name
        pass  # a request a second is not news

    def do_GET(self) -> None:  # noqa: N802 - the base class's name
        if self.path.split("?")[0] == STATE_PATH:
            return self._send(self.state.as_json(), "application/json")
        if self.path.split("?")[0] in ("/", f"/{REPORT_FILE}"):
            report = Path(self.directory) / REPORT_FILE
            page = report.read_text(encoding="utf-8") if report.exists() else "<html><body></body></html>"
            banner = ""
            if self.state.error:
                banner = ('<div role="alert" style="background:#942514;color:#fff;padding:1rem;font-family:sans-serif">'
                          f"<strong>Not rebuilt:</strong> {escape(self.state.error)}</div>")
            page = page.replace("<body>", "<body>" + banner, 1) if "<body>" in page else banner + page
            page = page.replace("</body>", RELOAD + "</body>", 1) if "</body>" in page else page + RELOAD
            return self._send(page.encode("utf-8"), "text/html; charset=utf-8")
        return super().do_GET()

    def _send(self, body: bytes, content_type: str) -> None:
        self.send_response(200)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        self.wfile.write(body)


def preview(edition_dir: str | Path, *, data_dir: str | Path, output_dir: str | Path | None = None,
            notebooks_dir: str | Path | None = None, port: int = 8000, ready: Callable[[str], None] = print,
            progress: Callable[[str], None] = lambda message: None, stop: threading.Event | None = None) -> None:
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
            build(edition, data_dir=data, output_dir=output_dir, notebooks_dir=notebooks_dir, kernels=kernels,
                  progress=progress)
        except SefbookError as exc:
            progress(f"not rebuilt: {exc}")
            state.built(str(exc))
            return
        state.built()
        progress(f"Rebuilt in {time.perf_counter() - started:.1f} s")

    handler = type("Handler", (_Handler,), {"state": state})
    server = ThreadingHTTPServer(("127.0.0.1", port), partial(handler, directory=str(folder)))
    serving = threading.Thread(target=server.serve_forever, name="sefbook-preview-server", daemon=True)
    try:
        rebuild()
        folder.mkdir(parents=True, exist_ok=True)
        serving.start()
        ready(f"http://127.0.0.1:{server.server_address[1]}/")
        watched = [p for p in dict.fromkeys([edition, edition.parent, data, notebooks]) if p.is_dir()]
        for _ in watchfiles.watch(*watched, watch_filter=partial(_relevant, output=output_root(output_dir)),
                                  stop_event=stop, debounce=200, step=50, raise_interrupt=False):
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
