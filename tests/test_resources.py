"""Resources and names (issue 25): --workers is capped at the CPUs this process may use (and said
once), a Dask scheduler that cannot be used is one line and exit 2, and every name sefbook echoes
shows its control characters escaped, so a terminal never runs them."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import threading
import unicodedata
from pathlib import Path

import pytest
from helpers import EXAMPLE_DATA, EXAMPLE_EDITION
from hypothesis import given
from hypothesis import strategies as st

from sefbook import cli
from sefbook.build.kernels import available_cpus, capped_workers, default_workers
from sefbook.errors import UNSHOWN, escape_controls

SEFBOOK = str(Path(sys.executable).with_name("sefbook"))


# --- --workers ----------------------------------------------------------------------------------


def test_workers_are_capped_at_the_cpus_this_process_may_use():
    cpus = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    assert available_cpus() == cpus
    assert capped_workers(1000) == cpus and default_workers(1000) == cpus
    assert capped_workers(1) == 1 and default_workers(1) == 1
    assert default_workers(None) == max(1, cpus - 1)  # unasked: one a CPU but the command's own, at least one


@pytest.mark.build  # its build starts a kernel as the inputs are checked
@pytest.mark.parametrize("command", [["build", "sefs/not-there"], ["pack", "--la", "301", "--data", "data/not-there"]])
def test_too_many_workers_are_capped_and_said_once(command, tmp_path, capsys):
    """Said before anything else runs (here the run then stops at its missing input: no kernel starts)."""
    status = cli.main([*command, "--workers", "1000", "--output", str(tmp_path)])
    err = capsys.readouterr().err
    cpus = available_cpus()
    assert status == 2, err
    lines = err.splitlines()
    assert lines[0] == f"sefbook: --workers 1000 is more than the {cpus} CPUs available here; using {cpus}"
    assert err.count("--workers") == 1 and "not-there" in lines[1]


@pytest.mark.build  # its build starts a kernel as the inputs are checked
def test_workers_within_the_cpus_are_not_mentioned(tmp_path, capsys):
    assert cli.main(["build", "sefs/not-there", "--workers", str(available_cpus()), "--output", str(tmp_path)]) == 2
    assert "--workers" not in capsys.readouterr().err


@pytest.mark.parametrize(
    "value, said",
    [
        ("0", "must be at least 1, found 0"),
        ("-3", "must be at least 1, found -3"),
        ("two", "not a whole number: 'two'"),
    ],
)
@pytest.mark.parametrize("command", ["build", "pack"])
def test_workers_below_one_are_refused_by_the_parser(command, value, said, capsys):
    arguments = ["build"] if command == "build" else ["pack", "--la", "301", "--data", str(EXAMPLE_DATA)]
    with pytest.raises(SystemExit) as stopped:
        cli.main([*arguments, f"--workers={value}"])
    assert stopped.value.code == 2
    assert capsys.readouterr().err.splitlines()[-1] == f"sefbook {command}: error: argument --workers: {said}"


# --- --scheduler --------------------------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]  # closed on leaving: nothing listens there now


def _pack_on(scheduler: str, tmp_path: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [
            SEFBOOK,
            "pack",
            "--la",
            "301",
            "--data",
            str(EXAMPLE_DATA),
            "--output",
            str(tmp_path),
            "--scheduler",
            scheduler,
        ],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )  # a guard, not a measure


def _assert_one_line_naming(run: subprocess.CompletedProcess, scheduler: str, *fragments: str) -> None:
    assert run.returncode == 2, run.stderr
    assert "Traceback" not in run.stderr and len(run.stderr.strip().splitlines()) == 1, run.stderr
    assert run.stderr.startswith("sefbook: invalid input: --scheduler: ")
    for fragment in (f"found '{scheduler}'", *fragments):
        assert fragment in run.stderr, (fragment, run.stderr)
    assert run.stdout == ""


@pytest.mark.slow
def test_a_scheduler_where_nothing_listens_is_one_line_and_exit_2(tmp_path):
    scheduler = f"tcp://127.0.0.1:{_free_port()}"
    _assert_one_line_naming(_pack_on(scheduler, tmp_path), scheduler, "no Dask scheduler answered")
    assert not (tmp_path / "packs.html").exists()


def test_a_scheduler_that_is_not_an_address_is_one_line_and_exit_2(tmp_path):
    _assert_one_line_naming(_pack_on("nonsense", tmp_path), "nonsense", "not a scheduler address")


def test_a_scheduler_address_where_something_else_answers_is_one_line_and_exit_2(tmp_path):
    """A web server (say) at the address: its reply is not Dask's."""
    server = socket.create_server(("127.0.0.1", 0))

    def answer() -> None:
        while True:
            try:
                connection, _ = server.accept()
            except OSError:  # the server closed: the test is over
                return
            with connection:
                connection.sendall(b"HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n")

    threading.Thread(target=answer, daemon=True).start()
    try:
        scheduler = f"tcp://127.0.0.1:{server.getsockname()[1]}"
        _assert_one_line_naming(_pack_on(scheduler, tmp_path), scheduler, "what answered is not a Dask scheduler")
    finally:
        server.close()


