"""Agreements in the API: list and read agreements (scoped to the reader), replace one from
an agreement file's data, and list, read, add, change and remove its targets; the rules'
findings on it. Writes need a signed-in partnership officer of the area (the rules
predicate `agreements.edit_agreement`) and the version the writer read: a stale version
gets 409 saying what changed, and nothing is saved. Bad content gets 422 naming each
field. The agreement document (PDF) is a page: /agreements/{area_code}/document.pdf
(202 "being prepared", with Retry-After, until the background worker has printed it).

An agreement is named by its area's code and, with `?round=`, the round (else the latest).
"""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal
from typing import Any

import rules
from django.db.models import Count, Q
from django.http import Http404
from ninja import Query, Router, Status

from laa.accounts.api_auth import public, signed_in
from laa.agreements import actions, actions_import
from laa.agreements.api_schemas import (
    RESPONSES,
    SUMMARY_COLUMNS,
    AgreementIn,
    AgreementOut,
    AgreementPage,
    AgreementQuery,
    Deleted,
    FindingOut,
    RoundQuery,
    TargetIn,
    TargetOut,
    TargetPage,
    TargetQuery,
    TargetUpdate,
    VersionQuery,
)
from laa.agreements.convert import agreement_to_draft, target_to_draft
from laa.agreements.findings import findings_for, visible_findings
from laa.agreements.models import Agreement, Target
from laa.agreements.stale import agreement_events, stale_conflict, target_events
from laa.agreements.views_document import visible_agreement
from laa.domain.agreement_file import (
    FORMAT,
    AgreementFileError,
    agreement_from_data,
    agreement_to_data,
)
from laa.domain.composition import AgreementDraft, TargetDraft
from laa.domain.signoff import STATE_LABELS, SignOffState
from laa.presentation.api_bodies import read_body
from laa.presentation.api_lists import csv_alternative, csv_response, paginate, wants_csv

router = Router(tags=["agreements"])

INVALID = "The agreement is not valid: nothing was saved"


# --- helpers ----------------------------------------------------------------------------


def _plain(value: Any) -> Any:
    """The agreement file's data with exact decimals as JSON numbers."""
    if isinstance(value, Decimal):
        exponent = value.as_tuple().exponent
        return int(value) if isinstance(exponent, int) and exponent >= 0 else float(value)
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return value


def _raw(request, member: str) -> Any:
    """A member of the JSON body read again with exact decimals (ninja has checked its shape
    and bounds: `api.bodies`)."""
    return read_body(request, decimals=True)[member]


def _invalid(problems: dict[str, str] | list[tuple[str, str]], detail: str = INVALID):
    items = problems.items() if isinstance(problems, dict) else problems
    return Status(422, {"detail": detail, "errors": [{"field": f, "message": m} for f, m in items]})


def _file_problems(exc: AgreementFileError, prefix: str, inner: str = "") -> list[tuple[str, str]]:
    """The file's problems with their field paths as the request body names them."""
    out = []
    for p in exc.problems:
        path = p.path
        if inner and path.startswith(inner):
            path = path[len(inner):].lstrip(".")
        out.append((".".join(filter(None, [prefix, path])), p.message))
    return out


def _refused(request, agreement: Agreement):
    """None if the user may change the agreement, else the (status, body) to answer:
    409 to its own officer when the agreement is out of draft (with the GO, the council
    or the Secretary of State, or frozen by approval), 403 to anyone else."""
    if rules.has_perm("agreements.edit_agreement", request.user, agreement):
        return None
    if rules.has_perm("agreements.compose_agreement", request.user, agreement):  # theirs, but not in draft
        return Status(409, {"detail": str(actions.FrozenAgreement(agreement))})
    return Status(403, {"detail": f"Only a partnership officer of {agreement.area.name} may change its agreement"})


def _state_label(state: str) -> str:
    try:
        return STATE_LABELS[SignOffState(state)]
    except ValueError:
        return state


