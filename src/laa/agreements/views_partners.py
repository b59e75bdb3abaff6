"""A partner authority's pages (D6): sign its organisation up to targets of the area's
agreement or withdraw it, and "Our targets": every target across the area that the
organisation is signed up to, so it knows what it must have regard to. The action
(`actions_partners`) checks the permission; these pages ask the same one for what to offer."""

from __future__ import annotations

import rules
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from laa.agreements import actions, actions_partners, presenters
from laa.agreements.forms import parse_version
from laa.agreements.models import Agreement
from laa.agreements.presenters_partners import target_line, targets_signed_up
from laa.agreements.views import (
    breadcrumbs,
    indicator_titles,
    page,
    readable,
    visible_targets,
    years_of,
)
from laa.domain.signoff_locks import content_editable, content_locked_message


def _page(request, agreement: Agreement, *, error: str = "", status: int = 200):
    organisation = request.user.organisation
    targets = list(visible_targets(request.user, agreement))
    indicators = indicator_titles(request.user, [t.indicator_id for t in targets])
    years = years_of(agreement)
    code = agreement.area.code
    lines = [target_line(t, organisation, years, indicators, code) for t in targets]
    editable = content_editable(agreement.state)
    return render(request, "agreements/sign_up.html", {
        "title": "Sign up to targets",
        "agreement": agreement,
        "organisation": organisation,
        "state": presenters.state_tag(agreement.state),
        "editable": editable,
        "locked": "" if editable else content_locked_message(agreement.state, agreement.area.name),
        "lines": lines,
        "count": sum(1 for line in lines if line["signed_up"]),
        "error_list": [{"text": error, "href": "#targets"}] if error else [],
        "breadcrumbs": breadcrumbs(agreement),
    }, status=status)


def _partner_agreement(request, area_code: str) -> Agreement:
    agreement = readable(request, area_code)
    if not rules.has_perm("agreements.sign_up_to_targets", request.user, agreement):
        raise PermissionDenied(f"Only a partner authority of {agreement.area.name} signs up to its targets")
    return agreement


@login_required
@page
def sign_up_page(request, area_code: str):
    return _page(request, _partner_agreement(request, area_code))


@login_required
@require_POST
@page
def sign_up_target(request, area_code: str, target_id: int):
    agreement = _partner_agreement(request, area_code)
    target = visible_targets(request.user, agreement).filter(pk=target_id).first()
    if target is None:
        return _page(request, agreement, error="That target is no longer in the agreement", status=404)
    version = parse_version(request.POST)
    withdrawing = request.POST.get("choice") == "withdraw"
    try:
        if withdrawing:
            actions_partners.withdraw(actor=request.user, target=target, version=version)
        else:
            actions_partners.sign_up(actor=request.user, target=target, version=version)
    except actions_partners.SignUpRefused as exc:
        raise PermissionDenied(str(exc)) from None
    except actions.FrozenAgreement as exc:
        return _page(request, agreement, error=str(exc), status=409)
    except actions.StaleEdit as exc:
        return _page(request, agreement, error=str(exc), status=409)
    except actions.AgreementError as exc:
        return _page(request, agreement, error="; ".join(exc.problems.values()), status=400)
    name = request.user.organisation.name
    messages.success(request, f"{name} {'withdrew from' if withdrawing else 'signed up to'} {target.key}.")
    return redirect("agreements:sign_up", area_code)


@login_required
def our_targets(request):
    """The targets the user's organisation is signed up to, across every agreement of its area."""
    user = request.user
    if not rules.has_perm("agreements.view_our_targets", user):
        raise PermissionDenied("This page is for a partner authority: it lists the targets its organisation signed up to")
    organisation = user.organisation
    targets = list(targets_signed_up(user))
    indicators = indicator_titles(user, [t.indicator_id for t in targets])
    groups: dict[int, dict] = {}
    for t in targets:
        agreement = t.agreement
        group = groups.setdefault(agreement.pk, {
            "agreement": agreement, "state": presenters.state_tag(agreement.state), "lines": [],
            "title": f"{agreement.area.name}: Local Area Agreement {agreement.period_start} to {agreement.period_end}",
        })
        group["lines"].append(target_line(t, organisation, years_of(agreement), indicators, agreement.area.code))
    lines = [line for g in groups.values() for line in g["lines"]]
    return render(request, "agreements/our_targets.html", {
        "title": "Our targets",
        "organisation": organisation,
        "area": user.area,
        "groups": list(groups.values()),
        "regard": sum(1 for line in lines if line["duty"] == "have_regard"),
        "total": len(lines),
        "sign_up_href": reverse("agreements:sign_up", args=[user.area.code]) if user.area_id else "",
        "breadcrumbs": breadcrumbs(),
    })

