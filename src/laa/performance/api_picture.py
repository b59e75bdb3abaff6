"""Progress across areas in the API (issue 13), read only, on the performance router: a
department's targets across all areas, off track first, with each indicator's counts (a
department's policy lead its own department's, national readers any; 403 otherwise), and
the national picture by region and by indicator (national readers; 403 otherwise). As the
pages (laa.performance.picture) read them."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import rules
from ninja import Router, Schema, Status
from pydantic import Field

from laa import clock
from laa.accounts.api_auth import signed_in
from laa.catalogue.models import Department
from laa.domain.roles import NATIONAL_ROLES, role_of
from laa.performance import picture
from laa.presentation.api_schemas import ERRORS


class CountsOut(Schema):
    off_track: int
    at_risk: int
    on_track: int
    none: int = Field(description="Targets with no judgement (each says why on the area's progress)")
    targets: int


class RegionCountsOut(CountsOut):
    code: str
    name: str
    agreements: int = Field(description="The region's approved agreements")


class IndicatorCountsOut(CountsOut):
    code: str
    title: str


class DepartmentTargetOut(Schema):
    area_code: str
    area: str
    region: str
    key: str = Field(description="The target's key in the agreement")
    indicator: str
    judgement: str = Field(description="on_track, at_risk, off_track or none")
    reason: str = Field(description="The rule and the figures, in words; why there is no judgement")
    period: str | None = Field(description="The hub's period of the value judged")
    value: Decimal | None = Field(description="The value judged (null: none, or suppressed)")
    trajectory: Decimal | None = Field(description="The trajectory's value for the value's period")


class DepartmentProgressOut(Schema):
    department: str
    name: str
    day: date = Field(description="Values of periods ended by this day are read (the service's clock)")
    areas: int = Field(description="The approved agreements read")
    indicators: list[IndicatorCountsOut] = Field(description="Most off track first")
    targets: list[DepartmentTargetOut] = Field(description="Off track first, then at risk, on track, no judgement")


class NationalProgressOut(Schema):
    day: date
    areas: int = Field(description="The approved agreements read")
    counts: CountsOut
    regions: list[RegionCountsOut] = Field(description="Most off track first")
    indicators: list[IndicatorCountsOut] = Field(description="National indicators, most off track first")


def register(router: Router) -> None:
    router.add_api_operation("/progress/departments/{code}", ["GET"], get_department_progress,
                             response={200: DepartmentProgressOut, **ERRORS}, auth=signed_in,
                             summary="A department's targets across all areas, off track first")
    router.add_api_operation("/progress/national", ["GET"], get_national_progress,
                             response={200: NationalProgressOut, **ERRORS}, auth=signed_in,
                             summary="The national picture: targets' progress by region and by indicator")


_COUNTS = ("off_track", "at_risk", "on_track", "none", "targets")


def get_department_progress(request, code: str):
    user = request.user
    if not rules.has_perm("performance.view_department_progress", user):
        return Status(403, {"detail": "A department's progress is for its policy leads and national readers"})
    department = Department.objects.visible_to(user).filter(code=code[:16]).first()
    if department is None:
        return Status(404, {"detail": f"There is no department {code[:16]}"})
    if role_of(user) not in NATIONAL_ROLES and department.pk != user.department_id:
        return Status(403, {"detail": "A department's policy lead reads its own department's progress"})
    day = clock.today()
    found = picture.department_picture(user, department, day)
    return {"department": department.code, "name": department.name, "day": day, "areas": found["areas"],
            "indicators": found["indicators"],
            "targets": [{"area_code": r["area_code"], "area": r["area"], "region": r["region"], "key": r["key"],
                         "indicator": r["indicator"], "judgement": r["judgement"].value, "reason": r["reason"],
                         **r["figures"]} for r in found["rows"]]}


def get_national_progress(request):
    user = request.user
    if not rules.has_perm("performance.view_national_progress", user):
        return Status(403, {"detail": "The national picture is for CLG, inspectors and administrators"})
    day = clock.today()
    found = picture.national_picture(user, day)
    counts = {c["judgement"]: c["count"] for c in found["counts"]}
    return {"day": day, "areas": found["areas"], "counts": {**counts, "targets": found["targets"]},
            "regions": found["regions"], "indicators": found["indicators"]}
