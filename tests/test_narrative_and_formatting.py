import math

import pytest
from bs4 import BeautifulSoup

from sefbook.errors import InputError
from sefbook.inputs.edition.markdown import check_renders_faithfully
from sefbook.inputs.published.registry import default_registry
from sefbook.render.formatting import format_change, format_value
from sefbook.render.narrative import render_markdown


def test_headings_move_down_a_level_and_get_ids():
    html = render_markdown("Intro.\n\n## What we are proud of\n\nText.", shift_headings=1, id_prefix="section-x")
    assert '<h3 id="section-x-what-we-are-proud-of">What we are proud of</h3>' in html
    assert "<p>Intro.</p>" in html


HOSTILE = """
<script>alert("stolen")</script>

A <b onclick="steal()">bold</b> claim with <img src=x onerror="steal()"> an image.

<iframe src="https://evil.example/"></iframe>

[click me](javascript:alert(1)) and [our website](https://www.example.gov.uk/children).

<a href="JaVaScRiPt:alert(1)">sneaky</a> <style>body{display:none}</style>

<div style="position:fixed" onmouseover="steal()">overlay</div>
"""


def test_hostile_narrative_loses_everything_that_could_run():
    html = render_markdown(HOSTILE)
    soup = BeautifulSoup(html, "html.parser")
    assert not soup.find_all(["script", "style", "iframe", "img", "div", "object", "embed"])
    for element in soup.find_all(True):
        assert not any(name.lower().startswith("on") or name == "style" for name in element.attrs), element
        assert not element.get("href", "").lower().startswith("javascript"), element
    assert 'alert("stolen")' not in html and "display:none" not in html  # contents of script and style go too
    assert "<b>bold</b> claim" in html  # harmless markup stays
    assert '<a href="https://www.example.gov.uk/children" rel="noopener noreferrer">our website</a>' in html
    assert "overlay" in html  # the words of a removed element stay


@pytest.mark.parametrize("depth", [10, 30])
def test_a_deeply_nested_list_keeps_every_word_and_what_follows_it(depth):
    markdown = "".join("    " * i + f"- level {i}\n" for i in range(depth)) + "\n### After the list\n\nThe last word.\n"
    html = render_markdown(markdown)
    assert all(f"level {i}" in html for i in range(depth))
    assert "After the list" in html and "The last word." in html


def test_a_list_nested_too_deep_to_show_in_full_is_refused_with_its_line(tmp_path):
    markdown = "Intro.\n\n" + "".join("  " * i + "- deeper\n" for i in range(60)) + "\nThe last word.\n"
    with pytest.raises(InputError, match=r"notes.md, line (\d+): nests lists or quotes too deep"):
        check_renders_faithfully(tmp_path / "notes.md", markdown)
    check_renders_faithfully(tmp_path / "notes.md", "".join("  " * i + "- deeper\n" for i in range(30)))  # 30 is fine


def test_tables_lists_emphasis_and_links_work():
    html = render_markdown(
        "| Team | Visits |\n|---|---:|\n| North | 12 |\n\n- one\n- *two*\n\n1. first\n\n**strong** ~~old~~"
    )
    assert "<table>" in html and "<th>Team</th>" in html and '<td style="text-align:right">12</td>' in html
    assert "<ul>" in html and "<em>two</em>" in html and "<ol>" in html
    assert "<strong>strong</strong>" in html and "<s>old</s>" in html


def test_values_are_formatted_as_published_and_symbols_stay_symbols():
    reg = default_registry()
    assert format_value(reg["rereferral_12m"], 18.24) == "18.2%"
    assert format_value(reg["cla_rate"], 71.6) == "72"
    assert format_value(reg["child_population"], 62410.0) == "62,410"
    assert format_value(reg["rereferral_12m"], math.nan, "c") == "c"
    assert format_value(reg["rereferral_12m"], math.nan) == "x"


def test_change_is_in_points_for_percentages_with_a_true_minus_sign():
    reg = default_registry()
    assert format_change(reg["rereferral_12m"], 16.8, 18.2) == "\u22121.4 points"
    assert format_change(reg["referral_rate"], 520.04, 500.0) == "+20.0"
    assert format_change(reg["referral_rate"], math.nan, 500.0) == ""
    assert format_change(reg["rereferral_12m"], 2.71, 2.68) == "0.0 points"  # both show as 2.7%
