"""The agreement pages: the way in, an agreement's overview with its findings, starting
an agreement, and the list of rules. Editing lives in `views_edit` (the agreement, its
outcomes and consultations), `views_targets` and `views_files`.

Every agreement is found through `Agreement.objects.visible_to(user)`: one outside the
user's scope is a 404; in scope but not the user's to change, a 403. Agreement
permissions are asked of the rules predicates directly (`rules.has_perm`), so an
administrator's superuser flag does not make them an author.
"""

from __future__ import annotations

from functools import wraps

import rules
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from laa.accounts.scopes import role_of
from laa.agreements import actions, presenters
from laa.agreements.findings import by_target, findings_for
from laa.agreements.models import Agreement, Target
from laa.agreements.shared_designation import shared_designated
from laa.catalogue.queries import CatalogueFilter, current_definitions, current_round
from laa.domain.composition import agreement_years
from laa.domain.roles import AREA_ROLES
from laa.domain.signoff_locks import content_locked_message
from laa.places.models import Area
from laa.presentation.presenters import state_tag

# --- finding an agreement -----------------------------------------------------------------


class SignInNeeded(Exception):
    """An anonymous visitor asked for something only a signed-in person may see."""


def agreement_for(user, area_code: str) -> Agreement | None:
    """The area's agreement for the current round, if the user may see it."""
    return (
        Agreement.objects.visible_to(user)
        .select_related("area", "area__region", "area__partnership", "round")
        .filter(area__code=area_code, round=current_round())
        .first()
    )


def readable(request, area_code: str) -> Agreement:
    agreement = agreement_for(request.user, area_code)
    if agreement is None:
        if not request.user.is_authenticated:
            raise SignInNeeded
        raise Http404("No agreement you may see for this area")
    return agreement


def editable(request, area_code: str) -> Agreement:
    """The agreement, if the user may change it: 404 outside their scope, 403 if not theirs."""
    agreement = readable(request, area_code)
    if not rules.has_perm("agreements.edit_agreement", request.user, agreement):
        if rules.has_perm("agreements.compose_agreement", request.user, agreement):
            # Theirs, but with the GO, the council or approved: say where it is and what to do.
            raise PermissionDenied(content_locked_message(agreement.state, agreement.area.name))
        raise PermissionDenied("Only a partnership officer of the area changes its agreement, while it is a draft")
    return agreement


def can_edit(user, agreement: Agreement) -> bool:
    return rules.has_perm("agreements.edit_agreement", user, agreement)


def page(view):
    """Sends an anonymous visitor to sign in when `readable` says so."""
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except SignInNeeded:
            return redirect_to_login(request.get_full_path())

    return wrapper


def breadcrumbs(agreement: Agreement | None = None, *extra: tuple[str, str]) -> list[dict[str, str]]:
    crumbs = [{"text": "Home", "href": "/"}]
    if agreement is not None:
        crumbs.append({"text": agreement.area.name, "href": f"/agreements/{agreement.area.code}/"})
    crumbs += [{"text": text, "href": href} for text, href in extra]
    return crumbs


def years_of(agreement: Agreement) -> tuple[str, ...]:
    return agreement_years(agreement.period_start, agreement.period_end)


def visible_targets(user, agreement: Agreement):
    return (
        Target.objects.visible_to(user).filter(agreement=agreement)
        .select_related("indicator", "outcome").prefetch_related("partners")
        .order_by("position", "id")
    )


def indicator_titles(user, indicator_ids) -> dict[int, tuple[str, int]]:
    """Indicator id -> (title, decimal places) of the current definitions the user may see."""
    rows = (current_definitions(user, CatalogueFilter()).filter(indicator_id__in=set(indicator_ids))
            .values_list("indicator_id", "title", "decimal_places"))
    return {ind: (title, places) for ind, title, places in rows}


# --- pages --------------------------------------------------------------------------------


