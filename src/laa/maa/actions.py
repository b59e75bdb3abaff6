"""MAAs' writes (ADR 0028): each a keyword-only function, permission first
(`laa.permissions.require`), then one transaction with its audit event. The rules are
the domain's (`laa.domain.maa`).

The MAA's state moves by a compare-and-set on the state and version the person saw,
beside an append-only status row (as sign-off: ADR 0005). A content change in draft, and a
signature, move the version on by an update that matches only in the state it needs, so
a signature cannot slip past a publication, nor an addition past a submission.
"""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.db.models import F

from laa import clock
from laa.accounts.scopes import role_of
from laa.agreements.models import Agreement
from laa.audit.trail import record, snapshot
from laa.catalogue.models import Indicator
from laa.domain.maa import (
    STEPS,
    Signatory,
    SignatoryKind,
    State,
    TargetIn,
    TargetKind,
    content_editable,
    publish_refusal,
    sign_refusal,
    step_refusal,
    submit_refusal,
    target_problems,
    undesignation_problems,
    undesignation_reason,
    undesignation_review,
    years,
)
from laa.domain.maa import Contributor as ContributorIn
from laa.domain.maa import signatories as signatories_of
from laa.domain.reviews import ReviewState
from laa.domain.revisions import ChangeKind, Item
from laa.maa.models import (
    Contributor,
    MaaStatus,
    MaaTarget,
    MultiAreaAgreement,
    Outcome,
    Participant,
    Signature,
)
from laa.maa.permissions import SignatoryOf
from laa.permissions import ActionError, actor_name, is_system, require
from laa.places.models import Organisation, OrganisationKind, Region
from laa.reviews.models import Review
from laa.revisions.actions import propose_revision
from laa.revisions.models import RevisionItem
from laa.signoff.versions import latest_version, version_draft

COUNCIL_KINDS = (OrganisationKind.COUNTY_COUNCIL, OrganisationKind.UNITARY_COUNCIL, OrganisationKind.DISTRICT_COUNCIL)
COMPOSERS = "Only a partnership officer of a participating area composes and submits the MAA."


class MaaError(ActionError):
    """An MAA step or record that did not happen. Nothing was written."""


class MaaConflict(MaaError):
    status = 409


def _problems(problems: dict[str, str]) -> None:
    if problems:
        raise MaaError("; ".join(problems.values()), problems)


def create_maa(*, actor, code: str, name: str, region: Region, summary: str = "", is_demo: bool = False,
               councils: list[Organisation]) -> MultiAreaAgreement:
    """A new MAA in draft with its participating councils (at least the first)."""
    require(actor, "maa.create", None, refusal="Only a partnership officer, or CLG, starts an MAA.")
    problems = {}
    if not code or len(code) > 60 or not code.replace("-", "").isalnum() or code != code.lower():
        problems["code"] = "Give a short address in lower case letters, digits and hyphens, like tees-valley"
    elif MultiAreaAgreement.objects.filter(code=code).exists():
        problems["code"] = f"There is already an MAA at {code}"
    if not name.strip() or len(name) > 200:
        problems["name"] = "Give the MAA's name (up to 200 characters), like Tees Valley City Region"
    if not councils:
        problems["councils"] = "Name at least one participating council"
    _problems(problems)
    with transaction.atomic():
        maa = MultiAreaAgreement.objects.create(code=code, name=name.strip(), region=region, summary=summary.strip(),
                                                is_demo=is_demo)
        record(actor=actor, action="maa-create", instance=maa, before=None)
        for council in councils:
            _add_participant(actor, maa, council)
    return maa


def _editable(maa: MultiAreaAgreement) -> MultiAreaAgreement:
    """Move the draft's version on (holding its row) or refuse: content changes only in draft."""
    moved = MultiAreaAgreement.objects.filter(pk=maa.pk, state=State.DRAFT).update(version=F("version") + 1)
    current = MultiAreaAgreement.objects.get(pk=maa.pk)
    if not moved or not content_editable(State(current.state)):
        raise MaaConflict(f"The MAA is {State(current.state).label.lower()}: its content changes only in draft.",
                          {"maa": "The MAA is not a draft"})
    return current


