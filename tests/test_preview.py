"""`sefbook preview`: serves the report on localhost, rebuilds it on every save (the page then
reloads itself), shows why a save could not be built, and stops cleanly."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from conftest import EXAMPLE_DATA

pytestmark = pytest.mark.build


def _get(url: str) -> str:
    with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310 - localhost
        return response.read().decode("utf-8")


def _until(condition, seconds: float = 90) -> float:
    started = time.monotonic()
    while not condition():
        assert time.monotonic() - started < seconds, "the preview did not show the change"
        time.sleep(0.1)
    return time.monotonic() - started


def test_a_saved_paragraph_appears_in_the_served_report_and_a_broken_save_is_explained(edition_copy, tmp_path):
    run = subprocess.Popen([str(Path(sys.executable).with_name("sefbook")), "preview", str(edition_copy),
                            "--data", str(EXAMPLE_DATA), "--output", str(tmp_path / "out"), "--port", "0"],
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        url = run.stdout.readline().strip()
        assert url.startswith("http://127.0.0.1:"), run.stderr.read() if run.poll() is not None else url
        page = _get(url)
        assert "Impact of leaders on practice" in page and "/__sefbook/state" in page  # the report, and its reload
        report_on_disk = (tmp_path / "out" / edition_copy.name / "report.html").read_text(encoding="utf-8")
        assert "<script" not in report_on_disk  # the reload is the server's; the report itself has none
        version = json.loads(_get(url + "__sefbook/state"))["version"]

        narrative = edition_copy / "narrative" / "leadership.md"
        text = narrative.read_text(encoding="utf-8")
        narrative.write_text(text.replace("## What we are worried about",
                                          "A paragraph saved a moment ago.\n\n## What we are worried about", 1), encoding="utf-8")
        seconds = _until(lambda: "A paragraph saved a moment ago." in _get(url))
        print(f"\nsaved paragraph shown after {seconds:.1f} s")
        assert json.loads(_get(url + "__sefbook/state"))["version"] > version  # the page reloads on this

        narrative.write_text(text.replace("## What we are proud of", "## What we are proud", 1), encoding="utf-8")
        _until(lambda: json.loads(_get(url + "__sefbook/state"))["error"] != "")
        page = _get(url)
        assert 'role="alert"' in page and "is missing a narrative heading" in page
        assert "A paragraph saved a moment ago." in page  # the last good report stays underneath
    finally:
        run.send_signal(signal.SIGTERM)
        _, err = run.communicate(timeout=60)
    assert run.returncode == 0 and "Preview stopped" in err and "Traceback" not in err
