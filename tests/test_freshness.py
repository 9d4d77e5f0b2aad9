"""Freshness that cannot lie: a file saved while a build reads it is recorded as changed (the
digests recorded are those taken before the build read anything), so the next build puts the
edit in; a part that read a file that changed meanwhile is not kept under a key claiming the
new content; and two builds (or a build and a preview) of one report wait for each other.

Each save here is made from the build's own progress callback, when it says a step is done:
at a known point of the build, never by timing."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from helpers import EXAMPLE_DATA

from sefbook import cli
from sefbook.build.freshness import BuildRequest, Snapshot, plan_build, record
from sefbook.build.lock import build_lock
from sefbook.build.pipeline import build
from sefbook.build.words import rebuild_words

pytestmark = pytest.mark.build

HEADING = "## What we are worried about"


def _with(paragraph: str, text: str) -> str:
    return text.replace(HEADING, f"{paragraph}\n\n{HEADING}", 1)


def _saving(path: Path, text: str, when: str):
    """A progress callback that saves `text` to `path` the first time a message holds `when`."""
    said: list[str] = []

    def progress(message: str) -> None:
        said.append(message)
        if when in message and not any(when in m for m in said[:-1]):
            path.write_text(text, encoding="utf-8")

    return progress, said


def _report(result) -> str:
    return result.report.read_text(encoding="utf-8")


def test_a_save_during_a_build_is_in_the_next_build_and_never_kept_under_the_new_words(edition_copy, tmp_path, capsys):
    out = tmp_path / "out"
    narrative = edition_copy / "narrative" / "leadership.md"
    original = narrative.read_text(encoding="utf-8")

    # a first build (nothing kept): the section's kernel has read the narrative when it is done
    progress, said = _saving(
        narrative, _with("Saved while the kernels ran.", original), "Impact of leaders on practice: done"
    )
    first = build(edition_copy, data_dir=EXAMPLE_DATA, output_dir=out, progress=progress)
    assert any("Impact of leaders on practice: done" in m for m in said)
    assert "Saved while the kernels ran." in narrative.read_text(encoding="utf-8")
    assert "Saved while the kernels ran." not in _report(first)
    second = build(edition_copy, data_dir=EXAMPLE_DATA, output_dir=out)
    assert not second.up_to_date and "Saved while the kernels ran." in _report(second)
    assert build(edition_copy, data_dir=EXAMPLE_DATA, output_dir=out).up_to_date

    # a rebuild of words alone: the build has read the narrative when it says the inputs are
    # checked; the words it renders are those, and the part is not kept under the newer ones
    narrative.write_text(_with("First edit.", original), encoding="utf-8")
    progress, said = _saving(narrative, _with("Second edit.", original), "Checked ")
    third = build(edition_copy, data_dir=EXAMPLE_DATA, output_dir=out, progress=progress)
    assert third.reworded and not third.up_to_date
    assert "First edit." in _report(third) and "Second edit." not in _report(third)
    fourth = build(edition_copy, data_dir=EXAMPLE_DATA, output_dir=out)
    assert not fourth.up_to_date
    assert "Second edit." in _report(fourth) and "First edit." not in _report(fourth)

    # the command line's rebuild without the data (build/words.py): the same
    narrative.write_text(_with("Third edit.", original), encoding="utf-8")
    plan = plan_build(BuildRequest(edition_copy, data_dir=EXAMPLE_DATA, output_dir=out, words_without_data=True))
    assert plan.words_only
    progress, said = _saving(narrative, _with("Fourth edit.", original), "[1/")
    fifth = rebuild_words(plan, progress)
    assert fifth is not None and "Third edit." in _report(fifth) and "Fourth edit." not in _report(fifth)
    assert cli.main(["build", str(edition_copy), "--data", str(EXAMPLE_DATA), "--output", str(out)]) == 0
    err = capsys.readouterr().err
    assert "Up to date" not in err and "Fourth edit." in _report(fifth)  # the same path: the report built now
    assert cli.main(["build", str(edition_copy), "--data", str(EXAMPLE_DATA), "--output", str(out)]) == 0
    assert "Up to date" in capsys.readouterr().err

    # another build of this report running (this test holds its lock): a build and a preview
    # each say once that they wait, and go on when it is done
    sefbook = str(Path(sys.executable).with_name("sefbook"))
    waiting = f"waiting for another build of {edition_copy.name} (process {os.getpid()}) to finish"
    with build_lock(out, edition_copy.name, print):
        builder = subprocess.Popen(
            [sefbook, "build", str(edition_copy), "--data", str(EXAMPLE_DATA), "--output", str(out)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        previewer = subprocess.Popen(
            [sefbook, "preview", str(edition_copy), "--data", str(EXAMPLE_DATA), "--output", str(out), "--port", "0"],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for process in (builder, previewer):
            lines = []
            for line in process.stderr:  # the line it says before it waits
                lines.append(line)
                if waiting in line:
                    break
            assert waiting in "".join(lines), "".join(lines)
        assert builder.poll() is None  # still waiting
    _out_text, err_text = builder.communicate(timeout=300)
    assert builder.returncode == 0 and "Up to date" in err_text, err_text
    try:
        assert previewer.stdout.readline().startswith("http://127.0.0.1:")  # served once the build is done
    finally:
        previewer.send_signal(signal.SIGTERM)
        _, rest = previewer.communicate(timeout=60)
    assert previewer.returncode == 0 and "Traceback" not in rest


def test_the_record_marks_a_file_that_changed_after_its_digest_was_taken(tmp_path):
    read, untouched = tmp_path / "read.md", tmp_path / "untouched.md"
    read.write_text("what the build read\n", encoding="utf-8")
    untouched.write_text("the same\n", encoding="utf-8")
    snapshot = Snapshot().take([read, untouched])
    before = snapshot.digests[str(read)]
    assert snapshot.steady()
    read.write_text("saved meanwhile\n", encoding="utf-8")
    assert not snapshot.steady()
    files = record([read, untouched], {}, {}, snapshot=snapshot)["files"]
    assert files[str(untouched)] == snapshot.digests[str(untouched)]
    assert files[str(read)] != before and len(files[str(read)]) != 64  # not a digest: no content will match it
