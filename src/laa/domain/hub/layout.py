"""The layouts the hub reads and writes (one row per value), as rows of cells.

**Row layout** (CSV, XLSX, and JSON objects with the same keys): a header row, then
one row per value. Columns (in any order; the first four are needed, the rest may be
left out or blank):

    indicator   "NI 16" (or a local indicator's code)
    area        the area's CLG code, "E2201"
    period      the period's code (laa.domain.hub.periods), "2008/09"
    value       the figure; blank when the status is suppressed
    district    a district of the area, by name, where the indicator reports for districts
    group       "all" (the default) or an equality group, "sex:female"
    status      provisional, final (the default) or suppressed
    numerator, denominator      for a rate or proportion
    ci_lower, ci_upper, sample_size     for a survey
    supplier    who supplies the indicator (checked, if given)
    reason      why a value corrects an earlier one (kept with the correction)
    supplied_at, supplied_by, current   written by an export, ignored by an import
    problem     written in the rejected rows of a dry run (what is wrong with the row),
                ignored by an import, so the corrected rows are sent back as they are

**Header-scoped layout** (CSV or XLSX, for departments' systems): the indicator, the
period and optionally the supplier, status and group declared once, one per line as
`key,value`; a blank line; then a header row and one row per area:

    indicator,NI 16
    period,2008/09
    supplier,HO

    area,value,numerator,denominator
    E0101,12.5,125,1000

`table_rows` turns either into `(row number, {column: cell})`, row numbers as a
spreadsheet shows them. A file-wide problem raises `LayoutError`; a row with a cell too
many is given with the column `"(extra cells)"` for the check of the row to refuse it.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from laa.domain.input_limits import MAX_HUB_ROWS, MAX_NAME_CHARS, LimitExceeded, shown

COLUMNS = (
    "indicator", "area", "district", "group", "period", "value", "status", "numerator",
    "denominator", "ci_lower", "ci_upper", "sample_size", "supplier", "reason",
)
REQUIRED = ("indicator", "area", "period", "value")
# Written by an export for the reader, ignored by an import (an export re-imports unchanged).
INFORMATION = ("supplied_at", "supplied_by", "current")
# Written with each rejected row of a dry run, ignored by an import: the rejected rows,
# corrected, are sent back as they were downloaded.
PROBLEM = "problem"
IGNORED = (*INFORMATION, PROBLEM)
DECLARED = ("indicator", "period", "supplier", "status", "group")  # header-scoped keys
DECLARED_REQUIRED = ("indicator", "period")
EXTRA = "(extra cells)"

Row = tuple[int, dict[str, Any]]


class LayoutError(ValueError):
    """The file as a whole cannot be read: `row` and `column` say where (None: anywhere)."""

    def __init__(self, reason: str, row: int | None = None, column: str | None = None) -> None:
        self.reason, self.row, self.column = reason, row, column
        where = f"row {row}" if row is not None else ""
        if column:
            where += f"{', ' if where else ''}column {column}"
        super().__init__(f"{where}: {reason}" if where else reason)


def cell_text(cell: object) -> str:
    """A cell as text: blank for None, whole floats without ".0" (as XLSX keeps numbers),
    others as the shortest text that reads back as the same float."""
    if cell is None:
        return ""
    if isinstance(cell, float):
        return str(int(cell)) if cell.is_integer() and abs(cell) < 1e15 else repr(cell)
    return str(cell).strip()


def table_rows(lines: Iterable[list[Any]]) -> Iterator[Row]:
    """Rows of a table (CSV or the first sheet of an XLSX workbook), either layout."""
    numbered = enumerate(lines, start=1)
    declared: dict[str, str] = {}
    for number, cells in numbered:
        texts = [cell_text(c) for c in cells]
        if not any(texts):
            if declared:
                continue  # the blank line after the declarations
            continue
        first = texts[0].lower()
        if not declared and first == "indicator" and len([t for t in texts if t]) == 2 and (
            texts[1].lower() not in COLUMNS
        ):
            declared = _declarations(number, texts, numbered)
            header_number, header = _next_nonblank(numbered)
            yield from _body(header_number, header, numbered, declared)
            return
        yield from _body(number, texts, numbered, {})
        return
    raise LayoutError("the file is empty: it has no header row and no values")


def _declarations(number: int, texts: list[str], numbered: Iterator[tuple[int, list[Any]]]) -> dict[str, str]:
    declared = {"indicator": texts[1]}
    for number, cells in numbered:  # noqa: B007, B020 - the declarations end at a blank line
        texts = [cell_text(c) for c in cells]
        if not any(texts):
            break
        key = texts[0].lower()
        if key not in DECLARED:
            raise LayoutError(
                f"{shown(texts[0])} is not something a header-scoped file declares "
                f"({', '.join(DECLARED)}); end the declarations with a blank line", number, "A",
            )
        if key in declared:
            raise LayoutError(f"{key} is declared twice", number, "A")
        if len([t for t in texts if t]) != 2:
            raise LayoutError(f"the line declaring {key} must hold the key and one value", number)
        declared[key] = texts[1]
    missing = [k for k in DECLARED_REQUIRED if k not in declared]
    if missing:
        raise LayoutError(f"a header-scoped file declares the {' and the '.join(missing)}", number)
    return declared


def _next_nonblank(numbered: Iterator[tuple[int, list[Any]]]) -> tuple[int, list[str]]:
    for number, cells in numbered:
        texts = [cell_text(c) for c in cells]
        if any(texts):
            return number, texts
    raise LayoutError("the file declares its values but holds none: no header row after the declarations")


def _body(
    header_number: int, header: list[str], numbered: Iterator[tuple[int, list[Any]]], declared: dict[str, str]
) -> Iterator[Row]:
    columns = _columns(header_number, header, declared)
    width = len(columns)
    count = 0
    for number, cells in numbered:
        if len(cells) > width and any(cell_text(c) for c in cells[width:]):
            row = dict(declared)
            row[EXTRA] = f"{len([c for c in cells if cell_text(c)])} cells under {width} columns"
            yield number, row
            continue
        texts = [cell_text(c) for c in cells[:width]]
        if not any(texts):
            continue
        count += 1
        if count > MAX_HUB_ROWS:
            raise LimitExceeded(f"the file holds more than {MAX_HUB_ROWS:,} values", line=number)
        row = dict(declared)
        row.update(zip(columns, texts, strict=False))
        for column in IGNORED:
            row.pop(column, None)
        yield number, row
    if count == 0:
        raise LayoutError("the file has a header row but no values", header_number)


def _columns(number: int, header: list[str], declared: dict[str, str]) -> list[str]:
    while header and not header[-1]:
        header = header[:-1]
    columns = [h.strip().lower() for h in header]
    for position, column in enumerate(columns, start=1):
        if not column:
            raise LayoutError(f"the header's cell {position} is blank: every column needs a name", number)
        if column not in COLUMNS and column not in IGNORED:
            raise LayoutError(
                f"{shown(header[position - 1], MAX_NAME_CHARS // 10)} is not a column the hub reads; the "
                f"columns are {', '.join(COLUMNS)}", number, shown(header[position - 1]),
            )
        if column in declared:
            raise LayoutError(f"{column} is declared above the header, so it cannot be a column too", number, column)
        if columns.count(column) > 1:
            raise LayoutError(f"the column {column} appears twice", number, column)
    needed = [c for c in REQUIRED if c not in columns and c not in declared]
    if needed:
        raise LayoutError(
            f"the header lacks the column{'s' if len(needed) > 1 else ''} {', '.join(needed)} "
            f"(the header read: {', '.join(columns)})", number,
        )
    return columns


def object_rows(items: object) -> Iterator[Row]:
    """Rows of a JSON body: a list of objects keyed by the columns, or {"observations": [...]}."""
    if isinstance(items, dict) and set(items) == {"observations"}:
        items = items["observations"]
    if not isinstance(items, list):
        raise LayoutError('the JSON must be a list of values, or {"observations": [...]}')
    if not items:
        raise LayoutError("the JSON holds no values")
    if len(items) > MAX_HUB_ROWS:
        raise LimitExceeded(f"the JSON holds more than {MAX_HUB_ROWS:,} values")
    for number, item in enumerate(items, start=1):
        if not isinstance(item, dict):
            yield number, {EXTRA: "is not an object of columns and values"}
            continue
        row: dict[str, Any] = {}
        for key, value in item.items():
            column = str(key).strip().lower()
            if column in IGNORED:
                continue
            if column not in COLUMNS:
                row[EXTRA] = f"{shown(key)} is not a column the hub reads"
            elif isinstance(value, list | dict | bool):
                row[column] = value  # refused by the check of the row, naming the column
            else:
                row[column] = "" if value is None else value
        missing = [c for c in REQUIRED if c not in row]
        if missing and EXTRA not in row:
            row[EXTRA] = f"lacks {', '.join(missing)}"
        yield number, row
