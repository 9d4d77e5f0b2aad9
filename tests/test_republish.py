"""The computation agrees with the publication: the figures computed from the example's returns, re-shaped as the
DfE's published files, read back through the published-file path (`read_published`) as the same figures."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from helpers import EXAMPLE_DATA, EXAMPLE_EDITION, PUBLISHED_DATA

from sefbook.inputs.published.reader import read_published
from sefbook.inputs.published.registry import load_registry
from sefbook.inputs.published.rounding import shown
from sefbook.inputs.returns.collection import ComputedFigure
from sefbook.inputs.returns.folder import computed_figures
from sefbook.inputs.returns.republish import Place, Republished, as_published, returns_counts

RETURNS = EXAMPLE_EDITION / "returns"
POPULATION = {2024: 62_317.0}  # Kingsmere's children aged 0 to 17, mid-2024 (data/example's ONS file)
KINGSMERE = Place("991", "E06000991", "Kingsmere", "E12000004", "East Midlands")  # sef.yml, and its region's code
REGISTRY = load_registry()


def printed(value: float, indicator: str) -> str:
    """A figure as the registry prints it (its `decimals`)."""
    return shown(value, REGISTRY[indicator].decimals, thousands=False)


def read_back(republished: Republished, folder: Path) -> dict[str, float]:
    """The re-shaped files written to `folder`, read as published files: indicator -> value."""
    republished.write(folder)
    table = read_published(folder, REGISTRY, republished.reshaped).table
    assert (table["area_key"] == "991").all() and not table.duplicated(["indicator", "time_period"]).any()
    return dict(zip(table["indicator"], table["value"]))


@pytest.fixture(scope="module")
def whole_year(tmp_path_factory) -> tuple[list[ComputedFigure], Republished, dict[str, float]]:
    """The example's whole-year returns (ssda903-2025, cin-2025): their figures, re-shaped, and read back."""
    folder = tmp_path_factory.mktemp("returns")
    for name in ("ssda903-2025", "cin-2025"):
        shutil.copytree(RETURNS / name, folder / name)
    figures = computed_figures(folder, POPULATION, council=("991", "Kingsmere"))
    republished = as_published(figures, returns_counts(folder), REGISTRY, KINGSMERE, POPULATION)
    return figures, republished, read_back(republished, tmp_path_factory.mktemp("published"))


def test_every_figure_reads_back_the_same_through_the_published_path(whole_year):
    figures, republished, read = whole_year
    assert len(republished.reshaped) >= 45  # every figure of both returns but the national adoption timing
    pairs = [
        (f.indicator, printed(f.value, f.indicator), printed(read[f.indicator], f.indicator))
        for f in figures
        if f.indicator in republished.reshaped
    ]
    differing = [
        f"{indicator}: computed {computed}, read back {back}" for indicator, computed, back in pairs if computed != back
    ]
    assert not differing, "\n".join(differing)
    assert set(read) == set(republished.reshaped)


def test_what_is_not_re_shaped_says_why(whole_year):
    figures, republished, _ = whole_year
    assert set(republished.reshaped) | set(republished.not_reshaped) == {f.indicator for f in figures}
    assert "national series" in republished.not_reshaped["adoption_decision_to_match_months"]


def test_rates_and_computed_shares_carry_counts_not_the_share(whole_year):
    _, republished, _ = whole_year
    c4 = republished.files["c4_children_in_need_section_47s_and_icpcs_2025.csv"].iloc[0]
    assert {"Section47", "ICPC", "Duration_0-10_days", "Duration_11-15_days"} <= set(c4.index)
    assert not any(column.endswith("percent") for column in c4.index)
    population = republished.files["ons_mid-year_population_estimates_2024.csv"].iloc[0]
    assert (population["time_period"], population["population_estimate"]) == ("2024", "62317")


def test_the_example_children_looked_after_agree_both_ways(whole_year):
    """The synthetic return is made to give the published count on 31 March 2025 exactly; the other figures are
    compared only between the two paths (the synthetic returns are not made to match the synthetic publication)."""
    figures, _, read = whole_year
    published = read_published(EXAMPLE_DATA, REGISTRY, ["children_looked_after_count"]).table
    published = published[(published["area_key"] == "991") & (published["time_period"] == 2025)]
    computed = {f.indicator: f.value for f in figures}["children_looked_after_count"]
    assert (computed, read["children_looked_after_count"], published["value"].iloc[0]) == (458, 458, 458), (
        f"computed {computed}, read back {read['children_looked_after_count']}, published {published['value'].iloc[0]}"
    )


