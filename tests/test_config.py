"""Edition validation: sef.yml keys, narrative headings, quotes; Windows files read as written."""

import math
import shutil

import pytest

from sefbook.errors import InputError
from sefbook.inputs.edition.read import load_edition


def _edit(path, old, new):
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


def test_example_edition_loads_with_codes_as_strings(edition_copy):
    edition = load_edition(edition_copy)
    c = edition.config
    assert (c.la_name, c.old_la_code, c.new_la_code, c.region_name, c.year) == (
        "Kingsmere",
        "991",
        "E06000991",
        "East Midlands",
        2025,
    )
    assert len(c.statistical_neighbours) == 10
    assert edition.section_names[:2] == ["foreword", "context"] and len(edition.section_names) == 9
    assert all(q.who and q.where for q in edition.quotes)


def test_an_unquoted_old_la_code_is_read_as_three_characters(edition_copy):
    _edit(edition_copy / "sef.yml", 'old_la_code: "991"', "old_la_code: 991")
    assert load_edition(edition_copy).config.old_la_code == "991"


def test_windows_line_endings_and_byte_order_mark_are_read(edition_copy):
    for path in [edition_copy / "sef.yml", edition_copy / "quotes.yml", *(edition_copy / "narrative").glob("*.md")]:
        text = path.read_text(encoding="utf-8")
        path.write_bytes(b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode("utf-8"))
    edition = load_edition(edition_copy)
    assert edition.config.la_name == "Kingsmere"
    assert "\r" not in edition.narrative["context"]


def test_a_narrative_without_one_of_the_four_headings_is_named(edition_copy):
    _edit(edition_copy / "narrative" / "early_help.md", "## What we are worried about", "## Worries")
    with pytest.raises(InputError) as err:
        load_edition(edition_copy)
    assert "early_help.md" in err.value.message
    assert "'## What we are worried about'" in err.value.message


def test_a_missing_key_is_named(edition_copy):
    _edit(edition_copy / "sef.yml", "region_name: East Midlands\n", "")
    with pytest.raises(InputError, match=r"sef.yml, key region_name: is missing a required key$"):
        load_edition(edition_copy)


def test_a_misspelt_key_is_named(edition_copy):
    _edit(edition_copy / "sef.yml", "reporting_period:", "reportin_period:")
    with pytest.raises(InputError, match=r"key reportin_period: has a key sefbook does not know"):
        load_edition(edition_copy)


def test_status_must_be_draft_or_final(edition_copy):
    _edit(edition_copy / "sef.yml", "status: draft", "status: published")
    with pytest.raises(InputError) as err:
        load_edition(edition_copy)
    assert "key status" in err.value.message and "'published'" in err.value.message


def test_a_quote_without_who_said_it_is_refused(edition_copy):
    path = edition_copy / "quotes.yml"
    text = path.read_text(encoding="utf-8")
    first_who = next(line for line in text.splitlines() if line.strip().startswith("who:"))
    path.write_text(text.replace(first_who + "\n", "", 1), encoding="utf-8")
    with pytest.raises(InputError, match=r"quotes.yml.*key quotes\[0\]\.who"):
        load_edition(edition_copy)


# --- the council's own, provisional figures --------------------------------------------------

from helpers import EXAMPLE_DATA, set_key

from sefbook.inputs.load import load_inputs, load_previous_inputs
from sefbook.render.pages import what_changed_html

LOCAL_HEADER = (
    "time_period,time_identifier,geographic_level,country_code,country_name,region_code,region_name,"
    "old_la_code,new_la_code,la_name,indicator,value"
)
KINGSMERE = "Local authority,E92000001,England,E12000004,East Midlands,991,E06000991,Kingsmere"


