"""Writes on agreements: each a keyword-only function, in one transaction, with its
audit event. Edits carry the version the editor saw; a stale edit raises `StaleEdit`
and changes nothing. Only a draft agreement can be edited (`FrozenAgreement` otherwise)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from datetime import date
from decimal import Decimal
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import F, Q

from laa.agreements.convert import agreement_to_draft, criteria_json, target_fields
from laa.agreements.findings import reward_notices
from laa.agreements.models import (
    Agreement,
    Consultation,
    Outcome,
    StatutoryOmission,
    Target,
    TargetPartner,
)
from laa.audit.trail import record, snapshot
from laa.catalogue.models import Indicator, Round
from laa.domain.composition import (
    SELECTION_CRITERIA,
    AgreementDraft,
    TargetDraft,
    default_duty,
    effective_duty,
)
from laa.domain.figures import MAX_DECIMAL_PLACES, MAX_INTEGER_DIGITS, storable_problem
from laa.domain.input_limits import cut, shown
from laa.domain.rules.partners import not_partner_authority
from laa.domain.signoff import content_editable, content_locked_message
from laa.permissions import require
from laa.places.models import Area, Organisation

COMPOSERS = "Only a partnership officer of the area composes its agreement"


class AgreementError(ValueError):
    """Bad input: each problem names the field. Nothing was saved."""

    def __init__(self, problems: dict[str, str] | list[str]):
        if isinstance(problems, list):
            problems = {f"problem {i + 1}": p for i, p in enumerate(problems)}
        self.problems = problems
        super().__init__("; ".join(f"{k}: {v}" for k, v in problems.items()))


class StaleEdit(Exception):
    """Someone changed the record since the editor loaded it."""

    def __init__(self, record_label: str, seen: int, current: int, changed_by: str = ""):
        self.record_label, self.seen, self.current, self.changed_by = record_label, seen, current, changed_by
        who = f" by {changed_by}" if changed_by else ""
        super().__init__(
            f"{record_label} was changed{who} after you opened it (your version {seen}, now {current}). "
            "Nothing you sent was saved: reload it, check the changes and make your edit again."
        )


class FrozenAgreement(Exception):
    """The agreement's content cannot change in its state: it changes only in draft
    (`laa.domain.signoff.content_editable`); approval freezes it for good."""

    def __init__(self, agreement: Agreement):
        super().__init__(content_locked_message(agreement.state, agreement.area.name))


def _last_changer(instance) -> str:
    from laa.audit.trail import trail_for

    event = trail_for(instance).first()
    return event.actor_label if event else ""


def _check_number(
    problems: dict[str, str], where: str, value: Decimal | None,
    places_limit: int = MAX_DECIMAL_PLACES, integer_limit: int = MAX_INTEGER_DIGITS,
) -> None:
    """Whether the column (decimal_places=places_limit, max_digits=places_limit + integer_limit)
    holds `value` exactly (`laa.domain.figures.storable_problem`)."""
    if value is None:
        return
    problem = storable_problem(value, places=places_limit, integer_digits=integer_limit)
    if problem:
        problems[where] = f"{value} {problem}"


# A target's text columns and where the agreement file holds them.
_TARGET_COLUMNS = {"key": "key", "group": "scope.group", "baseline_period": "baseline.period",
                   "baseline_source": "baseline.source", "placeholder_set_at": "placeholder.set_at",
                   "relative_to": "relative_to"}


def _too_long(problems: dict[str, str], where: str, model, column: str, value: str) -> None:
    """Text longer than its column holds: named by field, never a database error."""
    most = model._meta.get_field(column).max_length
    if most is not None and len(value) > most:
        problems[where] = f"must be {most:,} characters or fewer (it has {len(value):,})"


def _storable(draft: TargetDraft, where: str) -> dict[str, str]:
    """What the database cannot hold exactly, named by field (the rules judge meaning;
    this guards against silent rounding and text longer than its column)."""
    problems: dict[str, str] = {}
    stored = target_fields(draft)
    for column, path in _TARGET_COLUMNS.items():
        _too_long(problems, f"{where}.{path}", Target, column, stored[column])
    for j, p in enumerate(draft.partners):
        _too_long(problems, f"{where}.partners[{j}].organisation", TargetPartner, "name", p.organisation)
    b = draft.baseline
    for name, value in (("baseline.value", b.value), ("baseline.ci_lower", b.ci_lower),
                        ("baseline.ci_upper", b.ci_upper)):
        _check_number(problems, f"{where}.{name}", value)
    percent = Target._meta.get_field("improvement_percent")  # a narrower column: (8, 3)
    _check_number(problems, f"{where}.improvement_percent", draft.improvement_percent,
                  percent.decimal_places, percent.max_digits - percent.decimal_places)
    for year, value in draft.yearly.items():
        _check_number(problems, f"{where}.targets.{year}", value)
    if draft.placeholder is not None and not draft.placeholder.reason.strip():
        problems[f"{where}.placeholder.reason"] = "a placeholder needs its reason"
    names = [p.organisation for p in draft.partners]
    if len(set(names)) != len(names):
        problems[f"{where}.partners"] = "an organisation is named twice"
    if any(not n.strip() for n in names):
        problems[f"{where}.partners"] = "a partner has no organisation name"
    return problems


_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def _iso_date(text: str) -> date | None:
    """The date of "2008-01-15"; None if the text is not one."""
    if not _ISO_DATE.fullmatch(text):
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        return None


def _draft_problems(draft: AgreementDraft) -> dict[str, str]:
    """What the database cannot hold of the outcomes' criteria and the consultations."""
    problems: dict[str, str] = {}
    for i, o in enumerate(draft.outcomes):
        _too_long(problems, f"outcomes[{i}].id", Outcome, "key", o.id)
        _too_long(problems, f"outcomes[{i}].title", Outcome, "title", o.title)
        _too_long(problems, f"outcomes[{i}].theme", Outcome, "theme", o.theme)
        unknown = [c for c in o.criteria if c not in SELECTION_CRITERIA]
        if unknown:
            problems[f"outcomes[{i}].criteria"] = f"unknown criteria: {cut(', '.join(unknown))}"
    limit = Consultation._meta.get_field("consultee").max_length or 0
    for i, c in enumerate(draft.consultations):
        if not c.consultee.strip():
            problems[f"consultations[{i}].consultee"] = "enter who was consulted"
        elif len(c.consultee) > limit:
            problems[f"consultations[{i}].consultee"] = f"longer than {limit} characters"
        if c.held_on is not None and _iso_date(c.held_on) is None:
            problems[f"consultations[{i}].held_on"] = f"{shown(c.held_on)} is not a date such as 2008-01-15"
    return problems


