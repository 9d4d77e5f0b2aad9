"""An edition's parts run in turn on a build's few kernels: the whole edition's inputs are read,
checked and compared by the first part a kernel runs and shared by the rest (sefbook.notebook's
edition_inputs_once). Each part must show exactly what its own reading would show, and a file
changed in any folder the reading draws on (even with the same size and modification time) is
read again.

Tests that change only the edition read the repository's example data in place (they never write
to it) and share its reading; the one that changes a data file has a copy of its own."""

from __future__ import annotations

import os
import shutil

import numpy as np
import pytest
from helpers import EXAMPLE_DATA

from sefbook import notebook
from sefbook.errors import InputError
from sefbook.inputs.load import load_inputs
from sefbook.render.pages import headlines_html, improvement_html, plan_html
from sefbook.render.section import SectionView


def _values(inputs) -> np.ndarray:
    return inputs.table["value"].to_numpy()


def _section(inputs, name: str) -> str:
    view = SectionView(inputs.edition.section(name), inputs, number=2)
    return view.opening_html() + view.performance_table_html() + view.charts_html()


def _same_bytes_and_time(path, old: str, new: str) -> None:
    """An edit that keeps the file's size and modification time (cp -p, an unzipped copy)."""
    assert len(old) == len(new)
    stat = path.stat()
    text = path.read_text(encoding="utf-8")
    assert old in text, (old, path)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))


@pytest.mark.slow  # nine sections read and drawn twice: about ten seconds
def test_every_part_shows_from_the_shared_reading_what_its_own_reading_shows(edition_copy):
    shared = notebook.edition_inputs_once(edition_copy, EXAMPLE_DATA)
    for name in shared.edition.section_names:
        own = load_inputs(edition_copy, EXAMPLE_DATA, sections=[name])
        assert _section(shared, name) == _section(own, name), name
    linked = load_inputs(edition_copy, EXAMPLE_DATA, sections=[], include_linked=True)
    assert plan_html(shared) == plan_html(linked) and improvement_html(shared) == improvement_html(linked)
    assert headlines_html(shared) == headlines_html(load_inputs(edition_copy, EXAMPLE_DATA))


def test_the_reading_is_shared_until_a_file_it_draws_on_changes(edition_copy, data_copy):
    first = notebook.edition_inputs_once(edition_copy, data_copy)
    again = notebook.edition_inputs_once(edition_copy, data_copy)
    assert np.shares_memory(_values(first), _values(again))  # one reading, not two
    assert np.shares_memory(
        first.derived["comparisons"]["council"].to_numpy(), again.derived["comparisons"]["council"].to_numpy()
    )  # one comparison
    first.table.loc[first.table.index[0], "value"] = -1.0  # a notebook that changes its table...
    assert notebook.edition_inputs_once(edition_copy, data_copy).table["value"].iloc[0] != -1.0  # ...only its own

    # the words, the same size and time
    _same_bytes_and_time(edition_copy / "narrative" / "leadership.md", "worried", "WORRIED")
    renewed = notebook.edition_inputs_once(edition_copy, data_copy)
    assert not np.shares_memory(_values(renewed), _values(again))
    assert "WORRIED" in renewed.edition.narrative["leadership"]

    # a data file, the same size and time: the new figure is read
    [c1] = data_copy.glob("c1_*.csv")
    line = next(
        row for row in c1.read_text(encoding="utf-8-sig").splitlines() if row.startswith("2025,") and ",991," in row
    )
    _same_bytes_and_time(c1, line, line[:-1] + ("2" if line.endswith("1") else "1"))
    assert not np.shares_memory(_values(notebook.edition_inputs_once(edition_copy, data_copy)), _values(renewed))


def test_a_folder_added_to_the_returns_is_read_and_refused(edition_copy):
    notebook.edition_inputs_once(edition_copy, EXAMPLE_DATA)
    (edition_copy / "returns" / "ssda-2025").mkdir()  # no file in it: only the folder's name changes
    with pytest.raises(InputError, match="is not a return sefbook reads"):
        notebook.edition_inputs_once(edition_copy, EXAMPLE_DATA)