def _agreement_out(request, agreement: Agreement) -> dict[str, Any]:
    draft = agreement_to_draft(agreement)
    visible = set(Target.objects.visible_to(request.user).filter(agreement=agreement).values_list("key", flat=True))
    complete = len(visible) == len(draft.targets)
    if not complete:
        draft = replace(draft, targets=tuple(t for t in draft.targets if t.key in visible))
    return {
        "id": agreement.pk, "area": agreement.area.code, "area_name": agreement.area.name,
        "round": agreement.round.year, "version": agreement.version, "state": agreement.state,
        "state_label": _state_label(agreement.state), "published_at": agreement.published_at,
        "updated_at": agreement.updated_at, "complete": complete,
        "agreement": _plain(agreement_to_data(draft)),
    }


def _outcome_keys(agreement: Agreement) -> dict[int, str]:
    return dict(agreement.outcomes.values_list("id", "key"))


def _target_data(agreement: Agreement, draft: TargetDraft) -> dict[str, Any]:
    holder = AgreementDraft(area=agreement.area.code, round=agreement.round.year, targets=(draft,))
    return _plain(agreement_to_data(holder)["targets"][0])


def _target_out(agreement: Agreement, target: Target, outcome_keys: dict[int, str],
                notices: list[str] | None = None) -> dict[str, Any]:
    return {
        "id": target.pk, "key": target.key, "version": target.version, "category": target.category,
        "indicator": target.indicator.code, "agreement_version": agreement.version,
        "target": _target_data(agreement, target_to_draft(target, outcome_keys)),
        "notices": notices or [],
    }


def _targets(request, agreement: Agreement):
    return (
        Target.objects.visible_to(request.user).filter(agreement=agreement)
        .select_related("indicator").prefetch_related("partners").order_by("position", "id")
    )


def _target(request, agreement: Agreement, target_id: int) -> Target:
    target = _targets(request, agreement).filter(pk=target_id).first()
    if target is None:
        raise Http404(f"The agreement for {agreement.area.name} has no target {target_id} that you may see")
    return target


def _parse_target(agreement: Agreement, raw: Any, key: str | None = None) -> TargetDraft:
    """One target from the agreement file's data, checked as the file's `targets[0]`."""
    if isinstance(raw, dict) and key is not None and "key" not in raw:
        raw = {**raw, "key": key}
    data = {
        "format": FORMAT, "area": agreement.area.code, "round": agreement.round.year,
        "outcomes": [{"id": k, "title": t or k} for k, t in agreement.outcomes.values_list("key", "title")],
        "targets": [raw],
    }
    return agreement_from_data(data).draft.targets[0]


# --- agreements -------------------------------------------------------------------------


@router.get("/", response={200: AgreementPage, **RESPONSES}, auth=public, summary="List the agreements you may read",
            openapi_extra=csv_alternative(SUMMARY_COLUMNS))
def list_agreements(request, query: Query[AgreementQuery]):
    agreements = (
        Agreement.objects.visible_to(request.user).select_related("area__region", "round")
        .annotate(**{c: Count("targets", filter=Q(targets__category=c)) for c in ("designated", "statutory", "local")})
        .order_by("area__name", "-round__year")
    )
    if query.region:
        agreements = agreements.filter(area__region__code=query.region)
    if query.state:
        agreements = agreements.filter(state=query.state)
    if query.round is not None:
        agreements = agreements.filter(round__year=query.round)

    def summary(a: Agreement) -> dict[str, Any]:
        return {
            "id": a.pk, "area": a.area.code, "area_name": a.area.name, "region": a.area.region.code,
            "round": a.round.year, "period_start": a.period_start, "period_end": a.period_end,
            "state": a.state, "version": a.version, "designated": a.designated, "statutory": a.statutory,
            "local": a.local, "published_at": a.published_at, "updated_at": a.updated_at,
        }

    if wants_csv(request, query.format):
        return csv_response([summary(a) for a in agreements], SUMMARY_COLUMNS, "agreements.csv")
    window, page = paginate(agreements, query.offset, query.limit)
    return {**page, "items": [summary(a) for a in window]}


@router.get("/{area_code}", response={200: AgreementOut, **RESPONSES}, auth=public,
            summary="An agreement: its whole content as agreement-file data, with its version and state")
def get_agreement(request, area_code: str, query: Query[RoundQuery]):
    return _agreement_out(request, visible_agreement(request.user, area_code, query.round))


