"""Sign-off pages: an agreement's sign-off (state, history, the steps the person may take),
the list of agreements to sign off, and the public pages of published agreements with
their s113 memoranda (no sign-in). Thin: the rules are in `signoff.actions` and the domain."""

from __future__ import annotations

from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from laa.accounts.scopes import role_of
from laa.agreements.models import Agreement
from laa.domain.signoff import (
    IRREVERSIBLE,
    STATE_LABELS,
    TRANSITIONS,
    SignOffState,
    available_transitions,
)
from laa.domain.signoff_guards import COUNCIL_BODY_LABELS
from laa.presentation import presenters as web_presenters
from laa.presentation.presenters import state_tag
from laa.signoff import actions, presenters
from laa.signoff.actions import may_act
from laa.signoff.memorandum import memorandum
from laa.signoff.scopes import published_agreement, published_agreements, visible_agreement


@login_required
def index(request):
    agreements = Agreement.objects.visible_to(request.user).select_related("area", "area__region", "round")
    rows = [
        {"agreement": a, "tag": state_tag(a.state), "next": presenters.next_steps_label(a, request.user)}
        for a in agreements.order_by("area__name", "-round__year")
    ]
    return render(request, "signoff/index.html", {
        "title": "Sign-off of agreements",
        "waiting": [r for r in rows if r["next"]],
        "rows": rows,
    })


def _page(request, agreement, *, errors: dict[str, str] | None = None, values: dict[str, str] | None = None,
          status: int = 200, problem: str = ""):
    page = presenters.signoff_page(agreement, request.user)
    errors = errors or {}
    error_list = web_presenters.error_list(errors)
    if problem:
        error_list.insert(0, {"text": problem})
    return render(request, "signoff/agreement.html", {
        "title": f"Sign-off: {agreement.area.name}",
        "page": page,
        "errors": errors,
        "error_list": error_list,
        "values": values or {},
        "council_bodies": list(COUNCIL_BODY_LABELS.items()),
        "breadcrumbs": [{"text": "Sign-off", "href": "/sign-off/"}],
    }, status=status)


@login_required
def agreement(request, area_code: str):
    found = visible_agreement(request.user, area_code)
    return _page(request, found)


@login_required
@require_POST
def take(request, area_code: str, transition: str):
    found = visible_agreement(request.user, area_code)
    if transition not in TRANSITIONS:
        raise Http404(f"There is no sign-off step called {transition}")
    if transition in IRREVERSIBLE and request.POST.get("confirmed") != "yes":
        # An irreversible step is taken only from its confirmation page: nothing changes.
        if not may_act(request.user, found) or TRANSITIONS[transition] not in available_transitions(
                found.state, role_of(request.user)):
            raise PermissionDenied(f"You cannot {TRANSITIONS[transition].label.lower()} now.")
        return redirect("signoff:confirm", area_code=found.area.code, transition=transition)
    form = {k: request.POST.get(k, "") for k in ("expected_state", "reason", "council_body", "district", "note")}
    try:
        result = actions.transition(actor=request.user, agreement=found, transition=transition, **form)
    except actions.TransitionRefused as exc:
        if exc.kind in {"role", "scope"}:
            raise PermissionDenied(exc.message) from None
        if exc.kind == "unknown":
            raise Http404(exc.message) from None
        if exc.field in {"reason", "council_body"}:
            key = presenters.field_id(transition, exc.field)
            return _page(request, found, errors={key: exc.message}, values={key: form[exc.field]}, status=400)
        if exc.field == "district":
            return _page(request, found, errors={"district": exc.message}, values={"note": form["note"]}, status=400)
        status = 409 if exc.kind == "state" else 400
        return _page(request, found, problem=exc.message, status=status)
    except actions.TransitionConflict as exc:
        found.refresh_from_db()
        return _page(request, found, problem=exc.message, status=409)
    messages.success(request, result.message)
    return redirect("signoff:agreement", area_code=found.area.code)


