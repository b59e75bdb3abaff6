"""The demonstration's constituent LAA of the Tees Valley MAA (ADR 0028): Middlesbrough, a
real unitary area of the North East and one of the MAA's five councils, with its own
demonstration accounts (its partnership officer, the two partner authorities signed up
to its worklessness targets, and the Government Office for the North East's locality
manager and regional director) and a small invented agreement
(`data/demo-middlesbrough-2008.yaml`: a handful of targets, among them designated NI 151
and NI 152, beside the statutory education targets; its partners are Middlesbrough's
partner authorities in the places data), imported as a draft and taken through the real
sign-off steps to approval on 27 June 2008, as Kent's is.

Once the MAA is published (30 June), Middlesbrough's designated NI 152 moves to it: the
partnership proposes the un-designation (a revision of kind `maa`), Jobcentre Plus and the
Learning and Skills Council consent, and CLG approves it on the demonstration's day
(1 July 2008), so the agreement's version 2 holds NI 152 as a local target and the MAA
shows it "un-designated from Middlesbrough's agreement". NI 151 stays designated in both
(the MAA designates it already: it counts once in Middlesbrough's 35).

Idempotent; everything labelled as demonstration data."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from django.db import transaction
from django.test.utils import override_settings

from laa.accounts.models import User
from laa.agreements.actions_import import import_agreement
from laa.agreements.models import Agreement
from laa.audit.trail import record
from laa.domain.agreement_file import read_agreement
from laa.domain.roles import Role
from laa.domain.signoff import SignOffState
from laa.maa.actions import propose_undesignation
from laa.maa.models import MaaTarget, MultiAreaAgreement
from laa.places.models import Area, Organisation, OrganisationKind, Partnership
from laa.revisions import actions as revisions
from laa.web.demo import DEMO_PASSWORD, SYSTEM, demo_account
from laa.web.demo_delivery import DEMO_DAY, sign_off
from laa.web.demo_maa import CODE, PUBLISHED

AREA = "E0702"  # Middlesbrough: a unitary council of the Tees Valley MAA (demo_maa.AREAS)
AGREEMENT_FILE = Path(__file__).resolve().parent / "data" / "demo-middlesbrough-2008.yaml"
MOVED = "NI 152"  # the designated target un-designated into the MAA (the MAA designates NI 151 itself)
OUTCOME = "work"  # the MAA's outcome it serves
JOBCENTRE, LSC = "Jobcentre Plus", "Learning and Skills Council (North East region)"
# Middlesbrough's sign-off on the days of the 2008 round (a unitary: no district adopts it).
SIGN_OFF = [
    ("submit", "mbro-officer", date(2008, 5, 30), {}),
    ("agree", "gone-manager", date(2008, 6, 3), {}),
    ("council_approve", "mbro-officer", date(2008, 6, 4), {"council_body": "full_council"}),
    ("recommend", "gone-director", date(2008, 6, 6), {}),
    ("approve", "clg", date(2008, 6, 27), {}),
]
PROPOSED_ON = PUBLISHED  # the day the MAA is published
CONSENTED_ON = APPROVED_ON = DEMO_DAY


def _people(area: Area, orgs: dict[str, Organisation]) -> list[dict]:
    return [
        {"username": "mbro-officer", "first_name": "Morgan", "last_name": "Middlesbrough Partnership Officer (demo)",
         "role": Role.PARTNERSHIP_OFFICER, "area": area},
        {"username": "mbro-jobcentre", "first_name": "Jo", "last_name": "Jobcentre Plus Manager (demo)",
         "role": Role.PARTNER_AUTHORITY, "area": area, "organisation": orgs[JOBCENTRE]},
        {"username": "mbro-lsc", "first_name": "Lee", "last_name": "Learning and Skills Council Officer (demo)",
         "role": Role.PARTNER_AUTHORITY, "area": area, "organisation": orgs[LSC]},
        {"username": "gone-manager", "first_name": "Geordie", "last_name": "GONE Locality Manager (demo)",
         "role": Role.GO_OFFICER, "region": area.region},
        {"username": "gone-director", "first_name": "Nell", "last_name": "GONE Regional Director (demo)",
         "role": Role.GO_DIRECTOR, "region": area.region},
    ]


@transaction.atomic
def load_constituent_laa(*, password: str = DEMO_PASSWORD) -> tuple[list[User], bool]:
    """Middlesbrough's partnership, accounts and approved agreement, and its NI 152 moved to
    the published Tees Valley MAA. Returns the accounts and whether anything was approved or
    moved this time (nothing on a second load). Nothing if the area is not loaded."""
    area = Area.objects.select_related("region").filter(code=AREA).first()
    if area is None:
        return [], False
    council = Organisation.objects.get(area=area, kind=OrganisationKind.UNITARY_COUNCIL)
    partnership, created = Partnership.objects.get_or_create(
        area=area, defaults={"name": "Middlesbrough Partnership (demonstration)", "accountable_body": council,
                             "is_demo": True})
    if created:
        record(actor=SYSTEM, action="demo", instance=partnership, before=None)
        partnership.memberships.get_or_create(organisation=council, defaults={"on_executive": True})
    orgs = {o.name: o for o in Organisation.objects.filter(area=area, name__in=[JOBCENTRE, LSC])}
    users = [demo_account(spec, password=password) for spec in _people(area, orgs)]
    changed = False
    agreement = Agreement.objects.filter(area=area).first()
    if agreement is None:
        with override_settings(LAA_TODAY=date(2008, 5, 23)):
            agreement = import_agreement(actor=SYSTEM, draft=read_agreement(AGREEMENT_FILE).draft).agreement
    if agreement.state == SignOffState.DRAFT:
        sign_off(agreement, officer=users[0], steps=SIGN_OFF)
        changed = True
    agreement.refresh_from_db()
    maa = MultiAreaAgreement.objects.filter(code=CODE).first()
    if maa is not None and agreement.state == SignOffState.APPROVED and not MaaTarget.objects.filter(
            maa=maa, moved_by__revision__agreement=agreement).exists():
        _undesignate(maa, agreement, users)
        changed = True
    return users, changed


def _undesignate(maa: MultiAreaAgreement, agreement: Agreement, users: list[User]) -> MaaTarget:
    officer, jobcentre, lsc = users[0], users[1], users[2]
    with override_settings(LAA_TODAY=PROPOSED_ON):
        moved = propose_undesignation(
            actor=officer, maa=maa, agreement=agreement, key=MOVED, outcome=OUTCOME,
            reason="Demonstration: the Tees Valley councils tackle worklessness together through the MAA, so "
                   "Middlesbrough's NI 152 target moves to it (un-designated, Q63).")
    revision = moved.moved_by.revision
    with override_settings(LAA_TODAY=CONSENTED_ON):
        for who in (jobcentre, lsc):
            revisions.record_consent(actor=who, revision=revision, consents=True,
                                     note="Demonstration: agreed at the Tees Valley employment board.")
    revision.refresh_from_db()
    with override_settings(LAA_TODAY=APPROVED_ON):
        revisions.take_step(actor=User.objects.get(username="clg", is_demo=True), revision=revision,
                            step="approve", expected_state=revision.state)
    return moved
