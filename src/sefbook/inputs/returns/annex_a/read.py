"""An Annex A folder's workbook read and checked in one call."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from sefbook.errors import InputError
from sefbook.inputs.files import the_one_file
from sefbook.inputs.published.sheet_sizes import check_workbook_size
from sefbook.inputs.returns.annex_a.lists import SPECS, AnnexA
from sefbook.inputs.returns.annex_a.sheets import list_sheets, list_table
from sefbook.inputs.returns.annex_a.validate import check_list, check_periods, period_start
from sefbook.inputs.returns.collection import (
    run_date,
)


def read_annex_a(folder: Path) -> AnnexA:
    """Read and check one Annex A folder (`annex-a-<the day the lists were run>`)."""
    run_on = run_date(folder, "annex-a")
    path = the_one_file(folder, ".xlsx", "Annex A workbook", "holding Ofsted's Annex A lists")
    check_workbook_size(path)  # before calamine, which aborts the process on a sheet too large to lay out
    try:
        raw_sheets = pd.read_excel(path, sheet_name=None, header=None, engine="calamine")
    except Exception as exc:  # noqa: BLE001 - calamine's errors are its own: a file that is not a workbook, or a damaged one
        raise InputError(
            path,
            "is not an Excel workbook sefbook can read",
            expected="an .xlsx file",
            found=str(exc) or type(exc).__name__,
        ) from None
    sheets = list_sheets(path, list(raw_sheets))
    tables = {}
    for number, spec in SPECS.items():
        if number in sheets:
            raw = list_table(path, sheets[number], raw_sheets[sheets[number]], spec)
            tables[number] = check_list(path, raw, spec, run_on)
            if spec.start_end:
                check_periods(path, tables[number], spec, raw)
    keep = {
        3: ["child", "referral", "nfa"],
        4: ["child", "start", "authorised"],
        5: ["child", "start", "conference"],
        6: ["child", "start", "end"],
        7: ["child", "start", "end", "previous"],
        8: ["child", "start", "end", "legal", "subsequent"],
        9: ["child", "born", "eligibility", "in_touch", "contact", "activity", "suitability"],
        10: [
            "child",
            "entered",
            "decision",
            "placement_order",
            "matched",
            "placed",
            "adopted",
            "reversed",
            "fostering",
        ],
    }
    lists = {
        n: tables[n][[c for c in columns if c in tables[n]]].reset_index(drop=True)
        for n, columns in keep.items()
        if n in tables
    }
    # Lists 9 and 10 do not set the period: List 10's 12 months would make Lists 6 to 8's six look like twelve
    return AnnexA(
        folder,
        path,
        run_on,
        period_start(run_on, tables),
        lists[6],
        lists[7],
        lists[8],
        sheets,
        lists.get(3),
        lists.get(4),
        lists.get(5),
        lists.get(9),
        lists.get(10),
    )
