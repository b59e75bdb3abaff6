"""Kent's published agreement, approved on 27 June 2008 (version 1), for the revisions'
tests; a partner authority user for Kent County Council beside the demo's Kent Police
Authority one; and the changes the journey proposes (ADR 0021)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from laa.accounts.models import User
from laa.agreements.models import Agreement
from laa.domain.revisions import ChangeKind, Item
from laa.domain.roles import Role
from laa.places.models import Organisation
from laa.revisions import actions
from laa.revisions.changes import new_target
from laa.revisions.models import Revision

from .versions_support import published_kent

APPROVAL_DAY = "2008-06-27"
TWO_WEEKS_LATER = "2008-07-11"
LATER = "2008-08-20"
POLICE = "Kent Police Authority"
FIRE = "Kent Fire and Rescue Service"


def approved_kent(settings) -> Agreement:
    settings.LAA_TODAY = APPROVAL_DAY
    kent = published_kent()
    settings.LAA_TODAY = LATER
    return kent


def person(username: str) -> User:
    return User.objects.get(username=username)


def fire_partner(agreement: Agreement) -> User:
    """A partner authority user for the fire and rescue service (the demo has one for the police)."""
    fire = Organisation.objects.get(area=agreement.area, name=FIRE)
    found, _ = User.objects.get_or_create(username="fire-partner", defaults={
        "first_name": "Finn", "last_name": "Fire Service Officer", "role": Role.PARTNER_AUTHORITY,
        "area": agreement.area, "organisation": fire})
    return found


def add_ni28() -> Item:
    """A local target on NI 28 (serious knife crime), the police and the fire service signed up."""
    return Item(ChangeKind.ADD, "NI 28", new_target=new_target(
        key="NI 28", category="local", outcome="safer",
        yearly={"2009/10": Decimal("7.1"), "2010/11": Decimal("6.8")}, partners=[POLICE, FIRE]))


def local_key(agreement: Agreement) -> str:
    """A local target without a reward element, with the police signed up."""
    return agreement.targets.filter(category="local", reward__isnull=True, partners__name=POLICE).first().key


def designated_key(agreement: Agreement) -> str:
    return agreement.targets.filter(category="designated", reward__isnull=True, partners__name=POLICE).first().key


def propose(agreement: Agreement, items: list[Item] | None = None) -> Revision:
    return actions.propose_revision(actor=person("officer"), agreement=agreement, items=items or [add_ni28()],
                                    reason="Violent crime rose in the summer: the partnership takes it on.")


def consent_all(revision: Revision) -> None:
    """Every partner authority concerned consents (creating their users as needed); those
    that answered already (a refresh's Government Office) are left as they are."""
    fire_partner(revision.agreement)
    answered = set(revision.consents.values_list("organisation", flat=True))
    for name in actions.needed_consents(revision):
        if name in answered:
            continue
        who = User.objects.filter(role=Role.PARTNER_AUTHORITY, organisation__name=name,
                                  area=revision.agreement.area).first()
        if who is None:
            org = Organisation.objects.get(area=revision.agreement.area, name=name)
            who = User.objects.create(username=f"pa-{org.pk}", role=Role.PARTNER_AUTHORITY,
                                      area=revision.agreement.area, organisation=org, first_name=name)
        actions.record_consent(actor=who, revision=revision, consents=True, note="")


def consulted(revision: Revision, day: str = "2008-08-15") -> None:
    actions.record_consultation(actor=person("officer"), revision=revision, held_on=date.fromisoformat(day),
                                summary="Kent Voluntary Sector Forum, 15 August 2008: supportive.")
