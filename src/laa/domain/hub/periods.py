"""The periods an observed value is given for, as indicator definitions set them.

Each period has one code, the form an export writes and an import reads back:

    2008/09              financial year (April to March)
    2008/09 Q1           a quarter of a financial year (Q1 is April to June)
    AY 2008/09           academic year (September to August)
    2008                 calendar year
    Place Survey 2008    the biennial Place Survey (autumn 2008, then 2010)
    TellUs 2008          the TellUs survey of children and young people (each spring)
    2006 to 2008         a rolling period of calendar years (e.g. three-year mortality)
    2006/07 to 2008/09   a rolling period of financial years

`parse_period` also reads the forms people type ("2008-09", "Q1 2008/09",
"2008/2009", "place survey 2008") and gives the canonical `Period`; anything else is
refused with a `PeriodError` that says which forms are read.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from enum import StrEnum
from functools import lru_cache

FIRST_YEAR = 1990
LAST_YEAR = 2030
MAX_ROLLING_YEARS = 5
# The Place Survey ran in autumn 2008 and was planned for every second autumn after.
PLACE_SURVEY_YEARS = frozenset({2008, 2010})


class PeriodKind(StrEnum):
    FINANCIAL_YEAR = "financial_year"
    QUARTER = "quarter"
    ACADEMIC_YEAR = "academic_year"
    CALENDAR_YEAR = "calendar_year"
    PLACE_SURVEY = "place_survey"
    TELLUS_SURVEY = "tellus_survey"
    ROLLING = "rolling"

    @property
    def label(self) -> str:
        return KIND_LABELS[self]


KIND_LABELS: dict[PeriodKind, str] = {
    PeriodKind.FINANCIAL_YEAR: "financial year (like 2008/09)",
    PeriodKind.QUARTER: "quarter (like 2008/09 Q1)",
    PeriodKind.ACADEMIC_YEAR: "academic year (like AY 2008/09)",
    PeriodKind.CALENDAR_YEAR: "calendar year (like 2008)",
    PeriodKind.PLACE_SURVEY: "Place Survey (like Place Survey 2008)",
    PeriodKind.TELLUS_SURVEY: "TellUs survey (like TellUs 2008)",
    PeriodKind.ROLLING: "rolling period (like 2006 to 2008)",
}

FORMS = (
    "2008/09, 2008/09 Q1, AY 2008/09, 2008, Place Survey 2008, TellUs 2008, "
    "2006 to 2008 or 2006/07 to 2008/09"
)


class PeriodError(ValueError):
    """The text is not a period; the message completes "the period ..."."""


@dataclass(frozen=True, slots=True, order=True)
class Period:
    start: dt.date
    end: dt.date
    kind: PeriodKind
    code: str

    def __str__(self) -> str:
        return self.code

    @property
    def financial_year(self) -> str | None:
        """The financial year the period ends in ("2008/09"), for comparing with targets."""
        year = self.end.year if self.end.month >= 4 else self.end.year - 1
        return fy_code(year)


def fy_code(start_year: int) -> str:
    return f"{start_year}/{(start_year + 1) % 100:02d}"


_FY = r"(\d{4})\s*[/-]\s*(\d{2}|\d{4})"
_FINANCIAL = re.compile(rf"(?:fy\s*)?{_FY}")
_QUARTER = re.compile(rf"(?:{_FY}\s*q([1-4])|q([1-4])\s*{_FY})")
_ACADEMIC = re.compile(rf"(?:ay|academic\s+year)\s*{_FY}|{_FY}\s*(?:ay|academic\s+year)")
_CALENDAR = re.compile(r"(?:cy\s*)?(\d{4})")
_PLACE = re.compile(r"place\s*survey\s*(\d{4})")
_TELLUS = re.compile(r"tell\s*us\s*[1-9]?\s*(\d{4})")
_ROLLING_CALENDAR = re.compile(r"(?:rolling\s+)?(\d{4})\s*(?:to|-|\u2013)\s*(\d{4})(?:\s+rolling)?")
_ROLLING_FINANCIAL = re.compile(
    rf"(?:rolling\s+)?{_FY}\s*(?:to|\u2013)\s*{_FY}(?:\s+rolling)?"
)
# Quarter n of a financial year starting in April of y: (months from April, ...).
_QUARTER_START_MONTH = {1: 4, 2: 7, 3: 10, 4: 1}


@lru_cache(maxsize=4096)
def parse_period(text: str) -> Period:
    """The period `text` names, in canonical form; PeriodError if it names none."""
    raw = " ".join(str(text).split()).lower()
    if not raw:
        raise PeriodError("is missing")
    if len(raw) > 40:
        raise PeriodError(f"is not a period: use one of the forms {FORMS}")
    if match := _QUARTER.fullmatch(raw):
        if match[1]:
            year, quarter = _fy_start(match[1], match[2]), int(match[3])
        else:
            year, quarter = _fy_start(match[5], match[6]), int(match[4])
        return quarter_period(year, quarter)
    if match := _ACADEMIC.fullmatch(raw):
        year = _fy_start(match[1] or match[3], match[2] or match[4])
        return Period(dt.date(year, 9, 1), dt.date(year + 1, 8, 31), PeriodKind.ACADEMIC_YEAR,
                      f"AY {fy_code(year)}")
    if match := _PLACE.fullmatch(raw):
        year = _year(match[1])
        if year not in PLACE_SURVEY_YEARS:
            raise PeriodError(
                f"names a Place Survey of {year}: the Place Survey ran in autumn 2008 and 2010"
            )
        return Period(dt.date(year, 9, 1), dt.date(year, 12, 31), PeriodKind.PLACE_SURVEY,
                      f"Place Survey {year}")
    if match := _TELLUS.fullmatch(raw):
        year = _year(match[1])
        return Period(dt.date(year, 1, 1), dt.date(year, 6, 30), PeriodKind.TELLUS_SURVEY,
                      f"TellUs {year}")
    if match := _ROLLING_FINANCIAL.fullmatch(raw):
        first, last = _fy_start(match[1], match[2]), _fy_start(match[3], match[4])
        _check_rolling(first, last)
        return Period(dt.date(first, 4, 1), dt.date(last + 1, 3, 31), PeriodKind.ROLLING,
                      f"{fy_code(first)} to {fy_code(last)}")
    if (match := _FINANCIAL.fullmatch(raw)) and not (
        len(match[2]) == 4 and int(match[2]) != int(match[1]) + 1 and "/" not in raw
    ):
        year = _fy_start(match[1], match[2])
        return Period(dt.date(year, 4, 1), dt.date(year + 1, 3, 31), PeriodKind.FINANCIAL_YEAR,
                      fy_code(year))
    if match := _ROLLING_CALENDAR.fullmatch(raw):
        first, last = _year(match[1]), _year(match[2])
        _check_rolling(first, last)
        return Period(dt.date(first, 1, 1), dt.date(last, 12, 31), PeriodKind.ROLLING,
                      f"{first} to {last}")
    if match := _CALENDAR.fullmatch(raw):
        year = _year(match[1])
        return Period(dt.date(year, 1, 1), dt.date(year, 12, 31), PeriodKind.CALENDAR_YEAR, str(year))
    raise PeriodError(f"is not a period: use one of the forms {FORMS}")


def quarter_period(year: int, quarter: int) -> Period:
    month = _QUARTER_START_MONTH[quarter]
    start_year = year if quarter < 4 else year + 1
    start = dt.date(start_year, month, 1)
    end_month = month + 2
    end = dt.date(start_year, end_month, 30 if end_month in (6, 9) else 31)
    return Period(start, end, PeriodKind.QUARTER, f"{fy_code(year)} Q{quarter}")


def _year(text: str) -> int:
    year = int(text)
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise PeriodError(f"names the year {year}, outside {FIRST_YEAR} to {LAST_YEAR}")
    return year


def _fy_start(first: str, second: str) -> int:
    """2008 for ("2008", "09") or ("2008", "2009"); PeriodError if the years do not follow."""
    year = _year(first)
    following = int(second)
    if (len(second) == 2 and following != (year + 1) % 100) or (
        len(second) == 4 and following != year + 1
    ):
        raise PeriodError(f"names the year {first}/{second}, whose years do not follow each other")
    return year


def _check_rolling(first: int, last: int) -> None:
    if last <= first:
        raise PeriodError("is a rolling period that does not end after it starts")
    if last - first + 1 > MAX_ROLLING_YEARS:
        raise PeriodError(f"is a rolling period of more than {MAX_ROLLING_YEARS} years")
