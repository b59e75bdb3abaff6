"""Writes to places: a partnership officer proposes an organisation missing from the
area's list; the administrator confirms or rejects it (D6). One transaction, one audit
event each."""

from __future__ import annotations

from django.db import transaction
from django.db.models import Q

from laa.audit.trail import record, snapshot
from laa.permissions import require
from laa.places.models import (
    Area,
    Organisation,
    OrganisationKind,
    OrganisationProvenance,
    OrganisationStatus,
)

NAME_LIMIT = Organisation._meta.get_field("name").max_length or 200
NOTE_LIMIT = 1000


class OrganisationError(Exception):
    """Nothing was saved; `problems` maps each field to what is wrong with it."""

    def __init__(self, problems: dict[str, str]) -> None:
        super().__init__("; ".join(f"{k}: {v}" for k, v in problems.items()))
        self.problems = problems


CONFIRMERS = "Only the administrator confirms or rejects proposed organisations"


def propose_organisation(*, actor, area: Area, name: str, kind: str, note: str) -> Organisation:
    """A missing organisation of the area, proposed: the rules do not count it as known
    until the administrator confirms it."""
    require(actor, "places.propose_organisation", area,
            refusal="Only the area's partnership officer proposes organisations for it")
    name, note = " ".join(name.split()), note.strip()
    problems: dict[str, str] = {}
    if not name:
        problems["name"] = "Enter the organisation's name"
    elif len(name) > NAME_LIMIT:
        problems["name"] = f"The organisation's name must be {NAME_LIMIT} characters or fewer"
    if kind not in OrganisationKind.values:
        problems["kind"] = "Select what kind of organisation it is"
    if not note:
        problems["note"] = "Say where the organisation comes from: its role in the area, a source"
    elif len(note) > NOTE_LIMIT:
        problems["note"] = f"The note must be {NOTE_LIMIT} characters or fewer"
    if "name" not in problems:
        same = Organisation.objects.filter(Q(area=area) | Q(area__isnull=True), name__iexact=name).first()
        if same is not None:
            state = "proposed and awaits the administrator" if same.status == OrganisationStatus.PROPOSED else "already known"
            problems["name"] = f"{same.name} is {state}"
    if problems:
        raise OrganisationError(problems)
    with transaction.atomic():
        org = Organisation.objects.create(
            name=name, kind=kind, area=area, status=OrganisationStatus.PROPOSED,
            provenance=OrganisationProvenance.PROPOSED, source_note=note, proposed_by=actor,
        )
        record(actor=actor, action="propose-organisation", instance=org, before=None, reason=note)
    return org


def confirm_organisation(*, actor, organisation: Organisation) -> Organisation:
    """The administrator confirms a proposed organisation: the rules know it from now."""
    require(actor, "places.confirm_organisation", refusal=CONFIRMERS)
    with transaction.atomic():
        org = Organisation.objects.select_for_update().get(pk=organisation.pk)
        if org.status != OrganisationStatus.PROPOSED:
            raise OrganisationError({"organisation": f"{org.name} is not awaiting confirmation"})
        before = snapshot(org)
        org.status = OrganisationStatus.CONFIRMED
        org.save(update_fields=["status"])
        record(actor=actor, action="confirm-organisation", instance=org, before=before)
    return org


def reject_organisation(*, actor, organisation: Organisation, reason: str) -> None:
    """The administrator rejects a proposal (it is removed; the audit trail keeps it)."""
    require(actor, "places.confirm_organisation", refusal=CONFIRMERS)
    reason = reason.strip()
    if not reason:
        raise OrganisationError({"reason": "Say why the organisation is rejected"})
    with transaction.atomic():
        org = Organisation.objects.select_for_update().get(pk=organisation.pk)
        if org.status != OrganisationStatus.PROPOSED:
            raise OrganisationError({"organisation": f"{org.name} is not awaiting confirmation"})
        record(actor=actor, action="reject-organisation", instance=org, before=snapshot(org), after=None,
               reason=reason)
        org.delete()
