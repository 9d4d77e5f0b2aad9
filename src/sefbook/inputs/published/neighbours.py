"""Read the DfE's children's services statistical-neighbour files, as published, into one object.

Two published layouts are known; they are told apart by their header, never by the file name.

- The 2025 model (sn_model_2025_wide.csv): old_la_code, la_name, region_ind, region_name,
  SN_1, SN_1P, ..., SN_10, SN_10P. SN_n is an old LA code, SN_nP how close it is ("Close ").
- The April 2021 groupings (New_Statistical_Neighbour_Groupings_April_2021.csv): LA num,
  LA Name, LA number, GOInd, GOReg, SN1, SNP, SN2, SNP, ..., SN10, SNP. SNP is repeated ten
  times, so this layout is read by position: a reader keyed on column names would lose columns.

What the 2021 columns hold was learnt from the copy in the DfE's own dashboard repository,
dfe-analytical-services/CSC_outcomes_and_enablers, data/New_Statistical_Neighbour_Groupings_April_2021.csv,
and from statistical_neighbours() in R/read_data.R there, which looks SN1..SN10 up in "LA number".
In that copy "LA num" and "LA number" both hold the old 3-digit code; SN1..SN10 hold old codes
(not names); each SNP holds a descriptor such as "Very Close"; the header and every row end with
a comma (an empty last column); and after the councils come a blank row, a label row
",Old SNs:" and the superseded groupings of councils abolished by reorganisation (835 Dorset
(Pre LG), 928 Northamptonshire, ...). Those superseded groupings are not read.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from pathlib import Path

from sefbook.errors import InputError

NEIGHBOURS = 10
COLUMNS_2025 = (
    "old_la_code",
    "la_name",
    *(f"SN_{n}{suffix}" for n in range(1, NEIGHBOURS + 1) for suffix in ("", "P")),
)
COLUMNS_2021 = (
    "LA num",
    "LA Name",
    "LA number",
    "GOInd",
    "GOReg",
    *(name for n in range(1, NEIGHBOURS + 1) for name in (f"SN{n}", "SNP")),
)
EXPECTED_HEADER = (
    "the 2025 model's columns old_la_code, la_name, SN_1, SN_1P, ..., SN_10, SN_10P, "
    "or the April 2021 groupings' columns LA num, LA Name, LA number, GOInd, GOReg, "
    "SN1, SNP, ..., SN10, SNP"
)
FILE_PATTERNS = ("sn_model_*.csv", "New_Statistical_Neighbour_Groupings_*.csv")


@dataclass(frozen=True)
class NeighbourModel:
    """One statistical-neighbour model: each council's ten neighbours, closest first."""

    source_file: str
    model_year: int
    groups: dict[str, tuple[str, ...]]
    closeness: dict[str, tuple[str, ...]]
    names: dict[str, str]
    source_rows: dict[str, int]

    def neighbours_of(self, old_la_code: str) -> tuple[str, ...]:
        code = str(old_la_code).strip()
        if code not in self.groups:
            raise InputError(
                self.source_file,
                f"has no statistical neighbours for LA code {code!r}",
                expected=f"one of the {len(self.groups)} old LA codes it lists",
                found=repr(code),
            )
        return self.groups[code]


@dataclass(frozen=True)
class _Layout:
    default_year: int  # the model year when the file name has none
    code: int  # column positions
    name: int
    neighbours: tuple[int, ...]
    closeness: tuple[int, ...]


def _layout(header: list[str], path: Path) -> _Layout:
    if all(column in header for column in COLUMNS_2025):
        at = header.index
        return _Layout(
            2025,
            at("old_la_code"),
            at("la_name"),
            tuple(at(f"SN_{n}") for n in range(1, NEIGHBOURS + 1)),
            tuple(at(f"SN_{n}P") for n in range(1, NEIGHBOURS + 1)),
        )
    width = len(COLUMNS_2021)
    # The published 2021 header ends with a comma, so empty cells may follow the known columns.
    if tuple(header[:width]) == COLUMNS_2021 and not any(header[width:]):
        return _Layout(2021, 2, 1, tuple(range(5, width, 2)), tuple(range(6, width, 2)))
    raise InputError(
        path,
        "is not a statistical neighbour file sefbook knows",
        expected=EXPECTED_HEADER,
        found="columns " + ", ".join(header) if any(header) else "an empty header",
    )


