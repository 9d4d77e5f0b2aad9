"""Every current council's pack from the DfE's files, one `sefbook pack` after another, as a
scheduled job would run them: prints each council's exit status and time, the councils that
failed with their message, and the seconds per pack. Run: .venv/bin/python bench/all_packs.py
[DATA] [--only 301,856]. Writes into a temporary folder; nothing is kept."""

from __future__ import annotations

import argparse
import csv
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SEFBOOK = Path(sys.executable).with_name("sefbook")


def current_councils(data: Path) -> list[str]:
    with next(data.glob("ons_mid-year_population_estimates_*.csv")).open(encoding="utf-8-sig") as f:
        rows = [r for r in csv.DictReader(f) if r["geographic_level"] == "Local authority"]
    latest = max(r["time_period"] for r in rows)
    return sorted({r["old_la_code"] for r in rows if r["time_period"] == latest})


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("data", nargs="?", default=str(ROOT.parent / "shared" / "data" / "dfe"))
    parser.add_argument("--only", default="", help="comma-separated old LA codes")
    args = parser.parse_args()
    data = Path(args.data).resolve()
    councils = args.only.split(",") if args.only else current_councils(data)
    failed, started = {}, time.perf_counter()
    with tempfile.TemporaryDirectory() as out:
        for n, code in enumerate(councils, start=1):
            begin = time.perf_counter()
            run = subprocess.run([str(SEFBOOK), "pack", "--la", code, "--data", str(data), "--output", out],
                                 capture_output=True, text=True)
            print(f"[{n}/{len(councils)}] {code}: exit {run.returncode} in {time.perf_counter() - begin:.1f} s", flush=True)
            if run.returncode:
                failed[code] = run.stderr.strip().splitlines()[-1] if run.stderr.strip() else "(no message)"
    seconds = time.perf_counter() - started
    print(f"{len(councils)} packs in {seconds:.0f} s: {seconds / len(councils):.1f} s per pack; "
          f"{len(councils) - len(failed)} built, {len(failed)} failed")
    for code, message in failed.items():
        print(f"  {code}: {message}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