@pytest.mark.slow
def test_a_wrong_count_is_caught(whole_year, tmp_path):
    """The check can fail: one count off by one changes the figure read back."""
    figures, _, _read = whole_year
    counts = returns_counts(RETURNS)
    counts[("icpc_15_days", 2025)] = {**counts[("icpc_15_days", 2025)], "Duration_11-15_days": 121.0}
    wrong = read_back(as_published(figures, counts, REGISTRY, KINGSMERE, POPULATION), tmp_path)
    computed = {f.indicator: f.value for f in figures}["icpc_15_days"]
    assert printed(wrong["icpc_15_days"], "icpc_15_days") != printed(computed, "icpc_15_days")


def test_a_rate_round_trips_exactly(tmp_path):
    """A count per population: the file carries the count and the population, and reads back the rate."""
    rate = ComputedFigure("cpp_rate", 2025, 0, 261 / 62_317 * 10_000, "by hand")
    republished = as_published([rate], {("cpp_rate", 2025): {"CPP_At31": 261.0}}, REGISTRY, KINGSMERE, POPULATION)
    assert read_back(republished, tmp_path) == {"cpp_rate": rate.value}
    assert republished.files["d5_cpps_at31march_by_duration_2025.csv"].iloc[0]["CPP_At31"] == "261"


def test_a_share_with_filters_round_trips_exactly(tmp_path):
    """A numerator over a denominator from another publication (children on a plan over children in need)."""
    share = ComputedFigure("cpp_share_of_cin", 2025, 0, 261 / 2132 * 100, "by hand")
    counts = {("cpp_share_of_cin", 2025): {"CPP_At31": 261.0, "At31_episodes": 2132.0}}
    republished = as_published([share], counts, REGISTRY, KINGSMERE, POPULATION)
    assert read_back(republished, tmp_path) == {"cpp_share_of_cin": share.value}
    assert republished.files["b1_children_in_need_2025.csv"].iloc[0]["At31_episodes"] == "2132"


def test_a_published_share_picked_by_filters_round_trips(tmp_path):
    """A share the DfE publishes as it is, on the row its two filters pick, with the children it counts."""
    share = ComputedFigure("care_leavers_in_touch", 2025, 0, 183 / 196 * 100, "by hand")
    counts = {("care_leavers_in_touch", 2025): {"care_leaver_count": 183.0}}
    republished = as_published([share], counts, REGISTRY, KINGSMERE, POPULATION)
    assert printed(read_back(republished, tmp_path)["care_leavers_in_touch"], "care_leavers_in_touch") == "93"
    row = republished.files["la_care_leavers_in_touch.csv"].iloc[0]
    assert (row["care_leaver_age"], row["breakdown"], row["care_leaver_count"]) == ("19 to 21 years", "In touch", "183")


def test_a_perturbed_share_count_reads_back_differently(tmp_path):
    share = ComputedFigure("cpp_share_of_cin", 2025, 0, 261 / 2132 * 100, "by hand")
    counts = {("cpp_share_of_cin", 2025): {"CPP_At31": 262.0, "At31_episodes": 2132.0}}
    read = read_back(as_published([share], counts, REGISTRY, KINGSMERE, POPULATION), tmp_path)
    assert read["cpp_share_of_cin"] != share.value


def test_a_quarter_and_a_missing_count_are_not_re_shaped():
    quarter = ComputedFigure("children_looked_after_count", 2026, 2, 460.0, "by hand")
    uncounted = ComputedFigure("s47_rate", 2025, 0, 173.9, "by hand")
    republished = as_published([quarter, uncounted], {}, REGISTRY, KINGSMERE, POPULATION)
    assert republished.reshaped == () and republished.files == {}
    assert "whole reporting years" in republished.not_reshaped["children_looked_after_count"]
    assert "Section47" in republished.not_reshaped["s47_rate"]


def test_counts_only_leave_the_readers():
    """What the readers give is counts per indicator and column: numbers, no child's reference."""
    for columns in returns_counts(RETURNS).values():
        assert all(isinstance(count, float) for count in columns.values())


def test_the_place_is_written_as_the_dfe_names_a_council(whole_year):
    _, republished, _ = whole_year
    frame = republished.files["cla_number_and_rate_per_10k_children.csv"]
    assert list(frame.columns[:10]) == [
        "time_period",
        "time_identifier",
        "geographic_level",
        "country_code",
        "country_name",
        "region_code",
        "region_name",
        "old_la_code",
        "la_name",
        "new_la_code",
    ]
    assert set(frame["la_name"]) == {"Kingsmere"} and set(frame["new_la_code"]) == {"E06000991"}