def _write_consultations(agreement: Agreement, draft: AgreementDraft) -> None:
    """Replace the agreement's consultations with the draft's, in order."""
    agreement.consultations.all().delete()
    Consultation.objects.bulk_create(
        Consultation(
            agreement=agreement, consultee=c.consultee, summary=c.summary, position=i,
            held_on=None if c.held_on is None else _iso_date(c.held_on),
        )
        for i, c in enumerate(draft.consultations)
    )


def _omission_problems(draft: AgreementDraft) -> dict[str, str]:
    """What the database cannot hold of the statutory omissions (D3)."""
    problems: dict[str, str] = {}
    seen: set[str] = set()
    for i, o in enumerate(draft.statutory_omissions):
        if o.indicator in seen:
            problems[f"statutory_omissions[{i}].indicator"] = f"{o.indicator} is left out twice"
        seen.add(o.indicator)
        if o.agreed_on is not None and _iso_date(o.agreed_on) is None:
            problems[f"statutory_omissions[{i}].agreed_on"] = f"{o.agreed_on!r} is not a date such as 2008-03-31"
    return problems


def _write_omissions(agreement: Agreement, draft: AgreementDraft, problems: dict[str, str]) -> None:
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
            agreed_on=None if o.agreed_on is None else _iso_date(o.agreed_on),
        )
        for i, o in enumerate(draft.statutory_omissions)
    )


def _locked_agreement(agreement_id: int) -> Agreement:
    """The agreement, locked for the write; its content changes only in draft."""
    agreement = Agreement.objects.select_for_update().select_related("area", "round").get(pk=agreement_id)
    if not content_editable(agreement.state):
        raise FrozenAgreement(agreement)
    return agreement


