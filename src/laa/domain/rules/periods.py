"""Reading the periods a baseline or a target value may be given for, to check they come
before the targets.

A period is reduced to the (year, month) it ends in. Financial years run April to March.
Besides single periods, real agreements give ranges and averages ("2005-2007 average",
"2005/06 to 2007/08"), part years ("April-December 2007", "Q1-Q3 2007/08") and periods
up to a month ("to February 2011"): each ends where its last part ends.
"""

from __future__ import annotations

import re
from functools import lru_cache

_FINANCIAL = re.compile(r"(?:q([1-4])\s+)?(\d{4})/(\d{2})")
_CALENDAR = re.compile(r"\d{4}")
_SEASON = re.compile(r"(spring|summer|autumn)\s+(\d{4})")
_MONTH = re.compile(r"([a-z]+)\s+(\d{4})")
_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
# "average", "3 year average", "three-year rolling average" around a range
_AVERAGE = re.compile(
    r"\(?(?:(?:\d|two|three|four|five)[ -]year\s+)?(?:rolling\s+)?(?:average|mean)\)?"
)
_RANGE = re.compile(r"(.+?)\s*(?:-|\u2013|\bto\b)\s*(.+)")
_UP_TO = re.compile(r"(?:(?:the\s+)?(?:year|12 months)\s+)?(?:to|ending|ended)\s+(.+)")
_SHORT_YEAR = re.compile(r"\d{2}")
_QUARTER = re.compile(r"q[1-4]")

_SEASON_END = {"spring": 5, "summer": 8, "autumn": 11}
_MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"),
            ("may",), ("june", "jun"), ("july", "jul"), ("august", "aug"),
            ("september", "sep", "sept"), ("october", "oct"), ("november", "nov"),
            ("december", "dec"),
        ],
        start=1,
    )
    for name in names
}
# Quarter n of a financial year starting in April of year y ends in (y + offset, month).
_QUARTER_END = {1: (0, 6), 2: (0, 9), 3: (0, 12), 4: (1, 3)}


@lru_cache(maxsize=1024)
def period_end(period: str) -> tuple[int, int] | None:
    """The (year, month) a period ends in; None if the period cannot be read.

    "2007/08" -> (2008, 3); "Q3 2007/08" -> (2007, 12); "2007" -> (2007, 12);
    "March 2008" -> (2008, 3); "autumn 2008" -> (2008, 11); "2008-03-31" -> (2008, 3);
    "2005-2007 average" -> (2007, 12); "2005/06 to 2007/08" -> (2008, 3);
    "April-December 2007" -> (2007, 12); "Q1-Q3 2007/08" -> (2007, 12);
    "to February 2011" -> (2011, 2).
    """
    text = " ".join(period.lower().split())
    single = _single_end(text)
    if single is not None:
        return single
    text = " ".join(_AVERAGE.sub(" ", text).replace(",", " ").split())
    if not text:
        return None
    if match := _UP_TO.fullmatch(text):
        return _single_end(match[1])
    if match := _RANGE.fullmatch(text):
        first, last = match[1], match[2]
        if _SHORT_YEAR.fullmatch(last) and _CALENDAR.fullmatch(first):  # "2005-07"
            last = first[:2] + last
        end = _single_end(last)
        if end is None:
            return None
        start = _single_end(first)
        if start is None:
            # a part year: "April-December 2007", "Q1-Q3 2007/08": the year is given once
            tail = last.split(" ", 1)[1] if " " in last else ""
            start = _single_end(f"{first} {tail}") if tail else None
            if start is None:
                return None
            if _QUARTER.fullmatch(first) is None and start > end:
                return None
        return end if start <= end else None
    return None


def _single_end(text: str) -> tuple[int, int] | None:
    """The end of a single period, `text` already lower case with single spaces."""
    if match := _FINANCIAL.fullmatch(text):
        start = int(match[2])
        if (start + 1) % 100 != int(match[3]):
            return None
        if match[1] is None:
            return start + 1, 3
        offset, month = _QUARTER_END[int(match[1])]
        return start + offset, month
    if _CALENDAR.fullmatch(text):
        return int(text), 12
    if match := _SEASON.fullmatch(text):
        return int(match[2]), _SEASON_END[match[1]]
    if match := _DATE.fullmatch(text):
        month, day = int(match[2]), int(match[3])
        if 1 <= month <= 12 and 1 <= day <= 31:
            return int(match[1]), month
        return None
    if (match := _MONTH.fullmatch(text)) and match[1] in _MONTHS:
        return int(match[2]), _MONTHS[match[1]]
    return None


def ends_before_financial_year(period: str, year_start: int) -> bool | None:
    """Whether `period` ends before the financial year starting in April of `year_start`
    (None if the period cannot be read)."""
    end = period_end(period)
    if end is None:
        return None
    return end <= (year_start, 3)