def test_referral_outcomes_and_the_conference_median_carry_the_published_columns(whole_year):
    """B1's started episodes (a count per population), C1's share assessed not in need (with its two counts) and
    C4's median working days (with its conferences), in the example's files; the DfE's arithmetic holds in them:
    referrals = no further action + not in need + started."""
    _, republished, _ = whole_year
    assert {"children_in_need_started_rate", "referrals_assessed_not_in_need", "icpc_median_days"} <= set(
        republished.reshaped
    )
    counts = returns_counts(RETURNS)
    b1 = republished.files["b1_children_in_need_2025.csv"].iloc[0]
    c1 = republished.files["c1_children_in_need_referrals_and_rereferrals_2025.csv"].iloc[0]
    c4 = republished.files["c4_children_in_need_section_47s_and_icpcs_2025.csv"].iloc[0]
    assert b1["Started_episodes"] == str(int(counts[("children_in_need_started_rate", 2025)]["Started_episodes"]))
    assert c1["not_in_need_count"] == str(int(counts[("referrals_assessed_not_in_need", 2025)]["not_in_need_count"]))
    assert int(c1["referral_count"]) == int(c1["no_further_action_count"]) + int(c1["not_in_need_count"]) + int(
        b1["Started_episodes"]
    )
    assert c4["ICPC"] == str(int(counts[("icpc_median_days", 2025)]["ICPC"])) and c4["Duration_median"].isdigit()


def test_a_median_of_a_half_is_written_in_whole_days(tmp_path):
    """An even number of conferences can give a half: the file carries whole days, as the DfE's, and reads back as
    the registry prints the computed figure (half up, as the DfE rounds)."""
    median = ComputedFigure("icpc_median_days", 2025, 0, 8.5, "by hand")
    republished = as_published([median], {("icpc_median_days", 2025): {"ICPC": 4.0}}, REGISTRY, KINGSMERE, POPULATION)
    row = republished.files["c4_children_in_need_section_47s_and_icpcs_2025.csv"].iloc[0]
    assert (row["Duration_median"], row["ICPC"]) == ("9", "4")
    assert printed(read_back(republished, tmp_path)["icpc_median_days"], "icpc_median_days") == printed(
        median.value, "icpc_median_days"
    )


@pytest.mark.slow
@pytest.mark.skipif(
    not PUBLISHED_DATA.is_dir(), reason="the DfE's real files (../shared/data/dfe) are not beside the project"
)
def test_the_councils_rows_join_the_dfes_real_files_and_read_back_the_same(whole_year, tmp_path):
    """The re-shaped rows are the DfE's real files' rows: appended to each real file the DfE publishes (every column
    they write is one of its columns, their filter labels its labels), the published-file path reads the council's
    figures back among every other council's, the same."""
    import fnmatch

    import pandas as pd

    def files_read(indicator: str) -> set[str]:  # the source's files, and the population file a rate divides by
        source = REGISTRY[indicator].source
        return set(source.files) | (set(REGISTRY.populations[source.population].file) if source.population else set())

    figures, republished, _ = whole_year
    patterns = {pattern for indicator in republished.reshaped for pattern in files_read(indicator)}
    joined, read_from_real = tmp_path / "dfe", set()
    joined.mkdir()
    for name, ours in republished.files.items():
        pattern = next(p for p in patterns if fnmatch.fnmatch(name, p))
        real = sorted(PUBLISHED_DATA.glob(pattern))
        if not real:
            continue  # a file the shared folder does not hold (its README lists those the DfE publishes elsewhere)
        theirs = pd.read_csv(real[0], dtype=str, keep_default_na=False, encoding="utf-8-sig")
        assert set(ours.columns) <= set(theirs.columns), (real[0].name, sorted(set(ours.columns) - set(theirs.columns)))
        for column in ours.columns:  # each label and filter value written is one the DfE writes in that column
            if (
                column not in ("time_period", "old_la_code", "new_la_code", "la_name")
                and not pd.api.types.is_numeric_dtype(ours[column])
                and not ours[column].str.fullmatch(r"[\d.:x]+").all()
            ):
                assert set(ours[column]) <= set(theirs[column]), (
                    real[0].name,
                    column,
                    set(ours[column]) - set(theirs[column]),
                )
        pd.concat([theirs, ours], ignore_index=True).fillna("").to_csv(joined / real[0].name, index=False)
        read_from_real.add(pattern)
    readable = [i for i in republished.reshaped if files_read(i) <= read_from_real]
    assert len(readable) >= 20, readable  # children in need, care leavers, health, placement stability ...
    table = read_published(joined, REGISTRY, readable).table
    assert table["area_key"].nunique() > 100  # every council of the real files, and Kingsmere among them
    ours = table[table["area_key"] == "991"]
    back = dict(zip(ours["indicator"], ours["value"]))
    differing = [
        f"{f.indicator}: computed {printed(f.value, f.indicator)}, read back {printed(back[f.indicator], f.indicator)}"
        for f in figures
        if f.indicator in readable and printed(f.value, f.indicator) != printed(back[f.indicator], f.indicator)
    ]
    assert set(back) == set(readable) and not differing, differing
