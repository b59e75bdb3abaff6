"""Writes on agreements: each a keyword-only function, in one transaction, with its
audit event. Edits carry the version the editor saw; a stale edit raises `StaleEdit`
and changes nothing. Only a draft agreement can be edited (`FrozenAgreement` otherwise)."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import F, Q

from laa.agreements.convert import target_fields
from laa.agreements.errors import AgreementError, FrozenAgreement, StaleEdit
from laa.agreements.findings import reward_notices
from laa.agreements.models import (
    CRITERIA,
    Agreement,
    Consultation,
    Outcome,
    StatutoryOmission,
    Target,
    TargetPartner,
)
from laa.agreements.storable import iso_date, storable_problems
from laa.audit.trail import record, snapshot, trail_for
from laa.catalogue.models import Indicator, Round
from laa.domain.composition import (
    AgreementDraft,
    TargetDraft,
    default_duty,
    effective_duty,
)
from laa.domain.input_limits import cut, shown
from laa.domain.rules.partners import not_partner_authority
from laa.domain.signoff_locks import content_editable
from laa.permissions import require
from laa.places.models import Area, Organisation

COMPOSERS = "Only a partnership officer of the area composes its agreement"


def last_changer(instance) -> str:
    event = trail_for(instance).first()
    return event.actor_label if event else ""


def write_consultations(agreement: Agreement, draft: AgreementDraft) -> None:
    """Replace the agreement's consultations with the draft's, in order."""
    agreement.consultations.all().delete()
    Consultation.objects.bulk_create(
        Consultation(
            agreement=agreement, consultee=c.consultee, summary=c.summary, position=i,
            held_on=None if c.held_on is None else iso_date(c.held_on),
        )
        for i, c in enumerate(draft.consultations)
    )


def write_omissions(agreement: Agreement, draft: AgreementDraft, problems: dict[str, str]) -> None:
    """Replace the agreement's statutory omissions with the draft's (D3); an indicator
    that does not exist is a problem."""
    indicators = {
        i.code: i for i in Indicator.objects.filter(
            code__in={o.indicator for o in draft.statutory_omissions}, partnership__isnull=True
        )
    }
    for i, o in enumerate(draft.statutory_omissions):
        if o.indicator not in indicators:
            problems[f"statutory_omissions[{i}].indicator"] = f"there is no indicator {o.indicator}"
    if problems:
        return
    agreement.statutory_omissions.all().delete()
    StatutoryOmission.objects.bulk_create(
        StatutoryOmission(
            agreement=agreement, indicator=indicators[o.indicator], reason=o.reason, position=i,
            agreed_on=None if o.agreed_on is None else iso_date(o.agreed_on),
        )
        for i, o in enumerate(draft.statutory_omissions)
    )


def locked_agreement(agreement_id: int) -> Agreement:
    """The agreement, locked for the write; its content changes only in draft."""
    agreement = Agreement.objects.select_for_update().select_related("area", "round").get(pk=agreement_id)
    if not content_editable(agreement.state):
        raise FrozenAgreement(agreement)
    return agreement


def bump(agreement: Agreement) -> None:
    Agreement.objects.filter(pk=agreement.pk).update(version=F("version") + 1)
    agreement.refresh_from_db(fields=["version", "updated_at"])


def start_agreement(*, actor, area: Area, round_: Round) -> Agreement:
    require(actor, "agreements.start_agreement", area, refusal="Only a partnership officer of the area starts its agreement")
    with transaction.atomic():
        agreement, created = Agreement.objects.get_or_create(
            area=area, round=round_,
            defaults={"period_start": round_.years[0], "period_end": round_.years[-1]},
        )
        if created:
            record(actor=actor, action="start-agreement", instance=agreement, before=None)
    return agreement


def update_agreement(*, actor, agreement: Agreement, version: int, fields: dict[str, Any]) -> Agreement:
    allowed = {"story_of_place", "evidence", "education_responsibility", "sustainability_assessed", "equality_assessed"}
    unknown = set(fields) - allowed
    if unknown:
        raise AgreementError({k: "cannot be changed here" for k in sorted(unknown)})
    require(actor, "agreements.compose_agreement", agreement, refusal=COMPOSERS)
    with transaction.atomic():
        current = locked_agreement(agreement.pk)
        if current.version != version:
            raise StaleEdit(f"The agreement for {current.area.name}", version, current.version, last_changer(current))
        before = snapshot(current)
        for name, value in fields.items():
            setattr(current, name, value)
        current.save()
        bump(current)
        record(actor=actor, action="edit-agreement", instance=current, before=before)
    return current


def resolve_indicator(code: str, agreement: Agreement) -> Indicator | None:
    partnership = getattr(agreement.area, "partnership", None)
    qs = Indicator.objects.filter(code=code)
    indicator = qs.filter(partnership__isnull=True).first()
    if indicator is None and partnership is not None:
        indicator = qs.filter(partnership=partnership).first()
    return indicator


def organisations_named(names, area: Area) -> dict[str, Organisation]:
    """The known organisations of these names: the area's own, else one serving no single area."""
    found: dict[str, Organisation] = {}
    for org in Organisation.objects.filter(Q(area=area) | Q(area__isnull=True), name__in=set(names)):
        if org.name not in found or org.area_id is not None:
            found[org.name] = org
    return found