def _add_participant(actor, maa, council: Organisation) -> Participant:
    if council.kind not in COUNCIL_KINDS:
        raise MaaError(f"{council.name} is not a council: participants are county, unitary and district councils "
                       "(partners who contribute are added as partners).", {"council": "Choose a council"})
    try:
        with transaction.atomic():
            made = Participant.objects.create(maa=maa, organisation=council)
    except IntegrityError:
        raise MaaError(f"{council.name} already takes part in the MAA.", {"council": "Already taking part"}) from None
    record(actor=actor, action="maa-participant", instance=made, before=None, reason=council.name)
    return made


def add_council(*, actor, maa: MultiAreaAgreement, council: Organisation) -> Participant:
    require(actor, "maa.compose", maa, refusal=COMPOSERS)
    with transaction.atomic():
        return _add_participant(actor, _editable(maa), council)


def add_contributor(*, actor, maa: MultiAreaAgreement, organisation: Organisation, contribution: str) -> Contributor:
    require(actor, "maa.compose", maa, refusal=COMPOSERS)
    if organisation.kind in COUNCIL_KINDS:
        _problems({"organisation": f"{organisation.name} is a council: add it as a participating council"})
    if len(contribution) > 5000:
        _problems({"contribution": "At most 5,000 characters"})
    with transaction.atomic():
        current = _editable(maa)
        try:
            with transaction.atomic():
                made = Contributor.objects.create(maa=current, organisation=organisation,
                                                  contribution=contribution.strip())
        except IntegrityError:
            raise MaaError(f"{organisation.name} is already a partner of the MAA.",
                           {"organisation": "Already a partner"}) from None
        record(actor=actor, action="maa-contributor", instance=made, before=None, reason=organisation.name)
    return made


def add_outcome(*, actor, maa: MultiAreaAgreement, key: str, title: str) -> Outcome:
    require(actor, "maa.compose", maa, refusal=COMPOSERS)
    problems = {}
    if not key.strip() or len(key) > 60:
        problems["key"] = "Give the outcome a short key (up to 60 characters), like jobs"
    elif maa.outcomes.filter(key=key.strip()).exists():
        problems["key"] = f"The MAA already has an outcome {key.strip()}"
    if not title.strip() or len(title) > 300:
        problems["title"] = "Give the outcome's title (up to 300 characters)"
    _problems(problems)
    with transaction.atomic():
        made = Outcome.objects.create(maa=_editable(maa), key=key.strip(), title=title.strip())
        record(actor=actor, action="maa-outcome", instance=made, before=None)
    return made


def _national(codes) -> dict[str, bool]:
    found = dict(Indicator.objects.filter(code__in=[c for c in codes if c]).values_list("code", "number"))
    return {code: number is not None for code, number in found.items()}


def add_target(*, actor, maa: MultiAreaAgreement, target: TargetIn) -> MaaTarget:
    require(actor, "maa.compose", maa, refusal=COMPOSERS)
    outcomes = dict(maa.outcomes.values_list("key", "pk"))
    _problems(target_problems(target, outcomes=outcomes, keys=maa.targets.values_list("key", flat=True),
                              national=_national([target.indicator]), years=years(maa.period_start, maa.period_end)))
    m = target.measure
    with transaction.atomic():
        current = _editable(maa)
        made = MaaTarget.objects.create(
            maa=current, key=target.key.strip(), kind=target.kind, outcome_id=outcomes[target.outcome],
            indicator=Indicator.objects.get(code=target.indicator) if target.kind is not TargetKind.OTHER else None,
            measure_name=m.name.strip() if m else "", measure_unit=m.unit if m else "",
            measure_polarity=m.polarity if m else "", measure_source=m.source.strip() if m else "",
            yearly={y: format(v, "f") for y, v in target.yearly.items()})
        record(actor=actor, action="maa-target", instance=made, before=None, reason=f"{target.kind.label}: {made.key}")
    return made


# --- signatories, steps, signatures ----------------------------------------------------------


def required_signatories(maa: MultiAreaAgreement) -> tuple[Signatory, ...]:
    councils = [p.organisation.name for p in maa.participants.select_related("organisation")]
    partners = [ContributorIn(c.organisation.name, c.contribution) for c in maa.contributors.select_related("organisation")]
    return signatories_of(councils, partners)