@login_required
def mine(request):
    """A partnership officer or partner goes to their area's agreement; others get a list."""
    user = request.user
    if role_of(user) in AREA_ROLES and user.area_id:
        return redirect("agreements:detail", user.area.code)
    agreements = (
        Agreement.objects.visible_to(user).filter(round=current_round())
        .select_related("area", "area__region").order_by("area__name")
    )
    return render(request, "agreements/list.html", {
        "title": "Agreements",
        "rows": presenters.agreement_list_rows(agreements),
        "round": current_round(),
    })


@page
def detail(request, area_code: str):
    agreement = agreement_for(request.user, area_code)
    if agreement is None:
        return not_started(request, area_code)
    targets = list(visible_targets(request.user, agreement))
    general, per_target = by_target(findings_for(agreement))
    years = years_of(agreement)
    outcomes = list(agreement.outcomes.all())
    counts: dict[int, int] = {}
    for t in targets:
        if t.outcome_id:
            counts[t.outcome_id] = counts.get(t.outcome_id, 0) + 1
    code = agreement.area.code
    return render(request, "agreements/detail.html", {
        "title": f"{agreement.area.name}: Local Area Agreement {agreement.period_start} to {agreement.period_end}",
        "agreement": agreement,
        "area_code": code,
        "can_edit": can_edit(request.user, agreement),
        "sign_up_href": reverse("agreements:sign_up", args=[code])
        if rules.has_perm("agreements.sign_up_to_targets", request.user, agreement) else "",
        "state": state_tag(agreement.state),
        "summary_rows": presenters.agreement_summary_rows(agreement),
        "story": presenters.paragraphs(agreement.story_of_place),
        "evidence": presenters.paragraphs(agreement.evidence),
        "general": presenters.general_findings_summary(general),
        "counts": presenters.counts_view(targets, shared_designated(agreement.area)),
        "years": years,
        "groups": presenters.target_groups(targets, years, indicator_titles(request.user, [t.indicator_id for t in targets]),
                                           per_target, code),
        "outcomes": presenters.outcome_rows(outcomes, counts),
        "consultations": presenters.consultation_rows(agreement.consultations.all()),
        "exports": presenters.export_links(code)
        if rules.has_perm("agreements.export_agreement", request.user, agreement) else [],
        "documents": presenters.document_links(code),
        "breadcrumbs": breadcrumbs(),
    })


def not_started(request, area_code: str):
    """An area in the user's scope with no agreement for the round yet."""
    area = Area.objects.visible_to(request.user).select_related("region").filter(code=area_code).first()
    if area is None or not rules.has_perm("places.read_area_private", request.user, area):
        if not request.user.is_authenticated:
            raise SignInNeeded
        raise Http404("No agreement you may see for this area")
    round_ = current_round()
    return render(request, "agreements/not_started.html", {
        "title": f"{area.name}: no agreement yet",
        "area": area,
        "round": round_,
        "can_start": round_ is not None and rules.has_perm("agreements.start_agreement", request.user, area),
        "breadcrumbs": breadcrumbs(),
    })


@login_required
@require_POST
def start(request, area_code: str):
    area = Area.objects.visible_to(request.user).filter(code=area_code).first()
    if area is None or not rules.has_perm("places.read_area_private", request.user, area):
        raise Http404("No such area in your scope")
    round_ = current_round()
    if round_ is None or not rules.has_perm("agreements.start_agreement", request.user, area):
        raise PermissionDenied("Only a partnership officer of the area starts its agreement")
    if agreement_for(request.user, area_code) is not None:
        return redirect("agreements:detail", area_code)  # started already: nothing to do
    actions.start_agreement(actor=request.user, area=area, round_=round_)
    messages.success(request, f"You started the agreement for {area.name}.")
    return redirect("agreements:detail", area_code)


def rules_page(request):
    return render(request, "agreements/rules.html", {
        "title": "The rules an agreement is checked against",
        "rows": presenters.rules_rows(),
        "breadcrumbs": breadcrumbs(),
    })
