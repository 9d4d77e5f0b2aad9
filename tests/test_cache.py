"""Cached builds: a part runs again only when what it reads changed; a build with nothing changed
says the report is up to date and touches nothing; `--fresh` runs everything; and the cache
never changes what the report says (a cached build's HTML is byte for byte a fresh one's)."""

from __future__ import annotations

import json
import re
import subprocess
import sys

import pytest

from sefbook import cli
from sefbook.build.freshness import up_to_date
from sefbook.cache import PARTS_CACHE as CACHE_DIR

pytestmark = pytest.mark.build


def _ran(stderr: str) -> set[str]:
    return set(re.findall(r"\] (.+?): done in", stderr))


def _reused(stderr: str) -> set[str]:
    return set(re.findall(r"\] (.+?): unchanged, reused", stderr))


def _reworded(stderr: str) -> set[str]:
    return set(re.findall(r"\] (.+?): words changed, rendered again", stderr))


def _build(edition, data, out, capsys, *extra: str) -> str:
    assert cli.main(["build", str(edition), "--data", str(data), "--output", str(out), *extra]) == 0
    return capsys.readouterr().err


def _html(out, edition) -> str:
    # the front matter's date is the day it was built: the same for builds minutes apart
    return (out / edition.name / "report.html").read_text(encoding="utf-8")