def signatory_of(maa: MultiAreaAgreement, name: str) -> SignatoryOf | None:
    for s in required_signatories(maa):
        if s.name == name:
            org = None
            if s.kind is SignatoryKind.COUNCIL:
                org = maa.participants.select_related("organisation").get(organisation__name=name).organisation
            elif s.kind is SignatoryKind.PARTNER:
                org = maa.contributors.select_related("organisation").get(organisation__name=name).organisation
            return SignatoryOf(maa, s.name, s.kind, org)
    return None


def signed_names(maa: MultiAreaAgreement) -> list[str]:
    return list(Signature.objects.filter(maa=maa).values_list("signatory", flat=True))


def _permission(step: str) -> str:
    return {"submit": "maa.compose", "publish": "maa.publish"}.get(step, "maa.negotiate")


def take_step(*, actor, maa: MultiAreaAgreement, step: str, expected_state: str, expected_version: int | None = None,
              reason: str = "") -> MultiAreaAgreement:
    """Submit, refer back, agree or publish the MAA, from the state (and version) the person saw."""
    if step not in STEPS:
        _problems({"step": f"There is no step '{step[:30]}': choose {', '.join(STEPS)}"})
    require(actor, _permission(step), maa, refusal=f"You cannot {STEPS[step].label[0].lower()}{STEPS[step].label[1:]}.")
    try:
        seen = State(expected_state)
    except ValueError:
        raise MaaError(f"expected_state must be the state you saw, not '{expected_state[:30]}'.",
                       {"expected_state": "Give the state you saw"}) from None
    refusal = step_refusal(step, seen, role_of(actor), reason=reason, system=bool(is_system(actor)))
    if refusal:
        raise MaaError(refusal, {"reason" if "reason" in refusal else "step": refusal},
                       status=409 if "cannot be" in refusal else 422)
    if step == "submit":
        refusal = submit_refusal(councils=maa.participants.count(), outcomes=maa.outcomes.count(),
                                 targets=maa.targets.count())
    elif step == "publish":
        refusal = publish_refusal(required_signatories(maa), signed_names(maa))
    if refusal:
        raise MaaError(refusal, {"step": refusal}, status=409)
    target = STEPS[step].to_state
    with transaction.atomic():
        before = snapshot(MultiAreaAgreement.objects.get(pk=maa.pk))
        guard = {"pk": maa.pk, "state": seen}
        if expected_version is not None:
            guard["version"] = expected_version
        moved = MultiAreaAgreement.objects.filter(**guard).update(state=target, version=F("version") + 1)
        current = MultiAreaAgreement.objects.get(pk=maa.pk)
        if not moved:
            last = MaaStatus.objects.filter(maa=current).order_by("-id").first()
            who = f" ({STEPS[last.step].past} by {last.by_name})" if last else ""
            raise MaaConflict(f"The MAA changed meanwhile{who}: it is {State(current.state).label.lower()}, not as "
                              f"when you looked. Your request to {step.replace('_', ' ')} it was not recorded.",
                              {"expected_state": "The MAA changed meanwhile"})
        if step == "publish":  # every signature still in, inside the lock (a signature cannot be withdrawn)
            assert not publish_refusal(required_signatories(current), signed_names(current))
        MaaStatus.objects.create(maa=current, step=step, from_state=seen, to_state=target, role=role_of(actor) or "",
                                 reason=reason.strip(), by=_person(actor), by_name=actor_name(actor), at=clock.now())
        record(actor=actor, action=f"maa-{step.replace('_', '-')}", instance=current, before=before,
               reason=reason.strip())
    return current


def _person(actor):
    return None if is_system(actor) else actor