@router.put("/{area_code}", response={200: AgreementOut, **RESPONSES}, auth=signed_in,
            summary="Replace an agreement's content from agreement-file data (with the version you read)")
def replace_agreement(request, area_code: str, payload: AgreementIn, query: Query[RoundQuery]):
    agreement = visible_agreement(request.user, area_code, query.round)
    refused = _refused(request, agreement)
    if refused:
        return refused
    label = f"The agreement for {agreement.area.name}"
    if payload.version != agreement.version:
        events = agreement_events(agreement, agreement.version - payload.version)
        return stale_conflict(label, payload.version, agreement.version, events)
    try:
        draft = agreement_from_data(_raw(request, "agreement")).draft
    except AgreementFileError as exc:
        return _invalid(_file_problems(exc, "agreement"))
    problems = {}
    if draft.area != agreement.area.code:
        problems["agreement.area"] = f"this is the agreement for {agreement.area.code}, not {draft.area}"
    if draft.round != agreement.round.year:
        problems["agreement.round"] = f"this is the agreement of the {agreement.round.year} round, not {draft.round}"
    if problems:
        return _invalid(problems)
    try:
        actions_import.import_agreement(actor=request.user, draft=draft, expected_version=payload.version)
    except actions.StaleEdit as exc:
        return stale_conflict(label, exc.seen, exc.current, agreement_events(agreement, exc.current - exc.seen))
    except actions.AgreementError as exc:
        return _invalid({f"agreement.{k}": v for k, v in exc.problems.items()})
    except actions.FrozenAgreement as exc:
        return Status(409, {"detail": str(exc)})
    return _agreement_out(request, visible_agreement(request.user, area_code, agreement.round.year))


@router.get("/{area_code}/findings", response={200: list[FindingOut], **RESPONSES}, auth=public,
            summary="The rules' findings on an agreement (errors block submission; warnings need a reason)")
def agreement_findings(request, area_code: str, query: Query[RoundQuery]):
    agreement = visible_agreement(request.user, area_code, query.round)
    visible = set(Target.objects.visible_to(request.user).filter(agreement=agreement).values_list("key", flat=True))
    return [{"rule": f.rule, "severity": f.severity, "target": f.target, "message": f.message}
            for f in visible_findings(findings_for(agreement), visible)]


# --- targets ----------------------------------------------------------------------------


ROUND_YEARS = "one column per year of the round (2008-09 ...)"
TARGET_COLUMNS = ["id", "key", "indicator", "category", "outcome", "sub_areas", "group", "baseline_value",
                  "baseline_period", "baseline_source", ROUND_YEARS, "placeholder", "partners", "lead_partner",
                  "version"]


@router.get("/{area_code}/targets", response={200: TargetPage, **RESPONSES}, auth=public,
            summary="An agreement's targets you may see", openapi_extra=csv_alternative(TARGET_COLUMNS))
def list_agreement_targets(request, area_code: str, query: Query[TargetQuery]):
    agreement = visible_agreement(request.user, area_code, query.round)
    targets = _targets(request, agreement)
    if query.category:
        targets = targets.filter(category=query.category)
    keys = _outcome_keys(agreement)
    if wants_csv(request, query.format):
        return _targets_csv(agreement, list(targets), keys)
    window, page = paginate(targets, query.offset, query.limit)
    return {**page, "items": [_target_out(agreement, t, keys) for t in window]}


def _targets_csv(agreement: Agreement, targets: list[Target], keys: dict[int, str]):
    years = list(agreement.round.years)
    at = TARGET_COLUMNS.index(ROUND_YEARS)
    columns = [*TARGET_COLUMNS[:at], *years, *TARGET_COLUMNS[at + 1 :]]
    rows = []
    for t in targets:
        partners = list(t.partners.all())
        rows.append({
            "id": t.pk, "key": t.key, "indicator": t.indicator.code, "category": t.category,
            "outcome": keys.get(t.outcome_id, ""), "sub_areas": "; ".join(t.sub_areas), "group": t.group,
            "baseline_value": "" if t.baseline_value is None else format(t.baseline_value.normalize(), "f"),
            "baseline_period": t.baseline_period, "baseline_source": t.baseline_source,
            **{y: t.yearly.get(y, "") for y in years},
            "placeholder": t.placeholder_reason, "partners": "; ".join(p.name for p in partners),
            "lead_partner": next((p.name for p in partners if p.lead), ""), "version": t.version,
        })
    return csv_response(rows, columns, f"targets-{agreement.area.code}-{agreement.round.year}.csv")


