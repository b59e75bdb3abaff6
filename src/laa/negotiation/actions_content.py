"""What a settled entry writes into the agreement's content, in the entry's own transaction: the
accepted values of a target or outcome, a move to the local targets, a placeholder (D11)."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal
from typing import Any

from django.db.models import Q

from laa.agreements.actions import save_outcome, save_target
from laa.agreements.convert import target_to_draft
from laa.agreements.errors import AgreementError, FrozenAgreement, StaleEdit
from laa.agreements.models import Agreement, Outcome, Target
from laa.domain.composition import PartnerSignUp, Placeholder
from laa.domain.negotiation import EntryKind
from laa.negotiation.errors import Refused
from laa.negotiation.models import NegotiationEntry
from laa.negotiation.scopes import Subject
from laa.permissions import AgreedInNegotiation
from laa.places.models import Organisation


def apply_settled_entry(*, actor, subject: Subject, kind: EntryKind, row: NegotiationEntry, refers_to) -> list[str]:
    """Write what was agreed into the agreement's content (same transaction); the notices
    of the target written (what must be restated), if any."""
    if kind is EntryKind.ACCEPT:
        values = refers_to.values or {}
        if subject.target is not None:
            return _apply_to_target(actor, subject, lambda draft: _with_values(draft, values, subject))
        _apply_to_outcome(actor, subject, values)
    elif kind is EntryKind.MOVE_TO_LOCAL and subject.target is not None:
        return _apply_to_target(actor, subject, lambda draft: replace(draft, category="local"))
    elif kind is EntryKind.PLACEHOLDER and subject.target is not None:
        reason = row.text or "Agreed in negotiation: the target is set at the first annual review."
        return _apply_to_target(
            actor, subject,
            lambda draft: replace(draft, placeholder=Placeholder(reason=reason, set_at="the first annual review")),
        )
    return []


def _problem_text(exc: Exception) -> str:
    problems = getattr(exc, "problems", None)
    if problems:
        return "; ".join(f"{k.removeprefix('target.')}: {v}" for k, v in problems.items())
    return str(exc)


def _apply_to_target(actor, subject: Subject, change) -> list[str]:
    target = Target.objects.select_related("indicator", "agreement", "agreement__area").get(pk=subject.target.pk)
    outcome_keys = dict(target.agreement.outcomes.values_list("id", "key"))
    draft = change(target_to_draft(target, outcome_keys))
    try:
        saved = save_target(actor=AgreedInNegotiation(actor, target.agreement_id), agreement=target.agreement,
                            draft=draft, target=target)
    except (AgreementError, StaleEdit, FrozenAgreement) as exc:
        raise Refused(f"The agreed values could not be written to the target ({_problem_text(exc)}). "
                      "Nothing was saved.") from exc
    return list(saved.notices)


def _with_values(draft, values: dict[str, Any], subject: Subject):
    baseline = values.get("baseline") or {}
    value = baseline.get("value")
    existing = {p.organisation: p for p in draft.partners}
    names = list(values.get("partners") or [])
    found = Organisation.objects.filter(Q(area__isnull=True) | Q(area=subject.agreement.area), name__in=names)
    known = {o.name: o for o in sorted(found, key=lambda o: o.area_id is not None)}  # the area's own wins
    partners = []
    for name in names:
        if name in existing:
            partners.append(existing[name])
            continue
        org = known.get(name)
        duty = "have_regard" if org is not None and org.is_partner_authority else "voluntary"
        partners.append(PartnerSignUp(organisation=name, duty=duty, lead=False))  # type: ignore[arg-type]
    return replace(
        draft,
        category=values.get("category") or draft.category,
        baseline=replace(draft.baseline, value=None if value in (None, "") else Decimal(str(value)),
                         period=baseline.get("period") or None),
        yearly={year: Decimal(str(v)) for year, v in (values.get("targets") or {}).items() if v not in (None, "")},
        partners=tuple(partners),
    )


def _apply_to_outcome(actor, subject: Subject, values: dict[str, Any]) -> None:
    outcome = Outcome.objects.get(pk=subject.outcome.pk)
    agreement = Agreement.objects.select_for_update().select_related("area").get(pk=outcome.agreement_id)
    try:
        save_outcome(
            actor=AgreedInNegotiation(actor, agreement.pk), agreement=agreement, version=agreement.version, key=outcome.key,
            title=values.get("title") or outcome.title, theme=values.get("theme", outcome.theme) or "",
            evidence=outcome.evidence, criteria=outcome.criteria, assessment=outcome.assessment, outcome=outcome,
        )
    except (AgreementError, StaleEdit, FrozenAgreement) as exc:
        raise Refused(f"The agreed outcome could not be written to the agreement ({_problem_text(exc)}). "
                      "Nothing was saved.") from exc