# --- control characters in names ----------------------------------------------------------------


def _unescape(shown: str) -> str:
    """The text back from what escape_controls shows (for a text holding no backslash of its own)."""
    return shown.encode("latin-1", "backslashreplace").decode("unicode_escape")


@given(st.text(st.characters(codec=None, exclude_categories=())))  # every code point, lone surrogates too
def test_escaped_text_holds_nothing_a_terminal_would_act_on_and_reads_back(text):
    shown = escape_controls(text)
    assert not [ch for ch in shown if unicodedata.category(ch) in UNSHOWN]
    if "\\" not in text:
        assert _unescape(shown) == text
    if not [ch for ch in text if unicodedata.category(ch) in UNSHOWN]:
        assert shown == text  # nothing to escape: shown as it is


def test_the_usual_controls_are_shown_as_python_escapes():
    assert (
        escape_controls("a\x1b[31mb\x07\r\n\t\x7f\x9b\u202e\udcff z é")
        == "a\\x1b[31mb\\x07\\x0d\\x0a\\x09\\x7f\\x9b\\u202e\\udcff z é"
    )


def test_a_data_file_named_with_terminal_controls_is_shown_escaped(tmp_path, capsys):
    data = tmp_path / "data"
    shutil.copytree(EXAMPLE_DATA, data)
    c1 = next(data.glob("c1_*.csv"))
    c1.write_text(c1.read_text(encoding="utf-8").replace("rereferral_percent", "rereferral_pct", 1), encoding="utf-8")
    c1.rename(c1.with_name(c1.name.replace("_2021", "_\x1b[31m\x07\r\n2021")))
    assert cli.main(["check", str(EXAMPLE_EDITION), "--data", str(data)]) == 2
    err = capsys.readouterr().err
    assert "c1_children_in_need_referrals_and_rereferrals_\\x1b[31m\\x07\\x0d\\x0a2021_to_2025.csv" in err
    assert "missing required columns" in err
    assert not [ch for ch in err.rstrip("\n") if unicodedata.category(ch) in UNSHOWN], err
    assert len(err.splitlines()) == 1


def test_an_edition_folder_named_with_terminal_controls_is_shown_escaped(tmp_path, capsys):
    edition = tmp_path / "kingsmere\x1b]0;owned\x07-2026"
    assert cli.main(["check", str(edition), "--data", str(EXAMPLE_DATA)]) == 2
    err = capsys.readouterr().err
    assert "kingsmere\\x1b]0;owned\\x07-2026: edition folder not found" in err
    assert "\x1b" not in err and "\x07" not in err


def test_the_path_on_stdout_is_escaped_at_a_terminal_and_exact_in_a_pipe(tmp_path):
    """stdout's one line is for scripts (exact, like ls into a pipe); a person at a terminal sees it escaped."""
    import pty

    new = tmp_path / "next\x1b[31m-2026"
    piped = subprocess.run(
        [SEFBOOK, "new", str(new), "--from", str(EXAMPLE_EDITION)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert piped.returncode == 0, piped.stderr
    assert piped.stdout == f"{new}\n" and "\x1b" not in piped.stderr and "next\\x1b[31m-2026" in piped.stderr
    shutil.rmtree(new)
    terminal, other_end = pty.openpty()
    at_terminal = subprocess.run(
        [SEFBOOK, "new", str(new), "--from", str(EXAMPLE_EDITION)],
        stdout=other_end,
        stderr=subprocess.DEVNULL,
        timeout=60,
        check=False,
    )
    os.close(other_end)
    assert at_terminal.returncode == 0
    assert os.read(terminal, 4096) == f"{escape_controls(str(new))}\r\n".encode()  # the terminal's own \r\n
    os.close(terminal)
