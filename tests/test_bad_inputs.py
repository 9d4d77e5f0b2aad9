"""The bad-input suite for the edition: one table of cases that grows with every bug found (the
data's is test_bad_data.py). Each case breaks a copy of the example edition in one way, runs `sefbook build` as a user would, and
asserts the exit status, that the message names the file and the fault, that no traceback is
printed, and that the last good report (built once for the run) is exactly as it was.

Adding a case is one line: a name, what to break (a function of the edition and data folders),
the extra command-line arguments, the exit status and the fragments the message must hold."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from bad_inputs import ALIAS_BOMB, Cases, append, key, not_a_file, nothing, refused_plainly, replace
from helpers import EXAMPLE_DATA, EXAMPLE_EDITION, NOTEBOOKS, Signal

from sefbook import cli
from sefbook.cache import PARTS_CACHE as CACHE_DIR

BAD_INPUTS: Cases = {
    # the edition
    "missing narrative": (
        lambda e, d: (e / "narrative" / "care_leavers.md").unlink(),
        [],
        2,
        ["care_leavers.md", "narrative file not found"],
    ),
    "malformed yaml": (
        replace("sef.yml", "la_name: Kingsmere", "la_name: [Kingsmere"),
        [],
        2,
        ["sef.yml", "is not valid YAML", "line 3"],
    ),
    "unknown section": (
        replace("sef.yml", "\n\n# How performance headlines", "\n  - adoption\n\n# How performance headlines"),
        [],
        2,
        ["sef.yml", "unknown section", "sections[9]", "'adoption'"],
    ),
    "unknown indicator": (
        replace("sef.yml", "indicators: [care_leavers_eet,", "indicators: [care_leavers_eet, care_leavers_in_jobs,"),
        [],
        2,
        ["sef.yml", "unknown indicator id", "'care_leavers_in_jobs'"],
    ),
    "la code not in data": (
        replace("sef.yml", 'old_la_code: "991"', 'old_la_code: "999"'),
        [],
        2,
        ["sef.yml", "key old_la_code", "'999'"],
    ),
    "key given twice": (
        append("sef.yml", "\nyear: 2024\n"),
        [],
        2,
        ["sef.yml", "gives the key 'year' twice", "line 7"],
    ),
    "yaml alias bomb": (append("sef.yml", ALIAS_BOMB), [], 2, ["sef.yml", "alias"]),
    "a list as a key": (
        append("sef.yml", "\n? [a, b]\n: x\n"),
        [],
        2,
        ["sef.yml", "a list or mapping as a key"],
    ),  # fuzzing found it
    "council is its own neighbour": (
        replace("sef.yml", '["981",', '["991",'),
        [],
        2,
        ["sef.yml", "statistical_neighbours[0]", "its own statistical neighbours", "'991'"],
    ),
    "neighbour listed twice": (
        replace("sef.yml", '"981", "982"', '"981", "981"'),
        [],
        2,
        ["sef.yml", "statistical_neighbours", "twice", "'981'"],
    ),
    "previous edition is itself": (key("previous_edition", "."), [], 2, ["sef.yml", "previous_edition"]),
    "year with no figures": (
        key("year", "2031"),
        [],
        2,
        ["sef.yml", "key year", "names a year with no figures", "2025", "found 2031"],
    ),
    "quarter with no figures": (nothing, ["--period", "1999-Q1"], 2, ["--period", "no figures", "'1999-Q1'"]),
    "impossible date in the plan": (
        replace("plan.yml", "as_at: 2025-03-31", "as_at: 2025-02-30"),
        [],
        2,
        ["plan.yml", "line 6", "not a date", "2025-02-30"],
    ),
    "narrative is a folder": (not_a_file("narrative/care_leavers.md", "folder"), [], 2, ["care_leavers.md", "folder"]),
    "narrative nested too deep": (
        append("narrative/care_leavers.md", "\n" + "".join("  " * i + "- deeper\n" for i in range(60))),
        [],
        2,
        ["care_leavers.md", "line ", "too deep to be shown in full"],
    ),
    "chapter without a title": (
        replace("sef.yml", "title: Case studies\n", ""),
        [],
        2,
        ["sef.yml", "sections[8]", "unknown section", "'case_studies'", "a chapter of the edition's own with a title"],
    ),
    "chapter picture missing": (
        lambda e, d: (e / "narrative" / "images" / "my-place.png").unlink(),
        [],
        2,
        ["case_studies.md", "line 13", "not a picture in the narrative folder", "'images/my-place.png'"],
    ),
    "chapter picture without alt text": (
        replace(
            "narrative/case_studies.md",
            '![A young person\'s drawing of a home with a window box of flowers, a bicycle by the door and the words "my place" above it]',
            "![]",
        ),
        [],
        2,
        ["case_studies.md", "line 13", "no alt text"],
    ),
    "chapter picture from the web": (
        replace("narrative/case_studies.md", "(images/my-place.png)", "(https://example.org/p.png)"),
        [],
        2,
        ["case_studies.md", "not a picture in the narrative folder", "https://example.org/p.png"],
    ),
    "response for an unknown indicator": (
        replace("narrative/early_help.md", "  hospital_admissions_injury_0_14:", "  hospital_admissions_injuries:"),
        [],
        2,
        ["early_help.md", "front matter key responses.hospital_admissions_injuries", "unknown indicator id"],
    ),
    "response given in two narratives": (
        replace("narrative/children_in_care.md", "  cla_sdq_average:", "  hospital_admissions_injury_0_14:"),
        [],
        2,
        ["children_in_care.md", "gives a response another narrative gives", "early_help.md"],
    ),
    "front matter not valid yaml": (
        replace("narrative/early_help.md", "responses:\n", "responses: [\n"),
        [],
        2,
        ["early_help.md", "is not valid YAML", "line 3, column 36", "found character '>'"],
    ),
    "front matter never closed": (
        replace("narrative/early_help.md", "public health each quarter.\n---\n", "public health each quarter.\n"),
        [],
        2,
        ["early_help.md", "front matter that is never closed"],
    ),
    "stated fact without a source": (
        replace("sef.yml", "        source: Kingsmere school organisation plan, September 2024\n", ""),
        [],
        2,
        ["sef.yml", "sections[1].facts[2]", "needs a label, a value and a source"],
    ),
    "fact of an unknown indicator": (
        replace("sef.yml", "      - children_looked_after_count\n", "      - children_in_care_count\n"),
        [],
        2,
        ["sef.yml", "sections[1].facts[1]", "unknown indicator id", "'children_in_care_count'"],
    ),
    "quote for a chapter not listed": (
        replace("quotes.yml", "section: case_studies", "section: case_study"),
        [],
        2,
        ["quotes.yml", "unknown section", "'case_study'"],
    ),
    # --- issue 25: containment, quotes and personal data in the edition ---
    "a chapter's file outside the edition": (
        lambda e, d: (
            (e.parent.parent / "outside").mkdir(),
            (e.parent.parent / "outside" / "secret.md").write_text("Secret\n"),
            replace("sef.yml", "    title: Foreword\n", "    title: Foreword\n    file: ../../../outside/secret.md\n")(
                e, d
            ),
        ),
        [],
        2,
        [
            "sef.yml, key sections[0].file: reads a file outside the edition folder",
            "found '../../../outside/secret.md' (resolves to ",
        ],
    ),
    "a chapter's file is /etc/passwd": (
        replace("sef.yml", "    title: Foreword\n", "    title: Foreword\n    file: /etc/passwd\n"),
        [],
        2,
        ["sef.yml, key sections[0].file", "outside the edition folder", "'/etc/passwd' (resolves to /etc/passwd)"],
    ),
    "a narrative that links outside": (
        lambda e, d: (
            (e / "narrative" / "foreword.md").unlink(),
            (e / "narrative" / "foreword.md").symlink_to("/etc/passwd"),
        ),
        [],
        2,
        ["foreword.md: is a link to a file outside the edition folder", "found a link to /etc/passwd"],
    ),
    "a picture that links outside": (
        lambda e, d: (
            (e / "narrative" / "images" / "my-place.png").unlink(),
            (e / "narrative" / "images" / "my-place.png").symlink_to(next(d.glob("*.csv"))),
        ),
        [],
        2,
        ["case_studies.md", "line 13", "not a picture in the narrative folder", "(resolves to "],
    ),
    "a plan outside the edition": (
        lambda e, d: (shutil.copy(e / "plan.yml", e.parent.parent / "plan.yml"), key("plan", "../../plan.yml")(e, d)),
        [],
        2,
        ["sef.yml, key plan: reads a file outside the edition folder", "'../../plan.yml' (resolves to "],
    ),
    "local figures outside the edition": (
        lambda e, d: (
            shutil.copy(e / "local_figures.csv", d / "local.csv"),
            key("local_figures", str(d / "local.csv"))(e, d),
        ),
        [],
        2,
        ["sef.yml, key local_figures: reads a file outside the edition folder", "local.csv"],
    ),
    "a return's file that links outside": (
        lambda e, d: (
            (e.parent.parent / "outside").mkdir(),
            shutil.move(e / "returns" / "ssda903-2025" / "header.csv", e.parent.parent / "outside"),
            (e / "returns" / "ssda903-2025" / "header.csv").symlink_to(e.parent.parent / "outside" / "header.csv"),
        ),
        [],
        2,
        ["header.csv: is a link to a file outside the returns folder"],
    ),
    "a quote's publish that is a string": (
        replace("quotes.yml", "    who: young person, 15\n", '    who: young person, 15\n    publish: "no"\n'),
        [],
        2,
        ["quotes.yml, key quotes[0].publish: has an invalid value", "expected true or false", "found 'no'"],
    ),
    # a child's personal data pasted into the words: refused for publication, never printed into a log
    "a UPN in a narrative, for publication": (
        lambda e, d: (
            key("audience", "publication")(e, d),
            append("narrative/case_studies.md", "\nHer UPN is A123456789012.\n")(e, d),
        ),
        [],
        2,
        ["case_studies.md, line 17: holds a UPN-shaped string", "found (withheld: personal data)"],
    ),
    "a child's reference in a quote, for publication": (
        lambda e, d: (key("audience", "publication")(e, d), append("quotes.yml", "# from KM104011's file\n")(e, d)),
        [],
        2,
        ["quotes.yml, line ", "holds a child's reference or UPN from the returns", "found (withheld: personal data)"],
    ),
    "a date of birth in the plan, for publication": (
        lambda e, d: (key("audience", "publication")(e, d), append("plan.yml", "# Jo, born on 28/01/2010\n")(e, d)),
        [],
        2,
        ["plan.yml, line 240: holds a date of birth", "found (withheld: personal data)"],
    ),
}


@pytest.mark.parametrize("case", BAD_INPUTS)
def test_bad_input_is_refused_plainly_and_the_last_report_is_kept(case, example_build, edition_copy, data_copy, capsys):
    refused_plainly(BAD_INPUTS[case], example_build, edition_copy, data_copy, capsys)


@pytest.mark.build  # its build starts a kernel as the edition is read
@pytest.mark.parametrize("command", ["build", "check"])
def test_a_fault_in_the_edition_is_refused_before_the_data_and_pandas_are_loaded(command, edition_copy, tmp_path):
    """sef.yml and the words are read first (build/pipeline.py's read_edition; `sefbook check` the
    same): a fault there is named in about a second, without waiting for the data's reader or
    pandas to load."""
    replace("sef.yml", "la_name: Kingsmere", "la_name: [Kingsmere")(edition_copy, EXAMPLE_DATA)
    arguments = [str(edition_copy), "--data", str(EXAMPLE_DATA)]
    if command == "build":
        arguments += ["--output", str(tmp_path / "output")]
    run = subprocess.run(
        [
            sys.executable,
            "-c",
            (
                "import sys; from sefbook import cli; status = cli.main(sys.argv[1:]); "
                "print(status, 'pandas' in sys.modules, 'sefbook.build.with_data' in sys.modules)"
            ),
            command,
            *arguments,
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert run.stdout.split() == ["2", "False", "False"], run.stderr
    assert "sef.yml" in run.stderr and "is not valid YAML" in run.stderr


# --- where the report goes, and builds stopped part-way ----------------------------------------


@pytest.mark.build  # its build starts a kernel as the inputs are checked
@pytest.mark.parametrize("where", ["the output is a file", "the output is under a file"])
def test_an_output_that_cannot_be_a_folder_exits_4_in_one_line(tmp_path, where, capsys):
    blocker = tmp_path / "report-here"
    blocker.write_text("not a folder\n", encoding="utf-8")
    output = blocker if where == "the output is a file" else blocker / "reports"
    status = cli.main(["build", str(EXAMPLE_EDITION), "--data", str(EXAMPLE_DATA), "--output", str(output)])
    message = capsys.readouterr().err.splitlines()[-1]  # after the line saying the inputs were checked
    assert status == 4
    assert message.startswith(f"sefbook: cannot write the report: {output}: ")
    assert ("is a file, not a folder" if output == blocker else f"is under {blocker}, which is a file") in message
    assert message.endswith("the last good report is unchanged")
    assert blocker.read_text(encoding="utf-8") == "not a folder\n"


def test_a_build_killed_outright_leaves_staging_that_the_next_build_clears_and_a_swap_it_restores(tmp_path):
    from sefbook.build.staging import new_staging, publish

    output = tmp_path / "output"
    (output / "report").mkdir(parents=True)
    (output / "report" / "report.html").write_text("last good", encoding="utf-8")
    dead = output / ".report.building-999999999-abc"  # no such process: a build killed with SIGKILL
    dead.mkdir()
    alive = output / f".report.building-{os.getpid()}-abc"  # a build still running keeps its folder
    alive.mkdir()
    output.joinpath("report").rename(output / ".report.previous")  # killed in the middle of the swap
    staging = new_staging(output, "report")
    assert not dead.exists() and alive.exists() and staging.exists()
    (staging / "report.html").write_text("new", encoding="utf-8")
    publish(staging, output / "report")
    assert (output / "report" / "report.html").read_text(encoding="utf-8") == "new"
    assert sorted(p.name for p in output.iterdir()) == sorted(["report", alive.name])


def _notebooks_that_wait(folder: Path, sign: Signal) -> Path:
    """The report's notebooks, the section's with a cell that gives `sign` and then waits for ever:
    a build of them is stopped only by the signal a test sends, never finished first."""
    import nbformat

    shutil.copytree(NOTEBOOKS, folder)
    section = folder / "section.ipynb"
    notebook = nbformat.read(section, as_version=4)
    after_parameters = next(i for i, c in enumerate(notebook.cells) if "parameters" in c.metadata.get("tags", [])) + 1
    notebook.cells.insert(
        after_parameters, nbformat.v4.new_code_cell(sign.code() + "import threading\nthreading.Event().wait()")
    )
    nbformat.write(notebook, section)
    return folder


@pytest.mark.build
@pytest.mark.parametrize("signal_name, status", [("SIGTERM", 143), ("SIGINT", 130)])
def test_a_build_stopped_part_way_exits_as_shells_expect_and_leaves_nothing_behind(
    example_build, tmp_path, signal_name, status
):
    output = tmp_path / "output"
    shutil.copytree(example_build.parent, output / EXAMPLE_EDITION.name)  # the last good report
    before = (output / EXAMPLE_EDITION.name / "report.html").read_bytes()
    sign = Signal()  # a section's kernel is at work
    notebooks = _notebooks_that_wait(tmp_path / "notebooks", sign)
    run = subprocess.Popen(
        [
            str(Path(sys.executable).with_name("sefbook")),
            "build",
            str(EXAMPLE_EDITION),
            "--data",
            str(EXAMPLE_DATA),
            "--output",
            str(output),
            "--notebooks",
            str(notebooks),
            "--fresh",
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        sign.wait(run)
        run.send_signal(getattr(signal, signal_name))
        _, err = run.communicate(timeout=120)
    finally:
        run.kill()  # (if the test failed before its signal; no-op otherwise)
        sign.close()  # only now: another section's notebook refused its sign would fail the build first
    assert run.returncode == status, err
    name = "Ctrl-C" if signal_name == "SIGINT" else "SIGTERM"
    assert f"sefbook: stopped by {name}; nothing was published" in err and "Traceback" not in err
    assert (output / EXAMPLE_EDITION.name / "report.html").read_bytes() == before
    assert not [p for p in output.glob(".*") if p.name != CACHE_DIR]  # the staging folder went with the build
