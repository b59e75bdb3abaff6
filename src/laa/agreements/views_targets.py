"""Targets: find an indicator in the catalogue, add a target on it, see a target with
its findings, edit it (with its version) and delete it (after a confirmation)."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from laa.agreements import actions, presenters
from laa.agreements import forms_targets as forms
from laa.agreements.findings import by_target, findings_for
from laa.agreements.forms import parse_version
from laa.agreements.models import Target
from laa.agreements.views import (
    breadcrumbs,
    can_edit,
    editable,
    page,
    readable,
    visible_targets,
    years_of,
)
from laa.catalogue.queries import CatalogueFilter, current_definitions, statutory_indicator_ids
from laa.places.models import Organisation
from laa.presentation.presenters import indicator_row

GET_POST = require_http_methods(["GET", "POST"])
SEARCH_LIMIT = 50


def _definition(user, code: str):
    """The current definition of an indicator the user may see, else 404."""
    definition = (
        current_definitions(user, CatalogueFilter()).filter(indicator__code=code)
        .select_related("indicator", "department").first()
    )
    if definition is None:
        raise Http404("No such indicator")
    return definition


def _target_of(request, agreement, target_id: int) -> Target:
    target = visible_targets(request.user, agreement).filter(pk=target_id).first()
    if target is None:
        raise Http404("No such target in this agreement")
    return target


def _partner_choices(agreement, existing: Target | None) -> list[forms.PartnerChoice]:
    """The partnership's members, each with its duty (D6), then the area's other known
    partner authorities, then any other organisation already signed up to the target."""
    partnership = getattr(agreement.area, "partnership", None)
    choices: list[forms.PartnerChoice] = []
    if partnership is not None:
        for membership in partnership.memberships.select_related("organisation").order_by("organisation__name"):
            org = membership.organisation
            choices.append(forms.PartnerChoice(org.name, "have_regard" if org.is_partner_authority else "voluntary"))
    names = {c.name for c in choices}
    # The area's partner authorities from the reference data (s104), members or not (D6).
    for org in Organisation.objects.visible_to(None).known().filter(area=agreement.area).exclude(name__in=names).order_by("name"):
        if org.is_partner_authority:
            choices.append(forms.PartnerChoice(org.name, "have_regard"))
            names.add(org.name)
    if existing is not None:
        for p in existing.partners.all():
            if p.name not in names:
                choices.append(forms.PartnerChoice(p.name, p.duty))
    return choices


def _form(agreement, code: str, existing: Target | None) -> forms.TargetForm:
    return forms.TargetForm(
        indicator=code,
        years=years_of(agreement),
        partners=_partner_choices(agreement, existing),
        districts=[d.name for d in agreement.area.districts.all()],
        outcome_keys=list(agreement.outcomes.values_list("key", flat=True)),
        existing=existing,
    )


def _indicator_facts(definition, agreement) -> dict:
    statutory = definition.indicator_id in statutory_indicator_ids(agreement.round)
    facts = [definition.get_polarity_display(), definition.get_unit_display(),
             f"reported to {definition.decimal_places} decimal place{'s' if definition.decimal_places != 1 else ''}"]
    if definition.place_survey:
        facts.append("Place Survey: give the confidence interval or the sample size of the baseline, and how "
                     "direction of travel is gauged in the non-survey year (D7)")
    if definition.deferred:
        facts.append(f"first reported in {definition.first_year}: no target before it; it may be a placeholder (D5)")
    if statutory:
        facts.append("a statutory education target in this round: agreed with DCSF (D3)")
    return {"code": definition.indicator.code, "title": definition.title, "facts": "; ".join(facts),
            "statutory": statutory, "place_survey": definition.place_survey}


# --- finding an indicator -----------------------------------------------------------------


@login_required
@page
def find_indicator(request, area_code: str):
    agreement = editable(request, area_code)
    q = (request.GET.get("q") or "").strip()[:200]
    rows = []
    count = 0
    if q:
        found = current_definitions(request.user, CatalogueFilter(q=q))
        count = found.count()
        statutory = statutory_indicator_ids(agreement.round)
        targeted = set(agreement.targets.values_list("indicator_id", flat=True))
        for definition in found[:SEARCH_LIMIT]:
            row = indicator_row(definition, statutory)
            row["add_href"] = reverse("agreements:add_target", args=[area_code]) + "?" + \
                _query({"indicator": definition.indicator.code})
            if definition.indicator_id in targeted:
                row["tags"] = [*row["tags"], {"text": "Has a target", "classes": "govuk-tag--green"}]
            rows.append(row)
    return render(request, "agreements/find_indicator.html", {
        "title": "Add a target: find the indicator",
        "agreement": agreement,
        "area_code": area_code,
        "q": q,
        "rows": rows,
        "count": count,
        "limited": count > SEARCH_LIMIT,
        "limit": SEARCH_LIMIT,
        "breadcrumbs": breadcrumbs(agreement),
    })


def _query(params: dict[str, str]) -> str:
    return urlencode(params)


# --- the target form ----------------------------------------------------------------------


def _render_form(request, *, agreement, area_code, definition, form, values, errors, version, target,
                 stale, status):
    outcomes = list(agreement.outcomes.all())
    return render(request, "agreements/target_form.html", {
        "title": (f"Edit the target {target.key}" if target else f"Add a target on {definition.indicator.code}"),
        "agreement": agreement,
        "area_code": area_code,
        "indicator": _indicator_facts(definition, agreement),
        "target": target,
        "values": values,
        "choices": presenters.target_form_choices(
            years=form.years, outcomes=outcomes, districts=form.districts, partners=form.partners,
            values=values, errors=errors),
        "has_outcomes": bool(outcomes),
        "has_districts": bool(form.districts),
        "version": version,
        "errors": errors,
        "error_list": presenters.error_list(errors),
        "stale": stale,
        "action": request.get_full_path(),
        "breadcrumbs": breadcrumbs(agreement, *(
            [(target.key, reverse("agreements:target", args=[area_code, target.pk]))] if target else [])),
    }, status=status)


@login_required
@GET_POST
@page
def add_target(request, area_code: str):
    agreement = editable(request, area_code)
    code = (request.POST.get("indicator") if request.method == "POST" else request.GET.get("indicator")) or ""
    if not code.strip():
        return redirect("agreements:find_indicator", area_code)
    definition = _definition(request.user, code.strip())
    code = definition.indicator.code
    form = _form(agreement, code, None)
    errors: dict[str, str] = {}
    values = forms.new_target_values(statutory=_indicator_facts(definition, agreement)["statutory"])
    if request.method == "POST":
        values = forms.submitted_target_values(request.POST, form.years)
        draft, errors = forms.parse_target(request.POST, form)
        if draft is not None:
            try:
                saved = actions.save_target(actor=request.user, agreement=agreement, draft=draft)
            except actions.AgreementError as exc:
                errors = forms.target_problems(exc.problems, draft)
            except actions.FrozenAgreement as exc:
                raise PermissionDenied(str(exc)) from exc
            else:
                messages.success(request, f"You added the target {saved.key}. Its findings are below.")
                for notice in saved.notices:
                    messages.warning(request, notice)
                return redirect("agreements:target", area_code, saved.pk)
    return _render_form(request, agreement=agreement, area_code=area_code, definition=definition, form=form,
                        values=values, errors=errors, version=None, target=None, stale=None,
                        status=400 if errors else 200)


@login_required
@GET_POST
@page
def edit_target(request, area_code: str, target_id: int):
    agreement = editable(request, area_code)
    target = _target_of(request, agreement, target_id)
    definition = _definition(request.user, target.indicator.code)
    form = _form(agreement, target.indicator.code, target)
    errors: dict[str, str] = {}
    stale = None
    status = 200
    version = target.version
    values = forms.target_values(target, form.years, form.districts)
    if request.method == "POST":
        values = forms.submitted_target_values(request.POST, form.years)
        version = parse_version(request.POST)
        draft, errors = forms.parse_target(request.POST, form)
        if draft is not None:
            try:
                saved = actions.save_target(actor=request.user, agreement=agreement, draft=draft, target=target,
                                            version=version)
            except actions.StaleEdit as exc:
                current = _target_of(request, readable(request, area_code), target_id)
                stale = presenters.stale_view(exc, presenters.target_summary_rows(
                    current, form.years, definition.title, definition.decimal_places))
                version, status = current.version, 409
            except Target.DoesNotExist:
                return _gone(request, agreement, area_code, target)
            except actions.AgreementError as exc:
                errors = forms.target_problems(exc.problems, draft)
            except actions.FrozenAgreement as exc:
                raise PermissionDenied(str(exc)) from exc
            else:
                messages.success(request, f"You saved the target {saved.key}. Its findings are below.")
                for notice in saved.notices:
                    messages.warning(request, notice)
                return redirect("agreements:target", area_code, saved.pk)
        if errors:
            status = 400
    return _render_form(request, agreement=agreement, area_code=area_code, definition=definition, form=form,
                        values=values, errors=errors, version=version, target=target, stale=stale, status=status)


def _gone(request, agreement, area_code, target):
    """Someone deleted the target while this person edited it: a 409 saying so."""
    return render(request, "agreements/target_gone.html", {
        "title": f"The target {target.key} was deleted",
        "agreement": agreement,
        "area_code": area_code,
        "target": target,
        "breadcrumbs": breadcrumbs(agreement),
    }, status=409)


# --- one target ---------------------------------------------------------------------------


@page
def target_detail(request, area_code: str, target_id: int):
    agreement = readable(request, area_code)
    target = _target_of(request, agreement, target_id)
    definition = _definition(request.user, target.indicator.code)
    _, per_target = by_target(findings_for(agreement))
    years = years_of(agreement)
    return render(request, "agreements/target.html", {
        "title": f"Target {target.key}",
        "agreement": agreement,
        "area_code": area_code,
        "target": target,
        "indicator": _indicator_facts(definition, agreement),
        "rows": presenters.target_summary_rows(target, years, definition.title, definition.decimal_places,
                                               definition=definition),
        "findings": presenters.findings_view(per_target.get(target.key, [])),
        "can_edit": can_edit(request.user, agreement),
        "breadcrumbs": breadcrumbs(agreement),
    })


@login_required
@GET_POST
@page
def delete_target(request, area_code: str, target_id: int):
    agreement = editable(request, area_code)
    target = _target_of(request, agreement, target_id)
    definition = _definition(request.user, target.indicator.code)
    years = years_of(agreement)
    stale = None
    status = 200
    version = target.version
    if request.method == "POST":
        try:
            actions.delete_target(actor=request.user, target=target, version=parse_version(request.POST))
        except actions.StaleEdit as exc:
            target = _target_of(request, readable(request, area_code), target_id)
            stale = presenters.stale_view(exc, presenters.target_summary_rows(target, years, definition.title, definition.decimal_places))
            version, status = target.version, 409
        except Target.DoesNotExist:
            messages.success(request, f"The target {target.key} had already been deleted.")
            return redirect("agreements:detail", area_code)
        except actions.FrozenAgreement as exc:
            raise PermissionDenied(str(exc)) from exc
        else:
            messages.success(request, f"You deleted the target {target.key}.")
            return redirect("agreements:detail", area_code)
    return render(request, "agreements/confirm_delete.html", {
        "title": f"Delete the target {target.key}?",
        "what": "target",
        "agreement": agreement,
        "area_code": area_code,
        "rows": [] if stale else presenters.target_summary_rows(target, years, definition.title, definition.decimal_places),
        "version": version,
        "errors": {},
        "error_list": [],
        "stale": stale,
        "button": "Delete target",
        "breadcrumbs": breadcrumbs(agreement, (target.key, reverse("agreements:target", args=[area_code, target.pk]))),
    }, status=status)
