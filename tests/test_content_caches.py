"""Caches can only be wrong by being slower: what sefbook keeps (in a process, or in its cache
folder) is kept by the content of the files it came from, never by their size and modification
time, which a corrected file copied with `cp -p`, `rsync -t` or unzipped keeps; a damaged entry
is discarded and worked out again; a cache folder that cannot be used is said once and done
without."""

from __future__ import annotations

import io
import os
import pickle
import subprocess
import sys
import zipfile
from datetime import datetime
from pathlib import Path

import openpyxl
import pytest
from helpers import EXAMPLE_DATA, EXAMPLE_EDITION, write_csv

from sefbook.cache import ContentCache, cache_dir, keep, recall
from sefbook.inputs.published.fingertips import read_fingertips
from sefbook.inputs.published.layouts import FingertipsLayout, WorkbookLayout
from sefbook.inputs.published.reader import read_published
from sefbook.inputs.published.registry import default_registry
from sefbook.inputs.published.shape import read_published_csv
from sefbook.inputs.published.workbooks import read_workbook

C1 = "c1_children_in_need_referrals_and_rereferrals_2021_to_2025.csv"
OURS_2025 = ",991,E06000991,Kingsmere,Referrals and Re-referrals,3129,594,19,"


def corrected_in_place(path: Path, old: bytes, new: bytes) -> None:
    """Rewrite a file with one value corrected, keeping its size and modification time (as
    `cp -p` of a corrected release does)."""
    assert len(old) == len(new)
    before = path.stat()
    data = path.read_bytes()
    assert data.count(old) == 1, old
    path.write_bytes(data.replace(old, new))
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    after = path.stat()
    assert (after.st_size, after.st_mtime_ns) == (before.st_size, before.st_mtime_ns)


def rereferrals_2025(data: Path) -> float:
    table = read_published(data, default_registry(), ["rereferral_12m"]).table
    ours = table[(table["area_key"] == "991") & (table["time_period"] == 2025)]
    return float(ours["value"].iloc[0])


def test_a_corrected_data_file_of_the_same_size_and_time_gives_its_new_figure(data_copy):
    assert rereferrals_2025(data_copy) == 19  # read: kept in this process and in the cache folder
    assert rereferrals_2025(data_copy) == 19
    corrected_in_place(data_copy / C1, OURS_2025.encode(), OURS_2025.replace(",19,", ",29,").encode())
    assert rereferrals_2025(data_copy) == 29


def test_a_corrected_csv_is_parsed_again(tmp_path):
    from sefbook.inputs.published.folder import read_cached

    header = "time_period,time_identifier,geographic_level,country_code,country_name,value"
    path = write_csv(tmp_path / "national.csv", header, "2025,Reporting year,National,E92000001,England,19")
    assert list(read_cached(path)["value"]) == ["19"]
    corrected_in_place(path, b",19\n", b",29\n")
    assert list(read_cached(path)["value"]) == ["29"]
    assert list(read_published_csv(path)["value"]) == ["29"]


def _crosswalk() -> dict[str, tuple[str, str, str, str]]:
    return {"E06000991": ("991", "Kingsmere", "E12000004", "East Midlands")}


def test_a_corrected_workbook_of_the_same_size_and_time_gives_its_new_figure(tmp_path):
    path = tmp_path / "RO3_2024-25.xlsx"

    def save(value: int) -> None:
        book = openpyxl.Workbook()
        sheet = book.active
        sheet.title = "RO3"
        sheet.append(["ONS code", "Spend"])
        sheet.append(["E06000991", value])
        book.properties.created = book.properties.modified = datetime(2025, 6, 1)
        packed = io.BytesIO()
        book.save(packed)
        with zipfile.ZipFile(packed) as deflated, zipfile.ZipFile(path, "w", zipfile.ZIP_STORED) as stored:
            for entry in deflated.infolist():  # stored, not deflated: the same size whatever the figure
                stored.writestr(zipfile.ZipInfo(entry.filename, (2025, 6, 1, 0, 0, 0)), deflated.read(entry))

    layout = WorkbookLayout.model_validate(
        {
            "sheet": "RO3",
            "header_row": 1,
            "code_column": "ONS code",
            "measures": ["Spend"],
            "period": {"from_file_name": r"_(\d{4})-(\d{2})\.xlsx$"},
        }
    )
    save(1900)
    assert list(read_workbook(path, layout, _crosswalk())["Spend"]) == ["1900"]
    size, mtime = path.stat().st_size, path.stat().st_mtime_ns
    save(2900)
    os.utime(path, ns=(mtime, mtime))
    assert (path.stat().st_size, path.stat().st_mtime_ns) == (size, mtime)  # what the old cache was kept by
    assert list(read_workbook(path, layout, _crosswalk())["Spend"]) == ["2900"]


