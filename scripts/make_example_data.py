"""Make sefbook's example data: fictional statistics in the shape of the real DfE files.

Writes one CSV per publication that the indicator registry (src/sefbook/inputs/indicators.yml)
reads from a CSV into data/example/ (or --out DIR):

    ONS mid-year population estimates; children in need (a1, b1, c1, c3, c4, d3, d5); children
    looked after (numbers and rates, placement stability, new placements, characteristics on 31
    March, children who started and ceased, school moves, social worker changes, outcomes (OC2),
    adoption timings); care leavers (activity, accommodation, in touch); outcomes of children in
    need and looked after (absence, key stage 2, key stage 4); the social work workforce
    (indicators, ethnicity); an OHID Fingertips export (hospital admissions for injury); and two
    local collections: early help assessments and youth justice first-time entrants.

The MHCLG spending and Ofsted outcome workbooks (ODS) are not imitated.

EVERYTHING HERE IS FICTIONAL. The council (Kingsmere), its ten statistical neighbours, their
codes and every number are invented; only the England and East Midlands geography codes are
real. The files copy the published files' shape (column order, geography columns, filter values,
rounding, symbols such as c, x, z, low and k, byte-order marks and quoted empty fields) so that
readers written for the real files are exercised by the example, but no real value is used.

The parts live in scripts/example_data/: the fictional areas (areas.py), the stories and seeds
(stories.py) and their draws (world.py), rounding as the publications do (rounding.py), one
module per publication or theme, and the files written (files.py).

The generator is seeded and uses the standard library only, so running it again writes
byte-identical files:

    python scripts/make_example_data.py [--out DIR]

random.Random(20250331) draws the figures of the first example files (STORIES); every figure
added since (NEW_STORIES: new columns, new rows, new files) comes from a second generator,
random.Random(20250331 + 2), so adding them left every earlier figure exactly as it was. Add new
figures the same way: to NEW_STORIES, after the ones already there.
"""

from __future__ import annotations

import argparse
import random
from pathlib import Path

from example_data.files import FILES, LOCAL_FIGURES, check_kingsmere_shown, write_csv
from example_data.stories import NEW_SEED, SEED
from example_data.world import World

REPO = Path(__file__).resolve().parents[1]
DEFAULT_OUT = REPO / "data" / "example"
DEFAULT_EDITION = REPO / "sefs" / "example-2025"


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help=f"folder to write to (default: {DEFAULT_OUT})")
    parser.add_argument(
        "--edition",
        type=Path,
        default=DEFAULT_EDITION,
        help=f"edition folder for the council's own figures (default: {DEFAULT_EDITION})",
    )
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)

    world = World(random.Random(SEED), random.Random(NEW_SEED))
    targets = [(args.out, output) for output in FILES] + [(args.edition, LOCAL_FIGURES)]
    for folder, output in targets:
        columns, rows = output.make(world)
        check_kingsmere_shown(output.name, rows)
        header = output.header(columns)
        write_csv(folder / output.name, header, rows, output.bom, output.quote_empty)
        print(f"{len(rows):4d} rows  {folder.name}/{output.name}")


if __name__ == "__main__":
    main()
