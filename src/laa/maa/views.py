"""The MAAs' pages (ADR 0028): the list (residents see the published ones), an MAA (its
councils, partners and what they contribute, outcomes, targets by kind, signatories and
signatures, history) with the forms for whom the permissions allow: the steps, a
signature, and moving a designated target of a participating area's LAA to it. Each
action checks again; a refusal is shown beside its field, nothing saved."""

from __future__ import annotations

import rules
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from laa.agreements.models import Agreement
from laa.domain.maa import STEPS, State
from laa.domain.reviews import APPROVED_STATES
from laa.domain.roles import Role, role_of
from laa.maa import actions, presenters
from laa.maa.models import MaaStatus, MaaTarget, MultiAreaAgreement, Signature
from laa.permissions import ActionError
from laa.presentation.presenters import error_list
from laa.signoff.versions import latest_version, version_draft

STEP_PERMISSIONS = {"submit": "maa.compose", "refer_back": "maa.negotiate", "agree": "maa.negotiate",
                    "publish": "maa.publish"}


def find_maa(user, code: str) -> MultiAreaAgreement:
    maa = MultiAreaAgreement.objects.visible_to(user).filter(code=code).select_related("region").first()
    if maa is None:
        raise Http404(f"There is no multi-area agreement {code[:60]} you may read")
    return maa


@require_GET
def maa_list(request):
    maas = MultiAreaAgreement.objects.visible_to(request.user).select_related("region").order_by("name")
    return render(request, "maa/list.html", {
        "title": "Multi-area agreements",
        "rows": [{"name": m.name, "href": presenters.href(m), "region": m.region.name, "tag": presenters.state_tag(m),
                  "councils": m.participants.count()} for m in maas],
        "breadcrumbs": [{"text": "Home", "href": reverse("home")}],
    })


def undesignation_choices(user, maa: MultiAreaAgreement) -> tuple[Agreement | None, list[dict]]:
    """The officer's own approved LAA, if its area takes part in the published MAA, and its designated targets."""
    if maa.state != State.PUBLISHED or role_of(user) != Role.PARTNERSHIP_OFFICER:
        return None, []
    if user.area_id not in {p.organisation.area_id for p in maa.participants.select_related("organisation")}:
        return None, []
    agreement = Agreement.objects.visible_to(user).filter(area_id=user.area_id, state__in=APPROVED_STATES).first()
    base = latest_version(agreement) if agreement else None
    if base is None:
        return None, []
    return agreement, [{"value": t.key, "text": t.label} for t in version_draft(base).targets
                       if t.category == "designated"]


def maa_context(request, maa: MultiAreaAgreement, errors: dict | None = None) -> dict:
    user = request.user
    targets = (MaaTarget.objects.visible_to(user).filter(maa=maa).select_related(
        "indicator", "outcome", "moved_by__revision__agreement__area", "moved_by__revision__made",
        "moved_by__revision__based_on").order_by("id"))
    required = actions.required_signatories(maa)
    signatures = list(Signature.objects.visible_to(user).filter(maa=maa))
    signed = {s.signatory for s in signatures}
    may_sign = [s.name for s in required if s.name not in signed and maa.state == State.AGREED
                and rules.has_perm("maa.sign", user, actions.signatory_of(maa, s.name))]
    steps = [{"name": s.name, "label": s.label, "needs_reason": s.needs_reason} for s in STEPS.values()
             if s.from_state == State(maa.state) and rules.has_perm(STEP_PERMISSIONS[s.name], user, maa)
             and role_of(user) in s.roles]
    agreement, designated = undesignation_choices(user, maa)
    return {
        "title": maa.name, "maa": maa, "tag": presenters.state_tag(maa),
        "councils": [p.organisation for p in maa.participants.select_related("organisation__area", "organisation__district")],
        "partners": list(maa.contributors.select_related("organisation")),
        "outcomes": list(maa.outcomes.all()),
        "groups": presenters.target_groups(targets, user),
        "signatures": presenters.signature_rows(required, signatures),
        "missing": [s.name for s in required if s.name not in signed],
        "may_sign": may_sign, "sign_items": [{"value": n, "text": n} for n in may_sign], "steps": steps,
        "outcome_items": [{"value": o.key, "text": o.title} for o in maa.outcomes.all()],
        "undesignate_agreement": agreement, "designated": designated,
        "statuses": list(MaaStatus.objects.visible_to(user).filter(maa=maa).order_by("id")),
        "errors": errors or {}, "error_list": error_list(errors, {"step": "steps"}),
        "breadcrumbs": [{"text": "Home", "href": reverse("home")}, {"text": "Multi-area agreements",
                                                                    "href": reverse("maa:list")}],
    }


@require_GET
def maa_page(request, code: str):
    return render(request, "maa/detail.html", maa_context(request, find_maa(request.user, code)))


def _refused(request, maa, refused: actions.MaaError, default: str):
    maa.refresh_from_db()
    return render(request, "maa/detail.html", maa_context(request, maa, refused.problems or {default: refused.message}),
                  status=refused.status)


@login_required
@require_POST
def step(request, code: str, step: str):
    maa = find_maa(request.user, code)
    version = request.POST.get("expected_version", "")
    try:
        done = actions.take_step(actor=request.user, maa=maa, step=step,
                                 expected_state=request.POST.get("expected_state", ""),
                                 expected_version=int(version) if version.isdigit() else None,
                                 reason=request.POST.get("reason", ""))
    except actions.MaaError as refused:
        return _refused(request, maa, refused, "step")
    messages.success(request, f"The MAA is {State(done.state).label.lower()}.")
    return redirect(presenters.href(done))


@login_required
@require_POST
def sign(request, code: str):
    maa = find_maa(request.user, code)
    try:
        made = actions.sign(actor=request.user, maa=maa, signatory=request.POST.get("signatory", ""),
                            signed_by=request.POST.get("signed_by", ""))
    except actions.MaaError as refused:
        return _refused(request, maa, refused, "signatory")
    messages.success(request, f"{made.signatory}'s signature is recorded.")
    return redirect(presenters.href(maa))


@login_required
@require_POST
def undesignate(request, code: str):
    maa = find_maa(request.user, code)
    agreement, _ = undesignation_choices(request.user, maa)
    if agreement is None:
        raise PermissionDenied("Only the partnership officer of a participating area with an approved agreement "
                               "moves its designated targets to the published MAA.")
    try:
        made = actions.propose_undesignation(actor=request.user, maa=maa, agreement=agreement,
                                             key=request.POST.get("target", ""), outcome=request.POST.get("outcome", ""),
                                             reason=request.POST.get("reason", ""))
    except ActionError as refused:
        return _refused(request, maa, refused, "target")
    messages.success(request, f"{made.key} is proposed to move to the MAA: revision {made.moved_by.revision.number} "
                     f"of {agreement.area.name}'s agreement waits for the partner authorities and the Secretary of State.")
    return redirect(presenters.href(maa))