@pytest.mark.slow
def test_local_figures_fill_unpublished_years_and_published_figures_win(edition_copy):
    (edition_copy / "local_figures.csv").write_text(
        "\n".join(
            [
                LOCAL_HEADER,
                f"2025,Reporting year,{KINGSMERE},youth_justice_fte_rate,118.0",
                f"2025,Reporting year,{KINGSMERE},rereferral_12m,1.0",  # published already: ignored
            ]
        )
        + "\n",
        encoding="utf-8",
    )
    table = load_inputs(edition_copy, EXAMPLE_DATA).table
    ours = table[table["area_code"] == "E06000991"].set_index(["indicator", "time_period"])
    assert ours.loc[("youth_justice_fte_rate", 2025), "value"] == 118.0
    assert bool(ours.loc[("youth_justice_fte_rate", 2025), "provisional"]) is True
    assert ours.loc[("rereferral_12m", 2025), "value"] != 1.0
    assert bool(ours.loc[("rereferral_12m", 2025), "provisional"]) is False


def test_local_figures_with_an_unknown_indicator_or_another_council_are_refused(edition_copy):
    path = edition_copy / "local_figures.csv"
    path.write_text(f"{LOCAL_HEADER}\n2025,Reporting year,{KINGSMERE},missing_episodes,3\n", encoding="utf-8")
    with pytest.raises(
        InputError,
        match=r"local_figures.csv, row 2, column indicator: names an unknown indicator id.*'missing_episodes'",
    ):
        load_inputs(edition_copy, EXAMPLE_DATA)
    other = KINGSMERE.replace("991,E06000991,Kingsmere", "981,E06000981,Ashcombe")
    path.write_text(f"{LOCAL_HEADER}\n2025,Reporting year,{other},youth_justice_fte_rate,3\n", encoding="utf-8")
    with pytest.raises(InputError, match="row 2: holds a figure for another council"):
        load_inputs(edition_copy, EXAMPLE_DATA)


# --- publication mode ---------------------------------------------------------------------


def _with_rereferrals(tmp_path, figures: dict[tuple[str, str], tuple[str, str]]):
    """A copy of the example data with some councils' re-referral count and percentage set."""
    data = tmp_path / "data"
    shutil.copytree(EXAMPLE_DATA, data)
    path = next(data.glob("c1_*.csv"))
    lines = path.read_text(encoding="utf-8-sig").splitlines()
    header = lines[0].split(",")
    idx = {
        name: header.index(name) for name in ("time_period", "old_la_code", "rereferral_count", "rereferral_percent")
    }
    for i, line in enumerate(lines[1:], start=1):
        fields = line.split(",")
        key = (fields[idx["old_la_code"]], fields[idx["time_period"]])
        if key in figures:
            fields[idx["rereferral_count"]], fields[idx["rereferral_percent"]] = figures[key]
        lines[i] = ",".join(fields)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return data


@pytest.mark.slow
def test_publication_mode_suppresses_small_counts_and_what_is_derived_from_them(tmp_path, edition_copy):
    data = _with_rereferrals(
        tmp_path,
        {
            ("991", "2025"): ("3", "0.1"),  # 3 children
            ("981", "2025"): ("0", "0.0"),
        },
    )  # none: not disclosive
    internal = load_inputs(edition_copy, data).table
    sef = edition_copy / "sef.yml"
    set_key(sef, "audience", "publication")
    published = load_inputs(edition_copy, data).table

    def figure(table, code):
        row = table[
            (table["indicator"] == "rereferral_12m") & (table["old_la_code"] == code) & (table["time_period"] == 2025)
        ]
        return row["value"].iloc[0], row["symbol"].iloc[0]

    assert figure(internal, "991") == (0.1, "")
    assert math.isnan(figure(published, "991")[0]) and figure(published, "991")[1] == "c"
    assert figure(published, "981") == (0.0, "")  # zero is shown
    big = published[(published["indicator"] == "referral_rate") & (published["old_la_code"] == "991")]
    assert (big["symbol"] == "").all()  # thousands of referrals: nothing suppressed
    set_key(sef, "suppression_threshold", "2")
    assert figure(load_inputs(edition_copy, data).table, "991") == (0.1, "")  # 3 is not below 2


