import math

from sefbook.formatting import format_change, format_value
from sefbook.narrative import render_markdown
from sefbook.registry import default_registry


def test_headings_move_down_a_level_and_get_ids():
    html = render_markdown("Intro.\n\n## What we are proud of\n\nText.", shift_headings=1, id_prefix="section-x")
    assert '<h3 id="section-x-what-we-are-proud-of">What we are proud of</h3>' in html
    assert "<p>Intro.</p>" in html


def test_raw_html_in_narrative_is_shown_as_text_not_run():
    html = render_markdown("<script>alert(1)</script>\n\nA <b>bold</b> claim.")
    assert "<script>" not in html
    assert "&lt;script&gt;" in html
    assert "<b>" not in html


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
