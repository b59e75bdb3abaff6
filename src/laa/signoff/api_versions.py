"""An agreement's versions in the API (ADR 0020): the list, one version (with its
agreement file), and what changed between two, target by target. Public for a published
agreement; otherwise for whoever may read the whole agreement (403 for a department that
sees only its own targets, 404 outside one's scope or for a version there is not)."""

from __future__ import annotations

import json
from datetime import date, datetime
from typing import Any

from django.core.exceptions import PermissionDenied
from ninja import Path, Query, Router, Schema, Status
from pydantic import Field

from laa.accounts.api_auth import public
from laa.presentation.api_schemas import ERRORS
from laa.signoff.models import AgreementVersion
from laa.signoff.presenters_versions import approved_at, approved_by
from laa.signoff.scopes import agreement_version, versions_agreement
from laa.signoff.versions import number_in_force, version_diff, versions_of

router = Router(tags=["sign-off"])


class VersionOut(Schema):
    number: int
    in_force_from: date
    in_force: bool = Field(description="Whether this is the version in force today")
    approved_by: str
    approved_at: datetime
    content_hash: str


class VersionDetailOut(VersionOut):
    agreement: dict[str, Any] = Field(
        description="The version's agreement file (laa-agreement/1) as JSON; download the file itself "
        "from the version's page to check content_hash byte for byte"
    )


class ChangeOut(Schema):
    what: str
    before: str = Field(description='"" for none')
    after: str = Field(description='"" for none')


class TargetChangeOut(Schema):
    key: str
    indicator: str
    kind: str = Field(description="added, removed or changed")
    category: str
    designation: str = Field(description='"designated" or "no longer designated" if that changed, else ""')
    changes: list[ChangeOut]


class VersionDiffOut(Schema):
    older: int
    newer: int
    unchanged: bool
    targets: list[TargetChangeOut]
    outcomes: list[ChangeOut]
    agreement: list[ChangeOut]


MAX_NUMBER = 1_000_000  # far beyond any agreement's versions; keeps a number within the column


class CompareIn(Schema):
    older: int = Field(ge=1, le=MAX_NUMBER, description="The version to compare from")
    newer: int = Field(ge=1, le=MAX_NUMBER, description="The version to compare to")


def _changes(changes) -> list[dict]:
    return [{"what": c.what, "before": c.before, "after": c.after} for c in changes]


def _out(version: AgreementVersion, in_force: int | None) -> dict:
    return {"number": version.number, "in_force_from": version.in_force_from, "in_force": version.number == in_force,
            "approved_by": approved_by(version), "approved_at": approved_at(version),
            "content_hash": version.content_hash}


@router.get("/agreements/{area_code}/versions", response={200: list[VersionOut], **ERRORS}, auth=public,
            summary="An agreement's versions: each approved agreement and approved change, with when it is in force")
def signoff_versions(request, area_code: str):
    try:
        agreement = versions_agreement(request.user, area_code)
    except PermissionDenied as refused:
        return Status(403, {"detail": str(refused)})
    in_force = number_in_force(agreement)
    return [_out(v, in_force) for v in versions_of(agreement).defer("document")]


@router.get("/agreements/{area_code}/versions/changes", response={200: VersionDiffOut, **ERRORS}, auth=public,
            summary="What changed between two versions of an agreement, target by target")
def signoff_version_changes(request, area_code: str, compare: Query[CompareIn]):
    try:
        agreement = versions_agreement(request.user, area_code)
    except PermissionDenied as refused:
        return Status(403, {"detail": str(refused)})
    diff = version_diff(agreement_version(agreement, compare.older), agreement_version(agreement, compare.newer))
    return {
        "older": compare.older, "newer": compare.newer, "unchanged": diff.unchanged,
        "targets": [{"key": t.key, "indicator": t.indicator, "kind": t.kind, "category": t.category,
                     "designation": t.designation, "changes": _changes(t.changes)} for t in diff.targets],
        "outcomes": _changes(diff.outcomes), "agreement": _changes(diff.agreement),
    }


@router.get("/agreements/{area_code}/versions/{number}", response={200: VersionDetailOut, **ERRORS}, auth=public,
            summary="One version of an agreement, with its agreement file")
def signoff_version(request, area_code: str, number: int = Path(..., ge=1, le=MAX_NUMBER)):
    try:
        agreement = versions_agreement(request.user, area_code)
    except PermissionDenied as refused:
        return Status(403, {"detail": str(refused)})
    found = agreement_version(agreement, number)
    return {**_out(found, number_in_force(agreement)), "agreement": json.loads(found.document)}
