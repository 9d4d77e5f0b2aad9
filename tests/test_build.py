"""The build end to end: the example report's content, exit codes, and that a failed build
leaves the last good report exactly as it was."""

from __future__ import annotations

import csv
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest
from bs4 import BeautifulSoup
from helpers import EXAMPLE_DATA, EXAMPLE_EDITION, NOTEBOOKS, kept_folder

from sefbook import cli
from sefbook.cache import PARTS_CACHE as CACHE_DIR
from sefbook.inputs.edition.read import load_edition
from sefbook.inputs.load import load_inputs
from sefbook.inputs.published.registry import default_registry
from sefbook.inputs.sections import NARRATIVE_HEADINGS
from sefbook.render.charts import charted
from sefbook.render.section import SectionView


@pytest.fixture(scope="module")
def built(example_build) -> Path:
    """The example, built once per test run through the console script (see conftest)."""
    return example_build.parent.parent


@pytest.fixture(scope="module")
def soup(built: Path) -> BeautifulSoup:
    return BeautifulSoup((built / EXAMPLE_EDITION.name / "report.html").read_text(encoding="utf-8"), "html.parser")


def test_report_has_title_block_with_council_and_status(soup):
    edition = load_edition(EXAMPLE_EDITION)
    assert soup.title.get_text() == edition.title
    assert soup.h1.get_text() == edition.title
    subtitles = " ".join(p.get_text() for p in soup.select(".sef-subtitle"))
    assert "Self-evaluation of social work practice" in subtitles and "Kingsmere" in subtitles
    assert "Built " in soup.find(class_="sef-built").get_text()
    assert "Draft" in soup.find(class_="sef-status").get_text()


def test_contents_links_to_every_section_in_order(soup):
    edition = load_edition(EXAMPLE_EDITION)
    links = soup.select("nav.sef-toc a")
    sections = [f"{i} {edition.section(s).title}" for i, s in enumerate(edition.section_names, start=1)]
    assert edition.section_names[0] == "foreword"  # the foreword, then the summary, the sections, the annexes
    assert [a.get_text(" ", strip=True) for a in links] == sections[:1] + ["Summary"] + sections[1:] + [
        "Plan on a page",
        "Areas for improvement",
        "Annex: what changed since last year",
        "About the figures",
    ]
    for a in links:
        assert soup.find(id=a["href"][1:]) is not None


def test_every_section_has_its_four_headings_a_table_and_a_figure_per_chart(soup):
    registry = default_registry()
    edition = load_edition(EXAMPLE_EDITION)
    h2s = [h.get_text(" ", strip=True).split(" ", 1)[-1] for h in soup.find_all("h2")]  # without the number
    h3s = [h.get_text() for h in soup.find_all("h3", id=re.compile("^section-"))]  # the summary's are its own
    sef_sections = [name for name in edition.section_names if edition.section(name).sef_headings]
    with_figures = [name for name in edition.section_names if edition.indicator_ids(name, registry)]
    assert len(sef_sections) == 6 and len(with_figures) == 7  # and chapters: a foreword, a spotlight, case studies
    for name in edition.section_names:
        assert edition.section(name).title in h2s
    for name in sef_sections:
        for heading in NARRATIVE_HEADINGS:
            assert soup.find("h3", id=f"section-{name.replace('_', '-')}-{heading.lower().replace(' ', '-')}"), (
                name,
                heading,
            )
    assert sum(h in NARRATIVE_HEADINGS for h in h3s) == 4 * len(sef_sections)
    assert len(soup.select(".sef-performance table")) == len(with_figures)
    figures = soup.select("figure.sef-chart")
    # charts for the key indicators alone (this edition marks none: the registry's importance 1), no grade or
    # count: a trend where there are three years, a ranking where five councils have a figure; at most two each
    key = [
        registry[i]
        for s in edition.section_names
        for i in edition.key_indicator_ids(s, registry)
        if charted(registry[i])
    ]
    assert len(figures) <= 2 * len(key)
    inputs = load_inputs(EXAMPLE_EDITION, EXAMPLE_DATA)
    assert len(figures) == sum(len(SectionView(edition.section(s), inputs).charts()) for s in edition.section_names)
    for figure in figures:
        img = figure.find("img")
        assert any(figure.figcaption.get_text().startswith(ind.title + ":") for ind in key)
        assert img["src"].startswith("data:image/svg+xml;base64,")  # vector: crisp in print and zoom
        assert "Kingsmere" in img["alt"] and len(img["alt"]) > 60


