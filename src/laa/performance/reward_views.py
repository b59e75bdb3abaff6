"""The Performance Reward Grant's pages (issue 14, ADR 0024): an area's calculation, every
figure explained (from the hub's values of the final year, under the policy in force or
the one asked for), its claims, a claim with its steps (the partnership officer claims,
the Government Office checks and recommends, CLG determines), and the published
determination as a table and a CSV of each authority's capital, revenue and total. A
claim's page offers the steps the reader may take now (ADR 0024: return, claim again,
recommend, determine, refuse, withdraw), each a form of its own."""

from __future__ import annotations

from decimal import Decimal

import rules
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from laa import clock
from laa.agreements.models import Agreement
from laa.agreements.printing import PRINT_BASE, render_pdf
from laa.domain.reward import pounds
from laa.domain.reward_claims import STATE_LABELS, STEPS, steps_from
from laa.domain.reward_policy import bundled_policies
from laa.performance.models import ClaimState, RewardClaim
from laa.performance.reward_actions import ClaimError, claim_keys, current_values, make_claim
from laa.performance.reward_figures import figures_of
from laa.performance.reward_reading import (
    RewardUnavailable,
    area_reward,
    hub_achieved,
    reward_agreement,
)
from laa.performance.reward_steps import may_take, take_step
from laa.presentation.api_lists import csv_response
from laa.presentation.presenters import error_list, govuk_date
from laa.signoff.versions import version_draft, version_on


def money(value, whole: bool = False) -> str:
    amount = Decimal(value)
    return pounds(amount.quantize(Decimal(1)) if whole else amount)


def crumbs(agreement: Agreement, *more: dict) -> list[dict]:
    code = agreement.area.code
    return [{"text": "Home", "href": reverse("home")},
            {"text": agreement.area.name, "href": reverse("agreements:detail", args=[code])},
            {"text": "Progress", "href": reverse("performance:area", args=[code])}, *more]


def _policy_items(chosen: str) -> list[dict]:
    items = [{"value": "", "text": "The policy the agreement was made under", "selected": not chosen}]
    return items + [{"value": p.id, "text": f"{p.id}: {p.title}", "selected": p.id == chosen}
                    for p in bundled_policies().values()]


@login_required
@require_GET
def reward(request, area_code: str):
    agreement = reward_agreement(request.user, area_code)
    chosen = request.GET.get("policy", "").strip()[:60]
    day = clock.today()
    context = {"title": f"{agreement.area.name}: Performance Reward Grant", "agreement": agreement,
               "day": govuk_date(day), "money": money, "policy_items": _policy_items(chosen),
               "claims_href": reverse("performance:reward_claims", args=[agreement.area.code]),
               "breadcrumbs": crumbs(agreement)}
    try:
        found = area_reward(request.user, agreement, day, chosen or None)
    except RewardUnavailable as why:
        return render(request, "performance/reward.html", {**context, "problem": str(why)},
                      status=400 if chosen else 200)
    return render(request, "performance/reward.html", {
        **context, "figures": figures_of(found.policy, found.calculation), "version": found.version,
        "values_from": found.values_from, "policy_note": found.policy_note})


def claim_context(request, agreement: Agreement, errors: dict[str, str] | None = None, posted=None) -> dict:
    user = request.user
    code = agreement.area.code
    version = version_on(agreement, clock.today())
    keys = claim_keys(version_draft(version)) if version else []
    outturns = {} if posted or not version else hub_outturns(user, agreement, version)
    posted = posted or {}
    fields = [{"name": f"value-{i}", "label": f"{key} ({label})" if label else key,
               "value": posted.get(f"value-{i}", outturns.get((key, label), ""))} for i, (key, label) in enumerate(keys)]
    claims = [{"number": c.number, "state": STATE_LABELS[c.state], "claimed_on": govuk_date(c.claimed_on),
               "policy": c.policy_id, "href": reverse("performance:reward_claim", args=[code, c.number])}
              for c in RewardClaim.objects.visible_to(user).filter(agreement=agreement).order_by("-number")]
    return {"title": f"{agreement.area.name}: reward claims", "agreement": agreement, "claims": claims,
            "can_claim": rules.has_perm("performance.claim_reward", user, agreement) and bool(keys),
            "fields": fields, "evidence": posted.get("evidence", ""), "policy_items": _policy_items(posted.get("policy", "")),
            "errors": errors or {}, "error_list": error_list(errors, {"values": fields[0]["name"] if fields else "evidence",
                                                "policy": "policy", **{f["label"]: f["name"] for f in fields}}),
            "breadcrumbs": crumbs(agreement, {"text": "Performance Reward Grant",
                                              "href": reverse("performance:reward", args=[code])})}