def test_returns_read_from_elsewhere_are_kept_by_their_own_content(edition_copy, tmp_path):
    elsewhere = tmp_path / "share" / "returns"
    shutil.copytree(edition_copy / "returns", elsewhere)
    first = notebook.edition_inputs_once(edition_copy, EXAMPLE_DATA, returns=elsewhere)
    assert np.shares_memory(
        _values(first), _values(notebook.edition_inputs_once(edition_copy, EXAMPLE_DATA, returns=elsewhere))
    )
    (elsewhere / "ssda-2025").mkdir()
    with pytest.raises(InputError, match="is not a return sefbook reads"):
        notebook.edition_inputs_once(edition_copy, EXAMPLE_DATA, returns=elsewhere)


def test_the_parts_of_one_build_share_its_reading_and_the_next_build_checks_it_again(edition_copy):
    # a build says which it is before each part (build/kernels.py); the build notices a file
    # written while it runs (tests/test_freshness.py), so its parts need not check the folders
    try:
        notebook.in_build("one")
        first = notebook.edition_inputs_once(edition_copy, EXAMPLE_DATA)
        _same_bytes_and_time(edition_copy / "narrative" / "leadership.md", "worried", "WORRIED")
        same = notebook.edition_inputs_once(edition_copy, EXAMPLE_DATA)
        assert np.shares_memory(_values(first), _values(same)) and "WORRIED" not in same.edition.narrative["leadership"]
        notebook.in_build("two")  # the next build's first part checks them, and reads what changed
        renewed = notebook.edition_inputs_once(edition_copy, EXAMPLE_DATA)
        assert "WORRIED" in renewed.edition.narrative["leadership"]
        assert np.shares_memory(_values(renewed), _values(notebook.edition_inputs_once(edition_copy, EXAMPLE_DATA)))
        notebook.in_build("")  # outside a build, every part checks them
        _same_bytes_and_time(edition_copy / "narrative" / "leadership.md", "WORRIED", "worried")
        assert "WORRIED" not in notebook.edition_inputs_once(edition_copy, EXAMPLE_DATA).edition.narrative["leadership"]
    finally:
        notebook.in_build("")


def test_a_builds_parts_show_the_inputs_it_checked_from_the_reading_it_shares(edition_copy, tmp_path):
    # the build checks the inputs, then hands its kernels that reading (notebook.share_reading):
    # its parts show what was checked, even if a file changes after the check, and read no data again
    checked = load_inputs(edition_copy, EXAMPLE_DATA)
    reading = tmp_path / "inputs.pickle"
    parameters = {
        "edition": str(edition_copy),
        "data_dir": str(EXAMPLE_DATA),
        "la_code": "",
        "period": "",
        "returns": "",
    }
    notebook.share_reading(reading, checked, parameters)
    _same_bytes_and_time(edition_copy / "narrative" / "leadership.md", "worried", "WORRIED")
    try:
        notebook.in_build("one", str(reading))
        shared = notebook.edition_inputs_once(edition_copy, EXAMPLE_DATA)
        assert "WORRIED" not in shared.edition.narrative["leadership"]
        assert shared.registry is notebook.default_registry()  # the kernel's own registry, not a copy
        assert _section(shared, "leadership") == _section(checked, "leadership")
        assert headlines_html(shared) == headlines_html(checked)
        reading.unlink()  # loaded once for the build: its other parts need the file no more
        notebook.in_build("one", str(reading))
        assert np.shares_memory(_values(shared), _values(notebook.edition_inputs_once(edition_copy, EXAMPLE_DATA)))
        notebook.in_build("two")  # a later build without a reading of its own reads the folders again
        assert "WORRIED" in notebook.edition_inputs_once(edition_copy, EXAMPLE_DATA).edition.narrative["leadership"]
    finally:
        notebook.in_build("")