def resolve_duties(
    draft: TargetDraft, where: str, organisations: dict[str, Organisation]
) -> tuple[TargetDraft, dict[str, str]]:
    """The target with each partner's duty resolved (D6): a duty not stated follows the
    organisation's kind when it is known (partner authority: have_regard, else voluntary);
    the duty to have regard for an organisation known not to be a partner authority is refused."""
    problems: dict[str, str] = {}
    partners = []
    for j, p in enumerate(draft.partners):
        org = organisations.get(p.organisation)
        authority = None if org is None else org.is_partner_authority
        duty = effective_duty(p, authority)
        if duty == "have_regard" and authority is False:
            assert org is not None
            problems[f"{where}.partners[{j}].duty"] = (
                f"{not_partner_authority(draft.label, p.organisation)[:-1]} "
                f"(it is recorded as: {org.get_kind_display().lower()})."
            )
        partners.append(replace(p, duty=duty) if p.duty != duty else p)
    return replace(draft, partners=tuple(partners)), problems


def write_partners(target: Target, draft: TargetDraft, organisations: dict[str, Organisation]) -> None:
    target.partners.all().delete()
    TargetPartner.objects.bulk_create(
        TargetPartner(
            target=target, name=p.organisation, organisation=organisations.get(p.organisation),
            duty=p.duty or default_duty(None), lead=p.lead, position=i,
        )
        for i, p in enumerate(draft.partners)
    )


def save_target(
    *, actor, agreement: Agreement, draft: TargetDraft, target: Target | None = None, version: int | None = None
) -> Target:
    """Add a target (target=None) or replace one target's content (with the version seen)."""
    require(actor, "agreements.compose_agreement", agreement, refusal=COMPOSERS)
    problems = storable_problems(draft, "target")
    organisations = organisations_named((p.organisation for p in draft.partners), agreement.area)
    draft, duty_problems = resolve_duties(draft, "target", organisations)
    problems.update(duty_problems)
    with transaction.atomic():
        current_agreement = locked_agreement(agreement.pk)
        indicator = resolve_indicator(draft.indicator, current_agreement)
        if indicator is None:
            problems["target.indicator"] = f"there is no indicator {cut(draft.indicator)} in the catalogue or your local indicators"
        outcome = None
        if draft.outcome:
            outcome = current_agreement.outcomes.filter(key=draft.outcome).first()
            if outcome is None:
                problems["target.outcome"] = f"the agreement has no outcome {shown(draft.outcome)}"
        if problems:
            raise AgreementError(problems)
        before = None
        if target is None:
            position = current_agreement.targets.count()
            instance = Target(agreement=current_agreement, indicator=indicator, outcome=outcome, position=position,
                              **target_fields(draft))
        else:
            instance = Target.objects.select_for_update().get(pk=target.pk, agreement=current_agreement)
            if version is not None and instance.version != version:
                raise StaleEdit(f"Target {instance.key}", version, instance.version, last_changer(instance))
            before = snapshot(instance)
            for name, value in target_fields(draft).items():
                setattr(instance, name, value)
            instance.indicator, instance.outcome = indicator, outcome
            instance.version += 1
        try:
            with transaction.atomic():
                instance.save()
        except IntegrityError as exc:
            raise AgreementError({"target.key": f"the agreement already has a target {shown(draft.key)}"}) from exc
        write_partners(instance, draft, organisations)
        bump(current_agreement)
        record(actor=actor, action="add-target" if before is None else "edit-target", instance=instance, before=before)
    # Every change of a target's values re-checks its reward element (D20): the caller
    # tells the person when it must be restated.
    instance.notices = reward_notices(current_agreement, [draft])
    return instance


