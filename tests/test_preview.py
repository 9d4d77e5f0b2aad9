"""`sefbook preview`: serves the report on localhost, rebuilds it on every save (the page then
reloads itself), shows why a save could not be built, and stops cleanly; answers only requests
addressed to this machine by name, and serves nothing from outside the report's folder."""

from __future__ import annotations

import contextlib
import http.client
import io
import json
import signal
import subprocess
import sys
import threading
import urllib.request
from pathlib import Path

import pytest
from helpers import EXAMPLE_DATA, read_stderr_until
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sefbook.build.preview import PreviewState, serve


def _get(url: str) -> str:
    with urllib.request.urlopen(url, timeout=60) as response:
        return response.read().decode("utf-8")


def _rebuilt(run: subprocess.Popen) -> str:
    """Wait for the preview to say it has rebuilt the report (or could not): its line on stderr."""
    return read_stderr_until(run, lambda line: "Rebuilt in " in line or "not rebuilt: " in line)


@pytest.mark.build
def test_a_saved_paragraph_appears_in_the_served_report_and_a_broken_save_is_explained(edition_copy, tmp_path):
    run = subprocess.Popen(
        [
            str(Path(sys.executable).with_name("sefbook")),
            "preview",
            str(edition_copy),
            "--data",
            str(EXAMPLE_DATA),
            "--output",
            str(tmp_path / "out"),
            "--port",
            "0",
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        url = run.stdout.readline().strip()
        assert url.startswith("http://127.0.0.1:"), run.stderr.read() if run.poll() is not None else url
        read_stderr_until(run, lambda line: "Serving http" in line)  # the first build's lines, said before the url
        page = _get(url)
        assert "Impact of leaders on practice" in page and "/__sefbook/state" in page  # the report, and its reload
        port = int(url.rstrip("/").rsplit(":", 1)[1])
        assert _request(port, "/", "rebind.attacker.example")[0] == 421  # a rebinding site's page reads nothing
        assert _request(port, "/report.html%00.txt", f"localhost:{port}")[0] in (400, 404)
        report_on_disk = (tmp_path / "out" / edition_copy.name / "report.html").read_text(encoding="utf-8")
        assert "<script" not in report_on_disk  # the reload is the server's; the report itself has none
        version = json.loads(_get(url + "__sefbook/state"))["version"]

        narrative = edition_copy / "narrative" / "leadership.md"
        text = narrative.read_text(encoding="utf-8")
        narrative.write_text(
            text.replace(
                "## What we are worried about", "A paragraph saved a moment ago.\n\n## What we are worried about", 1
            ),
            encoding="utf-8",
        )
        assert "Rebuilt in " in _rebuilt(run)
        assert "A paragraph saved a moment ago." in _get(url)
        assert json.loads(_get(url + "__sefbook/state"))["version"] > version  # the page reloads on this

        narrative.write_text(text.replace("## What we are proud of", "## What we are proud", 1), encoding="utf-8")
        assert "not rebuilt: " in _rebuilt(run)
        assert json.loads(_get(url + "__sefbook/state"))["error"] != ""
        page = _get(url)
        assert 'role="alert"' in page and "is missing a narrative heading" in page
        assert "A paragraph saved a moment ago." in page  # the last good report stays underneath
    finally:
        run.send_signal(signal.SIGTERM)
        _, err = run.communicate(timeout=60)
    assert run.returncode == 0 and "Preview stopped" in err and "Traceback" not in err


REPORT, SECRET, HIDDEN = "REPORT-MARKER", "SECRET-MARKER", "HIDDEN-MARKER"


def _request(port: int, path: str, host: str | None, method: str = "GET") -> tuple[int, dict[str, str], bytes]:
    """One request, sent as given (the Host header raw, or none); the status, headers and body."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    try:
        connection.putrequest(method, path, skip_host=True, skip_accept_encoding=True)
        if host is not None:
            connection.putheader("Host", host)
        connection.endheaders()
        response = connection.getresponse()
        return response.status, {k.lower(): v for k, v in response.getheaders()}, response.read()
    finally:
        connection.close()


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """A preview server for a report folder beside a secret file, a link to it and a hidden file."""
    root = tmp_path_factory.mktemp("preview")
    folder = root / "report"
    (folder / "notebooks").mkdir(parents=True)
    (folder / "report.html").write_text(f"<html><body><p>{REPORT}</p></body></html>", encoding="utf-8")
    (folder / "figures.csv").write_text("indicator,value\nx,1\n", encoding="utf-8")
    (root / "secret.txt").write_text(SECRET, encoding="utf-8")
    (folder / "link.txt").symlink_to(root / "secret.txt")
    (folder / "notebooks" / "up").symlink_to(root)
    (folder / ".hidden").write_text(HIDDEN, encoding="utf-8")
    running = serve(folder, PreviewState())
    thread = threading.Thread(target=running.serve_forever, daemon=True)
    thread.start()
    yield running.server_address[1]
    running.shutdown()
    running.server_close()


def test_the_preview_answers_only_its_own_host_with_no_store_and_same_origin_headers(server):
    port = server
    for host in ("localhost", "127.0.0.1", f"localhost:{port}", f"127.0.0.1:{port}", f"[::1]:{port}", "LOCALHOST"):
        status, headers, body = _request(port, "/", host)
        assert status == 200 and REPORT.encode() in body and b"/__sefbook/state" in body, host
    status, headers, body = _request(port, "/", "localhost")
    assert headers["cache-control"] == "no-store" and headers["cross-origin-resource-policy"] == "same-origin"
    assert headers["referrer-policy"] == "no-referrer" and headers["x-content-type-options"] == "nosniff"
    policy = headers["content-security-policy"]
    assert "script-src 'sha256-" in policy and "connect-src 'self'" in policy  # the reload script, and nothing else
    assert _request(port, "/__sefbook/state", "127.0.0.1")[0] == 200
    for host in (
        "rebind.attacker.example",
        f"rebind.attacker.example:{port}",
        "localhost:1",
        "127.0.0.1.nip.io",
        f"localhost.:{port}",
        "",
    ):
        status, headers, body = _request(port, "/", host)
        assert status == 421 and REPORT.encode() not in body and headers["cache-control"] == "no-store", host
        assert _request(port, "/__sefbook/state", host)[0] == 421 and _request(port, "/figures.csv", host)[0] == 421
    status, _, body = _request(port, "/", None)  # no Host at all
    assert status == 403 and REPORT.encode() not in body
    assert _request(port, "/", "localhost", "HEAD")[:2][0] == 200


def test_bad_paths_are_refused_without_a_traceback_and_nothing_outside_the_folder_is_served(server):
    port = server
    errors = io.StringIO()
    with contextlib.redirect_stderr(errors):
        for path in (
            "/report.html%00.txt",
            "/%00",
            "/../secret.txt",
            "/%2e%2e/secret.txt",
            "/notebooks/../../secret.txt",
            "/%zz",
            "/%e9",
            "/%",
            "/" + "a" * 5000,
            "//etc/passwd",
            "http://example.org/report.html",
            "*",
            "/link.txt",
            "/notebooks/up/secret.txt",
            "/.hidden",
            "/notebooks/",
            "/%5c..%5csecret.txt",
        ):
            status, headers, body = _request(port, path, "localhost")
            assert status in (400, 404), path
            assert SECRET.encode() not in body and HIDDEN.encode() not in body and b"Traceback" not in body
            assert headers["cache-control"] == "no-store"
        assert _request(port, "/figures.csv", "localhost")[:1] == (200,)
        assert _request(port, "/figures.csv?x=%00", "localhost")[0] == 200  # the query is not the path
    assert "Traceback" not in errors.getvalue()


ALLOWED = {"localhost", "127.0.0.1", "[::1]"}


@pytest.mark.slow
@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    path=st.one_of(
        st.text(max_size=60),
        st.lists(
            st.sampled_from(
                [
                    "",
                    ".",
                    "..",
                    "%2e%2e",
                    "%2E.",
                    "report.html",
                    "secret.txt",
                    "link.txt",
                    "notebooks",
                    "up",
                    ".hidden",
                    "%00",
                    "%",
                    "%zz",
                    "%c3%28",
                    "%2f",
                    "~",
                    "figures.csv",
                    "%5c",
                    "?",
                    "#",
                ]
            ),
            max_size=6,
        ).map("/".join),
    ),
    host=st.one_of(
        st.none(),
        st.sampled_from(sorted(ALLOWED) + ["localhost:{port}", "evil.example", ""]),
        st.from_regex(r"[a-zA-Z0-9.:\[\]-]{0,30}", fullmatch=True),
    ),
)
def test_any_path_and_host_give_a_plain_answer_and_never_a_file_from_outside(server, path, host):
    port = server
    host = host.format(port=port) if host else host
    quoted = "/" + "".join(c if 0x21 <= ord(c) < 0x7F else f"%{ord(c) % 256:02X}" for c in path.lstrip("/"))
    errors = io.StringIO()
    with contextlib.redirect_stderr(errors):
        status, headers, body = _request(port, quoted, host)
    assert status in {200, 400, 403, 404, 421}
    assert SECRET.encode() not in body and HIDDEN.encode() not in body
    assert headers["cache-control"] == "no-store" and "Traceback" not in errors.getvalue()
    if host is None or host.lower() not in ALLOWED | {f"{h}:{port}" for h in ALLOWED}:
        assert status in (403, 421) and REPORT.encode() not in body
