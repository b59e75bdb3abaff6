"""What an agreement workbook's cells hold, as the agreement file's data: text, dates,
figures (by the one figure parser), whole numbers, yes/no, year labels, periods and
selection criteria. A cell that does not read so is passed on as it is, for the schema
to name (sheet, row, column)."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from laa.domain.agreement_workbook_layout import NONE_SET, YEAR, normal_header
from laa.domain.composition import SELECTION_CRITERIA
from laa.domain.figures import FigureError, parse_figure

_ANY = 10**6  # places and digits: the workbook reads a figure, storing it is checked later


def is_none_set(value: Any) -> bool:
    return isinstance(value, str) and " ".join(value.lower().split()) == NONE_SET


def periods_by_year(text: str) -> Any:
    """ "2010/11: to February 2011; 2009/10: 2009" -> {"2010/11": "to February 2011", ...};
    the text as it is if it does not read so (the schema then names the cell)."""
    found: dict[str, str] = {}
    for part in (p.strip() for p in text.split(";")):
        if not part:
            continue
        year, _, period = part.partition(":")
        if not YEAR.match(year.strip()) or not period.strip():
            return text
        found[year.strip()] = period.strip()
    return found


def cell_value(cell: Any) -> Any:
    value = cell.value
    if isinstance(value, float | int) and not isinstance(value, bool):
        number_format = getattr(cell, "number_format", "") or ""
        if "%" in number_format:  # typed as 17.5% in Excel, held as 0.175
            return Decimal(repr(value)) * 100
    if isinstance(value, str) and value == "":
        return None
    return value


def year_label(header: Any) -> str | None:
    """"2008/09", or the date Excel made of it (1 September 2008), as "2008/09"."""
    if isinstance(header, datetime | date):
        if header.day == 1 and (header.year + 1) % 100 == header.month:
            return f"{header.year}/{header.month:02d}"
        return None
    text = str(header).strip()
    return text if YEAR.match(text) else None


def as_text(value: Any) -> Any:
    if value is None:
        return None
    if isinstance(value, bool):
        return value
    if isinstance(value, datetime | date):
        return year_label(value) or value.strftime("%Y-%m-%d")
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, int | float | Decimal):
        return str(value)
    return str(value)


def as_date(value: Any) -> Any:
    """A date cell (or ISO text) as ISO text, "2008-01-15"; anything else as it is."""
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return as_text(value)


def criteria(text: str) -> list[str]:
    """ "important_to_vision; Challenging" -> ["important_to_vision", "challenging"]."""
    found = []
    for item in (part.strip() for part in text.split(";")):
        if item:
            normal = normal_header(item)
            found.append(normal if normal in SELECTION_CRITERIA else item)
    return found


def as_number(value: Any) -> Any:
    """A Decimal if the cell holds a number (or text that reads as one), else the value."""
    if isinstance(value, bool):
        return value
    if isinstance(value, Decimal):
        return value
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, float):
        return Decimal(repr(value))
    if isinstance(value, str):
        # Read by the one figure parser; whether the column holds it is the actions' check.
        try:
            number = parse_figure(value, places=_ANY, integer_digits=_ANY)
        except FigureError:
            return value
        return value if number is None else number
    return value


def as_whole(value: Any) -> Any:
    number = as_number(value)
    if isinstance(number, Decimal) and number == number.to_integral_value():
        return int(number)
    return number


def as_boolean(value: Any) -> Any:
    if isinstance(value, str):
        lowered = value.strip().lower()
        if lowered in ("yes", "y", "true", "1"):
            return True
        if lowered in ("no", "n", "false", "0"):
            return False
    if isinstance(value, int) and not isinstance(value, bool) and value in (0, 1):
        return bool(value)
    return value
