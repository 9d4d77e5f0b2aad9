import copy

import pytest
import yaml

from sefbook.errors import InputError
from sefbook.inputs.published.registry import REGISTRY_FILES, Polarity, default_registry, load_registry
from sefbook.inputs.sections import SECTIONS

REQUIRED = {
    "referral_rate",
    "rereferral_12m",
    "assessments_45_days",
    "cin_rate",
    "s47_rate",
    "icpc_15_days",
    "cpp_rate",
    "cpp_subsequent",
    "cpp_two_years",
    "cla_rate",
    "cla_three_placements",
    "cla_long_term_stability",
    "cla_placed_over_20_miles",
    "care_leavers_eet",
    "care_leavers_suitable_accommodation",
    "care_leavers_in_touch",
    "sw_turnover_rate",
    "sw_agency_rate",
    "sw_vacancy_rate",
    "sw_average_caseload",
    "early_help_assessment_rate",
    "youth_justice_fte_rate",
}


def test_registry_defines_every_indicator_the_sef_needs_once():
    reg = default_registry()
    assert REQUIRED <= set(reg.ids)
    assert len(reg.ids) == len(set(reg.ids))


def test_every_section_has_at_least_one_indicator():
    reg = default_registry()
    assert all(reg.for_section(name) for name in SECTIONS)


def test_polarity_is_what_a_council_would_say():
    reg = default_registry()
    assert reg["rereferral_12m"].polarity is Polarity.lower_better
    assert reg["care_leavers_eet"].polarity is Polarity.higher_better
    assert reg["cla_rate"].polarity is Polarity.contextual


def _registry_yaml() -> dict:
    """The registry's files read as one mapping: their lists one after another, their mappings together."""
    raw: dict = {}
    for path in REGISTRY_FILES:
        for key, value in yaml.safe_load(path.read_text(encoding="utf-8")).items():
            raw[key] = raw.get(key, []) + value if isinstance(value, list) else {**raw.get(key, {}), **value}
    return raw


def _write_registry(tmp_path, mutate):
    raw = _registry_yaml()
    mutate(raw)
    path = tmp_path / "indicators.yml"
    path.write_text(yaml.safe_dump(raw), encoding="utf-8")
    return path


def test_a_duplicate_id_is_refused(tmp_path):
    path = _write_registry(tmp_path, lambda raw: raw["indicators"].append(copy.deepcopy(raw["indicators"][0])))
    with pytest.raises(InputError, match="defined twice"):
        load_registry(path)


def test_a_source_must_say_exactly_one_way_to_get_its_value(tmp_path):
    def both(raw):
        rate = next(ind for ind in raw["indicators"] if ind["id"] == "referral_rate")  # a count per population
        rate["source"]["value"] = "some_column"

    with pytest.raises(InputError, match="exactly one of"):
        load_registry(_write_registry(tmp_path, both))


def test_an_unknown_population_is_refused(tmp_path):
    def unknown(raw):
        for ind in raw["indicators"]:
            if ind["id"] == "referral_rate":
                ind["source"]["population"] = "adults"

    with pytest.raises(InputError, match="unknown population 'adults'"):
        load_registry(_write_registry(tmp_path, unknown))


RETURNS_ONLY = ("adoption_a1_days", "adoption_a2_days", "adoption_a10_days")


def test_an_indicator_computed_only_from_returns_has_no_source_and_is_never_ranked():
    from sefbook.inputs.returns.folder import return_indicators

    reg = default_registry()
    for indicator_id in RETURNS_ONLY:
        ind = reg[indicator_id]
        assert ind.source is None and "SSDA903" in ind.computed_from and ind.local and not ind.ranked
        assert ind.not_ranked_because == "computed from the council's own returns; not published for other councils"
        assert indicator_id in reg and indicator_id in return_indicators()  # a reader computes it
        # a pack, the catalogue and a section's default list read published files: it is not among them
        assert indicator_id not in reg.ids and ind not in reg.for_section(ind.section)
    assert {i.id for i in reg.returns_only} <= set(return_indicators())  # none the returns cannot give


