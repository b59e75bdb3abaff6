"""Comparisons and hotspots in the API (issue 13, ADR 0026), read only, on the performance
router: an indicator's areas compared for a period (public, as the hub's values are: a
resident's comparison is of final values only), and the hotspots (signed in: a Government
Office its region's, a department its indicators', national readers any; 403 otherwise)."""

from __future__ import annotations

from decimal import Decimal

import rules
from django.http import Http404
from ninja import Query, Router, Schema, Status
from pydantic import Field

from laa.accounts.api_auth import public, signed_in
from laa.domain.hotspots import DEFAULT_HOTSPOT_RULES
from laa.domain.roles import DEPARTMENT_ROLES, REGION_ROLES, role_of
from laa.performance import comparing
from laa.performance.peers import KINDS, SAME_TYPE
from laa.presentation.api_schemas import ERRORS


class StandingOut(Schema):
    rank: int = Field(description="1: the best (no better direction: the highest)")
    of: int = Field(description="How many areas were ranked")
    quartile: int | None = Field(description="1 the best ... 4 the worst; null: fewer than four areas")


class ReferenceOut(Schema):
    name: str
    value: Decimal | None
    ci_lower: Decimal | None
    ci_upper: Decimal | None
    method: str = Field(description='"pooled" from the areas\' counts, or "median" of their values')
    areas: int


class AreaComparisonOut(Schema):
    area_code: str
    area: str
    region: str
    value: Decimal | None = Field(description="null: no value, or suppressed")
    status: str | None = Field(description="provisional, final or suppressed; null: no value for the period")
    ci_lower: Decimal | None
    ci_upper: Decimal | None
    interval_method: str | None = Field(description="as given, Wilson, Byar's or exact Poisson")
    england: StandingOut | None
    in_region: StandingOut | None
    among_peers: StandingOut | None
    vs_england: str = Field(description="better, similar, worse, higher, lower or not_compared")
    vs_region: str
    trend: str = Field(description="The trend of the last five values, in words")
    trend_method: str


class ComparisonOut(Schema):
    indicator: str
    title: str
    polarity: str
    period: str | None = Field(description="The period compared (null: the hub holds no value)")
    periods: list[str] = Field(description="The periods with values, latest first")
    peers: str = Field(description="The peer groups used: type or neighbours")
    england: ReferenceOut | None
    regions: list[ReferenceOut]
    areas: list[AreaComparisonOut] = Field(description="Best first, then the areas without a value")


class ComparisonQuery(Schema):
    period: str = Field("", max_length=24, description="A period code; the latest most areas have by default")
    peers: str = Field(SAME_TYPE, description=f"Peer groups: {', '.join(KINDS)}")


class HotspotOut(Schema):
    area_code: str
    area: str
    theme: str
    indicators: list[str] = Field(description="In the worst quartile of all areas")


class HotspotsOut(Schema):
    rule: str
    region: str | None
    department: str | None
    periods: dict[str, str] = Field(description="The period each indicator was compared on")
    hotspots: list[HotspotOut]


class HotspotQuery(Schema):
    region: str = Field("", max_length=8, description="A region's code (national readers)")
    department: str = Field("", max_length=8, description="A department's code (national readers)")


def register(router: Router) -> None:
    router.add_api_operation("/indicators/{code}/comparison", ["GET"], get_comparison,
                             response={200: ComparisonOut, **ERRORS}, auth=public,
                             summary="An indicator's areas compared for a period")
    router.add_api_operation("/hotspots", ["GET"], get_hotspots, response={200: HotspotsOut, **ERRORS},
                             auth=signed_in, summary="Areas with several indicators of a theme in the worst quartile")


def _reference(r) -> dict:
    return {"name": r.name, "value": r.value, "ci_lower": r.interval.lower if r.interval else None,
            "ci_upper": r.interval.upper if r.interval else None, "method": r.method, "areas": r.areas}


def _standing(s) -> dict | None:
    return {"rank": s.rank, "of": s.of, "quartile": s.quartile} if s else None


def get_comparison(request, code: str, query: Query[ComparisonQuery]):
    try:
        found = comparing.indicator_comparison(request.user, code[:32], query.period, query.peers)
    except Http404:
        return Status(404, {"detail": f"There is no national indicator {code[:32]}"})
    c = found.comparison
    areas = []
    for a in c.areas if c else ():
        v, t = a.value, found.trends.get(a.area)
        areas.append({
            "area_code": a.area, "area": found.places[a.area].name, "region": a.region,
            "value": v.value if v else None, "status": v.status if v else None,
            "ci_lower": a.interval.lower if a.interval else None, "ci_upper": a.interval.upper if a.interval else None,
            "interval_method": a.interval.method if a.interval else None, "england": _standing(a.england),
            "in_region": _standing(a.in_region), "among_peers": _standing(a.among_peers),
            "vs_england": a.vs_england.value, "vs_region": a.vs_region.value,
            "trend": t.says if t else "Cannot be calculated (no values)", "trend_method": t.method if t else ""})
    return {"indicator": found.indicator.code, "title": found.indicator.title,
            "polarity": found.indicator.measure.polarity, "period": found.period.code if found.period else None,
            "periods": [p.code for p in found.periods], "peers": found.peers_kind,
            "england": _reference(c.england) if c else None,
            "regions": [_reference(r) for r in c.regions.values()] if c else [], "areas": areas}


def get_hotspots(request, query: Query[HotspotQuery]):
    user = request.user
    if not rules.has_perm("performance.view_hotspots", user):
        return Status(403, {"detail": "Hotspots are for Government Offices, departments and national readers"})
    role = role_of(user)
    region, department = query.region or None, query.department or None
    if role in REGION_ROLES:
        region, department = user.region.code, None
    elif role in DEPARTMENT_ROLES:
        region, department = None, user.department.code if user.department_id else ""
    found, spots = comparing.hotspots_for(user, region_code=region, department=department)
    return {"rule": DEFAULT_HOTSPOT_RULES.says(), "region": region, "department": department,
            "periods": found.periods,
            "hotspots": [{"area_code": h.area, "area": found.places[h.area].name if h.area in found.places else h.area,
                          "theme": h.theme, "indicators": list(h.indicators)} for h in spots]}
