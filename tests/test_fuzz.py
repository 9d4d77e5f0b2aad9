"""Fuzzing the two doors data comes in by: the edition loader and the CSV adapter. Whatever
Hypothesis writes, the result is either a valid edition or table, or an InputError with a
message; never another exception (which a user would see as a traceback). A table that is
accepted holds only figures that can be right.

A few hundred examples per run (set by `max_examples`); Hypothesis keeps the failures it finds
in .hypothesis/ and tries them first next time."""

from __future__ import annotations

import math
import shutil
import tempfile
from pathlib import Path

import pytest
from helpers import EXAMPLE_EDITION
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_values import FILES, GEO, LA, _registry

from sefbook.errors import InputError
from sefbook.inputs.edition.read import load_edition
from sefbook.inputs.published.reader import load_canonical
from sefbook.paths import EDITION_FILE

pytestmark = pytest.mark.slow  # a few hundred examples: seconds, run by make test
FUZZ = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
SEF_TEXT = (EXAMPLE_EDITION / EDITION_FILE).read_text(encoding="utf-8")
SEF_LINES = SEF_TEXT.splitlines()


@pytest.fixture(scope="module")
def editions(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("fuzz-editions")
    shutil.copytree(EXAMPLE_EDITION.parent, folder, dirs_exist_ok=True)
    return folder / EXAMPLE_EDITION.name


# Edits a person (or a bad paste) makes to sef.yml: a line replaced by other text, a line
# dropped, a line repeated, characters inserted anywhere.
yaml_noise = st.one_of(
    st.text(max_size=40),
    st.sampled_from(
        [
            "",
            ":",
            "- ",
            "  -",
            "&a x",
            "*a",
            "!!python/object:os.system",
            "{",
            "[",
            "'",
            '"',
            "year: 2024",
            "year: -1",
            "year: 1e400",
            "la_name: ",
            "sections: []",
            "\t",
            "? ",
            "---",
            "statistical_neighbours: [991]",
            "previous_edition: /",
            "headlines: {compare_with: x}",
        ]
    ),
)
edit = st.one_of(
    st.tuples(st.just("replace"), st.integers(0, len(SEF_LINES) - 1), yaml_noise),
    st.tuples(st.just("drop"), st.integers(0, len(SEF_LINES) - 1), st.just("")),
    st.tuples(st.just("repeat"), st.integers(0, len(SEF_LINES) - 1), st.just("")),
    st.tuples(st.just("insert"), st.integers(0, len(SEF_TEXT)), yaml_noise),
)


def _apply(edits: list[tuple[str, int, str]]) -> str:
    lines = list(SEF_LINES)
    for kind, at, text in edits:
        at = min(at, len(lines) - 1)
        if kind == "replace" and lines:
            lines[at] = text
        elif kind == "drop" and lines:
            del lines[at]
        elif kind == "repeat" and lines:
            lines.insert(at, lines[at])
        elif kind == "insert":
            joined = "\n".join(lines)
            at = min(at, len(joined))
            lines = (joined[:at] + text + joined[at:]).split("\n")
    return "\n".join(lines) + "\n"


@FUZZ
@given(edits=st.lists(edit, min_size=1, max_size=4))
def test_the_edition_loader_gives_an_edition_or_a_message_whatever_sef_yml_holds(editions, edits):
    (editions / EDITION_FILE).write_text(_apply(edits), encoding="utf-8")
    try:
        edition = load_edition(editions)
    except InputError as exc:
        assert exc.message.startswith(str(editions)), exc.message  # sef.yml, or a file it names (narrative, quotes)
        return
    assert edition.config.la_name and edition.section_names


# Cells as DfE files, spreadsheets and hand edits write them.
cell = st.one_of(
    st.floats(allow_nan=True, allow_infinity=True).map(repr),
    st.integers(-(10**6), 10**12).map(str),
    st.sampled_from(
        [
            "c",
            "x",
            "z",
            "low",
            "k",
            "u",
            ":",
            "~",
            "",
            " ",
            "1,5",
            "1,234",
            "12.5%",
            "NaN",
            "-0",
            "1e3",
            "0x10",
            "１２",
            "twelve",
            '"',
            "''",
            "12 ",
            " 7",
            "—",
            "100.0000001",
        ]
    ),
    st.text(max_size=8),
)
level = st.sampled_from(
    [
        "Local authority",
        "Local Authority",
        " local  authority ",
        "National",
        "Regional",
        "Local authority district",
        "LA",
        "",
        "Ward",
    ]
)


@FUZZ
@given(indicator=st.sampled_from(sorted(FILES)), cells=st.lists(st.tuples(level, cell), min_size=1, max_size=6))
def test_the_csv_adapter_gives_figures_that_can_be_right_or_a_message(indicator, cells):
    folder = Path(tempfile.mkdtemp(prefix="fuzz-csv-"))
    try:
        rows = []
        for n, (geographic_level, value) in enumerate(cells):
            row = LA.replace("Local authority", geographic_level.replace(",", " ")).replace("2025,", f"{2025 - n},", 1)
            quoted = '"' + value.replace('"', '""') + '"'
            rows.append(f"{row},{quoted}")
        (folder / FILES[indicator]).write_text("\n".join([GEO + ",m", *rows]) + "\n", encoding="utf-8")
        (folder / "pop_x.csv").write_text(
            "\n".join(
                [GEO + ",population_estimate"]
                + [LA.replace("2025,", f"{2024 - n},", 1) + ",1000" for n in range(len(cells))]
            )
            + "\n",
            encoding="utf-8",
        )
        try:
            table = load_canonical(folder, _registry(), [indicator])
        except InputError as exc:
            assert str(folder) in exc.message, exc.message
            return
        values = table["value"].dropna()
        assert all(math.isfinite(v) and v >= 0 and math.copysign(1, v) == 1 for v in values)  # no "-0.0"
        if indicator == "share":
            assert all(v <= 100 for v in values)
        assert (table.loc[table["value"].isna(), "symbol"] != "").all()  # no figure without a symbol for it
    finally:
        shutil.rmtree(folder, ignore_errors=True)