def test_no_code_prompts_scripts_warnings_or_object_reprs(soup):
    text = soup.get_text()
    assert soup.find("script") is None
    assert not soup.select(".jp-InputArea, .jp-InputPrompt, .jp-OutputPrompt, pre")
    for stray in ("In [", "Out[", "Traceback", "Warning", "<sefbook.", "object at 0x", "DataFrame"):
        assert stray not in text, stray


def test_table_shows_the_councils_figure_read_from_the_data_file(soup):
    # Read Kingsmere's re-referral rate straight from the CSV, independently of the package.
    path = next(EXAMPLE_DATA.glob("c1_children_in_need_referrals_and_rereferrals_*.csv"))
    with path.open(encoding="utf-8-sig", newline="") as f:
        rows = [r for r in csv.DictReader(f) if r["old_la_code"] == "991"]
    latest = max(rows, key=lambda r: int(r["time_period"]))
    row = next(tr for tr in soup.select("table.sef-table tr") if "Re-referrals within 12 months" in tr.get_text())
    cells = [td.get_text(strip=True) for td in row.find_all("td")]
    assert cells[0] == latest["time_period"]  # the year to 31 March, short; About the figures says it in words
    assert cells[1] == f"{float(latest['rereferral_percent']):.1f}%"


def test_every_row_says_its_period_links_to_its_definition_and_ranks_only_where_meaningful(soup):
    registry = default_registry()
    by_title = {ind.title: ind for ind in registry.indicators}
    rows = soup.select(".sef-performance tbody tr")
    assert len(rows) > 40
    for row in rows:
        link = row.th.find("a")
        ind = by_title[link.get_text()]
        about = soup.find(id=f"about-{ind.id}")
        assert link["href"] == f"#about-{ind.id}" and about is not None
        assert ind.period in about.get_text()  # the period in words, once, in About the figures
        period = row.select_one('td[data-label="Period"]')
        if period is None:  # every row of the table shares one period: its caption says it, in words
            assert "Period: " in row.find_parent("table").caption.get_text()
        else:  # short in the table: "2025", "2024-25", "2024/25", "Mar 2025", "Sep 2024", "mid-2024"
            assert re.fullmatch(r"\d{4}|\d{4}-\d{2}|\d{4}/\d{2}|(Mar |Sep |mid-)\d{4}", period.contents[0]), period
        rank = row.select_one('td[data-label="Rank"]')
        reason = rank.select_one(".sef-vh")
        if not ind.ranked:
            assert rank.contents[0] == "–" and reason.get_text() == f" not ranked: {ind.not_ranked_because}", ind.id
        else:
            assert " of " in rank.get_text() or reason.get_text().startswith(" not ranked: "), (ind.id, rank)
    contextual = [r for r in rows if by_title[r.th.a.get_text()].polarity.value == "contextual"]
    assert contextual and all(
        r.select_one('td[data-label="Rank"] .sef-vh').get_text() == " not ranked: contextual" for r in contextual
    )
    about = soup.find("section", class_="sef-about").get_text(" ", strip=True)
    assert "Computed by sefbook: referral_count per 10,000 children aged 0 to 17" in about
    assert "simple mean of the 10 neighbours" in about


def test_chapters_of_the_editions_own_need_no_python_and_carry_pictures_inside(soup):
    edition = load_edition(EXAMPLE_EDITION)
    foreword = soup.find(id="section-foreword")
    assert foreword.get_text(" ", strip=True) == "1 Foreword" and edition.section_names[0] == "foreword"
    picture = soup.find(id="section-case-studies").find_next("img")  # the case study's picture, inside the report
    assert picture["src"].startswith("data:image/png;base64,") and picture["alt"].startswith("A young person's drawing")
    shows = soup.select_one(".sef-quote-shows").get_text(" ", strip=True)
    assert shows.startswith("What it shows: that one steady relationship")
    spotlight = soup.find(id="section-spotlight-participation-performance").find_next("table")
    assert "Care leavers aged 19 to 21 the council is in touch with" in spotlight.get_text()
    headlines = soup.find("section", class_="sef-headlines").get_text()
    assert headlines.count("in touch with") <= 1  # shown twice in the report, headlined once


