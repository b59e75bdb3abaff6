"""The revisions' pages (ADR 0021): an agreement's revisions (their standing and
changes), the proposal form (partnership officer), a revision (its changes, consents,
consultation, history) and its forms: a partner authority's consent or refusal, the
record of the voluntary partners' consultation, approve, refuse and withdraw. The
partnership, its Government Office and national readers read; each form is offered to
whom the permissions allow, and the action checks again."""

from __future__ import annotations

from datetime import date

import rules
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from laa import clock
from laa.agreements.models import Agreement
from laa.domain.composition import agreement_years
from laa.domain.reviews import APPROVED_STATES
from laa.domain.revisions import (
    OPEN_STATES,
    RevisionKind,
    RevisionState,
    approver_words,
    needs_consultation,
)
from laa.places.models import Organisation
from laa.presentation.presenters import error_list, govuk_date
from laa.revisions import actions, presenters
from laa.revisions.changes import items_of
from laa.revisions.forms import partner_choices, read_item, year_field
from laa.revisions.models import Consent, Consultation, Revision, RevisionStatus
from laa.signoff.scopes import visible_agreement
from laa.signoff.versions import latest_version, version_draft


def revision_agreement(user, area_code: str) -> Agreement:
    """The area's agreement, for its revisions: 404 outside the person's scope, 403 for
    one who sees the agreement but not its revisions (a department)."""
    agreement = visible_agreement(user, area_code)
    if not rules.has_perm("revisions.read_revision", user, agreement):
        raise PermissionDenied(f"The revisions of {agreement.area.name}'s agreement are for its partnership, "
                               "its Government Office and national readers")
    return agreement


def find_revision(user, area_code: str, number: int) -> tuple[Agreement, Revision]:
    agreement = revision_agreement(user, area_code)
    revision = (Revision.objects.visible_to(user).filter(agreement=agreement, number=number)
                .select_related("agreement__area__region", "based_on", "made", "review").first())
    if revision is None:
        raise Http404(f"{agreement.area.name}'s agreement has no revision {number}")
    return agreement, revision


def crumbs(agreement: Agreement, *more: dict) -> list[dict]:
    code = agreement.area.code
    return [{"text": "Home", "href": reverse("home")},
            {"text": agreement.area.name, "href": reverse("agreements:detail", args=[code])},
            {"text": "Revisions", "href": reverse("revisions:list", args=[code])}, *more]


@login_required
@require_GET
def revision_list(request, area_code: str):
    agreement = revision_agreement(request.user, area_code)
    revisions = Revision.objects.visible_to(request.user).filter(agreement=agreement).select_related("made")
    rows = [{"number": r.number, "href": presenters.href(r), "kind": r.get_kind_display(), "tag": presenters.standing_tag(r),
             "changes": [presenters.describe(i) for i in items_of(r)], "proposed_on": govuk_date(r.proposed_on),
             "version": r.made.number if r.made else None} for r in revisions.order_by("-number")]
    return render(request, "revisions/list.html", {
        "title": f"Revisions of {agreement.area.name}'s agreement", "agreement": agreement, "rows": rows,
        "approved": agreement.state in APPROVED_STATES,
        "may_propose": agreement.state in APPROVED_STATES
        and rules.has_perm("revisions.propose_revision", request.user, agreement),
        "versions_href": reverse("signoff:versions", args=[area_code]), "breadcrumbs": crumbs(agreement)[:2],
    })


@login_required
def propose(request, area_code: str):
    agreement = revision_agreement(request.user, area_code)
    if not rules.has_perm("revisions.propose_revision", request.user, agreement):
        raise PermissionDenied(actions.PROPOSERS)
    base = latest_version(agreement)
    if agreement.state not in APPROVED_STATES or base is None:
        raise Http404(f"{agreement.area.name}'s agreement is not approved: it has no revisions yet")
    draft = version_draft(base)
    choices = partner_choices(draft, [o.name for o in Organisation.objects.visible_to(request.user).filter(area=agreement.area)
                                      if o.is_partner_authority])
    values = request.POST if request.method == "POST" else {"change": request.GET.get("change", "")}
    errors: dict[str, str] = {}
    status = 200
    if request.method == "POST":
        item, errors = read_item(values, draft, choices)
        if item is not None:
            try:
                revision = actions.propose_revision(actor=request.user, agreement=agreement, items=[item],
                                                    reason=values.get("reason", ""))
            except actions.RevisionError as refused:
                errors, status = (refused.problems or {"items": refused.message}), refused.status
            else:
                messages.success(request, f"Revision {revision.number} is proposed: the partner authorities "
                                          "concerned are asked for their consent.")
                return redirect(presenters.href(revision))
        else:
            if not values.get("reason", "").strip():  # every problem at once
                errors["reason"] = "Give the reason for the change"
            status = 422
    years = agreement_years(draft.period_start, draft.period_end)
    chosen = set(values.getlist("partners")) if hasattr(values, "getlist") else set()
    return render(request, "revisions/propose.html", {
        "title": "Propose a revision", "agreement": agreement, "values": values, "errors": errors,
        "error_list": error_list(errors, {"items": "change", "yearly": year_field(years[0]) if years else "change"}),
        "base": base, "years": [{"label": y, "field": year_field(y)} for y in years],
        "change_items": [{"value": v, "text": t, "checked": values.get("change") == v} for v, t in (
            ("add", "Add a local target"), ("amend", "Amend a target's yearly values"), ("drop", "Drop a target"))],
        "target_items": [{"value": "", "text": "Choose a target"}] + [
            {"value": t.key, "text": f"{t.key} ({'local' if t.category == 'local' else t.category})"
             + (", reward element" if t.reward else ""), "selected": values.get("target") == t.key}
            for t in draft.targets],
        "outcome_items": [{"value": "", "text": "Choose an outcome"}] + [
            {"value": o.id, "text": o.title, "selected": values.get("outcome") == o.id} for o in draft.outcomes],
        "partner_items": [{"value": p, "text": p, "checked": p in chosen} for p in choices],
        "breadcrumbs": crumbs(agreement),
    }, status=status)