def hub_outturns(user, agreement: Agreement, version) -> dict[tuple[str, str], str]:
    """The hub's values of the final year, final only, to start the claim from."""
    draft = version_draft(version)
    targets = [t for t in draft.targets if t.reward is not None]
    whole, subs, _said = hub_achieved(user, agreement, targets, draft.years, clock.today())
    found = {(k, ""): a for k, a in whole.items()}
    found.update({(k, label): a for k, parts in subs.items() for label, a in parts.items()})
    return {key: f"{a.value.normalize():f}" for key, a in found.items() if a is not None and a.final}


@login_required
@require_http_methods(["GET", "POST"])
def claims(request, area_code: str):
    agreement = reward_agreement(request.user, area_code)
    if request.method == "GET":
        return render(request, "performance/reward_claims.html", claim_context(request, agreement))
    version = version_on(agreement, clock.today())
    keys = claim_keys(version_draft(version)) if version else []
    values = {key: request.POST.get(f"value-{i}", "") for i, key in enumerate(keys)}
    try:
        claim = make_claim(actor=request.user, agreement=agreement, values=values,
                           evidence=request.POST.get("evidence", ""),
                           policy_id=request.POST.get("policy", "").strip() or None)
    except (ClaimError, RewardUnavailable) as refused:
        problems = getattr(refused, "problems", {}) or {"evidence": str(refused)}
        return render(request, "performance/reward_claims.html",
                      claim_context(request, agreement, problems, request.POST),
                      status=getattr(refused, "status", 422))
    messages.success(request, f"Claim {claim.number} is made: the Government Office checks it next.")
    return redirect("performance:reward_claim", area_code=agreement.area.code, number=claim.number)


def find_claim(user, area_code: str, number: int) -> tuple[Agreement, RewardClaim]:
    agreement = reward_agreement(user, area_code)
    claim = RewardClaim.objects.visible_to(user).filter(agreement=agreement, number=number).select_related("agreement__area").first()
    if claim is None:
        raise Http404("There is no such claim")
    return agreement, claim


def _step_forms(user, agreement: Agreement, claim: RewardClaim, posted_step: str, errors: dict, posted) -> list[dict]:
    """A form for each step the person may take on the claim now, each field's id prefixed
    by its step (so two forms on the page never share an id)."""
    forms = []
    for step in steps_from(claim.state):
        if not may_take(user, claim, step.name):
            continue
        mine = step.name == posted_step
        sent = posted if mine else {}
        fields = []
        if step.name == "amend":
            version = claim_version(claim)
            keys = claim_keys(version_draft(version)) if version else []
            now = {(v.target_key, v.label): f"{v.value.normalize():f}" for v in current_values(claim)}
            fields = [{"name": f"value-{i}", "id": f"amend-value-{i}", "label": f"{k} ({label})" if label else k,
                       "value": sent.get(f"value-{i}", now.get((k, label), ""))} for i, (k, label) in enumerate(keys)]
        forms.append({"step": step.name, "label": step.label, "note_label": step.note_label, "fields": fields,
                      "href": reverse("performance:reward_step", args=[agreement.area.code, claim.number, step.name]),
                      "note": sent.get("note", ""), "amount": sent.get("amount", ""),
                      "evidence": sent.get("evidence", claim.evidence),
                      "errors": errors if mine else {}, "warning": step.name in {"refuse", "withdraw"}})
    return forms


def claim_version(claim: RewardClaim):
    return version_on(claim.agreement, clock.today())


def claim_page_context(request, agreement: Agreement, claim: RewardClaim, errors=None, posted_step="",
                       posted=None) -> dict:
    code = agreement.area.code
    rows = list(claim.status_rows.all())
    errors = errors or {}
    forms = _step_forms(request.user, agreement, claim, posted_step, errors, posted or {})
    anchors = {"note": f"{posted_step}-note", "amount": f"{posted_step}-amount", "evidence": f"{posted_step}-evidence",
               "values": f"{posted_step}-value-0", "step": f"{posted_step}-note",
               **{f["label"]: f["id"] for form in forms for f in form["fields"]}}
    return {"title": f"{agreement.area.name}: reward claim {claim.number}", "agreement": agreement, "claim": claim,
            "state": STATE_LABELS[claim.state], "figures": rows[-1].figures if rows else None, "money": money,
            "steps": [{"what": STATE_LABELS.get(r.to_state, r.to_state) if r.step != "amend" else "Claimed again",
                       "by": r.by_name, "at": govuk_date(r.at), "note": r.note} for r in rows],
            "values": current_values(claim), "forms": forms,
            "published_href": reverse("performance:reward_determination", args=[code, claim.number])
            if claim.state == ClaimState.DETERMINED else "",
            "errors": errors, "error_list": error_list(errors, anchors),
            "breadcrumbs": crumbs(agreement, {"text": "Reward claims",
                                              "href": reverse("performance:reward_claims", args=[code])})}