def test_quotes_appear_with_who_said_them(soup):
    quotes = soup.select(".sef-quote")
    assert len(quotes) == len(load_edition(EXAMPLE_EDITION).quotes)
    assert all(
        q.blockquote.get_text(strip=True) and q.select_one(".sef-quote-source").get_text(strip=True) for q in quotes
    )


def test_manifest_and_executed_notebooks_sit_beside_the_report(built):
    folder = built / EXAMPLE_EDITION.name
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    hashed = {Path(i["path"]).name for i in manifest["inputs"]}
    assert {
        "sef.yml",
        "quotes.yml",
        "publications.yml",
        "leadership.yml",
        "context.md",
        "section.ipynb",
        "plan.ipynb",
    } <= hashed
    assert any(name.startswith("c1_") for name in hashed)
    assert all(len(i["sha256"]) == 64 for i in manifest["inputs"])
    assert manifest["packages"]["papermill"] and manifest["packages"]["pandas"]
    assert {"validate", "execute", "join and export"} <= set(manifest["steps_seconds"])
    executed = sorted(p.name for p in (folder / "notebooks").glob("*.ipynb"))
    parts = ["headlines.ipynb", "changes.ipynb", "plan.ipynb", "improvement.ipynb", "about.ipynb"]
    assert executed == sorted(parts + [f"{s}.ipynb" for s in load_edition(EXAMPLE_EDITION).section_names])
    assert [p.name for p in built.glob(".*")] == [CACHE_DIR]  # no staging folder left behind; the parts kept for reuse
    # the report and its files, nothing else: the inputs the kernels shared (inputs.pickle) are not published
    assert sorted(p.name for p in folder.iterdir()) == [
        "figures.csv",
        "manifest.json",
        "notebooks",
        "report.docx",
        "report.html",
        "report.pdf",
        "tables.xlsx",
    ]


# --- bad inputs: exit 2, a clear message, and the last good report untouched -----------------

# The bad-input table (exit 2, a clear message, the last report kept) is tests/test_bad_inputs.py.


def test_a_build_keeps_no_input_history_of_its_cells(built):
    """A kernel's IPython keeps every cell it runs in a database in the home folder, unless told not
    to: a build's kernels keep none (nobody recalls a build's cells, and a scheduled job fills no
    home folder)."""
    ipython = kept_folder(built) / "ipython"
    assert (ipython / "profile_default").is_dir()  # the build's kernels used this folder
    assert not list(ipython.rglob("history.sqlite*"))


def test_a_failing_notebook_exits_1_naming_notebook_and_cell_and_keeps_the_last_report(built, tmp_path, capsys):
    notebooks = tmp_path / "notebooks"
    shutil.copytree(NOTEBOOKS, notebooks)
    broken = nbformat.read(notebooks / "section.ipynb", as_version=4)
    code_cells = [i for i, c in enumerate(broken.cells) if c.cell_type == "code"]
    # the one section notebook fails for one section only: the message names both
    broken.cells[
        code_cells[-1]
    ].source = "if section == 'leadership':\n    raise RuntimeError('chart data went missing')"
    nbformat.write(broken, notebooks / "section.ipynb")
    report = built / EXAMPLE_EDITION.name / "report.html"
    before = report.read_bytes()
    status = cli.main(
        [
            "build",
            str(EXAMPLE_EDITION),
            "--data",
            str(EXAMPLE_DATA),
            "--output",
            str(built),
            "--notebooks",
            str(notebooks),
        ]
    )
    message = capsys.readouterr().err
    assert status == 1
    assert f"section.ipynb (leadership), cell {code_cells[-1] + 1}" in message
    assert "RuntimeError: chart data went missing" in message
    assert report.read_bytes() == before
    assert [p.name for p in built.glob(".*")] == [CACHE_DIR]


