"""How fast sefbook is for the people who use it, every figure measured in this one run.

    floor       start one Python kernel and import pandas and matplotlib in it (what any
                notebook must pay at least once)
    (floor, cold, edit and no-op are each the best of three: the machine's own speed moves)
    first       `sefbook build --fresh` of the example, with an empty cache folder (nothing read before)
    cold        `sefbook build --fresh` again: every part run, the data folder already read once
    edit        one paragraph of one narrative changed, then `sefbook build` (the parts cache)
    preview     the same edit in the live preview (`sefbook preview`: kernels kept warm between
                rebuilds, as a writer meets it), measured on the preview's own build call
    no-op       `sefbook build` again with nothing changed (the up-to-date check)
    load        a Python process loading what the edit's rebuild loads (sefbook's words path,
                pydantic, Jinja: never pandas, nbformat or nbconvert) and nothing more: the
                least the edit's command can take, to read its ratio against
    charts      the example's trend and ranking charts drawn in one process, against the way
                they were drawn before (a new figure each, laid out by matplotlib's constrained
                layout, saved as PNG), kept here as the yardstick
    packs       `sefbook pack --all` from ../shared/data/dfe on local Dask workers, with an
                empty cache folder: seconds per pack (`--packs N`: the first N councils only)

Run with `make bench` (PACKS=10 make bench for a shorter run). Prints the times and the ratios, and appends
them to bench/RESULTS.md, dated and with the commit measured.
"""

from __future__ import annotations

import argparse
import io
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from jupyter_client.manager import start_new_kernel

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
PUBLISHED = ROOT.parent / "shared" / "data" / "dfe"

RESULTS = ROOT / "bench" / "RESULTS.md"


def record(lines: list[str]) -> None:
    """This run's figures appended to bench/RESULTS.md, dated and with the commit measured."""
    commit = (
        subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True, check=False
        ).stdout.strip()
        or "unknown commit"
    )
    when = time.strftime("%d %B %Y %H:%M UTC", time.gmtime())
    with RESULTS.open("a", encoding="utf-8") as f:
        f.write(f"\n## make bench, {when}, at {commit}\n\n```\n" + "\n".join(lines) + "\n```\n")


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


# what an edit's rebuild loads before it can check, render and publish anything (build/words.py):
# it changes the last page itself (build/join.py's with_words_again), without nbformat or nbconvert
BUILD_IMPORTS = (
    "import sefbook.cli\n"
    "sefbook.cli.skip_unused_format_checkers()\n"  # as its main() does
    "import sefbook.build.words"
)


def build_load() -> None:
    subprocess.run([sys.executable, "-c", BUILD_IMPORTS], cwd=ROOT, check=True, timeout=120)


