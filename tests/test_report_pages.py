"""What the report's pages say of where a figure comes from and what the council does about it:
the release each indicator was read from (About the figures), a response written in a
narrative's front matter (headlines), and a section's block of key facts. Unit tests on the
HTML the notebooks show, without a kernel."""

from __future__ import annotations

import re
from html import unescape

import pytest
from helpers import EXAMPLE_DATA, EXAMPLE_EDITION, PUBLISHED_DATA

from sefbook.analysis.assess import assess
from sefbook.errors import InputError
from sefbook.inputs.edition.read import load_edition, split_front_matter
from sefbook.inputs.load import load_inputs, load_pack_inputs
from sefbook.render.formatting import format_value, period_in_words
from sefbook.render.pages import about_html, headlines_html
from sefbook.render.parts import report_parts
from sefbook.render.section import SectionView


@pytest.fixture(scope="module")
def example():
    return load_inputs(EXAMPLE_EDITION, EXAMPLE_DATA)


def _about_row(html: str, indicator_id: str) -> str:
    row = re.search(rf'<div id="about-{indicator_id}" class="sef-definition">(.*?)</div>', html, re.DOTALL)
    assert row, indicator_id
    return unescape(re.sub(r"<[^>]+>", " ", row.group(1)))


def test_about_names_the_release_read_by_the_newest_period_it_holds(example):
    html = about_html(example)
    table = example.table
    for indicator_id in ("rereferral_12m", "child_population", "sw_turnover_rate", "youth_justice_fte_rate"):
        ind = example.registry[indicator_id]
        published = table[(table["indicator"] == indicator_id) & ~table["provisional"]]
        newest = int(published["time_period"].max())
        assert f"newest period: {period_in_words(ind, newest)}" in _about_row(html, indicator_id)
    # youth justice has a provisional local figure for a later year: the release is the published one
    yj = table[table["indicator"] == "youth_justice_fte_rate"]
    assert (
        yj["provisional"].any()
        and yj.loc[yj["provisional"], "time_period"].max() > yj.loc[~yj["provisional"], "time_period"].max()
    )


def test_a_narrative_response_heads_an_area_and_its_front_matter_is_not_printed(example):
    html = headlines_html(example)
    targeted = html.split('id="headlines-targeted"')[1]
    response = example.edition.responses["cla_sdq_average"]
    assert response.startswith("Every child whose score rises above 17")
    item = next(li for li in re.findall(r"<li.*?</li>", targeted, re.DOTALL) if "strengths and difficulties" in li)
    assert f"In response: {response}" in unescape(item)
    # where the areas for improvement also name an indicator, the narrative's own wins; otherwise theirs stays
    assert "In response: Child protection plans are now written with families" in targeted
    view = SectionView(example.edition.section("children_in_care"), example)
    assert "responses:" not in view.words_html() and "cla_sdq_average" not in view.words_html()


def test_front_matter_keeps_the_files_line_numbers(tmp_path):
    path = tmp_path / "n.md"
    text = "---\nresponses:\n  cpp_rate: We review every plan.\n---\nFirst line.\n"
    front, body = split_front_matter(path, text)
    assert front.responses == {"cpp_rate": "We review every plan."}
    assert body.splitlines()[4] == "First line."  # line 5 of the file is line 5 of the text
    with pytest.raises(InputError) as err:
        split_front_matter(path, "---\nresponses:\n  cpp_rate: [\n---\n")
    assert "line 4, column 1" in err.value.message  # the closing line of the file, where the list was left open
    with pytest.raises(InputError) as err:
        split_front_matter(path, "---\nanswers:\n  cpp_rate: x\n---\n")
    assert "answers" in err.value.message and "does not know" in err.value.message
    assert split_front_matter(path, "No front matter.\n\n---\n\nA rule, not front matter.\n")[1].startswith("No front")


def test_the_context_facts_show_each_indicators_latest_figure_with_its_period_and_each_stated_fact_with_its_source(
    example,
):
    html = SectionView(example.edition.section("context"), example).facts_html()
    facts = dict(re.findall(r"<dt>(.*?)</dt><dd>(.*?)</dd>", html, re.DOTALL))
    for indicator_id in ("child_population", "children_looked_after_count"):
        ind = example.registry[indicator_id]
        row = assess(example, ind).row
        text = unescape(re.sub(r"<[^>]+>", "", facts[ind.title]))
        assert text.startswith(format_value(ind, row.latest)) and period_in_words(ind, row.period) in text
        assert f'href="#about-{indicator_id}"' in facts[ind.title]
    assert "Kingsmere school organisation plan, September 2024" in facts["Schools"]
    # a section without facts shows no block; the indicators the facts name are in About the figures
    assert SectionView(example.edition.section("care_leavers"), example).facts_html() == ""
    assert 'id="about-children_looked_after_count"' in about_html(example)


def test_a_section_notebook_alone_reads_its_facts_indicators(example):
    # the section notebook loads one section: the indicators its facts name come with it
    alone = load_inputs(EXAMPLE_EDITION, EXAMPLE_DATA, sections=["context"])
    assert "children_looked_after_count" in set(alone.table["indicator"])
    assert (
        SectionView(alone.edition.section("context"), alone).facts_html()
        == SectionView(example.edition.section("context"), example).facts_html()
    )


def test_an_edition_without_facts_or_front_matter_still_loads():
    edition = load_edition(EXAMPLE_EDITION.parent / "example-2024")
    assert edition.responses == {} and all(not edition.facts(s) for s in edition.section_names)


@pytest.mark.slow
def test_an_annual_summary_speaks_as_the_council_and_a_pack_keeps_the_neutral_words(example):
    html = headlines_html(example)
    headings = re.findall(r'<h([23]) id="([^"]+)">(.*?)</h\1>', html)
    assert headings == [
        ("2", "headlines", "Summary"),
        ("3", "headlines-highlight", "What we are proud of"),
        ("3", "headlines-targeted", "What we are worried about, and our response"),
    ]
    assert [p.title for p in report_parts(example) if p.anchor == "headlines"] == ["Summary"]
    if not PUBLISHED_DATA.is_dir():
        pytest.skip("published DfE files not beside the project")
    pack = load_pack_inputs("420", PUBLISHED_DATA)  # nobody wrote a pack: it does not say "we"
    headings = re.findall(r'<h([23]) id="([^"]+)">(.*?)</h\1>', headlines_html(pack))
    assert headings == [
        ("2", "headlines", "Performance headlines"),
        ("3", "headlines-highlight", "Highlights"),
        ("3", "headlines-targeted", "Areas for targeted activity"),
    ]
    assert [p.title for p in report_parts(pack) if p.anchor == "headlines"] == ["Performance headlines"]
