"""The hub in the API: observations (JSON or CSV, streamed, filtered, incremental with
`updated_since`, superseded history on request), the JSON import with its dry run, the
import ledger and the suppliers."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from django.core.exceptions import PermissionDenied, RequestDataTooBig
from django.http import Http404, StreamingHttpResponse
from ninja import Query, Router, Schema, Status

from laa.accounts.api_auth import public, signed_in
from laa.hub.actions import import_values_json
from laa.hub.export import (
    EXPORT_COLUMNS,
    ExportFilter,
    FilterError,
    csv_chunks,
    export_rows,
    json_chunks,
    observations_for,
)
from laa.hub.importing import ImportReport
from laa.hub.models import LedgerEntry, Observation, Supplier
from laa.presentation.api_bodies import too_big
from laa.presentation.api_lists import Limit, Offset, Page, paginate, wants_csv
from laa.presentation.api_schemas import ERRORS, Error, ValidationErrors

router = Router(tags=["hub"])


class ObservationOut(Schema):
    indicator: str
    area: str
    district: str
    group: str
    period: str
    value: float | None
    status: str
    numerator: float | None
    denominator: float | None
    ci_lower: float | None
    ci_upper: float | None
    sample_size: int | None
    supplier: str
    reason: str
    supplied_at: dt.datetime
    supplied_by: str
    current: bool


class ObservationQuery(Schema):
    indicator: str = ""
    area: str = ""
    region: str = ""
    period: str = ""
    group: str = ""
    supplier: str = ""
    updated_since: dt.datetime | None = None
    history: bool = False
    format: Literal["json", "csv"] | None = None


class RejectionOut(Schema):
    row: int
    column: str
    reason: str


class ImportReportOut(Schema):
    file_name: str
    file_hash: str
    rows: int
    created: int
    changed: int
    unchanged: int
    rejected: int
    rejections: list[RejectionOut]
    refused: str
    dry_run: bool
    written: bool
    ledger_id: int | None
    summary: str


class LedgerEntryOut(Schema):
    id: int
    at: dt.datetime
    by: str
    file_name: str
    file_hash: str
    layout: str
    rows: int
    created: int
    changed: int
    unchanged: int


class LedgerPage(Page):
    items: list[LedgerEntryOut]


class SupplierOut(Schema):
    indicator: str
    kind: str
    supplier: str
    period_kinds: list[str]
    reports_districts: bool
    group_dimensions: list[str]
    provenance: str


STREAMED = {
    "responses": {
        200: {
            "description": "The values, streamed: a JSON list, or CSV in the layout `laa hub import` reads",
            "content": {
                "text/csv": {"schema": {"type": "string", "description": "CSV: " + ", ".join(EXPORT_COLUMNS)}}
            },
        }
    }
}
IMPORT_BODY = {
    "requestBody": {
        "required": True,
        "description": "A list of values keyed by the import layout's columns, or {\"observations\": [...]}",
        "content": {"application/json": {"schema": {
            "anyOf": [
                {"type": "array", "items": {"type": "object"}},
                {"type": "object", "properties": {"observations": {"type": "array", "items": {"type": "object"}}},
                 "required": ["observations"]},
            ]
        }}},
    }
}


def _stream(request, values, as_csv: bool, filename: str) -> StreamingHttpResponse:
    rows = export_rows(values)
    if as_csv:
        response = StreamingHttpResponse(csv_chunks(rows), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{filename}.csv"'
        return response
    return StreamingHttpResponse(json_chunks(rows), content_type="application/json; charset=utf-8")


def _invalid(field: str, message: str):
    return Status(422, {"detail": "The request is not valid", "errors": [{"field": field, "message": message}]})


@router.get("/observations", response={200: list[ObservationOut], **ERRORS}, auth=public,
            summary="Observed values a reader may see", openapi_extra=STREAMED)
def list_observations(request, query: Query[ObservationQuery]):
    f = ExportFilter(
        indicator=query.indicator, area=query.area, region=query.region, period=query.period,
        group=query.group, supplier=query.supplier, updated_since=query.updated_since, history=query.history,
    )
    try:
        values = observations_for(request.user, f)
    except FilterError as exc:
        return _invalid(exc.field, str(exc).split(": ", 1)[1])
    return _stream(request, values, wants_csv(request, query.format), "observations")


@router.post("/imports", response={200: ImportReportOut, 400: Error, 401: Error, 403: Error, 413: Error,
                                   422: ImportReportOut | ValidationErrors, 503: Error},
             auth=signed_in, summary="Import values (JSON), or check them with dry_run", openapi_extra=IMPORT_BODY)
def import_observations(request, dry_run: bool = False):
    try:
        body = request.body
    except RequestDataTooBig:
        return Status(413, {"detail": too_big()})
    try:
        report = import_values_json(actor=request.user, name="API request", body=body, dry_run=dry_run)
    except PermissionDenied as exc:
        return Status(403, {"detail": str(exc)})
    return Status(200 if report.accepted else 422, _report(report))


def _report(report: ImportReport) -> dict:
    return {
        "file_name": report.file_name, "file_hash": report.file_hash, "rows": report.rows,
        "created": report.created, "changed": report.changed, "unchanged": report.unchanged,
        "rejected": report.rejected, "rejections": [vars_of(r) for r in report.rejections],
        "refused": report.refused, "dry_run": report.dry_run, "written": report.written,
        "ledger_id": report.ledger_id, "summary": report.summary(),
    }


def vars_of(rejection) -> dict:
    return {"row": rejection.row, "column": rejection.column, "reason": rejection.reason}


class LedgerQuery(Schema):
    offset: Offset = 0
    limit: Limit = 100


def _ledger_entry(entry: LedgerEntry) -> dict:
    return {
        "id": entry.id, "at": entry.at, "by": entry.by_label, "file_name": entry.file_name,
        "file_hash": entry.file_hash, "layout": entry.layout, "rows": entry.rows, "created": entry.created,
        "changed": entry.changed, "unchanged": entry.unchanged,
    }


def _readable_ledger(request):
    if not request.user.has_perm("hub.read_ledger"):
        raise PermissionDenied("Your role does not read the import ledger.")
    return LedgerEntry.objects.visible_to(request.user)


@router.get("/ledger", response={200: LedgerPage, **ERRORS}, auth=signed_in, summary="The import ledger")
def list_ledger(request, query: Query[LedgerQuery]):
    try:
        entries = _readable_ledger(request)
    except PermissionDenied as exc:
        return Status(403, {"detail": str(exc)})
    window, page = paginate(entries, query.offset, query.limit)
    return {**page, "items": [_ledger_entry(e) for e in window]}


@router.get("/ledger/{entry_id}", response={200: LedgerEntryOut, **ERRORS}, auth=signed_in,
            summary="One import in the ledger")
def get_ledger_entry(request, entry_id: int):
    try:
        entry = _readable_ledger(request).filter(pk=entry_id).first()
    except PermissionDenied as exc:
        return Status(403, {"detail": str(exc)})
    if entry is None:
        raise Http404(f"No ledger entry {entry_id}")
    return _ledger_entry(entry)


@router.get("/ledger/{entry_id}/observations", response={200: list[ObservationOut], **ERRORS}, auth=signed_in,
            summary="The values one import wrote, read back", openapi_extra=STREAMED)
def ledger_observations(request, entry_id: int, format: Literal["json", "csv"] | None = None):
    try:
        entry = _readable_ledger(request).filter(pk=entry_id).first()
    except PermissionDenied as exc:
        return Status(403, {"detail": str(exc)})
    if entry is None:
        raise Http404(f"No ledger entry {entry_id}")
    values = Observation.objects.visible_to(request.user).filter(ledger=entry).order_by("id")
    return _stream(request, values, wants_csv(request, format), f"import-{entry.id}")


@router.get("/suppliers", response={200: list[SupplierOut], **ERRORS}, auth=public,
            summary="Who supplies each indicator's data")
def list_suppliers(request):
    suppliers = Supplier.objects.visible_to(request.user).select_related("indicator", "department")
    return [
        {"indicator": s.indicator.code, "kind": s.kind, "supplier": s.supplier_label,
         "period_kinds": s.period_kinds, "reports_districts": s.reports_districts,
         "group_dimensions": s.group_dimensions, "provenance": s.provenance}
        for s in suppliers
    ]