@pytest.mark.build  # its build starts a kernel as the inputs are checked
def test_python_dash_m_reports_invalid_input_with_exit_status_2(tmp_path, edition_copy):
    (edition_copy / "narrative" / "leadership.md").unlink()
    run = subprocess.run(
        [
            sys.executable,
            "-m",
            "sefbook",
            "build",
            str(edition_copy),
            "--data",
            str(EXAMPLE_DATA),
            "--output",
            str(tmp_path / "out"),
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert run.returncode == 2
    assert "leadership.md: narrative file not found" in run.stderr
    assert run.stdout == ""
    assert not (tmp_path / "out" / EXAMPLE_EDITION.name).exists()


def test_the_councils_own_figure_is_marked_provisional(soup):
    row = next(tr for tr in soup.select("table.sef-table tr") if "First-time entrants" in tr.get_text())
    latest = row.select_one("td.sef-latest").get_text(" ", strip=True)
    assert latest.endswith("(provisional)")
    period = row.find_all("td")[0]
    assert period.contents[0] == "2025"  # the year to 31 March 2025
    # published figures for the year are not out yet: compared with the latest published, and said so
    assert period.select_one(".sef-compared-period").get_text().startswith("compared with ")
    assert "2025" not in period.select_one(".sef-compared-period").get_text()


def test_a_quarterly_report_builds_beside_the_annual_one(built, capsys):
    status = cli.main(
        ["build", str(EXAMPLE_EDITION), "--data", str(EXAMPLE_DATA), "--output", str(built), "--period", "2025-Q2"]
    )
    assert status == 0
    report = built / f"{EXAMPLE_EDITION.name}-2025-Q2" / "report.html"
    soup = BeautifulSoup(report.read_text(encoding="utf-8"), "html.parser")
    assert soup.h1.get_text() == "Kingsmere children's services quarterly performance report, 2025-26 Q2"
    assert not soup.select(".sef-quote") and soup.find(id="changes") is None
    row = next(tr for tr in soup.select(".sef-performance tr") if "Re-referrals within 12 months" in tr.get_text())
    period, *_, neighbours, region, england = row.find_all("td")[:7]
    assert period.contents[0] == "2025-26 Q2"
    assert "(provisional)" in row.select_one("td.sef-latest").get_text()
    # nothing is published for 2025-26 yet: the comparators are the latest published, and say for when
    assert period.select_one(".sef-compared-period").get_text() == "compared with 2025"  # the year to 31 March
    assert (neighbours.get_text(), region.get_text(), england.get_text()) != ("x", "x", "x")
    # the children in care at 30 September 2025, counted from the synthetic SSDA903 return in progress
    cla = next(tr for tr in soup.select(".sef-performance tr") if "Children looked after at 31 March" in tr.get_text())
    assert cla.select_one("td.sef-latest").get_text(" ", strip=True) == "454 (provisional)"
    assert any("Kingsmere: 2021" in img["alt"] and "2025-26 Q2" in img["alt"] for img in soup.select("figure img"))
    assert (built / EXAMPLE_EDITION.name / "report.html").exists()  # the annual report is still there


def test_pdf_without_chromium_exits_3_before_running_anything(built, tmp_path):
    venv_bin = Path(sys.executable).parent  # a PATH on which no Chromium can be found
    run = subprocess.run(
        [
            str(venv_bin / "sefbook"),
            "build",
            str(EXAMPLE_EDITION),
            "--data",
            str(EXAMPLE_DATA),
            "--output",
            str(tmp_path),
            "--format",
            "pdf",
        ],
        capture_output=True,
        text=True,
        timeout=120,
        env={"PATH": str(venv_bin)},
        check=False,
    )
    assert run.returncode == 3
    assert "PDF needs Chromium" in run.stderr
    assert not any(tmp_path.iterdir())  # nothing started, nothing written


def test_an_unknown_format_is_refused_by_the_command_line(capsys):
    with pytest.raises(SystemExit) as exit_info:
        cli.main(["build", "--format", "html,odt"])
    assert exit_info.value.code == 2
    assert "unknown format 'odt'; choose from html, pdf, docx" in capsys.readouterr().err