def _bump(agreement: Agreement) -> None:
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
        current = _locked_agreement(agreement.pk)
        if current.version != version:
            raise StaleEdit(f"The agreement for {current.area.name}", version, current.version, _last_changer(current))
        before = snapshot(current)
        for name, value in fields.items():
            setattr(current, name, value)
        current.save()
        _bump(current)
        record(actor=actor, action="edit-agreement", instance=current, before=before)
    return current


def _resolve_indicator(code: str, agreement: Agreement) -> Indicator | None:
    partnership = getattr(agreement.area, "partnership", None)
    qs = Indicator.objects.filter(code=code)
    indicator = qs.filter(partnership__isnull=True).first()
    if indicator is None and partnership is not None:
        indicator = qs.filter(partnership=partnership).first()
    return indicator


def _organisations(names, area: Area) -> dict[str, Organisation]:
    """The known organisations of these names: the area's own, else one serving no single area."""
    found: dict[str, Organisation] = {}
    for org in Organisation.objects.filter(Q(area=area) | Q(area__isnull=True), name__in=set(names)):
        if org.name not in found or org.area_id is not None:
            found[org.name] = org
    return found


def _resolve_duties(
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


def _write_partners(target: Target, draft: TargetDraft, organisations: dict[str, Organisation]) -> None:
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
    problems = _storable(draft, "target")
    organisations = _organisations((p.organisation for p in draft.partners), agreement.area)
    draft, duty_problems = _resolve_duties(draft, "target", organisations)
    problems.update(duty_problems)
    with transaction.atomic():
        current_agreement = _locked_agreement(agreement.pk)
        indicator = _resolve_indicator(draft.indicator, current_agreement)
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
                raise StaleEdit(f"Target {instance.key}", version, instance.version, _last_changer(instance))
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
        _write_partners(instance, draft, organisations)
        _bump(current_agreement)
        record(actor=actor, action="add-target" if before is None else "edit-target", instance=instance, before=before)
    # Every change of a target's values re-checks its reward element (D20): the caller
    # tells the person when it must be restated.
    instance.notices = reward_notices(current_agreement, [draft])
    return instance


def delete_target(*, actor, target: Target, version: int) -> None:
    require(actor, "agreements.compose_agreement", target.agreement, refusal=COMPOSERS)
    with transaction.atomic():
        _locked_agreement(target.agreement_id)
        current = Target.objects.select_for_update().get(pk=target.pk)
        if current.version != version:
            raise StaleEdit(f"Target {current.key}", version, current.version, _last_changer(current))
        record(actor=actor, action="delete-target", instance=current, before=snapshot(current), after=None)
        current.delete()
        _bump(current.agreement)


def save_outcome(
    *, actor, agreement: Agreement, version: int, key: str, title: str, theme: str = "", evidence: str = "",
    criteria: dict[str, bool] | None = None, assessment: str = "", outcome: Outcome | None = None,
) -> Outcome:
    from laa.agreements.models import CRITERIA

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
        current = _locked_agreement(agreement.pk)
        if current.version != version:
            raise StaleEdit(f"The agreement for {current.area.name}", version, current.version, _last_changer(current))
        if current.outcomes.filter(key=key).exclude(pk=getattr(outcome, "pk", None)).exists():
            raise AgreementError({"key": f"the agreement already has an outcome {key!r}"})
        before = snapshot(outcome) if outcome else None
        instance = outcome or Outcome(agreement=current, position=current.outcomes.count())
        instance.key, instance.title, instance.theme = key, title, theme.strip()
        instance.evidence, instance.criteria, instance.assessment = evidence.strip(), criteria, assessment.strip()
        instance.save()
        _bump(current)
        record(actor=actor, action="edit-outcome" if before else "add-outcome", instance=instance, before=before)
    return instance


def add_consultation(*, actor, agreement: Agreement, version: int, consultee: str, held_on, summary: str) -> Consultation:
    require(actor, "agreements.compose_agreement", agreement, refusal=COMPOSERS)
    if not consultee.strip():
        raise AgreementError({"consultee": "Enter who was consulted"})
    with transaction.atomic():
        current = _locked_agreement(agreement.pk)
        if current.version != version:
            raise StaleEdit(f"The agreement for {current.area.name}", version, current.version, _last_changer(current))
        consultation = Consultation.objects.create(
            agreement=current, consultee=consultee.strip(), held_on=held_on, summary=summary.strip(),
            position=current.consultations.count(),
        )
        _bump(current)
        record(actor=actor, action="add-consultation", instance=consultation, before=None)
    return consultation



def delete_outcome(*, actor, outcome: Outcome, version: int) -> None:
    """Remove a priority outcome that no target drives (with the agreement's version)."""
    require(actor, "agreements.compose_agreement", outcome.agreement, refusal=COMPOSERS)
    with transaction.atomic():
        current = _locked_agreement(outcome.agreement_id)
        if current.version != version:
            raise StaleEdit(f"The agreement for {current.area.name}", version, current.version, _last_changer(current))
        instance = Outcome.objects.select_for_update().get(pk=outcome.pk, agreement=current)
        driving = instance.targets.count()
        if driving:
            raise AgreementError({"outcome": f"{driving} target{'s' if driving != 1 else ''} drive{'s' if driving == 1 else ''} "
                                  "this outcome: move them to another outcome first"})
        record(actor=actor, action="delete-outcome", instance=instance, before=snapshot(instance), after=None)
        instance.delete()
        _bump(current)


def remove_consultation(*, actor, consultation: Consultation, version: int) -> None:
    """Remove a consultation record (with the agreement's version)."""
    require(actor, "agreements.compose_agreement", consultation.agreement, refusal=COMPOSERS)
    with transaction.atomic():
        current = _locked_agreement(consultation.agreement_id)
        if current.version != version:
            raise StaleEdit(f"The agreement for {current.area.name}", version, current.version, _last_changer(current))
        instance = Consultation.objects.select_for_update().get(pk=consultation.pk, agreement=current)
        record(actor=actor, action="remove-consultation", instance=instance, before=snapshot(instance), after=None)
        instance.delete()
        _bump(current)

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
    problems = _draft_problems(draft)
    problems.update(_omission_problems(draft))
    organisations = _organisations((p.organisation for t in draft.targets for p in t.partners), area)
    resolved = []
    for i, t in enumerate(draft.targets):
        problems.update(_storable(t, f"targets[{i}]"))
        t, duty_problems = _resolve_duties(t, f"targets[{i}]", organisations)
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
        agreement = _locked_agreement(agreement.pk)
        if expected_version is not None and agreement.version != expected_version:
            raise StaleEdit(f"The agreement for {area.name}", expected_version, agreement.version, _last_changer(agreement))
        indicators = {}
        for i, t in enumerate(draft.targets):
            indicator = indicators.get(t.indicator) or _resolve_indicator(t.indicator, agreement)
            if indicator is None:
                problems[f"targets[{i}].indicator"] = f"there is no indicator {cut(t.indicator)}"
            else:
                indicators[t.indicator] = indicator
            if t.outcome and t.outcome not in outcome_ids:
                problems[f"targets[{i}].outcome"] = f"there is no outcome {shown(t.outcome)} in the file"
        _write_omissions(agreement, draft, problems)
        if problems:
            raise AgreementError(problems)
        before = snapshot(agreement) if not created else None
        agreement.story_of_place, agreement.evidence = draft.story_of_place, draft.evidence
        agreement.education_responsibility = draft.education_responsibility
        agreement.sustainability_assessed = draft.sustainability_assessed
        agreement.equality_assessed = draft.equality_assessed
        agreement.period_start, agreement.period_end = draft.period_start, draft.period_end
        agreement.save()
        _write_consultations(agreement, draft)
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
            _write_partners(target, t, organisations)
        for gone in existing_targets.values():
            record(actor=actor, action="delete-target", instance=gone, before=snapshot(gone), after=None)
            gone.delete()
        for gone in existing_outcomes.values():
            gone.delete()
        _bump(agreement)
        record(actor=actor, action="import-agreement", instance=agreement, before=before,
               reason=f"{len(draft.targets)} targets, {len(draft.outcomes)} outcomes")
    return ImportResult(agreement=agreement, created=created, targets=len(draft.targets), outcomes=len(draft.outcomes),
                        notes=reward_notices(agreement, draft.targets))


def export_draft(agreement: Agreement) -> AgreementDraft:
    return agreement_to_draft(agreement)