def test_only_what_changed_runs_again_and_the_report_is_the_same_as_a_fresh_build(
    edition_copy, data_copy, tmp_path, capsys
):
    out = tmp_path / "out"
    cold = _build(edition_copy, data_copy, out, capsys)
    assert len(_ran(cold)) == 14 and not _reused(cold)

    # nothing changed: up to date, nothing touched
    report = out / edition_copy.name / "report.html"
    stamp = report.stat().st_mtime_ns
    again = _build(edition_copy, data_copy, out, capsys)
    assert "Up to date: nothing has changed" in again and not _ran(again)
    assert report.stat().st_mtime_ns == stamp

    # a paragraph of one narrative, and a quote of another section: their words are rendered
    # again in the build's own process (no kernel), the rest reused
    narrative = edition_copy / "narrative" / "leadership.md"
    narrative.write_text(
        narrative.read_text(encoding="utf-8").replace(
            "## What we are worried about", "A new paragraph written this morning.\n\n## What we are worried about", 1
        ),
        encoding="utf-8",
    )
    quotes = edition_copy / "quotes.yml"
    quotes.write_text(
        quotes.read_text(encoding="utf-8").replace(
            "There's not much to do in the villages though", "There is little to do in the villages though", 1
        ),
        encoding="utf-8",
    )
    edited = _build(edition_copy, data_copy, out, capsys)
    assert not _ran(edited) and len(_reused(edited)) == 12
    assert _reworded(edited) == {"Impact of leaders on practice", "Context"}
    assert "A new paragraph written this morning." in _html(out, edition_copy)
    assert "There is little to do in the villages" in _html(out, edition_copy)
    cached_html = _html(out, edition_copy)
    cached_figures = (out / edition_copy.name / "figures.csv").read_bytes()

    # the same inputs built fresh: the same report and figures, byte for byte
    fresh = _build(edition_copy, data_copy, tmp_path / "fresh", capsys, "--fresh")
    assert len(_ran(fresh)) == 14
    assert _html(tmp_path / "fresh", edition_copy) == cached_html
    assert (tmp_path / "fresh" / edition_copy.name / "figures.csv").read_bytes() == cached_figures

    # edited again: rendered from the notebook the last edit kept, by a command that reads
    # neither the data nor pandas and starts no kernel: the last report's outline holds the rest
    narrative.write_text(
        narrative.read_text(encoding="utf-8").replace(
            "A new paragraph written this morning.", "A paragraph rewritten at noon.", 1
        ),
        encoding="utf-8",
    )
    command = (
        "import sys; from sefbook import cli; status = cli.main(sys.argv[1:]); "
        "print(status, *(name in sys.modules for name in ('pandas', 'sefbook.build.kernels', 'nbformat', 'nbconvert')))"
    )
    run = subprocess.run(
        [sys.executable, "-c", command, "build", str(edition_copy), "--data", str(data_copy), "--output", str(out)],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    # nor nbformat and nbconvert: the last page, its section's opening replaced, is the page itself
    assert run.stdout.splitlines()[-1].split() == ["0", "False", "False", "False", "False"], run.stderr
    assert _reworded(run.stderr) == {"Impact of leaders on practice"} and len(_reused(run.stderr)) == 13
    assert "A paragraph rewritten at noon." in _html(out, edition_copy)
    assert "A new paragraph written this morning." not in _html(out, edition_copy)
    _build(edition_copy, data_copy, tmp_path / "fresh", capsys, "--fresh")
    assert _html(tmp_path / "fresh", edition_copy) == _html(out, edition_copy)
    steps = json.loads((out / edition_copy.name / "manifest.json").read_text(encoding="utf-8"))["steps_seconds"]
    assert "execute" not in steps and "section leadership" in steps
    assert "Up to date" in _build(edition_copy, data_copy, out, capsys)  # its manifest holds the new words
    # a page changed since it was built is not the one to change again: the report is exported anew
    report.write_text(_html(out, edition_copy).replace("</main>", "<p>Added by hand.</p></main>"), encoding="utf-8")
    narrative.write_text(narrative.read_text(encoding="utf-8").replace("at noon", "at one", 1), encoding="utf-8")
    by_hand = _build(edition_copy, data_copy, out, capsys)
    assert _reworded(by_hand) == {"Impact of leaders on practice"} and "Added by hand" not in _html(out, edition_copy)
    assert "A paragraph rewritten at one." in _html(out, edition_copy)

    # words the headlines read (a response, in a narrative's front matter): the headlines run on
    # a kernel, the section's words are rendered here, and the report is a fresh build's
    in_care = edition_copy / "narrative" / "children_in_care.md"
    in_care.write_text(
        in_care.read_text(encoding="utf-8").replace(
            "discussed at the monthly emotional wellbeing", "discussed at the fortnightly emotional wellbeing", 1
        ),
        encoding="utf-8",
    )
    responded = _build(edition_copy, data_copy, out, capsys)
    assert _ran(responded) == {"Summary"} and _reworded(responded) == {"Children in care"}
    assert "discussed at the fortnightly emotional wellbeing" in _html(out, edition_copy)
    cached_html = _html(out, edition_copy)
    # --fresh on an up-to-date report builds everything again, and the same report
    assert len(_ran(_build(edition_copy, data_copy, out, capsys, "--fresh"))) == 14
    assert _html(out, edition_copy) == cached_html

    # a figure in the data: the parts that show that indicator, and those that read every row
    c1 = next(data_copy.glob("c1_*.csv"))
    text = c1.read_text(encoding="utf-8")
    c1.write_text(text.replace(",991,", ",991,", 1).rstrip("\n") + "\n", encoding="utf-8")  # same content
    assert "Up to date" in _build(edition_copy, data_copy, out, capsys)  # content, not modification time, decides
    rows = text.splitlines()
    header = rows[0].split(",")
    column = header.index("rereferral_percent")
    ours = max((i for i, r in enumerate(rows) if ",991," in r), key=lambda i: rows[i].split(",")[0])
    cells = rows[ours].split(",")
    cells[column] = "12.3"
    rows[ours] = ",".join(cells)
    c1.write_text("\n".join(rows) + "\n", encoding="utf-8")
    changed = _build(edition_copy, data_copy, out, capsys)
    ran = _ran(changed)
    assert "Children in need of help and protection" in ran and "About the figures" in ran
    assert "Children in care" not in ran and "Case studies" not in ran

    # the edition breaks: refused before anything runs; the parts kept and the report are as they
    # were. Only a narrative changed, so this is the words rebuild's refusal (build/words.py)
    cache = out / CACHE_DIR / edition_copy.name
    kept = sorted(p.name for p in cache.glob("*.ipynb"))
    assert len(kept) == 14 and not list(cache.glob("*.partial"))
    before = report.read_bytes(), report.with_name("manifest.json").read_bytes()
    (edition_copy / "narrative" / "care_leavers.md").unlink()
    assert cli.main(["build", str(edition_copy), "--data", str(data_copy), "--output", str(out)]) == 2
    message = capsys.readouterr().err
    assert message.startswith("sefbook: invalid input: ") and "care_leavers.md" in message, message
    assert "Traceback" not in message
    assert sorted(p.name for p in cache.glob("*.ipynb")) == kept
    assert (report.read_bytes(), report.with_name("manifest.json").read_bytes()) == before
    assert not [p for p in out.glob(".*") if p.name != CACHE_DIR]  # no staging left


def test_up_to_date_compares_code_options_listing_and_every_file(tmp_path):
    data = tmp_path / "data"
    data.mkdir()
    (data / "a.csv").write_text("x\n", encoding="utf-8")
    narrative = tmp_path / "n.md"
    narrative.write_text("words\n", encoding="utf-8")
    report = tmp_path / "report.html"
    report.write_text("<html></html>", encoding="utf-8")
    from sefbook.build.freshness import code_digest, file_digest, listing

    record = {
        "code": code_digest(),
        "options": {"formats": ["html"]},
        "listings": {str(data): listing(data)},
        "files": {str(narrative): file_digest(narrative)},
    }
    manifest = tmp_path / "manifest.json"
    write = lambda build: manifest.write_text(json.dumps({"built_at": "then", "build": build}), encoding="utf-8")
    write(record)
    assert up_to_date(manifest, {"formats": ["html"]}, [report]) == "then"
    assert up_to_date(manifest, {"formats": ["html", "pdf"]}, [report]) is None  # other options
    assert up_to_date(manifest, {"formats": ["html"]}, [report, tmp_path / "report.pdf"]) is None  # an output gone
    write({**record, "code": "an older sefbook"})
    assert up_to_date(manifest, {"formats": ["html"]}, [report]) is None
    write(record)
    (data / "b.csv").write_text("y\n", encoding="utf-8")  # a new file in the data folder
    assert up_to_date(manifest, {"formats": ["html"]}, [report]) is None
    (data / "b.csv").unlink()
    (data / "returns-2026").mkdir()  # an empty folder: a build would read (and refuse) it
    assert up_to_date(manifest, {"formats": ["html"]}, [report]) is None
    (data / "returns-2026").rmdir()
    assert up_to_date(manifest, {"formats": ["html"]}, [report]) == "then"
    narrative.write_text("other words\n", encoding="utf-8")
    assert up_to_date(manifest, {"formats": ["html"]}, [report]) is None
    manifest.write_text("{not json", encoding="utf-8")
    assert up_to_date(manifest, {"formats": ["html"]}, [report]) is None


def test_a_damaged_parts_cache_is_built_again_silently_and_correctly(edition_copy, data_copy, tmp_path, capsys):
    out = tmp_path / "out"
    _build(edition_copy, data_copy, out, capsys)
    cache = out / CACHE_DIR / edition_copy.name
    kept = sorted(cache.iterdir())
    assert len([p for p in kept if p.suffix == ".ipynb"]) == 14 and [
        p for p in kept if p.name.startswith("figures.csv.")
    ]
    for path in kept:  # every kept file cut in half: as a disk that filled, or a copy stopped part-way, leaves it
        path.write_bytes(path.read_bytes()[: path.stat().st_size // 2])
    narrative = edition_copy / "narrative" / "leadership.md"
    narrative.write_text(
        narrative.read_text(encoding="utf-8").replace(
            "## What we are worried about", "A paragraph written after the damage.\n\n## What we are worried about", 1
        ),
        encoding="utf-8",
    )
    again = _build(edition_copy, data_copy, out, capsys)  # reuse is tried: words alone changed
    assert len(_ran(again)) == 14 and not _reused(again) and "Traceback" not in again
    assert "A paragraph written after the damage." in _html(out, edition_copy)
    fresh = _build(edition_copy, data_copy, tmp_path / "fresh", capsys, "--fresh")
    assert len(_ran(fresh)) == 14
    assert _html(tmp_path / "fresh", edition_copy) == _html(out, edition_copy)
    assert (tmp_path / "fresh" / edition_copy.name / "figures.csv").read_bytes() == (
        out / edition_copy.name / "figures.csv"
    ).read_bytes()

    # figures.csv's kept file alone damaged, in a way that still reads as CSV: made again
    figures = next(cache.glob("figures.csv.*"))
    figures.write_bytes(figures.read_bytes().replace(b",", b";", 3))
    narrative.write_text(
        narrative.read_text(encoding="utf-8").replace("after the damage", "after more damage"), encoding="utf-8"
    )
    _build(edition_copy, data_copy, out, capsys)
    assert (tmp_path / "fresh" / edition_copy.name / "figures.csv").read_bytes() == (
        out / edition_copy.name / "figures.csv"
    ).read_bytes()
    assert next(cache.glob("figures.csv.*")).read_bytes() == (out / edition_copy.name / "figures.csv").read_bytes()
