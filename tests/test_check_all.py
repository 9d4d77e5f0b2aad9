"""`sefbook check` (and a build's validation) names every indicator the data cannot give in one run, each with
the file and key that ask for it; and a returns folder of another council is refused."""

from __future__ import annotations

import re

import pytest
from helpers import set_key

from sefbook import cli


def _three_missing(edition, data):
    """sef.yml names cla_sdq_average, plan.yml youth_justice_fte_rate (only there), areas_for_improvement.yml
    ks2_rwm_expected_cla (only there): each of their files removed from the data."""
    sef = edition / "sef.yml"
    sef.write_text(sef.read_text(encoding="utf-8").replace(" youth_justice_fte_rate,", ""), encoding="utf-8")
    areas = edition / "areas_for_improvement.yml"
    areas.write_text(
        areas.read_text(encoding="utf-8").replace("[cpp_two_years,", "[ks2_rwm_expected_cla,"), encoding="utf-8"
    )
    for pattern in ("la_conviction_health_outcome_cla*.csv", "yj_first_time_entrants_*.csv", "ks2_la*.csv"):
        for path in data.glob(pattern):
            path.unlink()


def _problems(err: str) -> list[str]:
    return [line for line in err.splitlines() if line.startswith("sefbook: invalid input: ")]


def test_check_lists_every_missing_indicator_with_the_file_and_key_asking_for_it(edition_copy, data_copy, capsys):
    _three_missing(edition_copy, data_copy)
    assert cli.main(["check", str(edition_copy), "--data", str(data_copy)]) == 2
    problems = _problems(capsys.readouterr().err)
    expected = [
        ("sef.yml, key sections[4].indicators[", "'cla_sdq_average'", "la_conviction_health_outcome_cla*.csv"),
        ("plan.yml, key measures[1].indicator", "'youth_justice_fte_rate'", "yj_first_time_entrants_*.csv"),
        ("areas_for_improvement.yml, key areas[0].indicators[0]", "'ks2_rwm_expected_cla'", "ks2_la*.csv"),
    ]
    for where, indicator, pattern in expected:
        lines = [p for p in problems if indicator in p]
        assert len(lines) == 1, (indicator, problems)
        assert where in lines[0] and pattern in lines[0] and "not in the data folder" in lines[0]
    # the same file's other indicator sef.yml names is listed too, and nothing is listed twice
    assert any("'cla_health_assessments'" in p for p in problems)
    assert len(problems) == len(set(problems)) == 4


@pytest.mark.build  # its build starts a kernel as the inputs are checked
def test_the_build_lists_them_all_too(edition_copy, data_copy, tmp_path, capsys):
    _three_missing(edition_copy, data_copy)
    assert cli.main(["build", str(edition_copy), "--data", str(data_copy), "--output", str(tmp_path / "out")]) == 2
    problems = _problems(capsys.readouterr().err)
    assert {re.search(r"indicator '(\w+)'", p).group(1) for p in problems} == {
        "cla_sdq_average",
        "cla_health_assessments",
        "youth_justice_fte_rate",
        "ks2_rwm_expected_cla",
    }
    assert not (tmp_path / "out" / edition_copy.name).exists()


def test_one_missing_indicator_is_said_as_before(edition_copy, data_copy, capsys):
    for path in data_copy.glob("yj_first_time_entrants_*.csv"):
        path.unlink()
    assert cli.main(["check", str(edition_copy), "--data", str(data_copy)]) == 2
    problems = _problems(capsys.readouterr().err)
    assert len(problems) == 1 and "sef.yml, key sections[2].indicators[" in problems[0]
    assert "(also asked for by plan.yml key measures[1].indicator)" in problems[0]


def test_check_lists_every_unknown_indicator_id_in_every_file_at_once(edition_copy, data_copy, capsys):
    """A misspelt id in sef.yml, in a narrative's front matter, in plan.yml and in areas_for_improvement.yml: one run."""
    replace = lambda name, old, new: (edition_copy / name).write_text(
        (edition_copy / name).read_text(encoding="utf-8").replace(old, new, 1), encoding="utf-8"
    )
    replace("sef.yml", "indicators: [care_leavers_eet,", "indicators: [care_leavers_in_jobs,")
    replace("plan.yml", "indicator: youth_justice_fte_rate", "indicator: youth_justice_rate")
    replace("areas_for_improvement.yml", "[cpp_two_years,", "[cpp_2_years,")
    assert cli.main(["check", str(edition_copy), "--data", str(data_copy)]) == 2
    problems = _problems(capsys.readouterr().err)
    assert len(problems) == 3, problems
    for file, key, found in (
        ("sef.yml", "key sections[", "'care_leavers_in_jobs'"),
        ("plan.yml", "key measures[1].indicator", "'youth_justice_rate'"),
        ("areas_for_improvement.yml", "key areas[0].indicators[0]", "'cpp_2_years'"),
    ):
        [line] = [p for p in problems if found in p]
        assert file in line and key in line and "names an unknown indicator id" in line


ANOTHER_COUNCIL = {
    "la_name": "Ashcombe",
    "old_la_code": '"981"',
    "new_la_code": "E06000981",
    "statistical_neighbours": '["982", "983", "984", "985", "986", "987", "988", "989", "990", "991"]',
}


@pytest.mark.slow
def test_the_example_returns_are_refused_for_another_council(edition_copy, capsys):
    """An edition for Ashcombe (981) that kept the example's `returns:` line: Kingsmere's (991) census is not its."""
    for key, value in ANOTHER_COUNCIL.items():
        set_key(edition_copy / "sef.yml", key, value)
    set_key(edition_copy / "sef.yml", "local_figures", "null")  # Kingsmere's too, refused on its own
    from helpers import EXAMPLE_DATA

    assert cli.main(["check", str(edition_copy), "--data", str(EXAMPLE_DATA)]) == 2
    err = capsys.readouterr().err
    assert "cin_census_2025.xml" in err and "is the return of LA 991, not of Ashcombe (981)" in err
    assert "expected LEA 981; found 991" in err
