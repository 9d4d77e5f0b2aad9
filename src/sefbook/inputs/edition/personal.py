"""A child's personal data pasted into the words by mistake: the edition's own files scanned for
the children's references in its returns, UPN-shaped strings and dates of birth.

What is scanned: sef.yml, every narrative, quotes.yml, the plan, the areas for improvement, and
the local figures and indicators (each file's text as saved, so that a line number is the file's).
What is looked for, on each line:

- a child's reference or UPN from the returns: the CHILD and UPN columns of each SSDA903 header
  table (a CSV of `ssda903-*/` with both columns) and each CIN census's LAchildID and UPN
  elements, matched as whole words, any case; only references of five characters or more with a
  digit in them are looked for, so that "2025" or a word never matches one. Annex A's workbooks
  are not read (their children are the returns' own);
- a UPN-shaped string: the DfE's format, 13 characters: a letter, 11 digits, then a digit (or a
  letter, a temporary UPN) (UK Government Data Standards Catalogue, Unique Pupil Number 2.0:
  "Annnnnnnnnnnn or AnnnnnnnnnnnA"), as a whole word;
- a date of birth: a whole date (day, month and year, as 28/01/2010, 2010-01-28 or 28 January
  2010) straight after "born", "DOB" or "date of birth" (a colon, "on" or "is" between them
  allowed: "born on 28 January 2010", "DOB: 28/01/2010"), or straight before "(DOB)" or
  "(date of birth)". An ordinary date ("at 31 March 2025", "children born after 1 April 2024")
  is not one.

Only the kind of finding, the file and the line are ever said; the value is withheld from logs
(InputError's `personal`). The returns' references are read only here, in memory, and never kept.

Kept cheap (it runs on every build, and on an edit's rebuild, which never imports pandas): the
text is read with the standard library, the census's elements found by a regular expression
rather than parsed (a census that is not well-formed is refused when its figures are read).
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

from sefbook.cache import ContentCache
from sefbook.errors import InputError
from sefbook.inputs.files import read_text

REFERENCE = "a child's reference or UPN from the returns"
UPN = "a UPN-shaped string"
BIRTH = "a date of birth"

_UPN = re.compile(r"\b[A-Z]\d{11}[0-9A-Z]\b", re.IGNORECASE)
_MONTH = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|"
    r"oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)"
)
_DATE = (
    r"(?:\d{1,2}[/.-]\d{1,2}[/.-](?:\d{4}|\d{2})|\d{4}-\d{1,2}-\d{1,2}|"
    rf"\d{{1,2}}(?:st|nd|rd|th)?\s+{_MONTH}\.?,?\s+\d{{4}}|{_MONTH}\.?\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}})"
)
_BIRTH_WORD = r"(?:born|d\.?o\.?b\.?|date\s+of\s+birth|birth\s*date)"
_BIRTH = re.compile(
    rf"\b{_BIRTH_WORD}\s*(?:(?:on|is|was|of)\s+)?[:=-]?\s*{_DATE}\b"
    rf"|\b{_DATE}\s*[(\[]\s*{_BIRTH_WORD}",
    re.IGNORECASE,
)
_BIRTH_HINT = re.compile(r"born|d\.?o\.?b|birth", re.IGNORECASE)  # a fast look first: most texts have none
_WORD = re.compile(r"[A-Za-z0-9]+")  # KM104011/KM104019 or KM104011-2: each part a word
_JOINED = re.compile(r"[A-Za-z0-9]+(?:[-/_][A-Za-z0-9]+)+")
# each starts with a literal, which the regular expression engine finds fast in a whole census file
_CENSUS_IDS = tuple(re.compile(rb"%s>\s*([^<\s][^<]*?)\s*<" % tag) for tag in (b"LAchildID", b"UPN"))


@dataclass(frozen=True)
class Finding:
    file: Path
    line: int
    kind: str
    value: str  # never said in a log: for a person at a terminal only

    @property
    def warning(self) -> str:
        return (
            f"{self.file}, line {self.line}: holds {self.kind}, a child's personal data (not shown here); "
            "take it out before the report is shared (sef.yml audience: publication refuses it)"
        )

    def refusal(self) -> InputError:
        return InputError(
            self.file,
            f"holds {self.kind}, a child's personal data",
            where=f"line {self.line}",
            expected="no child's reference, UPN or date of birth in the words of a published report",
            found=repr(self.value),
            personal=True,
        )


def _looked_for(reference: str) -> bool:
    return len(reference) >= 5 and any(c.isdigit() for c in reference)


def _header_references(data: bytes) -> set[str]:
    found: set[str] = set()
    rows = csv.reader(io.StringIO(data.decode("utf-8-sig", errors="replace"), newline=""))
    columns = [c.strip().upper() for c in next(rows, [])]
    if "CHILD" not in columns or "UPN" not in columns:
        return found
    wanted = [columns.index(c) for c in ("CHILD", "UPN")]
    for row in rows:
        found.update(row[i].strip().upper() for i in wanted if i < len(row))
    return found


def _census_references(data: bytes) -> set[str]:
    return {m.decode("utf-8", "replace").upper() for pattern in _CENSUS_IDS for m in pattern.findall(data)}


# A file's references, read once per process for the same content (a kernel runs several parts),
# in memory only
_READ: ContentCache[frozenset[str]] = ContentCache(most=64)


def _references_in(path: Path, read: Callable[[bytes], set[str]], sha: str | None) -> frozenset[str]:
    def make(data: bytes) -> frozenset[str]:
        return frozenset(r for r in read(data) if _looked_for(r))

    return _READ.get(path, make, read.__name__)[1] if sha is None else _READ.known(path, sha, make, read.__name__)


def returns_references(folder: Path | None, files: Mapping[str, str] | None = None) -> frozenset[str]:
    """The children's references and UPNs the returns in `folder` hold (upper case). `files`: the
    folder's files' digests by their path there, if taken already (a file is then read only if
    its references are not kept for that digest). A file that cannot be read gives none here:
    reading the returns' figures refuses it."""
    if folder is None or not folder.is_dir():
        return frozenset()
    known = files or {}
    found: set[str] = set()
    try:
        for path in sorted(folder.glob("ssda903-*/*.csv")):
            found |= _references_in(path, _header_references, known.get(str(path.relative_to(folder))))
        for path in sorted(folder.glob("cin-*/*")):
            if path.suffix.lower() == ".xml" and path.is_file():
                found |= _references_in(path, _census_references, known.get(str(path.relative_to(folder))))
    except OSError:
        return frozenset(found)
    return frozenset(found)


