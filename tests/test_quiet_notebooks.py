"""Quiet notebooks: an input error in a notebook shows as its one-line message (the full traceback
still one `%tb` away, and a scheduled papermill run still fails), and notebooks are committed
without outputs (git's nbstripout filter, set up by `make`)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import nbclient
import nbformat
import pytest
from helpers import EXAMPLE_DATA, NOTEBOOKS, ROOT, set_key

from sefbook.errors import InputError, InputErrors, NotebookError, SefbookError
from sefbook.notebook import load_section

BIN = Path(sys.executable).parent
PAPERMILL = BIN / "papermill"


def _rendered(error: SefbookError) -> list[str]:
    """What IPython shows for `error` raised in a cell: it asks while the error is being handled."""
    try:
        raise error
    except SefbookError as caught:
        return caught._render_traceback_()


# --- the message, not the traceback --------------------------------------------------------------


def test_an_input_error_renders_as_its_message_and_how_to_see_the_rest():
    error = InputError("sefs/x/sef.yml", "has an invalid value", where="key year", expected="a year", found="'twenty'")
    assert _rendered(error) == [
        "sefs/x/sef.yml, key year: has an invalid value; expected a year; found 'twenty'",
        "(InputError: run %tb in a new cell for the full traceback)",
    ]


def test_several_input_errors_render_one_line_each():
    errors = InputErrors([InputError("a.csv", "is empty"), InputError("b.csv", "has no rows", where="row 2")])
    assert _rendered(errors) == [
        "a.csv: is empty",
        "b.csv, row 2: has no rows",
        "(InputErrors: run %tb in a new cell for the full traceback)",
    ]


def test_a_notebook_error_renders_as_its_message():
    assert _rendered(NotebookError("section.ipynb", 3, "KeyError: 'x'"))[0] == "section.ipynb, cell 3: KeyError: 'x'"


def test_the_rendered_message_withholds_a_childs_reference():
    """A notebook's outputs may be saved and shared: the child's reference stays out, as in str()."""
    error = InputError(
        "returns/ssda903-2025/header.csv",
        "has an unknown code",
        where="row 5, {child}, column SEX",
        child="C00123",
        found="'9'",
    )
    lines = _rendered(error)
    assert "C00123" not in "\n".join(lines)
    assert lines[0].startswith("returns/ssda903-2025/header.csv, row 5, child (reference withheld")


def test_asked_again_with_no_error_being_handled_it_gives_the_full_traceback():
    """What %tb does: IPython asks the same error again, later, outside the failed cell."""
    try:
        raise InputError("sef.yml", "is empty")
    except InputError as caught:
        error = caught
    lines = error._render_traceback_()
    assert lines[0] == "Traceback (most recent call last):"
    assert any("test_asked_again_with_no_error_being_handled" in line for line in lines)
    assert lines[-1] == "sefbook.errors.InputError: sef.yml: is empty"


# --- in a real kernel -----------------------------------------------------------------------------


@pytest.fixture
def bad_edition(edition_copy: Path) -> tuple[Path, str]:
    """A copy of the example edition whose year is not a number, and the message loading it gives."""
    set_key(edition_copy / "sef.yml", "year", "twenty")
    with pytest.raises(InputError) as raised:
        load_section("children_in_care", str(edition_copy), str(EXAMPLE_DATA))
    return edition_copy, str(raised.value)


def _error_output(notebook: nbformat.NotebookNode) -> dict:
    errors = [
        output
        for cell in notebook.cells
        if cell.cell_type == "code"
        for output in cell.outputs
        if output.output_type == "error"
    ]
    assert len(errors) == 1, errors
    return errors[0]


@pytest.mark.build
def test_an_invalid_edition_in_the_section_notebook_shows_the_message_and_still_fails_the_run(bad_edition, tmp_path):
    """The scheduler's command: papermill exits non-zero, and the executed notebook shows the
    message (file, key, expected, found) in two lines where it showed 40 of traceback."""
    edition, message = bad_edition
    assert "sef.yml, key year: has an invalid value" in message and "found 'twenty'" in message
    out = tmp_path / "out.ipynb"
    run = subprocess.run(
        [
            str(PAPERMILL),
            str(NOTEBOOKS / "section.ipynb"),
            str(out),
            "-k",
            "python3",
            "-p",
            "edition",
            str(edition),
            "-p",
            "data_dir",
            str(EXAMPLE_DATA),
        ],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert run.returncode != 0
    assert message in run.stderr
    error = _error_output(nbformat.read(out, as_version=4))
    assert error["ename"] == "InputError" and error["evalue"] == message
    assert error["traceback"] == [message, "(InputError: run %tb in a new cell for the full traceback)"]


@pytest.mark.build
def test_percent_tb_after_the_error_shows_the_full_traceback(bad_edition):
    edition, message = bad_edition
    notebook = nbformat.v4.new_notebook(
        cells=[
            nbformat.v4.new_code_cell(
                "from sefbook.notebook import load_section\n"
                f"view = load_section('children_in_care', {str(edition)!r}, {str(EXAMPLE_DATA)!r})"
            ),
            nbformat.v4.new_code_cell("%tb"),
        ]
    )
    nbclient.NotebookClient(notebook, kernel_name="python3", allow_errors=True, timeout=300).execute()
    shown = [output for output in notebook.cells[0].outputs if output.output_type == "error"]
    assert [output["traceback"][0] for output in shown] == [message]
    full = "\n".join(output for output in notebook.cells[1].outputs[0]["traceback"])
    # every frame from the cell down to where the fault was seen, then the message
    for frame in ("load_section", "load_inputs", "load_model"):
        assert frame in full, frame
    assert message in full.splitlines()[-1]
    assert len(full.splitlines()) > 20


# --- notebooks committed clean --------------------------------------------------------------------


def carried(notebook: dict) -> list[str]:
    """What a notebook carries that a commit must not: outputs and execution counts, by cell."""
    found = []
    for number, cell in enumerate(notebook["cells"], start=1):
        if cell["cell_type"] != "code":
            continue
        if cell.get("outputs"):
            found.append(f"cell {number}: {len(cell['outputs'])} outputs")
        if cell.get("execution_count") is not None:
            found.append(f"cell {number}: execution count {cell['execution_count']}")
    return found


def _git(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, check=True)


def test_every_committed_notebook_is_without_outputs():
    if (
        shutil.which("git") is None
        or subprocess.run(["git", "rev-parse"], cwd=ROOT, capture_output=True, check=False).returncode
    ):
        pytest.skip("not a git checkout: no committed notebooks to read")
    tracked = _git("ls-files", "-z", "*.ipynb", cwd=ROOT).stdout.split("\0")
    paths = [ROOT / name for name in tracked if name]
    assert NOTEBOOKS / "section.ipynb" in paths
    for path in paths:
        # the committed text (the index's), not the working copy, which may hold a run's outputs
        committed = _git("show", f":{path.relative_to(ROOT).as_posix()}", cwd=ROOT).stdout
        assert carried(json.loads(committed)) == [], f"{path.name}: strip outputs (make sets up git's filter)"


def _run_notebook_text() -> str:
    """A notebook as JupyterLab saves it after Run All: outputs and execution counts."""
    notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("1 + 1")])
    notebook.cells[0].id = "kept-id"
    notebook.cells[0].execution_count = 1
    notebook.cells[0].outputs = [nbformat.v4.new_output("execute_result", {"text/plain": "2"}, execution_count=1)]
    return nbformat.writes(notebook)


def test_a_notebook_saved_after_run_all_is_caught():
    assert carried(json.loads(_run_notebook_text())) == ["cell 1: 1 outputs", "cell 1: execution count 1"]


def _project_checkout(folder: Path) -> Path:
    """A new git repository holding the project's Makefile and .gitattributes."""
    folder.mkdir()
    for name in ("Makefile", ".gitattributes"):
        shutil.copy(ROOT / name, folder / name)
    _git("init", "-q", cwd=folder)
    return folder


