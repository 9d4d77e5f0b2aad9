import copy

import pytest
import yaml

from sefbook.errors import InputError
from sefbook.inputs.registry import Polarity, default_registry, load_registry, REGISTRY_FILE
from sefbook.inputs.sections import SECTIONS

REQUIRED = {
    "referral_rate", "rereferral_12m", "assessments_45_days", "cin_rate", "s47_rate", "icpc_15_days",
    "cpp_rate", "cpp_subsequent", "cpp_two_years", "cla_rate", "cla_three_placements",
    "cla_long_term_stability", "cla_placed_over_20_miles", "care_leavers_eet",
    "care_leavers_suitable_accommodation", "care_leavers_in_touch", "sw_turnover_rate", "sw_agency_rate",
    "sw_vacancy_rate", "sw_average_caseload", "early_help_assessment_rate", "youth_justice_fte_rate",
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


def _write_registry(tmp_path, mutate):
    raw = yaml.safe_load(REGISTRY_FILE.read_text(encoding="utf-8"))
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