def sefbook(*args: str, cache: Path) -> str:
    run = subprocess.run(
        [str(BIN / "sefbook"), *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=7200,
        env={**os.environ, "SEFBOOK_CACHE_DIR": str(cache)},
        check=False,
    )
    if run.returncode not in (0, 1):
        raise SystemExit(f"sefbook {' '.join(args)} exited {run.returncode}:\n{run.stderr[-2000:]}")
    return run.stderr


def edit_in_preview(edition: Path, out: Path, cache: Path) -> float:
    """A paragraph edited while `sefbook preview` runs: its rebuild on kernels kept warm (the
    preview's KernelPool), timed as the preview's watcher would run it."""
    os.environ["SEFBOOK_CACHE_DIR"] = str(cache)
    from sefbook.build.kernels import KernelPool
    from sefbook.build.pipeline import build
    from sefbook.paths import notebooks_folder

    kernels = KernelPool(cwd=notebooks_folder(None), keep=True)
    try:
        build(edition, data_dir=ROOT / "data" / "example", output_dir=out, kernels=kernels)  # the preview's first build
        narrative = edition / "narrative" / "care_leavers.md"
        narrative.write_text(
            narrative.read_text(encoding="utf-8").replace(
                "## What we are worried about", "Written in the preview.\n\n## What we are worried about", 1
            ),
            encoding="utf-8",
        )
        return timed(lambda: build(edition, data_dir=ROOT / "data" / "example", output_dir=out, kernels=kernels))
    finally:
        kernels.shutdown()


def charts_per_second() -> tuple[float, float, int]:
    """Charts a second now, and the way they were drawn before, on the example's indicators."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    from sefbook.analysis.assess import indicator_series, section_indicators
    from sefbook.analysis.compare import neighbour_ranking
    from sefbook.inputs.load import load_inputs
    from sefbook.render import charts

    inputs = load_inputs(ROOT / "sefs/example-2025", ROOT / "data/example")
    work = [
        (ind, indicator_series(inputs, ind))
        for name in inputs.edition.section_names
        for ind in section_indicators(inputs, name)
    ]

    def now() -> int:
        n = 0
        for ind, series in work:
            charts.draw_trend_chart(ind, series, "Kingsmere", "East Midlands")
            period = int(series.index[-1])
            charts.draw_ranking_chart(
                ind,
                neighbour_ranking(inputs.table, ind, inputs.place, period),
                "Kingsmere",
                period,
                series["england"].iloc[-1],
            )
            n += 2
        return n

    def before() -> None:  # a figure made afresh for each chart, constrained layout, PNG
        for ind, series in work:
            fig = Figure(figsize=(5.6, 3.6), layout="constrained")
            ax = fig.add_subplot()
            for key in ("england", "region", "neighbours_mean", "council"):
                ax.plot(list(series.index), list(series[key]), label=key, **charts.STYLE[key])
            ax.set_title(ind.title, loc="left", fontsize=11, fontweight="bold")
            ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.12), ncols=2, frameon=False, fontsize=9)
            FigureCanvasAgg(fig).print_png(io.BytesIO())
            fig = Figure(figsize=(5.6, 3.6), layout="constrained")
            ax = fig.add_subplot()
            ranking = neighbour_ranking(inputs.table, ind, inputs.place, int(series.index[-1]))
            ax.barh(list(ranking["area_name"]), list(ranking["value"].fillna(0)))
            ax.set_title(ind.title, loc="left", fontsize=11, fontweight="bold")
            FigureCanvasAgg(fig).print_png(io.BytesIO())

    now()  # fonts found, figures made: the steady state a report's dozens of charts run in
    start = time.perf_counter()
    n = now()
    current = n / (time.perf_counter() - start)
    start = time.perf_counter()
    before()
    old = n / (time.perf_counter() - start)
    return current, old, n


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument(
        "--packs",
        type=int,
        default=int(os.environ.get("PACKS", "0") or 0),
        help="build only the first N councils' packs (default: all)",
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        kernel_floor()  # warm the file cache so the first measurement is not penalised
        floor = min(timed(kernel_floor) for _ in range(3))

        edition = tmp / "editions" / "example-2025"
        shutil.copytree(ROOT / "sefs", tmp / "editions")
        out, cache = tmp / "out", tmp / "cache"
        build = lambda: sefbook("build", str(edition), "--output", str(out), cache=cache)
        first = timed(lambda: sefbook("build", str(edition), "--output", str(out), "--fresh", cache=cache))
        # best of three, as the floor: one slow moment of a shared machine does not decide a ratio
        cold = min(
            timed(lambda: sefbook("build", str(edition), "--output", str(out), "--fresh", cache=cache))
            for _ in range(3)
        )
        narrative = edition / "narrative" / "leadership.md"
        edits = []
        for n in range(3):  # a different paragraph each time: each is an edit to rebuild
            narrative.write_text(
                narrative.read_text(encoding="utf-8").replace(
                    "## What we are worried about",
                    f"Paragraph {n} written for the benchmark.\n\n## What we are worried about",
                    1,
                ),
                encoding="utf-8",
            )
            edits.append(timed(build))
        edit = min(edits)
        noop = min(timed(build) for _ in range(3))
        load = min(timed(build_load) for _ in range(3))
        preview_edit = edit_in_preview(edition, tmp / "preview-out", tmp / "cache")

        current, old, n = charts_per_second()

        packs_line = "packs: ../shared/data/dfe is not beside the project"
        if PUBLISHED.is_dir():
            from sefbook.inputs.load import current_councils

            councils = list(current_councils(PUBLISHED))[: args.packs or None]
            pack_cache = tmp / "pack-cache"
            started = time.perf_counter()
            which = ["--la", *councils] if args.packs else ["--all"]
            err = sefbook(
                "pack", *which, "--data", str(PUBLISHED), "--output", str(tmp / "packs"), "--fresh", cache=pack_cache
            )
            seconds = time.perf_counter() - started
            built = err.count(": built in")
            packs_line = (
                f"{len(councils)} packs (sefbook pack {which[0]}, {os.cpu_count() or 1} local Dask workers)  "
                f"{seconds:6.0f} s, {seconds / len(councils):.1f} s a pack; {built} built, "
                f"{len(councils) - built} failed"
            )

    from sefbook.inputs.load import load_inputs
    from sefbook.render.parts import report_parts

    parts = len(report_parts(load_inputs(ROOT / "sefs/example-2025", ROOT / "data/example")))
    lines = [
        f"machine: {os.cpu_count()} CPUs, Python {sys.version.split()[0]}",
        f"floor: start a kernel, import pandas + matplotlib   {floor:6.2f} s (best of 3)",
        f"first build of the example ({parts} parts, empty cache) {first:6.2f} s   first / floor {first / floor:5.2f}",
        f"cold build of the example (--fresh, data read before) {cold:6.2f} s   cold / floor  {cold / floor:5.2f} (best of 3)",
        f"one paragraph edited, build                         {edit:6.2f} s   edit / cold   {edit / cold:5.2f} (best of 3)",
        f"the same edit in the preview (warm kernels)         {preview_edit:6.2f} s   preview / cold {preview_edit / cold:5.2f}",
        f"nothing changed, build                              {noop:6.2f} s",
        f"what the edit's rebuild loads (never pandas)        {load:6.2f} s   load / cold   {load / cold:5.2f} (best of 3)",
        (
            f"charts ({n} of the example's)                       {current:6.0f} a second "
            f"({1000 / current:.0f} ms each); before: {old:.0f} a second; {current / old:.1f} times as fast"
        ),
        packs_line,
    ]
    print("\n".join(lines))
    record(lines)


if __name__ == "__main__":
    main()
