"""Care leavers files: activity, accommodation and keeping in touch, aged 17 to 18 and 19 to 21."""

from __future__ import annotations

from .areas import CARE_LEAVER_ONE_NEET, Area, geography, rows_by_year_and_area
from .looked_after import cla_at31
from .rounding import apportion, care_leaver_percent, count_shown, percent_shown, published, remainder_weights, unit
from .world import World


def care_leaver_rows(w: World, split, details=None):
    """Rows for one care leaver file. `split(area, year, age, total)` returns the file's
    categories (after "Total") with counts; the last category takes the remainder so the
    categories always add up to the total. `details(area, year, age, categories)` returns the
    finer breakdowns a file also has (added later: counts of 1 to 5 print as "c"), and then
    every row is written in the real file's order (alphabetical)."""
    columns = ["care_leaver_age", "breakdown", "care_leaver_count", "care_leaver_percent"]
    rows = []
    for year, area in rows_by_year_and_area():
        looked_after = cla_at31(w, area, year)
        for age, cohort in [
            ("17 to 18 years", "leavers_17_18_per_100_cla"),
            ("19 to 21 years", "leavers_19_21_per_100_cla"),
        ]:
            total = published(area, w.share(cohort, area, year, looked_after))
            categories = [("Total", total)] + split(area, year, age, total)
            block = []
            for breakdown, n in categories:
                shown = care_leaver_percent(n, total)
                assert shown != "k" or (area.old_la_code, year) == CARE_LEAVER_ONE_NEET, (
                    f"unplanned 'k' for {area.la_name} {year} {age} {breakdown}"
                )
                block.append((breakdown, str(n), shown))
            if details:
                for breakdown, n in details(area, year, age, dict(categories)):
                    if n is None:  # not collected that year
                        block.append((breakdown, "z", "z"))
                        continue
                    shown = percent_shown(area, n, total)
                    assert shown != "k", f"unplanned 'k' for {area.la_name} {year} {age} {breakdown}"
                    block.append((breakdown, count_shown(area, n), shown))
                block.sort()
            for breakdown, count, shown in block:
                rows.append(
                    {
                        **geography(year, area),
                        "care_leaver_age": age,
                        "breakdown": breakdown,
                        "care_leaver_count": count,
                        "care_leaver_percent": shown,
                    }
                )
    return columns, rows


def by_age(w: World, stories: tuple[str, str], area: Area, year: int, age: str, total: int):
    """The share of `total` from the 17-18 or the 19-21 story, as a printed count."""
    story = stories[0] if age == "17 to 18 years" else stories[1]
    return published(area, w.share(story, area, year, total))


EET = "Total in education, employment or training"
NEET = "Total not in education, employment or training"
# Before 2022 the return had one "In training or employment" row, apprenticeships included.
APPRENTICESHIPS_FROM = 2022


def care_leavers_activity(w: World):
    def split(area, year, age, total):
        unknown = published(area, w.share("activity_unknown_pct", area, year, total))
        eet = min(total - unknown, by_age(w, ("eet_17_18_pct", "eet_19_21_pct"), area, year, age, total))
        neet = total - eet - unknown
        if (area.old_la_code, year) == CARE_LEAVER_ONE_NEET and age == "19 to 21 years":
            # Scripted: a return that recorded one young person as NEET and the rest as
            # not known; 1 in a few hundred prints as "k".
            neet, unknown = 1, unknown + neet - 1
            assert total > 200, "the scripted NEET row needs a cohort over 200 to print 'k'"
        return [(EET, eet), (NEET, neet), ("Total information not known", unknown)]

    def details(area, year, age, categories):
        ages = "17_18" if age == "17 to 18 years" else "19_21"
        step = unit(area)
        education, higher, apprentice, work = apportion(
            categories[EET],
            remainder_weights(*(w.level(f"cl_{s}_{ages}_pct", area, year) for s in ("education", "he", "apprentice"))),
            step,
        )
        illness, parenting, other = apportion(
            categories[NEET],
            remainder_weights(w.level("cl_neet_illness_pct", area, year), w.level("cl_neet_parenting_pct", area, year)),
            step,
        )
        later = year >= APPRENTICESHIPS_FROM
        return [
            ("Education other than higher education", education),
            ("Higher education i.e. studies beyond A level", higher),
            ("In an apprenticeship", apprentice if later else None),
            ("In training or employment", None if later else work + apprentice),
            ("In training or employment (excl. apprenticeship)", work if later else None),
            ("Not in education, training or employment, owing to illness or disability", illness),
            ("Not in education, training or employment, owing to other reasons", other),
            ("Not in education, training or employment, owing to pregnancy or parenting", parenting),
        ]

    return care_leaver_rows(w, split, details)


def care_leavers_accommodation(w: World):
    def split(area, year, age, total):
        unknown = published(area, w.share("accommodation_unknown_pct", area, year, total))
        suitable = min(total - unknown, by_age(w, ("suitable_17_18_pct", "suitable_19_21_pct"), area, year, age, total))
        return [
            ("Accommodation considered suitable", suitable),
            ("Accommodation considered not suitable", total - suitable - unknown),
            ("Accommodation information not known", unknown),
        ]

    return care_leaver_rows(w, split)


def care_leavers_in_touch(w: World):
    def split(area, year, age, total):
        # Few 17 and 18 year-olds have stopped needing a service; more have by 19 to 21.
        done = w.share("no_longer_requires_pct", area, year, total)
        done = published(area, done if age == "19 to 21 years" else done / 2)
        in_touch = min(total - done, by_age(w, ("in_touch_17_18_pct", "in_touch_19_21_pct"), area, year, age, total))
        return [
            ("In touch", in_touch),
            ("Not in touch", total - in_touch - done),
            ("No longer requires services", done),
        ]

    return care_leaver_rows(w, split)
