"""Exporting the hub's values in the layout an import reads (laa.domain.hub.layout), so
an export re-imports unchanged: CSV or JSON, streamed row by row from the database
(constant memory, however many rows), filtered, through the reader's scope.

    rows = export_rows(observations_for(user, ExportFilter(indicator="NI 20")))
    for chunk in csv_chunks(rows): ...
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from laa.domain.hub.groups import GroupError, parse_group
from laa.domain.hub.layout import COLUMNS, INFORMATION
from laa.domain.hub.periods import PeriodError, parse_period
from laa.domain.hub.rows import indicator_code
from laa.domain.text import spreadsheet_safe
from laa.hub.models import Observation, ObservationQuerySet

EXPORT_COLUMNS = (*COLUMNS, *INFORMATION)
CHUNK_ROWS = 2000
_FIELDS = (
    "indicator__code", "area__code", "district__name", "group", "period", "value", "status", "numerator",
    "denominator", "ci_lower", "ci_upper", "sample_size", "supplier", "reason", "supplied_at",
    "supplied_by_label", "replaced_by__id",
)


class FilterError(ValueError):
    def __init__(self, field: str, message: str) -> None:
        self.field = field
        super().__init__(f"{field}: {message}")


@dataclass(frozen=True)
class ExportFilter:
    indicator: str = ""
    area: str = ""
    region: str = ""
    period: str = ""
    group: str = ""
    supplier: str = ""
    updated_since: dt.datetime | None = None
    history: bool = False  # superseded values too


def observations_for(user, f: ExportFilter) -> ObservationQuerySet:
    """The values `user` may read that pass `f`; FilterError naming a filter that is not valid."""
    values = Observation.objects.visible_to(user)
    if not f.history:
        values = values.current()
    if f.indicator:
        values = values.filter(indicator__code__iexact=indicator_code(f.indicator))
    if f.area:
        values = values.filter(area__code__iexact=f.area.strip())
    if f.region:
        values = values.filter(area__region__code__iexact=f.region.strip())
    if f.period:
        try:
            values = values.filter(period=parse_period(f.period).code)
        except PeriodError as exc:
            raise FilterError("period", f"the period {exc}") from None
    if f.group:
        try:
            values = values.filter(group=parse_group(f.group))
        except GroupError as exc:
            raise FilterError("group", f"the group {exc}") from None
    if f.supplier:
        values = values.filter(supplier__iexact=f.supplier.strip())
    if f.updated_since is not None:
        values = values.filter(supplied_at__gt=f.updated_since)
    return values.order_by("id")


def export_rows(values: ObservationQuerySet) -> Iterator[dict[str, Any]]:
    """Each value as a row of the layout, read from the database in chunks."""
    for row in values.values_list(*_FIELDS).iterator(chunk_size=CHUNK_ROWS):
        (indicator, area, district, group, period, value, status, numerator, denominator, lower, upper,
         sample, supplier, reason, at, by, replaced_by) = row
        yield {
            "indicator": indicator, "area": area, "district": district or "", "group": group,
            "period": period, "value": _figure(value), "status": status, "numerator": _figure(numerator),
            "denominator": _figure(denominator), "ci_lower": _figure(lower), "ci_upper": _figure(upper),
            "sample_size": sample, "supplier": supplier, "reason": reason,
            "supplied_at": at.isoformat(), "supplied_by": by, "current": replaced_by is None,
        }


def _figure(value: Decimal | None) -> Decimal | None:
    """Without the column's trailing zeros (12.3400 as 12.34), never in exponent form."""
    if value is None:
        return None
    if value == value.to_integral_value():
        return value.quantize(Decimal(1))
    return value.normalize()


def _cell(value: Any) -> Any:
    if value is None:
        return ""
    if value is True or value is False:
        return "true" if value else "false"
    if isinstance(value, str):
        return spreadsheet_safe(value)
    return value


def csv_chunks(rows: Iterable[dict[str, Any]]) -> Iterator[str]:
    """The CSV text, a chunk of rows at a time."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(EXPORT_COLUMNS)
    count = 0
    for row in rows:
        writer.writerow([_cell(row[c]) for c in EXPORT_COLUMNS])
        count += 1
        if count % CHUNK_ROWS == 0:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue()


def json_chunks(rows: Iterable[dict[str, Any]]) -> Iterator[str]:
    """A JSON list of objects keyed by the columns, a chunk of rows at a time; figures
    as exact JSON numbers."""
    yield "["
    parts: list[str] = []
    first = True
    for row in rows:
        text = "{" + ", ".join(f"{json.dumps(k)}: {_json_value(v)}" for k, v in row.items()) + "}"
        parts.append(text if first else "," + text)
        first = False
        if len(parts) >= CHUNK_ROWS:
            yield "\n".join(parts)
            parts = []
    if parts:
        yield "\n".join(parts)
    yield "]\n"


def _json_value(value: Any) -> str:
    return str(value) if isinstance(value, Decimal) else json.dumps(value, ensure_ascii=False)
