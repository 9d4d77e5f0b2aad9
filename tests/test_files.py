"""Files as they come: a folder, a FIFO or a dangling link where a file should be is refused by
name without being opened; YAML with a key given twice or with aliases is refused, never half
read (a key twice would silently take the second; aliases can expand without limit)."""

from __future__ import annotations

import os

import pytest

from sefbook.errors import InputError
from sefbook.inputs.files import read_text, read_yaml
from sefbook.inputs.published.reader import load_canonical
from sefbook.inputs.published.registry import default_registry

GEO = "time_period,time_identifier,geographic_level,country_code,country_name,region_code,region_name,old_la_code,new_la_code,la_name"

# what stands where a file should be, and what the message says
NOT_FILES = {
    "a folder": (lambda p: p.mkdir(), "is a folder, not a file"),
    "a FIFO": (lambda p: os.mkfifo(p), r"named pipe \(FIFO\)"),
    "a dangling link": (lambda p: p.symlink_to(p.with_name("gone.csv")), "is a link to a file that is not there"),
}


@pytest.mark.parametrize("case", NOT_FILES)
def test_a_narrative_that_is_not_a_file_is_named(tmp_path, case):
    make, message = NOT_FILES[case]
    make(tmp_path / "care_leavers.md")
    with pytest.raises(InputError, match=message) as err:
        read_text(tmp_path / "care_leavers.md")
    assert "care_leavers.md" in err.value.message


@pytest.mark.parametrize("case", NOT_FILES)
def test_a_data_file_that_is_not_a_file_is_named_and_never_blocks(tmp_path, case):
    make, message = NOT_FILES[case]
    make(tmp_path / "c1_children_in_need_referrals_and_rereferrals_2013_to_2025.csv")
    # a FIFO is never opened for reading (which would block for ever): refused by what it is
    with pytest.raises(InputError, match=message) as err:
        load_canonical(tmp_path, default_registry(), ["rereferral_12m"])
    assert "c1_children_in_need_referrals_and_rereferrals_2013_to_2025.csv" in err.value.message


def test_a_key_given_twice_is_refused_with_both_lines(tmp_path):
    path = tmp_path / "sef.yml"
    path.write_text("la_name: Kingsmere\nyear: 2025\nstatus: draft\nyear: 2024\n", encoding="utf-8")
    with pytest.raises(InputError) as err:
        read_yaml(path)
    assert err.value.message.startswith(f"{path}, line 4, column 1: ")
    assert "gives the key 'year' twice (first at line 2)" in err.value.message


def test_an_alias_bomb_is_refused_at_once(tmp_path):
    bomb = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join(['*' + chr(97 + i)] * 9)}]\n" for i in range(8)
    )
    path = tmp_path / "sef.yml"
    path.write_text(bomb, encoding="utf-8")
    with pytest.raises(InputError, match=r"sef.yml, line 2, column \d+: .*uses a YAML alias \(\*a\)"):
        read_yaml(path)  # refused at the first alias, before anything is expanded


def test_an_impossible_date_is_named_with_its_line(tmp_path):
    path = tmp_path / "plan.yml"
    path.write_text("title: Plan\nas_at: 2025-02-30\n", encoding="utf-8")
    with pytest.raises(InputError) as err:
        read_yaml(path)
    assert err.value.message.startswith(f"{path}, line 2, column 8: has a date that is not a date")
    assert "'2025-02-30' is not a date" in err.value.message


@pytest.mark.parametrize(
    "text, year, expected",
    [
        ("2024-25", 2025, "2025-26"),
        ("1 April 2024 to 31 March 2025", 2025, "1 April 2025 to 31 March 2026"),
        (
            "Kingsmere self-evaluation 2025 under the Children Act 1989",
            2025,
            "Kingsmere self-evaluation 2026 under the Children Act 1989",
        ),
        ("2024/2025", 2025, "2025/2026"),
        ("2023-24 and 1989-90", 2025, "2023-24 and 1989-90"),
    ],
)
def test_sefbook_new_moves_only_the_editions_own_years(text, year, expected):
    from sefbook.scaffold import next_years

    assert next_years(text, year) == expected


def test_sefbook_new_under_a_file_is_refused_by_name(tmp_path, capsys):
    from helpers import EXAMPLE_EDITION

    from sefbook import cli

    (tmp_path / "afile").write_text("x", encoding="utf-8")
    assert cli.main(["new", str(tmp_path / "afile" / "kingsmere-2026"), "--from", str(EXAMPLE_EDITION)]) == 2
    err = capsys.readouterr().err
    assert "kingsmere-2026: cannot be created" in err and "Traceback" not in err