@login_required
@require_POST
def acknowledge(request, area_code: str):
    found = visible_agreement(request.user, area_code)
    rule, target, reason = (request.POST.get(k, "") for k in ("rule", "target", "reason"))
    key = presenters.ack_id(rule, target)
    try:
        made = actions.acknowledge_warning(actor=request.user, agreement=found, rule=rule, target=target, reason=reason)
    except actions.TransitionRefused as exc:
        if exc.kind in {"role", "scope"}:
            raise PermissionDenied(exc.message) from None
        return _page(request, found, problem=exc.message, status=409)
    except actions.AcknowledgementError as exc:
        if "reason" in exc.problems:
            return _page(request, found, errors={key: exc.problems["reason"]}, status=400)
        return _page(request, found, problem=exc.problems.get("rule", str(exc)), status=400)
    messages.success(request, f"Warning {made[0].rule}{' on ' + made[0].target_key if made[0].target_key else ''} acknowledged.")
    return redirect("signoff:agreement", area_code=found.area.code)


@login_required
def confirm(request, area_code: str, transition: str):
    """The confirmation page of an irreversible step (submit, approve, designate, publish):
    what follows, and the one button that takes the step. When the step cannot be taken
    now, the page says why and links back to the sign-off page."""
    found = visible_agreement(request.user, area_code)
    if transition not in IRREVERSIBLE:
        raise Http404(f"There is no confirmation for a step called {transition}")
    page = presenters.signoff_page(found, request.user)
    step = next((s for s in page.steps if s.name == transition), None)
    if step is None:
        raise PermissionDenied(f"You cannot {TRANSITIONS[transition].label.lower()} now.")
    t = TRANSITIONS[transition]
    return render(request, "signoff/confirm.html", {
        "title": f"{t.label}: {found.area.name}",
        "agreement": found,
        "step": step,
        "state_label": STATE_LABELS[SignOffState(found.state)],
        "to_label": STATE_LABELS[t.to_state] if t.to_state else "",
        "follows": IRREVERSIBLE[transition],
        "action": reverse("signoff:take", args=[found.area.code, transition]),
        "back": reverse("signoff:agreement", args=[found.area.code]),
        "breadcrumbs": [{"text": "Sign-off", "href": "/sign-off/"},
                        {"text": found.area.name, "href": reverse("signoff:agreement", args=[found.area.code])}],
    })


def published(request):
    rows = published_agreements().order_by("area__name", "-round__year")
    return render(request, "signoff/published.html", {"title": "Published agreements", "agreements": rows})


def _day_asked(values) -> tuple[date | None, dict[str, str]]:
    """The day of `?on-day=&on-month=&on-year=` (a GOV.UK date input), if one is asked."""
    if not any(values.get(f"on-{p}", "").strip() for p in ("day", "month", "year")):
        return None, {}
    typed = web_presenters.date_input(values, "on")
    try:
        return date.fromisoformat(typed), {}
    except ValueError:
        return None, {"on": "Give a real day, like 16 3 2009"}


def public_agreement(request, area_code: str):
    """The published agreement as in force today, or on a day asked (the memorandum of
    the version in force on it: D15's "every change is published")."""
    found = published_agreement(area_code)
    day, errors = _day_asked(request.GET)
    memo = memorandum(found, on=day)
    query = f"?round={found.round.year}"
    return render(request, "signoff/public_agreement.html", {
        "day": day, "errors": errors, "error_list": [{"text": m, "href": "#on-day"} for m in errors.values()],
        "values": request.GET,
        "title": f"{memo.area_name} Local Area Agreement {memo.period_start} to {memo.period_end}",
        "memo": memo,
        "document_href": (reverse("signoff:version_document", args=[found.area.code, memo.version]) if memo.version
                          else reverse("agreements:document", args=[found.area.code]) + query),
        "pdf_href": reverse("agreements:document_pdf", args=[found.area.code]) + query,
        "file_href": (reverse("signoff:version_file", args=[found.area.code, memo.version, "json"]) if memo.version
                      else reverse("agreements:export", args=[found.area.code, "json"])),
        "versions_href": reverse("signoff:versions", args=[found.area.code]),
        "file_name": f"laa-{found.area.code}-{found.round.year}" + (f"-version-{memo.version}" if memo.version else "") + ".json",
        "version_href": reverse("signoff:version", args=[found.area.code, memo.version]) if memo.version else "",
        "area_href": reverse("places:area", args=[found.area.code]),
        "breadcrumbs": [{"text": "Published agreements", "href": "/sign-off/published"}],
    }, status=400 if errors else 200)