def revision_context(request, agreement: Agreement, revision: Revision, errors: dict[str, str] | None = None) -> dict:
    user = request.user
    needed = actions.needed_consents(revision)
    consents = list(Consent.objects.visible_to(user).filter(revision=revision))
    answered = {c.organisation for c in consents}
    kind = RevisionKind(revision.kind)
    go_answers = kind is RevisionKind.REFRESH and rules.has_perm("revisions.agree_refresh", user, agreement)
    organisation = actions.government_office(revision) if go_answers else (
        user.organisation.name if getattr(user, "organisation", None) else "")
    is_open = revision.state in OPEN_STATES
    may_propose = rules.has_perm("revisions.propose_revision", user, agreement)
    today = clock.today()
    return {
        "title": f"Revision {revision.number} of {agreement.area.name}'s agreement", "agreement": agreement,
        "revision": revision, "tag": presenters.standing_tag(revision), "kind": kind,
        "changes": [presenters.describe(i) for i in items_of(revision)],
        "consent_rows": presenters.consent_rows(needed, consents),
        "consultations": list(Consultation.objects.visible_to(user).filter(revision=revision)),
        "statuses": list(RevisionStatus.objects.visible_to(user).filter(revision=revision)),
        "approver": approver_words(kind),
        "may_consent": is_open and organisation in needed and organisation not in answered
        and (go_answers or rules.has_perm("revisions.record_consent", user, agreement)),
        "review_href": reverse("reviews:review", args=[agreement.area.code, revision.review.year.replace("/", "-")])
        if revision.review else "", "review_year": revision.review.year if revision.review else "",
        "organisation": organisation,
        "consulted_on": needs_consultation(kind, includes_local=revision.includes_local),
        "may_consult": is_open and needs_consultation(kind, includes_local=revision.includes_local) and may_propose,
        "may_approve": rules.has_perm("revisions.approve_revision", user, revision),
        "may_withdraw": is_open and may_propose,
        "consented": revision.state == RevisionState.CONSENTED, "is_open": is_open, "today": today,
        "based_href": reverse("signoff:version", args=[agreement.area.code, revision.based_on.number]),
        "made_href": reverse("signoff:version", args=[agreement.area.code, revision.made.number]) if revision.made else "",
        "changes_href": (reverse("signoff:version_changes", args=[agreement.area.code])
                         + f"?older={revision.based_on.number}&newer={revision.made.number}") if revision.made else "",
        "errors": errors or {}, "error_list": error_list(errors, {"step": "steps", "held_on": "held_on-day"}),
        "breadcrumbs": crumbs(agreement),
    }


@login_required
@require_GET
def revision_page(request, area_code: str, number: int):
    agreement, revision = find_revision(request.user, area_code, number)
    return render(request, "revisions/revision.html", revision_context(request, agreement, revision))


def _refused(request, agreement, revision, refused: actions.RevisionError, default: str):
    revision.refresh_from_db()
    return render(request, "revisions/revision.html",
                  revision_context(request, agreement, revision, refused.problems or {default: refused.message}),
                  status=refused.status)


@login_required
@require_POST
def consent(request, area_code: str, number: int):
    agreement, revision = find_revision(request.user, area_code, number)
    answer = request.POST.get("consents", "")
    try:
        actions.record_consent(actor=request.user, revision=revision, note=request.POST.get("note", ""),
                               consents={"yes": True, "no": False}.get(answer))
    except actions.RevisionError as refused:
        return _refused(request, agreement, revision, refused, "consents")
    messages.success(request, "Your organisation's answer is recorded.")
    return redirect(presenters.href(revision))


def _day(values, name: str) -> date | None:
    try:
        return date(int(values.get(f"{name}-year", "")), int(values.get(f"{name}-month", "")),
                    int(values.get(f"{name}-day", "")))
    except ValueError:
        return None


@login_required
@require_POST
def consultation(request, area_code: str, number: int):
    agreement, revision = find_revision(request.user, area_code, number)
    try:
        actions.record_consultation(actor=request.user, revision=revision, held_on=_day(request.POST, "held_on"),
                                    summary=request.POST.get("summary", ""))
    except actions.RevisionError as refused:
        return _refused(request, agreement, revision, refused, "summary")
    messages.success(request, "The consultation of the voluntary partners is recorded.")
    return redirect(presenters.href(revision))


@login_required
@require_POST
def step(request, area_code: str, number: int, step: str):
    agreement, revision = find_revision(request.user, area_code, number)
    try:
        done = actions.take_step(actor=request.user, revision=revision, step=step,
                                 expected_state=request.POST.get("expected_state", ""),
                                 reason=request.POST.get("reason", ""))
    except actions.RevisionError as refused:
        return _refused(request, agreement, revision, refused, "step")
    messages.success(request, f"Revision {done.number} is {done.get_state_display().lower()}."
                     + (f" Version {done.made.number} of the agreement is in force from "
                        f"{govuk_date(done.made.in_force_from)}, with its s113 memorandum." if done.made else ""))
    return redirect(presenters.href(done))
