"""Nothing from outside the edition: every file an edition reads (its narrative and chapters,
pictures, quotes, plan, areas for improvement, local figures and indicators, and its returns)
resolves, links followed, inside the edition folder or a folder it declares (its previous
edition's; the returns folder for the returns). Anything else is refused, naming the file as
written and where it points, before a byte of it is read."""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

import pytest
from helpers import EXAMPLE_EDITION, set_key
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sefbook.errors import InputError
from sefbook.inputs.edition.read import load_edition

SECRET = "SECRET-OUTSIDE-THE-EDITION"


def _outside(edition: Path) -> Path:
    """A folder beside the editions (tmp/outside), holding a file that would pass as a chapter."""
    folder = edition.parent.parent / "outside"
    folder.mkdir(exist_ok=True)
    (folder / "secret.md").write_text(f"# Secret\n\n{SECRET}\n", encoding="utf-8")
    (folder / "plan.yml").write_text((edition / "plan.yml").read_text(encoding="utf-8"), encoding="utf-8")
    return folder


def _chapter_file(edition: Path, written: str) -> None:
    sef = edition / "sef.yml"
    text = sef.read_text(encoding="utf-8")
    sef.write_text(
        text.replace(
            "  - name: foreword\n    title: Foreword\n",
            f"  - name: foreword\n    title: Foreword\n    file: {written!r}\n",
            1,
        ),
        encoding="utf-8",
    )


def _refused(edition: Path) -> str:
    with pytest.raises(InputError) as err:
        load_edition(edition)
    assert SECRET not in err.value.message
    return err.value.message


def test_a_chapter_file_reaching_out_is_refused_naming_it_and_where_it_points(edition_copy):
    outside = _outside(edition_copy)
    _chapter_file(edition_copy, "../../../outside/secret.md")
    message = _refused(edition_copy)
    assert "sef.yml, key sections[0].file: reads a file outside the edition folder or its previous edition's" in message
    assert f"found '../../../outside/secret.md' (resolves to {outside.resolve() / 'secret.md'})" in message
    assert f"expected a file inside {edition_copy.resolve()}{os.sep}" in message


def test_an_absolute_chapter_file_is_refused(edition_copy):
    _chapter_file(edition_copy, "/etc/passwd")
    message = _refused(edition_copy)
    assert "key sections[0].file" in message and "'/etc/passwd' (resolves to /etc/passwd)" in message


def test_a_narrative_that_links_outside_is_refused(edition_copy):
    outside = _outside(edition_copy)
    narrative = edition_copy / "narrative" / "foreword.md"
    narrative.unlink()
    narrative.symlink_to(outside / "secret.md")
    message = _refused(edition_copy)
    assert message.startswith(f"{narrative}: is a link to a file outside the edition folder")
    assert f"found a link to {outside.resolve() / 'secret.md'}" in message


def test_a_narrative_folder_that_links_outside_is_refused(edition_copy):
    outside = _outside(edition_copy)
    narrative = edition_copy / "narrative"
    shutil.copytree(narrative, outside / "narrative")
    shutil.rmtree(narrative)
    narrative.symlink_to(outside / "narrative", target_is_directory=True)
    assert "is a link to a file outside the edition folder" in _refused(edition_copy)


def test_a_picture_that_links_outside_is_refused(edition_copy):
    outside = _outside(edition_copy)
    (outside / "photo.png").write_bytes((edition_copy / "narrative" / "images" / "my-place.png").read_bytes())
    picture = edition_copy / "narrative" / "images" / "my-place.png"
    picture.unlink()
    picture.symlink_to(outside / "photo.png")
    message = _refused(edition_copy)
    assert "case_studies.md, line 13: shows an image that is not a picture in the narrative folder" in message
    assert f"'images/my-place.png' (resolves to {outside.resolve() / 'photo.png'})" in message


@pytest.mark.parametrize("key", ["plan", "areas_for_improvement", "local_figures", "local_indicators"])
def test_a_yearly_file_outside_the_edition_is_refused(edition_copy, key):
    _outside(edition_copy)
    set_key(edition_copy / "sef.yml", key, "../../outside/plan.yml")
    message = _refused(edition_copy)
    assert f"sef.yml, key {key}: reads a file outside the edition folder" in message
    assert "found '../../outside/plan.yml' (resolves to " in message


def test_quotes_and_sef_yml_that_link_outside_are_refused(edition_copy):
    outside = _outside(edition_copy)
    shutil.copy(edition_copy / "quotes.yml", outside / "quotes.yml")
    (edition_copy / "quotes.yml").unlink()
    (edition_copy / "quotes.yml").symlink_to(outside / "quotes.yml")
    assert "quotes.yml: is a link to a file outside the edition folder" in _refused(edition_copy)
    (edition_copy / "quotes.yml").unlink()
    shutil.copy(edition_copy / "sef.yml", outside / "sef.yml")
    (edition_copy / "sef.yml").unlink()
    (edition_copy / "sef.yml").symlink_to(outside / "sef.yml")
    assert "sef.yml: is a link to a file outside the edition folder" in _refused(edition_copy)