def delete_target(*, actor, target: Target, version: int) -> None:
    require(actor, "agreements.compose_agreement", target.agreement, refusal=COMPOSERS)
    with transaction.atomic():
        locked_agreement(target.agreement_id)
        current = Target.objects.select_for_update().get(pk=target.pk)
        if current.version != version:
            raise StaleEdit(f"Target {current.key}", version, current.version, last_changer(current))
        record(actor=actor, action="delete-target", instance=current, before=snapshot(current), after=None)
        current.delete()
        bump(current.agreement)


def save_outcome(
    *, actor, agreement: Agreement, version: int, key: str, title: str, theme: str = "", evidence: str = "",
    criteria: dict[str, bool] | None = None, assessment: str = "", outcome: Outcome | None = None,
) -> Outcome:
    require(actor, "agreements.compose_agreement", agreement, refusal=COMPOSERS)
    problems: dict[str, str] = {}
    key, title = key.strip(), title.strip()
    if not key:
        problems["key"] = "Enter a short id for the outcome, for example safer"
    elif len(key) > 60 or not key.replace("-", "").replace("_", "").isalnum():
        problems["key"] = "The id may hold only letters, digits, - and _ (60 at most)"
    if not title:
        problems["title"] = "Enter the outcome's title"
    known = {c for c, _ in CRITERIA}
    criteria = {k: bool(v) for k, v in (criteria or {}).items() if v}
    if set(criteria) - known:
        problems["criteria"] = f"unknown criteria: {', '.join(sorted(set(criteria) - known))}"
    if problems:
        raise AgreementError(problems)
    with transaction.atomic():
        current = locked_agreement(agreement.pk)
        if current.version != version:
            raise StaleEdit(f"The agreement for {current.area.name}", version, current.version, last_changer(current))
        if current.outcomes.filter(key=key).exclude(pk=getattr(outcome, "pk", None)).exists():
            raise AgreementError({"key": f"the agreement already has an outcome {key!r}"})
        before = snapshot(outcome) if outcome else None
        instance = outcome or Outcome(agreement=current, position=current.outcomes.count())
        instance.key, instance.title, instance.theme = key, title, theme.strip()
        instance.evidence, instance.criteria, instance.assessment = evidence.strip(), criteria, assessment.strip()
        instance.save()
        bump(current)
        record(actor=actor, action="edit-outcome" if before else "add-outcome", instance=instance, before=before)
    return instance


def add_consultation(*, actor, agreement: Agreement, version: int, consultee: str, held_on, summary: str) -> Consultation:
    require(actor, "agreements.compose_agreement", agreement, refusal=COMPOSERS)
    if not consultee.strip():
        raise AgreementError({"consultee": "Enter who was consulted"})
    with transaction.atomic():
        current = locked_agreement(agreement.pk)
        if current.version != version:
            raise StaleEdit(f"The agreement for {current.area.name}", version, current.version, last_changer(current))
        consultation = Consultation.objects.create(
            agreement=current, consultee=consultee.strip(), held_on=held_on, summary=summary.strip(),
            position=current.consultations.count(),
        )
        bump(current)
        record(actor=actor, action="add-consultation", instance=consultation, before=None)
    return consultation


def delete_outcome(*, actor, outcome: Outcome, version: int) -> None:
    """Remove a priority outcome that no target drives (with the agreement's version)."""
    require(actor, "agreements.compose_agreement", outcome.agreement, refusal=COMPOSERS)
    with transaction.atomic():
        current = locked_agreement(outcome.agreement_id)
        if current.version != version:
            raise StaleEdit(f"The agreement for {current.area.name}", version, current.version, last_changer(current))
        instance = Outcome.objects.select_for_update().get(pk=outcome.pk, agreement=current)
        driving = instance.targets.count()
        if driving:
            raise AgreementError({"outcome": f"{driving} target{'s' if driving != 1 else ''} drive{'s' if driving == 1 else ''} "
                                  "this outcome: move them to another outcome first"})
        record(actor=actor, action="delete-outcome", instance=instance, before=snapshot(instance), after=None)
        instance.delete()
        bump(current)


def remove_consultation(*, actor, consultation: Consultation, version: int) -> None:
    """Remove a consultation record (with the agreement's version)."""
    require(actor, "agreements.compose_agreement", consultation.agreement, refusal=COMPOSERS)
    with transaction.atomic():
        current = locked_agreement(consultation.agreement_id)
        if current.version != version:
            raise StaleEdit(f"The agreement for {current.area.name}", version, current.version, last_changer(current))
        instance = Consultation.objects.select_for_update().get(pk=consultation.pk, agreement=current)
        record(actor=actor, action="remove-consultation", instance=instance, before=snapshot(instance), after=None)
        instance.delete()
        bump(current)
