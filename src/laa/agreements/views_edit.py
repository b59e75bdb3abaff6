"""Editing an agreement's own fields, its priority outcomes and its consultation records.
Each view parses the form, calls one action and renders: 400 with the errors by field,
409 with the current values when someone else changed the agreement first."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from laa.agreements import actions, forms, presenters
from laa.agreements.views import breadcrumbs, editable, page, readable

GET_POST = require_http_methods(["GET", "POST"])


def _agreement_rows(agreement) -> list[dict]:
    return [
        {"key": {"text": "Story of place"}, "value": {"text": agreement.story_of_place or "–"}},
        {"key": {"text": "Evidence"}, "value": {"text": agreement.evidence or "–"}},
        *presenters.agreement_summary_rows(agreement),
    ]


def _outcome_rows(outcome) -> list[dict]:
    rows = [("Id", outcome.key), ("Title", outcome.title), ("Theme", outcome.theme or "–"),
            ("Evidence", outcome.evidence or "–"),
            ("Criteria met", "; ".join(presenters.CRITERIA_LABELS.get(k, k)
                                       for k, v in (outcome.criteria or {}).items() if v) or "None"),
            ("Assessment", outcome.assessment or "–")]
    return [{"key": {"text": k}, "value": {"text": v}} for k, v in rows]


def _detail(area_code: str, section: str) -> str:
    return reverse("agreements:detail", args=[area_code]) + f"#{section}"


def _outcome_or_agreement_rows(agreement, outcome_id: int) -> list[dict]:
    """The outcome's current values, or the agreement's if someone removed the outcome."""
    outcome = agreement.outcomes.filter(pk=outcome_id).first()
    return _outcome_rows(outcome) if outcome else _agreement_rows(agreement)


def _stale(request, area_code, exc, rows_of):
    """The agreement as it is now (re-read), and what the 409 page says about it."""
    current = readable(request, area_code)
    return current, presenters.stale_view(exc, rows_of(current))


# --- the agreement's own fields -----------------------------------------------------------


@login_required
@GET_POST
@page
def edit_agreement(request, area_code: str):
    agreement = editable(request, area_code)
    errors: dict[str, str] = {}
    stale = None
    values = forms.agreement_values(agreement)
    version = agreement.version
    status = 200
    if request.method == "POST":
        values = forms.submitted_agreement_values(request.POST)
        fields, errors = forms.parse_agreement_fields(request.POST)
        version = forms.parse_version(request.POST)
        if not errors:
            try:
                actions.update_agreement(actor=request.user, agreement=agreement, version=version, fields=fields)
            except actions.StaleEdit as exc:
                agreement, stale = _stale(request, area_code, exc, _agreement_rows)
                version, status = agreement.version, 409
            except actions.AgreementError as exc:
                errors = dict(exc.problems)
            except actions.FrozenAgreement as exc:
                raise PermissionDenied(str(exc)) from exc
            else:
                messages.success(request, "You saved the story of place and evidence.")
                return redirect("agreements:detail", area_code)
        if errors:
            status = 400
    return render(request, "agreements/edit_agreement.html", {
        "title": "Story of place and evidence",
        "agreement": agreement,
        "area_code": area_code,
        "values": values,
        "version": version,
        "errors": errors,
        "error_list": presenters.error_list(errors),
        "stale": stale,
        "breadcrumbs": breadcrumbs(agreement),
    }, status=status)


# --- outcomes -----------------------------------------------------------------------------


def _outcome_of(agreement, outcome_id: int):
    outcome = agreement.outcomes.filter(pk=outcome_id).first()
    if outcome is None:
        raise Http404("No such outcome in this agreement")
    return outcome


@login_required
@GET_POST
@page
def outcome_form(request, area_code: str, outcome_id: int | None = None):
    agreement = editable(request, area_code)
    outcome = _outcome_of(agreement, outcome_id) if outcome_id is not None else None
    errors: dict[str, str] = {}
    stale = None
    values = forms.outcome_values(outcome) if outcome else {"criteria": []}
    version = agreement.version
    status = 200
    if request.method == "POST":
        values = forms.submitted_outcome_values(request.POST)
        kwargs, errors = forms.parse_outcome(request.POST)
        version = forms.parse_version(request.POST)
        if not errors:
            try:
                saved = actions.save_outcome(actor=request.user, agreement=agreement, version=version,
                                             outcome=outcome, **kwargs)
            except actions.StaleEdit as exc:
                agreement, stale = _stale(request, area_code, exc, lambda a: (
                    _outcome_or_agreement_rows(a, outcome.pk) if outcome else _agreement_rows(a)))
                version, status = agreement.version, 409
            except actions.AgreementError as exc:
                errors = dict(exc.problems)
            except actions.FrozenAgreement as exc:
                raise PermissionDenied(str(exc)) from exc
            else:
                messages.success(request, f"You saved the outcome “{saved.title}”.")
                return redirect(_detail(area_code, "outcomes"))
        if errors:
            status = 400
    return render(request, "agreements/outcome_form.html", {
        "title": f"Edit the outcome “{outcome.title}”" if outcome else "Add a priority outcome",
        "agreement": agreement,
        "area_code": area_code,
        "outcome": outcome,
        "values": values,
        "criteria_items": presenters.criteria_items(values.get("criteria", [])),
        "version": version,
        "errors": errors,
        "error_list": presenters.error_list(errors),
        "stale": stale,
        "breadcrumbs": breadcrumbs(agreement),
    }, status=status)


@login_required
@GET_POST
@page
def delete_outcome(request, area_code: str, outcome_id: int):
    agreement = editable(request, area_code)
    outcome = _outcome_of(agreement, outcome_id)
    errors: dict[str, str] = {}
    stale = None
    status = 200
    version = agreement.version
    if request.method == "POST":
        try:
            actions.delete_outcome(actor=request.user, outcome=outcome, version=forms.parse_version(request.POST))
        except actions.StaleEdit as exc:
            agreement, stale = _stale(request, area_code, exc, lambda a: _outcome_or_agreement_rows(a, outcome.pk))
            version, status = agreement.version, 409
        except actions.AgreementError as exc:
            errors, status = dict(exc.problems), 400
        except actions.FrozenAgreement as exc:
            raise PermissionDenied(str(exc)) from exc
        else:
            messages.success(request, f"You removed the outcome “{outcome.title}”.")
            return redirect(_detail(area_code, "outcomes"))
    return render(request, "agreements/confirm_delete.html", {
        "title": f"Remove the outcome “{outcome.title}”?",
        "what": "outcome",
        "agreement": agreement,
        "area_code": area_code,
        "rows": _outcome_rows(outcome),
        "version": version,
        "errors": errors,
        "error_list": presenters.error_list(errors, {"outcome": "confirm"}),
        "stale": stale,
        "button": "Remove outcome",
        "breadcrumbs": breadcrumbs(agreement),
    }, status=status)


# --- consultations ------------------------------------------------------------------------


@login_required
@GET_POST
@page
def add_consultation(request, area_code: str):
    agreement = editable(request, area_code)
    errors: dict[str, str] = {}
    stale = None
    values: dict = {}
    version = agreement.version
    status = 200
    if request.method == "POST":
        values = request.POST
        kwargs, errors = forms.parse_consultation(request.POST, today=timezone.localdate())
        version = forms.parse_version(request.POST)
        if not errors:
            try:
                actions.add_consultation(actor=request.user, agreement=agreement, version=version, **kwargs)
            except actions.StaleEdit as exc:
                agreement, stale = _stale(request, area_code, exc, _agreement_rows)
                version, status = agreement.version, 409
            except actions.AgreementError as exc:
                errors = dict(exc.problems)
            except actions.FrozenAgreement as exc:
                raise PermissionDenied(str(exc)) from exc
            else:
                messages.success(request, f"You recorded the consultation with {kwargs['consultee']}.")
                return redirect(_detail(area_code, "consultations"))
        if errors:
            status = 400
    return render(request, "agreements/consultation_form.html", {
        "title": "Record a consultation",
        "agreement": agreement,
        "area_code": area_code,
        "values": values,
        "version": version,
        "errors": errors,
        "error_list": presenters.error_list(errors, {"held_on": "held_on-day"}),
        "stale": stale,
        "breadcrumbs": breadcrumbs(agreement),
    }, status=status)


@login_required
@GET_POST
@page
def remove_consultation(request, area_code: str, consultation_id: int):
    agreement = editable(request, area_code)
    consultation = agreement.consultations.filter(pk=consultation_id).first()
    if consultation is None:
        raise Http404("No such consultation in this agreement")
    row = presenters.consultation_rows([consultation])[0]
    rows = [{"key": {"text": k}, "value": {"text": row[f]}}
            for k, f in (("Consulted", "consultee"), ("When", "held_on"), ("What they said", "summary"))]
    stale = None
    status = 200
    version = agreement.version
    if request.method == "POST":
        try:
            actions.remove_consultation(actor=request.user, consultation=consultation,
                                        version=forms.parse_version(request.POST))
        except actions.StaleEdit as exc:
            agreement, stale = _stale(request, area_code, exc, _agreement_rows)
            version, status = agreement.version, 409
        except actions.FrozenAgreement as exc:
            raise PermissionDenied(str(exc)) from exc
        else:
            messages.success(request, f"You removed the consultation with {consultation.consultee}.")
            return redirect(_detail(area_code, "consultations"))
    return render(request, "agreements/confirm_delete.html", {
        "title": f"Remove the consultation with {consultation.consultee}?",
        "what": "consultation",
        "agreement": agreement,
        "area_code": area_code,
        "rows": rows,
        "version": version,
        "errors": {},
        "error_list": [],
        "stale": stale,
        "button": "Remove consultation",
        "breadcrumbs": breadcrumbs(agreement),
    }, status=status)
