"""The Performance Reward Grant's pages (issue 14, ADR 0024): an area's calculation, every
figure explained (from the hub's values of the final year, under the policy in force or
the one asked for), its claims, a claim with its steps (the partnership officer claims,
the Government Office checks and recommends, CLG determines), and the published
determination as a table and a CSV of each authority's capital, revenue and total."""

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
from laa.domain.reward_policy import bundled_policies
from laa.performance.models import ClaimState, RewardClaim
from laa.performance.reward_actions import ClaimError, claim_keys, make_claim, move_claim
from laa.performance.reward_figures import figures_of
from laa.performance.reward_reading import (
    RewardUnavailable,
    area_reward,
    hub_achieved,
    reward_agreement,
)
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
    items = [{"value": "", "text": "The policy in force on the day", "selected": not chosen}]
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
        "values_from": found.values_from})


def claim_context(request, agreement: Agreement, errors: dict[str, str] | None = None, posted=None) -> dict:
    user = request.user
    code = agreement.area.code
    version = version_on(agreement, clock.today())
    keys = claim_keys(version_draft(version)) if version else []
    outturns = {} if posted or not version else hub_outturns(user, agreement, version)
    posted = posted or {}
    fields = [{"name": f"value-{i}", "label": f"{key} ({label})" if label else key,
               "value": posted.get(f"value-{i}", outturns.get((key, label), ""))} for i, (key, label) in enumerate(keys)]
    claims = [{"number": c.number, "state": c.get_state_display(), "claimed_on": govuk_date(c.claimed_on),
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


def claim_page_context(request, agreement: Agreement, claim: RewardClaim, errors=None) -> dict:
    user = request.user
    code = agreement.area.code
    rows = list(claim.status_rows.all())
    step = {ClaimState.CLAIMED: "recommend", ClaimState.RECOMMENDED: "determine"}.get(claim.state)
    can = step is not None and rules.has_perm(f"performance.{step}_reward", user, agreement)
    return {"title": f"{agreement.area.name}: reward claim {claim.number}", "agreement": agreement, "claim": claim,
            "figures": rows[-1].figures if rows else None, "money": money,
            "steps": [{"what": r.get_to_state_display(), "by": r.by_name, "at": govuk_date(r.at), "note": r.note}
                      for r in rows],
            "values": list(claim.values.all()), "step": step if can else None,
            "step_href": reverse("performance:reward_step", args=[code, claim.number, step]) if can and step else "",
            "published_href": reverse("performance:reward_determination", args=[code, claim.number])
            if claim.state == ClaimState.DETERMINED else "",
            "errors": errors or {}, "error_list": error_list(errors, {"note": "note"}),
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
    if step not in {"recommend", "determine"}:
        raise Http404("There is no such step")
    try:
        seen = int(request.POST.get("version", ""))
    except ValueError:
        seen = -1
    try:
        done = move_claim(actor=request.user, claim=claim, step=step, seen_version=seen,
                          note=request.POST.get("note", ""))
    except ClaimError as refused:
        claim.refresh_from_db()
        return render(request, "performance/reward_claim.html",
                      claim_page_context(request, agreement, claim, refused.problems or {"note": refused.message}),
                      status=refused.status)
    messages.success(request, f"Claim {done.number} is {done.get_state_display().lower()}.")
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