def sign(*, actor, maa: MultiAreaAgreement, signatory: str, signed_by: str) -> Signature:
    """Record a signatory's signature of the agreed MAA, today (one per signatory)."""
    found = signatory_of(maa, signatory)
    require(actor, "maa.sign", found, refusal=f"You cannot sign for {signatory[:200] or 'this signatory'}.")
    state = State(MultiAreaAgreement.objects.values_list("state", flat=True).get(pk=maa.pk))
    refusal = sign_refusal(signatory, required_signatories(maa), signed_names(maa), state)
    if refusal:
        conflict = "already" in refusal or refusal.startswith("The MAA is")
        raise (MaaConflict if conflict else MaaError)(refusal, {"signatory": refusal})
    if not signed_by.strip() or len(signed_by) > 200:
        _problems({"signed_by": "Give the name and office of who signed, like Cllr Jane Doe, Leader of the Council"})
    assert found is not None
    with transaction.atomic():
        # holds the MAA's row while it is agreed, so a publication cannot pass this signature
        moved = MultiAreaAgreement.objects.filter(pk=maa.pk, state=State.AGREED).update(version=F("version") + 1)
        if not moved:
            current = MultiAreaAgreement.objects.get(pk=maa.pk)
            raise MaaConflict(f"The MAA is {State(current.state).label.lower()} now: the signature was not recorded.",
                              {"signatory": "The MAA changed meanwhile"})
        try:
            with transaction.atomic():
                made = Signature.objects.create(maa=maa, signatory=signatory, kind=found.kind,
                                                signed_by=signed_by.strip(), signed_on=clock.today(),
                                                by=_person(actor), by_name=actor_name(actor), at=clock.now())
        except IntegrityError:
            raise MaaConflict(f"{signatory} has signed the MAA already.", {"signatory": "Already signed"}) from None
        record(actor=actor, action="maa-sign", instance=made, before=None, reason=f"{signatory}: {signed_by.strip()}")
    return made


# --- un-designating ----------------------------------------------------------------------------------


def propose_undesignation(*, actor, maa: MultiAreaAgreement, agreement: Agreement, key: str, outcome: str,
                          reason: str = "") -> MaaTarget:
    """Move a designated target of a participating area's LAA to the MAA (D17, Q63): a
    revision of the LAA (kind MAA, s111: the partner authorities signed up consent, the
    Secretary of State approves), and the MAA's target that follows it, not designated,
    naming where it comes from. Until the revision is approved the MAA shows it as moving.
    Proposed once the agreement's annual review of the year is completed, it is made at that
    review (`undesignation_review`), which the revision records."""
    require(actor, "revisions.propose_revision", agreement,
            refusal="Only the partnership officer of the agreement's area moves its targets to an MAA.")
    maa = MultiAreaAgreement.objects.get(pk=maa.pk)  # where it stands now, not when the caller read it
    base = latest_version(agreement)
    draft = version_draft(base) if base is not None else None
    laa_target = next((t for t in draft.targets if t.key == key), None) if draft else None
    moving = MaaTarget.objects.filter(maa=maa, moved_by__revision__agreement=agreement,
                                      moved_by__revision__state__in=["proposed", "consented", "approved"])
    problems = undesignation_problems(
        key=key, target=laa_target, area=agreement.area.code,
        participating=maa.participants.values_list("organisation__area__code", flat=True),
        maa_state=State(maa.state), moving=moving.values_list("moved_by__target_key", flat=True))
    outcome_row = maa.outcomes.filter(key=outcome).first()
    if outcome_row is None:
        problems.setdefault("outcome", "Choose one of the MAA's outcomes for the target")
    if maa.targets.filter(key=key).exclude(pk__in=moving).exists():
        problems.setdefault("target", f"The MAA already has a target {key[:60]}")
    _problems(problems)
    assert laa_target is not None
    why = reason.strip() or undesignation_reason(laa_target, maa.name)
    completed = Review.objects.filter(agreement=agreement, state=ReviewState.COMPLETED)
    at_review = completed.filter(year=undesignation_review(clock.today(), completed.values_list("year", flat=True)))
    with transaction.atomic():
        revision = propose_revision(actor=actor, agreement=agreement,
                                    items=[Item(ChangeKind.TO_MAA, key, reason=undesignation_reason(laa_target, maa.name))],
                                    reason=why, review=at_review.first())
        item = RevisionItem.objects.get(revision=revision)
        made = MaaTarget.objects.create(
            maa=maa, key=key if not maa.targets.filter(key=key).exists() else f"{key} ({agreement.area.name})",
            kind=TargetKind.NATIONAL, outcome=outcome_row, moved_by=item,
            indicator=Indicator.objects.filter(code=laa_target.indicator).first(),
            yearly={y: format(v, "f") for y, v in laa_target.yearly.items()})
        record(actor=actor, action="maa-undesignation", instance=made, before=None,
               reason=f"{key} from {agreement.area.name}'s agreement by revision {revision.number}"
                      + (f" at its {revision.review.year} annual review" if revision.review else ""))
    return made