def test_a_file_in_the_returns_that_links_outside_is_refused(edition_copy):
    outside = _outside(edition_copy)
    header = edition_copy / "returns" / "ssda903-2025" / "header.csv"
    shutil.copy(header, outside / "header.csv")
    header.unlink()
    header.symlink_to(outside / "header.csv")
    message = _refused(edition_copy)
    assert message.startswith(f"{header}: is a link to a file outside the returns folder")
    # a return given on the command line is checked the same way
    with pytest.raises(InputError, match="outside the returns folder"):
        load_edition(edition_copy, returns=edition_copy / "returns")


def test_links_inside_the_edition_and_a_plan_kept_with_last_years_edition_are_read(edition_copy):
    narrative = edition_copy / "narrative"
    (narrative / "foreword-draft.md").write_text("# Foreword\n\nA draft kept beside the others.\n", encoding="utf-8")
    (narrative / "foreword.md").unlink()
    (narrative / "foreword.md").symlink_to("foreword-draft.md")  # a link within the edition
    shutil.copy(edition_copy / "plan.yml", edition_copy.parent / "example-2024" / "shared-plan.yml")
    set_key(edition_copy / "sef.yml", "plan", "../example-2024/shared-plan.yml")  # the previous edition's folder
    edition = load_edition(edition_copy)
    assert "A draft kept beside the others." in edition.narrative["foreword"]
    assert edition.plan is not None


# --- hostile paths: whatever `file:` says, nothing outside is read ----------------------------

_opened: list[str] = []
_watching: list[Path] = []


def _audit(event: str, args: tuple) -> None:
    if _watching and event == "open" and isinstance(args[0], (str, bytes, os.PathLike)):
        _opened.append(os.fsdecode(args[0]))


sys.addaudithook(_audit)  # every open the process makes, while a test watches (cannot be removed: kept cheap)


@pytest.fixture(scope="module")
def hostile(tmp_path_factory) -> Path:
    """An edition beside an outside folder, with links out of (and within) its narrative folder."""
    root = tmp_path_factory.mktemp("hostile")
    shutil.copytree(EXAMPLE_EDITION.parent, root / "editions", ignore=shutil.ignore_patterns("example-2026"))
    edition = root / "editions" / EXAMPLE_EDITION.name
    _outside(edition)
    narrative = edition / "narrative"
    (narrative / "out").symlink_to(root / "outside", target_is_directory=True)
    (narrative / "out-file.md").symlink_to(root / "outside" / "secret.md")
    (narrative / "in").symlink_to(narrative, target_is_directory=True)
    (narrative / "loop.md").symlink_to(narrative / "loop.md")
    return edition


_PARTS = st.sampled_from(
    [
        "..",
        ".",
        "narrative",
        "outside",
        "secret.md",
        "out",
        "out-file.md",
        "in",
        "loop.md",
        "foreword.md",
        "example-2025",
        "example-2024",
        "editions",
        "etc",
        "passwd",
        "sef.yml",
    ]
)


@st.composite
def _paths(draw) -> str:
    parts = draw(st.lists(_PARTS, max_size=draw(st.sampled_from([0, 2, 3, 8]))))
    last = draw(st.sampled_from(["foreword.md", "secret.md", "out-file.md", "loop.md", "sef.yml"]))
    start = draw(st.sampled_from(["", "", "/", "HOSTILE_ROOT/"]))
    return start + "/".join([*parts, last])


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(written=_paths())
def test_no_file_outside_the_edition_is_ever_read_whatever_the_path(hostile, written):
    written = written.replace("HOSTILE_ROOT/", f"{hostile.parent.parent}/")
    sef = hostile / "sef.yml"
    original = (EXAMPLE_EDITION / "sef.yml").read_text(encoding="utf-8")
    sef.write_text(
        original.replace(
            "  - name: foreword\n    title: Foreword\n",
            f"  - name: foreword\n    title: Foreword\n    file: {written!r}\n",
            1,
        ),
        encoding="utf-8",
    )
    outside = (hostile.parent.parent / "outside").resolve()
    _opened.clear()
    _watching.append(outside)
    try:
        edition = load_edition(hostile)
    except InputError as exc:
        assert SECRET not in exc.message
    else:
        assert SECRET not in edition.narrative["foreword"]
        read = (hostile / "narrative" / written).resolve()
        assert read.is_relative_to(hostile.resolve()) or read.is_relative_to(hostile.parent.resolve() / "example-2024")
    finally:
        _watching.clear()
    assert not [p for p in _opened if Path(p).resolve().is_relative_to(outside)], _opened
