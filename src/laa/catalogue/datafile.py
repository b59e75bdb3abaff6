"""Reading the reviewed catalogue data files. A malformed file raises
`DataFileError` naming the file, line and field; nothing is loaded."""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import json
from collections.abc import Iterator
from dataclasses import asdict, dataclass
from pathlib import Path

from laa.catalogue.models import (
    DataSource,
    Department,
    Frequency,
    IndicatorDefinition,
    Polarity,
    Provenance,
    Round,
    Unit,
)
from laa.domain.composition import financial_year_start

DATA_DIR = Path(__file__).resolve().parent / "data"
PROVENANCES = {p.value for p in Provenance}
PROVENANCE_FIELDS = ("title", "department", "polarity", "unit", "data_source", "frequency")
YEARS = {"2008/09", "2009/10", "2010/11"}


class DataFileError(ValueError):
    def __init__(self, path: Path | str, line: int | None, field: str | None, problem: str):
        self.path, self.line, self.field, self.problem = str(path), line, field, problem
        where = Path(self.path).name
        if line is not None:
            where += f", line {line}"
        if field:
            where += f", field {field}"
        super().__init__(f"{where}: {problem}")


def rows(path: Path, required: tuple[str, ...]) -> Iterator[tuple[int, dict[str, str]]]:
    """Each row with its line number; checks the header first. Bytes that are not
    UTF-8 are kept (as surrogates) through the CSV parsing, so the error can name the
    line and the column they are in."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise DataFileError(path, None, None, f"cannot be read ({exc.strerror})") from exc
    text = data.decode("utf-8-sig", errors="surrogateescape")
    reader = csv.DictReader(io.StringIO(text, newline=""))
    try:
        header = reader.fieldnames or []
        for column in header:
            _check_utf8(path, 1, column, column)
        missing = [c for c in required if c not in header]
        if missing:
            raise DataFileError(path, 1, missing[0], f"the header lacks the column(s) {', '.join(missing)}")
        for row in reader:
            if None in row:
                raise DataFileError(path, reader.line_num, None, "the row has more cells than the header")
            for column, value in row.items():
                _check_utf8(path, reader.line_num, column, value or "")
            yield reader.line_num, {k: (v or "").strip() for k, v in row.items()}
    except csv.Error as exc:
        raise DataFileError(path, reader.line_num, None, str(exc)) from exc


def _check_utf8(path: Path, line: int, field: str, value: str) -> None:
    bad = next((c for c in value if "\udc80" <= c <= "\udcff"), None)
    if bad is not None:
        byte = ord(bad) - 0xDC00
        shown = field.encode("utf-8", errors="replace").decode("utf-8", errors="replace")
        raise DataFileError(
            path, line, shown,
            f"is not UTF-8 text (byte 0x{byte:02X}); save the file as UTF-8 and load it again",
        )


def check_length(path: Path, line: int, field: str, value: str, max_length: int) -> str:
    """The value, if it fits its column; a DataFileError naming it if not."""
    if len(value) > max_length:
        raise DataFileError(path, line, field, f"is {len(value)} characters long; at most {max_length} fit")
    return value


def max_length(model, field: str) -> int:
    return model._meta.get_field(field).max_length


def _choice(path: Path, line: int, row: dict[str, str], field: str, allowed: set[str]) -> str:
    value = row[field]
    if value not in allowed:
        shown = ", ".join(sorted(allowed))
        raise DataFileError(path, line, field, f"{value!r} is not one of {shown}")
    return value


def _flag(path: Path, line: int, row: dict[str, str], field: str) -> bool:
    value = row[field].upper()
    if value not in {"Y", ""}:
        raise DataFileError(path, line, field, f"{row[field]!r} must be Y or empty")
    return value == "Y"


@dataclass(frozen=True)
class DepartmentRow:
    code: str
    name: str
    provenance: str


@dataclass(frozen=True)
class IndicatorRow:
    number: int
    title: str
    annex: str
    theme: str
    department: str
    polarity: str
    unit: str
    decimal_places: int
    data_source: str
    frequency: str
    first_year: str
    place_survey: bool
    tellus_survey: bool
    provenance: dict[str, str]
    note: str

    @property
    def code(self) -> str:
        return f"NI {self.number}"

    def content_hash(self) -> str:
        data = asdict(self)
        return hashlib.sha256(json.dumps(data, sort_keys=True).encode()).hexdigest()


@dataclass(frozen=True)
class StatutoryRow:
    round: int
    number: int
    provenance: str
    until: str = ""  # the last financial year in force ("2008/09"); "" for the whole round
    source: str = ""


def read_departments(path: Path = DATA_DIR / "departments.csv") -> list[DepartmentRow]:
    out = []
    seen: set[str] = set()
    for line, row in rows(path, ("code", "name", "provenance")):
        if not row["code"]:
            raise DataFileError(path, line, "code", "is empty")
        if row["code"] in seen:
            raise DataFileError(path, line, "code", f"{row['code']} appears twice")
        seen.add(row["code"])
        if not row["name"]:
            raise DataFileError(path, line, "name", "is empty")
        for field in ("code", "name"):
            check_length(path, line, field, row[field], max_length(Department, field))
        out.append(DepartmentRow(row["code"], row["name"], _choice(path, line, row, "provenance", PROVENANCES)))
    return out


INDICATOR_COLUMNS = (
    "ni", "title", "annex", "theme", "department", "polarity", "unit", "decimal_places",
    "data_source", "frequency", "first_year", "place_survey", "tellus_survey",
    *(f"{f}_provenance" for f in PROVENANCE_FIELDS), "note",
)


def read_indicators(
    path: Path = DATA_DIR / "national-indicators.csv", departments: set[str] | None = None
) -> list[IndicatorRow]:
    out = []
    seen: set[int] = set()
    for line, row in rows(path, INDICATOR_COLUMNS):
        if not row["ni"].isdigit() or not 1 <= int(row["ni"]) <= 999:
            raise DataFileError(path, line, "ni", f"{row['ni']!r} is not an indicator number")
        number = int(row["ni"])
        if number in seen:
            raise DataFileError(path, line, "ni", f"NI {number} appears twice")
        seen.add(number)
        for field in ("title", "department"):
            if not row[field]:
                raise DataFileError(path, line, field, "is empty")
        for field in ("title", "annex", "theme"):
            check_length(path, line, field, row[field], max_length(IndicatorDefinition, field))
        if departments is not None and row["department"] not in departments:
            raise DataFileError(path, line, "department", f"{row['department']!r} is not in departments.csv")
        if not row["decimal_places"].isdigit() or int(row["decimal_places"]) > 6:
            raise DataFileError(path, line, "decimal_places", f"{row['decimal_places']!r} must be a whole number 0-6")
        provenance = {
            f: _choice(path, line, row, f"{f}_provenance", PROVENANCES) for f in PROVENANCE_FIELDS
        }
        place_survey = _flag(path, line, row, "place_survey")
        source = _choice(path, line, row, "data_source", {s.value for s in DataSource})
        if place_survey and source != DataSource.PLACE_SURVEY:
            raise DataFileError(path, line, "data_source", "a Place Survey indicator must have the source place_survey")
        out.append(
            IndicatorRow(
                number=number,
                title=row["title"],
                annex=row["annex"],
                theme=row["theme"],
                department=row["department"],
                polarity=_choice(path, line, row, "polarity", {p.value for p in Polarity}),
                unit=_choice(path, line, row, "unit", {u.value for u in Unit}),
                decimal_places=int(row["decimal_places"]),
                data_source=source,
                frequency=_choice(path, line, row, "frequency", {f.value for f in Frequency}),
                first_year=_choice(path, line, row, "first_year", YEARS),
                place_survey=place_survey,
                tellus_survey=_flag(path, line, row, "tellus_survey"),
                provenance=provenance,
                note=row["note"],
            )
        )
    if not out:
        raise DataFileError(path, None, None, "has no indicators")
    return out


def read_statutory(
    path: Path = DATA_DIR / "statutory-targets.csv", numbers: set[int] | None = None
) -> list[StatutoryRow]:
    out = []
    for line, row in rows(path, ("round", "ni", "provenance")):
        if not row["round"].isdigit() or not 2000 <= int(row["round"]) <= 2100:
            raise DataFileError(path, line, "round", f"{row['round']!r} is not a year from 2000 to 2100")
        if not row["ni"].isdigit():
            raise DataFileError(path, line, "ni", f"{row['ni']!r} is not an indicator number")
        if numbers is not None and int(row["ni"]) not in numbers:
            raise DataFileError(path, line, "ni", f"NI {row['ni']} is not in the indicator file")
        until = row.get("until", "")
        if until and financial_year_start(until) is None:
            raise DataFileError(path, line, "until", f"{until!r} is not a financial year such as 2008/09")
        source = row.get("source", "")
        check_length(path, line, "source", source, 300)
        out.append(StatutoryRow(int(row["round"]), int(row["ni"]),
                                _choice(path, line, row, "provenance", PROVENANCES), until, source))
    return out


@dataclass(frozen=True)
class RoundRow:
    year: int
    name: str
    period_start: dt.date
    period_end: dt.date
    approval_opens: dt.date  # no early sign-off: the Secretary of State approves from this day
    source: str

    def fields(self) -> dict[str, object]:
        """The values stored on `catalogue.Round` (the source stays in the file)."""
        return {"name": self.name, "period_start": self.period_start, "period_end": self.period_end,
                "approval_opens": self.approval_opens}


def _date(path: Path, line: int, row: dict[str, str], field: str) -> dt.date:
    try:
        return dt.date.fromisoformat(row[field])
    except ValueError:
        raise DataFileError(path, line, field, f"{row[field]!r} is not a date (YYYY-MM-DD)") from None


ROUND_COLUMNS = ("year", "name", "period_start", "period_end", "approval_opens", "source")


def read_rounds(path: Path = DATA_DIR / "rounds.csv") -> list[RoundRow]:
    """The rounds of agreements and their dates (D10: dates are data per round)."""
    out = []
    seen: set[int] = set()
    for line, row in rows(path, ROUND_COLUMNS):
        if not row["year"].isdigit() or not 2000 <= int(row["year"]) <= 2100:
            raise DataFileError(path, line, "year", f"{row['year']!r} is not a year from 2000 to 2100")
        year = int(row["year"])
        if year in seen:
            raise DataFileError(path, line, "year", f"round {year} appears twice")
        seen.add(year)
        if not row["name"]:
            raise DataFileError(path, line, "name", "is empty")
        check_length(path, line, "name", row["name"], max_length(Round, "name"))
        start, end = _date(path, line, row, "period_start"), _date(path, line, row, "period_end")
        opens = _date(path, line, row, "approval_opens")
        if end <= start:
            raise DataFileError(path, line, "period_end", f"{end} is not after the period's start {start}")
        if not start.year - 1 <= opens.year <= end.year:
            raise DataFileError(path, line, "approval_opens", f"{opens} is not near the round's period")
        out.append(RoundRow(year, row["name"], start, end, opens, row["source"]))
    if not out:
        raise DataFileError(path, None, None, "has no rounds")
    return out
