"""The Performance Reward Grant in the API (issue 14, ADR 0024): an area's
calculation (the agreement's version in force on the service's day, the hub's values of
its final year, the policy in force or the one asked for), every figure with its
explanation, and its claims with their steps; a claim made, and each step on it (the
actions of `reward_actions` and `reward_steps`, as the pages take them). Signed in only (401 otherwise), 403 for a
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
from laa.performance.reward_actions import ClaimError, make_claim
from laa.performance.reward_figures import figures_of
from laa.performance.reward_reading import RewardUnavailable, area_reward, reward_agreement
from laa.performance.reward_steps import take_step
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
    policy_note: str = Field(description="Why this policy: the one asked for, or the version of the scheme in force "
                                         "when the agreement was made (a later version only when asked for)")


class ClaimStepOut(Schema):
    step: str = Field(description="claim, return, amend (claimed again), recommend, determine, refuse or withdraw")
    to_state: str
    by: str
    at: str
    note: str
    figures: CalculationOut = Field(description="The calculation at this step; a determination's are its own")


class ClaimOut(Schema):
    number: int
    state: str = Field(description="claimed, returned (to the authority), recommended, determined, refused or "
                                   "withdrawn")
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
            "version": found.version.number if found.version else None, "policy_note": found.policy_note,
            **figures_of(found.policy, found.calculation)}


def _claim(c: RewardClaim) -> dict:
    return {"number": c.number, "state": c.state, "version": c.version, "policy_id": c.policy_id,
            "claimed_on": c.claimed_on, "evidence": c.evidence,
            "steps": [{"step": s.step, "to_state": s.to_state, "by": s.by_name, "at": s.at.isoformat(),
                       "note": s.note, "figures": s.figures} for s in c.status_rows.all()]}


@router.get("/{area_code}/reward/claims", response={200: list[ClaimOut], **ERRORS}, auth=signed_in,
            summary="The area's reward claims with each step's figures (the determination's, once determined)")
def get_reward_claims(request, area_code: str):
    try:
        agreement = reward_agreement(request.user, area_code)
    except PermissionDenied as refused:
        return Status(403, {"detail": str(refused)})
    claims = RewardClaim.objects.visible_to(request.user).filter(agreement=agreement).prefetch_related("status_rows").order_by("number")
    return [_claim(c) for c in claims]


class ValueIn(Schema):
    target: str = Field(description='The reward target\'s key, "NI 16"')
    label: str = Field("", description="The sub-target's label; empty for the target itself")
    value: str = Field(description='The value achieved, as written: "34.56"')


class ClaimIn(Schema):
    values: list[ValueIn] = Field(max_length=500)
    evidence: str
    policy: str | None = Field(None, description="A policy version; none: the one the agreement was made under")


class StepIn(Schema):
    version: int = Field(description="The claim's version as you last read it (its compare-and-set)")
    note: str = Field("", description="What the GO checked; what the authority must put right; why CLG refuses or "
                                      "the authority withdraws; what changed when claimed again; why CLG determines "
                                      "a figure other than the one calculated")
    amount: str | None = Field(None, description="determine: the grant determined in pounds, when not the figure "
                                                 "calculated")
    values: list[ValueIn] | None = Field(None, max_length=500, description="amend: the values claimed again")
    evidence: str = Field("", description="amend: the evidence behind them")


def _refused(refused: ClaimError):
    if refused.status == 422:
        return Status(422, {"detail": refused.message,
                            "errors": [{"field": k, "message": v} for k, v in refused.problems.items()]})
    return Status(refused.status, {"detail": refused.message})


def _values(given: list[ValueIn] | None) -> dict[tuple[str, str], str]:
    return {(v.target, v.label): v.value for v in given or []}


@router.post("/{area_code}/reward/claims", response={201: ClaimOut, **ERRORS}, auth=signed_in,
             summary="Claim the reward grant for the responsible authority (the partnership officer)")
def post_reward_claim(request, area_code: str, payload: ClaimIn):
    try:
        agreement = reward_agreement(request.user, area_code)
        claim = make_claim(actor=request.user, agreement=agreement, values=_values(payload.values),
                           evidence=payload.evidence, policy_id=payload.policy or None)
    except PermissionDenied as refused:
        return Status(403, {"detail": str(refused)})
    except RewardUnavailable as why:
        return Status(422, {"detail": str(why), "errors": [{"field": "policy", "message": str(why)}]})
    except ClaimError as refused:
        return _refused(refused)
    return Status(201, _claim(claim))


@router.post("/{area_code}/reward/claims/{number}/steps/{step}", response={200: ClaimOut, **ERRORS},
             auth=signed_in, summary="Take a step on a reward claim: return, amend, recommend, determine, refuse or "
                                     "withdraw (send the version you last read; 409 if the claim moved since)")
def post_reward_step(request, area_code: str, number: int, step: str, payload: StepIn):
    try:
        agreement = reward_agreement(request.user, area_code)
        claim = RewardClaim.objects.visible_to(request.user).filter(agreement=agreement, number=number).first()
        if claim is None:
            return Status(404, {"detail": "There is no such claim"})
        done = take_step(actor=request.user, claim=claim, step=step, seen_version=payload.version,
                         note=payload.note, amount=payload.amount,
                         values=_values(payload.values) if step == "amend" else None, evidence=payload.evidence)
    except PermissionDenied as refused:
        return Status(403, {"detail": str(refused)})
    except RewardUnavailable as why:
        return Status(409, {"detail": str(why)})
    except ClaimError as refused:
        return _refused(refused)
    return _claim(done)