def test_publication_mode_leaves_out_quotes_not_for_publication(edition_copy):
    quotes = edition_copy / "quotes.yml"
    text = quotes.read_text(encoding="utf-8")
    first_where = next(line for line in text.splitlines() if line.strip().startswith("where:"))
    quotes.write_text(text.replace(first_where, first_where + "\n    publish: false", 1), encoding="utf-8")
    everyone = load_edition(edition_copy).quotes
    sef = edition_copy / "sef.yml"
    set_key(sef, "audience", "publication")
    published = load_edition(edition_copy).quotes
    assert len(published) == len(everyone) - 1
    assert everyone[0] not in published and not everyone[0].publish


@pytest.mark.slow
def test_publication_mode_hides_last_years_small_counts_in_what_changed_whatever_last_year_said(tmp_path, edition_copy):
    data = _with_rereferrals(tmp_path, {("991", "2024"): ("2", "0.3")})  # 2 children last year
    set_key(edition_copy / "sef.yml", "audience", "publication")  # last year's edition stays internal
    now = load_inputs(edition_copy, data)
    before = load_previous_inputs(now)
    assert load_edition(edition_copy.parent / "example-2024").config.audience == "internal"
    old = before.table[
        (before.table["indicator"] == "rereferral_12m")
        & (before.table["old_la_code"] == "991")
        & (before.table["time_period"] == 2024)
    ]
    assert old["symbol"].tolist() == ["c"] and old["value"].isna().all()
    html = what_changed_html(now, before)
    assert "0.3%" not in html


@pytest.mark.slow
def test_the_headlines_page_shows_the_most_significant_and_the_edition_can_pin_drop_and_reword(edition_copy):
    from sefbook.render.pages import headlines_html

    def page(extra: str) -> str:
        sef = edition_copy / "sef.yml"
        text = sef.read_text(encoding="utf-8").split("  worsening_tolerance: 5\n")
        sef.write_text(text[0] + "  worsening_tolerance: 5\n" + extra + text[1], encoding="utf-8")
        html = headlines_html(load_inputs(edition_copy, EXAMPLE_DATA))
        sef.write_text(text[0] + "  worsening_tolerance: 5\n" + text[1], encoding="utf-8")
        return html

    default = page("")
    assert default.count('class="sef-highlight"') == 5 and default.count('class="sef-targeted"') == 3
    assert "in 2024 to" in default and "in 2025" in default  # sentences carry their years
    # an area the last inspection named carries the council's response
    assert "In response: Child protection plans are now written with families" in default
    tuned = page(
        "  highlights: 2\n  areas: 1\n  pin: [sw_agency_rate]\n  drop: [care_leavers_activity_not_known_19_21]\n"
        "  reword: {care_leavers_in_touch: We are in touch with almost every care leaver.}\n"
    )
    assert tuned.count('class="sef-highlight"') == 2 and tuned.count('class="sef-targeted"') == 1
    assert "Agency social worker rate" in tuned.split('id="headlines-targeted"')[0]  # pinned, first
    assert "whose activity is not known" not in tuned
    assert "We are in touch with almost every care leaver." in tuned  # the next most significant, reworded
    with pytest.raises(InputError, match=r"key headlines.pin: names an unknown indicator id.*'no_such_thing'"):
        page("  pin: [no_such_thing]\n")


@pytest.mark.slow
def test_an_edition_can_put_its_areas_for_improvement_first(edition_copy):
    from sefbook.render.parts import report_parts

    sef = edition_copy / "sef.yml"
    sef.write_text(
        sef.read_text(encoding="utf-8").replace("sections:\n", "sections:\n  - areas_for_improvement\n", 1),
        encoding="utf-8",
    )
    inputs = load_inputs(edition_copy, EXAMPLE_DATA)
    parts = report_parts(inputs)
    names = [p.name for p in parts]
    assert names[:4] == ["foreword", "headlines", "improvement", "context"] and names.count("improvement") == 1
    assert [p.number for p in parts if p.number] == list(range(1, 10))  # the sections are still numbered 1 to 9
    set_key(sef, "areas_for_improvement", "null")
    with pytest.raises(InputError, match=r"key sections\[0\]: places a part the edition does not have"):
        load_inputs(edition_copy, EXAMPLE_DATA)
