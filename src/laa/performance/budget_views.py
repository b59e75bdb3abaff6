"""The net budget requirements behind an area's Performance Reward Grant (D20; issue 14):
every row entered, with its source, who entered it and when (a later row for the same
authority and year corrects an earlier one: the latest counts), read with the reward; CLG
records one through the form here."""

from __future__ import annotations

import rules
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from laa.domain.reward import pounds
from laa.performance.models import NetBudgetRequirement
from laa.performance.reward_actions import ClaimError, record_budget
from laa.performance.reward_reading import budget_year, reward_agreement
from laa.performance.reward_views import crumbs
from laa.presentation.presenters import error_list, govuk_date

FIELDS = ("authority", "year", "amount", "source")


def _context(request, agreement, errors=None, posted=None) -> dict:
    rows = (NetBudgetRequirement.objects.visible_to(request.user).filter(area=agreement.area)
            .order_by("year", "authority", "-id"))
    latest: set[tuple[str, str]] = set()
    shown = []
    for r in rows:
        current = (r.year, r.authority) not in latest
        latest.add((r.year, r.authority))
        shown.append({"authority": r.authority, "year": r.year, "amount": pounds(r.amount), "source": r.source,
                      "by": r.by_name, "at": govuk_date(r.at), "current": current})
    posted = posted or {"year": budget_year(agreement)}
    return {"title": f"{agreement.area.name}: net budget requirements", "agreement": agreement, "rows": shown,
            "year": budget_year(agreement), "posted": posted, "errors": errors or {},
            "error_list": error_list(errors),
            "can_record": rules.has_perm("performance.record_grant_inputs", request.user),
            "breadcrumbs": crumbs(agreement, {"text": "Performance Reward Grant",
                                              "href": reverse("performance:reward", args=[agreement.area.code])})}


@login_required
@require_http_methods(["GET", "POST"])
def budgets(request, area_code: str):
    agreement = reward_agreement(request.user, area_code)
    if request.method == "GET":
        return render(request, "performance/budgets.html", _context(request, agreement))
    posted = {f: request.POST.get(f, "") for f in FIELDS}
    try:
        row = record_budget(actor=request.user, area=agreement.area, **posted)
    except ClaimError as refused:
        return render(request, "performance/budgets.html", _context(request, agreement, refused.problems, posted),
                      status=refused.status)
    messages.success(request, f"Recorded {row.authority}'s net budget requirement for {row.year}.")
    return redirect("performance:reward_budgets", area_code=agreement.area.code)
