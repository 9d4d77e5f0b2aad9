"""The analyst's API: a council's figures as pandas DataFrames, for notebooks and scripts.

    import sefbook
    s = sefbook.load()                                   # the example edition, as `sefbook build`
    s = sefbook.load("sefs/our-2026", data="data/dfe")   # an edition
    s = sefbook.load(la="856", data="data/dfe")          # any council, from the DfE files (as `sefbook pack`)
    s.compare("rereferral_12m")                          # years by areas
    s.rank("rereferral_12m")                             # the council among its neighbours
    s.chart("rereferral_12m")                            # the report's trend chart
    s.measures                                           # the plan's measures against their targets

The figures are loaded and checked as the report's are (an invalid edition raises the same
InputError, its one-line message first) and compared by the same functions, so every number
here is the report's. Nothing here prints HTML: tables are DataFrames, a chart shows itself.
"""

from __future__ import annotations

import math
from pathlib import Path

import pandas as pd

from sefbook.analysis.assess import assess, comparisons, derive, indicator_series
from sefbook.domain import ReportKind
from sefbook.errors import InputError
from sefbook.inputs.edition.plan import target_status
from sefbook.inputs.load import Inputs, load_inputs, load_pack_inputs
from sefbook.inputs.published.registry import Indicator, Polarity
from sefbook.paths import DEFAULT_DATA, DEFAULT_EDITION, resolve
from sefbook.render.charts import Chart, draw_trend_chart, trend_chart
from sefbook.render.formatting import latest_period, period_in_words
from sefbook.render.wording import DIRECTIONS

MEAN, MEDIAN, ENGLAND = "Neighbours' mean", "Neighbours' median", "England"
FIGURE_COLUMNS = [
    "indicator",
    "title",
    "unit",
    "period",
    "time_period",
    "quarter",
    "area_kind",
    "area_code",
    "area_name",
    "value",
    "symbol",
    "provisional",
    "source_file",
    "source_row",
]
INDICATOR_COLUMNS = ["id", "title", "unit", "polarity", "section", "importance", "period", "publication", "definition"]
MEASURE_COLUMNS = [
    "indicator",
    "title",
    "unit",
    "ambition",
    "priority",
    "period",
    "latest",
    "symbol",
    "provisional",
    "target",
    "target_year",
    "status",
    "trend",
]
AMONG = ("neighbours", "all")


class Comparison(pd.DataFrame):
    """A DataFrame of one indicator's periods by areas that prints every column (wrapped at
    the screen's width) rather than eliding the neighbours with "...": who is in it is the
    point. Anything made from it (a slice, a sum) is a plain DataFrame."""

    @property
    def _constructor(self) -> type[pd.DataFrame]:
        return pd.DataFrame

    def __repr__(self) -> str:
        with pd.option_context("display.max_columns", None):
            return super().__repr__()


class Measures(pd.DataFrame):
    """The plan's measures: a DataFrame that, empty because the edition has no plan, says so
    rather than showing a table of no rows."""

    @property
    def _constructor(self) -> type[pd.DataFrame]:
        return pd.DataFrame

    def __repr__(self) -> str:
        return self.attrs.get("no_plan") or super().__repr__()

    def _repr_html_(self) -> str | None:  # None: IPython shows the plain words instead
        # pandas-stubs leave out DataFrame._repr_html_, the method IPython's display protocol calls
        return None if self.attrs.get("no_plan") else super()._repr_html_()  # type: ignore[misc]


def load(
    edition: str | Path | None = None,
    *,
    la: str | None = None,
    data: str | Path | None = None,
    returns: str | Path | None = None,
) -> Workbook:
    """A council's figures, loaded and checked as the report's are.

    `edition`: an edition folder (default sefs/example-2026, with data/example, as `sefbook
    build`); `data`: the folder of data files (default data/example); `returns`: the council's
    returns folder in place of sef.yml's `returns:`. Or `la` (an old or new LA code, such as
    "856" or "E06000016") with `data` a folder of DfE files: any council from published data
    alone, with its DfE statistical neighbours, as `sefbook pack --la` builds it. Paths may be
    relative to the working directory or the project root. Raises InputError (its message
    names the file, key or row, what was expected and what was found) for an invalid input."""
    data_dir = resolve(data if data is not None else DEFAULT_DATA)
    if la is not None:
        if edition is not None or returns is not None:
            raise InputError(
                "sefbook.load",
                "takes an edition or a council's LA code, not both",
                expected="load(edition) or load(la=..., data=...)",
                found=f"edition={edition!r}, la={la!r}" + (f", returns={returns!r}" if returns else ""),
            )
        inputs = load_pack_inputs(str(la), data_dir)
    else:
        inputs = load_inputs(
            resolve(edition if edition is not None else DEFAULT_EDITION),
            data_dir,
            returns=resolve(returns) if returns is not None else None,
        )
    return Workbook(derive(inputs))


