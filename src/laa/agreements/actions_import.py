"""Importing an agreement file: the whole agreement replaced by a draft in one transaction
(targets, outcomes, consultations, statutory omissions), and the draft read back."""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from django.db import transaction

from laa.agreements.actions import (
    COMPOSERS,
    bump,
    last_changer,
    locked_agreement,
    organisations_named,
    resolve_duties,
    resolve_indicator,
    write_consultations,
    write_omissions,
    write_partners,
)
from laa.agreements.convert import agreement_to_draft, criteria_json, target_fields
from laa.agreements.errors import AgreementError, StaleEdit
from laa.agreements.findings import reward_notices
from laa.agreements.models import Agreement, Outcome, Target
from laa.agreements.storable import draft_problems, omission_problems, storable_problems
from laa.audit.trail import record, snapshot
from laa.catalogue.models import Round
from laa.domain.composition import AgreementDraft
from laa.domain.input_limits import cut, shown
from laa.permissions import require
from laa.places.models import Area


@dataclass
class ImportResult:
    agreement: Agreement
    created: bool
    targets: int = 0
    outcomes: int = 0
    notes: list[str] = field(default_factory=list)


def import_agreement(*, actor, draft: AgreementDraft, expected_version: int | None = None) -> ImportResult:
    """Replace an area's agreement for the round with the draft's content (creating it
    if need be), all or nothing."""
    area = Area.objects.filter(code=draft.area).select_related("partnership").first()
    if area is None:
        raise AgreementError({"area": f"there is no area with the CLG code {draft.area}"})
    round_ = Round.objects.filter(year=draft.round).first()
    if round_ is None:
        raise AgreementError({"round": f"there is no round {draft.round}"})
    problems = draft_problems(draft)
    problems.update(omission_problems(draft))
    organisations = organisations_named((p.organisation for t in draft.targets for p in t.partners), area)
    resolved = []
    for i, t in enumerate(draft.targets):
        problems.update(storable_problems(t, f"targets[{i}]"))
        t, duty_problems = resolve_duties(t, f"targets[{i}]", organisations)
        problems.update(duty_problems)
        resolved.append(t)
    draft = replace(draft, targets=tuple(resolved))
    keys = [t.key for t in draft.targets]
    for i, key in enumerate(keys):
        if keys.index(key) != i:
            problems[f"targets[{i}].key"] = f"the key {shown(key)} is used by an earlier target"
    outcome_ids = [o.id for o in draft.outcomes]
    for i, oid in enumerate(outcome_ids):
        if outcome_ids.index(oid) != i:
            problems[f"outcomes[{i}].id"] = f"the outcome id {shown(oid)} is used twice"
    with transaction.atomic():
        agreement, created = Agreement.objects.get_or_create(
            area=area, round=round_, defaults={"period_start": draft.period_start, "period_end": draft.period_end}
        )
        require(actor, "agreements.start_agreement" if created else "agreements.compose_agreement",
                area if created else agreement, refusal=COMPOSERS)
        agreement = locked_agreement(agreement.pk)
        if expected_version is not None and agreement.version != expected_version:
            raise StaleEdit(f"The agreement for {area.name}", expected_version, agreement.version, last_changer(agreement))
        indicators = {}
        for i, t in enumerate(draft.targets):
            indicator = indicators.get(t.indicator) or resolve_indicator(t.indicator, agreement)
            if indicator is None:
                problems[f"targets[{i}].indicator"] = f"there is no indicator {cut(t.indicator)}"
            else:
                indicators[t.indicator] = indicator
            if t.outcome and t.outcome not in outcome_ids:
                problems[f"targets[{i}].outcome"] = f"there is no outcome {shown(t.outcome)} in the file"
        write_omissions(agreement, draft, problems)
        if problems:
            raise AgreementError(problems)
        before = snapshot(agreement) if not created else None
        agreement.story_of_place, agreement.evidence = draft.story_of_place, draft.evidence
        agreement.education_responsibility = draft.education_responsibility
        agreement.sustainability_assessed = draft.sustainability_assessed
        agreement.equality_assessed = draft.equality_assessed
        agreement.period_start, agreement.period_end = draft.period_start, draft.period_end
        agreement.save()
        write_consultations(agreement, draft)
        # Upsert by key, so targets and outcomes keep their identity (and history).
        existing_outcomes = {o.key: o for o in agreement.outcomes.all()}
        outcomes = {}
        for i, o in enumerate(draft.outcomes):
            outcome = existing_outcomes.pop(o.id, None) or Outcome(agreement=agreement, key=o.id)
            outcome.title, outcome.theme, outcome.evidence, outcome.position = o.title, o.theme, o.evidence, i
            outcome.criteria, outcome.assessment = criteria_json(o.criteria), o.assessment
            outcome.save()
            outcomes[o.id] = outcome
        existing_targets = {t.key: t for t in agreement.targets.all()}
        for i, t in enumerate(draft.targets):
            target = existing_targets.pop(t.key, None)
            if target is None:
                target = Target(agreement=agreement)
            else:
                target.version += 1
            for name, value in target_fields(t).items():
                setattr(target, name, value)
            target.indicator, target.outcome, target.position = indicators[t.indicator], outcomes.get(t.outcome), i
            target.save()
            write_partners(target, t, organisations)
        for gone in existing_targets.values():
            record(actor=actor, action="delete-target", instance=gone, before=snapshot(gone), after=None)
            gone.delete()
        for gone in existing_outcomes.values():
            gone.delete()
        bump(agreement)
        record(actor=actor, action="import-agreement", instance=agreement, before=before,
               reason=f"{len(draft.targets)} targets, {len(draft.outcomes)} outcomes")
    return ImportResult(agreement=agreement, created=created, targets=len(draft.targets), outcomes=len(draft.outcomes),
                        notes=reward_notices(agreement, draft.targets))


def export_draft(agreement: Agreement) -> AgreementDraft:
    return agreement_to_draft(agreement)
