"""`sefbook sources`: which files to download, from which page, and what a data folder lacks."""

import pytest
from helpers import PUBLISHED_DATA
from test_registry import _write_registry

from sefbook.errors import InputError
from sefbook.inputs.published.neighbours import FILE_PATTERNS as NEIGHBOUR_FILES
from sefbook.inputs.published.registry import default_registry, load_registry
from sefbook.inputs.published.sources import source_lines, sources


@pytest.fixture
def published():
    if not PUBLISHED_DATA.is_dir():
        pytest.skip("published DfE files not beside the project (../shared/data/dfe)")
    return PUBLISHED_DATA


def _by_id(pubs):
    return {p.id: p for p in pubs}


def test_every_publication_has_an_https_page_or_says_why_it_has_none():
    pubs, _ = sources(default_registry())
    assert all(p.page.startswith("https://") for p in pubs if p.page)
    assert [p.id for p in pubs if not p.page] == ["early_help_benchmarking"]
    assert all(p.note for p in pubs if not p.page)


def test_every_file_read_is_under_exactly_one_publication():
    registry = default_registry()
    pubs, own = sources(registry)
    listed = [f.pattern for p in pubs for f in p.files]
    assert len(listed) == len(set(listed))
    read = {pattern for ind in registry.indicators for pattern in ind.source.files}
    read |= {pattern for pop in registry.populations.values() for pattern in pop.file}
    assert read | set(NEIGHBOUR_FILES) == set(listed)
    for ind in registry.indicators:  # each indicator's own file (not an operand's) in one publication
        assert len([p for p in pubs if set(ind.source.file) <= {f.pattern for f in p.files}]) == 1, ind.id
    assert {o.id for o in own} == {ind.id for ind in registry.returns_only}


def test_the_c4_file_is_not_among_the_published_files_and_its_indicators_are_missing(published):
    pubs = _by_id(sources(default_registry(), published)[0])
    cin = pubs["children_in_need"]
    c4 = next(f for f in cin.files if f.pattern.startswith("c4_children_in_need_section_47s_and_icpcs_"))
    assert c4.found == () and c4.pattern in cin.files_missing
    assert "s47_to_icpc" in cin.missing and "s47_rate" in cin.missing
    c1 = next(f for f in cin.files if f.pattern.startswith("c1_"))
    assert c1.found == ("c1_children_in_need_referrals_and_rereferrals_2013_to_2025.csv",)
    assert "referral_rate" not in cin.missing
    # the 2025 model is there: the neighbours are, though the 2021 groupings are not
    assert pubs["statistical_neighbours"].missing == ()


def test_the_listing_names_the_page_the_file_and_what_is_missing(published):
    lines = source_lines(*sources(default_registry(), published))
    text = "\n".join(lines)
    assert "https://explore-education-statistics.service.gov.uk/find-statistics/children-in-need" in text
    at = lines.index("  c4_children_in_need_section_47s_and_icpcs_*.csv")
    assert lines[at + 1].startswith("    where: Data sets: C4 Section 47s")
    assert lines[at + 3] == "    not in folder"
    assert "s47_to_icpc" in next(line for line in lines[at:] if line.startswith("  missing for want of it"))
    assert lines[-1].endswith("indicators missing for want of the others")


def test_an_empty_folder_has_nothing(tmp_path):
    registry = default_registry()
    pubs, _ = sources(registry, tmp_path)
    assert all(not f.found for p in pubs for f in p.files)
    assert {i for p in pubs for i in p.missing} == set(registry.ids)
    assert source_lines(pubs, [])[-1].startswith("0 of ")


def test_a_folder_not_there_is_refused(tmp_path):
    with pytest.raises(InputError, match="data folder not found"):
        sources(default_registry(), tmp_path / "nowhere")


def test_an_indicator_reading_a_file_no_publication_lists_is_refused(tmp_path):
    def unlisted(raw):
        rate = next(ind for ind in raw["indicators"] if ind["id"] == "referral_rate")
        rate["source"]["file"] = "c9_referrals_elsewhere_*.csv"

    with pytest.raises(
        InputError,
        match=r"indicator 'referral_rate' reads file 'c9_referrals_elsewhere_\*\.csv', "
        r"which no publication lists",
    ):
        load_registry(_write_registry(tmp_path, unlisted))


def test_a_file_under_two_publications_is_refused(tmp_path):
    def twice(raw):
        raw["publications"]["youth_justice"]["files"]["b1_children_in_need_*.csv"] = "here too"

    with pytest.raises(InputError, match=r"lists file 'b1_children_in_need_\*\.csv' under two publications"):
        load_registry(_write_registry(tmp_path, twice))


def test_a_page_must_be_https(tmp_path):
    def plain(raw):
        raw["publications"]["youth_justice"]["page"] = "http://www.gov.uk/youth-justice"

    with pytest.raises(InputError, match="https://"):
        load_registry(_write_registry(tmp_path, plain))