@pytest.mark.slow
def test_make_sets_up_git_to_strip_outputs_on_commit(tmp_path):
    repo = _project_checkout(tmp_path / "clone")
    subprocess.run(["make", "-s", "notebook-filter", f"BIN={BIN}"], cwd=repo, check=True, capture_output=True)
    (repo / "run.ipynb").write_text(_run_notebook_text(), encoding="utf-8")
    _git("add", "run.ipynb", cwd=repo)
    staged = json.loads(_git("show", ":run.ipynb", cwd=repo).stdout)
    assert carried(staged) == []
    assert staged["cells"][0]["id"] == "kept-id" and staged["cells"][0]["source"] == ["1 + 1"]
    # the analyst's own copy keeps what the run showed
    assert carried(json.loads((repo / "run.ipynb").read_text(encoding="utf-8"))) != []
    # and git sees nothing to commit beyond the stripped notebook
    assert _git("status", "--porcelain", "run.ipynb", cwd=repo).stdout == "A  run.ipynb\n"


def test_make_outside_a_git_checkout_sets_up_nothing_and_succeeds(tmp_path):
    folder = tmp_path / "unpacked"
    folder.mkdir()
    shutil.copy(ROOT / "Makefile", folder / "Makefile")
    run = subprocess.run(
        ["make", "-s", "notebook-filter", f"BIN={BIN}"],
        cwd=folder,
        capture_output=True,
        text=True,
        env={**os.environ, "GIT_CEILING_DIRECTORIES": str(tmp_path)},
        check=False,
    )
    assert run.returncode == 0, run.stderr
    assert "not a git checkout" in run.stdout
    assert not (folder / ".git").exists()