@router.get("/{area_code}/targets/{target_id}", response={200: TargetOut, **RESPONSES}, auth=public,
            summary="One target")
def get_agreement_target(request, area_code: str, target_id: int, query: Query[RoundQuery]):
    agreement = visible_agreement(request.user, area_code, query.round)
    return _target_out(agreement, _target(request, agreement, target_id), _outcome_keys(agreement))


@router.post("/{area_code}/targets", response={201: TargetOut, **RESPONSES}, auth=signed_in,
             summary="Add a target (one item of the agreement file's targets)")
def create_agreement_target(request, area_code: str, payload: TargetIn, query: Query[RoundQuery]):
    agreement = visible_agreement(request.user, area_code, query.round)
    refused = _refused(request, agreement)
    if refused:
        return refused
    try:
        draft = _parse_target(agreement, _raw(request, "target"))
        target = actions.save_target(actor=request.user, agreement=agreement, draft=draft)
    except AgreementFileError as exc:
        return _invalid(_file_problems(exc, "target", "targets[0]"), "The target is not valid: nothing was saved")
    except actions.AgreementError as exc:
        return _invalid(exc.problems, "The target is not valid: nothing was saved")
    except actions.FrozenAgreement as exc:
        return Status(409, {"detail": str(exc)})
    agreement.refresh_from_db(fields=["version"])
    return Status(201, _target_out(agreement, _target(request, agreement, target.pk), _outcome_keys(agreement),
                                   target.notices))


@router.put("/{area_code}/targets/{target_id}", response={200: TargetOut, **RESPONSES}, auth=signed_in,
            summary="Replace a target's content (with the target's version you read)")
def update_agreement_target(request, area_code: str, target_id: int, payload: TargetUpdate,
                            query: Query[RoundQuery]):
    agreement = visible_agreement(request.user, area_code, query.round)
    target = _target(request, agreement, target_id)
    refused = _refused(request, agreement)
    if refused:
        return refused
    try:
        draft = _parse_target(agreement, _raw(request, "target"), key=target.key)
        saved = actions.save_target(actor=request.user, agreement=agreement, draft=draft, target=target,
                                    version=payload.version)
    except actions.StaleEdit as exc:
        return stale_conflict(exc.record_label, exc.seen, exc.current, target_events(target, exc.current - exc.seen))
    except AgreementFileError as exc:
        return _invalid(_file_problems(exc, "target", "targets[0]"), "The target is not valid: nothing was saved")
    except actions.AgreementError as exc:
        return _invalid(exc.problems, "The target is not valid: nothing was saved")
    except actions.FrozenAgreement as exc:
        return Status(409, {"detail": str(exc)})
    agreement.refresh_from_db(fields=["version"])
    return _target_out(agreement, _target(request, agreement, target.pk), _outcome_keys(agreement), saved.notices)


@router.delete("/{area_code}/targets/{target_id}", response={200: Deleted, **RESPONSES}, auth=signed_in,
               summary="Remove a target (with its version you read)")
def delete_agreement_target(request, area_code: str, target_id: int, query: Query[VersionQuery]):
    agreement = visible_agreement(request.user, area_code, query.round)
    target = _target(request, agreement, target_id)
    refused = _refused(request, agreement)
    if refused:
        return refused
    try:
        actions.delete_target(actor=request.user, target=target, version=query.version)
    except actions.StaleEdit as exc:
        return stale_conflict(exc.record_label, exc.seen, exc.current, target_events(target, exc.current - exc.seen))
    except actions.FrozenAgreement as exc:
        return Status(409, {"detail": str(exc)})
    agreement.refresh_from_db(fields=["version"])
    return {"detail": f"Target {target.key} was removed", "agreement_version": agreement.version}
