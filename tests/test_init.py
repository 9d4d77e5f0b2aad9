"""`sefbook init`: a council's first edition from the DfE's files alone, valid as written and
built straight away into a draft report for that council (never the example's)."""

from __future__ import annotations

import csv
import html
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
import yaml
from helpers import EXAMPLE_EDITION, PUBLISHED_DATA, ROOT

from sefbook import cli
from sefbook.inputs.load import current_councils, load_inputs
from sefbook.inputs.sections import NARRATIVE_HEADINGS, SECTIONS, split_key_marks
from sefbook.scaffold import TO_BE_WRITTEN, USUAL_FACTS, USUAL_INDICATORS, init_edition

needs_published = pytest.mark.skipif(not PUBLISHED_DATA.is_dir(), reason="published DfE files not beside the project")


def sefbook(*args: str) -> subprocess.CompletedProcess:
    """The console script, as a user runs it."""
    return subprocess.run(
        [str(Path(sys.executable).with_name("sefbook")), *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=600,
        check=False,
    )


def test_the_usual_indicators_are_the_example_editions():
    """init's "usual" lists are the example edition's (the one place a reader sees them at work)."""
    config = yaml.safe_load((EXAMPLE_EDITION.parent / "example-2026" / "sef.yml").read_text(encoding="utf-8"))
    sections = {s["name"]: s for s in config["sections"] if isinstance(s, dict) and s["name"] in SECTIONS}
    assert list(USUAL_INDICATORS) == list(SECTIONS)
    for name, ids in USUAL_INDICATORS.items():
        assert list(ids) == split_key_marks(sections[name]["indicators"])[0], name  # key marks aside
        facts = [f for f in sections[name].get("facts", []) if isinstance(f, str)]
        assert list(USUAL_FACTS.get(name, ())) == facts, name


@pytest.mark.slow
@needs_published
@pytest.mark.parametrize("code", ["856", "E06000016"])
def test_init_makes_a_valid_edition_for_leicester_by_either_code(tmp_path, code, capsys):
    folder = tmp_path / "sefs" / "leicester-2025"
    assert cli.main(["init", str(folder), "--la", code, "--data", str(PUBLISHED_DATA)]) == 0
    out, err = capsys.readouterr()
    assert out.strip() == str(folder) and "Leicester (856, E06000016)" in err
    text = (folder / "sef.yml").read_text(encoding="utf-8")
    config = yaml.safe_load(text)
    assert (config["la_name"], config["old_la_code"], config["new_la_code"], config["region_name"]) == (
        "Leicester",
        "856",
        "E06000016",
        "East Midlands",
    )
    with (PUBLISHED_DATA / "sn_model_2025_wide.csv").open(encoding="utf-8-sig") as f:
        row = next(r for r in csv.DictReader(f) if r["old_la_code"] == "856")
    assert config["statistical_neighbours"] == [row[f"SN_{n}"] for n in range(1, 11)]
    assert "2025 model (sn_model_2025_wide.csv)" in config["statistical_neighbour_model"]
    assert (config["year"], config["reporting_period"], config["status"]) == (
        2025,
        "1 April 2024 to 31 March 2025",
        "draft",
    )
    assert [s["name"] for s in config["sections"]] == ["foreword", *SECTIONS]
    assert "plan" not in config and "areas_for_improvement" not in config and "returns" not in config
    # what the folder holds is shown; what it lacks is named with the file that would bring it
    shown = {i for s in config["sections"] for i in s.get("indicators", [])}
    assert {"cin_rate", "cla_rate", "care_leavers_eet", "sw_turnover_rate"} <= shown
    assert "s47_rate" not in shown and "#   s47_rate: its file is not in the data folder (c4_children_in_need" in text
    assert "#   adoption_a1_days: computed from the council's own returns" in text
    assert "Kingsmere" not in text
    assert yaml.safe_load((folder / "quotes.yml").read_text(encoding="utf-8")) == {"quotes": []}
    for template in ("plan.yml", "areas_for_improvement.yml"):  # commented templates, with one example entry
        lines = (folder / template).read_text(encoding="utf-8").splitlines()
        assert all(line.startswith("#") for line in lines) and any(line.startswith("#   - id:") for line in lines)
    for name in SECTIONS:
        narrative = (folder / "narrative" / f"{name}.md").read_text(encoding="utf-8")
        assert [h for h in re.findall(r"^## (.+)$", narrative, re.MULTILINE)] == list(NARRATIVE_HEADINGS)
        assert narrative.count(f"_{TO_BE_WRITTEN} ") == 5  # an opening, and one under each heading
    assert (folder / "narrative" / "foreword.md").read_text(encoding="utf-8").startswith(f"_{TO_BE_WRITTEN} ")
    assert not (folder / "returns").exists()

    assert cli.main(["check", str(folder), "--data", str(PUBLISHED_DATA)]) == 0
    assert "is valid: 7 sections" in capsys.readouterr().err
    load_inputs(folder, PUBLISHED_DATA)  # as a build checks it: the year has the council's figures


@needs_published
def test_init_never_overwrites(tmp_path, capsys):
    folder = tmp_path / "mine"
    folder.mkdir()
    (folder / "sef.yml").write_text("la_name: mine\n", encoding="utf-8")
    assert cli.main(["init", str(folder), "--la", "856", "--data", str(PUBLISHED_DATA)]) == 2
    err = capsys.readouterr().err
    assert f"{folder}: already exists" in err and "never overwrites" in err and "Traceback" not in err
    assert (folder / "sef.yml").read_text(encoding="utf-8") == "la_name: mine\n"
    assert sorted(p.name for p in folder.iterdir()) == ["sef.yml"]


@pytest.mark.slow
@needs_published
@pytest.mark.parametrize("code, near", [("999", None), ("Leicster", "856 (Leicester)"), ("E06000999", None)])
def test_an_unknown_code_is_refused_naming_it_and_the_data_folder(tmp_path, capsys, code, near):
    folder = tmp_path / "nowhere"
    assert cli.main(["init", str(folder), "--la", code, "--data", str(PUBLISHED_DATA)]) == 2
    err = capsys.readouterr().err
    assert (
        str(PUBLISHED_DATA.resolve()) in err and repr(code) in err and "has no council with this LA code" in err
    )  # ../shared may be a link
    assert "Traceback" not in err and len(err.strip().splitlines()) == 1
    if near:
        assert near in err
    assert not folder.exists()


@pytest.mark.slow
@needs_published
def test_an_indicator_whose_file_cannot_be_read_is_left_out_saying_why(tmp_path):
    data = tmp_path / "dfe"
    shutil.copytree(PUBLISHED_DATA, data)
    workforce = next(data.glob("csww_indicators_*.csv"))
    workforce.write_text(
        workforce.read_text(encoding="utf-8-sig").replace("turnover_rate_fte", "turnover", 1), encoding="utf-8"
    )
    folder = tmp_path / "leicester-2025"
    init_edition(folder, "856", data)
    text = (folder / "sef.yml").read_text(encoding="utf-8")
    leadership = next(s for s in yaml.safe_load(text)["sections"] if s["name"] == "leadership")
    assert "sw_turnover_rate" not in leadership["indicators"] and "sw_agency_rate" in leadership["indicators"]
    why = next(line for line in text.splitlines() if line.startswith("    #   sw_turnover_rate:"))
    assert "left out, its file cannot be read" in why and workforce.name in why and "turnover_rate_fte" in why
    load_inputs(folder, data)  # valid now; the indicator comes back when the file is read


def _published_at31(code: str, year: int) -> int:
    with next(PUBLISHED_DATA.glob("b1_children_in_need_*.csv")).open(encoding="utf-8-sig") as f:
        return int(
            next(
                r["At31_episodes"]
                for r in csv.DictReader(f)
                if r["old_la_code"] == code and r["time_period"] == str(year)
            )
        )


@needs_published
@pytest.mark.build
@pytest.mark.parametrize(
    "code, name",
    [
        ("856", "Leicester"),
        ("201", "City of London"),  # the smallest
        ("314", "Kingston upon Thames"),
    ],
)  # a joint workforce return
def test_an_initialised_edition_builds_straight_away_into_the_councils_draft(tmp_path, code, name):
    folder = tmp_path / "sefs" / "first-2025"
    made = sefbook("init", str(folder), "--la", code, "--data", str(PUBLISHED_DATA))
    assert made.returncode == 0, made.stderr
    built = sefbook("build", str(folder), "--data", str(PUBLISHED_DATA), "--output", str(tmp_path / "out"))
    assert built.returncode == 0, built.stderr
    page = Path(built.stdout.strip()).read_text(encoding="utf-8")
    text = re.sub(
        r"\s+",
        " ",
        html.unescape(re.sub(r"<[^>]+>", " ", re.sub(r"<(style|script).*?</\1>", "", page, flags=re.DOTALL))),
    )
    assert f"{name} children's services self-evaluation 2025" in text and "Kingsmere" not in page
    assert "Draft" in text and text.count(TO_BE_WRITTEN) >= 25  # every narrative says it is still to be written
    # the published figure, in the council's column of the context table
    # (its period in the row, "Mar 2025", or said once in the table's caption when every row shares it)
    assert re.search(rf"Children in need at 31 March (Mar 2025 )?{_published_at31(code, 2025):,} ", text), code


@needs_published
@pytest.mark.build
@pytest.mark.slow
def test_init_and_check_for_every_council_in_the_folder(tmp_path):
    """Every current council's first edition is valid as written (the checks `sefbook check` and
    a build make, in one process: a subprocess each would spend most of its time importing)."""
    councils = current_councils(PUBLISHED_DATA)
    assert len(councils) == 153
    started = time.perf_counter()
    for code, name in councils.items():
        made = init_edition(tmp_path / code, code, PUBLISHED_DATA)
        assert (made.la_name, made.old_la_code) == (name, code)
        inputs = load_inputs(made.folder, PUBLISHED_DATA)
        assert inputs.place.la_name == name and len(inputs.place.neighbour_codes) >= 8, code
        assert "Kingsmere" not in (made.folder / "sef.yml").read_text(encoding="utf-8")
    print(f"init and check of {len(councils)} councils: {time.perf_counter() - started:.0f} s")


@pytest.mark.build  # its build starts a kernel as the inputs are checked
@needs_published
def test_the_example_returns_pointed_at_from_a_leicester_edition_are_refused(tmp_path, capsys):
    """The issue's case: a Leicester edition whose `returns:` leads to the example's (Kingsmere's, LEA 991)."""
    folder = tmp_path / "sefs" / "leicester-2026"
    assert cli.main(["init", str(folder), "--la", "856", "--data", str(PUBLISHED_DATA)]) == 0
    sef = folder / "sef.yml"
    sef.write_text(sef.read_text(encoding="utf-8") + f"returns: {EXAMPLE_EDITION / 'returns'}\n", encoding="utf-8")
    capsys.readouterr()
    for command in ("check", "build"):
        assert (
            cli.main(
                [command, str(folder), "--data", str(PUBLISHED_DATA), "--output", str(tmp_path / "out")][
                    : None if command == "build" else 4
                ]
            )
            == 2
        )
        err = capsys.readouterr().err
        assert "is the return of LA 991, not of Leicester (856)" in err and "expected LEA 856; found 991" in err, err
    assert not (tmp_path / "out" / "leicester-2026").exists()  # no report
