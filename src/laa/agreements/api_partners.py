"""Partner sign-up in the API (D6), as on the page `/agreements/{area_code}/sign-up`: a
partner authority signs its organisation up to a target of its area's agreement (POST) or
withdraws it (DELETE), with the target's version it read; and lists the targets its
organisation is signed up to across its area. The action checks the permission
(`agreements.sign_up_to_targets`): anyone else gets 403; a stale version or an agreement
out of draft gets 409; signing up twice, or withdrawing when not signed up, gets 400.
"""

from __future__ import annotations

import rules
from ninja import Router, Schema, Status

from laa.accounts.api_auth import signed_in
from laa.agreements import actions, actions_partners
from laa.agreements.api_schemas import RESPONSES
from laa.agreements.models import Target
from laa.agreements.presenters_partners import signed_up, targets_signed_up
from laa.agreements.stale import stale_conflict, target_events
from laa.agreements.views_document import visible_agreement

router = Router(tags=["agreements"])


class SignUpIn(Schema):
    version: int  # the target's version you read


class SignUpOut(Schema):
    detail: str
    target: str
    organisation: str
    signed_up: bool
    duty: str  # "have_regard" (a partner authority) or "voluntary"; "" once withdrawn
    target_version: int
    agreement_version: int


class OurTargetOut(Schema):
    area: str
    round: int
    agreement_state: str
    target_id: int
    key: str
    indicator: str
    category: str
    duty: str
    lead: bool


def _out(target: Target, organisation, detail: str) -> dict:
    target.refresh_from_db(fields=["version"])
    target.agreement.refresh_from_db(fields=["version"])
    mine = signed_up(target, organisation)
    return {"detail": detail, "target": target.key, "organisation": organisation.name,
            "signed_up": mine is not None, "duty": mine.duty if mine else "",
            "target_version": target.version, "agreement_version": target.agreement.version}


def _change(request, area_code: str, target_id: int, payload: SignUpIn, *, withdrawing: bool):
    agreement = visible_agreement(request.user, area_code)
    target = Target.objects.visible_to(request.user).filter(agreement=agreement, pk=target_id).first()
    if target is None:
        return Status(404, {"detail": f"The agreement for {agreement.area.name} has no target {target_id} that you may see"})
    try:
        if withdrawing:
            actions_partners.withdraw(actor=request.user, target=target, version=payload.version)
        else:
            actions_partners.sign_up(actor=request.user, target=target, version=payload.version)
    except actions_partners.SignUpRefused as exc:
        return Status(403, {"detail": str(exc)})
    except actions.StaleEdit as exc:
        return stale_conflict(exc.record_label, exc.seen, exc.current, target_events(target, exc.current - exc.seen))
    except actions.FrozenAgreement as exc:
        return Status(409, {"detail": str(exc)})
    except actions.AgreementError as exc:
        return Status(400, {"detail": "; ".join(exc.problems.values())})
    organisation = request.user.organisation
    verb = "withdrew from" if withdrawing else "signed up to"
    return _out(target, organisation, f"{organisation.name} {verb} {target.key}")


@router.post("/{area_code}/targets/{target_id}/sign-up", response={200: SignUpOut, **RESPONSES}, auth=signed_in,
             summary="Sign your organisation up to a target (a partner authority; with the target's version)")
def sign_up_to_target(request, area_code: str, target_id: int, payload: SignUpIn):
    return _change(request, area_code, target_id, payload, withdrawing=False)


@router.delete("/{area_code}/targets/{target_id}/sign-up", response={200: SignUpOut, **RESPONSES}, auth=signed_in,
               summary="Withdraw your organisation from a target (with the target's version)")
def withdraw_from_target(request, area_code: str, target_id: int, payload: SignUpIn):
    return _change(request, area_code, target_id, payload, withdrawing=True)


@router.get("/our-targets", response={200: list[OurTargetOut], **RESPONSES}, auth=signed_in,
            summary="The targets your organisation is signed up to across your area (a partner authority)")
def our_targets(request):
    user = request.user
    if not rules.has_perm("agreements.view_our_targets", user):
        return Status(403, {"detail": "Only a partner authority account, with its organisation, has targets of its own"})
    organisation = user.organisation
    targets = targets_signed_up(user)
    out = []
    for t in targets:
        p = signed_up(t, organisation)
        out.append({"area": t.agreement.area.code, "round": t.agreement.round.year, "agreement_state": t.agreement.state,
                    "target_id": t.pk, "key": t.key, "indicator": t.indicator.code, "category": t.category,
                    "duty": p.duty if p else "", "lead": bool(p and p.lead)})
    return out