def scan_text(path: Path, text: str, references: frozenset[str], joined: bool | None = None) -> list[Finding]:
    """What `text` (the file `path` as saved) holds of a child's personal data, one finding for
    each kind on each line (a date of birth may run over a line's end, as prose is wrapped)."""
    found = [(UPN, m) for m in _UPN.finditer(text)]
    if _BIRTH_HINT.search(text):
        found += [(BIRTH, m) for m in _BIRTH.finditer(text)]
    if references:
        joined = any(not r.isalnum() for r in references) if joined is None else joined
        upper = text.upper()
        for pattern in (_WORD, _JOINED) if joined else (_WORD,):  # _JOINED: where the returns hold a KM-1040
            if not references.isdisjoint(pattern.findall(upper)):  # most texts hold none: looked for at once
                found += [(REFERENCE, m) for m in pattern.finditer(text) if m.group(0).upper() in references]
    findings: dict[tuple[int, str], Finding] = {}
    for kind, match in sorted(found, key=lambda f: f[1].start()):
        line = text.count("\n", 0, match.start()) + 1
        findings.setdefault((line, kind), Finding(path, line, kind, match.group(0)))
    return list(findings.values())


def scan_files(files: list[Path], references: frozenset[str]) -> list[Finding]:
    """Each file's findings, in order (a file not there is passed over: reading it says so)."""
    findings: list[Finding] = []
    joined = any(not r.isalnum() for r in references)
    for path in dict.fromkeys(files):
        if path.is_file():
            findings += scan_text(path, read_text(path), references, joined)
    return findings
