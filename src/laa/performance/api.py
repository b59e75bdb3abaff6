"""Progress against trajectory in the API (issue 13, ADR 0022), read only: each target of
an area's agreement (its version in force on the service's day) with its latest value,
the trajectory's value for that year, the judgement and its reason, each year's
judgement and the forecast of the final year. Signed in only (401 otherwise), 403 for a
department, 404 outside one's scope."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.core.exceptions import PermissionDenied
from ninja import Router, Schema, Status
from pydantic import Field

from laa import clock
from laa.accounts.api_auth import signed_in
from laa.domain.progress import YearProgress
from laa.performance.api_comparison import register as register_comparisons
from laa.performance.api_picture import register as register_pictures
from laa.performance.reading import TargetProgress, area_progress, progress_agreement
from laa.presentation.api_schemas import ERRORS

router = Router(tags=["progress"])


class YearOut(Schema):
    year: str = Field(description='A year of the agreement, "2008/09"')
    judgement: str = Field(description="on_track, at_risk, off_track or none")
    reason: str = Field(description="The rule and the figures, in words; why there is no judgement")
    period: str | None = Field(description="The hub's period of the value judged")
    value: Decimal | None = Field(description="The value judged (null: none, or suppressed)")
    status: str | None = Field(description="provisional, final or suppressed")
    trajectory: Decimal | None = Field(description="The trajectory's value for the year")
    ci_lower: Decimal | None = Field(description="The 95% interval the value was judged by, for a survey")
    ci_upper: Decimal | None


class ForecastOut(Schema):
    year: str
    value: Decimal
    points: int = Field(description="How many figures the least-squares line was fitted to")
    meets: bool | None = Field(description="The forecast meets the final year's target (null: not known)")
    note: str


class TargetProgressOut(Schema):
    key: str
    indicator: str
    latest: YearOut = Field(description="The latest reported year (the first year when none is)")
    years: list[YearOut]
    forecast: ForecastOut | None


class AreaProgressOut(Schema):
    area_code: str
    area: str
    day: date = Field(description="Values of periods ended by this day are read (the service's clock)")
    version: int | None = Field(description="The agreement's version in force on the day (null: none yet)")
    targets: list[TargetProgressOut] = Field(description="Off track first, then at risk, on track, no judgement")


def _year(y: YearProgress) -> dict:
    o = y.value
    lower, upper = y.interval if y.interval else (None, None)
    return {"year": y.year, "judgement": y.judgement.value, "reason": y.reason, "period": o.period if o else None,
            "value": o.value if o else None, "status": o.status if o else None, "trajectory": y.trajectory,
            "ci_lower": lower, "ci_upper": upper}


def _target(t: TargetProgress) -> dict:
    f = t.progress.forecast
    return {"key": t.target.key, "indicator": t.target.indicator, "latest": _year(t.progress.latest),
            "years": [_year(y) for y in t.progress.years],
            "forecast": {"year": f.year, "value": f.value, "points": f.points, "meets": f.meets, "note": f.note}
            if f else None}


@router.get("/{area_code}/progress", response={200: AreaProgressOut, **ERRORS}, auth=signed_in,
            summary="Progress of every target of the area's agreement against its trajectory")
def get_progress(request, area_code: str):
    try:
        agreement = progress_agreement(request.user, area_code)
    except PermissionDenied as refused:
        return Status(403, {"detail": str(refused)})
    found = area_progress(request.user, agreement, clock.today())
    return {"area_code": agreement.area.code, "area": agreement.area.name, "day": found.day,
            "version": found.version.number if found.version else None,
            "targets": [_target(t) for t in found.targets]}


register_comparisons(router)  # an indicator's areas compared, and the hotspots (ADR 0026)
register_pictures(router)  # a department's progress across areas, and the national picture
# the CAA's flags and the reward endpoints, on this router
from laa.performance import caa_api, reward_api  # noqa: E402, F401
