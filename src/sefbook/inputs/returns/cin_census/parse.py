"""A census file's XML parsed into one table a level (episodes, assessments, plans, ...), each item keeping its line."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pandas as pd
from lxml import etree

from sefbook.errors import InputError
from sefbook.inputs.returns.cin_census.schema import EXTRA_COLUMNS, LEVELS


@dataclass(frozen=True)
class CinCensus:
    """One CIN census, checked: its collection year, the last date it covers, its records by level.
    Every frame is child-level (LAchildID in `child`): it never leaves this module's figures."""

    year: int  # the collection ends on 31 March of this year
    folder: Path
    file: Path
    covers_to: date  # 31 March of the year for a whole census; the extract's date for one in progress
    episodes: pd.DataFrame  # one row per CINdetails (episode of need); `episode` numbers them
    assessments: pd.DataFrame  # one row per Assessments block (`assessment` numbers them), with its `episode`
    # and the CINreferralDate
    cin_plans: pd.DataFrame
    section47s: pd.DataFrame
    plans: pd.DataFrame  # child protection plans
    factors: pd.DataFrame  # one row per AssessmentFactors code, with its assessment's number (`assessment`)
    lea: str | None = None  # the header's Source/LEA: the old LA code of the council whose return it is
    lea_line: int | None = None  # its line in the file, for a message


def parse_census(path: Path) -> etree._Element:
    """The XML's root, namespaces dropped (suppliers' files differ in them); no entity, DTD or
    network is ever loaded."""
    parser = etree.XMLParser(
        resolve_entities=False, no_network=True, load_dtd=False, remove_comments=True, remove_pis=True
    )
    try:
        root = etree.parse(str(path), parser).getroot()
    except etree.XMLSyntaxError as exc:
        raise InputError(path, "is not well-formed XML", where=f"line {exc.lineno}", found=exc.msg) from None
    if root.xpath("boolean(//*[namespace-uri() != ''])"):  # renaming every element is most of the parse
        for element in root.iter(tag=etree.Element):
            element.tag = etree.QName(element).localname
    if root.tag != "Message":
        raise InputError(path, "is not a CIN census", expected="a Message element at its root", found=repr(root.tag))
    return root


def text_of(element: etree._Element | None) -> str | None:
    if element is None:
        return None
    return (element.text or "").strip() or None


def line_of(element: etree._Element) -> int | None:
    """An element's line in its file (lxml's stubs leave `sourceline` untyped)."""
    line: object = element.sourceline
    return line if isinstance(line, int) else None


def _fields(parent: etree._Element, names: tuple[str, ...]) -> dict[str, str | int | None]:
    """Each element's text (None when absent or empty) and its line, for the messages: the first
    child of each name, as `find` gives it, from one pass over the children."""
    first: dict[object, etree._Element] = {}
    for child in parent:
        first.setdefault(child.tag, child)
    row: dict[str, str | int | None] = {}
    for name in names:
        element = first.get(name)
        row[name] = text_of(element)
        row[f"{name}@line"] = line_of(element if element is not None else parent)
    return row


def check_header_year(path: Path, root: etree._Element, year: int) -> None:
    details = root.find("Header/CollectionDetails")
    found = text_of(details.find("Year")) if details is not None else None
    line = details.sourceline if details is not None else root.sourceline
    collection = text_of(details.find("Collection")) if details is not None else None
    if collection not in (None, "CIN"):
        raise InputError(
            path,
            "is not a CIN census",
            where=f"line {line}, element Collection",
            expected="'CIN'",
            found=repr(collection),
        )
    if found is None:
        raise InputError(
            path,
            "is missing a required element",
            where=f"line {line}, element Header/CollectionDetails/Year",
            expected=f"the collection year, {year}",
        )
    if found != str(year):
        raise InputError(
            path,
            "is a CIN census for another collection year than its folder names",
            where=f"line {line}, element Year",
            expected=f"{year} (the folder's year)",
            found=repr(found),
        )


def rows_of(root: etree._Element) -> dict[str, list[dict]]:
    """Every level's rows; each carries its child's LAchildID and its episode's number."""
    rows: dict[str, list[dict]] = {level: [] for level in LEVELS}
    for number, details in enumerate(root.iterfind("Children/Child/CINdetails")):
        child_element = details.getparent()
        assert child_element is not None  # found as Children/Child/CINdetails: a Child holds it
        identifier = child_element.find("ChildIdentifiers/LAchildID")
        child = text_of(identifier)
        for level, (tag, kinds) in LEVELS.items():
            if level == "factors":
                continue
            names = kinds["date"] + kinds["code"]
            blocks = [details] if level == "episodes" else details.iterfind(tag)
            for block in blocks:
                row = _fields(block, names) | {"child": child, "episode": number, "_line": block.sourceline}
                if level == "episodes":
                    row["LAchildID@line"] = (identifier if identifier is not None else child_element).sourceline
                if level == "assessments":
                    row["assessment"] = len(rows["assessments"])
                    rows["factors"] += [
                        {
                            "child": child,
                            "episode": number,
                            "assessment": row["assessment"],
                            "_line": factor.sourceline,
                            "AssessmentFactors": text_of(factor),
                            "AssessmentFactors@line": factor.sourceline,
                        }
                        for factor in block.iterfind("FactorsIdentifiedAtAssessment/AssessmentFactors")
                    ]
                rows[level].append(row)
    return rows


def frame_of(rows: list[dict], level: str) -> pd.DataFrame:
    kinds = LEVELS[level][1]
    names = kinds["date"] + kinds["code"]
    columns = ["child", "episode", "_line"] + [c for name in names for c in (name, f"{name}@line")]
    return pd.DataFrame(rows, columns=columns + EXTRA_COLUMNS.get(level, []))
