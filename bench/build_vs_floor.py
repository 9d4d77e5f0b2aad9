"""How close is a full build to the floor? Everything below is measured in this one run.

    floor   start one Python kernel and import pandas and matplotlib in it (what any notebook
            must pay at least once)
    build   `sefbook build` of the example edition, as a user runs it (a fresh process)
    work    the same report's work done in one plain Python process, with no kernel and no
            papermill: what the notebooks' machinery costs on top of it
    also    one plain `papermill` command for one section notebook, and importing papermill

Prints the times and the ratio build / floor. Run with `make bench` (or the venv's python).
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from jupyter_client.manager import start_new_kernel

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent


def timed(fn) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def kernel_floor() -> None:
    km, kc = start_new_kernel(kernel_name="python3", extra_arguments=["--IPKernelApp.log_level=ERROR"])
    try:
        reply = kc.execute_interactive("import pandas, matplotlib", timeout=120)
        assert reply["content"]["status"] == "ok"
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=True)


BARE_WORK = """
from sefbook.build.join import export_html
from sefbook.inputs.load import load_inputs
from sefbook.render import pages
from sefbook.render.section import SectionView
inputs = load_inputs("sefs/example-2025", "data/example")
before = load_inputs(inputs.edition.path(inputs.edition.config.previous_edition), "data/example")
html = [pages.front_matter_html(inputs), pages.headlines_html(inputs), pages.what_changed_html(inputs, before)]
for name in inputs.edition.section_names:
    s = SectionView(inputs.edition.section(name), inputs)
    html += [s.header_html(), s.narrative_html(), s.quotes_html(), s.performance_table_html(), s.charts_html()]
html += [pages.plan_html(inputs), pages.improvement_html(inputs), pages.about_html(inputs)]
import nbformat
nb = nbformat.v4.new_notebook(metadata={"title": "bench"})
nb.cells = [nbformat.v4.new_code_cell(outputs=[nbformat.v4.new_output("display_data", data={"text/html": h})]) for h in html]
export_html(nb)
"""


def run(*cmd: str) -> None:
    subprocess.run(cmd, cwd=ROOT, check=True, capture_output=True, timeout=900)


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        kernel_floor()  # warm the file cache so the first measurement is not penalised
        floor = min(timed(kernel_floor) for _ in range(3))
        build = timed(lambda: run(str(BIN / "sefbook"), "build", "sefs/example-2025", "--output", tmp))
        bare = timed(lambda: run(sys.executable, "-c", BARE_WORK))
        papermill_one = timed(lambda: run(str(BIN / "papermill"), "notebooks/section.ipynb",
                                          os.path.join(tmp, "context.ipynb"), "-p", "section", "context",
                                          "--no-progress-bar"))
        import_papermill = timed(lambda: run(sys.executable, "-c", "import papermill"))
        python_start = timed(lambda: run(sys.executable, "-c", "pass"))

    from sefbook.inputs.load import load_inputs
    from sefbook.render.parts import report_parts

    sections = len(report_parts(load_inputs(ROOT / "sefs/example-2025", ROOT / "data/example")))
    print(f"machine: {os.cpu_count()} CPUs, Python {sys.version.split()[0]}")
    print(f"floor: start a kernel, import pandas + matplotlib   {floor:6.2f} s (best of 3)")
    print(f"full build of the example ({sections} parts)              {build:6.2f} s")
    print(f"ratio build / floor                                 {build / floor:6.2f}")
    print(f"the same work in one process, no kernel              {bare:6.2f} s")
    print(f"ratio build / that work                              {build / bare:6.2f}")
    print(f"one plain papermill command, one section            {papermill_one:6.2f} s "
          f"(x{sections} parts run one by one: ~{papermill_one * sections:.0f} s)")
    print(f"python -c 'import papermill' (incl. start {python_start:.2f} s)   {import_papermill:6.2f} s")


if __name__ == "__main__":
    main()