def test_a_corrected_fingertips_export_of_the_same_size_and_time_gives_its_new_figure(tmp_path):
    header = "Indicator ID,Area Code,Area Name,Area Type,Time period,Value"
    path = write_csv(tmp_path / "export.csv", header, "90284,E06000991,Kingsmere,Counties & UAs,2023/24,19.0")
    layout = FingertipsLayout.model_validate(
        {"indicator_id": 90284, "measures": ["Value"], "levels": {"Local authority": ["Counties & UAs"]}}
    )
    assert list(read_fingertips(path, layout, _crosswalk())["Value"]) == ["19.0"]
    corrected_in_place(path, b",19.0\n", b",29.0\n")
    assert list(read_fingertips(path, layout, _crosswalk())["Value"]) == ["29.0"]


def test_a_content_cache_works_out_again_only_for_new_content(tmp_path):
    path = tmp_path / "a.txt"
    path.write_bytes(b"19")
    made: list[bytes] = []
    cache: ContentCache[bytes] = ContentCache(most=4)
    make = lambda data: made.append(data) or data
    assert cache.get(path, make)[1] == b"19" and cache.get(path, make)[1] == b"19"
    corrected_in_place(path, b"19", b"29")
    assert cache.get(path, make)[1] == b"29"
    assert made == [b"19", b"29"]


# --- the cache folder ---------------------------------------------------------------------------


