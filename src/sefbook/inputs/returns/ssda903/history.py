"""A whole year's return linked to the years before it in the folder, for the start of a child's time in care; two years that disagree are refused."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import date

import pandas as pd

from sefbook.inputs.returns.ssda903.read import Ssda903, refuse_row


def _whole(ret: Ssda903) -> bool:
    return ret.covers_to >= date(ret.year, 3, 31)


def link_years(returns: Sequence[Ssda903]) -> list[Ssda903]:
    """The returns, each whole year's linked to the whole returns of the years before it that are there, year by year
    until one is missing (a gap would hide the episodes that ended in it), after checking that each two consecutive
    years agree (`_check_agree`). A return in progress is as it was: none of its figures needs the history."""
    whole = {r.year: r for r in returns if _whole(r)}
    for year in sorted(whole):
        if year - 1 in whole:
            _check_agree(whole[year], whole[year - 1])
    linked = []
    for ret in returns:
        chain, year = [], ret.year - 1
        while _whole(ret) and year in whole:
            chain.append(whole[year])
            year -= 1
        linked.append(_with_history(ret, chain) if chain else ret)
    return linked


def _with_history(ret: Ssda903, earlier: list[Ssda903]) -> Ssda903:
    """`ret` with the episodes its earlier years' returns hold and it does not (each held once: where two returns
    hold an episode, the later's, which knows how it ended)."""
    key = ["CHILD", "DECOM"]
    held = pd.MultiIndex.from_frame(ret.episodes[key])
    frames = []
    for before in earlier:  # the year before first
        new = before.episodes[~pd.MultiIndex.from_frame(before.episodes[key]).isin(held)]
        frames.append(new.drop(columns="_row"))  # its row numbers are another file's
        held = held.append(pd.MultiIndex.from_frame(new[key]))
    return replace(
        ret,
        history=pd.concat(frames, ignore_index=True),
        linked=tuple(r.folder.name for r in earlier),
        social_workers_before=earlier[0].tables.get("social worker episodes"),
    )


def all_episodes(ret: Ssda903) -> pd.DataFrame:
    """The return's episodes and, where earlier years' returns are linked, theirs before them."""
    if ret.history is None or not len(ret.history):
        return ret.episodes
    return pd.concat([ret.history, ret.episodes], ignore_index=True)


def history_holder(ret: Ssda903) -> str:
    """What holds a child's history, as a reason's subject: "the return does" or "the returns here ... do"."""
    if not ret.linked:
        return "the return does"
    return f"the returns here ({ret.linked[-1]} to {ret.folder.name}) do"


def history_not_held(ret: Ssda903) -> str:
    """Where a start the returns do not reach is, and what would reach it."""
    earliest = ret.year - 1 - len(ret.linked)  # the year the earliest return starts in (1 April)
    if not ret.linked:
        return f"it is in an earlier year's return: put ssda903-{ret.year - 1} and the years before beside this one"
    return f"it is before 1 April {earliest}, where the earliest of them starts"


def _check_agree(later: Ssda903, earlier: Ssda903) -> None:
    """Refuse two consecutive years' whole returns that disagree about a child's episodes, naming both files: an
    episode both hold (the same child and DECOM) must have the same RNE, LS and PLACE, end as the earlier says where
    it ended there, and not end by the earlier's last day where it was open there; an episode open on the earlier's
    last day must be in the later; one the later says started by then must be in the earlier."""
    end = pd.Timestamp(earlier.covers_to)
    on_end = earlier.covers_to.strftime("%d/%m/%Y")
    later_name = f"{later.folder.name}/{later.episodes_file.name}"
    earlier_name = f"{earlier.folder.name}/{earlier.episodes_file.name}"

    def text(frame: pd.DataFrame) -> pd.DataFrame:  # dates as the file writes them, to show; the days kept to compare
        return frame.assign(
            start=frame["DECOM"],
            end=frame["DEC"],
            **{c: frame[c].dt.strftime("%d/%m/%Y").fillna("") for c in ("DECOM", "DEC")},
        )

    both = text(later.episodes).merge(
        text(earlier.episodes).drop(columns=["start", "end"]),
        on=["CHILD", "DECOM"],
        how="left",
        suffixes=("", "_before"),
        indicator=True,
    )
    in_both = both["_merge"] == "both"

    def refuse(bad: pd.Series, problem: str, column: str, expected) -> None:
        if bad.any():  # the expected text names the other file's row for the first bad row, the one refused
            refuse_row(later.episodes_file, both, bad, problem, expected(both[bad].iloc[0]), column)

    def as_before(column: str):
        return lambda row: (
            f"{column} as {earlier_name} has it for the same episode (DECOM {row['DECOM']}, its row "
            f"{int(row['_row_before'])}): {row[f'{column}_before']!r}"
        )

    for column in ("RNE", "LS", "PLACE"):
        refuse(
            in_both & (both[column] != both[f"{column}_before"]),
            f"has a child's episode that {earlier_name} records differently",
            column,
            as_before(column),
        )
    ended_before = in_both & (both["DEC_before"] != "")
    for column in ("DEC", "REC"):
        refuse(
            ended_before & (both[column] != both[f"{column}_before"]),
            f"has a child's episode that {earlier_name} ends differently",
            column,
            as_before(column),
        )
    refuse(
        in_both & (both["DEC_before"] == "") & (both["end"] <= end),
        f"has a child's episode ending by {on_end}, which {earlier_name} has open on that day",
        "DEC",
        lambda row: (
            f"DEC after {on_end}, or blank (open on {on_end} in {earlier_name}, its row {int(row['_row_before'])})"
        ),
    )
    refuse(
        ~in_both & (both["start"] <= end),
        f"has a child's episode starting by {on_end} that {earlier_name} does not hold",
        "DECOM",
        lambda row: f"the episode in {earlier_name} too (the year to {on_end}), starting the same day",
    )
    open_then = text(earlier.episodes).merge(
        text(later.episodes)[["CHILD", "DECOM"]].drop_duplicates(), on=["CHILD", "DECOM"], how="left", indicator=True
    )
    refuse_row(
        earlier.episodes_file,
        open_then,
        (open_then["DEC"] == "") & (open_then["_merge"] == "left_only"),
        f"has a child's episode open on {on_end} that {later_name} does not hold",
        f"the episode in {later_name} too (it was open when that year began), starting the same day",
        "DECOM",
    )