@pytest.mark.parametrize(
    "mutate, fragments",
    [
        (
            lambda raw: raw["returns_only"][0].update(source={"file": "x*.csv", "value": "v"}),
            ["has a returns-only indicator with a source", "returns_only[0].source"],
        ),
        (
            lambda raw: raw["returns_only"][0].pop("computed_from"),
            ["does not say which return it is computed from", "returns_only[0].computed_from", "SSDA903"],
        ),
        (
            lambda raw: raw["indicators"][0].update(computed_from="SSDA903"),
            [
                "a published indicator marked as computed only from returns",
                "indicators[0].computed_from",
                "['SSDA903']",
            ],
        ),
        (
            lambda raw: raw["returns_only"][0].update(computed_from="SSDA904"),
            ["indicators.yml", "returns_only", "computed_from"],
        ),
        (lambda raw: raw["indicators"][0].pop("source"), ["has an indicator with no source", "indicators[0].source"]),
        (lambda raw: raw["returns_only"].append(copy.deepcopy(raw["returns_only"][0])), ["defined twice"]),
    ],
)
def test_a_returns_only_indicator_is_checked_like_the_rest(tmp_path, mutate, fragments):
    with pytest.raises(InputError) as err:
        load_registry(_write_registry(tmp_path, mutate))
    for fragment in fragments:
        assert fragment in err.value.message, (fragment, err.value.message)


def test_an_editions_own_indicators_keep_the_returns_only_ones():
    from sefbook.inputs.published.registry import Indicator

    reg = default_registry()
    own = Indicator(
        id="return_interviews_72h",
        title="Return interviews",
        unit="percent",
        polarity="higher_better",
        section="children_in_care",
        definition="...",
        period="year to 31 March",
        publication="own",
    )
    both = reg.with_local([own])
    assert (
        both["adoption_a1_days"] is reg["adoption_a1_days"]
        and both["return_interviews_72h"].not_ranked_because == "the council's own figure"
    )


def test_over_100_is_allowed_only_where_the_registry_says_a_percentage_is_a_ratio(tmp_path):
    reg = default_registry()
    assert reg["s47_to_icpc"].over_100_allowed  # conferences over the year's enquiries can pass 100
    shares = [i.id for i in reg.indicators if i.unit == "percent" and not i.over_100_allowed]
    assert "cla_ceased_sgo" in shares and "rereferral_12m" in shares  # a share of a whole stays 0 to 100

    def on_a_rate(raw):
        next(ind for ind in raw["indicators"] if ind["id"] == "referral_rate")["over_100_allowed"] = True

    with pytest.raises(InputError) as err:
        load_registry(_write_registry(tmp_path, on_a_rate))
    assert "over_100_allowed is for a percentage" in err.value.message, err.value.message


def test_every_indicator_states_its_importance_and_about_twenty_are_key():
    raw = _registry_yaml()
    entries = [*raw["indicators"], *raw.get("returns_only", [])]
    assert [e["id"] for e in entries if "importance" not in e] == []  # weighed one by one, not left to the default
    reg = default_registry()
    key = {i for i in reg.ids if reg[i].importance == 1}
    assert 12 <= len(key) <= 22, sorted(key)
    # what most SEFs headline is key; sickness absence, the workforce's make-up and sizes are background
    assert {
        "rereferral_12m",
        "assessments_45_days",
        "cpp_subsequent",
        "cla_three_placements",
        "care_leavers_eet",
        "sw_turnover_rate",
        "sw_agency_rate",
        "sw_average_caseload",
    } <= key
    assert {reg[i].importance for i in ("sw_absence_rate", "sw_ethnic_minority", "child_population")} == {3}


def test_the_registrys_files_read_in_order_are_one_registry_and_a_name_in_two_files_is_refused(tmp_path):
    in_order = [yaml.safe_load(path.read_text(encoding="utf-8")).get("indicators", []) for path in REGISTRY_FILES]
    assert load_registry().ids == [entry["id"] for entries in in_order for entry in entries]
    copies = []
    for path in REGISTRY_FILES:
        copies.append(tmp_path / path.name)
        copies[-1].write_text(path.read_text(encoding="utf-8"), encoding="utf-8")
    populations = yaml.safe_load(copies[0].read_text(encoding="utf-8"))["populations"]
    with copies[1].open("a", encoding="utf-8") as again:
        again.write(yaml.safe_dump({"populations": populations}))
    with pytest.raises(InputError) as err:
        load_registry(copies)
    assert err.value.file == str(copies[1]) and err.value.where == f"key populations.{next(iter(populations))}"
    assert err.value.problem == "defines a name another file of the registry defines"
    assert err.value.found == "also in publications.yml"