def _old_code(text: str, path: Path, line: int, column: str) -> str:
    # Spreadsheets may write a code as a number (301) or zero-padded ("0301"): both mean "301".
    digits = text.lstrip("0")
    if not re.fullmatch(r"[0-9]{3}", digits):
        raise InputError(
            path,
            "has an LA code that is not an old 3-digit code",
            where=f"row {line}, column {column}",
            expected="an old LA code of 3 digits, such as 301",
            found=repr(text),
        )
    return digits


def _year_in_name(path: Path) -> int | None:
    years = re.findall(r"(?<![0-9])(20[0-9]{2})(?![0-9])", path.name)
    return int(years[-1]) if years else None


def read_neighbour_model(path: Path) -> NeighbourModel:
    """Read one statistical-neighbour file in either published layout."""
    path = Path(path)
    groups: dict[str, tuple[str, ...]] = {}
    closeness: dict[str, tuple[str, ...]] = {}
    names: dict[str, str] = {}
    source_rows: dict[str, int] = {}
    try:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            reader = csv.reader(handle)
            header = [cell.strip() for cell in next(reader, [])]
            layout = _layout(header, path)
            for row in reader:
                # A short row's missing cells are read as blank.
                cells = [cell.strip() for cell in row] + [""] * (len(header) - len(row))
                line = reader.line_num
                if not any(cells):
                    continue  # blank rows separate the 2021 file's sections
                if not cells[layout.code] and "old sns" in " ".join(cells).lower():
                    break  # superseded groupings of councils that no longer exist
                code = _old_code(cells[layout.code], path, line, header[layout.code])
                if code in source_rows:
                    raise InputError(
                        path,
                        f"lists council {code} twice",
                        where=f"row {line}",
                        expected="each council once",
                        found=f"rows {source_rows[code]} and {line}",
                    )
                listed = [cells[i] for i in layout.neighbours if cells[i]]
                if len(listed) < NEIGHBOURS:
                    raise InputError(
                        path,
                        f"has fewer than {NEIGHBOURS} neighbours for council {code}",
                        where=f"row {line}",
                        expected=f"an old LA code in each of {header[layout.neighbours[0]]} "
                        f"to {header[layout.neighbours[-1]]}",
                        found=f"{len(listed)}: " + ", ".join(listed),
                    )
                groups[code] = tuple(_old_code(cells[i], path, line, header[i]) for i in layout.neighbours)
                closeness[code] = tuple(cells[i] for i in layout.closeness)
                names[code] = cells[layout.name]
                source_rows[code] = line
    except UnicodeDecodeError as exc:
        raise InputError(
            path, "is not UTF-8 text", where=f"byte {exc.start}", expected="a CSV file saved as UTF-8"
        ) from None
    return NeighbourModel(path.name, _year_in_name(path) or layout.default_year, groups, closeness, names, source_rows)


def find_neighbour_model(data_dir: Path) -> NeighbourModel | None:
    """The newest statistical-neighbour model in data_dir, or None if it has no such file."""
    paths = sorted({p for pattern in FILE_PATTERNS for p in Path(data_dir).glob(pattern)})
    if not paths:
        return None
    models = [read_neighbour_model(p) for p in paths]  # every file is checked, not only the newest
    newest = max(model.model_year for model in models)
    chosen = [model for model in models if model.model_year == newest]
    if len(chosen) > 1:
        raise InputError(
            data_dir,
            f"has more than one statistical neighbour file for {newest}",
            expected="one file per model year (move older downloads elsewhere)",
            found=", ".join(model.source_file for model in chosen),
        )
    return chosen[0]
