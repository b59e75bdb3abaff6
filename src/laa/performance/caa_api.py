"""The CAA's flags in the API (issue 13, ADR 0027), read only, on the performance router:
an area's red and green flags with their evidence. Public: everyone reads the published
flags; inspectors, CLG and the administrator read drafts and withdrawn flags too. 404 for
an area there is not."""

from __future__ import annotations

from datetime import datetime

from django.http import Http404
from ninja import Schema
from pydantic import Field

from laa.accounts.api_auth import public
from laa.performance.api import router
from laa.performance.caa import FlagRead, flags_of
from laa.places.models import Area
from laa.presentation.api_schemas import ERRORS


class FlagStepOut(Schema):
    step: str = Field(description="record, change, publish or withdraw")
    by: str
    at: datetime
    reason: str = Field(description="Why a flag was withdrawn; empty otherwise")


class FlagOut(Schema):
    id: int
    colour: str = Field(description="red: significant concerns about outcomes or prospects not being tackled; "
                                    "green: exceptional performance or innovation")
    title: str
    evidence: str = Field(description="The inspector's evidence")
    concerns: list[str] = Field(description="The indicators or targets the flag concerns, as named")
    state: str = Field(description="draft, published or withdrawn (drafts and withdrawn flags: inspectors, CLG "
                                   "and the administrator only)")
    version: int = Field(description="Counts the flag's changes")
    steps: list[FlagStepOut] = Field(description="Oldest first")


class AreaFlagsOut(Schema):
    area_code: str
    area: str
    flags: list[FlagOut] = Field(description="Newest first (at most 200)")


def _flag(read: FlagRead) -> dict:
    f = read.flag
    return {"id": f.pk, "colour": f.colour, "title": f.title, "evidence": f.evidence, "concerns": list(f.concerns),
            "state": f.state, "version": f.version,
            "steps": [{"step": s.step, "by": s.by, "at": s.at, "reason": s.reason} for s in read.steps]}


@router.get("/{area_code}/flags", response={200: AreaFlagsOut, **ERRORS}, auth=public,
            summary="The area's CAA flags, red and green, with their evidence")
def get_flags(request, area_code: str):
    area = Area.objects.visible_to(request.user).filter(code=area_code[:16]).first()
    if area is None:
        raise Http404("There is no such area")
    return {"area_code": area.code, "area": area.name, "flags": [_flag(f) for f in flags_of(request.user, area)]}
