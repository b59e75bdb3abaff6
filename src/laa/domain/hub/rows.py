"""The check of one row of an import: every cell, against the catalogue, the places,
the indicator's reporting and its supplier. Each problem names the row, the column and
the reason in plain English; a row with none becomes a `CheckedRow`.

The catalogue and places are reached through `Lookups` (the hub app gives one backed by
the database), so the rule stays here, in plain Python.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Protocol

from laa.domain.hub.groups import GroupError, group_dimension, parse_group
from laa.domain.hub.layout import EXTRA
from laa.domain.hub.periods import Period, PeriodError, parse_period
from laa.domain.hub.reporting import Definition, Reporting
from laa.domain.hub.suppliers import Submitter, supplier_problem
from laa.domain.hub.values import CheckedValue, RawValue, ValueProblems, check_value
from laa.domain.input_limits import MAX_NAME_CHARS, shown, unsafe_character

_NI = re.compile(r"ni\s*0*(\d{1,3})", re.IGNORECASE)

Key = tuple[int, int, int | None, str, str]  # definition, area, district, group, period


@dataclass(frozen=True, slots=True)
class Rejection:
    row: int
    column: str
    reason: str


@dataclass(frozen=True, slots=True)
class IndicatorEntry:
    definition_id: int
    indicator_id: int
    definition: Definition
    reporting: Reporting


@dataclass(frozen=True, slots=True)
class CheckedRow:
    row: int
    key: Key
    indicator_id: int
    period: Period
    value: CheckedValue
    supplier: str
    reason: str


class Lookups(Protocol):
    def indicator(self, code: str) -> IndicatorEntry | None: ...
    def area(self, code: str) -> int | None: ...
    def district(self, area_id: int, name: str) -> int | None: ...


def indicator_code(text: str) -> str:
    """"NI 16" for "ni16", "NI 016" or "16"; other codes as given."""
    text = " ".join(text.split())
    if text.isdigit():
        return f"NI {int(text)}"
    match = _NI.fullmatch(text)
    return f"NI {int(match[1])}" if match else text


def check_row(number: int, cells: dict[str, Any], lookups: Lookups, submitter: Submitter) -> CheckedRow | list[Rejection]:
    problems: list[Rejection] = []

    def refuse(column: str, reason: str) -> None:
        problems.append(Rejection(number, column, reason))

    if EXTRA in cells:
        refuse(EXTRA, f"the row {cells[EXTRA]}")
        return problems
    texts: dict[str, str] = {}
    for column, cell in cells.items():
        if isinstance(cell, list | dict | bool):
            refuse(column, "must be a single value")
            continue
        text = "" if cell is None else str(cell)
        if len(text) > MAX_NAME_CHARS:
            refuse(column, f"holds more than {MAX_NAME_CHARS} characters")
        elif (unsafe := unsafe_character(text)) is not None:
            refuse(column, f"holds {unsafe}")
        else:
            texts[column] = text.strip()
    if problems:
        return problems

    code = indicator_code(texts.get("indicator", ""))
    entry = lookups.indicator(code) if code else None
    if not code:
        refuse("indicator", "is missing")
    elif entry is None:
        refuse("indicator", f"{shown(code)} is not an indicator the hub knows")
    area_code = texts.get("area", "").upper()
    area_id = lookups.area(area_code) if area_code else None
    if not area_code:
        refuse("area", "is missing")
    elif area_id is None:
        refuse("area", f"{shown(area_code)} is not an area's CLG code (like E2201)")
    period: Period | None = None
    try:
        period = parse_period(texts.get("period", ""))
    except PeriodError as exc:
        refuse("period", f"{shown(texts.get('period', ''))} {exc}" if texts.get("period") else f"{exc}")
    try:
        group = parse_group(texts.get("group", ""))
    except GroupError as exc:
        refuse("group", f"{shown(texts.get('group', ''))}: the group {exc}")
        group = ""
    if entry is None:
        return problems

    reporting = entry.reporting
    if period is not None and period.kind not in reporting.period_kinds:
        kinds = " or ".join(sorted(k.label for k in reporting.period_kinds))
        refuse("period", f"{period.code} is not a period {code} reports: it reports by {kinds}")
    dimension = group_dimension(group) if group else None
    if dimension is not None and dimension not in reporting.group_dimensions:
        allowed = ", ".join(sorted(reporting.group_dimensions)) or "no breakdown by group"
        refuse("group", f"{code} is not broken down by {dimension} (its definition allows {allowed})")
    district_id = None
    district = texts.get("district", "")
    if district and area_id is not None:
        if not reporting.reports_districts:
            refuse("district", f"{code} is reported for the whole area, not for districts")
        elif (district_id := lookups.district(area_id, district)) is None:
            refuse("district", f"{shown(district)} is not a district of {area_code}")
    if area_id is not None and (problem := supplier_problem(submitter, code, reporting, area_code)):
        refuse("indicator", problem)
    declared = texts.get("supplier", "")
    if declared and declared.casefold() != reporting.supplier_label.casefold() and not (
        reporting.supplier_label == "the area itself" and declared.upper() == area_code
    ):
        refuse("supplier", f"{shown(declared)} does not supply {code}: {reporting.supplier_label} does")
    try:
        value = check_value(
            RawValue(
                value=cells.get("value"), numerator=cells.get("numerator"),
                denominator=cells.get("denominator"), ci_lower=cells.get("ci_lower"),
                ci_upper=cells.get("ci_upper"), sample_size=cells.get("sample_size"),
                status=cells.get("status"),
            ),
            entry.definition,
        )
    except ValueProblems as exc:
        problems += [Rejection(number, p.column, p.reason) for p in exc.problems]
        return problems
    if problems or period is None or area_id is None:
        return problems
    supplier = area_code if reporting.supplier_label == "the area itself" else reporting.supplier_label
    return CheckedRow(
        row=number,
        key=(entry.definition_id, area_id, district_id, group, period.code),
        indicator_id=entry.indicator_id,
        period=period,
        value=value,
        supplier=supplier,
        reason=texts.get("reason", ""),
    )
