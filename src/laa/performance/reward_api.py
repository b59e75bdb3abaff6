"""The Performance Reward Grant in the API (issue 14, ADR 0024), read only: an area's
calculation (the agreement's version in force on the service's day, the hub's values of
its final year, the policy in force or the one asked for), every figure with its
explanation, and its claims with their steps. Signed in only (401 otherwise), 403 for a
department, 404 outside one's scope."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.core.exceptions import PermissionDenied
from ninja import Schema, Status
from pydantic import Field

from laa import clock
from laa.accounts.api_auth import signed_in
from laa.performance.api import router
from laa.performance.models import RewardClaim
from laa.performance.reward_figures import figures_of
from laa.performance.reward_reading import RewardUnavailable, area_reward, reward_agreement
from laa.presentation.api_schemas import ERRORS


class BudgetOut(Schema):
    authority: str
    amount: Decimal
    year: str
    source: str = Field(description="Where the figure comes from, and who entered it")


class PartOut(Schema):
    label: str
    share: Decimal = Field(description="The part's share of the potential grant (not rounded)")
    enhancement: Decimal | None = Field(description="Stretched minus expected without reward, in the good direction")
    proportion: Decimal | None = Field(description="Proportion of the enhancement achieved (null: no value)")
    amount: Decimal
    provisional: bool
    explanation: str


class TargetOut(Schema):
    key: str
    share: Decimal
    amount: Decimal = Field(description="The grant the target earns, rounded as the policy says")
    parts: list[PartOut] = Field(description="The target, or each of its sub-targets")
    on_account: Decimal = Field(description="The payment on account earned (0: none)")
    provisional: bool
    explanation: str
    on_account_explanation: str


class InstalmentOut(Schema):
    year: str
    gross: Decimal
    set_against: Decimal = Field(description="Payments on account set against it")
    reduction: Decimal = Field(description="Taken off by the policy")
    payable: Decimal
    capital: Decimal
    revenue: Decimal
    explanation: str


class AuthorityOut(Schema):
    authority: str
    capital: Decimal
    revenue: Decimal
    total: Decimal


class CalculationOut(Schema):
    policy_id: str = Field(description='The policy version used, "laa-2008-11/1"')
    policy_title: str
    policy_source: str
    budget: Decimal = Field(description="The net budget requirement of the year before the agreement (summed)")
    budgets: list[BudgetOut]
    potential: Decimal = Field(description="The potential grant, rounded as the policy says")
    targets: list[TargetOut]
    total: Decimal = Field(description="The grant earned")
    percent_of_potential: Decimal
    on_account: Decimal
    recovered: Decimal = Field(description="Payments on account beyond the grant earned, to be recovered")
    instalments: list[InstalmentOut]
    payable: Decimal
    provisional: bool = Field(description="Some values are not final: the figures may change")
    explanations: list[str]
    authorities: list[AuthorityOut] = Field(description="What each authority is paid, capital and revenue")


class AreaRewardOut(CalculationOut):
    area_code: str
    area: str
    day: date = Field(description="The day: the version in force and the values of periods ended by it")
    version: int | None = Field(description="The agreement's version in force on the day")


class ClaimStepOut(Schema):
    step: str = Field(description="claim, recommend or determine")
    to_state: str
    by: str
    at: str
    note: str
    figures: CalculationOut = Field(description="The calculation at this step; a determination's are its own")


class ClaimOut(Schema):
    number: int
    state: str = Field(description="claimed, recommended or determined")
    version: int = Field(description="The claim's version, for the compare-and-set of its next step")
    policy_id: str
    claimed_on: date
    evidence: str
    steps: list[ClaimStepOut]


@router.get("/{area_code}/reward", response={200: AreaRewardOut, **ERRORS}, auth=signed_in,
            summary="The area's Performance Reward Grant: its calculation, every figure explained")
def get_reward(request, area_code: str, policy: str | None = None):
    try:
        agreement = reward_agreement(request.user, area_code)
    except PermissionDenied as refused:
        return Status(403, {"detail": str(refused)})
    day = clock.today()
    try:
        found = area_reward(request.user, agreement, day, policy)
    except RewardUnavailable as why:
        return Status(409 if policy is None else 400, {"detail": str(why)})
    return {"area_code": agreement.area.code, "area": agreement.area.name, "day": day,
            "version": found.version.number if found.version else None,
            **figures_of(found.policy, found.calculation)}


@router.get("/{area_code}/reward/claims", response={200: list[ClaimOut], **ERRORS}, auth=signed_in,
            summary="The area's reward claims with each step's figures (the determination's, once determined)")
def get_reward_claims(request, area_code: str):
    try:
        agreement = reward_agreement(request.user, area_code)
    except PermissionDenied as refused:
        return Status(403, {"detail": str(refused)})
    claims = RewardClaim.objects.visible_to(request.user).filter(agreement=agreement).prefetch_related("status_rows").order_by("number")
    return [{"number": c.number, "state": c.state, "version": c.version, "policy_id": c.policy_id,
             "claimed_on": c.claimed_on, "evidence": c.evidence,
             "steps": [{"step": s.step, "to_state": s.to_state, "by": s.by_name, "at": s.at.isoformat(),
                        "note": s.note, "figures": s.figures} for s in c.status_rows.all()]} for c in claims]
