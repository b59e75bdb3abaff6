"""The catalogue in the API: list (filterable, paginated, JSON or CSV) and one indicator."""

from __future__ import annotations

from typing import Literal

from django.http import Http404, HttpResponse
from ninja import Query, Router, Schema

from laa.accounts.api_auth import public
from laa.catalogue.export import COLUMNS, indicator_record
from laa.catalogue.models import Indicator
from laa.catalogue.queries import (
    CatalogueFilter,
    catalogue_stamp,
    current_definitions,
    current_round,
    local_scope_key,
    statutory_indicator_ids,
)
from laa.presentation.api_lists import (
    Limit,
    Offset,
    Page,
    csv_alternative,
    csv_response,
    paginate,
    wants_csv,
)
from laa.presentation.api_schemas import ERRORS
from laa.presentation.fragments import cached

router = Router(tags=["catalogue"])


class IndicatorOut(Schema):
    code: str
    number: int | None
    version: int
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
    deferred: bool
    place_survey: bool
    tellus_survey: bool
    statutory: bool
    title_provenance: str
    department_provenance: str
    polarity_provenance: str
    unit_provenance: str
    data_source_provenance: str
    frequency_provenance: str
    note: str


class IndicatorPage(Page):
    items: list[IndicatorOut]


class IndicatorQuery(Schema):
    q: str = ""
    theme: str = ""
    department: str = ""
    source: str = ""
    deferred: bool | None = None
    statutory: bool | None = None
    place_survey: bool | None = None
    kind: Literal["", "national", "local"] = ""
    offset: Offset = 0
    limit: Limit = 100
    format: Literal["json", "csv"] | None = None


@router.get("/", response={200: IndicatorPage, **ERRORS}, auth=public, summary="List indicators",
            openapi_extra=csv_alternative(COLUMNS))
def list_indicators(request, query: Query[IndicatorQuery]):
    flt = CatalogueFilter(
        q=query.q, theme=query.theme, department=query.department, source=query.source,
        deferred=query.deferred, statutory=query.statutory, place_survey=query.place_survey, kind=query.kind,
    )
    as_csv = wants_csv(request, query.format)
    # The answer depends only on the query, the local indicators the caller sees and
    # the catalogue itself: kept per process until the catalogue changes.
    key = ("api-indicators", catalogue_stamp(), local_scope_key(request.user), flt, as_csv, query.offset, query.limit)

    def build() -> bytes:
        statutory = statutory_indicator_ids(current_round())
        definitions = current_definitions(request.user, flt)
        if as_csv:
            return csv_response([indicator_record(d, statutory) for d in definitions], COLUMNS, "indicators.csv").content
        window, page = paginate(definitions, query.offset, query.limit)
        data = IndicatorPage.model_validate({**page, "items": [indicator_record(d, statutory) for d in window]})
        return data.model_dump_json().encode()

    body = cached(key, build)
    if as_csv:
        response = HttpResponse(body, content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = 'attachment; filename="indicators.csv"'
        return response
    return HttpResponse(body, content_type="application/json; charset=utf-8")


@router.get("/{code}", response={200: IndicatorOut, **ERRORS}, auth=public, summary="One indicator's current definition")
def get_indicator(request, code: str):
    indicator = Indicator.objects.visible_to(request.user).filter(code=code).first()
    definition = indicator.definitions.select_related("department", "indicator").filter(is_current=True).first() if indicator else None
    if definition is None:
        raise Http404(f"No indicator {code}")
    return indicator_record(definition, statutory_indicator_ids(current_round()))