@pytest.mark.parametrize("damage", ["cut short", "garbage"])
def test_a_damaged_cache_entry_is_discarded_and_kept_again(damage):
    key = f"damaged-entry-{damage.replace(' ', '-')}"
    keep("tests", key, {"figure": 19})
    entry = cache_dir() / "tests" / f"{key}.pickle"
    whole = entry.read_bytes()
    entry.write_bytes(whole[: len(whole) // 2] if damage == "cut short" else b"\x80\x05not a pickle at all")
    assert recall("tests", key) is None
    assert not entry.exists()  # discarded, not left to fail every time
    keep("tests", key, {"figure": 19})
    assert recall("tests", key) == {"figure": 19}


READ_REREFERRALS = """
import sys
from sefbook.inputs.published.reader import read_published
from sefbook.inputs.published.registry import default_registry
table = read_published(sys.argv[1], default_registry(), ["rereferral_12m"]).table
print(table.loc[(table["area_key"] == "991") & (table["time_period"] == 2025), "value"].iloc[0])
"""


def test_a_damaged_kept_table_is_read_again_correctly(data_copy, tmp_path):
    cache = tmp_path / "cache"

    def in_a_new_process() -> str:  # nothing kept in memory: only what the cache folder holds
        run = subprocess.run(
            [sys.executable, "-c", READ_REREFERRALS, str(data_copy)],
            capture_output=True,
            text=True,
            timeout=300,
            env={**os.environ, "SEFBOOK_CACHE_DIR": str(cache)},
            check=False,
        )
        assert run.returncode == 0 and "Traceback" not in run.stderr, run.stderr
        return run.stdout.strip()

    assert in_a_new_process() == "19.0"
    kept = list((cache / "tables").glob("*.pickle"))
    assert kept
    for entry in kept:  # cut in half
        entry.write_bytes(entry.read_bytes()[: entry.stat().st_size // 2])
    assert in_a_new_process() == "19.0"
    assert all(pickle.loads(entry.read_bytes()) is not None for entry in kept)  # kept again, whole


def test_without_a_usable_cache_folder_the_data_is_read_alike_and_nothing_is_kept(tmp_path, data_copy, monkeypatch):
    """sefbook used as a library (sefbook.load() in a notebook) with a cache folder it cannot use:
    everything is worked out again, the same, and the folder is left alone."""
    import pandas as pd

    from sefbook.cache import cache_problem

    registry = default_registry()
    ids = ["cla_rate", "rereferral_12m", "care_leavers_eet", "cin_rate"]
    kept = read_published(EXAMPLE_DATA, registry, ids).table
    blocker = tmp_path / "cache-is-a-file"
    blocker.write_text("not a folder\n", encoding="utf-8")
    monkeypatch.setenv("SEFBOOK_CACHE_DIR", str(blocker))
    assert cache_problem() == "is a file"
    worked_out = read_published(data_copy, registry, ids).table  # another folder: nothing reused in memory
    assert set(worked_out["indicator"]) == set(ids)
    pd.testing.assert_frame_equal(worked_out.drop(columns="source_file"), kept.drop(columns="source_file"))
    assert blocker.read_text(encoding="utf-8") == "not a folder\n"


@pytest.mark.build
def test_a_cache_folder_that_is_a_file_is_said_once_and_the_report_is_right(tmp_path, example_build):
    """Said once, a temporary cache folder in its place for the run (gone after it), the report the same."""
    blocker = tmp_path / "cache-is-a-file"
    blocker.write_text("not a folder\n", encoding="utf-8")
    output, temporary = tmp_path / "output", tmp_path / "tmp"
    (temporary / "made").mkdir(parents=True)
    run = subprocess.run(
        [
            str(Path(sys.executable).with_name("sefbook")),
            "build",
            str(EXAMPLE_EDITION),
            "--data",
            str(EXAMPLE_DATA),
            "--output",
            str(output),
        ],
        capture_output=True,
        text=True,
        env={**os.environ, "SEFBOOK_CACHE_DIR": str(blocker), "TMPDIR": str(temporary)},
        timeout=900,
        check=False,
    )
    assert run.returncode == 0, run.stderr
    note = f"sefbook: the cache folder {blocker} cannot be used (is a file); a temporary one serves this run"
    assert run.stderr.count(note) == 1, run.stderr
    assert "Traceback" not in run.stderr and "NotADirectoryError" not in run.stderr
    built = (output / EXAMPLE_EDITION.name / "figures.csv").read_bytes()
    assert built == (example_build.parent / "figures.csv").read_bytes()
    assert blocker.read_text(encoding="utf-8") == "not a folder\n"
    assert (temporary / "made").is_dir() and not list(temporary.glob("sefbook-cache-*"))  # removed after the run


@pytest.mark.build
def test_a_build_after_a_corrected_file_of_the_same_size_and_time_shows_the_new_figure(
    tmp_path, edition_copy, data_copy
):
    sefbook = str(Path(sys.executable).with_name("sefbook"))
    output = tmp_path / "output"

    def build() -> str:
        run = subprocess.run(
            [sefbook, "build", str(edition_copy), "--data", str(data_copy), "--output", str(output)],
            capture_output=True,
            text=True,
            timeout=900,
            check=False,
        )
        assert run.returncode == 0, run.stderr
        return (output / edition_copy.name / "figures.csv").read_text(encoding="utf-8-sig")

    def rereferrals(figures: str) -> str:
        line = next(
            line
            for line in figures.splitlines()
            if line.startswith("help_and_protection,rereferral_12m,") and ",Kingsmere,2025," in line
        )
        return line.split(",Kingsmere,2025,")[1].split(",")[0]

    assert rereferrals(build()) == "19.0%"
    corrected_in_place(data_copy / C1, OURS_2025.encode(), OURS_2025.replace(",19,", ",29,").encode())
    assert rereferrals(build()) == "29.0%"
    assert "29.0%" in (output / edition_copy.name / "report.html").read_text(encoding="utf-8")


# --- a council under another GSS code in one file ------------------------------------------------


@pytest.mark.slow
def test_a_council_under_another_gss_code_in_one_file_is_matched_and_said(edition_copy, data_copy, capsys):
    from sefbook import cli
    from sefbook.inputs.load import load_inputs
    from sefbook.render.pages import about_html

    c1 = data_copy / C1
    c1.write_text(c1.read_text(encoding="utf-8").replace("991,E06000991", "991,E06000999"), encoding="utf-8")
    note = f"{C1}: gives Kingsmere (991) the new code E06000999, not E06000991 as sef.yml says; matched by the old code"
    assert cli.main(["check", str(edition_copy), "--data", str(data_copy)]) == 0
    assert capsys.readouterr().err.count(note) == 1
    inputs = load_inputs(edition_copy, data_copy)
    assert inputs.notes == (note,)
    assert note in about_html(inputs)
    ours = inputs.table[(inputs.table["indicator"] == "rereferral_12m") & (inputs.table["area_key"] == "991")]
    assert set(ours["area_code"]) == {"E06000991"} and 2025 in set(ours["time_period"])  # still the council's


@pytest.mark.slow
def test_a_council_under_its_own_code_everywhere_has_no_note(edition_copy):
    from sefbook.inputs.load import load_inputs

    assert load_inputs(edition_copy, EXAMPLE_DATA).notes == ()