@login_required
@require_GET
def claim_page(request, area_code: str, number: int):
    agreement, claim = find_claim(request.user, area_code, number)
    return render(request, "performance/reward_claim.html", claim_page_context(request, agreement, claim))


@login_required
@require_POST
def claim_step(request, area_code: str, number: int, step: str):
    agreement, claim = find_claim(request.user, area_code, number)
    if step not in STEPS:
        raise Http404("There is no such step")
    seen = request.POST.get("version", "")[:12]
    values = None
    if step == "amend":
        version = claim_version(claim)
        keys = claim_keys(version_draft(version)) if version else []
        values = {key: request.POST.get(f"value-{i}", "") for i, key in enumerate(keys)}
    try:
        done = take_step(actor=request.user, claim=claim, step=step, seen_version=int(seen) if seen.isdigit() else -1,
                         note=request.POST.get("note", ""), amount=request.POST.get("amount", "")[:40],
                         values=values, evidence=request.POST.get("evidence", ""))
    except (ClaimError, RewardUnavailable) as refused:
        claim.refresh_from_db()
        status = getattr(refused, "status", 409)
        problems = getattr(refused, "problems", None) or {"note": str(refused)}
        if status == 409:
            problems = {"note": str(refused)}
        return render(request, "performance/reward_claim.html",
                      claim_page_context(request, agreement, claim, problems, step, request.POST),
                      status=status)
    messages.success(request, f"Claim {done.number} is {STATE_LABELS[done.state].lower()}.")
    return redirect("performance:reward_claim", area_code=agreement.area.code, number=done.number)


def determined(user, area_code: str, number: int):
    agreement, claim = find_claim(user, area_code, number)
    row = claim.status_rows.filter(to_state=ClaimState.DETERMINED).first()
    if row is None:
        raise Http404("The claim is not determined yet")
    return agreement, claim, row


def determination_context(agreement: Agreement, claim: RewardClaim, row, *, for_print: bool = False) -> dict:
    code = agreement.area.code
    first = claim.status_rows.order_by("id").first()
    return {
        "title": f"{agreement.area.name}: determination of the Performance Reward Grant", "agreement": agreement,
        "claim": claim, "row": row, "figures": row.figures, "money": money, "at": govuk_date(row.at),
        "claimed_on": govuk_date(claim.claimed_on), "claimed_by": first.by_name if first else "",
        "base_template": PRINT_BASE if for_print else "layout.html", "for_print": for_print,
        "area": agreement.area, "partnership_name": agreement.area.name, "is_draft": False,
        "period": f"{agreement.period_start} to {agreement.period_end}", "printed_on": govuk_date(clock.today()),
        "csv_href": reverse("performance:reward_determination_csv", args=[code, claim.number]),
        "pdf_href": reverse("performance:reward_determination_pdf", args=[code, claim.number]),
        "breadcrumbs": [] if for_print else crumbs(agreement, {"text": f"Reward claim {claim.number}", "href": reverse(
            "performance:reward_claim", args=[code, claim.number])})}


@login_required
@require_GET
def determination(request, area_code: str, number: int):
    agreement, claim, row = determined(request.user, area_code, number)
    return render(request, "performance/reward_determination.html", determination_context(agreement, claim, row))


@login_required
@require_GET
def determination_pdf(request, area_code: str, number: int):
    """The grant determination as a PDF (WeasyPrint, as the agreement document). A
    determination never changes, so its PDF is printed once and kept in the cache."""
    agreement, claim, row = determined(request.user, area_code, number)
    key = f"laa:reward-determination-pdf:{row.pk}"
    pdf = cache.get(key)
    if pdf is None:
        html = render_to_string("performance/reward_determination.html",
                                determination_context(agreement, claim, row, for_print=True))
        pdf, _pages = render_pdf(html)
        cache.set(key, pdf, 24 * 3600)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = (f'inline; filename="reward-determination-{agreement.area.code}-'
                                       f'{claim.number}.pdf"')
    return response


@login_required
@require_GET
def determination_csv(request, area_code: str, number: int):
    agreement, claim, row = determined(request.user, area_code, number)
    columns = ["area_code", "area", "claim", "policy", "determined_on", "authority", "capital", "revenue", "total"]
    rows = [dict(zip(columns, [agreement.area.code, agreement.area.name, claim.number, row.figures["policy_id"],
                               row.at.date().isoformat(), a["authority"], a["capital"], a["revenue"], a["total"]],
                     strict=True))
            for a in row.figures["authorities"]]
    return csv_response(rows, columns, f"reward-determination-{agreement.area.code}-{claim.number}.csv")
