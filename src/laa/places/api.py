"""Places in the API: regions and areas (paginated, filterable, JSON or CSV)."""

from __future__ import annotations

from typing import Literal

from django.http import Http404
from ninja import Query, Router, Schema

from laa.accounts.api_auth import public
from laa.places.models import Area, Region
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

router = Router(tags=["places"])


class RegionOut(Schema):
    code: str
    name: str
    government_office: str
    short_name: str


class RegionPage(Page):
    items: list[RegionOut]


class RegionQuery(Schema):
    offset: Offset = 0
    limit: Limit = 100
    format: Literal["json", "csv"] | None = None


REGION_COLUMNS = list(RegionOut.model_fields)


class AreaChangeOut(Schema):
    """A change that kept the area's code (April 2009: a county became a unitary)."""

    valid_from: str
    name: str
    type: str
    two_tier: bool
    note: str


class AreaOut(Schema):
    code: str
    name: str
    type: str
    two_tier: bool
    region: str
    valid_from: str | None
    valid_to: str | None
    districts: list[str]
    successors: list[str]
    changes: list[AreaChangeOut]
    partnership: str | None


class AreaPage(Page):
    items: list[AreaOut]


class AreaQuery(Schema):
    region: str = ""
    type: str = ""
    two_tier: bool | None = None
    q: str = ""
    offset: Offset = 0
    limit: Limit = 100
    format: Literal["json", "csv"] | None = None


AREA_COLUMNS = ["code", "name", "type", "two_tier", "region", "valid_from", "valid_to", "districts", "successors", "changes", "partnership"]


def area_record(area: Area) -> dict:
    return {
        "code": area.code,
        "name": area.name,
        "type": area.type,
        "two_tier": area.two_tier,
        "region": area.region.code,
        "valid_from": area.valid_from.isoformat() if area.valid_from else None,
        "valid_to": area.valid_to.isoformat() if area.valid_to else None,
        "districts": [d.name for d in area.districts.all()],
        "successors": [s.successor.code for s in area.succeeded_by.all()],
        "changes": [
            {"valid_from": c.valid_from.isoformat(), "name": c.name, "type": c.type, "two_tier": c.two_tier,
             "note": c.note}
            for c in area.changes.all()
        ],
        "partnership": getattr(getattr(area, "partnership", None), "name", None),
    }


def region_record(region: Region) -> dict:
    return {c: getattr(region, c) for c in REGION_COLUMNS}


@router.get("/regions", response={200: RegionPage, **ERRORS}, auth=public, summary="The 9 regions",
            openapi_extra=csv_alternative(REGION_COLUMNS))
def list_regions(request, query: Query[RegionQuery]):
    qs = Region.objects.visible_to(request.user).order_by("name")
    if wants_csv(request, query.format):
        return csv_response([region_record(r) for r in qs], REGION_COLUMNS, "regions.csv")
    window, page = paginate(qs, query.offset, query.limit)
    return {**page, "items": [region_record(r) for r in window]}


@router.get("/areas", response={200: AreaPage, **ERRORS}, auth=public, summary="List areas",
            openapi_extra=csv_alternative(AREA_COLUMNS))
def list_areas(request, query: Query[AreaQuery]):
    qs = (
        Area.objects.visible_to(request.user)
        .select_related("region", "partnership")
        .prefetch_related("districts", "succeeded_by__successor", "changes")
        .order_by("name")
    )
    if query.region:
        qs = qs.filter(region__code=query.region)
    if query.type:
        qs = qs.filter(type=query.type)
    if query.two_tier is not None:
        qs = qs.filter(two_tier=query.two_tier)
    if query.q:
        qs = qs.filter(name__icontains=query.q)
    if wants_csv(request, query.format):
        rows = [area_record(a) for a in qs]
        for r in rows:
            r["districts"] = "; ".join(r["districts"])
            r["successors"] = "; ".join(r["successors"])
            r["changes"] = "; ".join(f"from {c['valid_from']}: {c['name']}, {c['type']}" for c in r["changes"])
        return csv_response(rows, AREA_COLUMNS, "areas.csv")
    window, page = paginate(qs, query.offset, query.limit)
    return {**page, "items": [area_record(a) for a in window]}


@router.get("/areas/{code}", response={200: AreaOut, **ERRORS}, auth=public, summary="One area")
def get_area(request, code: str):
    area = Area.objects.visible_to(request.user).select_related("region").filter(code=code).first()
    if area is None:
        raise Http404(f"No area {code}")
    return area_record(area)
