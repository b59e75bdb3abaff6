"""A partner authority signs its organisation up to a target, or withdraws it (D6): the
duty to have regard then applies to it (a partner with no statutory duty signs up as a
voluntary partner). Each a keyword-only function, in one transaction, with its audit event.

Permission is checked here (`agreements.sign_up_to_targets`, in `agreements.permissions`), so the
page and the API refuse alike. The sign-up is part of the agreement's content: it changes
only while the agreement is a draft (`FrozenAgreement` otherwise), and it bumps the
target's and the agreement's versions, so an officer's edit made on the old partners is
refused as stale instead of silently undoing it.
"""

from __future__ import annotations

import rules
from django.db import transaction
from django.db.models import F, Max

from laa.agreements.actions import bump, last_changer, locked_agreement
from laa.agreements.errors import AgreementError, StaleEdit
from laa.agreements.models import Target, TargetPartner
from laa.audit.trail import record


class SignUpRefused(PermissionError):
    """The person does not speak for a partner of the target's area."""


def _partners(target: Target) -> list[str]:
    return [f"{p.name} ({p.duty}{', lead' if p.lead else ''})" for p in target.partners.order_by("position", "id")]


def _mine(target: Target, organisation):
    return target.partners.filter(organisation=organisation) | target.partners.filter(
        organisation__isnull=True, name=organisation.name)


def _checked(actor, target: Target, version: int) -> tuple[Target, object]:
    """The target locked for the write, with the actor's organisation; refusals raised."""
    if not rules.has_perm("agreements.sign_up_to_targets", actor, target.agreement):
        raise SignUpRefused(
            f"Only a partner authority of {target.agreement.area.name} signs up to its targets")
    agreement = locked_agreement(target.agreement_id)
    current = Target.objects.select_for_update().select_related("indicator").get(pk=target.pk, agreement=agreement)
    if current.version != version:
        raise StaleEdit(f"Target {current.key}", version, current.version, last_changer(current))
    return current, actor.organisation


def sign_up(*, actor, target: Target, version: int) -> TargetPartner:
    """Sign the actor's organisation up to `target` (with the target's version seen)."""
    with transaction.atomic():
        current, organisation = _checked(actor, target, version)
        if _mine(current, organisation).exists():
            raise AgreementError({"target": f"{organisation.name} is already signed up to {current.key}"})
        before = {"partners": _partners(current)}
        position = (current.partners.aggregate(last=Max("position"))["last"] or 0) + 1
        partner = TargetPartner.objects.create(
            target=current, name=organisation.name, organisation=organisation, position=position,
            duty="have_regard" if organisation.is_partner_authority else "voluntary",
        )
        Target.objects.filter(pk=current.pk).update(version=F("version") + 1)
        bump(current.agreement)
        current.refresh_from_db()
        record(actor=actor, action="partner-sign-up", instance=current, before=before,
               after={"partners": _partners(current)}, reason=f"{organisation.name} signed up")
    return partner


def withdraw(*, actor, target: Target, version: int) -> None:
    """Withdraw the actor's organisation from `target` (with the target's version seen)."""
    with transaction.atomic():
        current, organisation = _checked(actor, target, version)
        mine = _mine(current, organisation)
        if not mine.exists():
            raise AgreementError({"target": f"{organisation.name} is not signed up to {current.key}"})
        before = {"partners": _partners(current)}
        TargetPartner.objects.filter(pk__in=[p.pk for p in mine]).delete()
        Target.objects.filter(pk=current.pk).update(version=F("version") + 1)
        bump(current.agreement)
        current.refresh_from_db()
        record(actor=actor, action="partner-withdraw", instance=current, before=before,
               after={"partners": _partners(current)}, reason=f"{organisation.name} withdrew")