class Workbook:
    """One council's figures: `figures`, `indicators`, `compare`, `rank`, `chart` and the plan's `measures`. `inputs`
    is what the report is built from (the canonical table, the edition, the council's Place)."""

    def __init__(self, inputs: Inputs) -> None:
        self.inputs = inputs
        self.place = inputs.place
        self._figures: pd.DataFrame | None = None
        present = set(comparisons(inputs).index.get_level_values("indicator"))
        self._ids = [i for i in inputs.registry.ids if i in present]

    def __repr__(self) -> str:
        p = self.place
        return (
            f"<sefbook Workbook: {p.la_name} ({p.la_code}), {len(self.indicator_ids)} indicators with figures, "
            f"{len(p.neighbour_codes)} statistical neighbours, region {p.region_name}>"
        )

    @property
    def indicator_ids(self) -> list[str]:
        """The indicators with figures, in the registry's order."""
        return list(self._ids)

    @property
    def indicators(self) -> pd.DataFrame:
        """The indicator registry (the council's own indicators included), one row per indicator."""
        rows = [
            {column: getattr(ind, column) for column in INDICATOR_COLUMNS}
            for ind in (self.inputs.registry[i] for i in self.inputs.registry.ids)
        ]
        frame = pd.DataFrame(rows, columns=INDICATOR_COLUMNS)
        frame["polarity"] = frame["polarity"].map(lambda p: p.value if isinstance(p, Polarity) else str(p))
        return frame

    def _indicator(self, indicator_id: str) -> Indicator:
        if indicator_id not in self.indicator_ids:
            known = self.inputs.registry.ids
            problem = (
                "has no figures for this indicator" if indicator_id in known else "is not an indicator sefbook knows"
            )
            raise InputError(
                "indicator_id",
                problem,
                expected="an id with figures, from .indicators or .figures['indicator'].unique()",
                found=repr(indicator_id),
            )
        return self.inputs.registry[indicator_id]

    def _area_names(self) -> dict[str, str]:
        """Each of the council's comparators' codes -> its name as the latest data gives it."""
        table, p = self.inputs.table, self.place
        codes = (p.la_code, *p.neighbour_codes, p.region_code, p.england_code)
        rows = table[table["area_code"].isin(codes)].sort_values("time_period")
        names = dict(zip(rows["area_code"], rows["area_name"]))
        return names | {p.la_code: p.la_name, p.region_code: p.region_name, p.england_code: ENGLAND}

    def _rows(self, codes: tuple[str, ...], indicator_id: str | None = None) -> pd.DataFrame:
        """The table's rows for these areas, one per indicator, period and area (the last, as the comparisons
        read them)."""
        table = self.inputs.table
        rows = table[table["area_code"].isin(codes)]
        if indicator_id is not None:
            rows = rows[rows["indicator"] == indicator_id]
        return rows.drop_duplicates(["indicator", "time_period", "area_code"], keep="last")

    @property
    def figures(self) -> pd.DataFrame:
        """Every figure, tidy: one row per indicator, period and area. `area_kind` is council,
        neighbour, neighbours_mean, neighbours_median, region or england; `value` is a number
        (NaN where the publisher gave a symbol, which is in `symbol`: c, x, z, low, ... never
        read as zero). The neighbours' mean and median are the report's (over the neighbours
        with a number); they have no area code or source row."""
        if self._figures is None:
            self._figures = self._tidy()
        return self._figures.copy()

    def _tidy(self) -> pd.DataFrame:
        p, registry = self.place, self.inputs.registry
        kinds = {p.la_code: "council", p.region_code: "region", p.england_code: "england"} | {
            code: "neighbour" for code in p.neighbour_codes
        }
        ids = self.indicator_ids
        rows = self._rows(tuple(kinds))
        rows = rows[rows["indicator"].isin(ids)]
        areas = pd.DataFrame(
            {
                "indicator": rows["indicator"],
                "time_period": rows["time_period"].astype(int),
                "quarter": rows["quarter"].astype(int),
                "area_kind": rows["area_code"].map(kinds),
                "area_code": rows["area_code"],
                "area_name": rows["area_name"],
                "value": rows["value"].astype(float),
                "symbol": rows["symbol"].fillna("").astype(str),
                "provisional": rows["provisional"].astype(bool),
                "source_file": rows["source_file"],
                "source_row": rows["source_row"].astype(int),
                "date": rows["date"] if "date" in rows.columns else "",
            }
        )
        table = comparisons(self.inputs).reset_index()
        table = table[table["indicator"].isin(ids)]
        stats = [
            pd.DataFrame(
                {
                    "indicator": table["indicator"],
                    "time_period": table["time_period"].astype(int),
                    "quarter": 0,
                    "area_kind": kind,
                    "area_code": "",
                    "area_name": name,
                    "value": table[kind].astype(float),
                    "symbol": "",
                    "provisional": False,
                    "source_file": "",
                    "source_row": 0,
                    "date": "",
                }
            )
            for kind, name in (("neighbours_mean", MEAN), ("neighbours_median", MEDIAN))
        ]
        frame = pd.concat([areas, *stats], ignore_index=True)
        frame = frame[
            frame["area_kind"].isin(("council", "neighbour")) | frame["value"].notna() | (frame["symbol"] != "")
        ]  # a mean of no neighbours' numbers is no figure
        order = {i: n for n, i in enumerate(ids)}
        kind_order = {
            k: n
            for n, k in enumerate(("council", "neighbour", "neighbours_mean", "neighbours_median", "region", "england"))
        }
        frame = frame.assign(_i=frame["indicator"].map(order), _k=frame["area_kind"].map(kind_order)).sort_values(
            ["_i", "time_period", "quarter", "_k", "area_name"], kind="stable"
        )
        described = {i: registry[i] for i in ids}
        frame["title"] = frame["indicator"].map(lambda i: described[i].title)
        frame["unit"] = frame["indicator"].map(lambda i: described[i].unit)
        frame["period"] = [
            period_in_words(described[i], y, q, d)
            for i, y, q, d in zip(frame["indicator"], frame["time_period"], frame["quarter"], frame["date"])
        ]
        return frame[FIGURE_COLUMNS].reset_index(drop=True)

    @property
    def measures(self) -> Measures:
        """The plan's measures (plan.yml), one row each in the plan's order: the indicator, its
        ambition and priority, the latest figure (a number; NaN with its `symbol` where the
        publisher gave one), the target and its year, `status` ('target met', 'not yet met',
        'no target', 'not known') and `trend` on the previous period, as the plan on a page
        judges them. Empty, saying so, for a council without a plan (a pack has none)."""
        plan, registry = self.inputs.edition.plan, self.inputs.registry
        rows = []
        planned = [(m, plan.ambition_of(m.priority)) for m in plan.measures] if plan is not None else []
        for m, ambition in planned:
            ind = registry[m.indicator]
            r = assess(self.inputs, ind).row
            rows.append(
                {
                    "indicator": ind.id,
                    "title": ind.title,
                    "unit": ind.unit,
                    "ambition": ambition,
                    "priority": m.priority,
                    "period": latest_period(r.period, r.quarter),
                    "latest": float(r.latest),
                    "symbol": r.latest_symbol or "",
                    "provisional": bool(r.provisional),
                    "target": m.target,
                    "target_year": m.target_year,
                    "status": target_status(ind, r.latest, m.target),
                    "trend": DIRECTIONS[r.direction][1],
                }
            )
        frame = Measures(pd.DataFrame(rows, columns=MEASURE_COLUMNS).astype({"target_year": "Int64"}))
        frame.attrs["no_plan"] = (
            ""
            if plan is not None
            else (f"No plan: {self.place.la_name} has no plan.yml (sef.yml's plan:), so no measures.")
        )
        return frame

    def compare(self, indicator_id: str) -> Comparison:
        """One indicator by period (rows, `time_period`) and area (columns): the council, each
        statistical neighbour by name, the neighbours' mean and median, the region and England,
        as numbers (NaN where the figure is a symbol or missing). The council's figures and the
        comparators are the report's own comparisons (the latest row may be the council's own
        provisional figure, with no comparators yet: `figures` flags it); an Ofsted grade has no mean, median,
        region or England figure (the report counts the councils judged good instead)."""
        ind, p = self._indicator(indicator_id), self.place
        series = indicator_series(self.inputs, ind)
        names = self._area_names()
        result = Comparison(index=pd.Index(series.index.astype(int), name="time_period"))
        result[p.la_name] = series["council"].to_numpy(dtype=float)
        rows = self._rows(p.neighbour_codes, ind.id)
        for code in p.neighbour_codes:
            theirs = rows[rows["area_code"] == code].set_index("time_period")["value"]
            result[names.get(code, code)] = theirs.reindex(result.index).astype(float).to_numpy()
        result[MEAN] = series["neighbours_mean"].to_numpy(dtype=float)
        result[MEDIAN] = series["neighbours_median"].to_numpy(dtype=float)
        result[p.region_name] = series["region"].to_numpy(dtype=float)
        result[ENGLAND] = series["england"].to_numpy(dtype=float)
        result.attrs.update(indicator=ind.id, title=ind.title, unit=ind.unit)  # what the numbers are, kept with them
        return result

    def _latest_period(self, ind: Indicator) -> int:
        """The newest period the council has a published number in (as the report's ranking chart takes), else the
        newest period any council has one in."""
        series = indicator_series(self.inputs, ind)
        published = [
            int(period)
            for period, value, provisional in zip(series.index, series["council"], series["provisional"])
            if not provisional and not math.isnan(value)
        ]
        if published:
            return published[-1]
        table = self.inputs.table
        numbers = table[(table["indicator"] == ind.id) & table["value"].notna() & (table["quarter"] == 0)]
        return int(numbers["time_period"].max()) if len(numbers) else int(series.index.max())

    def rank(self, indicator_id: str, among: str = "neighbours", period: int | None = None) -> pd.DataFrame:
        """The councils ranked on one indicator in one period (default: the latest the council
        has a published figure in), best first by the indicator's polarity (highest first for
        a contextual one). `among`: "neighbours" (the council and its statistical neighbours)
        or "all" (every council with a row). Ties share the better rank; a council without a
        number (a symbol) comes last, unranked, with its symbol. `is_council` marks the council."""
        ind, p = self._indicator(indicator_id), self.place
        if among not in AMONG:
            raise InputError(
                "among", "is not a group sefbook ranks in", expected=" or ".join(map(repr, AMONG)), found=repr(among)
            )
        period = self._latest_period(ind) if period is None else int(period)
        table = self.inputs.table
        rows = table[
            (table["indicator"] == ind.id)
            & (table["time_period"] == period)
            & (table["quarter"] == 0)
            & (table["geographic_level"] == "Local authority")
        ]
        if among == "neighbours":
            rows = rows[rows["area_code"].isin((p.la_code, *p.neighbour_codes))]
        rows = rows.drop_duplicates("area_code", keep="last")
        ascending = ind.polarity is Polarity.lower_better
        frame = pd.DataFrame(
            {
                "area_code": rows["area_code"],
                "area_name": rows["area_name"],
                "value": rows["value"].astype(float),
                "symbol": rows["symbol"].fillna("").astype(str),
                "is_council": rows["area_code"] == p.la_code,
            }
        )
        frame.insert(0, "rank", frame["value"].rank(method="min", ascending=ascending))
        frame = frame.sort_values(
            ["value", "area_name"], ascending=[ascending, True], na_position="last", kind="stable"
        ).reset_index(drop=True)
        frame.attrs.update(indicator=ind.id, period=period, among=among)  # what the ranking is of, kept with it
        return frame

    def chart(self, indicator_id: str) -> Chart:
        """The report's trend chart for one indicator (the council against its neighbours'
        mean, region and England), which shows itself in JupyterLab. Drawn by the report's own
        function whatever the report's rules: the report draws a chart only for a section's key
        indicators, never for a grade or a count, and only where the council has figures in at
        least three years; here it is drawn for any indicator with figures. Its SVG is in `.svg`."""
        ind, p = self._indicator(indicator_id), self.place
        draw = draw_trend_chart if self.inputs.kind is ReportKind.pack else trend_chart
        return draw(ind, indicator_series(self.inputs, ind), p.la_name, p.region_name)
